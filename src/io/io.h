/*
 * io.h - the reading layer: CSV files with line numbers, typed fields,
 * the instance's data, hand-made plan files. Sits on src/base. Not
 * installed.
 */
#ifndef KAMPLAN_IO_H
#define KAMPLAN_IO_H

#include "base/base.h"

/* ---- csv.c: one CSV file, with line numbers ----------------------------- */

/* A row as its reader sees it (kp__table_row, kp__reader_row). */
typedef struct kp__row {
    long line;          /* physical line where the record starts */
    int nfields;
    char **fields;      /* NUL-terminated; "" for an empty field */
} kp__row;

/* A record as a table keeps it: its nfields fields are NUL-terminated
 * strings one after the other from text, so that a row costs these 24
 * bytes and its text, and no pointer per field. */
typedef struct kp__rec {
    char *text;
    long line;          /* physical line where the record starts */
    int nfields;
} kp__rec;

typedef struct kp__table {
    char *name;         /* file name for messages, e.g. "activities.csv" */
    char delim;         /* ',' or ';' */
    long header_line;
    int ncols;
    char **header;      /* lower-cased; "" for an empty header field */
    size_t nrows;       /* data rows, header excluded */
    kp__rec *recs;      /* the data rows */
    int max_fields;     /* the most fields of any data row (0 without rows) */
    char *text;         /* the file's bytes, read whole; each field is cut
                           out in place (a quoted field is unquoted into
                           the bytes it came from), so ids and names point
                           into it for the instance's life */
} kp__table;

/* The defaults of kp_load_opts.max_rows and max_bytes, for
 * kp__table_read's callers. */
#define KP__MAX_ROWS KP_MAX_ROWS_DEFAULT
#define KP__MAX_BYTES KP_MAX_BYTES_DEFAULT

/* ---- source.c: where an instance's files are read from ----------------- */

/* The files of an instance folder that are read as tables, in the order
 * of kp__instance_read's mem argument (kp__instance_load_mem, the fuzz
 * target): a new file is one more entry here and in KP__INSTANCE_FILES. */
enum { KP__F_ACCOUNTS, KP__F_CONTACTS, KP__F_OBJECTIVES, KP__F_ACTIVITIES,
       KP__F_POLICY, KP__F_SCENARIOS, KP__F_MANAGERS, KP__F_PERIODS,
       KP__NFILES };
extern const char *const KP__INSTANCE_FILES[KP__NFILES];

/* Where the files come from: the folder dir, or, when mem is not NULL,
 * memory: mem[i] and len[i] hold the bytes of KP__INSTANCE_FILES[i]
 * (mem[i] NULL: the file is absent), and messages still name "dir/NAME".
 * Every file is read with the row and byte limits given. */
typedef struct kp__source {
    const char *dir;
    const char *const *mem;
    const size_t *len;
    long max_rows;
    long long max_bytes;
} kp__source;

/* Reads file which (KP__F_*) of src into *out, as kp__table_read does.
 * Returns KP_ENOTFOUND (nothing said, *out NULL) when the file is absent,
 * else kp__table_read's status. */
int kp__source_read(const kp__source *src, int which, kp__table **out, kp_diags *d);

struct kp__reader;
struct kp__schema;
/* An optional file that is a list of rows, each an item of the instance
 * with a unique id in schema column 0 (managers.csv, periods.csv). */
struct kp__list {
    int which;                          /* KP__F_* */
    const struct kp__schema *sc;
    const char *none;                   /* the error's words for a header
                                           without rows: "no managers" */
    /* Makes room in in for nrows items (and one more); 0, or -1 when out
     * of memory. */
    int (*begin)(kp_instance *in, size_t nrows);
    /* Reads one row, its id into map; the errors reported, or -1 when out
     * of memory. */
    int (*row)(const struct kp__reader *r, const kp__row *row, kp_instance *in,
               kp__strmap *map);
};
/* Reads l's file of src when there is one (else returns 0 with *table and
 * *map NULL) into *table (which owns the text of its items), every row
 * through l->row, the ids into a new *map (the caller frees it, and
 * *table); *complete is 1 when every row was read (the file has its id
 * column). Returns the number of errors, or -1 when out of memory. */
int kp__source_read_list(kp_instance *in, const kp__source *src, const struct kp__list *l,
                         kp__table **table, kp__strmap **map, int *complete, kp_diags *d);

/* Reads path (shown as name in messages): BOM stripped, CRLF or LF, comma or
 * semicolon detected from the header line, strict RFC 4180 quoting. Blank
 * lines are skipped. Fields must be valid UTF-8 without NUL bytes; a bad
 * record is reported and left out, and reading goes on, so that one call
 * reports every bad line. A file of more than max_rows data rows (0:
 * KP__MAX_ROWS) is refused (KP_EDATA, at the line where the limit passed;
 * the message names --max-rows), and so is one of more than max_bytes
 * bytes (0: KP__MAX_BYTES; KP_EDATA, before reading, or when it grows
 * past them while read; the message names --max-bytes). What is not a
 * regular file (a FIFO, a device, a socket, a folder) is refused before a
 * byte is read, without blocking (KP_EIO), and so is a file that cannot
 * be opened (KP_EIO, "cannot open: REASON"); a read that fails midway is
 * KP_EIO at the line reached ("read error: REASON"), never the end of the
 * file. The file is read whole: memory is its size, plus 24 bytes a row.
 * Returns KP_OK (with *out, also when records were left out: check the
 * error count of d), KP_EDATA when the file has no header or is too big,
 * KP_EIO or KP_ENOMEM. */
int kp__table_read(const char *path, const char *name, long max_rows,
                   long long max_bytes, kp__table **out, kp_diags *d);
/* The same from an open stream (e.g. fmemopen'd bytes); fp stays open. */
int kp__table_read_stream(FILE *fp, const char *name, long max_rows,
                          long long max_bytes, kp__table **out, kp_diags *d);
void kp__table_free(kp__table *t);
/* Frees t's rows once they are read (t NULL: nothing); nrows stays as
 * their count, and the text stays. */
void kp__table_drop_rows(kp__table *t);
/* Data row i of t as a row: its fields split into fields[], which holds at
 * least t->max_fields pointers. Split a row before any of its fields is
 * cut further in place (as a requires list is): the split walks the text. */
void kp__table_row(const kp__table *t, size_t i, char **fields, kp__row *row);
/* 1 (default): lines without quotes skip libcsv (csv.c, fast_line); 0: all
 * of them go through libcsv. For the test that compares the two. */
extern int kp__csv_fast;

/* ---- fields.c: typed fields of a table's rows ---------------------------- */

/* Columns of a file: names in the order the loader reads them. */
struct kp__schema {
    int ncols;
    const char *const *names;
    const unsigned char *required;
    /* Columns refused with an error instead of the warning for an unknown
     * column (team.c: the periods of issue 15, not planned yet); NULL:
     * none. */
    const struct kp__refusal *refused;
};

/* Column names (NULL-terminated) refused, and why, in a planner's words. */
struct kp__refusal {
    const char *const *names;
    const char *why;
};

/* Reading state for one file: its table and where each schema column is.
 * idx has sc->ncols entries (kp__reader_init allocates them, all -1;
 * kp__reader_free releases them): the table column of schema column i, or
 * -1 when the file has no such column. */
struct kp__reader {
    kp__table *t;
    const struct kp__schema *sc;
    int *idx;
    kp_diags *d;
    /* The row kp__reader_row gave last, rows[cur], and the one after it,
     * rows[!cur] (when there is one: has_next), split into room[]. */
    char **room[2];
    kp__row rows[2];
    size_t at;          /* the index of rows[cur] */
    int cur, has_next, started;
};

enum { KP__LO_NONE, KP__LO_GE, KP__LO_GT };

/* Magnitudes a number of the input may have: 0, or from 1e-9 to 1e15.
 * Beyond them sums overflow to infinity (a plan's value, hours times
 * max_count) and GLPK's scaling fails ("invalid scale factor"); no
 * planner's hours or money come near either end. */
/* Ids are at most this many bytes (GLPK's limit on a name). */
#define KP__ID_MAX 255

/* Scenarios x activities of one run: every scenario's plan keeps a count
 * per activity (models/README.md, "Limits"). */
#define KP__MAX_PLAN_CELLS 250000000.0

#define KP__NUM_MIN 1e-9
#define KP__NUM_MAX 1e15
#define kp__num_in_range(x) \
    ((x) == 0 || (fabs(x) >= KP__NUM_MIN && fabs(x) <= KP__NUM_MAX))

/* Starts reading table t (borrowed) as schema sc, with no column mapped
 * yet; messages go to d. Returns 0, or -1 when out of memory (then
 * r->idx is NULL and kp__reader_free is still safe). */
int kp__reader_init(struct kp__reader *r, kp__table *t,
                    const struct kp__schema *sc, kp_diags *d);
/* Releases r->idx and the rows' room; all are NULL afterwards. */
void kp__reader_free(struct kp__reader *r);
/* Data row i of r's table, its fields split (kp__table_row); valid until
 * the next call. Rows read in order are each split once. */
const kp__row *kp__reader_row(struct kp__reader *r, size_t i);
/* The row after the one kp__reader_row gave last, split already, or NULL
 * at the end: for starting its look-ups early (kp__strmap_prefetch). */
const kp__row *kp__reader_next(const struct kp__reader *r);
/* Maps header names to schema columns: duplicate and empty header fields
 * and missing required columns are errors, unknown columns warnings.
 * Returns the number of errors. */
int kp__map_columns(struct kp__reader *r);

/* A decimal that passed the syntax check, converted exactly as strtod
 * would, without strtod when it has at most 15 significant digits, 22
 * decimals and no exponent (fields.c). Returns 0 and *x, or -1 (then ask
 * strtod). */
int kp__plain_decimal(const char *s, double *x);
/* Field of schema column i in row, or NULL when absent or empty. */
const char *kp__field(const struct kp__reader *r, const kp__row *row, int i);
/* Reports (and returns 1 for) non-empty fields beyond the header. */
int kp__check_width(const struct kp__reader *r, const kp__row *row);
/* Each getter parses schema column i of row into *v, leaves *v alone when
 * the field is empty, and reports and returns 1 on a bad value. Numbers
 * are plain decimals bounded below by lo_kind/lo and above by hi (NaN:
 * none); whole numbers lie in [lo, hi]; enumerations match words[0..n-1]
 * in any case and store the index. */
int kp__get_num(const struct kp__reader *r, const kp__row *row, int i,
                double *v, int lo_kind, double lo, double hi);
int kp__get_int(const struct kp__reader *r, const kp__row *row, int i, int *v,
                int lo, int hi);
int kp__get_bool(const struct kp__reader *r, const kp__row *row, int i, int *v);
int kp__get_enum(const struct kp__reader *r, const kp__row *row, int i, int *v,
                 const char *const *words, int n);
/* The id column (schema column 0): required and unique within the file.
 * Stores id -> index in map; the line of the item stored as index k, for
 * the duplicate message, is the long at (const char *)first_line + k *
 * stride (the line member of an array of items). Returns 0, 1 (reported)
 * or -1 (out of memory). */
int kp__get_id(const struct kp__reader *r, const kp__row *row, kp__strmap *map,
               long index, const long *first_line, size_t stride, char **id);
/* Resolves a reference column against map (NULL: the referenced file
 * failed, already reported); *out = -1 when empty. */
int kp__get_ref(const struct kp__reader *r, const kp__row *row, int i,
                const kp__strmap *map, const char *what, int *out);

/* ---- instance data ------------------------------------------------------ */

enum { KP__STANCE_SUPPORTER, KP__STANCE_NEUTRAL, KP__STANCE_OPPONENT };
enum { KP__HORIZON_SHORT, KP__HORIZON_LONG };

/* Criteria in the order of kp_qualification.criteria. */
enum {
    KP__C_SALES, KP__C_MARGIN, KP__C_GROWTH, KP__C_POTENTIAL,
    KP__C_DAYS_TO_PAY, KP__C_ACCESS, KP__C_OPENNESS
};

/* Text fields point into the instance's tables and are never freed on
 * their own. */
typedef struct kp__account {
    char *id, *name;
    long line;
    double crit[KP_N_CRITERIA]; /* sales, margin_pct, growth_pct, potential,
                                   days_to_pay, access, openness */
    double max_hours, max_budget;   /* NaN: no cap */
    double min_hours;
    int status;                     /* enum kp_account_status */
    int manager;                    /* managers.csv row of its manager_id,
                                       -1: none (no managers.csv, or an
                                       empty manager_id: the optimiser
                                       chooses its manager) */
    int qualified;                  /* auto account meets min_criteria */
    int eligible;                   /* may be key: key, or auto+qualified,
                                       or auto+committed (the scenario's
                                       own: kp__acc_eligible) */
    int criteria_met;
    int committed;                  /* its first activity with min_count
                                       >= 1 (forces it key), -1: none */
} kp__account;

typedef struct kp__contact {
    char *id, *name, *role;
    long line;
    int account;
    double influence;
    int entrenched;
    int stance;
} kp__contact;

typedef struct kp__objective {
    char *id;
    long line;
    int account;
    int horizon;
    double value;
} kp__objective;

/* 96 bytes, without padding: the instance holds one per row of the
 * largest file. */
typedef struct kp__activity {
    char *id, *kind;
    long line;
    double hours, cost, value, decay;
    int account;
    int max_count;
    int contact;        /* -1: none */
    int objective;      /* -1: none */
    int group;          /* index into kp_instance.groups, -1: none */
    int nrequires;
    int *requires;      /* activity indices, in kp_instance.req_pool */
    int min_count;      /* occurrences that must be in the plan (0: none) */
    int locked;         /* 1: the count is exactly min_count */
} kp__activity;

typedef struct kp__policy {
    double hours;
    double budget;              /* NaN: unlimited */
    int max_key_accounts;       /* -1: no limit */
    long max_key_line;          /* where policy.csv sets it (0: nowhere) */
    int min_contacts;
    int require_entrenched;
    double opponent_influence;  /* NaN: rule off */
    double threshold[KP_N_CRITERIA]; /* NaN: unset */
    int min_criteria;
} kp__policy;

/* A manager of the team (managers.csv, team.c). */
typedef struct kp__manager {
    char *id, *name;
    long line;
    double hours;               /* in the horizon, before any scale */
    double budget;              /* NaN: unlimited */
    int max_accounts;           /* key accounts; -1: no limit */
} kp__manager;

/* A period of the horizon (periods.csv, periods.c), in time order. */
typedef struct kp__period {
    char *id;
    long line;
    double hours;               /* the team's hours in it; NaN: no limit */
    double budget;              /* NaN: no limit */
} kp__period;

/* An activity's periods (activities.csv earliest, latest, max_per_period;
 * periods.c): indices into kp_instance.per, first to last, and the most
 * occurrences in one period. */
typedef struct kp__window {
    int earliest, latest, max_per;
} kp__window;

/* A scenario with every value resolved (policy values, scales applied). */
typedef struct kp__scenario {
    char *id;
    long line;
    double hours;
    double budget;              /* NaN: unlimited */
    int max_key_accounts;       /* -1: no limit */
    int min_contacts;
    /* What multiplies every manager's hours and budget (team.c,
     * kp__manager_hours): hours_scale or manager_hours_scale, and
     * budget_scale, when team_scaled; 1 otherwise. */
    int team_scaled;
    double mgr_hours_scale, mgr_budget_scale;
    /* Likewise for the periods (periods.c, kp__period_hours): hours_scale
     * or period_hours_scale, and budget_scale, when per_scaled. */
    int per_scaled;
    double per_hours_scale, per_budget_scale;
    /* Sampled futures (sample.c, models/README.md "Sampled futures"):
     * samples asked for by scenarios.csv's `samples` (0: none); for a
     * sampled scenario made by kp_instance_sample, its number (1..N, 0 for
     * every other scenario), the scenario it samples, and the key its
     * activity values are drawn from (seed, that scenario's id, sample). */
    int samples;
    int sample;
    int base;
    unsigned long long draw_key;
    /* The scenario's own commitments (scenarios.csv's key and exclude):
     * account indices, ascending, in kp_instance.scen_pool; none in a
     * sweep's scenarios. */
    int *key, *exclude;
    int nkey, nexclude;
    /* A --marginal re-solve of one capacity (solve/batch.c): more_hours
     * added to manager more_mgr - 1's hours (kp__manager_hours) or to
     * period more_per - 1's (kp__period_hours); 0: neither. */
    size_t more_mgr, more_per;
    double more_hours;
    /* 1 when hours is the managers' hours together (neither policy.csv
     * nor the scenario gives hours): raising a manager's raises it too. */
    int hours_of_team;
    /* A sweep over one manager's or period's capacity (sweep.c): nset
     * values, each setting capacity param (enum kp_sweep_param, from
     * KP_SWEEP_MANAGER_HOURS) of manager or period idx to v, in place of
     * the instance's (kp__manager_hours, kp__period_hours, ...). */
    int nset;
    struct kp__swept { int param; size_t idx; double v; } set[2];
} kp__scenario;

/* Capacity param of manager or period idx in scenario sc: the sweep's
 * value when sc sets it, v (the instance's, scaled) otherwise. */
static inline double kp__swept(const kp__scenario *sc, int param, size_t idx, double v)
{
    for (int i = 0; i < sc->nset; i++)
        if (sc->set[i].param == param && sc->set[i].idx == idx)
            return sc->set[i].v;
    return v;
}

/* An activity's range of values (activities.csv's value_low and
 * value_high, or value_sd), for sampled futures. */
typedef struct kp__vrange {
    double lo, hi;              /* KP__RANGE_LOW_HIGH */
    double sd;                  /* KP__RANGE_SD */
    int kind;                   /* enum kp__range_kind */
} kp__vrange;

enum kp__range_kind { KP__RANGE_NONE = 0, KP__RANGE_LOW_HIGH, KP__RANGE_SD };

struct kp_instance {
    char *dir;
    long max_rows;          /* data rows a file may hold: its own files were
                               read with it, and so are its plan files */
    long long max_bytes;    /* bytes a file may hold, likewise */
    kp__table *tables[6];   /* own the text that ids and names point into */
    size_t nacc, ncon, nobj, nact, nscen, ngroups;
    kp__account *acc;
    kp__contact *con;
    kp__objective *obj;
    kp__activity *act;
    kp__scenario *scen;
    kp__vrange *vrange;     /* per activity; NULL when activities.csv has
                               no range column */
    unsigned long long seed;    /* kp_instance_sample's seed */
    char *sample_text;      /* the sampled scenarios' ids (NULL: none) */
    char **groups;
    int *req_pool;          /* every activity's requires, one block */
    int *scen_pool;         /* every scenario's key and exclude, one block */
    kp__policy pol;
    /* managers.csv (team.c): nmgr managers, has_team when the file is
     * there; team_table owns their text. */
    int has_team;
    size_t nmgr;
    kp__manager *mgr;
    kp__table *team_table;
    /* periods.csv (periods.c): nper periods (0: no file, the horizon is
     * one period), per_table owns their text; win per activity (NULL
     * when nper is 0). */
    size_t nper;
    kp__period *per;
    kp__table *per_table;
    kp__window *win;
    /* Per-account lists (CSR): items of account k are
     * X_idx[X_start[k] .. X_start[k+1]-1], in file order. */
    int *act_start, *act_idx;
    int *con_start, *con_idx;
    int *obj_start, *obj_idx;
    /* Activities engaging contact c: cact_idx[cact_start[c]..]; likewise
     * activities supporting objective o. */
    int *cact_start, *cact_idx;
    int *oact_start, *oact_idx;
    /* Set by kp_instance_sweep (sweep.c): the text of the scenario ids it
     * made (NULL while the scenarios come from the files), the number of
     * axes (0: from the files) and the values on each; scenario (i, j) of
     * a grid is scen[i * sweep_steps[1] + j]. */
    char *scen_text;
    int sweep_axes;
    int sweep_steps[2];
    /* What each axis varies (param -1: no such axis; idx: the manager or
     * period of a manager's or period's axis; v unused), for frontier.csv. */
    struct kp__swept sweep_on[2];
    /* Set by qualification (src/model/qualify.c): per account, why it can
     * never meet the rules of a key account (malloc'd), or NULL. */
    char **blocked_why;
};


/* The columns and rows of one scenario's model, counted from the files
 * before any is built (as if every account were eligible): what
 * kp_load_opts.max_model bounds. The loader's size check and kamplan
 * generate (which writes only what the loader accepts) count alike. occ:
 * the sum of max_count; req: the prerequisites; groups: the group names. */
static inline double kp__model_cols(double nacc, double ncon, double nobj, double occ)
{
    return nacc + occ + ncon + nobj;
}
/* Hours, budget, portfolio; per account the blocked, hours, budget and
 * breadth rows; per contact its rule and its engage row; per objective its
 * support row; per occurrence its link or order row; per prerequisite and
 * per group one row. */
static inline double kp__model_rows(double nacc, double ncon, double nobj, double occ,
                                    double req, double groups)
{
    return 3 + 5 * nacc + 2 * ncon + nobj + occ + req + groups;
}

/* instance.c: reads an instance, from the folder dir or, when mem is not
 * NULL, from memory (mem[i] and mem_len[i] hold the bytes of file i of
 * KP__INSTANCE_FILES, KP__NFILES of each; mem[i] NULL: the file is
 * absent; messages still name "dir/NAME"), with
 * the limits of opts (NULL, or a field 0: its default): each file of at
 * most max_rows data rows and max_bytes bytes, its model of at most
 * max_model columns and rows. Every rule
 * of the input format is checked; qualification is not done here
 * (kp_instance_load, src/model/load.c, does it). Returns as
 * kp_instance_load does. */
int kp__instance_read(const char *dir, const char *const *mem,
                      const size_t *mem_len, const kp_load_opts *opts,
                      kp_instance **out, kp_diags *diags);

/* sample.c: the value of activity a in scenario sc: its value_low /
 * value_high or value_sd range sampled for a sampled scenario, from
 * (seed, the sampled scenario's id, the sample, a) alone; activities.csv's
 * value otherwise. */
double kp__activity_value(const kp_instance *in, const kp__scenario *sc, size_t a);
/* The scenarios before the first sampled one (kp_instance_sample appends
 * them after every other), at most n. */
size_t kp__scenarios_plain(const kp_instance *in, size_t n);

/* plan_file.c: the counts of plan p for scenario s (NULL when it has no
 * rows for it), and its unknown activities for s added to v as violations
 * (returns 0, or -1 when out of memory). */
const int *kp__plan_counts(const kp_plan *p, size_t s);
/* The managers its manager_id names for scenario s, per account (-1:
 * none), or NULL when the file has no manager_id column or no manager is
 * chosen by the optimiser. */
const int *kp__plan_managers(const kp_plan *p, size_t s);
/* The counts per activity and period (a * nper + p) of plan p for
 * scenario s, when the file has a period column; NULL otherwise. */
const int *kp__plan_pcounts(const kp_plan *p, size_t s);
int kp__plan_unknown(const kp_plan *p, size_t s, kp_violations *v);

/* plan_file.c: the rows of any plan file (`activity_id,count`, or solve's
 * plan.csv with its scenario, account_id, kind, hours, cost, value,
 * manager_id and period columns), read through the CSV reader for kp_plan_load and
 * previous.c's kp_previous_load, each through its hooks. */
typedef struct kp__plan_row {
    const struct kp__reader *r;
    const kp__row *row;
    const char *scenario;   /* the row's scenario; "" without the column */
    const char *activity;   /* its activity_id, never empty */
    const char *account;    /* its account_id, NULL when absent */
    long act;               /* the instance's activity of that id, or -1 */
    int count;              /* its count (default 1) */
    long slot;              /* the scenario hook's choice; 0 without it */
} kp__plan_row;

/* What kp__plan_scenario_fn returns to pass a row over unread. */
#define KP__PLAN_PASS (-2)

typedef struct kp__plan_hooks {
    void *ctx;
    /* The header is read: named when the file has a scenario column,
     * periods when it has a period column. Returns 0, or -1 when out of
     * memory. */
    int (*start)(void *ctx, int named, int periods);
    /* Optional: a row of a named file, before its activity and count are
     * read: 0 to read on (pr->slot set), KP__PLAN_PASS, the number of
     * errors it reported (the row is not read on), or -1 (memory). */
    int (*scenario)(void *ctx, kp__plan_row *pr);
    /* A row whose fields are read and valid: returns the errors it
     * reported, or -1 when out of memory. */
    int (*row)(void *ctx, const kp__plan_row *pr);
} kp__plan_hooks;

/* Reads the plan file at path (with in's row and byte limits), reporting
 * every bad row to d: its width, a missing scenario, activity_id, a count
 * that is no whole number from 0 to 1000000, and what the hooks report.
 * Returns KP_OK (errors, if any, are in d), KP_ENOMEM, or the status of a
 * file that could not be read. */
int kp__plan_read(const kp_instance *in, const char *path, const kp__plan_hooks *h,
                  kp_diags *d);
/* Keeps row pr's count in counts[pr->act] and its line in lines[], per
 * activity; an error when the activity was listed before for the same
 * scenario. Returns 0, or 1 (reported). */
int kp__plan_take(const kp__plan_row *pr, int *counts, long *lines);




/* ---- rewrite.c: generate's additions to a written instance ------------- */

/* Field i (0-based) of a line of plain comma-separated fields (no
 * quotes): its start, or NULL when the line has fewer; *len its length. */
const char *kp__plain_field(const char *line, int i, size_t *len);
/* Rewrites file name of folder dir through edit (from the file in to
 * out; 0, or -1 on an error), by way of a temporary file in dir renamed
 * over it. Returns KP_OK, KP_EIO ("cannot add WHAT: ..." in diags) or
 * KP_ENOMEM. */
int kp__rewrite_file(const char *dir, const char *name,
                     int (*edit)(FILE *in, FILE *out, void *ctx), void *ctx,
                     const char *what, kp_diags *diags);
/* Writes file name of folder dir anew through write. Returns KP_OK,
 * KP_EIO ("cannot write: ..." in diags) or KP_ENOMEM. */
int kp__write_new_file(const char *dir, const char *name,
                       void (*write)(FILE *out, void *ctx), void *ctx, kp_diags *diags);

/* ---- team.c: a team of managers; periods refused until planned ---------- */

/* The refused columns (kp__schema.refused) of activities.csv,
 * scenarios.csv and a plan file: periods, not planned yet. */
extern const struct kp__refusal KP__TEAM_ACTIVITIES, KP__TEAM_SCENARIOS, KP__TEAM_PLAN;
/* Reads managers.csv of src when there is one (else returns 0 with
 * nothing set) into in->mgr, in->nmgr and in->has_team, its ids into a new
 * *map (the caller frees it), every problem reported. Returns the number
 * of errors, or -1 when out of memory. */
int kp__team_read_managers(kp_instance *in, const kp__source *src, kp__strmap **map,
                           kp_diags *d);
/* Column col of an accounts.csv row (manager_id) into *out (-1: none):
 * an error without managers.csv (map NULL) or naming an unknown manager;
 * empty: none (with managers.csv the optimiser chooses). Returns the
 * number of errors reported. */
int kp__team_account(const struct kp__reader *r, const kp__row *row, int col,
                     const kp__strmap *map, int *out);
/* A scenarios.csv row's scales for the managers (hs, bs, mhs: its
 * hours_scale, budget_scale and manager_hours_scale, NaN when empty) into
 * sc, and sc's team total when policy.csv sets no hours (the managers'
 * hours: kp__team_hours). Returns the number of errors reported. */
int kp__team_scenario(const kp_instance *in, const struct kp__reader *r,
                      const kp__row *row, kp__scenario *sc, double hs,
                      double bs, double mhs);
/* generate --managers: the most managers. */
#define KP__GENERATE_MAX_MANAGERS 1000
/* Adds a team of nm managers to the instance kp_generate wrote into dir:
 * accounts.csv gains manager_id (account k, in file order, fixed to
 * manager k mod nm), and managers.csv gives each manager 1.2 / nm of the
 * team's hours (so that the managers' rows bind unevenly beside the
 * team's), and at least three times the min_hours of the key accounts
 * fixed to them. Returns KP_OK, KP_EIO (said in diags) or KP_ENOMEM. */
int kp__generate_team(const char *dir, int nm, int pct, double hours, kp_diags *diags);
/* 1 when the instance has managers.csv and an account whose manager_id
 * is empty: the optimiser chooses its manager (model/team.c). */
int kp__team_chooses(const kp_instance *in);
/* 1 when some manager has a budget (budget_scale scales it). */
int kp__team_has_budget(const kp_instance *in);
/* The sum of every manager's hours in scenario sc: the team's total when
 * policy.csv sets none (the managers' own rows imply that row). */
double kp__team_hours(const kp_instance *in, const kp__scenario *sc);
/* A plan file's manager_id (column col of row) for activity a, done
 * count times: an error when the instance has no managers.csv, or when it
 * is not the manager accounts.csv fixes the activity's account to. For an
 * account whose manager the optimiser chooses, with mgr (per account,
 * the managers named so far; NULL: the file has no manager_id column),
 * the manager is kept in mgr; an unknown manager, a second manager for
 * the account, or none for an activity done are errors. Returns the
 * number of errors reported. */
int kp__team_plan_manager(const struct kp__reader *r, const kp__row *row, int col,
                          const kp_instance *in, size_t a, int count, int *mgr);
/* The hours and budget (NaN: unlimited) of manager m in scenario sc. */
double kp__manager_hours(const kp_instance *in, const kp__scenario *sc, size_t m);
double kp__manager_budget(const kp_instance *in, const kp__scenario *sc, size_t m);

/* ---- periods.c: a horizon in periods ------------------------------------ */

/* Reads periods.csv of src when there is one (else returns 0 with
 * nothing set) into in->per and in->nper, its ids into a new *map (the
 * caller frees it), every problem reported. Returns the number of errors,
 * or -1 when out of memory. */
int kp__periods_read(kp_instance *in, const kp__source *src, kp__strmap **map,
                     kp_diags *d);
/* Columns col, col + 1, col + 2 of an activities.csv row (earliest,
 * latest, max_per_period) for activity a (index ai): into in->win[ai]
 * with periods (in->win allocated by the caller), else earliest and
 * latest are errors and max_per_period lowers a->max_count. Returns the
 * number of errors reported. */
int kp__periods_activity(const struct kp__reader *r, const kp__row *row, int col,
                         kp_instance *in, const kp__strmap *map, kp__activity *a,
                         size_t ai);
/* A scenarios.csv row's scales for the periods (hs, bs, phs: its
 * hours_scale, budget_scale and period_hours_scale, NaN when empty) into
 * sc. Returns the number of errors reported. */
int kp__periods_scenario(const kp_instance *in, const struct kp__reader *r,
                         const kp__row *row, kp__scenario *sc, double hs,
                         double bs, double phs);
/* generate --periods: the most periods. */
#define KP__GENERATE_MAX_PERIODS 52
/* Adds np periods to the instance kp_generate wrote into dir: periods.csv
 * (Q1 .. Qnp, each with 1.15 / np of the policy's hours), and
 * activities.csv gains earliest, latest and max_per_period on some
 * activities (by their place in the file; the requires of the generated
 * activities give order). Returns KP_OK, KP_EIO (said in diags) or
 * KP_ENOMEM. */
int kp__generate_periods(const char *dir, int np, double hours, kp_diags *diags);
/* 1 when some period has a budget (budget_scale scales it). */
int kp__periods_have_budget(const kp_instance *in);
/* The hours and budget of period p in scenario sc (NaN: no limit). */
double kp__period_hours(const kp_instance *in, const kp__scenario *sc, size_t p);
double kp__period_budget(const kp_instance *in, const kp__scenario *sc, size_t p);

#endif /* KAMPLAN_IO_H */
