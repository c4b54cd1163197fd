/*
 * cmd_evaluate.c - `kamplan evaluate` (judge a plan someone made against
 * the rules and the optimum), `kamplan bench` (plain heuristics against
 * the optimum; under mpirun its scenarios spread over the ranks by
 * src/cluster), and the explanation that `solve` prints for an
 * infeasible scenario.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cluster/cluster.h"

/* Accounts whose changes are printed; the rest are in to_optimal.csv. */
#define MAX_SHOWN 40

/* The files evaluate and bench write into --out. */
static const char *const evaluate_written[] = {
    "evaluation.csv", "violations.csv", "to_optimal.csv", NULL
};
static const char *const bench_written[] = {"bench.csv", NULL};

struct judge_args {
    struct common_args c;
    const char *plan;
    kp_solve_opts so;
};

/* The options of evaluate and bench (own: the command's own ones). With
 * exact, the optimum's solve has no gap unless --gap gives one. Returns
 * OPT_GO_ON when they are fine, else the exit code. */
static int parse_judge_args(const struct cli_command *self, int argc, char **argv,
                            int exact, option_fn *own, struct judge_args *a)
{
    memset(a, 0, sizeof *a);
    kp_solve_opts_init(&a->so);
    if (exact)
        a->so.gap_pct = 0;
    a->c.so = &a->so;
    return parse_command_line(self, argc, argv, &a->c, own, a);
}

/* evaluate's own option, --plan, into the judge_args at ctx. */
static int evaluate_option(enum option_id id, const char *arg, void *ctx)
{
    struct judge_args *a = ctx;
    if (id != OPT_PLAN)
        return OPT_NOT_MINE;
    a->plan = a->c.plan = arg;
    return OPT_GO_ON;
}

/* cli.h: kp_explain within the limit, stopped by Ctrl-C, and this
 * thread's GLPK environment freed after. */
char *explain_text(const kp_instance *in, size_t s, double time_limit)
{
    kp_explanation *e = NULL;
    kp_explanation_summary m;
    kp_explain_opts o;
    char *text = NULL;

    kp_explain_opts_init(&o);
    if (time_limit > 0)
        o.time_limit = time_limit;
    o.stop = &interrupted;
    if (kp_explain(in, s, &o, &e, NULL) == KP_OK) {
        kp_explanation_get_summary(e, &m);
        if (m.status == KP_EXPLAIN_INFEASIBLE)
            text = strdup(kp_explanation_text(e));
        else if (m.status == KP_EXPLAIN_UNKNOWN)
            text = strdup(interrupted ? "not found: stopped (Ctrl-C) before any cause "
                          "was shown" : "not found: the time limit ran out before any "
                          "cause was shown");
    }
    kp_explanation_free(e);
    /* The explanation ran GLPK on this thread. */
    kp_thread_cleanup();
    return text;
}

/* A limit for printing: "unlimited" when NaN. */
static void num(char *buf, size_t len, double x)
{
    if (isnan(x))
        snprintf(buf, len, "unlimited");
    else
        snprintf(buf, len, "%.10g", x);
}

/* The changes of one account, from change i on: prints one line and
 * returns the index after them. */
static size_t print_account_changes(const kp_evaluation *e, size_t i)
{
    const kp_change *c = kp_evaluation_change(e, i);
    const char *acc = c->account_id;
    int first = 1;
    printf("    %s:", acc);
    if (!*c->activity_id && !*c->objective_id) {
        if (c->kind == KP_CHANGE_MANAGER)
            printf(" manager %s -> %s;", c->manager_from, c->manager_to);
        else
            printf(" %s", c->kind == KP_CHANGE_ADDED ? "becomes key;" : "stops being key;");
        i++;
    }
    for (; (c = kp_evaluation_change(e, i)) && strcmp(c->account_id, acc) == 0; i++) {
        if (*c->objective_id) {
            printf("%s objective %s %s (%+.10g)", first ? "" : ",", c->objective_id,
                   c->kind == KP_CHANGE_ADDED ? "supported" : "no longer supported",
                   c->value);
            first = 0;
            continue;
        }
        printf("%s %s %s", first ? "" : ",", kp_change_name(c->kind), c->activity_id);
        if (c->kind == KP_CHANGE_MORE || c->kind == KP_CHANGE_FEWER)
            printf(" (%d -> %d)", c->count_from, c->count_to);
        else if (c->kind == KP_CHANGE_MOVED)
            printf(" (%s -> %s)", c->periods_from, c->periods_to);
        else
            printf(" (%d)", c->kind == KP_CHANGE_ADDED ? c->count_to : c->count_from);
        first = 0;
    }
    printf("\n");
    return i;
}

/* 1 when one of e's changes is a change of manager or a move between
 * periods. */
static int has_moves(const kp_evaluation *e)
{
    for (size_t i = 0; i < kp_evaluation_changes(e); i++) {
        int kind = kp_evaluation_change(e, i)->kind;
        if (kind == KP_CHANGE_MANAGER || kind == KP_CHANGE_MOVED)
            return 1;
    }
    return 0;
}

/* "proven bound B" into buf (of size n). Returns buf. */
static const char *bound_words(char *buf, size_t n, double bound)
{
    snprintf(buf, n, "proven bound %.10g", bound);
    return buf;
}

/* Prints one evaluation: the verdict, the figures, each violation with
 * its rule and amount, why there is no optimum, and the changes. */
static void print_evaluation(const kp_instance *in, const kp_evaluation *e)
{
    kp_evaluation_summary m;
    const kp_violations *v = kp_evaluation_violations(e);
    char h[32], b[32];
    size_t shown = 0, i;

    kp_evaluation_get_summary(e, &m);
    printf("scenario %s: ", kp_instance_scenario_id(in, m.scenario));
    if (m.feasible)
        printf("the plan meets every rule");
    else
        printf("the plan breaks %d rule%s", m.violations, m.violations == 1 ? "" : "s");
    printf("; value %.10g", m.value);
    if (m.optimal)
        printf(": it is optimal\n");
    else if (m.feasible && m.gap_pct == 0 && m.optimum_status != KP_RES_OPTIMAL)
        printf(": as good as the best plan found, but not proven optimal (the solve "
               "stopped first; %s)\n", isnan(m.bound) ? "no bound" : bound_words(b, sizeof b, m.bound));
    else if (!isnan(m.optimum) && !isnan(m.gap_pct))
        printf(", %.4g%% below the optimum %.10g%s\n", m.gap_pct, m.optimum,
               m.optimum_status == KP_RES_OPTIMAL ? "" : " (best found)");
    else if (!isnan(m.optimum))
        printf("; the optimum is %.10g%s\n", m.optimum,
               m.optimum_status == KP_RES_OPTIMAL ? "" : " (best found)");
    else
        printf("; %s: %s\n", kp_result_status_name(m.optimum_status),
               m.optimum_status == KP_RES_INFEASIBLE ? "no plan meets every rule"
                                                     : kp_evaluation_note(e));
    num(h, sizeof h, m.hours_available);
    num(b, sizeof b, m.budget_available);
    printf("  hours %.10g of %s, budget %.10g of %s, key accounts %d, activities %d\n",
           m.hours_used, h, m.budget_used, b, m.key_accounts, m.activities);
    for (i = 0; i < kp_violations_count(v); i++) {
        const kp_violation *x = kp_violations_get(v, i);
        num(b, sizeof b, x->amount);
        printf("  - %s (%s): %s\n", kp_rule_name(x->rule), b, x->detail);
    }
    if (m.optimum_status == KP_RES_INFEASIBLE && *kp_evaluation_note(e))
        printf("  why: %s\n", kp_evaluation_note(e));
    if (kp_evaluation_changes(e)) {
        printf("  to reach the optimal plan (value %+.10g):\n", m.optimum - m.value);
        for (i = 0; i < kp_evaluation_changes(e) && shown < MAX_SHOWN; shown++)
            i = print_account_changes(e, i);
        if (i < kp_evaluation_changes(e))
            printf("    ... and more (to_optimal.csv)\n");
        if (has_moves(e))
            printf("  (managers and periods as the optimal plan has them: one way to "
                   "its value, not the only one)\n");
    }
}

/* Reads the plan to judge (for scenario only, or all when -1) into *plan,
 * printing what the reader found. Returns an exit code. */
static int read_plan(const kp_instance *in, const char *path, long only, kp_plan **plan)
{
    kp_diags *d = kp_diags_new();
    int rc;
    if (!d)
        return out_of_memory();
    rc = exit_for(kp_plan_load(in, path, only, plan, d));
    print_diags(d);
    kp_diags_free(d);
    return rc;
}

/* Judges the plan for every scenario it covers (only's, when >= 0) into
 * ev[0 .. *n), printing each unless quiet. *verdict: EXIT_BROKEN when the
 * plan breaks a rule, else EXIT_NOPLAN when a scenario has no optimum,
 * else EXIT_OK. Returns an exit code. */
static int judge(const kp_instance *in, const kp_plan *plan, long only,
                 const struct judge_args *a, kp_evaluation **ev, size_t *n,
                 int *verdict, kp_diags *d)
{
    kp_explain_opts eo;
    int broken = 0, noplan = 0, rc = EXIT_OK;

    /* The library gives the explanation what the solve left of the time
     * limit (kp_plan_evaluate). */
    kp_explain_opts_init(&eo);
    if (a->so.time_limit > 0)
        eo.time_limit = a->so.time_limit;
    eo.stop = &interrupted;
    for (size_t s = 0; s < kp_instance_scenarios(in) && rc == EXIT_OK && !interrupted;
         s++) {
        kp_evaluation_summary m;
        if ((only >= 0 && (size_t)only != s) || !kp_plan_covers(plan, s))
            continue;
        rc = exit_for(kp_plan_evaluate(in, plan, s, &a->so, &eo, &ev[*n], d));
        if (rc != EXIT_OK)
            break;
        kp_evaluation_get_summary(ev[*n], &m);
        broken |= !m.feasible;
        noplan |= isnan(m.optimum);
        if (!a->c.quiet)
            print_evaluation(in, ev[*n]);
        (*n)++;
    }
    kp_thread_cleanup();
    *verdict = broken ? EXIT_BROKEN : noplan ? EXIT_NOPLAN : EXIT_OK;
    return rc;
}

/* The scenarios the plan is judged for (only's, when >= 0). */
static size_t covered(const kp_instance *in, const kp_plan *plan, long only)
{
    size_t n = 0;
    for (size_t s = 0; plan && s < kp_instance_scenarios(in); s++)
        n += (only < 0 || (size_t)only == s) && kp_plan_covers(plan, s);
    return n;
}

/* kamplan evaluate: load, read the plan, judge it per scenario, write.
 * Exit 6 when a plan breaks a rule, 3 when a scenario has no optimum, 130
 * after Ctrl-C (the scenarios judged are written). */
int cmd_evaluate(const struct cli_command *self, int argc, char **argv)
{
    struct judge_args a;
    kp_instance *in = NULL;
    kp_plan *plan = NULL;
    kp_evaluation **ev = NULL;
    kp_diags *d = NULL;
    size_t n = 0;
    long only;
    int rc, verdict, st_out = KP_OK, st_report = KP_OK;

    /* Judging a plan needs the optimum itself, not one within 0.01 %. */
    rc = parse_judge_args(self, argc, argv, 1, evaluate_option, &a);
    if (rc == OPT_GO_ON && !a.plan)
        rc = misuse("%s", "evaluate: give the plan to judge with --plan FILE");
    if (rc != OPT_GO_ON)
        return rc;
    a.c.writes = evaluate_written;
    if ((rc = open_instance(self, &a.c, &in, &only)) != EXIT_OK)
        goto out;
    d = kp_diags_new();
    ev = calloc(kp_instance_scenarios(in), sizeof *ev);
    if (!d || !ev) {
        rc = out_of_memory();
        goto out;
    }
    if ((rc = read_plan(in, a.plan, only, &plan)) != EXIT_OK)
        goto out;
    a.so.stop = &interrupted;
    catch_sigint();
    if ((rc = judge(in, plan, only, &a, ev, &n, &verdict, d)) != EXIT_OK)
        goto out;
    if (a.c.out)
        st_out = kp_evaluations_write(in, ev, n, kp_outset_dir(a.c.set), d);
    if (a.c.report)
        st_report = kp_report_evaluate(in, ev, n, report_file(&a.c), d);
    st_out = commit_output(&a.c, st_out, st_report, d);
    if (a.c.out)
        rc = wrote(st_out, rc, a.c.quiet, "%s/evaluation.csv, violations.csv, "
                   "to_optimal.csv", a.c.out);
    if (a.c.report)
        rc = wrote(a.c.report_at ? st_out : st_report, rc, a.c.quiet, "%s",
                   a.c.report);
    if (json_mode) {
        json_member("results");
        kp_evaluations_write_json(in, ev, n, json_body);
    }
    if (rc == EXIT_OK)
        rc = verdict;
out:
    close_output(&a.c);
    /* Until the files are written, Ctrl-C only asks to stop. */
    release_sigint();
    print_diags(d);
    if (interrupted && rc != EXIT_IO && rc != EXIT_INTERNAL) {
        say_interrupted(n, covered(in, plan, only), "judged; the rest are left out");
        rc = EXIT_INTERRUPTED;
    }
    for (size_t i = 0; ev && i < n; i++)
        kp_evaluation_free(ev[i]);
    free(ev);
    kp_plan_free(plan);
    kp_diags_free(d);
    kp_instance_free(in);
    return rc;
}

/* One bench table line. */
static void print_row(const kp_bench_row *r)
{
    if (isnan(r->value)) {
        /* A heuristic without figures was stopped before its plan was
         * complete. */
        printf("  %-15s %14s\n", r->method, strcmp(r->method, "optimum") == 0
               ? kp_result_status_name(r->status) : "stopped");
        return;
    }
    printf("  %-15s %14.10g ", r->method, r->value);
    if (isnan(r->share_pct))
        printf("%8s", "-");
    else
        printf("%7.2f%%", r->share_pct);
    printf(" %10.10g %12.10g %4d %5d  %s\n", r->hours_used, r->budget_used,
           r->key_accounts, r->activities, *r->rules_broken ? r->rules_broken : "-");
}

/* Prints scenario s's bench table (rows r[0 .. per), the optimum first)
 * and, when the optimum is infeasible, why (an explanation within limit
 * seconds; 0: kp_explain's default). */
static void print_bench(const kp_instance *in, size_t s, const kp_bench_row *r, int per,
                        double limit)
{
    printf("scenario %s: optimum %s", kp_instance_scenario_id(in, s),
           kp_result_status_name(r[0].status));
    if (!isnan(r[0].value))
        printf(", value %.10g", r[0].value);
    printf(" in %.2f s\n", r[0].seconds);
    printf("  %-15s %14s %8s %10s %12s %4s %5s  %s\n", "method", "value", "share",
           "hours", "budget", "key", "acts", "rules broken");
    for (int i = 0; i < per; i++)
        print_row(&r[i]);
    if (r[0].status == KP_RES_INFEASIBLE && !interrupted) {
        char *why = explain_text(in, s, limit);
        if (why)
            printf("  why: %s\n", why);
        free(why);
    }
}

/* --format json: why scenario s's optimum is infeasible (an explanation
 * within limit seconds; 0: kp_explain's default), as a warning in the
 * document. */
static void note_infeasible(const kp_instance *in, size_t s, double limit)
{
    char *why = interrupted ? NULL : explain_text(in, s, limit);
    note(KP_WARNING, "scenario %s: the optimum: infeasible%s%s",
         kp_instance_scenario_id(in, s), why ? ": why: " : "", why ? why : "");
    free(why);
}

/* What a scenario's benchmark, begun at t0, left of the time limit for
 * the explanation of an infeasible optimum: at least a millisecond, or 0
 * (kp_explain's default) without a limit. */
static double bench_left(const struct judge_args *a, double t0)
{
    double left = a->so.time_limit - (seconds_now() - t0);
    if (a->so.time_limit <= 0)
        return 0;
    return left > 0.001 ? left : 0.001;
}

/* Several ranks: a scenario back on rank 0, on a terminal. */
static void bench_progress(void *info, const kp_batch_progress *p)
{
    (void)info;
    fprintf(stderr, "\r%s: %zu of %zu scenarios benchmarked on %d ranks, %.0f s elapsed ",
            prog, p->done, p->total, cluster_size(), p->elapsed);
    if (p->done == p->total)
        fputc('\n', stderr);
    fflush(stderr);
}

/* What scenario s's benchmark (rows r, run on any rank) left of the time
 * limit for the explanation of an infeasible optimum, as bench_left. */
static double bench_rows_left(const struct judge_args *a, const kp_bench_row *r, int per)
{
    double used = 0;
    for (int i = 0; i < per; i++)
        used += isnan(r[i].seconds) ? 0 : r[i].seconds;
    if (a->so.time_limit <= 0)
        return 0;
    return a->so.time_limit - used > 0.001 ? a->so.time_limit - used : 0.001;
}

/* Several ranks (every rank calls it): the scenarios (only's, when >= 0)
 * spread over the ranks by cluster_bench; on rank 0 their rows go into
 * rows[0 .. *n) in scenario order, each printed as one process prints it,
 * and *noplan is set when a scenario has no optimum. Returns an exit
 * code. */
static int bench_ranks(const kp_instance *in, const struct judge_args *a, long only,
                       kp_bench_row *rows, size_t *n, int *noplan, kp_diags *d,
                       cluster_stats *st)
{
    const int per = KP_N_HEURISTICS + 1;
    size_t ns = kp_instance_scenarios(in);
    kp_bench_row *all = calloc(ns * (size_t)per + 1, sizeof *all);
    unsigned char *select = calloc(ns + 1, 1), *done = calloc(ns + 1, 1);
    kp_batch_opts bo;
    int rc = EXIT_OK;

    if (!all || !select || !done) {
        rc = out_of_memory();
        goto out;
    }
    kp_batch_opts_init(&bo);
    bo.solve = a->so;
    for (size_t s = 0; s < ns; s++)
        select[s] = only < 0 || (size_t)only == s;
    bo.select = select;
    if (cluster_rank() == 0 && !a->c.quiet && !json_mode && isatty(STDERR_FILENO))
        bo.progress = bench_progress;
    if ((rc = exit_for(cluster_bench(in, &bo, all, done, d, st))) != EXIT_OK ||
        cluster_rank() > 0)
        goto out;
    for (size_t s = 0; s < ns; s++) {
        kp_bench_row *r = rows + *n;
        if (!done[s])
            continue;
        /* The rows and their texts move. */
        memcpy(r, all + s * (size_t)per, (size_t)per * sizeof *r);
        memset(all + s * (size_t)per, 0, (size_t)per * sizeof *r);
        *n += (size_t)per;
        *noplan |= isnan(r[0].value);
        if (json_mode && r[0].status == KP_RES_INFEASIBLE)
            note_infeasible(in, s, bench_rows_left(a, r, per));
        if (!a->c.quiet)
            print_bench(in, s, r, per, bench_rows_left(a, r, per));
    }
out:
    if (all)
        kp_bench_rows_clear(all, ns * (size_t)per);
    free(all);
    free(select);
    free(done);
    return rc;
}

/* After every rank opened the instance (rc: this rank's exit code): the
 * code every rank goes on with, said on rank 0 when another rank
 * failed. */
static int bench_agree(const struct judge_args *a, int rc)
{
    int failed;
    rc = cluster_agree(rc, &failed);
    if (cluster_rank() == 0 && failed > 0)
        note(KP_ERROR, "rank %d could not open the instance or the sweep (exit %d): "
             "every rank reads %s itself", failed, rc, a->c.dir);
    return rc;
}

/* With several ranks and not --quiet: where the batch's time went, as
 * solve says it. */
static void print_bench_cluster(const struct judge_args *a, const cluster_stats *st,
                                double write_seconds)
{
    if (cluster_size() == 1 || a->c.quiet)
        return;
    printf("cluster: %d ranks", cluster_size());
    if (st->lost)
        printf(" (%d given up)", st->lost);
    printf(", batch %.2f s, rank 0 receiving %.3f s and writing %.3f s\n",
           st->batch_seconds, st->gather_seconds, write_seconds);
}

/* kamplan bench: each scenario's optimum and heuristics, a table each,
 * bench.csv. Exit 3 when a scenario has no optimum, 130 after Ctrl-C (the
 * scenarios benchmarked are written). Under mpirun every rank runs it:
 * the scenarios spread over the ranks (bench_ranks), rank 0 prints and
 * writes what one process would. */
int cmd_bench(const struct cli_command *self, int argc, char **argv)
{
    struct judge_args a;
    kp_instance *in = NULL;
    kp_bench_row *rows = NULL;
    kp_diags *d = NULL;
    size_t ns = 0, n = 0;
    long only;
    int rc, noplan = 0, st_out = KP_OK, st_report = KP_OK;
    const int per = KP_N_HEURISTICS + 1;
    cluster_stats stats;
    double t_write = 0;

    memset(&stats, 0, sizeof stats);
    if ((rc = parse_judge_args(self, argc, argv, 0, NULL, &a)) != OPT_GO_ON)
        return rc;
    a.c.writes = bench_written;
    if (cluster_rank() > 0) {
        /* A rank but 0 neither writes nor locks --out (main silenced it). */
        a.c.out = a.c.report = NULL;
        a.c.quiet = 1;
    }
    rc = open_instance(self, &a.c, &in, &only);
    if (cluster_size() > 1)
        rc = bench_agree(&a, rc);
    if (rc != EXIT_OK)
        goto out;
    ns = kp_instance_scenarios(in);
    d = kp_diags_new();
    rows = calloc(ns * (size_t)per, sizeof *rows);
    if (!d || !rows) {
        rc = out_of_memory();
        goto out;
    }
    a.so.stop = &interrupted;
    catch_sigint();
    if (cluster_size() > 1) {
        catch_job_signals();
        rc = bench_ranks(in, &a, only, rows, &n, &noplan, d, &stats);
        if (rc != EXIT_OK || cluster_rank() > 0)
            goto out;
    }
    for (size_t s = 0; cluster_size() == 1 && s < ns && !interrupted; s++) {
        kp_bench_row *r = rows + n;
        double t0 = seconds_now();
        if (only >= 0 && (size_t)only != s)
            continue;
        if ((rc = exit_for(kp_bench_run(in, s, &a.so, r, d))) != EXIT_OK)
            goto out;
        n += (size_t)per;
        noplan |= isnan(r[0].value);
        if (json_mode && r[0].status == KP_RES_INFEASIBLE)
            note_infeasible(in, s, bench_left(&a, t0));
        if (!a.c.quiet)
            print_bench(in, s, r, per, bench_left(&a, t0));
    }
    kp_thread_cleanup();
    t_write = seconds_now();
    if (a.c.out)
        st_out = kp_bench_write(in, rows, n, kp_outset_dir(a.c.set), d);
    if (a.c.report)
        st_report = kp_report_bench(in, rows, n, report_file(&a.c), d);
    st_out = commit_output(&a.c, st_out, st_report, d);
    t_write = seconds_now() - t_write;
    if (a.c.out)
        rc = wrote(st_out, rc, a.c.quiet, "%s/bench.csv", a.c.out);
    if (a.c.report)
        rc = wrote(a.c.report_at ? st_out : st_report, rc, a.c.quiet, "%s",
                   a.c.report);
    if (json_mode) {
        json_member("results");
        kp_bench_write_json(in, rows, n, json_body);
    }
    if (rc == EXIT_OK && noplan)
        rc = EXIT_NOPLAN;
out:
    close_output(&a.c);
    /* Until the files are written, Ctrl-C only asks to stop. */
    release_sigint();
    print_diags(d);
    if (n > 0)
        print_bench_cluster(&a, &stats, t_write);
    if (interrupted && rc != EXIT_IO && rc != EXIT_INTERNAL) {
        say_interrupted(n / (size_t)per, only >= 0 ? 1 : ns,
                        "benchmarked; the rest are left out");
        rc = EXIT_INTERRUPTED;
    }
    if (rows)
        kp_bench_rows_clear(rows, ns * (size_t)per);
    free(rows);
    kp_diags_free(d);
    kp_instance_free(in);
    return rc;
}
