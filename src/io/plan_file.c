/*
 * plan_file.c - reads a plan someone made: `activity_id,count` rows, for
 * kamplan evaluate. The plan.csv that kamplan solve writes is read as it
 * is: its scenario column says which scenario a row belongs to, and its
 * account_id, kind, hours, cost and value columns are known (and only
 * compared, for account_id). The file goes through the project's CSV reader
 * (BOM, CRLF, semicolons, line numbers), and every bad row is reported as
 * FILE:LINE: column 'x': what was found, what was expected.
 *
 * With a `period` column (solve's plan.csv of an instance with
 * periods.csv, or a hand-made plan), each row is an activity's count in
 * one period: the activity's count is the sum of its rows, and the plan's
 * periods are judged as given (kp__plan_pcounts).
 *
 * An activity id that the instance does not know is not an error of the
 * file but a mistake of the plan: it is kept, and evaluate reports it as a
 * violation (unknown_activity) with the rest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/io.h"

/* A row naming an activity the instance does not have. */
struct unknown {
    long scen;          /* instance scenario, or -1: every scenario */
    char *id, *account; /* account: the file's account_id, or "" */
    int count;
    long line;
};

struct kp_plan {
    char *path;
    int named;          /* the file has a scenario column */
    size_t nscen, nact;
    int **counts;       /* per instance scenario (named), or counts[0] for
                           all: NULL where the file has no rows for it */
    long **lines;       /* the line of each activity's row, for duplicates */
    int **mgr;          /* per slot, per account: the manager its rows name
                           (-1: none); NULL unless the file has manager_id
                           and some manager is chosen by the optimiser */
    /* With a period column (an instance with periods.csv): per slot, each
     * activity's count in each period (a * nper + p) and the line of its
     * row; NULL without the column. */
    int **pcounts;
    long **plines;
    struct unknown *unk;
    size_t nunk, capunk;
};

enum { C_ACTIVITY, C_COUNT, C_SCENARIO, C_ACCOUNT, C_KIND, C_HOURS, C_COST,
       C_VALUE, C_MANAGER, C_PERIOD, NCOLS };

static const char *const COLS[NCOLS] = {
    "activity_id", "count", "scenario", "account_id", "kind", "hours", "cost",
    "value", "manager_id", "period"
};
static const unsigned char REQUIRED[NCOLS] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
static const struct kp__schema SCHEMA = {NCOLS, COLS, REQUIRED, &KP__TEAM_PLAN};

void kp_plan_free(kp_plan *p)
{
    if (!p)
        return;
    for (size_t s = 0; s < p->nscen; s++) {
        free(p->counts[s]);
        free(p->lines[s]);
        if (p->mgr)
            free(p->mgr[s]);
        if (p->pcounts) {
            free(p->pcounts[s]);
            free(p->plines[s]);
        }
    }
    free(p->mgr);
    free(p->pcounts);
    free(p->plines);
    for (size_t i = 0; i < p->nunk; i++) {
        free(p->unk[i].id);
        free(p->unk[i].account);
    }
    free(p->counts);
    free(p->lines);
    free(p->unk);
    free(p->path);
    free(p);
}

/* The counts and lines of slot s, allocated on first use; with a period
 * column, its counts per period too (nper periods). */
static int slot(kp_plan *p, size_t s, size_t nper)
{
    if (p->counts[s])
        return 0;
    p->counts[s] = calloc(p->nact + 1, sizeof *p->counts[s]);
    p->lines[s] = calloc(p->nact + 1, sizeof *p->lines[s]);
    if (p->pcounts) {
        p->pcounts[s] = calloc(p->nact * nper + 1, sizeof *p->pcounts[s]);
        p->plines[s] = calloc(p->nact * nper + 1, sizeof *p->plines[s]);
        if (!p->pcounts[s] || !p->plines[s])
            return -1;
    }
    return p->counts[s] && p->lines[s] ? 0 : -1;
}

/* A row of activity a with a period column: its period into *per. Errors
 * (reported, returns 1): the instance has no periods.csv, no period or an
 * unknown one on the row, the activity listed twice for one period. */
static int row_period(const kp_plan *p, const kp_instance *in, const struct kp__reader *r,
                      const kp__row *row, long s, long a, size_t *per)
{
    const char *v = kp__field(r, row, C_PERIOD);
    size_t q;
    if (!in->nper) {
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, "period",
                 "%s%s%s: the instance has no periods.csv (its horizon is one period)",
                 v ? "\"" : "", v ? v : "a period", v ? "\"" : "");
        return 1;
    }
    if (!v) {
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, "period",
                 "missing: with a period column every row names its period");
        return 1;
    }
    for (q = 0; q < in->nper && strcmp(in->per[q].id, v) != 0; q++)
        ;
    if (q == in->nper) {
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, "period",
                 "unknown period \"%s\" (periods.csv)", v);
        return 1;
    }
    if (p->plines[s][(size_t)a * in->nper + q]) {
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, "activity_id",
                 "%s is listed twice for period %s (first on line %ld)", in->act[a].id, v,
                 p->plines[s][(size_t)a * in->nper + q]);
        return 1;
    }
    *per = q;
    return 0;
}

/* Keeps a row naming an unknown activity; returns 0 or -1 (memory). */
static int add_unknown(kp_plan *p, long scen, const char *id, const char *account,
                       int count, long line)
{
    struct unknown *u;
    if (p->nunk == p->capunk) {
        size_t cap = p->capunk ? 2 * p->capunk : 8;
        struct unknown *q = realloc(p->unk, cap * sizeof *q);
        if (!q)
            return -1;
        p->unk = q;
        p->capunk = cap;
    }
    u = &p->unk[p->nunk];
    u->scen = scen;
    u->count = count;
    u->line = line;
    u->id = kp__strdup(id);
    u->account = kp__strdup(account ? account : "");
    if (!u->id || !u->account) {
        free(u->id);
        free(u->account);
        return -1;
    }
    p->nunk++;
    return 0;
}

/* ---- the rows of any plan file ------------------------------------------ */

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

/* Reads one row through h. Returns the errors reported, or -1 (memory). */
static int plan_row(const kp__plan_hooks *h, const struct kp__reader *r,
                    const kp__row *row, const kp__strmap *acts, int named)
{
    kp__plan_row pr = {r, row, kp__field(r, row, C_SCENARIO),
                       kp__field(r, row, C_ACTIVITY), kp__field(r, row, C_ACCOUNT),
                       -1, 1, 0};
    const char *name = r->t->name;
    int e, errs = kp__check_width(r, row);

    if (!named) {
        pr.scenario = "";
    } else if (!pr.scenario || !*pr.scenario) {
        kp__diag(r->d, KP_ERROR, name, row->line, "scenario", "missing scenario");
        return errs + 1;
    } else if (h->scenario && (e = h->scenario(h->ctx, &pr)) != 0) {
        return e == KP__PLAN_PASS ? errs : e < 0 ? -1 : errs + e;
    }
    if (!pr.activity || !*pr.activity) {
        kp__diag(r->d, KP_ERROR, name, row->line, "activity_id", "missing activity id");
        errs++;
    }
    errs += kp__get_int(r, row, C_COUNT, &pr.count, 0, 1000000);
    if (errs)
        return errs;
    pr.act = kp__strmap_get(acts, pr.activity);
    return h->row(h->ctx, &pr);
}

/* io.h: every row read, each bad one reported. */
int kp__plan_read(const kp_instance *in, const char *path, const kp__plan_hooks *h,
                  kp_diags *d)
{
    kp__table *t = NULL;
    kp__strmap *acts = NULL;
    struct kp__reader r;
    int rc, named;

    memset(&r, 0, sizeof r);
    rc = kp__table_read(path, path, in->max_rows, in->max_bytes, &t, d);
    if (rc != KP_OK)
        return rc;
    rc = KP_ENOMEM;
    if (!(acts = activity_map(in)) || kp__reader_init(&r, t, &SCHEMA, d) != 0)
        goto out;
    rc = KP_OK;
    if (kp__map_columns(&r) != 0)
        goto out;
    named = r.idx[C_SCENARIO] >= 0;
    if (h->start(h->ctx, named, r.idx[C_PERIOD] >= 0) != 0) {
        rc = KP_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < t->nrows; i++)
        if (plan_row(h, &r, kp__reader_row(&r, i), acts, named) < 0) {
            rc = KP_ENOMEM;
            goto out;
        }
out:
    kp__reader_free(&r);
    kp__table_free(t);
    kp__strmap_free(acts);
    return rc;
}

/* io.h. */
int kp__plan_take(const kp__plan_row *pr, int *counts, long *lines)
{
    const char *sid = pr->scenario;
    if (lines[pr->act]) {
        kp__diag(pr->r->d, KP_ERROR, pr->r->t->name, pr->row->line, "activity_id",
                 "%s is listed twice%s%s (first on line %ld)", pr->activity,
                 *sid ? " for scenario " : "", sid, lines[pr->act]);
        return 1;
    }
    lines[pr->act] = pr->row->line;
    counts[pr->act] = pr->count;
    return 0;
}

/* ---- a plan to judge (kp_plan) ------------------------------------------- */

/* kp_plan_load's hooks' state. */
struct judged {
    kp_plan *p;
    const kp_instance *in;
    long only;          /* the one scenario asked about, or -1 */
};

static int judged_start(void *ctx, int named, int periods)
{
    struct judged *j = ctx;
    kp_plan *p = j->p;
    size_t n = named ? j->in->nscen : 1;
    p->named = named;
    p->nact = j->in->nact;
    p->counts = calloc(n, sizeof *p->counts);
    p->lines = calloc(n, sizeof *p->lines);
    if (periods && (!(p->pcounts = calloc(n, sizeof *p->pcounts)) ||
                    !(p->plines = calloc(n, sizeof *p->plines))))
        return -1;
    if (!p->counts || !p->lines)
        return -1;
    p->nscen = n;
    /* A file without a scenario column (even one without rows) is one
     * plan for every scenario. */
    return named ? 0 : slot(p, 0, j->in->nper);
}

/* A row's scenario: the instance's of that id. */
static int judged_scenario(void *ctx, kp__plan_row *pr)
{
    struct judged *j = ctx;
    long s = kp_instance_scenario_find(j->in, pr->scenario);
    if (j->only >= 0 && s != j->only)
        return KP__PLAN_PASS;   /* another scenario's row: not asked about */
    if (s < 0) {
        kp__diag(pr->r->d, KP_ERROR, pr->r->t->name, pr->row->line, "scenario",
                 "no scenario '%s' in the instance (give --scenario to "
                 "evaluate one scenario of the file)", pr->scenario);
        return 1;
    }
    pr->slot = s;
    return 0;
}

/* The managers named by slot s's rows (all -1 at first), allocated on
 * first use, with the array of slots: only when the file has a manager_id
 * column and the optimiser chooses some account's manager. Returns the
 * slot's array, or NULL when there is none to keep; *oom set on failure. */
static int *managers_of(kp_plan *p, const kp_instance *in, const struct kp__reader *r,
                        size_t s, int *oom)
{
    if (r->idx[C_MANAGER] < 0 || !kp__team_chooses(in))
        return NULL;
    if (!p->mgr && !(p->mgr = calloc(p->nscen, sizeof *p->mgr))) {
        *oom = 1;
        return NULL;
    }
    if (!p->mgr[s]) {
        if (!(p->mgr[s] = malloc((in->nacc + 1) * sizeof *p->mgr[s]))) {
            *oom = 1;
            return NULL;
        }
        for (size_t k = 0; k < in->nacc; k++)
            p->mgr[s][k] = -1;
    }
    return p->mgr[s];
}

/* A valid row: its count, an unknown activity kept for the verdict, the
 * account and manager it names compared with the instance's. */
static int judged_row(void *ctx, const kp__plan_row *pr)
{
    struct judged *j = ctx;
    kp_plan *p = j->p;
    const kp_instance *in = j->in;
    size_t s = (size_t)pr->slot;
    long a = pr->act;
    int oom = 0, *mgr;

    if (slot(p, s, in->nper) != 0)
        return -1;
    mgr = managers_of(p, in, pr->r, s, &oom);
    if (oom)
        return -1;
    if (a < 0)
        return add_unknown(p, p->named ? (long)s : -1, pr->activity, pr->account,
                           pr->count, pr->row->line) ? -1 : 0;
    if (p->pcounts) {
        size_t q;
        if (row_period(p, in, pr->r, pr->row, (long)s, a, &q) != 0)
            return 1;
        p->plines[s][(size_t)a * in->nper + q] = pr->row->line;
        p->pcounts[s][(size_t)a * in->nper + q] = pr->count;
        p->lines[s][a] = pr->row->line;
        p->counts[s][a] += pr->count;
        return kp__team_plan_manager(pr->r, pr->row, C_MANAGER, in, (size_t)a,
                                 pr->count, mgr);
    }
    if (kp__plan_take(pr, p->counts[s], p->lines[s]))
        return 1;
    if (pr->account && *pr->account && strcmp(pr->account, in->acc[in->act[a].account].id) != 0)
        kp__diag(pr->r->d, KP_WARNING, pr->r->t->name, pr->row->line, "account_id",
                 "%s belongs to account %s, not %s", pr->activity,
                 in->acc[in->act[a].account].id, pr->account);
    return kp__team_plan_manager(pr->r, pr->row, C_MANAGER, in, (size_t)a,
                                 pr->count, mgr);
}

/* kamplan.h: reads every row (reporting each bad one) before judging
 * whether the file is usable. */
int kp_plan_load(const kp_instance *in, const char *path, long only,
                 kp_plan **out, kp_diags *d)
{
    struct judged j = {NULL, in, only};
    kp__plan_hooks h = {&j, judged_start, judged_scenario, judged_row};
    size_t before = kp_diags_errors(d);
    kp_plan *p;
    int rc;

    *out = NULL;
    if (only >= (long)in->nscen)
        return KP_EINVAL;
    if (!(p = j.p = calloc(1, sizeof *p)) || !(p->path = kp__strdup(path))) {
        kp_plan_free(p);
        return KP_ENOMEM;
    }
    rc = kp__plan_read(in, path, &h, d);
    if (rc == KP_OK && p->named && kp_diags_errors(d) == before) {
        size_t s = 0;
        while (s < p->nscen && !p->counts[s])
            s++;
        if (only >= 0 && !p->counts[only])
            kp__diag(d, KP_ERROR, path, 0, "scenario", "no rows for scenario '%s'",
                     in->scen[only].id);
        else if (s == p->nscen)
            kp__diag(d, KP_ERROR, path, 0, "scenario", "no rows for any scenario");
    }
    if (rc == KP_OK && kp_diags_errors(d) != before)
        rc = KP_EDATA;
    if (rc == KP_OK)
        *out = p;
    else
        kp_plan_free(p);
    return rc;
}

int kp_plan_covers(const kp_plan *p, size_t s)
{
    return p->named ? s < p->nscen && p->counts[s] != NULL : 1;
}

/* The counts for scenario s (NULL when the file has none for it). */
/* The managers the rows for scenario s name, per account (-1: none), or
 * NULL when the file has no manager_id or no manager is chosen. */
const int *kp__plan_managers(const kp_plan *p, size_t s)
{
    if (!p->mgr)
        return NULL;
    if (!p->named)
        return p->mgr[0];
    return s < p->nscen ? p->mgr[s] : NULL;
}

const int *kp__plan_counts(const kp_plan *p, size_t s)
{
    if (!p->named)
        return p->counts[0];
    return s < p->nscen ? p->counts[s] : NULL;
}

/* io.h. */
const int *kp__plan_pcounts(const kp_plan *p, size_t s)
{
    if (!p->pcounts)
        return NULL;
    if (!p->named)
        return p->pcounts[0];
    return s < p->nscen ? p->pcounts[s] : NULL;
}

/* Adds the plan's unknown activities for scenario s to v, as violations.
 * Returns 0 or -1 (memory). */
int kp__plan_unknown(const kp_plan *p, size_t s, kp_violations *v)
{
    for (size_t i = 0; i < p->nunk; i++) {
        const struct unknown *u = &p->unk[i];
        kp__str msg = KP__STR_INIT;
        int rc;
        if (u->scen >= 0 && (size_t)u->scen != s)
            continue;
        kp__str_addf(&msg, "%s: no such activity in activities.csv (%s:%ld)",
                     u->id, p->path, u->line);
        rc = msg.oom ? -1 : kp__violations_add(v, KP_RULE_UNKNOWN_ACTIVITY, u->account,
                                               u->id, u->count, kp__str_get(&msg));
        kp__str_free(&msg);
        if (rc != 0)
            return -1;
    }
    return 0;
}
