/*
 * internal.h - data structures shared by the library's source files.
 *
 * Not installed. Names with external linkage start with kp__. Indices are
 * 0-based everywhere; GLPK's 1-based arrays stay inside glpk_solve.c.
 * Unset optional numbers are NaN (test with kp__isset()).
 */
#ifndef KAMPLAN_INTERNAL_H
#define KAMPLAN_INTERNAL_H

#include <math.h>
#include <stdarg.h>
#include <stddef.h>

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
    const char *name;   /* file name for messages, e.g. "activities.csv" */
    char delim;         /* ',' or ';' */
    int ncols;
    char **header;      /* lower-cased, trimmed */
    size_t nrows;
    kp__row *rows;
} kp__table;

/* Reads path (shown as name in messages): BOM stripped, CRLF or LF, comma or
 * semicolon detected from the header line, strict RFC 4180 quoting. Blank
 * lines are skipped. Fields must be valid UTF-8 without NUL bytes. Every
 * problem goes to d; returns KP_OK, KP_EDATA or KP_EIO / KP_ENOMEM. */
int kp__table_read(const char *path, const char *name, kp__table **out,
                   kp_diags *d);
void kp__table_free(kp__table *t);

/* ---- instance data ------------------------------------------------------ */

enum { KP__STANCE_SUPPORTER, KP__STANCE_NEUTRAL, KP__STANCE_OPPONENT };
enum { KP__HORIZON_SHORT, KP__HORIZON_LONG };

/* Criteria in the order of kp_qualification.criteria. */
enum {
    KP__C_SALES, KP__C_MARGIN, KP__C_GROWTH, KP__C_POTENTIAL,
    KP__C_DAYS_TO_PAY, KP__C_ACCESS, KP__C_OPENNESS
};

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
};

/* qualify.c: sets qualified/eligible/criteria_met of every account. */
void kp__qualify(kp_instance *inst);

/* Value of occurrence j (1-based) of activity a. */
double kp__occurrence_value(const kp__activity *a, int j);

/* export_dat.c: MathProg data for models/kamplan.mod, scenario s. */
int kp__export_dat(const kp_instance *inst, size_t s, const char *path,
                   kp_diags *diags);

#endif /* KAMPLAN_INTERNAL_H */
