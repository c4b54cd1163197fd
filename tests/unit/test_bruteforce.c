/*
 * test_bruteforce.c - on hundreds of tiny random instances, kamplan's
 * optimum equals a brute-force enumeration of every plan.
 *
 * The enumeration tries every vector of occurrence counts and keeps the
 * best one that kp_plan_check (written from MODEL.md, independent of the
 * model builder) accepts; with column generation, branch-and-cut, and
 * branch-and-cut under a time limit. It also checks the converse claims:
 * a scenario solved as infeasible, or refused by kp_instance_check_forced,
 * has no valid plan at all, and the plan kamplan returns is valid and
 * worth what it says. The harness is brute.h's.
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
    bx_write_instance(dir, 0, 4);
    FILE *f;
    /* Half the instances get a second scenario that overrides the policy. */
    if (fx_rnd(2)) {
        f = fx_open(dir, "scenarios.csv");
        fprintf(f, "id,hours,budget_scale,max_key_accounts,min_contacts\nbase,,,,\n");
        fprintf(f, "what-if,%d,%s,%d,%d\n", 2 + (int)fx_rnd(30), fx_rnd(2) ? "0.5" : "",
                1 + (int)fx_rnd(3), (int)fx_rnd(3));
        fclose(f);
    }
}

int main(void)
{
    bx_spec sp = {write_instance, 0x9E3779B97F4A7C15ULL, 0, 3, NULL, NULL, NULL, NULL, NULL};
    /* BRUTE_INSTANCES lets valgrind runs take a smaller sample. */
    sp.instances = bx_instances(400, 1, 1, 0);
    bx_report(&sp, bx_run(&sp));
    TEST_END();
}
