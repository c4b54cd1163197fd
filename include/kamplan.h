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
} kp_solve_opts;

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
