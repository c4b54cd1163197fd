/*
 * decomp_blocks.c - the model cut into blocks for the decomposition, the
 * plans generated for them, and one block's integer programme.
 *
 * Accounts are tied together by every row after the joining ones that
 * touches columns of more than one account (a requires or a group that
 * spans accounts): such accounts form one block, planned together by one
 * subproblem. Blocks are numbered by their first account, so that the
 * result never depends on the order in which rows are met.
 */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "solve/decomp.h"

void kp__dw_free(kp__dw *d)
{
    free(d->bstart);
    free(d->bcols);
    free(d->brstart);
    free(d->brows);
    free(d->local);
    free(d->jstart);
    free(d->jrow);
    free(d->jval);
    free(d->must);
    free(d->keycol);
    free(d->plans);
    free(d->use);
    free(d->last);
    free(d->cols);
    free(d->vals);
    memset(d, 0, sizeof *d);
}

int kp__dw_ncols(const kp__dw *d, int b)
{
    return d->bstart[b + 1] - d->bstart[b];
}

/* Union-find over accounts: the root of k, halving the path. */
static int root(int *up, int k)
{
    while (up[k] != k) {
        up[k] = up[up[k]];
        k = up[k];
    }
    return k;
}

/* The block of every account with columns (blk[k], -1 for none), from the
 * rows that span accounts. Returns the number of blocks. */
static int find_blocks(const kp__lp *lp, int nacc, int *up, int *blk)
{
    int nblk = 0;
    for (int k = 0; k < nacc; k++) {
        up[k] = k;
        blk[k] = -1;
    }
    for (int i = lp->nglobal; i < lp->nrows; i++) {
        if (lp->rstart[i + 1] == lp->rstart[i])
            continue;
        int a = root(up, lp->col_acc[lp->rind[lp->rstart[i]]]);
        for (int e = lp->rstart[i] + 1; e < lp->rstart[i + 1]; e++) {
            int b = root(up, lp->col_acc[lp->rind[e]]);
            if (a != b) {
                /* The lower account becomes the root: blocks keep the
                 * order of their first account. */
                if (b < a) {
                    int t = a;
                    a = b;
                    b = t;
                }
                up[b] = a;
            }
        }
    }
    for (int j = 0; j < lp->ncols; j++)
        blk[lp->col_acc[j]] = 0;        /* has columns */
    for (int k = 0; k < nacc; k++)
        if (blk[k] == 0 && root(up, k) == k)
            blk[k] = ++nblk;            /* numbered in account order */
    for (int k = 0; k < nacc; k++)
        if (blk[k] == 0)
            blk[k] = blk[root(up, k)];
    for (int k = 0; k < nacc; k++)
        blk[k]--;                       /* 0-based; -1: no columns */
    return nblk;
}

/* Columns and rows of each block (CSR), and each column's local index. */
static int block_lists(kp__dw *d, const int *blk)
{
    const kp__lp *lp = d->lp;
    int *fill = calloc((size_t)d->nblk + 1, sizeof *fill);
    if (!fill)
        return -1;
    for (int j = 0; j < lp->ncols; j++)
        d->bstart[blk[lp->col_acc[j]] + 1]++;
    for (int i = lp->nglobal; i < lp->nrows; i++)
        if (lp->rstart[i + 1] > lp->rstart[i])
            d->brstart[blk[lp->col_acc[lp->rind[lp->rstart[i]]]] + 1]++;
    for (int b = 0; b < d->nblk; b++) {
        d->bstart[b + 1] += d->bstart[b];
        d->brstart[b + 1] += d->brstart[b];
    }
    for (int j = 0; j < lp->ncols; j++) {
        int b = blk[lp->col_acc[j]];
        d->local[j] = fill[b];
        d->bcols[d->bstart[b] + fill[b]++] = j;
    }
    memset(fill, 0, ((size_t)d->nblk + 1) * sizeof *fill);
    for (int i = lp->nglobal; i < lp->nrows; i++) {
        if (lp->rstart[i + 1] == lp->rstart[i])
            continue;
        int b = blk[lp->col_acc[lp->rind[lp->rstart[i]]]];
        d->brows[d->brstart[b] + fill[b]++] = i;
    }
    free(fill);
    return 0;
}

/* Each column's entries in the joining rows (rows 0 .. nj-1), by column. */
static int joining_entries(kp__dw *d)
{
    const kp__lp *lp = d->lp;
    int n = lp->ncols, nnz = lp->rstart[d->nj];
    d->jrow = malloc(((size_t)nnz + 1) * sizeof *d->jrow);
    d->jval = malloc(((size_t)nnz + 1) * sizeof *d->jval);
    int *fill = calloc((size_t)n + 1, sizeof *fill);
    if (!d->jrow || !d->jval || !fill) {
        free(fill);
        return -1;
    }
    for (int e = 0; e < nnz; e++)
        d->jstart[lp->rind[e] + 1]++;
    for (int j = 0; j < n; j++)
        d->jstart[j + 1] += d->jstart[j];
    for (int r = 0; r < d->nj; r++)
        for (int e = lp->rstart[r]; e < lp->rstart[r + 1]; e++) {
            int j = lp->rind[e], at = d->jstart[j] + fill[j]++;
            d->jrow[at] = r;
            d->jval[at] = lp->rval[e];
        }
    free(fill);
    return 0;
}

int kp__dw_cont(const kp__dw *d, int j)
{
    return d->lp->cont && d->lp->cont[j];
}

/* Which blocks cannot take the empty plan, and which columns tell plans
 * apart: occurrences, a manager's u (a plan's h and c follow from its
 * occurrences and u, decomp_proof.c), and the integer columns in a
 * joining row; whether plans need their values. */
static void block_marks(kp__dw *d, const kp_instance *in, const int *blk)
{
    const kp__lp *lp = d->lp;
    for (int j = 0; j < lp->ncols; j++) {
        if (lp->lb[j] > 0)
            d->must[blk[lp->col_acc[j]]] = 1;
        d->keycol[j] = d->jstart[j + 1] > d->jstart[j] && !kp__dw_cont(d, j);
        d->valued |= kp__dw_cont(d, j) || lp->ub[j] > 1;
    }
    for (int i = lp->nglobal; i < lp->nrows; i++)
        if (lp->rstart[i + 1] > lp->rstart[i] && (lp->rlo[i] > 0 || lp->rhi[i] < 0))
            d->must[blk[lp->col_acc[lp->rind[lp->rstart[i]]]]] = 1;
    for (size_t a = 0; a < in->nact; a++)
        for (int j = 0; lp->x[a] >= 0 && j < in->act[a].max_count; j++)
            d->keycol[lp->x[a] + j] = 1;
    for (size_t k = 0; lp->team_u && k < in->nacc; k++)
        for (size_t m = 0; lp->team_u[k] >= 0 && m < in->nmgr; m++)
            d->keycol[lp->team_u[k] + (int)m] = 1;
}

int kp__dw_init(kp__dw *d, const kp_instance *in, const kp__lp *lp)
{
    int nacc = (int)in->nacc, n = lp->ncols, rc = -1;
    int *up = malloc(((size_t)nacc + 1) * sizeof *up);
    int *blk = malloc(((size_t)nacc + 1) * sizeof *blk);

    memset(d, 0, sizeof *d);
    d->lp = lp;
    d->nj = lp->nglobal;
    if (!up || !blk)
        goto out;
    d->nblk = find_blocks(lp, nacc, up, blk);
    d->bstart = calloc((size_t)d->nblk + 1, sizeof(int));
    d->bcols = malloc(((size_t)n + 1) * sizeof(int));
    d->brstart = calloc((size_t)d->nblk + 1, sizeof(int));
    d->brows = malloc(((size_t)lp->nrows + 1) * sizeof(int));
    d->local = malloc(((size_t)n + 1) * sizeof(int));
    d->jstart = calloc((size_t)n + 1, sizeof(int));
    d->must = calloc((size_t)d->nblk + 1, 1);
    d->keycol = calloc((size_t)n + 1, 1);
    d->last = malloc(((size_t)d->nblk + 1) * sizeof(int));
    if (!d->bstart || !d->bcols || !d->brstart || !d->brows || !d->local ||
        !d->jstart || !d->must || !d->keycol || !d->last ||
        block_lists(d, blk) != 0 || joining_entries(d) != 0)
        goto out;
    block_marks(d, in, blk);
    for (int b = 0; b < d->nblk; b++)
        d->last[b] = -1;
    rc = 0;
out:
    free(up);
    free(blk);
    return rc;
}

void kp__dw_reduced(const kp__dw *d, const double *lam, double *cost)
{
    const kp__lp *lp = d->lp;
    for (int j = 0; j < lp->ncols; j++) {
        double c = lp->obj[j];
        for (int e = d->jstart[j]; e < d->jstart[j + 1]; e++)
            c -= lam[d->jrow[e]] * d->jval[e];
        cost[j] = c;
    }
}

/* Room for one more plan of n columns. Returns 0 or -1. */
static int plan_room(kp__dw *d, int n)
{
    if (d->nplans == d->capplans) {
        int cap = d->capplans ? 2 * d->capplans : 1024;
        kp__dw_plan *q = realloc(d->plans, (size_t)cap * sizeof *q);
        if (!q)
            return -1;
        d->plans = q;
        double *u = realloc(d->use, ((size_t)cap * d->nj + 1) * sizeof *u);
        if (!u)
            return -1;
        d->use = u;
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
        if (d->valued) {
            double *v = realloc(d->vals, cap * sizeof *v);
            if (!v)
                return -1;
            d->vals = v;
        }
        d->capcols = cap;
    }
    return 0;
}

/* An earlier plan of block b with the same columns and values as p, or
 * -1. */
static int same_plan(const kp__dw *d, int b, const kp__dw_plan *p)
{
    for (int q = d->last[b]; q >= 0; q = d->plans[q].prev) {
        const kp__dw_plan *o = &d->plans[q];
        if (o->n == p->n &&
            memcmp(d->cols + o->first, d->cols + p->first, (size_t)p->n * sizeof(int)) == 0 &&
            (!d->vals || memcmp(d->vals + o->first, d->vals + p->first,
                                (size_t)p->n * sizeof(double)) == 0))
            return q;
    }
    return -1;
}

double kp__dw_plan_val(const kp__dw *d, int q, int e)
{
    return d->vals ? d->vals[(size_t)d->plans[q].first + (size_t)e] : 1;
}

/* Column j's value in a plan, from a solver's x: an integer column
 * rounded, a continuous one as it is, 0 within 1e-9 of it. */
static double plan_value_of(const kp__dw *d, int j, double x)
{
    if (!kp__dw_cont(d, j))
        return floor(x + 0.5);
    return fabs(x) < 1e-9 ? 0 : x;
}

int kp__dw_xbuf_init(kp__dw_xbuf *X, const kp__dw *d)
{
    size_t n = (size_t)d->lp->ncols + 1;
    X->bit = d->valued ? NULL : calloc(n, 1);
    X->val = d->valued ? calloc(n, sizeof *X->val) : NULL;
    return X->bit || X->val ? 0 : -1;
}

void kp__dw_xbuf_free(kp__dw_xbuf *X)
{
    free(X->bit);
    free(X->val);
    X->bit = NULL;
    X->val = NULL;
}

void kp__dw_xbuf_set(kp__dw_xbuf *X, size_t i, double x)
{
    if (X->val)
        X->val[i] = x;
    else        /* a binary column: plan_value_of's 0 or 1 */
        X->bit[i] = floor(x + 0.5) != 0;
}

double kp__dw_xbuf_get(const kp__dw_xbuf *X, size_t i)
{
    return X->val ? X->val[i] : X->bit[i];
}

/* Entry t of a plan given as doubles x, or as bytes bit where x is
 * NULL. */
static double x_at(const double *x, const unsigned char *bit, int t)
{
    return x ? x[t] : bit[t];
}

/* kp__dw_add_plan with the plan as doubles x, or as bytes bit where x is
 * NULL. */
static int add_plan(kp__dw *d, int b, const double *x, const unsigned char *bit, int *isnew)
{
    const kp__lp *lp = d->lp;
    int c0 = d->bstart[b], nc = d->bstart[b + 1] - c0, n = 0;
    kp__dw_plan p = {b, d->last[b], 0, 0, 0};

    if (isnew)
        *isnew = 0;
    for (int t = 0; t < nc; t++)
        n += plan_value_of(d, d->bcols[c0 + t], x_at(x, bit, t)) != 0;
    if (plan_room(d, n) != 0)
        return -1;
    double *use = d->use + (size_t)d->nplans * d->nj;
    memset(use, 0, (size_t)d->nj * sizeof *use);
    p.first = (int)d->ncols_used;
    for (int t = 0; t < nc; t++) {
        int j = d->bcols[c0 + t];
        double v = plan_value_of(d, j, x_at(x, bit, t));
        if (v == 0)
            continue;
        if (d->vals)
            d->vals[d->ncols_used] = v;
        d->cols[d->ncols_used++] = j;
        p.value += lp->obj[j] * v;
        for (int e = d->jstart[j]; e < d->jstart[j + 1]; e++)
            use[d->jrow[e]] += d->jval[e] * v;
        p.n++;
    }
    int q = same_plan(d, b, &p);
    if (q >= 0) {
        d->ncols_used = (size_t)p.first;
        return q;
    }
    d->plans[d->nplans] = p;
    d->last[b] = d->nplans;
    if (isnew)
        *isnew = 1;
    return d->nplans++;
}

int kp__dw_add_plan(kp__dw *d, int b, const double *x, int *isnew)
{
    return add_plan(d, b, x, NULL, isnew);
}

int kp__dw_add_plan_x(kp__dw *d, int b, const kp__dw_xbuf *X, int *isnew)
{
    size_t at = (size_t)d->bstart[b];
    return add_plan(d, b, X->val ? X->val + at : NULL, X->val ? NULL : X->bit + at, isnew);
}

kp__glp *kp__dw_sub_build(const kp__dw_sub *sub)
{
    const kp__dw *d = sub->d;
    const kp__lp *lp = d->lp;
    int b = sub->b, c0 = d->bstart[b], nc = d->bstart[b + 1] - c0;
    int r0 = d->brstart[b], nr = d->brstart[b + 1] - r0;
    kp__glp *P = kp__glp_new(1);

    for (int t = 0; t < nc; t++) {
        int j = d->bcols[c0 + t];
        kp__glp_add_col(P, lp->lb[j], lp->ub[j], sub->cost[j], !kp__dw_cont(d, j), 0, NULL,
                        NULL);
    }
    for (int t = 0; t < nr; t++) {
        int i = d->brows[r0 + t], e0 = lp->rstart[i], len = lp->rstart[i + 1] - e0;
        for (int e = 0; e < len; e++)
            sub->scratch[e] = d->local[lp->rind[e0 + e]];
        kp__glp_add_row(P, lp->rlo[i], lp->rhi[i], len, sub->scratch, lp->rval + e0);
    }
    return P;
}

int kp__dw_threads(int threads)
{
    if (omp_in_parallel())
        return 1;
    return kp__threads_fit(threads > 0 ? threads : omp_get_max_threads());
}
