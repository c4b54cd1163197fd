/*
 * glpk_lp.c - GLPK problems as the rest of the solver layer sees them:
 * kp__lp_to_glpk loads a whole model; kp__glp_* build a problem row by row
 * and column by column (the decomposition's master and its account
 * subproblems), solve it (simplex with a warm start and iteration or time
 * slices, branch-and-cut with a gap, a time limit and a stop flag) and
 * read the answer.
 *
 * Indices here are 0-based; GLPK's 1-based arrays do not leave this file.
 * Every function runs inside kp__glpk_guard on the thread that made the
 * problem. Scratch arrays come from glp_alloc, so that a GLPK failure,
 * which frees the thread's GLPK memory, leaks nothing.
 */
#include <float.h>
#include <glpk.h>
#include <stdlib.h>

#include "solve/solve.h"

/* GLPK's bound type and values for lo <= x <= hi (infinite: no bound). */
static void set_bounds(kp__glp *P, int row, int i, double lo, double hi)
{
    int type = lo == -HUGE_VAL ? (hi == HUGE_VAL ? GLP_FR : GLP_UP)
             : hi == HUGE_VAL ? GLP_LO : lo == hi ? GLP_FX : GLP_DB;
    double l = lo == -HUGE_VAL ? 0 : lo, h = hi == HUGE_VAL ? 0 : hi;
    if (row)
        glp_set_row_bnds(P, i, type, l, h);
    else
        glp_set_col_bnds(P, i, type, l, h);
}

/* A time limit in seconds as GLPK's milliseconds (<= 0: none). */
static int millis(double s)
{
    return s < 2e6 ? (int)(s * 1000) : 2000000000;
}

glp_prob *kp__lp_to_glpk(const kp__lp *lp, const char *name)
{
    glp_prob *P = glp_create_prob();
    int *ia = NULL, *ja = NULL;
    double *ar = NULL;

    glp_set_prob_name(P, name);
    glp_set_obj_name(P, "value");
    glp_set_obj_dir(P, GLP_MAX);
    if (lp->nrows)
        glp_add_rows(P, lp->nrows);
    if (lp->ncols)
        glp_add_cols(P, lp->ncols);
    for (int i = 0; i < lp->nrows; i++) {
        set_bounds(P, 1, i + 1, lp->rlo[i], lp->rhi[i]);
        if (lp->rname)
            glp_set_row_name(P, i + 1, lp->rname[i]);
    }
    for (int j = 0; j < lp->ncols; j++) {
        glp_set_col_kind(P, j + 1, lp->cont && lp->cont[j] ? GLP_CV : GLP_IV);
        glp_set_col_bnds(P, j + 1, lp->lb[j] == lp->ub[j] ? GLP_FX : GLP_DB,
                         lp->lb[j], lp->ub[j]);
        glp_set_obj_coef(P, j + 1, lp->obj[j]);
        if (lp->cname)
            glp_set_col_name(P, j + 1, lp->cname[j]);
    }
    /* glp_alloc never returns NULL: it raises a GLPK error, caught by the
     * guard like any other. */
    ia = glp_alloc((int)lp->nnz + 1, sizeof *ia);
    ja = glp_alloc((int)lp->nnz + 1, sizeof *ja);
    ar = glp_alloc((int)lp->nnz + 1, sizeof *ar);
    for (int i = 0; i < lp->nrows; i++) {
        for (int k = lp->rstart[i]; k < lp->rstart[i + 1]; k++) {
            ia[k + 1] = i + 1;
            ja[k + 1] = lp->rind[k] + 1;
            ar[k + 1] = lp->rval[k];
        }
    }
    glp_load_matrix(P, (int)lp->nnz, ia, ja, ar);
    glp_free(ia);
    glp_free(ja);
    glp_free(ar);
    return P;
}

kp__glp *kp__glp_new(int maximize)
{
    glp_prob *P = glp_create_prob();
    glp_set_obj_dir(P, maximize ? GLP_MAX : GLP_MIN);
    return P;
}

void kp__glp_free(kp__glp *P)
{
    if (P)
        glp_delete_prob(P);
}

/* Sets row or column i (1-based) of P to the n entries idx (0-based) and
 * val of the other dimension. */
static void set_entries(kp__glp *P, int row, int i, int n, const int *idx,
                        const double *val)
{
    if (n <= 0)
        return;
    int *ind = glp_alloc(n + 1, sizeof *ind);
    double *v = glp_alloc(n + 1, sizeof *v);
    for (int e = 0; e < n; e++) {
        ind[e + 1] = idx[e] + 1;
        v[e + 1] = val[e];
    }
    if (row)
        glp_set_mat_row(P, i, n, ind, v);
    else
        glp_set_mat_col(P, i, n, ind, v);
    glp_free(ind);
    glp_free(v);
}

int kp__glp_add_row(kp__glp *P, double lo, double hi, int n, const int *cols,
                    const double *vals)
{
    int i = glp_add_rows(P, 1);
    set_bounds(P, 1, i, lo, hi);
    set_entries(P, 1, i, n, cols, vals);
    return i - 1;
}

int kp__glp_add_col(kp__glp *P, double lo, double hi, double obj, int integer,
                    int n, const int *rows, const double *vals)
{
    int j = glp_add_cols(P, 1);
    glp_set_obj_coef(P, j, obj);
    set_bounds(P, 0, j, lo, hi);
    if (integer)
        glp_set_col_kind(P, j, GLP_IV);
    set_entries(P, 0, j, n, rows, vals);
    return j - 1;
}

int kp__glp_rows(const kp__glp *P)
{
    return glp_get_num_rows((glp_prob *)P);
}

int kp__glp_cols(const kp__glp *P)
{
    return glp_get_num_cols((glp_prob *)P);
}

void kp__glp_basis_keep(const kp__glp *P, kp__glp_basis *b)
{
    glp_prob *Q = (glp_prob *)P;
    int nr = glp_get_num_rows(Q), nc = glp_get_num_cols(Q);
    int *rs = realloc(b->row, ((size_t)nr + 1) * sizeof *rs);
    int *cs = realloc(b->col, ((size_t)nc + 1) * sizeof *cs);
    if (rs)
        b->row = rs;
    if (cs)
        b->col = cs;
    if (!rs || !cs)
        return;     /* the older basis, if any, stays */
    for (int i = 0; i < nr; i++)
        rs[i] = glp_get_row_stat(Q, i + 1);
    for (int j = 0; j < nc; j++)
        cs[j] = glp_get_col_stat(Q, j + 1);
    b->nrows = nr;
    b->ncols = nc;
}

void kp__glp_basis_start(kp__glp *P, const kp__glp_basis *b)
{
    int nr = glp_get_num_rows(P), nc = glp_get_num_cols(P);
    if (!b || !b->row || b->nrows != nr || b->ncols > nc) {
        glp_adv_basis(P, 0);
        return;
    }
    for (int i = 0; i < nr; i++)
        glp_set_row_stat(P, i + 1, b->row[i]);
    for (int j = 0; j < nc; j++)
        glp_set_col_stat(P, j + 1, j < b->ncols ? b->col[j] : GLP_NL);
    if (glp_warm_up(P) != 0)
        glp_adv_basis(P, 0);
}

void kp__glp_basis_standard(kp__glp *P)
{
    glp_std_basis(P);
}

void kp__glp_basis_free(kp__glp_basis *b)
{
    free(b->row);
    free(b->col);
    b->row = b->col = NULL;
    b->nrows = b->ncols = 0;
}

int kp__glp_simplex(kp__glp *P, int it_lim, double time_limit, int verbose)
{
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = verbose ? GLP_MSG_ON : GLP_MSG_ERR;
    if (it_lim > 0)
        sm.it_lim = it_lim;
    if (time_limit > 0)
        sm.tm_lim = millis(time_limit);
    int ret = glp_simplex(P, &sm);
    if (ret == GLP_EITLIM)
        return KP__GLP_SLICE;
    if (ret == GLP_ETMLIM)
        return KP__GLP_STOPPED;
    return ret == 0 && glp_get_status(P) == GLP_OPT ? KP__GLP_OPTIMAL : KP__GLP_FAILED;
}

double kp__glp_lp_obj(const kp__glp *P)
{
    return glp_get_obj_val((glp_prob *)P);
}

double kp__glp_row_dual(const kp__glp *P, int i)
{
    return glp_get_row_dual((glp_prob *)P, i + 1);
}

double kp__glp_lp_col(const kp__glp *P, int j)
{
    return glp_get_col_prim((glp_prob *)P, j + 1);
}

void kp__glp_mip_opts_init(kp__glp_mip_opts *o)
{
    o->gap = 0;
    o->time_limit = 0;
    o->cuts = 0;
    o->presolve = 1;
    o->stop = NULL;
    o->start = NULL;
    o->node_limit = 0;
    o->nodes_used = NULL;
}

/* What the callback of kp__glp_intopt reads. */
struct mip_cb {
    volatile const int *stop;
    const double *start;
    int used;
    long node_limit;
    int total;              /* the largest tree size seen */
};

/* Stops branch-and-cut once the stop flag is raised or the tree has
 * node_limit nodes; hands GLPK the start solution at its first heuristic
 * call. */
static void mip_callback(glp_tree *T, void *info)
{
    struct mip_cb *cb = info;
    int total = 0;
    glp_ios_tree_size(T, NULL, NULL, &total);
    if (total > cb->total)
        cb->total = total;
    if ((cb->stop && *cb->stop) || (cb->node_limit > 0 && total >= cb->node_limit)) {
        glp_ios_terminate(T);
        return;
    }
    if (glp_ios_reason(T) == GLP_IHEUR && cb->start && !cb->used) {
        cb->used = 1;
        glp_ios_heur_sol(T, cb->start);
    }
}

int kp__glp_mip_answer(const kp__glp *P, int ret)
{
    int st = glp_mip_status((glp_prob *)P);
    if (st == GLP_OPT || st == GLP_FEAS)
        return ret == 0 && st == GLP_OPT ? KP__GLP_OPTIMAL : KP__GLP_FEASIBLE;
    if (st == GLP_NOFEAS || ret == GLP_ENOPFS)
        return KP__GLP_INFEASIBLE;
    if (ret == GLP_ETMLIM || ret == GLP_ESTOP)
        return KP__GLP_STOPPED;
    return KP__GLP_FAILED;
}

/* Columns past which a limited intopt solves its LP relaxation first. */
#define BIG_MIP 1000

/* solve.h. */
int kp__glp_slice_its(const kp__glp *P)
{
    glp_prob *Q = (glp_prob *)P;
    double work = (double)glp_get_num_nz(Q) + glp_get_num_rows(Q) + glp_get_num_cols(Q);
    double its = KP__GLP_SLICE_WORK / (work + 1);
    return its < 20 ? 20 : its > 1e6 ? 1000000 : (int)its;
}

/* solve.h. Slices of iterations, not seconds: the path of the simplex
 * (and so the basis and the duals it ends with) is then the same on a
 * loaded machine as on an idle one; only a time limit reads the clock. */
int kp__glp_simplex_sliced(kp__glp *P, double time_limit, volatile const int *stop)
{
    double t0 = glp_time();
    int its = kp__glp_slice_its(P);
    for (;;) {
        double left = time_limit > 0 ? time_limit - glp_difftime(glp_time(), t0) : 0;
        if ((stop && *stop) || (time_limit > 0 && left <= 0))
            return KP__GLP_STOPPED;
        int a = kp__glp_simplex(P, its, left, 0);
        if (a != KP__GLP_SLICE)
            return a;
    }
}

int kp__glp_intopt(kp__glp *P, const kp__glp_mip_opts *o)
{
    glp_iocp parm;
    int presolve = o->presolve;
    double t0 = glp_time(), limit = o->time_limit;
    glp_init_iocp(&parm);
    /* Under a limit, a big problem's LP first: then no presolver. */
    if (presolve && (o->time_limit > 0 || o->stop) && glp_get_num_cols(P) > BIG_MIP) {
        int lp = kp__glp_simplex_sliced(P, o->time_limit, o->stop);
        if (lp == KP__GLP_STOPPED)
            return KP__GLP_STOPPED;
        presolve = lp != KP__GLP_OPTIMAL;
        if (limit > 0 && (limit -= glp_difftime(glp_time(), t0)) <= 1e-3)
            return KP__GLP_STOPPED;
    }
    parm.presolve = presolve ? GLP_ON : GLP_OFF;
    parm.msg_lev = GLP_MSG_OFF;
    parm.mip_gap = o->gap;
    parm.gmi_cuts = o->cuts & KP_CUT_GMI ? GLP_ON : GLP_OFF;
    parm.mir_cuts = o->cuts & KP_CUT_MIR ? GLP_ON : GLP_OFF;
    parm.cov_cuts = o->cuts & KP_CUT_COV ? GLP_ON : GLP_OFF;
    parm.clq_cuts = o->cuts & KP_CUT_CLQ ? GLP_ON : GLP_OFF;
    if (limit > 0)
        parm.tm_lim = millis(limit);
    struct mip_cb cb = {o->stop, presolve ? NULL : o->start, 0, o->node_limit, 0};
    if (cb.stop || cb.start || cb.node_limit > 0 || o->nodes_used) {
        parm.cb_func = mip_callback;
        parm.cb_info = &cb;
    }
    int answer = kp__glp_mip_answer(P, glp_intopt(P, &parm));
    if (o->nodes_used)
        *o->nodes_used += cb.total;
    return answer;
}

double kp__glp_mip_obj(const kp__glp *P)
{
    return glp_mip_obj_val((glp_prob *)P);
}

double kp__glp_mip_col(const kp__glp *P, int j)
{
    return glp_mip_col_val((glp_prob *)P, j + 1);
}
