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

/* The options of qualify and check: --format, --quiet (*quiet: print
 * nothing but errors and warnings) and --help. Returns -1 when they are
 * fine (the folder is argv[optind]), else the exit code. */
static int parse_plain(int argc, char **argv, int *quiet)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'F'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    int c, rc;
    *quiet = 0;
    while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
        switch (c) {
        case 'F':
            if ((rc = set_format(optarg)) != 0)
                return rc;
            break;
        case 'q': *quiet = 1; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: return bad_option(argv);
        }
    }
    if (optind + 1 != argc)
        return misuse("%s: expected one instance folder", argv[0]);
    return -1;
}

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

int cmd_qualify(int argc, char **argv)
{
    kp_instance *in = NULL;
    int rc, eligible = 0, quiet;
    if ((rc = parse_plain(argc, argv, &quiet)) >= 0)
        return rc;
    rc = load(argv[optind], &in);
    if (rc != EXIT_OK)
        return rc;
    size_t n = kp_instance_accounts(in);
    for (size_t k = 0; k < n; k++) {
        kp_qualification q;
        kp_instance_qualification(in, k, &q);
        if (!json_mode && !quiet)
            print_qualification(&q);
        eligible += q.eligible && !q.blocked;
    }
    if (json_mode) {
        json_member("instance");
        kp_instance_write_json(in, json_body);
        json_member("accounts");
        kp_qualification_write_json(in, json_body);
        json_member("can_be_key");
        fprintf(json_body, "%d", eligible);
    } else if (!quiet) {
        printf("%d of %zu accounts can be key accounts\n", eligible, n);
    }
    kp_instance_free(in);
    return EXIT_OK;
}

int cmd_check(int argc, char **argv)
{
    kp_instance *in = NULL;
    kp_diags *d = NULL;
    int rc, quiet;
    if ((rc = parse_plain(argc, argv, &quiet)) >= 0)
        return rc;
    const char *dir = argv[optind];
    rc = load(dir, &in);
    if (rc != EXIT_OK) {
        if (json_mode) {
            json_member("valid");
            fputs("false", json_body);
        }
        return rc;
    }
    d = kp_diags_new();
    if (!d) {
        kp_instance_free(in);
        return EXIT_INTERNAL;
    }
    rc = kp_instance_check_forced(in, -1, d) ? EXIT_DATA : EXIT_OK;
    print_diags(d);
    if (json_mode) {
        json_member("valid");
        fputs(rc == EXIT_OK ? "true" : "false", json_body);
        json_member("instance");
        kp_instance_write_json(in, json_body);
    } else if (rc == EXIT_OK && !quiet) {
        printf("%s: valid: %zu accounts, %zu contacts, %zu objectives, "
               "%zu activities, %zu scenarios\n", dir, kp_instance_accounts(in),
               kp_instance_contacts(in), kp_instance_objectives(in),
               kp_instance_activities(in), kp_instance_scenarios(in));
    }
    kp_diags_free(d);
    kp_instance_free(in);
    return rc;
}

int cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {
        {"lp", required_argument, NULL, 'l'},
        {"mps", required_argument, NULL, 'm'},
        {"dat", required_argument, NULL, 'd'},
        {"scenario", required_argument, NULL, 's'},
        {"sweep", required_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    const char *path[3] = {NULL, NULL, NULL}, *scen = NULL;
    kp_sweep_axis axes[2];
    size_t naxes = 0;
    kp_instance *in = NULL;
    kp_diags *d = NULL;
    int c, rc;
    size_t s = 0;

    while ((c = getopt_long(argc, argv, "l:m:d:s:h", opts, NULL)) != -1) {
        switch (c) {
        case 'l': path[KP_EXPORT_LP] = optarg; break;
        case 'm': path[KP_EXPORT_MPS] = optarg; break;
        case 'd': path[KP_EXPORT_DAT] = optarg; break;
        case 's': scen = optarg; break;
        case 'S':
            /* The same sweep as solve's, so that a swept scenario's model
             * can be exported by its id. */
            d = kp_diags_new();
            rc = d && naxes < 2 ? kp_sweep_axis_parse(optarg, &axes[naxes], d) : KP_EINVAL;
            if (rc != KP_OK) {
                rc = !d ? EXIT_INTERNAL : misuse("--sweep: %s", naxes < 2
                         ? kp_diags_message(d, 0) : "at most two sweeps (hours and budget)");
                kp_diags_free(d);
                return rc;
            }
            kp_diags_free(d);
            d = NULL;
            naxes++;
            break;
        case 'h': usage(stdout); return EXIT_OK;
        default: return bad_option(argv);
        }
    }
    if (optind + 1 != argc)
        return misuse("%s", "export: expected one instance folder");
    if (!path[0] && !path[1] && !path[2])
        return misuse("%s", "export: give --lp FILE, --mps FILE or --dat FILE");
    rc = load(argv[optind], &in);
    if (rc != EXIT_OK)
        return rc;
    if (naxes) {
        d = kp_diags_new();
        int st = d ? kp_instance_sweep(in, axes, naxes, d) : KP_ENOMEM;
        if (st == KP_EINVAL)
            rc = misuse("--sweep: %s", kp_diags_message(d, kp_diags_count(d) - 1));
        else
            rc = exit_for(st);
        if (st != KP_EINVAL)
            print_diags(d);
        kp_diags_free(d);
        d = NULL;
        if (rc != EXIT_OK) {
            kp_instance_free(in);
            return rc;
        }
    }
    if (scen) {
        long k = kp_instance_scenario_find(in, scen);
        if (k < 0) {
            kp_instance_free(in);
            return misuse("export: no scenario '%s' in the instance", scen);
        }
        s = (size_t)k;
    }
    d = kp_diags_new();
    for (int f = 0; d && f < 3 && rc == EXIT_OK; f++)
        if (path[f])
            rc = exit_for(kp_export(in, s, f, path[f], d));
    if (!d)
        rc = EXIT_INTERNAL;
    kp_thread_cleanup();
    print_diags(d);
    kp_diags_free(d);
    kp_instance_free(in);
    return rc;
}

int cmd_generate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"accounts", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    kp_generate_opts go;
    int c, rc;
    char *end;

    kp_generate_opts_init(&go);
    while ((c = getopt_long(argc, argv, "n:s:h", opts, NULL)) != -1) {
        switch (c) {
        case 'n': {
            long v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < 1 || v > 1000000)
                return misuse("--accounts: '%s' is not a number from 1 to 1000000", optarg);
            go.accounts = (int)v;
            break;
        }
        case 's': {
            unsigned long v = strtoul(optarg, &end, 10);
            if (!*optarg || *end)
                return misuse("--seed: '%s' is not a whole number", optarg);
            go.seed = v;
            break;
        }
        case 'h': usage(stdout); return EXIT_OK;
        default: return bad_option(argv);
        }
    }
    if (optind + 1 != argc)
        return misuse("%s", "generate: expected one output folder");
    kp_diags *d = kp_diags_new();
    if (!d)
        return EXIT_INTERNAL;
    rc = exit_for(kp_generate(&go, argv[optind], d));
    print_diags(d);
    kp_diags_free(d);
    return rc;
}
