/*
 * decomp_proof.c - closing the gap of the decomposition: every block plan
 * that a better portfolio plan could use, listed by reduced value.
 *
 * Take multipliers pi with Lagrangian bound L = sum_r bnd_r(pi) + sum_b s_b,
 * where s_b is block b's optimum at pi (clipped at 0 where the empty plan is
 * allowed). Any plan of the whole portfolio takes one plan p_b per block
 * and meets the joining rows, so its value is at most
 *
 *   L - sum_b (s_b - red_b(p_b)),  each term >= 0,
 *
 * red_b being the reduced value at pi. A plan worth more than a target T
 * therefore uses in every block a plan with red_b(p_b) >= s_b - (L - T).
 * Listing all of them (GLPK's exact optimum, then the next best after a
 * cut that excludes each plan found, until the value falls below that
 * floor) and solving the master integer programme over them and the
 * incumbent's plans gives the optimum whenever it exceeds T: with T the
 * incumbent plus the gap, the result is proven within the gap, and at
 * --gap 0 it is the optimum.
 *
 * Plans are told apart by their key columns (decomp_blocks.c): their
 * occurrences, the managers' u where the optimiser chooses them, and their
 * integer columns in the joining rows (a period's n[a,p]). For one such
 * pattern the rest of the block's columns touch no joining row, or are
 * fixed by the pattern: contacts engaged, objectives supported and the
 * periods' s[a,p] touch none, so GLPK's optimum completes the pattern as
 * well as any plan could; an account's h[k,m] and c[k,m] (continuous, in
 * the managers' rows) are its hours and money, which the occurrences fix,
 * all on the one manager whose u is 1 (sum_m h = hours_k, h <= U u), so
 * the pattern fixes its use of every joining row too. The cut that
 * excludes a pattern is the usual one for binary vectors,
 * sum_{on} (1 - x_j) + sum_{off} x_j >= 1, over the binary key columns
 * and, for each integer key column n with an upper bound U > 1, over
 * binaries z_1 >= z_2 >= ... >= z_U with n = sum_i z_i, added to the
 * listing's programme only: each value of n is exactly one such z (the
 * first n of them 1), so the cut excludes exactly the pattern found and
 * nothing else, and the listing of the patterns down to the floor stays
 * complete. An integer key column with U above MAX_EXPAND makes the
 * listing give up (-2, too hard): the caller then leaves the gap to
 * branch-and-cut.
 */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "solve/decomp.h"

/* The largest upper bound of an integer key column that the listing
 * expands into binaries. */
#define MAX_EXPAND 64

/* What one block's listing asks and finds. */
struct enum_job {
    kp__dw_sub s;
    double floor;           /* the least reduced value worth listing */
    int most;
    long nodes;             /* GLPK search nodes per solve */
    long total, *found_all; /* plans all blocks may find, and have found */
    long node_budget, *nodes_all;   /* nodes all blocks may search, and
                                       have searched */
    double *found;          /* most plans of ncols values each */
    double *val;            /* scratch: one row's coefficients */
    int *zfirst;            /* per column of the block: its first binary
                               of the expansion, -1: none */
    int n;                  /* plans found */
    int result;             /* 0, -1 (failure), -2 (too many), -3 (stopped) */
};

/* The upper bound of block column t when it is an integer key column
 * that the cut needs expanded (U > 1), else 0. */
static int expands(const struct enum_job *J, int t)
{
    const kp__dw *d = J->s.d;
    int j = d->bcols[d->bstart[J->s.b] + t];
    double ub = d->lp->ub[j];
    if (!d->keycol[j] || kp__dw_cont(d, j) || !(ub > 1))
        return 0;
    return ub > MAX_EXPAND ? MAX_EXPAND + 1 : (int)ub;
}

/* The binaries of each expanded column into P: n - sum_i z_i = 0 and
 * z_i >= z_{i+1}; their first column in J->zfirst. */
static void expand(struct enum_job *J, kp__glp *P, int nc)
{
    for (int t = 0; t < nc; t++) {
        int U = expands(J, t), len = 0;
        J->zfirst[t] = -1;
        if (!U)
            continue;
        J->s.scratch[len] = t;
        J->val[len++] = 1;
        for (int i = 0; i < U; i++) {
            int z = kp__glp_add_col(P, 0, 1, 0, 1, 0, NULL, NULL);
            if (i == 0)
                J->zfirst[t] = z;
            J->s.scratch[len] = z;
            J->val[len++] = -1;
        }
        kp__glp_add_row(P, 0, 0, len, J->s.scratch, J->val);
        for (int i = 0; i + 1 < U; i++) {
            int ind[2] = {J->zfirst[t] + i, J->zfirst[t] + i + 1};
            double v[2] = {1, -1};
            kp__glp_add_row(P, 0, HUGE_VAL, 2, ind, v);
        }
    }
}

/* The cut that excludes plan x of the block's key columns from P (an
 * expanded column by its binaries: z_i is 1 for i <= x). */
static void exclude(struct enum_job *J, kp__glp *P, const double *x)
{
    const kp__dw *d = J->s.d;
    int c0 = d->bstart[J->s.b], nc = kp__dw_ncols(d, J->s.b), len = 0, on = 0;
    for (int t = 0; t < nc; t++) {
        if (!d->keycol[d->bcols[c0 + t]])
            continue;
        int U = J->zfirst[t] >= 0 ? expands(J, t) : 1;
        long v = lround(x[t]);
        for (int i = 0; i < U; i++) {
            int bit = i < v;
            J->s.scratch[len] = J->zfirst[t] >= 0 ? J->zfirst[t] + i : t;
            J->val[len++] = bit ? -1 : 1;
            on += bit;
        }
    }
    kp__glp_add_row(P, 1 - on, HUGE_VAL, len, J->s.scratch, J->val);
}

/* Counts `used` search nodes and one more plan (when plan) against the
 * listing's budgets: 1 when one of them is spent. */
static int over_budget(struct enum_job *J, long used, int plan)
{
    long all = 0, nodes;
    #pragma omp atomic capture
    nodes = *J->nodes_all += used;
    if (plan) {
        #pragma omp atomic capture
        all = ++*J->found_all;
    }
    return nodes > J->node_budget || all > J->total || (plan && J->n == J->most);
}

/* The next best plan of the block in P: KP__GLP_OPTIMAL (its value at
 * or above the floor), _INFEASIBLE (none left at or above the floor), or
 * an answer that ends the listing, with J->result set. */
static int next_plan(struct enum_job *J, kp__glp *P, double t0)
{
    kp__glp_mip_opts mo;
    long used = 0;
    kp__glp_mip_opts_init(&mo);
    mo.stop = J->s.stop;
    mo.node_limit = J->nodes;
    mo.nodes_used = &used;
    if (J->s.time_limit > 0) {
        mo.time_limit = J->s.time_limit - (kp__now() - t0);
        if (mo.time_limit <= 0) {
            J->result = -3;
            return KP__GLP_STOPPED;
        }
    }
    /* The LP first, from the last basis: below the floor, nothing more is
     * worth listing; optimal, GLPK's presolver is not needed. */
    int lp = kp__glp_simplex(P, 0, mo.time_limit, 0);
    if (lp == KP__GLP_OPTIMAL && kp__glp_lp_obj(P) < J->floor)
        return KP__GLP_INFEASIBLE;
    mo.presolve = lp != KP__GLP_OPTIMAL;
    int answer = kp__glp_intopt(P, &mo);
    if (answer == KP__GLP_OPTIMAL && kp__glp_mip_obj(P) < J->floor)
        answer = KP__GLP_INFEASIBLE;
    if (over_budget(J, used, answer == KP__GLP_OPTIMAL)) {
        J->result = -2;
        return KP__GLP_STOPPED;
    }
    if (answer != KP__GLP_OPTIMAL && answer != KP__GLP_INFEASIBLE) {
        /* Not the time or the stop flag: the node limit. */
        int timed = (J->s.stop && *J->s.stop) ||
                    (J->s.time_limit > 0 && kp__now() - t0 >= J->s.time_limit);
        J->result = answer == KP__GLP_FAILED ? -1 : timed ? -3 : -2;
    }
    return answer;
}

/* The guarded step of list_block: the block's plans, best first, until
 * the value falls below the floor. */
static int enum_step(void *arg)
{
    struct enum_job *J = arg;
    const kp__dw *d = J->s.d;
    kp__glp *P = kp__dw_sub_build(&J->s);
    int nc = kp__dw_ncols(d, J->s.b), keys = 0;
    double t0 = kp__now();

    for (int t = 0; t < nc; t++)
        keys += d->keycol[d->bcols[d->bstart[J->s.b] + t]];
    expand(J, P, nc);
    J->result = 0;
    while (next_plan(J, P, t0) == KP__GLP_OPTIMAL) {
        double *x = J->found + (size_t)J->n++ * nc;
        for (int t = 0; t < nc; t++)
            x[t] = kp__glp_mip_col(P, t);
        if (!keys)
            break;          /* one plan is all the block has */
        exclude(J, P, x);
    }
    kp__glp_free(P);
    return KP_OK;
}

/* Lists block b's plans at costs cost down to floor, into J. */
static void list_block(struct enum_job *J)
{
    int nc = kp__dw_ncols(J->s.d, J->s.b), room = nc, big = 0;
    for (int t = 0; t < nc; t++) {
        int U = expands(J, t);
        room += U;
        big |= U > MAX_EXPAND;
    }
    if (big) {
        J->result = -2;
        return;
    }
    J->s.scratch = malloc(((size_t)room + 1) * sizeof *J->s.scratch);
    J->val = malloc(((size_t)room + 1) * sizeof *J->val);
    J->zfirst = malloc(((size_t)nc + 1) * sizeof *J->zfirst);
    J->found = malloc(((size_t)J->most * nc + 1) * sizeof *J->found);
    J->result = -1;
    if (J->s.scratch && J->val && J->zfirst && J->found &&
        kp__glpk_guard(enum_step, J, 0, NULL) != KP_OK)
        J->result = -1;
    free(J->s.scratch);
    free(J->val);
    free(J->zfirst);
    J->s.scratch = NULL;
    J->val = NULL;
    J->zfirst = NULL;
}

/* Adds the plans the jobs found, in block order. Returns 0 or -1. */
static int add_found(kp__dw *d, struct enum_job *jobs, long *added)
{
    int nblk = d->nblk;
    for (int b = 0; b < nblk; b++) {
        int nc = kp__dw_ncols(d, b);
        for (int i = 0; i < jobs[b].n; i++) {
            int isnew;
            if (kp__dw_add_plan(d, b, jobs[b].found + (size_t)i * nc, &isnew) < 0)
                return -1;
            *added += isnew;
        }
    }
    return 0;
}

/* One listing over every block: what enum_one reads, and what it counts
 * (atomically: blocks may be listed on several threads). */
struct enum_round {
    kp__dw *d;
    const double *best, *cost;
    double delta, time_limit, t0;
    const kp__dw_limits *lim;
    struct enum_job *jobs;
    long found_all, nodes_all;
    int worst;
};

/* Lists block b's plans into E->jobs[b], unless a block before it failed
 * or stopped the listing (E->worst < 0). */
static void enum_one(struct enum_round *E, int b)
{
    const kp__dw *d = E->d;
    const kp__dw_limits *lim = E->lim;
    struct enum_job *J = &E->jobs[b];
    double left = E->time_limit > 0 ? E->time_limit - (kp__now() - E->t0) : 0;
    int w;
    #pragma omp atomic read
    w = E->worst;
    if (w < 0)
        return;
    J->s = (kp__dw_sub){d, b, E->cost, left, lim->stop, NULL};
    J->floor = (d->must[b] ? E->best[b] : fmax(E->best[b], 0)) - E->delta;
    J->most = lim->most;
    J->nodes = lim->nodes;
    J->total = lim->total;
    J->found_all = &E->found_all;
    J->node_budget = lim->node_budget;
    J->nodes_all = &E->nodes_all;
    if (E->time_limit > 0 && left <= 0)
        J->result = -3;
    else
        list_block(J);
    if (J->result < 0) {
        #pragma omp atomic write
        E->worst = J->result;
    }
}

int kp__dw_enumerate(kp__dw *d, const double *lam, const double *best,
                     double delta, const kp__dw_limits *lim, long *added)
{
    int nblk = d->nblk, rc = -1, nt = kp__dw_threads(lim->threads);
    double *cost = malloc(((size_t)d->lp->ncols + 1) * sizeof *cost);
    struct enum_job *jobs = calloc((size_t)nblk + 1, sizeof *jobs);
    struct enum_round E = {d, best, cost, delta, lim->time_limit, kp__now(), lim, jobs,
                           0, 0, 0};

    *added = 0;
    if (!cost || !jobs)
        goto out;
    kp__dw_reduced(d, lam, cost);
    if (nt > 1) {
        #pragma omp parallel num_threads(nt)
        {
            #pragma omp for schedule(dynamic, 4)
            for (int b = 0; b < nblk; b++)
                enum_one(&E, b);
            if (omp_get_thread_num() != 0)
                kp_thread_cleanup();
        }
    } else {
        /* One thread: no OpenMP region (decomp_price.c). */
        for (int b = 0; b < nblk; b++)
            enum_one(&E, b);
    }
    rc = E.worst < 0 ? E.worst : add_found(d, jobs, added);
out:
    for (int b = 0; jobs && b < nblk; b++)
        free(jobs[b].found);
    free(jobs);
    free(cost);
    return rc;
}
