/*
 * instance.c - loads and validates an instance folder (models/README.md, "The instance folder").
 *
 * Every file is read completely and every problem is reported, each as
 * "FILE:LINE: column 'x': what was found, what was expected", so a planner
 * can fix a CRM export in one pass. A value that fails is reported and the
 * row is kept with the default, so that later checks (references, cycles)
 * still run on the rest; the load as a whole then fails with KP_EDATA.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "io/io.h"

/* max_count above this is refused: it would blow the model up for no use
 * (the horizon is a quarter or a year). */
#define MAX_COUNT_LIMIT 1000

/* Sizes refused up front, before they exhaust memory (models/README.md,
 * "Limits"). A file is read whole, and costs its size and 24 bytes a row
 * (csv.c); its rows and bytes are bounded by kp_load_opts.max_rows and
 * max_bytes. The model of a scenario takes a few hundred bytes per column
 * and row (more inside GLPK); every scenario's plan keeps a count per
 * activity. The 20,000-account benchmark instance has a 21 MB
 * activities.csv and a model of 0.75 million columns and 1.2 million
 * rows; kp_load_opts.max_model bounds both (KP_MAX_MODEL_DEFAULT: room for
 * 200,000 accounts). */
#define MAX_SCENARIOS KP_SWEEP_MAX_SCENARIOS
#define MAX_PLAN_CELLS KP__MAX_PLAN_CELLS

/* The files of the instance's tables (source.c's table). */
enum { T_ACC = KP__F_ACCOUNTS, T_CON = KP__F_CONTACTS, T_OBJ = KP__F_OBJECTIVES,
       T_ACT = KP__F_ACTIVITIES, T_POL = KP__F_POLICY, T_SCEN = KP__F_SCENARIOS };

static const char *const ACC_COLS[] = {
    "id", "name", "sales", "margin_pct", "growth_pct", "potential",
    "days_to_pay", "access", "openness", "max_hours", "max_budget",
    "min_hours", "status", "manager_id"
};
static const unsigned char ACC_REQ[] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
enum { AC_ID, AC_NAME, AC_SALES, AC_MARGIN, AC_GROWTH, AC_POTENTIAL,
       AC_DAYS, AC_ACCESS, AC_OPENNESS, AC_MAXH, AC_MAXB, AC_MINH, AC_STATUS,
       AC_MANAGER };

static const char *const CON_COLS[] = {
    "id", "account_id", "name", "role", "influence", "entrenched", "stance"
};
static const unsigned char CON_REQ[] = {1, 1, 0, 0, 0, 0, 0};
enum { CC_ID, CC_ACC, CC_NAME, CC_ROLE, CC_INFL, CC_ENTR, CC_STANCE };

static const char *const OBJ_COLS[] = {"id", "account_id", "horizon", "value"};
static const unsigned char OBJ_REQ[] = {1, 1, 0, 0};
enum { OC_ID, OC_ACC, OC_HORIZON, OC_VALUE };

static const char *const ACT_COLS[] = {
    "id", "account_id", "kind", "hours", "cost", "value", "contact_id",
    "objective_id", "max_count", "decay", "requires", "group",
    "value_low", "value_high", "value_sd", "min_count", "locked",
    "earliest", "latest", "max_per_period"
};
static const unsigned char ACT_REQ[] = {1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                        0, 0, 0};
enum { TC_ID, TC_ACC, TC_KIND, TC_HOURS, TC_COST, TC_VALUE, TC_CONTACT,
       TC_OBJECTIVE, TC_MAXCOUNT, TC_DECAY, TC_REQUIRES, TC_GROUP,
       TC_VLOW, TC_VHIGH, TC_VSD, TC_MINCOUNT, TC_LOCKED,
       TC_EARLIEST, TC_LATEST, TC_MAXPER };

static const char *const SCEN_COLS[] = {
    "id", "hours", "budget", "hours_scale", "budget_scale",
    "max_key_accounts", "min_contacts", "samples", "key", "exclude",
    "manager_hours_scale", "period_hours_scale"
};
static const unsigned char SCEN_REQ[] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
enum { SC_ID, SC_HOURS, SC_BUDGET, SC_HSCALE, SC_BSCALE, SC_MAXKEY, SC_MINCON,
       SC_SAMPLES, SC_KEY, SC_EXCLUDE, SC_MHSCALE, SC_PHSCALE };

#define SCHEMA(cols, req) {(int)(sizeof cols / sizeof cols[0]), cols, req, NULL}
/* With the columns of issue 15 it refuses (team.c). */
#define SCHEMA_R(cols, req, refused) \
    {(int)(sizeof cols / sizeof cols[0]), cols, req, refused}

struct loader {
    kp_instance *in;
    kp_diags *d;
    int errors;
    kp__strmap *acc_map, *con_map, *obj_map, *act_map, *group_map;
    kp__strmap *mgr_map;    /* managers.csv's ids (team.c); NULL: none */
    kp__strmap *per_map;    /* periods.csv's ids (periods.c); NULL: none */
    /* The requires ids of the activities kept so far, in their order:
     * activity i's are the next act[i].nrequires (read_activity). */
    char **req_tok;
    size_t nreq_tok, req_cap;
    /* Each file's column map and room for its rows (its reader's idx and
     * room), freed once the file is read (done_with). */
    int *idx[6];
    char **room[6][2];
    long max_rows;          /* data rows one file may hold */
    long long max_bytes;    /* bytes one file may hold */
    /* KP_EIO when a file could not be read, KP_ENOMEM when memory ran
     * out while reading one (KP_ENOMEM wins); else KP_OK. Either makes the
     * load fail with it, whatever else was found. */
    int fatal;
    double max_model;       /* columns, and rows, of one model */
    /* Where the files are read from: the folder, or memory
     * (kp__instance_load_mem). */
    kp__source src;
    /* scenarios.csv's key and exclude lists, all in one block. */
    int *pool;
    size_t npool, pool_cap;
};

/* Opens file which (KP__INSTANCE_FILES) into in->tables[which] and r for reading it as
 * schema sc, its columns mapped by the header when by_header (else the
 * caller maps them). The loader owns r->idx. Returns 1 when read (maybe
 * with bad records, already counted), 0 when absent and optional, -1 on a
 * fatal problem (missing required file, I/O or memory). */
static int open_table(struct loader *L, int which, int optional,
                      const struct kp__schema *sc, int by_header,
                      struct kp__reader *r)
{
    size_t before = kp_diags_errors(L->d);
    int rc = kp__source_read(&L->src, which, &L->in->tables[which], L->d);

    if (rc == KP_ENOTFOUND) {
        char *path = kp__path_join(L->in->dir, KP__INSTANCE_FILES[which]);
        if (optional || !path) {
            free(path);
            return path ? 0 : -1;
        }
        kp__diag(L->d, KP_ERROR, path, 0, NULL, "required file is missing");
        free(path);
        L->errors++;
        return -1;
    }
    if (rc == KP_ENOMEM || (rc == KP_EIO && L->fatal != KP_ENOMEM))
        L->fatal = rc;
    L->errors += (int)(kp_diags_errors(L->d) - before);
    if (rc != KP_OK)
        return -1;
    if (kp__reader_init(r, L->in->tables[which], sc, L->d) != 0)
        return -1;
    L->idx[which] = r->idx;
    L->room[which][0] = r->room[0];
    L->room[which][1] = r->room[1];
    if (by_header)
        L->errors += kp__map_columns(r);
    return 1;
}

static const char *const STATUS_WORDS[] = {"auto", "key", "exclude"};
static const char *const STANCE_WORDS[] = {"supporter", "neutral", "opponent"};
static const char *const HORIZON_WORDS[] = {"short", "long"};

static int load_accounts(struct loader *L)
{
    static const struct kp__schema sc = SCHEMA(ACC_COLS, ACC_REQ);
    struct kp__reader r;
    kp_instance *in = L->in;
    size_t before = kp_diags_errors(L->d);
    int rc = open_table(L, T_ACC, 0, &sc, 1, &r);
    if (rc <= 0)
        return rc;
    if (r.idx[AC_ID] < 0)
        return -1;
    in->acc = calloc(r.t->nrows + 1, sizeof *in->acc);
    L->acc_map = kp__strmap_new(r.t->nrows);
    if (!in->acc || !L->acc_map)
        return -1;
    if (r.t->nrows == 0 && kp_diags_errors(L->d) == before) {
        /* An instance without accounts has nothing to plan: most likely
         * an export that went wrong. (Rows left out as unreadable have
         * been reported already.) */
        kp__diag(L->d, KP_ERROR, r.t->name, r.t->header_line, NULL,
                 "no accounts: the file has a header but no rows");
        L->errors++;
    }
    for (size_t i = 0; i < r.t->nrows; i++) {
        const kp__row *row = kp__reader_row(&r, i);
        kp__account *a = &in->acc[in->nacc];
        int e = kp__check_width(&r, row), idr;
        idr = kp__get_id(&r, row, L->acc_map, (long)in->nacc, &in->acc[0].line,
                         sizeof *in->acc, &a->id);
        if (idr < 0)
            return -1;
        e += idr;
        a->line = row->line;
        a->name = (char *)kp__field(&r, row, AC_NAME);
        if (!a->name || !*a->name)
            a->name = a->id;
        for (int c = 0; c < KP_N_CRITERIA; c++)
            a->crit[c] = 0;
        a->max_hours = a->max_budget = NAN;
        a->min_hours = 0;
        a->status = KP_AUTO;
        e += kp__get_num(&r, row, AC_SALES, &a->crit[KP__C_SALES], KP__LO_GE, 0, NAN);
        e += kp__get_num(&r, row, AC_MARGIN, &a->crit[KP__C_MARGIN], KP__LO_NONE, NAN, NAN);
        e += kp__get_num(&r, row, AC_GROWTH, &a->crit[KP__C_GROWTH], KP__LO_NONE, NAN, NAN);
        e += kp__get_num(&r, row, AC_POTENTIAL, &a->crit[KP__C_POTENTIAL], KP__LO_GE, 0, NAN);
        e += kp__get_num(&r, row, AC_DAYS, &a->crit[KP__C_DAYS_TO_PAY], KP__LO_GE, 0, NAN);
        e += kp__get_num(&r, row, AC_ACCESS, &a->crit[KP__C_ACCESS], KP__LO_GE, 0, 5);
        e += kp__get_num(&r, row, AC_OPENNESS, &a->crit[KP__C_OPENNESS], KP__LO_GE, 0, 5);
        e += kp__get_num(&r, row, AC_MAXH, &a->max_hours, KP__LO_GE, 0, NAN);
        e += kp__get_num(&r, row, AC_MAXB, &a->max_budget, KP__LO_GE, 0, NAN);
        e += kp__get_num(&r, row, AC_MINH, &a->min_hours, KP__LO_GE, 0, NAN);
        e += kp__get_enum(&r, row, AC_STATUS, &a->status, STATUS_WORDS, 3);
        e += kp__team_account(&r, row, AC_MANAGER, L->mgr_map, &a->manager);
        if (kp__isset(a->max_hours) && a->min_hours > a->max_hours) {
            kp__diag(L->d, KP_ERROR, r.t->name, row->line, "min_hours",
                     "min_hours %g is above max_hours %g", a->min_hours,
                     a->max_hours);
            e++;
        }
        L->errors += e;
        if (a->id && *a->id && idr == 0)
            in->nacc++;     /* rows without a usable id are left out */
    }
    return 1;
}

static int load_contacts(struct loader *L)
{
    static const struct kp__schema sc = SCHEMA(CON_COLS, CON_REQ);
    struct kp__reader r;
    kp_instance *in = L->in;
    int rc = open_table(L, T_CON, 1, &sc, 1, &r);
    if (rc <= 0)
        return rc;
    in->con = calloc(r.t->nrows + 1, sizeof *in->con);
    L->con_map = kp__strmap_new(r.t->nrows);
    if (!in->con || !L->con_map)
        return -1;
    if (r.idx[CC_ID] < 0 || r.idx[CC_ACC] < 0)
        return 1;
    for (size_t i = 0; i < r.t->nrows; i++) {
        const kp__row *row = kp__reader_row(&r, i), *next = kp__reader_next(&r);
        kp__contact *c = &in->con[in->ncon];
        int e = kp__check_width(&r, row), idr;
        if (next) {     /* as for activities (prefetch_activity) */
            kp__strmap_prefetch(L->con_map, kp__field(&r, next, CC_ID));
            kp__strmap_prefetch(L->acc_map, kp__field(&r, next, CC_ACC));
        }
        idr = kp__get_id(&r, row, L->con_map, (long)in->ncon, &in->con[0].line,
                         sizeof *in->con, &c->id);
        if (idr < 0)
            return -1;
        e += idr;
        c->line = row->line;
        c->name = (char *)kp__field(&r, row, CC_NAME);
        c->role = (char *)kp__field(&r, row, CC_ROLE);
        c->stance = KP__STANCE_NEUTRAL;
        if (!kp__field(&r, row, CC_ACC)) {
            kp__diag(L->d, KP_ERROR, r.t->name, row->line, "account_id",
                     "missing account_id");
            e++;
        }
        int acc_bad = kp__get_ref(&r, row, CC_ACC, L->acc_map, "account", &c->account);
        e += acc_bad;
        e += kp__get_num(&r, row, CC_INFL, &c->influence, KP__LO_GE, 0, 5);
        e += kp__get_bool(&r, row, CC_ENTR, &c->entrenched);
        e += kp__get_enum(&r, row, CC_STANCE, &c->stance, STANCE_WORDS, 3);
        L->errors += e;
        if (idr == 0)   /* kept even when bad: ids must map to their row */
            in->ncon++;
    }
    return 1;
}

static int load_objectives(struct loader *L)
{
    static const struct kp__schema sc = SCHEMA(OBJ_COLS, OBJ_REQ);
    struct kp__reader r;
    kp_instance *in = L->in;
    int rc = open_table(L, T_OBJ, 1, &sc, 1, &r);
    if (rc <= 0)
        return rc;
    in->obj = calloc(r.t->nrows + 1, sizeof *in->obj);
    L->obj_map = kp__strmap_new(r.t->nrows);
    if (!in->obj || !L->obj_map)
        return -1;
    if (r.idx[OC_ID] < 0 || r.idx[OC_ACC] < 0)
        return 1;
    for (size_t i = 0; i < r.t->nrows; i++) {
        const kp__row *row = kp__reader_row(&r, i), *next = kp__reader_next(&r);
        kp__objective *o = &in->obj[in->nobj];
        int e = kp__check_width(&r, row), idr;
        if (next) {     /* as for activities (prefetch_activity) */
            kp__strmap_prefetch(L->obj_map, kp__field(&r, next, OC_ID));
            kp__strmap_prefetch(L->acc_map, kp__field(&r, next, OC_ACC));
        }
        idr = kp__get_id(&r, row, L->obj_map, (long)in->nobj, &in->obj[0].line,
                         sizeof *in->obj, &o->id);
        if (idr < 0)
            return -1;
        e += idr;
        o->line = row->line;
        o->horizon = KP__HORIZON_SHORT;
        if (!kp__field(&r, row, OC_ACC)) {
            kp__diag(L->d, KP_ERROR, r.t->name, row->line, "account_id",
                     "missing account_id");
            e++;
        }
        e += kp__get_ref(&r, row, OC_ACC, L->acc_map, "account", &o->account);
        e += kp__get_enum(&r, row, OC_HORIZON, &o->horizon, HORIZON_WORDS, 2);
        e += kp__get_num(&r, row, OC_VALUE, &o->value, KP__LO_GE, 0, NAN);
        L->errors += e;
        if (idr == 0)
            in->nobj++;
    }
    return 1;
}

/* Splits a requires field in place at ';' and appends its ids, trimmed,
 * to L->req_tok, where they wait until every activity is known; *n is
 * their count. Returns 0, or -1 when out of memory. */
static int split_requires(struct loader *L, char *s, int *n)
{
    *n = 0;
    for (char *tok = s;;) {
        char *end = strchr(tok, ';');
        if (end)
            *end = '\0';
        while (isspace((unsigned char)*tok))
            tok++;
        size_t len = strlen(tok);
        while (len && isspace((unsigned char)tok[len - 1]))
            tok[--len] = '\0';
        if (*tok) {
            if (L->nreq_tok == L->req_cap) {
                size_t cap = L->req_cap ? 2 * L->req_cap : 1024;
                char **t = realloc(L->req_tok, cap * sizeof *t);
                if (!t)
                    return -1;
                L->req_tok = t;
                L->req_cap = cap;
            }
            L->req_tok[L->nreq_tok++] = tok;
            (*n)++;
        }
        if (!end)
            break;
        tok = end + 1;
    }
    return 0;
}

/* The account of activities.csv's row (required, and known). Returns the
 * number of errors reported. */
static int activity_account(struct loader *L, const struct kp__reader *r,
                            const kp__row *row, kp__activity *a)
{
    int e = 0;
    if (!kp__field(r, row, TC_ACC)) {
        kp__diag(L->d, KP_ERROR, r->t->name, row->line, "account_id",
                 "missing account_id");
        e++;
    }
    return e + kp__get_ref(r, row, TC_ACC, L->acc_map, "account", &a->account);
}

/* The activity's commitment: min_count (0 to its max_count) and locked.
 * Returns the number of errors reported. */
static int activity_commitment(struct loader *L, const struct kp__reader *r,
                               const kp__row *row, kp__activity *a)
{
    int e = kp__get_int(r, row, TC_MINCOUNT, &a->min_count, 0, MAX_COUNT_LIMIT);
    e += kp__get_bool(r, row, TC_LOCKED, &a->locked);
    if (!e && a->min_count > a->max_count) {
        kp__diag(L->d, KP_ERROR, r->t->name, row->line, "min_count",
                 "%d is more than max_count %d", a->min_count, a->max_count);
        e++;
    }
    return e;
}

/* The activity's numbers: hours (required, > 0), cost, value, max_count
 * and decay, and its commitment. Returns the number of errors reported. */
static int activity_figures(struct loader *L, const struct kp__reader *r,
                            const kp__row *row, kp__activity *a)
{
    int e = kp__get_num(r, row, TC_HOURS, &a->hours, KP__LO_GT, 0, NAN);
    if (!kp__field(r, row, TC_HOURS)) {
        kp__diag(L->d, KP_ERROR, r->t->name, row->line, "hours",
                 "missing hours (required, > 0)");
        e++;
    }
    e += kp__get_num(r, row, TC_COST, &a->cost, KP__LO_GE, 0, NAN);
    e += kp__get_num(r, row, TC_VALUE, &a->value, KP__LO_GE, 0, NAN);
    e += kp__get_int(r, row, TC_MAXCOUNT, &a->max_count, 1, MAX_COUNT_LIMIT);
    e += kp__get_num(r, row, TC_DECAY, &a->decay, KP__LO_GT, 0, 1);
    return e + activity_commitment(L, r, row, a);
}

/* The activity's range of values for sampled futures, into range (when
 * the file has a range column): value_low and value_high together, with
 * value_low <= value <= value_high, or value_sd >= 0, never both kinds.
 * Returns the number of errors reported. */
static int activity_range(struct loader *L, const struct kp__reader *r,
                          const kp__row *row, const kp__activity *a,
                          kp__vrange *range)
{
    const char *f = r->t->name;
    double lo = NAN, hi = NAN, sd = NAN;
    int e = kp__get_num(r, row, TC_VLOW, &lo, KP__LO_GE, 0, NAN);
    e += kp__get_num(r, row, TC_VHIGH, &hi, KP__LO_GE, 0, NAN);
    e += kp__get_num(r, row, TC_VSD, &sd, KP__LO_GE, 0, NAN);
    range->kind = KP__RANGE_NONE;
    if (e > 0)
        return e;
    if (kp__isset(lo) != kp__isset(hi)) {
        kp__diag(L->d, KP_ERROR, f, row->line, kp__isset(lo) ? "value_high" : "value_low",
                 "missing: value_low and value_high come together");
        return 1;
    }
    if (kp__isset(lo) && kp__isset(sd)) {
        kp__diag(L->d, KP_ERROR, f, row->line, "value_sd",
                 "%g given with value_low and value_high: an activity's range is one "
                 "or the other", sd);
        return 1;
    }
    if (kp__isset(lo) && kp__isset(a->value) && lo > a->value) {
        kp__diag(L->d, KP_ERROR, f, row->line, "value_low",
                 "%g is above the value %g (expected value_low <= value <= value_high)",
                 lo, a->value);
        return 1;
    }
    if (kp__isset(hi) && kp__isset(a->value) && hi < a->value) {
        kp__diag(L->d, KP_ERROR, f, row->line, "value_high",
                 "%g is below the value %g (expected value_low <= value <= value_high)",
                 hi, a->value);
        return 1;
    }
    if (kp__isset(lo)) {
        *range = (kp__vrange){lo, hi, NAN, KP__RANGE_LOW_HIGH};
    } else if (kp__isset(sd)) {
        *range = (kp__vrange){NAN, NAN, sd, KP__RANGE_SD};
    }
    return 0;
}

/* Reference column i (contact_id or objective_id) of the activity, into
 * *out: an error when the file it refers to is absent (map NULL). Returns
 * the number of errors reported. */
static int activity_ref(struct loader *L, const struct kp__reader *r, const kp__row *row,
                        int i, const kp__strmap *map, const char *what,
                        const char *file, int *out)
{
    if (!map) {
        const char *v = kp__field(r, row, i);
        if (v) {
            kp__diag(L->d, KP_ERROR, r->t->name, row->line, r->sc->names[i],
                     "refers to \"%s\" but there is no %s", v, file);
            return 1;
        }
    }
    return kp__get_ref(r, row, i, map, what, out);
}

/* The activity's contact and objective: known, and of its own account.
 * Returns the number of errors reported. */
static int activity_links(struct loader *L, const struct kp__reader *r,
                          const kp__row *row, kp__activity *a)
{
    const kp_instance *in = L->in;
    int e = activity_ref(L, r, row, TC_CONTACT, L->con_map, "contact",
                         "contacts.csv", &a->contact);
    e += activity_ref(L, r, row, TC_OBJECTIVE, L->obj_map, "objective",
                      "objectives.csv", &a->objective);
    if (a->account >= 0 && a->contact >= 0 && in->con[a->contact].account >= 0 &&
        in->con[a->contact].account != a->account) {
        kp__diag(L->d, KP_ERROR, r->t->name, row->line, "contact_id",
                 "contact \"%s\" works in account \"%s\", not in \"%s\"",
                 in->con[a->contact].id, in->acc[in->con[a->contact].account].id,
                 in->acc[a->account].id);
        e++;
    }
    if (a->account >= 0 && a->objective >= 0 && in->obj[a->objective].account >= 0 &&
        in->obj[a->objective].account != a->account) {
        kp__diag(L->d, KP_ERROR, r->t->name, row->line, "objective_id",
                 "objective \"%s\" belongs to account \"%s\", not to \"%s\"",
                 in->obj[a->objective].id, in->acc[in->obj[a->objective].account].id,
                 in->acc[a->account].id);
        e++;
    }
    return e;
}

/* The activity's group of alternatives, numbered in order of first use.
 * Returns 0, or -1 when out of memory. */
static int activity_group(struct loader *L, const struct kp__reader *r,
                          const kp__row *row, kp__activity *a)
{
    kp_instance *in = L->in;
    char *g = (char *)kp__field(r, row, TC_GROUP);
    if (!g || !*g)
        return 0;
    long gi = kp__strmap_put(L->group_map, g, (long)in->ngroups);
    if (gi == -2)
        return -1;
    if (gi == -1) {
        in->groups[in->ngroups] = g;
        gi = (long)in->ngroups++;
    }
    a->group = (int)gi;
    return 0;
}

/* Starts the look-ups of activities.csv's row next (NULL: none): a
 * look-up in a map larger than the cache waits for memory, and the next
 * row's wait while this row is read. */
static void prefetch_activity(struct loader *L, const struct kp__reader *r,
                              const kp__row *next)
{
    if (!next)
        return;
    kp__strmap_prefetch(L->act_map, kp__field(r, next, TC_ID));
    kp__strmap_prefetch(L->acc_map, kp__field(r, next, TC_ACC));
    kp__strmap_prefetch(L->con_map, kp__field(r, next, TC_CONTACT));
    kp__strmap_prefetch(L->obj_map, kp__field(r, next, TC_OBJECTIVE));
    kp__strmap_prefetch(L->group_map, kp__field(r, next, TC_GROUP));
}

/* Reads one row of activities.csv into in->act[in->nact], kept (nact
 * grows) when its id is good; its requires ids go to L->req_tok until
 * resolve_requires. Returns 0 (errors counted in L->errors), or -1 when
 * out of memory. */
static int read_activity(struct loader *L, const struct kp__reader *r,
                         const kp__row *row)
{
    kp_instance *in = L->in;
    kp__activity *a = &in->act[in->nact];
    size_t first_tok = L->nreq_tok;
    int e, idr;

    prefetch_activity(L, r, kp__reader_next(r));
    e = kp__check_width(r, row);
    idr = kp__get_id(r, row, L->act_map, (long)in->nact, &in->act[0].line,
                     sizeof *in->act, &a->id);
    if (idr < 0)
        return -1;
    e += idr;
    a->line = row->line;
    a->kind = (char *)kp__field(r, row, TC_KIND);
    if (!a->kind || !*a->kind)
        a->kind = "other";
    a->max_count = 1;
    a->decay = 1;
    a->hours = NAN;
    a->contact = a->objective = a->group = -1;
    a->nrequires = 0;
    a->min_count = a->locked = 0;
    e += activity_account(L, r, row, a);
    e += activity_figures(L, r, row, a);
    e += kp__periods_activity(r, row, TC_EARLIEST, in, L->per_map, a, in->nact);
    if (in->vrange)
        e += activity_range(L, r, row, a, &in->vrange[in->nact]);
    e += activity_links(L, r, row, a);
    if (activity_group(L, r, row, a) != 0)
        return -1;
    char *req = (char *)kp__field(r, row, TC_REQUIRES);
    if (req && *req && split_requires(L, req, &a->nrequires) != 0)
        return -1;
    L->errors += e;
    if (idr == 0) {
        in->nact++;
    } else {
        L->nreq_tok = first_tok;
        a->nrequires = 0;
    }
    return 0;
}

/* Reads activities.csv (required) into in->act, with the requires ids of
 * the activities in L->req_tok to resolve once every id is known. Returns
 * 1 when read, -1 on a fatal problem. */
static int load_activities(struct loader *L)
{
    static const struct kp__schema sc = SCHEMA_R(ACT_COLS, ACT_REQ, &KP__TEAM_ACTIVITIES);
    struct kp__reader r;
    kp_instance *in = L->in;
    int rc = open_table(L, T_ACT, 0, &sc, 1, &r);
    if (rc <= 0)
        return rc;
    in->act = calloc(r.t->nrows + 1, sizeof *in->act);
    in->groups = calloc(r.t->nrows + 1, sizeof *in->groups);
    L->act_map = kp__strmap_new(r.t->nrows);
    L->group_map = kp__strmap_new(16);
    if (!in->act || !in->groups || !L->act_map || !L->group_map)
        return -1;
    if (in->nper && !(in->win = calloc(r.t->nrows + 1, sizeof *in->win)))
        return -1;
    if ((r.idx[TC_VLOW] >= 0 || r.idx[TC_VHIGH] >= 0 || r.idx[TC_VSD] >= 0) &&
        !(in->vrange = calloc(r.t->nrows + 1, sizeof *in->vrange)))
        return -1;
    if (r.idx[TC_ID] < 0 || r.idx[TC_ACC] < 0 || r.idx[TC_HOURS] < 0)
        return rc;
    for (size_t i = 0; i < r.t->nrows; i++)
        if (read_activity(L, &r, kp__reader_row(&r, i)) != 0)
            return -1;
    return rc;
}

/* Resolves the requires ids to activity indices, into one block for all
 * activities (in->req_pool), and reports unknown ones. Returns 0, or -1
 * when out of memory. */
static int resolve_requires(struct loader *L)
{
    kp_instance *in = L->in;
    size_t tok = 0, used = 0;

    if (!L->nreq_tok)
        return 0;
    if (!(in->req_pool = malloc(L->nreq_tok * sizeof *in->req_pool)))
        return -1;
    for (size_t i = 0; i < in->nact; i++) {
        kp__activity *a = &in->act[i];
        int n = 0;
        if (!a->nrequires)
            continue;
        a->requires = in->req_pool + used;
        for (int k = 0; k < a->nrequires; k++) {
            const char *id = L->req_tok[tok++];
            if (tok + 8 < L->nreq_tok)     /* as prefetch_activity does */
                kp__strmap_prefetch(L->act_map, L->req_tok[tok + 8]);
            long j = kp__strmap_get(L->act_map, id);
            if (j < 0 || (size_t)j >= in->nact || strcmp(in->act[j].id, id) != 0) {
                kp__diag(L->d, KP_ERROR, in->tables[T_ACT]->name, a->line, "requires",
                         "unknown activity \"%s\"", id);
                L->errors++;
                continue;
            }
            a->requires[n++] = (int)j;
        }
        a->nrequires = n;
        used += (size_t)n;
    }
    return 0;
}

/* A cycle of prerequisites is listed whole up to this many activities;
 * a longer one by its first CYCLE_HEAD and its last one, with how many
 * were left out between (a cycle of 100,000 makes one short line). */
#define CYCLE_WHOLE 20
#define CYCLE_HEAD 10

/* Reports the cycle that closes at w, which is on the path stack[0..top-1]
 * at index at[w], as "w -> ... -> w" (CYCLE_WHOLE). Time and text do not
 * grow with its length. Returns 0, or -1 when out of memory. */
static int report_cycle(struct loader *L, const int *stack, int top, const int *at, int w)
{
    const kp_instance *in = L->in;
    kp__str path = KP__STR_INIT;
    int from = at[w], len = top - from;

    for (int k = from; k < top; k++) {
        if (len > CYCLE_WHOLE && k == from + CYCLE_HEAD) {
            kp__str_addf(&path, "... (%d more) -> ", len - CYCLE_HEAD - 1);
            k = top - 1;
        }
        kp__str_addf(&path, "%s -> ", in->act[stack[k]].id);
    }
    kp__str_add(&path, in->act[w].id);
    if (path.oom) {
        kp__str_free(&path);
        return -1;
    }
    if (len > CYCLE_WHOLE)
        kp__diag(L->d, KP_ERROR, in->tables[T_ACT]->name, in->act[w].line, "requires",
                 "cycle in prerequisites (%d activities): %s", len, kp__str_get(&path));
    else
        kp__diag(L->d, KP_ERROR, in->tables[T_ACT]->name, in->act[w].line, "requires",
                 "cycle in prerequisites: %s", kp__str_get(&path));
    L->errors++;
    kp__str_free(&path);
    return 0;
}

/* Reports every cycle in the requires graph once, as "a -> b -> a", by a
 * depth-first search with an explicit stack (chains can be long): time
 * linear in the activities and prerequisites, a cycle's text bounded
 * (report_cycle). Returns 0, or -1 when out of memory. */
static int find_cycles(struct loader *L)
{
    kp_instance *in = L->in;
    size_t n = in->nact;
    unsigned char *state = calloc(n + 1, 1);    /* 0 new, 1 on path, 2 done */
    int *stack = malloc((n + 1) * sizeof *stack);
    int *pos = calloc(n + 1, sizeof *pos);      /* next edge to follow */
    int *at = malloc((n + 1) * sizeof *at);     /* index on the path */
    int rc = -1;

    if (!state || !stack || !pos || !at)
        goto out;
    for (size_t s = 0; s < n; s++) {
        int top = 0;
        if (state[s])
            continue;
        at[s] = top;
        stack[top++] = (int)s;
        state[s] = 1;
        while (top) {
            int v = stack[top - 1];
            if (pos[v] < in->act[v].nrequires) {
                int w = in->act[v].requires[pos[v]++];
                if (state[w] == 0) {
                    state[w] = 1;
                    at[w] = top;
                    stack[top++] = w;
                } else if (state[w] == 1 && report_cycle(L, stack, top, at, w) != 0) {
                    goto out;
                }
            } else {
                state[v] = 2;
                top--;
            }
        }
    }
    rc = 0;
out:
    free(state);
    free(stack);
    free(pos);
    free(at);
    return rc;
}

/* policy.csv's keys; the thresholds (min_sales to min_openness) are in
 * the order of the criteria. */
static const char *const POL_KEYS[] = {
    "hours", "budget", "max_key_accounts", "min_contacts",
    "require_entrenched", "opponent_influence", "min_sales",
    "min_margin_pct", "min_growth_pct", "min_potential", "max_days_to_pay",
    "min_access", "min_openness", "min_criteria"
};
enum { POL_HOURS = 0, POL_FIRST_THRESHOLD = 6, POL_MIN_CRITERIA = 13,
       POL_NKEYS = (int)(sizeof POL_KEYS / sizeof POL_KEYS[0]) };
static const char *const POL_COLS[] = {"key", "value"};
static const unsigned char POL_REQ[] = {0, 0};

/* The policy before policy.csv: nothing set but the defaults of
 * min_contacts (3) and require_entrenched (yes). */
static void policy_defaults(kp__policy *p)
{
    p->hours = NAN;
    p->budget = NAN;
    p->max_key_accounts = -1;
    p->min_contacts = 3;
    p->require_entrenched = 1;
    p->opponent_influence = NAN;
    for (int c = 0; c < KP_N_CRITERIA; c++)
        p->threshold[c] = NAN;
}

/* The key of a policy row: its index in POL_KEYS, or -1 when the row is
 * skipped: no key or one set twice (errors), or an unknown key (a
 * warning). seen[k] is the line where key k was set, 0 when not yet. */
static int policy_key(struct loader *L, const struct kp__reader *r, const kp__row *row,
                      long *seen)
{
    const char *key = kp__field(r, row, 0);
    int k;

    if (!key || !*key) {
        kp__diag(L->d, KP_ERROR, r->t->name, row->line, "key", "missing key");
        L->errors++;
        return -1;
    }
    for (k = 0; k < POL_NKEYS; k++)
        if (strcasecmp(key, POL_KEYS[k]) == 0)
            break;
    if (k == POL_NKEYS) {
        kp__diag(L->d, KP_WARNING, r->t->name, row->line, "key",
                 "unknown policy key \"%s\", ignored", key);
        return -1;
    }
    if (seen[k]) {
        kp__diag(L->d, KP_ERROR, r->t->name, row->line, "key",
                 "\"%s\" is set twice (first on line %ld)", POL_KEYS[k], seen[k]);
        L->errors++;
        return -1;
    }
    seen[k] = row->line;
    return k;
}

/* Reads the value of key k from row into the policy (min_criteria into
 * *min_criteria, checked once the thresholds are known). Returns the
 * number of errors reported. */
static int policy_value(struct loader *L, const struct kp__reader *r, const kp__row *row,
                        int k, double *min_criteria)
{
    kp__policy *p = &L->in->pol;
    /* Diagnostics name the key as the column: "policy.csv:4: column
     * 'budget': ..." reads naturally. */
    const char *names[2] = {"key", POL_KEYS[k]};
    const struct kp__schema ksc = {2, names, POL_REQ, NULL};
    struct kp__reader kr = *r;
    int e = 0;

    kr.sc = &ksc;
    for (int j = 2; j < row->nfields; j++) {
        if (row->fields[j] && *row->fields[j]) {
            kp__diag(L->d, KP_ERROR, r->t->name, row->line, NULL,
                     "%d fields, expected key,value", row->nfields);
            e++;
            break;
        }
    }
    switch (k) {
    case 0: e += kp__get_num(&kr, row, 1, &p->hours, KP__LO_GE, 0, NAN); break;
    case 1: e += kp__get_num(&kr, row, 1, &p->budget, KP__LO_GE, 0, NAN); break;
    case 2:
        e += kp__get_int(&kr, row, 1, &p->max_key_accounts, 0, INT_MAX);
        p->max_key_line = row->line;
        break;
    case 3: e += kp__get_int(&kr, row, 1, &p->min_contacts, 0, 1000000); break;
    case 4: e += kp__get_bool(&kr, row, 1, &p->require_entrenched); break;
    case 5: e += kp__get_num(&kr, row, 1, &p->opponent_influence, KP__LO_GE, 0, 5); break;
    case POL_MIN_CRITERIA:
        e += kp__get_num(&kr, row, 1, min_criteria, KP__LO_GE, 0, NAN);
        break;
    default:
        e += kp__get_num(&kr, row, 1, &p->threshold[k - POL_FIRST_THRESHOLD],
                         KP__LO_NONE, NAN, NAN);
    }
    return e;
}

/* After the rows: hours is required; min_criteria, when given, is a whole
 * number up to the count of thresholds set (which it defaults to). */
static void policy_check(struct loader *L, const char *file, const long *seen,
                         double min_criteria)
{
    kp__policy *p = &L->in->pol;
    int nset = 0;

    if (!seen[POL_HOURS] && L->in->has_team) {
        /* The managers' hours alone (models/README.md, "managers.csv"). */
    } else if (!seen[POL_HOURS]) {
        kp__diag(L->d, KP_ERROR, file, 0, NULL, "required key \"hours\" is missing");
        L->errors++;
    } else if (!kp__isset(p->hours) && !L->errors) {
        kp__diag(L->d, KP_ERROR, file, seen[POL_HOURS], "hours",
                 "hours is empty (required)");
        L->errors++;
    }
    for (int c = 0; c < KP_N_CRITERIA; c++)
        nset += kp__isset(p->threshold[c]);
    p->min_criteria = nset;
    if (kp__isset(min_criteria)) {
        if (min_criteria != floor(min_criteria) || min_criteria > nset) {
            kp__diag(L->d, KP_ERROR, file, seen[POL_MIN_CRITERIA], "min_criteria",
                     "%g must be a whole number from 0 to %d (the thresholds set)",
                     min_criteria, nset);
            L->errors++;
        } else {
            p->min_criteria = (int)min_criteria;
        }
    }
}

/* policy.csv: key,value rows; a "key,value" header line is optional.
 * Returns 1 when read, -1 on a fatal problem. */
static int load_policy(struct loader *L)
{
    static const struct kp__schema sc = {2, POL_COLS, POL_REQ, NULL};
    struct kp__reader r;
    long seen[POL_NKEYS] = {0};
    double min_criteria = NAN;
    int rc = open_table(L, T_POL, 0, &sc, 0, &r);

    policy_defaults(&L->in->pol);
    if (rc <= 0)
        return rc;
    r.idx[0] = 0;
    r.idx[1] = 1;
    /* The header row is data unless it reads "key,value". */
    kp__row hdr = {r.t->header_line, r.t->ncols, r.t->header};
    int has_header = r.t->ncols >= 2 && r.t->header[0] && r.t->header[1] &&
                     strcmp(r.t->header[0], "key") == 0 &&
                     strcmp(r.t->header[1], "value") == 0;
    for (size_t i = has_header ? 0 : (size_t)-1; i != r.t->nrows; i++) {
        const kp__row *row = i == (size_t)-1 ? &hdr : kp__reader_row(&r, i);
        int k = policy_key(L, &r, row, seen);
        if (k >= 0)
            L->errors += policy_value(L, &r, row, k, &min_criteria);
    }
    policy_check(L, r.t->name, seen, min_criteria);
    return 1;
}

/* Appends account k to the pool of scenario lists (L->pool). Returns 0,
 * or -1 when out of memory. */
static int pool_add(struct loader *L, int k)
{
    if (L->npool == L->pool_cap) {
        size_t cap = L->pool_cap ? 2 * L->pool_cap : 64;
        int *p = realloc(L->pool, cap * sizeof *p);
        if (!p)
            return -1;
        L->pool = p;
        L->pool_cap = cap;
    }
    L->pool[L->npool++] = k;
    return 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Column col (key or exclude) of scenarios.csv's row: account ids
 * separated by ';' (spaces around an id dropped, empty items ignored),
 * each known and given once, appended to the pool, sorted, *n of them.
 * Returns the number of errors reported, or -1 when out of memory. */
static int scenario_accounts(struct loader *L, const struct kp__reader *r,
                             const kp__row *row, int col, int *n)
{
    char *s = (char *)kp__field(r, row, col);
    size_t first = L->npool;
    int e = 0;

    *n = 0;
    for (char *tok = s; tok && *tok;) {
        char *end = strchr(tok, ';');
        if (end)
            *end = '\0';
        while (isspace((unsigned char)*tok))
            tok++;
        size_t len = strlen(tok);
        while (len && isspace((unsigned char)tok[len - 1]))
            tok[--len] = '\0';
        if (*tok && !L->acc_map) {  /* accounts.csv failed: reported */
            e++;
            break;
        }
        long k = *tok ? kp__strmap_get(L->acc_map, tok) : -1;
        if (*tok && k < 0) {
            kp__diag(L->d, KP_ERROR, r->t->name, row->line, SCEN_COLS[col],
                     "unknown account \"%s\"", tok);
            e++;
        } else if (*tok && pool_add(L, (int)k) != 0) {
            return -1;
        }
        tok = end ? end + 1 : NULL;
    }
    *n = (int)(L->npool - first);
    if (*n > 1)     /* the pool is NULL while it holds nothing */
        qsort(L->pool + first, (size_t)*n, sizeof *L->pool, cmp_int);
    for (int i = 1; i < *n; i++)
        if (L->pool[first + i] == L->pool[first + i - 1]) {
            kp__diag(L->d, KP_ERROR, r->t->name, row->line, SCEN_COLS[col],
                     "account \"%s\" is listed twice",
                     L->in->acc[L->pool[first + i]].id);
            e++;
            break;
        }
    return e;
}

/* The scenario's key and exclude (as offsets into the pool until
 * scenario_lists); an account in both is an error. Returns the number of
 * errors reported, or -1 when out of memory. */
static int scenario_commitments(struct loader *L, const struct kp__reader *r,
                                const kp__row *row, kp__scenario *s)
{
    size_t kfrom = L->npool, xfrom;
    int e = scenario_accounts(L, r, row, SC_KEY, &s->nkey), ex;
    if (e < 0)
        return -1;
    xfrom = L->npool;
    if ((ex = scenario_accounts(L, r, row, SC_EXCLUDE, &s->nexclude)) < 0)
        return -1;
    e += ex;
    s->key = (int *)(uintptr_t)kfrom;
    s->exclude = (int *)(uintptr_t)xfrom;
    for (int i = 0, j = 0; i < s->nkey && j < s->nexclude;) {
        int a = L->pool[kfrom + i], b = L->pool[xfrom + j];
        if (a == b) {
            kp__diag(L->d, KP_ERROR, r->t->name, row->line, "exclude",
                     "account \"%s\" is also in column 'key' of this row",
                     L->in->acc[a].id);
            e++;
            break;
        }
        if (a < b)
            i++;
        else
            j++;
    }
    return e;
}

/* Turns the scenarios' offsets into the pool into pointers into
 * in->scen_pool, which takes the pool over. Returns 1. */
static int scenario_lists(struct loader *L)
{
    kp_instance *in = L->in;
    in->scen_pool = L->pool;
    L->pool = NULL;
    for (size_t i = 0; i < in->nscen; i++) {
        kp__scenario *s = &in->scen[i];
        s->key = in->scen_pool ? in->scen_pool + (uintptr_t)s->key : NULL;
        s->exclude = in->scen_pool ? in->scen_pool + (uintptr_t)s->exclude : NULL;
    }
    return 1;
}

static int load_scenarios(struct loader *L)
{
    static const struct kp__schema sc = SCHEMA_R(SCEN_COLS, SCEN_REQ, &KP__TEAM_SCENARIOS);
    struct kp__reader r;
    kp_instance *in = L->in;
    const kp__policy *p = &in->pol;
    int rc = open_table(L, T_SCEN, 1, &sc, 1, &r), cm = 0;
    size_t n = rc > 0 ? r.t->nrows : 0;

    in->scen = calloc(n + 1, sizeof *in->scen);
    if (!in->scen || rc < 0)
        return -1;
    if (rc == 0 || r.idx[SC_ID] < 0 || n == 0) {
        if (rc > 0 && r.idx[SC_ID] >= 0)
            kp__diag(L->d, KP_WARNING, r.t->name, r.t->header_line, NULL,
                     "no scenario rows: solving the base scenario");
        in->scen[0].id = "base";
        in->scen[0].hours = p->hours;
        in->scen[0].budget = p->budget;
        in->scen[0].max_key_accounts = p->max_key_accounts;
        in->scen[0].min_contacts = p->min_contacts;
        if (!kp__isset(p->hours))
            in->scen[0].hours = kp__team_hours(in, &in->scen[0]),
            in->scen[0].hours_of_team = 1;
        in->nscen = 1;
        return 1;
    }
    kp__strmap *map = kp__strmap_new(n);
    if (!map)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const kp__row *row = kp__reader_row(&r, i);
        kp__scenario *s = &in->scen[in->nscen];
        double hours = NAN, budget = NAN, hs = NAN, bs = NAN, mhs = NAN, phs = NAN;
        int e = kp__check_width(&r, row), idr;
        idr = kp__get_id(&r, row, map, (long)in->nscen, &in->scen[0].line,
                         sizeof *in->scen, &s->id);
        if (idr < 0)
            break;
        e += idr;
        s->line = row->line;
        s->max_key_accounts = p->max_key_accounts;
        s->min_contacts = p->min_contacts;
        e += kp__get_num(&r, row, SC_HOURS, &hours, KP__LO_GE, 0, NAN);
        e += kp__get_num(&r, row, SC_BUDGET, &budget, KP__LO_GE, 0, NAN);
        e += kp__get_num(&r, row, SC_HSCALE, &hs, KP__LO_GE, 0, NAN);
        e += kp__get_num(&r, row, SC_BSCALE, &bs, KP__LO_GE, 0, NAN);
        e += kp__get_int(&r, row, SC_MAXKEY, &s->max_key_accounts, 0, INT_MAX);
        e += kp__get_int(&r, row, SC_MINCON, &s->min_contacts, 0, 1000000);
        e += kp__get_int(&r, row, SC_SAMPLES, &s->samples, 0, KP_SAMPLES_MAX);
        e += kp__get_num(&r, row, SC_MHSCALE, &mhs, KP__LO_GE, 0, NAN);
        e += kp__get_num(&r, row, SC_PHSCALE, &phs, KP__LO_GE, 0, NAN);
        if ((cm = scenario_commitments(L, &r, row, s)) < 0)
            break;
        e += cm;
        /* An absolute value wins over a scale (models/README.md). */
        s->hours = kp__isset(hours) ? hours
                 : kp__isset(hs) ? p->hours * hs : p->hours;
        s->budget = kp__isset(budget) ? budget
                  : kp__isset(bs) ? p->budget * bs : p->budget;
        e += kp__team_scenario(in, &r, row, s, hs, bs, mhs);
        e += kp__periods_scenario(in, &r, row, s, hs, bs, phs);
        if (kp__isset(bs) && !kp__isset(budget) && !kp__isset(p->budget) &&
            !kp__team_has_budget(in) && !kp__periods_have_budget(in))
            kp__diag(L->d, KP_WARNING, r.t->name, row->line, "budget_scale",
                     "ignored: policy.csv sets no budget, so the budget stays unlimited");
        /* A scale can take a value out of the range every number of the
         * input keeps (kp__num_in_range). */
        if (kp__isset(s->hours) && !kp__num_in_range(s->hours)) {
            kp__diag(L->d, KP_ERROR, r.t->name, row->line, "hours_scale",
                     "%g times the policy's hours %g is out of range (numbers "
                     "are 0 or from 1e-9 to 1e15 in size)", hs, p->hours);
            e++;
        }
        if (kp__isset(s->budget) && !kp__num_in_range(s->budget)) {
            kp__diag(L->d, KP_ERROR, r.t->name, row->line, "budget_scale",
                     "%g times the policy's budget %g is out of range (numbers "
                     "are 0 or from 1e-9 to 1e15 in size)", bs, p->budget);
            e++;
        }
        L->errors += e;
        if (idr == 0)
            in->nscen++;
    }
    kp__strmap_free(map);
    return cm < 0 ? -1 : scenario_lists(L);
}

/* Builds a CSR list: for each owner k, the items whose owner is k, in
 * file order. owner_of(i) is read through a stride over the item array. */
static int build_csr(size_t nowner, size_t nitem, const void *items,
                     size_t stride, size_t off, int **start, int **idx)
{
    *start = calloc(nowner + 1, sizeof **start);
    *idx = malloc((nitem + 1) * sizeof **idx);
    int *fill = calloc(nowner + 1, sizeof *fill);
    if (!*start || !*idx || !fill) {
        free(fill);
        return -1;
    }
    for (size_t i = 0; i < nitem; i++) {
        int k = *(const int *)((const char *)items + i * stride + off);
        if (k >= 0)
            (*start)[k + 1]++;
    }
    for (size_t k = 0; k < nowner; k++)
        (*start)[k + 1] += (*start)[k];
    for (size_t i = 0; i < nitem; i++) {
        int k = *(const int *)((const char *)items + i * stride + off);
        if (k >= 0)
            (*idx)[(*start)[k] + fill[k]++] = (int)i;
    }
    free(fill);
    return 0;
}

/* Refuses, before any model is built, an instance whose models or plans
 * would not fit in memory: the largest model of any scenario (programme.c's
 * columns y, x, z, w and rows 1 to 10, counted as if every account were
 * eligible) and the plans that a batch keeps, one count per activity and
 * scenario. Returns the number of errors reported. */
static int check_sizes(struct loader *L)
{
    const kp_instance *in = L->in;
    double occ = 0, req = 0, cols, rows;
    int errs = 0;

    if (!in->tables[T_ACT])
        return 0;
    for (size_t a = 0; a < in->nact; a++) {
        occ += in->act[a].max_count;
        /* A committed activity's min_count row counts as one more. */
        req += in->act[a].nrequires + (in->act[a].min_count > 0);
    }
    cols = kp__model_cols((double)in->nacc, (double)in->ncon, (double)in->nobj, occ);
    rows = kp__model_rows((double)in->nacc, (double)in->ncon, (double)in->nobj, occ, req,
                          (double)in->ngroups);
    /* With periods (io/periods.c): n and s per activity and period, their
     * split and reached rows, an order row per prerequisite and period,
     * each period's two limits. */
    if (in->nper) {
        cols += 2.0 * (double)in->nact * (double)in->nper;
        rows += (double)in->nact * (1.0 + (double)in->nper) + req * (double)in->nper +
                2.0 * (double)in->nper;
    }
    if (cols > L->max_model || rows > L->max_model) {
        kp__diag(L->d, KP_ERROR, in->tables[T_ACT]->name, 0, NULL,
                 "the model would have up to %.0f columns and %.0f rows (%zu "
                 "activities with %.0f occurrences in all, the sum of max_count); "
                 "kamplan refuses models over %.0f columns or rows (--max-model), "
                 "which would not fit in memory (models/README.md, \"Limits\")",
                 cols, rows, in->nact, occ, L->max_model);
        errs++;
    }
    if (in->tables[T_SCEN] && in->nscen > MAX_SCENARIOS) {
        kp__diag(L->d, KP_ERROR, in->tables[T_SCEN]->name, 0, NULL,
                 "%zu scenarios, more than the %d kamplan solves in one run "
                 "(models/README.md, \"Limits\")", in->nscen, MAX_SCENARIOS);
        errs++;
    } else if (in->tables[T_SCEN] &&
               (double)in->nscen * (double)in->nact * (1.0 + (double)in->nper) >
               MAX_PLAN_CELLS) {
        /* With periods a plan keeps a count per activity and period too. */
        kp__diag(L->d, KP_ERROR, in->tables[T_SCEN]->name, 0, NULL,
                 "%zu scenarios of %zu activities: their plans would take %.0f "
                 "counts, more than the %.0f kamplan keeps in one run; solve "
                 "fewer scenarios at a time (models/README.md, \"Limits\")",
                 in->nscen, in->nact,
                 (double)in->nscen * (double)in->nact * (1.0 + (double)in->nper),
                 MAX_PLAN_CELLS);
        errs++;
    }
    L->errors += errs;
    return errs;
}

/* Frees what reading file which left behind once its rows are in the
 * instance: the table's rows (its text stays: ids and names point into
 * it), its column map and row room. */
static void done_with(struct loader *L, int which)
{
    kp__table_drop_rows(L->in->tables[which]);
    free(L->idx[which]);
    free(L->room[which][0]);
    free(L->room[which][1]);
    L->idx[which] = NULL;
    L->room[which][0] = L->room[which][1] = NULL;
}

/* Whether reading must stop after a file's load returned rc: memory ran
 * out (rc < 0 without an error said), or a file could not be read
 * (L->fatal): the files after it would only report what follows from its
 * absence. */
static int stop_reading(const struct loader *L, int rc)
{
    return L->fatal != KP_OK || (rc < 0 && kp_diags_errors(L->d) == 0);
}

/* Reads the files: the policy first (scenarios resolve against it), then
 * the files in reference order, so that every reference can be checked;
 * a file's errors do not stop the next from being read, but a file that
 * could not be read does (L->fatal). What a file no longer needs is freed
 * as soon as it is read, so that reading costs little more than its
 * largest file and the instance. Returns 0, or -1 on a fatal problem that
 * left no error in L->d (memory). */
static int read_files(struct loader *L)
{
    int team = kp__team_read_managers(L->in, &L->src, &L->mgr_map, L->d);
    if (team < 0)
        return -1;
    L->errors += team;
    team = kp__periods_read(L->in, &L->src, &L->per_map, L->d);
    if (team < 0)
        return -1;
    L->errors += team;
    if (stop_reading(L, load_policy(L)))
        return L->fatal ? 0 : -1;
    done_with(L, T_POL);
    if (stop_reading(L, load_accounts(L)))
        return L->fatal ? 0 : -1;
    done_with(L, T_ACC);
    if (stop_reading(L, load_contacts(L)))
        return L->fatal ? 0 : -1;
    done_with(L, T_CON);
    if (stop_reading(L, load_objectives(L)))
        return L->fatal ? 0 : -1;
    done_with(L, T_OBJ);
    if (stop_reading(L, load_activities(L)))
        return L->fatal ? 0 : -1;
    done_with(L, T_ACT);
    /* The accounts' map stays for scenarios.csv's key and exclude. */
    kp__strmap_free(L->con_map);
    kp__strmap_free(L->obj_map);
    kp__strmap_free(L->group_map);
    kp__strmap_free(L->mgr_map);
    kp__strmap_free(L->per_map);
    L->con_map = L->obj_map = L->group_map = L->mgr_map = L->per_map = NULL;
    if (L->act_map && (resolve_requires(L) != 0 || find_cycles(L) != 0))
        return -1;
    kp__strmap_free(L->act_map);
    L->act_map = NULL;
    free(L->req_tok);
    L->req_tok = NULL;
    if (stop_reading(L, load_scenarios(L)))
        return L->fatal ? 0 : -1;
    done_with(L, T_SCEN);
    kp__strmap_free(L->acc_map);
    L->acc_map = NULL;
    check_sizes(L);
    return 0;
}

/* The instance's indexes: each account's activities, contacts and
 * objectives, each contact's and objective's activities. Returns 0, or -1
 * when out of memory. */
static int index_instance(kp_instance *in)
{
    if (build_csr(in->nacc, in->nact, in->act, sizeof *in->act,
                  offsetof(kp__activity, account), &in->act_start, &in->act_idx) ||
        build_csr(in->nacc, in->ncon, in->con, sizeof *in->con,
                  offsetof(kp__contact, account), &in->con_start, &in->con_idx) ||
        build_csr(in->nacc, in->nobj, in->obj, sizeof *in->obj,
                  offsetof(kp__objective, account), &in->obj_start, &in->obj_idx) ||
        build_csr(in->ncon, in->nact, in->act, sizeof *in->act,
                  offsetof(kp__activity, contact), &in->cact_start, &in->cact_idx) ||
        build_csr(in->nobj, in->nact, in->act, sizeof *in->act,
                  offsetof(kp__activity, objective), &in->oact_start, &in->oact_idx))
        return -1;
    return 0;
}

/* Each account's first activity with min_count >= 1 (-1: none). */
static void mark_committed(kp_instance *in)
{
    for (size_t k = 0; k < in->nacc; k++)
        in->acc[k].committed = -1;
    for (size_t a = 0; a < in->nact; a++)
        if (in->act[a].min_count > 0 && in->acc[in->act[a].account].committed < 0)
            in->acc[in->act[a].account].committed = (int)a;
}

/* io.h: every file read and checked (reporting all their errors) before
 * the instance is indexed and handed over. */
int kp__instance_read(const char *dir, const char *const *mem,
                      const size_t *mem_len, const kp_load_opts *opts,
                      kp_instance **out, kp_diags *diags)
{
    struct loader L;
    kp_instance *in = NULL;
    int rc = KP_ENOMEM;
    struct stat st;
    kp_diags *own = NULL;

    *out = NULL;
    memset(&L, 0, sizeof L);
    L.max_rows = opts && opts->max_rows > 0 ? opts->max_rows : KP__MAX_ROWS;
    L.max_bytes = opts && opts->max_bytes > 0 ? opts->max_bytes : KP__MAX_BYTES;
    L.max_model = opts && opts->max_model > 0 ? (double)opts->max_model
                                              : (double)KP_MAX_MODEL_DEFAULT;
    if (!diags)
        diags = own = kp_diags_new();
    if (!diags)
        goto out;
    if (!mem && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
        kp__diag(diags, KP_ERROR, dir, 0, NULL, "not an instance folder: %s",
                 stat(dir, &st) != 0 ? strerror(errno) : "not a directory");
        rc = KP_EIO;
        goto out;
    }
    in = calloc(1, sizeof *in);
    if (!in || !(in->dir = kp__strdup(dir)))
        goto out;
    in->max_rows = L.max_rows;
    in->max_bytes = L.max_bytes;
    L.src = (kp__source){in->dir, mem, mem_len, L.max_rows, L.max_bytes};
    L.in = in;
    L.d = diags;
    if (read_files(&L) != 0)
        goto out;
    /* A file that could not be read makes every other finding partial. */
    if (L.fatal != KP_OK) {
        rc = L.fatal;
        goto out;
    }
    if (kp_diags_errors(diags) > 0 || L.errors > 0) {
        rc = KP_EDATA;
        goto out;
    }
    if (index_instance(in) != 0)
        goto out;
    mark_committed(in);
    *out = in;
    in = NULL;
    rc = KP_OK;
out:
    free(L.req_tok);
    free(L.pool);
    kp__strmap_free(L.acc_map);
    kp__strmap_free(L.con_map);
    kp__strmap_free(L.obj_map);
    kp__strmap_free(L.act_map);
    kp__strmap_free(L.group_map);
    kp__strmap_free(L.mgr_map);
    kp__strmap_free(L.per_map);
    for (int t = 0; t < 6; t++) {
        free(L.idx[t]);
        free(L.room[t][0]);
        free(L.room[t][1]);
    }
    kp_instance_free(in);
    kp_diags_free(own);
    return rc;
}

void kp_instance_free(kp_instance *in)
{
    if (!in)
        return;
    free(in->req_pool);
    free(in->scen_pool);
    for (int t = 0; t < 6; t++)
        kp__table_free(in->tables[t]);
    kp__table_free(in->team_table);
    free(in->mgr);
    kp__table_free(in->per_table);
    free(in->per);
    free(in->win);
    for (size_t k = 0; in->blocked_why && k < in->nacc; k++)
        free(in->blocked_why[k]);
    free(in->blocked_why);
    free(in->acc);
    free(in->con);
    free(in->obj);
    free(in->act);
    free(in->scen);
    free(in->scen_text);
    free(in->sample_text);
    free(in->vrange);
    free(in->groups);
    free(in->act_start);
    free(in->act_idx);
    free(in->con_start);
    free(in->con_idx);
    free(in->obj_start);
    free(in->obj_idx);
    free(in->cact_start);
    free(in->cact_idx);
    free(in->oact_start);
    free(in->oact_idx);
    free(in->dir);
    free(in);
}

size_t kp_instance_accounts(const kp_instance *in) { return in->nacc; }
size_t kp_instance_activities(const kp_instance *in) { return in->nact; }
size_t kp_instance_contacts(const kp_instance *in) { return in->ncon; }
size_t kp_instance_objectives(const kp_instance *in) { return in->nobj; }
size_t kp_instance_scenarios(const kp_instance *in) { return in->nscen; }

const char *kp_instance_scenario_id(const kp_instance *in, size_t s)
{
    return s < in->nscen ? in->scen[s].id : NULL;
}

long kp_instance_scenario_find(const kp_instance *in, const char *id)
{
    for (size_t s = 0; s < in->nscen; s++)
        if (strcmp(in->scen[s].id, id) == 0)
            return (long)s;
    return -1;
}
