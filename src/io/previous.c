/*
 * previous.c - the previous plan of a replan (solve --from, tradeoff):
 * read as plan_file.c reads plans, `activity_id,count` rows or solve's
 * plan.csv with its scenario column, through the project's CSV reader,
 * every bad row an error FILE:LINE: column 'x': .... Unlike a plan to
 * judge, the file's scenarios need not be the instance's (a plan solved
 * before the hours shrank, a sweep's scenario): kp_previous_counts picks
 * the rows of the scenario of the same id, else the file's only scenario.
 * A row naming an activity that no longer exists is a warning (file and
 * line) and is not counted as a change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/io.h"

/* The rows of one scenario of the file. */
struct prev_scen {
    char *id;           /* "" in a file without a scenario column */
    int *counts;        /* per activity of the instance */
    long *lines;        /* the line of each activity's row, for duplicates */
};

struct kp_previous {
    char *path;
    const kp_instance *in;
    struct prev_scen *sc;
    size_t nsc, cap;
};

/* manager_id: solve's plan.csv of a team; each account's manager is
 * fixed (accounts.csv), so it is read past. period: solve's plan.csv of an
 * instance with periods, one row per activity and period: a change is a
 * change of an activity's count, so its rows are added up. */
enum { C_ACTIVITY, C_COUNT, C_SCENARIO, C_ACCOUNT, C_KIND, C_HOURS, C_COST,
       C_VALUE, C_MANAGER, C_PERIOD, NCOLS };

static const char *const COLS[NCOLS] = {
    "activity_id", "count", "scenario", "account_id", "kind", "hours", "cost",
    "value", "manager_id", "period"
};
static const unsigned char REQUIRED[NCOLS] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
static const struct kp__schema SCHEMA = {NCOLS, COLS, REQUIRED, &KP__TEAM_PLAN};

void kp_previous_free(kp_previous *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nsc; i++) {
        free(p->sc[i].id);
        free(p->sc[i].counts);
        free(p->sc[i].lines);
    }
    free(p->sc);
    free(p->path);
    free(p);
}

/* The file's scenario called id, added on first use. NULL: memory. */
static struct prev_scen *scenario(kp_previous *p, const char *id)
{
    struct prev_scen *s;
    for (size_t i = 0; i < p->nsc; i++)
        if (strcmp(p->sc[i].id, id) == 0)
            return &p->sc[i];
    if (p->nsc == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 4;
        struct prev_scen *q = realloc(p->sc, cap * sizeof *q);
        if (!q)
            return NULL;
        p->sc = q;
        p->cap = cap;
    }
    s = &p->sc[p->nsc];
    s->id = kp__strdup(id);
    s->counts = calloc(p->in->nact + 1, sizeof *s->counts);
    s->lines = calloc(p->in->nact + 1, sizeof *s->lines);
    if (!s->id || !s->counts || !s->lines) {
        free(s->id);
        free(s->counts);
        free(s->lines);
        return NULL;
    }
    p->nsc++;
    return s;
}

/* Reads one row into p. Returns the errors reported, or -1 (memory). */
static int read_row(kp_previous *p, const struct kp__reader *r, const kp__row *row,
                    const kp__strmap *acts, int named)
{
    const char *sid = kp__field(r, row, C_SCENARIO);
    const char *id = kp__field(r, row, C_ACTIVITY);
    const char *name = r->t->name;
    struct prev_scen *s;
    long a;
    int count = 1, errs = kp__check_width(r, row);

    if (named && (!sid || !*sid)) {
        kp__diag(r->d, KP_ERROR, name, row->line, "scenario", "missing scenario");
        errs++;
    }
    if (!id || !*id) {
        kp__diag(r->d, KP_ERROR, name, row->line, "activity_id", "missing activity id");
        errs++;
    }
    errs += kp__get_int(r, row, C_COUNT, &count, 0, 1000000);
    if (errs)
        return errs;
    if (!(s = scenario(p, named ? sid : "")))
        return -1;
    a = kp__strmap_get(acts, id);
    if (a < 0) {
        kp__diag(r->d, KP_WARNING, name, row->line, "activity_id",
                 "no activity '%s' in activities.csv any more: its %d "
                 "occurrence%s not counted as changes", id, count,
                 count == 1 ? " is" : "s are");
        return 0;
    }
    if (r->idx[C_PERIOD] >= 0) {
        s->lines[a] = row->line;
        s->counts[a] += count;
        return 0;
    }
    if (s->lines[a]) {
        kp__diag(r->d, KP_ERROR, name, row->line, "activity_id",
                 "%s is listed twice%s%s (first on line %ld)", id,
                 named ? " for scenario " : "", named ? sid : "", s->lines[a]);
        return 1;
    }
    s->lines[a] = row->line;
    s->counts[a] = count;
    return 0;
}

/* The instance's activities by id. NULL: memory. */
static kp__strmap *activity_map(const kp_instance *in)
{
    kp__strmap *m = kp__strmap_new(in->nact + 1);
    for (size_t a = 0; m && a < in->nact; a++)
        if (kp__strmap_put(m, in->act[a].id, (long)a) == -2) {
            kp__strmap_free(m);
            return NULL;
        }
    return m;
}

/* kamplan.h: every row read (each bad one reported) before the file is
 * judged usable. */
int kp_previous_load(const kp_instance *in, const char *path, kp_previous **out,
                     kp_diags *d)
{
    kp_previous *p = NULL;
    kp__table *t = NULL;
    kp__strmap *acts = NULL;
    struct kp__reader r;
    size_t before = kp_diags_errors(d);
    int rc, named;

    *out = NULL;
    memset(&r, 0, sizeof r);
    rc = kp__table_read(path, path, in->max_rows, in->max_bytes, &t, d);
    if (rc != KP_OK)
        goto out;
    p = calloc(1, sizeof *p);
    if (!p || !(p->path = kp__strdup(path)) || !(acts = activity_map(in)) ||
        kp__reader_init(&r, t, &SCHEMA, d) != 0) {
        rc = KP_ENOMEM;
        goto out;
    }
    p->in = in;
    if (kp__map_columns(&r) == 0) {
        named = r.idx[C_SCENARIO] >= 0;
        /* A file without a scenario column (even without rows) is one plan. */
        if (!named && !scenario(p, "")) {
            rc = KP_ENOMEM;
            goto out;
        }
        for (size_t i = 0; i < t->nrows; i++)
            if (read_row(p, &r, kp__reader_row(&r, i), acts, named) < 0) {
                rc = KP_ENOMEM;
                goto out;
            }
        if (named && p->nsc == 0 && kp_diags_errors(d) == before)
            kp__diag(d, KP_ERROR, path, 0, "scenario", "no rows for any scenario");
    }
    if (kp_diags_errors(d) != before)
        rc = KP_EDATA;
out:
    kp__reader_free(&r);
    kp__table_free(t);
    kp__strmap_free(acts);
    if (rc == KP_OK) {
        *out = p;
        p = NULL;
    }
    kp_previous_free(p);
    return rc;
}

const int *kp_previous_counts(const kp_previous *p, size_t s, kp_diags *d)
{
    const char *id = s < p->in->nscen ? p->in->scen[s].id : "";
    kp__str list = KP__STR_INIT;

    for (size_t i = 0; i < p->nsc; i++)
        if (strcmp(p->sc[i].id, id) == 0)
            return p->sc[i].counts;
    if (p->nsc == 1)
        return p->sc[0].counts;
    for (size_t i = 0; i < p->nsc && i < 5; i++)
        kp__str_addf(&list, "%s%s", i ? ", " : "", p->sc[i].id);
    kp__diag(d, KP_ERROR, p->path, 0, "scenario", "no rows for scenario '%s', and "
             "the previous plan has %zu scenarios (%s%s): keep the rows of one "
             "scenario, or name the same scenario", id, p->nsc, kp__str_get(&list),
             p->nsc > 5 ? ", ..." : "");
    kp__str_free(&list);
    return NULL;
}
