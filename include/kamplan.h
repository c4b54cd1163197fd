/*
 * kamplan.h - the whole public API of libkamplan.
 *
 * kamplan plans a key account manager's limited hours and budget: it reads an
 * instance folder of CSV files (models/README.md and kamplan(1)), decides
 * which customers qualify as key accounts, builds the integer programme and
 * solves it with GLPK.
 *
 * Conventions, for every function below unless its comment says otherwise:
 *  - Functions that can fail return an int status from the KP_STATUS table
 *    (KP_OK is 0); kp_strerror() names it.
 *  - Handles are opaque. Each *_new / *_load has a *_free; *_free(NULL) is a
 *    no-op. The caller owns every handle it receives through an out-pointer.
 *  - Strings returned by accessors belong to the object they came from and
 *    live as long as it does.
 *  - The library never prints and never exits. Detailed messages go into a
 *    kp_diags list the caller passes in (NULL is allowed: messages dropped).
 *  - Objects may be used from any thread, one thread at a time; distinct
 *    objects may be used concurrently.
 */
#ifndef KAMPLAN_H
#define KAMPLAN_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KP_VERSION "0.1.0"

/* Status codes: X(name, value, message). */
#define KP_STATUS_TABLE(X)                                              \
    X(KP_OK, 0, "success")                                              \
    X(KP_EDATA, 1, "invalid input data")                                \
    X(KP_EIO, 2, "input/output error")                                  \
    X(KP_ENOMEM, 3, "out of memory")                                    \
    X(KP_EINVAL, 4, "invalid argument")                                 \
    X(KP_ESOLVER, 5, "solver error")                                    \
    X(KP_ENOTFOUND, 6, "not found")                                     \
    X(KP_EBUSY, 7, "in use by another run")

enum kp_status {
#define KP__ENUM(name, value, msg) name = value,
    KP_STATUS_TABLE(KP__ENUM)
#undef KP__ENUM
};

/* Returns a static description of a status code. */
const char *kp_strerror(int status);

/* Version of GLPK the library runs with, e.g. "5.0". */
const char *kp_glpk_version(void);

/* ---- Diagnostics -------------------------------------------------------- */

typedef struct kp_diags kp_diags;

enum kp_severity { KP_WARNING = 0, KP_ERROR = 1 };

kp_diags *kp_diags_new(void);
void kp_diags_free(kp_diags *d);
size_t kp_diags_count(const kp_diags *d);
size_t kp_diags_errors(const kp_diags *d);
/* Message i, formatted "FILE:LINE: column 'x': text" (parts absent when
 * unknown). Returns NULL when i is out of range. */
const char *kp_diags_message(const kp_diags *d, size_t i);
int kp_diags_severity(const kp_diags *d, size_t i);
/* The parts of message i: the file (NULL when none), the line (0 when
 * none), the column name (NULL when none) and the text after them. */
const char *kp_diags_file(const kp_diags *d, size_t i);
long kp_diags_line(const kp_diags *d, size_t i);
const char *kp_diags_column(const kp_diags *d, size_t i);
const char *kp_diags_text(const kp_diags *d, size_t i);
/* Adds a message (file, col may be NULL; line 0: none), as the library's
 * own are added: the same format and escaping. Out of memory: the message
 * is dropped but still counted when it is an error. */
void kp_diags_add(kp_diags *d, int severity, const char *file, long line,
                  const char *col, const char *text);

/* ---- Instances ---------------------------------------------------------- */

typedef struct kp_instance kp_instance;

/* Reads and validates the instance folder dir. Every problem found is added
 * to diags (when not NULL); warnings do not make the load fail. Returns
 * KP_OK and *out, or KP_EDATA / KP_EIO / KP_ENOMEM with *out == NULL. */
int kp_instance_load(const char *dir, kp_instance **out, kp_diags *diags);

/* The default of kp_load_opts.max_rows: three times the 3 million
 * activities of 200,000 accounts. */
#define KP_MAX_ROWS_DEFAULT 10000000L

/* The default of kp_load_opts.max_model: room for the model of 200,000
 * accounts (3 million activities: about 7.5 million columns and 12
 * million rows). */
#define KP_MAX_MODEL_DEFAULT 20000000L

/* The default of kp_load_opts.max_bytes: 1 GiB, nearly five times the
 * activities.csv of 200,000 generated accounts (about 220 MB), and three
 * times that of the largest instance kamplan generate writes (357 MB). */
#define KP_MAX_BYTES_DEFAULT 1073741824LL

/* How an instance is read. A zeroed struct reads as kp_instance_load. */
typedef struct kp_load_opts {
    /* Data rows one file may hold (its header not counted); a file with
     * more is refused (KP_EDATA, at the line where it passed the limit),
     * before its rows cost memory. 0 (or less): KP_MAX_ROWS_DEFAULT. The instance's
     * plan files (kp_plan_load) are read with the same limit. */
    long max_rows;
    /* Columns, and rows, the model of one scenario may have (counted as
     * if every account were eligible); a bigger instance is refused
     * (KP_EDATA) before any model is built. 0 (or less):
     * KP_MAX_MODEL_DEFAULT. */
    long max_model;
    /* Bytes one file may hold; a bigger one is refused (KP_EDATA) before
     * it is read, and one that grows past the limit while it is read is
     * refused then. 0 (or less): KP_MAX_BYTES_DEFAULT. The instance's plan
     * files (kp_plan_load) are read with the same limit. */
    long long max_bytes;
} kp_load_opts;

void kp_load_opts_init(kp_load_opts *o);
/* kp_instance_load with options (NULL: the defaults). */
int kp_instance_load_with(const char *dir, const kp_load_opts *opts,
                          kp_instance **out, kp_diags *diags);
void kp_instance_free(kp_instance *inst);

size_t kp_instance_accounts(const kp_instance *inst);
size_t kp_instance_activities(const kp_instance *inst);
size_t kp_instance_contacts(const kp_instance *inst);
size_t kp_instance_objectives(const kp_instance *inst);
size_t kp_instance_scenarios(const kp_instance *inst);
/* The managers of managers.csv (0 without one); with managers a result
 * set also holds managers.csv. */
size_t kp_instance_managers(const kp_instance *inst);
/* The periods of periods.csv (0 without one: the horizon is one period);
 * with periods a result set also holds periods.csv, and plan.csv a row per
 * activity and period. */
size_t kp_instance_periods(const kp_instance *inst);
/* The id of manager m (managers.csv order) and of period p (periods.csv
 * order); NULL when out of range. */
const char *kp_instance_manager_id(const kp_instance *inst, size_t m);
const char *kp_instance_period_id(const kp_instance *inst, size_t p);
/* The manager (managers.csv order) that accounts.csv's manager_id of
 * account k names; -1 when it is empty (the optimiser chooses), without
 * managers.csv, or k out of range. */
int kp_instance_account_manager(const kp_instance *inst, size_t k);
const char *kp_instance_scenario_id(const kp_instance *inst, size_t s);
/* Index of the scenario named id, or -1. */
long kp_instance_scenario_find(const kp_instance *inst, const char *id);

/* Checks that the accounts forced `key` can meet their rules in each
 * scenario (all of them, or only scenario `only` when >= 0): an account
 * that cannot (too few contacts with an activity, an entrenched influencer
 * or blocking opponent with none, min_hours above what its activities or
 * the hours allow), or more forced accounts than max_key_accounts, makes
 * the scenario infeasible. Adds one error per failing account (instances
 * without scenarios.csv, at the account's row) or per failing scenario, and
 * returns the number of scenarios that fail. kp_solve reports such a
 * scenario as infeasible with the same reason. */
int kp_instance_check_forced(const kp_instance *inst, long only,
                             kp_diags *diags);

/* ---- Qualification ------------------------------------------------------ */

enum kp_account_status { KP_AUTO = 0, KP_KEY = 1, KP_EXCLUDE = 2 };

#define KP_N_CRITERIA 7

typedef struct kp_criterion {
    const char *name;   /* e.g. "margin_pct" */
    const char *op;     /* ">=" or "<=" */
    int set;            /* the policy sets a threshold */
    double value;       /* the account's value */
    double threshold;   /* when set */
    int met;            /* when set */
} kp_criterion;

typedef struct kp_qualification {
    const char *account_id;
    const char *name;
    int status;                 /* enum kp_account_status */
    kp_criterion criteria[KP_N_CRITERIA];
    int criteria_set;           /* thresholds the policy sets */
    int criteria_met;
    int min_criteria;           /* needed to qualify */
    int qualified;              /* auto: criteria_met >= min_criteria */
    int eligible;               /* key, or auto and qualified, or auto
                                   with an activity of min_count >= 1
                                   (scenarios.csv's key and exclude aside:
                                   kp_instance_scenario_forces) */
    int blocked;                /* eligible, but can never meet the rules of
                                   a key account (policy min_contacts) */
    const char *why;            /* the reason when blocked, else ""; owned
                                   by the instance */
    const char *committed;      /* the first activity of the account with
                                   min_count >= 1 (which forces it key in
                                   every scenario), or NULL */
} kp_qualification;

/* Fills *q for account i (0-based, file order). Returns KP_EINVAL when i is
 * out of range. */
int kp_instance_qualification(const kp_instance *inst, size_t i,
                              kp_qualification *q);

/* What scenario s's own commitments (scenarios.csv's key and exclude
 * columns) make of account k: KP_KEY (forced key), KP_EXCLUDE (dropped),
 * or -1 (neither, or s or k out of range). */
int kp_instance_scenario_forces(const kp_instance *inst, size_t s, size_t k);

/* ---- Solving ------------------------------------------------------------ */

/* GLPK's cut generators, for kp_solve_opts.cuts. */
enum {
    KP_CUT_GMI = 1, KP_CUT_MIR = 2, KP_CUT_COV = 4, KP_CUT_CLQ = 8,
    KP_CUTS_DEFAULT = KP_CUT_GMI | KP_CUT_MIR
};

/* Where a solve stands, passed to kp_solve_opts.progress. */
typedef struct kp_solve_progress {
    size_t scenario;    /* the scenario being solved */
    const char *stage;  /* "pricing" (a round of column generation),
                           "master" (the integer master), "proof" (a
                           step of the proof by enumeration) or
                           "branch-keys" (branch-and-cut on the whole
                           model starts, branching on the key accounts,
                           managers and occurrences first: a team whose
                           periods' hours or budget join the accounts) */
    int round;          /* pricing rounds so far */
    double bound;       /* the best proven bound (NaN: none yet) */
    double value;       /* the best plan's value (NaN: none yet) */
    double gap_pct;     /* their relative gap, percent (NaN: either none) */
    double elapsed;     /* seconds since the solve started */
    const char *scenario_id;    /* the id of the scenario being solved, in
                           the instance kp_solve was given: a --marginal
                           re-solve's own ("ID +DELTA hours"; kp_solve_batch
                           makes it), where kp_instance_scenario_id of the
                           batch's instance has none */
} kp_solve_progress;

/* Called on the solving thread after each stage; calls for scenarios solved
 * on several threads at once may overlap. It must return quickly. */
typedef void (*kp_solve_progress_fn)(void *info, const kp_solve_progress *p);

/* Replanning (kp_solve_opts.replan; models/README.md, "Replanning"): a
 * previous plan, and how far the new plan may move from it. A change is
 * one occurrence added or removed: a plan's changes are the sum over
 * activities of |count - previous count|. */
typedef struct kp_replan {
    /* Per scenario (instance order): the previous plan's counts per
     * activity (file order, each >= 0; kp_previous_counts), or NULL: that
     * scenario is solved as usual. NULL as a whole: no replanning. */
    const int *const *previous;
    long max_changes;   /* at most this many changes; < 0: no limit */
    double change_cost; /* each change costs this in the objective (>= 0):
                           the objective is the plan's value minus
                           change_cost times its changes */
} kp_replan;

/* No previous plan, no limit, no cost. */
void kp_replan_init(kp_replan *r);
/* The changes of plan counts against previous (both per activity of in):
 * the sum of |counts[a] - previous[a]|. */
long kp_replan_changes(const kp_instance *inst, const int *previous,
                       const int *counts);

/* A previous plan read from a file (kp_previous_load). */
typedef struct kp_previous kp_previous;

/* Reads the previous plan at path as kp_plan_load reads plans
 * (`activity_id,count` rows, or solve's plan.csv with its scenario
 * column). Every bad row is an error "FILE:LINE: column 'x': ..."; a row
 * naming an activity the instance does not have is a warning and is not
 * counted. Returns KP_OK, KP_EDATA, KP_EIO or KP_ENOMEM. */
int kp_previous_load(const kp_instance *inst, const char *path,
                     kp_previous **out, kp_diags *diags);
/* The previous counts for scenario s: the file's rows for the scenario of
 * the same id, else the rows of its only scenario (or all rows of a file
 * without a scenario column). NULL, with an error naming the file in
 * diags, when the file has several scenarios and none is s. */
const int *kp_previous_counts(const kp_previous *p, size_t s, kp_diags *diags);
/* The rows of the previous plan, for scenario s as kp_previous_counts
 * picks them, that name an activity no longer in the instance (a warning
 * when read; not counted as changes): returns how many there are, and
 * when i is below that, the i-th row's activity id (owned by p), count
 * and line (each pointer may be NULL). 0 when s has no rows. */
size_t kp_previous_unknown(const kp_previous *p, size_t s, size_t i,
                           const char **activity, int *count, long *line);
void kp_previous_free(kp_previous *p);

typedef struct kp_solve_opts {
    double time_limit;  /* seconds, <= 0: none (default) */
    double gap_pct;     /* relative gap to stop at, percent (default 0.01) */
    int verbose;        /* 1: let GLPK print its log to stdout (default 0) */
    int cuts;           /* KP_CUT_* flags (default KP_CUTS_DEFAULT) */
    /* A plan to start from: occurrence counts per activity (file order),
     * e.g. a neighbouring scenario's plan repaired to fit this one. It is
     * checked against every rule first (kp_plan_check) and ignored when it
     * breaks one. Not copied: it must live until kp_solve returns. NULL:
     * none (default). */
    const int *hint;
    /* When not NULL, the solve stops as soon as *stop becomes non-zero
     * (set it from a signal handler or another thread), with the best plan
     * found so far (status feasible or no_solution). Without a plan by
     * then, the heuristics still get 0.4 s to make one; 2 or more asks to
     * stop at once, without that grace (a second Ctrl-C). */
    volatile const int *stop;
    /* KP_METHOD_AUTO (default): column generation over per-account plans
     * where accounts are independent blocks (no requires or group spans
     * two accounts), then GLPK's branch-and-cut on the whole model, started
     * from the best plan, only where the gap is not yet reached.
     * KP_METHOD_BB: GLPK's branch-and-cut on the whole model alone. */
    int method;
    /* OpenMP threads for the parallel work of one solve (the decomposition's
     * pricing); <= 0: omp_get_max_threads() (default). Inside a parallel
     * region of the caller (a batch's scenarios) a solve uses one. */
    int threads;
    /* Told where the solve stands after each stage of the decomposition
     * (NULL: nothing; default). */
    kp_solve_progress_fn progress;
    void *progress_info;
    /* Replanning against a previous plan (NULL: none; default). Not
     * copied: it must live until kp_solve returns. */
    const kp_replan *replan;
} kp_solve_opts;

enum { KP_METHOD_AUTO = 0, KP_METHOD_BB = 1 };

void kp_solve_opts_init(kp_solve_opts *o);

enum kp_result_status {
    KP_RES_OPTIMAL = 0,
    KP_RES_FEASIBLE,
    KP_RES_INFEASIBLE,
    KP_RES_NO_SOLUTION,
    KP_RES_ERROR
};

/* "optimal", "feasible", "infeasible", "no_solution" or "error". */
const char *kp_result_status_name(int st);

typedef struct kp_result kp_result;

/* Solves scenario s. The returned result is always owned by the caller, also
 * when the scenario is infeasible or GLPK failed (status KP_RES_ERROR with a
 * message in diags). Returns KP_OK, or KP_EINVAL / KP_ENOMEM with *out NULL.
 * Safe to call concurrently on one instance from several threads. */
int kp_solve(const kp_instance *inst, size_t s, const kp_solve_opts *opts,
             kp_result **out, kp_diags *diags);
void kp_result_free(kp_result *r);

/* Frees what the solver keeps per thread (GLPK's environment). Call it on
 * every thread that called kp_solve or kp_export, before the thread ends;
 * GLPK objects the caller made on that thread are freed too. */
void kp_thread_cleanup(void);

typedef struct kp_result_summary {
    int status;             /* enum kp_result_status */
    double objective;       /* value of the plan (NaN when none) */
    double bound;           /* proven upper bound (NaN when unknown) */
    double gap_pct;         /* relative gap in percent (NaN when none) */
    double hours_used, hours_available;
    double budget_used, budget_available; /* available: NaN = unlimited */
    int key_accounts;       /* accounts managed as key */
    int activities;         /* distinct activities chosen */
    double seconds;         /* wall-clock time of the solve */
    /* Where the time went and where the bound came from. */
    const char *bound_source;   /* "lagrangian", "enumeration",
                                   "branch-and-bound", "lp-relaxation"
                                   (the root LP's bound, safe from
                                   rounding) or "" (no valid bound) */
    double decomp_seconds;      /* column generation, all of it: */
    double pricing_seconds;     /*   account subproblems */
    double master_seconds;      /*   master LPs */
    double master_mip_seconds;  /*   the master integer programme */
    double bb_seconds;          /* GLPK branch-and-cut on the whole model */
    double proof_seconds;       /*   the proof by enumeration */
    int rounds;                 /* pricing rounds of column generation */
    long subproblems;           /* block subproblems solved */
    int blocks;                 /* blocks of the decomposition */
    long enumerated;            /* plans listed by the proof */
    /* Replanning (kp_solve_opts.replan): the plan's value and its changes
     * against the previous plan; objective is plan_value - change_cost *
     * changes. changes is -1 (plan_value NaN) without replanning. */
    double plan_value;
    long changes;
    double change_cost;         /* what one change cost (0 without
                                   --change-cost or replanning) */
    int replanned;              /* 1 when solved against a previous plan
                                   (with or without a plan) */
} kp_result_summary;

void kp_result_get_summary(const kp_result *r, kp_result_summary *sum);
/* Occurrences chosen for activity a (0-based, file order); 0 when none. */
int kp_result_count(const kp_result *r, size_t a);
/* 1 when account k (0-based, file order) is managed as a key account in
 * the plan: forced, or with an activity. */
int kp_result_key(const kp_result *r, size_t k);
/* Message explaining an error or infeasible status, or "" when none. */
const char *kp_result_message(const kp_result *r);
/* The manager (0-based, managers.csv order) of account k in plan r: its
 * accounts.csv manager_id, else the one the optimiser chose for it; -1
 * when none (no managers.csv, an account not chosen as key, or k out of
 * range). */
int kp_result_manager(const kp_instance *inst, const kp_result *r, size_t k);
/* Occurrences of activity a in period p (0-based, periods.csv order) in
 * plan r; without periods.csv, p 0 is the whole horizon
 * (kp_result_count). 0 when out of range. */
int kp_result_period_count(const kp_result *r, size_t a, size_t p);

/* Writes summary.csv, plan.csv and accounts.csv for results[0..n-1] (one per
 * scenario, in scenario order; NULL entries are skipped) into outdir as
 * one result set (kp_outset): outdir, created when missing, is replaced
 * in one step by a copy of itself with these files replaced or added, so
 * a reader sees the old set or the new one and a failed or killed call
 * leaves outdir as it was. When another run holds outdir's lock, the call
 * fails at once with KP_EBUSY. When outdir is the folder of an open
 * kp_outset of this process (kp_outset_dir), the files go into it and
 * appear with the rest of that set at kp_outset_commit. Returns KP_OK,
 * KP_EIO (diags says why), KP_EBUSY or KP_ENOMEM. */
int kp_results_write(const kp_instance *inst, kp_result *const *results,
                     size_t n, const char *outdir, kp_diags *diags);

/* ---- What-if batches: sweeps, parallel solving, frontier ---------------- */

/* What a sweep varies: the team's hours or budget, or the hours or budget
 * of one manager (managers.csv) or one period (periods.csv). */
enum kp_sweep_param { KP_SWEEP_HOURS = 0, KP_SWEEP_BUDGET = 1,
                      KP_SWEEP_MANAGER_HOURS = 2, KP_SWEEP_MANAGER_BUDGET = 3,
                      KP_SWEEP_PERIOD_HOURS = 4, KP_SWEEP_PERIOD_BUDGET = 5 };

/* One axis of a sweep: steps values evenly spaced from `from` to `to`
 * (both included; to < from runs downwards; steps 1 means from == to). */
typedef struct kp_sweep_axis {
    int param;          /* enum kp_sweep_param */
    double from, to;    /* >= 0 */
    int steps;          /* 1 .. KP_SWEEP_MAX_STEPS */
    /* For a manager's or a period's axis (param >= KP_SWEEP_MANAGER_HOURS):
     * its id, the idlen bytes at id (not NUL-terminated); read for no
     * other param. kp_sweep_axis_parse points it into the spec it parses,
     * which must then outlive the axis. */
    const char *id;
    size_t idlen;
} kp_sweep_axis;

#define KP_SWEEP_MAX_STEPS 10000
#define KP_SWEEP_MAX_SCENARIOS 100000

/* Parses "hours=FROM:TO:STEPS" or "budget=FROM:TO:STEPS", or
 * "manager_hours:ID=...", "manager_budget:ID=...", "period_hours:ID=..."
 * and "period_budget:ID=..." (parameter names in any case; the id as
 * written, checked by kp_instance_sweep). Returns KP_OK, or KP_EINVAL with
 * one error in diags that says what is wrong, e.g. "'budget=5:1' is not
 * PARAM=FROM:TO:STEPS". */
int kp_sweep_axis_parse(const char *spec, kp_sweep_axis *axis, kp_diags *diags);

/* Replaces the instance's scenarios with a sweep: one axis gives a line of
 * scenarios, two different ones a grid, the first axis outer. Every other
 * value (max_key_accounts, min_contacts, the budget or hours not swept,
 * every manager's and period's hours and budget but the one swept) comes
 * from policy.csv, managers.csv and periods.csv. A manager's or period's
 * axis sets that one capacity absolutely; its id must name a manager
 * (period) that has that capacity in managers.csv (periods.csv). Without
 * policy hours the team's hours are the managers' together, so they follow
 * a manager's swept hours. Scenario ids name the values: "budget=50000",
 * "hours=400+budget=50000", "BERG.hours=150", "Q2.budget=5000" (valid
 * unquoted in CSV and in a shell when the ids are). A warning says when
 * scenarios.csv's scenarios are replaced. Returns KP_OK, KP_EINVAL (bad
 * axes, an unknown id, a capacity the instance lacks: diags says why) or
 * KP_ENOMEM (the instance is unchanged). No other thread may use the
 * instance meanwhile. */
int kp_instance_sweep(kp_instance *inst, const kp_sweep_axis *axes,
                      size_t naxes, kp_diags *diags);

/* ---- Sampled futures (models/README.md, "Sampled futures") ----------- */

/* The seed kp_instance_sample is given when none is chosen (solve --seed). */
#define KP_SAMPLE_SEED_DEFAULT 20260101ULL
/* The most samples one scenario may ask for (scenarios.csv's samples). */
#define KP_SAMPLES_MAX 100000

/* Appends, after every scenario, the sampled scenarios that scenarios.csv's
 * `samples` column asks for: for scenario s with samples N, N scenarios
 * "ID~1" .. "ID~N" with s's hours, budget and rules, in which each
 * activity with a range in activities.csv takes a value drawn from it
 * (value_low/value_high: triangular with its value as the mode; value_sd:
 * normal around its value, drawn again while below 0) and every other
 * activity keeps its value. A value depends only on (seed, ID, the
 * sample's number, the activity's index): the same on every process and
 * thread, computed when read, never stored. Returns KP_OK (also when no
 * scenario asks for samples), KP_EINVAL (more than KP_SWEEP_MAX_SCENARIOS
 * scenarios, or plans too many to keep: diags says why; inst unchanged) or
 * KP_ENOMEM. Call it once, after kp_instance_sweep (a sweep's scenarios
 * ask for none); no other thread may use inst meanwhile. */
int kp_instance_sample(kp_instance *inst, unsigned long long seed, kp_diags *diags);

/* The number (1..N) of sampled scenario s, with the scenario it samples in
 * *base (may be NULL); 0, and *base = s, for any other scenario. */
int kp_instance_scenario_sample(const kp_instance *inst, size_t s, size_t *base);

/* The value of activity a (0-based, file order) in scenario s: its
 * sampled value in a sampled scenario, activities.csv's value otherwise. */
double kp_instance_activity_value(const kp_instance *inst, size_t s, size_t a);

/* Progress of a batch, passed to kp_batch_opts.progress. */
typedef struct kp_batch_progress {
    size_t done;        /* solves finished (or given up), re-solves included */
    size_t total;       /* solves in the batch */
    size_t scenario;    /* the scenario whose solve just finished */
    double elapsed;     /* seconds since the batch started */
    double remaining;   /* rough estimate of the seconds left (NaN: none) */
} kp_batch_progress;

/* Called from the batch's worker threads, one call at a time, after each
 * solve. It must return quickly and must not call kp_solve_batch. */
typedef void (*kp_batch_progress_fn)(void *info, const kp_batch_progress *p);

typedef struct kp_batch_opts {
    /* Per solve: time_limit, gap_pct, cuts, verbose; stop stops the whole
     * batch (running solves end with their best plan, the rest are not
     * run). hint is ignored: the batch chooses the start plans itself. */
    kp_solve_opts solve;
    int threads;                /* <= 0: omp_get_max_threads() (default) */
    double total_time_limit;    /* seconds for the whole batch, <= 0: none */
    /* 1: solve every reuse_stride-th scenario first, from scratch (the
     * anchors), then start each other scenario from its nearest anchor's
     * plan, repaired to fit. The choice depends only on the scenarios, so
     * results do not depend on the thread count. The others wait for their
     * anchor, so with as many threads as scenarios the batch takes up to
     * twice as long: 0 (default) solves every scenario from scratch. */
    int reuse;
    int reuse_stride;           /* default 4 */
    /* NULL: every scenario; else only the scenarios s with select[s]. */
    const unsigned char *select;
    /* 1: the value of one more hour and one more unit of budget, by
     * re-solving each scenario at hours + delta and at budget + delta
     * (integer plans have no shadow prices). The re-solve starts from the
     * scenario's own plan, which still fits, so it is never worse. */
    int marginal;
    double marginal_hours;      /* delta, > 0; 0: marginal_pct of the hours */
    double marginal_budget;     /* delta, > 0; 0: marginal_pct of the budget */
    double marginal_pct;        /* percent (default 1) */
    kp_batch_progress_fn progress;  /* NULL: none (default) */
    void *progress_info;
} kp_batch_opts;

void kp_batch_opts_init(kp_batch_opts *o);

enum kp_batch_state {
    KP_BATCH_SKIPPED = 0,       /* not selected */
    KP_BATCH_SOLVED,            /* results[s] holds its result */
    KP_BATCH_NOT_RUN            /* never started: `why` says why */
};

/* What a batch says about one scenario besides its result. */
typedef struct kp_batch_outcome {
    int state;                  /* enum kp_batch_state */
    const char *why;            /* for KP_BATCH_NOT_RUN, e.g. "not run: the
                                   total time limit passed before it started";
                                   "" otherwise. A static string: never freed */
    long seeded_from;           /* scenario whose repaired plan was the start
                                   plan, or -1 (solved from scratch) */
    /* --marginal, per unit; NaN when not computed (marginal_note says
     * why). value_per_X = (value at X + delta - value) / delta; min and
     * max bound the exact figure using the proven bounds of both solves
     * (equal to it when both are optimal). An unlimited budget gives 0. */
    double hours_delta, value_per_hour, value_per_hour_min, value_per_hour_max;
    double budget_delta, value_per_budget, value_per_budget_min,
           value_per_budget_max;
    /* Never NULL ("" when there is nothing to say). The text belongs to
     * the scenario's result: valid until kp_result_free(results[s]). */
    const char *marginal_note;
    /* --marginal with managers.csv / periods.csv: the same four figures
     * for one more hour of each manager's own hours (manager m at
     * manager_marginal[4 * m ...]: delta, value per hour, min, max) and of
     * each period's hours (period_marginal likewise; a period without an
     * hours limit: delta NaN, the others 0). NaN where not computed
     * (marginal_note says why); NULL without managers (periods) or
     * --marginal. Owned by the scenario's result, like marginal_note. */
    const double *manager_marginal, *period_marginal;
} kp_batch_outcome;

/* Solves the instance's scenarios in parallel with OpenMP: one GLPK
 * problem per solve, made, solved and freed on its thread, and
 * kp_thread_cleanup() on every worker thread before the parallel region
 * ends. The calling thread takes part too: like after kp_solve, it calls
 * kp_thread_cleanup() itself when it is done with the library.
 * results[] and outcomes[] have kp_instance_scenarios(inst) entries; the
 * caller owns and frees each results[s] (NULL unless state is
 * KP_BATCH_SOLVED). A GLPK failure in one scenario is that scenario's
 * status KP_RES_ERROR; the others still finish. Results are the same for
 * every thread count (unless time limits cut solves short). Messages of
 * every solve go to diags, in scenario order. Returns KP_OK, KP_EINVAL
 * (bad options), or KP_ENOMEM (some scenarios then are not run, and say
 * so; the others are valid). */
int kp_solve_batch(const kp_instance *inst, const kp_batch_opts *opts,
                   kp_result **results, kp_batch_outcome *outcomes,
                   kp_diags *diags);

/* Like kp_results_write, and in the same all-or-nothing way (one result
 * set, or the files of an open kp_outset), writes
 * summary.csv, plan.csv, accounts.csv, frontier.csv and changes.csv.
 * Scenarios not run (outcomes[s].state KP_BATCH_NOT_RUN) get a summary row
 * with status no_solution. outcomes may be NULL (no marginal values). */
int kp_batch_write(const kp_instance *inst, kp_result *const *results,
                   const kp_batch_outcome *outcomes, size_t n,
                   const char *outdir, kp_diags *diags);

/* ---- A batch across processes ----------------------------------------- *
 * What kamplan's MPI command line uses to solve a batch's scenarios in
 * several processes (the library itself knows nothing of MPI): each
 * process loads the same instance, solves the scenarios it is handed with
 * kp_solve_batch (opts.select), packs each one's share into bytes, and the
 * process that writes unpacks them into the arrays kp_batch_write takes. */

/* Packs scenario s's share of a batch: its result (NULL when none), its
 * outcome, and the messages of its solve (msgs may be NULL), into *buf
 * (malloc'd, the caller frees it) of *len bytes. The bytes are this
 * build's own representation, readable by kp_batch_unpack of the same
 * build on the same kind of machine. Returns KP_OK, KP_EINVAL (s out of
 * range, or a result of another instance) or KP_ENOMEM. */
int kp_batch_pack(const kp_instance *inst, size_t s, const kp_result *result,
                  const kp_batch_outcome *outcome, const kp_diags *msgs,
                  void **buf, size_t *len);

/* Rebuilds what kp_batch_pack packed for scenario s of (a copy of) inst:
 * *result (the caller's to free; NULL when the pack had none), *outcome
 * (its marginal_note belongs to *result, its why is static), and the
 * messages appended to diags (may be NULL). Every figure comes back bit
 * for bit. Returns KP_OK, KP_EINVAL (the bytes are not such a pack of
 * scenario s of this instance, or come from another build or kind of
 * machine: *result stays NULL, diags and *outcome untouched) or
 * KP_ENOMEM. */
int kp_batch_unpack(const kp_instance *inst, size_t s, const void *buf, size_t len,
                    kp_result **result, kp_batch_outcome *outcome, kp_diags *diags);

/* A rough estimate of the work of solving scenario s, only to compare the
 * scenarios of one instance (a larger one first): every scenario has the
 * same accounts and activities, so today it is the scenario's hours (more
 * hours fit more activities: a larger plan to find and prove), plus one. */
double kp_batch_estimate(const kp_instance *inst, size_t s);

/* Sets *outcome to what kp_solve_batch starts every scenario's outcome
 * from: KP_BATCH_SKIPPED, nothing known (every figure NaN, no seed, empty
 * texts). */
void kp_batch_outcome_init(kp_batch_outcome *outcome);

/* A result for scenario s whose solve failed outside the solver (the
 * process that ran it died, say): status KP_RES_ERROR, no plan, message
 * as kp_result_message. Returns KP_OK and *out (the caller's to free),
 * KP_EINVAL (s out of range) or KP_ENOMEM. */
int kp_result_new_error(const kp_instance *inst, size_t s, const char *message,
                        kp_result **out);

/* ---- Plan check (independent of the model builder) ---------------------- */

/* Checks the plan counts[a] (one per activity, file order) against every rule
 * of scenario s, reading the raw instance only. Adds one error per violation
 * to diags, stores the plan's value in *value (when not NULL) and returns
 * the number of violations.
 * Counts are all it is given: with managers.csv, the accounts whose
 * manager_id is empty are put on managers greedily (largest accounts first,
 * each on the manager with the most hours left that has room), and with
 * periods.csv the occurrences are placed greedily (each in the earliest
 * period with room). Greedy is not exhaustive: it may say no (manager_hours,
 * max_accounts, period_*) to a plan that some assignment or placement fits.
 * To judge a plan with its own managers and periods, use kp_plan_check_full
 * or, for a kp_result, kp_plan_check_result. */
int kp_plan_check(const kp_instance *inst, size_t s, const int *counts,
                  double *value, kp_diags *diags);

/* Like kp_plan_check, judging the plan with its own managers and periods:
 * mgr[k] (one per account, file order; -1: none) the manager
 * (kp_instance_managers order) holding account k, and pcounts[a * P + p]
 * (P = kp_instance_periods) the occurrences of activity a in period p.
 * A key account on no manager, or on one other than its accounts.csv
 * manager_id, breaks manager_hours; each manager's hours, budget and
 * max_accounts are those of the accounts mgr puts on them; the periods
 * must hold each count, within max_per_period, earliest and latest, the
 * periods' hours and budgets, and the order of prerequisites. mgr NULL
 * (or an instance without managers.csv): kp_plan_check's greedy choice;
 * pcounts NULL (or an instance without periods.csv): its greedy
 * placement. Returns as kp_plan_check, or -1 when out of memory. */
int kp_plan_check_full(const kp_instance *inst, size_t s, const int *counts,
                       const int *mgr, const int *pcounts, double *value,
                       kp_diags *diags);

/* The plan of result r (of scenario s of inst, with a plan: status optimal
 * or feasible) judged by kp_plan_check_full with the managers and the
 * periods r chose. Returns as kp_plan_check_full, or -1 with an error in
 * diags (nothing judged) when s is out of range, or r has no plan or is
 * not a result of inst. */
int kp_plan_check_result(const kp_instance *inst, size_t s, const kp_result *r,
                         double *value, kp_diags *diags);

/* The rules a plan can break, and the rule groups an infeasible scenario's
 * explanation names: X(enum name, code). The code is what violations.csv
 * and explanations show; it is named after the column or policy key that
 * sets the rule (status_key: an account forced key by status=key). */
#define KP_RULE_TABLE(X)                                                \
    X(KP_RULE_HOURS, "hours")                                           \
    X(KP_RULE_BUDGET, "budget")                                         \
    X(KP_RULE_MAX_KEY_ACCOUNTS, "max_key_accounts")                     \
    X(KP_RULE_STATUS_KEY, "status_key")                                 \
    X(KP_RULE_MAX_HOURS, "max_hours")                                   \
    X(KP_RULE_MIN_HOURS, "min_hours")                                   \
    X(KP_RULE_MAX_BUDGET, "max_budget")                                 \
    X(KP_RULE_MIN_CONTACTS, "min_contacts")                             \
    X(KP_RULE_ENTRENCHED, "entrenched")                                 \
    X(KP_RULE_OPPONENT, "opponent")                                     \
    X(KP_RULE_REQUIRES, "requires")                                     \
    X(KP_RULE_GROUP, "group")                                           \
    X(KP_RULE_MAX_COUNT, "max_count")                                   \
    X(KP_RULE_NOT_QUALIFIED, "not_qualified")                           \
    X(KP_RULE_EXCLUDED, "excluded")                                     \
    X(KP_RULE_UNKNOWN_ACTIVITY, "unknown_activity")                     \
    X(KP_RULE_MIN_COUNT, "min_count")                                   \
    X(KP_RULE_LOCKED, "locked")                                         \
    X(KP_RULE_SCENARIO_KEY, "scenario_key")                             \
    X(KP_RULE_SCENARIO_EXCLUDE, "scenario_exclude")                     \
    X(KP_RULE_MANAGER_HOURS, "manager_hours")                           \
    X(KP_RULE_MANAGER_BUDGET, "manager_budget")                         \
    X(KP_RULE_MAX_ACCOUNTS, "max_accounts")                             \
    X(KP_RULE_PERIOD_HOURS, "period_hours")                             \
    X(KP_RULE_PERIOD_BUDGET, "period_budget")                           \
    X(KP_RULE_PERIOD_WINDOW, "period_window")                           \
    X(KP_RULE_PERIOD_ORDER, "period_order")

enum kp_rule {
#define KP__RULE_ENUM(name, code) name,
    KP_RULE_TABLE(KP__RULE_ENUM)
#undef KP__RULE_ENUM
    KP_N_RULES
};

/* The code of a rule, e.g. "min_contacts"; "?" when out of range. */
const char *kp_rule_name(int rule);

/* One broken rule. amount says by how much, in the rule's own unit:
 * hours, budget, max_hours, max_budget: hours or money over the limit;
 * min_hours: hours short; min_contacts: contacts short; max_key_accounts:
 * key accounts too many; max_count: occurrences too many; entrenched,
 * opponent: 1 (the contact not engaged); requires: 1 (the prerequisite
 * missing); group: 1 (the activity too many); not_qualified, excluded,
 * unknown_activity, scenario_exclude: the occurrences planned; min_count:
 * occurrences short; locked: occurrences over the locked count;
 * manager_hours, manager_budget: a manager's hours or money over their
 * limit (item_id: the manager); max_accounts: a manager's key accounts too
 * many. */
typedef struct kp_violation {
    int rule;               /* enum kp_rule */
    const char *account_id; /* the account, or "" (hours, budget, portfolio) */
    const char *item_id;    /* the activity or contact concerned, or "" */
    const char *detail;     /* in the planner's words, e.g. "A017: 2 contacts
                               engaged, 3 required" (kp_plan_check's text) */
    double amount;
} kp_violation;

/* A list of violations; it owns its strings. */
typedef struct kp_violations kp_violations;

kp_violations *kp_violations_new(void);
void kp_violations_free(kp_violations *v);
size_t kp_violations_count(const kp_violations *v);
/* Violation i, or NULL when out of range. Valid until the list is freed. */
const kp_violation *kp_violations_get(const kp_violations *v, size_t i);

/* Like kp_plan_check (the same rules, order and texts), but appends each
 * violation to out as a kp_violation instead of a message. Returns the
 * number of violations, or -1 when out of memory. */
int kp_plan_check_violations(const kp_instance *inst, size_t s,
                             const int *counts, double *value,
                             kp_violations *out);

/* ---- Infeasibility explained -------------------------------------------- */

typedef struct kp_explain_opts {
    double time_limit;  /* seconds for the whole explanation, <= 0: none
                           (default 60); when it runs out, the groups not
                           yet shown to be needed stay in (minimal = 0) */
    /* When not NULL, the explanation ends as soon as *stop becomes
     * non-zero, as when its time runs out (default NULL). */
    volatile const int *stop;
} kp_explain_opts;

void kp_explain_opts_init(kp_explain_opts *o);

/* One rule group of an explanation: a rule of models/README.md for one
 * account (status_key, max_hours, min_hours, max_budget, min_contacts,
 * entrenched, opponent) or for the whole plan (hours, budget,
 * max_key_accounts, requires, group). */
typedef struct kp_conflict {
    int rule;               /* enum kp_rule */
    const char *account_id; /* "" for a group of the whole plan */
    const char *text;       /* in the planner's words, e.g. "A009 must engage
                               3 contacts (min_contacts), and 2 of its
                               contacts have an activity" */
} kp_conflict;

enum kp_explain_status {
    KP_EXPLAIN_FEASIBLE = 0,    /* nothing to explain: a plan exists */
    KP_EXPLAIN_INFEASIBLE,      /* the conflicts cannot hold together */
    KP_EXPLAIN_UNKNOWN          /* the time limit came before an answer */
};

typedef struct kp_explanation_summary {
    int status;             /* enum kp_explain_status */
    int minimal;            /* 1: leaving out any one conflict makes the
                               scenario feasible (shown by a solve) */
    size_t conflicts;
    /* The least increase of the hours, the budget and max_key_accounts
     * that makes the scenario feasible with every other rule kept, for
     * those of them among the conflicts: NaN when not among them,
     * INFINITY when raising it alone does not help. */
    double extra_hours, extra_budget, extra_key_accounts;
    int extra_proven;       /* 1: those are proven least, 0: enough, but
                               perhaps not least (time limit) */
    int solves;             /* feasibility questions asked of GLPK */
    double seconds;
} kp_explanation_summary;

typedef struct kp_explanation kp_explanation;

/* Explains why scenario s has no plan: finds a small set of rule groups
 * that cannot hold together (a deletion filter over the groups, each
 * question a GLPK solve of the model with some groups left out, on the
 * calling thread: kp_thread_cleanup() applies), and the least extra hours,
 * budget or key accounts that would make it feasible where those are
 * among the causes. The caller owns *out (also when the scenario turns
 * out feasible). Returns KP_OK, KP_EINVAL, KP_ENOMEM or KP_ESOLVER (with a
 * message in diags). */
int kp_explain(const kp_instance *inst, size_t s, const kp_explain_opts *opts,
               kp_explanation **out, kp_diags *diags);
void kp_explanation_free(kp_explanation *e);
void kp_explanation_get_summary(const kp_explanation *e,
                                kp_explanation_summary *sum);
/* Conflict i, or NULL when out of range: account by account (file order,
 * status_key first), then the rules of the whole plan. */
const kp_conflict *kp_explanation_conflict(const kp_explanation *e, size_t i);
/* The whole explanation as one paragraph, e.g. "these rules cannot all
 * hold: A1 must be key (status=key); ...; 10 hours are available (hours).
 * 5 more hours (15 in all) would make it feasible." "" when feasible. */
const char *kp_explanation_text(const kp_explanation *e);

/* ---- Evaluating a plan someone made -------------------------------------- */

typedef struct kp_plan kp_plan;

/* Reads a plan file: a CSV file (the instance files' dialect) with an
 * activity_id column and optionally count (default 1), scenario and
 * account_id; the plan.csv that kp_results_write writes is read as it is.
 * With a scenario column, each row belongs to its scenario, and only the
 * rows of scenario `only` are read when only >= 0; without one, the file is
 * one plan for every scenario. Every bad row is reported to diags as
 * FILE:LINE: column 'x': ... (an activity listed twice, a count that is not
 * a whole number from 0 to 1000000, a scenario the instance lacks) and
 * makes it KP_EDATA. An activity id the instance does not know is not an
 * error here: kp_plan_evaluate reports it as a violation. Returns KP_OK,
 * KP_EDATA, KP_EIO, KP_EINVAL or KP_ENOMEM. */
int kp_plan_load(const kp_instance *inst, const char *path, long only,
                 kp_plan **out, kp_diags *diags);
void kp_plan_free(kp_plan *p);
/* 1 when the plan has rows for scenario s (always, without a scenario
 * column). */
int kp_plan_covers(const kp_plan *p, size_t s);

/* How the plan differs from the optimal one, account by account. */
enum kp_change_kind {
    KP_CHANGE_ADDED = 0,        /* "added": the account becomes key, or the
                                   activity is done */
    KP_CHANGE_DROPPED,          /* "dropped" */
    KP_CHANGE_MORE,             /* "more": done more often */
    KP_CHANGE_FEWER,            /* "fewer" */
    KP_CHANGE_MANAGER,          /* "manager": with managers.csv, a key
                                   account held by another manager
                                   (changes.csv between scenarios, and
                                   kp_evaluation_change) */
    KP_CHANGE_MOVED             /* "moved": with periods.csv, an activity
                                   done as often in other periods
                                   (changes.csv between scenarios, and
                                   kp_evaluation_change) */
};

/* "added", "dropped", "more", "fewer", "manager", "moved". */
const char *kp_change_name(int kind);

/* One change from the plan to the optimal plan. Strings belong to the
 * instance. Three kinds of row: an account's own row (activity_id and
 * objective_id ""), a subtotal of its other rows; an activity's row; an
 * objective's row (activity_id "", objective_id set: the objective
 * becomes supported, added, or stops being supported, dropped). The
 * values of the activity and objective rows add up to the difference in
 * value between the two plans. */
typedef struct kp_change {
    const char *account_id;
    const char *activity_id;    /* "": the account itself or an objective */
    int kind;                   /* enum kp_change_kind */
    int count_from, count_to;   /* occurrences; for an account, activities;
                                   for an objective, its activities done */
    double hours, cost, value;  /* change of the totals (an account's value
                                   includes the objectives it supports) */
    const char *objective_id;   /* "": not an objective's row */
    /* Appended (issue 15). With managers.csv, on an account's own rows:
     * its manager in the plan and in the optimal plan (ids; "": not key,
     * or a plan file that names no managers). KP_CHANGE_MANAGER: key in
     * both, another manager. "" on other rows and without the file. */
    const char *manager_from, *manager_to;
    /* With periods.csv, on an activity's rows: its counts by period in
     * the plan and in the optimal plan, "Q1:1 Q3:2" (each period with a
     * count, in periods.csv's order; "": none, or a plan file without a
     * period column). KP_CHANGE_MOVED: done as often, in other periods.
     * "" on other rows and without the file. Owned by the evaluation. */
    const char *periods_from, *periods_to;
} kp_change;

typedef struct kp_evaluation_summary {
    size_t scenario;
    int feasible;           /* 1: the plan meets every rule */
    int violations;
    double value;           /* the plan's value, from the input alone (the
                               independent plan check); unknown activities
                               count nothing */
    double hours_used, hours_available;
    double budget_used, budget_available;  /* available: NaN = unlimited */
    int key_accounts, activities;
    int optimum_status;     /* enum kp_result_status of the optimal plan's
                               solve */
    double optimum;         /* its value; NaN when it has none */
    double bound;           /* its proven bound (NaN: none) */
    /* 100 * (optimum - value) / |optimum|: what the plan leaves on the
     * table, in percent; NaN when the plan breaks a rule or there is no
     * optimum. */
    double gap_pct;
    int optimal;            /* the plan meets every rule and is proven
                               optimal: worth the optimum of a solve that
                               proved it, or at least the proven bound
                               (to 1e-9 relative); never merely as good
                               as the best plan a stopped solve found */
    double seconds;
} kp_evaluation_summary;

typedef struct kp_evaluation kp_evaluation;

/* Evaluates plan p for scenario s (kp_plan_covers(p, s) must hold): checks
 * every rule (kp_plan_check_violations, plus unknown activities), values
 * the plan, solves for the optimal plan with so (NULL: defaults), lists the
 * changes that turn the plan into the optimal one, and, when the scenario
 * is infeasible, explains why (kp_explain with eo; NULL: defaults). so's
 * time limit bounds the solve and the explanation together: the
 * explanation gets eo's limit or what the solve left of so's, whichever is
 * less, and so's stop flag unless eo has one. Calls GLPK on this thread:
 * kp_thread_cleanup() applies. Returns KP_OK (the caller owns *out),
 * KP_EINVAL or KP_ENOMEM. */
int kp_plan_evaluate(const kp_instance *inst, const kp_plan *p, size_t s,
                     const kp_solve_opts *so, const kp_explain_opts *eo,
                     kp_evaluation **out, kp_diags *diags);
void kp_evaluation_free(kp_evaluation *e);
void kp_evaluation_get_summary(const kp_evaluation *e,
                               kp_evaluation_summary *sum);
/* The plan's violations, unknown activities first, then in
 * kp_plan_check's order. */
const kp_violations *kp_evaluation_violations(const kp_evaluation *e);
/* The changes to the optimal plan, account by account in file order (an
 * account's own row first); none when the plan is optimal or there is no
 * optimal plan. With managers.csv and periods.csv, an account's change of
 * manager and an activity's move between periods (as the plan file names
 * them) are changes only when the plan breaks a rule or is worth less
 * than the optimal plan: the optimal plan's managers and periods are one
 * way to its value, not the only one. i out of range: NULL. */
size_t kp_evaluation_changes(const kp_evaluation *e);
const kp_change *kp_evaluation_change(const kp_evaluation *e, size_t i);
/* Why there is no optimal plan: the explanation of an infeasible scenario,
 * or the solver's message; "" when there is one. */
const char *kp_evaluation_note(const kp_evaluation *e);
/* The value at stake of violation i of kp_evaluation_violations(e): the
 * part of the plan's value the broken rule puts in doubt. A rule on the
 * whole plan (hours, budget, max_key_accounts): the plan's value; a rule
 * on an account or one of its contacts: the account's value in the plan
 * (its activities and the objectives they support); a rule on an
 * activity (requires, group, max_count, not_qualified, excluded): that
 * activity's value in the plan; unknown_activity: 0. NaN when i is out of
 * range. */
double kp_evaluation_value_at_stake(const kp_evaluation *e, size_t i);
/* The explanation when the scenario is infeasible, else NULL. */
const kp_explanation *kp_evaluation_explanation(const kp_evaluation *e);

/* Writes evaluation.csv (one row per evaluation), violations.csv and
 * to_optimal.csv (the changes) into outdir, all or nothing, as
 * kp_results_write does (one result set, or the files of an open
 * kp_outset). */
int kp_evaluations_write(const kp_instance *inst, kp_evaluation *const *ev,
                         size_t n, const char *outdir, kp_diags *diags);

/* ---- Heuristics and benchmark -------------------------------------------- */

/* Plans the way a planner without an optimiser might make them (see
 * kp_heuristic_plan). */
enum kp_heuristic {
    KP_HEUR_VALUE_PER_HOUR = 0, /* best value per hour first */
    KP_HEUR_VALUE_PER_COST,     /* best value per unit of cost first */
    KP_HEUR_BIGGEST_FIRST,      /* accounts with the most sales first */
    KP_HEUR_EQUAL_HOURS,        /* the same hours for every account */
    KP_N_HEURISTICS
};

/* "value_per_hour", "value_per_cost", "biggest_first", "equal_hours". */
const char *kp_heuristic_name(int h);

/* Builds heuristic h's plan for scenario s into counts[] (one per activity,
 * file order). Every heuristic opens an account with the activities its
 * rules need (entrenched influencers, blocking opponents, min_contacts,
 * min_hours) and respects hours, budget, caps, prerequisites, alternatives
 * and max_key_accounts, so the plan meets every rule unless an account
 * forced key cannot be fitted; kp_plan_check says which rules it breaks.
 * Returns KP_OK, KP_EINVAL or KP_ENOMEM. */
int kp_heuristic_plan(const kp_instance *inst, size_t s, int h, int *counts);

/* One line of a benchmark: the optimal plan or a heuristic's. */
typedef struct kp_bench_row {
    size_t scenario;
    const char *method;         /* "optimum" or kp_heuristic_name() */
    /* The optimum's row: its solve's enum kp_result_status. A heuristic's:
     * KP_RES_FEASIBLE when its plan meets every rule, KP_RES_INFEASIBLE
     * when it breaks some (rules_broken says which), KP_RES_NO_SOLUTION
     * when the time limit or the stop flag came before its plan was
     * complete (value NaN: no figures). Every row of a scenario lost
     * outside the library: KP_RES_ERROR (kp_bench_rows_error). */
    int status;
    double value;               /* from the independent plan check; NaN: no plan */
    double share_pct;           /* 100 * value / the optimum (NaN: none) */
    double hours_used, budget_used;
    int key_accounts, activities;
    int violations;
    const char *rules_broken;   /* distinct rule codes, space-separated, in
                                   the order first broken ("" when none);
                                   released by kp_bench_rows_clear */
    double seconds;
} kp_bench_row;

/* Benchmarks scenario s: rows[0] the optimal plan (kp_solve with so; NULL:
 * defaults), rows[1 + h] heuristic h (KP_N_HEURISTICS of them), each plan
 * checked by kp_plan_check_violations. so's time limit bounds the whole
 * benchmark of the scenario: the heuristics run first, within half of it
 * at most, and the optimum's solve gets the rest; so's stop flag stops
 * both (the optimum with its best plan so far). Returns KP_OK, KP_EINVAL
 * or KP_ENOMEM. */
int kp_bench_run(const kp_instance *inst, size_t s, const kp_solve_opts *so,
                 kp_bench_row *rows, kp_diags *diags);
/* Releases the text that kp_bench_run gave rows[0..n-1] (rules_broken);
 * call it before the rows are freed or run again. The rows stay readable,
 * their rules_broken "". Rows zeroed and never run are left alone. */
void kp_bench_rows_clear(kp_bench_row *rows, size_t n);

/* Writes bench.csv for rows[0..n-1] into outdir, all or nothing, as
 * kp_results_write does. */
int kp_bench_write(const kp_instance *inst, const kp_bench_row *rows, size_t n,
                   const char *outdir, kp_diags *diags);

/* A benchmark across processes (kamplan's MPI command line; the library
 * knows nothing of MPI), as kp_batch_pack and kp_batch_unpack for a
 * batch: packs scenario s's KP_N_HEURISTICS + 1 rows (as kp_bench_run
 * made them) and the messages of its run (msgs may be NULL) into *buf
 * (malloc'd, the caller frees it) of *len bytes, this build's own
 * representation. Returns KP_OK, KP_EINVAL (s out of range, or rows not
 * of scenario s) or KP_ENOMEM. */
int kp_bench_pack(const kp_instance *inst, size_t s, const kp_bench_row *rows,
                  const kp_diags *msgs, void **buf, size_t *len);
/* Rebuilds what kp_bench_pack packed for scenario s of (a copy of) inst
 * into rows[0 .. KP_N_HEURISTICS] (release them with kp_bench_rows_clear)
 * and appends its messages to diags (may be NULL). Every figure comes back
 * bit for bit. Returns KP_OK, KP_EINVAL (not such a pack of scenario s of
 * this instance, or of another build or kind of machine: rows zeroed,
 * diags untouched) or KP_ENOMEM. */
int kp_bench_unpack(const kp_instance *inst, size_t s, const void *buf, size_t len,
                    kp_bench_row *rows, kp_diags *diags);
/* The rows of scenario s when its benchmark was lost outside the library
 * (the process that ran it died): every row status KP_RES_ERROR, no
 * figures (bench.csv says "error"). Returns KP_OK, KP_EINVAL or
 * KP_ENOMEM. */
int kp_bench_rows_error(const kp_instance *inst, size_t s, kp_bench_row *rows);

/* ---- Reasons: why the plan is what it is -------------------------------- */

/* What kp_why_run explains. */
typedef struct kp_why_opts {
    /* Per re-solve: gap_pct, cuts, method, stop; time_limit bounds all of
     * the re-solves together (those not started by then are "not_reached");
     * hint, threads and progress are the run's own. */
    kp_solve_opts solve;
    int threads;            /* re-solves at once; <= 0: omp_get_max_threads() */
    /* Activities left out that are explained: the `top` best by the value
     * of their first occurrence (default 10); < 0: all of them. */
    int top;
    /* Only this account (its row, its chosen activities and its best left
     * out), or only this activity; NULL: every account and activity. */
    const char *account;
    const char *activity;
    /* KP_WHY_ACCOUNTS, KP_WHY_ACTIVITIES or both (0: both, default). */
    int subjects;
    /* 1: no re-solve: every row's decision, opposite and reason in words
     * (the qualification, the commitments, why it cannot be key), with
     * status "" and no cost (the solve report's reasons without --why);
     * 0 (default): each opposite decision re-solved. */
    int words_only;
} kp_why_opts;

enum { KP_WHY_ACCOUNTS = 1, KP_WHY_ACTIVITIES = 2 };

void kp_why_opts_init(kp_why_opts *o);

enum kp_why_subject { KP_WHY_ACCOUNT = 0, KP_WHY_ACTIVITY = 1 };

/* One reason: an account or an activity, its decision in the base plan,
 * and the cost of the opposite decision. */
typedef struct kp_why_row {
    size_t scenario;
    int subject;            /* enum kp_why_subject */
    size_t index;           /* the account or activity (0-based, file order) */
    /* "key", "not_key" (can be key), "cannot_be_key" (does not qualify, is
     * excluded or cannot meet the rules of a key account); "chosen" or
     * "left_out" for an activity. */
    const char *decision;
    /* The decision re-solved: "drop" (a key account out, also one with
     * status=key), "make_key", "remove" (the activity's count fixed to 0),
     * "add" (count >= 1), or "" (none: cannot be key). */
    const char *opposite;
    /* The re-solve: kp_result_status_name(), "not_reached" (no time left),
     * or "" when none. */
    const char *status;
    double value;           /* the best plan with the opposite decision */
    double cost;            /* base value - value; NaN when no plan */
    double gap_pct;         /* that plan's gap (NaN: none) */
    double seconds;         /* of its re-solve */
    char *reason;           /* in words; freed by kp_why_rows_free */
} kp_why_row;

/* Explains scenario s's plan base (kp_solve's result for s with a plan)
 * as o says (NULL: not allowed): *rows (malloc'd, *n of them) are every
 * account in file order, then every chosen activity in file order, then
 * the best left out; the re-solves run on o->threads threads, each with
 * the opposite decision fixed and started from base adjusted to it.
 * Returns KP_OK, KP_EINVAL (no plan in base), KP_ENOTFOUND (an account
 * or activity of o not in the instance; diags says which) or KP_ENOMEM. */
int kp_why_run(const kp_instance *inst, size_t s, const kp_why_opts *o,
               const kp_result *base, kp_why_row **rows, size_t *n,
               kp_diags *diags);
void kp_why_rows_free(kp_why_row *rows, size_t n);

/* Writes why.csv for rows[0..n-1] into outdir, all or nothing, as
 * kp_results_write does. */
int kp_why_write(const kp_instance *inst, const kp_why_row *rows, size_t n,
                 const char *outdir, kp_diags *diags);
/* The rows as a JSON document {"why": [...]} on f. */
int kp_why_write_json(const kp_instance *inst, const kp_why_row *rows,
                      size_t n, FILE *f);

/* ---- Result sets: an output folder replaced in one step ----------------- */

/* A result set being written: the new contents of an output folder, made
 * in a fresh hidden folder beside it (".NAME.tmp-PID-N" in its parent) and
 * swapped in at once by kp_outset_commit, so that a reader of the folder
 * sees the old complete set or the new one, never a mix and never a
 * temporary file. One writer per folder: a set holds an exclusive lock
 * (flock) on ".NAME.lock" beside the folder from kp_outset_open until
 * kp_outset_free; every kp_*_write function takes it too. What the set
 * does not write is carried over from the old folder (files as hard
 * links, folders and symbolic links recreated), so a user's own files
 * stay; a name the set writes replaces the old file of that name. Killed
 * runs leave hidden folders beside the output folder; the next set opened
 * on it removes them. */
typedef struct kp_outset kp_outset;

/* What kp_outset_open does when another run holds the folder's lock. */
enum kp_lock_mode {
    KP_LOCK_FAIL = 0,   /* return KP_EBUSY at once, naming its process */
    KP_LOCK_WAIT = 1    /* wait until it is released */
};

/* Opens a result set for outdir: outdir (a symbolic link is followed) must
 * be a folder or not exist yet, in a folder that does; takes its lock
 * (lock_mode), removes what killed runs left beside it (and puts back an
 * old set a kill left aside, see kp_outset_commit), and makes the empty
 * folder that kp_outset_dir names. Returns KP_OK and *set (the caller's,
 * for kp_outset_free), or KP_EIO (diags says why), KP_EBUSY (diags names
 * the process holding the lock), KP_EINVAL or KP_ENOMEM with *set NULL. */
int kp_outset_open(const char *outdir, int lock_mode, kp_outset **set,
                   kp_diags *diags);
/* The folder to write the set's files into (owned by set); the kp_*_write
 * functions given it write there and leave the swap to kp_outset_commit. */
const char *kp_outset_dir(const kp_outset *set);
/* Where a file meant for path goes: when path lies inside the output
 * folder, *placed is the same place inside kp_outset_dir (malloc'd, the
 * caller frees it; the folders on its way made), else NULL (write path
 * itself). Returns KP_OK, KP_EIO (diags says why) or KP_ENOMEM. */
int kp_outset_place(kp_outset *set, const char *path, char **placed,
                    kp_diags *diags);
/* Makes the set the output folder, in one step: carries over what it does
 * not write, flushes it to disk, and exchanges it with the old folder
 * (renameat2 RENAME_EXCHANGE; a plain rename when there was none), then
 * removes the old one. Where the file system cannot exchange (EINVAL),
 * the old folder is renamed aside (".NAME.old-PID-N") and the new one
 * into place: for that instant the folder is missing, and a run killed
 * then leaves the old set aside, which the next kp_outset_open puts back.
 * A name the set writes that is a folder in the old one is refused.
 * Returns KP_OK, KP_EIO (diags says why; outdir is as it was) or
 * KP_ENOMEM. Call it once. */
int kp_outset_commit(kp_outset *set, kp_diags *diags);
/* Ends the set: an uncommitted one is removed (outdir as it was); the
 * lock is released. NULL: nothing. */
void kp_outset_free(kp_outset *set);

/* What a path is to a run, for kp_paths_check. */
enum kp_path_role {
    KP_PATH_IN_DIR = 0, /* a folder the run reads (the instance) */
    KP_PATH_IN_FILE,    /* a file the run reads (a plan) */
    KP_PATH_OUT_DIR,    /* an output folder, replaced as a whole */
    KP_PATH_OUT_FILE    /* a file the run writes */
};

/* One path of a run: where, its role, and its name in messages (an
 * option such as "--report", or "the instance folder"). */
typedef struct kp_path_use {
    const char *path;
    int role;
    const char *what;
} kp_path_use;

/* Checks, before any work, that no output of a run can write over one of
 * its inputs: an output file must not be an input file nor lie inside an
 * input folder; an output folder must not be an input, lie inside an
 * input folder, hold one, or be or hold the current folder (swapping it
 * would leave the process, and the shell it runs in, in a removed
 * folder). Paths are compared by what they are: symbolic links and ".."
 * resolved where they exist, and existing files by device and inode.
 * Returns KP_OK, or KP_EINVAL with a message naming both paths for each
 * clash, or KP_ENOMEM. */
int kp_paths_check(const kp_path_use *uses, size_t n, kp_diags *diags);

/* ---- Reports for people, JSON for programs -------------------------------- */

/* HTML reports: one self-contained file each (inline CSS and SVG charts, no
 * script, no network), written to a temporary name beside path and renamed
 * into place only when complete, so a failed call leaves path as it was.
 * Each returns KP_OK, KP_EIO (diags says why), KP_EINVAL or KP_ENOMEM. */

/* Checks, before the work that fills it, that a report can be written to
 * path: its folder exists and takes new files, and path is not a folder, a
 * device or another file that is not a regular one (a symbolic link to a
 * regular file is followed: the report replaces the file it points to).
 * Returns KP_OK, or KP_EIO with the reason in diags, or KP_ENOMEM. */
int kp_report_path_check(const char *path, kp_diags *diags);

/* The reasons of scenario s's plan base (kp_why_run's rows) as one HTML
 * page: the plan's figures, then every row sorted by the value at stake.
 * Returns as kp_report_solve does. */
int kp_report_why(const kp_instance *inst, size_t s, const kp_result *base,
                  const kp_why_row *rows, size_t n, const char *path,
                  kp_diags *diags);

/* kp_report_solve with the section "Why this plan" (rows of kp_why_run,
 * for the chosen scenario) right after the chosen scenario's headline. */
int kp_report_solve_why(const kp_instance *inst, kp_result *const *results,
                        const kp_batch_outcome *outcomes, size_t n, size_t chosen,
                        const kp_why_row *rows, size_t nrows, const char *path,
                        kp_diags *diags);

/* What the solve report shows beyond the results (kp_report_solve_ex). */
typedef struct kp_report_solve_opts {
    /* kp_why_run's rows for the chosen scenario (solve --why): the section
     * "Why this plan" with the exact cost of each opposite decision. NULL:
     * the section has every account's reason in words, as kp_why_run
     * makes them without re-solves (words_only), and no costs. */
    const kp_why_row *why;
    size_t nwhy;
    /* The replan the results were solved under (solve --from), or NULL:
     * then the headline shows the plan's value, its changes and their
     * cost, the frontier's table each scenario's, and a section lists
     * the chosen plan's changes (replan.csv's rows) and the rows of
     * previous (the file read; may be NULL) not counted because their
     * activities no longer exist. */
    const kp_replan *replan;
    const kp_previous *previous;
} kp_report_solve_opts;

/* No reasons of solve --why, no replan. */
void kp_report_solve_opts_init(kp_report_solve_opts *o);

/* kp_report_solve with what o adds (NULL: nothing). */
int kp_report_solve_ex(const kp_instance *inst, kp_result *const *results,
                       const kp_batch_outcome *outcomes, size_t n, size_t chosen,
                       const kp_report_solve_opts *o, const char *path,
                       kp_diags *diags);

/* The solve report: first the headline of scenario `chosen`, the base
 * scenario (value, hours and budget used, status, gap), then why each
 * account is key or not, in words (kp_report_solve_opts), the value-against-budget and value-against-
 * hours frontier over every scenario with a plan (chosen marked), hours,
 * money and value per account, the qualification verdicts, relationship
 * coverage per account (contacts engaged against min_contacts, entrenched
 * influencers and opponents engaged or not) and the plan grouped by
 * account. results, outcomes (may be NULL) and n as for kp_batch_write. */
int kp_report_solve(const kp_instance *inst, kp_result *const *results,
                    const kp_batch_outcome *outcomes, size_t n, size_t chosen,
                    const char *path, kp_diags *diags);

/* The evaluate report: for each evaluation (NULL entries skipped), the
 * plan against the optimum, each violation, and the changes to the
 * optimal plan. */
int kp_report_evaluate(const kp_instance *inst, kp_evaluation *const *ev,
                       size_t n, const char *path, kp_diags *diags);

/* The bench report: the heuristics against the optimum, per scenario
 * (rows as kp_bench_write takes them). */
int kp_report_bench(const kp_instance *inst, const kp_bench_row *rows,
                    size_t n, const char *path, kp_diags *diags);

/* JSON writers: each writes one JSON value to f (UTF-8, numbers in
 * shortest round-trip form, null for an unknown number) and returns KP_OK,
 * or KP_EIO when writing failed. The field names are the column names of
 * the CSV files the matching *_write function writes, and the values are
 * the same; README.md ("JSON output") documents them. */

/* s as a JSON string (control characters escaped); NULL: null. */
void kp_json_string(FILE *f, const char *s);
/* The diagnostics as an array of {"severity", "file", "line", "column",
 * "text", "message"} (file, column: null when unknown; line: 0). */
int kp_diags_write_json(const kp_diags *d, FILE *f);
/* Instance size: {"accounts", "contacts", "objectives", "activities",
 * "scenarios": [ids]}. */
int kp_instance_write_json(const kp_instance *inst, FILE *f);
/* The qualification of every account: an array of objects with the fields
 * of kp_qualification, criteria as an array of their own, and the
 * commitments that `qualify` prints: "commitments", an array of
 * {"commitment": "key" or "excluded", "by": "min_count", "scenarios.csv
 * key" or "scenarios.csv exclude", "activity", "scenario"} (null where it
 * does not apply), the min_count first, then each scenario's. */
int kp_qualification_write_json(const kp_instance *inst, FILE *f);
/* {"summary": [...], "plan": [...], "accounts": [...], "frontier": [...],
 * "changes": [...]}: one array per file kp_batch_write writes, one object
 * per row; an empty field is null. */
int kp_batch_write_json(const kp_instance *inst, kp_result *const *results,
                        const kp_batch_outcome *outcomes, size_t n, FILE *f);
/* replan.csv (solve --from): per scenario with a plan, one row per
 * activity whose count differs from the previous plan's,
 * scenario,account_id,activity_id,change,count_previous,count,changes
 * (change: added, dropped, more or fewer; changes: |count -
 * count_previous|), into outdir as kp_batch_write writes (a result set,
 * or into an open set's folder). */
int kp_replan_write(const kp_instance *inst, kp_result *const *results, size_t n,
                    const kp_replan *replan, const char *outdir, kp_diags *diags);
/* kp_batch_write_json with replan.csv's rows too, as "replan" (replan
 * NULL: kp_batch_write_json). */
int kp_batch_write_json_replan(const kp_instance *inst, kp_result *const *results,
                               const kp_batch_outcome *outcomes, size_t n,
                               const kp_replan *replan, FILE *f);
/* ---- Trade-off: value against changes (kamplan tradeoff) ---------------- */

/* One point of a trade-off curve: the best plan within max_changes
 * changes of the previous plan. */
typedef struct kp_tradeoff_point {
    long max_changes;   /* N */
    long changes;       /* the plan's changes (-1: no plan) */
    double value;       /* the plan's value (NaN: no plan) */
    int status;         /* enum kp_result_status */
    double gap_pct;     /* its proven gap (NaN: none) */
} kp_tradeoff_point;

/* The curve of one scenario. */
typedef struct kp_tradeoff_curve {
    size_t scenario;
    kp_tradeoff_point *points;  /* by N, increasing; malloc'd */
    size_t npoints;
    kp_tradeoff_point free_plan; /* the optimum without a change limit */
} kp_tradeoff_curve;

typedef struct kp_tradeoff_opts {
    kp_solve_opts solve;    /* each point's solve (gap, time limit, method,
                               stop); its replan and hint are set per point */
    long max_changes;       /* no point beyond this N; < 0: none (default) */
    int max_points;         /* at most this many points, >= 2 (default 41) */
} kp_tradeoff_opts;

/* Defaults: kp_solve_opts_init with gap 0, no cap, 41 points. */
void kp_tradeoff_opts_init(kp_tradeoff_opts *o);

/* The trade-off curve of scenario s against the previous counts prev (per
 * activity): first the optimum without a limit (its changes C), then
 * every N from 0 to min(C, max_changes) when those are at most
 * max_points, else max_points of them evenly spaced from 0 to that end
 * (rounded, both ends included); each point solved with --max-changes N,
 * started from the previous point's plan, so the values never decrease.
 * Once a point reaches the unconstrained optimum's value, the later ones
 * are that optimum (its status and changes) without a solve. Into *out
 * (free its points with kp_tradeoff_curve_free). Returns KP_OK,
 * KP_EINVAL or KP_ENOMEM. */
int kp_tradeoff(const kp_instance *inst, size_t s, const int *prev,
                const kp_tradeoff_opts *opts, kp_tradeoff_curve *out,
                kp_diags *diags);
void kp_tradeoff_curve_free(kp_tradeoff_curve *c);
/* tradeoff.csv, one row per point of each curve:
 * scenario,max_changes,changes,value,status,gap_pct; into outdir as
 * kp_batch_write writes. */
int kp_tradeoff_write(const kp_instance *inst, const kp_tradeoff_curve *curves,
                      size_t n, const char *outdir, kp_diags *diags);
/* {"tradeoff": [...]}. */
int kp_tradeoff_write_json(const kp_instance *inst, const kp_tradeoff_curve *curves,
                           size_t n, FILE *f);
/* The trade-off as one HTML page: per curve, value against changes as a
 * chart (both axes from zero) and a table. */
int kp_report_tradeoff(const kp_instance *inst, const kp_tradeoff_curve *curves,
                       size_t n, const char *path, kp_diags *diags);

/* {"evaluation": [...], "violations": [...], "to_optimal": [...]}. */
int kp_evaluations_write_json(const kp_instance *inst,
                              kp_evaluation *const *ev, size_t n, FILE *f);
/* {"bench": [...]}. */
int kp_bench_write_json(const kp_instance *inst, const kp_bench_row *rows,
                        size_t n, FILE *f);

/* ---- Export ------------------------------------------------------------- */

enum kp_export_format { KP_EXPORT_LP = 0, KP_EXPORT_MPS, KP_EXPORT_DAT };

/* Writes scenario s as a CPLEX LP file, a free MPS file (both with readable
 * names, in the instance's units) or MathProg data for models/kamplan.mod.
 * The LP file says "Maximize"; the MPS file minimises the negated value
 * (comment lines at its top say so), because
 * MPS readers differ on OBJSENSE: its optimum is minus kamplan's. */
int kp_export(const kp_instance *inst, size_t s, int format, const char *path,
              kp_diags *diags);
/* kp_export of the replanning model (replan NULL, or without a previous
 * plan for s: kp_export's): the change cost in the objective (with its
 * constant, so that the optimum is the replan objective) and the row
 * "changes". MathProg data (KP_EXPORT_DAT) is refused (KP_EINVAL, said in
 * diags): models/kamplan.mod does not cover replanning. */
int kp_export_replan(const kp_instance *inst, size_t s, int format, const char *path,
                     const kp_replan *replan, kp_diags *diags);

/* ---- Synthetic instances ------------------------------------------------ */

/* The most accounts kp_generate takes. Every instance it writes can be
 * read back under the default limits: a size whose files would pass
 * KP_MAX_ROWS_DEFAULT rows or whose model would pass KP_MAX_MODEL_DEFAULT
 * columns or rows (from about 325,000 accounts) is refused first. */
#define KP_GENERATE_MAX_ACCOUNTS 500000

typedef struct kp_generate_opts {
    int accounts;           /* number of accounts, 1 to KP_GENERATE_MAX_ACCOUNTS
                               (default 12) */
    unsigned long seed;     /* random seed (default 1) */
    int managers;           /* a team: managers.csv with this many managers,
                               each account fixed to one, 0 to 1000
                               (default 0: none) */
    int fixed_managers_pct; /* with managers: the share of accounts fixed
                               to a manager, 0 to 100 (default 100); the
                               others' manager_id is empty, and the
                               optimiser chooses */
    int periods;            /* periods.csv with this many periods, and
                               windows on some activities, 0 to 52
                               (default 0: none) */
} kp_generate_opts;

void kp_generate_opts_init(kp_generate_opts *o);

/* Writes a valid synthetic instance into dir (created when missing).
 * Returns KP_OK; KP_EINVAL (said in diags) for options out of range, and
 * for a size that kamplan would refuse to read under the default limits
 * (KP_MAX_ROWS_DEFAULT, KP_MAX_MODEL_DEFAULT), counted before anything is
 * written; KP_EIO; KP_ENOMEM. */
int kp_generate(const kp_generate_opts *o, const char *dir, kp_diags *diags);

#ifdef __cplusplus
}
#endif

#endif /* KAMPLAN_H */
