/*
 * test_periods.c - a horizon in periods (periods.csv) on tiny random
 * instances: kamplan's optimum equals a brute-force enumeration of every
 * plan with its periods (each activity's count in each period) that the
 * plan check (written from the rules, not from the programme) accepts; the
 * plan kamplan returns, with its periods, passes the check and keeps every
 * period's limits exactly; a scenario solved as infeasible, or refused up
 * front, has no valid plan; and the rules of periods bind in many
 * scenarios (the best plan without them is worth more).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "fixture.h"
#include "solve/solve.h"

/* At most 8 cells (activities x periods): 3^8 plans to enumerate. */
enum { MAXPER = 3, MAXCELLS = 8 };

/* 1-2 accounts, at most 8 / periods activities with max_count <= 2, windows,
 * max_per_period and a requires within an account on some; 1-3 periods
 * with hours (and a budget on some); a second scenario with the periods'
 * scales on half. */
static void write_instance(const char *dir, int *nper)
{
    int nacc = 1 + (int)fx_rnd(2), np = 1 + (int)fx_rnd(MAXPER), nact = 0;
    FILE *f = fx_open(dir, "periods.csv");
    *nper = np;
    fprintf(f, "id,hours,budget\n");
    for (int p = 0; p < np; p++) {
        fprintf(f, "Q%d,", p + 1);
        if (fx_rnd(4))
            fprintf(f, "%d", 1 + (int)fx_rnd(8));
        fprintf(f, ",");
        if (fx_rnd(3) == 0)
            fprintf(f, "%d", 10 + (int)fx_rnd(60));
        fprintf(f, "\n");
    }
    fclose(f);
    f = fx_open(dir, "accounts.csv");
    fprintf(f, "id,status\n");
    for (int k = 0; k < nacc; k++)
        fprintf(f, "A%d,%s\n", k, fx_rnd(6) == 0 ? "key" : "auto");
    fclose(f);
    f = fx_open(dir, "activities.csv");
    fprintf(f, "id,account_id,hours,cost,value,max_count,decay,requires,earliest,"
            "latest,max_per_period,min_count\n");
    for (int k = 0; k < nacc; k++) {
        int n = 1 + (int)fx_rnd(3), first = nact;
        for (int a = 0; a < n && (nact + 1) * np <= MAXCELLS; a++, nact++) {
            int e = fx_rnd(3) == 0 ? 1 + (int)fx_rnd((unsigned)np) : 0;
            int l = fx_rnd(3) == 0 ? (e ? e : 1) + (int)fx_rnd((unsigned)(np - (e ? e : 1) + 1)) : 0;
            fprintf(f, "X%d,A%d,%d,%d,%d,%d,%s,", nact, k, 1 + (int)fx_rnd(5),
                    (int)fx_rnd(30), 1 + (int)fx_rnd(50), 1 + (int)fx_rnd(2),
                    fx_rnd(2) ? "0.5" : "1");
            if (nact > first && fx_rnd(2))
                fprintf(f, "X%d", first + (int)fx_rnd((unsigned)(nact - first)));
            fprintf(f, ",");
            if (e)
                fprintf(f, "Q%d", e);
            fprintf(f, ",");
            if (l)
                fprintf(f, "Q%d", l);
            fprintf(f, ",%s,%s\n", fx_rnd(3) == 0 ? "1" : "", fx_rnd(12) == 0 ? "1" : "");
        }
    }
    fclose(f);
    f = fx_open(dir, "policy.csv");
    fprintf(f, "key,value\nmin_contacts,0\nhours,%d\n", 4 + (int)fx_rnd(20));
    fclose(f);
    char p[512];
    snprintf(p, sizeof p, "%s/scenarios.csv", dir);
    unlink(p);
    if (fx_rnd(2)) {
        f = fx_open(dir, "scenarios.csv");
        fprintf(f, "id,hours_scale,budget_scale,period_hours_scale\nbase,,,\n");
        fprintf(f, "what-if,%s,%s,%s\n", fx_rnd(2) ? "1.5" : "", fx_rnd(2) ? "0.5" : "",
                fx_rnd(2) ? "0.6" : "");
        fclose(f);
    }
}

/* Whether every message of d is about a rule of periods. */
static int only_periods(const kp_violations *v)
{
    for (size_t i = 0; i < kp_violations_count(v); i++) {
        int r = kp_violations_get(v, i)->rule;
        if (r != KP_RULE_PERIOD_HOURS && r != KP_RULE_PERIOD_BUDGET &&
            r != KP_RULE_PERIOD_WINDOW && r != KP_RULE_PERIOD_ORDER)
            return 0;
    }
    return 1;
}

/* Best valid plan, with its periods, by enumeration: each activity's count
 * in each period 0..2, in total at most 2; -1 when none. *loose: the best
 * count plan when the rules of periods are ignored. */
static double brute_force(const kp_instance *in, size_t s, double *loose)
{
    size_t n = kp_instance_activities(in), P = in->nper, cells = n * P;
    int pc[MAXCELLS], counts[MAXCELLS];
    double best = -1;
    memset(pc, 0, sizeof pc);
    *loose = -1;
    for (;;) {
        int ok = 1;
        for (size_t a = 0; a < n; a++) {
            counts[a] = 0;
            for (size_t p = 0; p < P; p++)
                counts[a] += pc[a * P + p];
            ok &= counts[a] <= 2;
        }
        if (ok) {
            double v;
            if (kp__plan_check_periods(in, s, NULL, counts, pc, &v, NULL) == 0 && v > best)
                best = v;
            kp_violations *vs = kp_violations_new();
            /* The count plan alone, judged as placed by kamplan: only the
             * rules of periods may fail for it to count as loose. */
            if (kp_plan_check_violations(in, s, counts, &v, vs) >= 0 && only_periods(vs) &&
                v > *loose)
                *loose = v;
            kp_violations_free(vs);
        }
        size_t i = 0;
        while (i < cells && pc[i] == 2)
            pc[i++] = 0;
        if (i == cells)
            break;
        pc[i]++;
    }
    return best;
}

/* Solves scenario s by method and compares with the brute force bf. */
static void solve_and_compare(const kp_instance *in, size_t s, int method, double bf,
                              kp_diags *d, int *feasible, int *infeasible)
{
    kp_solve_opts o;
    kp_result *r = NULL;
    kp_result_summary m;
    kp_solve_opts_init(&o);
    o.gap_pct = 0;
    o.method = method;
    ASSERT_EQ(kp_solve(in, s, &o, &r, d), KP_OK);
    if (!r)
        return;
    kp_result_get_summary(r, &m);
    if (bf < 0) {
        (*infeasible)++;
        ASSERT_EQ(m.status, KP_RES_INFEASIBLE);
    } else {
        double v = -1;
        (*feasible)++;
        ASSERT_EQ(m.status, KP_RES_OPTIMAL);
        ASSERT_NEAR(m.objective, bf, 1e-9 * (1 + bf));
        ASSERT_TRUE(r->pcounts != NULL);
        ASSERT_EQ(kp__plan_check_periods(in, s, NULL, r->counts, r->pcounts, &v, NULL), 0);
        ASSERT_EQ(kp__plan_exact_periods(in, s, r->pcounts, NULL), 1);
        ASSERT_NEAR(v, m.objective, 1e-9 * (1 + bf));
    }
    kp_result_free(r);
}

int main(void)
{
    char dir[] = "/tmp/kp-periodsXXXXXX", p[512];
    int n, scenarios = 0, feasible = 0, infeasible = 0, refused = 0, binding = 0;
    const char *env = getenv("BRUTE_INSTANCES");
    if (!mkdtemp(dir))
        return 2;
    /* Under valgrind (BRUTE_INSTANCES=40) a quarter of the default. */
    n = env ? atoi(env) / 4 + 1 : 300;
    fx_rng_state = 0x9E3779B97F4A7C15ULL;
    for (int it = 0; it < n && !kp_t_failed; it++) {
        kp_instance *in = NULL;
        kp_diags *d = kp_diags_new();
        int np;
        write_instance(dir, &np);
        int rc = kp_instance_load(dir, &in, d);
        ASSERT_EQ(rc, KP_OK);
        for (size_t i = 0; rc != KP_OK && i < kp_diags_count(d); i++)
            fprintf(stderr, "  %s\n", kp_diags_message(d, i));
        for (size_t s = 0; rc == KP_OK && s < kp_instance_scenarios(in); s++) {
            double loose, bf = brute_force(in, s, &loose);
            scenarios++;
            binding += loose > bf + 1e-9;
            if (kp_instance_check_forced(in, (long)s, d) != 0) {
                refused++;
                ASSERT_TRUE(bf < 0);
                continue;
            }
            solve_and_compare(in, s, KP_METHOD_AUTO, bf, d, &feasible, &infeasible);
            solve_and_compare(in, s, KP_METHOD_BB, bf, d, &feasible, &infeasible);
            if (kp_t_failed)
                fprintf(stderr, "first failure: instance %d scenario %zu in %s\n", it, s, dir);
        }
        kp_diags_free(d);
        kp_instance_free(in);
    }
    kp_thread_cleanup();
    printf("periods brute force: %d instances, %d scenarios (%d feasible, %d infeasible, "
           "%d refused up front; the rules of periods bind in %d)\n", n, scenarios,
           feasible / 2, infeasible / 2, refused, binding);
    ASSERT_TRUE(feasible / 2 > n / 2);
    ASSERT_TRUE(binding > n / 8);
    if (!kp_t_failed) {
        snprintf(p, sizeof p, "%s/periods.csv", dir);
        unlink(p);
        fx_remove_instance(dir);
    }
    TEST_END();
}
