/*
 * decomp.c - Dantzig-Wolfe column generation over per-account plans, for
 * large portfolios.
 *
 * Accounts are independent blocks joined only by the hours, budget and
 * portfolio-size rows (MODEL.md rows 1, 2 and 10). Relaxing those rows
 * with multipliers lambda >= 0 splits the programme into one small
 * integer programme per account, each solved exactly by GLPK:
 *
 *   sub_k(lambda) = max  sum_j (c_j - lambda . a_j) x_j   over account k's
 *                        plans (every rule of MODEL.md inside the account)
 *
 * and for every lambda >= 0 the Lagrangian bound
 *
 *   L(lambda) = lambda . (H, B, K) + sum_k sub_k(lambda)
 *
 * (with sub_k >= 0 by the empty plan, except for accounts forced key) is a
 * proven upper bound on the optimum. The per-account convex hull makes it
 * far tighter than the LP relaxation (PERFORMANCE-NOTES.md). The master LP
 * over the plans generated so far gives the next lambda (its duals); the
 * master solved as an integer programme over those plans gives feasible
 * plans, since every column is a plan that meets every account rule and
 * the master rows are the joining rows themselves.
 *
 * GLPK objects live inside one function call each (the pricing runs on
 * OpenMP threads): the master is rebuilt from plain arrays every round,
 * warm-started from the basis statuses kept from the round before.
 */
#include <float.h>
#include <glpk.h>
#include <omp.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solve/solve.h"

/* A plan of one account: its value, what it uses of the joining rows, and
 * the columns (of the full model) it sets to 1. */
struct plan {
    int acc;
    double value, hours, cost, key;
    int first, n;           /* its columns: cols[first .. first+n-1] */
};

struct dw {
    const kp__lp *lp;
    int nacc;               /* accounts of the instance */
    int *acols_start, *acols;   /* columns of each account (CSR) */
    int *arows_start, *arows;   /* non-joining rows of each account (CSR) */
    int *local;             /* index of each column inside its account */
    double *hco, *bco, *pco;    /* column coefficients in the joining rows */
    int *forced;            /* per account: y fixed to 1 */
    int *active;            /* per account: has columns */
    struct plan *plans;
    int nplans, capplans;
    int *cols;
    size_t ncols_used, capcols;
    int *row_stat, *col_stat;   /* master basis kept between rounds */
    int nrow_stat, ncol_stat;
};

/* Per-call GLPK guard: GLPK's fatal errors jump back here. */
struct guard {
    jmp_buf jb;
};

static int quiet_hook(void *info, const char *s)
{
    (void)info;
    (void)s;
    return 1;
}

static void err_hook(void *info)
{
    longjmp(((struct guard *)info)->jb, 1);
}

static void dw_free(struct dw *d)
{
    free(d->acols_start);
    free(d->acols);
    free(d->arows_start);
    free(d->arows);
    free(d->local);
    free(d->hco);
    free(d->bco);
    free(d->pco);
    free(d->forced);
    free(d->active);
    free(d->plans);
    free(d->cols);
    free(d->row_stat);
    free(d->col_stat);
}

/* Coefficient of every column in joining row r (zeros when r < 0). */
static void row_coefs(const kp__lp *lp, int r, double *co)
{
    if (r < 0)
        return;
    for (int e = lp->rstart[r]; e < lp->rstart[r + 1]; e++)
        co[lp->rind[e]] = lp->rval[e];
}

/* Gathers each account's columns and rows. Returns 0 or -1 (memory). */
static int dw_init(struct dw *d, const kp_instance *in, const kp__lp *lp)
{
    int n = lp->ncols, na = (int)in->nacc;
    memset(d, 0, sizeof *d);
    d->lp = lp;
    d->nacc = na;
    d->acols_start = calloc((size_t)na + 1, sizeof(int));
    d->acols = malloc(((size_t)n + 1) * sizeof(int));
    d->arows_start = calloc((size_t)na + 1, sizeof(int));
    d->arows = malloc(((size_t)lp->nrows + 1) * sizeof(int));
    d->local = malloc(((size_t)n + 1) * sizeof(int));
    d->hco = calloc((size_t)n + 1, sizeof(double));
    d->bco = calloc((size_t)n + 1, sizeof(double));
    d->pco = calloc((size_t)n + 1, sizeof(double));
    d->forced = calloc((size_t)na + 1, sizeof(int));
    d->active = calloc((size_t)na + 1, sizeof(int));
    if (!d->acols_start || !d->acols || !d->arows_start || !d->arows ||
        !d->local || !d->hco || !d->bco || !d->pco || !d->forced || !d->active)
        return -1;
    for (int j = 0; j < n; j++)
        d->acols_start[lp->col_acc[j] + 1]++;
    for (int i = lp->nglobal; i < lp->nrows; i++)
        if (lp->rstart[i + 1] > lp->rstart[i])
            d->arows_start[lp->col_acc[lp->rind[lp->rstart[i]]] + 1]++;
    for (int k = 0; k < na; k++) {
        d->acols_start[k + 1] += d->acols_start[k];
        d->arows_start[k + 1] += d->arows_start[k];
    }
    int *fill = calloc((size_t)na + 1, sizeof(int));
    if (!fill)
        return -1;
    for (int j = 0; j < n; j++) {
        int k = lp->col_acc[j];
        d->local[j] = fill[k];
        d->acols[d->acols_start[k] + fill[k]++] = j;
    }
    memset(fill, 0, ((size_t)na + 1) * sizeof(int));
    for (int i = lp->nglobal; i < lp->nrows; i++) {
        if (lp->rstart[i + 1] == lp->rstart[i])
            continue;
        int k = lp->col_acc[lp->rind[lp->rstart[i]]];
        d->arows[d->arows_start[k] + fill[k]++] = i;
    }
    free(fill);
    row_coefs(lp, lp->hours_row, d->hco);
    row_coefs(lp, lp->budget_row, d->bco);
    row_coefs(lp, lp->portfolio_row, d->pco);
    for (int k = 0; k < na; k++) {
        d->active[k] = d->acols_start[k + 1] > d->acols_start[k];
        if (lp->y[k] >= 0 && lp->lb[lp->y[k]] > 0)
            d->forced[k] = 1;
    }
    return 0;
}

/* Solves account k's subproblem exactly at multipliers lam (hours, budget,
 * portfolio). Writes its optimum to *val and the chosen local columns to
 * x[0..]. Returns 0, 1 when the account has no plan at all (a forced
 * account that cannot meet its rules), or -1 on a GLPK failure. */
static int solve_sub(const struct dw *d, int k, const double lam[3],
                     double *val, unsigned char *x)
{
    const kp__lp *lp = d->lp;
    struct guard g;
    glp_prob *volatile P = NULL;
    int c0 = d->acols_start[k], nc = d->acols_start[k + 1] - c0;
    int r0 = d->arows_start[k], nr = d->arows_start[k + 1] - r0;
    int *ind = NULL;
    double *v = NULL;
    volatile int rc = 0;

    if (setjmp(g.jb)) {
        glp_free_env();
        free(ind);
        free(v);
        return -1;
    }
    glp_term_hook(quiet_hook, NULL);
    glp_error_hook(err_hook, &g);
    P = glp_create_prob();
    glp_set_obj_dir(P, GLP_MAX);
    glp_add_cols(P, nc);
    for (int t = 0; t < nc; t++) {
        int j = d->acols[c0 + t];
        glp_set_col_kind(P, t + 1, GLP_IV);
        glp_set_col_bnds(P, t + 1, lp->lb[j] == lp->ub[j] ? GLP_FX : GLP_DB,
                         lp->lb[j], lp->ub[j]);
        glp_set_obj_coef(P, t + 1, lp->obj[j] - lam[0] * d->hco[j] -
                         lam[1] * d->bco[j] - lam[2] * d->pco[j]);
    }
    if (nr)
        glp_add_rows(P, nr);
    ind = malloc(((size_t)nc + 1) * sizeof *ind);
    v = malloc(((size_t)nc + 1) * sizeof *v);
    if (!ind || !v) {
        rc = -1;
        goto out;
    }
    for (int t = 0; t < nr; t++) {
        int i = d->arows[r0 + t], len = 0;
        double lo = lp->rlo[i], hi = lp->rhi[i];
        int type = lo == -HUGE_VAL ? (hi == HUGE_VAL ? GLP_FR : GLP_UP)
                 : hi == HUGE_VAL ? GLP_LO : lo == hi ? GLP_FX : GLP_DB;
        glp_set_row_bnds(P, t + 1, type, lo == -HUGE_VAL ? 0 : lo,
                         hi == HUGE_VAL ? 0 : hi);
        for (int e = lp->rstart[i]; e < lp->rstart[i + 1]; e++) {
            ind[++len] = d->local[lp->rind[e]] + 1;
            v[len] = lp->rval[e];
        }
        glp_set_mat_row(P, t + 1, len, ind, v);
    }
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.presolve = GLP_ON;
    parm.msg_lev = GLP_MSG_OFF;
    int ret = glp_intopt(P, &parm);
    int st = glp_mip_status(P);
    if (ret == 0 && st == GLP_OPT) {
        *val = glp_mip_obj_val(P);
        for (int t = 0; t < nc; t++)
            x[t] = glp_mip_col_val(P, t + 1) > 0.5;
    } else if (st == GLP_NOFEAS || ret == GLP_ENOPFS) {
        rc = 1;
    } else {
        rc = -1;
    }
out:
    glp_delete_prob(P);
    glp_term_hook(NULL, NULL);
    glp_error_hook(NULL, NULL);
    free(ind);
    free(v);
    return rc;
}

/* Stores account k's plan x (local columns) unless an identical plan is
 * there already. Returns its index, or -1 when out of memory. */
static int add_plan(struct dw *d, int k, const unsigned char *x)
{
    const kp__lp *lp = d->lp;
    int c0 = d->acols_start[k], nc = d->acols_start[k + 1] - c0, n = 0;
    struct plan p = {k, 0, 0, 0, 0, 0, 0};
    for (int t = 0; t < nc; t++)
        n += x[t];
    if (d->nplans == d->capplans) {
        int cap = d->capplans ? 2 * d->capplans : 1024;
        struct plan *q = realloc(d->plans, (size_t)cap * sizeof *q);
        if (!q)
            return -1;
        d->plans = q;
        d->capplans = cap;
    }
    if (d->ncols_used + (size_t)n > d->capcols) {
        size_t cap = d->capcols ? 2 * d->capcols : 16384;
        while (cap < d->ncols_used + (size_t)n)
            cap *= 2;
        int *q = realloc(d->cols, cap * sizeof *q);
        if (!q)
            return -1;
        d->cols = q;
        d->capcols = cap;
    }
    p.first = (int)d->ncols_used;
    for (int t = 0; t < nc; t++) {
        if (!x[t])
            continue;
        int j = d->acols[c0 + t];
        d->cols[d->ncols_used++] = j;
        p.value += lp->obj[j];
        p.hours += d->hco[j];
        p.cost += d->bco[j];
        p.key += d->pco[j];
        p.n++;
    }
    /* The same plan again (same account, same columns) adds nothing. */
    for (int q = d->nplans - 1; q >= 0; q--) {
        const struct plan *o = &d->plans[q];
        if (o->acc == k && o->n == p.n &&
            memcmp(d->cols + o->first, d->cols + p.first, (size_t)p.n * sizeof(int)) == 0) {
            d->ncols_used = (size_t)p.first;
            return q;
        }
    }
    d->plans[d->nplans] = p;
    return d->nplans++;
}

/* Builds and solves the master over the plans so far: as an LP (integer =
 * 0; duals to lam[], conv duals to mu[], objective to *obj) or as an
 * integer programme with gap mip_gap (the chosen plan of each account to
 * pick[k], -1 for none). Artificial slack on the joining rows, priced at
 * big, keeps the LP feasible while too few plans are known. Returns 0, 1
 * when no solution was found, -1 on failure. */
static int solve_master(struct dw *d, int integer, double mip_gap, double big,
                        double tm_lim, double lam[3], double *mu, double *obj,
                        int *pick)
{
    const kp__lp *lp = d->lp;
    struct guard g;
    glp_prob *volatile P = NULL;
    int jrows[3] = {lp->hours_row, lp->budget_row, lp->portfolio_row};
    int mrow[3], nm = 0;
    int *convrow = NULL, *ind = NULL;
    double *v = NULL;
    volatile int rc = 0;

    if (setjmp(g.jb)) {
        glp_free_env();
        free(convrow);
        free(ind);
        free(v);
        return -1;
    }
    glp_term_hook(quiet_hook, NULL);
    glp_error_hook(err_hook, &g);
    convrow = malloc(((size_t)d->nacc + 1) * sizeof *convrow);
    ind = malloc(((size_t)d->nacc + 8) * sizeof *ind);
    v = malloc(((size_t)d->nacc + 8) * sizeof *v);
    if (!convrow || !ind || !v) {
        free(convrow);
        free(ind);
        free(v);
        return -1;
    }
    P = glp_create_prob();
    glp_set_obj_dir(P, GLP_MAX);
    for (int r = 0; r < 3; r++) {
        mrow[r] = 0;
        if (jrows[r] < 0)
            continue;
        mrow[r] = glp_add_rows(P, 1);
        glp_set_row_bnds(P, mrow[r], GLP_UP, 0, lp->rhi[jrows[r]]);
        nm++;
    }
    for (int k = 0; k < d->nacc; k++) {
        convrow[k] = 0;
        if (!d->active[k])
            continue;
        convrow[k] = glp_add_rows(P, 1);
        if (d->forced[k])
            glp_set_row_bnds(P, convrow[k], GLP_FX, 1, 1);
        else
            glp_set_row_bnds(P, convrow[k], GLP_UP, 0, 1);
    }
    /* Artificials: one per joining row (negative use), and one per forced
     * account's convexity row, all priced at -big. They come first, so that
     * the plans added each round only append columns and the last round's
     * basis stays valid. */
    if (!integer) {
        for (int r = 0; r < 3; r++) {
            if (!mrow[r])
                continue;
            int j = glp_add_cols(P, 1);
            glp_set_col_bnds(P, j, GLP_LO, 0, 0);
            glp_set_obj_coef(P, j, -big);
            ind[1] = mrow[r];
            v[1] = -1;
            glp_set_mat_col(P, j, 1, ind, v);
        }
        for (int k = 0; k < d->nacc; k++) {
            if (!d->forced[k] || !convrow[k])
                continue;
            int j = glp_add_cols(P, 1);
            glp_set_col_bnds(P, j, GLP_DB, 0, 1);
            glp_set_obj_coef(P, j, -big);
            ind[1] = convrow[k];
            v[1] = 1;
            glp_set_mat_col(P, j, 1, ind, v);
        }
    }
    for (int q = 0; q < d->nplans; q++) {
        const struct plan *p = &d->plans[q];
        int j = glp_add_cols(P, 1), len = 0;
        double use[3] = {p->hours, p->cost, p->key};
        glp_set_obj_coef(P, j, p->value);
        glp_set_col_bnds(P, j, GLP_DB, 0, 1);
        if (integer)
            glp_set_col_kind(P, j, GLP_BV);
        for (int r = 0; r < 3; r++)
            if (mrow[r] && use[r] != 0) {
                ind[++len] = mrow[r];
                v[len] = use[r];
            }
        ind[++len] = convrow[p->acc];
        v[len] = 1;
        glp_set_mat_col(P, j, len, ind, v);
    }
    if (!integer) {
        glp_smcp sm;
        glp_init_smcp(&sm);
        sm.msg_lev = GLP_MSG_OFF;
        /* Warm start: the basis of the last round, new columns at 0. */
        int nr = glp_get_num_rows(P), ncl = glp_get_num_cols(P);
        if (d->row_stat && d->nrow_stat == nr && d->ncol_stat <= ncl) {
            for (int i = 1; i <= nr; i++)
                glp_set_row_stat(P, i, d->row_stat[i]);
            for (int j = 1; j <= ncl; j++)
                glp_set_col_stat(P, j, j <= d->ncol_stat ? d->col_stat[j] : GLP_NL);
            if (glp_warm_up(P) != 0)
                glp_adv_basis(P, 0);
        } else {
            glp_adv_basis(P, 0);
        }
        int ret = glp_simplex(P, &sm);
        if (ret != 0 || glp_get_status(P) != GLP_OPT) {
            glp_std_basis(P);
            ret = glp_simplex(P, &sm);
        }
        if (ret == 0 && glp_get_status(P) == GLP_OPT) {
            *obj = glp_get_obj_val(P);
            /* The bound holds for lambda >= 0 only: clip the simplex's
             * round-off. */
            for (int r = 0; r < 3; r++) {
                lam[r] = mrow[r] ? glp_get_row_dual(P, mrow[r]) : 0;
                if (lam[r] < 0)
                    lam[r] = 0;
            }
            for (int k = 0; k < d->nacc; k++)
                mu[k] = convrow[k] ? glp_get_row_dual(P, convrow[k]) : 0;
            /* Keep the basis for the next round. */
            int *rs = realloc(d->row_stat, ((size_t)nr + 1) * sizeof *rs);
            int *cs = realloc(d->col_stat, ((size_t)ncl + 1) * sizeof *cs);
            if (rs)
                d->row_stat = rs;
            if (cs)
                d->col_stat = cs;
            if (rs && cs) {
                for (int i = 1; i <= nr; i++)
                    rs[i] = glp_get_row_stat(P, i);
                for (int j = 1; j <= ncl; j++)
                    cs[j] = glp_get_col_stat(P, j);
                d->nrow_stat = nr;
                d->ncol_stat = ncl;
            }
        } else {
            rc = 1;
        }
    } else {
        glp_iocp parm;
        glp_init_iocp(&parm);
        parm.presolve = GLP_ON;
        parm.msg_lev = GLP_MSG_OFF;
        parm.mip_gap = mip_gap;
        parm.gmi_cuts = parm.mir_cuts = GLP_ON;
        if (tm_lim > 0)
            parm.tm_lim = tm_lim < 2e6 ? (int)(tm_lim * 1000) : 2000000000;
        glp_intopt(P, &parm);
        int st = glp_mip_status(P);
        if (st == GLP_OPT || st == GLP_FEAS) {
            *obj = glp_mip_obj_val(P);
            for (int k = 0; k < d->nacc; k++)
                pick[k] = -1;
            for (int q = 0; q < d->nplans; q++)
                if (glp_mip_col_val(P, q + 1) > 0.5)
                    pick[d->plans[q].acc] = q;
        } else {
            rc = 1;
        }
    }
    glp_delete_prob(P);
    glp_term_hook(NULL, NULL);
    glp_error_hook(NULL, NULL);
    free(convrow);
    free(ind);
    free(v);
    return rc;
}

/* A starting price for a joining row with coefficients co and limit: the
 * value per unit at which the occurrences worth at least that much per
 * unit just fill the limit (found by bisection); 0 when everything fits.
 * Only a head start: any lambda >= 0 gives a valid bound. */
static double start_price(const kp__lp *lp, const double *co, double limit)
{
    double total = 0, lo = 0, hi = 0;
    for (int j = 0; j < lp->ncols; j++) {
        if (co[j] > 0 && lp->obj[j] > 0) {
            total += co[j];
            if (lp->obj[j] / co[j] > hi)
                hi = lp->obj[j] / co[j];
        }
    }
    if (total <= limit)
        return 0;
    for (int it = 0; it < 50; it++) {
        double mid = 0.5 * (lo + hi), used = 0;
        for (int j = 0; j < lp->ncols; j++)
            if (co[j] > 0 && lp->obj[j] >= mid * co[j])
                used += co[j];
        if (used > limit)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

/* Adds the account plans of a whole plan (counts per activity, already
 * checked against every rule) as the first columns: a neighbouring
 * scenario's plan gives the master good plans from the first round. */
static int seed_plans(struct dw *d, const kp_instance *in, const int *counts)
{
    const kp__lp *lp = d->lp;
    unsigned char *on = calloc((size_t)lp->ncols + 1, 1);
    unsigned char *x = NULL;
    int rc = 0, most = 0;
    if (!on)
        return -1;
    for (size_t a = 0; a < in->nact; a++) {
        const kp__activity *ac = &in->act[a];
        if (lp->x[a] < 0 || counts[a] <= 0)
            continue;
        for (int j = 0; j < counts[a] && j < ac->max_count; j++)
            on[lp->x[a] + j] = 1;
        if (lp->y[ac->account] >= 0)
            on[lp->y[ac->account]] = 1;
        if (ac->contact >= 0 && lp->z[ac->contact] >= 0)
            on[lp->z[ac->contact]] = 1;
        if (ac->objective >= 0 && lp->w[ac->objective] >= 0)
            on[lp->w[ac->objective]] = 1;
    }
    for (int k = 0; k < d->nacc; k++)
        if (d->acols_start[k + 1] - d->acols_start[k] > most)
            most = d->acols_start[k + 1] - d->acols_start[k];
    x = malloc((size_t)most + 1);
    if (!x) {
        free(on);
        return -1;
    }
    for (int k = 0; k < d->nacc && rc == 0; k++) {
        int c0 = d->acols_start[k], nc = d->acols_start[k + 1] - c0, any = 0;
        if (lp->y[k] < 0 || !on[lp->y[k]])
            continue;       /* the empty plan needs no column */
        for (int t = 0; t < nc; t++)
            any |= x[t] = on[d->acols[c0 + t]];
        if (any && add_plan(d, k, x) < 0)
            rc = -1;
    }
    free(x);
    free(on);
    return rc;
}

int kp__decomp_solve(const kp_instance *in, const kp__lp *lp, double gap,
                     double time_limit, volatile const int *stop,
                     const int *hint, kp__decomp_result *res)
{
    struct dw d;
    double lam[3] = {0, 0, 0}, best_bound = HUGE_VAL, t0 = kp__now(), t;
    double *sub = NULL, *mu = NULL, big, last_master = NAN;
    int *pick = NULL, rc = KP_OK;
    volatile int failed = 0, nofeas = 0;
    const double rhs[3] = {
        lp->hours_row >= 0 ? lp->rhi[lp->hours_row] : 0,
        lp->budget_row >= 0 ? lp->rhi[lp->budget_row] : 0,
        lp->portfolio_row >= 0 ? lp->rhi[lp->portfolio_row] : 0
    };

    memset(res, 0, sizeof *res);
    res->bound = NAN;
    res->value = NAN;
    if (dw_init(&d, in, lp) != 0) {
        rc = KP_ENOMEM;
        goto out;
    }
    sub = calloc((size_t)d.nacc + 1, sizeof *sub);
    mu = calloc((size_t)d.nacc + 1, sizeof *mu);
    pick = malloc(((size_t)d.nacc + 1) * sizeof *pick);
    if (!sub || !mu || !pick) {
        rc = KP_ENOMEM;
        goto out;
    }
    if (hint && seed_plans(&d, in, hint) != 0) {
        rc = KP_ENOMEM;
        goto out;
    }
    /* Start near the right prices: the first round then already prices
     * plans that fit, instead of every account's most valuable plan. */
    if (lp->hours_row >= 0)
        lam[0] = start_price(lp, d.hco, rhs[0]);
    if (lp->budget_row >= 0)
        lam[1] = 0.5 * start_price(lp, d.bco, rhs[1]);
    /* The artificials' price: above any plan's value per unit of use. */
    big = 1;
    for (int j = 0; j < lp->ncols; j++)
        big += fabs(lp->obj[j]);
    for (int round = 0;; round++) {
        double bound, master = NAN, round_t0 = kp__now();
        last_master = NAN;
        int added = 0;
        t = kp__now();
        /* Pricing: every account at lam, in parallel. Plans are stored in
         * account order afterwards, so the result never depends on the
         * schedule. */
        unsigned char *xall = NULL;
        size_t *xoff = malloc(((size_t)d.nacc + 1) * sizeof *xoff);
        if (xoff) {
            xoff[0] = 0;
            for (int k = 0; k < d.nacc; k++)
                xoff[k + 1] = xoff[k] + (size_t)(d.acols_start[k + 1] - d.acols_start[k]);
            xall = malloc(xoff[d.nacc] + 1);
        }
        if (!xoff || !xall) {
            free(xoff);
            rc = KP_ENOMEM;
            goto out;
        }
        #pragma omp parallel
        {
            #pragma omp for schedule(dynamic, 8)
            for (int k = 0; k < d.nacc; k++) {
                if (!d.active[k] || failed)
                    continue;
                int r = solve_sub(&d, k, lam, &sub[k], xall + xoff[k]);
                if (r < 0)
                    failed = 1;
                else if (r > 0)
                    nofeas = 1;
            }
            /* GLPK's per-thread environment: the pool's other threads free
             * theirs here; the calling thread's stays for its caller. */
            if (omp_get_thread_num() != 0)
                glp_free_env();
        }
        res->pricing_s += kp__now() - t;
        for (int k = 0; k < d.nacc; k++)
            res->subproblems += d.active[k];
        if (failed || nofeas) {
            free(xoff);
            free(xall);
            rc = failed ? KP_ESOLVER : KP_EDATA;
            goto out;
        }
        bound = lam[0] * rhs[0] + lam[1] * rhs[1] + lam[2] * rhs[2];
        for (int k = 0; k < d.nacc; k++) {
            if (!d.active[k])
                continue;
            bound += d.forced[k] ? sub[k] : (sub[k] > 0 ? sub[k] : 0);
            /* A plan worth adding: positive reduced profit against the
             * master's price of the account (mu), or any plan in round 0. */
            if (round == 0 ? (sub[k] > 1e-9 || d.forced[k])
                           : sub[k] - mu[k] > 1e-7 * (1 + fabs(sub[k]))) {
                if (add_plan(&d, k, xall + xoff[k]) < 0) {
                    free(xoff);
                    free(xall);
                    rc = KP_ENOMEM;
                    goto out;
                }
                added++;
            }
        }
        free(xoff);
        free(xall);
        if (bound < best_bound)
            best_bound = bound;
        res->rounds = round + 1;
        t = kp__now();
        int mr = solve_master(&d, 0, 0, big, 0, lam, mu, &master, NULL);
        res->master_s += kp__now() - t;
        if (getenv("KP_DEBUG_DW"))
            fprintf(stderr, "round %d: bound %.10g master %.10g gap %.3g%% plans %d added %d lam %g %g %g\n",
                    round, best_bound, master, 100 * (best_bound - master) / fabs(master),
                    d.nplans, added, lam[0], lam[1], lam[2]);
        if (mr < 0) {
            rc = KP_ESOLVER;
            goto out;
        }
        if (mr == 0)
            last_master = master;
        if (!added && round > 0)
            break;      /* column generation converged: LP bound reached */
        if (mr == 0 && best_bound - master <= 0.1 * gap * (fabs(master) + DBL_EPSILON))
            break;
        /* Under a time limit, half of it for column generation: no round
         * is started that would, at the pace of the last one, end past
         * that (a round over 3,000 accounts takes half a second). */
        double now = kp__now();
        if ((time_limit > 0 && now - t0 + (now - round_t0) > 0.5 * time_limit) ||
            (stop && *stop) || round >= 200)
            break;
    }
    res->bound = best_bound;

    /* Integer master over the generated plans: a plan for the whole
     * portfolio that meets every rule. */
    t = kp__now();
    double value = NAN;
    double left = time_limit > 0 ? time_limit - (kp__now() - t0) : 0;
    /* GLPK measures the master's gap against the master LP; what is left
     * of the gap asked for, once the LP's distance to the Lagrangian bound
     * is paid, is what the master may leave open (at least half the gap). */
    double mgap = gap / 2;
    if (kp__isset(last_master) && last_master > 0) {
        double spare = gap - (best_bound - last_master) / last_master - 0.05 * gap;
        if (spare > mgap)
            mgap = spare;
    }
    /* Past the limit already (a long last pricing round), the master still
     * gets a moment: without it there is no plan at all. */
    if (time_limit > 0 && left < 0.05 * time_limit)
        left = fmin(0.5, 0.05 * time_limit + 0.1);
    int mr = solve_master(&d, 1, mgap, 0, time_limit > 0 ? left : 0, lam, mu, &value, pick);
    res->master_mip_s = kp__now() - t;
    if (mr < 0) {
        rc = KP_ESOLVER;
        goto out;
    }
    if (mr == 0) {
        res->counts = calloc(in->nact + 1, sizeof *res->counts);
        if (!res->counts) {
            rc = KP_ENOMEM;
            goto out;
        }
        /* Chosen columns back to activity counts: activity a's
         * occurrences are the columns x[a] .. x[a] + max_count - 1. */
        unsigned char *on = calloc((size_t)lp->ncols + 1, 1);
        if (!on) {
            rc = KP_ENOMEM;
            goto out;
        }
        for (int k = 0; k < d.nacc; k++) {
            if (pick[k] < 0)
                continue;
            const struct plan *p = &d.plans[pick[k]];
            for (int e = 0; e < p->n; e++)
                on[d.cols[p->first + e]] = 1;
        }
        for (size_t a = 0; a < in->nact; a++)
            for (int j = 0; lp->x[a] >= 0 && j < in->act[a].max_count; j++)
                res->counts[a] += on[lp->x[a] + j];
        free(on);
        res->value = value;
    }
    res->plans = d.nplans;
out:
    free(sub);
    free(mu);
    free(pick);
    dw_free(&d);
    return rc;
}
