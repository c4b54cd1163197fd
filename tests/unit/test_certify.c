/*
 * test_certify.c - the checks a result passes before it is called optimal
 * (src/model/certify.c):
 *   - the exact plan check (kp__plan_exact) against exact integer
 *     arithmetic: instances whose hours and costs are whole numbers times
 *     a random power of two, plans whose sums lie at, one unit above and
 *     one unit below each limit, where the plan check's tolerance of 1e-9
 *     cannot tell them apart; and the decimal case (three hours of 0.1
 *     are not above a limit of 0.3);
 *   - the safe bound (kp__lp_safe_bound) from GLPK's LP duals is at least
 *     the LP optimum and within 1e-9 of it, and from any duals at least the
 *     best plan of an enumeration of every 0-1 vector, on random tiny
 *     instances, scaled rows included.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "fixture.h"
#include "solve/solve.h"

/* One account A (key when planned) with n activities of hours h[i] (and
 * cost c[i]) each done at most 3 times; the scenario's hours H and budget
 * B, the account's max_hours MH (NaN: none) and min_hours mh. Numbers are
 * written with %.17g, which reads back to the same double. */
static kp_instance *one_account(const char *dir, int n, const double *h,
                                const double *c, double H, double B, double MH,
                                double mh)
{
    char buf[8192];
    size_t len;
    kp_instance *in = NULL;

    if (isnan(MH))
        snprintf(buf, sizeof buf, "id,max_hours,min_hours\nA,,%.17g\n", mh);
    else
        snprintf(buf, sizeof buf, "id,max_hours,min_hours\nA,%.17g,%.17g\n", MH, mh);
    fx_put(dir, "accounts.csv", buf);
    len = (size_t)snprintf(buf, sizeof buf, "id,account_id,hours,cost,value,max_count\n");
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "a%d,A,%.17g,%.17g,1,3\n",
                                i, h[i], c[i]);
    fx_put(dir, "activities.csv", buf);
    snprintf(buf, sizeof buf, "key,value\nhours,%.17g\nbudget,%.17g\nmin_contacts,0\n", H, B);
    fx_put(dir, "policy.csv", buf);
    if (kp_instance_load(dir, &in, NULL) != KP_OK)
        return NULL;
    return in;
}

/* Hand-made cases the plan check's tolerance lets through or not. */
static void test_exact_cases(const char *dir)
{
    double h[2] = {0.1, 1099511627777.0}, c[2] = {0, 0};
    int counts[2] = {3, 0};
    kp_instance *in;
    kp__str why = KP__STR_INIT;

    /* 3 x 0.1 against 0.3: the doubles differ by 2^-54, the decimals not. */
    in = one_account(dir, 1, h, c, 0.3, 10, NAN, 0);
    ASSERT_TRUE(in != NULL);
    ASSERT_EQ(kp__plan_exact(in, 0, counts, NULL), 1);
    kp_instance_free(in);
    /* Against 0.29999999999999: 1e-14 over, beyond any decimal rounding,
     * within the plan check's 1e-9. */
    in = one_account(dir, 1, h, c, 0.29999999999999, 10, NAN, 0);
    ASSERT_EQ(kp_plan_check(in, 0, counts, NULL, NULL), 0);
    ASSERT_EQ(kp__plan_exact(in, 0, counts, &why), 0);
    ASSERT_CONTAINS(kp__str_get(&why), "hours above the scenario's");
    kp__str_free(&why);
    kp_instance_free(in);
    /* 2^40 + 1 hours against 2^40: one hour over; the plan check allows
     * 1,100. */
    counts[0] = 0;
    counts[1] = 1;
    in = one_account(dir, 2, h, c, 1099511627776.0, 10, NAN, 0);
    ASSERT_EQ(kp_plan_check(in, 0, counts, NULL, NULL), 0);
    ASSERT_EQ(kp__plan_exact(in, 0, counts, NULL), 0);
    kp_instance_free(in);
    /* max_hours, min_hours and max_budget of a key account. */
    counts[1] = 0;
    counts[0] = 3;
    h[0] = 3;
    c[0] = 7;
    in = one_account(dir, 1, h, c, 100, 21, 8.999999, 0);
    ASSERT_EQ(kp__plan_exact(in, 0, counts, &why), 0);
    ASSERT_CONTAINS(kp__str_get(&why), "hours above max_hours of A");
    kp__str_free(&why);
    kp_instance_free(in);
    in = one_account(dir, 1, h, c, 100, 20.999999, 10, 9.000001);
    ASSERT_EQ(kp__plan_exact(in, 0, counts, &why), 0);
    ASSERT_CONTAINS(kp__str_get(&why), "hours below min_hours of A");
    ASSERT_CONTAINS(kp__str_get(&why), "cost above the budget");
    kp__str_free(&why);
    kp_instance_free(in);
    in = one_account(dir, 1, h, c, 9, 21, 9, 9);
    ASSERT_EQ(kp__plan_exact(in, 0, counts, NULL), 1);
    kp_instance_free(in);
}

/* Random whole numbers times 2^k: the exact check against long long. */
static void test_exact_random(const char *dir, int *cases)
{
    for (int t = 0; t < 300 && !kp_t_failed; t++) {
        int n = 1 + (int)fx_rnd(5), k = (int)fx_rnd(90) - 60;
        double h[5], c[5], f = ldexp(1, k);
        int counts[5];
        long long s = 0;
        for (int i = 0; i < n; i++) {
            /* Up to 2^44, so that times 2^30 it stays below 1e15. */
            long long w = 1 + (long long)fx_rnd(1u << 30) * (1 + (long long)fx_rnd(1u << 14));
            if (ldexp((double)w, k) > 1e15 || ldexp((double)w, k) < 1e-9)
                w = 1 + (long long)fx_rnd(1000);
            h[i] = ldexp((double)w, k);
            c[i] = 0;
            counts[i] = (int)fx_rnd(4);
            s += (long long)w * counts[i];
        }
        int d = (int)fx_rnd(3) - 1;     /* the limit 1 below, at, 1 above */
        long long lim = s + d;
        double H = ldexp((double)lim, k);
        if (s == 0 || lim <= 0 || (long long)(H / f) != lim || H > 1e15 || H < 1e-9)
            continue;
        /* The sums are below 2^52, so one unit is more than the decimal
         * rounding allowed (2^-52 of the sum and the limit). */
        if (s >= (1LL << 50))
            continue;
        kp_instance *in = one_account(dir, n, h, c, H, 10, NAN, 0);
        if (!in)
            continue;
        ASSERT_EQ(kp__plan_exact(in, 0, counts, NULL), d >= 0 ? 1 : 0);
        kp_instance_free(in);
        (*cases)++;
    }
}

/* The LP relaxation of lp by GLPK: its objective and row duals. */
struct lp_job {
    const kp__lp *lp;
    double obj, *dual;
    int ok;
};

static int lp_step(void *arg)
{
    struct lp_job *j = arg;
    kp__glp *P = kp__lp_to_glpk(j->lp, NULL);
    kp__glp_basis_standard(P);
    j->ok = kp__glp_simplex(P, 0, 0, 0) == KP__GLP_OPTIMAL;
    if (j->ok) {
        j->obj = kp__glp_lp_obj(P);
        for (int i = 0; i < j->lp->nrows; i++)
            j->dual[i] = kp__glp_row_dual(P, i);
    }
    kp__glp_free(P);
    return KP_OK;
}

/* The best value of any 0-1 vector of lp that meets every row (exactly,
 * in long double, which holds these sums of few terms without error). */
static double best_vector(const kp__lp *lp)
{
    double best = -HUGE_VAL;
    for (unsigned long m = 0; m < (1ul << lp->ncols); m++) {
        int ok = 1;
        long double v = 0;
        for (int j = 0; j < lp->ncols && ok; j++) {
            double x = (double)((m >> j) & 1);
            ok = x >= lp->lb[j] && x <= lp->ub[j];
            v += x * lp->obj[j];
        }
        for (int i = 0; i < lp->nrows && ok; i++) {
            long double a = 0;
            for (int e = lp->rstart[i]; e < lp->rstart[i + 1]; e++)
                a += (long double)lp->rval[e] * (double)((m >> lp->rind[e]) & 1);
            ok = a >= lp->rlo[i] && a <= lp->rhi[i];
        }
        if (ok && (double)v > best)
            best = (double)v;
    }
    return best;
}

/* A random tiny instance: 2 accounts, up to 4 activities each, decimal
 * hours and costs times a power of two. */
static kp_instance *tiny(const char *dir)
{
    char buf[4096];
    size_t len;
    kp_instance *in = NULL;
    double f = ldexp(1, (int)fx_rnd(60) - 20);
    fx_put(dir, "accounts.csv", "id,max_hours\nA,\nB,\n");
    len = (size_t)snprintf(buf, sizeof buf, "id,account_id,hours,cost,value,max_count\n");
    for (int i = 0; i < 2 + (int)fx_rnd(5); i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "a%d,%s,%.17g,%.17g,%.1f,%d\n", i,
                                fx_rnd(2) ? "A" : "B", (1 + fx_rnd(90)) / 10.0 * f,
                                fx_rnd(50) * 10.0 * f, 1 + fx_rnd(1000) / 10.0,
                                1 + (int)fx_rnd(2));
    fx_put(dir, "activities.csv", buf);
    snprintf(buf, sizeof buf, "key,value\nhours,%.17g\nbudget,%.17g\nmin_contacts,0\n",
             (1 + fx_rnd(150)) / 10.0 * f, (1 + fx_rnd(300)) * 10.0 * f);
    fx_put(dir, "policy.csv", buf);
    if (kp_instance_load(dir, &in, NULL) != KP_OK)
        return NULL;
    return in;
}

static void test_safe_bound(const char *dir, int *cases)
{
    for (int t = 0; t < 200 && !kp_t_failed; t++) {
        kp_instance *in = tiny(dir);
        kp__lp *lp = NULL;
        if (!in || kp__lp_build(in, 0, 0, &lp) != KP_OK || lp->ncols > 16) {
            kp__lp_free(lp);
            kp_instance_free(in);
            continue;
        }
        double *y = calloc((size_t)lp->nrows + 1, sizeof *y);
        struct lp_job j = {lp, 0, y, 0};
        ASSERT_EQ(kp__glpk_guard(lp_step, &j, 0, NULL), KP_OK);
        double best = best_vector(lp);
        if (j.ok) {
            double b = kp__lp_safe_bound(lp, y);
            ASSERT_TRUE(b >= j.obj);
            ASSERT_TRUE(b - j.obj <= 1e-9 * (1 + fabs(j.obj)));
            ASSERT_TRUE(b >= best);
        }
        /* Any duals, right signs or wrong: a bound all the same. */
        for (int i = 0; i < lp->nrows; i++)
            y[i] = ((int)fx_rnd(200) - 100) * ldexp(1, (int)fx_rnd(20) - 10);
        ASSERT_TRUE(kp__lp_safe_bound(lp, y) >= best);
        free(y);
        kp__lp_free(lp);
        kp_instance_free(in);
        (*cases)++;
    }
}

int main(void)
{
    char dir[] = "/tmp/kp_certify_XXXXXX";
    int exact = 0, safe = 0;
    if (!mkdtemp(dir))
        return 2;
    test_exact_cases(dir);
    fx_rng_state = 0x2545f4914f6cdd1dULL;
    test_exact_random(dir, &exact);
    test_safe_bound(dir, &safe);
    printf("exact check: %d random plans against integers; safe bound: %d "
           "random programmes\n", exact, safe);
    ASSERT_TRUE(exact >= 100);
    ASSERT_TRUE(safe >= 100);
    kp_thread_cleanup();
    fx_remove_instance(dir);
    TEST_END();
}
