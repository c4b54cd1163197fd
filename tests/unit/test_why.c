/*
 * test_why.c - decisions fixed for one solve (kp__fix, kp__solve_fixed),
 * what `kamplan why` re-solves with, on models/sample (run from the
 * repository root):
 *  - AUR (status=key) fixed out: both methods find the same optimum,
 *    1,116,530 (glpsol's on the exported LP with y(AUR) = 0), AUR not key;
 *    that plan passes the plan check with the fixing and fails it without
 *    (AUR's rules would hold), and the base plan fails it with the fixing:
 *    the check, not the solver, says which plan may leave;
 *  - an activity that AUR's plan needs fixed to 0: infeasible;
 *  - an account that does not qualify fixed key: infeasible, with why;
 *  - LIND fixed key: key, its plan 6,500 below the optimum;
 *  - kp_why_run's rows for AUR: the cost of dropping it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "analysis/analysis.h"

static long account(const kp_instance *in, const char *id)
{
    for (size_t k = 0; k < in->nacc; k++)
        if (strcmp(in->acc[k].id, id) == 0)
            return (long)k;
    return -1;
}

static long activity(const kp_instance *in, const char *id)
{
    for (size_t a = 0; a < in->nact; a++)
        if (strcmp(in->act[a].id, id) == 0)
            return (long)a;
    return -1;
}

/* Solves with fix (gap 0, method m); returns the summary, the plan in counts. */
static kp_result_summary fixed(const kp_instance *in, const kp__fix *fix, int m,
                               int *counts, kp_result **res)
{
    kp_solve_opts o;
    kp_result_summary s;
    kp_solve_opts_init(&o);
    o.gap_pct = 0;
    o.method = m;
    *res = NULL;
    memset(&s, 0, sizeof s);
    s.status = -1;
    if (kp__solve_fixed(in, 0, &o, fix, res, NULL) == KP_OK) {
        kp_result_get_summary(*res, &s);
        for (size_t a = 0; counts && a < in->nact; a++)
            counts[a] = kp_result_count(*res, a);
    }
    return s;
}

int main(void)
{
    kp_instance *in = NULL;
    kp_result *r = NULL;
    ASSERT_EQ(kp_instance_load("models/sample", &in, NULL), KP_OK);
    if (!in)
        TEST_END();
    long aur = account(in, "AUR"), lind = account(in, "LIND"), mega = account(in, "MEGA");
    long novak = activity(in, "AUR-R-novak-qa-audit");
    ASSERT_TRUE(aur >= 0 && lind >= 0 && mega >= 0 && novak >= 0);
    unsigned char *acc = calloc(in->nacc, 1);
    int *lo = calloc(in->nact, sizeof *lo), *hi = calloc(in->nact, sizeof *hi);
    int *base = calloc(in->nact, sizeof *base), *plan = calloc(in->nact, sizeof *plan);
    kp__fix fix = {acc, NULL, NULL};

    kp_result_summary s = fixed(in, NULL, KP_METHOD_AUTO, base, &r);
    ASSERT_EQ(s.status, KP_RES_OPTIMAL);
    ASSERT_NEAR(s.objective, 1173880, 1e-6);
    kp_result_free(r);

    acc[aur] = KP__FIX_OUT;
    for (int m = KP_METHOD_AUTO; m <= KP_METHOD_BB; m++) {
        s = fixed(in, &fix, m, plan, &r);
        ASSERT_EQ(s.status, KP_RES_OPTIMAL);
        ASSERT_NEAR(s.objective, 1116530, 1e-6);
        ASSERT_EQ(r ? kp_result_key(r, (size_t)aur) : 1, 0);
        ASSERT_EQ(kp__plan_check_fixed(in, 0, &fix, plan, NULL, NULL), 0);
        ASSERT_TRUE(kp_plan_check(in, 0, plan, NULL, NULL) > 0);
        kp_result_free(r);
    }
    ASSERT_TRUE(kp__plan_check_fixed(in, 0, &fix, base, NULL, NULL) > 0);
    acc[aur] = KP__FIX_FREE;

    /* AUR-R-novak-qa-audit fixed to 0: AUR's plan needs it. */
    for (size_t a = 0; a < in->nact; a++)
        hi[a] = in->act[a].max_count;
    hi[novak] = 0;
    fix.lo = lo;
    fix.hi = hi;
    s = fixed(in, &fix, KP_METHOD_AUTO, NULL, &r);
    ASSERT_EQ(s.status, KP_RES_INFEASIBLE);
    kp_result_free(r);
    fix.lo = fix.hi = NULL;

    /* MEGA does not qualify: fixed key, infeasible with why. */
    acc[mega] = KP__FIX_KEY;
    s = fixed(in, &fix, KP_METHOD_AUTO, NULL, &r);
    ASSERT_EQ(s.status, KP_RES_INFEASIBLE);
    ASSERT_CONTAINS(r ? kp_result_message(r) : NULL, "MEGA cannot be key: it does not qualify");
    kp_result_free(r);
    acc[mega] = KP__FIX_FREE;

    /* LIND fixed key. */
    acc[lind] = KP__FIX_KEY;
    s = fixed(in, &fix, KP_METHOD_AUTO, plan, &r);
    ASSERT_EQ(s.status, KP_RES_OPTIMAL);
    ASSERT_NEAR(s.objective, 1173880 - 6500, 1e-6);
    ASSERT_EQ(r ? kp_result_key(r, (size_t)lind) : 0, 1);
    kp_result_free(r);

    /* kp_why_run on AUR. */
    kp_why_opts wo;
    kp_why_row *rows = NULL;
    size_t n = 0;
    kp_why_opts_init(&wo);
    wo.solve.gap_pct = 0;
    wo.account = "AUR";
    wo.subjects = KP_WHY_ACCOUNTS;
    s = fixed(in, NULL, KP_METHOD_AUTO, NULL, &r);
    ASSERT_EQ(kp_why_run(in, 0, &wo, r, &rows, &n, NULL), KP_OK);
    ASSERT_EQ(n, 1);
    if (n == 1) {
        ASSERT_STR(rows[0].decision, "key");
        ASSERT_STR(rows[0].opposite, "drop");
        ASSERT_NEAR(rows[0].cost, 57350, 1e-6);
        ASSERT_CONTAINS(rows[0].reason, "Dropping AUR costs 57,350");
    }
    kp_why_rows_free(rows, n);
    wo.account = "NOPE";
    ASSERT_EQ(kp_why_run(in, 0, &wo, r, &rows, &n, NULL), KP_ENOTFOUND);
    kp_result_free(r);

    free(acc);
    free(lo);
    free(hi);
    free(base);
    free(plan);
    kp_instance_free(in);
    kp_thread_cleanup();
    TEST_END();
}
