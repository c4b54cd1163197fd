/*
 * report_team.c - the solve report's section on a team (managers.csv):
 * each manager's key accounts, hours and budget in the plan beside what
 * they have, and how full their hours are. Nothing without a team.
 */
#include <math.h>
#include <stdio.h>

#include "report/report.h"

/* Manager m's key accounts, hours and cost in r. */
static void load_of(const kp_instance *in, const kp_result *r, size_t m,
                    int *accounts, double *hours, double *cost)
{
    *accounts = 0;
    *hours = *cost = 0;
    for (size_t k = 0; k < in->nacc; k++) {
        double h, c, v;
        int eng, sup;
        if (kp__result_manager(in, r, k) != (int)m || !kp_result_key(r, k))
            continue;
        kp__account_totals(in, r, k, &h, &c, &v, &eng, &sup);
        (*accounts)++;
        *hours += h;
        *cost += c;
    }
}

/* report.h. */
void kp__rpt_team(FILE *f, const kp_instance *in, const kp_result *r, size_t s)
{
    const kp__scenario *sc = &in->scen[s];
    char buf[48];
    if (!in->has_team || !r)
        return;
    fputs("<section>\n<h2>Each manager's load</h2>\n<p class=\"lead\">The key "
          "accounts each manager holds (accounts.csv manager_id, or the plan's "
          "choice where it is empty), their hours and money in the plan, and what the manager has in this scenario "
          "(managers.csv, after its scales).</p>\n<div class=\"tw\"><table><thead><tr>"
          "<th>Manager</th><th class=\"n\">Key accounts</th><th class=\"n\">Most</th>"
          "<th class=\"n\">Hours</th><th class=\"n\">Available</th>"
          "<th class=\"n\">Hours used</th><th class=\"n\">Budget</th>"
          "<th class=\"n\">Available</th></tr></thead>\n<tbody>\n", f);
    for (size_t m = 0; m < in->nmgr; m++) {
        const kp__manager *mg = &in->mgr[m];
        double hours, cost, avail = kp__manager_hours(in, sc, m);
        int accounts;
        load_of(in, r, m, &accounts, &hours, &cost);
        fputs("<tr><td>", f);
        kp__html(f, mg->id);
        if (mg->name != mg->id) {
            fputs(" &middot; ", f);
            kp__html(f, mg->name);
        }
        fputs("</td>", f);
        kp__rpt_td_num(f, accounts, 0);
        kp__rpt_td_num(f, mg->max_accounts >= 0 ? mg->max_accounts : NAN, 0);
        kp__rpt_td_num(f, hours, 2);
        kp__rpt_td_num(f, avail, 2);
        kp__rpt_td_text(f, avail > 0 ? kp__rpt_pct(buf, sizeof buf, 100 * hours / avail)
                                     : "\xe2\x80\x94");
        kp__rpt_td_num(f, cost, 2);
        kp__rpt_td_num(f, kp__manager_budget(in, sc, m), 2);
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table></div>\n</section>\n", f);
}
