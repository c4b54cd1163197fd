/*
 * glpk_solve.c - solves a scenario's integer programme with GLPK
 * (kp_solve) and writes it as LP or MPS (kp_export).
 *
 * Every GLPK object is created, used and deleted inside one step of the
 * GLPK guard (glpk_guard.c), on the calling thread, so that a GLPK failure
 * becomes a status (KP_RES_ERROR) instead of abort() and calls on
 * different threads never share GLPK state (GLPK-LIBCSV-NOTES.md, 1-2).
 * GLPK's 1-based arrays do not leave this file.
 */
#include <errno.h>
#include <float.h>
#include <glpk.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solve/solve.h"

/* Per-call state reached from the guarded step and GLPK's callback. */
struct task {
    const kp_instance *in;
    size_t s;
    kp__lp *lp;
    kp_solve_opts opts;
    const kp__fix *fix;     /* decisions fixed (kp__solve_fixed), or NULL */
    kp_result *r;
    kp_diags *diags;
    int cuts;               /* use GLPK's cut generators */
    double ext_bound;       /* a proven bound from elsewhere (the
                               decomposition), HUGE_VAL when none */
    const char *ext_source; /* where it came from: "lagrangian" or
                               "enumeration" */
    double *start;          /* 1-based column values of a checked plan to
                               hand GLPK at its first heuristic call, or NULL */
    int *start_plan;        /* that plan's counts (kept for a time limit that
                               ends before GLPK has a plan of its own) */
    int *start_mgr;         /* its managers (per account) and period counts
                               as the plan that gave it chose them, or NULL:
                               kp__team_assign's, kp__periods_place's */
    int *start_pc;
    int start_used;
    int start_nodes;        /* start_nodes(): nodes before the start */
    double start_obj;       /* the start's objective in GLPK's (scaled)
                               terms */
    int glpk_failed;        /* GLPK raised a fatal error */
    int verbose;
    double bound;           /* best proven bound seen (NaN: none yet) */
    double safe_bound;      /* the LP relaxation's bound from its duals,
                               safe from rounding (kp__lp_safe_bound;
                               NaN: no LP solved) */
    double t0, limit;       /* wall clock start, time limit (<= 0: none) */
    double build_s;         /* seconds kp__lp_build took */
    int slipped;            /* the solver's plan failed the plan check
                               (accept_plan): certify repairs it or says
                               the error */
    const int *prev;        /* replanning: the previous counts of the
                               scenario (NULL: not replanned) */
    unsigned char *branch_key;  /* per column (1-based): KEY_Y, _U or _X,
                               the columns branch-and-cut branches on
                               first where a period's n[a,p] is in a
                               joining row (branch_rule), else 0; NULL:
                               GLPK's own rule */
    long selects;           /* GLPK's node selections so far (branch_key) */
    int presolved;          /* glp_intopt runs its presolver (columns
                               renumbered: no branch_key) */
    int own_periods;        /* with periods: t->r->pcounts are GLPK's for
                               t->r->counts (else each plan's periods are
                               kp__periods_place's) */
};

void kp_solve_opts_init(kp_solve_opts *o)
{
    o->time_limit = 0;
    o->gap_pct = 0.01;
    o->verbose = 0;
    o->cuts = KP_CUTS_DEFAULT;
    o->hint = NULL;
    o->stop = NULL;
    o->method = KP_METHOD_AUTO;
    o->threads = 0;
    o->progress = NULL;
    o->progress_info = NULL;
    o->replan = NULL;
}

void kp_replan_init(kp_replan *r)
{
    r->previous = NULL;
    r->max_changes = -1;
    r->change_cost = 0;
}

long kp_replan_changes(const kp_instance *in, const int *previous, const int *counts)
{
    long n = 0;
    for (size_t a = 0; a < in->nact; a++)
        n += labs((long)counts[a] - previous[a]);
    return n;
}

/* Whether plan counts keeps task t's change limit (exactly: counts are
 * whole numbers); when it does not and why is not NULL, says so there. */
static int within_changes(const struct task *t, const int *counts, kp__str *why)
{
    long n, max = t->prev ? t->opts.replan->max_changes : -1;
    if (max < 0)
        return 1;
    n = kp_replan_changes(t->in, t->prev, counts);
    if (n <= max)
        return 1;
    if (why)
        kp__str_addf(why, "%s%ld changes against the previous plan, at most %ld "
                     "allowed", why->len ? "; " : "", n, max);
    return 0;
}

/* The plan check of counts with its periods (pc's when not NULL, GLPK's
 * for t->r's own plan, else as kp__periods_place puts them), their limits
 * compared exactly too (kp__plan_exact_periods), and a team's managers mgr
 * (per account; NULL: kp__team_assign's); without periods
 * kp__plan_check_team. Returns as kp_plan_check does; *value the plan's
 * value. */
static int periods_score(const struct task *t, const int *counts, const int *mgr,
                         const int *pc, double *value, kp_diags *v)
{
    const kp_instance *in = t->in;
    int *own = NULL, bad;
    kp__str why = KP__STR_INIT;

    if (!in->nper)
        return kp__plan_check_team(in, t->s, t->fix, counts, mgr, value, v);
    if (!pc && counts == t->r->counts && t->own_periods) {
        pc = t->r->pcounts;
    } else if (!pc) {
        own = malloc((in->nact * in->nper + 1) * sizeof *own);
        if (!own || kp__periods_place(in, t->s, counts, own) < 0) {
            free(own);
            return -1;
        }
        pc = own;
    }
    bad = kp__plan_check_full(in, t->s, t->fix, counts, mgr, pc, value, v);
    if (bad == 0 && kp__plan_exact_periods(in, t->s, pc, &why) != 1) {
        if (v)
            kp__diag(v, KP_ERROR, NULL, 0, NULL, "%s", kp__str_get(&why));
        bad = 1;
    }
    kp__str_free(&why);
    free(own);
    return bad;
}

/* t->r's plan placed in periods by kp__periods_place (a plan that did not
 * come from GLPK: its periods are not GLPK's). */
static void place_result(struct task *t)
{
    t->own_periods = 0;
    if (t->in->nper)
        kp__periods_place(t->in, t->s, t->r->counts, t->r->pcounts);
}

/* The plan check (kp_plan_check, messages into v when not NULL) and, when
 * replanning, the change limit; *obj the plan's objective: its value, less
 * the change cost times its changes. A team's managers are mgr's (per
 * account; NULL: kp__team_assign's), its period counts pc's (NULL: as
 * periods_score takes them). Returns as kp_plan_check does (1 for a plan
 * over the change limit). */
static int plan_score_full(const struct task *t, const int *counts, const int *mgr,
                           const int *pc, double *obj, kp_diags *v)
{
    double value = 0;
    int bad = periods_score(t, counts, mgr, pc, &value, v);
    if (bad != 0)
        return bad;
    if (t->prev) {
        kp__str why = KP__STR_INIT;
        int ok = within_changes(t, counts, &why);
        if (!ok && v)
            kp__diag(v, KP_ERROR, NULL, 0, NULL, "%s", kp__str_get(&why));
        kp__str_free(&why);
        if (!ok)
            return 1;
        value -= t->opts.replan->change_cost * (double)kp_replan_changes(t->in, t->prev, counts);
    }
    if (obj)
        *obj = value;
    return 0;
}

/* plan_score_full with the periods as periods_score takes them. */
static int plan_score_team(const struct task *t, const int *counts, const int *mgr,
                           double *obj, kp_diags *v)
{
    return plan_score_full(t, counts, mgr, NULL, obj, v);
}

/* plan_score with the managers kp__team_assign chooses. */
static int plan_score(const struct task *t, const int *counts, double *obj, kp_diags *v)
{
    return plan_score_team(t, counts, NULL, obj, v);
}

/* r->counts came from elsewhere than the solver's columns: its managers,
 * when some are chosen, are kp__team_assign's (as plan_score judged). */
static void assign_managers(const struct task *t, kp_result *r)
{
    if (r->mgr && kp__team_assign(t->in, t->s, t->fix, r->counts, r->mgr) < 0)
        for (size_t k = 0; k < t->in->nacc; k++)
            r->mgr[k] = -1;     /* out of memory: the check then says no */
}

const char *kp_result_status_name(int st)
{
    static const char *const names[] = {
        "optimal", "feasible", "infeasible", "no_solution", "error"
    };
    return st >= 0 && st <= KP_RES_ERROR ? names[st] : "error";
}

/* 1 when the time limit has passed or a stop was asked for. */
/* Seconds left of the time limit (HUGE_VAL without one). */
static double time_left(const struct task *t)
{
    return t->limit > 0 ? t->limit - (kp__now() - t->t0) : HUGE_VAL;
}

/* 1 when loading the whole model into GLPK and starting its simplex,
 * which cannot be interrupted (KP__GLP_LOAD_PACE), would take more than
 * half the time left: branch-and-cut could not even solve its root LP. */
static int no_time_to_load(const struct task *t)
{
    return time_left(t) < 2 * KP__GLP_LOAD_PACE * t->build_s;
}

static int out_of_time(const struct task *t)
{
    return (t->opts.stop && *t->opts.stop) ||
           (t->limit > 0 && kp__now() - t->t0 > t->limit);
}

/* Search nodes GLPK explores on its own before it is handed the start
 * plan (a count, not seconds: the same answer on any machine). */
#define START_NODES 1000

/* 1 when GLPK should be handed the start plan now. Until GLPK has a plan
 * of its own it dives (depth first) and finds good plans fast; an early,
 * weaker incumbent switches it to its best-bound search at once and sends
 * it down another path: on a team over periods (models/team) that took
 * minutes where GLPK alone took a second. So the start waits until
 * START_NODES nodes, or until it alone proves the gap against GLPK's
 * bound (then GLPK stops at once). A start
 * never taken is still the answer where it is worth more than GLPK's
 * (start_plan_better, use_start_plan). */
/* START_NODES, or the environment's KP_START_NODES (for tests: 0 hands
 * the start over at GLPK's first heuristic call). */
static int start_nodes(void)
{
    const char *env = getenv("KP_START_NODES");
    return env && *env ? atoi(env) : START_NODES;
}

static int start_due(const struct task *t, glp_tree *T)
{
    int nodes = 0, p = glp_ios_best_node(T);
    glp_ios_tree_size(T, NULL, NULL, &nodes);
    if (nodes >= t->start_nodes || !p)
        return 1;
    double b = glp_ios_node_bound(T, p), v = t->start_obj;
    double tol = t->opts.gap_pct > 0 ? t->opts.gap_pct / 100 * (fabs(v) + DBL_EPSILON)
                                     : 1e-9 * (1 + fabs(v));
    return b - v <= tol;
}

/* struct task's branch_key: the classes of key columns, in the order
 * branch-and-cut branches on them. */
enum { KEY_Y = 1, KEY_U, KEY_X };

/* At GLPK's branching call: of the key columns (t->branch_key) that can
 * be branched on, the most fractional of the first class that has one (a
 * y, else a u, else an x); none: GLPK's own rule. */
static void branch_key(const struct task *t, glp_tree *T)
{
    glp_prob *P = glp_ios_get_prob(T);
    int n = glp_get_num_cols(P), pick = 0, cls = KEY_X + 1;
    double best = -1;
    for (int j = 1; j <= n; j++) {
        int c = t->branch_key[j];
        if (!c || c > cls || !glp_ios_can_branch(T, j))
            continue;
        double v = glp_get_col_prim(P, j), f = fmin(v - floor(v), ceil(v) - v);
        if (c < cls || f > best) {
            cls = c;
            best = f;
            pick = j;
        }
    }
    if (pick)
        glp_ios_branch_upon(T, pick, GLP_NO_BRNCH);
}

/* Node selection with branch_key: GLPK's best projection (parm->bt_tech)
 * finds plans where the periods' rows bind, but may leave the bound where
 * it is; the best local bound closes the bound, but may meet no good plan.
 * Measured on models/team at --gap 0 (one capacity moved by --sweep), each
 * alone failed one of five in 30 s (Q2 at 100 hours, Q4 at 60) that the
 * other proved in 2-11 s. So they take turns: three turns of SELECT_TURN
 * selections by the best projection, then one by the best bound (the
 * active node of the best bound). All five are proven in 1-5 s; taking
 * turns one for one proved them too but left a 70-account team at 0.002 %
 * after 60 s, which the best projection alone proves in 30 s (this rule
 * leaves 0.00025 %). */
#define SELECT_TURN 256

static void select_node(struct task *t, glp_tree *T)
{
    int p;
    if ((t->selects++ / SELECT_TURN) % 4 == 3 && (p = glp_ios_best_node(T)) != 0)
        glp_ios_select_node(T, p);
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
        t->bound = glp_ios_node_bound(T, p) / t->lp->objscale + t->lp->obj_const;
    if (glp_ios_reason(T) == GLP_IBRANCH && t->branch_key && !t->presolved)
        branch_key(t, T);
    if (glp_ios_reason(T) == GLP_ISELECT && t->branch_key && !t->presolved)
        select_node(t, T);
    if (glp_ios_reason(T) == GLP_IHEUR && t->start && !t->start_used && start_due(t, T)) {
        /* GLPK takes it unchecked (GLPK-LIBCSV-NOTES.md 3.2); it was checked
         * against every rule before it got here. */
        t->start_used = 1;
        glp_ios_heur_sol(T, t->start);
    }
    /* At every reason: the root's cut loop can run long between node
     * selections, and Ctrl-C or the time limit must not wait for it. */
    if (out_of_time(t))
        glp_ios_terminate(T);
    /* With the decomposition's bound, the incumbent may be proven good
     * enough long before GLPK's own bound would show it. */
    if (t->ext_bound < HUGE_VAL && glp_mip_status(glp_ios_get_prob(T)) == GLP_FEAS) {
        double inc = glp_mip_obj_val(glp_ios_get_prob(T)) / t->lp->objscale +
                     t->lp->obj_const;
        double b = kp__isset(t->bound) && t->bound < t->ext_bound ? t->bound : t->ext_bound;
        double tol = t->opts.gap_pct > 0 ? t->opts.gap_pct / 100 * (fabs(inc) + DBL_EPSILON)
                                         : 1e-9 * (1 + fabs(inc));
        if (b - inc <= tol)
            glp_ios_terminate(T);
    }
}

/* The columns u, h and c of plan counts[] into v (1-based), its managers
 * own's (per account) or, when own is NULL, kp__team_assign's. Returns 0,
 * or -1 when out of memory or a key account is left without a manager
 * (then the plan is no start). */
static int team_columns(const kp_instance *in, size_t s, const kp__fix *fix,
                        const kp__lp *lp, const int *counts, const int *own, double *v)
{
    int *mgr = malloc((in->nacc + 1) * sizeof *mgr), M = (int)in->nmgr;
    int rc = !mgr ? -1 : own ? 0 : kp__team_assign(in, s, fix, counts, mgr) == 0 ? 0 : -1;
    if (mgr && own)
        memcpy(mgr, own, in->nacc * sizeof *mgr);
    for (size_t k = 0; rc == 0 && k < in->nacc; k++) {
        int u = lp->team_u[k], m = mgr[k];
        if (u < 0 || m < 0)
            continue;
        v[u + m + 1] = 1;
        for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
            int a = in->act_idx[i];
            v[u + M + m + 1] += counts[a] * in->act[a].hours;
            if (lp->team_budget)
                v[u + 2 * M + m + 1] += counts[a] * in->act[a].cost;
        }
    }
    free(mgr);
    return rc;
}

/* The period columns of plan counts (own's period counts when not NULL,
 * else placed by kp__periods_place) into v (1-based): n[a,p], and s[a,p]
 * once a has been done. Returns 0 or -1. */
static int periods_columns(const kp_instance *in, size_t s, const kp__lp *lp,
                           const int *counts, const int *own, double *v)
{
    size_t P = in->nper;
    int *pc = malloc((in->nact * P + 1) * sizeof *pc);
    if (pc && own)
        memcpy(pc, own, in->nact * P * sizeof *pc);
    if (!pc || (!own && kp__periods_place(in, s, counts, pc) < 0)) {
        free(pc);
        return -1;
    }
    for (size_t a = 0; a < in->nact; a++) {
        int done = 0;
        for (size_t p = 0; lp->pn[a] >= 0 && p < P; p++) {
            v[lp->pn[a] + (int)p + 1] = pc[a * P + p];
            done += pc[a * P + p];
            if (lp->ps[a] >= 0)
                v[lp->ps[a] + (int)p + 1] = done > 0;
        }
    }
    free(pc);
    return 0;
}

/* The column values of the plan counts[] in lp (1-based, for GLPK): x from
 * the counts, y for key accounts, z for engaged contacts, w for supported
 * objectives; u, h, c from managers mgr (per account; NULL:
 * kp__team_assign's), n and s from period counts pc (NULL:
 * kp__periods_place's). Returns a malloc'd array, or NULL. */
static double *plan_columns(const kp_instance *in, size_t s, const kp__fix *fix,
                            const kp__lp *lp, const int *counts, const int *mgr,
                            const int *pc)
{
    double *v = calloc((size_t)lp->ncols + 1, sizeof *v);
    if (!v)
        return NULL;
    if (lp->nper && periods_columns(in, s, lp, counts, pc, v) != 0) {
        free(v);
        return NULL;
    }
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
    if (lp->team_u && team_columns(in, s, fix, lp, counts, mgr, v) != 0) {
        free(v);
        return NULL;
    }
    return v;
}

/* 1 when scenario s forces an account key by a commitment (its key
 * column, an activity's min_count). */
static int commitments(const kp_instance *in, size_t s)
{
    if (in->scen[s].nkey)
        return 1;
    for (size_t k = 0; k < in->nacc; k++)
        if (in->acc[k].committed >= 0)
            return 1;
    return 0;
}

/* Sets r's message (kp_result_message) to the formatted text. */
static void set_msg(kp_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void set_msg(kp_result *r, const char *fmt, ...)
{
    va_list ap;
    kp__str_free(&r->msg);
    va_start(ap, fmt);
    kp__str_vaddf(&r->msg, fmt, ap);
    va_end(ap);
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
    m->plan_value = NAN;
    m->changes = -1;
    for (size_t k = 0; k < in->nacc; k++) {
        int key = kp__acc_status(in, sc, (int)k) == KP_KEY;
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

/* Replanning: the plan's own value and its changes (the objective is the
 * value less their cost). */
static void summarise_replan(const struct task *t, kp_result *r)
{
    r->sum.replanned = t->prev != NULL;
    r->sum.change_cost = t->prev ? t->opts.replan->change_cost : 0;
    if (t->prev && r->sum.status == KP_RES_INFEASIBLE && t->opts.replan->max_changes >= 0 &&
        !t->lp->blocked_key)
        kp__str_addf(&r->msg, " within %ld change%s of the previous plan",
                     t->opts.replan->max_changes, t->opts.replan->max_changes == 1 ? "" : "s");
    if (!t->prev || !(r->sum.status == KP_RES_OPTIMAL || r->sum.status == KP_RES_FEASIBLE))
        return;
    kp_plan_check(t->in, t->s, r->counts, &r->sum.plan_value, NULL);
    r->sum.changes = kp_replan_changes(t->in, t->prev, r->counts);
}

kp_result *kp__result_new(const kp_instance *in)
{
    kp_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->nact = in->nact;
    r->nacc = in->nacc;
    r->counts = calloc(in->nact + 1, sizeof *r->counts);
    r->key = calloc(in->nacc + 1, 1);
    if (kp__team_chooses(in) && (r->mgr = malloc((in->nacc + 1) * sizeof *r->mgr)))
        for (size_t k = 0; k < in->nacc; k++)
            r->mgr[k] = -1;
    r->nper = in->nper;
    if (in->nper && !(r->pcounts = calloc(in->nact * in->nper + 1, sizeof *r->pcounts))) {
        kp_result_free(r);
        return NULL;
    }
    if (!r->counts || !r->key || (kp__team_chooses(in) && !r->mgr)) {
        kp_result_free(r);
        return NULL;
    }
    r->sum.objective = r->sum.bound = r->sum.gap_pct = NAN;
    r->sum.plan_value = NAN;
    r->sum.changes = -1;
    return r;
}

/* The plan left GLPK: check it against the raw input, independently of the
 * model (a tolerance slip must never reach the planner), and take its value
 * from the same independent computation. A plan that fails makes the
 * status KP_RES_ERROR with the reason, and t->slipped: certify() repairs
 * it, or reports the error. */
static void accept_plan(struct task *t, double glpk_obj)
{
    const kp_instance *in = t->in;
    kp_result *r = t->r;
    kp_diags *v = kp_diags_new();
    double value = 0;
    int bad = v ? plan_score_team(t, r->counts, r->mgr, &value, v) : -1;
    if (bad != 0) {
        r->sum.status = KP_RES_ERROR;
        set_msg(r, "the solver's plan fails the independent rule check (%s)",
                 bad < 0 ? "out of memory" : kp_diags_message(v, 0));
        t->slipped = 1;
    } else {
        /* At a proven optimum GLPK's w[o] are all 1 where they can be, so
         * the two values agree; a mere incumbent may leave some at 0. */
        if (r->sum.status == KP_RES_OPTIMAL &&
            fabs(value - glpk_obj) > 1e-6 * (1 + fabs(value)))
            kp__diag(t->diags, KP_WARNING, NULL, 0, NULL,
                     "scenario %s: plan value %.17g recomputed from the input "
                     "differs from GLPK's objective %.17g", in->scen[t->s].id,
                     value, glpk_obj);
        r->sum.objective = value;
    }
    kp_diags_free(v);
}

/* Sets the bound and gap of a plan whose value is r->sum.objective, from a
 * proven bound b (NaN: none). The plan is optimal when b proves it (to
 * 1e-9 relative), whatever stopped the search, and only then: a status
 * optimal (GLPK's) with a bound further above the plan's value becomes
 * feasible. A bound below the value of a plan that passed the checks is
 * wrong (rounding, or a solver's tolerance): it is not reported. */
static void finish_bound(kp_result *r, double b)
{
    double v = r->sum.objective, tol = 1e-9 * (1 + fabs(v));
    if (kp__isset(b) && b < v)
        b = v - b <= tol ? v : NAN;     /* ulps of the recomputed value */
    if (!kp__isset(b))
        r->sum.bound_source = "";
    r->sum.bound = b;
    /* GLPK's definition of the relative gap (glp_ios_mip_gap). */
    r->sum.gap_pct = kp__isset(b) ? 100 * (b - v) / (fabs(v) + DBL_EPSILON) : NAN;
    int proven = kp__isset(b) && b - v <= tol;
    if (r->sum.status == KP_RES_FEASIBLE && proven)
        r->sum.status = KP_RES_OPTIMAL;
    else if (r->sum.status == KP_RES_OPTIMAL && !proven)
        r->sum.status = KP_RES_FEASIBLE;
}

/* The plan in t->r has its value: its bound and gap from the best of the
 * valid bounds (GLPK's, the decomposition's, the LP relaxation's safe
 * one), and where that came from. A bound below the plan's value is
 * reported as a warning and left out. */
static void bound_plan(struct task *t)
{
    kp_result *r = t->r;
    double v = r->sum.objective, b = NAN;
    const double cand[3] = {t->bound, t->ext_bound, t->safe_bound};
    const char *src[3] = {"branch-and-bound", t->ext_source, "lp-relaxation"};

    r->sum.bound_source = "";
    for (int i = 0; i < 3; i++) {
        if (!kp__isset(cand[i]) || cand[i] == HUGE_VAL)
            continue;
        if (v - cand[i] > 1e-9 * (1 + fabs(v))) {
            kp__diag(t->diags, KP_WARNING, NULL, 0, NULL, "scenario %s: the %s "
                     "bound %.17g is below the value %.17g of a checked plan: "
                     "not used", t->in->scen[t->s].id, src[i], cand[i], v);
            continue;
        }
        if (!kp__isset(b) || cand[i] < b) {
            b = cand[i];
            r->sum.bound_source = src[i];
        }
    }
    finish_bound(r, b);
}

/* The managers of GLPK's plan into t->r->mgr: for each account whose
 * manager is chosen, the m with u[k,m] = 1 (-1 when none); each
 * account fixed to a manager, that one. */
static void solution_managers(struct task *t, glp_prob *P)
{
    const kp__lp *lp = t->lp;
    kp_result *r = t->r;
    for (size_t k = 0; r->mgr && k < t->in->nacc; k++) {
        int u = lp->team_u ? lp->team_u[k] : -1;
        r->mgr[k] = t->in->acc[k].manager;
        for (size_t m = 0; u >= 0 && m < t->in->nmgr; m++)
            if (glp_mip_col_val(P, u + (int)m + 1) > 0.5)
                r->mgr[k] = (int)m;
    }
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
        double obj = glp_mip_obj_val(P) / lp->objscale + lp->obj_const;
        for (size_t a = 0; a < in->nact; a++) {
            int n = 0;
            for (int j = 0; lp->x[a] >= 0 && j < in->act[a].max_count; j++)
                n += glp_mip_col_val(P, lp->x[a] + j + 1) > 0.5;
            r->counts[a] = n;
        }
        solution_managers(t, P);
        for (size_t a = 0; lp->nper && a < in->nact; a++)
            for (int p = 0; p < lp->nper; p++)
                r->pcounts[a * in->nper + p] = lp->pn[a] < 0 ? 0
                    : (int)floor(glp_mip_col_val(P, lp->pn[a] + p + 1) + 0.5);
        t->own_periods = 1;
        if (ret == 0 && st == GLP_OPT) {
            r->sum.status = KP_RES_OPTIMAL;
            t->bound = obj;
        } else {
            r->sum.status = KP_RES_FEASIBLE;
        }
        accept_plan(t, obj);
        if (r->sum.status != KP_RES_ERROR)
            bound_plan(t);
    } else if (st == GLP_NOFEAS || ret == GLP_ENOPFS) {
        r->sum.status = KP_RES_INFEASIBLE;
        set_msg(r, "no plan meets every rule of scenario %s", sid);
    } else if (ret == GLP_ETMLIM || ret == GLP_ESTOP) {
        r->sum.status = KP_RES_NO_SOLUTION;
        r->sum.bound = t->bound;
        set_msg(r, "%s before any plan was found",
                 t->opts.stop && *t->opts.stop ? "stopped" : "time limit reached");
    } else {
        r->sum.status = KP_RES_ERROR;
        set_msg(r, "glp_intopt returned %d (status %d)", ret, st);
        kp__diag(t->diags, KP_ERROR, NULL, 0, NULL, "scenario %s: %s", sid, kp__str_get(&r->msg));
    }
}

/* After an optimal LP relaxation of P: its bound from the duals, safe from
 * rounding (kp__lp_safe_bound), into t->safe_bound. */
static void safe_lp_bound(struct task *t, glp_prob *P)
{
    double *y = malloc(((size_t)t->lp->nrows + 1) * sizeof *y);
    if (!y)
        return;
    for (int i = 0; i < t->lp->nrows; i++)
        y[i] = glp_get_row_dual(P, i + 1);
    /* Exact: the factor is a power of two. */
    t->safe_bound = kp__lp_safe_bound(t->lp, y) / t->lp->objscale + t->lp->obj_const;
    free(y);
}

/* Under a time limit or a stop flag: solves P's LP relaxation within the
 * time left. glp_intopt's presolver and the root LP it solves never look
 * at tm_lim or the callback (3,000 accounts: 23 s for a 2 s limit; 2,000
 * accounts: no root LP in 60 s), so the LP is solved here, without
 * presolve, in slices of kp__glp_slice_its iterations (never of seconds,
 * so that the basis it ends with does not depend on the machine's load)
 * between which the clock and the stop flag are read (a slice of 2,000
 * iterations took 6.6 s on 2,000 accounts). Returns 1 when the LP is
 * optimal (glp_intopt may then run without presolve, from this basis),
 * 0 when it ended otherwise (infeasible, unbounded: glp_intopt's
 * presolver says which), -1 when the time ran out or a stop was asked
 * for. */
static int root_lp(struct task *t, glp_prob *P)
{
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = t->verbose ? GLP_MSG_ON : GLP_MSG_ERR;
    sm.presolve = GLP_OFF;
    glp_adv_basis(P, 0);
    sm.it_lim = kp__glp_slice_its(P);
    for (;;) {
        double left = time_left(t);
        if (out_of_time(t) || left <= 0)
            return -1;
        /* The time limit alone reads the clock inside a slice. */
        sm.tm_lim = left < 2e6 ? (int)(1000 * left) + 1 : INT_MAX;
        int ret = glp_simplex(P, &sm);
        if (ret == GLP_ETMLIM)
            return -1;
        if (ret == GLP_EITLIM)
            continue;   /* the slice ran out: read the clock and the flag */
        if (ret == 0 && glp_get_status(P) == GLP_OPT) {
            safe_lp_bound(t, P);
            return 1;
        }
        return 0;
    }
}

/* Readies P for glp_intopt: under a time limit or a stop flag, the root LP
 * first (root_lp); else with a start plan, the LP relaxation, so that
 * glp_intopt can run without presolve, which would renumber the start
 * plan's columns. Sets parm->presolve. Returns 0, or -1 when the time ran
 * out or a stop came first (the answer is then read). */
static int prepare_root(struct task *t, glp_prob *P, glp_iocp *parm)
{
    parm->presolve = GLP_ON;
    t->start_used = 0;
    if (t->limit > 0 || t->opts.stop) {
        int lp = root_lp(t, P);
        if (lp < 0) {
            read_answer(t, P, t->opts.stop && *t->opts.stop ? GLP_ESTOP : GLP_ETMLIM);
            return -1;
        }
        if (lp == 1)
            parm->presolve = GLP_OFF;
        else
            t->start_used = 1;  /* presolve renumbers: no start plan */
    } else if (t->start) {
        glp_smcp sm;
        glp_init_smcp(&sm);
        sm.msg_lev = GLP_MSG_ERR;
        sm.presolve = GLP_ON;
        if (glp_simplex(P, &sm) == 0 && glp_get_status(P) == GLP_OPT) {
            parm->presolve = GLP_OFF;
            safe_lp_bound(t, P);
        } else
            t->start_used = 1;  /* no basis: presolve, and no start plan */
    }
    return 0;
}

/* The branch-and-cut settings of task t (presolve is set already). */
static void set_intopt_parm(struct task *t, glp_iocp *parm)
{
    parm->msg_lev = t->opts.verbose ? GLP_MSG_ON : GLP_MSG_ERR;
    parm->mip_gap = t->opts.gap_pct / 100;
    /* The default, presolve with Gomory and MIR cuts, measured best on
     * generated instances (benchmarks/README.md, glpk_options.sh). Cover and clique
     * cuts gained nothing there; besides, GLPK 5.0's cover cuts abort on
     * models that presolve empties ("glp_add_cols: ncs = 0") and its
     * clique cuts leak a few bytes now and then. */
    int cuts = t->cuts ? t->opts.cuts : 0;
    parm->gmi_cuts = cuts & KP_CUT_GMI ? GLP_ON : GLP_OFF;
    parm->mir_cuts = cuts & KP_CUT_MIR ? GLP_ON : GLP_OFF;
    parm->cov_cuts = cuts & KP_CUT_COV ? GLP_ON : GLP_OFF;
    parm->clq_cuts = cuts & KP_CUT_CLQ ? GLP_ON : GLP_OFF;
    parm->cb_func = callback;
    parm->cb_info = t;
    t->presolved = parm->presolve == GLP_ON;
    /* Branching on the keys first, GLPK's default backtracking (best
     * local bound) closes the bound but may meet no good plan where the
     * periods' rows bind (a schedule for the keys chosen is then hard to
     * find); the best projection finds them (models/team with one
     * quarter's hours cut to 50: 4 s instead of no proof in 30 s). */
    if (t->branch_key && !t->presolved)
        parm->bt_tech = GLP_BT_BPH;
    if (t->opts.time_limit > 0) {
        double left = t->opts.time_limit - (kp__now() - t->t0);
        left = left > 0.001 ? left : 0.001;
        parm->tm_lim = left < 2e6 ? (int)(left * 1000) : 2000000000;
    }
}

/* The guarded step of run_glpk: loads t->lp, solves it and reads the
 * answer into t->r. */
static int intopt_step(void *arg)
{
    struct task *t = arg;
    glp_prob *P = kp__lp_to_glpk(t->lp, t->in->scen[t->s].id);
    glp_iocp parm;

    glp_init_iocp(&parm);
    if (prepare_root(t, P, &parm) == 0) {
        set_intopt_parm(t, &parm);
        read_answer(t, P, glp_intopt(P, &parm));
    }
    glp_delete_prob(P);
    return KP_OK;
}

/* Where a period's n[a,p] is in a joining row (a period's hours or budget
 * row, before lp->nglobal), GLPK's own rule branches on n[a,p]: the down
 * branch moves the fraction to another period, the value does not depend
 * on the period, and the bound does not move. There branch-and-cut
 * branches on y, u and x first (t->branch_key), which fix the value and
 * the managers' rows; the schedule comes last. Returns KP_OK or
 * KP_ENOMEM. */
static int branch_rule(struct task *t)
{
    const kp__lp *lp = t->lp;
    const kp_instance *in = t->in;
    unsigned char *key;
    int joined = 0;
    t->branch_key = NULL;
    if (lp->nper <= 0 || !lp->pn)
        return KP_OK;
    if (!(key = calloc((size_t)lp->ncols + 1, 1)))
        return KP_ENOMEM;
    for (size_t a = 0; a < in->nact; a++)
        for (int p = 0; lp->pn[a] >= 0 && p < lp->nper; p++)
            key[lp->pn[a] + p + 1] = 1;
    for (int e = 0; e < lp->rstart[lp->nglobal] && !joined; e++)
        joined = key[lp->rind[e] + 1];
    memset(key, 0, (size_t)lp->ncols + 1);
    if (!joined) {
        free(key);
        return KP_OK;
    }
    t->branch_key = key;
    t->selects = 0;
    for (size_t k = 0; k < in->nacc; k++) {
        if (lp->y[k] >= 0)
            t->branch_key[lp->y[k] + 1] = KEY_Y;
        for (size_t m = 0; lp->team_u && lp->team_u[k] >= 0 && m < in->nmgr; m++)
            t->branch_key[lp->team_u[k] + (int)m + 1] = KEY_U;
    }
    for (size_t a = 0; a < in->nact; a++)
        for (int j = 0; lp->x[a] >= 0 && j < in->act[a].max_count; j++)
            t->branch_key[lp->x[a] + j + 1] = KEY_X;
    return KP_OK;
}

/* Tells the progress function that branch-and-cut on the whole model
 * starts with the key columns first (stage "branch-keys"), from the
 * decomposition's bound and the start plan. */
static void report_branch_keys(const struct task *t)
{
    kp_solve_progress p = {t->s, "branch-keys", t->r->sum.rounds, NAN, NAN, NAN,
                           kp__now() - t->t0, NULL};
    if (!t->opts.progress)
        return;
    p.scenario_id = kp_instance_scenario_id(t->in, t->s);
    if (t->ext_bound < HUGE_VAL)
        p.bound = t->ext_bound;
    if (t->start)
        p.value = t->start_obj / t->lp->objscale + t->lp->obj_const;
    if (kp__isset(p.bound) && kp__isset(p.value))
        p.gap_pct = 100 * (fmax(p.bound, p.value) - p.value) / (fabs(p.value) + DBL_EPSILON);
    t->opts.progress(t->opts.progress_info, &p);
}

/* Solves t->lp with GLPK on this thread, through the guard. A GLPK failure
 * is the result's status KP_RES_ERROR, with GLPK's message. Returns KP_OK
 * or KP_ENOMEM. */
static int run_glpk(struct task *t)
{
    kp__str err = KP__STR_INIT;
    int rc = branch_rule(t);
    if (rc == KP_OK && t->branch_key)
        report_branch_keys(t);
    if (rc == KP_OK)
        rc = kp__glpk_guard(intopt_step, t, t->verbose, &err);
    free(t->branch_key);
    t->branch_key = NULL;

    if (rc == KP_ESOLVER) {
        t->glpk_failed = 1;
        t->r->sum.status = KP_RES_ERROR;
        set_msg(t->r, "GLPK error: %s", kp__str_get(&err));
        if (!t->cuts || !t->opts.cuts)  /* else the caller retries without cuts */
            kp__diag(t->diags, KP_ERROR, NULL, 0, NULL, "scenario %s: %s",
                     t->in->scen[t->s].id, kp__str_get(&t->r->msg));
        rc = KP_OK;
    }
    kp__str_free(&err);
    return rc;
}

/* GLPK stopped (time limit, stop) before a plan of its own: the start
 * plan, checked against every rule before, is the answer. */
static void use_start_plan(struct task *t)
{
    kp_result *r = t->r;
    memcpy(r->counts, t->start_plan, t->in->nact * sizeof *r->counts);
    if (r->mgr && t->start_mgr)
        memcpy(r->mgr, t->start_mgr, t->in->nacc * sizeof *r->mgr);
    else
        assign_managers(t, r);
    if (r->pcounts && t->start_pc) {
        memcpy(r->pcounts, t->start_pc, t->in->nact * t->in->nper * sizeof *r->pcounts);
        t->own_periods = 1;
    } else {
        place_result(t);
    }
    r->sum.status = KP_RES_FEASIBLE;
    kp__str_free(&r->msg);
    accept_plan(t, NAN);
    if (r->sum.status != KP_RES_ERROR)
        bound_plan(t);
}

/* 1 when, under a time limit, the decomposition could not price every
 * block in the time left: loading the biggest account's columns alone
 * (its block has at least those) would take more than a third of it
 * (kp__decomp_opts.load_s). Then setting the decomposition up (linear in
 * the model, 0.4 s for 10^6 activities) would only take time from the
 * heuristics. */
static int no_time_to_decompose(const struct task *t)
{
    const kp__lp *lp = t->lp;
    int *n, most = 0;

    if (t->limit <= 0 || lp->ncols == 0)
        return 0;
    if (!(n = calloc(t->in->nacc + 1, sizeof *n)))
        return 0;
    for (int j = 0; j < lp->ncols; j++)
        if (++n[lp->col_acc[j]] > most)
            most = n[lp->col_acc[j]];
    free(n);
    return time_left(t) < 3 * KP__GLP_LOAD_PACE * t->build_s * most / lp->ncols;
}

/* The decomposition's plan dr into t->r with the managers and period
 * counts its plans chose (never kp__team_assign's or kp__periods_place's,
 * which may not fit a plan the optimiser found), judged with them.
 * Returns as plan_score_team; *v the plan's objective. */
static int take_decomp_plan(struct task *t, const kp__decomp_result *dr, double *v)
{
    const kp_instance *in = t->in;
    kp_result *r = t->r;
    memcpy(r->counts, dr->counts, in->nact * sizeof *r->counts);
    if (r->mgr && dr->mgr)
        memcpy(r->mgr, dr->mgr, in->nacc * sizeof *r->mgr);
    else
        assign_managers(t, r);
    if (in->nper && dr->pcounts) {
        memcpy(r->pcounts, dr->pcounts, in->nact * in->nper * sizeof *r->pcounts);
        t->own_periods = 1;
    } else {
        place_result(t);
    }
    return plan_score_team(t, r->counts, r->mgr, v, NULL);
}

/* t->r's plan back to none (branch-and-cut goes on). */
static void clear_plan(struct task *t)
{
    kp_result *r = t->r;
    memset(r->counts, 0, t->in->nact * sizeof *r->counts);
    for (size_t k = 0; r->mgr && k < t->in->nacc; k++)
        r->mgr[k] = -1;
    if (r->pcounts)
        memset(r->pcounts, 0, t->in->nact * t->in->nper * sizeof *r->pcounts);
    t->own_periods = 0;
}

/* Frees what a decomposition's result holds. */
static void decomp_result_free(kp__decomp_result *dr)
{
    free(dr->counts);
    free(dr->mgr);
    free(dr->pcounts);
    dr->counts = dr->mgr = dr->pcounts = NULL;
}

/* Column generation first (decomp.c). Returns 1 when its plan already
 * meets the gap (the result is complete), 0 when branch-and-cut must go on
 * (then best holds its plan for a start: counts, managers and period
 * counts as its plans chose them, malloc'd, counts NULL when none; and
 * t->ext_bound its bound), or -1 when memory ran out: the whole model
 * would need more, and a run out of memory fails as a whole. */
static int decompose(struct task *t, kp__decomp_result *best)
{
    const kp_instance *in = t->in;
    kp_result *r = t->r;
    kp__decomp_result dr;
    double v = 0;
    kp__decomp_opts o;

    best->counts = best->mgr = best->pcounts = NULL;
    if (no_time_to_decompose(t))
        return 0;
    kp__decomp_opts_init(&o);
    o.gap = t->opts.gap_pct / 100;
    /* The time the build left (the decomposition's clock starts now). */
    o.time_limit = t->limit > 0 ? fmax(time_left(t), 1e-3) : 0;
    o.load_s = KP__GLP_LOAD_PACE * t->build_s;
    o.stop = t->opts.stop;
    o.threads = t->opts.threads;
    o.progress = t->opts.progress;
    o.progress_info = t->opts.progress_info;
    o.scenario = t->s;
    o.hint = t->opts.hint;
    if (o.hint && plan_score(t, o.hint, NULL, NULL) != 0)
        o.hint = NULL;      /* a start plan must meet every rule */
    int rc = kp__decomp_solve(in, t->lp, &o, &dr);

    r->sum.decomp_seconds = dr.pricing_s + dr.master_s + dr.master_mip_s + dr.proof_s;
    r->sum.proof_seconds = dr.proof_s;
    r->sum.blocks = dr.blocks;
    r->sum.enumerated = dr.enumerated;
    r->sum.pricing_seconds = dr.pricing_s;
    r->sum.master_seconds = dr.master_s;
    r->sum.master_mip_seconds = dr.master_mip_s;
    r->sum.rounds = dr.rounds;
    r->sum.subproblems = dr.subproblems;
    if (rc == KP_EDATA) {
        decomp_result_free(&dr);
        r->sum.status = KP_RES_INFEASIBLE;
        set_msg(r, "an account forced key (%s) has "
                 "no plan that meets all its rules in scenario %s",
                 commitments(in, t->s) ? "status=key, scenarios.csv key or "
                 "a min_count" : "status=key", in->scen[t->s].id);
        return 1;
    }
    if (rc == KP_ENOMEM) {
        decomp_result_free(&dr);
        return -1;
    }
    if (rc != KP_OK) {
        kp__diag(t->diags, KP_WARNING, NULL, 0, NULL, "scenario %s: decomposition "
                 "failed (%s); solving the whole model", in->scen[t->s].id, kp_strerror(rc));
        decomp_result_free(&dr);
        return 0;
    }
    if (kp__isset(dr.bound)) {
        t->ext_bound = dr.bound + t->lp->obj_const;
        t->ext_source = dr.bound_proof ? "enumeration" : "lagrangian";
    }
    if (!dr.counts) {
        decomp_result_free(&dr);
        return 0;
    }
    if (take_decomp_plan(t, &dr, &v) != 0) {
        /* Cannot happen for plans built from account plans and the master's
         * rows; if it does, the plan is not used. */
        kp__diag(t->diags, KP_WARNING, NULL, 0, NULL, "scenario %s: the "
                 "decomposition's plan fails the rule check; not used", in->scen[t->s].id);
        clear_plan(t);
        decomp_result_free(&dr);
        return 0;
    }
    double tol = t->opts.gap_pct > 0 ? t->opts.gap_pct / 100 * (fabs(v) + DBL_EPSILON)
                                     : 1e-9 * (1 + fabs(v));
    int stopped = (t->opts.stop && *t->opts.stop) ||
                  (t->limit > 0 && kp__now() - t->t0 > t->limit);
    if (t->ext_bound - v <= tol || stopped) {
        decomp_result_free(&dr);
        r->sum.status = KP_RES_FEASIBLE;
        r->sum.objective = v;
        r->sum.bound_source = t->ext_source;
        finish_bound(r, t->ext_bound);
        return 1;
    }
    /* A start for branch-and-cut, with the managers and periods its plans
     * chose (it passed the check with them, take_decomp_plan). */
    clear_plan(t);
    best->counts = dr.counts;
    best->mgr = r->mgr && dr.mgr ? dr.mgr : NULL;
    best->pcounts = in->nper && dr.pcounts ? dr.pcounts : NULL;
    if (best->mgr)
        dr.mgr = NULL;
    if (best->pcounts)
        dr.pcounts = NULL;
    dr.counts = NULL;
    decomp_result_free(&dr);
    return 0;
}

/* Replanning: the previous plan repaired to fit the scenario (repair.c),
 * into counts, when it passes the plan check and the change limit.
 * Returns 1 when it does, 0 (counts unspecified) when not. */
static int previous_repaired(const struct task *t, int *counts)
{
    if (!t->prev || kp__plan_repair(t->in, t->s, t->prev, counts) != 0)
        return 0;
    return kp__plan_trim_exact(t->in, t->s, counts) == 0 &&
           plan_score(t, counts, NULL, NULL) == 0;
}

/* A start plan of the heuristics, heur, kept when it meets the change
 * limit, else the previous plan repaired in its place (GLPK takes a start
 * plan unchecked). Returns 1 when heur holds a start plan. */
static int replan_start(const struct task *t, int *heur)
{
    return !t->prev || plan_score(t, heur, NULL, NULL) == 0 ||
           previous_repaired(t, heur);
}

/* The start plan for branch-and-cut: the better of the caller's hint and
 * the decomposition's plan dplan (counts NULL: none; with the managers and
 * period counts its plans chose, so that the start is that plan whenever
 * it passes), each checked against every rule; without either, the best plan of the heuristics (heuristics.c),
 * made within a quarter of the time limit (or, when the decomposition
 * spent it, within the slack that the limit allows: a tenth of it, at
 * most 0.4 s; after a stop, 0.4 s; all of the time left when too little
 * of it is left to load the whole model into GLPK). Into t->start (GLPK's columns)
 * and t->start_plan (counts). So a plan comes back even when GLPK finds
 * none of its own in time: --method bb on 2,000 generated accounts has not
 * solved its root LP after 60 s. */
static void choose_start(struct task *t, const kp__decomp_result *dplan)
{
    const kp_instance *in = t->in;
    double hv = -HUGE_VAL, dv = -HUGE_VAL;
    int *heur = NULL;
    const int *from, *mgr = NULL, *pc = NULL;

    if (t->opts.hint && plan_score(t, t->opts.hint, &hv, NULL) != 0)
        hv = -HUGE_VAL;
    if (dplan->counts && plan_score_full(t, dplan->counts, dplan->mgr, dplan->pcounts,
                                         &dv, NULL) != 0)
        dv = -HUGE_VAL;
    if (hv > -HUGE_VAL || dv > -HUGE_VAL) {
        from = dv >= hv ? dplan->counts : t->opts.hint;
        if (from == dplan->counts) {
            mgr = dplan->mgr;
            pc = dplan->pcounts;
        }
    } else {
        double until = t->limit > 0 ? fmax(t->t0 + t->limit / 4,
                                           kp__now() + fmin(0.1 * t->limit, 0.4)) : 0;
        /* Too little time to load the whole model into GLPK: the
         * heuristics' plan is the answer, and they get all of it. */
        if (t->limit > 0 && no_time_to_load(t))
            until = fmax(until, t->t0 + t->limit);
        volatile const int *stop = t->opts.stop;
        /* Asked to stop at once (a second Ctrl-C): no grace, no plan. */
        if (stop && *stop >= 2)
            return;
        if (stop && *stop) {
            /* Stopped already: the heuristics still get 0.4 s, so that
             * Ctrl-C leaves a plan where they can make one in time. */
            until = until > 0 ? fmin(until, kp__now() + 0.4) : kp__now() + 0.4;
            stop = NULL;
        }
        heur = malloc((in->nact + 1) * sizeof *heur);
        if (!heur || !kp__heuristic_best(in, t->s, until, stop, heur) ||
            !replan_start(t, heur) ||
            (t->fix && plan_score(t, heur, NULL, NULL) != 0)) {
            free(heur);
            return;
        }
        from = heur;
    }
    t->start = plan_columns(in, t->s, t->fix, t->lp, from, mgr, pc);
    t->start_obj = 0;
    for (int j = 0; t->start && j < t->lp->ncols; j++)
        t->start_obj += t->lp->obj[j] * t->start[j + 1];
    t->start_plan = malloc(in->nact * sizeof *t->start_plan + 1);
    if (t->start_plan)
        memcpy(t->start_plan, from, in->nact * sizeof *t->start_plan);
    if (t->start_plan && mgr && (t->start_mgr = malloc(in->nacc * sizeof *mgr + 1)))
        memcpy(t->start_mgr, mgr, in->nacc * sizeof *mgr);
    if (t->start_plan && pc && (t->start_pc = malloc(in->nact * in->nper * sizeof *pc + 1)))
        memcpy(t->start_pc, pc, in->nact * in->nper * sizeof *pc);
    if ((mgr && !t->start_mgr) || (pc && !t->start_pc)) {
        /* out of memory: no start plan rather than one judged otherwise */
        free(t->start_plan);
        free(t->start);
        t->start_plan = NULL;
        t->start = NULL;
    }
    free(heur);
}

/* 1 when GLPK's answer in t->r is worth less than the start plan (which
 * passed every rule): GLPK may not have taken it (presolve renumbers the
 * columns) or stopped on a worse incumbent. */
static int start_plan_better(const struct task *t)
{
    const kp_result *r = t->r;
    double sv;
    if (!t->start_plan || (r->sum.status != KP_RES_FEASIBLE &&
                           r->sum.status != KP_RES_OPTIMAL) || !kp__isset(r->sum.objective))
        return 0;
    if (plan_score_full(t, t->start_plan, t->start_mgr, t->start_pc, &sv, NULL) != 0)
        return 0;
    return sv > r->sum.objective + 1e-9 * (1 + fabs(sv));
}

/* Branch-and-cut over the whole model, from the best start plan known.
 * A GLPK failure inside a cut generator should not cost the planner the
 * answer: it is tried once more, without cuts. Returns KP_OK or
 * KP_ENOMEM. */
static int branch_and_cut(struct task *t, const kp__decomp_result *dplan)
{
    kp_result *r = t->r;
    double tb = kp__now();
    int rc;

    t->cuts = 1;
    choose_start(t, dplan);
    /* Stopped already, or too little time left to load the whole model
     * into GLPK: loading it would only delay the answer (Ctrl-C ends
     * within a second, a time limit is kept); the start plan is it. */
    if ((t->opts.stop && *t->opts.stop) || (t->limit > 0 && no_time_to_load(t))) {
        if (t->start_plan) {
            use_start_plan(t);
        } else {
            r->sum.status = KP_RES_NO_SOLUTION;
            set_msg(r, "%s before any plan was found", t->opts.stop && *t->opts.stop
                    ? "stopped" : "time limit reached");
        }
        r->sum.bb_seconds = kp__now() - tb;
        return KP_OK;
    }
    /* Asked to stop at once, without a plan: none. */
    if (t->opts.stop && *t->opts.stop >= 2) {
        r->sum.status = KP_RES_NO_SOLUTION;
        set_msg(r, "stopped before a plan was found");
        return KP_OK;
    }
    rc = run_glpk(t);
    if (rc == KP_OK && r->sum.status == KP_RES_ERROR && t->glpk_failed && t->opts.cuts) {
        t->cuts = 0;
        t->glpk_failed = 0;
        t->bound = NAN;
        kp__str_free(&r->msg);
        rc = run_glpk(t);
    }
    r->sum.bb_seconds = kp__now() - tb;
    if (rc == KP_OK && ((r->sum.status == KP_RES_NO_SOLUTION && t->start_plan) ||
                        start_plan_better(t)))
        use_start_plan(t);
    return rc;
}

/* Solves task t's model into t->r: blocked at once, by the decomposition
 * alone, or by branch-and-cut. Returns KP_OK or KP_ENOMEM. */
static int solve_task(struct task *t)
{
    kp__decomp_result dplan = {0};
    int rc = KP_OK;

    if (t->lp->blocked_key) {
        t->r->sum.status = KP_RES_INFEASIBLE;
        set_msg(t->r, "%s", t->lp->blocked_why);
        return KP_OK;
    }
    /* Every model, a team whose managers are chosen (lp->team_u) and
     * periods (periods.csv) too: an account's plan carries its manager and
     * its period schedule, the managers' and periods' rows are joining
     * rows (models/README.md, "Solving"); branch-and-cut where the
     * decomposition does not close the gap. */
    if (t->opts.method == KP_METHOD_AUTO && (rc = decompose(t, &dplan)) != 0)
        return rc > 0 ? KP_OK : KP_ENOMEM;
    rc = branch_and_cut(t, &dplan);
    decomp_result_free(&dplan);
    return rc;
}

/* Puts plan counts (which passed the plan check and the exact one, value
 * v) into t->r as a feasible plan, its bound from what the solve proved. */
static void take_plan(struct task *t, const int *counts, double v)
{
    kp_result *r = t->r;
    memcpy(r->counts, counts, t->in->nact * sizeof *r->counts);
    assign_managers(t, r);
    place_result(t);
    r->sum.status = KP_RES_FEASIBLE;
    r->sum.objective = v;
    bound_plan(t);
}

/* A plan for scenario t->s that passes the plan check and the exact one,
 * into counts[]: plan (when not NULL) repaired (repair.c) and trimmed to
 * the exact limits, else the best of the heuristics within 0.5 s, trimmed
 * too. Returns 1 and sets *v, or 0 when none. */
static int certified_plan(struct task *t, const int *plan, int *counts, double *v)
{
    const kp_instance *in = t->in;
    size_t bytes = in->nact * sizeof *counts;
    if (plan) {
        if (kp__plan_repair(in, t->s, plan, counts) != 0)
            memcpy(counts, plan, bytes);
        if (kp__plan_trim_exact(in, t->s, counts) == 0 &&
            plan_score(t, counts, v, NULL) == 0)
            return 1;
        if (!t->prev)
            return 0;
    }
    /* Under a time limit, half a second; else no deadline, so that the
     * plan does not depend on the machine's load. */
    if (kp__heuristic_best(in, t->s, t->limit > 0 ? kp__now() + 0.5 : 0, NULL, counts) &&
        kp__plan_trim_exact(in, t->s, counts) == 0 &&
        plan_score(t, counts, v, NULL) == 0)
        return 1;
    return previous_repaired(t, counts) && plan_score(t, counts, v, NULL) == 0;
}

/* The last word before a result leaves kp_solve (models/README.md,
 * "Certified answers"): a plan must meet every limit in hours and money
 * exactly (kp__plan_exact), else it is repaired or replaced by a certified
 * plan of the heuristics, or not reported (status error); a scenario
 * called infeasible must have no plan that the heuristics find. Returns
 * KP_OK or KP_ENOMEM. */
static int certify(struct task *t)
{
    kp_result *r = t->r;
    const char *sid = t->in->scen[t->s].id;
    int plan = r->sum.status == KP_RES_OPTIMAL ||
               r->sum.status == KP_RES_FEASIBLE;
    int slipped = r->sum.status == KP_RES_ERROR && t->slipped;
    kp__str why = KP__STR_INIT;
    double v = 0;
    int *alt = NULL, rc = KP_OK;

    if (!plan && !slipped &&
        (r->sum.status != KP_RES_INFEASIBLE || t->lp->blocked_key))
        return KP_OK;   /* a forced account's rules are counted, not solved */
    if (plan && kp__plan_exact_team(t->in, t->s, t->fix, r->counts, r->mgr, &why) == 1 &&
        within_changes(t, r->counts, &why) &&
        (!t->in->nper || kp__plan_exact_periods(t->in, t->s, r->pcounts, &why) == 1))
        goto out;
    alt = malloc((t->in->nact + 1) * sizeof *alt);
    if (!alt) {
        rc = KP_ENOMEM;
        goto out;
    }
    if (certified_plan(t, plan || slipped ? r->counts : NULL, alt, &v)) {
        if (plan)
            kp__diag(t->diags, KP_WARNING, NULL, 0, NULL, "scenario %s: the "
                     "solver's plan breaks a limit when summed exactly (%s); a "
                     "repaired plan is reported", sid, kp__str_get(&why));
        else if (slipped)
            kp__diag(t->diags, KP_WARNING, NULL, 0, NULL, "scenario %s: %s; a "
                     "repaired plan is reported", sid, kp__str_get(&r->msg));
        else
            kp__diag(t->diags, KP_WARNING, NULL, 0, NULL, "scenario %s: the "
                     "solver found no plan, but the heuristics did: it is "
                     "reported", sid);
        kp__str_free(&r->msg);
        take_plan(t, alt, v);
    } else if (plan || slipped) {
        if (plan) {
            r->sum.status = KP_RES_ERROR;
            set_msg(r, "the solver's plan breaks a limit when summed exactly (%s), "
                    "and no repaired plan passes", kp__str_get(&why));
        }
        kp__diag(t->diags, KP_ERROR, NULL, 0, NULL, "scenario %s: %s", sid,
                 kp__str_get(&r->msg));
    }
out:
    kp__str_free(&why);
    free(alt);
    return rc;
}

/* A task for scenario s with options opts (NULL: defaults) and result r. */
static void task_init(struct task *t, const kp_instance *in, size_t s,
                      const kp_solve_opts *opts, kp_result *r, kp_diags *diags)
{
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
    t->start_nodes = start_nodes();
    t->bound = NAN;
    t->safe_bound = NAN;
    t->ext_bound = HUGE_VAL;
    t->ext_source = "lagrangian";
    r->sum.bound_source = "";
    t->prev = t->opts.replan && t->opts.replan->previous ? t->opts.replan->previous[s] : NULL;
}

/* kp_solve, and kp__solve_fixed with fix. */
static int solve_fixed(const kp_instance *in, size_t s, const kp_solve_opts *opts,
                       const kp__fix *fix, kp_result **out, kp_diags *diags)
{
    struct task *t = NULL;
    kp_result *r = NULL;
    int rc = KP_OK;

    *out = NULL;
    if (s >= in->nscen || (opts && !(opts->gap_pct >= 0 && opts->gap_pct <= 100)))
        return KP_EINVAL;
    t = calloc(1, sizeof *t);
    r = kp__result_new(in);
    if (!t || !r) {
        rc = KP_ENOMEM;
        goto out;
    }
    task_init(t, in, s, opts, r, diags);
    kp__lp_opts lo;
    memset(&lo, 0, sizeof lo);
    lo.replan = t->opts.replan;
    lo.fix = fix;
    t->fix = fix;
    rc = kp__lp_build_opts(in, s, &lo, &t->lp);
    t->build_s = kp__now() - t->t0;
    if (rc == KP_OK)
        rc = solve_task(t);
    if (rc == KP_OK)
        rc = certify(t);
    if (rc != KP_OK)
        goto out;
    if (r->sum.status != KP_RES_ERROR)
        summarise(in, s, r);
    for (size_t k = 0; fix && fix->acc && r->sum.status != KP_RES_ERROR &&
                       k < in->nacc; k++) {
        int key = fix->acc[k] == KP__FIX_KEY ? 1 : fix->acc[k] == KP__FIX_OUT
                  ? 0 : r->key[k];
        r->sum.key_accounts += key - r->key[k];
        r->key[k] = (unsigned char)key;
    }
    summarise_replan(t, r);
    r->sum.seconds = kp__now() - t->t0;
    *out = r;
    r = NULL;
out:
    if (t) {
        kp__lp_free(t->lp);
        free(t->start);
        free(t->start_plan);
        free(t->start_mgr);
        free(t->start_pc);
    }
    kp_result_free(r);
    free(t);
    return rc;
}

int kp_solve(const kp_instance *in, size_t s, const kp_solve_opts *opts,
             kp_result **out, kp_diags *diags)
{
    return solve_fixed(in, s, opts, NULL, out, diags);
}

/* solve.h. */
int kp__solve_fixed(const kp_instance *in, size_t s, const kp_solve_opts *opts,
                    const kp__fix *fix, kp_result **out, kp_diags *diags)
{
    return solve_fixed(in, s, opts, fix, out, diags);
}

void kp_result_free(kp_result *r)
{
    if (!r)
        return;
    free(r->counts);
    free(r->pcounts);
    free(r->key);
    free(r->mgr);
    kp__str_free(&r->msg);
    free(r->note);
    free(r->marg);
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
    return kp__str_get(&r->msg);
}

const char *kp__result_attach_note(kp_result *r, kp__str *note)
{
    free(r->note);
    r->note = note->len ? kp__str_take(note) : NULL;
    kp__str_free(note);
    return r->note ? r->note : "";
}

/* What kp_export's guarded step writes, and how it went. */
struct export_job {
    const kp__lp *lp;
    const char *id, *path;
    int format;
    kp__str err;            /* GLPK's message when the write failed */
};

/* What the MPS export says before its data. MPS has no portable way to
 * say "maximise": GLPK 5.0's reader rejects an OBJSENSE section ("invalid
 * indicator record") and cbc 2.10 ignores OBJSENSE MAX, so the file
 * minimises the negated value, which every reader takes the same way. */
static const char MPS_NOTE[] =
    "* kamplan: the objective (the N row) is MINUS the plan's value, to be\n"
    "* kamplan: minimised: this file's optimum is minus kamplan's optimum.\n"
    "* kamplan: (MPS readers differ on OBJSENSE MAX, so none is written.)\n";

/* Puts text before the contents of the file at path (which GLPK just
 * wrote). Returns 0, or -1 with errno set. */
static int prepend(const char *path, const char *text)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int rc = -1;

    if (!f)
        return -1;
    for (;;) {
        if (n == cap) {
            char *b = realloc(buf, cap = cap ? 2 * cap : 1 << 16);
            if (!b)
                goto out;
            buf = b;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f) || fclose(f) != 0) {
        f = NULL;
        goto out;
    }
    f = fopen(path, "wb");
    if (!f)
        goto out;
    if (fputs(text, f) >= 0 && fwrite(buf, 1, n, f) == n) {
        rc = fclose(f) == 0 ? 0 : -1;
        f = NULL;
    }
out:
    if (f)
        fclose(f);
    free(buf);
    return rc;
}

/* The guarded step of kp_export: loads the model and writes it; MPS with
 * the objective negated (MPS_NOTE). */
static int export_step(void *arg)
{
    struct export_job *x = arg;
    glp_prob *P = kp__lp_to_glpk(x->lp, x->id);
    int wr;
    if (x->lp->obj_const != 0) {
        /* Replanning's constant, as a column fixed at 1: LP writers drop
         * an objective constant and MPS readers differ on its sign. */
        int j = glp_add_cols(P, 1);
        glp_set_col_name(P, j, "replan_constant");
        glp_set_col_bnds(P, j, GLP_FX, 1, 1);
        glp_set_obj_coef(P, j, x->lp->obj_const);
    }
    if (x->format == KP_EXPORT_LP) {
        wr = glp_write_lp(P, NULL, x->path);
    } else {
        glp_set_obj_dir(P, GLP_MIN);
        for (int j = 1; j <= glp_get_num_cols(P); j++)
            glp_set_obj_coef(P, j, -glp_get_obj_coef(P, j));
        wr = glp_write_mps(P, GLP_MPS_FILE, NULL, x->path);
    }
    if (wr != 0)
        kp__glpk_message(&x->err);
    glp_delete_prob(P);
    if (wr == 0 && x->format == KP_EXPORT_MPS && prepend(x->path, MPS_NOTE) != 0) {
        kp__str_addf(&x->err, "%s", strerror(errno));
        wr = 1;
    }
    return wr != 0 ? KP_EIO : KP_OK;
}

int kp_export(const kp_instance *in, size_t s, int format, const char *path,
              kp_diags *diags)
{
    return kp_export_replan(in, s, format, path, NULL, diags);
}

int kp_export_replan(const kp_instance *in, size_t s, int format, const char *path,
                     const kp_replan *replan, kp_diags *diags)
{
    struct export_job x = {NULL, NULL, path, format, KP__STR_INIT};
    kp__lp_opts lo;
    int rc;

    if (s >= in->nscen)
        return KP_EINVAL;
    if (replan && replan->previous && replan->previous[s] && format == KP_EXPORT_DAT) {
        kp__diag(diags, KP_ERROR, path, 0, NULL, "MathProg data cannot carry a "
                 "replanning model (models/kamplan.mod does not cover replanning): "
                 "export it with --lp or --mps");
        return KP_EINVAL;
    }
    if (format == KP_EXPORT_DAT)
        return kp__export_dat(in, s, path, diags);
    if (format != KP_EXPORT_LP && format != KP_EXPORT_MPS)
        return KP_EINVAL;
    kp__lp *lp = NULL;
    memset(&lo, 0, sizeof lo);
    lo.with_names = 1;
    lo.replan = replan;
    rc = kp__lp_build_opts(in, s, &lo, &lp);
    if (rc != KP_OK)
        goto out;
    kp__lp_unscale(lp);    /* the model in the instance's units */
    x.lp = lp;
    x.id = in->scen[s].id;
    rc = kp__glpk_guard(export_step, &x, 0, &x.err);
    if (rc == KP_ESOLVER)
        kp__diag(diags, KP_ERROR, path, 0, NULL, "GLPK error: %s", kp__str_get(&x.err));
    else if (rc == KP_EIO)
        kp__diag(diags, KP_ERROR, path, 0, NULL, "cannot write: %s", kp__str_get(&x.err));
out:
    kp__lp_free(lp);
    kp__str_free(&x.err);
    return rc;
}
