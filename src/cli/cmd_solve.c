/*
 * cmd_solve.c - `kamplan solve`: validate, solve the scenarios (or a sweep)
 * in parallel, print a summary, and write the output files. Ctrl-C stops
 * the batch cleanly; progress goes to stderr when it is a terminal. Under
 * mpirun every rank runs it: rank 0 as the program the user sees (the
 * scenarios spread over the ranks by src/cluster), the others only
 * loading the instance and solving what rank 0 hands them.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cluster/cluster.h"

/* "none", or a comma-separated list of gmi, mir, cov, clq. */
static int parse_cuts(const char *s, int *cuts)
{
    static const char *const names[] = {"gmi", "mir", "cov", "clq"};
    *cuts = 0;
    if (strcmp(s, "none") == 0)
        return 0;
    while (*s) {
        size_t n = strcspn(s, ","), k;
        for (k = 0; k < 4; k++)
            if (n == 3 && strncmp(s, names[k], 3) == 0)
                break;
        if (k == 4)
            return -1;
        *cuts |= 1 << k;
        s += n + (s[n] == ',');
    }
    return *cuts ? 0 : -1;
}

/* --marginal's optional list: "P%", "hours=D", "budget=D", comma-separated
 * (D > 0). Returns 0 or -1. */
static int parse_marginal(const char *s, kp_batch_opts *bo)
{
    char buf[64];
    while (*s) {
        size_t n = strcspn(s, ",");
        double v, *dst;
        const char *num = buf;
        if (n == 0 || n >= sizeof buf)
            return -1;
        memcpy(buf, s, n);
        buf[n] = '\0';
        if (strncmp(buf, "hours=", 6) == 0) {
            dst = &bo->marginal_hours;
            num += 6;
        } else if (strncmp(buf, "budget=", 7) == 0) {
            dst = &bo->marginal_budget;
            num += 7;
        } else if (n > 1 && buf[n - 1] == '%') {
            dst = &bo->marginal_pct;
            buf[n - 1] = '\0';
        } else {
            return -1;
        }
        if (parse_double(num, &v) != 0 || !(v > 0))
            return -1;
        *dst = v;
        s += n + (s[n] == ',');
    }
    return 0;
}

static void fmt(char *buf, size_t len, double x)
{
    if (isnan(x))
        snprintf(buf, len, "unlimited");
    else
        snprintf(buf, len, "%.10g", x);
}

/* "12.5 (10 to 14)", or "12.5" when the range is exact. */
static void print_marginal(const char *what, double delta, double per, double lo,
                           double hi)
{
    printf("  one more %s: +%.6g", what, per);
    if (!isnan(hi) && (hi - lo) > 1e-9 * (1 + fabs(per)))
        printf(" (between %.6g and %.6g)", lo, hi);
    if (!isnan(delta))
        printf(", re-solved at +%.6g", delta);
    printf("\n");
}

/* Where the time of a solve went: column generation, branch-and-cut. */
static void print_times(const kp_result_summary *m)
{
    if (m->rounds)
        printf("  time    column generation %.2f s (%d rounds, %ld account "
               "subproblems %.2f s, master LP %.2f s, master MIP %.2f s)%s\n",
               m->decomp_seconds, m->rounds, m->subproblems, m->pricing_seconds,
               m->master_seconds, m->master_mip_seconds, m->bb_seconds > 0 ? "," : "");
    if (m->bb_seconds > 0)
        printf("  %s branch-and-cut on the whole model %.2f s\n",
               m->rounds ? "       " : "time   ", m->bb_seconds);
}

/* The plan's key accounts, the first 20 by id, on one line. */
static void print_key_accounts(const kp_instance *in, const kp_result *r, int count)
{
    int shown = 0;
    printf("  key accounts (%d):", count);
    for (size_t k = 0; k < kp_instance_accounts(in); k++) {
        kp_qualification q;
        if (!kp_result_key(r, k))
            continue;
        if (shown++ == 20) {
            printf(" ... and %d more (accounts.csv)", count - 20);
            break;
        }
        kp_instance_qualification(in, k, &q);
        printf(" %s", q.account_id);
    }
    printf("\n");
}

/* The value of one more hour of each manager's and each period's own
 * hours (--marginal with managers.csv or periods.csv). */
static void print_capacity_marginals(const kp_instance *in, const kp_batch_outcome *oc)
{
    char what[160];
    for (size_t m = 0; oc->manager_marginal && m < kp_instance_managers(in); m++) {
        const double *f = &oc->manager_marginal[4 * m];
        snprintf(what, sizeof what, "hour of manager %s", kp_instance_manager_id(in, m));
        if (!isnan(f[1]))
            print_marginal(what, f[0], f[1], f[2], f[3]);
    }
    for (size_t p = 0; oc->period_marginal && p < kp_instance_periods(in); p++) {
        const double *f = &oc->period_marginal[4 * p];
        snprintf(what, sizeof what, "hour in period %s", kp_instance_period_id(in, p));
        if (!isnan(f[1]))
            print_marginal(what, f[0], f[1], f[2], f[3]);
    }
}

/* The value of one more hour and unit of budget (--marginal). */
static void print_marginals(const kp_instance *in, const kp_batch_outcome *oc)
{
    if (!isnan(oc->value_per_hour))
        print_marginal("hour", oc->hours_delta, oc->value_per_hour,
                       oc->value_per_hour_min, oc->value_per_hour_max);
    if (!isnan(oc->value_per_budget))
        print_marginal("unit of budget", oc->budget_delta, oc->value_per_budget,
                       oc->value_per_budget_min, oc->value_per_budget_max);
    print_capacity_marginals(in, oc);
    if (oc->marginal_note[0])
        printf("  marginal values: %s\n", oc->marginal_note);
}

/* Prints scenario s: its status, plan figures and marginal values, or
 * why it has no plan or was not run (r NULL). */
static void print_result(const kp_instance *in, size_t s, const kp_result *r,
                         const kp_batch_outcome *oc)
{
    kp_result_summary m;
    char a[32], b[32];
    if (!r) {
        printf("scenario %s: %s\n", kp_instance_scenario_id(in, s), oc->why);
        return;
    }
    kp_result_get_summary(r, &m);
    printf("scenario %s: %s", kp_instance_scenario_id(in, s),
           kp_result_status_name(m.status));
    if (m.status != KP_RES_OPTIMAL && m.status != KP_RES_FEASIBLE) {
        const char *msg = kp_result_message(r);
        printf("%s%s\n", *msg ? ": " : "", msg);
        return;
    }
    printf(", value %.10g", m.objective);
    if (m.status == KP_RES_FEASIBLE && !isnan(m.bound))
        printf(" (bound %.10g, gap %.4g%%)", m.bound, m.gap_pct);
    printf(" in %.2f s\n", m.seconds);
    if (*m.bound_source)
        printf("  bound   %s\n", m.bound_source);
    print_times(&m);
    fmt(a, sizeof a, m.hours_available);
    printf("  hours   %.10g of %s\n", m.hours_used, a);
    fmt(b, sizeof b, m.budget_available);
    printf("  budget  %.10g of %s\n", m.budget_used, b);
    print_key_accounts(in, r, m.key_accounts);
    printf("  activities chosen: %d\n", m.activities);
    if (m.changes >= 0)
        printf("  replan  value %.10g, %ld changes against the previous plan\n",
               m.plan_value, m.changes);
    print_marginals(in, oc);
}

/* r's status (enum kp_result_status); KP_RES_NO_SOLUTION for a scenario
 * that was not run (r NULL). */
static int status_of(const kp_result *r)
{
    kp_result_summary m;
    if (!r)
        return KP_RES_NO_SOLUTION;
    kp_result_get_summary(r, &m);
    return m.status;
}

/* 1 when r holds a plan (optimal or feasible). */
static int has_plan(const kp_result *r)
{
    int status = status_of(r);
    return status == KP_RES_OPTIMAL || status == KP_RES_FEASIBLE;
}

/* Progress on stderr, rewriting one line; only when stderr is a terminal
 * and not --quiet (the caller decides). Called one at a time. */
static void progress(void *info, const kp_batch_progress *p)
{
    int *shown = info;
    fprintf(stderr, "\r%s: %zu of %zu solves done, %.0f s elapsed", prog,
            p->done, p->total, p->elapsed);
    if (p->done < p->total && !isnan(p->remaining))
        fprintf(stderr, ", about %.0f s left  ", p->remaining);
    else
        fprintf(stderr, "%20s", "");
    fflush(stderr);
    *shown = 1;
}

struct solve_args {
    struct common_args c;
    kp_batch_opts bo;
    double t0;                  /* when the batch started (seconds_now) */
    cluster_stats stats;        /* what rank 0 measured of the batch */
    double write_seconds;       /* rank 0 writing the result set */
    unsigned long long seed;    /* --seed: of the sampled futures */
    struct replan_args rp;      /* --from, --max-changes, --change-cost */
    int why;                    /* --why: the reasons into why.csv */
    kp_why_row *why_rows;       /* every scenario's, in scenario order */
    size_t nwhy;
};

/* Where a solve's stages are told (kp_solve_opts.progress). */
struct stage_sink {
    const kp_instance *in;
    FILE *log;                  /* --progress's file, or NULL */
    int tty;                    /* stderr is a terminal, and not --quiet */
    int *shown;                 /* set when a line went to the terminal */
};

/* A number for the progress line and file: empty when unknown. */
static const char *num(char *buf, size_t n, double v)
{
    if (isnan(v))
        return "";
    snprintf(buf, n, "%.10g", v);
    return buf;
}

/* One stage of a solve: a CSV line to --progress's file, and on a terminal
 * the line that updates (as cbc and HiGHS print). Solves on several threads
 * take turns. */
static void stage_progress(void *info, const kp_solve_progress *p)
{
    struct stage_sink *k = info;
    char b[32], v[32], g[32];
    const char *id = p->scenario_id ? p->scenario_id
                                    : kp_instance_scenario_id(k->in, p->scenario);
    num(b, sizeof b, p->bound);
    num(v, sizeof v, p->value);
    num(g, sizeof g, p->gap_pct);
    #pragma omp critical(kp_cli_progress)
    {
        if (k->log) {
            fprintf(k->log, "%.3f,%s,%s,%d,%s,%s,%s\n", p->elapsed, id, p->stage,
                    p->round, isnan(p->bound) ? "" : b, isnan(p->value) ? "" : v,
                    isnan(p->gap_pct) ? "" : g);
            fflush(k->log);
        }
        if (k->tty) {
            fprintf(stderr, "\r%s: %s: %s, round %d, bound %s, plan %s, gap %s%%, %.1f s    ",
                    prog, id, p->stage, p->round, isnan(p->bound) ? "-" : b,
                    isnan(p->value) ? "-" : v, isnan(p->gap_pct) ? "-" : g, p->elapsed);
            fflush(stderr);
            *k->shown = 1;
        }
    }
}

/* A scenario back on rank 0 from any rank (several ranks): the terminal's
 * line as progress() writes it, and a line "done" in --progress's file
 * (the stages of the other ranks' solves stay on their ranks). */
static void cluster_progress(void *info, const kp_batch_progress *p)
{
    struct stage_sink *k = info;
    #pragma omp critical(kp_cli_progress)
    {
        if (k->log) {
            fprintf(k->log, "%.3f,%s,done,0,,,\n", p->elapsed,
                    kp_instance_scenario_id(k->in, p->scenario));
            fflush(k->log);
        }
        if (k->tty) {
            fprintf(stderr, "\r%s: %zu of %zu scenarios done on %d ranks, %.0f s elapsed",
                    prog, p->done, p->total, cluster_size(), p->elapsed);
            if (p->done < p->total && !isnan(p->remaining))
                fprintf(stderr, ", about %.0f s left  ", p->remaining);
            else
                fprintf(stderr, "%20s", "");
            fflush(stderr);
            *k->shown = 1;
        }
    }
}

/* solve's own options, into the solve_args at ctx. */
static int solve_option(enum option_id id, const char *arg, void *ctx)
{
    struct solve_args *a = ctx;
    kp_solve_opts *so = &a->bo.solve;
    double v;

    switch (id) {
    case OPT_VERBOSE: so->verbose = 1; break;
    case OPT_WHY: a->why = 1; break;
    case OPT_REUSE: a->bo.reuse = 1; break;
    case OPT_PROGRESS: a->c.progress = arg; break;
    case OPT_NO_REUSE: a->bo.reuse = 0; break;
    case OPT_SEED: {
        char *end;
        errno = 0;
        a->seed = strtoull(arg, &end, 10);
        if (!isdigit((unsigned char)*arg) || *end || errno)
            return misuse("--seed: '%s' is not a whole number from 0 to %llu", arg,
                          (unsigned long long)ULLONG_MAX);
        break;
    }
    case OPT_METHOD:
        if (strcmp(arg, "auto") == 0)
            so->method = KP_METHOD_AUTO;
        else if (strcmp(arg, "bb") == 0)
            so->method = KP_METHOD_BB;
        else
            return misuse("--method: '%s' is not 'auto' or 'bb'", arg);
        break;
    case OPT_CUTS:
        if (parse_cuts(arg, &so->cuts) != 0)
            return misuse("--cuts: '%s' is not 'none' or a list of gmi, mir, cov, clq", arg);
        break;
    case OPT_TOTAL_TIME_LIMIT:
        if (parse_double(arg, &a->bo.total_time_limit) || a->bo.total_time_limit <= 0)
            return misuse("--total-time-limit: '%s' is not a positive number of seconds", arg);
        break;
    case OPT_THREADS:
        if (parse_double(arg, &v) || v != floor(v) || v < 1 || v > 1024)
            return misuse("--threads: '%s' is not a whole number from 1 to 1024", arg);
        a->bo.threads = (int)v;
        break;
    case OPT_MARGINAL:
        a->bo.marginal = 1;
        if (arg && parse_marginal(arg, &a->bo) != 0)
            return misuse("--marginal: '%s' is not a list of P%%, hours=D and "
                          "budget=D (positive numbers)", arg);
        break;
    default: return replan_option(&a->rp, id, arg);
    }
    return OPT_GO_ON;
}

/* Parses solve's options into *a. Returns OPT_GO_ON when they are fine,
 * else the exit code (after printing what was wrong). */
static int parse_args(const struct cli_command *self, int argc, char **argv,
                      struct solve_args *a)
{
    int rc;
    memset(a, 0, sizeof *a);
    kp_batch_opts_init(&a->bo);
    a->seed = KP_SAMPLE_SEED_DEFAULT;
    replan_init(&a->rp);
    a->c.so = &a->bo.solve;
    rc = parse_command_line(self, argc, argv, &a->c, solve_option, a);
    if (rc == OPT_GO_ON)
        rc = replan_check(&a->rp);
    a->c.plan = a->rp.from;
    /* The document is all that stdout may hold. */
    if (rc == OPT_GO_ON && json_mode) {
        if (a->bo.solve.verbose)
            note(KP_WARNING, "--verbose is ignored with --format json: GLPK's log "
                 "would go to standard output with the document");
        a->bo.solve.verbose = 0;
    }
    return rc;
}

/* When forced key accounts make every scenario asked for (only, or all
 * when -1) infeasible, the instance itself is wrong: stop, as check does.
 * Otherwise those scenarios are reported infeasible, with the reason,
 * beside the rest. Returns an exit code. */
static int check_forced(const kp_instance *in, long only)
{
    kp_diags *d = kp_diags_new();
    int rc = EXIT_OK;
    if (!d)
        return out_of_memory();
    if (kp_instance_check_forced(in, only, d) ==
        (only >= 0 ? 1 : (int)kp_instance_scenarios(in))) {
        print_diags(d);
        rc = EXIT_DATA;
    }
    kp_diags_free(d);
    return rc;
}

/* Solves the scenarios asked for (only, or all when -1) into res and oc,
 * with progress on a terminal. Returns an exit code. */
static int run_batch(const kp_instance *in, struct solve_args *a, long only,
                     kp_result **res, kp_batch_outcome *oc, kp_diags *d)
{
    size_t ns = kp_instance_scenarios(in);
    unsigned char *select = calloc(ns, 1);
    int shown = 0, st;
    struct stage_sink sink = {in, NULL, !a->c.quiet && isatty(STDERR_FILENO), &shown};
    /* Inside --out, the file is part of the result set. */
    const char *path = a->c.progress_at ? a->c.progress_at : a->c.progress;

    if (!select)
        return out_of_memory();
    if (path && strcmp(path, "-") == 0) {
        sink.log = stderr;
    } else if (path && !(sink.log = fopen(path, "w"))) {
        note(KP_ERROR, "--progress: cannot write %s: %s", a->c.progress, strerror(errno));
        free(select);
        return EXIT_IO;
    }
    if (sink.log)
        fprintf(sink.log, "seconds,scenario,stage,round,bound,plan,gap_pct\n");
    for (size_t s = 0; s < ns; s++) {
        size_t base;
        kp_instance_scenario_sample(in, s, &base);
        select[s] = only < 0 || (size_t)only == base;
    }
    a->bo.select = select;
    a->bo.solve.stop = &interrupted;
    a->t0 = seconds_now();
    if (cluster_size() > 1) {
        a->bo.progress = cluster_progress;
        a->bo.progress_info = &sink;
    } else if (sink.tty) {
        a->bo.progress = progress;
        a->bo.progress_info = &shown;
    }
    if (sink.tty || sink.log) {
        a->bo.solve.progress = stage_progress;
        a->bo.solve.progress_info = &sink;
    }
    st = cluster_solve_batch(in, &a->bo, res, oc, d, &a->stats);
    kp_thread_cleanup();
    if (shown)
        fputc('\n', stderr);
    if (sink.log && sink.log != stderr && fclose(sink.log) != 0)
        note(KP_WARNING, "--progress: error writing %s", a->c.progress);
    a->bo.select = NULL;
    a->bo.solve.progress = NULL;
    free(select);
    return st == KP_OK ? EXIT_OK : exit_for(st);
}

/* The seconds the explanation of infeasible scenario r may take: what its
 * solve left of --time-limit, and what the batch left of
 * --total-time-limit (at least a millisecond); 0 (kp_explain's default)
 * without either. */
static double explain_limit(const struct solve_args *a, const kp_result *r)
{
    kp_result_summary m;
    double limit = 0;
    kp_result_get_summary(r, &m);
    if (a->bo.solve.time_limit > 0)
        limit = a->bo.solve.time_limit - m.seconds;
    if (a->bo.total_time_limit > 0) {
        double left = a->bo.total_time_limit - (seconds_now() - a->t0);
        if (a->bo.solve.time_limit <= 0 || left < limit)
            limit = left;
    }
    if (a->bo.solve.time_limit > 0 || a->bo.total_time_limit > 0)
        limit = limit > 0.001 ? limit : 0.001;
    return limit;
}

/* Reports scenario s of a batch: why it has no plan (a warning, also under
 * --quiet, with the explanation of an infeasible one, within the time its
 * limits left), and unless quiet its result. Returns 1 when it has no
 * plan, else 0. */
static int report_scenario(const kp_instance *in, size_t s, const kp_result *r,
                           const kp_batch_outcome *oc, const struct solve_args *a)
{
    char *why = NULL;
    int status = status_of(r);
    int noplan = !has_plan(r), quiet = a->c.quiet;

    if (noplan) {
        note(KP_WARNING, "scenario %s: %s: %s", kp_instance_scenario_id(in, s),
             kp_result_status_name(status), r ? kp_result_message(r) : oc->why);
        /* Which rules cannot hold together, in a planner's words. */
        if (status == KP_RES_INFEASIBLE && !interrupted &&
            (why = explain_text(in, s, explain_limit(a, r))) != NULL)
            note(KP_WARNING, "scenario %s: why: %s", kp_instance_scenario_id(in, s), why);
    }
    if (!quiet)
        print_result(in, s, r, oc);
    if (!quiet && why)
        printf("  why: %s\n", why);
    free(why);
    return noplan;
}

/* Sampled futures (scenarios.csv's samples, after --sweep): the sampled
 * scenarios appended, from --seed. Returns an exit code. */
static int add_samples(kp_instance *in, const struct solve_args *a)
{
    kp_diags *d = kp_diags_new();
    int st;
    if (!d)
        return out_of_memory();
    st = kp_instance_sample(in, a->seed, d);
    print_diags(d);
    kp_diags_free(d);
    return st == KP_OK ? EXIT_OK : st == KP_EINVAL ? EXIT_DATA : exit_for(st);
}

/* 1 when the instance has sampled scenarios (they come last). */
static int has_samples(const kp_instance *in)
{
    size_t ns = kp_instance_scenarios(in);
    return ns > 0 && kp_instance_scenario_sample(in, ns - 1, NULL) > 0;
}

/* The sampled futures of one scenario, run[0..n-1] of res and oc: not
 * printed one by one (robustness.csv sums them up), but in one line unless
 * quiet, and one warning, naming the first, when some have no plan.
 * Returns the number without a plan. */
static size_t report_samples(const kp_instance *in, size_t first, size_t n,
                             kp_result *const *res, const kp_batch_outcome *oc,
                             int quiet)
{
    size_t base, noplan = 0, solved = 0, bad = first;
    kp_instance_scenario_sample(in, first, &base);
    for (size_t s = first; s < first + n; s++) {
        if (oc[s].state == KP_BATCH_SKIPPED)
            continue;
        solved++;
        if (!has_plan(res[s]) && noplan++ == 0)
            bad = s;
    }
    if (solved == 0)
        return 0;
    if (noplan > 0)
        note(KP_WARNING, "scenario %s: %zu of its %zu sampled futures have no plan; "
             "%s: %s: %s", kp_instance_scenario_id(in, base), noplan, solved,
             kp_instance_scenario_id(in, bad), kp_result_status_name(status_of(res[bad])),
             res[bad] ? kp_result_message(res[bad]) : oc[bad].why);
    if (!quiet)
        printf("scenario %s: %zu sampled futures, %zu with a plan (robustness.csv)\n",
               kp_instance_scenario_id(in, base), solved, solved - noplan);
    return noplan;
}

/* Every scenario's sampled futures (they come last, each scenario's
 * together), as report_samples says. Returns 1 when one has no plan. */
static int report_all_samples(const kp_instance *in, kp_result *const *res,
                              const kp_batch_outcome *oc, int quiet)
{
    size_t ns = kp_instance_scenarios(in), s = ns, noplan = 0;
    while (s > 0 && kp_instance_scenario_sample(in, s - 1, NULL) > 0)
        s--;
    while (s < ns) {
        size_t b, b2, e = s + 1;
        kp_instance_scenario_sample(in, s, &b);
        while (e < ns && (kp_instance_scenario_sample(in, e, &b2), b2 == b))
            e++;
        noplan += report_samples(in, s, e - s, res, oc, quiet);
        s = e;
    }
    return noplan > 0;
}

/* The scenario the report leads with, its base: the one asked for, else
 * the first (even without a plan: the report then says why). */
static size_t report_choice(long only)
{
    return only >= 0 ? (size_t)only : 0;
}

/* solve --why: the reasons of every scenario with a plan (kp_why_run, with
 * the batch's gap, threads and per-scenario time limit) into a->why_rows.
 * Returns an exit code. */
static int run_why(const kp_instance *in, struct solve_args *a, kp_result **res,
                   kp_diags *d)
{
    kp_why_opts wo;
    kp_why_opts_init(&wo);
    wo.solve = a->bo.solve;
    wo.solve.progress = NULL;
    wo.threads = a->bo.threads;
    for (size_t s = 0; s < kp_instance_scenarios(in) && !interrupted; s++) {
        kp_why_row *rows = NULL, *all;
        size_t n = 0;
        if (!has_plan(res[s]) || kp_instance_scenario_sample(in, s, NULL) > 0)
            continue;       /* a sampled future has no reasons of its own */
        int rc = exit_for(kp_why_run(in, s, &wo, res[s], &rows, &n, d));
        if (rc != EXIT_OK)
            return rc;
        if (!(all = realloc(a->why_rows, (a->nwhy + n + 1) * sizeof *all))) {
            kp_why_rows_free(rows, n);
            return out_of_memory();
        }
        memcpy(all + a->nwhy, rows, n * sizeof *rows);
        free(rows);         /* the reasons now belong to a->why_rows */
        a->why_rows = all;
        a->nwhy += n;
    }
    kp_thread_cleanup();
    return EXIT_OK;
}

/* 1 when some outcome has --marginal's figures per manager or period (the
 * result set then holds marginals.csv). */
static int has_capacity_marginals(const kp_batch_outcome *oc, size_t n)
{
    for (size_t s = 0; oc && s < n; s++)
        if (oc[s].manager_marginal || oc[s].period_marginal)
            return 1;
    return 0;
}

/* --out's files and --report's page (then the result set swapped in at
 * once), and the JSON document's results, after a batch that ran. Returns
 * rc, or the failure to write. */
static int write_outputs(const kp_instance *in, struct solve_args *a, long only,
                         kp_result **res, const kp_batch_outcome *oc, int rc,
                         kp_diags *d)
{
    size_t ns = kp_instance_scenarios(in);
    int st_out = KP_OK, st_report = KP_OK;
    if (a->c.out)
        st_out = kp_batch_write(in, res, oc, ns, kp_outset_dir(a->c.set), d);
    if (a->c.out && st_out == KP_OK && replan_of(&a->rp))
        st_out = kp_replan_write(in, res, ns, replan_of(&a->rp), kp_outset_dir(a->c.set), d);
    if (a->c.out && a->why && st_out == KP_OK)
        st_out = kp_why_write(in, a->why_rows, a->nwhy, kp_outset_dir(a->c.set), d);
    if (a->c.report) {
        kp_report_solve_opts ro;
        kp_report_solve_opts_init(&ro);
        ro.why = a->why_rows;
        ro.nwhy = a->nwhy;
        ro.replan = replan_of(&a->rp);
        ro.previous = a->rp.prev;
        st_report = kp_report_solve_ex(in, res, oc, ns, report_choice(only), &ro,
                                       report_file(&a->c), d);
    }
    st_out = commit_output(&a->c, st_out, st_report, d);
    if (a->c.out)
        rc = wrote(st_out, rc, a->c.quiet,
                   "%s/summary.csv, plan.csv, accounts.csv, %s%sfrontier.csv, %schanges.csv%s%s%s",
                   a->c.out, kp_instance_managers(in) ? "managers.csv, " : "",
                   kp_instance_periods(in) ? "periods.csv, " : "",
                   has_capacity_marginals(oc, ns) ? "marginals.csv, " : "",
                   has_samples(in) ? ", robustness.csv" : "",
                   replan_of(&a->rp) ? ", replan.csv" : "", a->why ? ", why.csv" : "");
    if (a->c.report)
        rc = wrote(a->c.report_at ? st_out : st_report, rc, a->c.quiet, "%s",
                   a->c.report);
    if (json_mode) {
        json_member("instance");
        kp_instance_write_json(in, json_body);
        json_member("results");
        kp_batch_write_json_replan(in, res, oc, ns, replan_of(&a->rp), json_body);
        if (a->why) {
            json_member("why");
            kp_why_write_json(in, a->why_rows, a->nwhy, json_body);
        }
    }
    return rc;
}

/* The files solve writes into --out; with --from, replan.csv too; with
 * --why, why.csv. */
static const char *const written[] = {
    "summary.csv", "plan.csv", "accounts.csv", "frontier.csv", "changes.csv",
    "robustness.csv", "managers.csv", "periods.csv", "marginals.csv", NULL
};
static const char *const written_replan[] = {
    "summary.csv", "plan.csv", "accounts.csv", "frontier.csv", "changes.csv",
    "robustness.csv", "replan.csv", NULL
};
static const char *const written_why[] = {
    "summary.csv", "plan.csv", "accounts.csv", "frontier.csv", "changes.csv",
    "robustness.csv", "why.csv", NULL
};
static const char *const written_both[] = {
    "summary.csv", "plan.csv", "accounts.csv", "frontier.csv", "changes.csv",
    "robustness.csv", "replan.csv", "why.csv", NULL
};

/* Under mpirun, before the instance is opened: a rank but 0 neither
 * writes nor locks --out, and says nothing (main silenced it). */
static void as_worker(struct solve_args *a)
{
    a->c.out = a->c.report = a->c.progress = NULL;
    a->c.quiet = 1;
}

/* After every rank opened the instance (rc: this rank's exit code): the
 * code every rank goes on with (cluster_agree), said on rank 0 when
 * another rank failed; and, once, that --reuse is not used across ranks. */
static int agree_to_start(struct solve_args *a, int rc)
{
    int failed;
    rc = cluster_agree(rc, &failed);
    if (cluster_rank() != 0)
        return rc;
    if (failed > 0)
        note(KP_ERROR, "rank %d could not open the instance or the sweep (exit %d): "
             "every rank reads %s itself", failed, rc, a->c.dir);
    if (rc == EXIT_OK && a->bo.reuse && cluster_size() > 1) {
        note(KP_WARNING, "--reuse is not used across %d ranks: each scenario is "
             "solved from scratch", cluster_size());
        a->bo.reuse = 0;
    }
    return rc;
}

/* With several ranks and not --quiet: where the batch's time went. */
static void print_cluster(const struct solve_args *a)
{
    const cluster_stats *st = &a->stats;
    if (cluster_size() == 1 || a->c.quiet)
        return;
    printf("cluster: %d ranks", cluster_size());
    if (st->lost)
        printf(" (%d given up)", st->lost);
    printf(", batch %.2f s, rank 0 receiving %.3f s and writing %.3f s\n",
           st->batch_seconds, st->gather_seconds, a->write_seconds);
}

/* kamplan solve: returns the exit code (cli.h). */
int cmd_solve(const struct cli_command *self, int argc, char **argv)
{
    struct solve_args a;
    int rc, rc2;
    long only;
    size_t ns = 0, finished = 0, listed = 0;
    kp_instance *in = NULL;
    kp_result **res = NULL;
    kp_batch_outcome *oc = NULL;
    kp_diags *d = NULL;

    if ((rc = parse_args(self, argc, argv, &a)) != OPT_GO_ON)
        return rc;
    a.c.writes = a.rp.from ? (a.why ? written_both : written_replan)
                           : (a.why ? written_why : written);
    if (cluster_rank() > 0)
        as_worker(&a);
    if ((rc = open_instance(self, &a.c, &in, &only)) == EXIT_OK)
        rc = check_forced(in, only);
    if (rc == EXIT_OK)
        rc = add_samples(in, &a);
    if (rc == EXIT_OK && (rc = replan_open(&a.rp, in, only)) == EXIT_OK)
        a.bo.solve.replan = replan_of(&a.rp);
    if ((rc = agree_to_start(&a, rc)) != EXIT_OK)
        goto out;
    ns = kp_instance_scenarios(in);
    d = kp_diags_new();
    res = calloc(ns, sizeof *res);
    oc = calloc(ns, sizeof *oc);
    if (!d || !res || !oc) {
        rc = out_of_memory();
        goto out;
    }
    catch_sigint();
    if (cluster_size() > 1)
        catch_job_signals();
    /* A batch that failed (out of memory, said) writes nothing and lists
     * nothing: a result set is whole or absent. */
    if ((rc = run_batch(in, &a, only, res, oc, d)) != EXIT_OK) {
        release_sigint();
        goto out;
    }
    if (cluster_rank() > 0)
        goto out;
    for (size_t s = 0; s < ns; s++) {
        if (oc[s].state == KP_BATCH_SKIPPED)
            continue;
        listed++;
        finished += res[s] != NULL;
        if (kp_instance_scenario_sample(in, s, NULL) == 0 &&
            report_scenario(in, s, res[s], &oc[s], &a) && rc == EXIT_OK)
            rc = EXIT_NOPLAN;
    }
    if (report_all_samples(in, res, oc, a.c.quiet) && rc == EXIT_OK)
        rc = EXIT_NOPLAN;
    if (a.why && listed > 0 && (rc2 = run_why(in, &a, res, d)) != EXIT_OK) {
        rc = rc2;
        release_sigint();
        goto out;
    }
    if (listed > 0) {
        double t = seconds_now();
        rc = write_outputs(in, &a, only, res, oc, rc, d);
        a.write_seconds = seconds_now() - t;
    }
    /* Until the files are written, Ctrl-C only asks to stop. */
    release_sigint();
    print_diags(d);
    print_cluster(&a);
    if (interrupted && rc != EXIT_IO) {
        say_interrupted(finished, listed, "ran; the rest are marked not run");
        rc = EXIT_INTERRUPTED;
    }
out:
    release_sigint();
    close_output(&a.c);
    replan_close(&a.rp);
    for (size_t s = 0; res && s < ns; s++)
        kp_result_free(res[s]);
    free(res);
    free(oc);
    kp_why_rows_free(a.why_rows, a.nwhy);
    kp_diags_free(d);
    kp_instance_free(in);
    return rc;
}
