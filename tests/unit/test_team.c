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
 * managers it chose (kp_plan_check_result). Some valid plans are refused
 * by kp_plan_check's greedy choice of managers and pass
 * kp_plan_check_full with their own: the test finds them. The harness is
 * brute.h's.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "brute.h"
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
    bx_write_scales(dir, "manager_hours_scale");
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

/* Plans whose counts the check's greedy choice of managers refused and
 * some other assignment fits; solved plans that the greedy choice refuses
 * and their own managers fit. */
static int greedy_missed, greedy_missed_solved;

/* Whether some assignment of the accounts whose manager is chosen (every
 * one of nm^chosen, in bx_next's order) makes plan counts pass the check
 * (kamplan.h's kp_plan_check_full, with the assignment). */
static int some_assignment(const kp_instance *in, size_t s, const int *counts)
{
    size_t nacc = kp_instance_accounts(in), nm = kp_instance_managers(in), nc = 0;
    int mgr[4], pick[4] = {0}, chosen[4];
    for (size_t k = 0; k < nacc; k++) {
        mgr[k] = in->acc[k].manager;
        if (mgr[k] < 0)
            chosen[nc++] = (int)k;
    }
    do {
        for (size_t i = 0; i < nc; i++)
            mgr[chosen[i]] = pick[i];
        if (kp_plan_check_full(in, s, counts, mgr, NULL, NULL, NULL) == 0)
            return 1;
    } while (bx_next(pick, nc, (int)nm - 1));
    return 0;
}

/* bx_spec.rescue: the check's own managers (greedy) may miss a fitting
 * assignment: when only the team's rules fail, try them all. Each plan
 * so rescued is one that kp_plan_check refuses and kp_plan_check_full
 * passes with its own managers. */
static int rescue(const kp_instance *in, size_t s, const int *counts,
                  const kp_violations *vs)
{
    if (!only_team(vs) || !kp__team_chooses(in) || !some_assignment(in, s, counts))
        return 0;
    ASSERT_TRUE(kp_plan_check(in, s, counts, NULL, NULL) > 0);
    greedy_missed++;
    return 1;
}

/* bx_spec.plan_hook: the plan with the managers the solve chose keeps
 * every manager's limits exactly; the public accessors say the same. */
static void plan_hook(const kp_instance *in, size_t s, const kp_result *r)
{
    ASSERT_EQ(kp__plan_exact_team(in, s, NULL, r->counts, r->mgr, NULL), 1);
    for (size_t k = 0; k < kp_instance_accounts(in); k++)
        ASSERT_EQ(kp_result_manager(in, r, k), kp__result_manager(in, r, k));
    greedy_missed_solved += kp_plan_check(in, s, r->counts, NULL, NULL) > 0;
}

int main(void)
{
    bx_spec sp = {write_instance, 0x5DEECE66DULL, 0, 2, only_team, NULL, rescue, NULL,
                  plan_hook};
    /* Under valgrind (BRUTE_INSTANCES=40) a quarter of the default. */
    sp.instances = bx_instances(150, 1, 4, 1);
    bx_stats st = bx_run(&sp);
    bx_report_greedy(&sp, st, "team", "the team's rules", "the greedy managers refuse", 4,
                     greedy_missed, greedy_missed_solved);
    TEST_END();
}
