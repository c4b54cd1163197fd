/*
 * test_commit_brute.c - the commitments (activities.csv min_count and
 * locked, scenarios.csv key and exclude) on hundreds of tiny random
 * instances: kamplan's optimum, by column generation and by
 * branch-and-cut, equals a brute-force enumeration of every plan that
 * kp_plan_check accepts; a scenario solved as infeasible, or refused by
 * kp_instance_check_forced, has no valid plan at all; and the heuristics
 * never break a commitment of a scenario that has a valid plan (they
 * start from the commitments and never pass a locked count). The harness
 * is brute.h's.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "brute.h"

/* Writes a random instance of 2-3 accounts and at most 10 activities with
 * max_count <= 2, so that enumeration stays below 3^10 plans. */
static void write_instance(const char *dir)
{
    int nacc = bx_write_instance(dir, 1, 8);
    FILE *f;
    /* Half the instances get scenarios with their own key and exclude. */
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

int main(void)
{
    bx_spec sp = {write_instance, 0xC0FFEE1234567ULL, 0, 3, NULL, heuristics_keep, NULL, NULL,
                  NULL};
    /* An eighth of BRUTE_INSTANCES (valgrind's pass sets it): this test
     * adds to test_bruteforce's time there. */
    sp.instances = bx_instances(120, 1, 8, 0);
    bx_stats st = bx_run(&sp);
    printf("commitments: %d heuristic plans checked\n", st.checked);
    bx_report(&sp, st);
    TEST_END();
}
