/*
 * tradeoff.c - kamplan tradeoff: the best value for each number of
 * changes against a previous plan (models/README.md, "Replanning"), each
 * point an exact solve with --max-changes N started from the previous
 * point's plan; and tradeoff.csv.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"

void kp_tradeoff_opts_init(kp_tradeoff_opts *o)
{
    kp_solve_opts_init(&o->solve);
    o->solve.gap_pct = 0;
    o->max_changes = -1;
    o->max_points = 41;
}

void kp_tradeoff_curve_free(kp_tradeoff_curve *c)
{
    if (!c)
        return;
    free(c->points);
    c->points = NULL;
    c->npoints = 0;
}

/* One solve of scenario s with the change limit max (< 0: none), started
 * from hint (NULL: none): the point into *pt, the plan's counts into
 * counts (when it has one). Returns KP_OK or KP_ENOMEM / KP_EINVAL. */
static int solve_point(const kp_instance *in, size_t s, const int *const *prevs,
                       const kp_tradeoff_opts *o, long max, const int *hint,
                       kp_tradeoff_point *pt, int *counts, kp_diags *d)
{
    kp_replan rp;
    kp_solve_opts so = o->solve;
    kp_result *r = NULL;
    kp_result_summary m;
    int rc;

    kp_replan_init(&rp);
    rp.previous = prevs;
    rp.max_changes = max;
    so.replan = &rp;
    so.hint = hint;
    if ((rc = kp_solve(in, s, &so, &r, d)) != KP_OK)
        return rc;
    kp_result_get_summary(r, &m);
    pt->max_changes = max;
    pt->status = m.status;
    pt->changes = m.changes;
    pt->value = m.plan_value;
    pt->gap_pct = m.gap_pct;
    if (m.status == KP_RES_OPTIMAL || m.status == KP_RES_FEASIBLE)
        for (size_t a = 0; a < in->nact; a++)
            counts[a] = kp_result_count(r, a);
    kp_result_free(r);
    return KP_OK;
}

/* The i-th of n points from 0 to end: every N when they fit, else evenly
 * spaced, rounded. */
static long point_n(size_t i, size_t n, long end)
{
    if ((size_t)end + 1 <= n)
        return (long)i;
    return lround((double)i * (double)end / (double)(n - 1));
}

int kp_tradeoff(const kp_instance *in, size_t s, const int *prev,
                const kp_tradeoff_opts *o, kp_tradeoff_curve *out, kp_diags *d)
{
    const int **prevs = NULL;
    int *plan = NULL, *next = NULL, have = 0, rc;
    long end;
    size_t n;

    memset(out, 0, sizeof *out);
    out->scenario = s;
    if (s >= in->nscen || !prev || o->max_points < 2)
        return KP_EINVAL;
    prevs = calloc(in->nscen, sizeof *prevs);
    plan = malloc((in->nact + 1) * sizeof *plan);
    next = malloc((in->nact + 1) * sizeof *next);
    if (!prevs || !plan || !next) {
        rc = KP_ENOMEM;
        goto out;
    }
    prevs[s] = prev;
    rc = solve_point(in, s, prevs, o, -1, NULL, &out->free_plan, plan, d);
    if (rc != KP_OK || out->free_plan.changes < 0)
        goto out;   /* no plan at all: no curve */
    out->free_plan.max_changes = -1;
    end = out->free_plan.changes;
    if (o->max_changes >= 0 && o->max_changes < end)
        end = o->max_changes;
    n = (size_t)end + 1 <= (size_t)o->max_points ? (size_t)end + 1 : (size_t)o->max_points;
    if (!(out->points = calloc(n, sizeof *out->points))) {
        rc = KP_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < n && rc == KP_OK; i++) {
        kp_tradeoff_point *pt = &out->points[i];
        long N = point_n(i, n, end);
        const kp_tradeoff_point *f = &out->free_plan;
        out->npoints = i + 1;
        /* The optimum reached: no plan within more changes is better. */
        if (i > 0 && pt[-1].status == KP_RES_OPTIMAL && f->status == KP_RES_OPTIMAL &&
            pt[-1].value >= f->value - 1e-9 * (1 + fabs(f->value))) {
            *pt = pt[-1];
            pt->max_changes = N;
            continue;
        }
        rc = solve_point(in, s, prevs, o, N, have ? plan : NULL, pt, next, d);
        if (rc == KP_OK && pt->changes >= 0) {
            int *t = plan;
            plan = next;
            next = t;
            have = 1;
        }
        if (o->solve.stop && *o->solve.stop)
            break;
    }
out:
    free(prevs);
    free(plan);
    free(next);
    if (rc != KP_OK)
        kp_tradeoff_curve_free(out);
    return rc;
}

/* What tradeoff.csv's writer reads. */
struct curves {
    const kp_instance *in;
    const kp_tradeoff_curve *c;
    size_t n;
};

static void body_tradeoff(kp__tab *t, const struct curves *x)
{
    kp__tab_begin(t, "tradeoff", "scenario,max_changes,changes,value,status,gap_pct");
    for (size_t i = 0; i < x->n; i++)
        for (size_t k = 0; k < x->c[i].npoints; k++) {
            const kp_tradeoff_point *p = &x->c[i].points[k];
            int plan = p->changes >= 0;
            kp__tab_text(t, x->in->scen[x->c[i].scenario].id);
            kp__tab_int(t, p->max_changes);
            kp__tab_num(t, plan ? (double)p->changes : NAN);
            kp__tab_num(t, plan ? p->value : NAN);
            kp__tab_text(t, kp_result_status_name(p->status));
            kp__tab_num(t, plan ? p->gap_pct : NAN);
            kp__tab_row_end(t);
        }
    kp__tab_end(t);
}

static void csv_body(FILE *f, int i, const void *info)
{
    kp__tab t;
    (void)i;
    kp__tab_init(&t, f, 0);
    body_tradeoff(&t, info);
}

static void json_body(kp__tab *t, int i, const void *info)
{
    (void)i;
    body_tradeoff(t, info);
}

int kp_tradeoff_write(const kp_instance *in, const kp_tradeoff_curve *c, size_t n,
                      const char *outdir, kp_diags *d)
{
    static const char *const names[] = {"tradeoff.csv"};
    struct curves x = {in, c, n};
    return kp__write_atomic(outdir, names, 1, csv_body, &x, d);
}

int kp_tradeoff_write_json(const kp_instance *in, const kp_tradeoff_curve *c,
                           size_t n, FILE *f)
{
    struct curves x = {in, c, n};
    return kp__json_tables(f, json_body, 1, &x);
}
