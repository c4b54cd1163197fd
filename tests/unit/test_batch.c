/*
 * test_batch.c - what-if batches: sweep parsing and scenarios, parallel
 * solves equal to serial ones for any thread count, marginal values
 * against independent solves, plan repair, and the ways a batch ends
 * early (stop flag, total time limit, a GLPK failure in one scenario).
 * Uses models/sample (run from the repository root).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "analysis/analysis.h"

#define SAMPLE "models/sample"

static kp_instance *load_sample(void)
{
    kp_instance *in = NULL;
    kp_diags *d = kp_diags_new();
    if (kp_instance_load(SAMPLE, &in, d) != KP_OK)
        fprintf(stderr, "cannot load %s: %s\n", SAMPLE, kp_diags_message(d, 0));
    kp_diags_free(d);
    return in;
}

/* Parses spec; returns the status and copies the message (or ""). */
static int parse(const char *spec, kp_sweep_axis *ax, char *msg, size_t len)
{
    kp_diags *d = kp_diags_new();
    int rc = kp_sweep_axis_parse(spec, ax, d);
    snprintf(msg, len, "%s", kp_diags_count(d) ? kp_diags_message(d, 0) : "");
    kp_diags_free(d);
    return rc;
}

static void test_parse(void)
{
    kp_sweep_axis ax;
    char m[512];
    ASSERT_EQ(parse("budget=50000:200000:16", &ax, m, sizeof m), KP_OK);
    ASSERT_EQ(ax.param, KP_SWEEP_BUDGET);
    ASSERT_NEAR(ax.from, 50000, 0);
    ASSERT_NEAR(ax.to, 200000, 0);
    ASSERT_EQ(ax.steps, 16);
    ASSERT_EQ(parse("HOURS=500:400.5:3", &ax, m, sizeof m), KP_OK);
    ASSERT_EQ(ax.param, KP_SWEEP_HOURS);
    ASSERT_NEAR(ax.to, 400.5, 0);
    ASSERT_EQ(parse("hours=480:480:1", &ax, m, sizeof m), KP_OK);

    ASSERT_EQ(parse("budget=50000:200000", &ax, m, sizeof m), KP_EINVAL);
    ASSERT_STR(m, "'budget=50000:200000' is not PARAM=FROM:TO:STEPS (e.g. budget=50000:200000:16)");
    ASSERT_EQ(parse("budget=1:2:3:4", &ax, m, sizeof m), KP_EINVAL);
    ASSERT_CONTAINS(m, "is not PARAM=FROM:TO:STEPS");
    ASSERT_EQ(parse("50000:200000:16", &ax, m, sizeof m), KP_EINVAL);
    ASSERT_CONTAINS(m, "is not PARAM=FROM:TO:STEPS");
    ASSERT_EQ(parse("cost=1:2:2", &ax, m, sizeof m), KP_EINVAL);
    ASSERT_STR(m, "'cost' is not a value a sweep can vary (hours, budget, manager_hours:ID, "
               "manager_budget:ID, period_hours:ID or period_budget:ID)");
    ASSERT_EQ(parse("budget=1:2:0", &ax, m, sizeof m), KP_EINVAL);
    ASSERT_STR(m, "STEPS '0' is not a whole number from 1 to 10000 (in 'budget=1:2:0')");
    ASSERT_EQ(parse("budget=1:2:2.5", &ax, m, sizeof m), KP_EINVAL);
    ASSERT_CONTAINS(m, "STEPS '2.5' is not a whole number");
    ASSERT_EQ(parse("budget=1:2:10001", &ax, m, sizeof m), KP_EINVAL);
    ASSERT_EQ(parse("budget=-1:2:2", &ax, m, sizeof m), KP_EINVAL);
    ASSERT_STR(m, "budget must be at least 0 (in 'budget=-1:2:2')");
    ASSERT_EQ(parse("budget=1e400:2:2", &ax, m, sizeof m), KP_EINVAL);
    ASSERT_STR(m, "'1e400' is not a number (in 'budget=1e400:2:2')");
    ASSERT_EQ(parse("budget=0x10:2:2", &ax, m, sizeof m), KP_EINVAL);
    ASSERT_CONTAINS(m, "'0x10' is not a number");
    ASSERT_EQ(parse("hours=inf:2:2", &ax, m, sizeof m), KP_EINVAL);
    ASSERT_EQ(parse("hours=:2:2", &ax, m, sizeof m), KP_EINVAL);
    ASSERT_CONTAINS(m, "'' is not a number");
    ASSERT_EQ(parse("budget=1:2:1", &ax, m, sizeof m), KP_EINVAL);
    ASSERT_STR(m, "one step needs FROM equal to TO (in 'budget=1:2:1')");
    ASSERT_EQ(parse("budget=5:5:3", &ax, m, sizeof m), KP_EINVAL);
    ASSERT_STR(m, "FROM equals TO: give 1 step (in 'budget=5:5:3')");
}

static void test_sweep(void)
{
    kp_instance *in = load_sample();
    kp_diags *d = kp_diags_new();
    kp_sweep_axis ax[2] = {{KP_SWEEP_BUDGET, 40000, 60000, 3, NULL, 0},
                           {KP_SWEEP_HOURS, 400, 480, 2, NULL, 0}};
    if (!in)
        return;
    ASSERT_EQ(kp_instance_scenarios(in), 5);
    ASSERT_EQ(kp_instance_sweep(in, ax, 1, d), KP_OK);
    ASSERT_EQ(kp_diags_count(d), 1);    /* scenarios.csv's are replaced */
    ASSERT_STR(kp_diags_message(d, 0), SAMPLE
               "/scenarios.csv: its 5 scenarios are replaced by the sweep's 3");
    ASSERT_EQ(kp_diags_severity(d, 0), KP_WARNING);
    ASSERT_EQ(kp_instance_scenarios(in), 3);
    ASSERT_STR(kp_instance_scenario_id(in, 0), "budget=40000");
    ASSERT_STR(kp_instance_scenario_id(in, 1), "budget=50000");
    ASSERT_STR(kp_instance_scenario_id(in, 2), "budget=60000");
    ASSERT_NEAR(in->scen[1].budget, 50000, 0);
    ASSERT_NEAR(in->scen[1].hours, 480, 0);         /* policy.csv's */
    ASSERT_EQ(in->scen[1].max_key_accounts, 6);
    ASSERT_EQ(in->scen[1].min_contacts, 3);
    ASSERT_EQ(kp_instance_scenario_find(in, "budget=60000"), 2);

    /* A grid, first axis outer; a second sweep replaces the first. */
    ASSERT_EQ(kp_instance_sweep(in, ax, 2, d), KP_OK);
    ASSERT_EQ(kp_diags_count(d), 1);
    ASSERT_EQ(kp_instance_scenarios(in), 6);
    ASSERT_STR(kp_instance_scenario_id(in, 0), "budget=40000+hours=400");
    ASSERT_STR(kp_instance_scenario_id(in, 1), "budget=40000+hours=480");
    ASSERT_STR(kp_instance_scenario_id(in, 5), "budget=60000+hours=480");
    ASSERT_NEAR(in->scen[3].budget, 50000, 0);
    ASSERT_NEAR(in->scen[3].hours, 480, 0);

    /* Downwards, and values that are not round. */
    kp_sweep_axis down = {KP_SWEEP_HOURS, 500, 400, 4, NULL, 0};
    ASSERT_EQ(kp_instance_sweep(in, &down, 1, d), KP_OK);
    ASSERT_STR(kp_instance_scenario_id(in, 0), "hours=500");
    ASSERT_STR(kp_instance_scenario_id(in, 1), "hours=466.6666666666667");
    ASSERT_STR(kp_instance_scenario_id(in, 3), "hours=400");
    ASSERT_NEAR(in->scen[3].hours, 400, 0);

    /* Refused: the instance keeps its scenarios. */
    kp_sweep_axis twice[2] = {{KP_SWEEP_HOURS, 1, 2, 2, NULL, 0}, {KP_SWEEP_HOURS, 3, 4, 2, NULL, 0}};
    ASSERT_EQ(kp_instance_sweep(in, twice, 2, d), KP_EINVAL);
    ASSERT_STR(kp_diags_message(d, kp_diags_count(d) - 1),
               "hours is swept twice: a grid sweeps hours and budget");
    kp_sweep_axis big[2] = {{KP_SWEEP_HOURS, 1, 1000, 1000, NULL, 0},
                            {KP_SWEEP_BUDGET, 1, 1000, 1000, NULL, 0}};
    ASSERT_EQ(kp_instance_sweep(in, big, 2, d), KP_EINVAL);
    ASSERT_CONTAINS(kp_diags_message(d, kp_diags_count(d) - 1),
                    "the sweep has 1000000 scenarios; at most 100000");
    ASSERT_EQ(kp_instance_scenarios(in), 4);
    kp_diags_free(d);
    kp_instance_free(in);
}

/* A manager's or period's axis (models/team): parsed with its id, each
 * scenario with that one capacity set and every other as the files give
 * it; a grid with the team's budget; unknown ids and the same axis twice
 * refused, the instance unchanged. */
static void test_sweep_team(void)
{
    kp_instance *in = NULL;
    kp_diags *d = kp_diags_new();
    kp_sweep_axis ax[2], other;
    char m[512];

    ASSERT_EQ(parse("Manager_Hours:BERG=100:250:4", &ax[0], m, sizeof m), KP_OK);
    ASSERT_EQ(ax[0].param, KP_SWEEP_MANAGER_HOURS);
    ASSERT_EQ(ax[0].idlen, 4);
    ASSERT_EQ(strncmp(ax[0].id, "BERG", 4), 0);
    ASSERT_EQ(parse("period_budget:Q2=1:2:2", &other, m, sizeof m), KP_OK);
    ASSERT_EQ(other.param, KP_SWEEP_PERIOD_BUDGET);
    ASSERT_EQ(parse("manager_budget:=1:2:2", &other, m, sizeof m), KP_EINVAL);
    ASSERT_STR(m, "'manager_budget' needs the id of a manager: manager_budget:ID=FROM:TO:STEPS");
    ASSERT_EQ(parse("budget:Q2=1:2:2", &other, m, sizeof m), KP_EINVAL);
    ASSERT_CONTAINS(m, "'budget' takes no id");
    if (kp_instance_load("models/team", &in, d) != KP_OK) {
        ASSERT_EQ(kp_diags_count(d), 0);
        kp_diags_free(d);
        return;
    }
    ASSERT_EQ(kp_instance_sweep(in, ax, 1, d), KP_OK);
    ASSERT_EQ(kp_instance_scenarios(in), 4);
    ASSERT_STR(kp_instance_scenario_id(in, 0), "BERG.hours=100");
    ASSERT_STR(kp_instance_scenario_id(in, 3), "BERG.hours=250");
    ASSERT_NEAR(kp__manager_hours(in, &in->scen[1], 0), 150, 0);
    ASSERT_NEAR(kp__manager_hours(in, &in->scen[1], 1), 160, 0);   /* RUIZ's */
    ASSERT_NEAR(kp__period_hours(in, &in->scen[1], 1), 140, 0);    /* Q2's */
    ASSERT_NEAR(in->scen[1].hours, 480, 0);                        /* policy's */

    ASSERT_EQ(parse("period_hours:Q2=80:160:2", &ax[0], m, sizeof m), KP_OK);
    ASSERT_EQ(parse("budget=50000:60000:2", &ax[1], m, sizeof m), KP_OK);
    ASSERT_EQ(kp_instance_sweep(in, ax, 2, d), KP_OK);
    ASSERT_EQ(kp_instance_scenarios(in), 4);
    ASSERT_STR(kp_instance_scenario_id(in, 1), "Q2.hours=80+budget=60000");
    ASSERT_STR(kp_instance_scenario_id(in, 2), "Q2.hours=160+budget=50000");
    ASSERT_NEAR(kp__period_hours(in, &in->scen[2], 1), 160, 0);
    ASSERT_NEAR(kp__period_hours(in, &in->scen[2], 0), 100, 0);    /* Q1's */
    ASSERT_NEAR(kp__manager_hours(in, &in->scen[2], 0), 180, 0);   /* BERG's */
    ASSERT_NEAR(in->scen[2].budget, 50000, 0);

    ASSERT_EQ(parse("period_hours:Q5=80:160:2", &ax[0], m, sizeof m), KP_OK);
    ASSERT_EQ(kp_instance_sweep(in, ax, 2, d), KP_EINVAL);
    ASSERT_STR(kp_diags_message(d, kp_diags_count(d) - 1),
               "'period_hours:Q5': periods.csv has no period \"Q5\"");
    ASSERT_EQ(parse("period_hours:Q2=80:160:2", &ax[0], m, sizeof m), KP_OK);
    ASSERT_EQ(parse("PERIOD_hours:Q2=1:2:2", &ax[1], m, sizeof m), KP_OK);
    ASSERT_EQ(kp_instance_sweep(in, ax, 2, d), KP_EINVAL);
    ASSERT_STR(kp_diags_message(d, kp_diags_count(d) - 1),
               "Q2.hours is swept twice: a grid sweeps two different values");
    ASSERT_EQ(parse("period_hours:Q3=1:2:2", &ax[1], m, sizeof m), KP_OK);
    ASSERT_EQ(kp_instance_sweep(in, ax, 2, d), KP_OK);              /* Q2 x Q3 */
    ASSERT_STR(kp_instance_scenario_id(in, 3), "Q2.hours=160+Q3.hours=2");
    kp_diags_free(d);
    kp_instance_free(in);
}

/* Counts of every scenario's plan, side by side; 1 when equal. */
static int same_plans(const kp_instance *in, kp_result **a, kp_result **b)
{
    for (size_t s = 0; s < kp_instance_scenarios(in); s++) {
        kp_result_summary x, y;
        if (!a[s] || !b[s])
            return a[s] == b[s];
        kp_result_get_summary(a[s], &x);
        kp_result_get_summary(b[s], &y);
        if (x.status != y.status || x.objective != y.objective)
            return 0;
        for (size_t i = 0; i < kp_instance_activities(in); i++)
            if (kp_result_count(a[s], i) != kp_result_count(b[s], i))
                return 0;
    }
    return 1;
}

static void free_results(kp_result **r, size_t n)
{
    for (size_t s = 0; s < n; s++)
        kp_result_free(r[s]);
}

/* A budget sweep of the sample at gap 0: 1 and 4 threads give the same
 * plans; each optimum equals a single solve from scratch; each marginal
 * value equals a solve at +delta. */
static void test_batch(void)
{
    kp_instance *in = load_sample();
    kp_diags *d = kp_diags_new();
    kp_sweep_axis ax = {KP_SWEEP_BUDGET, 30000, 66000, 4, NULL, 0};
    kp_result *r1[4] = {NULL}, *r4[4] = {NULL};
    kp_batch_outcome o1[4], o4[4];
    kp_batch_opts bo;

    if (!in)
        return;
    ASSERT_EQ(kp_instance_sweep(in, &ax, 1, d), KP_OK);
    kp_batch_opts_init(&bo);
    bo.solve.gap_pct = 0;
    bo.marginal = 1;
    bo.marginal_hours = 8;
    bo.reuse = 1;
    bo.threads = 1;
    ASSERT_EQ(kp_solve_batch(in, &bo, r1, o1, d), KP_OK);
    bo.threads = 4;
    ASSERT_EQ(kp_solve_batch(in, &bo, r4, o4, d), KP_OK);
    ASSERT_TRUE(same_plans(in, r1, r4));
    int seeded = 0;
    for (size_t s = 0; s < 4; s++) {
        kp_result *single = NULL;
        kp_result_summary m, ms;
        kp_solve_opts so;
        ASSERT_EQ(o1[s].state, KP_BATCH_SOLVED);
        ASSERT_EQ(o1[s].seeded_from, o4[s].seeded_from);
        seeded += o1[s].seeded_from >= 0;
        ASSERT_NEAR(o1[s].value_per_hour, o4[s].value_per_hour, 0);
        ASSERT_NEAR(o1[s].value_per_budget, o4[s].value_per_budget, 0);
        kp_solve_opts_init(&so);
        so.gap_pct = 0;
        ASSERT_EQ(kp_solve(in, s, &so, &single, d), KP_OK);
        kp_result_get_summary(r1[s], &m);
        kp_result_get_summary(single, &ms);
        ASSERT_EQ(m.status, KP_RES_OPTIMAL);
        ASSERT_NEAR(m.objective, ms.objective, 1e-6 * ms.objective);
        kp_result_free(single);

        /* The marginal values against solves at +8 hours and at +1% of
         * the budget: optimal both, so the range is exact. */
        kp_instance *up = load_sample();
        kp_sweep_axis g[2] = {{KP_SWEEP_HOURS, 488, 488, 1, NULL, 0},
                              {KP_SWEEP_BUDGET, in->scen[s].budget, in->scen[s].budget, 1, NULL, 0}};
        double v0 = m.objective, vh, vb;
        ASSERT_EQ(kp_instance_sweep(up, g, 2, d), KP_OK);
        ASSERT_EQ(kp_solve(up, 0, &so, &single, d), KP_OK);
        kp_result_get_summary(single, &ms);
        vh = ms.objective;
        kp_result_free(single);
        g[0].from = g[0].to = 480;
        g[1].from = g[1].to = in->scen[s].budget * 1.01;
        ASSERT_EQ(kp_instance_sweep(up, g, 2, d), KP_OK);
        ASSERT_EQ(kp_solve(up, 0, &so, &single, d), KP_OK);
        kp_result_get_summary(single, &ms);
        vb = ms.objective;
        kp_result_free(single);
        kp_instance_free(up);
        ASSERT_NEAR(o1[s].hours_delta, 8, 0);
        ASSERT_NEAR(o1[s].value_per_hour, (vh - v0) / 8, 1e-6);
        ASSERT_NEAR(o1[s].value_per_hour_min, o1[s].value_per_hour, 1e-6);
        ASSERT_NEAR(o1[s].value_per_hour_max, o1[s].value_per_hour, 1e-6);
        ASSERT_NEAR(o1[s].budget_delta, in->scen[s].budget * 0.01, 1e-9);
        ASSERT_NEAR(o1[s].value_per_budget, (vb - v0) / o1[s].budget_delta, 1e-6);
        ASSERT_TRUE(o1[s].value_per_budget >= 0 && o1[s].value_per_hour >= 0);
    }
    ASSERT_TRUE(seeded > 0);    /* reuse did happen */
    kp_thread_cleanup();
    free_results(r1, 4);
    free_results(r4, 4);
    kp_diags_free(d);
    kp_instance_free(in);
}

/* The base plan, repaired, fits each other scenario of the sample: less
 * budget, fewer key accounts, more contacts each. */
static void test_repair(void)
{
    kp_instance *in = load_sample();
    kp_result *base = NULL;
    kp_solve_opts so;
    int *from, *to;
    if (!in)
        return;
    from = calloc(in->nact, sizeof *from);
    to = calloc(in->nact, sizeof *to);
    kp_solve_opts_init(&so);
    ASSERT_EQ(kp_solve(in, 0, &so, &base, NULL), KP_OK);
    for (size_t a = 0; a < in->nact; a++)
        from[a] = kp_result_count(base, a);
    ASSERT_EQ(kp_plan_check(in, 0, from, NULL, NULL), 0);
    ASSERT_TRUE(kp_plan_check(in, 1, from, NULL, NULL) > 0);   /* lean-budget */
    ASSERT_TRUE(kp_plan_check(in, 3, from, NULL, NULL) > 0);   /* fewer-key-accounts */
    for (size_t s = 1; s < in->nscen; s++) {
        double v = 0;
        ASSERT_EQ(kp__plan_repair(in, s, from, to), 0);
        ASSERT_EQ(kp_plan_check(in, s, to, &v, NULL), 0);
        ASSERT_TRUE(v > 0);
    }
    /* 100 hours: most accounts go, and the forced one (AUR) stays. */
    in->scen[2].hours = 100;
    ASSERT_EQ(kp__plan_repair(in, 2, from, to), 0);
    ASSERT_EQ(kp_plan_check(in, 2, to, NULL, NULL), 0);
    ASSERT_TRUE(to[in->act_idx[in->act_start[2]]] + to[in->act_idx[in->act_start[2] + 1]] > 0);
    /* AUR alone needs more than 1 hour: no repair. */
    in->scen[2].hours = 1;
    ASSERT_EQ(kp__plan_repair(in, 2, from, to), -1);
    kp_thread_cleanup();
    kp_result_free(base);
    free(from);
    free(to);
    kp_instance_free(in);
}

/* Batches that end early, and a GLPK failure in one scenario. */
static void test_early_ends(void)
{
    kp_instance *in = load_sample();
    kp_diags *d = kp_diags_new();
    kp_result *r[5];
    kp_batch_outcome o[5];
    kp_batch_opts bo;
    volatile int stop = 1;
    unsigned char sel[5] = {0, 1, 0, 1, 0};
    char *old, longid[300];

    if (!in)
        return;
    kp_batch_opts_init(&bo);
    bo.solve.gap_pct = 0;
    bo.solve.stop = &stop;
    ASSERT_EQ(kp_solve_batch(in, &bo, r, o, d), KP_OK);
    for (size_t s = 0; s < 5; s++) {
        ASSERT_TRUE(r[s] == NULL);
        ASSERT_EQ(o[s].state, KP_BATCH_NOT_RUN);
        ASSERT_STR(o[s].why, "not run: the batch was stopped before it started");
    }
    bo.solve.stop = NULL;
    bo.total_time_limit = 1e-9;
    ASSERT_EQ(kp_solve_batch(in, &bo, r, o, d), KP_OK);
    ASSERT_STR(o[4].why, "not run: the total time limit passed before it started");

    /* Only the selected scenarios run. */
    bo.total_time_limit = 0;
    bo.select = sel;
    ASSERT_EQ(kp_solve_batch(in, &bo, r, o, d), KP_OK);
    ASSERT_EQ(o[0].state, KP_BATCH_SKIPPED);
    ASSERT_TRUE(r[0] == NULL && r[1] != NULL && r[3] != NULL);
    ASSERT_EQ(o[3].state, KP_BATCH_SOLVED);
    free_results(r, 5);

    /* GLPK refuses names over 255 characters (a fatal error, caught by
     * its error hook): that scenario is an error, the others finish. */
    memset(longid, 'x', sizeof longid - 1);
    longid[sizeof longid - 1] = '\0';
    old = in->scen[2].id;
    in->scen[2].id = longid;
    bo.select = NULL;
    bo.threads = 2;
    bo.solve.method = KP_METHOD_BB;
    ASSERT_EQ(kp_solve_batch(in, &bo, r, o, d), KP_OK);
    for (size_t s = 0; s < 5; s++) {
        kp_result_summary m;
        kp_result_get_summary(r[s], &m);
        ASSERT_EQ(m.status, s == 2 ? KP_RES_ERROR : KP_RES_OPTIMAL);
    }
    ASSERT_CONTAINS(kp_result_message(r[2]), "GLPK error");
    in->scen[2].id = old;
    free_results(r, 5);
    kp_diags_free(d);
    kp_instance_free(in);
}

int main(void)
{
    test_parse();
    test_sweep();
    test_sweep_team();
    test_batch();
    test_repair();
    test_early_ends();
    kp_thread_cleanup();
    TEST_END();
}
