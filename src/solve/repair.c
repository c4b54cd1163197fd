/*
 * repair.c - turns a plan made for one scenario into a plan that fits
 * another, as a start plan for the solver (kp_solve_opts.hint).
 *
 * Scenarios differ only in hours, budget, max_key_accounts, min_contacts
 * and their own key and exclude. Every other rule of a plan holds in
 * every scenario, so a plan is repaired by dropping things: the accounts
 * the scenario excludes, accounts too thinly engaged for the
 * scenario's min_contacts, then repeat occurrences, then whole accounts,
 * each time the one worth least per unit of the resource that is over its
 * limit. Dropping a repeat occurrence never breaks a rule except an
 * account's min_hours and an activity's min_count, which are kept;
 * dropping a whole account never breaks one except a `requires` that
 * spans accounts, which is followed.
 * The result must still pass kp_plan_check, the independent referee.
 *
 * kp__plan_trim_exact is the last resort of the certification
 * (glpk_solve.c): a plan that passes the plan check, whose tolerance is
 * 1e-9, but breaks a limit by a hair when summed exactly, loses single
 * occurrences until it meets every limit exactly.
 */
#include <stdlib.h>
#include <string.h>

#include "solve/solve.h"

struct repair {
    const kp_instance *in;
    const kp__scenario *sc;
    int *n;                 /* the plan being repaired */
    double hours, cost;     /* its totals */
    double wh, wb;          /* weight of an hour, of a unit of budget */
    int *live;              /* per account: its activities in the plan */
    int nkey;               /* key accounts: with an activity, or forced */
    int *dep_start, *dep_idx;   /* activities that require activity a */
    int *gone;              /* activities dropped whose dependants are not
                               yet looked at */
    size_t ngone;
};

/* used exceeds cap (NaN: none) beyond rounding noise, as the plan check
 * judges. */
static int over(double used, double cap)
{
    return kp__isset(cap) && kp__over(used, cap);
}

/* Account k is forced key in the scenario (status=key, its key, a
 * min_count): it can never be dropped. */
static int forced(const struct repair *R, int k)
{
    return kp__acc_status(R->in, R->sc, k) == KP_KEY;
}

/* Account k has an activity in the plan (so it is key). */
static int has_activity(const struct repair *R, int k)
{
    return R->live[k] > 0;
}

/* Account k is key without any activity: forced (kp_plan_check). */
static int key_anyway(const struct repair *R, int k)
{
    return forced(R, k);
}

/* Hours, cost and value (objectives included) of account k's part. */
static void account_sums(const struct repair *R, int k, double *h, double *c,
                         double *v)
{
    const kp_instance *in = R->in;
    *h = *c = *v = 0;
    for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
        int a = in->act_idx[i];
        *h += R->n[a] * in->act[a].hours;
        *c += R->n[a] * in->act[a].cost;
        for (int j = 1; j <= R->n[a]; j++)
            *v += kp__occurrence_value(&in->act[a], j);
    }
    for (int i = in->obj_start[k]; i < in->obj_start[k + 1]; i++) {
        int o = in->obj_idx[i];
        for (int j = in->oact_start[o]; j < in->oact_start[o + 1]; j++) {
            if (R->n[in->oact_idx[j]] > 0) {
                *v += in->obj[o].value;
                break;
            }
        }
    }
}

/* Removes count occurrences of activity a, keeping the totals; when it
 * leaves the plan, its dependants are to be looked at (R->gone). */
static void drop_activity(struct repair *R, int a, int count)
{
    int k = R->in->act[a].account;
    if (count <= 0)
        return;
    R->hours -= count * R->in->act[a].hours;
    R->cost -= count * R->in->act[a].cost;
    R->n[a] -= count;
    if (R->n[a] > 0)
        return;
    R->gone[R->ngone++] = a;    /* at most once per activity */
    if (--R->live[k] == 0 && !key_anyway(R, k))
        R->nkey--;
}

/* Drops every activity of account k. */
static void drop_whole(struct repair *R, int k)
{
    const kp_instance *in = R->in;
    for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++)
        drop_activity(R, in->act_idx[i], R->n[in->act_idx[i]]);
}

/* Drops whatever requires an activity that left the plan, until every
 * `requires` holds again: an activity of a forced account on its own,
 * else its whole account (kp_plan_check judges what is left). Each
 * activity leaves once, so this is linear in the prerequisites. */
static void drop_dependants(struct repair *R)
{
    const kp_instance *in = R->in;
    while (R->ngone > 0) {
        int a = R->gone[--R->ngone];
        for (int i = R->dep_start[a]; i < R->dep_start[a + 1]; i++) {
            int d = R->dep_idx[i], k = in->act[d].account;
            if (R->n[d] <= 0)
                continue;
            if (forced(R, k))
                drop_activity(R, d, R->n[d]);
            else
                drop_whole(R, k);
        }
    }
}

/* Drops all of account k, then whatever required it. */
static void drop_account(struct repair *R, int k)
{
    drop_whole(R, k);
    drop_dependants(R);
}

/* Accounts that cannot be key in this scenario (its exclude) leave the
 * plan, with whatever required them. */
static void drop_ineligible(struct repair *R)
{
    for (size_t k = 0; k < R->in->nacc; k++)
        if (has_activity(R, (int)k) && !kp__acc_eligible(R->in, R->sc, (int)k))
            drop_account(R, (int)k);
}

/* Accounts (not forced) whose engaged contacts fall short of this
 * scenario's min_contacts cannot stay key. */
static void drop_thin_accounts(struct repair *R)
{
    const kp_instance *in = R->in;
    for (size_t k = 0; k < in->nacc; k++) {
        int engaged = 0;
        if (forced(R, (int)k) || !has_activity(R, (int)k))
            continue;
        for (int i = in->con_start[k]; i < in->con_start[k + 1]; i++) {
            int c = in->con_idx[i];
            for (int j = in->cact_start[c]; j < in->cact_start[c + 1]; j++) {
                if (R->n[in->cact_idx[j]] > 0) {
                    engaged++;
                    break;
                }
            }
        }
        if (engaged < R->sc->min_contacts)
            drop_account(R, (int)k);
    }
}

/* A repeat occurrence j of activity a, and its value per weighted unit. */
struct cand {
    int a, j;
    double ratio;
};

/* qsort order: least value per unit first, ties in activity order. */
static int cand_cmp(const void *x, const void *y)
{
    const struct cand *p = x, *q = y;
    if (p->ratio != q->ratio)
        return p->ratio < q->ratio ? -1 : 1;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return q->j - p->j;     /* the later occurrence of an activity first */
}

/* Drops repeat occurrences (j >= 2), least value per weighted resource
 * first, while hours or budget is over, keeping each account's min_hours.
 * Returns -1 when out of memory. */
static int drop_repeats(struct repair *R)
{
    const kp_instance *in = R->in;
    size_t nc = 0;
    struct cand *c;
    double *acc_hours = calloc(in->nacc + 1, sizeof *acc_hours);

    for (size_t a = 0; a < in->nact; a++)
        nc += R->n[a] > 1 ? (size_t)(R->n[a] - 1) : 0;
    c = malloc((nc + 1) * sizeof *c);
    if (!c || !acc_hours) {
        free(c);
        free(acc_hours);
        return -1;
    }
    nc = 0;
    for (size_t a = 0; a < in->nact; a++) {
        const kp__activity *ac = &in->act[a];
        double use = ac->hours * R->wh + ac->cost * R->wb;
        acc_hours[ac->account] += R->n[a] * ac->hours;
        for (int j = 2; j <= R->n[a] && use > 0; j++) {
            c[nc].a = (int)a;
            c[nc].j = j;
            c[nc].ratio = kp__occurrence_value(ac, j) / use;
            nc++;
        }
    }
    qsort(c, nc, sizeof *c, cand_cmp);
    for (size_t i = 0; i < nc; i++) {
        const kp__activity *ac = &in->act[c[i].a];
        if (!over(R->hours, R->sc->hours) && !over(R->cost, R->sc->budget))
            break;
        if (R->n[c[i].a] != c[i].j || c[i].j <= ac->min_count ||
            acc_hours[ac->account] - ac->hours < in->acc[ac->account].min_hours - 1e-9)
            continue;
        acc_hours[ac->account] -= ac->hours;
        drop_activity(R, c[i].a, 1);
    }
    free(c);
    free(acc_hours);
    return 0;
}

/* An account that may be dropped, and its value per weighted resource. */
struct acc_ratio {
    int k;
    double ratio;
};

/* qsort order: least value per unit first, ties in account order. */
static int ratio_cmp(const void *x, const void *y)
{
    const struct acc_ratio *p = x, *q = y;
    if (p->ratio != q->ratio)
        return p->ratio < q->ratio ? -1 : 1;
    return p->k - q->k;
}

/* Drops whole accounts, least value per weighted resource first, while
 * hours or budget is over or too many accounts are key. An account that
 * may be dropped (not forced) is whole or gone by now (drop_dependants
 * takes whole accounts), so the order is settled once. Returns -1 when
 * nothing can be dropped any more or out of memory. */
static int drop_accounts(struct repair *R)
{
    const kp_instance *in = R->in;
    struct acc_ratio *c = malloc((in->nacc + 1) * sizeof *c);
    size_t nc = 0, i = 0;
    int rc = -1;

    if (!c)
        return -1;
    for (size_t k = 0; k < in->nacc; k++) {
        double h, cost, v, use;
        if (!has_activity(R, (int)k) || forced(R, (int)k))
            continue;
        account_sums(R, (int)k, &h, &cost, &v);
        use = h * R->wh + cost * R->wb;
        if (use > 0) {
            c[nc].k = (int)k;
            c[nc++].ratio = v / use;
        }
    }
    qsort(c, nc, sizeof *c, ratio_cmp);
    for (;;) {
        if (!over(R->hours, R->sc->hours) && !over(R->cost, R->sc->budget) &&
            (R->sc->max_key_accounts < 0 || R->nkey <= R->sc->max_key_accounts)) {
            rc = 0;
            break;
        }
        while (i < nc && !has_activity(R, c[i].k))
            i++;
        if (i == nc)
            break;
        drop_account(R, c[i++].k);
    }
    free(c);
    return rc;
}

/* The activities that require activity a (CSR into R->dep_start and
 * R->dep_idx), the plan's key accounts, and room for R->gone. Returns 0
 * or -1 (memory). */
static int repair_start(struct repair *R)
{
    const kp_instance *in = R->in;
    int *fill = NULL;

    R->live = calloc(in->nacc + 1, sizeof *R->live);
    R->gone = malloc((in->nact + 1) * sizeof *R->gone);
    R->dep_start = calloc(in->nact + 2, sizeof *R->dep_start);
    if (!R->live || !R->gone || !R->dep_start)
        return -1;
    for (size_t a = 0; a < in->nact; a++)
        for (int r = 0; r < in->act[a].nrequires; r++)
            R->dep_start[in->act[a].requires[r] + 1]++;
    for (size_t a = 0; a < in->nact; a++)
        R->dep_start[a + 1] += R->dep_start[a];
    R->dep_idx = malloc(((size_t)R->dep_start[in->nact] + 1) * sizeof *R->dep_idx);
    fill = malloc((in->nact + 1) * sizeof *fill);
    if (!R->dep_idx || !fill) {
        free(fill);
        return -1;
    }
    memcpy(fill, R->dep_start, (in->nact + 1) * sizeof *fill);
    for (size_t a = 0; a < in->nact; a++)
        for (int r = 0; r < in->act[a].nrequires; r++)
            R->dep_idx[fill[in->act[a].requires[r]]++] = (int)a;
    free(fill);
    for (size_t a = 0; a < in->nact; a++) {
        R->live[in->act[a].account] += R->n[a] > 0;
        R->hours += R->n[a] * in->act[a].hours;
        R->cost += R->n[a] * in->act[a].cost;
        /* A prerequisite missing from the start goes with the first
         * account dropped, as any other. */
        if (R->n[a] <= 0)
            R->gone[R->ngone++] = (int)a;
    }
    for (size_t k = 0; k < in->nacc; k++)
        R->nkey += R->live[k] > 0 || key_anyway(R, (int)k);
    return 0;
}

static void repair_free(struct repair *R)
{
    free(R->live);
    free(R->gone);
    free(R->dep_start);
    free(R->dep_idx);
}

/* solve.h. */
int kp__plan_repair(const kp_instance *in, size_t s, const int *src, int *out)
{
    struct repair R;
    const kp__scenario *sc = &in->scen[s];
    int rc = -1;

    memset(&R, 0, sizeof R);
    R.in = in;
    R.sc = sc;
    R.n = out;
    memcpy(out, src, in->nact * sizeof *out);
    if (repair_start(&R) != 0)
        goto out;
    drop_ineligible(&R);
    drop_thin_accounts(&R);
    /* Weigh what is over its limit; when only the number of key accounts
     * is, weigh both resources by their share of what is available. */
    int oh = over(R.hours, sc->hours), ob = over(R.cost, sc->budget);
    R.wh = oh || !ob ? 1 / (sc->hours > 0 ? sc->hours : 1) : 0;
    R.wb = kp__isset(sc->budget) && (ob || !oh) ? 1 / (sc->budget > 0 ? sc->budget : 1) : 0;
    if (drop_repeats(&R) == 0 && drop_accounts(&R) == 0)
        rc = kp_plan_check(in, s, out, NULL, NULL) == 0 ? 0 : -1;
out:
    repair_free(&R);
    return rc;
}

/* An occurrence that kp__plan_trim_exact may drop: the last one done of an
 * activity that uses hours or money, and what it is worth. */
struct last_one {
    double value;
    int a;
};

static int by_value(const void *p, const void *q)
{
    const struct last_one *x = p, *y = q;
    return x->value < y->value ? -1 : x->value > y->value ? 1 : x->a - y->a;
}

/* One drop: the occurrence worth least, among the 64 worth least, whose
 * removal keeps the plan check passing. Returns 1 when one was dropped, 0
 * when none could be, -1 when out of memory. */
static int drop_one(const kp_instance *in, size_t s, int *counts)
{
    size_t n = 0;
    struct last_one *c = malloc((in->nact + 1) * sizeof *c);
    int done = 0;
    if (!c)
        return -1;
    for (size_t a = 0; a < in->nact; a++)
        if (counts[a] > 0 && (in->act[a].hours > 0 || in->act[a].cost > 0))
            c[n++] = (struct last_one){kp__occurrence_value(&in->act[a], counts[a]), (int)a};
    qsort(c, n, sizeof *c, by_value);
    for (size_t i = 0; i < n && i < 64 && !done; i++) {
        counts[c[i].a]--;
        done = kp_plan_check(in, s, counts, NULL, NULL) == 0;
        if (!done)
            counts[c[i].a]++;
    }
    free(c);
    return done;
}

/* solve.h. */
int kp__plan_trim_exact(const kp_instance *in, size_t s, int *counts)
{
    for (int step = 0; step <= 8; step++) {
        int ex = kp__plan_exact(in, s, counts, NULL);
        if (ex != 0)
            return ex == 1 && kp_plan_check(in, s, counts, NULL, NULL) == 0 ? 0 : -1;
        if (step == 8 || drop_one(in, s, counts) != 1)
            break;
    }
    return -1;
}
