/*
 * brute.h - the harness of the brute-force unit tests (test_bruteforce.c,
 * test_commit_brute.c, test_team.c, test_periods.c): tiny random instances
 * written by the
 * test, every plan of each scenario enumerated (occurrence counts 0..2,
 * judged by kp_plan_check, which is written from the rules and not from
 * the programme), and kamplan's optimum by each method compared with the
 * enumeration's: equal when some plan is valid, KP_RES_INFEASIBLE when
 * none is, and a scenario refused up front by kp_instance_check_forced
 * must have no valid plan. A returned plan must pass the check, with the
 * managers and periods it chose (kp_plan_check_result), with the value
 * kamplan says.
 *
 * A test fills a bx_spec (its instance writer, seed, count, methods and
 * optional hooks), calls bx_run and asserts on the bx_stats it gets back.
 * Everything is static inline, as in fixture.h.
 */
#ifndef KP_BRUTE_H
#define KP_BRUTE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "fixture.h"
#include "kamplan.h"

/* What one run found, in scenarios (feasible: some plan is valid). */
typedef struct {
    int instances, scenarios, feasible, infeasible, refused;
    int decomposed;     /* scenarios --method auto solved by column generation */
    int binding;        /* scenarios whose optimum the relaxed rules raise */
    int checked;        /* what the feasible hook returned, summed */
} bx_stats;

typedef struct {
    /* Writes a random instance (fx_rnd) into dir, replacing the last. */
    void (*write)(const char *dir);
    unsigned long long seed;    /* fx_rng_state's start */
    int instances;
    /* 2: --method auto and bb; 3: and bb again under a time limit, which
     * solves the root LP itself (glpk_solve.c, root_lp) before GLPK's
     * branch-and-cut. */
    int variants;
    /* Optional: the rules relaxed for bx_stats.binding (a scenario counts
     * when the best plan breaking only rules for which relaxed returns
     * non-zero is worth more than the optimum); NULL: none. */
    int (*relaxed)(const kp_violations *v);
    /* Optional: called for every scenario that has a valid plan, before
     * it is solved; its return values are summed in bx_stats.checked. */
    int (*feasible_hook)(const kp_instance *in, size_t s);
    /* Optional: with relaxed, whether plan counts that the check refused
     * (for the violations vs) are valid after all: some choice the check
     * makes greedily (the managers of a team) fits them. */
    int (*rescue)(const kp_instance *in, size_t s, const int *counts,
                  const kp_violations *vs);
    /* Optional: the enumeration itself, for plans that are more than
     * counts (periods); NULL: bx_enumerate. */
    double (*enumerate)(const kp_instance *in, size_t s, double *loose);
    /* Optional: more checks of a plan r returned as optimal, after
     * kp_plan_check_result's. */
    void (*plan_hook)(const kp_instance *in, size_t s, const kp_result *r);
} bx_spec;

/* The next vector v[0..n-1] of values 0..max in counting order (v[0]
 * fastest). Returns 0, with v all 0 again, after the last. */
static inline int bx_next(int *v, size_t n, int max)
{
    size_t i = 0;
    while (i < n && v[i] == max)
        v[i++] = 0;
    if (i == n)
        return 0;
    v[i]++;
    return 1;
}

/* Best value over every vector of counts 0..2 that the plan check
 * accepts (counts above an activity's max_count are simply refused by
 * it); -1 when none. *loose: the same when the spec's relaxed rules may
 * be broken (-1 without them). n is at most 16. */
static inline double bx_enumerate(const bx_spec *sp, const kp_instance *in, size_t s,
                                  double *loose)
{
    size_t n = kp_instance_activities(in);
    int counts[16] = {0};
    double best = -1;
    *loose = -1;
    for (;;) {
        double v;
        if (!sp->relaxed) {
            if (kp_plan_check(in, s, counts, &v, NULL) == 0 && v > best)
                best = v;
        } else {
            kp_violations *vs = kp_violations_new();
            int bad = kp_plan_check_violations(in, s, counts, &v, vs);
            if (bad > 0 && sp->rescue && sp->rescue(in, s, counts, vs))
                bad = 0;
            if (bad == 0 && v > best)
                best = v;
            if (sp->relaxed(vs) && v > *loose)
                *loose = v;
            kp_violations_free(vs);
        }
        if (!bx_next(counts, n, 2))
            break;
    }
    return best;
}

/* Solves scenario s with variant v (bx_spec.variants) and compares with
 * the enumeration's bf. Returns the solve's column generation rounds. */
static inline int bx_solve_compare(const bx_spec *sp, const kp_instance *in, size_t s,
                                   int variant, double bf, kp_diags *d)
{
    kp_solve_opts o;
    kp_result *r = NULL;
    kp_result_summary m;
    int rounds;
    kp_solve_opts_init(&o);
    o.gap_pct = 0;
    o.method = variant == 0 ? KP_METHOD_AUTO : KP_METHOD_BB;
    if (variant == 2)
        o.time_limit = 600;
    ASSERT_EQ(kp_solve(in, s, &o, &r, d), KP_OK);
    if (!r)
        return 0;
    kp_result_get_summary(r, &m);
    rounds = m.rounds;
    if (bf < 0) {
        ASSERT_EQ(m.status, KP_RES_INFEASIBLE);
    } else {
        double v = -1;
        ASSERT_EQ(m.status, KP_RES_OPTIMAL);
        ASSERT_NEAR(m.objective, bf, 1e-9 * (1 + bf));
        ASSERT_EQ(kp_plan_check_result(in, s, r, &v, NULL), 0);
        ASSERT_NEAR(v, m.objective, 1e-9 * (1 + bf));
        if (sp->plan_hook)
            sp->plan_hook(in, s, r);
    }
    if (kp_t_failed)
        fprintf(stderr, "first failure: scenario %zu variant %d (brute force %g, "
                "kamplan %g)\n", s, variant, bf, m.objective);
    kp_result_free(r);
    return rounds;
}

/* Every scenario of one loaded instance, into st. */
static inline void bx_scenarios(const bx_spec *sp, const kp_instance *in, kp_diags *d,
                                bx_stats *st)
{
    for (size_t s = 0; s < kp_instance_scenarios(in) && !kp_t_failed; s++) {
        double loose, bf = sp->enumerate ? sp->enumerate(in, s, &loose)
                                         : bx_enumerate(sp, in, s, &loose);
        st->scenarios++;
        st->binding += loose > bf + 1e-9;     /* -1 without relaxed rules */
        if (bf >= 0 && sp->feasible_hook)
            st->checked += sp->feasible_hook(in, s);
        if (kp_instance_check_forced(in, (long)s, d) != 0) {
            /* Refused up front: there must be no valid plan. */
            st->refused++;
            ASSERT_TRUE(bf < 0);
            continue;
        }
        if (bf < 0)
            st->infeasible++;
        else
            st->feasible++;
        for (int v = 0; v < sp->variants && !kp_t_failed; v++)
            if (bx_solve_compare(sp, in, s, v, bf, d) > 0 && v == 0)
                st->decomposed++;
    }
}

/* Runs sp->instances random instances in a fresh folder under /tmp (kept,
 * and named, when a check failed), stopping at the first failure. */
static inline bx_stats bx_run(const bx_spec *sp)
{
    char dir[] = "/tmp/kp-bruteXXXXXX";
    bx_stats st;
    memset(&st, 0, sizeof st);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(2);
    }
    fx_rng_state = sp->seed;
    for (int it = 0; it < sp->instances && !kp_t_failed; it++) {
        kp_instance *in = NULL;
        kp_diags *d = kp_diags_new();
        sp->write(dir);
        int rc = kp_instance_load(dir, &in, d);
        ASSERT_EQ(rc, KP_OK);
        for (size_t i = 0; rc != KP_OK && i < kp_diags_count(d); i++)
            fprintf(stderr, "  %s\n", kp_diags_message(d, i));
        if (rc == KP_OK) {
            st.instances++;
            bx_scenarios(sp, in, d, &st);
        }
        if (kp_t_failed)
            fprintf(stderr, "first failure: instance %d in %s\n", it, dir);
        kp_diags_free(d);
        kp_instance_free(in);
    }
    kp_thread_cleanup();
    if (!kp_t_failed)
        fx_remove_instance(dir);
    return st;
}

/* The close of test_bruteforce and test_commit_brute: prints st as
 * "brute force: ..."; checks that more than a quarter of the instances'
 * count of scenarios are feasible and solved by column generation, and on
 * 100 instances or more that more than 5 are infeasible or refused. */
static inline void bx_report(const bx_spec *sp, bx_stats st)
{
    int n = sp->instances;
    printf("brute force: %d instances, %d scenarios (%d feasible, %d infeasible, "
           "%d refused up front; %d solved by column generation)\n", st.instances,
           st.scenarios, st.feasible, st.infeasible, st.refused, st.decomposed);
    ASSERT_TRUE(st.feasible > n / 4 && (n < 100 || st.infeasible + st.refused > 5));
    ASSERT_TRUE(st.decomposed > n / 4);
}

/* The close of a test whose rules a plan check's greedy choice may refuse
 * (test_team: the managers, test_periods: the periods): prints st as
 * "WHAT brute force: ..." with RULES binding and GREEDY (a subject and its
 * verb) refusing missed valid plans, solved of them kamplan's; checks that
 * more than half of the instances' scenarios are feasible, that the rules
 * bind in more than instances / bind_den, and, on 100 instances or more
 * (not valgrind's sample), that the greedy choice refused some valid
 * plans, kamplan's among them, that only the plan's own choice fits. */
static inline void bx_report_greedy(const bx_spec *sp, bx_stats st, const char *what,
                                    const char *rules, const char *greedy, int bind_den,
                                    int missed, int solved)
{
    printf("%s brute force: %d instances, %d scenarios (%d feasible, %d infeasible, "
           "%d refused up front; %s bind in %d; %s %d valid plans, %d of them "
           "kamplan's)\n", what, st.instances, st.scenarios, st.feasible, st.infeasible,
           st.refused, rules, st.binding, greedy, missed, solved);
    ASSERT_TRUE(st.feasible > sp->instances / 2);
    ASSERT_TRUE(st.binding > sp->instances / bind_den);
    ASSERT_TRUE(sp->instances < 100 || (missed > 0 && solved > 0));
}

/* scenarios.csv on half of the instances (fx_rnd), else none: base, and
 * a what-if with hours_scale, budget_scale and column col (a scale of the
 * team's or the periods') each set or not (test_team.c, test_periods.c). */
static inline void bx_write_scales(const char *dir, const char *col)
{
    char p[512];
    FILE *f;
    snprintf(p, sizeof p, "%s/scenarios.csv", dir);
    unlink(p);
    if (fx_rnd(2)) {
        f = fx_open(dir, "scenarios.csv");
        fprintf(f, "id,hours_scale,budget_scale,%s\nbase,,,\n", col);
        fprintf(f, "what-if,%s,%s,%s\n", fx_rnd(2) ? "1.5" : "", fx_rnd(2) ? "0.5" : "",
                fx_rnd(2) ? "0.6" : "");
        fclose(f);
    }
}

/* The instance count: BRUTE_INSTANCES (valgrind's pass sets it to take a
 * smaller sample) times num / den plus add, else dflt. */
static inline int bx_instances(int dflt, int num, int den, int add)
{
    const char *env = getenv("BRUTE_INSTANCES");
    return env ? atoi(env) * num / den + add : dflt;
}

/* ---- the random instances of test_bruteforce.c and test_commit_brute.c -- *
 * Written piece by piece, in this order, from fx_rnd: 2-3 accounts (nacc,
 * drawn by the caller) with their contacts and objectives, at most 10
 * activities with max_count <= 2 (so that enumeration stays below 3^10
 * plans), the policy; the scenarios are each test's own. */

/* accounts.csv, contacts.csv and objectives.csv of nacc accounts; each
 * account's number of contacts and objectives into ncon[] and nobj[]. */
static inline void bx_write_parties(const char *dir, int nacc, int ncon[3], int nobj[3])
{
    FILE *f = fx_open(dir, "accounts.csv");
    fprintf(f, "id,margin_pct,access,max_hours,max_budget,min_hours,status\n");
    for (int k = 0; k < nacc; k++) {
        static const char *const st[] = {"auto", "auto", "auto", "key", "exclude"};
        fprintf(f, "A%d,%d,%d,", k, (int)fx_rnd(20) - 5, (int)fx_rnd(6));
        if (fx_rnd(3) == 0)
            fprintf(f, "%d", 4 + (int)fx_rnd(12));
        fprintf(f, ",");
        if (fx_rnd(3) == 0)
            fprintf(f, "%d", 100 + (int)fx_rnd(400));
        fprintf(f, ",%s,%s\n", fx_rnd(4) == 0 ? "3" : "", st[fx_rnd(5)]);
    }
    fclose(f);
    fx_write_contacts(dir, nacc, ncon);
    f = fx_open(dir, "objectives.csv");
    fprintf(f, "id,account_id,horizon,value\n");
    for (int k = 0; k < nacc; k++) {
        nobj[k] = (int)fx_rnd(3);
        for (int o = 0; o < nobj[k]; o++)
            fprintf(f, "O%d.%d,A%d,%s,%d\n", k, o, k, fx_rnd(2) ? "short" : "long",
                    (int)fx_rnd(60));
    }
    fclose(f);
}

/* activities.csv; with commitments also min_count (on one in seven) and
 * locked (one in six) columns. */
static inline void bx_write_activities(const char *dir, int nacc, const int ncon[3],
                                       const int nobj[3], int commitments)
{
    int nact = 0;
    FILE *f = fx_open(dir, "activities.csv");
    fprintf(f, "id,account_id,hours,cost,value,contact_id,objective_id,max_count,decay,"
            "requires,group%s\n", commitments ? ",min_count,locked" : "");
    for (int k = 0; k < nacc; k++) {
        int n = 2 + (int)fx_rnd(3), first = nact;
        for (int a = 0; a < n && nact < 10; a++, nact++) {
            fprintf(f, "X%d,A%d,%d,%d,%d,", nact, k, 1 + (int)fx_rnd(6), (int)fx_rnd(120),
                    (int)fx_rnd(50));
            if (fx_rnd(4) != 0)
                fprintf(f, "C%d.%d", k, (int)fx_rnd((unsigned)ncon[k]));
            fprintf(f, ",");
            if (nobj[k] && fx_rnd(2))
                fprintf(f, "O%d.%d", k, (int)fx_rnd((unsigned)nobj[k]));
            int maxc = 0, minc = 0;
            if (commitments) {
                maxc = 1 + (int)fx_rnd(2);
                minc = fx_rnd(7) == 0 ? 1 + (int)fx_rnd((unsigned)maxc) : 0;
                fprintf(f, ",%d,%s,", maxc, fx_rnd(2) ? "0.5" : "1");
            } else {
                fprintf(f, ",%d,%s,", 1 + (int)fx_rnd(2), fx_rnd(2) ? "0.5" : "1");
            }
            if (nact > first && fx_rnd(4) == 0)
                fprintf(f, "X%d", first + (int)fx_rnd((unsigned)(nact - first)));
            if (!commitments) {
                fprintf(f, ",%s\n", fx_rnd(4) == 0 ? (fx_rnd(2) ? "g1" : "g2") : "");
                continue;
            }
            fprintf(f, ",%s,", fx_rnd(4) == 0 ? (fx_rnd(2) ? "g1" : "g2") : "");
            if (minc)
                fprintf(f, "%d", minc);
            fprintf(f, ",%s\n", fx_rnd(6) == 0 ? "yes" : "");
        }
    }
    fclose(f);
}

/* policy.csv: hours from min_hours to min_hours + 24, and on half the
 * instances each a budget, a cap on key accounts, an opponent's influence
 * and qualification criteria. */
static inline void bx_write_policy(const char *dir, int min_hours)
{
    FILE *f = fx_open(dir, "policy.csv");
    fprintf(f, "key,value\nhours,%d\n", min_hours + (int)fx_rnd(25));
    if (fx_rnd(2))
        fprintf(f, "budget,%d\n", 50 + (int)fx_rnd(300));
    if (fx_rnd(2))
        fprintf(f, "max_key_accounts,%d\n", 1 + (int)fx_rnd(2));
    fprintf(f, "min_contacts,%d\n", (int)fx_rnd(3));
    fprintf(f, "require_entrenched,%s\n", fx_rnd(2) ? "yes" : "no");
    if (fx_rnd(2))
        fprintf(f, "opponent_influence,%d\n", 2 + (int)fx_rnd(4));
    if (fx_rnd(2))
        fprintf(f, "min_margin_pct,%d\nmin_access,%d\nmin_criteria,1\n",
                (int)fx_rnd(10), (int)fx_rnd(5));
    fclose(f);
}

/* The accounts, contacts, objectives, activities and policy of one random
 * instance (the scenarios are each test's own, written after these);
 * returns its number of accounts. */
static inline int bx_write_instance(const char *dir, int commitments, int min_hours)
{
    int nacc = 2 + (int)fx_rnd(2), ncon[3], nobj[3];
    char p[512];
    bx_write_parties(dir, nacc, ncon, nobj);
    bx_write_activities(dir, nacc, ncon, nobj, commitments);
    bx_write_policy(dir, min_hours);
    snprintf(p, sizeof p, "%s/scenarios.csv", dir);
    unlink(p);
    return nacc;
}

#endif /* KP_BRUTE_H */
