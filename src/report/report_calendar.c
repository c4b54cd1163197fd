/*
 * report_calendar.c - the solve report's calendar of a plan over periods
 * (periods.csv): one row per activity done, one column per period, each
 * cell the activity's occurrences in that period; below, each period's
 * hours and budget used beside what it has, and how full its hours are.
 * Nothing without periods.
 */
#include <math.h>
#include <stdio.h>

#include "report/report.h"

/* The counts of activity a in r, per period, or NULL. */
static const int *periods_of(const kp_result *r, size_t a)
{
    return r->pcounts ? r->pcounts + a * r->nper : NULL;
}

/* The footer rows: each period's hours (or budget) used and available. */
static void footer(FILE *f, const kp_instance *in, const kp_result *r, size_t s,
                   int budget)
{
    const kp__scenario *sc = &in->scen[s];
    fprintf(f, "<tr><th>%s used</th><td></td>", budget ? "Budget" : "Hours");
    for (size_t p = 0; p < in->nper; p++) {
        double h, c;
        kp__period_use(in, r, p, &h, &c);
        kp__rpt_td_num(f, budget ? c : h, 2);
    }
    fprintf(f, "</tr>\n<tr><th>%s available</th><td></td>", budget ? "Budget" : "Hours");
    for (size_t p = 0; p < in->nper; p++)
        kp__rpt_td_num(f, budget ? kp__period_budget(in, sc, p)
                                 : kp__period_hours(in, sc, p), 2);
    fputs("</tr>\n", f);
}

/* report.h. */
void kp__rpt_calendar(FILE *f, const kp_instance *in, const kp_result *r, size_t s)
{
    char buf[48];
    if (!in->nper || !r || !r->pcounts)
        return;
    fputs("<section>\n<h2>The plan period by period</h2>\n<p class=\"lead\">Each "
          "activity done, with its occurrences in each period (periods.csv, in time "
          "order), within its window (activities.csv earliest, latest); below, each "
          "period's hours and budget used beside what it has in this scenario.</p>\n"
          "<div class=\"tw\"><table><thead><tr><th>Activity</th><th>Account</th>", f);
    for (size_t p = 0; p < in->nper; p++) {
        fputs("<th class=\"n\">", f);
        kp__html(f, in->per[p].id);
        fputs("</th>", f);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (size_t a = 0; a < in->nact; a++) {
        const int *pc = periods_of(r, a);
        const kp__window *w = &in->win[a];
        if (kp_result_count(r, a) <= 0)
            continue;
        fputs("<tr><td>", f);
        kp__html(f, in->act[a].id);
        fputs("</td><td>", f);
        kp__html(f, in->acc[in->act[a].account].id);
        fputs("</td>", f);
        for (size_t p = 0; p < in->nper; p++) {
            if (pc[p] > 0)
                kp__rpt_td_num(f, pc[p], 0);
            else
                kp__rpt_td_text(f, (int)p < w->earliest || (int)p > w->latest
                                   ? "\xc2\xb7" : "");
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n<tfoot>\n", f);
    footer(f, in, r, s, 0);
    fputs("<tr><th>Share of the hours</th><td></td>", f);
    for (size_t p = 0; p < in->nper; p++) {
        double h, c, avail = kp__period_hours(in, &in->scen[s], p);
        kp__period_use(in, r, p, &h, &c);
        kp__rpt_td_text(f, kp__isset(avail) && avail > 0
                        ? kp__rpt_pct(buf, sizeof buf, 100 * h / avail) : "\xe2\x80\x94");
    }
    fputs("</tr>\n", f);
    if (kp__periods_have_budget(in))
        footer(f, in, r, s, 1);
    fputs("</tfoot>\n</table></div>\n<p class=\"note\">A dot: outside the "
          "activity's window.</p>\n</section>\n", f);
}
