/*
 * model.h - the model layer: qualification, the rules, the integer
 * programme of one scenario in solver-neutral arrays, and its export as
 * MathProg data. Sits on src/io. Not installed.
 */
#ifndef KAMPLAN_MODEL_H
#define KAMPLAN_MODEL_H

#include "io/io.h"

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


/* Value of occurrence j (1-based) of activity a. */
double kp__occurrence_value(const kp__activity *a, int j);

/* ---- programme.c: the integer programme of one scenario, solver-neutral ----- */

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


/* export_dat.c: MathProg data for models/kamplan.mod, scenario s. */
int kp__export_dat(const kp_instance *inst, size_t s, const char *path,
                   kp_diags *diags);

#endif /* KAMPLAN_MODEL_H */
