/*
 * decomp_scale.c - the decomposition for many blocks (issue 19), whose
 * master work grows with the joining rows, not with the accounts.
 *
 * decomp.c's master carries a row per block, and its LP and integer
 * programme grow faster than the blocks. Here the Lagrangian dual
 *
 *   L(lam) = sum_r side_r(lam_r) + sum_b sub_b(lam)
 *
 * is minimised over the K multipliers of the joining rows (K = 3 today)
 * instead:
 *
 * - The restricted dual D(lam), the same sum with each sub_b taken over
 *   the block's plans known so far (and the empty plan where the block may
 *   take it), costs one pass over the plans. Its minimum over lam is the
 *   master LP's optimum over those plans; a cutting-plane master finds it:
 *   an LP with the K joining rows and one convexity row, whose columns are
 *   aggregated plans (every block's best plan at one lam, summed), and
 *   whose duals are the next lam.
 * - A pricing round at that lam gives new plans and a proven bound. Only
 *   blocks whose optimum may have moved are priced again: sub_b(lam) is
 *   at most sub_b(lam') - min over the block's possible uses u of
 *   (lam - lam') . u (each use lies between the sums of the block's
 *   coefficients times the columns' lower or upper bounds, whichever is
 *   least or most: 0 and 1 for a binary column), and at least
 *   its best known plan; where those meet the block need not be priced,
 *   and the bound takes the upper side. The blocks with the widest such
 *   slack are priced until what is left is a small share of the gap.
 * - The plan: every block takes its best known plan at the final prices;
 *   the blocks nearest a tie (an optimal master splits at most K blocks
 *   between plans) are decided by a small integer programme over their
 *   known plans, within what the others leave of the joining rows.
 *
 * Rounds stop when the bound and the restricted dual agree to a share of
 * the gap asked for; when the plan is then not within the gap, they go
 * on with a tighter share. Nothing depends on the number of threads: the
 * blocks priced are chosen from numbers alone, and each block's price is
 * its own. GLPK is reached only through kp__glp_* inside guarded steps.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solve/decomp.h"

/* Cutting-plane iterations of one restricted dual, and pricing rounds. */
#define INNER_ITERATIONS 400
#define OUTER_ROUNDS 200
/* The blocks of the first small integer programme, and its search nodes
 * (a limit on work, not time: the same answer on any machine). */
#define NEAR_FIRST 2000
#define SMALL_NODES 20000
/* Shares of the gap asked for: where rounds stop (the bound within this
 * of the restricted dual, tightened fourfold when the plan is not within
 * the gap, at most TIGHTEN times), the slack left unpriced in a round (of
 * that), and the restricted dual's own precision (of that). */
#define ROUNDS_SHARE 0.3
#define TIGHTEN 3
#define SLACK_SHARE 0.05
#define INNER_SHARE 0.01

/* The method's state, beside the decomposition's. */
struct scale {
    kp__cg *c;
    int nj, nblk;
    double *umin, *umax;    /* per block and joining row: the least and
                               most use any plan of the block can make */
    double *at_lam;         /* per block: the prices of its last pricing */
    double *at_sub;         /* per block: its optimum there */
    double *best;           /* per block: its best known option at the
                               prices of the last eval */
    double *second;         /* ... and the next best */
    int *bestq;             /* ... and which plan (-1: the empty plan) */
    double *aggv, *aggu;    /* the cutting plane's aggregated columns:
                               value, and nj uses each */
    int nagg, capagg;
    double *trial;          /* the master's next prices */
    double dual;            /* the restricted dual's least value found */
    double *dual_lam;       /* ... at these prices */
};

/* The joining rows' share of the bound at prices lam. */
static double side(const kp__dw *d, const double *lam)
{
    double s = 0;
    for (int r = 0; r < d->nj; r++)
        s += lam[r] > 0 ? lam[r] * d->lp->rhi[r] : lam[r] < 0 ? lam[r] * d->lp->rlo[r] : 0;
    return s;
}

/* The most sub_b can have risen since block b was priced (at S->at_lam),
 * now that the prices are lam. */
static double drift(const struct scale *S, int b, const double *lam)
{
    const double *l0 = S->at_lam + (size_t)b * S->nj;
    const double *lo = S->umin + (size_t)b * S->nj, *hi = S->umax + (size_t)b * S->nj;
    double s = 0;
    for (int r = 0; r < S->nj; r++) {
        double dl = lam[r] - l0[r];
        if (dl != 0)        /* an unbounded use times 0 would be NaN */
            s += fmax(-dl * lo[r], -dl * hi[r]);
    }
    return s;
}

/* The restricted dual D(lam): each block's best known option into
 * S->best, S->second and S->bestq, and the aggregated column of those
 * choices appended to the cutting plane. Returns D(lam), or NAN when out
 * of memory. */
static double eval(struct scale *S, const double *lam)
{
    const kp__dw *d = &S->c->d;
    int nj = S->nj;
    if (S->nagg == S->capagg) {
        int cap = S->capagg ? 2 * S->capagg : 64;
        double *v = realloc(S->aggv, (size_t)cap * sizeof *v);
        if (v)
            S->aggv = v;
        double *u = realloc(S->aggu, (size_t)cap * nj * sizeof *u);
        if (u)
            S->aggu = u;
        if (!v || !u)
            return NAN;
        S->capagg = cap;
    }
    double D = side(d, lam), V = 0, *U = S->aggu + (size_t)S->nagg * nj;
    memset(U, 0, (size_t)nj * sizeof *U);
    for (int b = 0; b < S->nblk; b++) {
        double b1 = d->must[b] ? -HUGE_VAL : 0, b2 = -HUGE_VAL;
        int q1 = -1;
        /* Newest plan first; on a tie the first seen stays (the empty
         * plan before any). */
        for (int q = d->last[b]; q >= 0; q = d->plans[q].prev) {
            const double *u = d->use + (size_t)q * nj;
            double v = d->plans[q].value;
            for (int r = 0; r < nj; r++)
                v -= lam[r] * u[r];
            if (v > b1) {
                b2 = b1;
                b1 = v;
                q1 = q;
            } else if (v > b2) {
                b2 = v;
            }
        }
        S->best[b] = b1;
        S->second[b] = b2;
        S->bestq[b] = q1;
        D += b1;
        if (q1 >= 0) {
            const double *u = d->use + (size_t)q1 * nj;
            V += d->plans[q1].value;
            for (int r = 0; r < nj; r++)
                U[r] += u[r];
        }
    }
    S->aggv[S->nagg++] = V;
    return D;
}

/* The cutting plane's master: what cut_step asks and learns. */
struct cut_job {
    struct scale *S;
    int *ind;
    double *v;
    double obj;
    int result;             /* 0, or 1: no optimum */
};

/* The guarded step of the cutting plane: the joining rows and a
 * convexity row over the aggregated columns (artificials keep it
 * feasible); its optimum and duals. Rows and objective are scaled to
 * about 1, since sums over many blocks are large and GLPK does not scale
 * a problem itself. */
static int cut_step(void *arg)
{
    struct cut_job *J = arg;
    struct scale *S = J->S;
    const kp__dw *d = &S->c->d;
    int nj = S->nj;
    double *rs = J->v + nj + 1, vs = 1;
    kp__glp *P = kp__glp_new(1);

    for (int t = 0; t < S->nagg; t++)
        vs = fmax(vs, fabs(S->aggv[t]));
    for (int r = 0; r < nj; r++) {
        double lo = d->lp->rlo[r], hi = d->lp->rhi[r];
        rs[r] = fmax(1, fmax(lo > -HUGE_VAL ? fabs(lo) : 0, hi < HUGE_VAL ? fabs(hi) : 0));
        kp__glp_add_row(P, lo / rs[r], hi / rs[r], 0, NULL, NULL);
    }
    kp__glp_add_row(P, 1, 1, 0, NULL, NULL);
    for (int r = 0; r < nj; r++) {
        /* Past a row, at a price far above any plan's in these units. */
        const double minus = -1, plus = 1, art = -1e3;
        if (d->lp->rhi[r] < HUGE_VAL)
            kp__glp_add_col(P, 0, HUGE_VAL, art, 0, 1, &r, &minus);
        if (d->lp->rlo[r] > -HUGE_VAL)
            kp__glp_add_col(P, 0, HUGE_VAL, art, 0, 1, &r, &plus);
    }
    for (int t = 0; t < S->nagg; t++) {
        const double *u = S->aggu + (size_t)t * nj;
        int len = 0;
        for (int r = 0; r < nj; r++)
            if (u[r] != 0) {
                J->ind[len] = r;
                J->v[len++] = u[r] / rs[r];
            }
        J->ind[len] = nj;
        J->v[len++] = 1;
        kp__glp_add_col(P, 0, HUGE_VAL, S->aggv[t] / vs, 0, len, J->ind, J->v);
    }
    J->result = 1;
    if (kp__glp_simplex(P, 0, 0, 0) == KP__GLP_OPTIMAL) {
        J->obj = kp__glp_lp_obj(P) * vs;
        for (int r = 0; r < nj; r++) {
            double pi = kp__glp_row_dual(P, r) * vs / rs[r];
            /* The sign a finite side allows: the bound holds only then. */
            if ((pi > 0 && d->lp->rhi[r] == HUGE_VAL) || (pi < 0 && d->lp->rlo[r] == -HUGE_VAL))
                pi = 0;
            S->trial[r] = pi;
        }
        J->result = 0;
    }
    kp__glp_free(P);
    return KP_OK;
}

/* Minimises the restricted dual from prices lam (Kelley's cutting
 * planes: exact in finitely many steps, as D is piecewise linear), to a
 * precision of tol (absolute): the least value to S->dual, its prices to
 * S->dual_lam, and S->best / S->bestq left at those prices. Returns KP_OK,
 * KP_ESOLVER or KP_ENOMEM. */
static int restricted_dual(struct scale *S, const double *lam, double tol)
{
    struct cut_job J = {S, NULL, NULL, 0, 0};
    int nj = S->nj, rc = KP_ENOMEM;
    double t = kp__now();

    S->nagg = 0;
    J.ind = malloc(((size_t)nj + 1) * sizeof *J.ind);
    J.v = malloc((2 * (size_t)nj + 2) * sizeof *J.v);
    if (!J.ind || !J.v)
        goto out;
    S->dual = eval(S, lam);
    if (isnan(S->dual))
        goto out;
    memcpy(S->dual_lam, lam, (size_t)nj * sizeof *lam);
    for (int it = 0; it < INNER_ITERATIONS; it++) {
        rc = kp__glpk_guard(cut_step, &J, 0, NULL);
        if (rc != KP_OK)
            goto out;
        /* A master GLPK cannot solve (numerically) ends the search with
         * the best prices found: any prices give a valid bound. */
        if (J.result != 0)
            break;
        /* The master's optimum is a lower bound on D's minimum. */
        if (S->dual - J.obj <= tol)
            break;
        double D = eval(S, S->trial);
        rc = KP_ENOMEM;
        if (isnan(D))
            goto out;
        if (D < S->dual) {
            S->dual = D;
            memcpy(S->dual_lam, S->trial, (size_t)nj * sizeof *lam);
        }
    }
    /* The choices at the best prices, for the plan and the next round. */
    S->nagg = 0;
    rc = isnan(eval(S, S->dual_lam)) ? KP_ENOMEM : KP_OK;
out:
    S->c->res->master_s += kp__now() - t;
    free(J.ind);
    free(J.v);
    return rc;
}

/* An entry of a sort of blocks: a key, and the block (ties go to the
 * lower block, so that the order never depends on anything else). */
struct keyed {
    double key;
    int b;
};

static int by_key_up(const void *x, const void *y)
{
    const struct keyed *a = x, *b = y;
    return a->key < b->key ? -1 : a->key > b->key ? 1 : (a->b > b->b) - (a->b < b->b);
}

/* The small integer programme: what small_step asks and learns. */
struct small_job {
    struct scale *S;
    const struct keyed *near;   /* its blocks: near[0 .. n-1].b */
    int n;
    const double *fixed;    /* per joining row: the other blocks' use */
    double mgap, time_limit;
    int *colq;              /* per column: its plan; room for every plan */
    int *ind;
    double *v;
    int *pick;              /* per block of near: its plan, -1: empty */
    double obj;
    int result;             /* 0, or 1: no plan */
};

/* The guarded step of the small integer programme: the joining rows less
 * the fixed blocks' use, a convexity row per near block, a column per
 * known plan of those blocks. */
static int small_step(void *arg)
{
    struct small_job *J = arg;
    struct scale *S = J->S;
    const kp__dw *d = &S->c->d;
    int nj = S->nj, ncol = 0;
    kp__glp *P = kp__glp_new(1);
    kp__glp_mip_opts mo;

    for (int r = 0; r < nj; r++)
        kp__glp_add_row(P, d->lp->rlo[r] - J->fixed[r], d->lp->rhi[r] - J->fixed[r],
                        0, NULL, NULL);
    for (int i = 0; i < J->n; i++) {
        int b = J->near[i].b;
        kp__glp_add_row(P, d->must[b] ? 1 : -HUGE_VAL, 1, 0, NULL, NULL);
        for (int q = d->last[b]; q >= 0; q = d->plans[q].prev) {
            const double *u = d->use + (size_t)q * nj;
            int len = 0;
            for (int r = 0; r < nj; r++)
                if (u[r] != 0) {
                    J->ind[len] = r;
                    J->v[len++] = u[r];
                }
            J->ind[len] = nj + i;
            J->v[len++] = 1;
            kp__glp_add_col(P, 0, 1, d->plans[q].value, 1, len, J->ind, J->v);
            J->colq[ncol++] = q;
        }
    }
    kp__glp_mip_opts_init(&mo);
    mo.gap = J->mgap;
    mo.time_limit = J->time_limit;
    mo.stop = S->c->o->stop;
    mo.node_limit = SMALL_NODES;
    int answer = kp__glp_intopt(P, &mo);
    J->result = 1;
    if (answer == KP__GLP_OPTIMAL || answer == KP__GLP_FEASIBLE) {
        J->obj = kp__glp_mip_obj(P);
        for (int i = 0; i < J->n; i++)
            J->pick[i] = -1;
        for (int j = 0, i = 0; j < ncol; j++) {
            while (i + 1 < J->n && d->plans[J->colq[j]].blk != J->near[i].b)
                i++;
            if (kp__glp_mip_col(P, j) > 0.5)
                J->pick[i] = J->colq[j];
        }
        J->result = 0;
    }
    kp__glp_free(P);
    return KP_OK;
}

/* The plan at the restricted dual's prices (S->bestq): the n blocks
 * nearest a tie decided by the small integer programme, the rest fixed.
 * Keeps it in c->pick and c->res when better than the plan there. Sets
 * *found. Returns KP_OK, KP_ESOLVER or KP_ENOMEM. */
static int plan_near(struct scale *S, int n, int *found)
{
    kp__cg *c = S->c;
    const kp__dw *d = &c->d;
    int nj = S->nj, rc = KP_ENOMEM;
    double t = kp__now(), fixv = 0, nearv = 0;
    struct keyed *key = malloc(((size_t)S->nblk + 1) * sizeof *key);
    double *fixed = calloc((size_t)nj + 1, sizeof *fixed);
    struct small_job J = {S, key, n, fixed, 0, 0, NULL, NULL, NULL, NULL, 0, 1};

    *found = 0;
    J.colq = malloc(((size_t)d->nplans + 1) * sizeof *J.colq);
    J.ind = malloc(((size_t)nj + 1) * sizeof *J.ind);
    J.v = malloc(((size_t)nj + 1) * sizeof *J.v);
    J.pick = malloc(((size_t)n + 1) * sizeof *J.pick);
    if (!key || !fixed || !J.colq || !J.ind || !J.v || !J.pick)
        goto out;
    for (int b = 0; b < S->nblk; b++) {
        key[b].key = S->best[b] - S->second[b];
        key[b].b = b;
    }
    qsort(key, (size_t)S->nblk, sizeof *key, by_key_up);
    /* Its blocks in block order, so that plans meet their rows in turn. */
    for (int i = 0; i < n; i++)
        key[i].key = key[i].b;
    qsort(key, (size_t)n, sizeof *key, by_key_up);
    for (int i = 0; i < S->nblk; i++) {
        int b = key[i].b, q = S->bestq[b];
        if (i < n) {
            nearv += fabs(S->best[b]);
            continue;
        }
        if (q < 0)
            continue;
        fixv += d->plans[q].value;
        for (int r = 0; r < nj; r++)
            fixed[r] += d->use[(size_t)q * nj + r];
    }
    /* GLPK's gap is relative to this programme's objective, a small part
     * of the whole: its share of the gap asked for, in those terms. */
    J.mgap = fmin(0.5, 0.25 * c->o->gap * fabs(S->dual) / (nearv + 1));
    double left = kp__cg_time_left(c), tl = c->o->time_limit;
    J.time_limit = left < HUGE_VAL ? fmax(left, fmin(0.5, 0.05 * tl + 0.1)) : 0;
    rc = kp__glpk_guard(small_step, &J, 0, NULL);
    if (rc != KP_OK || J.result != 0)
        goto out;
    double value = fixv + J.obj;
    if (kp__isset(c->res->value) && value <= c->res->value)
        goto out;
    for (int b = 0; b < S->nblk; b++)
        c->pick[b] = S->bestq[b];
    for (int i = 0; i < n; i++)
        c->pick[key[i].b] = J.pick[i];
    rc = kp__cg_picks_to_counts(c);
    if (rc == KP_OK) {
        c->res->value = value;
        *found = 1;
    }
out:
    c->res->master_mip_s += kp__now() - t;
    free(key);
    free(fixed);
    free(J.colq);
    free(J.ind);
    free(J.v);
    free(J.pick);
    return rc;
}

/* The plan: the small integer programme over the NEAR_FIRST blocks
 * nearest a tie, over four times as many while it finds none. Returns
 * KP_OK (with or without a plan), KP_ESOLVER or KP_ENOMEM. */
static int plan(struct scale *S)
{
    int n = NEAR_FIRST < S->nblk ? NEAR_FIRST : S->nblk, found = 0, rc = KP_OK;
    for (;;) {
        rc = plan_near(S, n, &found);
        if (rc != KP_OK || found || n == S->nblk || kp__isset(S->c->res->value) ||
            kp__cg_stopped(S->c))
            break;
        n = n > S->nblk / 4 ? S->nblk : 4 * n;
    }
    return rc;
}

/* The blocks worth pricing at prices lam (S->best holds the best known
 * options there): those whose optimum may have risen most above their
 * best known option, until what is left is at most allow. Into list;
 * returns how many. */
static int choose_blocks(const struct scale *S, const double *lam, double allow,
                         struct keyed *key, int *list)
{
    const kp__dw *d = &S->c->d;
    double total = 0;
    for (int b = 0; b < S->nblk; b++) {
        double up = S->at_sub[b] + drift(S, b, lam);
        if (!d->must[b])
            up = fmax(up, 0);
        key[b].key = -fmax(up - S->best[b], 0);
        key[b].b = b;
        total -= key[b].key;
    }
    qsort(key, (size_t)S->nblk, sizeof *key, by_key_up);
    int n = 0;
    while (n < S->nblk && total > allow && key[n].key < 0) {
        total += key[n].key;
        list[n] = key[n].b;
        n++;
    }
    /* In block order: the plans are stored in it. */
    for (int i = 0; i < n; i++) {
        key[i].key = list[i];
        key[i].b = list[i];
    }
    qsort(key, (size_t)n, sizeof *key, by_key_up);
    for (int i = 0; i < n; i++)
        list[i] = key[i].b;
    return n;
}

/* After pricing list[0 .. n-1] (NULL: every block) at c->lam: stores
 * their plans, and the bound at c->lam (unpriced blocks at their upper
 * side). Returns KP_OK or KP_ENOMEM. */
static int after_pricing(struct scale *S, const int *list, int n, const kp__dw_xbuf *X,
                         unsigned char *priced)
{
    kp__cg *c = S->c;
    kp__dw *d = &c->d;
    int nj = S->nj, count = list ? n : S->nblk;
    memset(priced, 0, (size_t)S->nblk);
    for (int i = 0; i < count; i++) {
        int b = list ? list[i] : i;
        priced[b] = 1;
        S->at_sub[b] = c->sub[b];
        memcpy(S->at_lam + (size_t)b * nj, c->lam, (size_t)nj * sizeof *c->lam);
        if ((c->sub[b] > 1e-9 || d->must[b]) && kp__dw_add_plan_x(d, b, X, NULL) < 0)
            return KP_ENOMEM;
    }
    double bound = side(d, c->lam);
    for (int b = 0; b < S->nblk; b++) {
        double up = priced[b] ? c->sub[b] : S->at_sub[b] + drift(S, b, c->lam);
        bound += d->must[b] ? up : fmax(up, 0);
    }
    if (bound < c->best_bound) {
        c->best_bound = bound;
        memcpy(c->best_lam, c->lam, (size_t)nj * sizeof *c->lam);
    }
    return KP_OK;
}

/* Pricing rounds until the bound is within share (relative) of the
 * restricted dual, the time is half spent, or the stop flag. Returns
 * KP_OK, KP_EDATA, KP_ESOLVER or KP_ENOMEM. */
static int rounds(struct scale *S, double share, int *round)
{
    kp__cg *c = S->c;
    kp__decomp_result *res = c->res;
    kp__dw_xbuf X;
    unsigned char *priced = malloc((size_t)S->nblk + 1);
    struct keyed *key = malloc(((size_t)S->nblk + 1) * sizeof *key);
    int *list = malloc(((size_t)S->nblk + 1) * sizeof *list);
    int rc = KP_ENOMEM, n = 0;
    double gap = c->o->gap;

    if (kp__dw_xbuf_init(&X, &c->d) != 0 || !priced || !key || !list)
        goto out;
    for (;; (*round)++) {
        double round_t0 = kp__now();
        const int *only = *round == 0 ? NULL : list;
        rc = kp__cg_price(c, only, n, &X);
        if (rc == KP__CG_STOPPED) {
            rc = KP_OK;
            break;
        }
        if (rc != KP_OK || (rc = after_pricing(S, only, n, &X, priced)) != KP_OK)
            goto out;
        res->rounds = *round + 1;
        double scale = fabs(c->best_bound) + DBL_EPSILON;
        rc = restricted_dual(S, c->lam, INNER_SHARE * share * gap * scale);
        if (rc != KP_OK)
            goto out;
        c->last_master = S->dual;
        if (getenv("KP_DEBUG_DW"))
            fprintf(stderr, "scale round %d: bound %.10g dual %.10g priced %d plans %d "
                    "cuts %d\n", *round, c->best_bound, S->dual, only ? n : S->nblk,
                    c->d.nplans, S->nagg);
        kp__cg_report(c, "pricing");
        if (c->best_bound - S->dual <= share * gap * scale)
            break;
        double now = kp__now(), tl = c->o->time_limit;
        if ((tl > 0 && now - c->t0 + (now - round_t0) > 0.5 * tl) || kp__cg_stopped(c) ||
            *round >= OUTER_ROUNDS)
            break;
        memcpy(c->lam, S->dual_lam, (size_t)S->nj * sizeof *c->lam);
        /* Possibly none: the next round's bound then comes from the
         * upper sides alone. */
        n = choose_blocks(S, c->lam, SLACK_SHARE * share * gap * scale, key, list);
    }
out:
    kp__dw_xbuf_free(&X);
    free(priced);
    free(key);
    free(list);
    return rc;
}

/* Frees what S holds. */
static void scale_free(struct scale *S)
{
    free(S->umin);
    free(S->umax);
    free(S->at_lam);
    free(S->at_sub);
    free(S->best);
    free(S->second);
    free(S->bestq);
    free(S->aggv);
    free(S->aggu);
    free(S->trial);
    free(S->dual_lam);
}

int kp__cg_scale(kp__cg *c)
{
    const kp__dw *d = &c->d;
    struct scale S;
    size_t nb = (size_t)d->nblk + 1, nbj = nb * ((size_t)d->nj + 1);
    int rc = KP_ENOMEM, round = 0;

    memset(&S, 0, sizeof S);
    S.c = c;
    S.nj = d->nj;
    S.nblk = d->nblk;
    S.umin = calloc(nbj, sizeof *S.umin);
    S.umax = calloc(nbj, sizeof *S.umax);
    S.at_lam = calloc(nbj, sizeof *S.at_lam);
    S.at_sub = calloc(nb, sizeof *S.at_sub);
    S.best = calloc(nb, sizeof *S.best);
    S.second = calloc(nb, sizeof *S.second);
    S.bestq = calloc(nb, sizeof *S.bestq);
    S.trial = calloc((size_t)d->nj + 1, sizeof *S.trial);
    S.dual_lam = calloc((size_t)d->nj + 1, sizeof *S.dual_lam);
    if (!S.umin || !S.umax || !S.at_lam || !S.at_sub || !S.best || !S.second || !S.bestq ||
        !S.trial || !S.dual_lam)
        goto out;
    for (int b = 0; b < d->nblk; b++)
        for (int t = d->bstart[b]; t < d->bstart[b + 1]; t++) {
            int j = d->bcols[t];
            for (int e = d->jstart[j]; e < d->jstart[j + 1]; e++) {
                size_t k = (size_t)b * d->nj + (size_t)d->jrow[e];
                double v = d->jval[e], lo = d->lp->lb[j], hi = d->lp->ub[j];
                S.umax[k] += v * (v > 0 ? hi : lo);
                S.umin[k] += v * (v > 0 ? lo : hi);
            }
        }
    double share = ROUNDS_SHARE;
    for (int pass = 0;; pass++) {
        rc = rounds(&S, share, &round);
        if (rc != KP_OK || c->best_bound == HUGE_VAL)
            goto out;
        c->res->bound = c->best_bound;
        rc = plan(&S);
        if (rc != KP_OK)
            goto out;
        kp__cg_report(c, "master");
        double v = c->res->value;
        if (pass >= TIGHTEN || kp__cg_stopped(c) ||
            (kp__isset(v) && c->best_bound - v <= c->o->gap * (fabs(v) + DBL_EPSILON)))
            break;
        double now = kp__now(), tl = c->o->time_limit;
        if (tl > 0 && now - c->t0 > 0.5 * tl)
            break;
        share /= 4;
        round++;
    }
out:
    if (getenv("KP_DEBUG_DW"))
        fprintf(stderr, "scale: rc %d rounds %d bound %.10g plan %.10g\n", rc, round,
                c->best_bound, c->res->value);
    scale_free(&S);
    return rc;
}
