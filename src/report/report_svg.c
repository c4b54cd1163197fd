/*
 * report_svg.c - the charts of the HTML reports, as inline SVG: a scatter
 * chart of value against hours or budget, one point per scenario, and
 * tables of horizontal bars.
 *
 * Every chart is an <svg class="chart" data-chart="NAME"> whose marks have
 * stable classes (rect.bar, circle.point, circle.chosen), so that a test
 * can count them. The charts have no script to measure their texts, so
 * widths are worked out from a table of character widths that errs on the
 * wide side (kp__text_w): labels are cut to fit, and a scatter label that
 * would overlap another label or any point, or leave the chart, is moved
 * or left to the point's tooltip; the chosen point's label always shows.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

/* Advance widths of the printable ASCII characters (space to '~'), in
 * thousandths of an em, regular and bold: DejaVu Sans as Chromium lays it
 * out (the widest of the common sans-serif faces, Verdana's metrics, and
 * what system-ui is on many Linux desktops) plus 4%, so that an estimate
 * is never short for Arial, Helvetica, Roboto, Segoe UI or DejaVu. */
static const unsigned short ADV[2][95] = {
    {331, 418, 479, 872, 662, 988, 812, 286, 406, 406, 520, 872, 331, 376, 331, 351,
     662, 662, 662, 662, 662, 662, 662, 662, 662, 662, 351, 351, 872, 872, 872, 553,
     1040, 712, 714, 726, 801, 658, 598, 806, 783, 307, 307, 683, 580, 898, 778, 819,
     628, 819, 723, 661, 636, 762, 712, 1029, 713, 636, 713, 406, 351, 406, 872, 520,
     520, 638, 661, 554, 661, 590, 367, 661, 660, 290, 290, 603, 290, 1013, 660, 572,
     661, 661, 400, 542, 408, 660, 616, 851, 616, 616, 546, 662, 351, 662, 872},
    {362, 475, 542, 872, 724, 1043, 907, 319, 476, 476, 544, 872, 396, 432, 396, 380,
     724, 724, 724, 724, 724, 724, 724, 724, 724, 724, 416, 416, 872, 872, 872, 604,
     1040, 805, 793, 764, 864, 711, 711, 854, 871, 387, 387, 806, 663, 1035, 871, 884,
     763, 884, 801, 749, 710, 845, 805, 1148, 802, 753, 754, 476, 380, 476, 872, 520,
     520, 702, 745, 617, 745, 706, 453, 745, 741, 357, 357, 692, 357, 1084, 741, 715,
     745, 745, 513, 619, 498, 741, 679, 961, 671, 679, 606, 741, 380, 741, 872}
};

/* Width of one character starting at s (UTF-8), in thousandths of an em:
 * the table for ASCII, generous guesses for the rest (wide letters for
 * two-byte sequences, a full em for three, more for emoji). */
static unsigned char_w(const unsigned char *s, int bold)
{
    if (*s >= 0x20 && *s < 0x7f)
        return ADV[bold != 0][*s - 0x20];
    return *s < 0xe0 ? 860 : *s < 0xf0 ? 1040 : 1300;
}

double kp__text_w(const char *s, double size, int bold)
{
    double w = 0;
    for (const unsigned char *u = (const unsigned char *)s; u && *u; u++)
        if ((*u & 0xc0) != 0x80)
            w += char_w(u, bold);
    return w * size / 1000;
}

/* Sets out to s cut with an ellipsis so that it is at most maxw wide in
 * the given font: s itself when it fits, "" when not even one character
 * and the ellipsis do. Returns the text (kp__str_get: "" when out of
 * memory, and then the label is left out). */
static const char *fit(kp__str *out, const char *s, double size, int bold, double maxw)
{
    const double ell = 1040 * size / 1000;
    double w = 0;
    size_t i = 0, end = 0;

    kp__str_free(out);
    for (s = s ? s : ""; s[i]; ) {
        size_t k = 1;
        while (((unsigned char)s[i + k] & 0xc0) == 0x80)
            k++;
        w += char_w((const unsigned char *)s + i, bold) * size / 1000;
        if (w + ell <= maxw)
            end = i + k;        /* s[0..end) and an ellipsis fit */
        i += k;
    }
    if (w <= maxw)
        kp__str_add(out, s);    /* all of it fits */
    else if (end > 0)
        kp__str_addf(out, "%.*s\xe2\x80\xa6", (int)end, s);
    return kp__str_get(out);
}

/* Writes s escaped, cut to at most maxw wide (fit). */
static void html_fit(FILE *f, const char *s, double size, int bold, double maxw)
{
    kp__str cut = KP__STR_INIT;
    kp__html(f, fit(&cut, s, size, bold, maxw));
    kp__str_free(&cut);
}

/* x as an SVG coordinate: finite, one decimal. */
static double px(double x)
{
    return isfinite(x) ? round(x * 10) / 10 : 0;
}

/* ---- Axes --------------------------------------------------------------- */

/* A step of 1, 2, 2.5 or 5 times a power of ten giving about target ticks
 * over span (> 0). */
static double nice_step(double span, int target)
{
    double raw = span / target, mag = pow(10, floor(log10(raw))), r = raw / mag;
    return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10) * mag;
}

/* The axis for values lo..hi: a little room on both sides, ends on whole
 * steps; for data that are not negative it starts at 0, so that a
 * length on the chart is the quantity itself. */
static void axis_range(double lo, double hi, double *a0, double *a1, double *step)
{
    int nonneg = lo >= 0;
    if (!(hi - lo > 1e-12 * (fabs(hi) + fabs(lo)))) {
        double pad = fabs(hi) > 0 ? fabs(hi) * 0.1 : 1;
        lo -= pad;
        hi += pad;
    } else {
        double pad = (hi - lo) * 0.08;
        lo -= pad;
        hi += pad;
    }
    if (nonneg)
        lo = 0;
    *step = nice_step(hi - lo, 5);
    *a0 = floor(lo / *step) * *step;
    *a1 = ceil(hi / *step) * *step;
}

/* ---- Scatter ------------------------------------------------------------ */

/* A point in chart coordinates. */
struct spt {
    double x, y;        /* data */
    double cx, cy;      /* on the chart */
    size_t i;           /* index into the caller's points */
    int eff;            /* on the efficient line */
};

/* A text label's or a point's box on the chart. */
struct box {
    double x0, y0, x1, y1;
};

static int cmp_x(const void *a, const void *b)
{
    const struct spt *p = a, *q = b;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    if (p->y != q->y)
        return p->y > q->y ? -1 : 1;
    return p->i < q->i ? -1 : p->i > q->i;
}

static int overlaps(const struct box *a, const struct box *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* Labels of the scatter points: their font size, the height of their box
 * (the font's ascent and descent, generously), where the baseline sits in
 * it, the room kept between two labels (their white halo), the gap
 * between a label and its point, and the half-size of the square a point
 * keeps clear (its circle and outline; the chosen one's ring). */
#define LBL_SIZE 11.0
#define LBL_H (1.22 * LBL_SIZE)
#define LBL_BASE (0.96 * LBL_SIZE)
#define LBL_PAD 2.5
#define LBL_GAP 2.0
#define PT_R 7.0
#define CHOSEN_R 11.5

/* Candidate k (0..11) of a label w wide beside the point (cx, cy) whose
 * square of half-size r it clears, d further out: right, left, above and
 * below (centred, then leaning right, then left), and the four corners. */
static struct box candidate(int k, double cx, double cy, double r, double d, double w)
{
    const double h = LBL_H, g = r + LBL_GAP + d, lean = 4;
    struct box b;
    switch (k) {
    case 0: b.x0 = cx + g; b.y0 = cy - h / 2; break;
    case 1: b.x0 = cx - g - w; b.y0 = cy - h / 2; break;
    case 2: b.x0 = cx - w / 2; b.y0 = cy - g - h; break;
    case 3: b.x0 = cx - w / 2; b.y0 = cy + g; break;
    case 4: b.x0 = cx - lean; b.y0 = cy - g - h; break;
    case 5: b.x0 = cx + lean - w; b.y0 = cy - g - h; break;
    case 6: b.x0 = cx - lean; b.y0 = cy + g; break;
    case 7: b.x0 = cx + lean - w; b.y0 = cy + g; break;
    case 8: b.x0 = cx + g; b.y0 = cy - g - h + d / 2; break;
    case 9: b.x0 = cx + g; b.y0 = cy + g - d / 2; break;
    case 10: b.x0 = cx - g - w; b.y0 = cy - g - h + d / 2; break;
    default: b.x0 = cx - g - w; b.y0 = cy + g - d / 2; break;
    }
    b.x1 = b.x0 + w;
    b.y1 = b.y0 + h;
    return b;
}

/* Whether the segment (x0, y0)-(x1, y1) crosses the box b (Liang-Barsky). */
static int seg_hits(const struct box *b, double x0, double y0, double x1, double y1)
{
    double t0 = 0, t1 = 1, dx = x1 - x0, dy = y1 - y0;
    double p[4] = {-dx, dx, -dy, dy};
    double q[4] = {x0 - b->x0, b->x1 - x0, y0 - b->y0, b->y1 - y0};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return 0;
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0) {
            if (t > t1)
                return 0;
            t0 = fmax(t0, t);
        } else {
            if (t < t0)
                return 0;
            t1 = fmin(t1, t);
        }
    }
    return 1;
}

/* What a label must keep clear of: the plot (clip), the boxes of the
 * points and of the labels so far, and the efficient line (nline points,
 * in chart coordinates; nline 0: the line may be crossed). */
struct room {
    struct box clip;
    const struct box *taken;
    size_t ntaken;
    const double *line;     /* x0, y0, x1, y1, ... */
    size_t nline;
};

/* How many of the boxes so far b overlaps, plus one if it crosses the
 * efficient line (with the label's halo); -1 when it leaves the plot. */
static int clashes(const struct box *b, const struct room *rm)
{
    const struct box *c = &rm->clip;
    struct box h = {b->x0 - LBL_PAD, b->y0 - LBL_PAD, b->x1 + LBL_PAD, b->y1 + LBL_PAD};
    int n = 0;
    if (b->x0 < c->x0 || b->x1 > c->x1 || b->y0 < c->y0 || b->y1 > c->y1)
        return -1;
    for (size_t j = 0; j < rm->ntaken; j++)
        n += overlaps(b, &rm->taken[j]);
    for (size_t j = 1; j < rm->nline; j++)
        if (seg_hits(&h, rm->line[2 * j - 2], rm->line[2 * j - 1], rm->line[2 * j],
                     rm->line[2 * j + 1])) {
            n++;
            break;
        }
    return n;
}

/* Finds a place for a label w wide beside the point (cx, cy) that keeps
 * the square of half-size r clear, and clear of all in rm, trying rings
 * 0..rings-1 further out. Stores it as *out with the ring's distance as *d
 * and returns 1, or 0 when there is none. */
static int place_label(double cx, double cy, double r, double w, int rings,
                       const struct room *rm, struct box *out, double *d)
{
    for (int ring = 0; ring < rings; ring++) {
        for (int k = 0; k < 12; k++) {
            struct box b = candidate(k, cx, cy, r, ring * 6.0, w);
            if (clashes(&b, rm) == 0) {
                *out = b;
                *d = ring * 6.0;
                return 1;
            }
        }
    }
    return 0;
}

/* The chosen point's label: where it fits whole, off the efficient line
 * if it can be; else cut shorter; else where it overlaps least (only a
 * chart crowded with points leaves no room). Stores its text in buf and
 * its box in *out, with the distance from the point as *d. */
static void place_chosen(const char *label, double cx, double cy, const struct room *rm,
                         kp__str *buf, struct box *out, double *d)
{
    static const double cut[] = {0, 150, 100, 60};
    struct room any = *rm;
    double best = INFINITY;
    any.nline = 0;
    for (size_t c = 0; c < sizeof cut / sizeof cut[0]; c++) {
        double w = kp__text_w(fit(buf, label, LBL_SIZE, 1,
                                  cut[c] ? cut[c] : rm->clip.x1 - rm->clip.x0),
                              LBL_SIZE, 1);
        if (place_label(cx, cy, CHOSEN_R, w, 9, rm, out, d) ||
            place_label(cx, cy, CHOSEN_R, w, 9, &any, out, d))
            return;
    }
    /* buf holds the shortest cut: the least crowded place for it. */
    double w = kp__text_w(kp__str_get(buf), LBL_SIZE, 1);
    for (int ring = 0; ring < 9; ring++) {
        for (int k = 0; k < 12; k++) {
            struct box b = candidate(k, cx, cy, CHOSEN_R, ring * 6.0, w);
            int n = clashes(&b, &any);
            if (n >= 0 && n < best) {
                best = n;
                *out = b;
                *d = ring * 6.0;
            }
        }
    }
    if (best == INFINITY) {     /* nowhere inside: right of it, pushed in */
        *out = candidate(0, cx, cy, CHOSEN_R, 0, w);
        *d = 0;
        const struct box *clip = &rm->clip;
        double dx = fmin(clip->x1 - out->x1, 0) + fmax(clip->x0 - out->x0, 0);
        double dy = fmin(clip->y1 - out->y1, 0) + fmax(clip->y0 - out->y0, 0);
        out->x0 += dx;
        out->x1 += dx;
        out->y0 += dy;
        out->y1 += dy;
    }
}

/* Writes a placed label, and a leader line to its point (drawn r across)
 * when it stands away from it. */
static void put_label(FILE *f, const char *text, int chosen, const struct box *b,
                      double cx, double cy, double r, double d)
{
    if (d > 0) {
        double nx = fmin(fmax(cx, b->x0), b->x1), ny = fmin(fmax(cy, b->y0), b->y1);
        double dx = nx - cx, dy = ny - cy, len = sqrt(dx * dx + dy * dy);
        if (len > r + 3)
            fprintf(f, "<line class=\"leader\" x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\"/>\n",
                    px(cx + dx / len * r), px(cy + dy / len * r), px(nx), px(ny));
    }
    fprintf(f, "<text class=\"label pl%s\" x=\"%g\" y=\"%g\">", chosen ? " chosen" : "",
            px(b->x0), px(b->y0 + LBL_BASE));
    kp__html(f, text);
    fputs("</text>\n", f);
}

/* The scatter chart's frame, in pixels: width, height and the plot's
 * margins (left, right, top, bottom). */
#define SC_W 520.0
#define SC_H 330.0
#define SC_L 66.0
#define SC_R 16.0
#define SC_T 14.0
#define SC_B 46.0
#define SC_PW (SC_W - SC_L - SC_R)
#define SC_PH (SC_H - SC_T - SC_B)

/* One scatter chart being drawn: the caller's points, the finite ones in
 * chart coordinates (s, m of them), the axes, and the work arrays of the
 * labels' placement (each sized for every point). */
struct scatter {
    FILE *f;
    const kp__rpt_point *p;
    const char *xname, *yname;
    struct spt *s;
    size_t m;
    double x0, x1, xs, y0, y1, ys;  /* axis ends and tick steps */
    struct box *taken;              /* boxes kept clear, nt of them */
    size_t nt;
    size_t *order;                  /* the points to label, in turn */
    double *line;                   /* the efficient line, nl points */
    size_t nl;
};

/* Keeps the finite points of p[0..n-1] in sc->s, and sets the axes to
 * cover them and each point's place on the chart. Returns how many. */
static size_t scatter_points_in(struct scatter *sc, size_t n)
{
    const kp__rpt_point *p = sc->p;
    double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
    size_t m = 0;

    for (size_t i = 0; i < n; i++) {
        if (!isfinite(p[i].x) || !isfinite(p[i].y))
            continue;
        sc->s[m].x = p[i].x;
        sc->s[m].y = p[i].y;
        sc->s[m].eff = 0;
        sc->s[m++].i = i;
        xlo = fmin(xlo, p[i].x);
        xhi = fmax(xhi, p[i].x);
        ylo = fmin(ylo, p[i].y);
        yhi = fmax(yhi, p[i].y);
    }
    sc->m = m;
    if (m == 0)
        return 0;
    axis_range(xlo, xhi, &sc->x0, &sc->x1, &sc->xs);
    axis_range(ylo, yhi, &sc->y0, &sc->y1, &sc->ys);
    for (size_t i = 0; i < m; i++) {
        sc->s[i].cx = px(SC_L + (sc->s[i].x - sc->x0) / (sc->x1 - sc->x0) * SC_PW);
        sc->s[i].cy = px(SC_T + SC_PH - (sc->s[i].y - sc->y0) / (sc->y1 - sc->y0) * SC_PH);
    }
    return m;
}

/* Writes the grid, the ticks with their numbers and the axis titles. */
static void scatter_axes(const struct scatter *sc)
{
    FILE *f = sc->f;
    char buf[64];
    int ny = (int)lround((sc->y1 - sc->y0) / sc->ys);
    int nx = (int)lround((sc->x1 - sc->x0) / sc->xs);

    for (int k = 0; k <= ny; k++) {
        double v = sc->y0 + k * sc->ys, y = px(SC_T + SC_PH - k * SC_PH / ny);
        fprintf(f, "<line class=\"grid\" x1=\"%g\" x2=\"%g\" y1=\"%g\" y2=\"%g\"/>"
                "<text x=\"%g\" y=\"%g\" text-anchor=\"end\" class=\"muted\">%s</text>\n",
                SC_L, SC_L + SC_PW, y, y, SC_L - 8, y + 4,
                kp__rpt_compact(buf, sizeof buf, v));
    }
    for (int k = 0; k <= nx; k++) {
        double v = sc->x0 + k * sc->xs, x = px(SC_L + k * SC_PW / nx);
        kp__rpt_compact(buf, sizeof buf, v);
        /* The last label ends at its tick when centred it would spill over. */
        int end = x + kp__text_w(buf, 12, 0) / 2 > SC_W - 1;
        fprintf(f, "<line class=\"axis\" x1=\"%g\" x2=\"%g\" y1=\"%g\" y2=\"%g\"/>"
                "<text x=\"%g\" y=\"%g\" text-anchor=\"%s\" class=\"muted\">%s</text>\n",
                x, x, SC_T + SC_PH, SC_T + SC_PH + 5, x, SC_T + SC_PH + 20,
                end ? "end" : "middle", buf);
    }
    fprintf(f, "<line class=\"axis\" x1=\"%g\" x2=\"%g\" y1=\"%g\" y2=\"%g\"/>\n"
            "<line class=\"axis\" x1=\"%g\" x2=\"%g\" y1=\"%g\" y2=\"%g\"/>\n",
            SC_L, SC_L + SC_PW, SC_T + SC_PH, SC_T + SC_PH, SC_L, SC_L, SC_T,
            SC_T + SC_PH);
    fprintf(f, "<text class=\"axis-title\" x=\"%g\" y=\"%g\" text-anchor=\"middle\">",
            SC_L + SC_PW / 2, SC_H - 8);
    kp__html(f, sc->xname);
    fprintf(f, "</text>\n<text class=\"axis-title\" transform=\"translate(14 %g) "
            "rotate(-90)\" text-anchor=\"middle\">", SC_T + SC_PH / 2);
    kp__html(f, sc->yname);
    fputs("</text>\n", f);
}

/* Marks and draws the efficient points: no other scenario has as much
 * value for less. Sorts sc->s by x. */
static void scatter_frontier(struct scatter *sc)
{
    double best = -INFINITY;

    qsort(sc->s, sc->m, sizeof *sc->s, cmp_x);
    fputs("<polyline class=\"frontier-line\" points=\"", sc->f);
    for (size_t i = 0; i < sc->m; i++) {
        struct spt *q = &sc->s[i];
        if (q->y > best) {
            fprintf(sc->f, "%s%g,%g", best == -INFINITY ? "" : " ", q->cx, q->cy);
            best = q->y;
            q->eff = 1;
            sc->line[2 * sc->nl] = q->cx;
            sc->line[2 * sc->nl++ + 1] = q->cy;
        }
    }
    fputs("\"/>\n", sc->f);
}

/* Labels, under the points: every point's square is kept clear. The
 * chosen one's first, then those of the efficient points, then the rest;
 * all but the chosen one only while there are few enough to read, and
 * only where they fit whole. */
static void scatter_labels(struct scatter *sc)
{
    const kp__rpt_point *p = sc->p;
    size_t m = sc->m, no = 0;
    kp__str cut = KP__STR_INIT;

    for (size_t i = 0; i < m; i++) {
        double r = p[sc->s[i].i].chosen ? CHOSEN_R : PT_R;
        sc->taken[sc->nt++] = (struct box){sc->s[i].cx - r, sc->s[i].cy - r,
                                           sc->s[i].cx + r, sc->s[i].cy + r};
    }
    for (int pass = 0; pass < 3; pass++)
        for (size_t i = 0; i < m; i++)
            if ((pass == 0) == !!p[sc->s[i].i].chosen &&
                (pass == 0 || (pass == 1) == sc->s[i].eff) && (pass == 0 || m <= 16))
                sc->order[no++] = i;
    struct room rm = {{SC_L + 3, 2, SC_W - 2, SC_T + SC_PH - 2}, sc->taken, 0,
                      sc->line, sc->nl};
    for (size_t o = 0; o < no; o++) {
        const struct spt *q = &sc->s[sc->order[o]];
        const char *label = p[q->i].label ? p[q->i].label : "";
        struct box b = {0, 0, 0, 0};
        double d = 0;
        rm.ntaken = sc->nt;
        if (p[q->i].chosen) {
            place_chosen(label, q->cx, q->cy, &rm, &cut, &b, &d);
        } else {
            const char *t = fit(&cut, label, LBL_SIZE, 0, 200);
            if (!*t || !place_label(q->cx, q->cy, PT_R, kp__text_w(t, LBL_SIZE, 0),
                                    2, &rm, &b, &d))
                continue;
        }
        const char *text = kp__str_get(&cut);
        if (!*text)
            continue;
        put_label(sc->f, text, p[q->i].chosen, &b, q->cx, q->cy,
                  p[q->i].chosen ? 10.5 : 6, d);
        sc->taken[sc->nt++] = (struct box){b.x0 - LBL_PAD, b.y0 - LBL_PAD,
                                           b.x1 + LBL_PAD, b.y1 + LBL_PAD};
    }
    kp__str_free(&cut);
}

/* Points, over the labels; the chosen one last so that it is on top. Each
 * has its scenario and both values as a tooltip. */
static void scatter_marks(const struct scatter *sc)
{
    FILE *f = sc->f;
    char buf[64], buf2[64];

    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < sc->m; i++) {
            const kp__rpt_point *q = &sc->p[sc->s[i].i];
            double cx = sc->s[i].cx, cy = sc->s[i].cy;
            if (!!q->chosen != pass)
                continue;
            if (q->chosen)
                fprintf(f, "<circle class=\"halo\" cx=\"%g\" cy=\"%g\" r=\"10\"/>", cx, cy);
            fprintf(f, "<circle class=\"point%s\" cx=\"%g\" cy=\"%g\" r=\"%d\"><title>",
                    q->chosen ? " chosen" : "", cx, cy, q->chosen ? 6 : 5);
            kp__html(f, q->label);
            fprintf(f, "%s: ", q->chosen ? " (this report)" : "");
            kp__html(f, sc->yname);
            fprintf(f, " %s, ", kp__rpt_fmt(buf, sizeof buf, q->y, 2));
            kp__html(f, sc->xname);
            fprintf(f, " %s</title></circle>\n", kp__rpt_fmt(buf2, sizeof buf2, q->x, 2));
        }
    }
}

/* report.h: frame, axes, efficient line, labels, points, in that order of
 * painting. */
int kp__svg_scatter(FILE *f, const char *chart, const char *xname,
                    const char *yname, const kp__rpt_point *p, size_t n)
{
    struct scatter sc;
    int rc = KP_ENOMEM;

    memset(&sc, 0, sizeof sc);
    sc.f = f;
    sc.p = p;
    sc.xname = xname;
    sc.yname = yname;
    sc.s = malloc((n + 1) * sizeof *sc.s);
    sc.taken = malloc((2 * n + 1) * sizeof *sc.taken);
    sc.order = malloc((n + 1) * sizeof *sc.order);
    sc.line = malloc((2 * n + 2) * sizeof *sc.line);
    if (!sc.s || !sc.taken || !sc.order || !sc.line)
        goto out;
    rc = KP_OK;
    fprintf(f, "<svg class=\"chart\" data-chart=\"%s\" viewBox=\"0 0 %g %g\" "
            "role=\"img\" aria-label=\"", chart, SC_W, SC_H);
    kp__html(f, yname);
    fputs(" against ", f);
    kp__html(f, xname);
    fputs("\">\n", f);
    if (scatter_points_in(&sc, n) == 0) {
        fprintf(f, "<text x=\"%g\" y=\"%g\" text-anchor=\"middle\" class=\"muted\">"
                "No scenario has a plan.</text>\n</svg>\n", SC_W / 2, SC_H / 2);
        goto out;
    }
    scatter_axes(&sc);
    scatter_frontier(&sc);
    scatter_labels(&sc);
    scatter_marks(&sc);
    fputs("</svg>\n", f);
out:
    free(sc.s);
    free(sc.taken);
    free(sc.order);
    free(sc.line);
    return rc;
}

/* ---- Bars --------------------------------------------------------------- */

/* A bar table's frame, in pixels: width, row height, heading height,
 * least width of a column of numbers, font size. */
#define BAR_W 960.0
#define BAR_ROW 26.0
#define BAR_TOP 26.0
#define BAR_TEXT_W 130.0
#define BAR_FS 12.0

/* Where a bar table's columns go: the label column's width (lw); each
 * panel's scale, widest number and, for a column of numbers, its width;
 * each bar panel's width (pw). */
struct bars_layout {
    size_t np, nbar;
    double lw, pw, textw;
    double scale[KP__RPT_MAX_PANELS], numw[KP__RPT_MAX_PANELS];
    double colw[KP__RPT_MAX_PANELS];
};

/* Measures b into *lay. Each column's scale is its max, or its largest
 * value when more; the width of its widest number is kept free after the
 * longest bar. A column of numbers is as wide as its heading and numbers
 * need; the label column as wide as the labels need, within limits. */
static void bars_measure(const kp__rpt_bars *b, struct bars_layout *lay)
{
    char buf[64];

    memset(lay, 0, sizeof *lay);
    lay->np = b->npanels > KP__RPT_MAX_PANELS ? KP__RPT_MAX_PANELS : b->npanels;
    for (size_t p = 0; p < lay->np; p++) {
        const kp__rpt_panel *pn = &b->panels[p];
        double m = pn->max > 0 ? pn->max : 0;
        lay->nbar += pn->cls != NULL;
        for (size_t r = 0; r < b->nrows; r++) {
            double v = b->v[r * b->npanels + p];
            if (isfinite(v) && v > m)
                m = v;
            kp__rpt_fmt(buf, sizeof buf, v, pn->dec);
            lay->numw[p] = fmax(lay->numw[p], kp__text_w(buf, BAR_FS, 0) +
                                (pn->suffix ? kp__text_w(pn->suffix, BAR_FS, 0) : 0));
        }
        lay->scale[p] = m > 0 ? m : 1;
        lay->colw[p] = pn->cls ? 0
                     : fmin(fmax(fmax(BAR_TEXT_W, lay->numw[p] + 20),
                                 kp__text_w(pn->title, BAR_FS, 1) + 20), 220);
        lay->textw += lay->colw[p];
    }
    for (size_t r = 0; r < b->nrows; r++) {
        double w = kp__text_w(b->rows[r], BAR_FS, 1);
        if (b->sub && b->sub[r] && *b->sub[r])
            w += kp__text_w(" ", BAR_FS, 0) + kp__text_w(b->sub[r], BAR_FS, 0);
        lay->lw = fmax(lay->lw, w);
    }
    lay->lw = fmin(fmax(lay->lw + 18, 90), 300);
    lay->pw = lay->nbar ? (BAR_W - lay->lw - lay->textw) / lay->nbar : 0;
}

/* Writes the headings above the columns. */
static void bars_headings(FILE *f, const kp__rpt_bars *b, const struct bars_layout *lay)
{
    double x = lay->lw;
    for (size_t p = 0; p < lay->np; p++) {
        int bars = b->panels[p].cls != NULL;
        double w = bars ? lay->pw : lay->colw[p];
        fprintf(f, "<text class=\"head\" x=\"%g\" y=\"16\"%s>", px(bars ? x + 4 : x + w - 8),
                bars ? "" : " text-anchor=\"end\"");
        html_fit(f, b->panels[p].title, BAR_FS, 1, w - 12);
        fputs("</text>\n", f);
        x += w;
    }
}

/* Writes row r's label (bold, cut to the label column) and its muted text
 * after it where at least 30 pixels are left. */
static void bars_label(FILE *f, const kp__rpt_bars *b, size_t r, double y, double lw)
{
    double room = lw - 14;
    kp__str cut = KP__STR_INIT;

    fprintf(f, "<text x=\"4\" y=\"%g\"><tspan font-weight=\"600\">", px(y + 17));
    kp__html(f, fit(&cut, b->rows[r], BAR_FS, 1, room));
    fputs("</tspan>", f);
    room -= kp__text_w(kp__str_get(&cut), BAR_FS, 1) + kp__text_w(" ", BAR_FS, 0);
    kp__str_free(&cut);
    if (b->sub && b->sub[r] && *b->sub[r] && room >= 30) {
        fputs("<tspan class=\"muted\"> ", f);
        html_fit(f, b->sub[r], BAR_FS, 0, room);
        fputs("</tspan>", f);
    }
    fputs("</text>\n", f);
}

/* Writes row r's cell of panel p at x (row top y): a number, or a bar with
 * its number after it and a tooltip, or for a NaN the row's note (else the
 * dash). Returns the cell's width. */
static double bars_cell(FILE *f, const kp__rpt_bars *b, const struct bars_layout *lay,
                        size_t r, size_t p, double x, double y)
{
    const kp__rpt_panel *pn = &b->panels[p];
    double v = b->v[r * b->npanels + p];
    int kind = b->kind ? b->kind[r] : KP__ROW_PLAIN;
    const char *extra = kind == KP__ROW_MARK ? " mark" : kind == KP__ROW_WARN ? " warn" : "";
    char buf[64];   /* a number and its short suffix */

    kp__rpt_fmt(buf, sizeof buf, v, pn->dec);
    if (pn->suffix && isfinite(v) && strlen(buf) + strlen(pn->suffix) < sizeof buf)
        strcat(buf, pn->suffix);
    if (!pn->cls) {
        fprintf(f, "<text x=\"%g\" y=\"%g\" text-anchor=\"end\">%s</text>\n",
                px(x + lay->colw[p] - 8), px(y + 17), buf);
        return lay->colw[p];
    }
    if (!isfinite(v)) {
        const char *note = b->note && b->note[r] && *b->note[r] ? b->note[r] : buf;
        fprintf(f, "<text x=\"%g\" y=\"%g\" class=\"muted nobar\">", px(x + 4), px(y + 17));
        html_fit(f, note, BAR_FS, 0, lay->pw - 12);
        fputs("</text>\n", f);
        return lay->pw;
    }
    double full = fmax(lay->pw - 4 - 6 - lay->numw[p] - 8, 20);
    double bw = v > 0 ? fmax(v / lay->scale[p] * full, 1) : 0;
    fprintf(f, "<rect class=\"track\" x=\"%g\" y=\"%g\" width=\"%g\" "
            "height=\"16\"/>", px(x + 4), px(y + 5), px(full));
    fprintf(f, "<rect class=\"bar %s%s\" x=\"%g\" y=\"%g\" width=\"%g\" "
            "height=\"16\"><title>", pn->cls, extra, px(x + 4), px(y + 5), px(bw));
    kp__html(f, b->rows[r]);
    fputs(": ", f);
    kp__html(f, pn->title);
    fprintf(f, " %s</title></rect>", buf);
    fprintf(f, "<text x=\"%g\" y=\"%g\">%s</text>\n", px(x + 4 + bw + 6), px(y + 17), buf);
    return lay->pw;
}

/* report.h: measured first, then headings and one row at a time. */
void kp__svg_bars(FILE *f, const kp__rpt_bars *b)
{
    struct bars_layout lay;

    bars_measure(b, &lay);
    fprintf(f, "<svg class=\"chart\" data-chart=\"%s\"", b->chart);
    if (b->scenario) {
        fputs(" data-scenario=\"", f);
        kp__html(f, b->scenario);
        fputs("\"", f);
    }
    fprintf(f, " viewBox=\"0 0 %g %g\" role=\"img\">\n", BAR_W,
            px(BAR_TOP + b->nrows * BAR_ROW + 6));
    bars_headings(f, b, &lay);
    for (size_t r = 0; r < b->nrows; r++) {
        double y = BAR_TOP + r * BAR_ROW, x = lay.lw;
        fprintf(f, "<line class=\"grid\" x1=\"0\" x2=\"%g\" y1=\"%g\" y2=\"%g\"/>\n",
                BAR_W, px(y), px(y));
        bars_label(f, b, r, y, lay.lw);
        for (size_t p = 0; p < lay.np; p++)
            x += bars_cell(f, b, &lay, r, p, x, y);
    }
    fputs("</svg>\n", f);
}

/* ---- Columns ------------------------------------------------------------ */

void kp__svg_columns(FILE *f, const kp__rpt_columns *c)
{
    const double W = 520, H = 250, T = 22, B = 30, BAR = 46, GAP = 10;
    const double ph = H - T - B, gw = (W - 20) / (c->ngroups ? c->ngroups : 1);
    char buf[64];

    fprintf(f, "<svg class=\"chart\" data-chart=\"%s\"", c->chart);
    if (c->scenario) {
        fputs(" data-scenario=\"", f);
        kp__html(f, c->scenario);
        fputs("\"", f);
    }
    fprintf(f, " viewBox=\"0 0 %g %g\" role=\"img\">\n", W, H);
    /* One baseline, 0 for every group: each bar's height is its value. */
    fprintf(f, "<line class=\"axis\" x1=\"10\" x2=\"%g\" y1=\"%g\" y2=\"%g\"/>\n"
            "<text class=\"muted zero\" x=\"8\" y=\"%g\" text-anchor=\"end\">0</text>\n",
            W - 10, T + ph, T + ph, px(T + ph + 4));
    for (size_t g = 0; g < c->ngroups; g++) {
        double lim = c->limit ? c->limit[g] : NAN, top = isfinite(lim) && lim > 0 ? lim : 0;
        double x0 = 10 + g * gw + (gw - c->nseries * BAR - (c->nseries - 1) * GAP) / 2;
        int dec = c->dec ? c->dec[g] : 0;
        for (size_t s = 0; s < c->nseries; s++) {
            double v = c->v[g * c->nseries + s];
            if (isfinite(v) && v > top)
                top = v;
        }
        if (!(top > 0))
            top = 1;
        fprintf(f, "<text class=\"head\" x=\"%g\" y=\"%g\" text-anchor=\"middle\">",
                px(10 + g * gw + gw / 2), H - 10);
        kp__html(f, c->groups[g]);
        if (isfinite(lim) && lim > 0)
            fprintf(f, " (of %s)", kp__rpt_compact(buf, sizeof buf, lim));
        fputs("</text>\n", f);
        if (isfinite(lim) && lim > 0) {
            double y = px(T + ph - lim / top * ph);
            fprintf(f, "<line class=\"limit\" x1=\"%g\" x2=\"%g\" y1=\"%g\" y2=\"%g\"/>\n",
                    px(x0 - 10), px(x0 + c->nseries * BAR + (c->nseries - 1) * GAP + 10), y, y);
        }
        for (size_t s = 0; s < c->nseries; s++) {
            double v = c->v[g * c->nseries + s], x = px(x0 + s * (BAR + GAP));
            if (!isfinite(v))
                continue;
            double h = v > 0 ? fmax(v / top * ph, 1) : 0, y = px(T + ph - h);
            fprintf(f, "<rect class=\"bar %s\" x=\"%g\" y=\"%g\" width=\"%g\" "
                    "height=\"%g\"><title>", c->cls[s], x, y, BAR, px(h));
            kp__html(f, c->series[s]);
            fputs(": ", f);
            kp__html(f, c->groups[g]);
            fprintf(f, " %s</title></rect>", kp__rpt_fmt(buf, sizeof buf, v, dec));
            /* The number above the bar: the top margin leaves room. */
            fprintf(f, "<text x=\"%g\" y=\"%g\" text-anchor=\"middle\" "
                    "class=\"label\">%s</text>\n", px(x + BAR / 2), px(y - 5),
                    kp__rpt_compact(buf, sizeof buf, v));
        }
    }
    fputs("</svg>\n", f);
}
