/*
 * heuristics.c - plans made the way a planner without kamplan might make
 * them, to show what such habits leave on the table (kamplan bench):
 *
 *  - value_per_hour: the activity (or new key account) worth most per hour
 *    first, while anything fits;
 *  - value_per_cost: the same per unit of money (free activities first);
 *  - biggest_first: the accounts with the most sales first, each filled
 *    with its activities worth most per hour before the next one;
 *  - equal_hours: the hours shared out equally among the accounts that can
 *    be key (forced ones first, then by sales, at most max_key_accounts),
 *    each filled by value per hour within its share.
 *
 * Each builds a plan that meets every rule of models/README.md where it can. A move
 * is one more occurrence of an activity, together with the prerequisites
 * it still lacks; making an account key is one move too: its opening
 * package engages the contacts a contact rule requires (the entrenched
 * influencers and blocking opponents: kp__contact_rule), then
 * enough contacts for min_contacts, then enough hours for min_hours, each
 * time with the best activity by the heuristic's measure. Whether a move
 * fits is each rule's own test for moves (kp__rules_keep). Accounts forced
 * key are opened first whatever they cost; when one does not fit, the plan
 * breaks a rule and kp_plan_check says which. Moves wait in a max-heap by
 * their worth per hour (or per unit of cost); a move's worth only falls as
 * the plan grows (an objective already supported adds nothing twice), so
 * it is re-rated when it comes to the top, and put back if it fell.
 *
 * Cost. Rating a move costs time linear in its closure (the move and the
 * prerequisites it still lacks): the tentative moves keep per activity,
 * contact and group counts, the closure is walked with a stack of its own
 * (a requires chain of 100,000 activities would overflow the C stack),
 * and the sums of a move are taken in one pass. A closure of
 * FAST_CLOSURE activities or more is rated by its sums, kept per activity
 * between changes of the plan (closure.c), where they add up (along a
 * requires chain, say): then rating every move of a chain of n activities
 * costs time linear in n, not n^2 / 2; such a move is walked only when
 * it is made. A heuristic also stops at a deadline or a stop flag
 * (kp__heuristic_plan_until), with the plan made so far.
 */
#include <stdlib.h>
#include <string.h>

#include "solve/solve.h"

enum { MOVE_ACT, MOVE_OPEN };

/* visit()'s `opening` for the commitments: any eligible account may
 * become key (a committed activity pulls its prerequisites in). */
#define ANY_ACCOUNT (-2)

/* Closures of at least this many activities are rated by their sums
 * (closure.c); shorter ones are walked, as cheaply, and their sums taken
 * in the walk's order, to the last bit as ever. The environment's
 * KP_FAST_CLOSURE, for tests, sets another (0: never). */
#define FAST_CLOSURE 64

/* A move in the heap, rated by (r1, r2): r2 breaks ties. */
struct move {
    double r1, r2;
    int type;       /* MOVE_ACT: one more of activity idx; MOVE_OPEN: account idx */
    int idx;
};

struct heur {
    const kp_instance *in;
    const kp__scenario *sc;
    int per_cost;           /* rate by value per unit of cost, else per hour */
    int thrift;             /* rate by the least share of hours and budget */
    int only;               /* >= 0: new moves only for this account */
    int *counts;            /* the plan being built (the caller's array) */
    unsigned char *key, *con_on, *obj_on;
    int *group_taken;       /* per group: the activity done, or -1 */
    double hours, cost;
    double *acc_h, *acc_c;
    double *cap_h;          /* per account: max_hours or a share; INFINITY */
    int nkey;
    int *tent;              /* tentative occurrences: activity indices */
    size_t ntent, tentcap;
    /* Per activity, contact and group: tentative occurrences (tn), those
     * that engage the contact (con_tn), those of the group (grp_tn, all of
     * activity grp_act: a move never holds two members of one group). */
    int *tn, *con_tn, *grp_tn, *grp_act;
    /* Scratch of tent_eval and fits, zero between calls. */
    int *seen;
    unsigned char *obj_mark, *acc_mark;
    double *sum_h, *sum_c;
    struct frame *dfs;      /* add_closure's stack */
    size_t dfscap;
    double deadline;        /* kp__now() seconds; <= 0: none */
    volatile const int *stop;
    unsigned polls;
    int cut;                /* the deadline or the stop came */
    struct move *heap;
    size_t nheap, heapcap;
    int *dep_start, *dep_idx;   /* activities that require activity a */
    kp__closure cl;         /* closure sums (cl.sums NULL: no requires) */
    kp__closure_sums fast;  /* the last move built, when rated by them */
    int is_fast;
    int fast_min;           /* FAST_CLOSURE, or KP_FAST_CLOSURE's */
    int oom;
};

static const char *const NAMES[KP_N_HEURISTICS] = {
    "value_per_hour", "value_per_cost", "biggest_first", "equal_hours"
};

/* kamplan.h. */
const char *kp_heuristic_name(int h)
{
    return h >= 0 && h < KP_N_HEURISTICS ? NAMES[h] : "?";
}

/* One step of add_closure's walk: activity a, and the index of the next
 * prerequisite of a to look at. */
struct frame {
    int a, r;
};

/* 1 once the deadline has passed or a stop was asked for (h->cut then
 * stays set). The clock is read every 32nd call: a call costs at most one
 * closure's walk. */
static int late(struct heur *h)
{
    if (h->cut)
        return 1;
    if (h->stop && *h->stop)
        h->cut = 1;
    else if (h->deadline > 0 && ++h->polls % 32 == 0 && kp__now() > h->deadline)
        h->cut = 1;
    return h->cut;
}

/* Occurrences of a in the plan and the tentative moves. */
static int tcount(const struct heur *h, int a)
{
    return h->counts[a] + h->tn[a];
}

/* Counts tentative occurrence a in (delta 1) or out (-1) of the per
 * activity, contact and group counts. */
static void track(struct heur *h, int a, int delta)
{
    const kp__activity *ac = &h->in->act[a];
    h->tn[a] += delta;
    if (ac->contact >= 0)
        h->con_tn[ac->contact] += delta;
    if (ac->group >= 0) {
        h->grp_tn[ac->group] += delta;
        h->grp_act[ac->group] = a;
    }
}

/* Cuts the tentative moves back to their first n. */
static void tcut(struct heur *h, size_t n)
{
    while (h->ntent > n)
        track(h, h->tent[--h->ntent], -1);
}

/* Pushes one tentative occurrence of a; returns 0 or -1 (memory, noted
 * in h->oom). */
static int tpush(struct heur *h, int a)
{
    if (h->ntent == h->tentcap) {
        size_t cap = h->tentcap ? 2 * h->tentcap : 64;
        int *p = realloc(h->tent, cap * sizeof *p);
        if (!p) {
            h->oom = 1;
            return -1;
        }
        h->tent = p;
        h->tentcap = cap;
    }
    h->tent[h->ntent++] = a;
    track(h, a, 1);
    return 0;
}

/* Pushes one more tentative occurrence of a, when it belongs to a key
 * account or to `opening`, is free of its group's other members and below
 * its max_count. Returns 1 when it is a's first occurrence (its missing
 * prerequisites must follow), 0 when not, -1 when it cannot be added. */
static int visit(struct heur *h, int a, int opening)
{
    const kp_instance *in = h->in;
    const kp__activity *ac = &in->act[a];
    int n = tcount(h, a);

    if (n >= (ac->locked ? ac->min_count : ac->max_count) ||
        !kp__acc_eligible(in, h->sc, ac->account))
        return -1;
    if (n == 0) {
        if (!h->key[ac->account] && ac->account != opening && opening != ANY_ACCOUNT)
            return -1;
        if (ac->group >= 0) {
            if (h->group_taken[ac->group] >= 0 && h->group_taken[ac->group] != a)
                return -1;
            if (h->grp_tn[ac->group] > 0 && h->grp_act[ac->group] != a)
                return -1;
        }
    }
    if (tpush(h, a) != 0)
        return -1;
    return n == 0;
}

/* Puts activity a on add_closure's stack at depth *depth. Returns 0 or
 * -1 (memory, noted in h->oom). */
static int dfs_push(struct heur *h, size_t *depth, int a)
{
    if (*depth == h->dfscap) {
        size_t cap = h->dfscap ? 2 * h->dfscap : 64;
        struct frame *p = realloc(h->dfs, cap * sizeof *p);
        if (!p) {
            h->oom = 1;
            return -1;
        }
        h->dfs = p;
        h->dfscap = cap;
    }
    h->dfs[*depth].a = a;
    h->dfs[*depth].r = 0;
    (*depth)++;
    return 0;
}

/* Adds one more occurrence of a to the tentative moves, with the first
 * occurrence of each prerequisite not yet done (depth first, each
 * prerequisite after the activity that needs it, in the order of its
 * requires list). Every activity touched must pass visit(). Returns 0, or
 * -1 (then the tentative moves are left longer: the caller cuts them
 * back). */
static int add_closure(struct heur *h, int a, int opening)
{
    const kp_instance *in = h->in;
    size_t depth = 0;
    int v = visit(h, a, opening);

    if (v <= 0)
        return v;
    if (dfs_push(h, &depth, a) != 0)
        return -1;
    while (depth > 0) {
        struct frame *f = &h->dfs[depth - 1];
        const kp__activity *ac = &in->act[f->a];
        int r;
        if (f->r == ac->nrequires) {
            depth--;
            continue;
        }
        r = ac->requires[f->r++];
        if (tcount(h, r) != 0)
            continue;
        v = visit(h, r, opening);
        if (v < 0 || (v > 0 && dfs_push(h, &depth, r) != 0))
            return -1;
    }
    return 0;
}

/* Value, hours and cost of the tentative moves from index `from` on, on
 * top of the plan and the moves before them. One pass: h->seen counts the
 * occurrences of each activity met so far, h->obj_mark the objectives. */
static void tent_eval(struct heur *h, size_t from, double *val, double *hrs,
                      double *cst)
{
    const kp_instance *in = h->in;
    *val = *hrs = *cst = 0;
    for (size_t t = 0; t < h->ntent; t++) {
        const kp__activity *ac = &in->act[h->tent[t]];
        int j = h->counts[h->tent[t]] + 1 + h->seen[h->tent[t]]++;
        int first = ac->objective >= 0 && !h->obj_on[ac->objective] &&
                    !h->obj_mark[ac->objective];
        if (ac->objective >= 0)
            h->obj_mark[ac->objective] = 1;
        if (t < from)
            continue;
        *val += kp__occurrence_value(ac, j);
        *hrs += ac->hours;
        *cst += ac->cost;
        if (first)
            *val += in->obj[ac->objective].value;
    }
    for (size_t t = 0; t < h->ntent; t++) {
        const kp__activity *ac = &in->act[h->tent[t]];
        h->seen[h->tent[t]] = 0;
        if (ac->objective >= 0)
            h->obj_mark[ac->objective] = 0;
    }
}

/* The heuristic's measure of value for hours and cost. */
static void rate(const struct heur *h, double val, double hrs, double cst,
                 double *r1, double *r2)
{
    if (h->thrift) {
        *r1 = -(hrs / (h->sc->hours > 0 ? h->sc->hours : 1) +
                (kp__isset(h->sc->budget) && h->sc->budget > 0 ? cst / h->sc->budget : 0));
        *r2 = val;
    } else if (h->per_cost) {
        *r1 = cst > 0 ? val / cst : val > 0 ? HUGE_VAL : 0;
        *r2 = val / hrs;
    } else {
        *r1 = val / hrs;
        *r2 = val;
    }
}

/* (a1, a2) rates above (b1, b2). */
static int better(double a1, double a2, double b1, double b2)
{
    return a1 > b1 || (a1 == b1 && a2 > b2);
}

/* Whether the plan plus the tentative moves keeps every rule that has a
 * test for moves in the rule table (the hours, budget, account caps and
 * portfolio size); opening: the account made key (-1: none). */
static int fits(struct heur *h, int opening)
{
    const kp_instance *in = h->in;
    double val, hrs, cst;
    kp__totals t;
    int ok = 1;

    tent_eval(h, 0, &val, &hrs, &cst);
    memset(&t, 0, sizeof t);
    t.in = in;
    t.sc = h->sc;
    t.hours = h->hours + hrs;
    t.cost = h->cost + cst;
    t.opens = opening >= 0 && !h->key[opening];
    t.nkey = h->nkey + t.opens;
    t.hours_cap = h->cap_h;
    if (!kp__rules_keep(&t, -1))
        return 0;
    /* Each account's hours and cost after the moves, summed in the moves'
     * order (h->acc_mark: 1 summed, 2 asked about). */
    for (size_t i = 0; i < h->ntent; i++) {
        const kp__activity *ac = &in->act[h->tent[i]];
        int k = ac->account;
        if (!h->acc_mark[k]) {
            h->acc_mark[k] = 1;
            h->sum_h[k] = h->acc_h[k];
            h->sum_c[k] = h->acc_c[k];
        }
        h->sum_h[k] += ac->hours;
        h->sum_c[k] += ac->cost;
    }
    for (size_t i = 0; i < h->ntent && ok; i++) {
        int k = in->act[h->tent[i]].account;
        if (h->acc_mark[k] != 1)
            continue;
        h->acc_mark[k] = 2;
        t.acc_hours = h->sum_h[k];
        t.acc_cost = h->sum_c[k];
        ok = kp__rules_keep(&t, k);
    }
    for (size_t i = 0; i < h->ntent; i++)
        h->acc_mark[in->act[h->tent[i]].account] = 0;
    return ok;
}

/* The sums of the closure of a's next occurrence, when they may stand
 * for walking it: a lacks its first occurrence, and its closure has
 * FAST_CLOSURE activities or more whose sums add up, or it fails (then
 * so would the walk). NULL: walk it. */
static const kp__closure_sums *fast_sums(struct heur *h, int a, int opening)
{
    const kp__closure_sums *p;
    if (!h->cl.sums || h->fast_min <= 0 || tcount(h, a) != 0)
        return NULL;
    if (!(p = kp__closure_get(&h->cl, a, opening))) {
        h->oom = 1;
        return NULL;
    }
    if (p->kind == KP__CLOSURE_FAILS || (p->kind == KP__CLOSURE_OK && p->size >= h->fast_min))
        return p;
    return NULL;
}

/* fits() for a move of one more activity (no account opened) rated by
 * its closure's sums p, without its tentative moves. */
static int fits_sums(const struct heur *h, const kp__closure_sums *p)
{
    kp__totals t;
    int ok;

    memset(&t, 0, sizeof t);
    t.in = h->in;
    t.sc = h->sc;
    t.hours = h->hours + p->hours;
    t.cost = h->cost + p->cost;
    t.nkey = h->nkey;
    t.hours_cap = h->cap_h;
    ok = kp__rules_keep(&t, -1);
    for (int i = 0; i < p->nacc && ok; i++) {
        t.acc_hours = h->acc_h[p->acc[i]] + p->acc_hours[i];
        t.acc_cost = h->acc_c[p->acc[i]] + p->acc_cost[i];
        ok = kp__rules_keep(&t, p->acc[i]);
    }
    return ok;
}

/* The tentative moves, or the account opened, are about to change (or
 * have): the closure sums of the last state are stale. */
static void touch(struct heur *h)
{
    if (h->cl.sums)
        kp__closure_touch(&h->cl);
}

/* add_best's scan over the candidates (the tentative moves stay as they
 * are during it, so that closure sums hold). */
static int scan_best(struct heur *h, const int *cand, int n, int opening,
                     int (*want)(const struct heur *h, int a))
{
    size_t save = h->ntent;
    double b1 = -HUGE_VAL, b2 = -HUGE_VAL;
    int best = -1;
    for (int i = 0; i < n; i++) {
        double val, hrs, cst, r1, r2;
        if (late(h))
            return -1;
        if (want && !want(h, cand[i]))
            continue;
        const kp__closure_sums *p = fast_sums(h, cand[i], opening);
        if (p) {
            if (p->kind == KP__CLOSURE_FAILS)
                continue;
            rate(h, p->value, p->hours, p->cost, &r1, &r2);
            if (best < 0 || better(r1, r2, b1, b2)) {
                best = cand[i];
                b1 = r1;
                b2 = r2;
            }
            continue;
        }
        if (add_closure(h, cand[i], opening) == 0) {
            tent_eval(h, save, &val, &hrs, &cst);
            rate(h, val, hrs, cst, &r1, &r2);
            if (best < 0 || better(r1, r2, b1, b2)) {
                best = cand[i];
                b1 = r1;
                b2 = r2;
            }
        }
        tcut(h, save);
    }
    if (best < 0 || add_closure(h, best, opening) != 0) {
        tcut(h, save);
        return -1;
    }
    return 0;
}

/* Of the candidates cand[0..n) (activities), adds to the tentative moves
 * the one whose closure rates best; `want` filters them (NULL: all).
 * Returns 0, or -1 when none can be added or the time is up. */
static int add_best(struct heur *h, const int *cand, int n, int opening,
                    int (*want)(const struct heur *h, int a))
{
    int rc;
    touch(h);
    rc = scan_best(h, cand, n, opening, want);
    touch(h);
    return rc;
}

/* 1 when contact c is engaged by the plan or the tentative moves. */
static int engaged(const struct heur *h, int c)
{
    return h->con_on[c] || h->con_tn[c] > 0;
}

/* add_best's filter: the activity engages a contact not yet engaged. */
static int engages_new(const struct heur *h, int a)
{
    int c = h->in->act[a].contact;
    return c >= 0 && !engaged(h, c);
}

/* Builds account k's opening package as the tentative moves (which must
 * be empty): its required contacts, min_contacts, min_hours. Returns 0, or
 * -1 when the account cannot meet its rules this way. */
static int package(struct heur *h, int k)
{
    const kp_instance *in = h->in;
    int *acts = in->act_idx + in->act_start[k];
    int nacts = in->act_start[k + 1] - in->act_start[k];
    int n = 0;
    double hrs = h->acc_h[k];

    for (int i = in->con_start[k]; i < in->con_start[k + 1]; i++) {
        int c = in->con_idx[i];
        int need = kp__contact_rule(in, &in->con[c]) >= 0;
        if (need && !engaged(h, c) &&
            add_best(h, in->cact_idx + in->cact_start[c],
                     in->cact_start[c + 1] - in->cact_start[c], k, NULL) != 0)
            return -1;
    }
    for (int i = in->con_start[k]; i < in->con_start[k + 1]; i++)
        n += engaged(h, in->con_idx[i]);
    for (; n < h->sc->min_contacts; n++)
        if (add_best(h, acts, nacts, k, engages_new) != 0)
            return -1;
    for (size_t t = 0; t < h->ntent; t++)
        if (in->act[h->tent[t]].account == k)
            hrs += in->act[h->tent[t]].hours;
    while (hrs < in->acc[k].min_hours - 1e-9 * (1 + in->acc[k].min_hours)) {
        size_t save = h->ntent;
        if (add_best(h, acts, nacts, k, NULL) != 0)
            return -1;
        for (size_t t = save; t < h->ntent; t++)
            if (in->act[h->tent[t]].account == k)
                hrs += in->act[h->tent[t]].hours;
    }
    /* An account becomes key by doing something: with no rule to meet,
     * its package is its best activity. */
    if (h->ntent == 0 && !h->key[k] && add_best(h, acts, nacts, k, NULL) != 0)
        return -1;
    return 0;
}

/* Rates move m as the plan stands: builds its tentative moves and sets
 * r1/r2. Returns 0, or -1 when it cannot be made (any more). */
static int build_move(struct heur *h, struct move *m)
{
    double val, hrs, cst;
    const kp__closure_sums *p;
    tcut(h, 0);
    h->is_fast = 0;
    if (m->type == MOVE_OPEN && h->key[m->idx])
        return -1;
    /* A long closure: rated by its sums; walked only when it is made. */
    if (m->type == MOVE_ACT && (p = fast_sums(h, m->idx, -1)) != NULL) {
        if (p->kind == KP__CLOSURE_FAILS)
            return -1;
        h->fast = *p;
        h->is_fast = 1;
        rate(h, p->value, p->hours, p->cost, &m->r1, &m->r2);
        return p->value > 0 ? 0 : -1;
    }
    if (m->type == MOVE_OPEN ? package(h, m->idx) : add_closure(h, m->idx, -1))
        return -1;
    tent_eval(h, 0, &val, &hrs, &cst);
    rate(h, val, hrs, cst, &m->r1, &m->r2);
    return val > 0 || m->type == MOVE_OPEN ? 0 : -1;
}

/* The heap's order: a below b. Ties go to the earlier activity, so the
 * plans never depend on the heap's internals. */
static int heap_less(const struct move *a, const struct move *b)
{
    if (a->r1 != b->r1)
        return a->r1 < b->r1;
    if (a->r2 != b->r2)
        return a->r2 < b->r2;
    if (a->type != b->type)
        return a->type < b->type;
    return a->idx > b->idx;     /* earlier in the file first */
}

/* Adds m to the max-heap (out of memory: noted in h->oom, m lost). */
static void heap_push(struct heur *h, const struct move *m)
{
    size_t i;
    if (h->nheap == h->heapcap) {
        size_t cap = h->heapcap ? 2 * h->heapcap : 256;
        struct move *p = realloc(h->heap, cap * sizeof *p);
        if (!p) {
            h->oom = 1;
            return;
        }
        h->heap = p;
        h->heapcap = cap;
    }
    i = h->nheap++;
    while (i > 0 && heap_less(&h->heap[(i - 1) / 2], m)) {
        h->heap[i] = h->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->heap[i] = *m;
}

/* Takes the best move off the heap (which must not be empty). */
static struct move heap_pop(struct heur *h)
{
    struct move top = h->heap[0], last = h->heap[--h->nheap];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->nheap)
            break;
        if (c + 1 < h->nheap && heap_less(&h->heap[c], &h->heap[c + 1]))
            c++;
        if (!heap_less(&last, &h->heap[c]))
            break;
        h->heap[i] = h->heap[c];
        i = c;
    }
    if (h->nheap)
        h->heap[i] = last;
    return top;
}

/* Rates a move and queues it when it can be made. */
static void offer(struct heur *h, int type, int idx)
{
    struct move m = {0, 0, type, idx};
    if (late(h))
        return;
    if (h->only >= 0 && (type == MOVE_OPEN ? idx : h->in->act[idx].account) != h->only)
        return;
    if (build_move(h, &m) == 0)
        heap_push(h, &m);
    tcut(h, 0);
}

/* Makes the tentative moves part of the plan, and queues what they make
 * possible: the next occurrences, the dependants of activities done for
 * the first time, a new key account's activities. */
static void commit(struct heur *h)
{
    const kp_instance *in = h->in;
    size_t n = h->ntent;
    int *done = h->tent;

    h->tent = NULL;
    h->ntent = h->tentcap = 0;
    for (size_t t = 0; t < n; t++) {
        int a = done[t];
        const kp__activity *ac = &in->act[a];
        track(h, a, -1);
        if (!h->key[ac->account]) {
            h->key[ac->account] = 1;
            h->nkey++;
        }
        h->counts[a]++;
        h->hours += ac->hours;
        h->cost += ac->cost;
        h->acc_h[ac->account] += ac->hours;
        h->acc_c[ac->account] += ac->cost;
        if (ac->contact >= 0)
            h->con_on[ac->contact] = 1;
        if (ac->objective >= 0)
            h->obj_on[ac->objective] = 1;
        if (ac->group >= 0)
            h->group_taken[ac->group] = a;
    }
    touch(h);
    for (size_t t = 0; t < n; t++) {
        int a = done[t];
        offer(h, MOVE_ACT, a);
        if (h->counts[a] != 1)
            continue;
        for (int i = h->dep_start[a]; i < h->dep_start[a + 1]; i++)
            if (h->counts[h->dep_idx[i]] == 0)
                offer(h, MOVE_ACT, h->dep_idx[i]);
    }
    free(done);
}

/* Makes account k key with its opening package when it fits (or always,
 * when forced). A forced account whose package does not fit gets the one
 * that takes the least of the hours and budget instead, if that fits: a
 * planner serves the accounts that must be served as cheaply as it takes.
 * Queues its activities. Returns 1 when opened. */
static int open_account(struct heur *h, int k, int force)
{
    const kp_instance *in = h->in;
    int built;
    tcut(h, 0);
    built = package(h, k) == 0;
    if (force && (!built || !fits(h, k))) {
        h->thrift = 1;
        tcut(h, 0);
        if (package(h, k) == 0 && fits(h, k)) {
            built = 1;
        } else {
            /* No better: the first package (if any), rules broken. */
            h->thrift = 0;
            tcut(h, 0);
            built = package(h, k) == 0;
        }
        h->thrift = 0;
    }
    if (!built || (!force && !fits(h, k))) {
        tcut(h, 0);
        return 0;
    }
    if (!h->key[k]) {
        h->key[k] = 1;
        h->nkey++;
    }
    commit(h);
    for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++)
        if (h->counts[in->act_idx[i]] == 0)
            offer(h, MOVE_ACT, in->act_idx[i]);
    return 1;
}

/* The greedy loop: best move first, re-rated when it comes up. */
static void greedy(struct heur *h)
{
    while (h->nheap && !h->oom && !late(h)) {
        struct move m = heap_pop(h), now = m;
        if (build_move(h, &now) != 0) {
            tcut(h, 0);
            continue;
        }
        if (heap_less(&now, &m) && (m.r1 - now.r1 > 1e-12 * (1 + fabs(m.r1)) ||
                                    m.r2 - now.r2 > 1e-12 * (1 + fabs(m.r2)))) {
            heap_push(h, &now);     /* it fell: wait its turn again */
            tcut(h, 0);
            continue;
        }
        if (h->is_fast ? !fits_sums(h, &h->fast) : !fits(h, m.type == MOVE_OPEN ? m.idx : -1)) {
            tcut(h, 0);
            continue;
        }
        if (m.type == MOVE_OPEN) {
            open_account(h, m.idx, 0);
        } else if (!h->is_fast || add_closure(h, m.idx, -1) == 0) {
            commit(h);
        } else {
            tcut(h, 0);
        }
    }
}

/* An account in sales order: forced ones first, then by sales (most
 * first), then in file order. */
struct ranked {
    int k, forced;
    double sales;
};

static int cmp_ranked(const void *pa, const void *pb)
{
    const struct ranked *a = pa, *b = pb;
    if (a->forced != b->forced)
        return a->forced ? -1 : 1;
    if (a->sales != b->sales)
        return a->sales > b->sales ? -1 : 1;
    return a->k - b->k;
}

/* Fills order[] with the accounts eligible in scenario sc in sales
 * order; returns their number, or -1 when out of memory. */
static int by_sales(const kp_instance *in, const kp__scenario *sc, int *order)
{
    struct ranked *r = malloc((in->nacc + 1) * sizeof *r);
    int n = 0;
    if (!r)
        return -1;
    for (size_t k = 0; k < in->nacc; k++) {
        if (!kp__acc_eligible(in, sc, (int)k))
            continue;
        r[n].k = (int)k;
        r[n].forced = kp__acc_status(in, sc, (int)k) == KP_KEY;
        r[n].sales = in->acc[k].crit[KP__C_SALES];
        n++;
    }
    qsort(r, (size_t)n, sizeof *r, cmp_ranked);
    for (int i = 0; i < n; i++)
        order[i] = r[i].k;
    free(r);
    return n;
}

/* equal_hours: keeps in order[0..*n) the accounts whose opening package
 * fits an equal share of the hours among them (forced ones always, at
 * most max_key_accounts in all), and sets their caps to that share. */
static void share_hours(struct heur *h, int *order, int *n)
{
    const kp_instance *in = h->in;
    int m = *n, changed = 1;
    int maxk = h->sc->max_key_accounts;
    double share = 0;

    if (maxk >= 0 && m > maxk) {
        int forced = 0;
        while (forced < m && kp__acc_status(in, h->sc, order[forced]) == KP_KEY)
            forced++;
        m = forced > maxk ? forced : maxk;
    }
    while (changed && !h->oom && !late(h)) {
        int keep = 0;
        changed = 0;
        share = m ? h->sc->hours / m : 0;
        for (int i = 0; i < m && !late(h); i++) {
            int k = order[i], ok = kp__acc_status(in, h->sc, k) == KP_KEY;
            if (!ok) {
                double val, hrs, cst, cap = h->cap_h[k] < share ? h->cap_h[k] : share;
                tcut(h, 0);
                ok = package(h, k) == 0;
                tent_eval(h, 0, &val, &hrs, &cst);
                ok = ok && !kp__over(hrs, cap);
                tcut(h, 0);
            }
            if (ok)
                order[keep++] = k;
        }
        changed = keep != m;
        m = keep;
    }
    for (int i = 0; i < m; i++)
        if (share < h->cap_h[order[i]])
            h->cap_h[order[i]] = share;
    *n = m;
}

/* Reverse prerequisites (CSR): the activities that require activity a. */
static int dependants(struct heur *h)
{
    const kp_instance *in = h->in;
    int *fill;
    h->dep_start = calloc(in->nact + 2, sizeof *h->dep_start);
    if (!h->dep_start)
        return -1;
    for (size_t a = 0; a < in->nact; a++)
        for (int r = 0; r < in->act[a].nrequires; r++)
            h->dep_start[in->act[a].requires[r] + 1]++;
    for (size_t a = 0; a < in->nact; a++)
        h->dep_start[a + 1] += h->dep_start[a];
    h->dep_idx = malloc(((size_t)h->dep_start[in->nact] + 1) * sizeof *h->dep_idx);
    fill = malloc((in->nact + 1) * sizeof *fill);
    if (!h->dep_idx || !fill) {
        free(fill);
        return -1;
    }
    memcpy(fill, h->dep_start, (in->nact + 1) * sizeof *fill);
    for (size_t a = 0; a < in->nact; a++)
        for (int r = 0; r < in->act[a].nrequires; r++)
            h->dep_idx[fill[in->act[a].requires[r]]++] = (int)a;
    free(fill);
    return 0;
}

static void offer_committed(struct heur *h, int k);

/* Fills one account after another (biggest_first, equal_hours): opens it
 * when it fits (forced ones always), then adds its best moves while they
 * fit, before the next account. */
static void account_by_account(struct heur *h, const int *order, int n)
{
    for (int i = 0; i < n && !h->oom && !late(h); i++) {
        int k = order[i], forced = kp__acc_status(h->in, h->sc, k) == KP_KEY;
        h->only = k;
        if (!forced && h->sc->max_key_accounts >= 0 &&
            h->nkey >= h->sc->max_key_accounts)
            continue;
        if (open_account(h, k, forced)) {
            offer_committed(h, k);
            greedy(h);
        }
    }
    h->only = -1;
}

/* Frees what heur_init allocated (the plan is the caller's). */
static void heur_free(struct heur *h)
{
    free(h->key);
    free(h->con_on);
    free(h->obj_on);
    free(h->group_taken);
    free(h->acc_h);
    free(h->acc_c);
    free(h->cap_h);
    free(h->tent);
    free(h->tn);
    free(h->con_tn);
    free(h->grp_tn);
    free(h->grp_act);
    free(h->seen);
    free(h->obj_mark);
    free(h->acc_mark);
    free(h->sum_h);
    free(h->sum_c);
    free(h->dfs);
    free(h->heap);
    free(h->dep_start);
    free(h->dep_idx);
    kp__closure_free(&h->cl);
}

/* Starts heuristic `which` for scenario s with the empty plan counts[]:
 * forced accounts are key from the start (the plan check counts them so
 * whatever the plan). Returns KP_OK or KP_ENOMEM (then heur_free). */
static int heur_init(struct heur *h, const kp_instance *in, size_t s, int which,
                     int *counts)
{
    memset(h, 0, sizeof *h);
    memset(counts, 0, in->nact * sizeof *counts);
    h->in = in;
    h->sc = &in->scen[s];
    h->counts = counts;
    h->only = -1;
    h->per_cost = which == KP_HEUR_VALUE_PER_COST;
    const char *env = getenv("KP_FAST_CLOSURE");
    h->fast_min = env && *env ? atoi(env) : FAST_CLOSURE;
    h->key = calloc(in->nacc + 1, 1);
    h->con_on = calloc(in->ncon + 1, 1);
    h->obj_on = calloc(in->nobj + 1, 1);
    h->group_taken = malloc((in->ngroups + 1) * sizeof *h->group_taken);
    h->acc_h = calloc(in->nacc + 1, sizeof *h->acc_h);
    h->acc_c = calloc(in->nacc + 1, sizeof *h->acc_c);
    h->cap_h = malloc((in->nacc + 1) * sizeof *h->cap_h);
    h->tn = calloc(in->nact + 1, sizeof *h->tn);
    h->con_tn = calloc(in->ncon + 1, sizeof *h->con_tn);
    h->grp_tn = calloc(in->ngroups + 1, sizeof *h->grp_tn);
    h->grp_act = calloc(in->ngroups + 1, sizeof *h->grp_act);
    h->seen = calloc(in->nact + 1, sizeof *h->seen);
    h->obj_mark = calloc(in->nobj + 1, 1);
    h->acc_mark = calloc(in->nacc + 1, 1);
    h->sum_h = calloc(in->nacc + 1, sizeof *h->sum_h);
    h->sum_c = calloc(in->nacc + 1, sizeof *h->sum_c);
    if (!h->key || !h->con_on || !h->obj_on || !h->group_taken || !h->acc_h ||
        !h->acc_c || !h->cap_h || !h->tn || !h->con_tn || !h->grp_tn ||
        !h->grp_act || !h->seen || !h->obj_mark || !h->acc_mark || !h->sum_h ||
        !h->sum_c || dependants(h) != 0)
        return KP_ENOMEM;
    if (in->req_pool && kp__closure_init(&h->cl, in, counts, h->tn, h->key, h->obj_on,
                                         h->dep_start) != 0)
        return KP_ENOMEM;
    h->cl.sc = h->sc;
    for (size_t g = 0; g < in->ngroups; g++)
        h->group_taken[g] = -1;
    for (size_t k = 0; k < in->nacc; k++) {
        h->cap_h[k] = kp__isset(in->acc[k].max_hours) ? in->acc[k].max_hours : INFINITY;
        if (kp__acc_status(in, h->sc, (int)k) == KP_KEY) {
            h->key[k] = 1;
            h->nkey++;
        }
    }
    return KP_OK;
}

/* The plan starts from the commitments: each activity's min_count
 * occurrences (of an account not excluded), with the prerequisites they
 * lack, whatever they cost (like a forced account: when they do not fit,
 * the plan breaks a rule and kp_plan_check says which). The moves they
 * make possible wait in the queue, or (keep 0: account by account) are
 * dropped, and offered when their account's turn comes
 * (offer_committed). */
static void start_committed(struct heur *h, int keep)
{
    const kp_instance *in = h->in;
    for (size_t a = 0; a < in->nact && !h->oom; a++) {
        const kp__activity *ac = &in->act[a];
        if (ac->min_count <= 0 || kp__acc_status(in, h->sc, ac->account) != KP_KEY)
            continue;
        while (h->counts[a] < ac->min_count) {
            tcut(h, 0);
            if (add_closure(h, (int)a, ANY_ACCOUNT) != 0) {
                tcut(h, 0);
                break;
            }
            commit(h);
        }
    }
    /* An account that a prerequisite made key gets its opening package. */
    for (size_t k = 0; k < in->nacc && !h->oom; k++)
        if (h->key[k] && kp__acc_status(in, h->sc, (int)k) != KP_KEY)
            open_account(h, (int)k, 1);
    if (!keep)
        h->nheap = 0;
}

/* Offers what account k's committed activities make possible: their next
 * occurrences, and the dependants of those done. */
static void offer_committed(struct heur *h, int k)
{
    const kp_instance *in = h->in;
    for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
        int a = in->act_idx[i];
        if (in->act[a].min_count <= 0 || h->counts[a] == 0)
            continue;
        offer(h, MOVE_ACT, a);
        for (int d = h->dep_start[a]; d < h->dep_start[a + 1]; d++)
            if (h->counts[h->dep_idx[d]] == 0)
                offer(h, MOVE_ACT, h->dep_idx[d]);
    }
}

/* solve.h. Forced accounts are opened first. */
int kp__heuristic_plan_until(const kp_instance *in, size_t s, int which, int *counts,
                             double deadline, volatile const int *stop, int *cut)
{
    struct heur h;
    int *order = NULL, n, rc;

    *cut = 0;
    if (s >= in->nscen || which < 0 || which >= KP_N_HEURISTICS)
        return KP_EINVAL;
    rc = heur_init(&h, in, s, which, counts);
    h.deadline = deadline;
    h.stop = stop;
    order = malloc((in->nacc + 1) * sizeof *order);
    if (rc != KP_OK || !order || (n = by_sales(in, h.sc, order)) < 0) {
        rc = KP_ENOMEM;
        goto out;
    }
    start_committed(&h, which == KP_HEUR_VALUE_PER_HOUR ||
                        which == KP_HEUR_VALUE_PER_COST);
    if (which == KP_HEUR_VALUE_PER_HOUR || which == KP_HEUR_VALUE_PER_COST) {
        for (int i = 0; i < n && kp__acc_status(in, h.sc, order[i]) == KP_KEY &&
                        !late(&h); i++)
            open_account(&h, order[i], 1);
        for (int i = 0; i < n; i++)
            if (!h.key[order[i]])
                offer(&h, MOVE_OPEN, order[i]);
        greedy(&h);
    } else {
        if (which == KP_HEUR_EQUAL_HOURS)
            share_hours(&h, order, &n);
        account_by_account(&h, order, n);
    }
    if (h.oom)
        rc = KP_ENOMEM;
    /* With periods, what does not fit in them is dropped (their rules
     * have no test of a move's totals). */
    if (rc == KP_OK && in->nper && kp__periods_fit(in, s, counts) < 0)
        rc = KP_ENOMEM;
    *cut = h.cut;
out:
    heur_free(&h);
    free(order);
    return rc;
}

/* kamplan.h: without limits. */
int kp_heuristic_plan(const kp_instance *in, size_t s, int which, int *counts)
{
    int cut;
    return kp__heuristic_plan_until(in, s, which, counts, 0, NULL, &cut);
}

/* solve.h. */
int kp__heuristic_best(const kp_instance *in, size_t s, double deadline,
                       volatile const int *stop, int *counts)
{
    int *plan = malloc((in->nact + 1) * sizeof *plan);
    double best = -HUGE_VAL;
    int found = 0, cut = 0;

    for (int h = 0; plan && h < KP_N_HEURISTICS && !cut; h++) {
        double v;
        if (kp__heuristic_plan_until(in, s, h, plan, deadline, stop, &cut) != KP_OK)
            break;
        if (kp_plan_check(in, s, plan, &v, NULL) == 0 && v > best) {
            best = v;
            memcpy(counts, plan, in->nact * sizeof *counts);
            found = 1;
        }
    }
    free(plan);
    return found;
}
