/*
 * cmd_instance.c - the commands around an instance: qualify, check, export
 * and generate.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/* Prints s with each control character (an escape sequence in a name
 * typed into a CRM) as \xHH, so that input cannot drive the terminal. */
static void print_text(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7F)
            printf("\\x%02X", *p);
        else
            putchar(*p);
    }
}

/* One account's criteria and verdict, as text. */
static void print_qualification(const kp_qualification *q)
{
    printf("%s  ", q->account_id);
    print_text(q->name);
    putchar('\n');
    for (int c = 0; c < KP_N_CRITERIA; c++) {
        const kp_criterion *cr = &q->criteria[c];
        if (cr->set)
            printf("    %-12s %14.10g  %s %-14.10g %s\n", cr->name, cr->value,
                   cr->op, cr->threshold, cr->met ? "met" : "missed");
    }
    printf("    verdict: ");
    if (q->status == KP_EXCLUDE)
        printf("excluded (status=exclude)");
    else if (q->status == KP_KEY)
        printf("key account, forced (status=key); %d of %d criteria met",
               q->criteria_met, q->criteria_set);
    else
        printf("%s: %d of %d criteria met, %d needed",
               q->qualified ? "qualifies" : "does not qualify", q->criteria_met,
               q->criteria_set, q->min_criteria);
    if (q->blocked)
        printf("; cannot be key: %s", q->why);
    printf("\n");
}

/* With managers.csv, account k's manager: its manager_id, or the
 * optimiser's choice when that is empty. */
static void print_manager(const kp_instance *in, size_t k)
{
    int m;
    if (kp_instance_managers(in) == 0)
        return;
    m = kp_instance_account_manager(in, k);
    printf("    manager: ");
    if (m >= 0)
        print_text(kp_instance_manager_id(in, (size_t)m));
    else
        printf("chosen by the optimiser");
    putchar('\n');
}

/* The commitments that force account k key or drop it, as one line; none
 * when there are none: an activity's min_count, each scenario's key and
 * exclude. */
static void print_commitments(const kp_instance *in, size_t k,
                              const kp_qualification *q)
{
    const char *sep = "    commitments: ";
    if (q->committed) {
        printf("%skey (min_count of activity %s)", sep, q->committed);
        sep = "; ";
    }
    for (size_t s = 0; s < kp_instance_scenarios(in); s++) {
        int f = kp_instance_scenario_forces(in, s, k);
        if (f < 0)
            continue;
        printf("%s%s in scenario %s (scenarios.csv %s)", sep,
               f == KP_KEY ? "key" : "excluded", kp_instance_scenario_id(in, s),
               f == KP_KEY ? "key" : "exclude");
        sep = "; ";
    }
    if (sep[0] == ';')
        putchar('\n');
}

/* kamplan qualify: each account's criteria and verdict, and how many
 * accounts can be key. Returns the exit code (cli.h). */
int cmd_qualify(const struct cli_command *self, int argc, char **argv)
{
    struct common_args a;
    kp_instance *in = NULL;
    long only;
    int rc, eligible = 0;

    memset(&a, 0, sizeof a);
    if ((rc = parse_command_line(self, argc, argv, &a, NULL, NULL)) != OPT_GO_ON)
        return rc;
    if ((rc = open_instance(self, &a, &in, &only)) != EXIT_OK)
        return rc;
    size_t n = kp_instance_accounts(in);
    for (size_t k = 0; k < n; k++) {
        kp_qualification q;
        kp_instance_qualification(in, k, &q);
        if (!a.quiet) {
            print_qualification(&q);
            print_manager(in, k);
            print_commitments(in, k, &q);
        }
        eligible += q.eligible && !q.blocked;
    }
    if (json_mode) {
        json_member("instance");
        kp_instance_write_json(in, json_body);
        json_member("accounts");
        kp_qualification_write_json(in, json_body);
        json_member("can_be_key");
        fprintf(json_body, "%d", eligible);
    } else if (!a.quiet) {
        printf("%d of %zu accounts can be key accounts\n", eligible, n);
    }
    kp_instance_free(in);
    return EXIT_OK;
}

/* kamplan check: loads the instance and checks its forced key accounts;
 * every problem is reported. Returns the exit code (cli.h). */
int cmd_check(const struct cli_command *self, int argc, char **argv)
{
    struct common_args a;
    kp_instance *in = NULL;
    kp_diags *d = NULL;
    long only;
    int rc;

    memset(&a, 0, sizeof a);
    if ((rc = parse_command_line(self, argc, argv, &a, NULL, NULL)) != OPT_GO_ON)
        return rc;
    if ((rc = open_instance(self, &a, &in, &only)) != EXIT_OK) {
        if (json_mode) {
            json_member("valid");
            fputs("false", json_body);
        }
        goto out;
    }
    if (!(d = kp_diags_new())) {
        rc = out_of_memory();
        goto out;
    }
    rc = kp_instance_check_forced(in, -1, d) ? EXIT_DATA : EXIT_OK;
    print_diags(d);
    if (json_mode) {
        json_member("valid");
        fputs(rc == EXIT_OK ? "true" : "false", json_body);
        json_member("instance");
        kp_instance_write_json(in, json_body);
    } else if (rc == EXIT_OK && !a.quiet) {
        printf("%s: valid: %zu accounts, %zu contacts, %zu objectives, "
               "%zu activities, %zu scenarios\n", a.dir, kp_instance_accounts(in),
               kp_instance_contacts(in), kp_instance_objectives(in),
               kp_instance_activities(in), kp_instance_scenarios(in));
    }
out:
    kp_diags_free(d);
    kp_instance_free(in);
    return rc;
}

/* export's own options: the file of each format (path, by KP_EXPORT_*). */
/* What export's options set. */
struct export_args {
    const char *path[3];        /* --lp, --mps, --dat */
    struct replan_args rp;      /* --from, --max-changes, --change-cost */
};

static int export_option(enum option_id id, const char *arg, void *ctx)
{
    struct export_args *x = ctx;
    switch (id) {
    case OPT_LP: x->path[KP_EXPORT_LP] = arg; break;
    case OPT_MPS: x->path[KP_EXPORT_MPS] = arg; break;
    case OPT_DAT: x->path[KP_EXPORT_DAT] = arg; break;
    default: return replan_option(&x->rp, id, arg);
    }
    return OPT_GO_ON;
}

/* kamplan export: one scenario's model (the first, or --scenario's; a
 * swept one with --sweep) in each format asked for. Returns the exit code. */
int cmd_export(const struct cli_command *self, int argc, char **argv)
{
    struct common_args a;
    struct export_args x = {{NULL, NULL, NULL}, {0}};
    const char **path = x.path;
    kp_instance *in = NULL;
    kp_diags *d = NULL;
    long only;
    int rc;

    memset(&a, 0, sizeof a);
    replan_init(&x.rp);
    rc = parse_command_line(self, argc, argv, &a, export_option, &x);
    if (rc == OPT_GO_ON)
        rc = replan_check(&x.rp);
    if (rc != OPT_GO_ON)
        return rc;
    a.plan = x.rp.from;
    if (!path[0] && !path[1] && !path[2])
        return misuse("%s", "export: give --lp FILE, --mps FILE or --dat FILE");
    for (int f = 0; f < 3; f++)
        a.exports[f] = path[f];
    if ((rc = open_instance(self, &a, &in, &only)) != EXIT_OK)
        return rc;
    if (only < 0)
        only = 0;
    if ((rc = replan_open(&x.rp, in, only)) != EXIT_OK)
        goto out;
    if (!(d = kp_diags_new())) {
        rc = out_of_memory();
        goto out;
    }
    for (int f = 0; f < 3 && rc == EXIT_OK; f++)
        if (path[f])
            rc = exit_for(kp_export_replan(in, (size_t)only, f, path[f],
                                           replan_of(&x.rp), d));
    kp_thread_cleanup();
    print_diags(d);
out:
    replan_close(&x.rp);
    kp_diags_free(d);
    kp_instance_free(in);
    return rc;
}

/* generate's own options, into the kp_generate_opts at ctx. */
static int generate_option(enum option_id id, const char *arg, void *ctx)
{
    kp_generate_opts *go = ctx;
    char *end;
    if (id == OPT_ACCOUNTS) {
        long v = strtol(arg, &end, 10);
        if (!*arg || *end || v < 1 || v > KP_GENERATE_MAX_ACCOUNTS)
            return misuse("--accounts: '%s' is not a number from 1 to %d", arg,
                          KP_GENERATE_MAX_ACCOUNTS);
        go->accounts = (int)v;
    } else if (id == OPT_MANAGERS) {
        long v = strtol(arg, &end, 10);
        if (!*arg || *end || v < 1 || v > 1000)
            return misuse("--managers: '%s' is not a number from 1 to 1000", arg);
        go->managers = (int)v;
    } else if (id == OPT_FIXED_MANAGERS) {
        long v = strtol(arg, &end, 10);
        if (!*arg || *end || v < 0 || v > 100)
            return misuse("--fixed-managers: '%s' is not a number from 0 to 100", arg);
        go->fixed_managers_pct = (int)v;
    } else if (id == OPT_PERIODS) {
        long v = strtol(arg, &end, 10);
        if (!*arg || *end || v < 1 || v > 52)
            return misuse("--periods: '%s' is not a number from 1 to 52", arg);
        go->periods = (int)v;
    } else if (id == OPT_SEED) {
        unsigned long v = strtoul(arg, &end, 10);
        if (!*arg || *end)
            return misuse("--seed: '%s' is not a whole number", arg);
        go->seed = v;
    } else {
        return OPT_NOT_MINE;
    }
    return OPT_GO_ON;
}

/* kamplan generate: a synthetic instance into a new folder. Returns the
 * exit code (cli.h). */
int cmd_generate(const struct cli_command *self, int argc, char **argv)
{
    struct common_args a;
    kp_generate_opts go;
    kp_diags *d;
    int rc;

    memset(&a, 0, sizeof a);
    kp_generate_opts_init(&go);
    if ((rc = parse_command_line(self, argc, argv, &a, generate_option, &go)) != OPT_GO_ON)
        return rc;
    if (!(d = kp_diags_new()))
        return out_of_memory();
    rc = exit_for(kp_generate(&go, a.dir, d));
    print_diags(d);
    kp_diags_free(d);
    return rc;
}
