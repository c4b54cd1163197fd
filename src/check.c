/*
 * check.c - checks a plan against every rule of MODEL.md, reading the raw
 * instance only (never the model builder), and computes its value.
 *
 * This is the referee every plan passes before it leaves kamplan, and the
 * oracle of the brute-force tests, so it is written from MODEL.md directly:
 * an account is key when it is forced or has an activity, a contact is
 * engaged when one of its activities is done, an objective is supported
 * when one of its activities is done.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* used exceeds cap beyond rounding noise. */
static int over(double used, double cap)
{
    return used > cap + 1e-9 * (fabs(cap) > 1 ? fabs(cap) : 1);
}

static int under(double used, double need)
{
    return used < need - 1e-9 * (fabs(need) > 1 ? fabs(need) : 1);
}

int kp_plan_check(const kp_instance *in, size_t s, const int *counts,
                  double *value, kp_diags *d)
{
    const kp__scenario *sc = &in->scen[s];
    const kp__policy *p = &in->pol;
    int bad = 0, nkey = 0;
    double hours = 0, cost = 0, val = 0;
    int *group_first = malloc((in->ngroups + 1) * sizeof *group_first);
    unsigned char *key = calloc(in->nacc + 1, 1);

    if (!group_first || !key) {
        free(group_first);
        free(key);
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "out of memory checking the plan");
        return -1;
    }
    for (size_t g = 0; g < in->ngroups; g++)
        group_first[g] = -1;
    for (size_t k = 0; k < in->nacc; k++)
        key[k] = in->acc[k].status == KP_KEY;

    for (size_t i = 0; i < in->nact; i++) {
        const kp__activity *a = &in->act[i];
        const kp__account *acc = &in->acc[a->account];
        int n = counts[i];
        if (n == 0)
            continue;
        if (n < 0 || n > a->max_count) {
            kp__diag(d, KP_ERROR, NULL, 0, NULL,
                     "%s: done %d times, max_count is %d", a->id, n, a->max_count);
            bad++;
            if (n < 0)
                continue;
        }
        if (acc->status == KP_EXCLUDE) {
            kp__diag(d, KP_ERROR, NULL, 0, NULL,
                     "%s: account %s is excluded (status=exclude)", a->id, acc->id);
            bad++;
        } else if (!acc->eligible) {
            kp__diag(d, KP_ERROR, NULL, 0, NULL,
                     "%s: account %s does not qualify as a key account "
                     "(%d of %d criteria met)", a->id, acc->id,
                     acc->criteria_met, p->min_criteria);
            bad++;
        }
        key[a->account] = 1;
        hours += n * a->hours;
        cost += n * a->cost;
        for (int j = 1; j <= n; j++)
            val += a->value * pow(a->decay, j - 1);
        for (int r = 0; r < a->nrequires; r++) {
            int q = a->requires[r];
            if (counts[q] <= 0) {
                kp__diag(d, KP_ERROR, NULL, 0, NULL,
                         "%s done without its prerequisite %s", a->id, in->act[q].id);
                bad++;
            }
        }
        if (a->group >= 0) {
            if (group_first[a->group] >= 0) {
                kp__diag(d, KP_ERROR, NULL, 0, NULL,
                         "%s and %s are alternatives (group %s): at most one may be done",
                         in->act[group_first[a->group]].id, a->id,
                         in->groups[a->group]);
                bad++;
            } else {
                group_first[a->group] = (int)i;
            }
        }
    }
    for (size_t o = 0; o < in->nobj; o++) {
        for (int i = in->oact_start[o]; i < in->oact_start[o + 1]; i++) {
            if (counts[in->oact_idx[i]] > 0) {
                val += in->obj[o].value;
                break;
            }
        }
    }
    if (over(hours, sc->hours)) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "hours: %.10g planned, %.10g available",
                 hours, sc->hours);
        bad++;
    }
    if (kp__isset(sc->budget) && over(cost, sc->budget)) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "budget: %.10g planned, %.10g available",
                 cost, sc->budget);
        bad++;
    }
    for (size_t k = 0; k < in->nacc; k++) {
        const kp__account *acc = &in->acc[k];
        double h = 0, c = 0;
        int engaged = 0;
        if (!key[k])
            continue;
        nkey++;
        for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
            int a = in->act_idx[i];
            if (counts[a] > 0) {
                h += counts[a] * in->act[a].hours;
                c += counts[a] * in->act[a].cost;
            }
        }
        if (kp__isset(acc->max_hours) && over(h, acc->max_hours)) {
            kp__diag(d, KP_ERROR, NULL, 0, NULL, "%s: %.10g hours planned, max_hours is %.10g",
                     acc->id, h, acc->max_hours);
            bad++;
        }
        if (under(h, acc->min_hours)) {
            kp__diag(d, KP_ERROR, NULL, 0, NULL, "%s: %.10g hours planned, min_hours is %.10g",
                     acc->id, h, acc->min_hours);
            bad++;
        }
        if (kp__isset(acc->max_budget) && over(c, acc->max_budget)) {
            kp__diag(d, KP_ERROR, NULL, 0, NULL, "%s: %.10g spent, max_budget is %.10g",
                     acc->id, c, acc->max_budget);
            bad++;
        }
        for (int i = in->con_start[k]; i < in->con_start[k + 1]; i++) {
            int ci = in->con_idx[i];
            const kp__contact *ct = &in->con[ci];
            int on = 0;
            for (int j = in->cact_start[ci]; !on && j < in->cact_start[ci + 1]; j++)
                on = counts[in->cact_idx[j]] > 0;
            engaged += on;
            if (on)
                continue;
            if (p->require_entrenched && ct->entrenched) {
                kp__diag(d, KP_ERROR, NULL, 0, NULL,
                         "%s: entrenched influencer %s is not engaged", acc->id, ct->id);
                bad++;
            } else if (kp__isset(p->opponent_influence) &&
                       ct->stance == KP__STANCE_OPPONENT &&
                       ct->influence >= p->opponent_influence) {
                kp__diag(d, KP_ERROR, NULL, 0, NULL,
                         "%s: opponent %s (influence %g) is not engaged",
                         acc->id, ct->id, ct->influence);
                bad++;
            }
        }
        if (engaged < sc->min_contacts) {
            kp__diag(d, KP_ERROR, NULL, 0, NULL, "%s: %d contacts engaged, %d required",
                     acc->id, engaged, sc->min_contacts);
            bad++;
        }
    }
    if (sc->max_key_accounts >= 0 && nkey > sc->max_key_accounts) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "key accounts: %d managed, max_key_accounts is %d",
                 nkey, sc->max_key_accounts);
        bad++;
    }
    if (value)
        *value = val;
    free(group_first);
    free(key);
    return bad;
}
