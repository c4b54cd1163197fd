/*
 * internal.h - data structures shared by the library's source files.
 *
 * Not installed. Names with external linkage start with kp__. Indices are
 * 0-based everywhere; GLPK's 1-based arrays stay inside glpk_solve.c
 * and glpk_feas.c, the files that talk to GLPK.
 * Unset optional numbers are NaN (test with kp__isset()).
 */
#ifndef KAMPLAN_INTERNAL_H
#define KAMPLAN_INTERNAL_H

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "kamplan.h"

#define kp__isset(x) (!isnan(x))

/* ---- diag.c ------------------------------------------------------------- */

/* Adds a message "file:line: column 'col': text". file may be NULL, line 0
 * and col NULL to leave the part out. */
void kp__diag(kp_diags *d, int severity, const char *file, long line,
              const char *col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* ---- util.c ------------------------------------------------------------- */

char *kp__strdup(const char *s);
/* malloc'd "a/b". */
char *kp__path_join(const char *dir, const char *name);
/* Writes the shortest decimal that reads back as x (at most 17 digits). */
void kp__fmt_double(char *buf, size_t len, double x);
double kp__now(void);   /* monotonic seconds */
/* Creates a new, empty file beside path (same folder, a hidden name made
 * from path's), with the permissions the umask allows, for writing path
 * atomically: write it, then rename it onto path. Returns the descriptor
 * and *tmp (malloc'd), or -1 with errno. The counter it keeps is not
 * guarded: a clash is caught by O_EXCL and retried. */
int kp__temp_beside(const char *path, char **tmp);

/* ---- strmap.c: string -> index ------------------------------------------ */

typedef struct kp__strmap kp__strmap;
kp__strmap *kp__strmap_new(size_t expect);
void kp__strmap_free(kp__strmap *m);
/* Returns the index stored for key, or -1. */
long kp__strmap_get(const kp__strmap *m, const char *key);
/* Stores key -> val (key is not copied and must outlive the map). Returns
 * the existing index when key is present (nothing stored), -1 when new,
 * -2 when out of memory. */
long kp__strmap_put(kp__strmap *m, const char *key, long val);

/* ---- csv.c: one CSV file, with line numbers ----------------------------- */

typedef struct kp__row {
    long line;          /* physical line where the record starts */
    int nfields;
    char **fields;      /* NUL-terminated; NULL for an empty unquoted field */
} kp__row;

typedef struct kp__table {
    char *name;         /* file name for messages, e.g. "activities.csv" */
    char delim;         /* ',' or ';' */
    long header_line;
    int ncols;
    char **header;      /* lower-cased; NULL for an empty header field */
    size_t nrows;       /* data rows, header excluded */
    kp__row *rows;
    char *arena;        /* every field's text */
    char **fptr;        /* every row's field pointers, one block */
} kp__table;

/* Reads path (shown as name in messages): BOM stripped, CRLF or LF, comma or
 * semicolon detected from the header line, strict RFC 4180 quoting. Blank
 * lines are skipped. Fields must be valid UTF-8 without NUL bytes; a bad
 * record is reported and left out, and reading goes on, so that one call
 * reports every bad line. Returns KP_OK (with *out, also when records were
 * left out: check the error count of d), KP_EDATA when the file has no
 * header, KP_EIO or KP_ENOMEM. */
int kp__table_read(const char *path, const char *name, kp__table **out,
                   kp_diags *d);
/* The same from an open stream (e.g. fmemopen'd bytes); fp stays open. A
 * file of more than 1,000,000 data rows or 16,000,000 fields is refused
 * (KP_EDATA, at the line where the limit passed) by both. */
int kp__table_read_stream(FILE *fp, const char *name, kp__table **out,
                          kp_diags *d);
void kp__table_free(kp__table *t);
/* 1 (default): lines without quotes skip libcsv (csv.c, fast_line); 0: all
 * of them go through libcsv. For the test that compares the two. */
extern int kp__csv_fast;

/* ---- fields.c: typed fields of a table's rows ---------------------------- */

/* Columns of a file: names in the order the loader reads them. */
struct kp__schema {
    int ncols;
    const char *const *names;
    const unsigned char *required;
};

/* Reading state for one file: its table and where each schema column is. */
struct kp__reader {
    kp__table *t;
    const struct kp__schema *sc;
    int idx[16];            /* table column of schema column i, or -1 */
    kp_diags *d;
};

enum { KP__LO_NONE, KP__LO_GE, KP__LO_GT };

/* Magnitudes a number of the input may have: 0, or from 1e-9 to 1e15.
 * Beyond them sums overflow to infinity (a plan's value, hours times
 * max_count) and GLPK's scaling fails ("invalid scale factor"); no
 * planner's hours or money come near either end. */
/* Ids are at most this many bytes (GLPK's limit on a name). */
#define KP__ID_MAX 255

/* Scenarios x activities of one run: every scenario's plan keeps a count
 * per activity (README, "Limits"). */
#define KP__MAX_PLAN_CELLS 250000000.0

#define KP__NUM_MIN 1e-9
#define KP__NUM_MAX 1e15
#define kp__num_in_range(x) \
    ((x) == 0 || (fabs(x) >= KP__NUM_MIN && fabs(x) <= KP__NUM_MAX))

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
 * Stores id -> index in map; lines[] holds each stored index's line for
 * the duplicate message. Returns 0, 1 (reported) or -1 (out of memory). */
int kp__get_id(const struct kp__reader *r, const kp__row *row, kp__strmap *map,
               long index, const long *lines, char **id);
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
    int qualified;                  /* auto account meets min_criteria */
    int eligible;                   /* may be key: key, or auto+qualified */
    int criteria_met;
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

typedef struct kp__activity {
    char *id, *kind;
    long line;
    int account;
    double hours, cost, value, decay;
    int max_count;
    int contact;        /* -1: none */
    int objective;      /* -1: none */
    int group;          /* index into kp_instance.groups, -1: none */
    int nrequires;
    int *requires;      /* activity indices */
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

/* A scenario with every value resolved (policy values, scales applied). */
typedef struct kp__scenario {
    char *id;
    long line;
    double hours;
    double budget;              /* NaN: unlimited */
    int max_key_accounts;       /* -1: no limit */
    int min_contacts;
} kp__scenario;

struct kp_instance {
    char *dir;
    kp__table *tables[6];   /* own the text that ids and names point into */
    size_t nacc, ncon, nobj, nact, nscen, ngroups;
    kp__account *acc;
    kp__contact *con;
    kp__objective *obj;
    kp__activity *act;
    kp__scenario *scen;
    char **groups;
    kp__policy pol;
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
};

/* instance.c: kp_instance_load from memory (the fuzz target and tests):
 * data[i] and len[i] hold the bytes of file i, in the order accounts,
 * contacts, objectives, activities, policy, scenarios; data[i] NULL means
 * the file is absent. Messages name the files "dir/NAME", as
 * kp_instance_load(dir) would; dir need not exist. */
int kp__instance_load_mem(const char *dir, const char *const data[6],
                          const size_t len[6], kp_instance **out,
                          kp_diags *diags);

/* qualify.c: sets qualified/eligible/criteria_met of every account. */
void kp__qualify(kp_instance *inst);

/* Tells whether account k can never meet the rules of a key account with
 * min_contacts contacts (too few contacts with an activity, an entrenched
 * influencer or blocking opponent without one, min_hours out of reach). When
 * it cannot, writes the reason (no trailing period) to why and returns 1. */
int kp__account_blocked(const kp_instance *inst, int k, int min_contacts,
                        char *why, size_t len);

/* Tells whether scenario sc can never be met because of the forced key
 * accounts: the first such account cannot meet its rules (returns k + 1)
 * or more accounts are forced than max_key_accounts allows (returns -1).
 * Writes the reason, in a planner's words, to why. Returns 0 when none. */
int kp__forced_problem(const kp_instance *inst, const kp__scenario *sc,
                       char *why, size_t len);

/* check.c: appends a violation to v, copying its strings (NULL account
 * or item: ""). Returns 0, or -1 when out of memory. */
int kp__violations_add(kp_violations *v, int rule, const char *account,
                       const char *item, double amount, const char *detail);

/* plan_file.c: the counts of plan p for scenario s (NULL when it has no
 * rows for it), and its unknown activities for s added to v as violations
 * (returns 0, or -1 when out of memory). */
const int *kp__plan_counts(const kp_plan *p, size_t s);
int kp__plan_unknown(const kp_plan *p, size_t s, kp_violations *v);

/* Value of occurrence j (1-based) of activity a. */
double kp__occurrence_value(const kp__activity *a, int j);

/* ---- model.c: the integer programme of one scenario, solver-neutral ----- */

/* Row sense: lo <= a.x <= hi with -HUGE_VAL / HUGE_VAL for a free side. */
typedef struct kp__lp {
    int ncols, nrows;
    double *obj, *lb, *ub;      /* per column; every column is binary */
    double *rlo, *rhi;          /* per row */
    int *rstart;                /* row i: entries rstart[i] .. rstart[i+1]-1 */
    int *rind;                  /* column of each entry */
    double *rval;
    size_t nnz, cap;
    char **cname, **rname;      /* NULL unless built with names */
    /* Where the instance's items are: -1 when not in the model. */
    int *y;                     /* per account */
    int *x;                     /* per activity: column of x[a,1]; x[a,j]
                                   is x[a] + j - 1 */
    int *z;                     /* per contact */
    int *w;                     /* per objective */
    int *col_acc;               /* per column: the account it belongs to */
    int nglobal;                /* rows 0 .. nglobal-1 join the accounts
                                   (hours, budget, portfolio); every later
                                   row is one account's, unless a requires
                                   or group spans accounts (separable = 0) */
    int separable;
    int hours_row, budget_row, portfolio_row;   /* -1 when absent */
    int blocked_key;            /* a forced key account that cannot be key */
    char blocked_why[512];      /* its reason, for the user */
} kp__lp;

/* Builds scenario s. with_names: give rows and columns readable names (for
 * export). Returns KP_OK or KP_ENOMEM. When a forced key account cannot
 * meet its rules the model is still built (with y fixed to 1 and its rows)
 * and blocked_key/blocked_why say why it is infeasible. */
int kp__lp_build(const kp_instance *inst, size_t s, int with_names,
                 kp__lp **out);

/* Bit of rule group `rule` (enum kp_rule) in kp__lp_opts' masks. */
#define KP__RULE_BIT(rule) (1u << (rule))

/* What kp__lp_build_opts builds. Zeroed: what kp__lp_build builds. */
typedef struct kp__lp_opts {
    int with_names;
    /* 1: no shortcuts, so that leaving a rule group out means exactly that
     * the rule no longer holds: every eligible account gets variables (also
     * one that can never meet the rules), an entrenched influencer or
     * blocking opponent without any activity gets its row (y[k] <= 0), and
     * there is no "blocked" row (blocked_key stays 0). */
    int exact;
    /* Global rule groups left out: KP__RULE_BIT of KP_RULE_HOURS, _BUDGET,
     * _MAX_KEY_ACCOUNTS (their rows stay, free, so that hours_row etc.
     * can serve as objectives), _REQUIRES, _GROUP. */
    unsigned drop;
    /* Per account (NULL: none), rule groups left out: KP__RULE_BIT of
     * KP_RULE_STATUS_KEY (y[k] no longer forced to 1), _MAX_HOURS,
     * _MIN_HOURS, _MAX_BUDGET, _MIN_CONTACTS, _ENTRENCHED, _OPPONENT. */
    const unsigned *drop_acc;
    /* Per account (NULL: none): 1 leaves the account out of the model
     * (no variables, so it is never key), as if it were not eligible. */
    const unsigned char *omit_acc;
} kp__lp_opts;

/* Like kp__lp_build, as opt says. */
int kp__lp_build_opts(const kp_instance *inst, size_t s, const kp__lp_opts *opt,
                      kp__lp **out);
void kp__lp_free(kp__lp *lp);

/* ---- glpk_feas.c: feasibility and least sums, for explain.c ------------- */

enum {
    KP__FEAS_NONE = 0,      /* no plan meets the model's rows */
    KP__FEAS_MIN = 1,       /* *value is the proven least cost */
    KP__FEAS_SOME = 2,      /* a plan exists; *value is the best found */
    KP__FEAS_UNKNOWN = 3    /* the time limit came before an answer */
};

/* Minimises cost . x (cost per column; NULL: any plan will do, value 0)
 * over the integer points of lp with GLPK, within time_limit seconds (<= 0:
 * none), on the calling thread (kp_thread_cleanup() applies). Sets
 * *verdict (KP__FEAS_*) and *value (NaN when no plan). Returns KP_OK,
 * KP_ENOMEM or KP_ESOLVER (GLPK failed). */
int kp__lp_minimize(const kp__lp *lp, const double *cost, double time_limit,
                    int *verdict, double *value);

/* glpk_solve.c: loads lp into a new GLPK problem on the calling thread,
 * maximising lp's objective (names when lp has them; name may be NULL).
 * The caller owns the problem and must have GLPK's error hook installed. */
struct glp_prob *kp__lp_to_glpk(const kp__lp *lp, const char *name);

/* ---- decomp.c: column generation over per-account plans ----------------- */

typedef struct kp__decomp_result {
    double bound;           /* proven Lagrangian upper bound (NaN: none) */
    double value;           /* value of the plan in counts (NaN: none) */
    int *counts;            /* per activity, malloc'd; NULL when no plan */
    int rounds, plans;      /* pricing rounds, plans generated */
    long subproblems;       /* account subproblems solved */
    double pricing_s, master_s, master_mip_s;   /* time per stage */
} kp__decomp_result;

/* Solves the separable model lp (lp->separable) by column generation over
 * per-account plans: a proven bound and, from the master integer programme
 * over the plans generated, a plan that meets every rule. gap is relative
 * (0.0001 = 0.01%); time_limit in seconds (<= 0: none); stop as in
 * kp_solve_opts; hint, when not NULL, a plan already checked against every
 * rule whose account plans seed the master. Returns KP_OK (res filled; the caller frees res->counts),
 * KP_EDATA when a forced account has no plan at all, KP_ESOLVER or
 * KP_ENOMEM. Uses OpenMP threads for the pricing. */
int kp__decomp_solve(const kp_instance *inst, const kp__lp *lp, double gap,
                     double time_limit, volatile const int *stop,
                     const int *hint, kp__decomp_result *res);

/* ---- batch.c, repair.c, output.c, frontier.c: what-if batches ---------- *
 * batch.c runs the --marginal re-solves on a shallow copy of the instance
 * whose scenario array is longer (the originals, then the +delta ones):
 * anything kept per scenario must live in kp__scenario, not in arrays of
 * the instance indexed by scenario. */

/* Repairs plan src (counts per activity, valid for some other scenario) to
 * fit scenario s: drops repeat occurrences, then whole accounts, lowest
 * value per unit of the exceeded resource first, until hours, budget,
 * portfolio size and breadth fit. Writes the result to out and returns 0
 * when it passes kp_plan_check for s, -1 otherwise (out is then unusable). */
int kp__plan_repair(const kp_instance *inst, size_t s, const int *src, int *out);

/* ---- table.c: the output tables as CSV or JSON -------------------------- */

/* s as one CSV field, quoted only when it must be. */
void kp__csv_text(FILE *f, const char *s);

/* A table being written: CSV (a header line, then a line per row) or JSON
 * (inside an object: "name":[{"column":value,...},...]). */
typedef struct kp__tab {
    FILE *f;
    int json;
    int tables;         /* tables begun (JSON: the comma between them) */
    const char *cols;   /* the header: column names, comma-separated */
    const char *next;   /* JSON: the next field's name within cols */
    int col;            /* fields written in the current row */
    long rows;          /* rows ended in the current table */
} kp__tab;

void kp__tab_init(kp__tab *t, FILE *f, int json);
/* Starts table name with columns cols ("a,b,c"); every row then gives
 * exactly one field per column, in order, and ends with kp__tab_row_end. */
void kp__tab_begin(kp__tab *t, const char *name, const char *cols);
/* A text field; NULL: empty (CSV) or null (JSON). */
void kp__tab_text(kp__tab *t, const char *s);
/* A number in shortest round-trip form; NaN: empty (CSV) or null (JSON). */
void kp__tab_num(kp__tab *t, double x);
void kp__tab_int(kp__tab *t, long v);
void kp__tab_row_end(kp__tab *t);
void kp__tab_end(kp__tab *t);
/* Writes {"table":[...],...} to f: body(t, i, info) writes table i of nt
 * (with kp__tab_begin ... kp__tab_end). Returns KP_OK or KP_EIO. */
int kp__json_tables(FILE *f, void (*body)(kp__tab *t, int i, const void *info),
                    int nt, const void *info);

/* Writes a new file beside path (kp__temp_beside) through body, which
 * returns KP_OK or its failure, and flushes it to disk. Returns KP_OK and
 * *tmp, the file's malloc'd name, which the caller renames onto path (or
 * removes); or KP_EIO (diags says why), KP_ENOMEM or body's failure, with
 * nothing left behind and *tmp NULL. */
int kp__write_beside(const char *path, int (*body)(FILE *f, const void *info),
                     const void *info, char **tmp, kp_diags *d);
/* Writes the files names[0..nf-1] into outdir (created when missing), all
 * or nothing: body(f, i, info) writes file i under a temporary name, and
 * every file is renamed into place only once all are complete and flushed
 * to disk (output.c). Returns KP_OK, KP_EIO (diags says why), KP_ENOMEM,
 * or KP_EINVAL when nf > KP__MAX_OUT_FILES. */
#define KP__MAX_OUT_FILES 8
int kp__write_atomic(const char *outdir, const char *const *names, int nf,
                     void (*body)(FILE *f, int i, const void *info),
                     const void *info, kp_diags *d);
/* Totals of account k in result r (the numbers of accounts.csv). */
void kp__account_totals(const kp_instance *inst, const kp_result *r, size_t k,
                        double *hours, double *cost, double *value,
                        int *engaged, int *supported);
/* 1 when r has a plan (status optimal or feasible). */
int kp__has_plan(const kp_result *r);
/* The bodies of frontier.csv and changes.csv (frontier.c); oc may be NULL. */
void kp__write_frontier(kp__tab *t, const kp_instance *inst, kp_result *const *res,
                        const kp_batch_outcome *oc, size_t n);
void kp__write_changes(kp__tab *t, const kp_instance *inst, kp_result *const *res,
                       size_t n);

/* export_dat.c: MathProg data for models/kamplan.mod, scenario s. */
int kp__export_dat(const kp_instance *inst, size_t s, const char *path,
                   kp_diags *diags);

#endif /* KAMPLAN_INTERNAL_H */
