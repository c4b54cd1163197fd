/*
 * rules.c - every rule of the model in one place: one entry of the rule
 * table per rule (enum kp_rule, in its order), and beside it what the
 * entry points to: its rows in the programme, its plan check, its words
 * for a planner, its test for the heuristics, and the statement of
 * models/kamplan.mod that states it. model.h documents each field; the
 * README of this folder says how to add a rule.
 *
 * The rows and the check of a rule are kept apart on purpose: the rows
 * work on the programme's columns, the check reads the raw instance and
 * the plan's counts only, so that the plan check stays an independent
 * referee of the solver.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/rules.h"

/* The account an explanation group is about (NULL: the plan). */
#define ACC(in, k) (&(in)->acc[k])

/* ---- hours: the plan's hours within the scenario's ---------------------- */

/* Left out, the row stays, free, so that its sum can serve as an
 * objective (explain.c). */
static void hours_rows(struct kp__build *b, int i)
{
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;
    (void)i;
    lp->hours_row = lp->nrows;
    kp__build_row(b, -HUGE_VAL, kp__build_dropped(b, -1, KP_RULE_HOURS)
                  ? HUGE_VAL : b->sc->hours, "hours", NULL, NULL, 0, 0);
    for (size_t a = 0; a < in->nact; a++)
        for (int j = 0; lp->x[a] >= 0 && j < in->act[a].max_count; j++)
            kp__build_entry(b, lp->x[a] + j, in->act[a].hours);
}

static void hours_check(struct kp__check *c, int i)
{
    (void)i;
    if (kp__over(c->hours, c->sc->hours))
        kp__check_report(c, KP_RULE_HOURS, NULL, NULL, c->hours - c->sc->hours,
                         "hours: %.10g planned, %.10g available", c->hours,
                         c->sc->hours);
}

static int hours_applies(const kp_instance *in, const kp__scenario *sc, int k,
                         const unsigned char *omit)
{
    (void)in, (void)sc, (void)omit;
    return k < 0;
}

static void hours_words(const kp_instance *in, const kp__scenario *sc, int k,
                        kp__str *out)
{
    (void)in, (void)k;
    kp__str_addf(out, "%.10g hours are available (hours)", sc->hours);
}

static int hours_keeps(const kp__totals *t, int k)
{
    return k >= 0 || !kp__over(t->hours, t->sc->hours);
}

/* ---- budget: the plan's cost within the scenario's budget, when set ----- */

static void budget_rows(struct kp__build *b, int i)
{
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;
    (void)i;
    if (!kp__isset(b->sc->budget))
        return;
    lp->budget_row = lp->nrows;
    kp__build_row(b, -HUGE_VAL, kp__build_dropped(b, -1, KP_RULE_BUDGET)
                  ? HUGE_VAL : b->sc->budget, "budget", NULL, NULL, 0, 0);
    for (size_t a = 0; a < in->nact; a++)
        for (int j = 0; lp->x[a] >= 0 && j < in->act[a].max_count; j++)
            kp__build_entry(b, lp->x[a] + j, in->act[a].cost);
}

static void budget_check(struct kp__check *c, int i)
{
    (void)i;
    if (kp__isset(c->sc->budget) && kp__over(c->cost, c->sc->budget))
        kp__check_report(c, KP_RULE_BUDGET, NULL, NULL, c->cost - c->sc->budget,
                         "budget: %.10g planned, %.10g available", c->cost,
                         c->sc->budget);
}

static int budget_applies(const kp_instance *in, const kp__scenario *sc, int k,
                          const unsigned char *omit)
{
    (void)in, (void)omit;
    return k < 0 && kp__isset(sc->budget);
}

static void budget_words(const kp_instance *in, const kp__scenario *sc, int k,
                         kp__str *out)
{
    (void)in, (void)k;
    kp__str_addf(out, "the budget is %.10g (budget)", sc->budget);
}

static int budget_keeps(const kp__totals *t, int k)
{
    return k >= 0 || !kp__isset(t->sc->budget) || !kp__over(t->cost, t->sc->budget);
}

/* ---- max_key_accounts: how many accounts may be key --------------------- */

static void portfolio_rows(struct kp__build *b, int i)
{
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;
    (void)i;
    if (b->sc->max_key_accounts < 0)
        return;
    lp->portfolio_row = lp->nrows;
    kp__build_row(b, -HUGE_VAL, kp__build_dropped(b, -1, KP_RULE_MAX_KEY_ACCOUNTS)
                  ? HUGE_VAL : b->sc->max_key_accounts, "portfolio", NULL, NULL, 0, 0);
    for (size_t k = 0; k < in->nacc; k++)
        kp__build_entry(b, lp->y[k], 1);
}

static void portfolio_check(struct kp__check *c, int i)
{
    int max = c->sc->max_key_accounts;
    (void)i;
    if (max >= 0 && c->nkey > max)
        kp__check_report(c, KP_RULE_MAX_KEY_ACCOUNTS, NULL, NULL, c->nkey - max,
                         "key accounts: %d managed, max_key_accounts is %d",
                         c->nkey, max);
}

static int portfolio_applies(const kp_instance *in, const kp__scenario *sc, int k,
                             const unsigned char *omit)
{
    (void)in, (void)omit;
    return k < 0 && sc->max_key_accounts >= 0;
}

static void portfolio_words(const kp_instance *in, const kp__scenario *sc, int k,
                            kp__str *out)
{
    (void)in, (void)k;
    kp__str_addf(out, "at most %d key account%s (max_key_accounts)",
                 sc->max_key_accounts, sc->max_key_accounts == 1 ? "" : "s");
}

/* A plan that already has more key accounts than allowed (forced ones)
 * may still grow inside them: only opening one more breaks the rule. */
static int portfolio_keeps(const kp__totals *t, int k)
{
    int max = t->sc->max_key_accounts;
    return k >= 0 || !t->opens || max < 0 || t->nkey <= max;
}

/* 1 when scenario sc's own key (what = KP_KEY) or exclude (KP_EXCLUDE)
 * lists account k. */
static int scenario_listed(const kp_instance *in, const kp__scenario *sc, int k,
                           int what)
{
    if (!(what == KP_KEY ? sc->nkey : sc->nexclude))
        return 0;
    return kp_instance_scenario_forces(in, (size_t)(sc - in->scen), (size_t)k) == what;
}

/* ---- status_key: an account with status=key is key ---------------------- */

/* y[k] fixed to 1; the plan check counts such an account as key whatever
 * the plan, so it has no check of its own. */
static void status_key_bounds(struct kp__build *b)
{
    const kp_instance *in = b->in;
    for (size_t k = 0; k < in->nacc; k++)
        if (b->lp->y[k] >= 0 && in->acc[k].status == KP_KEY &&
            !kp__build_dropped(b, (int)k, KP_RULE_STATUS_KEY) &&
            !scenario_listed(in, b->sc, (int)k, KP_EXCLUDE))
            b->lp->lb[b->lp->y[k]] = 1;
}

/* A scenario's exclude wins over status=key (models/README.md). */
static int status_key_applies(const kp_instance *in, const kp__scenario *sc, int k,
                              const unsigned char *omit)
{
    (void)omit;
    return k >= 0 && in->acc[k].status == KP_KEY &&
           !scenario_listed(in, sc, k, KP_EXCLUDE);
}

static void status_key_words(const kp_instance *in, const kp__scenario *sc, int k,
                             kp__str *out)
{
    (void)sc;
    kp__str_addf(out, "%s must be key (status=key)", ACC(in, k)->id);
}

/* ---- max_hours: a key account's hours within its cap -------------------- */

static void max_hours_rows(struct kp__build *b, int k)
{
    const kp__account *a = &b->in->acc[k];
    if (!kp__isset(a->max_hours) || kp__build_dropped(b, k, KP_RULE_MAX_HOURS))
        return;
    kp__build_row(b, -HUGE_VAL, 0, "acc_hours_max", a->id, NULL, (long)k, 0);
    kp__build_account_sum(b, k, 0);
    kp__build_entry(b, b->lp->y[k], -a->max_hours);
}

static void max_hours_check(struct kp__check *c, int k)
{
    const kp__account *a = &c->in->acc[k];
    if (kp__isset(a->max_hours) && kp__over(c->acc_hours, a->max_hours))
        kp__check_report(c, KP_RULE_MAX_HOURS, a->id, NULL,
                         c->acc_hours - a->max_hours,
                         "%s: %.10g hours planned, max_hours is %.10g",
                         a->id, c->acc_hours, a->max_hours);
}

static int max_hours_applies(const kp_instance *in, const kp__scenario *sc, int k,
                             const unsigned char *omit)
{
    (void)sc, (void)omit;
    return k >= 0 && kp__isset(in->acc[k].max_hours);
}

static void max_hours_words(const kp_instance *in, const kp__scenario *sc, int k,
                            kp__str *out)
{
    (void)sc;
    kp__str_addf(out, "%s may take at most %.10g hours (max_hours)",
                 ACC(in, k)->id, ACC(in, k)->max_hours);
}

/* The heuristics may cap an account tighter than max_hours (a share). */
static int max_hours_keeps(const kp__totals *t, int k)
{
    double cap;
    if (k < 0)
        return 1;
    cap = t->hours_cap ? t->hours_cap[k] : t->in->acc[k].max_hours;
    return !kp__isset(cap) || !kp__over(t->acc_hours, cap);
}

/* ---- min_hours: a key account gets at least its hours ------------------- */

static void min_hours_rows(struct kp__build *b, int k)
{
    const kp__account *a = &b->in->acc[k];
    if (!(a->min_hours > 0) || kp__build_dropped(b, k, KP_RULE_MIN_HOURS))
        return;
    kp__build_row(b, 0, HUGE_VAL, "acc_hours_min", a->id, NULL, (long)k, 0);
    kp__build_account_sum(b, k, 0);
    kp__build_entry(b, b->lp->y[k], -a->min_hours);
}

static void min_hours_check(struct kp__check *c, int k)
{
    const kp__account *a = &c->in->acc[k];
    if (kp__under(c->acc_hours, a->min_hours))
        kp__check_report(c, KP_RULE_MIN_HOURS, a->id, NULL,
                         a->min_hours - c->acc_hours,
                         "%s: %.10g hours planned, min_hours is %.10g",
                         a->id, c->acc_hours, a->min_hours);
}

static int min_hours_applies(const kp_instance *in, const kp__scenario *sc, int k,
                             const unsigned char *omit)
{
    (void)sc, (void)omit;
    return k >= 0 && in->acc[k].min_hours > 0;
}

static void min_hours_words(const kp_instance *in, const kp__scenario *sc, int k,
                            kp__str *out)
{
    double most = 0;
    (void)sc;
    for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++)
        most += in->act[in->act_idx[i]].hours * in->act[in->act_idx[i]].max_count;
    kp__str_addf(out, "%s needs at least %.10g hours (min_hours), and its "
                 "activities can take %.10g", ACC(in, k)->id, ACC(in, k)->min_hours,
                 most);
}

/* ---- max_budget: a key account's cost within its cap -------------------- */

static void max_budget_rows(struct kp__build *b, int k)
{
    const kp__account *a = &b->in->acc[k];
    if (!kp__isset(a->max_budget) || kp__build_dropped(b, k, KP_RULE_MAX_BUDGET))
        return;
    kp__build_row(b, -HUGE_VAL, 0, "acc_budget_max", a->id, NULL, (long)k, 0);
    kp__build_account_sum(b, k, 1);
    kp__build_entry(b, b->lp->y[k], -a->max_budget);
}

static void max_budget_check(struct kp__check *c, int k)
{
    const kp__account *a = &c->in->acc[k];
    if (kp__isset(a->max_budget) && kp__over(c->acc_cost, a->max_budget))
        kp__check_report(c, KP_RULE_MAX_BUDGET, a->id, NULL,
                         c->acc_cost - a->max_budget,
                         "%s: %.10g spent, max_budget is %.10g", a->id,
                         c->acc_cost, a->max_budget);
}

static int max_budget_applies(const kp_instance *in, const kp__scenario *sc, int k,
                              const unsigned char *omit)
{
    (void)sc, (void)omit;
    return k >= 0 && kp__isset(in->acc[k].max_budget);
}

static void max_budget_words(const kp_instance *in, const kp__scenario *sc, int k,
                             kp__str *out)
{
    (void)sc;
    kp__str_addf(out, "%s may cost at most %.10g (max_budget)", ACC(in, k)->id,
                 ACC(in, k)->max_budget);
}

static int max_budget_keeps(const kp__totals *t, int k)
{
    double cap = k >= 0 ? t->in->acc[k].max_budget : NAN;
    return !kp__isset(cap) || !kp__over(t->acc_cost, cap);
}

/* ---- min_contacts: a key account engages enough contacts ---------------- */

static void breadth_rows(struct kp__build *b, int k)
{
    const kp_instance *in = b->in;
    int need = b->sc->min_contacts;
    if (!(need > 0) || kp__build_dropped(b, k, KP_RULE_MIN_CONTACTS))
        return;
    kp__build_row(b, 0, HUGE_VAL, "breadth", in->acc[k].id, NULL, (long)k, 0);
    for (int i = in->con_start[k]; i < in->con_start[k + 1]; i++)
        kp__build_entry(b, b->lp->z[in->con_idx[i]], 1);
    kp__build_entry(b, b->lp->y[k], -need);
}

static void breadth_check(struct kp__check *c, int k)
{
    const kp__account *a = &c->in->acc[k];
    int need = c->sc->min_contacts;
    if (c->engaged < need)
        kp__check_report(c, KP_RULE_MIN_CONTACTS, a->id, NULL, need - c->engaged,
                         "%s: %d contacts engaged, %d required", a->id,
                         c->engaged, need);
}

static int breadth_applies(const kp_instance *in, const kp__scenario *sc, int k,
                           const unsigned char *omit)
{
    (void)in, (void)omit;
    return k >= 0 && sc->min_contacts > 0;
}

static void breadth_words(const kp_instance *in, const kp__scenario *sc, int k,
                          kp__str *out)
{
    int reach = 0;
    for (int i = in->con_start[k]; i < in->con_start[k + 1]; i++)
        reach += in->cact_start[in->con_idx[i] + 1] > in->cact_start[in->con_idx[i]];
    kp__str_addf(out, "%s must engage %d contacts (min_contacts), and %d of "
                 "its contacts %s an activity", ACC(in, k)->id, sc->min_contacts,
                 reach, reach == 1 ? "has" : "have");
}

/* ---- contact rules: who must be engaged in a key account ---------------- */

/* The row z[c] >= y[k], named after the rule. Without z (no activity
 * engages c) it says y[k] <= 0; programme.c builds it then only when
 * exact, since the shortcut leaves such accounts out instead. */
static void contact_row(struct kp__build *b, int c, int rule)
{
    const kp__contact *ct = &b->in->con[c];
    kp__build_row(b, 0, HUGE_VAL, kp_rule_name(rule), ct->id, NULL, (long)c, 0);
    kp__build_entry(b, b->lp->z[c], 1);
    kp__build_entry(b, b->lp->y[ct->account], -1);
}

/* 1 when some contact of account k requires engaging by rule. */
static int any_contact(const kp_instance *in, int k, int rule)
{
    const kp__rule *r = kp__rule_get(rule);
    if (k < 0)
        return 0;
    for (int i = in->con_start[k]; i < in->con_start[k + 1]; i++)
        if (r->requires_contact(in, &in->con[in->con_idx[i]]))
            return 1;
    return 0;
}

/* Lists account k's contacts that rule requires, each with notes
 * (influence: show it). */
static void list_contacts(const kp_instance *in, int k, int rule, int influence,
                          kp__str *out)
{
    const kp__rule *r = kp__rule_get(rule);
    int first = 1;
    for (int i = in->con_start[k]; i < in->con_start[k + 1]; i++) {
        int c = in->con_idx[i];
        const kp__contact *ct = &in->con[c];
        int none = in->cact_start[c + 1] == in->cact_start[c];
        if (!r->requires_contact(in, ct))
            continue;
        kp__str_addf(out, "%s%s", first ? "" : ", ", ct->id);
        if (influence)
            kp__str_addf(out, " (influence %g%s)", ct->influence,
                         none ? ", no activity" : "");
        else if (none)
            kp__str_add(out, " (no activity)");
        first = 0;
    }
}

/* entrenched: every entrenched influencer, when the policy requires it. */
static int entrenched_requires(const kp_instance *in, const kp__contact *ct)
{
    return in->pol.require_entrenched && ct->entrenched;
}

static void entrenched_rows(struct kp__build *b, int c)
{
    contact_row(b, c, KP_RULE_ENTRENCHED);
}

static void entrenched_check(struct kp__check *c, int ci)
{
    const kp__contact *ct = &c->in->con[ci];
    const char *acc = c->in->acc[ct->account].id;
    kp__check_report(c, KP_RULE_ENTRENCHED, acc, ct->id, 1,
                     "%s: entrenched influencer %s is not engaged", acc, ct->id);
}

static void entrenched_unreachable(const kp_instance *in, const kp__contact *ct,
                                   kp__str *why)
{
    (void)in;
    kp__str_addf(why, "its entrenched influencer %s has no activity", ct->id);
}

static int entrenched_applies(const kp_instance *in, const kp__scenario *sc, int k,
                              const unsigned char *omit)
{
    (void)sc, (void)omit;
    return any_contact(in, k, KP_RULE_ENTRENCHED);
}

static void entrenched_words(const kp_instance *in, const kp__scenario *sc, int k,
                             kp__str *out)
{
    (void)sc;
    kp__str_addf(out, "%s must engage its entrenched influencers "
                 "(require_entrenched): ", ACC(in, k)->id);
    list_contacts(in, k, KP_RULE_ENTRENCHED, 0, out);
}

/* opponent: every opponent of influence opponent_influence or more, when
 * the policy sets it (someone whose interests a deal threatens). */
static int opponent_requires(const kp_instance *in, const kp__contact *ct)
{
    return kp__isset(in->pol.opponent_influence) &&
           ct->stance == KP__STANCE_OPPONENT &&
           ct->influence >= in->pol.opponent_influence;
}

static void opponent_rows(struct kp__build *b, int c)
{
    contact_row(b, c, KP_RULE_OPPONENT);
}

static void opponent_check(struct kp__check *c, int ci)
{
    const kp__contact *ct = &c->in->con[ci];
    const char *acc = c->in->acc[ct->account].id;
    kp__check_report(c, KP_RULE_OPPONENT, acc, ct->id, 1,
                     "%s: opponent %s (influence %g) is not engaged", acc, ct->id,
                     ct->influence);
}

static void opponent_unreachable(const kp_instance *in, const kp__contact *ct,
                                 kp__str *why)
{
    kp__str_addf(why, "its opponent %s (influence %g, opponent_influence %g) "
                 "has no activity", ct->id, ct->influence,
                 in->pol.opponent_influence);
}

static int opponent_applies(const kp_instance *in, const kp__scenario *sc, int k,
                            const unsigned char *omit)
{
    (void)sc, (void)omit;
    return any_contact(in, k, KP_RULE_OPPONENT);
}

static void opponent_words(const kp_instance *in, const kp__scenario *sc, int k,
                           kp__str *out)
{
    (void)sc;
    kp__str_addf(out, "%s must engage its opponents of influence %g or more "
                 "(opponent_influence): ", ACC(in, k)->id, in->pol.opponent_influence);
    list_contacts(in, k, KP_RULE_OPPONENT, 1, out);
}

/* ---- requires: an activity only after its prerequisites ----------------- */

/* A prerequisite without variables (its account is out) can never be
 * done, so neither can the activity that requires it. */
static void requires_bounds(struct kp__build *b)
{
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;
    if (kp__build_dropped(b, -1, KP_RULE_REQUIRES))
        return;
    for (size_t a = 0; a < in->nact; a++) {
        const kp__activity *ac = &in->act[a];
        if (lp->x[a] < 0)
            continue;
        for (int r = 0; r < ac->nrequires; r++)
            if (lp->x[ac->requires[r]] < 0)
                for (int j = 0; j < ac->max_count; j++)
                    lp->ub[lp->x[a] + j] = 0;
    }
}

static void requires_rows(struct kp__build *b, int a)
{
    const kp_instance *in = b->in;
    const kp__activity *ac = &in->act[a];
    kp__lp *lp = b->lp;
    if (kp__build_dropped(b, -1, KP_RULE_REQUIRES))
        return;
    for (int r = 0; r < ac->nrequires; r++) {
        int req = ac->requires[r];
        if (lp->x[req] < 0)
            continue;
        kp__build_row(b, -HUGE_VAL, 0, "requires", ac->id, in->act[req].id,
                      (long)a, 0);
        kp__build_entry(b, lp->x[a], 1);
        kp__build_entry(b, lp->x[req], -1);
    }
}

static void requires_check(struct kp__check *c, int i)
{
    const kp_instance *in = c->in;
    const kp__activity *a = &in->act[i];
    for (int r = 0; r < a->nrequires; r++) {
        int q = a->requires[r];
        if (c->counts[q] <= 0)
            kp__check_report(c, KP_RULE_REQUIRES, in->acc[a->account].id, a->id, 1,
                             "%s done without its prerequisite %s", a->id,
                             in->act[q].id);
    }
}

static int requires_applies(const kp_instance *in, const kp__scenario *sc, int k,
                            const unsigned char *omit)
{
    (void)sc;
    if (k >= 0)
        return 0;
    for (size_t a = 0; a < in->nact; a++)
        if (in->act[a].nrequires > 0 && !(omit && omit[in->act[a].account]))
            return 1;
    return 0;
}

static void requires_words(const kp_instance *in, const kp__scenario *sc, int k,
                           kp__str *out)
{
    (void)in, (void)sc, (void)k;
    kp__str_add(out, "activities need their prerequisites done (requires)");
}

/* ---- group: of each group of alternatives at most one ------------------- */

/* One row per group with two or more members in the model; the members
 * are gathered per group by a counting sort. */
static void group_rows(struct kp__build *b, int i)
{
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;
    int *gstart = NULL, *gidx = NULL;
    (void)i;
    if (!in->ngroups || kp__build_dropped(b, -1, KP_RULE_GROUP))
        return;
    gstart = calloc(in->ngroups + 1, sizeof *gstart);
    gidx = malloc((in->nact + 1) * sizeof *gidx);
    if (!gstart || !gidx) {
        b->oom = 1;
        goto out;
    }
    for (size_t a = 0; a < in->nact; a++)
        if (lp->x[a] >= 0 && in->act[a].group >= 0)
            gstart[in->act[a].group + 1]++;
    for (size_t g = 0; g < in->ngroups; g++)
        gstart[g + 1] += gstart[g];
    for (size_t a = 0; a < in->nact; a++)
        if (lp->x[a] >= 0 && in->act[a].group >= 0)
            gidx[gstart[in->act[a].group]++] = (int)a;
    /* gstart[g] now holds the end of group g; its start is gstart[g-1]. */
    for (size_t g = 0; g < in->ngroups; g++) {
        int from = g ? gstart[g - 1] : 0, to = gstart[g];
        if (to - from < 2)
            continue;
        kp__build_row(b, -HUGE_VAL, 1, "group", in->groups[g], NULL, (long)g, 0);
        for (int m = from; m < to; m++)
            kp__build_entry(b, lp->x[gidx[m]], 1);
    }
out:
    free(gstart);
    free(gidx);
}

/* Reads and keeps c->group_first: the first member of each group done. */
static void group_check(struct kp__check *c, int i)
{
    const kp_instance *in = c->in;
    const kp__activity *a = &in->act[i];
    if (a->group < 0)
        return;
    if (c->group_first[a->group] < 0) {
        c->group_first[a->group] = i;
        return;
    }
    kp__check_report(c, KP_RULE_GROUP, in->acc[a->account].id, a->id, 1,
                     "%s and %s are alternatives (group %s): at most one may be done",
                     in->act[c->group_first[a->group]].id, a->id,
                     in->groups[a->group]);
}

static int group_applies(const kp_instance *in, const kp__scenario *sc, int k,
                         const unsigned char *omit)
{
    (void)sc, (void)omit;
    return k < 0 && in->ngroups > 0;
}

static void group_words(const kp_instance *in, const kp__scenario *sc, int k,
                        kp__str *out)
{
    (void)in, (void)sc, (void)k;
    kp__str_add(out, "of each group of alternatives at most one activity "
                "may be done (group)");
}

/* ---- rules on the plan's entries: counts and accounts as written -------- */

static void max_count_check(struct kp__check *c, int i)
{
    const kp__activity *a = &c->in->act[i];
    int n = c->counts[i];
    if (n < 0 || n > a->max_count)
        kp__check_report(c, KP_RULE_MAX_COUNT, c->in->acc[a->account].id, a->id,
                         n < 0 ? -n : n - a->max_count,
                         "%s: done %d times, max_count is %d", a->id, n,
                         a->max_count);
}

static void not_qualified_check(struct kp__check *c, int i)
{
    const kp__activity *a = &c->in->act[i];
    const kp__account *acc = &c->in->acc[a->account];
    if (kp__acc_status(c->in, c->sc, a->account) != KP_EXCLUDE &&
        !kp__acc_eligible(c->in, c->sc, a->account))
        kp__check_report(c, KP_RULE_NOT_QUALIFIED, acc->id, a->id, c->counts[i],
                         "%s: account %s does not qualify as a key account "
                         "(%d of %d criteria met)", a->id, acc->id,
                         acc->criteria_met, c->in->pol.min_criteria);
}

static void excluded_check(struct kp__check *c, int i)
{
    const kp__activity *a = &c->in->act[i];
    const kp__account *acc = &c->in->acc[a->account];
    if (kp__acc_status(c->in, c->sc, a->account) == KP_EXCLUDE &&
        !scenario_listed(c->in, c->sc, a->account, KP_EXCLUDE))
        kp__check_report(c, KP_RULE_EXCLUDED, acc->id, a->id, c->counts[i],
                         "%s: account %s is excluded (status=exclude)", a->id,
                         acc->id);
}

/* ---- commitments: min_count and locked (activities.csv) ----------------- */

/* Per committed activity a of account k: the row
 * min_count(a): sum over j of x(a,j) >= min_count(a). A row, not a bound,
 * so that it meets a bound that bans the activity (a prerequisite out of
 * the model, its account excluded) as an infeasible programme, never as a
 * column with lb > ub. */
static void min_count_rows(struct kp__build *b, int k)
{
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;
    if (in->acc[k].committed < 0 || kp__build_dropped(b, k, KP_RULE_MIN_COUNT))
        return;
    for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
        int a = in->act_idx[i];
        const kp__activity *ac = &in->act[a];
        if (ac->min_count <= 0 || lp->x[a] < 0)
            continue;
        kp__build_row(b, ac->min_count, HUGE_VAL, "min_count", ac->id, NULL,
                      (long)a, 0);
        for (int j = 0; j < ac->max_count; j++)
            kp__build_entry(b, lp->x[a] + j, 1);
    }
}

static void min_count_check(struct kp__check *c, int i)
{
    const kp__activity *a = &c->in->act[i];
    int n = c->counts[i];
    if (n < a->min_count)
        kp__check_report(c, KP_RULE_MIN_COUNT, c->in->acc[a->account].id, a->id,
                         a->min_count - n, "%s: done %d times, min_count is %d "
                         "(committed)", a->id, n, a->min_count);
}

static int min_count_applies(const kp_instance *in, const kp__scenario *sc, int k,
                             const unsigned char *omit)
{
    (void)sc, (void)omit;
    return k >= 0 && in->acc[k].committed >= 0;
}

/* Lists account k's committed activities (locked: its locked ones), each
 * with its min_count: "A at least 2 times, B at least 1 time" (locked:
 * "A exactly 2 times", "B not at all" without a min_count). */
static void list_committed(const kp_instance *in, int k, int locked, kp__str *out)
{
    int first = 1;
    for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
        const kp__activity *ac = &in->act[in->act_idx[i]];
        if (locked ? !ac->locked : ac->min_count <= 0)
            continue;
        if (ac->min_count == 0)
            kp__str_addf(out, "%s%s not at all", first ? "" : ", ", ac->id);
        else
            kp__str_addf(out, "%s%s %s%d time%s", first ? "" : ", ", ac->id,
                         locked ? "exactly " : "at least ", ac->min_count,
                         ac->min_count == 1 ? "" : "s");
        first = 0;
    }
}

static void min_count_words(const kp_instance *in, const kp__scenario *sc, int k,
                            kp__str *out)
{
    (void)sc;
    kp__str_addf(out, "%s must do ", ACC(in, k)->id);
    list_committed(in, k, 0, out);
    kp__str_add(out, " (min_count)");
}

/* Locked activity: x(a,j) fixed to 0 beyond min_count (all of them
 * without a min_count: banned). */
static void locked_bounds(struct kp__build *b)
{
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;
    for (size_t a = 0; a < in->nact; a++) {
        const kp__activity *ac = &in->act[a];
        if (!ac->locked || lp->x[a] < 0 ||
            kp__build_dropped(b, ac->account, KP_RULE_LOCKED))
            continue;
        for (int j = ac->min_count; j < ac->max_count; j++)
            lp->ub[lp->x[a] + j] = 0;
    }
}

static void locked_check(struct kp__check *c, int i)
{
    const kp__activity *a = &c->in->act[i];
    int n = c->counts[i];
    if (a->locked && n > a->min_count)
        kp__check_report(c, KP_RULE_LOCKED, c->in->acc[a->account].id, a->id,
                         n - a->min_count, "%s: done %d times, locked at %d", a->id,
                         n, a->min_count);
}

static int locked_applies(const kp_instance *in, const kp__scenario *sc, int k,
                          const unsigned char *omit)
{
    (void)sc, (void)omit;
    if (k < 0)
        return 0;
    for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++)
        if (in->act[in->act_idx[i]].locked)
            return 1;
    return 0;
}

static void locked_words(const kp_instance *in, const kp__scenario *sc, int k,
                         kp__str *out)
{
    (void)sc;
    kp__str_addf(out, "%s's locked activities: ", ACC(in, k)->id);
    list_committed(in, k, 1, out);
    kp__str_add(out, " (locked)");
}

/* ---- scenario_key and scenario_exclude (scenarios.csv) ------------------ */

/* y[k] fixed to 1; like status=key, the plan check counts such an account
 * as key whatever the plan. */
static void scenario_key_bounds(struct kp__build *b)
{
    const kp__scenario *sc = b->sc;
    for (int i = 0; i < sc->nkey; i++) {
        int k = sc->key[i];
        if (b->lp->y[k] >= 0 && !kp__build_dropped(b, k, KP_RULE_SCENARIO_KEY))
            b->lp->lb[b->lp->y[k]] = 1;
    }
}

static int scenario_key_applies(const kp_instance *in, const kp__scenario *sc, int k,
                                const unsigned char *omit)
{
    (void)omit;
    return k >= 0 && scenario_listed(in, sc, k, KP_KEY);
}

static void scenario_key_words(const kp_instance *in, const kp__scenario *sc, int k,
                               kp__str *out)
{
    kp__str_addf(out, "%s must be key in scenario %s (scenarios.csv key)",
                 ACC(in, k)->id, sc->id);
}

/* An excluded account has no variables, unless an activity of it is
 * committed (min_count >= 1): then y[k] is there, fixed to 0, so that the
 * programme says by itself that the two cannot hold together. */
static void scenario_exclude_bounds(struct kp__build *b)
{
    const kp_instance *in = b->in;
    for (size_t k = 0; k < in->nacc; k++)
        if (b->lp->y[k] >= 0 && kp__acc_status(in, b->sc, (int)k) == KP_EXCLUDE &&
            !kp__build_dropped(b, (int)k, KP_RULE_SCENARIO_EXCLUDE))
            b->lp->ub[b->lp->y[k]] = 0;
}

static void scenario_exclude_check(struct kp__check *c, int i)
{
    const kp__activity *a = &c->in->act[i];
    const kp__account *acc = &c->in->acc[a->account];
    if (scenario_listed(c->in, c->sc, a->account, KP_EXCLUDE))
        kp__check_report(c, KP_RULE_SCENARIO_EXCLUDE, acc->id, a->id, c->counts[i],
                         "%s: account %s is excluded in scenario %s (scenarios.csv "
                         "exclude)", a->id, acc->id, c->sc->id);
}

static int scenario_exclude_applies(const kp_instance *in, const kp__scenario *sc,
                                    int k, const unsigned char *omit)
{
    (void)omit;
    return k >= 0 && kp__acc_conflict(in, sc, k);
}

static void scenario_exclude_words(const kp_instance *in, const kp__scenario *sc,
                                   int k, kp__str *out)
{
    kp__str_addf(out, "%s is ", ACC(in, k)->id);
    kp__excluded_words(in, sc, k, out);
}

/* ---- the table ----------------------------------------------------------- */

static const kp__rule RULES[KP_N_RULES] = {
    {KP_RULE_HOURS, KP__SCOPE_PLAN, "s.t. hours_total",
     hours_rows, NULL, KP__CHECK_TOTALS, hours_check, NULL, NULL, NULL,
     hours_applies, 10, hours_words, hours_keeps},
    {KP_RULE_BUDGET, KP__SCOPE_PLAN, "s.t. budget_total",
     budget_rows, NULL, KP__CHECK_TOTALS, budget_check, NULL, NULL, NULL,
     budget_applies, 9, budget_words, budget_keeps},
    {KP_RULE_MAX_KEY_ACCOUNTS, KP__SCOPE_PLAN, "s.t. portfolio",
     portfolio_rows, NULL, KP__CHECK_PORTFOLIO, portfolio_check, NULL, NULL, NULL,
     portfolio_applies, 4, portfolio_words, portfolio_keeps},
    {KP_RULE_STATUS_KEY, KP__SCOPE_ACCOUNT, "s.t. forced_key",
     NULL, status_key_bounds, KP__CHECK_NEVER, NULL, NULL, NULL, NULL,
     status_key_applies, 11, status_key_words, NULL},
    {KP_RULE_MAX_HOURS, KP__SCOPE_ACCOUNT, "s.t. account_hours_max",
     max_hours_rows, NULL, KP__CHECK_ACCOUNT, max_hours_check, NULL, NULL, NULL,
     max_hours_applies, 3, max_hours_words, max_hours_keeps},
    {KP_RULE_MIN_HOURS, KP__SCOPE_ACCOUNT, "s.t. account_hours_min",
     min_hours_rows, NULL, KP__CHECK_ACCOUNT, min_hours_check, NULL, NULL, NULL,
     min_hours_applies, 5, min_hours_words, NULL},
    {KP_RULE_MAX_BUDGET, KP__SCOPE_ACCOUNT, "s.t. account_budget",
     max_budget_rows, NULL, KP__CHECK_ACCOUNT, max_budget_check, NULL, NULL, NULL,
     max_budget_applies, 2, max_budget_words, max_budget_keeps},
    {KP_RULE_MIN_CONTACTS, KP__SCOPE_ACCOUNT, "s.t. breadth",
     breadth_rows, NULL, KP__CHECK_ENGAGED, breadth_check, NULL, NULL, NULL,
     breadth_applies, 8, breadth_words, NULL},
    {KP_RULE_ENTRENCHED, KP__SCOPE_CONTACT, "s.t. must_engage",
     entrenched_rows, NULL, KP__CHECK_CONTACT, entrenched_check,
     entrenched_requires, "entrenched influencer", entrenched_unreachable,
     entrenched_applies, 7, entrenched_words, NULL},
    {KP_RULE_OPPONENT, KP__SCOPE_CONTACT, "s.t. must_engage",
     opponent_rows, NULL, KP__CHECK_CONTACT, opponent_check,
     opponent_requires, "blocking opponent", opponent_unreachable,
     opponent_applies, 6, opponent_words, NULL},
    {KP_RULE_REQUIRES, KP__SCOPE_ACTIVITY, "s.t. prerequisite",
     requires_rows, requires_bounds, KP__CHECK_TIES, requires_check, NULL, NULL,
     NULL, requires_applies, 0, requires_words, NULL},
    {KP_RULE_GROUP, KP__SCOPE_GROUPS, "s.t. alternatives",
     group_rows, NULL, KP__CHECK_TIES, group_check, NULL, NULL, NULL,
     group_applies, 1, group_words, NULL},
    {KP_RULE_MAX_COUNT, KP__SCOPE_ENTRY, "set OCC",
     NULL, NULL, KP__CHECK_COUNT, max_count_check, NULL, NULL, NULL,
     NULL, 0, NULL, NULL},
    {KP_RULE_NOT_QUALIFIED, KP__SCOPE_ENTRY, "set K",
     NULL, NULL, KP__CHECK_PLACE, not_qualified_check, NULL, NULL, NULL,
     NULL, 0, NULL, NULL},
    {KP_RULE_EXCLUDED, KP__SCOPE_ENTRY, "set K",
     NULL, NULL, KP__CHECK_PLACE, excluded_check, NULL, NULL, NULL,
     NULL, 0, NULL, NULL},
    /* Checked where a plan file is read (src/io/plan_file.c). */
    {KP_RULE_UNKNOWN_ACTIVITY, KP__SCOPE_ENTRY, "set ACTIVITIES",
     NULL, NULL, KP__CHECK_NEVER, NULL, NULL, NULL, NULL,
     NULL, 0, NULL, NULL},
    {KP_RULE_MIN_COUNT, KP__SCOPE_ACCOUNT, "s.t. committed_count",
     min_count_rows, NULL, KP__CHECK_COMMIT, min_count_check, NULL, NULL, NULL,
     min_count_applies, 13, min_count_words, NULL},
    {KP_RULE_LOCKED, KP__SCOPE_ACCOUNT, "s.t. locked_count",
     NULL, locked_bounds, KP__CHECK_COMMIT, locked_check, NULL, NULL, NULL,
     locked_applies, 12, locked_words, NULL},
    {KP_RULE_SCENARIO_KEY, KP__SCOPE_ACCOUNT, "s.t. scenario_key",
     NULL, scenario_key_bounds, KP__CHECK_NEVER, NULL, NULL, NULL, NULL,
     scenario_key_applies, 14, scenario_key_words, NULL},
    {KP_RULE_SCENARIO_EXCLUDE, KP__SCOPE_ACCOUNT, "s.t. scenario_exclude",
     NULL, scenario_exclude_bounds, KP__CHECK_PLACE, scenario_exclude_check, NULL,
     NULL, NULL, scenario_exclude_applies, 15, scenario_exclude_words, NULL},
    /* A team's managers (team.c). */
    {KP_RULE_MANAGER_HOURS, KP__SCOPE_PLAN, "s.t. manager_hours",
     kp__team_hours_rows, NULL, KP__CHECK_TOTALS, kp__team_hours_check, NULL, NULL,
     NULL, kp__team_hours_applies, 10, kp__team_hours_words, NULL},
    {KP_RULE_MANAGER_BUDGET, KP__SCOPE_PLAN, "s.t. manager_budget",
     kp__team_budget_rows, NULL, KP__CHECK_TOTALS, kp__team_budget_check, NULL, NULL,
     NULL, kp__team_budget_applies, 9, kp__team_budget_words, NULL},
    {KP_RULE_MAX_ACCOUNTS, KP__SCOPE_PLAN, "s.t. manager_accounts",
     kp__team_accounts_rows, NULL, KP__CHECK_PORTFOLIO, kp__team_accounts_check, NULL,
     NULL, NULL, kp__team_accounts_applies, 4, kp__team_accounts_words, NULL},
    /* A horizon in periods (periods.c). */
    {KP_RULE_PERIOD_HOURS, KP__SCOPE_PLAN, "s.t. period_hours",
     kp__period_hours_rows, NULL, KP__CHECK_TOTALS, kp__period_hours_check, NULL, NULL,
     NULL, kp__period_hours_applies, 10, kp__period_hours_words, NULL},
    {KP_RULE_PERIOD_BUDGET, KP__SCOPE_PLAN, "s.t. period_budget",
     kp__period_budget_rows, NULL, KP__CHECK_TOTALS, kp__period_budget_check, NULL,
     NULL, NULL, kp__period_budget_applies, 9, kp__period_budget_words, NULL},
    {KP_RULE_PERIOD_WINDOW, KP__SCOPE_ENTRY, "s.t. period_window",
     NULL, kp__period_window_bounds, KP__CHECK_COUNT, kp__period_window_check, NULL,
     NULL, NULL, kp__period_window_applies, 1, kp__period_window_words, NULL},
    {KP_RULE_PERIOD_ORDER, KP__SCOPE_ACTIVITY, "s.t. period_order",
     kp__period_order_rows, NULL, KP__CHECK_TIES, kp__period_order_check, NULL, NULL,
     NULL, kp__period_order_applies, 0, kp__period_order_words, NULL},
};

static const char *const RULE_NAME[KP_N_RULES] = {
#define KP__RULE_NAME(name, code) code,
    KP_RULE_TABLE(KP__RULE_NAME)
#undef KP__RULE_NAME
};

/* kamplan.h. */
const char *kp_rule_name(int rule)
{
    return rule >= 0 && rule < KP_N_RULES ? RULE_NAME[rule] : "?";
}

/* model.h. */
const kp__rule *kp__rule_get(int code)
{
    return code >= 0 && code < KP_N_RULES ? &RULES[code] : NULL;
}

/* model.h. */
int kp__contact_rule(const kp_instance *in, const kp__contact *ct)
{
    for (int r = 0; r < KP_N_RULES; r++)
        if (RULES[r].requires_contact && RULES[r].requires_contact(in, ct))
            return r;
    return -1;
}

/* model.h. */
int kp__rules_keep(const kp__totals *t, int k)
{
    for (int r = 0; r < KP_N_RULES; r++)
        if (RULES[r].keeps && !RULES[r].keeps(t, k))
            return 0;
    return 1;
}
