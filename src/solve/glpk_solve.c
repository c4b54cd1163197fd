/*
 * glpk_solve.c - the one file that talks to GLPK: solves a scenario's
 * integer programme (kp_solve) and writes it as LP or MPS (kp_export).
 *
 * Every GLPK object is created, used and deleted inside one call, on the
 * calling thread, with GLPK's error hook installed for that call, so that a
 * GLPK failure becomes a status (KP_RES_ERROR) instead of abort() and calls
 * on different threads never share GLPK state (GLPK-LIBCSV-NOTES.md, 1-2).
 * GLPK's 1-based arrays do not leave this file.
 */
#include <float.h>
#include <glpk.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solve/solve.h"

struct kp_result {
    kp_result_summary sum;
    size_t nact, nacc;
    int *counts;            /* per activity */
    unsigned char *key;     /* per account */
    char msg[1024];
};

/* Per-call state reached from GLPK's hooks and callback. */
struct task {
    jmp_buf jb;
    const kp_instance *in;
    size_t s;
    kp__lp *lp;
    kp_solve_opts opts;
    kp_result *r;
    kp_diags *diags;
    int cuts;               /* use GLPK's cut generators */
    double ext_bound;       /* a proven bound from elsewhere (the
                               decomposition), HUGE_VAL when none */
    double *start;          /* 1-based column values of a checked plan to
                               hand GLPK at its first heuristic call, or NULL */
    int *start_plan;        /* that plan's counts (kept for a time limit that
                               ends before GLPK has a plan of its own) */
    int start_used;
    int glpk_failed;        /* GLPK raised a fatal error */
    char log[2048];         /* the last lines GLPK printed, for errors */
    size_t len;
    int verbose;
    double bound;           /* best proven bound seen (NaN: none yet) */
    double t0, limit;       /* wall clock start, time limit (<= 0: none) */
};

const char *kp_glpk_version(void)
{
    return glp_version();
}

void kp_solve_opts_init(kp_solve_opts *o)
{
    o->time_limit = 0;
    o->gap_pct = 0.01;
    o->verbose = 0;
    o->cuts = KP_CUTS_DEFAULT;
    o->hint = NULL;
    o->stop = NULL;
    o->method = KP_METHOD_AUTO;
}

const char *kp_result_status_name(int st)
{
    static const char *const names[] = {
        "optimal", "feasible", "infeasible", "no_solution", "error"
    };
    return st >= 0 && st <= KP_RES_ERROR ? names[st] : "error";
}

void kp_thread_cleanup(void)
{
    glp_free_env();
}

/* Keeps the tail of GLPK's output (to explain a fatal error) and prints it
 * only when verbose. */
static int term_hook(void *info, const char *s)
{
    struct task *t = info;
    size_t n = strlen(s);
    if (n >= sizeof t->log)
        s += n - (sizeof t->log - 1), n = sizeof t->log - 1;
    if (t->len + n >= sizeof t->log) {
        size_t drop = t->len + n - (sizeof t->log - 1);
        memmove(t->log, t->log + drop, t->len - drop);
        t->len -= drop;
    }
    memcpy(t->log + t->len, s, n + 1);
    t->len += n;
    return t->verbose ? 0 : 1;
}

/* GLPK prints a fatal error's message, then "Error detected in file ...":
 * returns the message line (in t->log, modified). */
static const char *error_text(struct task *t)
{
    char *end = strstr(t->log, "Error detected");
    if (!end)
        end = t->log + t->len;
    while (end > t->log && (end[-1] == '\n' || end[-1] == '\r'))
        end--;
    *end = '\0';
    char *start = strrchr(t->log, '\n');
    return start ? start + 1 : t->log;
}

static void err_hook(void *info)
{
    longjmp(((struct task *)info)->jb, 1);
}

/* Records the global bound (the best active node's; bounds only tighten,
 * so the last one seen is valid) and enforces the wall-clock limit, which
 * tm_lim alone does not cover once presolve has run. */
static void callback(glp_tree *T, void *info)
{
    struct task *t = info;
    /* Every reason, not only node selection: GLPK may stop on the gap just
     * after a new incumbent, and the bound reported must be the one it
     * stopped on. */
    int p = glp_ios_best_node(T);
    if (p)
        t->bound = glp_ios_node_bound(T, p);
    if (glp_ios_reason(T) == GLP_IHEUR && t->start && !t->start_used) {
        /* GLPK takes it unchecked (GLPK-LIBCSV-NOTES.md 3.2); it was checked
         * against every rule before it got here. */
        t->start_used = 1;
        glp_ios_heur_sol(T, t->start);
    }
    /* At every reason: the root's cut loop can run long between node
     * selections, and Ctrl-C or the time limit must not wait for it. */
    if ((t->limit > 0 && kp__now() - t->t0 > t->limit) ||
        (t->opts.stop && *t->opts.stop))
        glp_ios_terminate(T);
    /* With the decomposition's bound, the incumbent may be proven good
     * enough long before GLPK's own bound would show it. */
    if (t->ext_bound < HUGE_VAL && glp_mip_status(glp_ios_get_prob(T)) == GLP_FEAS) {
        double inc = glp_mip_obj_val(glp_ios_get_prob(T));
        double b = kp__isset(t->bound) && t->bound < t->ext_bound ? t->bound : t->ext_bound;
        double tol = t->opts.gap_pct > 0 ? t->opts.gap_pct / 100 * (fabs(inc) + DBL_EPSILON)
                                         : 1e-9 * (1 + fabs(inc));
        if (b - inc <= tol)
            glp_ios_terminate(T);
    }
}

/* The column values of the plan counts[] in lp (1-based, for GLPK): x from
 * the counts, y for key accounts, z for engaged contacts, w for supported
 * objectives. Returns a malloc'd array, or NULL. */
static double *plan_columns(const kp_instance *in, const kp__lp *lp, const int *counts)
{
    double *v = calloc((size_t)lp->ncols + 1, sizeof *v);
    if (!v)
        return NULL;
    for (size_t a = 0; a < in->nact; a++) {
        if (lp->x[a] < 0 || counts[a] <= 0)
            continue;
        for (int j = 0; j < counts[a]; j++)
            v[lp->x[a] + j + 1] = 1;
        if (lp->y[in->act[a].account] >= 0)
            v[lp->y[in->act[a].account] + 1] = 1;
        if (in->act[a].contact >= 0 && lp->z[in->act[a].contact] >= 0)
            v[lp->z[in->act[a].contact] + 1] = 1;
        if (in->act[a].objective >= 0 && lp->w[in->act[a].objective] >= 0)
            v[lp->w[in->act[a].objective] + 1] = 1;
    }
    for (size_t k = 0; k < in->nacc; k++)
        if (lp->y[k] >= 0 && lp->lb[lp->y[k]] > 0)
            v[lp->y[k] + 1] = 1;
    return v;
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
        double lo = lp->rlo[i], hi = lp->rhi[i];
        int type = lo == -HUGE_VAL ? (hi == HUGE_VAL ? GLP_FR : GLP_UP)
                 : hi == HUGE_VAL ? GLP_LO : lo == hi ? GLP_FX : GLP_DB;
        glp_set_row_bnds(P, i + 1, type, lo == -HUGE_VAL ? 0 : lo,
                         hi == HUGE_VAL ? 0 : hi);
        if (lp->rname)
            glp_set_row_name(P, i + 1, lp->rname[i]);
    }
    for (int j = 0; j < lp->ncols; j++) {
        glp_set_col_kind(P, j + 1, GLP_IV);
        glp_set_col_bnds(P, j + 1, lp->lb[j] == lp->ub[j] ? GLP_FX : GLP_DB,
                         lp->lb[j], lp->ub[j]);
        glp_set_obj_coef(P, j + 1, lp->obj[j]);
        if (lp->cname)
            glp_set_col_name(P, j + 1, lp->cname[j]);
    }
    /* glp_alloc never returns NULL: it raises a GLPK error, caught by the
     * hook like any other. */
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

/* Fills the summary from the plan: what was used and chosen. */
static void summarise(const kp_instance *in, size_t s, kp_result *r)
{
    const kp__scenario *sc = &in->scen[s];
    kp_result_summary *m = &r->sum;
    m->hours_used = m->budget_used = 0;
    m->key_accounts = m->activities = 0;
    m->hours_available = sc->hours;
    m->budget_available = sc->budget;
    for (size_t k = 0; k < in->nacc; k++) {
        int key = in->acc[k].status == KP_KEY && in->acc[k].eligible;
        for (int i = in->act_start[k]; !key && i < in->act_start[k + 1]; i++)
            key = r->counts[in->act_idx[i]] > 0;
        r->key[k] = (unsigned char)key;
        m->key_accounts += key;
    }
    for (size_t a = 0; a < in->nact; a++) {
        int n = r->counts[a];
        if (!n)
            continue;
        m->activities++;
        m->hours_used += n * in->act[a].hours;
        m->budget_used += n * in->act[a].cost;
    }
}

static kp_result *result_new(const kp_instance *in)
{
    kp_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->nact = in->nact;
    r->nacc = in->nacc;
    r->counts = calloc(in->nact + 1, sizeof *r->counts);
    r->key = calloc(in->nacc + 1, 1);
    if (!r->counts || !r->key) {
        kp_result_free(r);
        return NULL;
    }
    r->sum.objective = r->sum.bound = r->sum.gap_pct = NAN;
    return r;
}

/* The plan left GLPK: check it against the raw input, independently of the
 * model (a tolerance slip must never reach the planner), and take its value
 * from the same independent computation. */
static void accept_plan(const kp_instance *in, size_t s, kp_result *r,
                        double glpk_obj, kp_diags *diags)
{
    kp_diags *v = kp_diags_new();
    double value = 0;
    int bad = v ? kp_plan_check(in, s, r->counts, &value, v) : -1;
    if (bad != 0) {
        r->sum.status = KP_RES_ERROR;
        snprintf(r->msg, sizeof r->msg,
                 "the solver's plan fails the independent rule check (%s)",
                 bad < 0 ? "out of memory" : kp_diags_message(v, 0));
        kp__diag(diags, KP_ERROR, NULL, 0, NULL, "scenario %s: %s",
                 in->scen[s].id, r->msg);
    } else {
        /* At a proven optimum GLPK's w[o] are all 1 where they can be, so
         * the two values agree; a mere incumbent may leave some at 0. */
        if (r->sum.status == KP_RES_OPTIMAL &&
            fabs(value - glpk_obj) > 1e-6 * (1 + fabs(value)))
            kp__diag(diags, KP_WARNING, NULL, 0, NULL,
                     "scenario %s: plan value %.17g recomputed from the input "
                     "differs from GLPK's objective %.17g", in->scen[s].id,
                     value, glpk_obj);
        r->sum.objective = value;
    }
    kp_diags_free(v);
}

/* Sets the bound and gap of a plan whose value is r->sum.objective, from a
 * proven bound b (NaN: none), and calls the plan optimal when b proves it
 * (to 1e-9 relative), whatever stopped the search. */
static void finish_bound(kp_result *r, double b)
{
    double v = r->sum.objective;
    if (kp__isset(b) && b < v)
        b = v;      /* the recomputed value may pass the bound by ulps */
    r->sum.bound = b;
    /* GLPK's definition of the relative gap (glp_ios_mip_gap). */
    r->sum.gap_pct = kp__isset(b) ? 100 * (b - v) / (fabs(v) + DBL_EPSILON) : NAN;
    if (r->sum.status == KP_RES_FEASIBLE && kp__isset(b) && b - v <= 1e-9 * (1 + fabs(v)))
        r->sum.status = KP_RES_OPTIMAL;
}

/* The plan in t->r has its value: its bound and gap from the better of
 * GLPK's bound and the decomposition's, and where that came from. */
static void bound_plan(struct task *t)
{
    double b = t->bound;
    t->r->sum.bound_source = kp__isset(b) ? "branch-and-bound" : "";
    if (t->ext_bound < HUGE_VAL && (!kp__isset(b) || t->ext_bound < b)) {
        b = t->ext_bound;
        t->r->sum.bound_source = "lagrangian";
    }
    finish_bound(t->r, b);
}

/* Reads GLPK's answer into t->r: status, plan, bound and gap. */
static void read_answer(struct task *t, glp_prob *P, int ret)
{
    const kp_instance *in = t->in;
    kp_result *r = t->r;
    const kp__lp *lp = t->lp;
    int st = glp_mip_status(P);
    const char *sid = in->scen[t->s].id;

    if (st == GLP_OPT || st == GLP_FEAS) {
        double obj = glp_mip_obj_val(P);
        for (size_t a = 0; a < in->nact; a++) {
            int n = 0;
            for (int j = 0; lp->x[a] >= 0 && j < in->act[a].max_count; j++)
                n += glp_mip_col_val(P, lp->x[a] + j + 1) > 0.5;
            r->counts[a] = n;
        }
        if (ret == 0 && st == GLP_OPT) {
            r->sum.status = KP_RES_OPTIMAL;
            t->bound = obj;
        } else {
            r->sum.status = KP_RES_FEASIBLE;
        }
        accept_plan(in, t->s, r, obj, t->diags);
        if (r->sum.status != KP_RES_ERROR)
            bound_plan(t);
    } else if (st == GLP_NOFEAS || ret == GLP_ENOPFS) {
        r->sum.status = KP_RES_INFEASIBLE;
        snprintf(r->msg, sizeof r->msg, "no plan meets every rule of scenario %s", sid);
    } else if (ret == GLP_ETMLIM || ret == GLP_ESTOP) {
        r->sum.status = KP_RES_NO_SOLUTION;
        r->sum.bound = t->bound;
        snprintf(r->msg, sizeof r->msg, "%s before any plan was found",
                 t->opts.stop && *t->opts.stop ? "stopped" : "time limit reached");
    } else {
        r->sum.status = KP_RES_ERROR;
        snprintf(r->msg, sizeof r->msg, "glp_intopt returned %d (status %d)", ret, st);
        kp__diag(t->diags, KP_ERROR, NULL, 0, NULL, "scenario %s: %s", sid, r->msg);
    }
}

/* Under a time limit: solves P's LP relaxation within the time left.
 * glp_intopt's presolver and the root LP it solves never look at tm_lim
 * (3,000 accounts: 23 s for a 2 s limit), so the LP is solved here, without
 * presolve, in slices of simplex iterations between which the clock and
 * the stop flag are read. Returns 1 when the LP is optimal (glp_intopt may
 * then run without presolve, from this basis), 0 when it ended otherwise
 * (infeasible, unbounded: glp_intopt's presolver says which), -1 when the
 * time ran out or a stop was asked for. */
static int root_lp(struct task *t, glp_prob *P)
{
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = t->verbose ? GLP_MSG_ON : GLP_MSG_ERR;
    sm.presolve = GLP_OFF;
    sm.it_lim = 2000;
    glp_adv_basis(P, 0);
    for (;;) {
        double left = t->limit - (kp__now() - t->t0);
        if (left <= 0 || (t->opts.stop && *t->opts.stop))
            return -1;
        sm.tm_lim = left < 2e6 ? (int)(left * 1000) + 1 : 2000000000;
        int ret = glp_simplex(P, &sm);
        if (ret == GLP_EITLIM)
            continue;
        if (ret == GLP_ETMLIM)
            return -1;
        return ret == 0 && glp_get_status(P) == GLP_OPT;
    }
}

/* Solves t->lp with GLPK on this thread. Everything it needs is in t, so
 * nothing local is live across the longjmp from GLPK's error hook. */
static void run_glpk(struct task *t)
{
    glp_prob *volatile P = NULL;

    if (setjmp(t->jb)) {
        /* A GLPK error: every GLPK object of this thread is gone. */
        glp_free_env();
        t->glpk_failed = 1;
        t->r->sum.status = KP_RES_ERROR;
        snprintf(t->r->msg, sizeof t->r->msg, "GLPK error: %s", error_text(t));
        if (!t->cuts || !t->opts.cuts)  /* else the caller retries without cuts */
            kp__diag(t->diags, KP_ERROR, NULL, 0, NULL, "scenario %s: %s",
                     t->in->scen[t->s].id, t->r->msg);
        return;
    }
    glp_term_hook(term_hook, t);
    glp_error_hook(err_hook, t);
    P = kp__lp_to_glpk(t->lp, t->in->scen[t->s].id);

    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.presolve = GLP_ON;
    t->start_used = 0;
    if (t->limit > 0) {
        int lp = root_lp(t, P);
        if (lp < 0) {
            read_answer(t, P, t->opts.stop && *t->opts.stop ? GLP_ESTOP : GLP_ETMLIM);
            goto done;
        }
        if (lp == 1)
            parm.presolve = GLP_OFF;
        else
            t->start_used = 1;  /* presolve renumbers: no start plan */
    } else if (t->start) {
        /* A start plan is given in the original columns, which presolve
         * would renumber: solve the LP relaxation here and let glp_intopt
         * start from its basis instead. */
        glp_smcp sm;
        glp_init_smcp(&sm);
        sm.msg_lev = GLP_MSG_ERR;
        sm.presolve = GLP_ON;
        if (glp_simplex(P, &sm) == 0 && glp_get_status(P) == GLP_OPT)
            parm.presolve = GLP_OFF;
        else
            t->start_used = 1;  /* no basis: presolve, and no start plan */
    }
    parm.msg_lev = t->opts.verbose ? GLP_MSG_ON : GLP_MSG_ERR;
    parm.mip_gap = t->opts.gap_pct / 100;
    /* The default, presolve with Gomory and MIR cuts, measured best on
     * generated instances (README, "Solver settings"). Cover and clique
     * cuts gained nothing there; besides, GLPK 5.0's cover cuts abort on
     * models that presolve empties ("glp_add_cols: ncs = 0") and its
     * clique cuts leak a few bytes now and then. */
    int cuts = t->cuts ? t->opts.cuts : 0;
    parm.gmi_cuts = cuts & KP_CUT_GMI ? GLP_ON : GLP_OFF;
    parm.mir_cuts = cuts & KP_CUT_MIR ? GLP_ON : GLP_OFF;
    parm.cov_cuts = cuts & KP_CUT_COV ? GLP_ON : GLP_OFF;
    parm.clq_cuts = cuts & KP_CUT_CLQ ? GLP_ON : GLP_OFF;
    parm.cb_func = callback;
    parm.cb_info = t;
    if (t->opts.time_limit > 0) {
        double left = t->opts.time_limit - (kp__now() - t->t0);
        left = left > 0.001 ? left : 0.001;
        parm.tm_lim = left < 2e6 ? (int)(left * 1000) : 2000000000;
    }
    read_answer(t, P, glp_intopt(P, &parm));
done:
    glp_delete_prob(P);
    glp_term_hook(NULL, NULL);
    glp_error_hook(NULL, NULL);
}

/* GLPK stopped (time limit, stop) before a plan of its own: the start
 * plan, checked against every rule before, is the answer. */
static void use_start_plan(struct task *t)
{
    kp_result *r = t->r;
    memcpy(r->counts, t->start_plan, t->in->nact * sizeof *r->counts);
    r->sum.status = KP_RES_FEASIBLE;
    r->msg[0] = '\0';
    accept_plan(t->in, t->s, r, NAN, t->diags);
    if (r->sum.status != KP_RES_ERROR)
        bound_plan(t);
}

/* Column generation first (decomp.c). Returns 1 when its plan already
 * meets the gap (the result is complete), 0 when branch-and-cut must go on;
 * then *best holds its plan (malloc'd, or NULL) for a start, and
 * t->ext_bound its bound. */
static int decompose(struct task *t, int **best)
{
    const kp_instance *in = t->in;
    kp_result *r = t->r;
    kp__decomp_result dr;
    double v = 0;
    const int *hint = t->opts.hint;
    if (hint && kp_plan_check(in, t->s, hint, NULL, NULL) != 0)
        hint = NULL;        /* a start plan must meet every rule */
    int rc = kp__decomp_solve(in, t->lp, t->opts.gap_pct / 100, t->opts.time_limit,
                              t->opts.stop, hint, &dr);

    *best = NULL;
    r->sum.decomp_seconds = dr.pricing_s + dr.master_s + dr.master_mip_s;
    r->sum.pricing_seconds = dr.pricing_s;
    r->sum.master_seconds = dr.master_s;
    r->sum.master_mip_seconds = dr.master_mip_s;
    r->sum.rounds = dr.rounds;
    r->sum.subproblems = dr.subproblems;
    if (rc == KP_EDATA) {
        r->sum.status = KP_RES_INFEASIBLE;
        snprintf(r->msg, sizeof r->msg, "an account forced key (status=key) has "
                 "no plan that meets all its rules in scenario %s", in->scen[t->s].id);
        return 1;
    }
    if (rc != KP_OK) {
        kp__diag(t->diags, KP_WARNING, NULL, 0, NULL, "scenario %s: decomposition "
                 "failed (%s); solving the whole model", in->scen[t->s].id, kp_strerror(rc));
        free(dr.counts);
        return 0;
    }
    if (kp__isset(dr.bound))
        t->ext_bound = dr.bound;
    if (!dr.counts)
        return 0;
    if (kp_plan_check(in, t->s, dr.counts, &v, NULL) != 0) {
        /* Cannot happen for plans built from account plans and the master's
         * rows; if it does, the plan is not used. */
        kp__diag(t->diags, KP_WARNING, NULL, 0, NULL, "scenario %s: the "
                 "decomposition's plan fails the rule check; not used", in->scen[t->s].id);
        free(dr.counts);
        return 0;
    }
    double tol = t->opts.gap_pct > 0 ? t->opts.gap_pct / 100 * (fabs(v) + DBL_EPSILON)
                                     : 1e-9 * (1 + fabs(v));
    int stopped = (t->opts.stop && *t->opts.stop) ||
                  (t->limit > 0 && kp__now() - t->t0 > t->limit);
    if (t->ext_bound - v <= tol || stopped) {
        memcpy(r->counts, dr.counts, in->nact * sizeof *r->counts);
        free(dr.counts);
        r->sum.status = KP_RES_FEASIBLE;
        r->sum.objective = v;
        r->sum.bound_source = "lagrangian";
        finish_bound(r, t->ext_bound);
        return 1;
    }
    *best = dr.counts;
    return 0;
}

int kp_solve(const kp_instance *in, size_t s, const kp_solve_opts *opts,
             kp_result **out, kp_diags *diags)
{
    struct task *t = NULL;
    kp_result *r = NULL;
    int rc = KP_OK;

    *out = NULL;
    if (s >= in->nscen || (opts && !(opts->gap_pct >= 0 && opts->gap_pct <= 100)))
        return KP_EINVAL;
    t = calloc(1, sizeof *t);
    r = result_new(in);
    if (!t || !r) {
        rc = KP_ENOMEM;
        goto out;
    }
    if (opts)
        t->opts = *opts;
    else
        kp_solve_opts_init(&t->opts);
    t->in = in;
    t->s = s;
    t->r = r;
    t->diags = diags;
    t->t0 = kp__now();
    t->limit = t->opts.time_limit;
    t->verbose = t->opts.verbose;
    t->bound = NAN;
    t->ext_bound = HUGE_VAL;
    r->sum.bound_source = "";
    rc = kp__lp_build(in, s, 0, &t->lp);
    if (rc != KP_OK)
        goto out;
    if (t->lp->blocked_key) {
        r->sum.status = KP_RES_INFEASIBLE;
        snprintf(r->msg, sizeof r->msg, "%s", t->lp->blocked_why);
    } else {
        int *dplan = NULL;
        if (t->opts.method == KP_METHOD_AUTO && t->lp->separable && decompose(t, &dplan))
            goto done;
        t->cuts = 1;
        /* Start from the better of the caller's hint and the
         * decomposition's plan, each checked against every rule. */
        double hv = -HUGE_VAL, dv = -HUGE_VAL;
        if (t->opts.hint && kp_plan_check(in, s, t->opts.hint, &hv, NULL) != 0)
            hv = -HUGE_VAL;
        if (dplan)
            kp_plan_check(in, s, dplan, &dv, NULL);
        if (hv > -HUGE_VAL || dv > -HUGE_VAL) {
            const int *from = dv >= hv ? dplan : t->opts.hint;
            t->start = plan_columns(in, t->lp, from);
            t->start_plan = malloc(in->nact * sizeof *t->start_plan + 1);
            if (t->start_plan)
                memcpy(t->start_plan, from, in->nact * sizeof *t->start_plan);
        }
        free(dplan);
        double tb = kp__now();
        run_glpk(t);
        if (r->sum.status == KP_RES_ERROR && t->glpk_failed && t->opts.cuts) {
            /* A GLPK failure inside a cut generator should not cost the
             * planner the answer: once more, without cuts. */
            t->cuts = 0;
            t->glpk_failed = 0;
            t->len = 0;
            t->bound = NAN;
            r->msg[0] = '\0';
            run_glpk(t);
        }
        r->sum.bb_seconds = kp__now() - tb;
        if (r->sum.status == KP_RES_NO_SOLUTION && t->start_plan)
            use_start_plan(t);
    }
done:
    if (r->sum.status != KP_RES_ERROR)
        summarise(in, s, r);
    r->sum.seconds = kp__now() - t->t0;
    *out = r;
    r = NULL;
out:
    if (t) {
        kp__lp_free(t->lp);
        free(t->start);
        free(t->start_plan);
    }
    kp_result_free(r);
    free(t);
    return rc;
}

void kp_result_free(kp_result *r)
{
    if (!r)
        return;
    free(r->counts);
    free(r->key);
    free(r);
}

int kp_result_key(const kp_result *r, size_t k)
{
    return k < r->nacc ? r->key[k] : 0;
}

void kp_result_get_summary(const kp_result *r, kp_result_summary *sum)
{
    *sum = r->sum;
}

int kp_result_count(const kp_result *r, size_t a)
{
    return a < r->nact ? r->counts[a] : 0;
}

const char *kp_result_message(const kp_result *r)
{
    return r->msg;
}

int kp_export(const kp_instance *in, size_t s, int format, const char *path,
              kp_diags *diags)
{
    kp__lp *lp = NULL;
    struct task *t = NULL;
    glp_prob *volatile P = NULL;
    volatile int rc = KP_OK;

    if (s >= in->nscen)
        return KP_EINVAL;
    if (format == KP_EXPORT_DAT)
        return kp__export_dat(in, s, path, diags);
    if (format != KP_EXPORT_LP && format != KP_EXPORT_MPS)
        return KP_EINVAL;
    t = calloc(1, sizeof *t);
    if (!t)
        return KP_ENOMEM;
    rc = kp__lp_build(in, s, 1, &lp);
    if (rc != KP_OK)
        goto out;
    if (setjmp(t->jb)) {
        glp_free_env();
        P = NULL;
        kp__diag(diags, KP_ERROR, path, 0, NULL, "GLPK error: %s", error_text(t));
        rc = KP_ESOLVER;
        goto out;
    }
    glp_term_hook(term_hook, t);
    glp_error_hook(err_hook, t);
    P = kp__lp_to_glpk(lp, in->scen[s].id);
    int wr = format == KP_EXPORT_LP ? glp_write_lp(P, NULL, path)
                                    : glp_write_mps(P, GLP_MPS_FILE, NULL, path);
    if (wr != 0) {
        kp__diag(diags, KP_ERROR, path, 0, NULL, "cannot write: %s", error_text(t));
        rc = KP_EIO;
    }
    glp_delete_prob(P);
    glp_term_hook(NULL, NULL);
    glp_error_hook(NULL, NULL);
out:
    kp__lp_free(lp);
    free(t);
    return rc;
}
