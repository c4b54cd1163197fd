/*
 * cmd_tradeoff.c - `kamplan tradeoff DIR --from PREVIOUS/plan.csv`: for
 * each scenario (or --scenario's), the best value for each number of
 * changes against the previous plan (kp_tradeoff), printed, and written
 * as tradeoff.csv into --out and as a chart into --report.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

struct tradeoff_args {
    struct common_args c;
    kp_tradeoff_opts to;
    struct replan_args rp;
};

/* tradeoff's own options: --method, and --from and --max-changes. */
static int tradeoff_option(enum option_id id, const char *arg, void *ctx)
{
    struct tradeoff_args *a = ctx;
    if (id == OPT_METHOD) {
        if (strcmp(arg, "auto") == 0)
            a->to.solve.method = KP_METHOD_AUTO;
        else if (strcmp(arg, "bb") == 0)
            a->to.solve.method = KP_METHOD_BB;
        else
            return misuse("--method: '%s' is not 'auto' or 'bb'", arg);
        return OPT_GO_ON;
    }
    return replan_option(&a->rp, id, arg);
}

/* Prints curve c: the optimum without a limit, then a line per point. */
static void print_curve(const kp_instance *in, const kp_tradeoff_curve *c)
{
    const kp_tradeoff_point *f = &c->free_plan;
    printf("scenario %s: ", kp_instance_scenario_id(in, c->scenario));
    if (f->changes < 0) {
        printf("%s: no curve\n", kp_result_status_name(f->status));
        return;
    }
    printf("without a limit %s, value %.10g with %ld changes\n",
           kp_result_status_name(f->status), f->value, f->changes);
    printf("  %11s %8s %16s  %s\n", "max_changes", "changes", "value", "status");
    for (size_t i = 0; i < c->npoints; i++) {
        const kp_tradeoff_point *p = &c->points[i];
        if (p->changes < 0)
            printf("  %11ld %8s %16s  %s\n", p->max_changes, "-", "-",
                   kp_result_status_name(p->status));
        else
            printf("  %11ld %8ld %16.10g  %s\n", p->max_changes, p->changes, p->value,
                   kp_result_status_name(p->status));
    }
}

/* The curves of the scenarios asked for into cv[0 .. *n). Returns an exit
 * code. */
static int curves(const kp_instance *in, struct tradeoff_args *a, long only,
                  kp_tradeoff_curve *cv, size_t *n, kp_diags *d)
{
    int rc = EXIT_OK;
    for (size_t s = 0; s < kp_instance_scenarios(in) && rc == EXIT_OK && !interrupted; s++) {
        if (only >= 0 && (size_t)only != s)
            continue;
        rc = exit_for(kp_tradeoff(in, s, a->rp.per[s], &a->to, &cv[*n], d));
        if (rc != EXIT_OK)
            break;
        if (!a->c.quiet)
            print_curve(in, &cv[*n]);
        (*n)++;
    }
    kp_thread_cleanup();
    return rc;
}

/* --out's tradeoff.csv and --report's page, the set committed at once,
 * and the JSON document's results. Returns rc or the failure to write. */
static int write_outputs(const kp_instance *in, struct tradeoff_args *a,
                         const kp_tradeoff_curve *cv, size_t n, int rc, kp_diags *d)
{
    int st_out = KP_OK, st_report = KP_OK;
    if (a->c.out)
        st_out = kp_tradeoff_write(in, cv, n, kp_outset_dir(a->c.set), d);
    if (a->c.report)
        st_report = kp_report_tradeoff(in, cv, n, report_file(&a->c), d);
    st_out = commit_output(&a->c, st_out, st_report, d);
    if (a->c.out)
        rc = wrote(st_out, rc, a->c.quiet, "%s/tradeoff.csv", a->c.out);
    if (a->c.report)
        rc = wrote(a->c.report_at ? st_out : st_report, rc, a->c.quiet, "%s", a->c.report);
    if (json_mode) {
        json_member("results");
        kp_tradeoff_write_json(in, cv, n, json_body);
    }
    return rc;
}

static const char *const tradeoff_written[] = {"tradeoff.csv", NULL};

/* kamplan tradeoff: returns the exit code (cli.h); 3 when a scenario has
 * no plan at all, 130 after Ctrl-C (the curves made are written). */
int cmd_tradeoff(const struct cli_command *self, int argc, char **argv)
{
    struct tradeoff_args a;
    kp_instance *in = NULL;
    kp_tradeoff_curve *cv = NULL;
    kp_diags *d = NULL;
    size_t n = 0;
    long only;
    int rc;

    memset(&a, 0, sizeof a);
    kp_tradeoff_opts_init(&a.to);
    replan_init(&a.rp);
    a.c.so = &a.to.solve;
    rc = parse_command_line(self, argc, argv, &a.c, tradeoff_option, &a);
    if (rc == OPT_GO_ON && !a.rp.from)
        rc = misuse("%s", "tradeoff: give the previous plan with --from FILE");
    if (rc != OPT_GO_ON)
        return rc;
    a.to.max_changes = a.rp.limit_given ? a.rp.rp.max_changes : -1;
    a.c.plan = a.rp.from;
    a.c.writes = tradeoff_written;
    if ((rc = open_instance(self, &a.c, &in, &only)) != EXIT_OK)
        goto out;
    if ((rc = replan_open(&a.rp, in, only)) != EXIT_OK)
        goto out;
    d = kp_diags_new();
    cv = calloc(kp_instance_scenarios(in), sizeof *cv);
    if (!d || !cv) {
        rc = out_of_memory();
        goto out;
    }
    a.to.solve.stop = &interrupted;
    catch_sigint();
    if ((rc = curves(in, &a, only, cv, &n, d)) != EXIT_OK)
        goto out;
    rc = write_outputs(in, &a, cv, n, rc, d);
    for (size_t i = 0; rc == EXIT_OK && i < n; i++)
        if (cv[i].free_plan.changes < 0)
            rc = EXIT_NOPLAN;
out:
    close_output(&a.c);
    release_sigint();
    print_diags(d);
    if (interrupted && rc != EXIT_IO && rc != EXIT_INTERNAL) {
        say_interrupted(n, only >= 0 ? 1 : kp_instance_scenarios(in),
                        "traded off; the rest are left out");
        rc = EXIT_INTERRUPTED;
    }
    for (size_t i = 0; cv && i < n; i++)
        kp_tradeoff_curve_free(&cv[i]);
    free(cv);
    replan_close(&a.rp);
    kp_diags_free(d);
    kp_instance_free(in);
    return rc;
}
