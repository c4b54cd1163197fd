/*
 * previous.c - the previous plan of a replan (solve --from, tradeoff):
 * read by plan_file.c's reader (kp__plan_read), `activity_id,count` rows
 * or solve's plan.csv with its scenario column, every bad row an error
 * FILE:LINE: column 'x': ...; a manager_id column is read past (each
 * account's manager is fixed by accounts.csv), and a period column's rows
 * of one activity are added up. Unlike a plan to
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

/* A row naming an activity that no longer exists: not counted. */
struct prev_unknown {
    char *activity;
    int count;
    long line;
};

/* The rows of one scenario of the file. */
struct prev_scen {
    char *id;           /* "" in a file without a scenario column */
    int *counts;        /* per activity of the instance */
    long *lines;        /* the line of each activity's row, for duplicates */
    struct prev_unknown *unk;   /* rows naming an activity no longer there */
    size_t nunk;
};

struct kp_previous {
    char *path;
    const kp_instance *in;
    int named;          /* the file has a scenario column */
    int periods;        /* the file has a period column */
    struct prev_scen *sc;
    size_t nsc, cap;
};

void kp_previous_free(kp_previous *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nsc; i++) {
        free(p->sc[i].id);
        free(p->sc[i].counts);
        free(p->sc[i].lines);
        for (size_t u = 0; u < p->sc[i].nunk; u++)
            free(p->sc[i].unk[u].activity);
        free(p->sc[i].unk);
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
    s->unk = NULL;
    s->nunk = 0;
    if (!s->id || !s->counts || !s->lines) {
        free(s->id);
        free(s->counts);
        free(s->lines);
        return NULL;
    }
    p->nsc++;
    return s;
}

/* Keeps a row of scenario s naming activity id, not in the instance.
 * Returns 0, or -1 when out of memory. */
static int add_unknown(struct prev_scen *s, const char *id, int count, long line)
{
    struct prev_unknown *u = realloc(s->unk, (s->nunk + 1) * sizeof *u);
    if (!u)
        return -1;
    s->unk = u;
    u = &s->unk[s->nunk];
    if (!(u->activity = kp__strdup(id)))
        return -1;
    u->count = count;
    u->line = line;
    s->nunk++;
    return 0;
}

/* The file has a scenario column (named) or not: without it, even without
 * rows, the file is one plan; and a period column or not. Returns 0, or -1
 * (memory). */
static int prev_start(void *ctx, int named, int periods)
{
    kp_previous *p = ctx;
    p->named = named;
    p->periods = periods;
    return named || scenario(p, "") ? 0 : -1;
}

/* A valid row, kept under its scenario; one naming an activity that no
 * longer exists is a warning. Returns the errors reported, or -1. */
static int prev_row(void *ctx, const kp__plan_row *pr)
{
    kp_previous *p = ctx;
    struct prev_scen *s = scenario(p, pr->scenario);
    if (!s)
        return -1;
    if (pr->act < 0) {
        kp__diag(pr->r->d, KP_WARNING, pr->r->t->name, pr->row->line, "activity_id",
                 "no activity '%s' in activities.csv any more: its %d "
                 "occurrence%s not counted as changes", pr->activity, pr->count,
                 pr->count == 1 ? " is" : "s are");
        return add_unknown(s, pr->activity, pr->count, pr->row->line);
    }
    /* period: solve's plan.csv of an instance with periods, one row per
     * activity and period: a change is a change of an activity's count,
     * so its rows are added up. */
    if (p->periods) {
        s->lines[pr->act] = pr->row->line;
        s->counts[pr->act] += pr->count;
        return 0;
    }
    return kp__plan_take(pr, s->counts, s->lines);
}

/* kamplan.h: every row read (each bad one reported) before the file is
 * judged usable. */
int kp_previous_load(const kp_instance *in, const char *path, kp_previous **out,
                     kp_diags *d)
{
    kp_previous *p = calloc(1, sizeof *p);
    kp__plan_hooks h = {p, prev_start, NULL, prev_row};
    size_t before = kp_diags_errors(d);
    int rc;

    *out = NULL;
    if (!p || !(p->path = kp__strdup(path))) {
        kp_previous_free(p);
        return KP_ENOMEM;
    }
    p->in = in;
    rc = kp__plan_read(in, path, &h, d);
    if (rc == KP_OK && p->named && p->nsc == 0 && kp_diags_errors(d) == before)
        kp__diag(d, KP_ERROR, path, 0, "scenario", "no rows for any scenario");
    if (rc == KP_OK && kp_diags_errors(d) != before)
        rc = KP_EDATA;
    if (rc == KP_OK)
        *out = p;
    else
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

/* The file's scenario that scenario s of the instance takes (the one of
 * its id, else the file's only one), or NULL. */
static const struct prev_scen *matching(const kp_previous *p, size_t s)
{
    const char *id = s < p->in->nscen ? p->in->scen[s].id : "";
    for (size_t i = 0; i < p->nsc; i++)
        if (strcmp(p->sc[i].id, id) == 0)
            return &p->sc[i];
    return p->nsc == 1 ? &p->sc[0] : NULL;
}

size_t kp_previous_unknown(const kp_previous *p, size_t s, size_t i,
                           const char **activity, int *count, long *line)
{
    const struct prev_scen *sc = p ? matching(p, s) : NULL;
    if (!sc)
        return 0;
    if (i < sc->nunk) {
        if (activity)
            *activity = sc->unk[i].activity;
        if (count)
            *count = sc->unk[i].count;
        if (line)
            *line = sc->unk[i].line;
    }
    return sc->nunk;
}
