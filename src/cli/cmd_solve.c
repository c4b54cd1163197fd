/*
 * cmd_solve.c - `kamplan solve`: validate, solve the scenarios (or a sweep)
 * in parallel, print a summary, and write the output files. Ctrl-C stops
 * the batch cleanly; progress goes to stderr when it is a terminal.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

/* Set by the first Ctrl-C; the batch polls it (kp_solve_opts.stop). */
static volatile sig_atomic_t interrupted;

/* The first SIGINT asks the batch to stop; SA_RESETHAND makes a second
 * one kill the program as usual. */
static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

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
    if (m.status == KP_RES_OPTIMAL || m.status == KP_RES_FEASIBLE) {
        printf(", value %.10g", m.objective);
        if (m.status == KP_RES_FEASIBLE && !isnan(m.bound))
            printf(" (bound %.10g, gap %.4g%%)", m.bound, m.gap_pct);
        printf(" in %.2f s\n", m.seconds);
        if (*m.bound_source)
            printf("  bound   %s\n", m.bound_source);
        if (m.rounds)
            printf("  time    column generation %.2f s (%d rounds, %ld account "
                   "subproblems %.2f s, master LP %.2f s, master MIP %.2f s)%s\n",
                   m.decomp_seconds, m.rounds, m.subproblems, m.pricing_seconds,
                   m.master_seconds, m.master_mip_seconds, m.bb_seconds > 0 ? "," : "");
        if (m.bb_seconds > 0)
            printf("  %s branch-and-cut on the whole model %.2f s\n",
                   m.rounds ? "       " : "time   ", m.bb_seconds);
        fmt(a, sizeof a, m.hours_available);
        printf("  hours   %.10g of %s\n", m.hours_used, a);
        fmt(b, sizeof b, m.budget_available);
        printf("  budget  %.10g of %s\n", m.budget_used, b);
        printf("  key accounts (%d):", m.key_accounts);
        int shown = 0;
        for (size_t k = 0; k < kp_instance_accounts(in); k++) {
            if (!kp_result_key(r, k))
                continue;
            if (shown++ == 20) {
                printf(" ... and %d more (accounts.csv)", m.key_accounts - 20);
                break;
            }
            kp_qualification q;
            kp_instance_qualification(in, k, &q);
            printf(" %s", q.account_id);
        }
        printf("\n  activities chosen: %d\n", m.activities);
        if (!isnan(oc->value_per_hour))
            print_marginal("hour", oc->hours_delta, oc->value_per_hour,
                           oc->value_per_hour_min, oc->value_per_hour_max);
        if (!isnan(oc->value_per_budget))
            print_marginal("unit of budget", oc->budget_delta, oc->value_per_budget,
                           oc->value_per_budget_min, oc->value_per_budget_max);
        if (oc->marginal_note[0])
            printf("  marginal values: %s\n", oc->marginal_note);
    } else {
        const char *msg = kp_result_message(r);
        printf("%s%s\n", *msg ? ": " : "", msg);
    }
}

/* 1 when r holds a plan (optimal or feasible). */
static int has_plan(const kp_result *r)
{
    kp_result_summary m;
    if (!r)
        return 0;
    kp_result_get_summary(r, &m);
    return m.status == KP_RES_OPTIMAL || m.status == KP_RES_FEASIBLE;
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
    const char *out, *scen, *report;
    kp_batch_opts bo;
    kp_sweep_axis axes[2];
    size_t naxes;
    int quiet;
};

/* Parses solve's options into *a. Returns -1 when they are fine, else the
 * exit code (after printing what was wrong, or the help). */
static int parse_args(int argc, char **argv, struct solve_args *a)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"scenario", required_argument, NULL, 's'},
        {"time-limit", required_argument, NULL, 't'},
        {"gap", required_argument, NULL, 'g'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"cuts", required_argument, NULL, 'c'},
        {"method", required_argument, NULL, 'm'},
        {"threads", required_argument, NULL, 'j'},
        {"total-time-limit", required_argument, NULL, 'T'},
        {"sweep", required_argument, NULL, 'S'},
        {"marginal", optional_argument, NULL, 'M'},
        {"reuse", no_argument, NULL, 'U'},
        {"no-reuse", no_argument, NULL, 'R'},
        {"format", required_argument, NULL, 'F'},
        {"report", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    kp_solve_opts *so = &a->bo.solve;
    double v;
    int c;

    while ((c = getopt_long(argc, argv, "o:s:t:g:qvc:j:h", opts, NULL)) != -1) {
        switch (c) {
        case 'm':
            if (strcmp(optarg, "auto") == 0)
                so->method = KP_METHOD_AUTO;
            else if (strcmp(optarg, "bb") == 0)
                so->method = KP_METHOD_BB;
            else
                return misuse("--method: '%s' is not 'auto' or 'bb'", optarg);
            break;
        case 'c':
            if (parse_cuts(optarg, &so->cuts) != 0)
                return misuse("--cuts: '%s' is not 'none' or a list of gmi, mir, cov, clq", optarg);
            break;
        case 'o': a->out = optarg; break;
        case 'r': a->report = optarg; break;
        case 's': a->scen = optarg; break;
        case 't':
            if (parse_double(optarg, &so->time_limit) || so->time_limit <= 0)
                return misuse("--time-limit: '%s' is not a positive number of seconds", optarg);
            break;
        case 'T':
            if (parse_double(optarg, &a->bo.total_time_limit) || a->bo.total_time_limit <= 0)
                return misuse("--total-time-limit: '%s' is not a positive number of seconds", optarg);
            break;
        case 'g':
            if (parse_double(optarg, &so->gap_pct) || so->gap_pct < 0 || so->gap_pct > 100)
                return misuse("--gap: '%s' is not a percentage from 0 to 100", optarg);
            break;
        case 'j':
            if (parse_double(optarg, &v) || v != floor(v) || v < 1 || v > 1024)
                return misuse("--threads: '%s' is not a whole number from 1 to 1024", optarg);
            a->bo.threads = (int)v;
            break;
        case 'S': {
            kp_diags *d = kp_diags_new();
            int bad = !d || a->naxes == 2 ||
                      kp_sweep_axis_parse(optarg, &a->axes[a->naxes], d) != KP_OK;
            if (bad) {
                int rc = !d ? EXIT_INTERNAL
                       : a->naxes == 2 ? misuse("--sweep: '%s': at most two sweeps "
                                                "(hours and budget, a grid)", optarg)
                       : misuse("--sweep: %s", kp_diags_message(d, 0));
                kp_diags_free(d);
                return rc;
            }
            kp_diags_free(d);
            if (a->naxes == 1 && a->axes[0].param == a->axes[1].param)
                return misuse("--sweep: '%s': that value is already swept; a grid "
                              "sweeps hours and budget", optarg);
            a->naxes++;
            break;
        }
        case 'M':
            a->bo.marginal = 1;
            if (optarg && parse_marginal(optarg, &a->bo) != 0)
                return misuse("--marginal: '%s' is not a list of P%%, hours=D and "
                              "budget=D (positive numbers)", optarg);
            break;
        case 'U': a->bo.reuse = 1; break;
        case 'R': a->bo.reuse = 0; break;
        case 'F':
            if ((c = set_format(optarg)) != 0)
                return c;
            break;
        case 'q': a->quiet = 1; break;
        case 'v': so->verbose = 1; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: return bad_option(argv);
        }
    }
    if (optind + 1 != argc)
        return misuse("%s", "solve: expected one instance folder");
    /* The document replaces the text, and is all that stdout may hold. */
    if (json_mode) {
        a->quiet = 1;
        if (so->verbose)
            note(KP_WARNING, "--verbose is ignored with --format json: GLPK's log "
                 "would go to standard output with the document");
        so->verbose = 0;
    }
    return -1;
}

/* Prepares the instance: the sweep, the scenario asked for (*only, or -1)
 * and the forced-key check. Returns an exit code. */
static int prepare(kp_instance *in, struct solve_args *a, long *only)
{
    kp_diags *d = kp_diags_new();
    int rc = EXIT_OK;
    if (!d)
        return EXIT_INTERNAL;
    *only = -1;
    if (a->naxes) {
        int st = kp_instance_sweep(in, a->axes, a->naxes, d);
        if (st == KP_EINVAL) {
            rc = misuse("--sweep: %s", kp_diags_message(d, kp_diags_count(d) - 1));
            goto out;
        }
        print_diags(d);
        if (st != KP_OK) {
            rc = exit_for(st);
            goto out;
        }
        kp_diags_free(d);
        if (!(d = kp_diags_new()))
            return EXIT_INTERNAL;
    }
    if (a->scen) {
        *only = kp_instance_scenario_find(in, a->scen);
        if (*only < 0) {
            rc = misuse("solve: no scenario '%s' in the instance", a->scen);
            goto out;
        }
    }
    /* When forced key accounts make every scenario asked for infeasible,
     * the instance itself is wrong: stop, as check does. Otherwise those
     * scenarios are reported infeasible, with the reason, beside the rest. */
    if (kp_instance_check_forced(in, *only, d) ==
        (*only >= 0 ? 1 : (int)kp_instance_scenarios(in))) {
        print_diags(d);
        rc = EXIT_DATA;
    }
out:
    kp_diags_free(d);
    return rc;
}

/* kamplan solve: returns the exit code (cli.h). */
int cmd_solve(int argc, char **argv)
{
    struct solve_args a;
    struct sigaction sa, old_sa;
    int rc, shown = 0;
    long only;
    size_t ns = 0, finished = 0, listed = 0;
    kp_instance *in = NULL;
    kp_result **res = NULL;
    kp_batch_outcome *oc = NULL;
    unsigned char *select = NULL;
    kp_diags *d = NULL;

    memset(&a, 0, sizeof a);
    kp_batch_opts_init(&a.bo);
    rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    if ((rc = check_report_path(a.report)) != EXIT_OK)
        return rc;
    rc = load(argv[optind], &in);
    if (rc != EXIT_OK)
        goto out;
    rc = prepare(in, &a, &only);
    if (rc != EXIT_OK)
        goto out;
    ns = kp_instance_scenarios(in);
    d = kp_diags_new();
    res = calloc(ns, sizeof *res);
    oc = calloc(ns, sizeof *oc);
    select = calloc(ns, 1);
    if (!d || !res || !oc || !select) {
        rc = EXIT_INTERNAL;
        goto out;
    }
    for (size_t s = 0; s < ns; s++)
        select[s] = only < 0 || (size_t)only == s;
    a.bo.select = select;
    a.bo.solve.stop = &interrupted;
    if (!a.quiet && isatty(STDERR_FILENO)) {
        a.bo.progress = progress;
        a.bo.progress_info = &shown;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sa.sa_flags = SA_RESETHAND | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_sa);
    int st = kp_solve_batch(in, &a.bo, res, oc, d);
    kp_thread_cleanup();
    if (shown)
        fputc('\n', stderr);
    if (st != KP_OK)
        rc = exit_for(st);
    for (size_t s = 0; s < ns; s++) {
        kp_result_summary m;
        char *why = NULL;
        memset(&m, 0, sizeof m);
        if (oc[s].state == KP_BATCH_SKIPPED)
            continue;
        listed++;
        if (res[s])
            kp_result_get_summary(res[s], &m);
        if (!res[s] || (m.status != KP_RES_OPTIMAL && m.status != KP_RES_FEASIBLE)) {
            /* The reason belongs with the exit code, also under --quiet. */
            note(KP_WARNING, "scenario %s: %s: %s", kp_instance_scenario_id(in, s),
                 kp_result_status_name(res[s] ? m.status : KP_RES_NO_SOLUTION),
                 res[s] ? kp_result_message(res[s]) : oc[s].why);
            /* Which rules cannot hold together, in a planner's words. */
            if (res[s] && m.status == KP_RES_INFEASIBLE && !interrupted &&
                (why = explain_text(in, s)) != NULL)
                note(KP_WARNING, "scenario %s: why: %s",
                     kp_instance_scenario_id(in, s), why);
            if (rc == EXIT_OK)
                rc = EXIT_NOPLAN;
        }
        finished += res[s] != NULL;
        if (!a.quiet)
            print_result(in, s, res[s], &oc[s]);
        if (!a.quiet && why)
            printf("  why: %s\n", why);
        free(why);
    }
    /* A batch that failed before any scenario (out of memory) must not
     * replace earlier results with empty files. */
    if (a.out && listed > 0) {
        rc = wrote(kp_batch_write(in, res, oc, ns, a.out, d), rc, a.quiet,
                   "%s/summary.csv, plan.csv, accounts.csv, frontier.csv, changes.csv",
                   a.out);
    }
    /* The report shows the scenario asked for, else the first one with a
     * plan (or, when none has one, the first one solved). */
    if (a.report && listed > 0) {
        size_t chosen = only >= 0 ? (size_t)only : ns;
        for (size_t s = 0; only < 0 && s < ns && chosen == ns; s++)
            if (has_plan(res[s]))
                chosen = s;
        for (size_t s = 0; only < 0 && s < ns && chosen == ns; s++)
            if (res[s])
                chosen = s;
        if (chosen == ns)
            chosen = 0;     /* none ran: the report says so */
        rc = wrote(kp_report_solve(in, res, oc, ns, chosen, a.report, d), rc,
                   a.quiet, "%s", a.report);
    }
    if (json_mode && listed > 0) {
        json_member("instance");
        kp_instance_write_json(in, json_body);
        json_member("results");
        kp_batch_write_json(in, res, oc, ns, json_body);
    }
    /* Until the files are written, Ctrl-C only asks to stop. */
    sigaction(SIGINT, &old_sa, NULL);
    print_diags(d);
    if (interrupted && rc != EXIT_IO) {
        if (json_mode)
            note(KP_WARNING, "interrupted: %zu of %zu scenarios ran; the rest are "
                 "marked not run", finished, only < 0 ? ns : 1);
        else
            fprintf(stderr, "%s: interrupted: %zu of %zu scenarios ran; the rest are "
                    "marked not run\n", prog, finished, only < 0 ? ns : 1);
        rc = EXIT_INTERRUPTED;
    }
out:
    if (res)
        for (size_t s = 0; s < ns; s++)
            kp_result_free(res[s]);
    free(res);
    free(oc);
    free(select);
    kp_diags_free(d);
    kp_instance_free(in);
    return rc;
}
