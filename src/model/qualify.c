/*
 * qualify.c - which customers are key accounts (MODEL.md, "Sets"), and
 * which can never meet the rules of one.
 */
#include <stdio.h>
#include <string.h>

#include "model/model.h"

static const char *const CRIT_NAME[KP_N_CRITERIA] = {
    "sales", "margin_pct", "growth_pct", "potential", "days_to_pay",
    "access", "openness"
};

/* days_to_pay is the one criterion where less is better. */
static int crit_met(int c, double value, double threshold)
{
    return c == KP__C_DAYS_TO_PAY ? value <= threshold : value >= threshold;
}

void kp__qualify(kp_instance *in)
{
    for (size_t k = 0; k < in->nacc; k++) {
        kp__account *a = &in->acc[k];
        a->criteria_met = 0;
        for (int c = 0; c < KP_N_CRITERIA; c++)
            if (kp__isset(in->pol.threshold[c]) &&
                crit_met(c, a->crit[c], in->pol.threshold[c]))
                a->criteria_met++;
        a->qualified = a->criteria_met >= in->pol.min_criteria;
        a->eligible = a->status == KP_KEY ||
                      (a->status == KP_AUTO && a->qualified);
    }
}

int kp_instance_qualification(const kp_instance *in, size_t i,
                              kp_qualification *q)
{
    if (i >= in->nacc)
        return KP_EINVAL;
    const kp__account *a = &in->acc[i];
    memset(q, 0, sizeof *q);
    q->account_id = a->id;
    q->name = a->name;
    q->status = a->status;
    for (int c = 0; c < KP_N_CRITERIA; c++) {
        kp_criterion *cr = &q->criteria[c];
        cr->name = CRIT_NAME[c];
        cr->op = c == KP__C_DAYS_TO_PAY ? "<=" : ">=";
        cr->value = a->crit[c];
        cr->set = kp__isset(in->pol.threshold[c]);
        cr->threshold = in->pol.threshold[c];
        cr->met = cr->set && crit_met(c, a->crit[c], in->pol.threshold[c]);
        q->criteria_set += cr->set;
    }
    q->criteria_met = a->criteria_met;
    q->min_criteria = in->pol.min_criteria;
    q->qualified = a->qualified;
    q->eligible = a->eligible;
    q->blocked = a->eligible && kp__account_blocked(in, (int)i, in->pol.min_contacts,
                                                    q->why, sizeof q->why);
    return KP_OK;
}

int kp__account_blocked(const kp_instance *in, int k, int min_contacts,
                        char *why, size_t len)
{
    const kp__account *a = &in->acc[k];
    int reachable = 0;
    double most = 0;

    for (int i = in->con_start[k]; i < in->con_start[k + 1]; i++) {
        int c = in->con_idx[i];
        const kp__contact *ct = &in->con[c];
        int has = in->cact_start[c + 1] > in->cact_start[c];
        reachable += has;
        if (has)
            continue;
        if (in->pol.require_entrenched && ct->entrenched) {
            snprintf(why, len, "its entrenched influencer %s has no activity", ct->id);
            return 1;
        }
        if (kp__isset(in->pol.opponent_influence) &&
            ct->stance == KP__STANCE_OPPONENT &&
            ct->influence >= in->pol.opponent_influence) {
            snprintf(why, len, "its opponent %s (influence %g, opponent_influence "
                     "%g) has no activity", ct->id, ct->influence,
                     in->pol.opponent_influence);
            return 1;
        }
    }
    if (reachable < min_contacts) {
        snprintf(why, len, "only %d of its contacts %s an activity and min_contacts is %d",
                 reachable, reachable == 1 ? "has" : "have", min_contacts);
        return 1;
    }
    for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
        const kp__activity *ac = &in->act[in->act_idx[i]];
        most += ac->hours * ac->max_count;
    }
    if (kp__isset(a->max_hours) && a->max_hours < most)
        most = a->max_hours;
    if (a->min_hours > most * (1 + 1e-9) + 1e-9) {
        snprintf(why, len, "its min_hours of %g exceed the %g hours its activities allow",
                 a->min_hours, most);
        return 1;
    }
    return 0;
}

int kp__forced_problem(const kp_instance *in, const kp__scenario *sc,
                       char *why, size_t len)
{
    char reason[400];
    int forced = 0;
    for (size_t k = 0; k < in->nacc; k++) {
        const kp__account *a = &in->acc[k];
        if (a->status != KP_KEY)
            continue;
        forced++;
        if (kp__account_blocked(in, (int)k, sc->min_contacts, reason, sizeof reason)) {
            snprintf(why, len, "account %s must be key (status=key), but %s", a->id, reason);
            return (int)k + 1;
        }
        if (a->min_hours > sc->hours) {
            snprintf(why, len, "account %s must be key (status=key) with min_hours %g, "
                     "but only %g hours are available", a->id, a->min_hours, sc->hours);
            return (int)k + 1;
        }
    }
    if (sc->max_key_accounts >= 0 && forced > sc->max_key_accounts) {
        size_t n = (size_t)snprintf(why, len, "%d accounts must be key (status=key):", forced);
        for (size_t k = 0; k < in->nacc && n < len; k++)
            if (in->acc[k].status == KP_KEY)
                n += (size_t)snprintf(why + n, len - n, " %s", in->acc[k].id);
        if (n < len)
            snprintf(why + n, len - n, "; max_key_accounts is %d", sc->max_key_accounts);
        return -1;
    }
    return 0;
}

int kp_instance_check_forced(const kp_instance *in, long only, kp_diags *diags)
{
    char why[600];
    int failing = 0;

    /* Without scenarios.csv (and without a sweep) the policy is the one
     * scenario: name the account's own row, and report every account that
     * fails. */
    if (!in->sweep_axes && (!in->tables[5] || in->nscen == 1)) {
        const kp__scenario *sc = &in->scen[0];
        char reason[400];
        for (size_t k = 0; k < in->nacc; k++) {
            const kp__account *a = &in->acc[k];
            if (a->status != KP_KEY)
                continue;
            if (kp__account_blocked(in, (int)k, sc->min_contacts, reason, sizeof reason)) {
                kp__diag(diags, KP_ERROR, in->tables[0]->name, a->line, "status",
                         "account %s must be key (status=key), but %s", a->id, reason);
                failing = 1;
            } else if (a->min_hours > sc->hours) {
                kp__diag(diags, KP_ERROR, in->tables[0]->name, a->line, "min_hours",
                         "account %s must be key (status=key) with min_hours %g, but "
                         "only %g hours are available", a->id, a->min_hours, sc->hours);
                failing = 1;
            }
        }
        if (!failing && kp__forced_problem(in, sc, why, sizeof why) < 0) {
            kp__diag(diags, KP_ERROR, in->tables[4]->name, in->pol.max_key_line,
                     "max_key_accounts", "%s", why);
            failing = 1;
        }
        return failing;
    }
    /* With scenarios, policy values are only defaults: each scenario is
     * judged on its own resolved values. A swept scenario has no row. */
    for (size_t s = 0; s < in->nscen; s++) {
        if (only >= 0 && (size_t)only != s)
            continue;
        if (kp__forced_problem(in, &in->scen[s], why, sizeof why) == 0)
            continue;
        kp__diag(diags, KP_ERROR, in->sweep_axes ? NULL : in->tables[5]->name,
                 in->scen[s].line, NULL,
                 "scenario %s is infeasible: %s", in->scen[s].id, why);
        failing++;
    }
    return failing;
}

double kp__occurrence_value(const kp__activity *a, int j)
{
    return a->value * pow(a->decay, j - 1);
}
