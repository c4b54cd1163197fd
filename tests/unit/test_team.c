/*
 * test_team.c - a team of managers (managers.csv) on tiny random
 * instances: kamplan's optimum, by column generation and by branch-and-cut,
 * equals a brute-force enumeration of every plan that the plan check
 * (written from the rules, not from the programme) accepts; a plan kamplan
 * returns passes the check and keeps every manager's limits exactly; a
 * scenario solved as infeasible, or refused up front, has no valid plan.
 * About half the accounts leave manager_id empty, so the optimiser chooses
 * their manager: the enumeration then also tries every assignment of
 * those accounts to managers, and kamplan's plan is checked with the
 * managers it chose (kp_result's mgr).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "fixture.h"
#include "kamplan.h"
#include "analysis/analysis.h"

/* 2-3 accounts on 1-3 managers, at most 8 activities with max_count <= 2
 * (3^8 plans), managers with hours, and some with max_accounts or a
 * budget; the policy's hours on half; a second scenario with the team's
 * scales on half. */
static void write_instance(const char *dir)
{
    int nacc = 2 + (int)fx_rnd(2), nm = 1 + (int)fx_rnd(3), nact = 0;
    FILE *f = fx_open(dir, "managers.csv");
    fprintf(f, "id,hours,max_accounts,budget\n");
    for (int m = 0; m < nm; m++) {
        fprintf(f, "M%d,%d,", m, 2 + (int)fx_rnd(14));
        if (fx_rnd(3) == 0)
            fprintf(f, "%d", (int)fx_rnd(2));
        fprintf(f, ",");
        if (fx_rnd(3) == 0)
            fprintf(f, "%d", 20 + (int)fx_rnd(200));
        fprintf(f, "\n");
    }
    fclose(f);
    f = fx_open(dir, "accounts.csv");
    fprintf(f, "id,status,min_hours,manager_id\n");
    for (int k = 0; k < nacc; k++) {
        fprintf(f, "A%d,%s,%s,", k, fx_rnd(6) == 0 ? "key" : "auto",
                fx_rnd(5) == 0 ? "3" : "");
        int m = (int)fx_rnd((unsigned)nm);
        if (fx_rnd(2))
            fprintf(f, "M%d", m);
        fprintf(f, "\n");
    }
    fclose(f);
    f = fx_open(dir, "activities.csv");
    fprintf(f, "id,account_id,hours,cost,value,max_count,decay\n");
    for (int k = 0; k < nacc; k++) {
        int n = 1 + (int)fx_rnd(3);
        for (int a = 0; a < n && nact < 8; a++, nact++)
            fprintf(f, "X%d,A%d,%d,%d,%d,%d,%s\n", nact, k, 1 + (int)fx_rnd(6),
                    (int)fx_rnd(80), 1 + (int)fx_rnd(50), 1 + (int)fx_rnd(2),
                    fx_rnd(2) ? "0.5" : "1");
    }
    fclose(f);
    f = fx_open(dir, "policy.csv");
    fprintf(f, "key,value\nmin_contacts,0\n");
    if (fx_rnd(2))
        fprintf(f, "hours,%d\n", 4 + (int)fx_rnd(20));
    if (fx_rnd(3) == 0)
        fprintf(f, "budget,%d\n", 50 + (int)fx_rnd(200));
    fclose(f);
    char p[512];
    snprintf(p, sizeof p, "%s/scenarios.csv", dir);
    unlink(p);
    if (fx_rnd(2)) {
        f = fx_open(dir, "scenarios.csv");
        fprintf(f, "id,hours_scale,budget_scale,manager_hours_scale\nbase,,,\n");
        fprintf(f, "what-if,%s,%s,%s\n", fx_rnd(2) ? "1.5" : "", fx_rnd(2) ? "0.5" : "",
                fx_rnd(2) ? "0.6" : "");
        fclose(f);
    }
}

/* Whether every violation in v is of a team's rule. */
static int only_team(const kp_violations *v)
{
    for (size_t i = 0; i < kp_violations_count(v); i++) {
        int r = kp_violations_get(v, i)->rule;
        if (r != KP_RULE_MANAGER_HOURS && r != KP_RULE_MANAGER_BUDGET &&
            r != KP_RULE_MAX_ACCOUNTS)
            return 0;
    }
    return 1;
}

/* Whether some assignment of the accounts whose manager is chosen (every
 * one of nm^chosen) makes plan counts pass the check. */
static int some_assignment(const kp_instance *in, size_t s, const int *counts)
{
    size_t nacc = kp_instance_accounts(in), nm = kp_instance_managers(in);
    int mgr[4];
    for (size_t k = 0; k < nacc; k++)
        mgr[k] = in->acc[k].manager >= 0 ? in->acc[k].manager : 0;
    for (;;) {
        kp_violations *vs = kp_violations_new();
        int bad = kp__plan_check_violations_team(in, s, counts, mgr, NULL, vs);
        kp_violations_free(vs);
        if (bad == 0)
            return 1;
        size_t k = 0;
        while (k < nacc && (in->acc[k].manager >= 0 || (size_t)mgr[k] == nm - 1)) {
            if (in->acc[k].manager < 0)
                mgr[k] = 0;
            k++;
        }
        if (k == nacc)
            return 0;
        mgr[k]++;
    }
}

/* Best valid plan by enumeration (counts 0..2 each, and every assignment
 * of the chosen accounts to managers); -1 when none. *loose: the best
 * when the team's rules are ignored, to tell that they bind. */
static double brute_force(const kp_instance *in, size_t s, int *counts, double *loose)
{
    size_t n = kp_instance_activities(in);
    double best = -1;
    memset(counts, 0, n * sizeof *counts);
    *loose = -1;
    for (;;) {
        double v;
        kp_violations *vs = kp_violations_new();
        int bad = kp_plan_check_violations(in, s, counts, &v, vs);
        /* The check's own managers (greedy) may miss a fitting
         * assignment: when only the team's rules fail, try them all. */
        if (bad > 0 && only_team(vs) && kp__team_chooses(in) &&
            some_assignment(in, s, counts))
            bad = 0;
        if (bad == 0 && v > best)
            best = v;
        if (only_team(vs) && v > *loose)
            *loose = v;
        kp_violations_free(vs);
        size_t i = 0;
        while (i < n && counts[i] == 2)
            counts[i++] = 0;
        if (i == n)
            break;
        counts[i]++;
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
        int plan[16] = {0};
        double v = -1;
        (*feasible)++;
        ASSERT_EQ(m.status, KP_RES_OPTIMAL);
        ASSERT_NEAR(m.objective, bf, 1e-9 * (1 + bf));
        for (size_t a = 0; a < kp_instance_activities(in); a++)
            plan[a] = kp_result_count(r, a);
        /* With the managers the solve chose for the accounts it chose. */
        ASSERT_EQ(kp__plan_check_team(in, s, NULL, plan, r->mgr, &v, NULL), 0);
        ASSERT_EQ(kp__plan_exact_team(in, s, NULL, plan, r->mgr, NULL), 1);
        ASSERT_NEAR(v, m.objective, 1e-9 * (1 + bf));
    }
    kp_result_free(r);
}

int main(void)
{
    char dir[] = "/tmp/kp-teamXXXXXX", p[512];
    int n, scenarios = 0, feasible = 0, infeasible = 0, refused = 0, binding = 0;
    const char *env = getenv("BRUTE_INSTANCES");
    if (!mkdtemp(dir))
        return 2;
    /* Under valgrind (BRUTE_INSTANCES=40) a quarter of the default. */
    n = env ? atoi(env) / 4 + 1 : 150;
    fx_rng_state = 0x5DEECE66DULL;
    for (int it = 0; it < n && !kp_t_failed; it++) {
        kp_instance *in = NULL;
        kp_diags *d = kp_diags_new();
        int counts[16];
        write_instance(dir);
        int rc = kp_instance_load(dir, &in, d);
        ASSERT_EQ(rc, KP_OK);
        for (size_t i = 0; rc != KP_OK && i < kp_diags_count(d); i++)
            fprintf(stderr, "  %s\n", kp_diags_message(d, i));
        for (size_t s = 0; rc == KP_OK && s < kp_instance_scenarios(in); s++) {
            double loose, bf = brute_force(in, s, counts, &loose);
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
    printf("team brute force: %d instances, %d scenarios (%d feasible, %d infeasible, "
           "%d refused up front; the team's rules bind in %d)\n", n, scenarios,
           feasible / 2, infeasible / 2, refused, binding);
    ASSERT_TRUE(feasible / 2 > n / 2);
    ASSERT_TRUE(binding > n / 4);
    if (!kp_t_failed) {
        snprintf(p, sizeof p, "%s/managers.csv", dir);
        unlink(p);
        fx_remove_instance(dir);
    }
    TEST_END();
}
