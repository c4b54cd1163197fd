/*
 * programme.c - builds the integer programme of one scenario
 * (models/README.md), in plain 0-based arrays that no solver owns
 * (glpk_solve.c turns them into a GLPK problem; export writes them as LP
 * or MPS through GLPK).
 *
 * This file lays out the columns and the rows that only tie them
 * together (linking, the order of occurrences, engaged contacts,
 * supported objectives); every rule's rows come from its entry in the rule
 * table (rules.c), in a fixed order: the plan's rules, then each account's
 * (its own, then its contacts'), then each activity's, then the groups'.
 *
 * Differences from the letter of the model, none of which changes the
 * optimum:
 *  - Only eligible accounts get variables; accounts that cannot meet the
 *    rules of a key account (kp__account_blocked) get none, so y[k] = 0.
 *  - z[c] exists only for contacts with an activity (otherwise z[c] = 0),
 *    w[o] only for objectives with a supporting activity and a value > 0.
 *  - An activity requiring an activity without variables is fixed to 0.
 *
 * kp__lp_build_opts can also build the model without those shortcuts
 * (exact: every rule a row of its own) and without chosen rule groups, for
 * the explanation of an infeasible scenario (explain.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/rules.h"

/* model.h. */
int kp__lp_build(const kp_instance *in, size_t s, int with_names, kp__lp **out)
{
    kp__lp_opts opt;
    memset(&opt, 0, sizeof opt);
    opt.with_names = with_names;
    return kp__lp_build_opts(in, s, &opt, out);
}

/* 1 when b->o->fix drops account k and nothing commits it key: then it
 * gets no columns. A committed account fixed out keeps its columns and
 * fix_bounds makes the model blocked (a commitment cannot be dropped). */
static int fixed_out_free(const struct kp__build *b, int k)
{
    const kp__fix *f = b->o->fix;
    if (!f || !f->acc || f->acc[k] != KP__FIX_OUT)
        return 0;
    return b->in->acc[k].committed < 0 &&
           kp_instance_scenario_forces(b->in, (size_t)(b->sc - b->in->scen),
                                       (size_t)k) != KP_KEY;
}

/* y: one per account eligible in the scenario that may be key (all of
 * them when exact), and one per excluded account with a committed
 * activity (fixed to 0, so that the programme is infeasible by itself),
 * unless omitted. */
static void account_cols(struct kp__build *b)
{
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;
    for (size_t k = 0; k < in->nacc; k++) {
        const kp__account *a = &in->acc[k];
        int conflict = kp__acc_conflict(in, b->sc, (int)k);
        lp->y[k] = -1;
        if (!(kp__acc_eligible(in, b->sc, (int)k) || conflict) ||
            (b->o->omit_acc && b->o->omit_acc[k]) || fixed_out_free(b, (int)k))
            continue;
        if (kp__acc_status(in, b->sc, (int)k) != KP_KEY && !conflict &&
            !b->o->exact &&
            kp__account_blocked(in, (int)k, b->sc->min_contacts, NULL))
            continue;
        lp->y[k] = kp__build_col(b, 0, 0, 1, "y", a->id, (long)k, 0);
    }
}

/* x, z and w of the accounts with a y. */
static void item_cols(struct kp__build *b)
{
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;
    for (size_t a = 0; a < in->nact; a++) {
        const kp__activity *ac = &in->act[a];
        lp->x[a] = -1;
        if (lp->y[ac->account] < 0)
            continue;
        for (int j = 1; j <= ac->max_count; j++) {
            int c = kp__build_col(b, kp__occurrence_value_in(in, b->sc, a, j), 0, 1, "x", ac->id,
                                  (long)a, j);
            if (j == 1)
                lp->x[a] = c;
        }
    }
    for (size_t c = 0; c < in->ncon; c++) {
        const kp__contact *ct = &in->con[c];
        lp->z[c] = -1;
        if (lp->y[ct->account] >= 0 && in->cact_start[c + 1] > in->cact_start[c])
            lp->z[c] = kp__build_col(b, 0, 0, 1, "z", ct->id, (long)c, 0);
    }
    for (size_t o = 0; o < in->nobj; o++) {
        const kp__objective *ob = &in->obj[o];
        lp->w[o] = -1;
        if (lp->y[ob->account] >= 0 && ob->value > 0 &&
            in->oact_start[o + 1] > in->oact_start[o])
            lp->w[o] = kp__build_col(b, ob->value, 0, 1, "w", ob->id, (long)o, 0);
    }
}

/* The account of every column, for decomposition. Returns 0 or -1. */
static int column_accounts(struct kp__build *b)
{
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;
    lp->col_acc = malloc(((size_t)lp->ncols + 1) * sizeof *lp->col_acc);
    if (!lp->col_acc)
        return -1;
    for (size_t k = 0; k < in->nacc; k++)
        if (lp->y[k] >= 0)
            lp->col_acc[lp->y[k]] = (int)k;
    for (size_t a = 0; a < in->nact; a++)
        for (int j = 0; lp->x[a] >= 0 && j < in->act[a].max_count; j++)
            lp->col_acc[lp->x[a] + j] = in->act[a].account;
    for (size_t c = 0; c < in->ncon; c++)
        if (lp->z[c] >= 0)
            lp->col_acc[lp->z[c]] = in->con[c].account;
    for (size_t o = 0; o < in->nobj; o++)
        if (lp->w[o] >= 0)
            lp->col_acc[lp->w[o]] = in->obj[o].account;
    kp__team_col_accounts(in, lp);
    return 0;
}

/* The rows of every rule of scope `scope` for item i. */
static void rule_rows(struct kp__build *b, int scope, int i)
{
    for (int r = 0; r < KP_N_RULES; r++) {
        const kp__rule *rule = kp__rule_get(r);
        if (rule->scope == scope && rule->rows)
            rule->rows(b, i);
    }
}

/* Contact c's row: from the first contact rule that requires it and is
 * not left out. Without z (no activity engages c) the row says y[k] <= 0;
 * the shortcut left such accounts out instead. */
static void contact_rows(struct kp__build *b, int c)
{
    const kp__contact *ct = &b->in->con[c];
    for (int r = 0; r < KP_N_RULES; r++) {
        const kp__rule *rule = kp__rule_get(r);
        if (rule->scope != KP__SCOPE_CONTACT || !rule->requires_contact(b->in, ct) ||
            kp__build_dropped(b, ct->account, r))
            continue;
        if (b->lp->z[c] >= 0 || b->o->exact)
            rule->rows(b, c);
        return;
    }
}

/* Per key account: the "blocked" row of a forced account that cannot be
 * key (blocked: k + 1), then its rules' rows, then its contacts'. */
static void account_rows(struct kp__build *b, int blocked)
{
    const kp_instance *in = b->in;
    for (size_t k = 0; k < in->nacc; k++) {
        int y = b->lp->y[k];
        if (y < 0)
            continue;
        if (blocked > 0 && (size_t)blocked == k + 1) {
            kp__build_row(b, -HUGE_VAL, 0, "blocked", in->acc[k].id, NULL, (long)k, 0);
            kp__build_entry(b, y, 1);
        }
        rule_rows(b, KP__SCOPE_ACCOUNT, (int)k);
        kp__team_account_rows(b, (int)k);
        for (int i = in->con_start[k]; i < in->con_start[k + 1]; i++)
            contact_rows(b, in->con_idx[i]);
    }
}

/* Per activity: linking x[a,1] <= y[k], the order of occurrences, then
 * its rules' rows. */
static void activity_rows(struct kp__build *b)
{
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;
    for (size_t a = 0; a < in->nact; a++) {
        const kp__activity *ac = &in->act[a];
        int x = lp->x[a];
        if (x < 0)
            continue;
        kp__build_row(b, -HUGE_VAL, 0, "link", ac->id, NULL, (long)a, 0);
        kp__build_entry(b, x, 1);
        kp__build_entry(b, lp->y[ac->account], -1);
        for (int j = 2; j <= ac->max_count; j++) {
            kp__build_row(b, -HUGE_VAL, 0, "order", ac->id, NULL, (long)a, j);
            kp__build_entry(b, x + j - 1, 1);
            kp__build_entry(b, x + j - 2, -1);
        }
        kp__periods_activity_rows(b, (int)a);
        rule_rows(b, KP__SCOPE_ACTIVITY, (int)a);
    }
}

/* z[c] only through an activity with c; w[o] only through one for o. */
static void engage_support_rows(struct kp__build *b)
{
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;
    for (size_t c = 0; c < in->ncon; c++) {
        if (lp->z[c] < 0)
            continue;
        kp__build_row(b, -HUGE_VAL, 0, "engage", in->con[c].id, NULL, (long)c, 0);
        kp__build_entry(b, lp->z[c], 1);
        for (int i = in->cact_start[c]; i < in->cact_start[c + 1]; i++)
            kp__build_entry(b, lp->x[in->cact_idx[i]], -1);
    }
    for (size_t o = 0; o < in->nobj; o++) {
        if (lp->w[o] < 0)
            continue;
        kp__build_row(b, -HUGE_VAL, 0, "support", in->obj[o].id, NULL, (long)o, 0);
        kp__build_entry(b, lp->w[o], 1);
        for (int i = in->oact_start[o]; i < in->oact_start[o + 1]; i++)
            kp__build_entry(b, lp->x[in->oact_idx[i]], -1);
    }
}

/* Why account k fixed key cannot be (it has no variables), into why. */
static void fix_key_why(const kp_instance *in, const kp__scenario *sc, int k,
                        kp__str *why)
{
    const kp__account *a = &in->acc[k];
    kp__str_addf(why, "%s cannot be key: ", a->id);
    if (!kp__acc_eligible(in, sc, k))
        kp__str_addf(why, "it does not qualify");
    else if (!kp__account_blocked(in, k, sc->min_contacts, why))
        kp__str_addf(why, "it has no variables");
}

/* Why activity a cannot be done lo times, its occurrences bounded at 0
 * by a rule (locked at min_count, a prerequisite that cannot be done),
 * into why. */
static void fix_count_why(const kp_instance *in, int a, int lo, kp__str *why)
{
    const kp__activity *ac = &in->act[a];
    kp__str_addf(why, "%s cannot be done %d time%s: ", ac->id, lo, lo == 1 ? "" : "s");
    if (ac->locked)
        kp__str_addf(why, "it is locked at %d (activities.csv locked)", ac->min_count);
    else
        kp__str_add(why, "the rules bound it below that");
}

/* The decisions of b->o->fix as bounds: y[k] = 1 for an account fixed key
 * (fixed out has no columns: account_cols), each activity's occurrences
 * beyond hi at 0 and up to lo at 1. A decision without the columns to take
 * it makes the model blocked, with the reason. Returns 0, or -1 when out
 * of memory. */
static int fix_bounds(struct kp__build *b)
{
    const kp__fix *f = b->o->fix;
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;
    kp__str why = KP__STR_INIT;

    for (size_t k = 0; f && f->acc && k < in->nacc; k++) {
        if (f->acc[k] == KP__FIX_OUT && lp->y[k] >= 0 && !why.len) {
            kp__str_addf(&why, "%s cannot be dropped: it is committed key (",
                         in->acc[k].id);
            kp__forced_words(in, b->sc, (int)k, &why);
            kp__str_add(&why, ")");
        }
        if (f->acc[k] != KP__FIX_KEY)
            continue;
        if (lp->y[k] >= 0)
            lp->lb[lp->y[k]] = 1;
        else if (!why.len)
            fix_key_why(in, b->sc, (int)k, &why);
    }
    for (size_t a = 0; f && f->lo && f->hi && a < in->nact; a++) {
        const kp__activity *ac = &in->act[a];
        int lo = f->lo[a], hi = f->hi[a];
        if (lo > 0 && (lp->x[a] < 0 || lo > ac->max_count || lo > hi) && !why.len)
            kp__str_addf(&why, "%s cannot be done %d time%s: %s", ac->id, lo,
                         lo == 1 ? "" : "s", lp->x[a] < 0 ? "its account "
                         "cannot be key" : "more than its max_count or range");
        for (int j = 1; lp->x[a] >= 0 && j <= ac->max_count; j++) {
            if (j <= lo && lp->ub[lp->x[a] + j - 1] < 1) {
                /* A rule's bound (locked) forbids it: never lb > ub. */
                if (!why.len)
                    fix_count_why(in, (int)a, lo, &why);
                continue;
            }
            if (j <= lo)
                lp->lb[lp->x[a] + j - 1] = 1;
            if (j > hi)
                lp->ub[lp->x[a] + j - 1] = 0;
        }
    }
    if (why.len && !lp->blocked_key) {
        lp->blocked_key = 1;
        free(lp->blocked_why);
        lp->blocked_why = kp__str_take(&why);
        if (!lp->blocked_why)
            return -1;
    }
    kp__str_free(&why);
    return why.oom ? -1 : 0;
}

/* Separable when every row after the plan's stays inside one account. */
static int separable(const kp__lp *lp)
{
    for (int i = lp->nglobal; i < lp->nrows; i++)
        for (int e = lp->rstart[i] + 1; e < lp->rstart[i + 1]; e++)
            if (lp->col_acc[lp->rind[e]] != lp->col_acc[lp->rind[lp->rstart[i]]])
                return 0;
    return 1;
}

/* A forced account that cannot be key makes the scenario infeasible; the
 * model still says so by itself (row "blocked"), for export. Returns as
 * kp__forced_problem does, with lp->blocked_why set; -2 when out of
 * memory. */
static int blocked_account(struct kp__build *b)
{
    kp__str why = KP__STR_INIT;
    int blocked = b->o->exact || b->o->fix ? 0 : kp__forced_problem(b->in, b->sc, &why);
    b->lp->blocked_key = blocked != 0;
    if (blocked && !(b->lp->blocked_why = kp__str_take(&why)))
        blocked = -2;
    kp__str_free(&why);
    return blocked;
}

/* model.h. */
int kp__lp_build_opts(const kp_instance *in, size_t s, const kp__lp_opts *opt,
                      kp__lp **out)
{
    struct kp__build b;
    kp__lp *lp;
    int blocked, rc = kp__build_start(&b, in, &in->scen[s], opt);

    *out = NULL;
    if (rc != KP_OK)
        return rc;
    lp = b.lp;
    blocked = blocked_account(&b);
    if (blocked == -2)
        goto oom;
    /* Columns: y, then each account's x, z and w together. */
    account_cols(&b);
    item_cols(&b);
    kp__team_cols(&b);
    if (kp__periods_cols(&b) != 0 || b.oom)
        goto oom;
    kp__team_cont(&b);
    if (b.oom)
        goto oom;
    for (int r = 0; r < KP_N_RULES; r++)
        if (kp__rule_get(r)->bounds)
            kp__rule_get(r)->bounds(&b);
    kp__replan_objective(&b);
    if (fix_bounds(&b) != 0 || column_accounts(&b) != 0)
        goto oom;
    kp__periods_col_acc(lp, in);
    rule_rows(&b, KP__SCOPE_PLAN, -1);
    kp__replan_row(&b);
    lp->nglobal = lp->nrows;
    account_rows(&b, blocked);
    activity_rows(&b);
    engage_support_rows(&b);
    rule_rows(&b, KP__SCOPE_GROUPS, -1);
    if (b.oom)
        goto oom;
    lp->separable = separable(lp);
    if (kp__lp_scale(lp) != KP_OK)
        goto oom;
    kp__build_end(&b);
    *out = lp;
    return KP_OK;
oom:
    kp__build_end(&b);
    kp__lp_free(lp);
    return KP_ENOMEM;
}
