/*
 * kamplan.h - the whole public API of libkamplan.
 *
 * kamplan plans a key account manager's limited hours and budget: it reads an
 * instance folder of CSV files (see docs in README.md and MODEL.md), decides
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
    X(KP_ENOTFOUND, 6, "not found")

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

/* ---- Instances ---------------------------------------------------------- */

typedef struct kp_instance kp_instance;

/* Reads and validates the instance folder dir. Every problem found is added
 * to diags (when not NULL); warnings do not make the load fail. Returns
 * KP_OK and *out, or KP_EDATA / KP_EIO / KP_ENOMEM with *out == NULL. */
int kp_instance_load(const char *dir, kp_instance **out, kp_diags *diags);
void kp_instance_free(kp_instance *inst);

size_t kp_instance_accounts(const kp_instance *inst);
size_t kp_instance_activities(const kp_instance *inst);
size_t kp_instance_contacts(const kp_instance *inst);
size_t kp_instance_objectives(const kp_instance *inst);
size_t kp_instance_scenarios(const kp_instance *inst);
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
    int eligible;               /* key, or auto and qualified */
    int blocked;                /* eligible, but can never meet the rules of
                                   a key account (policy min_contacts) */
    char why[256];              /* the reason when blocked */
} kp_qualification;

/* Fills *q for account i (0-based, file order). Returns KP_EINVAL when i is
 * out of range. */
int kp_instance_qualification(const kp_instance *inst, size_t i,
                              kp_qualification *q);

/* ---- Solving ------------------------------------------------------------ */

/* GLPK's cut generators, for kp_solve_opts.cuts. */
enum {
    KP_CUT_GMI = 1, KP_CUT_MIR = 2, KP_CUT_COV = 4, KP_CUT_CLQ = 8,
    KP_CUTS_DEFAULT = KP_CUT_GMI | KP_CUT_MIR
};

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
     * found so far (status feasible or no_solution). */
    volatile const int *stop;
    /* KP_METHOD_AUTO (default): column generation over per-account plans
     * where accounts are independent blocks (no requires or group spans
     * two accounts), then GLPK's branch-and-cut on the whole model, started
     * from the best plan, only where the gap is not yet reached.
     * KP_METHOD_BB: GLPK's branch-and-cut on the whole model alone. */
    int method;
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
    const char *bound_source;   /* "lagrangian", "branch-and-bound" or "" */
    double decomp_seconds;      /* column generation, all of it: */
    double pricing_seconds;     /*   account subproblems */
    double master_seconds;      /*   master LPs */
    double master_mip_seconds;  /*   the master integer programme */
    double bb_seconds;          /* GLPK branch-and-cut on the whole model */
    int rounds;                 /* pricing rounds of column generation */
    long subproblems;           /* account subproblems solved */
} kp_result_summary;

void kp_result_get_summary(const kp_result *r, kp_result_summary *sum);
/* Occurrences chosen for activity a (0-based, file order); 0 when none. */
int kp_result_count(const kp_result *r, size_t a);
/* 1 when account k (0-based, file order) is managed as a key account in
 * the plan: forced, or with an activity. */
int kp_result_key(const kp_result *r, size_t k);
/* Message explaining an error or infeasible status, or "" when none. */
const char *kp_result_message(const kp_result *r);

/* Writes summary.csv, plan.csv and accounts.csv for results[0..n-1] (one per
 * scenario, in scenario order; NULL entries are skipped) into outdir,
 * creating it when missing. Each file is written to a temporary name and
 * renamed into place only when all three are complete, so a failed call
 * leaves outdir as it was. */
int kp_results_write(const kp_instance *inst, kp_result *const *results,
                     size_t n, const char *outdir, kp_diags *diags);

/* ---- What-if batches: sweeps, parallel solving, frontier ---------------- */

/* What a sweep varies. */
enum kp_sweep_param { KP_SWEEP_HOURS = 0, KP_SWEEP_BUDGET = 1 };

/* One axis of a sweep: steps values evenly spaced from `from` to `to`
 * (both included; to < from runs downwards; steps 1 means from == to). */
typedef struct kp_sweep_axis {
    int param;          /* enum kp_sweep_param */
    double from, to;    /* >= 0 */
    int steps;          /* 1 .. KP_SWEEP_MAX_STEPS */
} kp_sweep_axis;

#define KP_SWEEP_MAX_STEPS 10000
#define KP_SWEEP_MAX_SCENARIOS 100000

/* Parses "hours=FROM:TO:STEPS" or "budget=FROM:TO:STEPS" (parameter names
 * in any case). Returns KP_OK, or KP_EINVAL with one error in diags that
 * says what is wrong, e.g. "'budget=5:1' is not PARAM=FROM:TO:STEPS". */
int kp_sweep_axis_parse(const char *spec, kp_sweep_axis *axis, kp_diags *diags);

/* Replaces the instance's scenarios with a sweep: one axis gives a line of
 * scenarios, two (one hours, one budget) a grid, the first axis outer.
 * Every other value (max_key_accounts, min_contacts, and the budget or
 * hours not swept) comes from policy.csv. Scenario ids name the values:
 * "budget=50000", "hours=400+budget=50000" (valid unquoted in CSV and in a
 * shell). A warning says when scenarios.csv's scenarios are replaced.
 * Returns KP_OK, KP_EINVAL (bad axes: diags says why) or KP_ENOMEM (the
 * instance is unchanged). No other thread may use the instance meanwhile. */
int kp_instance_sweep(kp_instance *inst, const kp_sweep_axis *axes,
                      size_t naxes, kp_diags *diags);

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
    /* 1 (default): solve every reuse_stride-th scenario first, from
     * scratch (the anchors), then start each other scenario from its
     * nearest anchor's plan, repaired to fit. The choice depends only on
     * the scenarios, so results do not depend on the thread count. */
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
    char why[160];              /* for KP_BATCH_NOT_RUN, e.g. "not run: the
                                   total time limit passed before it started" */
    long seeded_from;           /* scenario whose repaired plan was the start
                                   plan, or -1 (solved from scratch) */
    /* --marginal, per unit; NaN when not computed (marginal_note says
     * why). value_per_X = (value at X + delta - value) / delta; min and
     * max bound the exact figure using the proven bounds of both solves
     * (equal to it when both are optimal). An unlimited budget gives 0. */
    double hours_delta, value_per_hour, value_per_hour_min, value_per_hour_max;
    double budget_delta, value_per_budget, value_per_budget_min,
           value_per_budget_max;
    char marginal_note[160];
} kp_batch_outcome;

/* Solves the instance's scenarios in parallel with OpenMP: one GLPK
 * problem per solve, made, solved and freed on its thread, and
 * kp_thread_cleanup() on every thread before the parallel region ends.
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

/* Like kp_results_write, and in the same all-or-nothing way, writes
 * summary.csv, plan.csv, accounts.csv, frontier.csv and changes.csv.
 * Scenarios not run (outcomes[s].state KP_BATCH_NOT_RUN) get a summary row
 * with status no_solution. outcomes may be NULL (no marginal values). */
int kp_batch_write(const kp_instance *inst, kp_result *const *results,
                   const kp_batch_outcome *outcomes, size_t n,
                   const char *outdir, kp_diags *diags);

/* ---- Plan check (independent of the model builder) ---------------------- */

/* Checks the plan counts[a] (one per activity, file order) against every rule
 * of scenario s, reading the raw instance only. Adds one error per violation
 * to diags, stores the plan's value in *value (when not NULL) and returns
 * the number of violations. */
int kp_plan_check(const kp_instance *inst, size_t s, const int *counts,
                  double *value, kp_diags *diags);

/* ---- Export ------------------------------------------------------------- */

enum kp_export_format { KP_EXPORT_LP = 0, KP_EXPORT_MPS, KP_EXPORT_DAT };

/* Writes scenario s as a CPLEX LP file, a free MPS file (both with readable
 * names) or MathProg data for models/kamplan.mod. */
int kp_export(const kp_instance *inst, size_t s, int format, const char *path,
              kp_diags *diags);

/* ---- Synthetic instances ------------------------------------------------ */

typedef struct kp_generate_opts {
    int accounts;           /* number of accounts (default 12) */
    unsigned long seed;     /* random seed (default 1) */
} kp_generate_opts;

void kp_generate_opts_init(kp_generate_opts *o);

/* Writes a valid synthetic instance into dir (created when missing). */
int kp_generate(const kp_generate_opts *o, const char *dir, kp_diags *diags);

#ifdef __cplusplus
}
#endif

#endif /* KAMPLAN_H */
