/*
 * result.c - what a result says beyond kamplan.h's accessors: whether it
 * has a plan, and one account's totals in it (the numbers of accounts.csv,
 * the frontier and the reports); its managers and counts per period
 * (kamplan.h's kp_result_manager, kp_result_period_count), and the plan
 * check of its plan with them (kp_plan_check_result).
 */
#include <stdlib.h>

#include "solve/solve.h"

int kp__has_plan(const kp_result *r)
{
    kp_result_summary m;
    if (!r)
        return 0;
    kp_result_get_summary(r, &m);
    return m.status == KP_RES_OPTIMAL || m.status == KP_RES_FEASIBLE;
}

/* solve.h. */
int kp__result_manager(const kp_instance *in, const kp_result *r, size_t k)
{
    if (k >= in->nacc)
        return -1;
    if (in->acc[k].manager >= 0)
        return in->acc[k].manager;
    return r && r->mgr && k < r->nacc ? r->mgr[k] : -1;
}

/* kamplan.h. */
int kp_result_manager(const kp_instance *in, const kp_result *r, size_t k)
{
    return kp__result_manager(in, r, k);
}

/* kamplan.h. */
int kp_result_period_count(const kp_result *r, size_t a, size_t p)
{
    if (!r->pcounts)
        return p == 0 ? kp_result_count(r, a) : 0;
    return a < r->nact && p < r->nper ? r->pcounts[a * r->nper + p] : 0;
}

/* kamplan.h: the plan's counts, managers and periods, copied out of r. */
int kp_plan_check_result(const kp_instance *in, size_t s, const kp_result *r,
                         double *value, kp_diags *d)
{
    int *mgr, rc;
    if (s >= in->nscen || !kp__has_plan(r) || r->nact != in->nact ||
        r->nacc != in->nacc || r->nper != in->nper || (in->nper && !r->pcounts)) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "no plan of scenario %zu of this "
                 "instance to check", s);
        return -1;
    }
    if (!(mgr = malloc((in->nacc + 1) * sizeof *mgr))) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "out of memory checking the plan");
        return -1;
    }
    for (size_t k = 0; k < in->nacc; k++)
        mgr[k] = kp__result_manager(in, r, k);
    rc = kp_plan_check_full(in, s, r->counts, mgr, r->pcounts, value, d);
    free(mgr);
    return rc;
}

/* solve.h. */
int kp__account_is_key(const kp_instance *in, size_t s, const kp_result *r,
                       size_t k)
{
    if (kp__acc_status(in, &in->scen[s], (int)k) == KP_KEY)
        return 1;
    for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++)
        if (kp_result_count(r, (size_t)in->act_idx[i]) > 0)
            return 1;
    return 0;
}

void kp__account_totals(const kp_instance *in, const kp_result *r, size_t k,
                        double *hours, double *cost, double *value,
                        int *engaged, int *supported)
{
    double h = 0, c = 0, v = 0;
    int ne = 0, ns = 0;
    for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
        int a = in->act_idx[i], cnt = kp_result_count(r, (size_t)a);
        h += cnt * in->act[a].hours;
        c += cnt * in->act[a].cost;
        for (int j = 1; j <= cnt; j++)
            v += kp__occurrence_value(&in->act[a], j);
    }
    for (int i = in->con_start[k]; i < in->con_start[k + 1]; i++) {
        int ci = in->con_idx[i];
        for (int j = in->cact_start[ci]; j < in->cact_start[ci + 1]; j++) {
            if (kp_result_count(r, (size_t)in->cact_idx[j]) > 0) {
                ne++;
                break;
            }
        }
    }
    for (int i = in->obj_start[k]; i < in->obj_start[k + 1]; i++) {
        int o = in->obj_idx[i];
        for (int j = in->oact_start[o]; j < in->oact_start[o + 1]; j++) {
            if (kp_result_count(r, (size_t)in->oact_idx[j]) > 0) {
                ns++;
                v += in->obj[o].value;
                break;
            }
        }
    }
    *hours = h;
    *cost = c;
    *value = v;
    *engaged = ne;
    *supported = ns;
}
