/*
 * glpk_feas.c - the second file that talks to GLPK: does a model (with
 * some rule groups left out) have any plan at all, and what is the least
 * of some sum (hours, cost, key accounts) over its plans? explain.c asks
 * these questions to say why a scenario is infeasible.
 *
 * It follows glpk_solve.c's rules: each call creates, solves and deletes
 * its own GLPK problem on the calling thread, inside one step of the GLPK
 * guard (glpk_guard.c), so that a GLPK failure becomes a status instead
 * of abort(). GLPK's 1-based arrays do not leave this file.
 */
#include <glpk.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solve/solve.h"

/* Per-call state of the guarded step and GLPK's callback. */
struct feas {
    const kp__lp *lp;
    const double *cost;
    double t0, limit;
    volatile const int *stop;
    int verdict;
    double value;
};

/* 1 when the time is up or a stop was asked for. */
static int over(const struct feas *t)
{
    return (t->stop && *t->stop) || (t->limit > 0 && kp__now() - t->t0 > t->limit);
}

/* Stops at the first plan when only feasibility is asked, and at the
 * wall-clock limit or the stop flag, at every reason: tm_lim alone is
 * read between nodes only, and the root's cut loop can run long. */
static void callback(glp_tree *T, void *info)
{
    struct feas *t = info;
    if (!t->cost && glp_ios_reason(T) == GLP_IBINGO)
        glp_ios_terminate(T);
    if (over(t))
        glp_ios_terminate(T);
}

/* Loads t->lp into a new GLPK problem, minimising t->cost (none: 0). */
static glp_prob *load(const struct feas *t)
{
    glp_prob *P = kp__lp_to_glpk(t->lp, NULL);
    glp_set_obj_dir(P, GLP_MIN);
    for (int j = 0; j < t->lp->ncols; j++)
        glp_set_obj_coef(P, j + 1, t->cost ? t->cost[j] : 0);
    return P;
}

/* A model without columns: every row's sum is 0. */
static int empty_feasible(const kp__lp *lp)
{
    for (int i = 0; i < lp->nrows; i++)
        if (lp->rlo[i] > 0 || lp->rhi[i] < 0)
            return 0;
    return 1;
}

/* Milliseconds for tm_lim: what is left of t's limit (at least 1 ms). */
static int ms_left(const struct feas *t)
{
    double left = t->limit - (kp__now() - t->t0);
    left = left > 0.001 ? left : 0.001;
    return left < 2e6 ? (int)(left * 1000) : 2000000000;
}

/* Under a time limit or a stop flag: solves P's LP relaxation here, in
 * slices of kp__glp_slice_its iterations (not seconds: the answer must
 * not depend on the machine's load) between which the clock and the flag
 * are read (glp_intopt's presolver and root LP read neither; as in
 * glpk_solve.c). Returns 1 when the LP is optimal (glp_intopt then runs
 * without presolve, from this basis), 0 when it is infeasible (so is the
 * integer programme), -1 when the time ran out or a stop came, 2 when it
 * ended otherwise (glp_intopt's presolver then says what it is). */
static int root_lp(const struct feas *t, glp_prob *P)
{
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    sm.presolve = GLP_OFF;
    glp_adv_basis(P, 0);
    sm.it_lim = kp__glp_slice_its(P);
    for (;;) {
        if (over(t))
            return -1;
        /* The time limit alone reads the clock inside a slice. */
        if (t->limit > 0)
            sm.tm_lim = ms_left(t);
        int ret = glp_simplex(P, &sm);
        if (ret == GLP_ETMLIM)
            return -1;
        if (ret == GLP_EITLIM)
            continue;   /* the slice ran out: read the clock and the flag */
        if (ret == 0 && glp_get_status(P) == GLP_OPT)
            return 1;
        return ret == 0 && glp_get_status(P) == GLP_NOFEAS ? 0 : 2;
    }
}

/* The guarded step of kp__lp_minimize: solves t with GLPK on this thread
 * and sets t->verdict and t->value. */
static int run(void *arg)
{
    struct feas *t = arg;
    glp_prob *P = load(t);
    glp_iocp parm;
    int lp = t->limit > 0 || t->stop ? root_lp(t, P) : 2;

    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = lp == 1 ? GLP_OFF : GLP_ON;
    /* Gomory and MIR cuts, as for solving (benchmarks/README.md, glpk_options.sh),
     * when a least value must be proven; a mere plan needs none. */
    parm.gmi_cuts = parm.mir_cuts = t->cost ? GLP_ON : GLP_OFF;
    parm.mip_gap = 0;
    parm.cb_func = callback;
    parm.cb_info = t;
    if (t->limit > 0)
        parm.tm_lim = ms_left(t);
    t->verdict = lp == 0 ? KP__FEAS_NONE : KP__FEAS_UNKNOWN;
    if (lp > 0) {
        switch (kp__glp_mip_answer(P, glp_intopt(P, &parm))) {
        case KP__GLP_OPTIMAL:
            t->verdict = KP__FEAS_MIN;
            t->value = kp__glp_mip_obj(P);
            break;
        case KP__GLP_FEASIBLE:
            t->verdict = KP__FEAS_SOME;
            t->value = kp__glp_mip_obj(P);
            break;
        case KP__GLP_INFEASIBLE:
            t->verdict = KP__FEAS_NONE;
            break;
        default:
            break;
        }
    }
    glp_delete_prob(P);
    return KP_OK;
}

/* solve.h. A model without columns is judged here: GLPK's presolve
 * has nothing to work on there. */
int kp__lp_minimize(const kp__lp *lp, const double *cost, double time_limit,
                    volatile const int *stop, int *verdict, double *value)
{
    struct feas *t;
    int rc;

    *verdict = KP__FEAS_UNKNOWN;
    *value = NAN;
    if (lp->ncols == 0) {
        *verdict = empty_feasible(lp) ? KP__FEAS_MIN : KP__FEAS_NONE;
        *value = 0;
        return KP_OK;
    }
    t = calloc(1, sizeof *t);
    if (!t)
        return KP_ENOMEM;
    t->lp = lp;
    t->cost = cost;
    t->t0 = kp__now();
    t->limit = time_limit;
    t->stop = stop;
    t->value = NAN;
    rc = kp__glpk_guard(run, t, 0, NULL);
    if (rc == KP_OK) {
        *verdict = t->verdict;
        *value = t->value;
    }
    free(t);
    return rc;
}
