/*
 * qualify.c - which customers are key accounts (models/README.md, "Qualification"), and
 * which can never meet the rules of one.
 */
#include <stdio.h>
#include <stdlib.h>
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

/* model.h. */
int kp__qualify(kp_instance *in)
{
    in->blocked_why = calloc(in->nacc ? in->nacc : 1, sizeof *in->blocked_why);
    if (!in->blocked_why)
        return KP_ENOMEM;
    for (size_t k = 0; k < in->nacc; k++) {
        kp__account *a = &in->acc[k];
        a->criteria_met = 0;
        for (int c = 0; c < KP_N_CRITERIA; c++)
            if (kp__isset(in->pol.threshold[c]) &&
                crit_met(c, a->crit[c], in->pol.threshold[c]))
                a->criteria_met++;
        a->qualified = a->criteria_met >= in->pol.min_criteria;
        a->eligible = a->status == KP_KEY ||
                      (a->status == KP_AUTO && (a->qualified || a->committed >= 0));
        kp__str why = KP__STR_INIT;
        if (a->eligible && kp__account_blocked(in, (int)k, in->pol.min_contacts, &why) &&
            !(in->blocked_why[k] = kp__str_take(&why)))
            return KP_ENOMEM;
        kp__str_free(&why);
    }
    return KP_OK;
}

/* kamplan.h. */
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
    q->blocked = in->blocked_why[i] != NULL;
    q->why = q->blocked ? in->blocked_why[i] : "";
    q->committed = a->committed >= 0 ? in->act[a->committed].id : NULL;
    return KP_OK;
}

/* The hours account k's activities can take at most (within max_hours). */
static double most_hours(const kp_instance *in, int k)
{
    const kp__account *a = &in->acc[k];
    double most = 0;
    for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
        const kp__activity *ac = &in->act[in->act_idx[i]];
        most += ac->hours * ac->max_count;
    }
    if (kp__isset(a->max_hours) && a->max_hours < most)
        most = a->max_hours;
    return most;
}

/* model.h. The reasons are tried in this order: a contact that a contact
 * rule requires without an activity (the rule's words, rules.c), too few
 * contacts with an activity, min_hours out of reach. */
int kp__account_blocked(const kp_instance *in, int k, int min_contacts,
                        kp__str *why)
{
    const kp__account *a = &in->acc[k];
    int reachable = 0;
    double most;

    for (int i = in->con_start[k]; i < in->con_start[k + 1]; i++) {
        int c = in->con_idx[i], rule;
        int has = in->cact_start[c + 1] > in->cact_start[c];
        reachable += has;
        if (has || (rule = kp__contact_rule(in, &in->con[c])) < 0)
            continue;
        if (why)
            kp__rule_get(rule)->unreachable(in, &in->con[c], why);
        return 1;
    }
    if (reachable < min_contacts) {
        if (why)
            kp__str_addf(why, "only %d of its contacts %s an activity and "
                         "min_contacts is %d", reachable,
                         reachable == 1 ? "has" : "have", min_contacts);
        return 1;
    }
    most = most_hours(in, k);
    if (a->min_hours > most * (1 + 1e-9) + 1e-9) {
        if (why)
            kp__str_addf(why, "its min_hours of %g exceed the %g hours its "
                         "activities allow", a->min_hours, most);
        return 1;
    }
    return 0;
}

/* Appends why forced account a cannot be key in scenario sc (the reason
 * from kp__account_blocked, or min_hours above the hours); 1 when it
 * cannot. */
static int forced_blocked(const kp_instance *in, const kp__scenario *sc, int k,
                          kp__str *why)
{
    const kp__account *a = &in->acc[k];
    kp__str reason = KP__STR_INIT, by = KP__STR_INIT;
    int blocked = 1;
    kp__forced_words(in, sc, k, &by);
    if (kp__acc_conflict(in, sc, k)) {
        kp__str_free(&by);
        kp__excluded_words(in, sc, k, &by);
        kp__str_addf(why, "account %s must be key (min_count %d of activity %s), "
                     "but it is %s", a->id, in->act[a->committed].min_count,
                     in->act[a->committed].id, kp__str_get(&by));
    } else if (kp__account_blocked(in, k, sc->min_contacts, &reason))
        kp__str_addf(why, "account %s must be key (%s), but %s", a->id,
                     kp__str_get(&by), kp__str_get(&reason));
    else if (a->min_hours > sc->hours)
        kp__str_addf(why, "account %s must be key (%s) with min_hours %g, "
                     "but only %g hours are available", a->id, kp__str_get(&by),
                     a->min_hours, sc->hours);
    else
        blocked = 0;
    kp__str_free(&reason);
    kp__str_free(&by);
    return blocked;
}

/* model.h. */
int kp__forced_problem(const kp_instance *in, const kp__scenario *sc,
                       kp__str *why)
{
    int forced = 0, other = 0;
    for (size_t k = 0; k < in->nacc; k++) {
        if (kp__acc_status(in, sc, (int)k) != KP_KEY && !kp__acc_conflict(in, sc, (int)k))
            continue;
        forced++;
        other |= in->acc[k].status != KP_KEY;
        if (forced_blocked(in, sc, (int)k, why))
            return (int)k + 1;
    }
    if (sc->max_key_accounts >= 0 && forced > sc->max_key_accounts) {
        kp__str_addf(why, "%d accounts must be key (%s):", forced,
                     other ? "status=key, scenarios.csv key or a min_count"
                           : "status=key");
        for (size_t k = 0; k < in->nacc; k++)
            if (kp__acc_status(in, sc, (int)k) == KP_KEY)
                kp__str_addf(why, " %s", in->acc[k].id);
        kp__str_addf(why, "; max_key_accounts is %d", sc->max_key_accounts);
        return -1;
    }
    int column;
    if (kp__team_forced(in, sc, &column, why))
        return -1;
    return kp__periods_forced(in, sc, why) ? -1 : 0;
}

/* A committed activity that its prerequisites' periods keep out of its
 * window (kp__periods_forced), at its row of activities.csv. Returns 1
 * when so. */
static int periods_forced_policy(const kp_instance *in, kp_diags *diags)
{
    kp__str reason = KP__STR_INIT;
    int a = kp__periods_forced(in, &in->scen[0], &reason);
    if (a)
        kp__diag(diags, KP_ERROR, in->tables[3]->name, in->act[a - 1].line, "latest",
                 "%s", kp__str_get(&reason));
    kp__str_free(&reason);
    return a != 0;
}

/* The forced accounts of one manager that cannot fit them
 * (kp__team_forced), at the manager's row of managers.csv. Returns 1 when
 * so. */
static int team_forced_policy(const kp_instance *in, kp_diags *diags)
{
    kp__str reason = KP__STR_INIT;
    int column, m = kp__team_forced(in, &in->scen[0], &column, &reason);
    if (m)
        kp__diag(diags, KP_ERROR, in->team_table->name,
                 (size_t)m <= in->nmgr ? in->mgr[m - 1].line : in->team_table->header_line,
                 column ? "hours" : "max_accounts", "%s", kp__str_get(&reason));
    kp__str_free(&reason);
    return m != 0;
}

/* Without scenarios.csv (and without a sweep) the policy is the one
 * scenario: names the account's own row, and reports every account that
 * fails. Returns 1 when one does. */
static int check_forced_policy(const kp_instance *in, kp_diags *diags)
{
    const kp__scenario *sc = &in->scen[0];
    kp__str reason = KP__STR_INIT;
    int failing = 0;
    for (size_t k = 0; k < in->nacc; k++) {
        const kp__account *a = &in->acc[k];
        kp__str_free(&reason);
        if (a->status != KP_KEY && a->committed >= 0 &&
            forced_blocked(in, sc, (int)k, &reason)) {
            kp__diag(diags, KP_ERROR, in->tables[3]->name,
                     in->act[a->committed].line, "min_count", "%s",
                     kp__str_get(&reason));
            failing = 1;
        }
        if (a->status != KP_KEY)
            continue;
        kp__str_free(&reason);
        if (kp__account_blocked(in, (int)k, sc->min_contacts, &reason)) {
            kp__diag(diags, KP_ERROR, in->tables[0]->name, a->line, "status",
                     "account %s must be key (status=key), but %s", a->id,
                     kp__str_get(&reason));
            failing = 1;
        } else if (a->min_hours > sc->hours) {
            kp__diag(diags, KP_ERROR, in->tables[0]->name, a->line, "min_hours",
                     "account %s must be key (status=key) with min_hours %g, but "
                     "only %g hours are available", a->id, a->min_hours, sc->hours);
            failing = 1;
        }
    }
    kp__str_free(&reason);
    if (!failing && team_forced_policy(in, diags))
        failing = 1;
    if (!failing && periods_forced_policy(in, diags))
        failing = 1;
    if (!failing && kp__forced_problem(in, sc, &reason) < 0) {
        kp__diag(diags, KP_ERROR, in->tables[4]->name, in->pol.max_key_line,
                 "max_key_accounts", "%s", kp__str_get(&reason));
        failing = 1;
    }
    kp__str_free(&reason);
    return failing;
}

/* kamplan.h. */
int kp_instance_check_forced(const kp_instance *in, long only, kp_diags *diags)
{
    int failing = 0;

    if (!in->sweep_axes && (!in->tables[5] || in->nscen == 1))
        return check_forced_policy(in, diags);
    /* With scenarios, policy values are only defaults: each scenario is
     * judged on its own resolved values. A swept scenario has no row. */
    for (size_t s = 0; s < in->nscen; s++) {
        kp__str why = KP__STR_INIT;
        if ((only < 0 || (size_t)only == s) &&
            kp__forced_problem(in, &in->scen[s], &why) != 0) {
            kp__diag(diags, KP_ERROR, in->sweep_axes ? NULL : in->tables[5]->name,
                     in->scen[s].line, NULL, "scenario %s is infeasible: %s",
                     in->scen[s].id, kp__str_get(&why));
            failing++;
        }
        kp__str_free(&why);
    }
    return failing;
}

/* model.h. */
double kp__occurrence_value(const kp__activity *a, int j)
{
    return a->value * pow(a->decay, j - 1);
}

double kp__occurrence_value_in(const kp_instance *in, const kp__scenario *sc,
                               size_t a, int j)
{
    return kp__activity_value(in, sc, a) * pow(in->act[a].decay, j - 1);
}
