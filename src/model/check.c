/*
 * check.c - checks a plan against every rule of the model, reading the raw
 * instance only (never the model builder), and computes its value.
 *
 * This is the referee every plan passes before it leaves kamplan, and the
 * oracle of the brute-force tests, so it is written from the model's
 * definitions directly: an account is key when it is forced (status=key,
 * the scenario's key, or an activity of min_count >= 1, unless excluded)
 * or has an activity, a contact is engaged when one of its activities is done, an
 * objective is supported when one of its activities is done.
 *
 * The walk below makes the tallies; each rule's check (its entry in
 * rules.c) judges them at its stage of the walk (enum kp__check_at), so
 * the messages always come in the same order.
 *
 * Each violation is reported through one sink (verdict.c): as a message to
 * a kp_diags list (kp_plan_check) and as a structured kp_violation with its
 * rule, account, item and amount (kp_plan_check_violations), with the same
 * text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/rules.h"

/* Every rule's check of stage `at`, for item i. */
static void check_stage(struct kp__check *c, int at, int i)
{
    for (int r = 0; r < KP_N_RULES; r++) {
        const kp__rule *rule = kp__rule_get(r);
        if (rule->check_at == at)
            rule->check(c, i);
    }
}

/* Each activity done: its count, its account, its ties; adds it to the
 * plan's totals and value, and makes its account key. */
static void check_activities(struct kp__check *c, double *val)
{
    const kp_instance *in = c->in;
    for (size_t i = 0; i < in->nact; i++) {
        const kp__activity *a = &in->act[i];
        int n = c->counts[i];
        if (n == 0)
            continue;
        check_stage(c, KP__CHECK_COUNT, (int)i);
        /* A negative count is judged by its count alone. */
        if (n < 0)
            continue;
        check_stage(c, KP__CHECK_PLACE, (int)i);
        c->key[a->account] = 1;
        c->hours += n * a->hours;
        c->cost += n * a->cost;
        for (int j = 1; j <= n; j++)
            *val += kp__occurrence_value_in(in, c->sc, i, j);
        check_stage(c, KP__CHECK_TIES, (int)i);
    }
}

/* Adds the value of the objectives the plan supports to *val. */
static void objectives_value(const struct kp__check *c, double *val)
{
    const kp_instance *in = c->in;
    for (size_t o = 0; o < in->nobj; o++) {
        for (int i = in->oact_start[o]; i < in->oact_start[o + 1]; i++) {
            if (c->counts[in->oact_idx[i]] > 0) {
                *val += in->obj[o].value;
                break;
            }
        }
    }
}

/* Key account k: its totals, then each contact left unengaged (judged by
 * the first contact rule that requires it), then its engaged contacts. */
static void check_account(struct kp__check *c, int k)
{
    const kp_instance *in = c->in;
    c->acc_hours = c->acc_cost = 0;
    c->engaged = 0;
    for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
        int a = in->act_idx[i];
        if (c->counts[a] > 0) {
            c->acc_hours += c->counts[a] * in->act[a].hours;
            c->acc_cost += c->counts[a] * in->act[a].cost;
        }
    }
    check_stage(c, KP__CHECK_ACCOUNT, k);
    for (int i = in->con_start[k]; i < in->con_start[k + 1]; i++) {
        int ci = in->con_idx[i], on = 0, rule;
        for (int j = in->cact_start[ci]; !on && j < in->cact_start[ci + 1]; j++)
            on = c->counts[in->cact_idx[j]] > 0;
        c->engaged += on;
        if (!on && (rule = kp__contact_rule(in, &in->con[ci])) >= 0)
            kp__rule_get(rule)->check(c, ci);
    }
    check_stage(c, KP__CHECK_ENGAGED, k);
}

/* The decisions of fix (NULL: none): an account fixed key is key (its
 * rules judged below), one fixed out has no activity, each count within
 * its range. Reported under KP_RULE_STATUS_KEY, the rule of decisions
 * taken outside the plan. */
static void check_fix(struct kp__check *c, const kp__fix *fix)
{
    const kp_instance *in = c->in;
    for (size_t k = 0; fix && fix->acc && k < in->nacc; k++) {
        if (fix->acc[k] == KP__FIX_OUT)
            c->key[k] = 0;
        else if (fix->acc[k] == KP__FIX_KEY)
            c->key[k] = 1;
    }
    for (size_t a = 0; fix && a < in->nact; a++) {
        const kp__activity *ac = &in->act[a];
        int n = c->counts[a];
        if (fix->acc && fix->acc[ac->account] == KP__FIX_OUT && n > 0)
            kp__check_report(c, KP_RULE_STATUS_KEY, in->acc[ac->account].id, ac->id,
                             n, "activity %s of account %s, fixed out of the "
                             "plan, is done %d time%s", ac->id,
                             in->acc[ac->account].id, n, n == 1 ? "" : "s");
        if (fix->lo && fix->hi && (n < fix->lo[a] || n > fix->hi[a]))
            kp__check_report(c, KP_RULE_STATUS_KEY, in->acc[ac->account].id, ac->id,
                             n, "activity %s is done %d time%s, fixed at %d to %d",
                             ac->id, n, n == 1 ? "" : "s", fix->lo[a], fix->hi[a]);
    }
}

/* The check itself, of fix too (NULL: none): every violation goes to sk.
 * Returns their number, or -1 when out of memory. */
static int check(const kp_instance *in, size_t s, const kp__fix *fix,
                 const int *counts, const int *mgr, const int *pcounts,
                 double *value,
                 struct kp__sink *sk)
{
    struct kp__check c;
    double val = 0;
    int rc = -1, *own = NULL, *placed = NULL;

    memset(&c, 0, sizeof c);
    c.in = in;
    c.sc = &in->scen[s];
    c.counts = counts;
    c.pcounts = pcounts;
    c.sink = sk;
    c.group_first = malloc((in->ngroups + 1) * sizeof *c.group_first);
    c.key = calloc(in->nacc + 1, 1);
    /* A plan without its periods is judged as kp__periods_place puts it. */
    if (in->nper && !pcounts) {
        placed = malloc((in->nact * in->nper + 1) * sizeof *placed);
        c.pcounts = placed;
    }
    if (!c.group_first || !c.key || (in->nper && !c.pcounts) ||
        (placed && kp__periods_place(in, s, counts, placed) < 0)) {
        kp__diag(sk->d, KP_ERROR, NULL, 0, NULL, "out of memory checking the plan");
        goto out;
    }
    for (size_t g = 0; g < in->ngroups; g++)
        c.group_first[g] = -1;
    for (size_t k = 0; k < in->nacc; k++)
        c.key[k] = kp__acc_status(in, c.sc, (int)k) == KP_KEY;
    check_fix(&c, fix);
    check_activities(&c, &val);
    objectives_value(&c, &val);
    /* A team: the plan's managers, else those kp__team_assign chooses. */
    c.mgr = mgr;
    if (in->has_team && !mgr) {
        own = malloc((in->nacc + 1) * sizeof *own);
        if (!own || kp__team_assign_keys(in, c.sc, c.key, counts, own) < 0) {
            kp__diag(sk->d, KP_ERROR, NULL, 0, NULL, "out of memory checking the plan");
            goto out;
        }
        c.mgr = own;
    }
    check_stage(&c, KP__CHECK_TOTALS, -1);
    for (size_t k = 0; k < in->nacc; k++) {
        if (!c.key[k])
            continue;
        c.nkey++;
        check_account(&c, (int)k);
    }
    check_stage(&c, KP__CHECK_PORTFOLIO, -1);
    for (size_t i = 0; i < in->nact; i++)
        if (in->act[i].min_count > 0 || in->act[i].locked)
            check_stage(&c, KP__CHECK_COMMIT, (int)i);
    if (value)
        *value = val;
    rc = sk->oom ? -1 : sk->bad;
out:
    free(c.group_first);
    free(c.key);
    free(own);
    free(placed);
    return rc;
}

/* kamplan.h: the violations as messages. */
int kp_plan_check(const kp_instance *in, size_t s, const int *counts,
                  double *value, kp_diags *d)
{
    struct kp__sink sk = {d, NULL, 0, 0};
    return check(in, s, NULL, counts, NULL, NULL, value, &sk);
}

/* kamplan.h. */
int kp_plan_check_full(const kp_instance *in, size_t s, const int *counts,
                       const int *mgr, const int *pcounts, double *value,
                       kp_diags *d)
{
    struct kp__sink sk = {d, NULL, 0, 0};
    return check(in, s, NULL, counts, in->has_team ? mgr : NULL,
                 in->nper ? pcounts : NULL, value, &sk);
}

/* kamplan.h: the violations as records. */
int kp_plan_check_violations(const kp_instance *in, size_t s, const int *counts,
                             double *value, kp_violations *out)
{
    struct kp__sink sk = {NULL, out, 0, 0};
    return check(in, s, NULL, counts, NULL, NULL, value, &sk);
}

/* model.h. */
int kp__plan_check_fixed(const kp_instance *in, size_t s, const kp__fix *fix,
                         const int *counts, double *value, kp_diags *d)
{
    struct kp__sink sk = {d, NULL, 0, 0};
    return check(in, s, fix, counts, NULL, NULL, value, &sk);
}

/* model.h. */
int kp__plan_check_violations_team(const kp_instance *in, size_t s, const int *counts,
                                   const int *mgr, double *value, kp_violations *out)
{
    struct kp__sink sk = {NULL, out, 0, 0};
    return check(in, s, NULL, counts, mgr, NULL, value, &sk);
}

/* model.h. */
int kp__plan_check_team(const kp_instance *in, size_t s, const kp__fix *fix,
                        const int *counts, const int *mgr, double *value,
                        kp_diags *d)
{
    struct kp__sink sk = {d, NULL, 0, 0};
    return check(in, s, fix, counts, mgr, NULL, value, &sk);
}

/* model.h. */
int kp__plan_check_violations_periods(const kp_instance *in, size_t s, const int *counts,
                                      const int *pcounts, double *value,
                                      kp_violations *out)
{
    struct kp__sink sk = {NULL, out, 0, 0};
    return check(in, s, NULL, counts, NULL, pcounts, value, &sk);
}

/* model.h. */
int kp__plan_check_periods(const kp_instance *in, size_t s, const kp__fix *fix,
                           const int *counts, const int *pcounts, double *value,
                           kp_diags *d)
{
    struct kp__sink sk = {d, NULL, 0, 0};
    return check(in, s, fix, counts, NULL, pcounts, value, &sk);
}

/* model.h. */
int kp__plan_check_full(const kp_instance *in, size_t s, const kp__fix *fix,
                        const int *counts, const int *mgr, const int *pcounts,
                        double *value, kp_diags *d)
{
    struct kp__sink sk = {d, NULL, 0, 0};
    return check(in, s, fix, counts, mgr, pcounts, value, &sk);
}

/* model.h. */
int kp__plan_check_violations_full(const kp_instance *in, size_t s, const int *counts,
                                   const int *mgr, const int *pcounts, double *value,
                                   kp_violations *out)
{
    struct kp__sink sk = {NULL, out, 0, 0};
    return check(in, s, NULL, counts, mgr, pcounts, value, &sk);
}
