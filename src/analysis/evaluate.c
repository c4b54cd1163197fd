/*
 * evaluate.c - judges a plan someone made (kamplan evaluate): every rule it
 * breaks and by how much, what it is worth, how far it is from the optimal
 * plan, and the changes, account by account, that turn it into that plan.
 * When the scenario itself is infeasible, the explanation says why.
 *
 * The plan's rules and value come from the independent plan check
 * (check.c), never from the solver; the optimum from kp_solve. The files
 * (evaluation.csv, violations.csv, to_optimal.csv) are written all or
 * nothing by output.c's kp__write_atomic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"

struct kp_evaluation {
    kp_evaluation_summary sum;
    int *plan;              /* the plan's counts */
    int *best;              /* the optimal plan's counts, or NULL */
    kp_violations *v;
    double *stake;          /* per violation: its value at stake */
    kp_explanation *why;    /* when the scenario is infeasible */
    kp_change *ch;
    size_t nch;
    char *note;             /* malloc'd; NULL: "" */
};

/* A change's manager or periods when it has none: not malloc'd. */
static const char NONE[] = "";

/* Sets e's note to a copy of text (NULL: none), however long. Returns
 * KP_OK or KP_ENOMEM. */
static int set_note(kp_evaluation *e, const char *text)
{
    free(e->note);
    e->note = kp__strdup(text ? text : "");
    return e->note ? KP_OK : KP_ENOMEM;
}

const char *kp_change_name(int kind)
{
    static const char *const names[] = {"added", "dropped", "more", "fewer",
                                        "manager", "moved"};
    return kind >= 0 && kind <= KP_CHANGE_MOVED ? names[kind] : "?";
}

void kp_evaluation_free(kp_evaluation *e)
{
    if (!e)
        return;
    free(e->plan);
    free(e->best);
    kp_violations_free(e->v);
    free(e->stake);
    kp_explanation_free(e->why);
    for (size_t i = 0; e->ch && i < e->nch; i++) {
        if (e->ch[i].periods_from != NONE)
            free((char *)e->ch[i].periods_from);
        if (e->ch[i].periods_to != NONE)
            free((char *)e->ch[i].periods_to);
    }
    free(e->ch);
    free(e->note);
    free(e);
}

void kp_evaluation_get_summary(const kp_evaluation *e, kp_evaluation_summary *sum)
{
    *sum = e->sum;
}

const kp_violations *kp_evaluation_violations(const kp_evaluation *e)
{
    return e->v;
}

size_t kp_evaluation_changes(const kp_evaluation *e)
{
    return e->nch;
}

const kp_change *kp_evaluation_change(const kp_evaluation *e, size_t i)
{
    return i < e->nch ? &e->ch[i] : NULL;
}

double kp_evaluation_value_at_stake(const kp_evaluation *e, size_t i)
{
    return e->stake && i < kp_violations_count(e->v) ? e->stake[i] : NAN;
}

const char *kp_evaluation_note(const kp_evaluation *e)
{
    return e->note ? e->note : "";
}

const kp_explanation *kp_evaluation_explanation(const kp_evaluation *e)
{
    return e->why;
}

/* Account k's totals in plan counts: hours, cost, value (its objectives
 * supported included) and distinct activities. */
static void totals(const kp_instance *in, const int *counts, size_t k, double *h,
                   double *c, double *v, int *acts)
{
    *h = *c = *v = 0;
    *acts = 0;
    for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
        int a = in->act_idx[i];
        *h += counts[a] * in->act[a].hours;
        *c += counts[a] * in->act[a].cost;
        for (int j = 1; j <= counts[a]; j++)
            *v += kp__occurrence_value(&in->act[a], j);
        *acts += counts[a] > 0;
    }
    for (int i = in->obj_start[k]; i < in->obj_start[k + 1]; i++) {
        int o = in->obj_idx[i];
        for (int j = in->oact_start[o]; j < in->oact_start[o + 1]; j++) {
            if (counts[in->oact_idx[j]] > 0) {
                *v += in->obj[o].value;
                break;
            }
        }
    }
}

/* How many distinct activities supporting objective o counts does. */
static int support(const kp_instance *in, const int *counts, int o)
{
    int n = 0;
    for (int j = in->oact_start[o]; j < in->oact_start[o + 1]; j++)
        n += counts[in->oact_idx[j]] > 0;
    return n;
}

/* The next change of e, for account id acc and activity id act: zero
 * figures, no objective, no managers, no periods. */
static kp_change *new_change(kp_evaluation *e, const char *acc, const char *act)
{
    kp_change *c = &e->ch[e->nch++];
    memset(c, 0, sizeof *c);
    c->account_id = acc;
    c->activity_id = act;
    c->objective_id = "";
    c->manager_from = c->manager_to = NONE;
    c->periods_from = c->periods_to = NONE;
    return c;
}

/* The rows of account k's objectives whose support changes from e->plan
 * to e->best: each worth its value, counted as check.c counts it. */
static void objective_changes(const kp_instance *in, kp_evaluation *e, size_t k)
{
    for (int i = in->obj_start[k]; i < in->obj_start[k + 1]; i++) {
        int o = in->obj_idx[i], f = support(in, e->plan, o), t = support(in, e->best, o);
        kp_change *c;
        if ((f > 0) == (t > 0))
            continue;
        c = new_change(e, in->acc[k].id, "");
        c->objective_id = in->obj[o].id;
        c->kind = t > 0 ? KP_CHANGE_ADDED : KP_CHANGE_DROPPED;
        c->count_from = f;
        c->count_to = t;
        c->value = t > 0 ? in->obj[o].value : -in->obj[o].value;
    }
}

/* The value at stake of violation x of plan counts (whose value is
 * total): by the scope of its rule, the plan's value, its account's or its
 * activity's (ids looked up in acc and act); 0 when the id is unknown. */
static double stake_of(const kp_instance *in, const int *counts, double total,
                       const kp_violation *x, const kp__strmap *acc,
                       const kp__strmap *act)
{
    int scope = kp__rule_get(x->rule)->scope;
    double h, c, v = 0;
    long i;
    int n;

    if (scope == KP__SCOPE_PLAN)
        return total;
    if (scope == KP__SCOPE_ACCOUNT || scope == KP__SCOPE_CONTACT) {
        if ((i = kp__strmap_get(acc, x->account_id)) < 0)
            return 0;
        totals(in, counts, (size_t)i, &h, &c, &v, &n);
        return v;
    }
    if ((i = kp__strmap_get(act, x->item_id)) < 0)
        return 0;
    for (int j = 1; j <= counts[i]; j++)
        v += kp__occurrence_value(&in->act[i], j);
    return v;
}

/* Each violation's value at stake, into e->stake. Returns 0 or -1
 * (memory). */
static int value_at_stake(const kp_instance *in, kp_evaluation *e)
{
    size_t n = kp_violations_count(e->v);
    kp__strmap *acc = NULL, *act = NULL;
    int rc = -1;

    e->stake = malloc((n + 1) * sizeof *e->stake);
    if (!e->stake)
        return -1;
    if (n == 0)
        return 0;
    acc = kp__strmap_new(in->nacc);
    act = kp__strmap_new(in->nact);
    if (!acc || !act)
        goto out;
    for (size_t k = 0; k < in->nacc; k++)
        if (kp__strmap_put(acc, in->acc[k].id, (long)k) < -1)
            goto out;
    for (size_t a = 0; a < in->nact; a++)
        if (kp__strmap_put(act, in->act[a].id, (long)a) < -1)
            goto out;
    for (size_t i = 0; i < n; i++)
        e->stake[i] = stake_of(in, e->plan, e->sum.value, kp_violations_get(e->v, i),
                               acc, act);
    rc = 0;
out:
    kp__strmap_free(acc);
    kp__strmap_free(act);
    return rc;
}

/* The plans compared: the plan's view (vp) and the optimal plan's (vb),
 * and whether managers and periods that differ are changes (moves). */
struct compared {
    const kp__plan_view *vp, *vb;
    int moves;
};

/* Manager m's id, or "" for none (-1). */
static const char *manager_id(const kp_instance *in, int m)
{
    return m >= 0 ? in->mgr[m].id : NONE;
}

/* Account k's own row, when it becomes or stops being key or, key in
 * both plans, changes manager (x->moves only): the subtotal of its other
 * rows. */
static void account_change(const kp_instance *in, size_t s, kp_evaluation *e,
                           const struct compared *x, size_t k)
{
    double h0, c0, v0, h1, c1, v1;
    int n0, n1, forced = kp__acc_status(in, &in->scen[s], (int)k) == KP_KEY;
    int mf = kp__view_manager(in, s, x->vp, k), mt = kp__view_manager(in, s, x->vb, k);
    int kind;
    kp_change *c;

    totals(in, e->plan, k, &h0, &c0, &v0, &n0);
    totals(in, e->best, k, &h1, &c1, &v1, &n1);
    if ((forced || n0 > 0) != (forced || n1 > 0))
        kind = n1 > 0 ? KP_CHANGE_ADDED : KP_CHANGE_DROPPED;
    else if (x->moves && kp__view_manager_moves(mf, mt))
        kind = KP_CHANGE_MANAGER;
    else
        return;
    c = new_change(e, in->acc[k].id, "");
    c->kind = kind;
    c->count_from = n0;
    c->count_to = n1;
    c->hours = h1 - h0;
    c->cost = c1 - c0;
    c->value = v1 - v0;
    c->manager_from = manager_id(in, mf);
    c->manager_to = manager_id(in, mt);
}

/* Activity a's row, when its count changes or (x->moves only) it moves
 * between periods. Returns 0 or -1 (memory). */
static int activity_change(const kp_instance *in, kp_evaluation *e,
                           const struct compared *x, size_t k, int a)
{
    int f = e->plan[a], t = e->best[a];
    const kp__activity *ac = &in->act[a];
    kp_change *c;

    if (f == t && !(x->moves && kp__view_moved(in, x->vp, x->vb, (size_t)a)))
        return 0;
    c = new_change(e, in->acc[k].id, ac->id);
    c->kind = f == t ? KP_CHANGE_MOVED : f == 0 ? KP_CHANGE_ADDED
            : t == 0 ? KP_CHANGE_DROPPED : t > f ? KP_CHANGE_MORE : KP_CHANGE_FEWER;
    c->count_from = f;
    c->count_to = t;
    c->hours = (t - f) * ac->hours;
    c->cost = (t - f) * ac->cost;
    for (int j = 1; j <= t && f != t; j++)
        c->value += kp__occurrence_value(ac, j);
    for (int j = 1; j <= f && f != t; j++)
        c->value -= kp__occurrence_value(ac, j);
    if (in->nper == 0)
        return 0;
    c->periods_from = kp__periods_text(in, x->vp, a);
    c->periods_to = kp__periods_text(in, x->vb, a);
    return c->periods_from && c->periods_to ? 0 : -1;
}

/* Lists the changes from e->plan to e->best: per account (file order) a
 * row when it becomes or stops being key or changes manager, then one per
 * activity whose count changes or that moves between periods, then one
 * per objective that becomes or stops being supported. Returns 0 or -1
 * (memory). */
static int list_changes(const kp_instance *in, size_t s, kp_evaluation *e,
                        const struct compared *x)
{
    size_t cap = in->nact + in->nacc + in->nobj;
    e->ch = malloc((cap + 1) * sizeof *e->ch);
    if (!e->ch)
        return -1;
    for (size_t k = 0; k < in->nacc; k++) {
        account_change(in, s, e, x, k);
        for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++)
            if (activity_change(in, e, x, k, in->act_idx[i]) != 0)
                return -1;
        objective_changes(in, e, k);
    }
    return 0;
}

/* The plan's own figures: hours, budget, key accounts (forced or with an
 * activity, as kp_plan_check counts them), activities. */
static void plan_figures(const kp_instance *in, size_t s, kp_evaluation *e)
{
    kp_evaluation_summary *m = &e->sum;
    for (size_t a = 0; a < in->nact; a++) {
        m->hours_used += e->plan[a] * in->act[a].hours;
        m->budget_used += e->plan[a] * in->act[a].cost;
        m->activities += e->plan[a] > 0;
    }
    for (size_t k = 0; k < in->nacc; k++) {
        int key = kp__acc_status(in, &in->scen[s], (int)k) == KP_KEY;
        for (int i = in->act_start[k]; !key && i < in->act_start[k + 1]; i++)
            key = e->plan[in->act_idx[i]] > 0;
        m->key_accounts += key;
    }
}

/* The explanation's options: eo's (NULL: defaults), within what the solve
 * r left of so's time limit, and with so's stop flag unless eo has one. */
static kp_explain_opts explain_opts(const kp_solve_opts *so, const kp_explain_opts *eo,
                                    const kp_result_summary *r)
{
    kp_explain_opts x;
    if (eo)
        x = *eo;
    else
        kp_explain_opts_init(&x);
    if (so && so->time_limit > 0) {
        double left = so->time_limit - r->seconds;
        left = left > 0.001 ? left : 0.001;
        if (x.time_limit <= 0 || left < x.time_limit)
            x.time_limit = left;
    }
    if (so && !x.stop)
        x.stop = so->stop;
    return x;
}

/* The note of an infeasible scenario: the explanation x, or why there is
 * none (the solve's message r, and what stopped the explanation). */
static int infeasible_note(kp_evaluation *e, const kp_explanation *x, const kp_result *r,
                           const kp_explain_opts *xo)
{
    kp_explanation_summary xs;
    kp__str t = KP__STR_INIT;
    int rc;

    kp_explanation_get_summary(x, &xs);
    if (xs.status == KP_EXPLAIN_INFEASIBLE)
        return set_note(e, kp_explanation_text(x));
    kp__str_add(&t, kp_result_message(r));
    if (xs.status == KP_EXPLAIN_UNKNOWN)
        kp__str_addf(&t, " (%s before the explanation found its causes)",
                     xo->stop && *xo->stop ? "stopped" : "the time limit ran out");
    rc = t.oom ? KP_ENOMEM : set_note(e, kp__str_get(&t));
    kp__str_free(&t);
    return rc;
}

/* 1 when the plan (feasible, worth m->value) is proven optimal: worth the
 * optimum of a solve that proved it (status), or at least the proven bound
 * (m->bound) when the solve stopped short of a proof, each to 1e-9
 * relative. A plan merely as good as the best plan found is not. */
static int proven_optimal(const kp_evaluation_summary *m, int status)
{
    if (status == KP_RES_OPTIMAL && m->optimum - m->value <= 1e-9 * (1 + fabs(m->optimum)))
        return 1;
    return !isnan(m->bound) && m->bound - m->value <= 1e-9 * (1 + fabs(m->bound));
}

/* Solves for the optimal plan and compares the plan (vp: its counts,
 * managers and periods) with it: optimum, gap, changes; or, without an
 * optimal plan, the reason. Managers and periods that differ are changes
 * only when the plan is worth less than the optimal plan or breaks a rule:
 * the optimal plan's are one way to its value, not the only one. Returns a
 * status. */
static int compare(const kp_instance *in, size_t s, const kp_solve_opts *so,
                   const kp_explain_opts *eo, const kp__plan_view *vp,
                   kp_evaluation *e, kp_diags *d)
{
    kp_evaluation_summary *m = &e->sum;
    kp_result *r = NULL;
    kp_result_summary rs;
    int rc = kp_solve(in, s, so, &r, d);

    if (rc != KP_OK)
        return rc;
    kp_result_get_summary(r, &rs);
    m->optimum_status = rs.status;
    m->bound = rs.bound;
    if (rs.status == KP_RES_OPTIMAL || rs.status == KP_RES_FEASIBLE) {
        kp__plan_view vb = kp__result_view(r);
        struct compared x = {vp, &vb, 1};
        m->optimum = rs.objective;
        e->best = malloc((in->nact + 1) * sizeof *e->best);
        if (!e->best) {
            rc = KP_ENOMEM;
            goto out;
        }
        for (size_t a = 0; a < in->nact; a++)
            e->best[a] = kp_result_count(r, a);
        /* Under a time limit the planner's plan may beat the best found:
         * then it is the best known plan, and nothing needs changing. */
        if (m->feasible && m->value > m->optimum) {
            m->optimum = m->value;
            memcpy(e->best, e->plan, in->nact * sizeof *e->best);
            vb = *vp;
        }
        vb.counts = e->best;
        x.moves = !m->feasible || m->optimum - m->value > 1e-9 * (1 + fabs(m->optimum));
        m->gap_pct = !m->feasible ? NAN : m->optimum == 0 ? 0
                   : 100 * (m->optimum - m->value) / fabs(m->optimum);
        m->optimal = m->feasible && proven_optimal(m, rs.status);
        if (!m->optimal && list_changes(in, s, e, &x) != 0)
            rc = KP_ENOMEM;
    } else if (rs.status == KP_RES_INFEASIBLE) {
        kp_explain_opts xo = explain_opts(so, eo, &rs);
        rc = kp_explain(in, s, &xo, &e->why, d);
        if (rc == KP_OK) {
            rc = infeasible_note(e, e->why, r, &xo);
        } else if (rc == KP_ESOLVER) {
            /* The explanation failed, the evaluation stands: say what the
             * solver said instead (diags has the failure). */
            rc = set_note(e, kp_result_message(r));
        }
    } else {
        rc = set_note(e, kp_result_message(r));
    }
out:
    kp_result_free(r);
    return rc;
}

/* The check of e->plan: with the managers the plan file names for the
 * accounts whose manager is chosen (kp__plan_managers), else those
 * kp__team_assign chooses; in the plan file's periods when it has a period
 * column (kp__plan_pcounts), else as kp__periods_place puts it (with
 * periods.csv). Returns as kp_plan_check_violations. */
static int plan_violations(const kp_instance *in, const kp_plan *p, size_t s,
                           kp_evaluation *e)
{
    const int *named = kp__plan_managers(p, s), *pcounts = kp__plan_pcounts(p, s);
    int *mgr, bad;
    if (!named)
        return kp__plan_check_violations_full(in, s, e->plan, NULL, pcounts,
                                              &e->sum.value, e->v);
    if (!(mgr = malloc((in->nacc + 1) * sizeof *mgr)))
        return -1;
    for (size_t k = 0; k < in->nacc; k++)
        mgr[k] = in->acc[k].manager >= 0 ? in->acc[k].manager : named[k];
    bad = kp__plan_check_violations_full(in, s, e->plan, mgr, pcounts, &e->sum.value,
                                         e->v);
    free(mgr);
    return bad;
}

/* kamplan.h: the check first (violations, value), then the optimum. */
int kp_plan_evaluate(const kp_instance *in, const kp_plan *p, size_t s,
                     const kp_solve_opts *so, const kp_explain_opts *eo,
                     kp_evaluation **out, kp_diags *d)
{
    const int *counts = s < in->nscen ? kp__plan_counts(p, s) : NULL;
    kp_evaluation *e = NULL;
    kp__plan_view vp;
    int rc = KP_OK, bad;
    double t0 = kp__now();

    *out = NULL;
    if (!counts)
        return KP_EINVAL;
    e = calloc(1, sizeof *e);
    if (!e || !(e->plan = malloc((in->nact + 1) * sizeof *e->plan)) ||
        !(e->v = kp_violations_new()) || kp__plan_unknown(p, s, e->v) != 0) {
        rc = KP_ENOMEM;
        goto out;
    }
    memcpy(e->plan, counts, in->nact * sizeof *e->plan);
    e->sum.scenario = s;
    e->sum.hours_available = in->scen[s].hours;
    e->sum.budget_available = in->scen[s].budget;
    e->sum.optimum = e->sum.bound = e->sum.gap_pct = NAN;
    e->sum.optimum_status = KP_RES_ERROR;
    bad = plan_violations(in, p, s, e);
    if (bad < 0) {
        rc = KP_ENOMEM;
        goto out;
    }
    e->sum.violations = (int)kp_violations_count(e->v);
    e->sum.feasible = e->sum.violations == 0;
    if (value_at_stake(in, e) != 0) {
        rc = KP_ENOMEM;
        goto out;
    }
    plan_figures(in, s, e);
    vp.counts = e->plan;
    vp.mgr = kp__plan_managers(p, s);
    vp.pcounts = kp__plan_pcounts(p, s);
    rc = compare(in, s, so, eo, &vp, e, d);
    if (rc != KP_OK)
        goto out;
    e->sum.seconds = kp__now() - t0;
    *out = e;
    e = NULL;
out:
    kp_evaluation_free(e);
    return rc;
}

/* What the writers of kp_evaluations_write read. */
struct ev_files {
    const kp_instance *in;
    kp_evaluation *const *ev;
    size_t n;
};

/* evaluation.csv: one row per evaluation. */
static void body_evaluation(kp__tab *t, const struct ev_files *x)
{
    kp__tab_begin(t, "evaluation", "scenario,feasible,violations,value,optimum,"
                  "gap_pct,optimum_status,bound,hours_used,hours_available,"
                  "budget_used,budget_available,key_accounts,activities,note");
    for (size_t i = 0; i < x->n; i++) {
        const kp_evaluation_summary *m = &x->ev[i]->sum;
        const kp__scenario *sc = &x->in->scen[m->scenario];
        kp__tab_text(t, sc->id);
        kp__tab_int(t, m->feasible);
        kp__tab_int(t, m->violations);
        kp__tab_num(t, m->value);
        kp__tab_num(t, m->optimum);
        kp__tab_num(t, m->gap_pct);
        kp__tab_text(t, kp_result_status_name(m->optimum_status));
        kp__tab_num(t, m->bound);
        kp__tab_num(t, m->hours_used);
        kp__tab_num(t, sc->hours);
        kp__tab_num(t, m->budget_used);
        kp__tab_num(t, sc->budget);
        kp__tab_int(t, m->key_accounts);
        kp__tab_int(t, m->activities);
        kp__tab_text(t, kp_evaluation_note(x->ev[i]));
        kp__tab_row_end(t);
    }
    kp__tab_end(t);
}

/* violations.csv: each evaluation's violations, in its order. */
static void body_violations(kp__tab *t, const struct ev_files *x)
{
    kp__tab_begin(t, "violations", "scenario,rule,account_id,item_id,detail,amount,"
                  "value_at_stake");
    for (size_t i = 0; i < x->n; i++) {
        const kp_violations *v = x->ev[i]->v;
        for (size_t j = 0; j < kp_violations_count(v); j++) {
            const kp_violation *e = kp_violations_get(v, j);
            kp__tab_text(t, x->in->scen[x->ev[i]->sum.scenario].id);
            kp__tab_text(t, kp_rule_name(e->rule));
            kp__tab_text(t, e->account_id);
            kp__tab_text(t, e->item_id);
            kp__tab_text(t, e->detail);
            kp__tab_num(t, e->amount);
            kp__tab_num(t, kp_evaluation_value_at_stake(x->ev[i], j));
            kp__tab_row_end(t);
        }
    }
    kp__tab_end(t);
}

/* to_optimal.csv: each evaluation's changes to the optimal plan. */
static void body_changes(kp__tab *t, const struct ev_files *x)
{
#define TO_OPTIMAL_COLS "scenario,account_id,activity_id,change,count_plan," \
    "count_optimal,hours_change,cost_change,value_change,objective_id"
    /* With managers.csv, with periods.csv (the table keeps the pointer). */
    static const char *const cols[2][2] = {
        {TO_OPTIMAL_COLS, TO_OPTIMAL_COLS ",periods_plan,periods_optimal"},
        {TO_OPTIMAL_COLS ",manager_plan,manager_optimal",
         TO_OPTIMAL_COLS ",manager_plan,manager_optimal,periods_plan,periods_optimal"}};
#undef TO_OPTIMAL_COLS
    const kp_instance *in = x->in;
    kp__tab_begin(t, "to_optimal", cols[in->has_team != 0][in->nper > 0]);
    for (size_t i = 0; i < x->n; i++) {
        const kp_evaluation *e = x->ev[i];
        for (size_t j = 0; j < e->nch; j++) {
            const kp_change *c = &e->ch[j];
            kp__tab_text(t, x->in->scen[e->sum.scenario].id);
            kp__tab_text(t, c->account_id);
            kp__tab_text(t, c->activity_id);
            kp__tab_text(t, kp_change_name(c->kind));
            kp__tab_int(t, c->count_from);
            kp__tab_int(t, c->count_to);
            kp__tab_num(t, c->hours);
            kp__tab_num(t, c->cost);
            kp__tab_num(t, c->value);
            kp__tab_text(t, c->objective_id);
            if (in->has_team) {
                kp__tab_text(t, c->manager_from);
                kp__tab_text(t, c->manager_to);
            }
            if (in->nper > 0) {
                kp__tab_text(t, c->periods_from);
                kp__tab_text(t, c->periods_to);
            }
            kp__tab_row_end(t);
        }
    }
    kp__tab_end(t);
}

static void (*const EV_BODIES[])(kp__tab *, const struct ev_files *) = {
    body_evaluation, body_violations, body_changes
};

/* kp__write_atomic's writer: file i of kp_evaluations_write's three. */
static void ev_body(FILE *f, int i, const void *info)
{
    kp__tab t;
    kp__tab_init(&t, f, 0);
    EV_BODIES[i](&t, info);
}

static void ev_json(kp__tab *t, int i, const void *info)
{
    EV_BODIES[i](t, info);
}

int kp_evaluations_write_json(const kp_instance *in, kp_evaluation *const *ev,
                              size_t n, FILE *f)
{
    struct ev_files x = {in, ev, n};
    return kp__json_tables(f, ev_json, 3, &x);
}

/* kamplan.h: the three files, all or nothing (output.c). */
int kp_evaluations_write(const kp_instance *in, kp_evaluation *const *ev, size_t n,
                         const char *outdir, kp_diags *d)
{
    static const char *const names[] = {
        "evaluation.csv", "violations.csv", "to_optimal.csv"
    };
    struct ev_files x = {in, ev, n};
    return kp__write_atomic(outdir, names, 3, ev_body, &x, d);
}
