/*
 * solve.h - the solver layer: the GLPK boundary, column generation,
 * what-if batches, plan repair and heuristics. Sits on src/model. Not
 * installed.
 */
#ifndef KAMPLAN_SOLVE_H
#define KAMPLAN_SOLVE_H

#include "model/model.h"

/* ---- glpk_feas.c: feasibility and least sums, for explain.c ------------- */

enum {
    KP__FEAS_NONE = 0,      /* no plan meets the model's rows */
    KP__FEAS_MIN = 1,       /* *value is the proven least cost */
    KP__FEAS_SOME = 2,      /* a plan exists; *value is the best found */
    KP__FEAS_UNKNOWN = 3    /* the time limit came before an answer */
};

/* Minimises cost . x (cost per column; NULL: any plan will do, value 0)
 * over the integer points of lp with GLPK, within time_limit seconds (<= 0:
 * none) and until *stop becomes non-zero (stop NULL: never), on the
 * calling thread (kp_thread_cleanup() applies). Sets *verdict (KP__FEAS_*;
 * KP__FEAS_UNKNOWN when the limit or the stop came first) and *value (NaN
 * when no plan). Returns KP_OK, KP_ENOMEM or KP_ESOLVER (GLPK failed). */
int kp__lp_minimize(const kp__lp *lp, const double *cost, double time_limit,
                    volatile const int *stop, int *verdict, double *value);

/* ---- glpk_guard.c: the one guard around GLPK ---------------------------- *
 * Every GLPK call of the library runs inside a step of kp__glpk_guard, on
 * the calling thread. */

/* Where kamplan solves an LP in slices between which it reads the clock
 * and the stop flag (glp_simplex reads only its own tm_lim and it_lim),
 * a slice is counted in simplex iterations, never in seconds: a simplex
 * restarted from its basis after a slice may take another path, so
 * slices cut by the clock would make the plan depend on the machine's
 * load (issue 18: 1 rank and 2 ranks gave different plans). A slice is
 * KP__GLP_SLICE_WORK units of work, an iteration costing about its LP's
 * nonzeros + rows + columns units (about 8 ns each measured: 3.4 ms an
 * iteration on 2,000 generated accounts' whole model, 436,655 units), so
 * about half a second: Ctrl-C must stop a solve within a second. Only a
 * user's time limit cuts a simplex by the clock (tm_lim). */
#define KP__GLP_SLICE_WORK 6e7

/* Loading a model into GLPK (glp_add_cols, glp_load_matrix) and the
 * first call of its simplex (which sets its work up before it reads its
 * own time limit) cannot be interrupted, and take about this many times
 * what kp__lp_build took for the same model (one account with 10^6
 * activities: 0.42 s to build, 1.44 s to load, a first slice of 0.5 s
 * ending after 1.2 s to 4 s; 6 to 8 times the build, idle or loaded).
 * Under a time limit the whole model is loaded only when the time left
 * is more than twice this estimate, a block of the decomposition when it
 * is more than three times its share: else the load and the first slice
 * would take the time, and the LP would not be solved in what is left. */
#define KP__GLP_LOAD_PACE 8.0

/* A piece of work that calls GLPK; returns a KP_* status. */
typedef int (*kp__glpk_step)(void *arg);

/* Runs step(arg) on the calling thread with GLPK's error hook set and its
 * terminal output captured (and printed too when echo), then removes the
 * hooks. Returns step's status, KP_ENOMEM (also when GLPK could not
 * allocate memory), or KP_ESOLVER when GLPK raised another fatal error
 * (misuse): GLPK's message line is then appended to err (when not NULL).
 * After either failure every GLPK object of the thread is
 * gone (glp_free_env), so no GLPK object may outlive the step that made
 * it. A step must keep whatever it allocates outside GLPK where its
 * caller can free it (in arg): a GLPK failure does not return into the
 * step. Guards do not nest. */
int kp__glpk_guard(kp__glpk_step step, void *arg, int echo, kp__str *err);

/* Inside a step: appends the last line GLPK printed (its message after a
 * failed write, say) to out. */
void kp__glpk_message(kp__str *out);

/* ---- glpk_lp.c: loading, building, solving and reading problems ---------- *
 * All of it inside a kp__glpk_guard step, on the thread that made the
 * problem. Indices of rows and columns are 0-based. */

/* Loads lp into a new GLPK problem, maximising lp's objective (names when
 * lp has them; name may be NULL). The caller owns the problem and deletes
 * it (kp__glp_free) in the same step. */
struct glp_prob *kp__lp_to_glpk(const kp__lp *lp, const char *name);

/* A GLPK problem (built here, or loaded by kp__lp_to_glpk). */
typedef struct glp_prob kp__glp;

/* An empty problem that maximises (or minimises) its objective; the
 * caller frees it with kp__glp_free (NULL: no-op) in the same step. */
kp__glp *kp__glp_new(int maximize);
void kp__glp_free(kp__glp *P);
/* Adds a row lo <= sum <= hi (-HUGE_VAL, HUGE_VAL: no bound) with the n
 * coefficients vals in columns cols; returns its index. Rows of any kind
 * are added this way, before or after the columns they touch. */
int kp__glp_add_row(kp__glp *P, double lo, double hi, int n, const int *cols,
                    const double *vals);
/* Adds a column lo <= x <= hi (integer when integer) with objective
 * coefficient obj and the n coefficients vals in rows rows; returns its
 * index. */
int kp__glp_add_col(kp__glp *P, double lo, double hi, double obj, int integer,
                    int n, const int *rows, const double *vals);
int kp__glp_rows(const kp__glp *P);
int kp__glp_cols(const kp__glp *P);

/* A simplex basis kept between problems that share their rows and first
 * columns (the master of one round and of the next). Start zeroed; the
 * caller owns it and frees it with kp__glp_basis_free. */
typedef struct kp__glp_basis {
    int *row, *col;         /* GLPK's status of each row and column */
    int nrows, ncols;
} kp__glp_basis;
/* Keeps P's current basis in b (b keeps the one before when out of
 * memory). */
void kp__glp_basis_keep(const kp__glp *P, kp__glp_basis *b);
/* Starts P from b when b fits (same rows, no more columns: the new columns
 * start non-basic at their lower bound), else from GLPK's advanced basis. */
void kp__glp_basis_start(kp__glp *P, const kp__glp_basis *b);
/* Resets P to the standard basis (every row basic). */
void kp__glp_basis_standard(kp__glp *P);
void kp__glp_basis_free(kp__glp_basis *b);

/* What a solve ended with. */
enum {
    KP__GLP_OPTIMAL = 0,    /* proven optimal */
    KP__GLP_FEASIBLE,       /* a solution, not proven optimal */
    KP__GLP_INFEASIBLE,     /* no solution exists */
    KP__GLP_STOPPED,        /* time limit or stop before an answer */
    KP__GLP_SLICE,          /* simplex: the iteration slice ran out */
    KP__GLP_FAILED          /* anything else */
};

/* Solves P's LP relaxation by the simplex method from its current basis,
 * for at most it_lim iterations and time_limit seconds (<= 0: none),
 * printing GLPK's log when verbose. Returns KP__GLP_OPTIMAL, _SLICE,
 * _STOPPED (the time ran out) or _FAILED (infeasible, unbounded, or a
 * numerical failure). */
int kp__glp_simplex(kp__glp *P, int it_lim, double time_limit, int verbose);
/* The iteration limit of one slice of P's simplex (KP__GLP_SLICE_WORK):
 * a function of P's size alone, at least 20. */
int kp__glp_slice_its(const kp__glp *P);
/* The simplex from P's current basis in slices of kp__glp_slice_its
 * iterations, reading the stop flag (NULL: none) between them, as GLPK's
 * presolver and root LP do not, and within time_limit seconds (<= 0:
 * none; the only clock that cuts it). Returns
 * KP__GLP_OPTIMAL, _STOPPED or _FAILED (infeasible, unbounded, or a
 * numerical failure). */
int kp__glp_simplex_sliced(kp__glp *P, double time_limit, volatile const int *stop);
/* After an optimal simplex: the objective and the dual of row i. */
double kp__glp_lp_obj(const kp__glp *P);
double kp__glp_row_dual(const kp__glp *P, int i);
/* The value of column j in the last simplex solution. */
double kp__glp_lp_col(const kp__glp *P, int j);

/* Branch-and-cut settings; kp__glp_mip_opts_init gives the defaults. */
typedef struct kp__glp_mip_opts {
    double gap;             /* relative gap at which to stop (default 0) */
    double time_limit;      /* seconds, <= 0: none (default) */
    int cuts;               /* KP_CUT_* mask (default 0) */
    int presolve;           /* 1 (default): GLPK's MIP presolver */
    volatile const int *stop;   /* stops the search when *stop (default NULL) */
    const double *start;    /* a solution to start from, start[1 .. ncols]
                               (1-based, as GLPK's), used only without
                               presolve (default NULL) */
    long node_limit;        /* stop (as by the time limit) once the search
                               tree has this many nodes: a limit on work
                               that, unlike time, gives the same answer on
                               any machine (<= 0: none; default) */
    long *nodes_used;       /* when not NULL, the nodes of the search tree
                               are added to it (default NULL) */
} kp__glp_mip_opts;
void kp__glp_mip_opts_init(kp__glp_mip_opts *o);
/* Solves P as an integer programme. Returns kp__glp_mip_answer. */
int kp__glp_intopt(kp__glp *P, const kp__glp_mip_opts *o);
/* The answer of glp_intopt's return code ret and P's MIP status:
 * KP__GLP_OPTIMAL (ret 0 and proven), _FEASIBLE (a solution otherwise),
 * _INFEASIBLE, _STOPPED (time limit or stop, no solution) or _FAILED. */
int kp__glp_mip_answer(const kp__glp *P, int ret);
/* With a solution: its objective and the value of column j. */
double kp__glp_mip_obj(const kp__glp *P);
double kp__glp_mip_col(const kp__glp *P, int j);

/* ---- decomp.c: column generation over block plans ---------------------- */

/* What kp__decomp_solve is asked; kp__decomp_opts_init gives defaults. */
typedef struct kp__decomp_opts {
    double gap;             /* relative (0.0001 = 0.01%; default) */
    double time_limit;      /* seconds, <= 0: none (default) */
    volatile const int *stop;   /* as in kp_solve_opts (default NULL) */
    const int *hint;        /* a plan already checked against every rule,
                               whose block plans seed the master (NULL) */
    int threads;            /* OpenMP threads, <= 0: omp_get_max_threads() */
    int enum_most;          /* the proof gives up past this many plans of
                               one block (default 100) */
    kp_solve_progress_fn progress;  /* as in kp_solve_opts (NULL) */
    void *progress_info;
    size_t scenario;        /* for progress */
    int scale_blocks;       /* from this many blocks on, and with a gap,
                               decomp_scale.c's method (default 5000;
                               the environment's KP_SCALE_BLOCKS, for
                               tests, overrides it) */
    double load_s;          /* about the seconds loading the whole model
                               into GLPK and starting its simplex take
                               (KP__GLP_LOAD_PACE times its build); under
                               a time limit a block is not priced when
                               its share of that is more than a third of
                               the time left (0: always priced) */
} kp__decomp_opts;
void kp__decomp_opts_init(kp__decomp_opts *o);

typedef struct kp__decomp_result {
    double bound;           /* proven upper bound (NaN: none), in the
                               instance's units (the model's objective is
                               scaled: kp__lp_scale) */
    int bound_proof;        /* 1: the bound comes from the proof by
                               enumeration, 0: the Lagrangian bound */
    double value;           /* value of the plan in counts (NaN: none),
                               in the instance's units too */
    int *counts;            /* per activity, malloc'd; NULL when no plan */
    int *mgr;               /* the plan's manager per account (-1: none),
                               malloc'd, where the optimiser chooses
                               managers (kp__team_chooses); else NULL */
    int *pcounts;           /* with periods: the plan's count per
                               activity and period (nact x nper, by
                               activity), malloc'd; else NULL */
    int rounds, plans, blocks;  /* pricing rounds, plans generated, blocks */
    long subproblems;       /* block subproblems solved */
    long enumerated;        /* plans listed by the proof */
    double pricing_s, master_s, master_mip_s, proof_s;  /* time per stage */
} kp__decomp_result;

/* Solves lp by column generation over block plans (accounts, or accounts
 * tied together by a requires or group that spans them; decomp.c says
 * how): a proven bound and, from the master integer programme over the
 * plans generated, a plan that meets every rule; when that plan is not
 * within the gap, a proof by enumeration closes it. A model that is one
 * block is left alone (res->blocks 1, no bound, no plan). Returns KP_OK (res
 * filled), KP_EDATA when a block that must take a plan (a forced account)
 * has none, KP_ESOLVER or KP_ENOMEM; whatever it returns, the caller frees
 * res->counts, res->mgr and res->pcounts. */
int kp__decomp_solve(const kp_instance *inst, const kp__lp *lp,
                     const kp__decomp_opts *o, kp__decomp_result *res);

/* ---- closure.c: a heuristic move's sums, without walking it ------------ */

enum {
    KP__CLOSURE_OK,     /* the sums below are the closure's */
    KP__CLOSURE_WALK,   /* they would not add up: walk the closure */
    KP__CLOSURE_FAILS   /* a member can never be added: the move fails */
};

/* The closure of the first occurrence of an activity (it and the
 * prerequisites the plan and the tentative moves lack, transitively):
 * its number of activities, value (first occurrences), hours and cost,
 * and those of each of its accounts (at most two). */
typedef struct kp__closure_sums {
    int kind;
    int tree;       /* every activity in it but the first is required by
                       one activity only (closure.c) */
    int size;
    double value, hours, cost;
    int nacc;
    int acc[2];
    double acc_hours[2], acc_cost[2];
} kp__closure_sums;

/* The sums per activity of one epoch: the plan, the tentative moves and
 * the account being opened as they were when they were made. The arrays
 * are the heuristic's (heuristics.c), read, never written. */
typedef struct kp__closure {
    const kp_instance *in;
    const kp__scenario *sc;         /* the scenario (set by the heuristic) */
    const int *counts, *tn;         /* plan and tentative occurrences */
    const unsigned char *key, *obj_on;
    const int *dep_start;           /* dependants per activity (CSR) */
    kp__closure_sums *sums;
    unsigned *at;                   /* the epoch of sums[a]; 0: never */
    unsigned epoch;
    int opening;
    int *stack;                     /* the pass's (activity, next) pairs */
    size_t cap;
} kp__closure;

/* Sets c up over the heuristic's arrays. Returns 0, or -1 when out of
 * memory (then kp__closure_free). */
int kp__closure_init(kp__closure *c, const kp_instance *in, const int *counts,
                     const int *tn, const unsigned char *key, const unsigned char *obj_on,
                     const int *dep_start);
void kp__closure_free(kp__closure *c);

/* The plan or the tentative moves changed: every sum is stale. */
void kp__closure_touch(kp__closure *c);

/* The sums of activity a's closure (a must be lacking: neither in the
 * plan nor tentative), with account `opening` (-1: none) taken as key;
 * made once per epoch for a and every activity of its closure, so that
 * rating every move along a chain costs time linear in its length.
 * Returns a pointer into c (valid until the next call), or NULL when out
 * of memory. */
const kp__closure_sums *kp__closure_get(kp__closure *c, int a, int opening);

/* ---- heuristics.c: plans made by habit, under limits -------------------- */

/* kp_heuristic_plan(inst, s, h, counts) that also stops adding to the plan
 * once kp__now() passes deadline (<= 0: none) or *stop becomes non-zero
 * (stop NULL: none). Sets *cut to 1 when it stopped so (counts[] then
 * holds the plan made so far, which meets the rules as far as the plan
 * check says), else 0. Returns as kp_heuristic_plan. */
int kp__heuristic_plan_until(const kp_instance *inst, size_t s, int h, int *counts,
                             double deadline, volatile const int *stop, int *cut);

/* The best plan of the heuristics for scenario s that meets every rule
 * (kp_plan_check), value_per_hour first, the others while the deadline
 * and the stop flag (as above) allow, into counts[] (one per activity).
 * Returns 1 when there is one, 0 when none (counts[] then unusable) or
 * out of memory. */
int kp__heuristic_best(const kp_instance *inst, size_t s, double deadline,
                       volatile const int *stop, int *counts);

/* ---- batch.c, repair.c: what-if batches ------------------------------- *
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

/* A plan that passes kp_plan_check for scenario s but breaks a limit in
 * hours or money when summed exactly (kp__plan_exact): drops single
 * occurrences from counts[], each time the one worth least whose removal
 * keeps the plan check passing, at most 8, until the exact check passes.
 * Returns 0 when counts[] then passes both (a plan that already did is
 * left alone), -1 otherwise (counts[] is then unusable). */
int kp__plan_trim_exact(const kp_instance *in, size_t s, int *counts);

/* A result (kamplan.h's opaque kp_result): glpk_solve.c fills it, pack.c
 * copies it into bytes and back. Every pointer is owned by the result. */
struct kp_result {
    kp_result_summary sum;  /* bound_source: a static string */
    size_t nact, nacc;
    int *counts;            /* per activity */
    int *pcounts;           /* with periods (nper > 0): per activity and
                               period, a * nper + p; NULL without */
    size_t nper;
    unsigned char *key;     /* per account */
    int *mgr;               /* per account: the plan's manager (-1: none),
                               when some manager is chosen by the
                               optimiser (kp__team_chooses); else NULL */
    kp__str msg;            /* kp_result_message */
    char *note;             /* kp__result_attach_note, or NULL */
    double *marg;           /* --marginal per manager, then per period
                               (batch.c): 4 figures each, as in
                               kp_batch_outcome.manager_marginal; NULL */
    size_t nmarg;           /* managers + periods in marg (0: none) */
};

/* glpk_solve.c: kp_solve with the decisions of fix (NULL: none) kept by
 * the model (kp__lp_opts.fix) and judged, with every rule, by the plan
 * check of each plan before it leaves (kp__plan_check_fixed): the hint, the
 * decomposition's, the heuristics' and the repaired plans that break a
 * decision are not used. A decision the model cannot take makes the
 * result infeasible with the reason. */
int kp__solve_fixed(const kp_instance *inst, size_t s, const kp_solve_opts *opts,
                    const kp__fix *fix, kp_result **out, kp_diags *diags);

/* glpk_solve.c: a new result for inst's scenarios: no plan (every count
 * 0), objective, bound and gap NaN, status 0 (the caller sets it). NULL
 * when out of memory; the caller frees it with kp_result_free. */
kp_result *kp__result_new(const kp_instance *inst);

/* glpk_solve.c: hands the text of note over to r, which keeps it until
 * kp_result_free (replacing a note attached before); note is empty
 * afterwards. Returns the text, or "" when note was empty or out of
 * memory: what kp_batch_outcome.marginal_note points to. */
const char *kp__result_attach_note(kp_result *r, kp__str *note);

/* batch.c: points outcome c's manager_marginal and period_marginal into
 * r's figures (kp_result.marg), when r has them for in's managers and
 * periods; leaves c as it is otherwise. */
void kp__batch_marginal_view(const kp_instance *in, const kp_result *r,
                             kp_batch_outcome *c);

/* batch.c: the batch's own static text equal to why (a
 * kp_batch_outcome.why: "" or a reason a scenario was not run), or NULL
 * when it is none of them. */
const char *kp__batch_why(const char *why);

/* result.c: the manager (managers.csv row) holding account k in plan r,
 * -1 when none: its accounts.csv manager_id, else the plan's choice. */
int kp__result_manager(const kp_instance *inst, const kp_result *r, size_t k);

/* result.c: 1 when r has a plan (status optimal or feasible). */
int kp__has_plan(const kp_result *r);
/* result.c: 1 when account k is key in plan r of scenario s: forced
 * there (status=key, the scenario's key, a min_count commitment; not when
 * the scenario excludes it) or with an activity in r. */
int kp__account_is_key(const kp_instance *inst, size_t s, const kp_result *r,
                       size_t k);
/* Totals of account k in result r (the numbers of accounts.csv). */
void kp__account_totals(const kp_instance *inst, const kp_result *r, size_t k,
                        double *hours, double *cost, double *value,
                        int *engaged, int *supported);

#endif /* KAMPLAN_SOLVE_H */
