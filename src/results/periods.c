/*
 * periods.c - a plan over periods in the result set (models/README.md,
 * "Outputs"; with periods.csv only): plan.csv with one row per activity
 * and period with a count, and periods.csv, each period's hours and
 * budget in each scenario's plan beside what it has. An instance without
 * periods.csv writes neither (plan.csv is output.c's, as before).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "results/results.h"

/* Result r's count of activity a in period p. */
static int period_count(const kp_result *r, size_t a, size_t p)
{
    return r->pcounts ? r->pcounts[a * r->nper + p] : 0;
}

/* results.h. */
void kp__write_plan_row(kp__tab *t, const kp_instance *in, size_t s, const kp_result *r,
                        size_t a, int count, double value)
{
    const kp__activity *ac = &in->act[a];
    kp__tab_text(t, in->scen[s].id);
    kp__tab_text(t, in->acc[ac->account].id);
    kp__tab_text(t, ac->id);
    kp__tab_text(t, ac->kind);
    kp__tab_int(t, count);
    kp__tab_num(t, count * ac->hours);
    kp__tab_num(t, count * ac->cost);
    kp__tab_num(t, value);
    if (in->has_team) {
        int m = kp__result_manager(in, r, (size_t)ac->account);
        kp__tab_text(t, m >= 0 ? in->mgr[m].id : NULL);
    }
}

/* results.h. */
void kp__write_plan_periods(kp__tab *t, const kp_instance *in, kp_result *const *res,
                            size_t n)
{
    kp__tab_begin(t, "plan", in->has_team
                  ? "scenario,account_id,activity_id,kind,count,hours,cost,value,"
                    "manager_id,period"
                  : "scenario,account_id,activity_id,kind,count,hours,cost,value,period");
    for (size_t s = 0; s < n && s < in->nscen; s++) {
        if (!kp__has_plan(res[s]))
            continue;
        for (size_t a = 0; a < in->nact; a++) {
            int done = 0;
            for (size_t p = 0; p < in->nper; p++) {
                int cnt = period_count(res[s], a, p);
                double v = 0;
                if (cnt <= 0)
                    continue;
                /* Occurrence j is worth value decay^(j-1) in whichever
                 * period it falls: the earlier periods hold the first. */
                for (int j = done + 1; j <= done + cnt; j++)
                    v += kp__occurrence_value_in(in, &in->scen[s], a, j);
                done += cnt;
                kp__write_plan_row(t, in, s, res[s], a, cnt, v);
                kp__tab_text(t, in->per[p].id);
                kp__tab_row_end(t);
            }
        }
    }
    kp__tab_end(t);
}

/* results.h. */
void kp__period_use(const kp_instance *in, const kp_result *r, size_t p,
                    double *hours, double *cost)
{
    *hours = *cost = 0;
    for (size_t a = 0; a < in->nact; a++) {
        int cnt = period_count(r, a, p);
        *hours += cnt * in->act[a].hours;
        *cost += cnt * in->act[a].cost;
    }
}

/* results.h. */
void kp__write_periods(kp__tab *t, const kp_instance *in, kp_result *const *res,
                       size_t n)
{
    kp__tab_begin(t, "periods", "scenario,period,hours,hours_available,budget,"
                  "budget_available");
    for (size_t s = 0; s < n && s < in->nscen; s++) {
        if (!kp__has_plan(res[s]))
            continue;
        for (size_t p = 0; p < in->nper; p++) {
            double hours, cost;
            kp__period_use(in, res[s], p, &hours, &cost);
            kp__tab_text(t, in->scen[s].id);
            kp__tab_text(t, in->per[p].id);
            kp__tab_num(t, hours);
            kp__tab_num(t, kp__period_hours(in, &in->scen[s], p));
            kp__tab_num(t, cost);
            kp__tab_num(t, kp__period_budget(in, &in->scen[s], p));
            kp__tab_row_end(t);
        }
    }
    kp__tab_end(t);
}
