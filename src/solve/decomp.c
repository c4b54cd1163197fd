/*
 * decomp.c - Dantzig-Wolfe column generation over per-account plans, for
 * large portfolios.
 *
 * Accounts are independent blocks joined only by the hours, budget and
 * portfolio-size rows (rules 1, 2 and 10 of models/README.md). Relaxing those rows
 * with multipliers lambda >= 0 splits the programme into one small
 * integer programme per account, each solved exactly by GLPK:
 *
 *   sub_k(lambda) = max  sum_j (c_j - lambda . a_j) x_j   over account k's
 *                        plans (every rule of models/README.md inside the account)
 *
 * and for every lambda >= 0 the Lagrangian bound
 *
 *   L(lambda) = lambda . (H, B, K) + sum_k sub_k(lambda)
 *
 * (with sub_k >= 0 by the empty plan, except for accounts forced key) is a
 * proven upper bound on the optimum. The per-account convex hull makes it
 * far tighter than the LP relaxation (measured in benchmarks/large.sh's
 * runs, benchmarks/README.md). The master LP
 * over the plans generated so far gives the next lambda (its duals); the
 * master solved as an integer programme over those plans gives feasible
 * plans, since every column is a plan that meets every account rule and
 * the master rows are the joining rows themselves.
 *
 * GLPK is reached only through the boundary (glpk_guard.c, glpk_lp.c):
 * each subproblem and each master is built, solved and freed inside one
 * guarded step on one thread (the pricing runs on OpenMP threads). The
 * master is rebuilt from plain arrays every round, warm-started from the
 * basis kept from the round before; its rows are added one by one, so a
 * new kind of joining row is one more call to kp__glp_add_row.
 */
#include <float.h>
#include <omp.h>
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
    kp__glp_basis basis;    /* the master LP's, kept between rounds */
};

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
    kp__glp_basis_free(&d->basis);
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

/* One account's subproblem: what solve_sub asks and what it learns. */
struct sub_job {
    const struct dw *d;
    int k;
    const double *lam;      /* hours, budget, portfolio */
    double *val;
    unsigned char *x;
    int *cols;              /* scratch: one row's local columns */
    int result;             /* 0, 1 (no plan) or -1 (failure) */
};

/* The guarded step of solve_sub: builds account k's integer programme at
 * prices lam, solves it exactly and reads its plan. */
static int sub_step(void *arg)
{
    struct sub_job *J = arg;
    const struct dw *d = J->d;
    const kp__lp *lp = d->lp;
    int c0 = d->acols_start[J->k], nc = d->acols_start[J->k + 1] - c0;
    int r0 = d->arows_start[J->k], nr = d->arows_start[J->k + 1] - r0;
    kp__glp *P = kp__glp_new(1);
    kp__glp_mip_opts mo;

    for (int t = 0; t < nc; t++) {
        int j = d->acols[c0 + t];
        kp__glp_add_col(P, lp->lb[j], lp->ub[j], lp->obj[j] - J->lam[0] * d->hco[j] -
                        J->lam[1] * d->bco[j] - J->lam[2] * d->pco[j], 1, 0, NULL, NULL);
    }
    for (int t = 0; t < nr; t++) {
        int i = d->arows[r0 + t], e0 = lp->rstart[i], len = lp->rstart[i + 1] - e0;
        for (int e = 0; e < len; e++)
            J->cols[e] = d->local[lp->rind[e0 + e]];
        kp__glp_add_row(P, lp->rlo[i], lp->rhi[i], len, J->cols, lp->rval + e0);
    }
    kp__glp_mip_opts_init(&mo);
    int answer = kp__glp_intopt(P, &mo);
    if (answer == KP__GLP_OPTIMAL) {
        *J->val = kp__glp_mip_obj(P);
        for (int t = 0; t < nc; t++)
            J->x[t] = kp__glp_mip_col(P, t) > 0.5;
        J->result = 0;
    } else {
        J->result = answer == KP__GLP_INFEASIBLE ? 1 : -1;
    }
    kp__glp_free(P);
    return KP_OK;
}

/* Solves account k's subproblem exactly at multipliers lam (hours, budget,
 * portfolio). Writes its optimum to *val and the chosen local columns to
 * x[0..]. Returns 0, 1 when the account has no plan at all (a forced
 * account that cannot meet its rules), or -1 on a GLPK failure. */
static int solve_sub(const struct dw *d, int k, const double lam[3],
                     double *val, unsigned char *x)
{
    struct sub_job J = {d, k, lam, val, x, NULL, -1};
    int nc = d->acols_start[k + 1] - d->acols_start[k];

    J.cols = malloc(((size_t)nc + 1) * sizeof *J.cols);
    if (J.cols && kp__glpk_guard(sub_step, &J, 0, NULL) != KP_OK)
        J.result = -1;
    free(J.cols);
    return J.result;
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

/* The master programme over the plans so far: what solve_master asks and
 * what it learns. Rows: the joining rows, then one convexity row per
 * account with columns; columns: the artificials (LP only), then one per
 * plan. */
struct master {
    struct dw *d;
    int integer;            /* 0: LP (duals); 1: integer programme */
    double mip_gap, big, tm_lim;
    double *lam, *mu, *obj;
    int *pick;
    int jrow[3];            /* master row of each joining row, -1: none */
    int *convrow;           /* master row of each account, -1: none */
    int result;             /* 0, or 1: no solution */
};

/* The joining rows and the convexity rows. */
static void master_rows(struct master *M, kp__glp *P)
{
    const struct dw *d = M->d;
    const kp__lp *lp = d->lp;
    int rows[3] = {lp->hours_row, lp->budget_row, lp->portfolio_row};

    for (int r = 0; r < 3; r++)
        M->jrow[r] = rows[r] < 0 ? -1
                   : kp__glp_add_row(P, -HUGE_VAL, lp->rhi[rows[r]], 0, NULL, NULL);
    for (int k = 0; k < d->nacc; k++)
        M->convrow[k] = !d->active[k] ? -1
                      : kp__glp_add_row(P, d->forced[k] ? 1 : -HUGE_VAL, 1, 0, NULL, NULL);
}

/* Artificials: one per joining row (negative use), and one per forced
 * account's convexity row, all priced at -big. They keep the LP feasible
 * while too few plans are known, and they come first, so that the plans
 * added each round only append columns and the last round's basis stays
 * valid. */
static void master_artificials(struct master *M, kp__glp *P)
{
    const struct dw *d = M->d;
    const double minus = -1, plus = 1;

    for (int r = 0; r < 3; r++)
        if (M->jrow[r] >= 0)
            kp__glp_add_col(P, 0, HUGE_VAL, -M->big, 0, 1, &M->jrow[r], &minus);
    for (int k = 0; k < d->nacc; k++)
        if (d->forced[k] && M->convrow[k] >= 0)
            kp__glp_add_col(P, 0, 1, -M->big, 0, 1, &M->convrow[k], &plus);
}

/* One column per plan: its value, its use of each joining row, and 1 in
 * its account's convexity row. */
static void master_plans(struct master *M, kp__glp *P)
{
    const struct dw *d = M->d;
    for (int q = 0; q < d->nplans; q++) {
        const struct plan *p = &d->plans[q];
        double use[3] = {p->hours, p->cost, p->key}, v[4];
        int ind[4], len = 0;
        for (int r = 0; r < 3; r++)
            if (M->jrow[r] >= 0 && use[r] != 0) {
                ind[len] = M->jrow[r];
                v[len++] = use[r];
            }
        ind[len] = M->convrow[p->acc];
        v[len++] = 1;
        kp__glp_add_col(P, 0, 1, p->value, M->integer, len, ind, v);
    }
}

/* The master LP from the last round's basis (new columns at 0; from the
 * standard basis if that fails): its objective, the prices of the joining
 * rows (lam) and of the accounts (mu); the basis is kept for the next
 * round. */
static void master_lp(struct master *M, kp__glp *P)
{
    struct dw *d = M->d;

    kp__glp_basis_start(P, &d->basis);
    if (kp__glp_simplex(P, 0, 0, 0) != KP__GLP_OPTIMAL) {
        kp__glp_basis_standard(P);
        if (kp__glp_simplex(P, 0, 0, 0) != KP__GLP_OPTIMAL) {
            M->result = 1;
            return;
        }
    }
    *M->obj = kp__glp_lp_obj(P);
    /* The bound holds for lambda >= 0 only: clip the simplex's
     * round-off. */
    for (int r = 0; r < 3; r++) {
        M->lam[r] = M->jrow[r] >= 0 ? kp__glp_row_dual(P, M->jrow[r]) : 0;
        if (M->lam[r] < 0)
            M->lam[r] = 0;
    }
    for (int k = 0; k < d->nacc; k++)
        M->mu[k] = M->convrow[k] >= 0 ? kp__glp_row_dual(P, M->convrow[k]) : 0;
    kp__glp_basis_keep(P, &d->basis);
}

/* The master as an integer programme: the chosen plan of each account. */
static void master_mip(struct master *M, kp__glp *P)
{
    const struct dw *d = M->d;
    kp__glp_mip_opts mo;

    kp__glp_mip_opts_init(&mo);
    mo.gap = M->mip_gap;
    mo.cuts = KP_CUT_GMI | KP_CUT_MIR;
    mo.time_limit = M->tm_lim;
    int answer = kp__glp_intopt(P, &mo);
    if (answer != KP__GLP_OPTIMAL && answer != KP__GLP_FEASIBLE) {
        M->result = 1;
        return;
    }
    *M->obj = kp__glp_mip_obj(P);
    for (int k = 0; k < d->nacc; k++)
        M->pick[k] = -1;
    for (int q = 0; q < d->nplans; q++)
        if (kp__glp_mip_col(P, q) > 0.5)
            M->pick[d->plans[q].acc] = q;
}

/* The guarded step of solve_master. */
static int master_step(void *arg)
{
    struct master *M = arg;
    kp__glp *P = kp__glp_new(1);

    M->result = 0;
    master_rows(M, P);
    if (!M->integer)
        master_artificials(M, P);
    master_plans(M, P);
    if (M->integer)
        master_mip(M, P);
    else
        master_lp(M, P);
    kp__glp_free(P);
    return KP_OK;
}

/* Builds and solves the master over the plans so far: as an LP (integer =
 * 0; duals to lam[], conv duals to mu[], objective to *obj) or as an
 * integer programme with gap mip_gap and time limit tm_lim (<= 0: none;
 * the chosen plan of each account to pick[k], -1 for none). Artificial
 * slack on the joining rows, priced at big, keeps the LP feasible while
 * too few plans are known. Returns 0, 1 when no solution was found, -1 on
 * failure. */
static int solve_master(struct dw *d, int integer, double mip_gap, double big,
                        double tm_lim, double lam[3], double *mu, double *obj,
                        int *pick)
{
    struct master M = {d, integer, mip_gap, big, tm_lim, lam, mu, obj, pick,
                       {-1, -1, -1}, NULL, 1};
    int rc = -1;

    M.convrow = malloc(((size_t)d->nacc + 1) * sizeof *M.convrow);
    if (M.convrow && kp__glpk_guard(master_step, &M, 0, NULL) == KP_OK)
        rc = M.result;
    free(M.convrow);
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

/* The state of one column generation: the prices, the best bound, and
 * per account the subproblem's value and the master's price. */
struct cg {
    struct dw d;
    const kp_instance *in;
    double gap, time_limit, t0;
    volatile const int *stop;
    double rhs[3];          /* limits of the joining rows */
    double lam[3];          /* their prices */
    double big;             /* the artificials' price */
    double best_bound, last_master;
    double *sub, *mu;       /* per account */
    int *pick;              /* per account: the master's chosen plan */
    kp__decomp_result *res;
};

/* Sets up the decomposition of lp: accounts, seed plans from hint, start
 * prices. Returns KP_OK or KP_ENOMEM. */
static int cg_init(struct cg *c, const kp_instance *in, const kp__lp *lp,
                   const int *hint)
{
    int rows[3] = {lp->hours_row, lp->budget_row, lp->portfolio_row};

    for (int r = 0; r < 3; r++)
        c->rhs[r] = rows[r] >= 0 ? lp->rhi[rows[r]] : 0;
    c->best_bound = HUGE_VAL;
    c->last_master = NAN;
    if (dw_init(&c->d, in, lp) != 0)
        return KP_ENOMEM;
    c->sub = calloc((size_t)c->d.nacc + 1, sizeof *c->sub);
    c->mu = calloc((size_t)c->d.nacc + 1, sizeof *c->mu);
    c->pick = malloc(((size_t)c->d.nacc + 1) * sizeof *c->pick);
    if (!c->sub || !c->mu || !c->pick)
        return KP_ENOMEM;
    if (hint && seed_plans(&c->d, in, hint) != 0)
        return KP_ENOMEM;
    /* Start near the right prices: the first round then already prices
     * plans that fit, instead of every account's most valuable plan. */
    if (lp->hours_row >= 0)
        c->lam[0] = start_price(lp, c->d.hco, c->rhs[0]);
    if (lp->budget_row >= 0)
        c->lam[1] = 0.5 * start_price(lp, c->d.bco, c->rhs[1]);
    /* The artificials' price: above any plan's value per unit of use. */
    c->big = 1;
    for (int j = 0; j < lp->ncols; j++)
        c->big += fabs(lp->obj[j]);
    return KP_OK;
}

/* Prices every account at c->lam, in parallel, into c->sub and the local
 * plans xall + xoff[k]. Returns KP_OK, KP_ESOLVER (a subproblem failed) or
 * KP_EDATA (an account forced key has no plan at all). */
static int price_accounts(struct cg *c, unsigned char *xall, const size_t *xoff)
{
    const struct dw *d = &c->d;
    volatile int failed = 0, nofeas = 0;
    double t = kp__now();

    #pragma omp parallel
    {
        #pragma omp for schedule(dynamic, 8)
        for (int k = 0; k < d->nacc; k++) {
            if (!d->active[k] || failed)
                continue;
            int r = solve_sub(d, k, c->lam, &c->sub[k], xall + xoff[k]);
            if (r < 0)
                failed = 1;
            else if (r > 0)
                nofeas = 1;
        }
        /* GLPK's per-thread environment: the pool's other threads free
         * theirs here; the calling thread's stays for its caller. */
        if (omp_get_thread_num() != 0)
            kp_thread_cleanup();
    }
    c->res->pricing_s += kp__now() - t;
    for (int k = 0; k < d->nacc; k++)
        c->res->subproblems += d->active[k];
    return failed ? KP_ESOLVER : nofeas ? KP_EDATA : KP_OK;
}

/* One pricing round: prices every account (plans are stored in account
 * order afterwards, so the result never depends on the schedule), updates
 * the bound and adds the plans worth adding to the master. Sets *added.
 * Returns KP_OK or price_accounts' failure or KP_ENOMEM. */
static int price_round(struct cg *c, int round, int *added)
{
    struct dw *d = &c->d;
    size_t *xoff = malloc(((size_t)d->nacc + 1) * sizeof *xoff);
    unsigned char *xall = NULL;
    int rc = KP_ENOMEM;

    *added = 0;
    if (!xoff)
        goto out;
    xoff[0] = 0;
    for (int k = 0; k < d->nacc; k++)
        xoff[k + 1] = xoff[k] + (size_t)(d->acols_start[k + 1] - d->acols_start[k]);
    xall = malloc(xoff[d->nacc] + 1);
    if (!xall)
        goto out;
    rc = price_accounts(c, xall, xoff);
    if (rc != KP_OK)
        goto out;
    double bound = c->lam[0] * c->rhs[0] + c->lam[1] * c->rhs[1] + c->lam[2] * c->rhs[2];
    for (int k = 0; k < d->nacc; k++) {
        double sub = c->sub[k];
        if (!d->active[k])
            continue;
        bound += d->forced[k] ? sub : (sub > 0 ? sub : 0);
        /* A plan worth adding: positive reduced profit against the
         * master's price of the account (mu), or any plan in round 0. */
        if (round == 0 ? (sub > 1e-9 || d->forced[k])
                       : sub - c->mu[k] > 1e-7 * (1 + fabs(sub))) {
            if (add_plan(d, k, xall + xoff[k]) < 0) {
                rc = KP_ENOMEM;
                goto out;
            }
            (*added)++;
        }
    }
    if (bound < c->best_bound)
        c->best_bound = bound;
out:
    free(xoff);
    free(xall);
    return rc;
}

/* Column generation: pricing rounds, each followed by the master LP for
 * the next prices, until no plan is worth adding, the master is within a
 * tenth of the gap of the bound, or half the time limit is spent. Returns
 * KP_OK, KP_EDATA, KP_ESOLVER or KP_ENOMEM. */
static int generate_columns(struct cg *c)
{
    kp__decomp_result *res = c->res;

    for (int round = 0;; round++) {
        double master = NAN, round_t0 = kp__now();
        int added, rc = price_round(c, round, &added);
        c->last_master = NAN;
        if (rc != KP_OK)
            return rc;
        res->rounds = round + 1;
        double t = kp__now();
        int mr = solve_master(&c->d, 0, 0, c->big, 0, c->lam, c->mu, &master, NULL);
        res->master_s += kp__now() - t;
        if (getenv("KP_DEBUG_DW"))
            fprintf(stderr, "round %d: bound %.10g master %.10g gap %.3g%% plans %d added %d lam %g %g %g\n",
                    round, c->best_bound, master, 100 * (c->best_bound - master) / fabs(master),
                    c->d.nplans, added, c->lam[0], c->lam[1], c->lam[2]);
        if (mr < 0)
            return KP_ESOLVER;
        if (mr == 0)
            c->last_master = master;
        if (!added && round > 0)
            break;      /* column generation converged: LP bound reached */
        if (mr == 0 && c->best_bound - master <= 0.1 * c->gap * (fabs(master) + DBL_EPSILON))
            break;
        /* Under a time limit, half of it for column generation: no round
         * is started that would, at the pace of the last one, end past
         * that (a round over 3,000 accounts takes half a second). */
        double now = kp__now();
        if ((c->time_limit > 0 && now - c->t0 + (now - round_t0) > 0.5 * c->time_limit) ||
            (c->stop && *c->stop) || round >= 200)
            break;
    }
    return KP_OK;
}

/* The chosen plans (c->pick) back to activity counts in c->res->counts:
 * activity a's occurrences are the columns x[a] .. x[a] + max_count - 1.
 * Returns KP_OK or KP_ENOMEM. */
static int picks_to_counts(struct cg *c)
{
    const kp__lp *lp = c->d.lp;
    const kp_instance *in = c->in;
    int *counts = calloc(in->nact + 1, sizeof *counts);
    unsigned char *on = calloc((size_t)lp->ncols + 1, 1);
    int rc = KP_ENOMEM;

    if (!counts || !on)
        goto out;
    for (int k = 0; k < c->d.nacc; k++) {
        if (c->pick[k] < 0)
            continue;
        const struct plan *p = &c->d.plans[c->pick[k]];
        for (int e = 0; e < p->n; e++)
            on[c->d.cols[p->first + e]] = 1;
    }
    for (size_t a = 0; a < in->nact; a++)
        for (int j = 0; lp->x[a] >= 0 && j < in->act[a].max_count; j++)
            counts[a] += on[lp->x[a] + j];
    c->res->counts = counts;
    counts = NULL;
    rc = KP_OK;
out:
    free(counts);
    free(on);
    return rc;
}

/* The integer master over the generated plans: a plan for the whole
 * portfolio that meets every rule, into c->res. Returns KP_OK (with or
 * without a plan), KP_ESOLVER or KP_ENOMEM. */
static int integer_master(struct cg *c)
{
    double t = kp__now(), value = NAN, limit = c->time_limit;
    double left = limit > 0 ? limit - (kp__now() - c->t0) : 0;
    /* GLPK measures the master's gap against the master LP; what is left
     * of the gap asked for, once the LP's distance to the Lagrangian bound
     * is paid, is what the master may leave open (at least half the gap). */
    double mgap = c->gap / 2;
    if (kp__isset(c->last_master) && c->last_master > 0) {
        double spare = c->gap - (c->best_bound - c->last_master) / c->last_master -
                       0.05 * c->gap;
        if (spare > mgap)
            mgap = spare;
    }
    /* Past the limit already (a long last pricing round), the master still
     * gets a moment: without it there is no plan at all. */
    if (limit > 0 && left < 0.05 * limit)
        left = fmin(0.5, 0.05 * limit + 0.1);
    int mr = solve_master(&c->d, 1, mgap, 0, limit > 0 ? left : 0, c->lam, c->mu,
                          &value, c->pick);
    c->res->master_mip_s = kp__now() - t;
    if (mr < 0)
        return KP_ESOLVER;
    if (mr > 0)
        return KP_OK;
    int rc = picks_to_counts(c);
    if (rc == KP_OK)
        c->res->value = value;
    return rc;
}

int kp__decomp_solve(const kp_instance *in, const kp__lp *lp, double gap,
                     double time_limit, volatile const int *stop,
                     const int *hint, kp__decomp_result *res)
{
    struct cg c;
    int rc;

    memset(res, 0, sizeof *res);
    res->bound = NAN;
    res->value = NAN;
    memset(&c, 0, sizeof c);
    c.in = in;
    c.gap = gap;
    c.time_limit = time_limit;
    c.t0 = kp__now();
    c.stop = stop;
    c.res = res;
    rc = cg_init(&c, in, lp, hint);
    if (rc == KP_OK)
        rc = generate_columns(&c);
    if (rc == KP_OK) {
        res->bound = c.best_bound;
        rc = integer_master(&c);
    }
    if (rc == KP_OK)
        res->plans = c.d.nplans;
    free(c.sub);
    free(c.mu);
    free(c.pick);
    dw_free(&c.d);
    return rc;
}
