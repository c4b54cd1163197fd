/*
 * check.c - checks a plan against every rule of MODEL.md, reading the raw
 * instance only (never the model builder), and computes its value.
 *
 * This is the referee every plan passes before it leaves kamplan, and the
 * oracle of the brute-force tests, so it is written from MODEL.md directly:
 * an account is key when it is forced or has an activity, a contact is
 * engaged when one of its activities is done, an objective is supported
 * when one of its activities is done.
 *
 * Each violation is reported through one sink: as a message to a kp_diags
 * list (kp_plan_check) and as a structured kp_violation with its rule,
 * account, item and amount (kp_plan_check_violations), with the same text.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

/* used exceeds cap beyond rounding noise. */
static int over(double used, double cap)
{
    return used > cap + 1e-9 * (fabs(cap) > 1 ? fabs(cap) : 1);
}

static int under(double used, double need)
{
    return used < need - 1e-9 * (fabs(need) > 1 ? fabs(need) : 1);
}

static const char *const RULE_NAME[KP_N_RULES] = {
#define KP__RULE_NAME(name, code) code,
    KP_RULE_TABLE(KP__RULE_NAME)
#undef KP__RULE_NAME
};

const char *kp_rule_name(int rule)
{
    return rule >= 0 && rule < KP_N_RULES ? RULE_NAME[rule] : "?";
}

/* Where a check's violations go: messages, structured records, or neither
 * (only counted, for callers that want the verdict fast). */
struct sink {
    kp_diags *d;
    kp_violations *v;
    int bad;
    int oom;
};

/* Reports one violation of rule by account acc (NULL: none) about item
 * (NULL: none), amount as kp_violation documents it. */
static void report(struct sink *k, int rule, const char *acc, const char *item,
                   double amount, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void report(struct sink *k, int rule, const char *acc, const char *item,
                   double amount, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    k->bad++;
    if (!k->d && !k->v)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    kp__diag(k->d, KP_ERROR, NULL, 0, NULL, "%s", msg);
    if (k->v && kp__violations_add(k->v, rule, acc, item, amount, msg) != 0)
        k->oom = 1;
}

/* The check itself: every violation goes to sk. Returns their number, or
 * -1 when out of memory. */
static int check(const kp_instance *in, size_t s, const int *counts,
                 double *value, struct sink *sk)
{
    const kp__scenario *sc = &in->scen[s];
    const kp__policy *p = &in->pol;
    int nkey = 0;
    double hours = 0, cost = 0, val = 0;
    int *group_first = malloc((in->ngroups + 1) * sizeof *group_first);
    unsigned char *key = calloc(in->nacc + 1, 1);

    if (!group_first || !key) {
        free(group_first);
        free(key);
        kp__diag(sk->d, KP_ERROR, NULL, 0, NULL, "out of memory checking the plan");
        return -1;
    }
    for (size_t g = 0; g < in->ngroups; g++)
        group_first[g] = -1;
    for (size_t k = 0; k < in->nacc; k++)
        key[k] = in->acc[k].status == KP_KEY;

    for (size_t i = 0; i < in->nact; i++) {
        const kp__activity *a = &in->act[i];
        const kp__account *acc = &in->acc[a->account];
        int n = counts[i];
        if (n == 0)
            continue;
        if (n < 0 || n > a->max_count) {
            report(sk, KP_RULE_MAX_COUNT, acc->id, a->id,
                   n < 0 ? -n : n - a->max_count,
                   "%s: done %d times, max_count is %d", a->id, n, a->max_count);
            if (n < 0)
                continue;
        }
        if (acc->status == KP_EXCLUDE)
            report(sk, KP_RULE_EXCLUDED, acc->id, a->id, n,
                   "%s: account %s is excluded (status=exclude)", a->id, acc->id);
        else if (!acc->eligible)
            report(sk, KP_RULE_NOT_QUALIFIED, acc->id, a->id, n,
                   "%s: account %s does not qualify as a key account "
                   "(%d of %d criteria met)", a->id, acc->id,
                   acc->criteria_met, p->min_criteria);
        key[a->account] = 1;
        hours += n * a->hours;
        cost += n * a->cost;
        for (int j = 1; j <= n; j++)
            val += a->value * pow(a->decay, j - 1);
        for (int r = 0; r < a->nrequires; r++) {
            int q = a->requires[r];
            if (counts[q] <= 0)
                report(sk, KP_RULE_REQUIRES, acc->id, a->id, 1,
                       "%s done without its prerequisite %s", a->id, in->act[q].id);
        }
        if (a->group >= 0) {
            if (group_first[a->group] >= 0)
                report(sk, KP_RULE_GROUP, acc->id, a->id, 1,
                       "%s and %s are alternatives (group %s): at most one may be done",
                       in->act[group_first[a->group]].id, a->id,
                       in->groups[a->group]);
            else
                group_first[a->group] = (int)i;
        }
    }
    for (size_t o = 0; o < in->nobj; o++) {
        for (int i = in->oact_start[o]; i < in->oact_start[o + 1]; i++) {
            if (counts[in->oact_idx[i]] > 0) {
                val += in->obj[o].value;
                break;
            }
        }
    }
    if (over(hours, sc->hours))
        report(sk, KP_RULE_HOURS, NULL, NULL, hours - sc->hours,
               "hours: %.10g planned, %.10g available", hours, sc->hours);
    if (kp__isset(sc->budget) && over(cost, sc->budget))
        report(sk, KP_RULE_BUDGET, NULL, NULL, cost - sc->budget,
               "budget: %.10g planned, %.10g available", cost, sc->budget);
    for (size_t k = 0; k < in->nacc; k++) {
        const kp__account *acc = &in->acc[k];
        double h = 0, c = 0;
        int engaged = 0;
        if (!key[k])
            continue;
        nkey++;
        for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
            int a = in->act_idx[i];
            if (counts[a] > 0) {
                h += counts[a] * in->act[a].hours;
                c += counts[a] * in->act[a].cost;
            }
        }
        if (kp__isset(acc->max_hours) && over(h, acc->max_hours))
            report(sk, KP_RULE_MAX_HOURS, acc->id, NULL, h - acc->max_hours,
                   "%s: %.10g hours planned, max_hours is %.10g",
                   acc->id, h, acc->max_hours);
        if (under(h, acc->min_hours))
            report(sk, KP_RULE_MIN_HOURS, acc->id, NULL, acc->min_hours - h,
                   "%s: %.10g hours planned, min_hours is %.10g",
                   acc->id, h, acc->min_hours);
        if (kp__isset(acc->max_budget) && over(c, acc->max_budget))
            report(sk, KP_RULE_MAX_BUDGET, acc->id, NULL, c - acc->max_budget,
                   "%s: %.10g spent, max_budget is %.10g", acc->id, c, acc->max_budget);
        for (int i = in->con_start[k]; i < in->con_start[k + 1]; i++) {
            int ci = in->con_idx[i];
            const kp__contact *ct = &in->con[ci];
            int on = 0;
            for (int j = in->cact_start[ci]; !on && j < in->cact_start[ci + 1]; j++)
                on = counts[in->cact_idx[j]] > 0;
            engaged += on;
            if (on)
                continue;
            if (p->require_entrenched && ct->entrenched)
                report(sk, KP_RULE_ENTRENCHED, acc->id, ct->id, 1,
                       "%s: entrenched influencer %s is not engaged", acc->id, ct->id);
            else if (kp__isset(p->opponent_influence) &&
                     ct->stance == KP__STANCE_OPPONENT &&
                     ct->influence >= p->opponent_influence)
                report(sk, KP_RULE_OPPONENT, acc->id, ct->id, 1,
                       "%s: opponent %s (influence %g) is not engaged",
                       acc->id, ct->id, ct->influence);
        }
        if (engaged < sc->min_contacts)
            report(sk, KP_RULE_MIN_CONTACTS, acc->id, NULL, sc->min_contacts - engaged,
                   "%s: %d contacts engaged, %d required",
                   acc->id, engaged, sc->min_contacts);
    }
    if (sc->max_key_accounts >= 0 && nkey > sc->max_key_accounts)
        report(sk, KP_RULE_MAX_KEY_ACCOUNTS, NULL, NULL, nkey - sc->max_key_accounts,
               "key accounts: %d managed, max_key_accounts is %d",
               nkey, sc->max_key_accounts);
    if (value)
        *value = val;
    free(group_first);
    free(key);
    return sk->oom ? -1 : sk->bad;
}

/* kamplan.h: the violations as messages. */
int kp_plan_check(const kp_instance *in, size_t s, const int *counts,
                  double *value, kp_diags *d)
{
    struct sink sk = {d, NULL, 0, 0};
    return check(in, s, counts, value, &sk);
}

/* kamplan.h: the violations as records. */
int kp_plan_check_violations(const kp_instance *in, size_t s, const int *counts,
                             double *value, kp_violations *out)
{
    struct sink sk = {NULL, out, 0, 0};
    return check(in, s, counts, value, &sk);
}
