/*
 * team.c - the rules of a team of managers (issue 15, managers.csv): the
 * hooks of the rule table's entries manager_hours, manager_budget and
 * max_accounts (rules.c), and what makes a scenario of a team infeasible
 * before any solve, in a planner's words.
 *
 * An account fixed to a manager (accounts.csv's manager_id) charges its
 * hours, money and key-account slot to that manager: each rule is one
 * joining row per manager over those accounts' x and y (before
 * lp->nglobal, so the decomposition's master carries them like the
 * plan's hours). An account with an empty manager_id gets its manager
 * from the optimiser (models/README.md): binary u[k,m] (k held by m),
 * continuous h[k,m] and c[k,m] (its hours and money charged to m), tied to
 * the account by its own rows, and the manager's rows sum them.
 *
 * A plan carries its managers (per account, kp_result's mgr); a plan
 * made without them (the heuristics, repair, a hint) gets them from
 * kp__team_assign, greedily, and the plan check judges what it chose.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/rules.h"

/* The limit of manager m under rule (HUGE_VAL: none). */
static double limit(const kp_instance *in, const kp__scenario *sc, int rule, size_t m)
{
    double v;
    switch (rule) {
    case KP_RULE_MANAGER_HOURS:
        return kp__manager_hours(in, sc, m);
    case KP_RULE_MANAGER_BUDGET:
        v = kp__manager_budget(in, sc, m);
        return kp__isset(v) ? v : HUGE_VAL;
    default:
        return in->mgr[m].max_accounts >= 0 ? in->mgr[m].max_accounts : HUGE_VAL;
    }
}

static const char *row_name(int rule)
{
    return rule == KP_RULE_MANAGER_HOURS ? "mgr_hours"
         : rule == KP_RULE_MANAGER_BUDGET ? "mgr_budget" : "mgr_accounts";
}

/* The column of manager m's u (rule max_accounts), h (manager_hours) or
 * c (manager_budget) of account k, whose manager the optimiser chooses;
 * -1 when k has none. */
static int team_col(const kp_instance *in, const kp__lp *lp, int rule, size_t k, size_t m)
{
    int u = lp->team_u ? lp->team_u[k] : -1, M = (int)in->nmgr;
    if (u < 0)
        return -1;
    return rule == KP_RULE_MAX_ACCOUNTS ? u + (int)m
         : rule == KP_RULE_MANAGER_HOURS ? u + M + (int)m
         : lp->team_budget ? u + 2 * M + (int)m : -1;
}

/* Each manager's row of rule, over the accounts fixed to them that have
 * a y and the columns of the accounts whose manager is chosen; none for
 * a manager without such an account or without the limit. */
static void team_rows(struct kp__build *b, int rule)
{
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;
    for (size_t m = 0; m < in->nmgr; m++) {
        double cap = limit(in, b->sc, rule, m);
        int open = 0;
        if (cap == HUGE_VAL)
            continue;
        for (size_t k = 0; k < in->nacc; k++) {
            int col = team_col(in, lp, rule, k, m);
            if (col < 0 && (in->acc[k].manager != (int)m || lp->y[k] < 0))
                continue;
            if (!open)
                kp__build_row(b, -HUGE_VAL, kp__build_dropped(b, -1, rule) ? HUGE_VAL : cap,
                              row_name(rule), in->mgr[m].id, NULL, (long)m, 0);
            open = 1;
            if (col >= 0)
                kp__build_entry(b, col, 1);
            else if (rule == KP_RULE_MAX_ACCOUNTS)
                kp__build_entry(b, lp->y[k], 1);
            else
                kp__build_account_sum(b, (int)k, rule == KP_RULE_MANAGER_BUDGET);
        }
    }
}

/* U_k (hours) or V_k (money, use_cost): a bound on account k's sum, its
 * max_hours (max_budget) when below the sum over its activities of
 * hours (cost) times max_count. */
static double account_cap(const kp_instance *in, int k, int use_cost)
{
    double sum = 0, cap = use_cost ? in->acc[k].max_budget : in->acc[k].max_hours;
    for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
        const kp__activity *a = &in->act[in->act_idx[i]];
        sum += (use_cost ? a->cost : a->hours) * a->max_count;
    }
    return kp__isset(cap) && cap < sum ? cap : sum;
}

/* rules.h. */
void kp__team_cols(struct kp__build *b)
{
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;
    int any = 0;
    if (!kp__team_chooses(in) || b->oom)
        return;
    lp->team_u = malloc((in->nacc + 1) * sizeof *lp->team_u);
    if (!lp->team_u) {
        b->oom = 1;
        return;
    }
    lp->team_budget = kp__team_has_budget(in);
    for (size_t k = 0; k < in->nacc; k++) {
        const char *id = in->acc[k].id;
        lp->team_u[k] = -1;
        if (in->acc[k].manager >= 0 || lp->y[k] < 0)
            continue;
        lp->team_u[k] = lp->ncols;
        any = 1;
        for (size_t m = 0; m < in->nmgr; m++)
            kp__build_col2(b, 0, 0, 1, "u", id, in->mgr[m].id, (long)k);
        for (size_t m = 0; m < in->nmgr; m++)
            kp__build_col2(b, 0, 0, account_cap(in, (int)k, 0), "h", id,
                           in->mgr[m].id, (long)k);
        for (size_t m = 0; lp->team_budget && m < in->nmgr; m++)
            kp__build_col2(b, 0, 0, account_cap(in, (int)k, 1), "c", id,
                           in->mgr[m].id, (long)k);
    }
    if (!any) {
        free(lp->team_u);
        lp->team_u = NULL;
    }
}

/* rules.h. */
void kp__team_cont(struct kp__build *b)
{
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;
    if (!lp->team_u || b->oom)
        return;
    /* Sized to every column, the period columns after the team's
     * included: the GLPK loader reads cont[j] for each. */
    if (!(lp->cont = calloc((size_t)lp->ncols + 1, 1))) {
        b->oom = 1;
        return;
    }
    /* Each account's block: u first (binary), then h and c. */
    for (size_t k = 0; k < in->nacc; k++)
        for (int j = (int)in->nmgr; lp->team_u[k] >= 0 &&
                                     j < (2 + lp->team_budget) * (int)in->nmgr; j++)
            lp->cont[lp->team_u[k] + j] = 1;
}

/* rules.h. */
void kp__team_col_accounts(const kp_instance *in, kp__lp *lp)
{
    int n = (2 + lp->team_budget) * (int)in->nmgr;
    for (size_t k = 0; lp->team_u && k < in->nacc; k++)
        for (int j = 0; lp->team_u[k] >= 0 && j < n; j++)
            lp->col_acc[lp->team_u[k] + j] = (int)k;
}

/* rules.h. */
void kp__team_account_rows(struct kp__build *b, int k)
{
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;
    const char *id = in->acc[k].id;
    int u = lp->team_u ? lp->team_u[k] : -1, M = (int)in->nmgr;
    if (u < 0)
        return;
    kp__build_row(b, 0, 0, "mgr_assign", id, NULL, k, 0);
    for (int m = 0; m < M; m++)
        kp__build_entry(b, u + m, 1);
    kp__build_entry(b, lp->y[k], -1);
    for (int use_cost = 0; use_cost <= lp->team_budget; use_cost++) {
        int h = u + (1 + use_cost) * M;
        double cap = account_cap(in, k, use_cost);
        kp__build_row(b, 0, 0, use_cost ? "mgr_cost_of" : "mgr_hours_of", id, NULL, k, 0);
        kp__build_account_sum(b, k, use_cost);
        for (int m = 0; m < M; m++)
            kp__build_entry(b, h + m, -1);
        for (int m = 0; m < M; m++) {
            kp__build_row(b, -HUGE_VAL, 0, use_cost ? "mgr_cost_cap" : "mgr_hours_cap",
                          id, in->mgr[m].id, k, 0);
            kp__build_entry(b, h + m, 1);
            kp__build_entry(b, u + m, -cap);
        }
    }
}

void kp__team_hours_rows(struct kp__build *b, int i)
{
    (void)i;
    team_rows(b, KP_RULE_MANAGER_HOURS);
}

void kp__team_budget_rows(struct kp__build *b, int i)
{
    (void)i;
    team_rows(b, KP_RULE_MANAGER_BUDGET);
}

void kp__team_accounts_rows(struct kp__build *b, int i)
{
    (void)i;
    team_rows(b, KP_RULE_MAX_ACCOUNTS);
}

/* Manager m's use under rule in the plan under check: hours, cost or key
 * accounts of the accounts the plan puts on them. */
static double used(const struct kp__check *c, int rule, size_t m)
{
    const kp_instance *in = c->in;
    double u = 0;
    for (size_t k = 0; k < in->nacc; k++) {
        if (c->mgr[k] != (int)m || !c->key[k])
            continue;
        if (rule == KP_RULE_MAX_ACCOUNTS) {
            u += 1;
            continue;
        }
        for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
            int a = in->act_idx[i];
            if (c->counts[a] > 0)
                u += c->counts[a] * (rule == KP_RULE_MANAGER_HOURS ? in->act[a].hours
                                                                   : in->act[a].cost);
        }
    }
    return u;
}

/* Reports each manager over its limit under rule. */
static void team_check(struct kp__check *c, int rule)
{
    const kp_instance *in = c->in;
    for (size_t m = 0; m < in->nmgr; m++) {
        double cap = limit(in, c->sc, rule, m), u;
        if (cap == HUGE_VAL)
            continue;
        u = used(c, rule, m);
        if (rule == KP_RULE_MAX_ACCOUNTS ? u > cap : kp__over(u, cap))
            kp__check_report(c, rule, NULL, in->mgr[m].id, u - cap,
                             rule == KP_RULE_MAX_ACCOUNTS
                             ? "manager %s: %.10g key accounts, max_accounts is %.10g"
                             : rule == KP_RULE_MANAGER_HOURS
                             ? "manager %s: %.10g hours planned, %.10g available"
                             : "manager %s: %.10g budget planned, %.10g available",
                             in->mgr[m].id, u, cap);
    }
}

/* Each key account on no manager, or on one other than its own. */
static void holders_check(struct kp__check *c)
{
    const kp_instance *in = c->in;
    for (size_t k = 0; c->mgr && k < in->nacc; k++) {
        const kp__account *a = &in->acc[k];
        int m = c->mgr[k];
        if (!c->key[k] || (m >= 0 && (size_t)m < in->nmgr && (a->manager < 0 || m == a->manager)))
            continue;
        if (a->manager >= 0)
            kp__check_report(c, KP_RULE_MANAGER_HOURS, a->id, NULL, 1,
                             "account %s is fixed to manager %s (accounts.csv "
                             "manager_id), but the plan puts it on %s", a->id,
                             in->mgr[a->manager].id,
                             m >= 0 && (size_t)m < in->nmgr ? in->mgr[m].id : "none");
        else
            kp__check_report(c, KP_RULE_MANAGER_HOURS, a->id, NULL, 1,
                             "key account %s has no manager: its manager_id is "
                             "empty (the optimiser chooses), and the plan puts it "
                             "on none that has room", a->id);
    }
}

void kp__team_hours_check(struct kp__check *c, int i)
{
    (void)i;
    holders_check(c);
    team_check(c, KP_RULE_MANAGER_HOURS);
}

void kp__team_budget_check(struct kp__check *c, int i)
{
    (void)i;
    team_check(c, KP_RULE_MANAGER_BUDGET);
}

void kp__team_accounts_check(struct kp__check *c, int i)
{
    (void)i;
    team_check(c, KP_RULE_MAX_ACCOUNTS);
}

/* Whether some manager has a limit under rule. */
static int any_limit(const kp_instance *in, const kp__scenario *sc, int rule)
{
    for (size_t m = 0; m < in->nmgr; m++)
        if (limit(in, sc, rule, m) != HUGE_VAL)
            return 1;
    return 0;
}

int kp__team_hours_applies(const kp_instance *in, const kp__scenario *sc, int k,
                           const unsigned char *omit)
{
    (void)omit;
    return k < 0 && any_limit(in, sc, KP_RULE_MANAGER_HOURS);
}

int kp__team_budget_applies(const kp_instance *in, const kp__scenario *sc, int k,
                            const unsigned char *omit)
{
    (void)omit;
    return k < 0 && any_limit(in, sc, KP_RULE_MANAGER_BUDGET);
}

int kp__team_accounts_applies(const kp_instance *in, const kp__scenario *sc, int k,
                              const unsigned char *omit)
{
    (void)omit;
    return k < 0 && any_limit(in, sc, KP_RULE_MAX_ACCOUNTS);
}

/* "each manager's WHAT (managers.csv COLUMN: M1 100, M2 80)". */
static void team_words(const kp_instance *in, const kp__scenario *sc, int rule,
                       kp__str *out)
{
    const char *sep = "";
    kp__str_addf(out, "each manager's %s (managers.csv %s:",
                 rule == KP_RULE_MANAGER_HOURS ? "hours"
                 : rule == KP_RULE_MANAGER_BUDGET ? "budget" : "key accounts at most",
                 rule == KP_RULE_MANAGER_HOURS ? "hours"
                 : rule == KP_RULE_MANAGER_BUDGET ? "budget" : "max_accounts");
    for (size_t m = 0; m < in->nmgr; m++) {
        double cap = limit(in, sc, rule, m);
        if (cap == HUGE_VAL)
            continue;
        kp__str_addf(out, "%s %s %.10g", sep, in->mgr[m].id, cap);
        sep = ",";
    }
    kp__str_addf(out, ")");
}

void kp__team_hours_words(const kp_instance *in, const kp__scenario *sc, int k,
                          kp__str *out)
{
    (void)k;
    team_words(in, sc, KP_RULE_MANAGER_HOURS, out);
}

void kp__team_budget_words(const kp_instance *in, const kp__scenario *sc, int k,
                           kp__str *out)
{
    (void)k;
    team_words(in, sc, KP_RULE_MANAGER_BUDGET, out);
}

void kp__team_accounts_words(const kp_instance *in, const kp__scenario *sc, int k,
                             kp__str *out)
{
    (void)k;
    team_words(in, sc, KP_RULE_MAX_ACCOUNTS, out);
}

/* An account whose manager is chosen, for kp__team_assign_keys' order. */
struct pick {
    double hours;
    size_t k;
};

/* Largest hours first, then file order. */
static int pick_cmp(const void *pa, const void *pb)
{
    const struct pick *a = pa, *b = pb;
    if (a->hours != b->hours)
        return a->hours > b->hours ? -1 : 1;
    return a->k < b->k ? -1 : a->k > b->k;
}

/* Account k's hours (cost) in counts. */
static double plan_sum(const kp_instance *in, size_t k, const int *counts, int use_cost)
{
    double s = 0;
    for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
        int a = in->act_idx[i];
        if (counts[a] > 0)
            s += counts[a] * (use_cost ? in->act[a].cost : in->act[a].hours);
    }
    return s;
}

/* model.h. */
int kp__team_assign_keys(const kp_instance *in, const kp__scenario *sc,
                         const unsigned char *key, const int *counts, int *mgr)
{
    size_t M = in->nmgr, n = 0;
    double *lh = calloc(2 * M + 1, sizeof *lh), *lc = lh ? lh + M : NULL;
    int *ln = calloc(M + 1, sizeof *ln), missing = 0;
    struct pick *p = calloc(in->nacc + 1, sizeof *p);

    if (!lh || !ln || !p) {
        free(lh);
        free(ln);
        free(p);
        return -1;
    }
    for (size_t k = 0; k < in->nacc; k++) {
        int m = in->acc[k].manager;
        mgr[k] = key[k] ? m : -1;
        if (key[k] && m < 0) {
            p[n].hours = plan_sum(in, k, counts, 0);
            p[n++].k = k;
        } else if (key[k]) {
            lh[m] += plan_sum(in, k, counts, 0);
            lc[m] += plan_sum(in, k, counts, 1);
            ln[m]++;
        }
    }
    if (n > 1)
        qsort(p, n, sizeof *p, pick_cmp);
    for (size_t i = 0; i < n; i++) {
        double h = p[i].hours, c = plan_sum(in, p[i].k, counts, 1), left = -1;
        int best = -1;
        for (size_t m = 0; m < M; m++) {
            double cap = kp__manager_hours(in, sc, m), bud = kp__manager_budget(in, sc, m);
            if (lh[m] + h > cap || (kp__isset(bud) && lc[m] + c > bud) ||
                (in->mgr[m].max_accounts >= 0 && ln[m] + 1 > in->mgr[m].max_accounts))
                continue;
            if (best < 0 || cap - lh[m] > left) {
                best = (int)m;
                left = cap - lh[m];
            }
        }
        mgr[p[i].k] = best;
        if (best < 0) {
            missing++;
            continue;
        }
        lh[best] += h;
        lc[best] += c;
        ln[best]++;
    }
    free(lh);
    free(ln);
    free(p);
    return missing;
}

/* model.h. */
int kp__team_assign(const kp_instance *in, size_t s, const kp__fix *fix,
                    const int *counts, int *mgr)
{
    const kp__scenario *sc = &in->scen[s];
    unsigned char *key = calloc(in->nacc + 1, 1);
    int rc;
    if (!key)
        return -1;
    for (size_t k = 0; k < in->nacc; k++) {
        key[k] = kp__acc_status(in, sc, (int)k) == KP_KEY ||
                 plan_sum(in, k, counts, 0) > 0;
        if (fix && fix->acc && fix->acc[k] != KP__FIX_FREE)
            key[k] = fix->acc[k] == KP__FIX_KEY;
    }
    rc = kp__team_assign_keys(in, sc, key, counts, mgr);
    free(key);
    return rc;
}

/* The team as a whole, when some manager is chosen by the optimiser:
 * more accounts forced key than the managers may hold together (every
 * manager with a max_accounts), or more of their min_hours than the
 * managers' hours together. Returns nmgr + 1 when so, else 0. */
static int team_forced_total(const kp_instance *in, const kp__scenario *sc,
                             int *column, kp__str *why)
{
    long cap = 0, forced = 0;
    double need = 0, hours = kp__team_hours(in, sc);
    if (!kp__team_chooses(in))
        return 0;
    for (size_t m = 0; m < in->nmgr; m++)
        cap = cap < 0 || in->mgr[m].max_accounts < 0 ? -1 : cap + in->mgr[m].max_accounts;
    for (size_t k = 0; k < in->nacc; k++) {
        if (kp__acc_status(in, sc, (int)k) != KP_KEY)
            continue;
        forced++;
        need += in->acc[k].min_hours;
    }
    if (cap >= 0 && forced > cap) {
        kp__str_addf(why, "the managers may hold %ld key account%s together "
                     "(managers.csv max_accounts), but %ld accounts have status=key",
                     cap, cap == 1 ? "" : "s", forced);
        *column = 0;
        return (int)in->nmgr + 1;
    }
    if (kp__over(need, hours)) {
        kp__str_addf(why, "the managers have %.10g hours together, but the "
                     "accounts with status=key need at least %.10g (min_hours)",
                     hours, need);
        *column = 1;
        return (int)in->nmgr + 1;
    }
    return 0;
}

/* model.h. */
int kp__team_forced(const kp_instance *in, const kp__scenario *sc, int *column,
                    kp__str *why)
{
    for (size_t m = 0; m < in->nmgr; m++) {
        const kp__manager *mg = &in->mgr[m];
        double need = 0;
        int forced = 0;
        for (size_t k = 0; k < in->nacc; k++) {
            if (in->acc[k].manager != (int)m || kp__acc_status(in, sc, (int)k) != KP_KEY)
                continue;
            forced++;
            need += in->acc[k].min_hours;
        }
        if (mg->max_accounts >= 0 && forced > mg->max_accounts) {
            kp__str_addf(why, "manager %s may hold %d key account%s, but %d accounts "
                         "with status=key are fixed to %s", mg->id, mg->max_accounts,
                         mg->max_accounts == 1 ? "" : "s", forced, mg->id);
            *column = 0;
            return (int)m + 1;
        }
        if (kp__over(need, kp__manager_hours(in, sc, m))) {
            kp__str_addf(why, "manager %s has %.10g hours, but the accounts with "
                         "status=key fixed to %s need at least %.10g (min_hours)",
                         mg->id, kp__manager_hours(in, sc, m), mg->id, need);
            *column = 1;
            return (int)m + 1;
        }
    }
    return team_forced_total(in, sc, column, why);
}
