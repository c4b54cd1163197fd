/*
 * model.h - the model layer: qualification, the rules, the integer
 * programme of one scenario in solver-neutral arrays, and its export as
 * MathProg data. Sits on src/io. Not installed.
 */
#ifndef KAMPLAN_MODEL_H
#define KAMPLAN_MODEL_H

#include "io/io.h"

/* load.c: kp_instance_load from memory (the fuzz target and tests):
 * data[i] and len[i] hold the bytes of file i of KP__INSTANCE_FILES
 * (accounts, contacts, objectives, activities, policy, scenarios,
 * managers: KP__NFILES of each); data[i] NULL means the file is absent.
 * Messages name the files "dir/NAME", as kp_instance_load(dir) would; dir
 * need not exist. */
int kp__instance_load_mem(const char *dir, const char *const data[KP__NFILES],
                          const size_t len[KP__NFILES], kp_instance **out,
                          kp_diags *diags);

/* qualify.c: sets qualified/eligible/criteria_met of every account, and
 * blocked_why of every eligible account that can never meet the rules of a
 * key account. Returns KP_OK or KP_ENOMEM. */
int kp__qualify(kp_instance *inst);

/* Tells whether account k can never meet the rules of a key account with
 * min_contacts contacts (too few contacts with an activity, a contact that
 * a contact rule requires without an activity, min_hours out of reach).
 * When it cannot, appends the reason (no trailing period) to why (NULL:
 * not wanted) and returns 1. */
int kp__account_blocked(const kp_instance *inst, int k, int min_contacts,
                        kp__str *why);

/* Tells whether scenario sc can never be met because of the forced key
 * accounts: the first such account cannot meet its rules (returns k + 1)
 * or more accounts are forced than max_key_accounts allows (returns -1).
 * Appends the reason, in a planner's words, to why. Returns 0 when none. */
int kp__forced_problem(const kp_instance *inst, const kp__scenario *sc,
                       kp__str *why);

/* commit.c: the status (enum kp_account_status) of account k in scenario
 * sc: the scenario's exclude, then its key, then the account's status,
 * where an auto account with an activity of min_count >= 1 is key. */
int kp__acc_status(const kp_instance *inst, const kp__scenario *sc, int k);
/* 1 when account k may be key in scenario sc: its status there is key, or
 * auto and it qualifies. */
int kp__acc_eligible(const kp_instance *inst, const kp__scenario *sc, int k);
/* 1 when account k has an activity of min_count >= 1 but is excluded in
 * scenario sc (by status=exclude or the scenario's exclude): the scenario
 * is infeasible. */
int kp__acc_conflict(const kp_instance *inst, const kp__scenario *sc, int k);
/* Appends what forces account k key in scenario sc ("status=key", "key in
 * scenario S (scenarios.csv key)", "min_count N of activity A"), or
 * nothing when nothing does; likewise what excludes it. */
void kp__forced_words(const kp_instance *inst, const kp__scenario *sc, int k,
                      kp__str *out);
void kp__excluded_words(const kp_instance *inst, const kp__scenario *sc, int k,
                        kp__str *out);
/* Appends everything that forces account k key in scenario sc, joined by
 * " and " ("scenarios.csv key of scenario S", "status=key", "min_count 1
 * of activity a32"), where
 * kp__forced_words names the first only. Returns how many there are (0:
 * nothing forces it; nothing appended). */
int kp__forced_all_words(const kp_instance *inst, const kp__scenario *sc, int k,
                         kp__str *out);

/* team.c: whether the accounts forced key (status=key) fixed to one
 * manager can never fit them in scenario sc: more than max_accounts
 * (*column 0) or more min_hours than their hours (*column 1). Appends the
 * reason, in a planner's words, to why and returns the manager + 1; 0
 * when none. With managers chosen by the optimiser, likewise for the team
 * as a whole (all forced accounts against the managers' max_accounts and
 * hours together): returns nmgr + 1. */
int kp__team_forced(const kp_instance *in, const kp__scenario *sc, int *column,
                    kp__str *why);

/* used exceeds cap (or falls short of need) beyond rounding noise: the
 * tolerance of the plan check, which the heuristics share. */
int kp__over(double used, double cap);
int kp__under(double used, double need);

/* Value of occurrence j (1-based) of activity a. */
double kp__occurrence_value(const kp__activity *a, int j);
/* Value of occurrence j (1-based) of activity a in scenario sc: as
 * kp__occurrence_value, from the scenario's value of a (a sampled
 * scenario's own, kp__activity_value). */
double kp__occurrence_value_in(const kp_instance *in, const kp__scenario *sc,
                               size_t a, int j);

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
    double *rscale;             /* per row: the power of two its
                                   coefficients and limits were multiplied
                                   by (kp__lp_scale), so that the
                                   largest coefficient lies in [64, 128); a
                                   row's activity in the instance's units
                                   is its activity here / rscale[i]. NULL
                                   until scaled (then 1 everywhere) */
    double objscale;            /* the power of two the objective was
                                   multiplied by (kp__lp_scale): a value
                                   read from a solver is in the instance's
                                   units once divided by it (1 unscaled) */
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
    char *blocked_why;          /* its reason, for the user: malloc'd,
                                   owned and freed by the kp__lp; NULL
                                   when blocked_key is 0 */
    /* Replanning (kp__lp_opts.replan; replan.c): the row "changes" (one of
     * the joining rows, before nglobal; -1 when absent), and the
     * objective's constant in the instance's units (-change_cost times
     * the previous plan's occurrences; 0 without replanning): a plan's
     * objective is obj . x / objscale + obj_const. */
    int changes_row;
    double obj_const;
    /* A team whose managers the optimiser chooses (team.c; NULL when no
     * account of the model has an empty manager_id): per account, the
     * column of u[k,m] for the first manager (u[k,m] is team_u[k] + m,
     * h[k,m] team_u[k] + M + m, c[k,m] team_u[k] + 2M + m when
     * team_budget; M managers), -1 for an account without them; cont per
     * column (all of them, the periods' after the team's), 1 for a
     * continuous column (h, c; the others are integer). */
    int *team_u;
    int team_budget;
    unsigned char *cont;
    /* Periods (periods.c; nper 0 without periods.csv): per activity the
     * column of n[a,1] (n[a,p] is pn[a] + p - 1, integer) and of s[a,1]
     * (only for an activity that another requires), -1 when absent. */
    int nper;
    int *pn, *ps;
} kp__lp;

/* Builds scenario s. with_names: give rows and columns readable names (for
 * export). Returns KP_OK or KP_ENOMEM. When a forced key account cannot
 * meet its rules the model is still built (with y fixed to 1 and its rows)
 * and blocked_key/blocked_why say why it is infeasible. */
int kp__lp_build(const kp_instance *inst, size_t s, int with_names,
                 kp__lp **out);

/* Bit of rule group `rule` (enum kp_rule) in kp__lp_opts' masks. */
#define KP__RULE_BIT(rule) (1u << (rule))

/* Decisions fixed for one solve (analysis/why.c: the cost of the
 * opposite decision). Per account (acc, NULL: none): KP__FIX_FREE, or
 * KP__FIX_KEY (key whatever its qualification, as status=key: y[k] = 1,
 * its rules hold), or KP__FIX_OUT (never key, also when status=key: no
 * variables). Per activity (lo and hi, NULL: none): its count within
 * lo[a]..hi[a]. The model keeps them (kp__lp_opts.fix) and the plan check
 * judges them (kp__plan_check_fixed). */
enum { KP__FIX_FREE = 0, KP__FIX_KEY = 1, KP__FIX_OUT = 2 };
typedef struct kp__fix {
    const unsigned char *acc;
    const int *lo, *hi;
} kp__fix;

/* Like kp_plan_check, and also against fix (NULL: none): an account fixed
 * key is key whatever the plan (its rules judged), one fixed out must have
 * no activity, each count within its range. */
int kp__plan_check_fixed(const kp_instance *inst, size_t s, const kp__fix *fix,
                         const int *counts, double *value, kp_diags *d);

/* team.c: the plan's manager of each account (mgr[k], -1: none) for
 * counts in scenario s, with the decisions of fix (NULL: none): its own
 * manager for an account fixed to one (accounts.csv manager_id), and for
 * each key account whose manager the optimiser chooses, greedily, the
 * manager with the most hours left that has room for its hours, money
 * and one more key account (largest accounts first; -1 when none has
 * room). Deterministic: the plan check (kp__plan_check_team with mgr
 * NULL) and the exact check make the same choice. Returns the key
 * accounts left without a manager, or -1 when out of memory. */
int kp__team_assign(const kp_instance *in, size_t s, const kp__fix *fix,
                    const int *counts, int *mgr);
/* The same from the key accounts key[] (per account, as the plan check
 * makes them). */
int kp__team_assign_keys(const kp_instance *in, const kp__scenario *sc,
                         const unsigned char *key, const int *counts, int *mgr);

/* Like kp__plan_check_fixed, with the plan's manager of each account
 * (mgr[k], -1: none; NULL: chosen by kp__team_assign): a key account on
 * no manager or on one other than its accounts.csv manager_id breaks
 * manager_hours, and each manager's hours, money and key accounts are
 * those of the accounts mgr puts on them. */
int kp__plan_check_team(const kp_instance *inst, size_t s, const kp__fix *fix,
                        const int *counts, const int *mgr, double *value,
                        kp_diags *d);

/* Like kp_plan_check_violations, with the plan's managers mgr (as
 * kp__plan_check_team). */
int kp__plan_check_violations_team(const kp_instance *inst, size_t s,
                                   const int *counts, const int *mgr,
                                   double *value, kp_violations *out);

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
    /* Replanning (NULL: none): with a previous plan for the scenario, the
     * change cost in the objective and the row "changes" (replan.c). */
    const kp_replan *replan;
    /* Decisions fixed (NULL: none). Then the forced accounts' problems
     * (kp__forced_problem) are left to the model's rows, and a decision
     * the model cannot take (an account fixed key without variables, a
     * count range beyond the activity's) makes it blocked (blocked_key,
     * blocked_why). */
    const kp__fix *fix;
} kp__lp_opts;

/* Like kp__lp_build, as opt says. */
int kp__lp_build_opts(const kp_instance *inst, size_t s, const kp__lp_opts *opt,
                      kp__lp **out);
void kp__lp_free(kp__lp *lp);

/* Scaling, exact because every factor is a power of two: each row of lp
 * multiplied by the power of two that brings its largest coefficient into
 * [64, 128) (rscale), and the objective by the one that brings its largest
 * coefficient into [8192, 16384) (objscale), so that GLPK and the
 * decomposition see the same, well-conditioned numbers whatever the units
 * of hours, money and value (an instance with every hours figure times 2^k
 * is built into the very same arrays). kp__lp_build_opts scales every
 * model it builds; whatever reads an objective value or a row's activity
 * back from a solver divides by the factor. Returns KP_OK or KP_ENOMEM (lp
 * unchanged). */
int kp__lp_scale(kp__lp *lp);
/* Undoes kp__lp_scale (exactly): the model in the instance's units, as the
 * LP and MPS exports write it. */
void kp__lp_unscale(kp__lp *lp);


/* ---- rules.c: the rule table ----------------------------------------------
 *
 * One entry per rule of enum kp_rule (KP_RULE_TABLE in kamplan.h), in that
 * order: everything kamplan knows about the rule. programme.c, check.c,
 * explain.c and the heuristics loop over the table; none of them names a
 * rule. README.md of this folder says how to add one. */

struct kp__build;
struct kp__check;

/* What a rule is about, which also says where its rows go in the
 * programme (row order is part of the export): the plan's totals (rows
 * first, before every account's), one key account (its rows after the
 * account's "blocked" row), one contact of a key account (after its
 * account's rows; only the first rule that requires the contact and is
 * not left out gives it a row), one activity (after its link and order
 * rows), the groups of alternatives (last), or the plan's entries as
 * written (no rows: the sets of models/kamplan.mod encode them). */
enum kp__rule_scope {
    KP__SCOPE_PLAN, KP__SCOPE_ACCOUNT, KP__SCOPE_CONTACT, KP__SCOPE_ACTIVITY,
    KP__SCOPE_GROUPS, KP__SCOPE_ENTRY
};

/* Where a rule's violations come in the plan check's walk (the order of
 * the messages is part of the output): for each activity done, its count,
 * then whether its account may be key, then its ties to other activities;
 * the plan's totals; for each key account, its totals, then each contact
 * left unengaged (only the first rule that requires it speaks), then its
 * engaged contacts counted; then the number of key accounts; last, each
 * activity with a commitment (min_count or locked), done or not. */
enum kp__check_at {
    KP__CHECK_NEVER, KP__CHECK_COUNT, KP__CHECK_PLACE, KP__CHECK_TIES,
    KP__CHECK_TOTALS, KP__CHECK_ACCOUNT, KP__CHECK_CONTACT,
    KP__CHECK_ENGAGED, KP__CHECK_PORTFOLIO, KP__CHECK_COMMIT
};

/* What a heuristic's move brings the plan to (kp__rules_keep). */
typedef struct kp__totals {
    const kp_instance *in;
    const kp__scenario *sc;
    double hours, cost;         /* the plan's, after the move */
    int nkey;                   /* key accounts after the move */
    int opens;                  /* the move makes an account key */
    double acc_hours, acc_cost; /* the account asked about, after the move */
    const double *hours_cap;    /* per account: its hours cap (max_hours,
                                   or a heuristic's tighter share);
                                   INFINITY: none */
} kp__totals;

typedef struct kp__rule {
    int code;                   /* enum kp_rule; kp_rule_name(code) */
    int scope;                  /* enum kp__rule_scope */
    /* The statement of models/kamplan.mod that states it ("s.t. NAME", or
     * "set NAME" for a rule on the plan's entries). */
    const char *mathprog;
    /* Programme: adds its rows for item i of its scope (-1 for the plan
     * and the groups; the contact for a contact rule, which is called only
     * when it requires the contact), unless kp__build_dropped says it is
     * left out. NULL: no rows. */
    void (*rows)(struct kp__build *b, int i);
    /* Programme: sets column bounds once the columns exist (NULL: none). */
    void (*bounds)(struct kp__build *b);
    /* Plan check: reports its violations by item i of its check_at stage
     * (an activity, an account, a contact, -1 for the plan). */
    int check_at;               /* enum kp__check_at */
    void (*check)(struct kp__check *c, int i);
    /* Contact rules: 1 when contact ct must be engaged in a key account. */
    int (*requires_contact)(const kp_instance *in, const kp__contact *ct);
    /* Contact rules: what such a contact is to a planner ("entrenched
     * influencer"), and why its account can never be key when no activity
     * engages it (appended to why). */
    const char *role;
    void (*unreachable)(const kp_instance *in, const kp__contact *ct,
                        kp__str *why);
    /* Explanation: 1 when the rule has something to say about account k
     * (k < 0: about the plan) of scenario sc, of the accounts not omitted
     * (omit: per account, NULL: none); then it is a group the deletion
     * filter may leave out. NULL: never a group. */
    int (*applies)(const kp_instance *in, const kp__scenario *sc, int k,
                   const unsigned char *omit);
    /* Explanation: the order groups are tried in (lowest first: the
     * explanation keeps, where it has a choice, the rules a planner can
     * act on). */
    int explain_rank;
    /* Explanation and reports: the rule, for account k (k < 0: the plan)
     * of scenario sc, in a planner's words, appended to out. */
    void (*words)(const kp_instance *in, const kp__scenario *sc, int k,
                  kp__str *out);
    /* Heuristics: 1 when a move that brings the plan to t keeps the rule
     * (k: the account t's acc_* are about, -1: the plan's totals). NULL:
     * the heuristics meet the rule by how they build moves instead. */
    int (*keeps)(const kp__totals *t, int k);
} kp__rule;

/* The entry of rule code (enum kp_rule); NULL when out of range. */
const kp__rule *kp__rule_get(int code);

/* The first contact rule (enum kp_rule) that requires contact ct to be
 * engaged in a key account, or -1. */
int kp__contact_rule(const kp_instance *in, const kp__contact *ct);

/* 1 when a heuristic's move that brings the plan to t keeps every rule
 * with a keeps test, of the plan (k < 0) or of account k. */
int kp__rules_keep(const kp__totals *t, int k);

/* ---- certify.c: answers that rounding cannot fool ------------------------ */

/* Compares every limit in hours and money of plan counts (one count per
 * activity, each 0 to 1000) for scenario s exactly, in the reals, on the
 * doubles the instance holds: the plan's hours and cost, and each key
 * account's (an account is key when forced or when it has an activity in
 * the plan) against max_hours, min_hours and max_budget, and each
 * manager's (the accounts fixed to them) against their hours and budget
 * in the scenario. Returns 1 when
 * every one holds, 0 when one is broken (each broken limit appended to why
 * when why is not NULL), -1 when a count or a figure is out of range (then
 * nothing is known). The plan check (kp_plan_check) judges the other
 * rules; this one allows no tolerance at all. */
int kp__plan_exact(const kp_instance *in, size_t s, const int *counts, kp__str *why);
/* Like kp__plan_exact, with the accounts fixed key or out by fix (NULL:
 * none) key or not whatever the plan. */
int kp__plan_exact_fixed(const kp_instance *in, size_t s, const kp__fix *fix,
                         const int *counts, kp__str *why);
/* Like kp__plan_exact_fixed, each manager's sums over the accounts that
 * mgr (per account; NULL: kp__team_assign's choice) puts on them; a key
 * account without a manager breaks it. */
int kp__plan_exact_team(const kp_instance *in, size_t s, const kp__fix *fix,
                        const int *counts, const int *mgr, kp__str *why);

/* An upper bound, valid in exact arithmetic whatever the rounding, on
 * max obj . x over lb <= x <= ub, rlo <= A x <= rhi (lp's arrays as they
 * are, so scaled rows are fine: the scaling is exact), from any row duals
 * dual[0 .. nrows-1] (a dual > 0 pairs with rhi, < 0 with rlo; one whose
 * side has no limit counts as 0): dual . side + sum over columns of
 * max over [lb, ub] of (obj - A' dual)_j x_j, each sum widened by a
 * bound on its rounding error. Returns NaN when out of memory. */
double kp__lp_safe_bound(const kp__lp *lp, const double *dual);

/* ---- replan.c: the programme's replanning terms ------------------------ */

struct kp__build;
/* The previous counts of the scenario being built, or NULL when it is not
 * replanned. */
const int *kp__replan_prev(const struct kp__build *b);
/* Objective: each x[a,j] gains change_cost when j <= previous count (done
 * before: keeping it saves a change), loses it otherwise, and obj_const
 * holds -change_cost times the previous occurrences. Call once the
 * columns exist, before scaling. */
void kp__replan_objective(struct kp__build *b);
/* The row "changes": sum over j > p of x[a,j] - sum over j <= p of
 * x[a,j] <= max_changes - P (P the previous occurrences), when
 * max_changes >= 0. Call among the plan's rows (before nglobal). */
void kp__replan_row(struct kp__build *b);

/* ---- periods.c: a horizon in periods -------------------------------------- */

/* Places plan counts of scenario s in periods, into pcounts (nact * nper,
 * a * nper + p): the activities in order of their prerequisites, each
 * occurrence in the earliest period of its window, not before its
 * prerequisites' first, with room left (hours, budget, max_per_period).
 * Returns 0 when every occurrence found room, 1 when some did not (they
 * are put in the first period they may take, so that the plan check says
 * what is broken), -1 when out of memory. With nper > 0 only. */
int kp__periods_place(const kp_instance *in, size_t s, const int *counts, int *pcounts);
/* Like kp__periods_place, but an occurrence without room is dropped from
 * counts (and every occurrence of an activity whose prerequisite then has
 * none), so that what is left is placed within every rule of periods; the
 * floors (min_count, min_hours, min_contacts) are the plan check's to
 * judge. Returns 0 when nothing was dropped, 1 when something was, -1
 * when out of memory. With nper > 0 only. */
int kp__periods_fit(const kp_instance *in, size_t s, int *counts);
/* Whether an activity committed by min_count can never be done in its
 * window because a prerequisite cannot come early enough (in words, to
 * why). Returns the activity + 1, or 0 when none. */
int kp__periods_forced(const kp_instance *in, const kp__scenario *sc, kp__str *why);
/* Like kp__plan_check_fixed, judging the period counts pcounts (NULL:
 * placed by kp__periods_place) when the instance has periods. */
int kp__plan_check_periods(const kp_instance *in, size_t s, const kp__fix *fix,
                           const int *counts, const int *pcounts, double *value,
                           kp_diags *d);
/* Like kp_plan_check_violations, judging the period counts pcounts (NULL:
 * placed by kp__periods_place) when the instance has periods. */
int kp__plan_check_violations_periods(const kp_instance *in, size_t s, const int *counts,
                                      const int *pcounts, double *value,
                                      kp_violations *out);
/* Both: the plan's managers mgr (as kp__plan_check_team) and its period
 * counts pcounts (as kp__plan_check_periods), each NULL for the plan
 * check's own choice. */
int kp__plan_check_full(const kp_instance *in, size_t s, const kp__fix *fix,
                        const int *counts, const int *mgr, const int *pcounts,
                        double *value, kp_diags *d);
int kp__plan_check_violations_full(const kp_instance *in, size_t s, const int *counts,
                                   const int *mgr, const int *pcounts, double *value,
                                   kp_violations *out);
/* certify.c: each period's hours and cost of pcounts in scenario s
 * against its limits, exactly (as kp__plan_exact). Returns 1 when every
 * one holds, 0 when one is broken (said in why), -1 when a figure is out
 * of range. 1 without periods. */
int kp__plan_exact_periods(const kp_instance *in, size_t s, const int *pcounts,
                           kp__str *why);

/* export_dat.c: MathProg data for models/kamplan.mod, scenario s. */
int kp__export_dat(const kp_instance *inst, size_t s, const char *path,
                   kp_diags *diags);

#endif /* KAMPLAN_MODEL_H */
