/*
 * moves.c - what every diff says of managers and periods (issue 15), in
 * one place: changes.csv between scenarios (frontier.c), to_optimal.csv
 * from a plan someone made to the optimal one (analysis/evaluate.c) and
 * the reports' words (src/report/). A plan is seen through a view (its
 * counts, the managers it names, its counts by period), so that a solved
 * result and a plan file compare alike: an account key in both plans
 * whose manager differs changes manager; an activity done as often in
 * both whose counts by period differ has moved; the periods of an
 * activity read "Q1:1 Q3:2".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results/results.h"

/* results.h. */
kp__plan_view kp__result_view(const kp_result *r)
{
    kp__plan_view v = {r->counts, r->mgr, r->pcounts};
    return v;
}

/* Whether account k is key in plan v of scenario s: forced, or with an
 * activity done (as kp_plan_check counts it). */
static int view_key(const kp_instance *in, size_t s, const kp__plan_view *v, size_t k)
{
    if (kp__acc_status(in, &in->scen[s], (int)k) == KP_KEY)
        return 1;
    for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++)
        if (v->counts[in->act_idx[i]] > 0)
            return 1;
    return 0;
}

/* results.h. */
int kp__view_manager(const kp_instance *in, size_t s, const kp__plan_view *v, size_t k)
{
    if (!in->has_team || !view_key(in, s, v, k))
        return -1;
    if (in->acc[k].manager >= 0)
        return in->acc[k].manager;
    return v->mgr ? v->mgr[k] : -1;
}

/* results.h. */
int kp__view_manager_moves(int from, int to)
{
    return from >= 0 && to >= 0 && from != to;
}

/* results.h. */
int kp__view_moved(const kp_instance *in, const kp__plan_view *a, const kp__plan_view *b,
                   size_t act)
{
    if (in->nper == 0 || !a->pcounts || !b->pcounts || a->counts[act] != b->counts[act])
        return 0;
    for (size_t p = 0; p < in->nper; p++)
        if (a->pcounts[act * in->nper + p] != b->pcounts[act * in->nper + p])
            return 1;
    return 0;
}

/* Activity act's counts by period in plan v, for kp__tab_text_join. */
struct by_period {
    const kp_instance *in;
    const kp__plan_view *v;
    size_t act;
};

/* Period p's piece, "ID:COUNT", or "" when the plan does not do the
 * activity in p. */
static const char *period_piece(const void *ctx, size_t p, char *buf, size_t len)
{
    const struct by_period *b = ctx;
    int n = b->v->pcounts[b->act * b->in->nper + p];
    if (n <= 0)
        return "";
    snprintf(buf, len, "%s:%d", b->in->per[p].id, n);
    return buf;
}

/* The number of pieces of activity act in plan v: none without a row, an
 * activity (act < 0) or counts by period. */
static size_t pieces(const kp_instance *in, const kp__plan_view *v, long act)
{
    return act >= 0 && v && v->pcounts ? in->nper : 0;
}

/* results.h. */
void kp__tab_periods(kp__tab *t, const kp_instance *in, const kp__plan_view *v, long act)
{
    struct by_period b = {in, v, act >= 0 ? (size_t)act : 0};
    kp__tab_text_join(t, pieces(in, v, act), period_piece, &b);
}

/* results.h. */
char *kp__periods_text(const kp_instance *in, const kp__plan_view *v, long act)
{
    struct by_period b = {in, v, act >= 0 ? (size_t)act : 0};
    kp__str s = KP__STR_INIT;
    char buf[320];
    size_t n = pieces(in, v, act);

    for (size_t p = 0; p < n; p++) {
        const char *x = period_piece(&b, p, buf, sizeof buf);
        if (*x)
            kp__str_addf(&s, "%s%s", s.len ? " " : "", x);
    }
    return kp__str_take(&s);
}

/* results.h: along a sweep each scenario and the next; in a grid the
 * next along either axis; else the first scenario and each other one. */
void kp__change_pairs(const kp_instance *in, kp_result *const *res, size_t n,
                      void (*fn)(void *ctx, size_t a, size_t b), void *ctx)
{
    if (n > in->nscen)
        n = in->nscen;
    for (size_t s = 0; s < n; s++) {
        size_t next[2];
        int np = 0;
        if (in->sweep_axes == 0) {
            if (s > 0)
                next[np++] = s;
        } else {
            size_t n1 = (size_t)in->sweep_steps[1];
            if (in->sweep_axes == 1 ? s + 1 < n : (s % n1) + 1 < n1)
                next[np++] = s + 1;
            if (in->sweep_axes == 2 && s + n1 < n)
                next[np++] = s + n1;
        }
        for (int i = 0; i < np; i++) {
            size_t a = in->sweep_axes == 0 ? 0 : s, b = next[i];
            if (b < n && kp__has_plan(res[a]) && kp__has_plan(res[b]))
                fn(ctx, a, b);
        }
    }
}
