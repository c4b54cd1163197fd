/*
 * test_rules.c - the rule table (src/model/rules.c) as a specification.
 *
 * For each rule of the table, a tiny instance whose only broken rule is
 * that one:
 *  - the plan check reports exactly that rule (for a plan that breaks it);
 *  - the programme built for it (exactly, every rule a row of its own)
 *    has that rule's row, and leaving the rule out takes the row away;
 *  - kp_explain, on the same instance (its account is forced key, so the
 *    scenario is infeasible), names the rule in the table's words.
 * Rules on a plan's own entries (max_count, the account's status) have no
 * rows: they keep columns out of the programme instead. And every rule of
 * the table names a statement that exists in models/kamplan.mod (run from
 * the repository root).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "fixture.h"
#include "analysis/analysis.h"

/* One rule's case. Text fields are CSV files; NULL: the default. */
struct spec {
    int rule;
    const char *accounts, *contacts, *activities, *policy;
    int counts[2];          /* the plan, per activity in file order */
    const char *row;        /* a row of this rule in the exact programme */
    const char *absent_col; /* or a column it keeps out of the programme */
    const char *words;      /* what the explanation says; NULL: no conflict */
};

#define ACC_A "id,status\nA,key\n"
#define CON_C1 "id,account_id\nC1,A\n"
#define ACT_T1 "id,account_id,hours,cost,value,contact_id\nT1,A,2,10,5,C1\n"
#define POLICY(extra) "key,value\nhours,10\nmin_contacts,1\n" extra

static const struct spec SPECS[] = {
    {KP_RULE_HOURS, ACC_A, CON_C1, ACT_T1, "key,value\nhours,1\nmin_contacts,1\n",
     {1}, "hours", NULL, "1 hours are available (hours)"},
    {KP_RULE_BUDGET, ACC_A, CON_C1, ACT_T1, POLICY("budget,5\n"),
     {1}, "budget", NULL, "the budget is 5 (budget)"},
    {KP_RULE_MAX_KEY_ACCOUNTS, "id,status\nA,key\nB,key\n", CON_C1, ACT_T1,
     "key,value\nhours,10\nmin_contacts,0\nmax_key_accounts,1\n",
     {0}, "portfolio", NULL, "at most 1 key account (max_key_accounts)"},
    {KP_RULE_MAX_HOURS, "id,status,max_hours\nA,key,1\n", CON_C1, ACT_T1, POLICY(""),
     {1}, "acc_hours_max(A)", NULL, "A may take at most 1 hours (max_hours)"},
    {KP_RULE_MIN_HOURS, "id,status,min_hours\nA,key,5\n", CON_C1, ACT_T1, POLICY(""),
     {1}, "acc_hours_min(A)", NULL,
     "A needs at least 5 hours (min_hours), and its activities can take 2"},
    {KP_RULE_MAX_BUDGET, "id,status,max_budget\nA,key,5\n", CON_C1, ACT_T1, POLICY(""),
     {1}, "acc_budget_max(A)", NULL, "A may cost at most 5 (max_budget)"},
    {KP_RULE_MIN_CONTACTS, ACC_A, CON_C1, ACT_T1, "key,value\nhours,10\nmin_contacts,2\n",
     {1}, "breadth(A)", NULL,
     "A must engage 2 contacts (min_contacts), and 1 of its contacts has an activity"},
    {KP_RULE_ENTRENCHED, ACC_A, "id,account_id,entrenched\nC1,A,1\nC2,A,0\n",
     "id,account_id,hours,cost,value,contact_id\nT2,A,2,10,5,C2\n", POLICY(""),
     {1}, "entrenched(C1)", NULL,
     "A must engage its entrenched influencers (require_entrenched): C1 (no activity)"},
    {KP_RULE_OPPONENT, ACC_A,
     "id,account_id,influence,stance\nC1,A,4,opponent\nC2,A,1,neutral\n",
     "id,account_id,hours,cost,value,contact_id\nT2,A,2,10,5,C2\n",
     POLICY("opponent_influence,3\n"), {1}, "opponent(C1)", NULL,
     "A must engage its opponents of influence 3 or more (opponent_influence): "
     "C1 (influence 4, no activity)"},
    {KP_RULE_REQUIRES, ACC_A, CON_C1,
     "id,account_id,hours,cost,value,contact_id,requires\n"
     "T1,A,2,10,5,C1,T2\nT2,A,9,0,1,,\n", POLICY(""),
     {1, 0}, "requires(T1,T2)", NULL, "activities need their prerequisites done (requires)"},
    {KP_RULE_GROUP, ACC_A, "id,account_id\nC1,A\nC2,A\n",
     "id,account_id,hours,cost,value,contact_id,group\n"
     "T1,A,2,10,5,C1,G\nT2,A,2,10,5,C2,G\n", "key,value\nhours,10\nmin_contacts,2\n",
     {1, 1}, "group(G)", NULL,
     "of each group of alternatives at most one activity may be done (group)"},
    {KP_RULE_MAX_COUNT, ACC_A, CON_C1,
     "id,account_id,hours,cost,value,contact_id,max_count\nT1,A,2,10,5,C1,1\n",
     POLICY(""), {2}, NULL, "x(T1,2)", NULL},
    {KP_RULE_NOT_QUALIFIED, "id,status,margin_pct\nA,key,20\nB,auto,0\n",
     "id,account_id\nC1,A\nCB,B\n",
     "id,account_id,hours,cost,value,contact_id\nT1,A,2,10,5,C1\nTB,B,2,10,5,CB\n",
     POLICY("min_margin_pct,10\n"), {1, 1}, NULL, "y(B)", NULL},
    {KP_RULE_EXCLUDED, "id,status\nA,key\nB,exclude\n", "id,account_id\nC1,A\nCB,B\n",
     "id,account_id,hours,cost,value,contact_id\nT1,A,2,10,5,C1\nTB,B,2,10,5,CB\n",
     POLICY(""), {1, 1}, NULL, "y(B)", NULL},
    /* Commitments: the account is auto and forced key by them. */
    {KP_RULE_MIN_COUNT, "id\nA\n", CON_C1,
     "id,account_id,hours,cost,value,contact_id,min_count\nT1,A,2,10,5,C1,1\n",
     "key,value\nhours,1\nmin_contacts,0\n", {0}, "min_count(T1)", NULL,
     "A must do T1 at least 1 time (min_count)"},
    {KP_RULE_LOCKED, "id\nA\n", CON_C1,
     "id,account_id,hours,cost,value,contact_id,min_count,locked,requires\n"
     "T1,A,2,10,5,C1,,yes,\nT2,A,2,10,5,,1,,T1\n",
     "key,value\nhours,10\nmin_contacts,0\n", {1, 1}, NULL, NULL,
     "A's locked activities: T1 not at all (locked)"},
    /* With scenarios.csv (scenarios_of). */
    {KP_RULE_SCENARIO_EXCLUDE, "id\nA\nB\n", "id,account_id\nCA,A\nC1,B\n",
     "id,account_id,hours,cost,value,contact_id,min_count\n"
     "TA,A,2,10,5,CA,1\nT1,B,2,10,5,C1,\n",
     "key,value\nhours,10\nmin_contacts,0\n", {1, 0}, NULL, NULL,
     "A is excluded in scenario s1 (scenarios.csv exclude)"},
};

/* The scenarios.csv of rule's case (NULL: none). */
static const char *scenarios_of(int rule)
{
    return rule == KP_RULE_SCENARIO_EXCLUDE ? "id,exclude\ns1,A\n" : NULL;
}
#define NSPECS (sizeof SPECS / sizeof SPECS[0])

/* The rules of a team (managers.csv, which only a folder holds): each
 * case with its managers.csv. */
struct team_spec {
    struct spec s;
    const char *managers;
};

static const struct team_spec TEAM_SPECS[] = {
    {{KP_RULE_MANAGER_HOURS, "id,status,manager_id\nA,key,M1\n", CON_C1, ACT_T1,
      POLICY(""), {1}, "mgr_hours(M1)", NULL,
      "each manager's hours (managers.csv hours: M1 1)"},
     "id,hours\nM1,1\n"},
    {{KP_RULE_MANAGER_BUDGET, "id,status,manager_id\nA,key,M1\n", CON_C1, ACT_T1,
      POLICY(""), {1}, "mgr_budget(M1)", NULL,
      "each manager's budget (managers.csv budget: M1 5)"},
     "id,hours,budget\nM1,10,5\n"},
    {{KP_RULE_MAX_ACCOUNTS, "id,status,manager_id\nA,auto,M1\nB,auto,M1\n",
      "id,account_id\nC1,A\nCB,B\n",
      "id,account_id,hours,cost,value,contact_id\nT1,A,2,10,5,C1\nTB,B,2,10,5,CB\n",
      POLICY(""), {1, 1}, "mgr_accounts(M1)", NULL, NULL},
     "id,hours,max_accounts\nM1,10,1\n"},
};
#define NTEAM (sizeof TEAM_SPECS / sizeof TEAM_SPECS[0])

static kp_instance *load6(const char *acc, const char *con, const char *act,
                          const char *pol, const char *scen)
{
    const char *data[6] = {acc, con, NULL, act, pol, scen};
    size_t len[6];
    kp_instance *in = NULL;
    kp_diags *d = kp_diags_new();
    for (int i = 0; i < 6; i++)
        len[i] = data[i] ? strlen(data[i]) : 0;
    if (kp__instance_load_mem("rules", data, len, &in, d) != KP_OK) {
        for (size_t i = 0; i < kp_diags_count(d); i++)
            fprintf(stderr, "%s\n", kp_diags_message(d, i));
        in = NULL;
    }
    kp_diags_free(d);
    return in;
}

static kp_instance *load(const char *acc, const char *con, const char *act,
                         const char *pol)
{
    return load6(acc, con, act, pol, NULL);
}

static kp_instance *load_spec(const struct spec *sp)
{
    return load6(sp->accounts, sp->contacts, sp->activities, sp->policy,
                 scenarios_of(sp->rule));
}

/* A team's case, from a folder (managers.csv is read from one only). */
static kp_instance *load_team(const struct team_spec *tp)
{
    char dir[] = "/tmp/kp-rulesXXXXXX", p[512];
    kp_instance *in = NULL;
    kp_diags *d = kp_diags_new();
    if (!mkdtemp(dir))
        exit(2);
    fx_put(dir, "accounts.csv", tp->s.accounts);
    fx_put(dir, "contacts.csv", tp->s.contacts);
    fx_put(dir, "activities.csv", tp->s.activities);
    fx_put(dir, "policy.csv", tp->s.policy);
    fx_put(dir, "managers.csv", tp->managers);
    if (kp_instance_load(dir, &in, d) != KP_OK) {
        for (size_t i = 0; i < kp_diags_count(d); i++)
            fprintf(stderr, "%s\n", kp_diags_message(d, i));
        in = NULL;
    }
    kp_diags_free(d);
    snprintf(p, sizeof p, "%s/managers.csv", dir);
    unlink(p);
    fx_remove_instance(dir);
    return in;
}

/* The rules of a horizon in periods (periods.csv, which only a folder
 * holds): each case with its periods.csv. */
struct period_spec {
    struct spec s;
    const char *periods;
};

static const struct period_spec PERIOD_SPECS[] = {
    {{KP_RULE_PERIOD_HOURS, ACC_A, CON_C1, ACT_T1, POLICY(""), {1}, "period_hours(Q1)",
      NULL, "each period's hours (periods.csv hours: Q1 1)"},
     "id,hours\nQ1,1\n"},
    {{KP_RULE_PERIOD_BUDGET, ACC_A, CON_C1, ACT_T1, POLICY(""), {1}, "period_budget(Q1)",
      NULL, "each period's budget (periods.csv budget: Q1 5)"},
     "id,budget\nQ1,5\n"},
    /* Twice in Q1, one occurrence per period at most. */
    {{KP_RULE_PERIOD_WINDOW, ACC_A, CON_C1,
      "id,account_id,hours,cost,value,contact_id,max_count,max_per_period,earliest,"
      "latest,min_count\nT1,A,2,10,5,C1,2,1,Q1,Q1,2\n", POLICY(""), {2}, NULL, NULL,
      "each activity is done only in its periods, at most max_per_period times in "
      "one (activities.csv earliest, latest, max_per_period)"},
     "id\nQ1\nQ2\n"},
    /* T1 (Q1 only) requires T0 (Q2 only): T1 comes first. */
    {{KP_RULE_PERIOD_ORDER, ACC_A, CON_C1,
      "id,account_id,hours,cost,value,contact_id,requires,earliest,latest\n"
      "T1,A,2,10,5,C1,T0,Q1,Q1\nT0,A,1,0,1,,,Q2,Q2\n", POLICY(""), {1, 1},
      "prec(T1,T0@Q1)", NULL,
      "an activity may be done in a period only once each of its prerequisites has "
      "been done in that period or an earlier one (requires, over periods)"},
     "id\nQ1\nQ2\n"},
};
#define NPERIOD (sizeof PERIOD_SPECS / sizeof PERIOD_SPECS[0])

/* A period case, from a folder (periods.csv is read from one only). */
static kp_instance *load_periods(const struct period_spec *ps)
{
    char dir[] = "/tmp/kp-rulesXXXXXX", p[512];
    kp_instance *in = NULL;
    kp_diags *d = kp_diags_new();
    if (!mkdtemp(dir))
        exit(2);
    fx_put(dir, "accounts.csv", ps->s.accounts);
    fx_put(dir, "contacts.csv", ps->s.contacts);
    fx_put(dir, "activities.csv", ps->s.activities);
    fx_put(dir, "policy.csv", ps->s.policy);
    fx_put(dir, "periods.csv", ps->periods);
    if (kp_instance_load(dir, &in, d) != KP_OK) {
        for (size_t i = 0; i < kp_diags_count(d); i++)
            fprintf(stderr, "%s\n", kp_diags_message(d, i));
        in = NULL;
    }
    kp_diags_free(d);
    snprintf(p, sizeof p, "%s/periods.csv", dir);
    unlink(p);
    fx_remove_instance(dir);
    return in;
}

/* The exact programme with names, rule `drop` left out (-1: none) for
 * account 0 or the plan, as its scope says. */
static kp__lp *build(const kp_instance *in, int drop)
{
    kp__lp_opts o;
    kp__lp *lp = NULL;
    unsigned drop_acc[4] = {0, 0, 0, 0};
    memset(&o, 0, sizeof o);
    o.with_names = 1;
    o.exact = 1;
    if (drop >= 0) {
        int scope = kp__rule_get(drop)->scope;
        if (scope == KP__SCOPE_ACCOUNT || scope == KP__SCOPE_CONTACT)
            drop_acc[0] = KP__RULE_BIT(drop);
        else
            o.drop = KP__RULE_BIT(drop);
        o.drop_acc = drop_acc;
    }
    if (kp__lp_build_opts(in, 0, &o, &lp) != KP_OK)
        return NULL;
    return lp;
}

/* The row named name, or -1; a free row (no bound) counts as absent. */
static int find_row(const kp__lp *lp, const char *name)
{
    for (int i = 0; i < lp->nrows; i++)
        if (strcmp(lp->rname[i], name) == 0)
            return lp->rlo[i] == -HUGE_VAL && lp->rhi[i] == HUGE_VAL ? -1 : i;
    return -1;
}

static int find_col(const kp__lp *lp, const char *name)
{
    for (int j = 0; j < lp->ncols; j++)
        if (strcmp(lp->cname[j], name) == 0)
            return j;
    return -1;
}

/* The plan check reports exactly the rule, once. */
static void spec_check(const struct spec *sp, const kp_instance *in)
{
    kp_violations *v = kp_violations_new();
    int n = kp_plan_check_violations(in, 0, sp->counts, NULL, v);
    ASSERT_EQ(n, 1);
    for (size_t i = 0; i < kp_violations_count(v); i++) {
        const kp_violation *x = kp_violations_get(v, i);
        KP_T_REPORT(x->rule == sp->rule, "%s: the plan also breaks %s (%s)",
                    kp_rule_name(sp->rule), kp_rule_name(x->rule), x->detail);
    }
    kp_violations_free(v);
}

/* The rule's row is in the programme, and goes when the rule is left
 * out; or the rule keeps its column out. */
static void spec_rows(const struct spec *sp, const kp_instance *in)
{
    kp__lp *lp = build(in, -1), *without = build(in, sp->rule);
    ASSERT_TRUE(lp && without);
    if (!lp || !without)
        goto out;
    if (sp->row) {
        KP_T_REPORT(find_row(lp, sp->row) >= 0, "%s: no row %s",
                    kp_rule_name(sp->rule), sp->row);
        KP_T_REPORT(find_row(without, sp->row) < 0, "%s left out: row %s stays",
                    kp_rule_name(sp->rule), sp->row);
    } else if (sp->absent_col) {
        KP_T_REPORT(find_col(lp, sp->absent_col) < 0, "%s: column %s is there",
                    kp_rule_name(sp->rule), sp->absent_col);
    }   /* else a rule of bounds: test_commitment_bounds */
out:
    kp__lp_free(lp);
    kp__lp_free(without);
}

/* The explanation names the rule, in the table's words. */
static void spec_explain(const struct spec *sp, const kp_instance *in)
{
    kp_explanation *e = NULL;
    kp_explanation_summary sum;
    kp__str words = KP__STR_INIT;
    int found = 0;

    ASSERT_EQ(kp_explain(in, 0, NULL, &e, NULL), KP_OK);
    if (!e)
        return;
    kp_explanation_get_summary(e, &sum);
    ASSERT_EQ(sum.status, KP_EXPLAIN_INFEASIBLE);
    for (size_t i = 0; i < sum.conflicts; i++) {
        const kp_conflict *c = kp_explanation_conflict(e, i);
        if (c->rule != sp->rule)
            continue;
        found = 1;
        ASSERT_STR(c->text, sp->words);
    }
    KP_T_REPORT(found, "%s is not among the conflicts: %s", kp_rule_name(sp->rule),
                kp_explanation_text(e));
    ASSERT_CONTAINS(kp_explanation_text(e), sp->words);
    kp__rule_get(sp->rule)->words(in, &in->scen[0],
                                  kp__rule_get(sp->rule)->scope == KP__SCOPE_ACCOUNT ||
                                  kp__rule_get(sp->rule)->scope == KP__SCOPE_CONTACT
                                  ? 0 : -1, &words);
    ASSERT_STR(kp__str_get(&words), sp->words);
    kp__str_free(&words);
    kp_explanation_free(e);
}

static void test_each_rule_alone(void)
{
    for (size_t i = 0; i < NSPECS + NTEAM; i++) {
        const struct spec *sp = i < NSPECS ? &SPECS[i] : &TEAM_SPECS[i - NSPECS].s;
        kp_instance *in = i < NSPECS ? load_spec(sp) : load_team(&TEAM_SPECS[i - NSPECS]);
        KP_T_REPORT(in != NULL, "%s: the instance does not load", kp_rule_name(sp->rule));
        if (!in)
            continue;
        spec_check(sp, in);
        spec_rows(sp, in);
        if (sp->words)
            spec_explain(sp, in);
        kp_instance_free(in);
    }
}

/* Each rule of periods alone, as test_each_rule_alone. */
static void test_each_period_rule(void)
{
    for (size_t i = 0; i < NPERIOD; i++) {
        const struct spec *sp = &PERIOD_SPECS[i].s;
        kp_instance *in = load_periods(&PERIOD_SPECS[i]);
        KP_T_REPORT(in != NULL, "%s: the instance does not load", kp_rule_name(sp->rule));
        if (!in)
            continue;
        spec_check(sp, in);
        spec_rows(sp, in);
        if (sp->words)
            spec_explain(sp, in);
        kp_instance_free(in);
    }
}

/* status_key is no violation of a plan (a forced account counts as key
 * whatever the plan, so its other rules apply); it fixes y to 1, and an
 * explanation names it. */
static void test_status_key(void)
{
    kp_instance *in = load(ACC_A, CON_C1, ACT_T1, "key,value\nhours,1\nmin_contacts,1\n");
    kp__lp *lp = in ? build(in, -1) : NULL, *without = in ? build(in, KP_RULE_STATUS_KEY) : NULL;
    kp_explanation *e = NULL;
    ASSERT_TRUE(lp && without);
    if (!lp || !without)
        goto out;
    ASSERT_EQ(lp->lb[find_col(lp, "y(A)")], 1);
    ASSERT_EQ(without->lb[find_col(without, "y(A)")], 0);
    ASSERT_TRUE(kp__rule_get(KP_RULE_STATUS_KEY)->check == NULL);
    ASSERT_EQ(kp_explain(in, 0, NULL, &e, NULL), KP_OK);
    ASSERT_CONTAINS(e ? kp_explanation_text(e) : NULL, "A must be key (status=key)");
out:
    kp_explanation_free(e);
    kp__lp_free(lp);
    kp__lp_free(without);
    kp_instance_free(in);
}

/* The commitments that are bounds: locked fixes x beyond min_count to 0;
 * the scenario's key fixes y to 1 (over a failed qualification), its
 * exclude fixes y to 0 where a commitment keeps the account in (and wins
 * over status=key); each goes when left out. */
static void test_commitment_bounds(void)
{
    kp_instance *in = load6("id,status,sales\nA,auto,1\nB,key,9\nC,auto,9\n",
                            "id,account_id\nC1,A\nCB,B\nCC,C\n",
                            "id,account_id,hours,value,contact_id,max_count,min_count,locked\n"
                            "T1,A,1,5,C1,3,1,yes\nTB,B,1,5,CB,2,,\nTC,C,1,5,CC,1,1,\n",
                            "key,value\nhours,10\nmin_contacts,0\nmin_sales,5\n",
                            "id,key,exclude\ns1,A,B;C\n");
    kp__lp *lp = in ? build(in, -1) : NULL, *nolock = in ? build(in, KP_RULE_LOCKED) : NULL;
    kp__lp *nokey = in ? build(in, KP_RULE_SCENARIO_KEY) : NULL;
    kp_explanation *e = NULL;
    ASSERT_TRUE(lp && nolock && nokey);
    if (!lp || !nolock || !nokey)
        goto out;
    ASSERT_EQ(lp->lb[find_col(lp, "y(A)")], 1);
    ASSERT_EQ(nokey->lb[find_col(nokey, "y(A)")], 0);
    ASSERT_EQ(lp->ub[find_col(lp, "x(T1,1)")], 1);
    ASSERT_EQ(lp->ub[find_col(lp, "x(T1,2)")], 0);
    ASSERT_EQ(lp->ub[find_col(lp, "x(T1,3)")], 0);
    ASSERT_EQ(nolock->ub[find_col(nolock, "x(T1,3)")], 1);
    /* B: status=key, excluded: no variables; C: committed, excluded: y
     * fixed to 0. */
    ASSERT_EQ(find_col(lp, "y(B)"), -1);
    ASSERT_EQ(lp->ub[find_col(lp, "y(C)")], 0);
    ASSERT_TRUE(kp__rule_get(KP_RULE_SCENARIO_KEY)->check == NULL);
    ASSERT_EQ(kp_explain(in, 0, NULL, &e, NULL), KP_OK);
    ASSERT_CONTAINS(e ? kp_explanation_text(e) : NULL,
                    "C must do TC at least 1 time (min_count); C is excluded in "
                    "scenario s1 (scenarios.csv exclude)");
    kp_explanation_free(e);
    e = NULL;
    kp_instance_free(in);
    /* The scenario's key, named by an explanation. */
    in = load6("id,sales\nA,1\n", CON_C1, ACT_T1,
               "key,value\nhours,10\nmin_contacts,2\nmin_sales,5\n", "id,key\ns1,A\n");
    ASSERT_TRUE(in != NULL);
    ASSERT_EQ(in ? kp_explain(in, 0, NULL, &e, NULL) : -1, KP_OK);
    ASSERT_CONTAINS(e ? kp_explanation_text(e) : NULL,
                    "A must be key in scenario s1 (scenarios.csv key)");
out:
    kp_explanation_free(e);
    kp__lp_free(lp);
    kp__lp_free(nolock);
    kp__lp_free(nokey);
    kp_instance_free(in);
}

/* A contact that two contact rules require is judged by the first of the
 * table (entrenched): one row, one violation. */
static void test_first_contact_rule(void)
{
    kp_instance *in = load(ACC_A, "id,account_id,influence,entrenched,stance\n"
                           "C1,A,4,1,opponent\nC2,A,1,0,neutral\n",
                           "id,account_id,hours,cost,value,contact_id\nT2,A,2,10,5,C2\n",
                           POLICY("opponent_influence,3\n"));
    int counts[1] = {1};
    kp_violations *v = kp_violations_new();
    kp__lp *lp = in ? build(in, -1) : NULL;
    ASSERT_TRUE(lp != NULL);
    if (!lp)
        goto out;
    ASSERT_EQ(kp__contact_rule(in, &in->con[0]), KP_RULE_ENTRENCHED);
    ASSERT_EQ(kp__contact_rule(in, &in->con[1]), -1);
    ASSERT_TRUE(find_row(lp, "entrenched(C1)") >= 0);
    ASSERT_TRUE(find_row(lp, "opponent(C1)") < 0);
    ASSERT_EQ(kp_plan_check_violations(in, 0, counts, NULL, v), 1);
    ASSERT_EQ(kp_violations_get(v, 0)->rule, KP_RULE_ENTRENCHED);
out:
    kp_violations_free(v);
    kp__lp_free(lp);
    kp_instance_free(in);
}

/* The heuristics' test: a move that takes the plan past a limit does not
 * fit; one that stays within it does. */
static void test_moves(void)
{
    kp_instance *in = load("id,status,max_hours,max_budget\nA,key,4,30\n", CON_C1, ACT_T1,
                           POLICY("budget,50\nmax_key_accounts,1\n"));
    double cap[1] = {4};
    kp__totals t;
    if (!in)
        return;
    memset(&t, 0, sizeof t);
    t.in = in;
    t.sc = &in->scen[0];
    t.hours_cap = cap;
    t.hours = 10, t.cost = 50, t.nkey = 1, t.opens = 1;
    t.acc_hours = 4, t.acc_cost = 30;
    ASSERT_EQ(kp__rules_keep(&t, -1), 1);
    ASSERT_EQ(kp__rules_keep(&t, 0), 1);
    t.hours = 10.5;
    ASSERT_EQ(kp__rules_keep(&t, -1), 0);
    t.hours = 10, t.cost = 51;
    ASSERT_EQ(kp__rules_keep(&t, -1), 0);
    t.cost = 50, t.nkey = 2;
    ASSERT_EQ(kp__rules_keep(&t, -1), 0);
    t.opens = 0;        /* too many already (forced): growing inside is fine */
    ASSERT_EQ(kp__rules_keep(&t, -1), 1);
    t.acc_hours = 5;
    ASSERT_EQ(kp__rules_keep(&t, 0), 0);
    t.acc_hours = 4, t.acc_cost = 31;
    ASSERT_EQ(kp__rules_keep(&t, 0), 0);
    kp_instance_free(in);
}

/* The table: entry r is rule r, each named; every rule has a check or a
 * stated reason not to, and names a statement of models/kamplan.mod. */
static void test_table(void)
{
    FILE *f = fopen("models/kamplan.mod", "r");
    kp__str mod = KP__STR_INIT;
    char line[1024];
    int spec_of[KP_N_RULES] = {0};

    ASSERT_TRUE(f != NULL);
    while (f && fgets(line, sizeof line, f))
        kp__str_add(&mod, line);
    if (f)
        fclose(f);
    for (size_t i = 0; i < NSPECS; i++)
        spec_of[SPECS[i].rule] = 1;
    for (size_t i = 0; i < NTEAM; i++)
        spec_of[TEAM_SPECS[i].s.rule] = 1;
    for (size_t i = 0; i < NPERIOD; i++)
        spec_of[PERIOD_SPECS[i].s.rule] = 1;
    for (int r = 0; r < KP_N_RULES; r++) {
        const kp__rule *rule = kp__rule_get(r);
        char head[128];
        ASSERT_EQ(rule->code, r);
        ASSERT_TRUE(strcmp(kp_rule_name(r), "?") != 0);
        snprintf(head, sizeof head, "\n%s", rule->mathprog);
        KP_T_REPORT(strstr(kp__str_get(&mod), head) != NULL,
                    "%s: models/kamplan.mod has no \"%s\"", kp_rule_name(r),
                    rule->mathprog);
        /* Only status_key and scenario_key (y fixed) and unknown_activity
         * (a plan file's row, checked where the file is read) have no
         * check. */
        if (r != KP_RULE_STATUS_KEY && r != KP_RULE_SCENARIO_KEY &&
            r != KP_RULE_UNKNOWN_ACTIVITY) {
            ASSERT_TRUE(rule->check != NULL && rule->check_at != KP__CHECK_NEVER);
            KP_T_REPORT(spec_of[r], "%s has no case in SPECS", kp_rule_name(r));
        }
        if (rule->scope == KP__SCOPE_CONTACT)
            ASSERT_TRUE(rule->requires_contact && rule->role && rule->unreachable);
        ASSERT_TRUE((rule->applies == NULL) == (rule->words == NULL));
    }
    kp__str_free(&mod);
}

int main(void)
{
    test_each_rule_alone();
    test_each_period_rule();
    test_status_key();
    test_commitment_bounds();
    test_first_contact_rule();
    test_moves();
    test_table();
    TEST_END();
}
