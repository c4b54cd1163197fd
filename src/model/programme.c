/*
 * programme.c - builds MODEL.md's integer programme for one scenario, in plain
 * 0-based arrays that no solver owns (glpk_solve.c turns them into a GLPK
 * problem; export writes them as LP or MPS through GLPK).
 *
 * Differences from the letter of MODEL.md, none of which changes the
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

#include "model/model.h"

struct builder {
    kp__lp *lp;
    const kp_instance *in;
    const kp__lp_opts *o;
    int names;
    int colcap, rowcap;
    int oom;
    kp__strmap *seen;       /* names given so far (with names only) */
};

void kp__lp_free(kp__lp *lp)
{
    if (!lp)
        return;
    if (lp->cname)
        for (int j = 0; j < lp->ncols; j++)
            free(lp->cname[j]);
    if (lp->rname)
        for (int i = 0; i < lp->nrows; i++)
            free(lp->rname[i]);
    free(lp->cname);
    free(lp->rname);
    free(lp->obj);
    free(lp->lb);
    free(lp->ub);
    free(lp->rlo);
    free(lp->rhi);
    free(lp->rstart);
    free(lp->rind);
    free(lp->rval);
    free(lp->y);
    free(lp->x);
    free(lp->z);
    free(lp->w);
    free(lp->col_acc);
    free(lp);
}

/* Reallocates *p to n elements of size elem; leaves it alone on failure. */
static int resize(void *p, size_t n, size_t elem)
{
    void *q = realloc(*(void **)p, n * elem);
    if (!q)
        return -1;
    *(void **)p = q;
    return 0;
}

/* Appends id to out (n bytes used of len), keeping the characters that
 * CPLEX LP and MPS files accept in a name: '-' becomes '.', anything else
 * '_'. Returns the new length. */
static size_t put_id(char *out, size_t n, size_t len, const char *id)
{
    static const char ok[] = "!\"#$%&/.;?@_`'{}|";
    for (const char *p = id; *p && n + 1 < len; p++) {
        unsigned char ch = (unsigned char)*p;
        int keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                   (ch >= '0' && ch <= '9') || strchr(ok, ch);
        out[n++] = keep ? (char)ch : ch == '-' ? '.' : '_';
    }
    out[n] = '\0';
    return n;
}

/* Name "pfx(ID)", "pfx(ID,j)" (j > 0) or "pfx(ID,ID2)" (id2). Names stay
 * unique: one that was given already gets "~N" appended. */
static char *make_name(struct builder *b, const char *pfx, const char *id,
                       const char *id2, int j, long index)
{
    char buf[256];
    size_t n = (size_t)snprintf(buf, sizeof buf, "%s", pfx);
    if (id) {
        buf[n++] = '(';
        n = put_id(buf, n, 120, id);
        if (id2) {
            buf[n++] = ',';
            n = put_id(buf, n, 230, id2);
        } else if (j > 0) {
            n += (size_t)snprintf(buf + n, sizeof buf - n, ",%d", j);
        }
        buf[n++] = ')';
        buf[n] = '\0';
    }
    char *name = kp__strdup(buf);
    if (name && kp__strmap_get(b->seen, name) >= 0) {
        snprintf(buf + n, sizeof buf - n, "~%ld", index);
        free(name);
        name = kp__strdup(buf);
    }
    if (name && kp__strmap_put(b->seen, name, 0) == -2) {
        free(name);
        name = NULL;
    }
    return name;
}

static int add_col(struct builder *b, double obj, double lb, double ub,
                   const char *pfx, const char *id, long index, int j)
{
    kp__lp *lp = b->lp;
    int c = lp->ncols;
    if (b->oom)
        return -1;
    if (c == b->colcap) {
        size_t cap = b->colcap ? 2 * (size_t)b->colcap : 1024;
        if (resize(&lp->obj, cap, sizeof *lp->obj) ||
            resize(&lp->lb, cap, sizeof *lp->lb) ||
            resize(&lp->ub, cap, sizeof *lp->ub) ||
            (b->names && resize(&lp->cname, cap, sizeof *lp->cname))) {
            b->oom = 1;
            return -1;
        }
        b->colcap = (int)cap;
    }
    lp->obj[c] = obj;
    lp->lb[c] = lb;
    lp->ub[c] = ub;
    if (b->names && !(lp->cname[c] = make_name(b, pfx, id, NULL, j, index))) {
        b->oom = 1;
        return -1;
    }
    lp->ncols++;
    return c;
}

/* Opens a row; add_entry() appends to it until the next row opens. */
static int add_row(struct builder *b, double lo, double hi, const char *pfx,
                   const char *id, const char *id2, long index, int j)
{
    kp__lp *lp = b->lp;
    int r = lp->nrows;
    if (b->oom)
        return -1;
    if (r + 2 > b->rowcap) {
        size_t cap = b->rowcap ? 2 * (size_t)b->rowcap : 1024;
        if (resize(&lp->rlo, cap, sizeof *lp->rlo) ||
            resize(&lp->rhi, cap, sizeof *lp->rhi) ||
            resize(&lp->rstart, cap, sizeof *lp->rstart) ||
            (b->names && resize(&lp->rname, cap, sizeof *lp->rname))) {
            b->oom = 1;
            return -1;
        }
        b->rowcap = (int)cap;
    }
    lp->rlo[r] = lo;
    lp->rhi[r] = hi;
    lp->rstart[r] = (int)lp->nnz;
    lp->rstart[r + 1] = (int)lp->nnz;
    if (b->names && !(lp->rname[r] = make_name(b, pfx, id, id2, j, index))) {
        b->oom = 1;
        return -1;
    }
    lp->nrows++;
    return r;
}

static void add_entry(struct builder *b, int col, double val)
{
    kp__lp *lp = b->lp;
    if (b->oom || col < 0 || val == 0)
        return;
    if (lp->nnz == lp->cap) {
        size_t cap = lp->cap ? 2 * lp->cap : 4096;
        if (resize(&lp->rind, cap, sizeof *lp->rind) ||
            resize(&lp->rval, cap, sizeof *lp->rval)) {
            b->oom = 1;
            return;
        }
        lp->cap = cap;
    }
    lp->rind[lp->nnz] = col;
    lp->rval[lp->nnz] = val;
    lp->nnz++;
    lp->rstart[lp->nrows] = (int)lp->nnz;
}

/* Adds sum_{j} coef(a) * x[a,j] over the activities of account k. */
static void add_account_sum(struct builder *b, int k, int use_cost)
{
    const kp_instance *in = b->in;
    for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
        int a = in->act_idx[i];
        const kp__activity *ac = &in->act[a];
        if (b->lp->x[a] < 0)
            continue;
        for (int j = 0; j < ac->max_count; j++)
            add_entry(b, b->lp->x[a] + j, use_cost ? ac->cost : ac->hours);
    }
}

/* 1 when the rule group `rule` of account k (k < 0: a global group) is
 * left out of the model. */
static int dropped(const struct builder *b, int k, int rule)
{
    if (k < 0)
        return (b->o->drop & KP__RULE_BIT(rule)) != 0;
    return b->o->drop_acc && (b->o->drop_acc[k] & KP__RULE_BIT(rule)) != 0;
}

int kp__lp_build(const kp_instance *in, size_t s, int with_names, kp__lp **out)
{
    kp__lp_opts opt;
    memset(&opt, 0, sizeof opt);
    opt.with_names = with_names;
    return kp__lp_build_opts(in, s, &opt, out);
}

int kp__lp_build_opts(const kp_instance *in, size_t s, const kp__lp_opts *opt,
                      kp__lp **out)
{
    const kp__scenario *sc = &in->scen[s];
    struct builder b;
    kp__lp *lp = calloc(1, sizeof *lp);
    char why[400];
    int blocked, with_names = opt->with_names;

    *out = NULL;
    memset(&b, 0, sizeof b);
    b.lp = lp;
    b.in = in;
    b.o = opt;
    b.names = with_names;
    if (!lp)
        return KP_ENOMEM;
    if (with_names && !(b.seen = kp__strmap_new(4 * in->nact + 64)))
        goto oom;
    lp->y = malloc((in->nacc + 1) * sizeof *lp->y);
    lp->x = malloc((in->nact + 1) * sizeof *lp->x);
    lp->z = malloc((in->ncon + 1) * sizeof *lp->z);
    lp->w = malloc((in->nobj + 1) * sizeof *lp->w);
    if (!lp->y || !lp->x || !lp->z || !lp->w)
        goto oom;
    /* A forced account that cannot be key makes the scenario infeasible;
     * the model still says so by itself (row "blocked"), for export. */
    blocked = opt->exact ? 0 : kp__forced_problem(in, sc, lp->blocked_why,
                                                sizeof lp->blocked_why);
    lp->blocked_key = blocked != 0;

    /* Columns: y, then each account's x, z and w together. */
    for (size_t k = 0; k < in->nacc; k++) {
        const kp__account *a = &in->acc[k];
        lp->y[k] = -1;
        if (!a->eligible || (opt->omit_acc && opt->omit_acc[k]))
            continue;
        if (a->status != KP_KEY && !opt->exact &&
            kp__account_blocked(in, (int)k, sc->min_contacts, why, sizeof why))
            continue;
        lp->y[k] = add_col(&b, 0, a->status == KP_KEY &&
                           !dropped(&b, (int)k, KP_RULE_STATUS_KEY) ? 1 : 0, 1,
                           "y", a->id, (long)k, 0);
    }
    for (size_t a = 0; a < in->nact; a++) {
        const kp__activity *ac = &in->act[a];
        lp->x[a] = -1;
        if (lp->y[ac->account] < 0)
            continue;
        for (int j = 1; j <= ac->max_count; j++) {
            int c = add_col(&b, kp__occurrence_value(ac, j), 0, 1, "x", ac->id, (long)a, j);
            if (j == 1)
                lp->x[a] = c;
        }
    }
    for (size_t c = 0; c < in->ncon; c++) {
        const kp__contact *ct = &in->con[c];
        lp->z[c] = -1;
        if (lp->y[ct->account] >= 0 && in->cact_start[c + 1] > in->cact_start[c])
            lp->z[c] = add_col(&b, 0, 0, 1, "z", ct->id, (long)c, 0);
    }
    for (size_t o = 0; o < in->nobj; o++) {
        const kp__objective *ob = &in->obj[o];
        lp->w[o] = -1;
        if (lp->y[ob->account] >= 0 && ob->value > 0 &&
            in->oact_start[o + 1] > in->oact_start[o])
            lp->w[o] = add_col(&b, ob->value, 0, 1, "w", ob->id, (long)o, 0);
    }
    if (b.oom)
        goto oom;
    /* Prerequisites on activities without variables: the dependant cannot
     * be done either. */
    for (size_t a = 0; a < in->nact && !dropped(&b, -1, KP_RULE_REQUIRES); a++) {
        const kp__activity *ac = &in->act[a];
        if (lp->x[a] < 0)
            continue;
        for (int r = 0; r < ac->nrequires; r++)
            if (lp->x[ac->requires[r]] < 0)
                for (int j = 0; j < ac->max_count; j++)
                    lp->ub[lp->x[a] + j] = 0;
    }

    /* The account of every column, for decomposition. */
    lp->col_acc = malloc(((size_t)lp->ncols + 1) * sizeof *lp->col_acc);
    if (!lp->col_acc)
        goto oom;
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

    /* 1. hours, 2. budget. A global group left out stays as a free row, so
     * that its sum can still serve as an objective. */
    lp->budget_row = lp->portfolio_row = -1;
    lp->hours_row = lp->nrows;
    add_row(&b, -HUGE_VAL, dropped(&b, -1, KP_RULE_HOURS) ? HUGE_VAL : sc->hours,
            "hours", NULL, NULL, 0, 0);
    for (size_t a = 0; a < in->nact; a++)
        for (int j = 0; lp->x[a] >= 0 && j < in->act[a].max_count; j++)
            add_entry(&b, lp->x[a] + j, in->act[a].hours);
    if (kp__isset(sc->budget)) {
        lp->budget_row = lp->nrows;
        add_row(&b, -HUGE_VAL, dropped(&b, -1, KP_RULE_BUDGET) ? HUGE_VAL : sc->budget,
                "budget", NULL, NULL, 0, 0);
        for (size_t a = 0; a < in->nact; a++)
            for (int j = 0; lp->x[a] >= 0 && j < in->act[a].max_count; j++)
                add_entry(&b, lp->x[a] + j, in->act[a].cost);
    }
    /* 10. portfolio size. */
    if (sc->max_key_accounts >= 0) {
        lp->portfolio_row = lp->nrows;
        add_row(&b, -HUGE_VAL, dropped(&b, -1, KP_RULE_MAX_KEY_ACCOUNTS) ? HUGE_VAL
                : sc->max_key_accounts, "portfolio", NULL, NULL, 0, 0);
        for (size_t k = 0; k < in->nacc; k++)
            add_entry(&b, lp->y[k], 1);
    }
    lp->nglobal = lp->nrows;
    /* Per account: 4, 5, 6, 7. */
    for (size_t k = 0; k < in->nacc; k++) {
        const kp__account *a = &in->acc[k];
        int y = lp->y[k];
        if (y < 0)
            continue;
        if (blocked > 0 && (size_t)blocked == k + 1) {
            add_row(&b, -HUGE_VAL, 0, "blocked", a->id, NULL, (long)k, 0);
            add_entry(&b, y, 1);
        }
        if (kp__isset(a->max_hours) && !dropped(&b, (int)k, KP_RULE_MAX_HOURS)) {
            add_row(&b, -HUGE_VAL, 0, "acc_hours_max", a->id, NULL, (long)k, 0);
            add_account_sum(&b, (int)k, 0);
            add_entry(&b, y, -a->max_hours);
        }
        if (a->min_hours > 0 && !dropped(&b, (int)k, KP_RULE_MIN_HOURS)) {
            add_row(&b, 0, HUGE_VAL, "acc_hours_min", a->id, NULL, (long)k, 0);
            add_account_sum(&b, (int)k, 0);
            add_entry(&b, y, -a->min_hours);
        }
        if (kp__isset(a->max_budget) && !dropped(&b, (int)k, KP_RULE_MAX_BUDGET)) {
            add_row(&b, -HUGE_VAL, 0, "acc_budget_max", a->id, NULL, (long)k, 0);
            add_account_sum(&b, (int)k, 1);
            add_entry(&b, y, -a->max_budget);
        }
        if (sc->min_contacts > 0 && !dropped(&b, (int)k, KP_RULE_MIN_CONTACTS)) {
            add_row(&b, 0, HUGE_VAL, "breadth", a->id, NULL, (long)k, 0);
            for (int i = in->con_start[k]; i < in->con_start[k + 1]; i++)
                add_entry(&b, lp->z[in->con_idx[i]], 1);
            add_entry(&b, y, -sc->min_contacts);
        }
        for (int i = in->con_start[k]; i < in->con_start[k + 1]; i++) {
            int c = in->con_idx[i];
            const kp__contact *ct = &in->con[c];
            int entr = in->pol.require_entrenched && ct->entrenched &&
                       !dropped(&b, (int)k, KP_RULE_ENTRENCHED);
            int opp = kp__isset(in->pol.opponent_influence) &&
                      ct->stance == KP__STANCE_OPPONENT &&
                      ct->influence >= in->pol.opponent_influence &&
                      !dropped(&b, (int)k, KP_RULE_OPPONENT);
            /* Without z (no activity engages c) the row says y[k] <= 0;
             * the shortcut left such accounts out instead. */
            if ((entr || opp) && (lp->z[c] >= 0 || opt->exact)) {
                add_row(&b, 0, HUGE_VAL, entr ? "entrenched" : "opponent", ct->id,
                        NULL, (long)c, 0);
                add_entry(&b, lp->z[c], 1);
                add_entry(&b, y, -1);
            }
        }
    }
    /* Per activity: 3 (linking), the order of occurrences, 8. */
    for (size_t a = 0; a < in->nact; a++) {
        const kp__activity *ac = &in->act[a];
        int x = lp->x[a];
        if (x < 0)
            continue;
        add_row(&b, -HUGE_VAL, 0, "link", ac->id, NULL, (long)a, 0);
        add_entry(&b, x, 1);
        add_entry(&b, lp->y[ac->account], -1);
        for (int j = 2; j <= ac->max_count; j++) {
            add_row(&b, -HUGE_VAL, 0, "order", ac->id, NULL, (long)a, j);
            add_entry(&b, x + j - 1, 1);
            add_entry(&b, x + j - 2, -1);
        }
        for (int r = 0; r < ac->nrequires && !dropped(&b, -1, KP_RULE_REQUIRES); r++) {
            int req = ac->requires[r];
            if (lp->x[req] < 0)
                continue;
            add_row(&b, -HUGE_VAL, 0, "requires", ac->id, in->act[req].id,
                    (long)a, 0);
            add_entry(&b, x, 1);
            add_entry(&b, lp->x[req], -1);
        }
    }
    /* z and w linking. */
    for (size_t c = 0; c < in->ncon; c++) {
        if (lp->z[c] < 0)
            continue;
        add_row(&b, -HUGE_VAL, 0, "engage", in->con[c].id, NULL, (long)c, 0);
        add_entry(&b, lp->z[c], 1);
        for (int i = in->cact_start[c]; i < in->cact_start[c + 1]; i++)
            add_entry(&b, lp->x[in->cact_idx[i]], -1);
    }
    for (size_t o = 0; o < in->nobj; o++) {
        if (lp->w[o] < 0)
            continue;
        add_row(&b, -HUGE_VAL, 0, "support", in->obj[o].id, NULL, (long)o, 0);
        add_entry(&b, lp->w[o], 1);
        for (int i = in->oact_start[o]; i < in->oact_start[o + 1]; i++)
            add_entry(&b, lp->x[in->oact_idx[i]], -1);
    }
    /* 9. alternatives: members gathered per group by a counting sort. */
    if (in->ngroups && !dropped(&b, -1, KP_RULE_GROUP)) {
        int *gstart = calloc(in->ngroups + 1, sizeof *gstart);
        int *gidx = malloc((in->nact + 1) * sizeof *gidx);
        if (!gstart || !gidx) {
            free(gstart);
            free(gidx);
            goto oom;
        }
        for (size_t a = 0; a < in->nact; a++)
            if (lp->x[a] >= 0 && in->act[a].group >= 0)
                gstart[in->act[a].group + 1]++;
        for (size_t g = 0; g < in->ngroups; g++)
            gstart[g + 1] += gstart[g];
        for (size_t a = 0; a < in->nact; a++)
            if (lp->x[a] >= 0 && in->act[a].group >= 0)
                gidx[gstart[in->act[a].group]++] = (int)a;
        /* gstart[g] now holds the end of group g; its start is gstart[g-1]. */
        for (size_t g = 0; g < in->ngroups; g++) {
            int from = g ? gstart[g - 1] : 0, to = gstart[g];
            if (to - from < 2)
                continue;
            add_row(&b, -HUGE_VAL, 1, "group", in->groups[g], NULL, (long)g, 0);
            for (int i = from; i < to; i++)
                add_entry(&b, lp->x[gidx[i]], 1);
        }
        free(gstart);
        free(gidx);
    }
    if (b.oom)
        goto oom;
    /* Separable when every later row stays inside one account. */
    lp->separable = 1;
    for (int i = lp->nglobal; i < lp->nrows && lp->separable; i++)
        for (int e = lp->rstart[i] + 1; e < lp->rstart[i + 1]; e++)
            if (lp->col_acc[lp->rind[e]] != lp->col_acc[lp->rind[lp->rstart[i]]])
                lp->separable = 0;
    kp__strmap_free(b.seen);
    *out = lp;
    return KP_OK;
oom:
    kp__strmap_free(b.seen);
    kp__lp_free(lp);
    return KP_ENOMEM;
}
