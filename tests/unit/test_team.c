/*
 * test_team.c - a team of managers (managers.csv) on tiny random
 * instances: kamplan's optimum, by column generation and by branch-and-cut,
 * equals a brute-force enumeration of every plan that the plan check
 * (written from the rules, not from the programme) accepts; a plan kamplan
 * returns passes the check and keeps every manager's limits exactly; a
 * scenario solved as infeasible, or refused up front, has no valid plan.
 * The harness is brute.h's.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "brute.h"

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
    for (int k = 0; k < nacc; k++)
        fprintf(f, "A%d,%s,%s,M%d\n", k, fx_rnd(6) == 0 ? "key" : "auto",
                fx_rnd(5) == 0 ? "3" : "", (int)fx_rnd((unsigned)nm));
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

int main(void)
{
    bx_spec sp = {write_instance, 0x5DEECE66DULL, 0, 2, only_team, NULL};
    /* Under valgrind (BRUTE_INSTANCES=40) a quarter of the default. */
    int n = sp.instances = bx_instances(150, 1, 4, 1);
    bx_stats st = bx_run(&sp);
    printf("team brute force: %d instances, %d scenarios (%d feasible, %d infeasible, "
           "%d refused up front; the team's rules bind in %d)\n", st.instances,
           st.scenarios, st.feasible, st.infeasible, st.refused, st.binding);
    ASSERT_TRUE(st.feasible > n / 2);
    ASSERT_TRUE(st.binding > n / 4);
    TEST_END();
}
