/*
 * closure.c - the sums of a heuristic's move without walking it: a move
 * is the first occurrence of an activity with the prerequisites it still
 * lacks (its closure, heuristics.c), and rating every move by walking its
 * closure costs, along a requires chain of n activities, n^2 / 2 steps
 * (a chain of 100,000: hours per heuristic). Here the closure's value,
 * hours and cost are kept per activity, each made once from those of its
 * prerequisites (an iterative depth-first pass, so that chains of any
 * length fit the C stack), for as long as the plan and the tentative
 * moves stay as they are (an epoch, kp__closure_touch).
 *
 * An activity's closure is it and the union of its lacking prerequisites'
 * closures. Sums stand for that union where it is plain: one lacking
 * prerequisite; several whose closures cannot overlap (each required by
 * that activity alone, and every activity inside them by one activity
 * only: a tree); or several of which one requires all the others (a
 * ladder: each activity requires the two before it). And no member may
 * have a group or an objective not yet supported (whose worth counts
 * once per plan, and whose alternatives exclude each other). Elsewhere
 * the sums say KP__CLOSURE_WALK, and the caller walks the closure as
 * before. A closure with a member that can never be added (its account
 * not eligible, not key and not the one being opened) says
 * KP__CLOSURE_FAILS, as the walk would. Closures in more than two
 * accounts are walked too: the rules' test for moves needs each
 * account's hours and cost.
 */
#include <stdlib.h>
#include <string.h>

#include "solve/solve.h"

/* solve.h. */
int kp__closure_init(kp__closure *c, const kp_instance *in, const int *counts,
                     const int *tn, const unsigned char *key, const unsigned char *obj_on,
                     const int *dep_start)
{
    memset(c, 0, sizeof *c);
    c->in = in;
    c->counts = counts;
    c->tn = tn;
    c->key = key;
    c->obj_on = obj_on;
    c->dep_start = dep_start;
    c->epoch = 1;
    c->opening = -1;
    c->sums = malloc((in->nact + 1) * sizeof *c->sums);
    c->at = calloc(in->nact + 1, sizeof *c->at);
    return c->sums && c->at ? 0 : -1;
}

/* solve.h. */
void kp__closure_free(kp__closure *c)
{
    free(c->sums);
    free(c->at);
    free(c->stack);
    memset(c, 0, sizeof *c);
}

/* solve.h. An epoch that wraps around starts every sum afresh. */
void kp__closure_touch(kp__closure *c)
{
    if (++c->epoch == 0) {
        memset(c->at, 0, (c->in->nact + 1) * sizeof *c->at);
        c->epoch = 1;
    }
}

/* 1 when activity a is neither in the plan nor among the tentative moves
 * (it belongs to a closure). */
static int lacking(const kp__closure *c, int a)
{
    return c->counts[a] + c->tn[a] == 0;
}

/* Adds the sums of a prerequisite's closure q to p (at most two accounts,
 * else KP__CLOSURE_WALK). */
static void merge(kp__closure_sums *p, const kp__closure_sums *q)
{
    p->size += q->size;
    p->value += q->value;
    p->hours += q->hours;
    p->cost += q->cost;
    for (int i = 0; i < q->nacc && p->kind == KP__CLOSURE_OK; i++) {
        int j = 0;
        while (j < p->nacc && p->acc[j] != q->acc[i])
            j++;
        if (j == p->nacc) {
            if (p->nacc == 2) {
                p->kind = KP__CLOSURE_WALK;
                return;
            }
            p->acc[p->nacc] = q->acc[i];
            p->acc_hours[p->nacc] = 0;
            p->acc_cost[p->nacc++] = 0;
        }
        p->acc_hours[j] += q->acc_hours[i];
        p->acc_cost[j] += q->acc_cost[i];
    }
}

/* The number of activities that require activity q. */
static int dependants(const kp__closure *c, int q)
{
    return c->dep_start[q + 1] - c->dep_start[q];
}

/* 1 when every lacking prerequisite of v but `best` is a prerequisite of
 * best itself (then it lies in best's closure, and v's closure is v and
 * best's): a ladder, where each activity requires the two before it.
 * Looks at no more than DOMINANCE_SCAN prerequisites of each. */
#define DOMINANCE_SCAN 32
static int dominates(const kp__closure *c, int best, int v)
{
    const kp__activity *av = &c->in->act[v], *ab = &c->in->act[best];
    if (av->nrequires > DOMINANCE_SCAN || ab->nrequires > DOMINANCE_SCAN)
        return 0;
    for (int r = 0; r < av->nrequires; r++) {
        int q = av->requires[r], in = q == best || !lacking(c, q);
        for (int t = 0; t < ab->nrequires && !in; t++)
            in = ab->requires[t] == q;
        if (!in)
            return 0;
    }
    return 1;
}

/* v's sums from those of its lacking prerequisites, which are of this
 * epoch already and none of which fails or must be walked: one of them
 * (then v's closure is v and its), several whose closures cannot overlap
 * (each required by v alone, and a tree: every activity in them required
 * by one activity only), or several that one of them dominates. */
static void add_prerequisites(kp__closure *c, kp__closure_sums *p, int v)
{
    const kp__activity *ac = &c->in->act[v];
    int n = 0, best = -1, tree = 1;

    for (int r = 0; r < ac->nrequires; r++) {
        int q = ac->requires[r];
        if (!lacking(c, q))
            continue;
        n++;
        if (best < 0 || c->sums[q].size > c->sums[best].size)
            best = q;
        tree = tree && c->sums[q].tree && dependants(c, q) == 1;
    }
    p->tree = n == 0 || tree;
    if (n == 1 || (n > 1 && !tree && dominates(c, best, v))) {
        merge(p, &c->sums[best]);
    } else if (n > 1 && tree) {
        for (int r = 0; r < ac->nrequires; r++)
            if (lacking(c, ac->requires[r]))
                merge(p, &c->sums[ac->requires[r]]);
    } else if (n > 1) {
        p->kind = KP__CLOSURE_WALK;
    }
}

/* Makes activity v's sums from its own figures and those of its lacking
 * prerequisites, which are all of this epoch already. */
static void make_sums(kp__closure *c, int v, int opening)
{
    const kp_instance *in = c->in;
    const kp__activity *ac = &in->act[v];
    kp__closure_sums *p = &c->sums[v];
    int k = ac->account;

    c->at[v] = c->epoch;
    memset(p, 0, sizeof *p);
    p->kind = KP__CLOSURE_OK;
    p->size = 1;
    p->value = kp__occurrence_value(ac, 1);
    p->hours = p->acc_hours[0] = ac->hours;
    p->cost = p->acc_cost[0] = ac->cost;
    p->acc[0] = k;
    p->nacc = 1;
    if (!kp__acc_eligible(in, c->sc, k) || (ac->locked && ac->min_count == 0) ||
        (!c->key[k] && k != opening)) {
        p->kind = KP__CLOSURE_FAILS;
        return;
    }
    if (ac->group >= 0 || (ac->objective >= 0 && !c->obj_on[ac->objective]))
        p->kind = KP__CLOSURE_WALK;
    for (int r = 0; r < ac->nrequires; r++) {
        int q = ac->requires[r];
        if (!lacking(c, q))
            continue;
        if (c->sums[q].kind == KP__CLOSURE_FAILS) {
            p->kind = KP__CLOSURE_FAILS;
            return;
        }
        if (c->sums[q].kind == KP__CLOSURE_WALK)
            p->kind = KP__CLOSURE_WALK;
    }
    if (p->kind == KP__CLOSURE_OK)
        add_prerequisites(c, p, v);
}

/* Puts v on the pass's stack; returns 0 or -1 (memory). */
static int push(kp__closure *c, size_t *depth, int v)
{
    if (*depth == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 64;
        int *s = realloc(c->stack, 2 * cap * sizeof *s);
        if (!s)
            return -1;
        c->stack = s;
        c->cap = cap;
    }
    c->stack[2 * *depth] = v;
    c->stack[2 * *depth + 1] = 0;
    (*depth)++;
    return 0;
}

/* solve.h. */
const kp__closure_sums *kp__closure_get(kp__closure *c, int a, int opening)
{
    const kp_instance *in = c->in;
    size_t depth = 0;

    if (c->at[a] == c->epoch && c->opening == opening)
        return &c->sums[a];
    if (c->opening != opening) {
        c->opening = opening;
        kp__closure_touch(c);
    }
    if (push(c, &depth, a) != 0)
        return NULL;
    /* Post-order: an activity's sums once its lacking prerequisites have
     * theirs (each activity once per epoch; the graph has no cycle). */
    while (depth > 0) {
        int v = c->stack[2 * (depth - 1)], *next = &c->stack[2 * (depth - 1) + 1];
        const kp__activity *ac = &in->act[v];
        if (*next < ac->nrequires) {
            int q = ac->requires[(*next)++];
            if (lacking(c, q) && c->at[q] != c->epoch && push(c, &depth, q) != 0)
                return NULL;
            continue;
        }
        make_sums(c, v, opening);
        depth--;
    }
    return &c->sums[a];
}
