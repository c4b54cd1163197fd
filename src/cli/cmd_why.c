/*
 * cmd_why.c - `kamplan why`: the reasons of one scenario's optimal plan
 * (kp_why_run): why each account is key or not and what the opposite
 * decision costs, what each chosen activity earns and what adding the
 * best left out would cost; why.csv into --out, a report with --report.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/* The file why writes into --out. */
static const char *const why_written[] = {"why.csv", NULL};

struct why_args {
    struct common_args c;
    kp_why_opts wo;
};

/* why's own options into the why_args at ctx. */
static int why_option(enum option_id id, const char *arg, void *ctx)
{
    struct why_args *a = ctx;
    double v;
    switch (id) {
    case OPT_ACCOUNT: a->wo.account = arg; break;
    case OPT_ACTIVITY: a->wo.activity = arg; break;
    case OPT_ALL: a->wo.top = -1; break;
    case OPT_ONLY:
        if (strcmp(arg, "accounts") == 0)
            a->wo.subjects = KP_WHY_ACCOUNTS;
        else if (strcmp(arg, "activities") == 0)
            a->wo.subjects = KP_WHY_ACTIVITIES;
        else
            return misuse("--only: '%s' is not 'accounts' or 'activities'", arg);
        break;
    case OPT_THREADS:
        if (parse_double(arg, &v) || v != floor(v) || v < 1 || v > 1024)
            return misuse("--threads: '%s' is not a whole number from 1 to 1024", arg);
        a->wo.threads = (int)v;
        a->wo.solve.threads = (int)v;   /* the plan's own solve too */
        break;
    default: return OPT_NOT_MINE;
    }
    return OPT_GO_ON;
}

/* The rows as text: one line each, the reason. */
static void print_rows(const kp_instance *in, size_t s, const kp_result *base,
                       const kp_why_row *rows, size_t n, double secs)
{
    kp_result_summary m;
    size_t solved = 0, late = 0;
    kp_result_get_summary(base, &m);
    printf("scenario %s: %s, value %.15g; reasons:\n", kp_instance_scenario_id(in, s),
           kp_result_status_name(m.status), m.objective);
    for (size_t i = 0; i < n; i++) {
        printf("  %s\n", rows[i].reason);
        solved += *rows[i].status != '\0';
        late += strcmp(rows[i].status, "not_reached") == 0;
    }
    printf("%zu re-solves in %.2f s", solved, secs);
    if (late)
        printf(", %zu not reached within the time limit", late);
    printf("\n");
}

/* The base plan of scenario s, solved with the run's options. Returns an
 * exit code; *base is the caller's. */
static int solve_base(const kp_instance *in, size_t s, struct why_args *a,
                      kp_result **base, kp_diags *d)
{
    kp_result_summary m;
    int rc = exit_for(kp_solve(in, s, &a->wo.solve, base, d));
    if (rc != EXIT_OK)
        return rc;
    kp_result_get_summary(*base, &m);
    if (m.status != KP_RES_OPTIMAL && m.status != KP_RES_FEASIBLE) {
        note(KP_WARNING, "scenario %s: %s: %s; there is no plan to explain",
             kp_instance_scenario_id(in, s), kp_result_status_name(m.status),
             kp_result_message(*base));
        return EXIT_NOPLAN;
    }
    return EXIT_OK;
}

/* --out's why.csv, --report's page and the JSON document. */
static int write_why(const kp_instance *in, size_t s, struct why_args *a,
                     const kp_result *base, const kp_why_row *rows, size_t n,
                     int rc, kp_diags *d)
{
    int st_out = KP_OK, st_report = KP_OK;
    if (a->c.out)
        st_out = kp_why_write(in, rows, n, kp_outset_dir(a->c.set), d);
    if (a->c.report)
        st_report = kp_report_why(in, s, base, rows, n, report_file(&a->c), d);
    st_out = commit_output(&a->c, st_out, st_report, d);
    if (a->c.out)
        rc = wrote(st_out, rc, a->c.quiet, "%s/why.csv", a->c.out);
    if (a->c.report)
        rc = wrote(a->c.report_at ? st_out : st_report, rc, a->c.quiet, "%s",
                   a->c.report);
    if (json_mode) {
        json_member("results");
        kp_why_write_json(in, rows, n, json_body);
    }
    return rc;
}

/* kamplan why: returns the exit code (cli.h). */
int cmd_why(const struct cli_command *self, int argc, char **argv)
{
    struct why_args a;
    kp_instance *in = NULL;
    kp_result *base = NULL;
    kp_why_row *rows = NULL;
    kp_diags *d = NULL;
    size_t n = 0, s;
    long only;
    int rc;

    memset(&a, 0, sizeof a);
    kp_why_opts_init(&a.wo);
    a.c.so = &a.wo.solve;
    if ((rc = parse_command_line(self, argc, argv, &a.c, why_option, &a)) != OPT_GO_ON)
        return rc;
    a.c.writes = why_written;
    if ((rc = open_instance(self, &a.c, &in, &only)) != EXIT_OK)
        goto out;
    s = only >= 0 ? (size_t)only : 0;
    if (!(d = kp_diags_new())) {
        rc = out_of_memory();
        goto out;
    }
    a.wo.solve.stop = &interrupted;
    catch_sigint();
    double t0 = seconds_now(), limit = a.wo.solve.time_limit;
    if ((rc = solve_base(in, s, &a, &base, d)) != EXIT_OK)
        goto out;
    /* The re-solves get what the base solve left of the time limit. */
    if (limit > 0)
        a.wo.solve.time_limit = fmax(limit - (seconds_now() - t0), 1e-3);
    double t1 = seconds_now();
    int st = kp_why_run(in, s, &a.wo, base, &rows, &n, d);
    /* An --account or --activity that is not in the instance: a mistake
     * on the command line. */
    if ((rc = st == KP_ENOTFOUND ? EXIT_USAGE : exit_for(st)) != EXIT_OK)
        goto out;
    kp_thread_cleanup();
    if (!a.c.quiet)
        print_rows(in, s, base, rows, n, seconds_now() - t1);
    rc = write_why(in, s, &a, base, rows, n, rc, d);
out:
    close_output(&a.c);
    release_sigint();
    print_diags(d);
    if (interrupted && rc != EXIT_IO && rc != EXIT_INTERNAL) {
        say_interrupted(0, 1, "explained; re-solves not run are marked not_reached");
        rc = EXIT_INTERRUPTED;
    }
    kp_why_rows_free(rows, n);
    kp_result_free(base);
    kp_diags_free(d);
    kp_instance_free(in);
    kp_thread_cleanup();
    return rc;
}
