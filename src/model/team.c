/*
 * team.c - the rules of a team of managers (issue 15, managers.csv): the
 * hooks of the rule table's entries manager_hours, manager_budget and
 * max_accounts (rules.c), and what makes a scenario of a team infeasible
 * before any solve, in a planner's words.
 *
 * Every account that may be key has its manager (accounts.csv's
 * manager_id; the loader refuses one without), so a manager's hours are
 * the hours of the accounts fixed to them: each rule is one joining row
 * per manager over the accounts' x and y (before lp->nglobal, so the
 * decomposition's master carries them like the plan's hours).
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

/* Each manager's row of rule, over the accounts fixed to them that have
 * a y; none for a manager without such an account or without the limit. */
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
            if (in->acc[k].manager != (int)m || lp->y[k] < 0)
                continue;
            if (!open)
                kp__build_row(b, -HUGE_VAL, kp__build_dropped(b, -1, rule) ? HUGE_VAL : cap,
                              row_name(rule), in->mgr[m].id, NULL, (long)m, 0);
            open = 1;
            if (rule == KP_RULE_MAX_ACCOUNTS)
                kp__build_entry(b, lp->y[k], 1);
            else
                kp__build_account_sum(b, (int)k, rule == KP_RULE_MANAGER_BUDGET);
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
 * accounts of the accounts fixed to them. */
static double used(const struct kp__check *c, int rule, size_t m)
{
    const kp_instance *in = c->in;
    double u = 0;
    for (size_t k = 0; k < in->nacc; k++) {
        if (in->acc[k].manager != (int)m || !c->key[k])
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

void kp__team_hours_check(struct kp__check *c, int i)
{
    (void)i;
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
    return 0;
}
