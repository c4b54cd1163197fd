/*
 * rules.h - what the rule table's hooks (rules.c) work on, inside the
 * model layer only: the programme being built (build.c) and the plan being
 * checked (verdict.c). Layers above see the table through model.h.
 */
#ifndef KAMPLAN_MODEL_RULES_H
#define KAMPLAN_MODEL_RULES_H

#include "model/model.h"

/* ---- build.c: the programme being built --------------------------------- */

/* A programme under construction. Rows and columns are added in order;
 * after a failed allocation oom is set and every later addition is a
 * no-op, so builders check once at the end. */
struct kp__build {
    kp__lp *lp;
    const kp_instance *in;
    const kp__scenario *sc;
    const kp__lp_opts *o;
    int names;
    int colcap, rowcap;
    int oom;
    kp__strmap *seen;       /* names given so far (with names only) */
};

/* Starts building scenario sc of in into a new, empty kp__lp with the
 * item maps (y, x, z, w) allocated. Returns KP_OK or KP_ENOMEM (then
 * nothing is left to free). */
int kp__build_start(struct kp__build *b, const kp_instance *in,
                    const kp__scenario *sc, const kp__lp_opts *o);

/* Releases what b holds besides the lp (which the caller frees or keeps). */
void kp__build_end(struct kp__build *b);

/* Adds a binary column with objective obj and bounds lb..ub, named
 * "pfx(ID)" or "pfx(ID,j)" (j > 0); index keeps clashing names apart.
 * Returns its index, or -1 (b->oom). */
int kp__build_col(struct kp__build *b, double obj, double lb, double ub,
                  const char *pfx, const char *id, long index, int j);

/* Opens row lo <= sum <= hi named "pfx", "pfx(ID)", "pfx(ID,j)" or
 * "pfx(ID,ID2)"; kp__build_entry appends to it until the next row opens.
 * Returns its index, or -1 (b->oom). */
int kp__build_row(struct kp__build *b, double lo, double hi, const char *pfx,
                  const char *id, const char *id2, long index, int j);

/* Like kp__build_col, named "pfx(ID,ID2)". */
int kp__build_col2(struct kp__build *b, double obj, double lb, double ub,
                   const char *pfx, const char *id, const char *id2, long index);

/* Appends val * column col to the open row (nothing when col < 0 or
 * val == 0). */
void kp__build_entry(struct kp__build *b, int col, double val);

/* Appends sum_j hours(a) (or cost(a), use_cost) * x[a,j] over the
 * activities of account k. */
void kp__build_account_sum(struct kp__build *b, int k, int use_cost);

/* 1 when rule (enum kp_rule) of account k (k < 0: of the plan) is left
 * out, as b->o says. */
int kp__build_dropped(const struct kp__build *b, int k, int rule);

/* ---- verdict.c: the plan being checked ---------------------------------- */

/* Where a check's violations go: messages, structured records, or
 * neither (only counted, for callers that want the verdict fast). */
struct kp__sink {
    kp_diags *d;
    kp_violations *v;
    int bad;
    int oom;
};

/* A plan under check, with the tallies the walk of check.c has made so
 * far (each hook's comment in rules.c says which it reads). */
struct kp__check {
    const kp_instance *in;
    const kp__scenario *sc;
    const int *counts;          /* the plan: occurrences per activity */
    const int *pcounts;         /* with periods (periods.c): occurrences
                                   per activity and period, a * nper + p;
                                   NULL without */
    struct kp__sink *sink;
    unsigned char *key;         /* per account: key (forced or has an
                                   activity) */
    int *group_first;           /* per group: the first activity done, -1 */
    double hours, cost;         /* the plan's totals */
    int nkey;                   /* key accounts */
    double acc_hours, acc_cost; /* the account being checked: its totals */
    int engaged;                /* and its engaged contacts */
    const int *mgr;             /* per account: the plan's manager (-1:
                                   none); NULL without managers.csv */
};

/* Reports one violation of rule by account acc (NULL: none) about item
 * (NULL: none), amount as kp_violation documents it, with a message made
 * from fmt. */
void kp__check_report(struct kp__check *c, int rule, const char *acc,
                      const char *item, double amount, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* ---- team.c: the hooks of manager_hours, manager_budget, max_accounts --- */

/* The columns u, h (and c) of the accounts whose manager the optimiser
 * chooses, after the items' columns and before the periods' (lp->team_u);
 * kp__team_cont, once every column is built, marks h and c continuous in
 * lp->cont (sized to every column); their accounts in lp->col_acc; their
 * rows in account k's (after its rules'): sum_m u[k,m] = y[k],
 * sum_m h[k,m] = its hours, h[k,m] <= U_k u[k,m] (and c likewise). */
void kp__team_cols(struct kp__build *b);
void kp__team_cont(struct kp__build *b);
void kp__team_col_accounts(const kp_instance *in, kp__lp *lp);
void kp__team_account_rows(struct kp__build *b, int k);
void kp__team_hours_rows(struct kp__build *b, int i);
void kp__team_budget_rows(struct kp__build *b, int i);
void kp__team_accounts_rows(struct kp__build *b, int i);
void kp__team_hours_check(struct kp__check *c, int i);
void kp__team_budget_check(struct kp__check *c, int i);
void kp__team_accounts_check(struct kp__check *c, int i);
int kp__team_hours_applies(const kp_instance *in, const kp__scenario *sc, int k,
                           const unsigned char *omit);
int kp__team_budget_applies(const kp_instance *in, const kp__scenario *sc, int k,
                            const unsigned char *omit);
int kp__team_accounts_applies(const kp_instance *in, const kp__scenario *sc, int k,
                              const unsigned char *omit);
void kp__team_hours_words(const kp_instance *in, const kp__scenario *sc, int k,
                          kp__str *out);
void kp__team_budget_words(const kp_instance *in, const kp__scenario *sc, int k,
                           kp__str *out);
void kp__team_accounts_words(const kp_instance *in, const kp__scenario *sc, int k,
                             kp__str *out);

/* ---- periods.c: the hooks of period_hours, period_budget, period_window,
 * period_order ------------------------------------------------------------ */

void kp__period_hours_rows(struct kp__build *b, int i);
void kp__period_budget_rows(struct kp__build *b, int i);
void kp__period_order_rows(struct kp__build *b, int a);
void kp__period_window_bounds(struct kp__build *b);
void kp__period_hours_check(struct kp__check *c, int i);
void kp__period_budget_check(struct kp__check *c, int i);
void kp__period_window_check(struct kp__check *c, int i);
void kp__period_order_check(struct kp__check *c, int i);
int kp__period_hours_applies(const kp_instance *in, const kp__scenario *sc, int k,
                             const unsigned char *omit);
int kp__period_budget_applies(const kp_instance *in, const kp__scenario *sc, int k,
                              const unsigned char *omit);
int kp__period_window_applies(const kp_instance *in, const kp__scenario *sc, int k,
                              const unsigned char *omit);
int kp__period_order_applies(const kp_instance *in, const kp__scenario *sc, int k,
                             const unsigned char *omit);
void kp__period_hours_words(const kp_instance *in, const kp__scenario *sc, int k,
                            kp__str *out);
void kp__period_budget_words(const kp_instance *in, const kp__scenario *sc, int k,
                             kp__str *out);
void kp__period_window_words(const kp_instance *in, const kp__scenario *sc, int k,
                             kp__str *out);
void kp__period_order_words(const kp_instance *in, const kp__scenario *sc, int k,
                            kp__str *out);
/* The period columns n and s (after x, z and w; lp->nper, pn, ps set;
 * nothing without periods). Returns 0, or -1 when out of memory. */
int kp__periods_cols(struct kp__build *b);
/* The account of each period column, into lp->col_acc. */
void kp__periods_col_acc(kp__lp *lp, const kp_instance *in);
/* Activity a's defining rows: split(a), and reached(a,p) when it has s. */
void kp__periods_activity_rows(struct kp__build *b, int a);

#endif /* KAMPLAN_MODEL_RULES_H */
