/*
 * results.h - the results layer: output tables as CSV or JSON, atomic
 * result sets (one folder swapped in at once, its lock, the guard that
 * keeps outputs off inputs), the frontier and the changes between
 * scenarios. Writing
 * sits above the solver: it reads results, never makes them. Sits on
 * src/solve. Not installed.
 */
#ifndef KAMPLAN_RESULTS_H
#define KAMPLAN_RESULTS_H

#include "solve/solve.h"

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

/* Starts writing tables to f (not owned): CSV, or JSON when json. */
void kp__tab_init(kp__tab *t, FILE *f, int json);
/* Starts table name with columns cols ("a,b,c"); every row then gives
 * exactly one field per column, in order, and ends with kp__tab_row_end. */
void kp__tab_begin(kp__tab *t, const char *name, const char *cols);
/* A text field; NULL: empty (CSV) or null (JSON). */
void kp__tab_text(kp__tab *t, const char *s);
/* Piece i of a field written by kp__tab_text_join: text in buf (len bytes,
 * at least 320) or elsewhere; "" for none. Called twice per piece. */
typedef const char *(*kp__tab_piece)(const void *ctx, size_t i, char *buf, size_t len);
/* A text field of the non-empty pieces 0..n-1, joined by one space, with
 * no buffer of its length; none: empty (CSV) or null (JSON). */
void kp__tab_text_join(kp__tab *t, size_t n, kp__tab_piece piece, const void *ctx);
/* A number in shortest round-trip form; NaN: empty (CSV) or null (JSON). */
void kp__tab_num(kp__tab *t, double x);
/* A whole number. */
void kp__tab_int(kp__tab *t, long v);
/* Ends the row, and the table. */
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
/* Writes the files names[0..nf-1] into outdir as one result set
 * (kp_outset; output.c): body(f, i, info) writes file i. When outdir is
 * an open set's folder (kp__outset_is_dir) the files go into it; else a
 * set of their own is opened on outdir (failing when its lock is taken),
 * written and committed. Returns KP_OK, KP_EIO (diags says why), KP_EBUSY,
 * KP_ENOMEM, or KP_EINVAL when nf > KP__MAX_OUT_FILES. */
#define KP__MAX_OUT_FILES 10
int kp__write_atomic(const char *outdir, const char *const *names, int nf,
                     void (*body)(FILE *f, int i, const void *info),
                     const void *info, kp_diags *d);
/* ---- paths.c: what a path really is ------------------------------------ */

/* path's real name: absolute, symbolic links and ".." resolved as far as
 * it exists, the rest applied by name. malloc'd, or NULL with errno. */
char *kp__path_real(const char *path);
/* Whether real names a and b are the same thing: by device and inode when
 * both exist, else by name. */
int kp__path_same(const char *a, const char *b);
/* Whether real name a lies below the folder dir (a folder above a is dir,
 * as kp__path_same tells): 1, 0, or -1 when out of memory. */
int kp__path_inside(const char *a, const char *dir);

/* ---- outset.c: result sets (kp_outset) ----------------------------------- */

/* Whether path is the folder of an open kp_outset of this process (its
 * name ".NAME.tmp-PID-N" with this process's id, and a folder): the
 * writers then write into it, and the set's commit shows their files. */
int kp__outset_is_dir(const char *path);

/* robustness.c: what the samples of one sampled scenario say
 * (models/README.md, "Sampled futures"). */
typedef struct kp__robust {
    size_t base;            /* the scenario sampled */
    int samples;            /* samples asked for */
    int solved;             /* samples with a plan */
    int optimal;            /* of those, proven optimal */
    int base_plan;          /* 1: the scenario itself has a plan */
    double base_value;      /* its value (NaN: no plan) */
    double *values;         /* per solved sample, ascending: the scenario's
                               plan valued at the sample's values (NULL
                               without a plan) */
    double mean, p5, p95;   /* of values; NaN when none */
    double regret_mean, regret_max; /* sample's optimum - values[i] */
    double *act_freq;       /* per activity: share of the solved samples
                               whose plan does it */
    double *acc_freq;       /* per account: share that make it key */
} kp__robust;

/* The figures of every scenario of res[0..n-1] that has samples (n must
 * cover the sampled scenarios; *nout 0 when none). Returns KP_OK or
 * KP_ENOMEM; the caller frees *out with kp__robust_free. */
int kp__robust_compute(const kp_instance *inst, kp_result *const *res, size_t n,
                       kp__robust **out, size_t *nout);
void kp__robust_free(kp__robust *x, size_t n);
/* Percentile p (0..100) of ascending v[0..n-1] by the nearest rank (the
 * value at rank ceil(p / 100 * n), at least 1); NaN when n is 0. */
double kp__percentile(const double *v, size_t n, double p);
/* robustness.csv's body: the rows of x[0..nx-1]. */
void kp__write_robustness(kp__tab *t, const kp_instance *inst, kp_result *const *res,
                          const kp__robust *x, size_t nx);

/* The bodies of frontier.csv and changes.csv (frontier.c); oc may be NULL. */
void kp__write_frontier(kp__tab *t, const kp_instance *inst, kp_result *const *res,
                        const kp_batch_outcome *oc, size_t n);
/* marginals.c: 1 when some outcome of oc[0..n-1] (oc may be NULL) has
 * --marginal's figures per manager or period. */
int kp__has_capacity_marginals(const kp_batch_outcome *oc, size_t n);
/* marginals.c: marginals.csv (models/README.md, "Outputs"): per scenario
 * with those figures, a row per manager and per period. */
void kp__write_marginals(kp__tab *t, const kp_instance *in, const kp_batch_outcome *oc,
                         size_t n);
/* team.c: managers.csv of results res[0..n-1] (one per scenario; NULL
 * or without a plan: no rows), for an instance with managers. */
void kp__write_managers(kp__tab *t, const kp_instance *in, kp_result *const *res,
                        size_t n);

/* periods.c, with periods.csv only: plan.csv's body (one row per activity
 * and period with a count; column period last), periods.csv's (each
 * period's hours and budget used and available), and period p's hours
 * and cost in result r. */
/* One plan.csv row's columns up to value (and manager_id with a team):
 * count occurrences of activity a in scenario s of plan r, worth value. */
void kp__write_plan_row(kp__tab *t, const kp_instance *in, size_t s, const kp_result *r,
                        size_t a, int count, double value);
void kp__write_plan_periods(kp__tab *t, const kp_instance *in, kp_result *const *res,
                            size_t n);
void kp__write_periods(kp__tab *t, const kp_instance *in, kp_result *const *res,
                       size_t n);
void kp__period_use(const kp_instance *in, const kp_result *r, size_t p,
                    double *hours, double *cost);

/* replan_out.c: the body of replan.csv (kamplan.h, kp_replan_write). */
void kp__write_replan(kp__tab *t, const kp_instance *inst, kp_result *const *res,
                      size_t n, const kp_replan *rp);
void kp__write_changes(kp__tab *t, const kp_instance *inst, kp_result *const *res,
                       size_t n);

/* ---- moves.c: managers and periods in a diff (issue 15) ----------------- */

/* A plan as a diff sees it: counts per activity; the manager of each
 * account whose manager the optimiser chooses (-1: none), or NULL when
 * the plan names none; counts per activity and period (a * nper + p), or
 * NULL when the plan gives none. */
typedef struct kp__plan_view {
    const int *counts;
    const int *mgr;
    const int *pcounts;
} kp__plan_view;

/* The view of result r (which must have a plan). */
kp__plan_view kp__result_view(const kp_result *r);
/* Account k's manager in plan v of scenario s: with managers.csv, when
 * the account is key there (forced or with an activity done), its fixed
 * manager_id or the plan's; else -1. */
int kp__view_manager(const kp_instance *inst, size_t s, const kp__plan_view *v,
                     size_t k);
/* 1 when an account changes manager from one plan to the other: both
 * managers (kp__view_manager's) known and different. */
int kp__view_manager_moves(int from, int to);
/* 1 when, with periods.csv and both plans' counts by period, activity act
 * is done as often in a as in b but in other periods ("moved"). */
int kp__view_moved(const kp_instance *inst, const kp__plan_view *a,
                   const kp__plan_view *b, size_t act);
/* Activity act's counts by period in plan v as one field, "Q1:1 Q3:2"
 * (each period with a count, in periods.csv's order): empty when act < 0,
 * v is NULL or has no counts by period, or the activity is not done. */
void kp__tab_periods(kp__tab *t, const kp_instance *inst, const kp__plan_view *v,
                     long act);
/* The same text, malloc'd ("" for none); NULL when out of memory. */
char *kp__periods_text(const kp_instance *inst, const kp__plan_view *v, long act);
/* Calls fn(ctx, a, b) for each pair of scenarios among the first n that
 * changes.csv compares, in its order, where both res[a] and res[b] have a
 * plan: along a swept line each scenario and the next, in a grid the next
 * along either axis, for scenarios from the files the first and each
 * other one. */
void kp__change_pairs(const kp_instance *inst, kp_result *const *res, size_t n,
                      void (*fn)(void *ctx, size_t a, size_t b), void *ctx);


#endif /* KAMPLAN_RESULTS_H */
