/*
 * test_glpk_boundary.c - the one GLPK boundary (src/solve/glpk_guard.c,
 * glpk_lp.c): a GLPK misuse inside the guard comes back as KP_ESOLVER with
 * GLPK's own message and the process lives on, on any thread; a problem
 * built, solved and read through the boundary gives the known optimum.
 */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "solve/solve.h"

/* A step that misuses GLPK: a coefficient in column 6 of a problem that
 * has one column. GLPK prints a message and would abort() without the
 * guard. */
static int misuse_step(void *arg)
{
    int *reached_end = arg;
    kp__glp *P = kp__glp_new(1);
    int col = 5;
    double one = 1;
    kp__glp_add_col(P, 0, 1, 1, 1, 0, NULL, NULL);
    kp__glp_add_row(P, -HUGE_VAL, 1, 1, &col, &one);
    *reached_end = 1;   /* never: the guard took over */
    kp__glp_free(P);
    return KP_OK;
}

/* The knapsack max 5a + 4b + 3c, 2a + 3b + c <= 4, binary: optimum 8
 * (a and c); its LP relaxation: 28/3, with the row's price 4/3. */
struct knap {
    double lp_obj, dual, mip_obj, x[3];
    int lp_answer, mip_answer, cols_kept;
    kp__glp_basis basis;
};

static kp__glp *knapsack(int integer)
{
    const double value[3] = {5, 4, 3}, weight[3] = {2, 3, 1};
    kp__glp *P = kp__glp_new(1);
    int row = kp__glp_add_row(P, -HUGE_VAL, 4, 0, NULL, NULL);
    for (int j = 0; j < 3; j++)
        kp__glp_add_col(P, 0, 1, value[j], integer, 1, &row, &weight[j]);
    return P;
}

static int knapsack_step(void *arg)
{
    struct knap *k = arg;
    kp__glp *P = knapsack(0);
    kp__glp_mip_opts mo;

    kp__glp_basis_start(P, NULL);
    k->lp_answer = kp__glp_simplex(P, 0, 0, 0);
    k->lp_obj = kp__glp_lp_obj(P);
    k->dual = kp__glp_row_dual(P, 0);
    kp__glp_basis_keep(P, &k->basis);
    kp__glp_free(P);

    P = knapsack(1);
    kp__glp_mip_opts_init(&mo);
    k->mip_answer = kp__glp_intopt(P, &mo);
    k->mip_obj = kp__glp_mip_obj(P);
    for (int j = 0; j < 3; j++)
        k->x[j] = kp__glp_mip_col(P, j);
    k->cols_kept = kp__glp_cols(P);
    kp__glp_free(P);
    return KP_OK;
}

/* Misuse inside the guard: KP_ESOLVER, GLPK's message, and the step did
 * not go on. */
static void test_misuse_is_a_status(void)
{
    int reached_end = 0;
    kp__str err = KP__STR_INIT;
    ASSERT_EQ(kp__glpk_guard(misuse_step, &reached_end, 0, &err), KP_ESOLVER);
    ASSERT_EQ(reached_end, 0);
    ASSERT_CONTAINS(kp__str_get(&err), "glp_set_mat_row");
    ASSERT_CONTAINS(kp__str_get(&err), "ind[1] = 6; column index out of range");
    kp__str_free(&err);
}

/* After a failure the same thread solves again, to the known optimum. */
static void test_known_optimum(void)
{
    struct knap k;
    memset(&k, 0, sizeof k);
    ASSERT_EQ(kp__glpk_guard(knapsack_step, &k, 0, NULL), KP_OK);
    ASSERT_EQ(k.lp_answer, KP__GLP_OPTIMAL);
    ASSERT_NEAR(k.lp_obj, 28.0 / 3, 1e-9);
    ASSERT_NEAR(k.dual, 4.0 / 3, 1e-9);
    ASSERT_EQ(k.basis.nrows, 1);
    ASSERT_EQ(k.basis.ncols, 3);
    ASSERT_EQ(k.mip_answer, KP__GLP_OPTIMAL);
    ASSERT_NEAR(k.mip_obj, 8, 1e-9);
    ASSERT_NEAR(k.x[0], 1, 1e-9);
    ASSERT_NEAR(k.x[1], 0, 1e-9);
    ASSERT_NEAR(k.x[2], 1, 1e-9);
    ASSERT_EQ(k.cols_kept, 3);
    kp__glp_basis_free(&k.basis);
}

/* On OpenMP threads: the odd tasks fail, the even ones still find 8; each
 * thread frees its GLPK environment before the region ends. */
static void test_threads(void)
{
    enum { N = 8 };
    int rc[N], reached[N] = {0};
    double obj[N];
    #pragma omp parallel num_threads(4)
    {
        #pragma omp for schedule(static, 1)
        for (int i = 0; i < N; i++) {
            struct knap k;
            memset(&k, 0, sizeof k);
            if (i % 2) {
                rc[i] = kp__glpk_guard(misuse_step, &reached[i], 0, NULL);
                obj[i] = NAN;
            } else {
                rc[i] = kp__glpk_guard(knapsack_step, &k, 0, NULL);
                obj[i] = k.mip_obj;
                kp__glp_basis_free(&k.basis);
            }
        }
        if (omp_get_thread_num() != 0)
            kp_thread_cleanup();
    }
    for (int i = 0; i < N; i++) {
        ASSERT_EQ(rc[i], i % 2 ? KP_ESOLVER : KP_OK);
        ASSERT_EQ(reached[i], 0);
        if (i % 2 == 0)
            ASSERT_NEAR(obj[i], 8, 1e-9);
    }
}

int main(void)
{
    test_misuse_is_a_status();
    test_known_optimum();
    test_threads();
    kp_thread_cleanup();
    TEST_END();
}
