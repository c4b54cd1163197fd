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

/* result.c: 1 when r has a plan (status optimal or feasible). */
int kp__has_plan(const kp_result *r);
/* Totals of account k in result r (the numbers of accounts.csv). */
void kp__account_totals(const kp_instance *inst, const kp_result *r, size_t k,
                        double *hours, double *cost, double *value,
                        int *engaged, int *supported);

#endif /* KAMPLAN_SOLVE_H */
