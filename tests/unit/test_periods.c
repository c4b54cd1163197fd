/*
 * test_periods.c - a horizon in periods (periods.csv) on tiny random
 * instances: kamplan's optimum equals a brute-force enumeration of every
 * plan with its periods (each activity's count in each period) that the
 * plan check (written from the rules, not from the programme) accepts; the
 * plan kamplan returns, with its periods, passes the check and keeps every
 * period's limits exactly; a scenario solved as infeasible, or refused up
 * front, has no valid plan; and the rules of periods bind in many
 * scenarios (the best plan without them is worth more). The harness is
 * brute.h's.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "brute.h"
#include "solve/solve.h"

/* At most 8 cells (activities x periods): 3^8 plans to enumerate. */
enum { MAXPER = 3, MAXCELLS = 8 };

/* 1-2 accounts, at most 8 / periods activities with max_count <= 2, windows,
 * max_per_period and a requires within an account on some; 1-3 periods
 * with hours (and a budget on some); a second scenario with the periods'
 * scales on half. */
static void write_instance(const char *dir)
{
    int nacc = 1 + (int)fx_rnd(2), np = 1 + (int)fx_rnd(MAXPER), nact = 0;
    FILE *f = fx_open(dir, "periods.csv");
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
    bx_write_scales(dir, "period_hours_scale");
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

/* Plans whose periods the check's greedy placement refused and their own
 * periods fit; solved plans likewise. */
static int greedy_missed, greedy_missed_solved;

/* bx_spec.enumerate: the best valid plan, with its periods, by
 * enumeration: each activity's count in each period 0..2, in total at
 * most 2, judged with its periods (kp_plan_check_full); -1 when none.
 * *loose: the best count plan when the rules of periods are ignored. */
static double brute_force(const kp_instance *in, size_t s, double *loose)
{
    size_t n = kp_instance_activities(in), P = in->nper, cells = n * P;
    int pc[MAXCELLS], counts[MAXCELLS];
    double best = -1;
    memset(pc, 0, sizeof pc);
    *loose = -1;
    do {
        int ok = 1;
        for (size_t a = 0; a < n; a++) {
            counts[a] = 0;
            for (size_t p = 0; p < P; p++)
                counts[a] += pc[a * P + p];
            ok &= counts[a] <= 2;
        }
        if (ok) {
            double v;
            kp_violations *vs = kp_violations_new();
            int own = kp_plan_check_full(in, s, counts, NULL, pc, &v, NULL);
            if (own == 0 && v > best)
                best = v;
            /* The count plan alone, judged as placed by kamplan: only the
             * rules of periods may fail for it to count as loose. */
            int placed = kp_plan_check_violations(in, s, counts, &v, vs);
            if (placed >= 0 && only_periods(vs) && v > *loose)
                *loose = v;
            greedy_missed += own == 0 && placed > 0;
            kp_violations_free(vs);
        }
    } while (bx_next(pc, cells, 2));
    return best;
}

/* bx_spec.plan_hook: the plan with the periods the solve chose keeps
 * every period's limits exactly; the public accessors say the same. */
static void plan_hook(const kp_instance *in, size_t s, const kp_result *r)
{
    ASSERT_TRUE(r->pcounts != NULL);
    ASSERT_EQ(kp__plan_check_periods(in, s, NULL, r->counts, r->pcounts, NULL, NULL), 0);
    ASSERT_EQ(kp__plan_exact_periods(in, s, r->pcounts, NULL), 1);
    for (size_t a = 0; a < kp_instance_activities(in); a++)
        for (size_t p = 0; p < in->nper; p++)
            ASSERT_EQ(kp_result_period_count(r, a, p), r->pcounts[a * in->nper + p]);
    greedy_missed_solved += kp_plan_check(in, s, r->counts, NULL, NULL) > 0;
}

int main(void)
{
    bx_spec sp = {write_instance, 0x9E3779B97F4A7C15ULL, 0, 2, NULL, NULL, NULL,
                  brute_force, plan_hook};
    /* Under valgrind (BRUTE_INSTANCES=40) a quarter of the default. */
    sp.instances = bx_instances(300, 1, 4, 1);
    bx_stats st = bx_run(&sp);
    bx_report_greedy(&sp, st, "periods", "the rules of periods", "the greedy placement refuses",
                     8, greedy_missed, greedy_missed_solved);
    TEST_END();
}
