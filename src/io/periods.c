/*
 * periods.c - the inputs of a horizon planned in periods (issue 15).
 *
 * periods.csv (optional; rows in time order: id, hours, budget) is read
 * here, before activities.csv, whose earliest and latest refer to it;
 * max_per_period caps an activity's occurrences in one period. Without
 * periods.csv the horizon is one period: earliest and latest are input
 * errors, and max_per_period simply caps the count (it lowers max_count).
 * scenarios.csv's period_hours_scale scales the periods' hours instead of
 * hours_scale (the specific scale wins; they do not multiply), and
 * budget_scale scales their budgets.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/io.h"

static const char *const PER_COLS[] = {"id", "hours", "budget"};
static const unsigned char PER_REQ[] = {1, 0, 0};
enum { PC_ID, PC_HOURS, PC_BUDGET, PC_N };

/* Reads one row of periods.csv into in->per[in->nper]. Returns the errors
 * reported, or -1 when out of memory. */
static int period_row(const struct kp__reader *r, const kp__row *row,
                      kp_instance *in, kp__strmap *map)
{
    kp__period *p = &in->per[in->nper];
    int e = kp__check_width(r, row), idr;
    idr = kp__get_id(r, row, map, (long)in->nper, &in->per[0].line, sizeof *in->per,
                     &p->id);
    if (idr < 0)
        return -1;
    p->line = row->line;
    p->hours = p->budget = NAN;
    e += idr;
    e += kp__get_num(r, row, PC_HOURS, &p->hours, KP__LO_GE, 0, NAN);
    e += kp__get_num(r, row, PC_BUDGET, &p->budget, KP__LO_GE, 0, NAN);
    if (p->id && *p->id && idr == 0)
        in->nper++;
    return e;
}

/* Room for n periods. */
static int periods_begin(kp_instance *in, size_t n)
{
    in->per = calloc(n + 1, sizeof *in->per);
    return in->per ? 0 : -1;
}

/* io.h. */
int kp__periods_read(kp_instance *in, const kp__source *src, kp__strmap **map,
                     kp_diags *d)
{
    static const struct kp__schema sc = {PC_N, PER_COLS, PER_REQ, NULL};
    static const struct kp__list list = {KP__F_PERIODS, &sc, "no periods",
                                         periods_begin, period_row};
    int complete;
    return kp__source_read_list(in, src, &list, &in->per_table, map, &complete, d);
}

/* Column col of an activities.csv row (earliest or latest) as a period
 * index into *out (unchanged when empty). Returns the errors reported. */
static int period_ref(const struct kp__reader *r, const kp__row *row, int col,
                      const kp_instance *in, const kp__strmap *map, int *out)
{
    const char *v = kp__field(r, row, col);
    int p;
    if (!v)
        return 0;
    if (!in->nper) {
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, r->sc->names[col],
                 "refers to period \"%s\" but there is no periods.csv", v);
        return 1;
    }
    if (kp__get_ref(r, row, col, map, "period", &p) != 0)
        return 1;
    *out = p;
    return 0;
}

/* io.h. */
int kp__periods_activity(const struct kp__reader *r, const kp__row *row, int col,
                         kp_instance *in, const kp__strmap *map, kp__activity *a,
                         size_t ai)
{
    int first = 0, last = in->nper ? (int)in->nper - 1 : 0, mpp = -1, e = 0;
    e += period_ref(r, row, col, in, map, &first);
    e += period_ref(r, row, col + 1, in, map, &last);
    e += kp__get_int(r, row, col + 2, &mpp, 1, 1000);
    if (e)
        return e;
    if (first > last) {
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, "earliest",
                 "period %s comes after latest %s (periods.csv lists periods in "
                 "time order)", in->per[first].id, in->per[last].id);
        return 1;
    }
    if (!in->nper) {
        /* One period: max_per_period caps the count. */
        if (mpp > 0 && a->min_count > mpp) {
            kp__diag(r->d, KP_ERROR, r->t->name, row->line, "min_count",
                     "%d is more than max_per_period %d (without periods.csv the "
                     "horizon is one period)", a->min_count, mpp);
            return 1;
        }
        if (mpp > 0 && mpp < a->max_count)
            a->max_count = mpp;
        return 0;
    }
    in->win[ai].earliest = first;
    in->win[ai].latest = last;
    in->win[ai].max_per = mpp > 0 && mpp < a->max_count ? mpp : a->max_count;
    return 0;
}

/* io.h. The specific scale wins over hours_scale; they do not multiply. */
int kp__periods_scenario(const kp_instance *in, const struct kp__reader *r,
                         const kp__row *row, kp__scenario *sc, double hs,
                         double bs, double phs)
{
    sc->per_scaled = 1;
    sc->per_hours_scale = kp__isset(phs) ? phs : kp__isset(hs) ? hs : 1;
    sc->per_budget_scale = kp__isset(bs) ? bs : 1;
    if (kp__isset(phs) && !in->nper)
        kp__diag(r->d, KP_WARNING, r->t->name, row->line, "period_hours_scale",
                 "ignored: there is no periods.csv");
    for (size_t p = 0; p < in->nper; p++) {
        double h = kp__period_hours(in, sc, p), b = kp__period_budget(in, sc, p);
        if ((kp__isset(h) && !kp__num_in_range(h)) || (kp__isset(b) && !kp__num_in_range(b))) {
            int hbad = kp__isset(h) && !kp__num_in_range(h);
            kp__diag(r->d, KP_ERROR, r->t->name, row->line,
                     !hbad ? "budget_scale"
                     : kp__isset(phs) ? "period_hours_scale" : "hours_scale",
                     "scales period %s's %s out of range (numbers are 0 or "
                     "from 1e-9 to 1e15 in size)", in->per[p].id,
                     hbad ? "hours" : "budget");
            return 1;
        }
    }
    return 0;
}

/* io.h. */
double kp__period_hours(const kp_instance *in, const kp__scenario *sc, size_t p)
{
    double h = in->per[p].hours;
    h = sc->per_scaled && kp__isset(h) ? h * sc->per_hours_scale : h;
    h = kp__swept(sc, KP_SWEEP_PERIOD_HOURS, p, h);
    return sc->more_per == p + 1 && kp__isset(h) ? h + sc->more_hours : h;
}

/* io.h. */
double kp__period_budget(const kp_instance *in, const kp__scenario *sc, size_t p)
{
    double b = in->per[p].budget;
    b = sc->per_scaled && kp__isset(b) ? b * sc->per_budget_scale : b;
    return kp__swept(sc, KP_SWEEP_PERIOD_BUDGET, p, b);
}

/* io.h. */
int kp__periods_have_budget(const kp_instance *in)
{
    for (size_t p = 0; p < in->nper; p++)
        if (kp__isset(in->per[p].budget))
            return 1;
    return 0;
}

/* kamplan.h. */
size_t kp_instance_periods(const kp_instance *in)
{
    return in->nper;
}

/* kamplan.h. */
const char *kp_instance_period_id(const kp_instance *in, size_t p)
{
    return p < in->nper ? in->per[p].id : NULL;
}

/* ---- generate --periods -------------------------------------------------- */

/* Copies activities.csv from in to out with earliest, latest and
 * max_per_period appended: activity i (in file order, from 0) starts no
 * earlier than period i / 4 mod np + 1 when i mod 4 is 1, ends by period
 * np - (i / 6 mod np) when i mod 6 is 2 (never before its start), and
 * does at most half its max_count (rounded up) per period when i mod 3 is
 * 0 and max_count is 2 or more. Returns 0 or -1. */
static int gen_windows(FILE *in, FILE *out, int np)
{
    char *line = NULL;
    size_t cap = 0;
    long i = -1;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) > 0) {
        size_t len;
        const char *mc;
        int e = 0, l = 0, mp = 0, max_count = 1;
        if (line[n - 1] == '\n')
            line[--n] = 0;
        if (i < 0) {
            fprintf(out, "%s,earliest,latest,max_per_period\n", line);
            i = 0;
            continue;
        }
        if ((mc = kp__plain_field(line, 8, &len)) && len > 0)
            max_count = atoi(mc);
        if (i % 4 == 1)
            e = (int)(i / 4 % np) + 1;
        if (i % 6 == 2) {
            l = np - (int)(i / 6 % np);
            if (l < e)
                l = e;
        }
        if (i % 3 == 0 && max_count >= 2)
            mp = (max_count + 1) / 2;
        fprintf(out, "%s,", line);
        if (e)
            fprintf(out, "Q%d", e);
        fputc(',', out);
        if (l)
            fprintf(out, "Q%d", l);
        fputc(',', out);
        if (mp)
            fprintf(out, "%d", mp);
        fputc('\n', out);
        i++;
    }
    free(line);
    return ferror(in) || ferror(out) ? -1 : 0;
}

/* What gen_windows and periods.csv need. */
struct gen_periods {
    int np;
    double hours;
};

/* kp__rewrite_file's edit of activities.csv. */
static int gen_periods_activities(FILE *in, FILE *out, void *ctx)
{
    return gen_windows(in, out, ((const struct gen_periods *)ctx)->np);
}

/* periods.csv: each period 1.15 / np of the policy's hours, so that the
 * periods bind beside the whole horizon's hours. */
static void gen_periods_file(FILE *pf, void *ctx)
{
    const struct gen_periods *g = ctx;
    fprintf(pf, "id,hours\n");
    for (int p = 0; p < g->np; p++)
        fprintf(pf, "Q%d,%.0f\n", p + 1, ceil(g->hours * 1.15 / g->np));
}

/* io.h. */
int kp__generate_periods(const char *dir, int np, double hours, kp_diags *diags)
{
    struct gen_periods g = {np, hours};
    int rc = kp__rewrite_file(dir, "activities.csv", gen_periods_activities, &g,
                              "the periods", diags);
    return rc == KP_OK ? kp__write_new_file(dir, "periods.csv", gen_periods_file, &g, diags)
                       : rc;
}
