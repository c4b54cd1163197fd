/*
 * frontier.c - the bodies of frontier.csv (value against hours and budget
 * across the scenarios, with the marginal values of --marginal) and
 * changes.csv (which accounts and activities are added and dropped from
 * one scenario to the next). output.c writes them atomically with the
 * other files.
 */
#include <stdio.h>
#include <string.h>

#include "results/results.h"

/* How --marginal's figures are made, for the marginal_method column. */
static const char METHOD[] =
    "re-solved at +delta from this plan: (value there - value) / delta; "
    "min and max from both solves' proven bounds";

/* The value of plan r, NaN when it has none. */
static double plan_value(const kp_result *r)
{
    kp_result_summary m;
    if (!r)
        return NAN;
    kp_result_get_summary(r, &m);
    return m.status == KP_RES_OPTIMAL || m.status == KP_RES_FEASIBLE ? m.objective : NAN;
}

/* Whether the sweep has a manager's or a period's axis: then frontier.csv
 * names each axis, its value and what a unit more buys along it. */
static int capacity_sweep(const kp_instance *in)
{
    for (int i = 0; i < in->sweep_axes && i < 2; i++)
        if (in->sweep_on[i].param >= KP_SWEEP_MANAGER_HOURS)
            return 1;
    return 0;
}

/* The value axis i (0 or 1) has in scenario sc. */
static double axis_at(const kp_instance *in, const kp__scenario *sc, int i)
{
    size_t k = in->sweep_on[i].idx;
    switch (in->sweep_on[i].param) {
    case KP_SWEEP_HOURS: return sc->hours;
    case KP_SWEEP_BUDGET: return sc->budget;
    case KP_SWEEP_MANAGER_HOURS: return kp__manager_hours(in, sc, k);
    case KP_SWEEP_MANAGER_BUDGET: return kp__manager_budget(in, sc, k);
    case KP_SWEEP_PERIOD_HOURS: return kp__period_hours(in, sc, k);
    default: return kp__period_budget(in, sc, k);
    }
}

/* What each axis varies, as --sweep names it (enum kp_sweep_param). */
static const char *const AXIS_NAMES[] = {
    "hours", "budget", "manager_hours", "manager_budget", "period_hours",
    "period_budget"};

/* The columns axisI,axisI_id,axisI_value,axisI_value_per_unit of scenario
 * s for each axis: what it varies ("hours", "manager_hours"), the manager
 * or period (empty for the team's), its value in s, and the
 * value gained per unit from the scenario before s along that axis, (value
 * in s - value there) / (axis value in s - axis value there), empty at the
 * axis's first point or where either has no plan. */
static void axis_cols(kp__tab *t, const kp_instance *in, kp_result *const *res,
                      size_t n, size_t s)
{
    size_t n1 = (size_t)in->sweep_steps[1];
    for (int i = 0; i < in->sweep_axes; i++) {
        const struct kp__swept *a = &in->sweep_on[i];
        const char *id = a->param < KP_SWEEP_MANAGER_HOURS ? NULL
                       : a->param <= KP_SWEEP_MANAGER_BUDGET ? in->mgr[a->idx].id
                       : in->per[a->idx].id;
        /* Along the outer axis of a grid the step is a whole row. */
        size_t step = in->sweep_axes == 2 && i == 0 ? n1 : 1;
        int first = in->sweep_axes == 2 && i == 1 ? s % n1 == 0 : s < step;
        double v = axis_at(in, &in->scen[s], i), per = NAN;
        if (!first && s < n) {
            double dv = v - axis_at(in, &in->scen[s - step], i);
            per = (plan_value(res[s]) - plan_value(res[s - step])) / dv;
        }
        kp__tab_text(t, AXIS_NAMES[a->param]);
        kp__tab_text(t, id);
        kp__tab_num(t, v);
        kp__tab_num(t, per);
    }
}

void kp__write_frontier(kp__tab *t, const kp_instance *in, kp_result *const *res,
                        const kp_batch_outcome *oc, size_t n)
{
#define FRONTIER_COLS "scenario,status,hours,budget,max_key_accounts," \
    "min_contacts,value,bound,gap_pct,hours_used,budget_used," \
    "key_accounts,seeded_from,hours_delta,value_per_hour," \
    "value_per_hour_min,value_per_hour_max,budget_delta," \
    "value_per_budget,value_per_budget_min,value_per_budget_max," \
    "marginal_method,note"
#define AXIS_COLS(I) ",axis" #I ",axis" #I "_id,axis" #I "_value,axis" #I "_value_per_unit"
    /* Without a manager's or period's axis, with one axis, with two. */
    static const char *const cols[3] = {
        FRONTIER_COLS, FRONTIER_COLS AXIS_COLS(1),
        FRONTIER_COLS AXIS_COLS(1) AXIS_COLS(2)};
#undef AXIS_COLS
#undef FRONTIER_COLS
    int axes = capacity_sweep(in) ? in->sweep_axes : 0;
    kp__tab_begin(t, "frontier", cols[axes]);
    for (size_t s = 0; s < n && s < in->nscen; s++) {
        const kp__scenario *sc = &in->scen[s];
        const kp_batch_outcome *c = oc ? &oc[s] : NULL;
        kp_result_summary m;
        int plan;

        if (res[s]) {
            kp_result_get_summary(res[s], &m);
        } else if (c && c->state == KP_BATCH_NOT_RUN) {
            m.status = KP_RES_NO_SOLUTION;
            m.bound = NAN;
        } else {
            continue;
        }
        plan = m.status == KP_RES_OPTIMAL || m.status == KP_RES_FEASIBLE;
        kp__tab_text(t, sc->id);
        kp__tab_text(t, kp_result_status_name(m.status));
        kp__tab_num(t, sc->hours);
        kp__tab_num(t, sc->budget);
        kp__tab_num(t, sc->max_key_accounts < 0 ? NAN : sc->max_key_accounts);
        kp__tab_num(t, sc->min_contacts);
        kp__tab_num(t, plan ? m.objective : NAN);
        kp__tab_num(t, m.bound);
        kp__tab_num(t, plan ? m.gap_pct : NAN);
        kp__tab_num(t, plan ? m.hours_used : NAN);
        kp__tab_num(t, plan ? m.budget_used : NAN);
        kp__tab_num(t, plan ? m.key_accounts : NAN);
        kp__tab_text(t, c && c->seeded_from >= 0 && (size_t)c->seeded_from < in->nscen
                        ? in->scen[c->seeded_from].id : NULL);
        kp__tab_num(t, c ? c->hours_delta : NAN);
        kp__tab_num(t, c ? c->value_per_hour : NAN);
        kp__tab_num(t, c ? c->value_per_hour_min : NAN);
        kp__tab_num(t, c ? c->value_per_hour_max : NAN);
        kp__tab_num(t, c ? c->budget_delta : NAN);
        kp__tab_num(t, c ? c->value_per_budget : NAN);
        kp__tab_num(t, c ? c->value_per_budget_min : NAN);
        kp__tab_num(t, c ? c->value_per_budget_max : NAN);
        kp__tab_text(t, c && (kp__isset(c->hours_delta) || kp__isset(c->budget_delta))
                        ? METHOD : NULL);
        kp__tab_text(t, !c ? NULL
                        : c->state == KP_BATCH_NOT_RUN ? c->why : c->marginal_note);
        if (axes)
            axis_cols(t, in, res, n, s);
        kp__tab_row_end(t);
    }
    kp__tab_end(t);
}

/* Distinct activities account k does in plan r. */
static int activities_of(const kp_instance *in, const kp_result *r, size_t k)
{
    int n = 0;
    for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++)
        n += kp_result_count(r, (size_t)in->act_idx[i]) > 0;
    return n;
}

/* What a row of changes.csv says beyond today's columns: with managers.csv,
 * the account's manager in each plan (-1: none); with periods.csv, an
 * activity's counts by period in each plan (act -1: no activity). */
struct change_ext {
    int mf, mt;
    const kp__plan_view *va, *vb;
    long act;
};

/* The ext of a row without managers or periods. */
static const struct change_ext NO_EXT = {-1, -1, NULL, NULL, -1};

/* The columns manager_from,manager_to (with managers.csv) and
 * periods_from,periods_to (with periods.csv) of a row, and its end. */
static void change_ext_end(kp__tab *t, const kp_instance *in, const struct change_ext *x)
{
    if (in->has_team) {
        kp__tab_text(t, x->mf >= 0 ? in->mgr[x->mf].id : NULL);
        kp__tab_text(t, x->mt >= 0 ? in->mgr[x->mt].id : NULL);
    }
    if (in->nper > 0) {
        kp__tab_periods(t, in, x->va, x->act);
        kp__tab_periods(t, in, x->vb, x->act);
    }
    kp__tab_row_end(t);
}

/* One row of changes.csv (activity "" for an account's own row and an
 * objective's; objective "" but for an objective's). */
static void change_row(kp__tab *t, const kp_instance *in, size_t a, size_t b,
                       size_t k, const char *activity, const char *change,
                       int from, int to, double dh, double dc, double dv,
                       const char *objective, const struct change_ext *x)
{
    kp__tab_text(t, in->scen[a].id);
    kp__tab_text(t, in->scen[b].id);
    kp__tab_text(t, in->acc[k].id);
    kp__tab_text(t, activity);
    kp__tab_text(t, change);
    kp__tab_int(t, from);
    kp__tab_int(t, to);
    kp__tab_num(t, dh);
    kp__tab_num(t, dc);
    kp__tab_num(t, dv);
    kp__tab_text(t, objective);
    change_ext_end(t, in, x);
}

/* How many distinct activities supporting objective o plan r does. */
static int support(const kp_instance *in, const kp_result *r, int o)
{
    int n = 0;
    for (int j = in->oact_start[o]; j < in->oact_start[o + 1]; j++)
        n += kp_result_count(r, (size_t)in->oact_idx[j]) > 0;
    return n;
}

/* The rows of account k's objectives that become or stop being supported
 * from plan ra (scenario a) to rb (b), each worth the objective's value,
 * as the plan check counts it. */
static void objective_rows(kp__tab *t, const kp_instance *in, const kp_result *ra,
                           const kp_result *rb, size_t a, size_t b, size_t k)
{
    for (int i = in->obj_start[k]; i < in->obj_start[k + 1]; i++) {
        int o = in->obj_idx[i], na = support(in, ra, o), nb = support(in, rb, o);
        double v = in->obj[o].value;
        if ((na > 0) != (nb > 0))
            change_row(t, in, a, b, k, "", nb ? "added" : "dropped", na, nb, 0, 0,
                       nb ? v : -v, in->obj[o].id, &NO_EXT);
    }
}

/* Under solve --from with --change-cost, the objective is the plan's value
 * less the cost of its changes: the row "change_cost" (no account,
 * activity or objective; counts: each plan's changes) carries the
 * difference in that cost, -V (changes(b) - changes(a)). */
static void change_cost_row(kp__tab *t, const kp_instance *in, const kp_result *ra,
                            const kp_result *rb, size_t a, size_t b)
{
    kp_result_summary ma, mb;
    kp_result_get_summary(ra, &ma);
    kp_result_get_summary(rb, &mb);
    if (!ma.replanned || !mb.replanned || ma.changes < 0 || mb.changes < 0 ||
        (ma.change_cost == 0 && mb.change_cost == 0) || ma.changes == mb.changes)
        return;
    kp__tab_text(t, in->scen[a].id);
    kp__tab_text(t, in->scen[b].id);
    kp__tab_text(t, "");
    kp__tab_text(t, "");
    kp__tab_text(t, "change_cost");
    kp__tab_int(t, (int)ma.changes);
    kp__tab_int(t, (int)mb.changes);
    kp__tab_num(t, 0);
    kp__tab_num(t, 0);
    kp__tab_num(t, -(mb.change_cost * (double)mb.changes - ma.change_cost * (double)ma.changes));
    kp__tab_text(t, "");
    change_ext_end(t, in, &NO_EXT);
}

/* Account k's own row: when it becomes key (added), stops being key
 * (dropped) or, key in both, changes manager (manager); the subtotal of
 * its other rows. */
static void account_row(kp__tab *t, const kp_instance *in, const kp_result *ra,
                        const kp_result *rb, size_t a, size_t b, size_t k,
                        const kp__plan_view *wa, const kp__plan_view *wb)
{
    int ka = kp__account_is_key(in, a, ra, k), kb = kp__account_is_key(in, b, rb, k);
    struct change_ext x = {kp__view_manager(in, a, wa, k), kp__view_manager(in, b, wb, k),
                           wa, wb, -1};
    double ha, ca, va, hb, cb, vb;
    int e, o;

    if (ka == kb && !kp__view_manager_moves(x.mf, x.mt))
        return;
    kp__account_totals(in, ra, k, &ha, &ca, &va, &e, &o);
    kp__account_totals(in, rb, k, &hb, &cb, &vb, &e, &o);
    change_row(t, in, a, b, k, "", ka == kb ? "manager" : kb ? "added" : "dropped",
               activities_of(in, ra, k), activities_of(in, rb, k),
               hb - ha, cb - ca, vb - va, "", &x);
}

/* The rows for going from scenario a's plan to scenario b's: per account
 * (file order), its own row (account_row), then a row per activity whose
 * count changes or, with periods.csv, whose count stays and periods move
 * (moved), then a row per objective that becomes or stops being
 * supported; last, under --change-cost, the row of the changes' cost.
 * The activities', objectives' and change cost's rows add up to the
 * difference in objective; the account's row is their subtotal. */
static void pair(kp__tab *t, const kp_instance *in, kp_result *const *res,
                 size_t a, size_t b)
{
    const kp_result *ra = res[a], *rb = res[b];
    kp__plan_view wa = kp__result_view(ra), wb = kp__result_view(rb);
    for (size_t k = 0; k < in->nacc; k++) {
        account_row(t, in, ra, rb, a, b, k, &wa, &wb);
        for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
            const kp__activity *ac = &in->act[in->act_idx[i]];
            int na = kp_result_count(ra, (size_t)in->act_idx[i]);
            int nb = kp_result_count(rb, (size_t)in->act_idx[i]);
            struct change_ext x = {-1, -1, &wa, &wb, in->act_idx[i]};
            double dv = 0;
            if (na == nb && !kp__view_moved(in, &wa, &wb, (size_t)x.act))
                continue;
            for (int j = 1; j <= nb && na != nb; j++)
                dv += kp__occurrence_value(ac, j);
            for (int j = 1; j <= na && na != nb; j++)
                dv -= kp__occurrence_value(ac, j);
            change_row(t, in, a, b, k, ac->id,
                       na == nb ? "moved" : na == 0 ? "added" : nb == 0 ? "dropped"
                       : nb > na ? "more" : "fewer",
                       na, nb, (nb - na) * ac->hours, (nb - na) * ac->cost, dv, "", &x);
        }
        objective_rows(t, in, ra, rb, a, b, k);
    }
    change_cost_row(t, in, ra, rb, a, b);
}

/* What pair_of reads. */
struct pairs_ctx {
    kp__tab *t;
    const kp_instance *in;
    kp_result *const *res;
};

/* kp__change_pairs' callback: the rows of pair (a, b). */
static void pair_of(void *ctx, size_t a, size_t b)
{
    struct pairs_ctx *c = ctx;
    pair(c->t, c->in, c->res, a, b);
}

/* Pairs compared: kp__change_pairs' (moves.c). Pairs where either side
 * has no plan are left out. */
void kp__write_changes(kp__tab *t, const kp_instance *in, kp_result *const *res,
                       size_t n)
{
    struct pairs_ctx c = {t, in, res};
#define CHANGE_COLS "from,to,account_id,activity_id,change,count_from,count_to," \
    "hours_change,cost_change,value_change,objective_id"
    /* With managers.csv, with periods.csv (the table keeps the pointer). */
    static const char *const cols[2][2] = {
        {CHANGE_COLS, CHANGE_COLS ",periods_from,periods_to"},
        {CHANGE_COLS ",manager_from,manager_to",
         CHANGE_COLS ",manager_from,manager_to,periods_from,periods_to"}};
#undef CHANGE_COLS
    kp__tab_begin(t, "changes", cols[in->has_team != 0][in->nper > 0]);
    kp__change_pairs(in, res, n, pair_of, &c);
    kp__tab_end(t);
}
