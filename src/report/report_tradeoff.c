/*
 * report_tradeoff.c - the kamplan tradeoff report: for each scenario, the
 * best value against the number of changes to the previous plan, as a
 * line chart whose axes start at zero (changes in occurrences, value in
 * the instance's money), and the points as a table.
 */
#include <math.h>
#include <stdio.h>

#include "report/report.h"

/* The chart's frame, in SVG units. */
#define TW 720.0
#define TH 340.0
#define TL 78.0
#define TT 18.0
#define TPW (TW - TL - 24.0)
#define TPH (TH - TT - 58.0)

/* A round step that cuts [0, hi] into about five parts. */
static double tick_step(double hi)
{
    double raw = hi / 5, mag = pow(10, floor(log10(raw))), m = raw / mag;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * mag;
}

/* The grid, the ticks with their numbers and the axis titles, for axes
 * from 0 to xmax and 0 to ymax. */
static void axes(FILE *f, double xmax, double xs, double ymax, double ys)
{
    char b[48];
    for (double y = 0; y <= ymax + ys / 2; y += ys) {
        double cy = TT + TPH - y / ymax * TPH;
        fprintf(f, "<line class=\"grid\" x1=\"%g\" y1=\"%.1f\" x2=\"%g\" y2=\"%.1f\"/>"
                "<text x=\"%g\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", TL, cy,
                TL + TPW, cy, TL - 6, cy + 4, kp__rpt_compact(b, sizeof b, y));
    }
    for (double x = 0; x <= xmax + xs / 2; x += xs) {
        double cx = TL + x / xmax * TPW;
        fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%g\" x2=\"%.1f\" y2=\"%g\"/>"
                "<text x=\"%.1f\" y=\"%g\" text-anchor=\"middle\">%s</text>\n", cx, TT,
                cx, TT + TPH, cx, TT + TPH + 16, kp__rpt_compact(b, sizeof b, x));
    }
    fprintf(f, "<line class=\"axis\" x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\"/>"
            "<line class=\"axis\" x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\"/>\n",
            TL, TT + TPH, TL + TPW, TT + TPH, TL, TT, TL, TT + TPH);
    fprintf(f, "<text class=\"axis-title\" x=\"%g\" y=\"%g\" text-anchor=\"middle\">"
            "changes against the previous plan (occurrences added or removed)</text>\n",
            TL + TPW / 2, TH - 8);
    fprintf(f, "<text class=\"axis-title\" transform=\"translate(14 %g) rotate(-90)\" "
            "text-anchor=\"middle\">value of the plan (money)</text>\n", TT + TPH / 2);
}

/* The curve c as a line through its points, each a circle with its
 * figures as a tooltip (a cross on the axis where no plan is within N
 * changes), and the unconstrained optimum as a dashed line. */
static void chart(FILE *f, const kp_tradeoff_curve *c)
{
    double xmax = 1, ymax = 1, xs, ys;
    char b[2][48];
    for (size_t i = 0; i < c->npoints; i++) {
        xmax = fmax(xmax, (double)c->points[i].max_changes);
        if (c->points[i].changes >= 0)
            ymax = fmax(ymax, c->points[i].value);
    }
    ymax = fmax(ymax, c->free_plan.value);
    xs = tick_step(xmax);
    ys = tick_step(ymax);
    xmax = ceil(xmax / xs) * xs;
    ymax = ceil(ymax / ys) * ys;
    fprintf(f, "<svg class=\"chart\" data-chart=\"tradeoff\" viewBox=\"0 0 %g %g\" "
            "role=\"img\" aria-label=\"best value against changes\">\n", TW, TH);
    axes(f, xmax, xs, ymax, ys);
    double fy = TT + TPH - c->free_plan.value / ymax * TPH;
    fprintf(f, "<line class=\"frontier-line\" x1=\"%g\" y1=\"%.1f\" x2=\"%g\" y2=\"%.1f\">"
            "<title>without a limit: %s (%ld changes)</title></line>\n", TL, fy, TL + TPW, fy,
            kp__rpt_fmt(b[0], sizeof b[0], c->free_plan.value, 2), c->free_plan.changes);
    fputs("<polyline class=\"frontier-line\" style=\"stroke-dasharray:none\" points=\"", f);
    for (size_t i = 0; i < c->npoints; i++)
        if (c->points[i].changes >= 0)
            fprintf(f, "%.1f,%.1f ", TL + (double)c->points[i].max_changes / xmax * TPW,
                    TT + TPH - c->points[i].value / ymax * TPH);
    fputs("\"/>\n", f);
    for (size_t i = 0; i < c->npoints; i++) {
        const kp_tradeoff_point *p = &c->points[i];
        double cx = TL + (double)p->max_changes / xmax * TPW;
        if (p->changes < 0) {
            /* No plan within N changes: a cross on the axis. */
            fprintf(f, "<path class=\"axis\" d=\"M%.1f %.1fl8 -8m0 8l-8 -8\"><title>at "
                    "most %ld changes: no plan (%s)</title></path>\n", cx - 4, TT + TPH + 4,
                    p->max_changes, kp_result_status_name(p->status));
            continue;
        }
        fprintf(f, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\"><title>at most "
                "%ld changes: value %s (%ld changes, %s)</title></circle>\n",
                TL + (double)p->max_changes / xmax * TPW, TT + TPH - p->value / ymax * TPH,
                p->max_changes, kp__rpt_fmt(b[1], sizeof b[1], p->value, 2), p->changes,
                kp_result_status_name(p->status));
    }
    fputs("</svg>\n", f);
}

/* The points of c as a table. */
static void table(FILE *f, const kp_tradeoff_curve *c)
{
    char b[48];
    fputs("<div class=\"scroll\"><table><thead><tr><th class=\"n\">At most changes</th>"
          "<th class=\"n\">Changes</th><th class=\"n\">Value</th><th>Status</th>"
          "<th class=\"n\">Gap</th></tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < c->npoints; i++) {
        const kp_tradeoff_point *p = &c->points[i];
        int plan = p->changes >= 0;
        fputs("<tr>", f);
        kp__rpt_td_num(f, (double)p->max_changes, 0);
        kp__rpt_td_num(f, plan ? (double)p->changes : NAN, 0);
        kp__rpt_td_num(f, plan ? p->value : NAN, 2);
        kp__rpt_td_text(f, kp_result_status_name(p->status));
        fprintf(f, "<td class=\"n\">%s</td></tr>\n",
                kp__rpt_pct(b, sizeof b, plan ? p->gap_pct : NAN));
    }
    fputs("</tbody></table></div>\n", f);
}

struct tradeoff_ctx {
    const kp_instance *in;
    const kp_tradeoff_curve *c;
    size_t n;
};

static int tradeoff_body(FILE *f, const void *info)
{
    const struct tradeoff_ctx *x = info;
    char b[2][48];
    kp__rpt_begin(f, x->in, "tradeoff", "Value against changes to the previous plan");
    for (size_t i = 0; i < x->n; i++) {
        const kp_tradeoff_curve *c = &x->c[i];
        fputs("<section>\n<h2>Scenario ", f);
        kp__html(f, x->in->scen[c->scenario].id);
        fputs("</h2>\n", f);
        if (c->free_plan.changes < 0) {
            fprintf(f, "<p class=\"lead\">No plan (%s): no curve.</p>\n</section>\n",
                    kp_result_status_name(c->free_plan.status));
            continue;
        }
        fprintf(f, "<p class=\"lead\">Each point is the best plan within at most that many "
                "changes (occurrences added or removed) of the previous plan. Without a "
                "limit the optimum is worth %s with %s changes.</p>\n",
                kp__rpt_fmt(b[0], sizeof b[0], c->free_plan.value, 2),
                kp__rpt_fmt(b[1], sizeof b[1], (double)c->free_plan.changes, 0));
        chart(f, c);
        table(f, c);
        fputs("</section>\n", f);
    }
    kp__rpt_end(f);
    return KP_OK;
}

int kp_report_tradeoff(const kp_instance *in, const kp_tradeoff_curve *c, size_t n,
                       const char *path, kp_diags *d)
{
    struct tradeoff_ctx x = {in, c, n};
    if (!in || (!c && n) || !path)
        return KP_EINVAL;
    return kp__rpt_write(path, tradeoff_body, &x, d);
}
