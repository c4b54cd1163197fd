/*
 * test_evaluate.c - structured violations, plan files, evaluation and the
 * heuristics, on test_model's instance (answers worked out by hand) and on
 * generated instances.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "fixture.h"
#include "analysis/analysis.h"

static char dir[] = "/tmp/kp-evalXXXXXX";

/* Checks plan counts: n violations, violation i is (rule, account, item,
 * amount), and every detail equals kp_plan_check's message. */
static void expect(const kp_instance *in, const int *counts, int n, int i, int rule,
                   const char *account, const char *item, double amount)
{
    kp_violations *v = kp_violations_new();
    kp_diags *d = kp_diags_new();
    double v1, v2;
    ASSERT_EQ(kp_plan_check_violations(in, 0, counts, &v1, v), n);
    ASSERT_EQ(kp_plan_check(in, 0, counts, &v2, d), n);
    ASSERT_NEAR(v1, v2, 0);
    ASSERT_EQ(kp_violations_count(v), n);
    for (int j = 0; j < n; j++)
        ASSERT_STR(kp_violations_get(v, (size_t)j)->detail, kp_diags_message(d, (size_t)j));
    const kp_violation *x = kp_violations_get(v, (size_t)i);
    if (x) {
        ASSERT_STR(kp_rule_name(x->rule), kp_rule_name(rule));
        ASSERT_STR(x->account_id, account);
        ASSERT_STR(x->item_id, item);
        ASSERT_NEAR(x->amount, amount, 1e-12);
    }
    ASSERT_TRUE(kp_violations_get(v, (size_t)n) == NULL);
    kp_violations_free(v);
    kp_diags_free(d);
}

static void test_violations(const kp_instance *in)
{
    /* gm gp ga gb km bm gx */
    int hours[] = {3, 1, 1, 0, 2, 0, 0};    /* 14 h of 9, 140 of 120, GOOD 12 h of 10 */
    expect(in, hours, 3, 0, KP_RULE_HOURS, "", "", 5);
    expect(in, hours, 3, 1, KP_RULE_BUDGET, "", "", 20);
    expect(in, hours, 3, 2, KP_RULE_MAX_HOURS, "GOOD", "", 2);
    int prereq[] = {0, 1, 1, 0, 1, 0, 0};
    expect(in, prereq, 2, 0, KP_RULE_REQUIRES, "GOOD", "gp", 1);
    expect(in, prereq, 2, 1, KP_RULE_ENTRENCHED, "GOOD", "g1", 1);
    int group[] = {1, 0, 1, 1, 1, 0, 0};
    expect(in, group, 1, 0, KP_RULE_GROUP, "GOOD", "gb", 1);
    int opp[] = {1, 0, 0, 0, 1, 0, 0};
    expect(in, opp, 1, 0, KP_RULE_OPPONENT, "GOOD", "g2", 1);
    int big[] = {0, 0, 0, 0, 1, 1, 0};
    expect(in, big, 1, 0, KP_RULE_NOT_QUALIFIED, "BIG", "bm", 1);
    int forced[] = {0, 0, 0, 0, 0, 0, 0};
    expect(in, forced, 1, 0, KP_RULE_MIN_CONTACTS, "KEY", "", 1);
    int count[] = {0, 0, 0, 0, 3, 0, 0};
    expect(in, count, 1, 0, KP_RULE_MAX_COUNT, "KEY", "km", 1);
    int ok[] = {1, 1, 1, 0, 1, 0, 0};
    expect(in, ok, 0, 0, 0, "", "", 0);
    ASSERT_STR(kp_rule_name(KP_RULE_MAX_KEY_ACCOUNTS), "max_key_accounts");
    ASSERT_STR(kp_rule_name(KP_N_RULES), "?");
}

static kp_evaluation *evaluate(const kp_instance *in, const char *file, const char *text,
                               int want_rc)
{
    char path[256];
    kp_plan *p = NULL;
    kp_evaluation *e = NULL;
    kp_diags *d = kp_diags_new();
    snprintf(path, sizeof path, "%s/%s", dir, file);
    fx_put(dir, file, text);
    ASSERT_EQ(kp_plan_load(in, path, -1, &p, d), want_rc);
    for (size_t i = 0; kp_diags_errors(d) && want_rc == KP_OK && i < kp_diags_count(d); i++)
        fprintf(stderr, "%s\n", kp_diags_message(d, i));
    if (p) {
        kp_solve_opts so;
        kp_solve_opts_init(&so);
        so.gap_pct = 0;
        ASSERT_TRUE(kp_plan_covers(p, 0));
        ASSERT_EQ(kp_plan_evaluate(in, p, 0, &so, NULL, &e, d), KP_OK);
    }
    kp_plan_free(p);
    kp_diags_free(d);
    unlink(path);
    return e;
}

static void test_evaluation(const kp_instance *in)
{
    kp_evaluation_summary m;
    kp_evaluation *e;

    /* gm, gp, ga, km: 30 + 50 + 100 (GO) + 5 + 8 = 193 by hand; the
     * optimum (test_model) takes gb instead of ga: 194. BOM, CRLF,
     * semicolons, no count column. */
    e = evaluate(in, "p1.csv", "\xef\xbb\xbf" "activity_id;note\r\ngm;x\r\ngp;\r\nga;\r\nkm;\r\n",
                 KP_OK);
    if (e) {
        kp_evaluation_get_summary(e, &m);
        ASSERT_TRUE(m.feasible && !m.optimal);
        ASSERT_EQ(m.violations, 0);
        ASSERT_NEAR(m.value, 193, 1e-12);
        ASSERT_NEAR(m.optimum, 194, 1e-9);
        ASSERT_NEAR(m.gap_pct, 100.0 / 194, 1e-9);
        ASSERT_NEAR(m.hours_used, 9, 0);
        ASSERT_NEAR(m.budget_used, 115, 0);
        ASSERT_EQ(m.key_accounts, 2);
        ASSERT_EQ(kp_evaluation_changes(e), 2);
        const kp_change *c = kp_evaluation_change(e, 0);
        ASSERT_STR(c->activity_id, "ga");
        ASSERT_STR(kp_change_name(c->kind), "dropped");
        /* The kinds of changes.csv alone (issue 15), appended: codes are API. */
        ASSERT_EQ(KP_CHANGE_MANAGER, 4);
        ASSERT_EQ(KP_CHANGE_MOVED, 5);
        ASSERT_STR(kp_change_name(KP_CHANGE_MANAGER), "manager");
        ASSERT_STR(kp_change_name(KP_CHANGE_MOVED), "moved");
        ASSERT_STR(kp_change_name(KP_CHANGE_MOVED + 1), "?");
        ASSERT_NEAR(c->value, -5, 1e-12);
        c = kp_evaluation_change(e, 1);
        ASSERT_STR(c->activity_id, "gb");
        ASSERT_EQ(c->kind, KP_CHANGE_ADDED);
        ASSERT_EQ(c->count_to, 1);
        ASSERT_NEAR(c->value, 6, 1e-12);
        ASSERT_STR(c->objective_id, "");
        ASSERT_STR(kp_evaluation_change(e, 0)->objective_id, "");
        ASSERT_TRUE(kp_evaluation_change(e, 2) == NULL);
        ASSERT_TRUE(kp_evaluation_explanation(e) == NULL);
        ASSERT_STR(kp_evaluation_note(e), "");
    }
    kp_evaluation_free(e);

    /* The optimal plan itself: gap 0, no changes. An unknown activity is a
     * violation named with its line, and the value ignores it. */
    e = evaluate(in, "p2.csv", "activity_id,count\ngm,1\ngp,1\ngb,1\nkm,1\n", KP_OK);
    if (e) {
        kp_evaluation_get_summary(e, &m);
        ASSERT_TRUE(m.feasible && m.optimal);
        ASSERT_NEAR(m.gap_pct, 0, 0);
        ASSERT_EQ(kp_evaluation_changes(e), 0);
    }
    kp_evaluation_free(e);
    e = evaluate(in, "p3.csv", "activity_id,count\ngm,1\ngp,1\nzz,2\ngb,1\nkm,1\n", KP_OK);
    if (e) {
        const kp_violation *x = kp_violations_get(kp_evaluation_violations(e), 0);
        kp_evaluation_get_summary(e, &m);
        ASSERT_TRUE(!m.feasible && !m.optimal);
        ASSERT_EQ(m.violations, 1);
        ASSERT_NEAR(m.value, 194, 1e-9);
        ASSERT_TRUE(isnan(m.gap_pct));
        ASSERT_EQ(x->rule, KP_RULE_UNKNOWN_ACTIVITY);
        ASSERT_STR(x->item_id, "zz");
        ASSERT_NEAR(x->amount, 2, 0);
        ASSERT_CONTAINS(x->detail, "zz: no such activity in activities.csv (");
        ASSERT_CONTAINS(x->detail, "p3.csv:4)");
        /* An unknown activity puts nothing at stake. */
        ASSERT_NEAR(kp_evaluation_value_at_stake(e, 0), 0, 0);
        ASSERT_TRUE(isnan(kp_evaluation_value_at_stake(e, 1)));
    }
    kp_evaluation_free(e);

    /* Objective GO (100) is supported by gp only: without gp it is lost,
     * and the changes carry it as a row of its own, so that they add up:
     * gp +50, ga -5, gb +6, GO +100 = 194 - 43. */
    e = evaluate(in, "p4.csv", "activity_id,count\ngm,1\nga,1\nkm,1\n", KP_OK);
    if (e) {
        double sum = 0;
        int go = 0;
        kp_evaluation_get_summary(e, &m);
        ASSERT_NEAR(m.value, 43, 1e-12);
        for (size_t i = 0; i < kp_evaluation_changes(e); i++) {
            const kp_change *c = kp_evaluation_change(e, i);
            if (*c->activity_id || *c->objective_id)
                sum += c->value;
            /* Without managers.csv and periods.csv (issue 15): never
             * NULL, always "". */
            ASSERT_STR(c->manager_from, "");
            ASSERT_STR(c->manager_to, "");
            ASSERT_STR(c->periods_from, "");
            ASSERT_STR(c->periods_to, "");
            ASSERT_TRUE(c->kind != KP_CHANGE_MANAGER && c->kind != KP_CHANGE_MOVED);
            if (strcmp(c->objective_id, "GO") == 0) {
                go++;
                ASSERT_STR(c->activity_id, "");
                ASSERT_STR(c->account_id, "GOOD");
                ASSERT_EQ(c->kind, KP_CHANGE_ADDED);
                ASSERT_EQ(c->count_from, 0);
                ASSERT_EQ(c->count_to, 1);
                ASSERT_NEAR(c->value, 100, 0);
            }
        }
        ASSERT_EQ(go, 1);
        ASSERT_NEAR(sum, m.optimum - m.value, 1e-9);
        ASSERT_NEAR(sum, 151, 1e-9);
    }
    kp_evaluation_free(e);

    /* Over the hours (gm 3 times and gp: 11 of 9): the whole plan is at
     * stake, 30 + 15 + 7.5 + 50 + 100 (GO) = 202.5; a rule of account
     * GOOD puts all of its value at stake, the same here. */
    e = evaluate(in, "p5.csv", "activity_id,count\ngm,3\ngp,1\n", KP_OK);
    if (e) {
        const kp_violations *v = kp_evaluation_violations(e);
        int hours = 0;
        kp_evaluation_get_summary(e, &m);
        ASSERT_NEAR(m.value, 202.5, 1e-12);
        for (size_t i = 0; i < kp_violations_count(v); i++) {
            const kp_violation *x = kp_violations_get(v, i);
            hours += x->rule == KP_RULE_HOURS;
            if (x->rule == KP_RULE_HOURS || strcmp(x->account_id, "GOOD") == 0)
                ASSERT_NEAR(kp_evaluation_value_at_stake(e, i), 202.5, 1e-12);
        }
        ASSERT_EQ(hours, 1);
    }
    kp_evaluation_free(e);

    /* Every bad row is reported, with its line. */
    kp_plan *p = NULL;
    kp_diags *d = kp_diags_new();
    char path[256];
    snprintf(path, sizeof path, "%s/bad.csv", dir);
    fx_put(dir, "bad.csv", "activity_id,count,account_id\ngm,2,GOOD\ngm,1,GOOD\nkm,x,KEY\ngp,1,KEY\n");
    ASSERT_EQ(kp_plan_load(in, path, -1, &p, d), KP_EDATA);
    ASSERT_TRUE(p == NULL);
    ASSERT_EQ(kp_diags_errors(d), 2);
    ASSERT_CONTAINS(kp_diags_message(d, 0), "bad.csv:3: column 'activity_id': gm is listed twice (first on line 2)");
    ASSERT_CONTAINS(kp_diags_message(d, 1), "bad.csv:4: column 'count': \"x\" is not a number");
    ASSERT_CONTAINS(kp_diags_message(d, 2), "bad.csv:5: column 'account_id': gp belongs to account GOOD, not KEY");
    ASSERT_EQ(kp_diags_severity(d, 2), KP_WARNING);
    unlink(path);
    kp_diags_free(d);
}

/* On generated instances, each heuristic's plan meets every rule and is
 * worth no more than the optimum. */
static void test_heuristics(void)
{
    static const int sizes[] = {3, 12, 30};
    char gdir[64];
    snprintf(gdir, sizeof gdir, "%s/gen", dir);
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        kp_generate_opts go;
        kp_instance *in = NULL;
        kp_bench_row rows[KP_N_HEURISTICS + 1];
        kp_solve_opts so;
        kp_generate_opts_init(&go);
        go.accounts = sizes[i];
        go.seed = 11;
        ASSERT_EQ(kp_generate(&go, gdir, NULL), KP_OK);
        ASSERT_EQ(kp_instance_load(gdir, &in, NULL), KP_OK);
        if (!in)
            continue;
        kp_solve_opts_init(&so);
        so.gap_pct = 0;
        ASSERT_EQ(kp_bench_run(in, 0, &so, rows, NULL), KP_OK);
        ASSERT_EQ(rows[0].status, KP_RES_OPTIMAL);
        ASSERT_STR(rows[0].method, "optimum");
        for (int h = 1; h <= KP_N_HEURISTICS; h++) {
            ASSERT_STR(rows[h].method, kp_heuristic_name(h - 1));
            ASSERT_EQ(rows[h].violations, 0);
            ASSERT_STR(rows[h].rules_broken, "");
            ASSERT_TRUE(rows[h].value > 0);
            ASSERT_TRUE(rows[h].value <= rows[0].value * (1 + 1e-9));
            ASSERT_NEAR(rows[h].share_pct, 100 * rows[h].value / rows[0].value, 1e-9);
        }
        kp_bench_rows_clear(rows, KP_N_HEURISTICS + 1);
        kp_instance_free(in);
    }
    fx_remove_instance(gdir);
}

/* Appends to gdir's activities.csv (generated, 12 accounts, seed 1:
 * A0001, A0003 and A0006 can be key) n activities T0.. of shape `shape`:
 * 0 a chain, 1 a tree (each required by one activity at most), 2 a DAG
 * (shared prerequisites), 3 a chain with a few groups and objectives, 4
 * a ladder (each requires the one or two before it, now and then the
 * third), 5 blocks of five in a row, each with two prerequisites required
 * by it alone whose closures overlap (T5j+3 requires T5j+2 and T5j, T5j+2
 * requires T5j, T5j+1 requires T5j, T5j+4 requires T5j+3 and T5j+1, and
 * T5j the block before's last).
 * Hours, costs and values are exact in binary, so that sums taken in any
 * order are equal. */
static void add_requires(const char *gdir, int n, int shape)
{
    static const char *const acc[] = {"A0001", "A0003", "A0006"};
    char path[128];
    int *open = malloc((size_t)n * sizeof *open), nopen = 0;
    snprintf(path, sizeof path, "%s/activities.csv", gdir);
    FILE *f = fopen(path, "a");
    ASSERT_TRUE(f != NULL && open != NULL);
    if (!f || !open) {
        free(open);
        return;
    }
    int k = (int)fx_rnd(3);
    for (int i = 0; i < n; i++) {
        char req[64] = "", grp[16] = "", obj[16] = "";
        if (fx_rnd(20) == 0)
            k = (int)fx_rnd(3);
        if (shape == 1) {
            int m = (int)fx_rnd(3), len = 0;
            for (int j = 0; j < m && nopen > 0; j++) {
                int t = (int)fx_rnd((unsigned)nopen);
                len += snprintf(req + len, sizeof req - (size_t)len, "%sT%d", j ? ";" : "", open[t]);
                open[t] = open[--nopen];
            }
            open[nopen++] = i;
        } else if (shape == 2 && i > 0) {
            int a = i - 1 - (int)fx_rnd(i < 30 ? (unsigned)i : 30);
            int b = i - 1 - (int)fx_rnd(i < 30 ? (unsigned)i : 30);
            snprintf(req, sizeof req, "T%d;T%d", a, b);
        } else if (shape == 5) {
            int j = i - i % 5;
            switch (i % 5) {
            case 0: if (i) snprintf(req, sizeof req, "T%d", i - 1); break;
            case 1: case 2: snprintf(req, sizeof req, "T%d", j); break;
            case 3: snprintf(req, sizeof req, "T%d;T%d", j + 2, j); break;
            default: snprintf(req, sizeof req, "T%d;T%d", j + 3, j + 1); break;
            }
        } else if (shape == 4 && i > 2) {
            snprintf(req, sizeof req, fx_rnd(8) ? "T%d;T%d" : "T%d;T%d;T%d", i - 1, i - 2,
                     i - 3);
        } else if (i > 0) {
            snprintf(req, sizeof req, "T%d", i - 1);
        }
        if (shape == 3 && fx_rnd(40) == 0)
            snprintf(grp, sizeof grp, "g%u", fx_rnd(5));
        if (shape == 3 && fx_rnd(40) == 0)
            snprintf(obj, sizeof obj, "%s-O1", acc[k]);
        fprintf(f, "T%d,%s,relationship,%g,%u,%u,,%s,%u,%s,%s,%s\n", i, acc[k],
                0.25 * (1 + fx_rnd(4)), 10 * fx_rnd(4), 50 * fx_rnd(20) + (i == n - 1) * 100000,
                obj, 1 + fx_rnd(2), fx_rnd(2) ? "0.5" : "", req, grp);
    }
    fclose(f);
    free(open);
}

/* Closure sums (closure.c) stand for walking a closure: on chains, trees,
 * DAGs, chains with groups and objectives, ladders and overlapping pairs
 * of up to 3,000 activities,
 * each heuristic makes the same plan when every closure that can be is
 * rated by its sums (KP_FAST_CLOSURE=1) as when none is (0). */
static void test_closure_sums(void)
{
    char gdir[64];
    snprintf(gdir, sizeof gdir, "%s/gen", dir);
    fx_rng_state = 20261206;
    for (int trial = 0; trial < 24; trial++) {
        kp_generate_opts go;
        kp_instance *in = NULL;
        kp_generate_opts_init(&go);
        go.accounts = 12;
        go.seed = 1;
        ASSERT_EQ(kp_generate(&go, gdir, NULL), KP_OK);
        add_requires(gdir, trial % 2 ? 3000 : 200, trial % 6);
        ASSERT_EQ(kp_instance_load(gdir, &in, NULL), KP_OK);
        if (!in)
            continue;
        size_t n = kp_instance_activities(in);
        int *walked = malloc(n * sizeof *walked), *summed = malloc(n * sizeof *summed);
        for (int h = 0; walked && summed && h < KP_N_HEURISTICS; h++) {
            setenv("KP_FAST_CLOSURE", "0", 1);
            ASSERT_EQ(kp_heuristic_plan(in, 0, h, walked), KP_OK);
            setenv("KP_FAST_CLOSURE", "1", 1);
            ASSERT_EQ(kp_heuristic_plan(in, 0, h, summed), KP_OK);
            ASSERT_TRUE(memcmp(walked, summed, n * sizeof *walked) == 0);
            ASSERT_EQ(kp_plan_check(in, 0, summed, NULL, NULL), 0);
        }
        unsetenv("KP_FAST_CLOSURE");
        free(walked);
        free(summed);
        kp_instance_free(in);
    }
    fx_remove_instance(gdir);
}

/* A stop asked for before the benchmark starts: every heuristic is cut
 * short (stopped, no figures), and the run still returns its rows. */
static void test_bench_stopped(void)
{
    char gdir[64];
    kp_generate_opts go;
    kp_instance *in = NULL;
    kp_bench_row rows[KP_N_HEURISTICS + 1];
    kp_solve_opts so;
    volatile int stop = 1;

    snprintf(gdir, sizeof gdir, "%s/gen", dir);
    kp_generate_opts_init(&go);
    go.accounts = 30;
    go.seed = 11;
    ASSERT_EQ(kp_generate(&go, gdir, NULL), KP_OK);
    ASSERT_EQ(kp_instance_load(gdir, &in, NULL), KP_OK);
    if (in) {
        kp_solve_opts_init(&so);
        so.stop = &stop;
        ASSERT_EQ(kp_bench_run(in, 0, &so, rows, NULL), KP_OK);
        ASSERT_STR(rows[0].method, "optimum");
        for (int h = 1; h <= KP_N_HEURISTICS; h++) {
            ASSERT_EQ(rows[h].status, KP_RES_NO_SOLUTION);
            ASSERT_TRUE(isnan(rows[h].value));
            ASSERT_TRUE(isnan(rows[h].share_pct));
        }
        kp_bench_rows_clear(rows, KP_N_HEURISTICS + 1);
    }
    kp_instance_free(in);
    fx_remove_instance(gdir);
}

int main(void)
{
    kp_instance *in = NULL;
    if (!mkdtemp(dir))
        return 2;
    fx_write_hand_instance(dir);
    ASSERT_EQ(kp_instance_load(dir, &in, NULL), KP_OK);
    if (in) {
        test_violations(in);
        test_evaluation(in);
    }
    kp_instance_free(in);
    test_heuristics();
    test_closure_sums();
    test_bench_stopped();
    kp_thread_cleanup();
    fx_remove_instance(dir);
    TEST_END();
}
