/*
 * test_explain.c - the explanation of infeasible scenarios and the
 * heuristics, against an enumeration of every plan of hundreds of tiny
 * random instances (most with accounts forced key, so that many scenarios
 * are infeasible).
 *
 * Every plan's violations come from kp_plan_check_violations, the
 * independent rule check, never from the model builder. A plan "meets" a
 * set of rule groups when each of its violations belongs to a group left
 * out (an account whose status_key is left out and that has no activity is
 * not key, so its own rules do not apply). The explanation is right when:
 *  - it says infeasible exactly when no plan meets every rule;
 *  - no plan meets its conflicts together;
 *  - leaving out any one conflict, some plan meets the rest (minimal);
 *  - its least extra hours (budget, key accounts) is the least, over the
 *    plans that meet every other group, of the hours used minus the hours
 *    available (INFINITY when no plan does).
 * Each heuristic's plan, when it meets every rule, is worth no more than
 * the best plan; how often the heuristics find a valid plan is printed.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "fixture.h"
#include "analysis/analysis.h"

#define MAX_ACT 8
#define MAX_PLANS 6561      /* 3^8 */
#define MAX_V 24

/* 2-3 accounts, most forced key, at most MAX_ACT activities with
 * max_count <= 2, tight hours and budget. */
static void write_instance(const char *dir)
{
    int nacc = 2 + (int)fx_rnd(2), nact = 0, ncon[3];
    FILE *f = fx_open(dir, "accounts.csv");
    fprintf(f, "id,margin_pct,max_hours,max_budget,min_hours,status\n");
    for (int k = 0; k < nacc; k++) {
        static const char *const st[] = {"key", "key", "auto", "auto", "exclude"};
        fprintf(f, "A%d,%d,", k, (int)fx_rnd(20) - 5);
        if (fx_rnd(3) == 0)
            fprintf(f, "%d", 4 + (int)fx_rnd(8));    /* not below min_hours */
        fprintf(f, ",");
        if (fx_rnd(3) == 0)
            fprintf(f, "%d", 50 + (int)fx_rnd(200));
        fprintf(f, ",%s,%s\n", fx_rnd(3) == 0 ? "4" : "", st[fx_rnd(5)]);
    }
    fclose(f);
    fx_write_contacts(dir, nacc, ncon);
    f = fx_open(dir, "objectives.csv");
    fprintf(f, "id,account_id,value\n");
    for (int k = 0; k < nacc; k++)
        fprintf(f, "O%d,A%d,%d\n", k, k, (int)fx_rnd(40));
    fclose(f);
    f = fx_open(dir, "activities.csv");
    fprintf(f, "id,account_id,hours,cost,value,contact_id,objective_id,max_count,decay,requires,group\n");
    for (int k = 0; k < nacc; k++) {
        int n = 2 + (int)fx_rnd(2), first = nact;
        for (int a = 0; a < n && nact < MAX_ACT; a++, nact++) {
            fprintf(f, "X%d,A%d,%d,%d,%d,", nact, k, 1 + (int)fx_rnd(5), (int)fx_rnd(100),
                    (int)fx_rnd(50));
            if (fx_rnd(4) != 0)
                fprintf(f, "C%d.%d", k, (int)fx_rnd((unsigned)ncon[k]));
            fprintf(f, ",%s,%d,%s,", fx_rnd(2) ? "" : k == 0 ? "O0" : k == 1 ? "O1" : "O2",
                    1 + (int)fx_rnd(2), fx_rnd(2) ? "0.5" : "1");
            /* Prerequisites point back, mostly within the account: no cycles. */
            if (nact > 0 && fx_rnd(5) == 0)
                fprintf(f, "X%d", nact > first && fx_rnd(3) ? first + (int)fx_rnd((unsigned)(nact - first))
                                                         : (int)fx_rnd((unsigned)nact));
            fprintf(f, ",%s\n", fx_rnd(4) == 0 ? "g" : "");
        }
    }
    fclose(f);
    f = fx_open(dir, "policy.csv");
    fprintf(f, "key,value\nhours,%d\n", 2 + (int)fx_rnd(14));
    if (fx_rnd(2))
        fprintf(f, "budget,%d\n", 20 + (int)fx_rnd(200));
    if (fx_rnd(3) == 0)
        fprintf(f, "max_key_accounts,%d\n", 1 + (int)fx_rnd(2));
    fprintf(f, "min_contacts,%d\n", (int)fx_rnd(3));
    fprintf(f, "require_entrenched,%s\n", fx_rnd(2) ? "yes" : "no");
    if (fx_rnd(2))
        fprintf(f, "opponent_influence,%d\n", 2 + (int)fx_rnd(4));
    if (fx_rnd(2))
        fprintf(f, "min_margin_pct,%d\n", (int)fx_rnd(10));
    fclose(f);
}

/* What the enumeration keeps of one plan. */
struct plan {
    int counts[MAX_ACT];
    double value, hours, cost;
    unsigned active;            /* accounts with an activity */
    int nv;
    struct { int rule, k, c; } v[MAX_V];   /* account k / contact c, or -1 */
    int overflow;               /* more violations than MAX_V: never meets */
};

static struct plan plans[MAX_PLANS];
static int nplans;

/* A rule group: rule of account k, or of the plan (k = -1). */
struct grp {
    int rule, k;
};

static int account_of(const kp_instance *in, const char *id)
{
    for (size_t k = 0; k < in->nacc; k++)
        if (strcmp(in->acc[k].id, id) == 0)
            return (int)k;
    return -1;
}

static int contact_of(const kp_instance *in, const char *id)
{
    for (size_t c = 0; c < in->ncon; c++)
        if (strcmp(in->con[c].id, id) == 0)
            return (int)c;
    return -1;
}

static void enumerate(const kp_instance *in, size_t s)
{
    size_t n = in->nact;
    int counts[MAX_ACT] = {0};
    nplans = 0;
    for (;;) {
        struct plan *p = &plans[nplans++];
        kp_violations *v = kp_violations_new();
        memset(p, 0, sizeof *p);
        memcpy(p->counts, counts, sizeof counts);
        kp_plan_check_violations(in, s, counts, &p->value, v);
        for (size_t a = 0; a < n; a++) {
            p->hours += counts[a] * in->act[a].hours;
            p->cost += counts[a] * in->act[a].cost;
            if (counts[a])
                p->active |= 1u << in->act[a].account;
        }
        for (size_t i = 0; i < kp_violations_count(v); i++) {
            const kp_violation *x = kp_violations_get(v, i);
            if (p->nv == MAX_V) {
                p->overflow = 1;
                break;
            }
            p->v[p->nv].rule = x->rule;
            p->v[p->nv].k = *x->account_id ? account_of(in, x->account_id) : -1;
            p->v[p->nv].c = *x->item_id ? contact_of(in, x->item_id) : -1;
            p->nv++;
        }
        kp_violations_free(v);
        size_t i = 0;
        while (i < n && counts[i] == in->act[i].max_count)
            counts[i++] = 0;
        if (i == n)
            break;
        counts[i]++;
    }
}

static int has(const struct grp *g, int ng, int rule, int k)
{
    for (int i = 0; i < ng; i++)
        if (g[i].rule == rule && g[i].k == k)
            return 1;
    return 0;
}

/* Whether plan p meets the groups g[0..ng) (every rule outside them left
 * out). */
static int meets(const kp_instance *in, size_t s, const struct plan *p,
                 const struct grp *g, int ng)
{
    const kp__scenario *sc = &in->scen[s];
    int nkey = 0;
    if (p->overflow)
        return 0;
    for (size_t k = 0; k < in->nacc; k++)
        nkey += (p->active >> k & 1) ||
                (in->acc[k].status == KP_KEY && has(g, ng, KP_RULE_STATUS_KEY, (int)k));
    for (int i = 0; i < p->nv; i++) {
        int rule = p->v[i].rule, k = p->v[i].k;
        switch (rule) {
        case KP_RULE_MAX_COUNT: case KP_RULE_NOT_QUALIFIED: case KP_RULE_EXCLUDED:
            return 0;
        case KP_RULE_MAX_KEY_ACCOUNTS:
            break;  /* recounted below */
        case KP_RULE_HOURS: case KP_RULE_BUDGET: case KP_RULE_REQUIRES: case KP_RULE_GROUP:
            if (has(g, ng, rule, -1))
                return 0;
            break;
        default: {
            /* An account's own rule: it applies when the account is key. */
            int key = (p->active >> k & 1) || has(g, ng, KP_RULE_STATUS_KEY, k);
            int c = p->v[i].c;
            int need = has(g, ng, rule, k);
            /* A contact both entrenched and a blocking opponent is reported
             * as entrenched; it must be engaged while either rule holds. */
            if (rule == KP_RULE_ENTRENCHED && c >= 0 &&
                kp__isset(in->pol.opponent_influence) &&
                in->con[c].stance == KP__STANCE_OPPONENT &&
                in->con[c].influence >= in->pol.opponent_influence)
                need |= has(g, ng, KP_RULE_OPPONENT, k);
            if (key && need)
                return 0;
        }
        }
    }
    if (sc->max_key_accounts >= 0 && nkey > sc->max_key_accounts &&
        has(g, ng, KP_RULE_MAX_KEY_ACCOUNTS, -1))
        return 0;
    return 1;
}

/* Every rule group of scenario s (as kp_explain names them). */
static int all_groups(const kp_instance *in, size_t s, struct grp *g)
{
    static const int acc_rules[] = {
        KP_RULE_STATUS_KEY, KP_RULE_MAX_HOURS, KP_RULE_MIN_HOURS, KP_RULE_MAX_BUDGET,
        KP_RULE_MIN_CONTACTS, KP_RULE_ENTRENCHED, KP_RULE_OPPONENT
    };
    int n = 0;
    (void)s;
    g[n++] = (struct grp){KP_RULE_HOURS, -1};
    g[n++] = (struct grp){KP_RULE_BUDGET, -1};
    g[n++] = (struct grp){KP_RULE_MAX_KEY_ACCOUNTS, -1};
    g[n++] = (struct grp){KP_RULE_REQUIRES, -1};
    g[n++] = (struct grp){KP_RULE_GROUP, -1};
    for (size_t k = 0; k < in->nacc; k++)
        for (size_t r = 0; r < sizeof acc_rules / sizeof acc_rules[0]; r++)
            g[n++] = (struct grp){acc_rules[r], (int)k};
    return n;
}

static int any_meets(const kp_instance *in, size_t s, const struct grp *g, int ng)
{
    for (int i = 0; i < nplans; i++)
        if (meets(in, s, &plans[i], g, ng))
            return 1;
    return 0;
}

/* Least over plans meeting every group but `rule` of what that rule
 * limits, minus the limit (INFINITY: no such plan). */
static double least_extra(const kp_instance *in, size_t s, int rule)
{
    struct grp g[40];
    int ng = all_groups(in, s, g), m = 0;
    const kp__scenario *sc = &in->scen[s];
    double best = INFINITY;
    for (int i = 0; i < ng; i++)
        if (!(g[i].rule == rule && g[i].k < 0))
            g[m++] = g[i];
    for (int i = 0; i < nplans; i++) {
        const struct plan *p = &plans[i];
        double x;
        int nkey = 0;
        if (!meets(in, s, p, g, m))
            continue;
        for (size_t k = 0; k < in->nacc; k++)
            nkey += (p->active >> k & 1) || (in->acc[k].status == KP_KEY && in->acc[k].eligible);
        x = rule == KP_RULE_HOURS ? p->hours - sc->hours
          : rule == KP_RULE_BUDGET ? p->cost - sc->budget : nkey - sc->max_key_accounts;
        if (x < best)
            best = x;
    }
    return best < 0 ? 0 : best;
}

static void check_explanation(const kp_instance *in, size_t s, int feasible, int it)
{
    kp_explanation *e = NULL;
    kp_explanation_summary m;
    struct grp c[40];
    int nc = 0;

    ASSERT_EQ(kp_explain(in, s, NULL, &e, NULL), KP_OK);
    if (!e)
        return;
    kp_explanation_get_summary(e, &m);
    ASSERT_EQ(m.status, feasible ? KP_EXPLAIN_FEASIBLE : KP_EXPLAIN_INFEASIBLE);
    if (!feasible && m.status == KP_EXPLAIN_INFEASIBLE) {
        ASSERT_TRUE(m.minimal);
        ASSERT_TRUE(m.conflicts > 0);
        for (size_t i = 0; i < m.conflicts && nc < 40; i++) {
            const kp_conflict *x = kp_explanation_conflict(e, i);
            c[nc++] = (struct grp){x->rule, *x->account_id ? account_of(in, x->account_id) : -1};
        }
        /* Together they cannot hold... */
        ASSERT_TRUE(!any_meets(in, s, c, nc));
        /* ...and each one is needed. */
        for (int i = 0; i < nc; i++) {
            struct grp rest[40];
            int nr = 0;
            for (int j = 0; j < nc; j++)
                if (j != i)
                    rest[nr++] = c[j];
            ASSERT_TRUE(any_meets(in, s, rest, nr));
        }
        /* Every explanation names an account forced key. */
        int forced = 0;
        for (int i = 0; i < nc; i++)
            forced |= c[i].rule == KP_RULE_STATUS_KEY;
        ASSERT_TRUE(forced);
        const double *ex[3] = {&m.extra_hours, &m.extra_budget, &m.extra_key_accounts};
        const int rules[3] = {KP_RULE_HOURS, KP_RULE_BUDGET, KP_RULE_MAX_KEY_ACCOUNTS};
        ASSERT_TRUE(m.extra_proven);
        for (int r = 0; r < 3; r++) {
            if (!has(c, nc, rules[r], -1)) {
                ASSERT_TRUE(isnan(*ex[r]));
                continue;
            }
            double want = least_extra(in, s, rules[r]);
            if (isinf(want))
                ASSERT_TRUE(isinf(*ex[r]));
            else
                ASSERT_NEAR(*ex[r], want, 1e-6 * (1 + want));
        }
        ASSERT_TRUE(strstr(kp_explanation_text(e), "cannot all hold") != NULL);
    }
    if (!feasible) {
        /* Stopped before it starts: no question asked, nothing known. */
        kp_explanation *x = NULL;
        kp_explanation_summary xs;
        kp_explain_opts o;
        volatile int stop = 1;
        kp_explain_opts_init(&o);
        o.stop = &stop;
        ASSERT_EQ(kp_explain(in, s, &o, &x, NULL), KP_OK);
        if (x) {
            kp_explanation_get_summary(x, &xs);
            ASSERT_EQ(xs.status, KP_EXPLAIN_UNKNOWN);
            ASSERT_EQ(xs.solves, 0);
            ASSERT_EQ(xs.conflicts, 0);
        }
        kp_explanation_free(x);
    }
    if (kp_t_failed)
        fprintf(stderr, "first failure: instance %d scenario %zu: %s\n", it, s,
                kp_explanation_text(e));
    kp_explanation_free(e);
}

int main(void)
{
    char dir[] = "/tmp/kp-explainXXXXXX";
    const char *env = getenv("BRUTE_INSTANCES");
    int n = env ? atoi(env) : 300, infeasible = 0, feasible = 0;
    int heur_valid[KP_N_HEURISTICS] = {0}, heur_opt[KP_N_HEURISTICS] = {0};

    if (!mkdtemp(dir))
        return 2;
    fx_rng_state = 0xD1B54A32D192ED03ULL;
    for (int it = 0; it < n && !kp_t_failed; it++) {
        kp_instance *in = NULL;
        kp_diags *d = kp_diags_new();
        write_instance(dir);
        ASSERT_EQ(kp_instance_load(dir, &in, d), KP_OK);
        for (size_t i = 0; !in && i < kp_diags_count(d); i++)
            fprintf(stderr, "  %s\n", kp_diags_message(d, i));
        kp_diags_free(d);
        if (!in)
            continue;
        for (size_t s = 0; s < kp_instance_scenarios(in); s++) {
            double best = -1;
            enumerate(in, s);
            for (int i = 0; i < nplans; i++)
                if (plans[i].nv == 0 && !plans[i].overflow && plans[i].value > best)
                    best = plans[i].value;
            if (best < 0)
                infeasible++;
            else
                feasible++;
            check_explanation(in, s, best >= 0, it);
            for (int h = 0; h < KP_N_HEURISTICS && best >= 0; h++) {
                int counts[MAX_ACT + 1];
                double v;
                ASSERT_EQ(kp_heuristic_plan(in, s, h, counts), KP_OK);
                if (kp_plan_check(in, s, counts, &v, NULL) != 0)
                    continue;
                heur_valid[h]++;
                ASSERT_TRUE(v <= best + 1e-9 * (1 + best));
                heur_opt[h] += v >= best - 1e-9 * (1 + best);
            }
        }
        kp_instance_free(in);
    }
    kp_thread_cleanup();
    printf("explain: %d instances, %d feasible and %d infeasible scenarios\n", n,
           feasible, infeasible);
    for (int h = 0; h < KP_N_HEURISTICS; h++)
        printf("heuristic %-15s valid in %d of %d feasible scenarios, optimal in %d\n",
               kp_heuristic_name(h), heur_valid[h], feasible, heur_opt[h]);
    ASSERT_TRUE(n < 100 || (infeasible > n / 10 && feasible > n / 10));
    if (!kp_t_failed) {
        fx_remove_instance(dir);
    }
    TEST_END();
}
