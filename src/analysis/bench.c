/*
 * bench.c - kamplan bench: the optimal plan against the plans of plain
 * heuristics (heuristics.c), each checked by the independent plan check
 * before its value counts, and bench.csv.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"

/* rules_broken of a row that breaks no rule: not malloc'd. */
static const char NO_RULES[] = "";

/* Frees row's rules_broken unless it is NO_RULES (or NULL: never run),
 * and makes it NO_RULES. */
static void rows_release(kp_bench_row *row)
{
    if (row->rules_broken && row->rules_broken != NO_RULES)
        free((char *)row->rules_broken);
    row->rules_broken = NO_RULES;
}

/* kamplan.h. */
void kp_bench_rows_clear(kp_bench_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i].rules_broken)
            rows_release(&rows[i]);
}

/* Fills row's figures from plan counts for scenario s (with a team, its
 * managers mgr; NULL: kp__team_assign's; with periods, its counts per
 * period pcounts; NULL: as kp__periods_place puts them): the
 * check's value and violations, hours, budget, key accounts, activities.
 * Returns 0 or -1 (memory). */
static int judge(const kp_instance *in, size_t s, const int *counts, const int *mgr,
                 const int *pcounts, kp_bench_row *row)
{
    kp_violations *v = kp_violations_new();
    kp__str names = KP__STR_INIT;
    unsigned seen = 0;
    int bad = v ? kp__plan_check_violations_full(in, s, counts, mgr, pcounts, &row->value, v)
                : -1;

    if (bad < 0) {
        kp_violations_free(v);
        return -1;
    }
    row->violations = bad;
    for (size_t i = 0; i < kp_violations_count(v); i++) {
        int rule = kp_violations_get(v, i)->rule;
        if (seen & KP__RULE_BIT(rule))
            continue;
        seen |= KP__RULE_BIT(rule);
        kp__str_addf(&names, "%s%s", names.len ? " " : "", kp_rule_name(rule));
    }
    if (names.oom) {
        kp__str_free(&names);
        kp_violations_free(v);
        return -1;
    }
    if (names.len) {
        char *text = kp__str_take(&names);
        if (!text) {
            kp_violations_free(v);
            return -1;
        }
        rows_release(row);
        row->rules_broken = text;
    }
    row->hours_used = row->budget_used = 0;
    row->activities = row->key_accounts = 0;
    for (size_t a = 0; a < in->nact; a++) {
        row->hours_used += counts[a] * in->act[a].hours;
        row->budget_used += counts[a] * in->act[a].cost;
        row->activities += counts[a] > 0;
    }
    for (size_t k = 0; k < in->nacc; k++) {
        int key = kp__acc_status(in, &in->scen[s], (int)k) == KP_KEY;
        for (int i = in->act_start[k]; !key && i < in->act_start[k + 1]; i++)
            key = counts[in->act_idx[i]] > 0;
        row->key_accounts += key;
    }
    kp_violations_free(v);
    return 0;
}

/* Heuristic h's row for scenario s, its plan made in counts[] before
 * kp__now() passes deadline (<= 0: none) or *stop is raised (NULL: none):
 * the plan checked, or status KP_RES_NO_SOLUTION (no figures) when the
 * heuristic was stopped before its plan was complete. Returns KP_OK,
 * KP_EINVAL or KP_ENOMEM. */
static int run_heuristic(const kp_instance *in, size_t s, int h, double deadline,
                         volatile const int *stop, int *counts, kp_bench_row *row)
{
    double t0 = kp__now();
    int cut, rc = kp__heuristic_plan_until(in, s, h, counts, deadline, stop, &cut);

    row->scenario = s;
    row->method = kp_heuristic_name(h);
    row->value = row->share_pct = NAN;
    if (rc != KP_OK)
        return rc;
    if (cut)
        row->status = KP_RES_NO_SOLUTION;
    else if (judge(in, s, counts, NULL, NULL, row) != 0)
        return KP_ENOMEM;
    else
        row->status = row->violations ? KP_RES_INFEASIBLE : KP_RES_FEASIBLE;
    row->seconds = kp__now() - t0;
    return KP_OK;
}

/* kamplan.h: the heuristics first, then the optimum, then each share.
 * Under a time limit the heuristics may use half of it at most (each its
 * eighth, and what those before it left): long closures that share
 * prerequisites are still walked move by move (solve/closure.c rates the
 * others by their sums), and the optimum must keep its time.
 * The optimum gets what is left. */
int kp_bench_run(const kp_instance *in, size_t s, const kp_solve_opts *so,
                 kp_bench_row *rows, kp_diags *d)
{
    kp_result *r = NULL;
    kp_result_summary m;
    kp_solve_opts o;
    int *counts = NULL, rc = KP_OK;
    double t0 = kp__now(), opt = NAN;

    if (s >= in->nscen)
        return KP_EINVAL;
    if (so)
        o = *so;
    else
        kp_solve_opts_init(&o);
    memset(rows, 0, (KP_N_HEURISTICS + 1) * sizeof *rows);
    for (int i = 0; i <= KP_N_HEURISTICS; i++)
        rows[i].rules_broken = NO_RULES;
    counts = calloc(in->nact + 1, sizeof *counts);
    if (!counts)
        return KP_ENOMEM;
    for (int h = 0; h < KP_N_HEURISTICS && rc == KP_OK; h++)
        rc = run_heuristic(in, s, h, o.time_limit > 0 ? t0 + o.time_limit * (h + 1) /
                           (2 * KP_N_HEURISTICS) : 0, o.stop, counts, &rows[1 + h]);
    if (rc != KP_OK)
        goto out;
    if (o.time_limit > 0) {
        double left = o.time_limit - (kp__now() - t0);
        o.time_limit = left > 0.001 ? left : 0.001;
    }
    t0 = kp__now();
    rc = kp_solve(in, s, &o, &r, d);
    if (rc != KP_OK)
        goto out;
    kp_result_get_summary(r, &m);
    rows[0].scenario = s;
    rows[0].method = "optimum";
    rows[0].status = m.status;
    rows[0].value = rows[0].share_pct = NAN;
    if (m.status == KP_RES_OPTIMAL || m.status == KP_RES_FEASIBLE) {
        for (size_t a = 0; a < in->nact; a++)
            counts[a] = kp_result_count(r, a);
        /* The optimum is judged in its own managers and periods. */
        if (judge(in, s, counts, r->mgr, r->pcounts, &rows[0]) != 0) {
            rc = KP_ENOMEM;
            goto out;
        }
        opt = rows[0].value;
        rows[0].share_pct = 100;
    }
    rows[0].seconds = kp__now() - t0;
    for (int h = 1; h <= KP_N_HEURISTICS && kp__isset(opt); h++) {
        double v = rows[h].value;
        if (kp__isset(v))
            rows[h].share_pct = opt == 0 ? (v == 0 ? 100 : NAN) : 100 * v / opt;
    }
out:
    kp_result_free(r);
    free(counts);
    return rc;
}

/* The bench status column: the optimum's solve status, or whether a
 * heuristic's plan is valid (or was stopped before it was complete). */
static const char *status_text(const kp_bench_row *r)
{
    if (strcmp(r->method, "optimum") == 0)
        return kp_result_status_name(r->status);
    return r->status == KP_RES_FEASIBLE ? "valid" : r->status == KP_RES_NO_SOLUTION
           ? "stopped" : r->status == KP_RES_ERROR ? "error" : "breaks_rules";
}

struct bench_files {
    const kp_instance *in;
    const kp_bench_row *rows;
    size_t n;
};

/* bench.csv: one row per method and scenario. */
static void body_bench(kp__tab *t, int i, const void *info)
{
    const struct bench_files *x = info;
    (void)i;
    kp__tab_begin(t, "bench", "scenario,method,status,value,share_pct,hours_used,"
                  "hours_available,budget_used,budget_available,key_accounts,"
                  "activities,violations,rules_broken,seconds");
    for (size_t j = 0; j < x->n; j++) {
        const kp_bench_row *r = &x->rows[j];
        const kp__scenario *sc = &x->in->scen[r->scenario];
        int plan = kp__isset(r->value);
        kp__tab_text(t, sc->id);
        kp__tab_text(t, r->method);
        kp__tab_text(t, status_text(r));
        kp__tab_num(t, r->value);
        kp__tab_num(t, r->share_pct);
        kp__tab_num(t, plan ? r->hours_used : NAN);
        kp__tab_num(t, sc->hours);
        kp__tab_num(t, plan ? r->budget_used : NAN);
        kp__tab_num(t, sc->budget);
        kp__tab_num(t, plan ? r->key_accounts : NAN);
        kp__tab_num(t, plan ? r->activities : NAN);
        kp__tab_num(t, plan ? r->violations : NAN);
        kp__tab_text(t, r->rules_broken);
        kp__tab_num(t, r->seconds);
        kp__tab_row_end(t);
    }
    kp__tab_end(t);
}

static void bench_csv(FILE *f, int i, const void *info)
{
    kp__tab t;
    kp__tab_init(&t, f, 0);
    body_bench(&t, i, info);
}

/* kamplan.h: bench.csv, all or nothing (output.c). */
int kp_bench_write(const kp_instance *in, const kp_bench_row *rows, size_t n,
                   const char *outdir, kp_diags *d)
{
    static const char *const names[] = {"bench.csv"};
    struct bench_files x = {in, rows, n};
    return kp__write_atomic(outdir, names, 1, bench_csv, &x, d);
}

int kp_bench_write_json(const kp_instance *in, const kp_bench_row *rows,
                        size_t n, FILE *f)
{
    struct bench_files x = {in, rows, n};
    return kp__json_tables(f, body_bench, 1, &x);
}
