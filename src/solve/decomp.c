/*
 * decomp.c - Dantzig-Wolfe column generation over block plans, with a
 * proven Lagrangian bound, for every model kamplan builds.
 *
 * The model is cut into blocks (decomp_blocks.c): accounts, or groups of
 * accounts that a requires or a group spanning them ties together. Rows
 * 0 .. nglobal-1 of the model (the hours, budget and portfolio rows today,
 * any row that joins blocks tomorrow) go to the master; relaxing them with
 * multipliers pi (pi_r >= 0 on an upper limit, <= 0 on a lower one)
 * splits the programme into one small integer programme per block, each
 * solved exactly by GLPK:
 *
 *   sub_b(pi) = max  sum_j (c_j - sum_r pi_r a_rj) x_j  over block b's plans
 *
 * and for every such pi the Lagrangian bound
 *
 *   L(pi) = sum_r (pi_r > 0 ? pi_r hi_r : pi_r lo_r) + sum_b sub_b(pi)
 *
 * (sub_b >= 0 by the empty plan where the block may take it) is a proven
 * upper bound on the optimum. The master LP over the plans generated so
 * far gives the next pi (its duals); rounds stop when no block has a plan
 * the master does not already hold (then the bound equals the master LP:
 * the full Dantzig-Wolfe bound), or when the bound and the master LP agree
 * to a tenth of the gap asked for. The master solved as an integer
 * programme over those plans gives a plan of the whole portfolio (every
 * column meets every block rule; the master rows are the joining rows):
 * first with every block that the master LP takes whole fixed to that
 * plan (a basic optimum splits at most as many blocks as there are
 * joining rows, so this programme is small), then, when that plan is not
 * within the gap, over every plan. A plan of a block keeps its columns'
 * values (a period's n, a manager's u, h and c): a team whose managers
 * are chosen and periods are decomposed like any other model.
 * When that plan is not within the gap, decomp_proof.c lists every block
 * plan that could still be part of a better one and the master integer
 * programme over them all is solved exactly: the optimum, proven.
 *
 * GLPK is reached only through the boundary (glpk_guard.c, glpk_lp.c):
 * each subproblem and each master is built, solved and freed inside one
 * guarded step on one thread; pricing runs on at most `threads` OpenMP
 * threads (one inside another parallel region). Every stage reads the
 * clock and the stop flag.
 */
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solve/decomp.h"

/* Work limits of the proof's steps, in GLPK search nodes and plans
 * rather than seconds, so that a solve without a time limit gives the
 * same answer on any machine and with any number of threads: the nodes
 * of one integer master, and of one subproblem while listing plans. */
#define MASTER_NODES 2000
#define LIST_NODES 100
/* The plans one listing may find in all, and the nodes it may search in
 * all, per block and beyond. */
#define LIST_PER_BLOCK 10
#define LIST_EXTRA 50
#define LIST_NODES_PER_BLOCK 20
#define LIST_NODES_EXTRA 1000
/* The fewest blocks for which the proof is tried. */
#define PROOF_BLOCKS 30

/* The master over the plans so far: what master_step asks and learns.
 * Rows: the joining rows, then one convexity row per block; columns: the
 * artificials (LP only), then one per plan. */
struct master {
    kp__dw *d;
    kp__glp_basis *basis;   /* the master LP's, kept between rounds */
    int integer;            /* 0: LP (duals); 1: integer programme */
    double mip_gap, big, time_limit;
    volatile const int *stop;
    double *lam, *mu, obj;
    int *pick;              /* per block: the chosen plan, -1: none */
    const double *start;    /* integer: a solution to start from (1-based
                               over the plans), or NULL */
    long node_limit;        /* integer: GLPK's search nodes, <= 0: none */
    int result;             /* 0, 1: no solution, 2: stopped */
    int proven;             /* integer: GLPK proved its optimum */
    const int *fixed;       /* per block: the plan fixed to 1, FIX_EMPTY
                               (none of its plans), FIX_FREE; NULL: none */
    double *xlp;            /* LP: each plan's value in its optimum, or
                               NULL */
};

/* struct master's fixed: a block that takes no plan, or any. */
enum { FIX_EMPTY = -2, FIX_FREE = -1 };

/* The joining rows as they are in the model, and the convexity rows. */
static void master_rows(const struct master *M, kp__glp *P)
{
    const kp__dw *d = M->d;
    const kp__lp *lp = d->lp;
    for (int r = 0; r < d->nj; r++)
        kp__glp_add_row(P, lp->rlo[r], lp->rhi[r], 0, NULL, NULL);
    for (int b = 0; b < d->nblk; b++)
        kp__glp_add_row(P, d->must[b] ? 1 : -HUGE_VAL, 1, 0, NULL, NULL);
}

/* Artificials, priced at -big: past each finite side of a joining row,
 * and into each convexity row that must take a plan. They keep the LP
 * feasible while too few plans are known, and they come first, so that
 * plans added later only append columns and the basis stays valid. */
static void master_artificials(const struct master *M, kp__glp *P)
{
    const kp__dw *d = M->d;
    const double minus = -1, plus = 1;
    for (int r = 0; r < d->nj; r++) {
        if (d->lp->rhi[r] < HUGE_VAL)
            kp__glp_add_col(P, 0, HUGE_VAL, -M->big, 0, 1, &r, &minus);
        if (d->lp->rlo[r] > -HUGE_VAL)
            kp__glp_add_col(P, 0, HUGE_VAL, -M->big, 0, 1, &r, &plus);
    }
    for (int b = 0; b < d->nblk; b++) {
        int row = d->nj + b;
        if (d->must[b])
            kp__glp_add_col(P, 0, 1, -M->big, 0, 1, &row, &plus);
    }
}

/* One column per plan: its value, its use of each joining row, 1 in its
 * block's convexity row. ind and v: room for nj + 1 entries. */
static void master_plans(const struct master *M, kp__glp *P, int *ind, double *v)
{
    const kp__dw *d = M->d;
    for (int q = 0; q < d->nplans; q++) {
        const kp__dw_plan *p = &d->plans[q];
        const double *use = d->use + (size_t)q * d->nj;
        int len = 0;
        for (int r = 0; r < d->nj; r++)
            if (use[r] != 0) {
                ind[len] = r;
                v[len++] = use[r];
            }
        ind[len] = d->nj + p->blk;
        v[len++] = 1;
        int f = M->fixed ? M->fixed[p->blk] : FIX_FREE;
        double lo = f == q ? 1 : 0, hi = f == FIX_FREE || f == q ? 1 : 0;
        kp__glp_add_col(P, lo, hi, p->value, M->integer, len, ind, v);
    }
}

/* The simplex from the kept basis (from the standard basis if that
 * fails), in slices between which the clock and the stop flag are read.
 * Returns KP__GLP_OPTIMAL, _STOPPED or _FAILED. */
static int master_simplex(const struct master *M, kp__glp *P)
{
    double t0 = kp__now();
    kp__glp_basis_start(P, M->basis);
    int a = kp__glp_simplex_sliced(P, M->time_limit, M->stop);
    if (a == KP__GLP_FAILED) {
        double left = M->time_limit > 0 ? M->time_limit - (kp__now() - t0) : 0;
        if (M->time_limit > 0 && left <= 0)
            return KP__GLP_STOPPED;
        kp__glp_basis_standard(P);
        a = kp__glp_simplex_sliced(P, left, M->stop);
    }
    return a;
}

/* Prices of the joining rows, clipped to the sign their finite side
 * allows (the bound holds only then), and of the blocks. */
static void master_duals(struct master *M, const kp__glp *P)
{
    const kp__dw *d = M->d;
    for (int r = 0; r < d->nj; r++) {
        double pi = kp__glp_row_dual(P, r);
        if ((pi > 0 && d->lp->rhi[r] == HUGE_VAL) || (pi < 0 && d->lp->rlo[r] == -HUGE_VAL))
            pi = 0;
        M->lam[r] = pi;
    }
    for (int b = 0; b < d->nblk; b++)
        M->mu[b] = kp__glp_row_dual(P, d->nj + b);
}

/* The master LP: objective, prices, and the basis for the next round. */
static void master_lp(struct master *M, kp__glp *P)
{
    int a = master_simplex(M, P);
    if (a != KP__GLP_OPTIMAL) {
        M->result = a == KP__GLP_STOPPED ? 2 : 1;
        return;
    }
    M->obj = kp__glp_lp_obj(P);
    master_duals(M, P);
    kp__glp_basis_keep(P, M->basis);
    /* The plans' columns come last. */
    int first = kp__glp_cols(P) - M->d->nplans;
    for (int q = 0; M->xlp && q < M->d->nplans; q++)
        M->xlp[q] = kp__glp_lp_col(P, first + q);
}

/* The master as an integer programme, from the LP's basis (so that GLPK
 * need not solve the root LP again, which it does without looking at the
 * clock): the chosen plan of each block. */
static void master_mip(struct master *M, kp__glp *P)
{
    const kp__dw *d = M->d;
    kp__glp_mip_opts mo;
    double t0 = kp__now();

    kp__glp_mip_opts_init(&mo);
    if (master_simplex(M, P) == KP__GLP_OPTIMAL)
        mo.presolve = 0;
    mo.gap = M->mip_gap;
    mo.cuts = KP_CUT_GMI | KP_CUT_MIR;
    mo.stop = M->stop;
    mo.start = M->start;
    mo.node_limit = M->node_limit;
    if (M->time_limit > 0) {
        mo.time_limit = M->time_limit - (kp__now() - t0);
        if (mo.time_limit < 0.05)
            mo.time_limit = 0.05;
    }
    int answer = kp__glp_intopt(P, &mo);
    if (answer != KP__GLP_OPTIMAL && answer != KP__GLP_FEASIBLE) {
        M->result = answer == KP__GLP_STOPPED ? 2 : 1;
        return;
    }
    M->proven = answer == KP__GLP_OPTIMAL;
    M->obj = kp__glp_mip_obj(P);
    for (int b = 0; b < d->nblk; b++)
        M->pick[b] = -1;
    for (int q = 0; q < d->nplans; q++)
        if (kp__glp_mip_col(P, q) > 0.5)
            M->pick[d->plans[q].blk] = q;
}

/* Scratch of master_step: the caller's, since a GLPK failure skips frees. */
struct master_job {
    struct master *M;
    int *ind;
    double *v;
};

/* The guarded step of solve_master. */
static int master_step(void *arg)
{
    struct master_job *J = arg;
    struct master *M = J->M;
    kp__glp *P = kp__glp_new(1);

    M->result = 0;
    master_rows(M, P);
    if (!M->integer)
        master_artificials(M, P);
    master_plans(M, P, J->ind, J->v);
    if (M->integer)
        master_mip(M, P);
    else
        master_lp(M, P);
    kp__glp_free(P);
    return KP_OK;
}

/* solve_master's failures. */
enum { MASTER_FAILED = -1, MASTER_NOMEM = -3 };

/* Builds and solves M over the plans so far. Returns 0, 1 (no solution),
 * 2 (stopped by the clock or the stop flag), MASTER_FAILED (GLPK failed)
 * or MASTER_NOMEM (out of memory). */
static int solve_master(struct master *M)
{
    struct master_job J = {M, NULL, NULL};
    int rc = MASTER_NOMEM, g;
    J.ind = malloc(((size_t)M->d->nj + 1) * sizeof *J.ind);
    J.v = malloc(((size_t)M->d->nj + 1) * sizeof *J.v);
    if (J.ind && J.v) {
        g = kp__glpk_guard(master_step, &J, 0, NULL);
        rc = g == KP_OK ? M->result : g == KP_ENOMEM ? MASTER_NOMEM : MASTER_FAILED;
    }
    free(J.ind);
    free(J.v);
    return rc;
}

/* The status of solve_master's failure mr (< 0). */
static int master_failure(int mr)
{
    return mr == MASTER_NOMEM ? KP_ENOMEM : KP_ESOLVER;
}

/* A starting price for joining row r (non-negative coefficients, an upper
 * limit): the value per unit at which the occurrences worth at least that
 * much per unit just fill the limit (by bisection); 0 when everything
 * fits. Only a head start: any price gives a valid bound. */
static double start_price(const kp__lp *lp, int r)
{
    double total = 0, lo = 0, hi = 0, limit = lp->rhi[r];
    int e0 = lp->rstart[r], e1 = lp->rstart[r + 1];
    for (int e = e0; e < e1; e++) {
        double co = lp->rval[e], c = lp->obj[lp->rind[e]];
        if (co < 0 || lp->rlo[r] > -HUGE_VAL || limit == HUGE_VAL)
            return 0;
        if (co > 0 && c > 0) {
            total += co;
            if (c / co > hi)
                hi = c / co;
        }
    }
    if (total <= limit)
        return 0;
    for (int it = 0; it < 50; it++) {
        double mid = 0.5 * (lo + hi), used = 0;
        for (int e = e0; e < e1; e++)
            if (lp->rval[e] > 0 && lp->obj[lp->rind[e]] >= mid * lp->rval[e])
                used += lp->rval[e];
        if (used > limit)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}


/* The account plans of a whole plan (counts per activity, already checked
 * against every rule), one per block, as the first columns: a neighbouring
 * scenario's plan gives the master good plans from the first round. Not
 * with managers chosen or periods: counts do not say those columns. */
static int seed_plans(kp__dw *d, const kp_instance *in, const int *counts)
{
    const kp__lp *lp = d->lp;
    double *on = NULL;
    int rc = 0;
    if (lp->team_u || lp->nper)
        return 0;
    if (!(on = calloc((size_t)lp->ncols + 1, sizeof *on)))
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
    for (int j = 0; j < lp->ncols; j++)
        if (lp->lb[j] > 0)
            on[j] = 1;
    int most = 0;
    for (int b = 0; b < d->nblk; b++)
        most = kp__dw_ncols(d, b) > most ? kp__dw_ncols(d, b) : most;
    double *bx = malloc(((size_t)most + 1) * sizeof *bx);
    if (!bx)
        rc = -1;
    for (int b = 0; b < d->nblk && rc == 0; b++) {
        int any = 0, nc = kp__dw_ncols(d, b);
        for (int t = 0; t < nc; t++)
            any |= (bx[t] = on[d->bcols[d->bstart[b] + t]]) != 0;
        if (any && kp__dw_add_plan(d, b, bx, NULL) < 0)
            rc = -1;
    }
    free(bx);
    free(on);
    return rc;
}

/* Sets up the decomposition: blocks, seed plans, start prices. Returns
 * KP_OK or KP_ENOMEM. */
static int cg_init(kp__cg *c, const kp__lp *lp)
{
    if (kp__dw_init(&c->d, c->in, lp) != 0)
        return KP_ENOMEM;
    size_t nb = (size_t)c->d.nblk + 1, nj = (size_t)c->d.nj + 1;
    c->best_bound = HUGE_VAL;
    c->last_master = NAN;
    c->lam = calloc(nj, sizeof *c->lam);
    c->best_lam = calloc(nj, sizeof *c->best_lam);
    c->sub = calloc(nb, sizeof *c->sub);
    c->best_sub = calloc(nb, sizeof *c->best_sub);
    c->mu = calloc(nb, sizeof *c->mu);
    c->pick = malloc(nb * sizeof *c->pick);
    c->cost = malloc(((size_t)lp->ncols + 1) * sizeof *c->cost);
    if (!c->lam || !c->best_lam || !c->sub || !c->best_sub || !c->mu || !c->pick || !c->cost)
        return KP_ENOMEM;
    if (c->o->hint && seed_plans(&c->d, c->in, c->o->hint) != 0)
        return KP_ENOMEM;
    /* Start near the right prices: the first round then already prices
     * plans that fit, instead of every block's most valuable plan. */
    if (lp->hours_row >= 0)
        c->lam[lp->hours_row] = start_price(lp, lp->hours_row);
    if (lp->budget_row >= 0)
        c->lam[lp->budget_row] = 0.5 * start_price(lp, lp->budget_row);
    /* The artificials' price: above any plan's value per unit of use. */
    c->big = 1;
    for (int j = 0; j < lp->ncols; j++)
        c->big += fabs(lp->obj[j]);
    return KP_OK;
}

/* The Lagrangian bound at c->lam from the block optima c->sub; the best
 * one so far is kept with its prices and block optima. */
static void update_bound(kp__cg *c)
{
    const kp__dw *d = &c->d;
    double bound = 0;
    for (int r = 0; r < d->nj; r++) {
        double pi = c->lam[r];
        bound += pi > 0 ? pi * d->lp->rhi[r] : pi < 0 ? pi * d->lp->rlo[r] : 0;
    }
    for (int b = 0; b < d->nblk; b++)
        bound += d->must[b] ? c->sub[b] : fmax(c->sub[b], 0);
    if (bound < c->best_bound) {
        c->best_bound = bound;
        memcpy(c->best_lam, c->lam, (size_t)d->nj * sizeof *c->lam);
        memcpy(c->best_sub, c->sub, (size_t)d->nblk * sizeof *c->sub);
    }
}

/* One pricing round: prices every block (plans are stored in block order
 * afterwards, so the result never depends on the schedule), updates the
 * bound and adds the plans worth adding that the master does not hold.
 * Sets *added. Returns KP_OK, kp__cg_price's failure or KP_ENOMEM. */
static int price_round(kp__cg *c, int round, int *added)
{
    kp__dw *d = &c->d;
    kp__dw_xbuf X;
    int rc = KP_ENOMEM;

    *added = 0;
    if (kp__dw_xbuf_init(&X, d) != 0)
        goto out;
    rc = kp__cg_price(c, NULL, 0, &X);
    if (rc != KP_OK)
        goto out;
    update_bound(c);
    for (int b = 0; b < d->nblk; b++) {
        double sub = c->sub[b];
        int isnew;
        /* Worth adding: a positive reduced value against the master's
         * price of the block (mu), or any plan in round 0. */
        if (round == 0 ? !(sub > 1e-9 || d->must[b])
                       : !(sub - c->mu[b] > 1e-7 * (1 + fabs(sub))))
            continue;
        if (kp__dw_add_plan_x(d, b, &X, &isnew) < 0) {
            rc = KP_ENOMEM;
            goto out;
        }
        *added += isnew;
    }
out:
    kp__dw_xbuf_free(&X);
    return rc;
}

/* A master over c's plans, as an LP or an integer programme. */
static struct master master_of(kp__cg *c, int integer, double time_limit)
{
    struct master M = {&c->d, &c->basis, integer, 0, c->big, time_limit, c->o->stop,
                       c->lam, c->mu, NAN, c->pick, NULL, 0, 1, 0, NULL, NULL};
    return M;
}

/* The time limit of a master solve: what is left (0: no limit). */
static double master_limit(const kp__cg *c)
{
    double left = kp__cg_time_left(c);
    return left < HUGE_VAL ? fmax(left, 0.01) : 0;
}

/* Column generation: pricing rounds, each followed by the master LP for
 * the next prices, until no plan is new, the master is within a tenth of
 * the gap of the bound, or half the time limit is spent. Returns KP_OK,
 * KP_EDATA, KP_ESOLVER or KP_ENOMEM (a stop is KP_OK: the caller reads
 * the clock). */
static int generate_columns(kp__cg *c)
{
    kp__decomp_result *res = c->res;

    for (int round = 0;; round++) {
        double round_t0 = kp__now();
        int added, rc = price_round(c, round, &added);
        c->last_master = NAN;
        if (rc == KP__CG_STOPPED)
            return KP_OK;
        if (rc != KP_OK)
            return rc;
        res->rounds = round + 1;
        double t = kp__now();
        struct master M = master_of(c, 0, master_limit(c));
        int mr = solve_master(&M);
        res->master_s += kp__now() - t;
        if (getenv("KP_DEBUG_DW"))
            fprintf(stderr, "round %d: bound %.10g master %.10g plans %d added %d\n",
                    round, c->best_bound, M.obj, c->d.nplans, added);
        kp__cg_report(c, "pricing");
        if (mr < 0)
            return master_failure(mr);
        if (mr == 0)
            c->last_master = M.obj;
        if (mr == 2 || (!added && round > 0))
            break;      /* stopped, or converged: the master LP is the bound */
        if (mr == 0 && c->best_bound - M.obj <= 0.1 * c->o->gap * (fabs(M.obj) + DBL_EPSILON))
            break;
        /* Under a time limit, half of it for column generation: no round
         * is started that would, at the pace of the last one, end past
         * that. */
        double now = kp__now(), tl = c->o->time_limit;
        if ((tl > 0 && now - c->t0 + (now - round_t0) > 0.5 * tl) || kp__cg_stopped(c) ||
            round >= 1000)
            break;
    }
    return KP_OK;
}

/* The incumbent's plans as a start for the integer master: 1-based over
 * the plans (the master has no artificials). NULL when there is no
 * incumbent or no memory. */
static double *incumbent_start(const kp__cg *c)
{
    if (!kp__isset(c->res->value))
        return NULL;
    double *x = calloc((size_t)c->d.nplans + 1, sizeof *x);
    for (int b = 0; x && b < c->d.nblk; b++)
        if (c->pick[b] >= 0)
            x[c->pick[b] + 1] = 1;
    return x;
}

/* The integer master over the plans generated, with relative gap mgap,
 * within `nodes` search nodes (<= 0: no limit) and the time left, from
 * the incumbent: a plan
 * for the whole portfolio that meets every rule, into c->res and c->pick
 * (kept only when better than the one there). *proven: GLPK proved its
 * optimum over those plans. Returns KP_OK (with or without a plan),
 * KP_ESOLVER or KP_ENOMEM. */
static int integer_master_fixed(kp__cg *c, double mgap, long nodes, const int *fixed,
                                int *proven)
{
    double t = kp__now();
    /* Past the limit already (a long last round), the master still gets
     * a moment: without it there is no plan at all. */
    double limit = master_limit(c);
    if (c->o->time_limit > 0 && limit < 0.05 * c->o->time_limit)
        limit = fmin(0.5, 0.05 * c->o->time_limit + 0.1);
    int *pick = malloc(((size_t)c->d.nblk + 1) * sizeof *pick);
    double *start = incumbent_start(c);
    struct master M = master_of(c, 1, limit);
    int rc = KP_ENOMEM, mr;

    *proven = 0;
    if (!pick || (kp__isset(c->res->value) && !start))
        goto out;
    M.pick = pick;
    M.start = fixed ? NULL : start;
    M.fixed = fixed;
    M.mip_gap = mgap;
    M.node_limit = nodes;
    mr = solve_master(&M);
    rc = mr < 0 ? master_failure(mr) : KP_OK;
    *proven = mr == 0 && M.proven;
    if (mr != 0 || (kp__isset(c->res->value) && M.obj <= c->res->value))
        goto out;
    memcpy(c->pick, pick, (size_t)c->d.nblk * sizeof *pick);
    rc = kp__cg_picks_to_counts(c);
    if (rc == KP_OK)
        c->res->value = M.obj;
out:
    c->res->master_mip_s += kp__now() - t;
    free(pick);
    free(start);
    return rc;
}

/* The plan in c->res is within the gap of the bound. */
static int within_gap(const kp__cg *c)
{
    double v = c->res->value, tol = c->o->gap > 0 ? c->o->gap * (fabs(v) + DBL_EPSILON)
                                                  : 1e-9 * (1 + fabs(v));
    return kp__isset(v) && c->res->bound - v <= tol;
}

/* integer_master_fixed over every plan. */
static int integer_master(kp__cg *c, double mgap, long nodes, int *proven)
{
    return integer_master_fixed(c, mgap, nodes, NULL, proven);
}

/* The master LP once more, for its plans' values: each block whose
 * optimum takes one plan whole (or none) fixed to it, into fixed. Returns
 * KP_OK, 1 (no LP optimum: nothing fixed), KP_ESOLVER or KP_ENOMEM. */
static int fix_whole_blocks(kp__cg *c, int *fixed)
{
    kp__dw *d = &c->d;
    double *xlp = calloc((size_t)d->nplans + 1, sizeof *xlp);
    double *lam = malloc(((size_t)d->nj + 1) * sizeof *lam);
    double *mu = malloc(((size_t)d->nblk + 1) * sizeof *mu);
    struct master M = master_of(c, 0, master_limit(c));
    int rc = KP_ENOMEM, mr;

    if (!xlp || !lam || !mu)
        goto out;
    /* Prices of its own: c's stay those of the last round. */
    M.lam = lam;
    M.mu = mu;
    M.xlp = xlp;
    mr = solve_master(&M);
    rc = mr < 0 ? master_failure(mr) : mr ? 1 : KP_OK;
    if (rc != KP_OK)
        goto out;
    for (int b = 0; b < d->nblk; b++)
        fixed[b] = FIX_EMPTY;
    for (int q = 0; q < d->nplans; q++) {
        int b = d->plans[q].blk;
        if (xlp[q] > 1 - 1e-6 && fixed[b] == FIX_EMPTY)
            fixed[b] = q;
        else if (xlp[q] > 1e-6)
            fixed[b] = FIX_FREE;
    }
    /* A block that must take a plan and takes none is not whole. */
    for (int b = 0; b < d->nblk; b++)
        if (fixed[b] == FIX_EMPTY && d->must[b])
            fixed[b] = FIX_FREE;
out:
    free(xlp);
    free(lam);
    free(mu);
    return rc;
}

/* The integer master over the blocks that the master LP splits between
 * plans, every other block fixed to its whole plan (at most as many split
 * blocks as joining rows in a basic optimum: a small programme, where the
 * master over every plan can take GLPK minutes). A plan within gap mgap of
 * that programme's optimum into c->res when better. Returns KP_OK (with
 * or without a plan), KP_ESOLVER or KP_ENOMEM. */
static int fixed_master(kp__cg *c, double mgap)
{
    int *fixed = malloc(((size_t)c->d.nblk + 1) * sizeof *fixed), proven;
    int rc = fixed ? fix_whole_blocks(c, fixed) : KP_ENOMEM;
    if (rc == KP_OK)
        rc = integer_master_fixed(c, mgap, MASTER_NODES, fixed, &proven);
    free(fixed);
    return rc == 1 ? KP_OK : rc;
}

/* The gap the first master may leave open: GLPK measures it against the
 * master LP; what is left of the gap asked for, once the LP's distance to
 * the Lagrangian bound is paid (at least half the gap). */
static double first_master_gap(const kp__cg *c)
{
    double gap = c->o->gap, mgap = gap / 2;
    if (kp__isset(c->last_master) && c->last_master > 0) {
        double spare = gap - (c->best_bound - c->last_master) / c->last_master - 0.05 * gap;
        if (spare > mgap)
            mgap = spare;
    }
    return mgap;
}

/* The first integer master, over the plans of column generation. Below
 * the default gap (0.01%) it need not close the gap itself, the proof
 * does: it stops at half that gap, or after MASTER_NODES nodes, with its
 * best plan. */
static int first_master(kp__cg *c)
{
    double mgap = first_master_gap(c);
    long nodes = 0;
    int proven;
    if (c->o->gap < 1e-4) {
        mgap = fmax(mgap, 5e-5);
        nodes = MASTER_NODES;
    }
    int rc = fixed_master(c, mgap);
    if (rc != KP_OK || within_gap(c))
        return rc;
    return integer_master(c, mgap, nodes, &proven);
}

/* One step of the proof: lists every block plan within delta of its
 * block's optimum at the best bound's prices, then solves the master over
 * all plans exactly. Its optimum v bounds the optimum by max(v, L -
 * delta): every plan of the portfolio worth more than L - delta uses
 * listed plans only. Sets *bounded when that bound holds. Returns as
 * kp__dw_enumerate, or KP_ESOLVER / KP_ENOMEM as negative - 10. */
static int proof_step(kp__cg *c, double delta, int *bounded)
{
    kp__decomp_result *res = c->res;
    double t = kp__now(), left = kp__cg_time_left(c);
    long added = 0;
    kp__dw_limits lim = {c->o->enum_most, LIST_PER_BLOCK * (long)c->d.nblk + LIST_EXTRA,
                         LIST_NODES, LIST_NODES_PER_BLOCK * (long)c->d.nblk + LIST_NODES_EXTRA,
                         c->o->threads,
                         left < HUGE_VAL ? fmax(left, 1e-3) : 0, c->o->stop};
    int proven, er = kp__dw_enumerate(&c->d, c->best_lam, c->best_sub, delta, &lim, &added);
    *bounded = 0;
    res->enumerated += added;
    res->proof_s += kp__now() - t;
    if (getenv("KP_DEBUG_DW"))
        fprintf(stderr, "proof: bound %.10g incumbent %.10g delta %.6g: %d, %ld plans in %.2f s\n",
                c->best_bound, res->value, delta, er, added, kp__now() - t);
    if (er != 0)
        return er;
    int rc = integer_master(c, 0, MASTER_NODES, &proven);
    if (rc != KP_OK)
        return -10 - rc;
    if (proven) {
        /* Rounding: the listing's floor carries its own margin. */
        double b = fmax(res->value, c->best_bound - delta);
        if (b < res->bound) {
            res->bound = b;
            res->bound_proof = 1;
        }
        *bounded = 1;
    }
    return 0;
}

/* The proof (decomp_proof.c): the plans a better portfolio plan would
 * need, listed in widening steps (delta grows fourfold, from a 64th of
 * what the incumbent needs, since each step's master may find a better
 * incumbent and so need less), until the bound is within the gap. Where
 * the plans near the optimum are too many to list (a wide gap between the
 * Lagrangian bound and the optimum, small portfolios above all) or the
 * master too hard to close within the work limits, branch-and-cut on the
 * whole model takes over, from the better plan and bound. Returns KP_OK
 * (proven or not), KP_ESOLVER or KP_ENOMEM. */
static int prove(kp__cg *c)
{
    kp__decomp_result *res = c->res;
    double L = c->best_bound, delta = -1;
    /* Rounding: list a little more, never less. */
    double margin = 1e-9 * (1 + fabs(L));

    while (!within_gap(c) && !kp__cg_stopped(c)) {
        double z = res->value, need = L - z - c->o->gap * (fabs(z) + DBL_EPSILON) + margin;
        delta = delta < 0 ? fmax(need / 64, margin) : fmin(need, 4 * delta);
        int bounded, er = proof_step(c, delta, &bounded);
        if (er <= -10)
            return -10 - er;
        kp__cg_report(c, "proof");
        if (er != 0 || !bounded)
            break;      /* too many plans, out of time: no proof */
    }
    return KP_OK;
}

/* Frees what c holds (not c->res). */
static void cg_free(kp__cg *c)
{
    free(c->lam);
    free(c->best_lam);
    free(c->sub);
    free(c->best_sub);
    free(c->mu);
    free(c->pick);
    free(c->cost);
    kp__glp_basis_free(&c->basis);
    kp__dw_free(&c->d);
}

void kp__decomp_opts_init(kp__decomp_opts *o)
{
    memset(o, 0, sizeof *o);
    o->gap = 1e-4;
    o->enum_most = 100;
    o->scale_blocks = 5000;
}

/* Whether c takes decomp_scale.c's method: many blocks, and a gap (its
 * bound is the Lagrangian one; an exact optimum needs the master). */
static int many_blocks(const kp__cg *c)
{
    const char *env = getenv("KP_SCALE_BLOCKS");
    long from = env && *env ? strtol(env, NULL, 10) : c->o->scale_blocks;
    return from > 0 && c->d.nblk >= from && c->o->gap > 0;
}

int kp__decomp_solve(const kp_instance *in, const kp__lp *lp,
                     const kp__decomp_opts *o, kp__decomp_result *res)
{
    kp__cg c;
    int rc;

    memset(res, 0, sizeof *res);
    res->bound = NAN;
    res->value = NAN;
    memset(&c, 0, sizeof c);
    c.in = in;
    c.o = o;
    c.t0 = kp__now();
    c.res = res;
    rc = cg_init(&c, lp);
    /* One block is the whole model: branch-and-cut's work, not ours. */
    if (rc == KP_OK && c.d.nblk <= 1) {
        res->blocks = c.d.nblk;
        cg_free(&c);
        return KP_OK;
    }
    if (rc == KP_OK && many_blocks(&c)) {
        rc = kp__cg_scale(&c);
        goto done;
    }
    if (rc == KP_OK)
        rc = generate_columns(&c);
    if (rc == KP_OK && c.best_bound < HUGE_VAL)
        res->bound = c.best_bound;
    if (rc == KP_OK)
        rc = first_master(&c);
    if (rc == KP_OK)
        kp__cg_report(&c, "master");
    /* Few blocks: GLPK's branch-and-cut on the whole model closes the gap
     * in well under a second, and the Lagrangian bound is loose there (a
     * few blocks' plans weigh much in the total), so plans near the
     * optimum are many: no proof. */
    if (rc == KP_OK && kp__isset(res->value) && kp__isset(res->bound) &&
        c.d.nblk >= PROOF_BLOCKS && !within_gap(&c) && !kp__cg_stopped(&c))
        rc = prove(&c);
done:
    if (rc == KP_OK) {
        res->plans = c.d.nplans;
        res->blocks = c.d.nblk;
        /* Back in the instance's units (kp__lp_scale; exact). */
        res->bound /= lp->objscale;
        res->value /= lp->objscale;
    }
    cg_free(&c);
    return rc;
}
