/*
 * decomp_price.c - what the two masters of the decomposition share
 * (decomp.c's over every plan, decomp_scale.c's over the joining rows'
 * prices): pricing the blocks in parallel, the clock, progress, and a
 * plan per block back to activity counts. GLPK only through kp__glp_*
 * inside guarded steps, one subproblem per step on one thread.
 */
#include <float.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solve/decomp.h"

/* Seconds left of the time limit (<= 0 means none left); HUGE_VAL
 * without a limit. */
double kp__cg_time_left(const kp__cg *c)
{
    return c->o->time_limit > 0 ? c->o->time_limit - (kp__now() - c->t0) : HUGE_VAL;
}

int kp__cg_stopped(const kp__cg *c)
{
    return (c->o->stop && *c->o->stop) || kp__cg_time_left(c) <= 0;
}

/* Tells the caller's progress function where the solve stands. */
void kp__cg_report(const kp__cg *c, const char *stage)
{
    const kp__decomp_result *res = c->res;
    kp_solve_progress p = {c->o->scenario, stage, res->rounds, NAN, res->value, NAN,
                           kp__now() - c->t0, NULL};
    if (!c->o->progress)
        return;
    p.scenario_id = kp_instance_scenario_id(c->in, c->o->scenario);
    p.bound = c->best_bound < HUGE_VAL ? c->best_bound : NAN;
    if (kp__isset(res->bound) && !(res->bound >= p.bound))
        p.bound = res->bound;
    /* The instance's units (the model's objective is scaled; exact), with
     * replanning's constant (kp__lp.obj_const). */
    p.bound = p.bound / c->d.lp->objscale + c->d.lp->obj_const;
    p.value = p.value / c->d.lp->objscale + c->d.lp->obj_const;
    if (kp__isset(p.bound) && kp__isset(p.value))
        p.gap_pct = 100 * (fmax(p.bound, p.value) - p.value) / (fabs(p.value) + DBL_EPSILON);
    c->o->progress(c->o->progress_info, &p);
}

/* One block's subproblem: what solve_sub asks and what it learns. */
struct sub_job {
    kp__dw_sub s;
    double t0;              /* when s.time_limit started */
    double val;
    kp__dw_xbuf *X;         /* the plan goes to X from at */
    size_t at;
    int result;             /* 0, 1 (no plan), 2 (stopped) or -1 (failure) */
};

/* The guarded step of solve_sub: builds the block's programme, solves it
 * exactly, in the time its building left, and reads its plan. */
static int sub_step(void *arg)
{
    struct sub_job *J = arg;
    kp__glp *P = kp__dw_sub_build(&J->s);
    kp__glp_mip_opts mo;
    int nc = kp__dw_ncols(J->s.d, J->s.b), answer = KP__GLP_STOPPED;

    kp__glp_mip_opts_init(&mo);
    mo.time_limit = J->s.time_limit > 0 ? J->s.time_limit - (kp__now() - J->t0) : 0;
    mo.stop = J->s.stop;
    if (J->s.time_limit <= 0 || mo.time_limit > 0)
        answer = kp__glp_intopt(P, &mo);
    if (answer == KP__GLP_OPTIMAL) {
        J->val = kp__glp_mip_obj(P);
        for (int t = 0; t < nc; t++)
            kp__dw_xbuf_set(J->X, J->at + t, kp__glp_mip_col(P, t));
        J->result = 0;
    } else {
        J->result = answer == KP__GLP_INFEASIBLE ? 1 : answer == KP__GLP_FEASIBLE ||
                    answer == KP__GLP_STOPPED ? 2 : -1;
    }
    kp__glp_free(P);
    return KP_OK;
}

/* solve_sub's answer when memory ran out (GLPK's or ours). */
enum { SUB_NOMEM = -3 };

/* Solves block b's subproblem exactly at c->cost: its optimum to *val and
 * its plan to X. Returns 0, 1 when the block has no plan at all (it must
 * take one and cannot), 2 when stopped, -1 on a GLPK failure, or
 * SUB_NOMEM. Under a time limit a block whose loading into GLPK and first
 * simplex slice would take more than a third of the time left (its share
 * of c->o->load_s: its LP would hardly be solved in the rest) is not
 * started: 2. */
static int solve_sub(const kp__cg *c, int b, double *val, kp__dw_xbuf *X)
{
    struct sub_job J = {{&c->d, b, c->cost, 0, c->o->stop, NULL}, kp__now(), 0, X,
                        (size_t)c->d.bstart[b], SUB_NOMEM};
    double left = kp__cg_time_left(c);
    double load = c->o->load_s * kp__dw_ncols(&c->d, b) / fmax(c->d.lp->ncols, 1);
    int g;

    if (left <= 0 || (left < HUGE_VAL && 3 * load > left))
        return 2;
    J.s.time_limit = left < HUGE_VAL ? left : 0;
    J.s.scratch = malloc(((size_t)kp__dw_ncols(&c->d, b) + 1) * sizeof *J.s.scratch);
    if (J.s.scratch && (g = kp__glpk_guard(sub_step, &J, 0, NULL)) != KP_OK)
        J.result = g == KP_ENOMEM ? SUB_NOMEM : -1;
    free(J.s.scratch);
    *val = J.val;
    return J.result;
}

/* One pricing round: what price_one reads, and the flags it raises
 * (atomically: the blocks may be priced on several threads). */
struct price_round {
    kp__cg *c;
    const int *only;
    kp__dw_xbuf *X;
    int failed, nomem, nofeas, halted;
};

/* Prices block i of the round (only[i], or i), unless a block before it
 * failed or stopped. */
static void price_one(struct price_round *R, int i)
{
    int b = R->only ? R->only[i] : i, skip;
    #pragma omp atomic read
    skip = R->failed;
    if (!skip) {
        #pragma omp atomic read
        skip = R->halted;
    }
    if (skip)
        return;
    int r = solve_sub(R->c, b, &R->c->sub[b], R->X);
    if (r == SUB_NOMEM) {
        #pragma omp atomic write
        R->nomem = 1;
    }
    if (r < 0) {
        #pragma omp atomic write
        R->failed = 1;
    } else if (r == 1) {
        #pragma omp atomic write
        R->nofeas = 1;
    } else if (r == 2) {
        #pragma omp atomic write
        R->halted = 1;
    }
}

/* decomp.h. */
int kp__cg_price(kp__cg *c, const int *only, int nonly, kp__dw_xbuf *X)
{
    const kp__dw *d = &c->d;
    struct price_round R = {c, only, X, 0, 0, 0, 0};
    int n = only ? nonly : d->nblk, nt = kp__dw_threads(c->o->threads);
    double t = kp__now();

    kp__dw_reduced(d, c->lam, c->cost);
    if (nt > 1) {
        #pragma omp parallel num_threads(nt)
        {
            #pragma omp for schedule(dynamic, 8)
            for (int i = 0; i < n; i++)
                price_one(&R, i);
            /* GLPK's per-thread environment: the pool's other threads
             * free theirs here; the calling thread's stays for its
             * caller. */
            if (omp_get_thread_num() != 0)
                kp_thread_cleanup();
        }
    } else {
        /* One thread: no OpenMP region, whose team libgomp allocates
         * (and ends the process when it cannot). */
        for (int i = 0; i < n; i++)
            price_one(&R, i);
    }
    c->res->pricing_s += kp__now() - t;
    c->res->subproblems += n;
    return R.nomem ? KP_ENOMEM : R.failed ? KP_ESOLVER : R.nofeas ? KP_EDATA
         : R.halted ? KP__CG_STOPPED : KP_OK;
}

/* The managers of the plan whose column values are on: an account fixed
 * to a manager, that one; one whose manager is chosen, the m with
 * u[k,m] = 1 (-1: none). */
static void picks_to_managers(const kp__cg *c, const kp__dw_xbuf *on, int *mgr)
{
    const kp__lp *lp = c->d.lp;
    for (size_t k = 0; k < c->in->nacc; k++) {
        int u = lp->team_u ? lp->team_u[k] : -1;
        mgr[k] = c->in->acc[k].manager;
        for (size_t m = 0; u >= 0 && m < c->in->nmgr; m++)
            if (kp__dw_xbuf_get(on, (size_t)u + m) > 0.5)
                mgr[k] = (int)m;
    }
}

/* The chosen plans (c->pick) back to activity counts in c->res->counts:
 * activity a's occurrences are the columns x[a] .. x[a] + max_count - 1;
 * its count in period p the value of n[a,p]. Returns KP_OK or
 * KP_ENOMEM. */
int kp__cg_picks_to_counts(kp__cg *c)
{
    const kp__lp *lp = c->d.lp;
    const kp_instance *in = c->in;
    size_t P = (size_t)lp->nper;
    int *counts = calloc(in->nact + 1, sizeof *counts);
    int *mgr = kp__team_chooses(in) ? malloc((in->nacc + 1) * sizeof *mgr) : NULL;
    int *pc = P ? calloc(in->nact * P + 1, sizeof *pc) : NULL;
    kp__dw_xbuf on;     /* the plan's value of each column */
    int rc = KP_ENOMEM;

    if (kp__dw_xbuf_init(&on, &c->d) != 0 || !counts || (kp__team_chooses(in) && !mgr) ||
        (P && !pc))
        goto out;
    for (int b = 0; b < c->d.nblk; b++) {
        int q = c->pick[b];
        if (q < 0)
            continue;
        const kp__dw_plan *p = &c->d.plans[q];
        for (int e = 0; e < p->n; e++)
            kp__dw_xbuf_set(&on, (size_t)c->d.cols[p->first + e], kp__dw_plan_val(&c->d, q, e));
    }
    for (size_t a = 0; a < in->nact; a++) {
        for (int j = 0; lp->x[a] >= 0 && j < in->act[a].max_count; j++)
            counts[a] += kp__dw_xbuf_get(&on, (size_t)(lp->x[a] + j)) > 0.5;
        for (size_t p = 0; P && lp->pn[a] >= 0 && p < P; p++)
            pc[a * P + p] = (int)floor(kp__dw_xbuf_get(&on, (size_t)lp->pn[a] + p) + 0.5);
    }
    if (mgr)
        picks_to_managers(c, &on, mgr);
    free(c->res->counts);
    free(c->res->mgr);
    free(c->res->pcounts);
    c->res->counts = counts;
    c->res->mgr = mgr;
    c->res->pcounts = pc;
    counts = mgr = pc = NULL;
    rc = KP_OK;
out:
    free(counts);
    free(mgr);
    free(pc);
    kp__dw_xbuf_free(&on);
    return rc;
}
