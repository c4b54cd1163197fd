/*
 * test_commit_brute.c - the commitments (activities.csv min_count and
 * locked, scenarios.csv key and exclude) on hundreds of tiny random
 * instances: kamplan's optimum, by column generation and by
 * branch-and-cut, equals a brute-force enumeration of every plan that
 * kp_plan_check accepts; a scenario solved as infeasible, or refused by
 * kp_instance_check_forced, has no valid plan at all; and the heuristics
 * never break a commitment of a scenario that has a valid plan (they
 * start from the commitments and never pass a locked count).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "fixture.h"
#include "kamplan.h"

/* Writes a random instance of 2-3 accounts and at most 10 activities with
 * max_count <= 2, so that enumeration stays below 3^10 plans. */
static void write_instance(const char *dir)
{
    int nacc = 2 + (int)fx_rnd(2), nact = 0, ncon[3], nobj[3];
    FILE *f = fx_open(dir, "accounts.csv");
    fprintf(f, "id,margin_pct,access,max_hours,max_budget,min_hours,status\n");
    for (int k = 0; k < nacc; k++) {
        static const char *const st[] = {"auto", "auto", "auto", "key", "exclude"};
        fprintf(f, "A%d,%d,%d,", k, (int)fx_rnd(20) - 5, (int)fx_rnd(6));
        if (fx_rnd(3) == 0)
            fprintf(f, "%d", 4 + (int)fx_rnd(12));
        fprintf(f, ",");
        if (fx_rnd(3) == 0)
            fprintf(f, "%d", 100 + (int)fx_rnd(400));
        fprintf(f, ",%s,%s\n", fx_rnd(4) == 0 ? "3" : "", st[fx_rnd(5)]);
    }
    fclose(f);
    f = fx_open(dir, "contacts.csv");
    fprintf(f, "id,account_id,influence,entrenched,stance\n");
    for (int k = 0; k < nacc; k++) {
        ncon[k] = 1 + (int)fx_rnd(3);
        for (int c = 0; c < ncon[k]; c++) {
            static const char *const stance[] = {"supporter", "neutral", "opponent"};
            fprintf(f, "C%d.%d,A%d,%d,%s,%s\n", k, c, k, (int)fx_rnd(6),
                    fx_rnd(4) == 0 ? "yes" : "no", stance[fx_rnd(3)]);
        }
    }
    fclose(f);
    f = fx_open(dir, "objectives.csv");
    fprintf(f, "id,account_id,horizon,value\n");
    for (int k = 0; k < nacc; k++) {
        nobj[k] = (int)fx_rnd(3);
        for (int o = 0; o < nobj[k]; o++)
            fprintf(f, "O%d.%d,A%d,%s,%d\n", k, o, k, fx_rnd(2) ? "short" : "long",
                    (int)fx_rnd(60));
    }
    fclose(f);
    f = fx_open(dir, "activities.csv");
    fprintf(f, "id,account_id,hours,cost,value,contact_id,objective_id,max_count,decay,requires,group,min_count,locked\n");
    for (int k = 0; k < nacc; k++) {
        int n = 2 + (int)fx_rnd(3), first = nact;
        for (int a = 0; a < n && nact < 10; a++, nact++) {
            fprintf(f, "X%d,A%d,%d,%d,%d,", nact, k, 1 + (int)fx_rnd(6), (int)fx_rnd(120),
                    (int)fx_rnd(50));
            if (fx_rnd(4) != 0)
                fprintf(f, "C%d.%d", k, (int)fx_rnd((unsigned)ncon[k]));
            fprintf(f, ",");
            if (nobj[k] && fx_rnd(2))
                fprintf(f, "O%d.%d", k, (int)fx_rnd((unsigned)nobj[k]));
            int maxc = 1 + (int)fx_rnd(2), minc = fx_rnd(7) == 0 ? 1 + (int)fx_rnd((unsigned)maxc) : 0;
            fprintf(f, ",%d,%s,", maxc, fx_rnd(2) ? "0.5" : "1");
            if (nact > first && fx_rnd(4) == 0)
                fprintf(f, "X%d", first + (int)fx_rnd((unsigned)(nact - first)));
            fprintf(f, ",%s,", fx_rnd(4) == 0 ? (fx_rnd(2) ? "g1" : "g2") : "");
            if (minc)
                fprintf(f, "%d", minc);
            fprintf(f, ",%s\n", fx_rnd(6) == 0 ? "yes" : "");
        }
    }
    fclose(f);
    f = fx_open(dir, "policy.csv");
    fprintf(f, "key,value\nhours,%d\n", 8 + (int)fx_rnd(25));
    if (fx_rnd(2))
        fprintf(f, "budget,%d\n", 50 + (int)fx_rnd(300));
    if (fx_rnd(2))
        fprintf(f, "max_key_accounts,%d\n", 1 + (int)fx_rnd(2));
    fprintf(f, "min_contacts,%d\n", (int)fx_rnd(3));
    fprintf(f, "require_entrenched,%s\n", fx_rnd(2) ? "yes" : "no");
    if (fx_rnd(2))
        fprintf(f, "opponent_influence,%d\n", 2 + (int)fx_rnd(4));
    if (fx_rnd(2))
        fprintf(f, "min_margin_pct,%d\nmin_access,%d\nmin_criteria,1\n",
                (int)fx_rnd(10), (int)fx_rnd(5));
    fclose(f);
    /* Half the instances get scenarios with their own key and exclude. */
    char p[512];
    snprintf(p, sizeof p, "%s/scenarios.csv", dir);
    unlink(p);
    if (fx_rnd(3)) {
        f = fx_open(dir, "scenarios.csv");
        int a = (int)fx_rnd((unsigned)nacc), b = (a + 1) % nacc;
        fprintf(f, "id,hours,budget_scale,max_key_accounts,min_contacts,key,exclude\nbase,,,,,,\n");
        fprintf(f, "what-if,%d,%s,%d,%d,", 2 + (int)fx_rnd(30), fx_rnd(2) ? "0.5" : "",
                1 + (int)fx_rnd(3), (int)fx_rnd(3));
        if (fx_rnd(2))
            fprintf(f, "A%d", a);
        fprintf(f, ",");
        if (fx_rnd(2))
            fprintf(f, "A%d", b);
        fprintf(f, "\n");
        fprintf(f, "lean,,,,,,A%d\n", a);
        fclose(f);
    }
}

/* The heuristics' plans for scenario s (which has a valid plan) break no
 * commitment. Returns the number of plans looked at. */
static int heuristics_keep(const kp_instance *in, size_t s)
{
    int plan[16] = {0};
    for (int h = 0; h < KP_N_HEURISTICS; h++) {
        kp_violations *v = kp_violations_new();
        ASSERT_EQ(kp_heuristic_plan(in, s, h, plan), KP_OK);
        kp_plan_check_violations(in, s, plan, NULL, v);
        for (size_t i = 0; i < kp_violations_count(v); i++) {
            const kp_violation *x = kp_violations_get(v, i);
            KP_T_REPORT(x->rule != KP_RULE_MIN_COUNT && x->rule != KP_RULE_LOCKED &&
                        x->rule != KP_RULE_SCENARIO_EXCLUDE,
                        "heuristic %s breaks a commitment: %s", kp_heuristic_name(h),
                        x->detail);
        }
        kp_violations_free(v);
    }
    return KP_N_HEURISTICS;
}

/* Best valid plan by enumeration; returns -1 when no plan is valid. */
static double brute_force(const kp_instance *in, size_t s, int *counts,
                          int *best_counts)
{
    size_t n = kp_instance_activities(in);
    double best = -1;
    for (;;) {
        double v;
        if (kp_plan_check(in, s, counts, &v, NULL) == 0 && v > best) {
            best = v;
            memcpy(best_counts, counts, n * sizeof *counts);
        }
        size_t i = 0;
        /* Next vector: counts in 0..2 (values above max_count are simply
         * rejected by the check). */
        while (i < n && counts[i] == 2)
            counts[i++] = 0;
        if (i == n)
            break;
        counts[i]++;
    }
    return best;
}

int main(void)
{
    char dir[] = "/tmp/kp-commitXXXXXX";
    int instances = 0, scenarios = 0, feasible = 0, infeasible = 0, refused = 0;
    int decomposed = 0;
    if (!mkdtemp(dir))
        return 2;
    const char *env = getenv("BRUTE_INSTANCES");
    /* An eighth of BRUTE_INSTANCES (valgrind's pass sets it): this test
     * adds to test_bruteforce's time there. */
    int n = env ? (atoi(env) + 7) / 8 : 120;
    int heur_plans = 0;
    fx_rng_state = 0xC0FFEE1234567ULL;
    for (int it = 0; it < n; it++) {
        kp_instance *in = NULL;
        kp_diags *d = kp_diags_new();
        int counts[16] = {0}, best[16] = {0};
        write_instance(dir);
        int rc = kp_instance_load(dir, &in, d);
        ASSERT_EQ(rc, KP_OK);
        if (rc != KP_OK) {
            for (size_t i = 0; i < kp_diags_count(d); i++)
                fprintf(stderr, "  %s\n", kp_diags_message(d, i));
            kp_diags_free(d);
            continue;
        }
        instances++;
        for (size_t s = 0; s < kp_instance_scenarios(in); s++) {
            memset(counts, 0, sizeof counts);
            double bf = brute_force(in, s, counts, best);
            scenarios++;
            if (bf >= 0)
                heur_plans += heuristics_keep(in, s);
            if (kp_instance_check_forced(in, (long)s, d) != 0) {
                /* Refused up front: there must be no valid plan. */
                refused++;
                ASSERT_TRUE(bf < 0);
                continue;
            }
            /* Both methods: column generation (where the accounts are
             * independent) and branch-and-cut on the whole model; and the
             * latter under a time limit, which solves the root LP itself
             * (glpk_solve.c, root_lp) before GLPK's branch-and-cut. */
            for (int variant = 0; variant < 3; variant++) {
            int method = variant == 0 ? KP_METHOD_AUTO : KP_METHOD_BB;
            kp_solve_opts o;
            kp_result *r = NULL;
            kp_result_summary m;
            kp_solve_opts_init(&o);
            o.gap_pct = 0;
            o.method = method;
            if (variant == 2)
                o.time_limit = 600;
            ASSERT_EQ(kp_solve(in, s, &o, &r, d), KP_OK);
            kp_result_get_summary(r, &m);
            if (method == KP_METHOD_AUTO && m.rounds > 0)
                decomposed++;
            if (bf < 0) {
                infeasible++;
                ASSERT_EQ(m.status, KP_RES_INFEASIBLE);
            } else {
                int plan[16] = {0};
                double v = -1;
                feasible++;
                ASSERT_EQ(m.status, KP_RES_OPTIMAL);
                ASSERT_NEAR(m.objective, bf, 1e-9 * (1 + bf));
                for (size_t a = 0; a < kp_instance_activities(in); a++)
                    plan[a] = kp_result_count(r, a);
                ASSERT_EQ(kp_plan_check(in, s, plan, &v, NULL), 0);
                ASSERT_NEAR(v, m.objective, 1e-9 * (1 + bf));
            }
            if (kp_t_failed)
                fprintf(stderr, "first failure: instance %d scenario %zu variant %d in %s "
                        "(brute force %g, kamplan %g)\n", it, s, variant, dir, bf, m.objective);
            kp_result_free(r);
            if (kp_t_failed)
                break;
            }
            if (kp_t_failed)
                break;
        }
        kp_diags_free(d);
        kp_instance_free(in);
        if (kp_t_failed)
            break;
    }
    kp_thread_cleanup();
    printf("commitments: %d heuristic plans checked\n", heur_plans);
    printf("brute force: %d instances, %d scenarios (%d feasible, %d infeasible, "
           "%d refused up front; %d solved by column generation)\n", instances,
           scenarios, feasible / 2, infeasible / 2, refused, decomposed);
    ASSERT_TRUE(feasible / 2 > n / 4 && (n < 100 || infeasible / 2 + refused > 5));
    ASSERT_TRUE(decomposed > n / 4);
    if (!kp_t_failed) {
        fx_remove_instance(dir);
    }
    TEST_END();
}
