/*
 * report_marginals.c - the solve report's section on --marginal's figures
 * per manager and per period (solve/batch.c): what one more hour of each
 * manager's own hours, and of each period's hours, is worth, as
 * marginals.csv has them. Nothing without those figures.
 */
#include <math.h>
#include <stdio.h>

#include "report/report.h"

/* One row: capacity `kind` id (name, may be NULL) with hours avail and
 * figures f (delta, value per hour, min, max). */
static void row(FILE *f, const char *kind, const char *id, const char *name,
                double avail, const double *x)
{
    fputs("<tr><td>", f);
    fputs(kind, f);
    fputc(' ', f);
    kp__html(f, id);
    if (name && name != id) {
        fputs(" &middot; ", f);
        kp__html(f, name);
    }
    fputs("</td>", f);
    kp__rpt_td_num(f, avail, 2);
    kp__rpt_td_num(f, x[0], 2);
    kp__rpt_td_num(f, x[1], 2);
    if (isnan(x[1]))
        kp__rpt_td_text(f, "not computed (see the frontier's note)");
    else if (isnan(x[3]) || x[3] - x[2] > 1e-9 * (1 + fabs(x[1])))
        kp__rpt_td_text(f, "not proven: the re-solves stopped short of the optimum");
    else if (isnan(x[0]))
        kp__rpt_td_text(f, "no hours limit in this period");
    else
        kp__rpt_td_text(f, x[1] > 0 ? "proven: these hours hold the plan back"
                                    : "proven: hours to spare");
    fputs("</tr>\n", f);
}

/* report.h. */
void kp__rpt_marginals(FILE *f, const kp_instance *in, const kp_batch_outcome *oc,
                       size_t s)
{
    const kp__scenario *sc = &in->scen[s];
    if (!oc || (!oc->manager_marginal && !oc->period_marginal))
        return;
    fputs("<section>\n<h2>One more hour, manager by manager and period by "
          "period</h2>\n<p class=\"lead\">What the plan gains from one more "
          "hour of each manager's own hours, and of each period's hours "
          "(--marginal): the scenario solved again with only those hours "
          "raised by the delta, (value there &minus; value) / delta, as in "
          "marginals.csv.</p>\n<div class=\"tw\"><table><thead><tr>"
          "<th>Hours of</th><th class=\"n\">Available</th>"
          "<th class=\"n\">Re-solved at +</th><th class=\"n\">Value per hour</th>"
          "<th>Proof</th></tr></thead>\n<tbody>\n", f);
    for (size_t m = 0; oc->manager_marginal && m < in->nmgr; m++)
        row(f, "manager", in->mgr[m].id, in->mgr[m].name, kp__manager_hours(in, sc, m),
            &oc->manager_marginal[4 * m]);
    for (size_t p = 0; oc->period_marginal && p < in->nper; p++)
        row(f, "period", in->per[p].id, NULL, kp__period_hours(in, sc, p),
            &oc->period_marginal[4 * p]);
    fputs("</tbody>\n</table></div>\n</section>\n", f);
}
