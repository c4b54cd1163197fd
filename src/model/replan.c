/*
 * replan.c - the replanning terms of the programme (models/README.md,
 * "Replanning"). With occurrences in order (x[a,j] <= x[a,j-1]) and a
 * previous count p of activity a, |n(a) - p| is linear in them:
 *     sum over j <= p of (1 - x[a,j]) + sum over j > p of x[a,j]
 * (a previous count above max_count adds p - max_count, and an activity
 * without variables adds p). So a plan's changes are P + sum over j > p of
 * x[a,j] - sum over j <= p of x[a,j], P the previous occurrences in all:
 * a change cost moves the objective's coefficients and adds a constant,
 * and a change limit is one row over every account, a joining row.
 */
#include <stdlib.h>

#include "model/rules.h"

const int *kp__replan_prev(const struct kp__build *b)
{
    const kp_replan *r = b->o->replan;
    if (!r || !r->previous)
        return NULL;
    return r->previous[b->sc - b->in->scen];
}

/* The previous plan's occurrences, all activities together. */
static double previous_total(const kp_instance *in, const int *prev)
{
    double P = 0;
    for (size_t a = 0; a < in->nact; a++)
        P += prev[a];
    return P;
}

void kp__replan_objective(struct kp__build *b)
{
    const int *prev = kp__replan_prev(b);
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;
    double V = prev ? b->o->replan->change_cost : 0;

    if (!prev || !(V > 0) || b->oom)
        return;
    for (size_t a = 0; a < in->nact; a++)
        for (int j = 1; lp->x[a] >= 0 && j <= in->act[a].max_count; j++)
            lp->obj[lp->x[a] + j - 1] += j <= prev[a] ? V : -V;
    lp->obj_const = -V * previous_total(in, prev);
}

void kp__replan_row(struct kp__build *b)
{
    const int *prev = kp__replan_prev(b);
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;

    if (!prev || b->o->replan->max_changes < 0)
        return;
    lp->changes_row = kp__build_row(b, -HUGE_VAL, (double)b->o->replan->max_changes -
                                    previous_total(in, prev), "changes", NULL, NULL, -1, 0);
    for (size_t a = 0; a < in->nact; a++)
        for (int j = 1; lp->x[a] >= 0 && j <= in->act[a].max_count; j++)
            kp__build_entry(b, lp->x[a] + j - 1, j <= prev[a] ? -1 : 1);
}
