/*
 * decomp.h - inside the decomposition: the blocks of a model and the plans
 * generated for them, shared by decomp.c (column generation and the
 * master) and decomp_proof.c (the proof by enumeration). Not for any other
 * file: the rest of the library calls kp__decomp_solve (solve.h).
 */
#ifndef KAMPLAN_DECOMP_H
#define KAMPLAN_DECOMP_H

#include "solve/solve.h"

/* A plan of one block: its value, the columns (of the whole model) it sets
 * to a nonzero value (with those values in kp__dw.vals where the model
 * has integer or continuous columns beyond binary ones), and its use of
 * each joining row (kp__dw.use + q * nj). */
typedef struct kp__dw_plan {
    int blk;
    int prev;               /* the block's plan before this one, -1: none */
    double value;
    int first, n;           /* its columns: cols[first .. first+n-1] */
} kp__dw_plan;

/* The model cut into blocks. A block is a set of accounts that the
 * model's own rows tie together (an account alone, unless a requires or a
 * group spans accounts); rows 0 .. nj-1 of the model (every row before
 * lp->nglobal, whatever they are) join the blocks and go to the master. */
typedef struct kp__dw {
    const kp__lp *lp;
    int nblk, nj;
    int *bstart, *bcols;    /* columns of each block (CSR) */
    int *brstart, *brows;   /* rows of each block (CSR) */
    int *local;             /* per column: its index inside its block */
    int *jstart, *jrow;     /* per column: its entries in the joining rows */
    double *jval;
    unsigned char *must;    /* per block: the empty plan breaks a rule, so
                               the block takes exactly one plan */
    unsigned char *keycol;  /* per column: an occurrence, a manager's u, or
                               an integer column in a joining row (what
                               tells two plans apart, see decomp_proof.c;
                               a continuous column never is one) */
    int valued;             /* some column is continuous or integer with
                               an upper bound above 1 (a team whose
                               managers are chosen, periods): plans keep
                               their values in vals */
    kp__dw_plan *plans;
    int nplans, capplans;
    double *use;            /* nj per plan */
    int *last;              /* per block: its latest plan, -1: none */
    int *cols;
    double *vals;           /* per entry of cols, when valued (else NULL:
                               every value is 1) */
    size_t ncols_used, capcols;
} kp__dw;

/* Cuts lp into blocks. Returns 0, or -1 when out of memory (free with
 * kp__dw_free either way). */
int kp__dw_init(kp__dw *d, const kp_instance *in, const kp__lp *lp);
void kp__dw_free(kp__dw *d);

/* The number of columns of block b. */
int kp__dw_ncols(const kp__dw *d, int b);

/* Stores block b's plan x (one value per column of the block, as a solver
 * gives it: integer columns are rounded, continuous ones kept, a value
 * within 1e-9 of 0 is 0) unless the same plan (columns and values) is
 * there already; *isnew (may be NULL) says which. Returns the plan's
 * index, or -1 when out of memory. */
int kp__dw_add_plan(kp__dw *d, int b, const double *x, int *isnew);

/* A value per column of the model: the plans of one pricing round (block
 * b's at d->bstart[b] .. + its columns), or a plan of the whole model (by
 * column). A byte a column (0 or 1) where every column is binary
 * (d->valued == 0), else a double a column (val). One is set, the other
 * NULL. */
typedef struct kp__dw_xbuf {
    unsigned char *bit;
    double *val;
} kp__dw_xbuf;

/* Room for a value per column of d, every one 0. Returns 0, or -1 when
 * out of memory (free with kp__dw_xbuf_free either way). */
int kp__dw_xbuf_init(kp__dw_xbuf *X, const kp__dw *d);
void kp__dw_xbuf_free(kp__dw_xbuf *X);

/* Sets entry i to a solver's value x: kept as it is in val, rounded in
 * bit; and reads it. */
void kp__dw_xbuf_set(kp__dw_xbuf *X, size_t i, double x);
double kp__dw_xbuf_get(const kp__dw_xbuf *X, size_t i);

/* kp__dw_add_plan with block b's plan in X. */
int kp__dw_add_plan_x(kp__dw *d, int b, const kp__dw_xbuf *X, int *isnew);

/* The value of entry e (0 .. n-1) of plan q. */
double kp__dw_plan_val(const kp__dw *d, int q, int e);

/* Whether column j of the model is continuous. */
int kp__dw_cont(const kp__dw *d, int j);

/* The reduced value of every column at multipliers lam (one per joining
 * row): obj_j - sum_r lam_r a_rj, into cost[0 .. ncols-1]. */
void kp__dw_reduced(const kp__dw *d, const double *lam, double *cost);

/* What one block's integer programme is asked: built at costs cost (whole
 * model's columns), solved within the limits. */
typedef struct kp__dw_sub {
    const kp__dw *d;
    int b;
    const double *cost;
    double time_limit;      /* seconds, <= 0: none */
    volatile const int *stop;
    int *scratch;           /* room for one row: kp__dw_ncols(d, b) ints,
                               the caller's (a GLPK failure skips frees) */
} kp__dw_sub;

/* Builds block b's programme in P (a new problem of the guarded step):
 * its columns at sub->cost, its own rows. Returns the problem. */
kp__glp *kp__dw_sub_build(const kp__dw_sub *sub);

/* The OpenMP threads for a parallel region of the decomposition: one
 * inside another parallel region (a batch's scenarios), else threads
 * (<= 0: omp_get_max_threads()), fewer where the address space cannot
 * hold their stacks (kp__threads_fit). */
int kp__dw_threads(int threads);

/* The limits of one listing: plans per block and in all, GLPK search
 * nodes per subproblem solve and in all (past any of them: -2), threads,
 * seconds (<= 0: none; past them: -3) and the stop flag (-3). */
typedef struct kp__dw_limits {
    int most;
    long total;
    long nodes, node_budget;
    int threads;
    double time_limit;
    volatile const int *stop;
} kp__dw_limits;

/* decomp_proof.c: the plans of every block whose reduced value at lam
 * (the multipliers of a Lagrangian bound, with the block optima best[b])
 * is within delta of its optimum, added to d. A plan outside that set is
 * in no plan of the whole portfolio worth more than the bound minus
 * delta. Sets *added. Returns 0, -1 (memory or GLPK failure), -2 (too
 * many plans, or a subproblem too hard) or -3 (time or stop). */
int kp__dw_enumerate(kp__dw *d, const double *lam, const double *best,
                     double delta, const kp__dw_limits *lim, long *added);

/* The state of one decomposition (decomp.c), which decomp_scale.c's
 * method for many blocks shares. */
typedef struct kp__cg {
    kp__dw d;
    const kp_instance *in;
    const kp__decomp_opts *o;
    double t0;
    double *lam;            /* prices of the joining rows */
    double *best_lam;       /* the prices of the best bound */
    double big;             /* the artificials' price */
    double best_bound, last_master;
    double *sub, *best_sub, *mu;    /* per block */
    double *cost;           /* per column: its reduced value */
    int *pick;              /* per block: the master's chosen plan */
    kp__glp_basis basis;
    kp__decomp_result *res;
} kp__cg;

/* kp__cg_price: stopped by the clock or the stop flag (not a KP_* code). */
#define KP__CG_STOPPED (-1)

/* Prices blocks only[0 .. nonly-1] (only NULL: every block) at c->lam, in
 * parallel, into c->sub and their plans in X (kp__dw_xbuf_init'ed for
 * c->d). Returns KP_OK, KP_ENOMEM, KP_ESOLVER (a subproblem failed),
 * KP_EDATA (a block that must take a plan has none) or KP__CG_STOPPED
 * (the round gives no bound). */
int kp__cg_price(kp__cg *c, const int *only, int nonly, kp__dw_xbuf *X);

/* Seconds left of the time limit (<= 0: none left; HUGE_VAL without a
 * limit), and whether the clock or the stop flag says stop. */
double kp__cg_time_left(const kp__cg *c);
int kp__cg_stopped(const kp__cg *c);

/* Tells the caller's progress function where the solve stands. */
void kp__cg_report(const kp__cg *c, const char *stage);

/* The chosen plans (c->pick) back to activity counts in c->res->counts,
 * with their managers (c->res->mgr, where the optimiser chooses some) and
 * period counts (c->res->pcounts, with periods). Returns KP_OK or
 * KP_ENOMEM. */
int kp__cg_picks_to_counts(kp__cg *c);

/* decomp_scale.c: the method for many blocks. Instead of a master LP with
 * a row per block, the Lagrangian dual over the few joining rows'
 * multipliers: a cutting-plane master over aggregated columns, rounds
 * that price only the blocks whose optimum may have moved, and a plan
 * from every block's best plan at the final prices with a small integer
 * programme over the blocks nearest a tie. Fills c->res (bound, plan,
 * counts, times). Returns KP_OK, KP_EDATA, KP_ESOLVER or KP_ENOMEM. */
int kp__cg_scale(kp__cg *c);

#endif /* KAMPLAN_DECOMP_H */
