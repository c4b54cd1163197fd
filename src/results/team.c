/*
 * team.c - the result set's managers.csv (models/README.md, "Outputs"):
 * each manager's key accounts, hours and budget in each scenario's plan,
 * beside what they have. Written only for an instance with managers.csv.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "results/results.h"

/* Manager m's key accounts, hours and cost in result r. */
static void manager_use(const kp_instance *in, const kp_result *r, size_t m,
                        int *accounts, double *hours, double *cost)
{
    *accounts = 0;
    *hours = *cost = 0;
    for (size_t k = 0; k < in->nacc; k++) {
        if (kp__result_manager(in, r, k) != (int)m || !kp_result_key(r, k))
            continue;
        (*accounts)++;
        for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
            int a = in->act_idx[i], n = kp_result_count(r, (size_t)a);
            *hours += n * in->act[a].hours;
            *cost += n * in->act[a].cost;
        }
    }
}

/* results.h. */
void kp__write_managers(kp__tab *t, const kp_instance *in, kp_result *const *res,
                        size_t n)
{
    kp__tab_begin(t, "managers", "scenario,manager_id,accounts,hours,hours_available,"
                  "budget,budget_available");
    for (size_t s = 0; s < n && s < in->nscen; s++) {
        if (!kp__has_plan(res[s]))
            continue;
        for (size_t m = 0; m < in->nmgr; m++) {
            int accounts;
            double hours, cost;
            manager_use(in, res[s], m, &accounts, &hours, &cost);
            kp__tab_text(t, in->scen[s].id);
            kp__tab_text(t, in->mgr[m].id);
            kp__tab_int(t, accounts);
            kp__tab_num(t, hours);
            kp__tab_num(t, kp__manager_hours(in, &in->scen[s], m));
            kp__tab_num(t, cost);
            kp__tab_num(t, kp__manager_budget(in, &in->scen[s], m));
            kp__tab_row_end(t);
        }
    }
    kp__tab_end(t);
}
