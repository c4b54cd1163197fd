/*
 * report_svg.c - the charts of the HTML reports, as inline SVG: a scatter
 * chart of value against hours or budget, one point per scenario, and
 * tables of horizontal bars.
 *
 * Every chart is an <svg class="chart" data-chart="NAME"> whose marks have
 * stable classes (rect.bar, circle.point, circle.chosen), so that a test
 * can count them. Widths of texts are estimated from their length (the
 * charts have no script to measure them): labels are cut to fit, and a
 * scatter label that would overlap another is moved or left to the
 * point's tooltip.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* Width of one character of 12px text, an estimate on the generous side. */
#define CHAR_W 6.7

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

/* The axis for values lo..hi: a little room on both sides, never below 0
 * for data that are not, ends on whole steps. */
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
    if (nonneg && lo < 0)
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

/* Finds a place for a label w wide beside the point (cx, cy) of radius r
 * (its halo included) that stays inside clip and clear of the boxes so
 * far: right, left, above, below, then the corners. Stores it as *out and
 * returns 1, or 0 when there is none. */
static int place_label(double cx, double cy, double r, double w, const struct box *clip,
                       const struct box *taken, size_t ntaken, struct box *out)
{
    static const int side[][2] = {
        {1, 0}, {-1, 0}, {0, -1}, {0, 1}, {1, -1}, {1, 1}, {-1, -1}, {-1, 1}
    };
    const double h = 13, gap = 3;
    for (size_t k = 0; k < sizeof side / sizeof side[0]; k++) {
        struct box b;
        int sx = side[k][0], sy = side[k][1];
        b.x0 = sx > 0 ? cx + r + gap : sx < 0 ? cx - r - gap - w : cx - w / 2;
        b.y0 = sy < 0 ? cy - r - gap - h + (sx ? r : 0)
             : sy > 0 ? cy + r + gap - (sx ? r : 0) : cy - h / 2;
        b.x1 = b.x0 + w;
        b.y1 = b.y0 + h;
        if (b.x0 < clip->x0 || b.x1 > clip->x1 || b.y0 < clip->y0 || b.y1 > clip->y1)
            continue;
        size_t j;
        for (j = 0; j < ntaken && !overlaps(&b, &taken[j]); j++)
            ;
        if (j == ntaken) {
            *out = b;
            return 1;
        }
    }
    return 0;
}

int kp__svg_scatter(FILE *f, const char *chart, const char *xname,
                    const char *yname, const kp__rpt_point *p, size_t n)
{
    const double W = 520, H = 330, L = 66, R = 16, T = 14, B = 46;
    const double pw = W - L - R, ph = H - T - B;
    struct spt *s = malloc((n + 1) * sizeof *s);
    struct box *taken = malloc((2 * n + 1) * sizeof *taken);
    double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
    double x0, x1, xs, y0, y1, ys;
    size_t m = 0, nt = 0;
    char buf[64], buf2[64];

    if (!s || !taken) {
        free(s);
        free(taken);
        return KP_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(p[i].x) || !isfinite(p[i].y))
            continue;
        s[m].x = p[i].x;
        s[m].y = p[i].y;
        s[m++].i = i;
        xlo = fmin(xlo, p[i].x);
        xhi = fmax(xhi, p[i].x);
        ylo = fmin(ylo, p[i].y);
        yhi = fmax(yhi, p[i].y);
    }
    fprintf(f, "<svg class=\"chart\" data-chart=\"%s\" viewBox=\"0 0 %g %g\" "
            "role=\"img\" aria-label=\"", chart, W, H);
    kp__html(f, yname);
    fputs(" against ", f);
    kp__html(f, xname);
    fputs("\">\n", f);
    if (m == 0) {
        fprintf(f, "<text x=\"%g\" y=\"%g\" text-anchor=\"middle\" class=\"muted\">"
                "No scenario has a plan.</text>\n</svg>\n", W / 2, H / 2);
        free(s);
        free(taken);
        return KP_OK;
    }
    axis_range(xlo, xhi, &x0, &x1, &xs);
    axis_range(ylo, yhi, &y0, &y1, &ys);
    for (size_t i = 0; i < m; i++) {
        s[i].cx = px(L + (s[i].x - x0) / (x1 - x0) * pw);
        s[i].cy = px(T + ph - (s[i].y - y0) / (y1 - y0) * ph);
    }
    /* Grid, ticks and axis titles. */
    int ny = (int)lround((y1 - y0) / ys), nx = (int)lround((x1 - x0) / xs);
    for (int k = 0; k <= ny; k++) {
        double v = y0 + k * ys, y = px(T + ph - k * ph / ny);
        fprintf(f, "<line class=\"grid\" x1=\"%g\" x2=\"%g\" y1=\"%g\" y2=\"%g\"/>"
                "<text x=\"%g\" y=\"%g\" text-anchor=\"end\" class=\"muted\">%s</text>\n",
                L, L + pw, y, y, L - 8, y + 4, kp__rpt_compact(buf, sizeof buf, v));
    }
    for (int k = 0; k <= nx; k++) {
        double v = x0 + k * xs, x = px(L + k * pw / nx);
        kp__rpt_compact(buf, sizeof buf, v);
        /* The last label ends at its tick when centred it would spill over. */
        int end = x + strlen(buf) * CHAR_W / 2 > W - 1;
        fprintf(f, "<line class=\"axis\" x1=\"%g\" x2=\"%g\" y1=\"%g\" y2=\"%g\"/>"
                "<text x=\"%g\" y=\"%g\" text-anchor=\"%s\" class=\"muted\">%s</text>\n",
                x, x, T + ph, T + ph + 5, x, T + ph + 18, end ? "end" : "middle", buf);
    }
    fprintf(f, "<line class=\"axis\" x1=\"%g\" x2=\"%g\" y1=\"%g\" y2=\"%g\"/>\n"
            "<line class=\"axis\" x1=\"%g\" x2=\"%g\" y1=\"%g\" y2=\"%g\"/>\n",
            L, L + pw, T + ph, T + ph, L, L, T, T + ph);
    fprintf(f, "<text class=\"axis-title\" x=\"%g\" y=\"%g\" text-anchor=\"middle\">",
            L + pw / 2, H - 8);
    kp__html(f, xname);
    fprintf(f, "</text>\n<text class=\"axis-title\" transform=\"translate(14 %g) "
            "rotate(-90)\" text-anchor=\"middle\">", T + ph / 2);
    kp__html(f, yname);
    fputs("</text>\n", f);

    /* The efficient points: no other scenario has as much value for less. */
    qsort(s, m, sizeof *s, cmp_x);
    fputs("<polyline class=\"frontier-line\" points=\"", f);
    double best = -INFINITY;
    for (size_t i = 0; i < m; i++) {
        if (s[i].y > best) {
            fprintf(f, "%s%g,%g", best == -INFINITY ? "" : " ", s[i].cx, s[i].cy);
            best = s[i].y;
        }
    }
    fputs("\"/>\n", f);

    /* Points, the chosen one last so that it is on top. */
    for (size_t i = 0; i < m; i++) {
        double r = p[s[i].i].chosen ? 11 : 6;   /* the halo around the chosen */
        taken[nt++] = (struct box){s[i].cx - r, s[i].cy - r, s[i].cx + r, s[i].cy + r};
    }
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < m; i++) {
            const kp__rpt_point *q = &p[s[i].i];
            if (!!q->chosen != pass)
                continue;
            if (q->chosen)
                fprintf(f, "<circle class=\"halo\" cx=\"%g\" cy=\"%g\" r=\"10\"/>",
                        s[i].cx, s[i].cy);
            fprintf(f, "<circle class=\"point%s\" cx=\"%g\" cy=\"%g\" r=\"%d\"><title>",
                    q->chosen ? " chosen" : "", s[i].cx, s[i].cy, q->chosen ? 6 : 5);
            kp__html(f, q->label);
            fprintf(f, "%s: ", q->chosen ? " (this report)" : "");
            kp__html(f, yname);
            fprintf(f, " %s, ", kp__rpt_fmt(buf, sizeof buf, q->y, 2));
            kp__html(f, xname);
            fprintf(f, " %s</title></circle>\n", kp__rpt_fmt(buf2, sizeof buf2, q->x, 2));
        }
    }
    /* Labels where they fit: the chosen one first; all of them only while
     * there are few enough to read. */
    struct box clip = {L + 2, T, W - 2, T + ph - 2};
    for (int pass = 1; pass >= 0; pass--) {
        for (size_t i = 0; i < m; i++) {
            const kp__rpt_point *q = &p[s[i].i];
            struct box b;
            size_t len = kp__utf8_len(q->label);
            if (!!q->chosen != pass || (!q->chosen && m > 16))
                continue;
            if (len > 22)
                len = 22;
            if (!place_label(s[i].cx, s[i].cy, q->chosen ? 11 : 6,
                             len * (q->chosen ? CHAR_W + 0.5 : CHAR_W), &clip, taken, nt, &b))
                continue;
            taken[nt++] = b;
            fprintf(f, "<text class=\"label%s\" x=\"%g\" y=\"%g\">",
                    q->chosen ? " chosen" : "", px(b.x0), px(b.y1 - 2.5));
            kp__html_cut(f, q->label, 22);
            fputs("</text>\n", f);
        }
    }
    fputs("</svg>\n", f);
    free(s);
    free(taken);
    return KP_OK;
}

/* ---- Bars --------------------------------------------------------------- */

void kp__svg_bars(FILE *f, const kp__rpt_bars *b)
{
    const double W = 960, ROW = 26, TOP = 26, TEXT_W = 130;
    double lw, x, scale[KP__RPT_MAX_PANELS];
    size_t nbar = 0, lab_max = 0, np = b->npanels;
    char buf[64];

    if (np > KP__RPT_MAX_PANELS)
        np = KP__RPT_MAX_PANELS;
    for (size_t p = 0; p < np; p++)
        nbar += b->panels[p].cls != NULL;
    /* The label column: as wide as the labels need, within limits. */
    for (size_t r = 0; r < b->nrows; r++) {
        size_t len = kp__utf8_len(b->rows[r]);
        if (b->sub && b->sub[r] && *b->sub[r])
            len += 1 + kp__utf8_len(b->sub[r]);
        if (len > lab_max)
            lab_max = len;
    }
    lw = fmin(fmax(lab_max * CHAR_W + 18, 90), 300);
    double pw = nbar ? (W - lw - (np - nbar) * TEXT_W) / nbar : 0;
    double H = TOP + b->nrows * ROW + 6;

    fprintf(f, "<svg class=\"chart\" data-chart=\"%s\"", b->chart);
    if (b->scenario) {
        fputs(" data-scenario=\"", f);
        kp__html(f, b->scenario);
        fputs("\"", f);
    }
    fprintf(f, " viewBox=\"0 0 %g %g\" role=\"img\">\n", W, px(H));

    /* Each column's scale: its max, or its largest value when more. */
    for (size_t p = 0; p < np; p++) {
        double m = b->panels[p].max > 0 ? b->panels[p].max : 0;
        for (size_t r = 0; r < b->nrows; r++) {
            double v = b->v[r * b->npanels + p];
            if (isfinite(v) && v > m)
                m = v;
        }
        scale[p] = m > 0 ? m : 1;
    }

    /* Headings. */
    x = lw;
    for (size_t p = 0; p < np; p++) {
        int bars = b->panels[p].cls != NULL;
        double w = bars ? pw : TEXT_W;
        fprintf(f, "<text class=\"head\" x=\"%g\" y=\"16\"%s>", px(bars ? x + 4 : x + w - 8),
                bars ? "" : " text-anchor=\"end\"");
        kp__html(f, b->panels[p].title);
        fputs("</text>\n", f);
        x += w;
    }
    for (size_t r = 0; r < b->nrows; r++) {
        double y = TOP + r * ROW;
        int kind = b->kind ? b->kind[r] : KP__ROW_PLAIN;
        const char *extra = kind == KP__ROW_MARK ? " mark" : kind == KP__ROW_WARN ? " warn" : "";
        size_t room = (size_t)((lw - 18) / CHAR_W);

        fprintf(f, "<line class=\"grid\" x1=\"0\" x2=\"%g\" y1=\"%g\" y2=\"%g\"/>\n",
                W, px(y), px(y));
        fprintf(f, "<text x=\"4\" y=\"%g\"><tspan font-weight=\"600\">", px(y + 17));
        kp__html_cut(f, b->rows[r], room);
        fputs("</tspan>", f);
        size_t used = kp__utf8_len(b->rows[r]) + 1;
        if (b->sub && b->sub[r] && *b->sub[r] && used + 3 < room) {
            fputs("<tspan class=\"muted\"> ", f);
            kp__html_cut(f, b->sub[r], room - used);
            fputs("</tspan>", f);
        }
        fputs("</text>\n", f);
        x = lw;
        for (size_t p = 0; p < np; p++) {
            const kp__rpt_panel *pn = &b->panels[p];
            double v = b->v[r * b->npanels + p];
            kp__rpt_fmt(buf, sizeof buf, v, pn->dec);
            if (pn->suffix && isfinite(v) && strlen(buf) + strlen(pn->suffix) < sizeof buf)
                strcat(buf, pn->suffix);
            if (!pn->cls) {
                fprintf(f, "<text x=\"%g\" y=\"%g\" text-anchor=\"end\">%s</text>\n",
                        px(x + TEXT_W - 8), px(y + 17), buf);
                x += TEXT_W;
                continue;
            }
            double full = pw - 92, bw;
            fprintf(f, "<rect class=\"track\" x=\"%g\" y=\"%g\" width=\"%g\" height=\"16\"/>",
                    px(x + 4), px(y + 5), px(full));
            if (!isfinite(v)) {
                fprintf(f, "<text x=\"%g\" y=\"%g\" class=\"muted\">%s</text>\n",
                        px(x + 10), px(y + 17), buf);
                x += pw;
                continue;
            }
            bw = v > 0 ? fmax(v / scale[p] * full, 1) : 0;
            fprintf(f, "<rect class=\"bar %s%s\" x=\"%g\" y=\"%g\" width=\"%g\" "
                    "height=\"16\"><title>", pn->cls, extra, px(x + 4), px(y + 5), px(bw));
            kp__html(f, b->rows[r]);
            fputs(": ", f);
            kp__html(f, pn->title);
            fprintf(f, " %s</title></rect>", buf);
            fprintf(f, "<text x=\"%g\" y=\"%g\">%s</text>\n", px(x + 4 + bw + 6),
                    px(y + 17), buf);
            x += pw;
        }
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
    fprintf(f, "<line class=\"axis\" x1=\"10\" x2=\"%g\" y1=\"%g\" y2=\"%g\"/>\n",
            W - 10, T + ph, T + ph);
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
