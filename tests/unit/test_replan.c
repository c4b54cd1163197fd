/*
 * test_replan.c - replanning in the library: the previous plan's rows
 * matched to scenarios (kp_previous_counts), unknown activities warned
 * about and not counted, the change limit and cost in kp_solve, and the
 * points kp_tradeoff chooses when they are more than max_points. Uses
 * models/sample (run from the repository root).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "fixture.h"
#include "analysis/analysis.h"

#define SAMPLE "models/sample"

static char dir[] = "/tmp/kp-replanXXXXXX";

/* The optimum of scenario s (gap 0) as counts (malloc'd). */
static int *optimum(const kp_instance *in, size_t s)
{
    kp_solve_opts o;
    kp_result *r = NULL;
    int *c = calloc(in->nact + 1, sizeof *c);
    kp_solve_opts_init(&o);
    o.gap_pct = 0;
    o.threads = 1;
    ASSERT_EQ(kp_solve(in, s, &o, &r, NULL), KP_OK);
    for (size_t a = 0; r && a < in->nact; a++)
        c[a] = kp_result_count(r, a);
    kp_result_free(r);
    return c;
}

/* Which rows apply to which scenario, and what is reported. */
static void test_previous(const kp_instance *in)
{
    char path[256];
    kp_previous *p = NULL;
    kp_diags *d = kp_diags_new();
    size_t base = (size_t)kp_instance_scenario_find(in, "base");
    size_t lean = (size_t)kp_instance_scenario_find(in, "lean-budget");
    size_t extra = (size_t)kp_instance_scenario_find(in, "extra-hours");
    long a = -1;
    for (size_t i = 0; i < in->nact; i++)
        if (strcmp(in->act[i].id, "MUEL-R-mueller-dinner") == 0)
            a = (long)i;
    ASSERT_TRUE(a >= 0);

    snprintf(path, sizeof path, "%s/two.csv", dir);
    fx_put(dir, "two.csv", "scenario,activity_id,count\nbase,MUEL-R-mueller-dinner,2\n"
           "lean-budget,MUEL-R-mueller-dinner,1\nbase,NO-SUCH,3\n");
    ASSERT_EQ(kp_previous_load(in, path, &p, d), KP_OK);
    ASSERT_EQ(kp_diags_errors(d), 0);
    ASSERT_EQ(kp_diags_count(d), 1);    /* the unknown activity, a warning */
    ASSERT_EQ(kp_diags_line(d, 0), 4);
    ASSERT_CONTAINS(kp_diags_message(d, 0), "no activity 'NO-SUCH'");
    ASSERT_EQ(kp_previous_counts(p, base, d)[a], 2);
    ASSERT_EQ(kp_previous_counts(p, lean, d)[a], 1);
    long total = 0;
    for (size_t i = 0; i < in->nact; i++)
        total += kp_previous_counts(p, base, d)[i];
    ASSERT_EQ(total, 2);                /* NO-SUCH's 3 are not counted */
    /* ... but kept, with the scenario of their row (for the report). */
    const char *gone = NULL;
    int gone_n = 0;
    long gone_line = 0;
    ASSERT_EQ(kp_previous_unknown(p, base, 0, &gone, &gone_n, &gone_line), 1);
    ASSERT_STR(gone, "NO-SUCH");
    ASSERT_EQ(gone_n, 3);
    ASSERT_EQ(gone_line, 4);
    ASSERT_EQ(kp_previous_unknown(p, lean, 0, NULL, NULL, NULL), 0);
    ASSERT_EQ(kp_previous_unknown(NULL, base, 0, NULL, NULL, NULL), 0);
    /* Two scenarios, none of them extra-hours: an error naming the file. */
    ASSERT_TRUE(kp_previous_counts(p, extra, d) == NULL);
    ASSERT_EQ(kp_diags_errors(d), 1);
    ASSERT_STR(kp_diags_file(d, 1), path);
    kp_previous_free(p);
    p = NULL;

    /* One scenario of another id: its rows serve every scenario. */
    kp_diags_free(d);
    d = kp_diags_new();
    fx_put(dir, "one.csv", "scenario,activity_id,count\nold,MUEL-R-mueller-dinner,2\n");
    snprintf(path, sizeof path, "%s/one.csv", dir);
    ASSERT_EQ(kp_previous_load(in, path, &p, d), KP_OK);
    ASSERT_TRUE(kp_previous_counts(p, extra, d) != NULL);
    ASSERT_EQ(kp_previous_counts(p, extra, d)[a], 2);
    kp_previous_free(p);
    p = NULL;

    /* A count that is not a whole number: FILE:LINE, column. */
    fx_put(dir, "bad.csv", "activity_id,count\nMUEL-R-mueller-dinner,1.5\n");
    snprintf(path, sizeof path, "%s/bad.csv", dir);
    ASSERT_EQ(kp_previous_load(in, path, &p, d), KP_EDATA);
    ASSERT_TRUE(p == NULL);
    ASSERT_EQ(kp_diags_line(d, kp_diags_count(d) - 1), 2);
    ASSERT_STR(kp_diags_column(d, kp_diags_count(d) - 1), "count");
    kp_diags_free(d);
}

/* kp_solve against a previous plan: N = 0 keeps it; the change cost is in
 * the objective exactly. */
static void test_solve(const kp_instance *in, const int *prev, size_t s)
{
    const int *per[16] = {NULL};
    kp_replan rp;
    kp_solve_opts o;
    kp_result *r = NULL;
    kp_result_summary m;

    per[s] = prev;
    kp_replan_init(&rp);
    rp.previous = per;
    rp.max_changes = 0;
    kp_solve_opts_init(&o);
    o.gap_pct = 0;
    o.threads = 1;
    o.replan = &rp;
    ASSERT_EQ(kp_solve(in, s, &o, &r, NULL), KP_OK);
    kp_result_get_summary(r, &m);
    ASSERT_EQ(m.status, KP_RES_OPTIMAL);
    ASSERT_EQ(m.changes, 0);
    ASSERT_EQ(m.replanned, 1);
    for (size_t a = 0; a < in->nact; a++)
        ASSERT_EQ(kp_result_count(r, a), prev[a]);
    ASSERT_EQ(kp_replan_changes(in, prev, prev), 0);
    kp_result_free(r);

    rp.max_changes = -1;
    rp.change_cost = 1234.5;
    ASSERT_EQ(kp_solve(in, s, &o, &r, NULL), KP_OK);
    kp_result_get_summary(r, &m);
    ASSERT_EQ(m.status, KP_RES_OPTIMAL);
    ASSERT_NEAR(m.objective, m.plan_value - 1234.5 * (double)m.changes, 1e-6);
    ASSERT_TRUE(m.bound >= m.objective - 1e-6);
    /* Packed for another rank and back, the replan figures are the same. */
    kp_batch_outcome oc, boc;
    kp_result *back = NULL;
    kp_result_summary mb;
    void *buf = NULL;
    size_t len = 0;
    kp_batch_outcome_init(&oc);
    oc.state = KP_BATCH_SOLVED;
    ASSERT_EQ(kp_batch_pack(in, s, r, &oc, NULL, &buf, &len), KP_OK);
    ASSERT_EQ(kp_batch_unpack(in, s, buf, len, &back, &boc, NULL), KP_OK);
    if (back) {
        kp_result_get_summary(back, &mb);
        ASSERT_TRUE(memcmp(&mb.plan_value, &m.plan_value, sizeof m.plan_value) == 0);
        ASSERT_EQ(mb.changes, m.changes);
        ASSERT_EQ(mb.replanned, 1);
    }
    kp_result_free(back);
    free(buf);
    kp_result_free(r);
}

/* More possible points than max_points: evenly spaced, both ends in. */
static void test_tradeoff(const kp_instance *in, const int *prev, size_t s)
{
    kp_tradeoff_opts o;
    kp_tradeoff_curve c;
    kp_tradeoff_opts_init(&o);
    o.solve.threads = 1;
    o.max_points = 3;
    ASSERT_EQ(kp_tradeoff(in, s, prev, &o, &c, NULL), KP_OK);
    long C = c.free_plan.changes;
    ASSERT_TRUE(C > 2);
    ASSERT_EQ(c.npoints, 3);
    if (c.npoints == 3) {
        ASSERT_EQ(c.points[0].max_changes, 0);
        ASSERT_EQ(c.points[1].max_changes, (C + 1) / 2);
        ASSERT_EQ(c.points[2].max_changes, C);
        ASSERT_NEAR(c.points[2].value, c.free_plan.value, 1e-6);
        ASSERT_TRUE(c.points[1].changes <= c.points[1].max_changes);
        ASSERT_TRUE(c.points[1].value <= c.points[2].value);
    }
    kp_tradeoff_curve_free(&c);
}

int main(void)
{
    kp_instance *in = NULL;
    if (!mkdtemp(dir))
        return 2;
    ASSERT_EQ(kp_instance_load(SAMPLE, &in, NULL), KP_OK);
    if (in) {
        size_t base = (size_t)kp_instance_scenario_find(in, "base");
        size_t extra = (size_t)kp_instance_scenario_find(in, "extra-hours");
        int *lean = optimum(in, (size_t)kp_instance_scenario_find(in, "lean-budget"));
        int *b = optimum(in, base);
        test_previous(in);
        test_solve(in, lean, base);     /* the lean plan fits base */
        test_tradeoff(in, b, extra);
        free(lean);
        free(b);
        kp_instance_free(in);
    }
    kp_thread_cleanup();
    for (const char *f = "two.csv\0one.csv\0bad.csv\0"; *f; f += strlen(f) + 1) {
        char p[256];
        snprintf(p, sizeof p, "%s/%s", dir, f);
        unlink(p);
    }
    rmdir(dir);
    TEST_END();
}
