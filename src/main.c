/*
 * main.c - the kamplan command line. The only file that prints or chooses
 * exit codes; everything else is in libkamplan (include/kamplan.h).
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kamplan.h"

/* Exit codes, documented in --help and the README. */
enum {
    EXIT_OK = 0,        /* done; for solve: every scenario has a plan */
    EXIT_DATA = 1,      /* the instance has errors (messages on stderr) */
    EXIT_USAGE = 2,     /* bad command line */
    EXIT_NOPLAN = 3,    /* solved, but a scenario has no plan */
    EXIT_IO = 4,        /* a file could not be read or written */
    EXIT_INTERNAL = 5   /* out of memory or a solver failure */
};

static const char *prog = "kamplan";

static void usage(FILE *f)
{
    fprintf(f,
"Usage: kamplan COMMAND [OPTIONS] ...\n"
"Plan a key account manager's hours and budget: qualify key accounts and\n"
"choose the activities worth the most, solved to a proven optimum with GLPK.\n"
"\n"
"Commands:\n"
"  solve DIR [--out OUT]     solve every scenario of the instance folder DIR and\n"
"                            write summary.csv, plan.csv, accounts.csv into OUT\n"
"      -o, --out DIR           output folder (created; files replaced atomically)\n"
"      -s, --scenario ID       solve this scenario only\n"
"      -t, --time-limit SEC    stop each scenario after SEC seconds\n"
"      -g, --gap PCT           stop at this relative gap, percent (default 0.01;\n"
"                              0 asks for the exact optimum)\n"
"      -q, --quiet             print nothing but errors\n"
"      -v, --verbose           show GLPK's log\n"
"      --cuts LIST             GLPK cut generators: none, or a list of gmi, mir,\n"
"                              cov, clq (default gmi,mir; for benchmarking)\n"
"  qualify DIR               show each account's criteria, met or missed, and the\n"
"                            verdict\n"
"  check DIR                 validate the instance and report every problem\n"
"  export DIR --lp FILE | --mps FILE | --dat FILE [--scenario ID]\n"
"                            write a scenario's model as CPLEX LP, free MPS or\n"
"                            MathProg data for models/kamplan.mod\n"
"  generate --accounts N [--seed S] DIR\n"
"                            write a synthetic instance into DIR\n"
"\n"
"  -h, --help                show this help and exit\n"
"  -V, --version             show the version (and GLPK's) and exit\n"
"\n"
"Exit codes:\n"
"  0  success (solve: every scenario has a plan)\n"
"  1  the instance has errors, reported as FILE:LINE: column 'x': ...\n"
"  2  bad command line\n"
"  3  a scenario is infeasible, or has no plan within the limits\n"
"  4  a file could not be read or written\n"
"  5  out of memory or solver failure\n");
}

static int misuse(const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", prog);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'kamplan --help' for more information.\n");
    return EXIT_USAGE;
}

/* getopt_long's own messages would name the command, not kamplan: it is
 * silenced (opterr = 0) and this says what was wrong instead. */
static int bad_option(char **argv)
{
    const char *opt = argv[optind - 1];
    if (optopt && strchr(opt, '=') == NULL && opt[0] == '-' && opt[1] != '-')
        fprintf(stderr, "%s: %s: invalid option or missing argument: -%c\n",
                prog, argv[0], optopt);
    else
        fprintf(stderr, "%s: %s: unrecognized option or missing argument: %s\n",
                prog, argv[0], opt);
    fprintf(stderr, "Try 'kamplan --help' for more information.\n");
    return EXIT_USAGE;
}

/* Prints every diagnostic to stderr as "kamplan: error: ...". */
static void print_diags(const kp_diags *d)
{
    for (size_t i = 0; i < kp_diags_count(d); i++)
        fprintf(stderr, "%s: %s: %s\n", prog,
                kp_diags_severity(d, i) == KP_ERROR ? "error" : "warning",
                kp_diags_message(d, i));
}

static int exit_for(int status)
{
    switch (status) {
    case KP_OK: return EXIT_OK;
    case KP_EDATA: return EXIT_DATA;
    case KP_EIO: return EXIT_IO;
    case KP_EINVAL: return EXIT_USAGE;
    default: return EXIT_INTERNAL;
    }
}

static int parse_double(const char *s, double *v)
{
    char *end;
    *v = strtod(s, &end);
    return *s && !*end && isfinite(*v) ? 0 : -1;
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

/* Loads DIR and reports what the loader found. */
static int load(const char *dir, kp_instance **inst)
{
    kp_diags *d = kp_diags_new();
    if (!d)
        return EXIT_INTERNAL;
    int rc = kp_instance_load(dir, inst, d);
    print_diags(d);
    kp_diags_free(d);
    return exit_for(rc);
}

static void fmt(char *buf, size_t len, double x)
{
    if (isnan(x))
        snprintf(buf, len, "unlimited");
    else
        snprintf(buf, len, "%.10g", x);
}

static void print_result(const kp_instance *in, size_t s, const kp_result *r)
{
    kp_result_summary m;
    char a[32], b[32];
    kp_result_get_summary(r, &m);
    printf("scenario %s: %s", kp_instance_scenario_id(in, s),
           kp_result_status_name(m.status));
    if (m.status == KP_RES_OPTIMAL || m.status == KP_RES_FEASIBLE) {
        printf(", value %.10g", m.objective);
        if (m.status == KP_RES_FEASIBLE && !isnan(m.bound))
            printf(" (bound %.10g, gap %.4g%%)", m.bound, m.gap_pct);
        printf(" in %.2f s\n", m.seconds);
        fmt(a, sizeof a, m.hours_available);
        printf("  hours   %.10g of %s\n", m.hours_used, a);
        fmt(b, sizeof b, m.budget_available);
        printf("  budget  %.10g of %s\n", m.budget_used, b);
        printf("  key accounts (%d):", m.key_accounts);
        for (size_t k = 0; k < kp_instance_accounts(in); k++) {
            kp_qualification q;
            kp_instance_qualification(in, k, &q);
            if (kp_result_key(r, k))
                printf(" %s", q.account_id);
        }
        printf("\n  activities chosen: %d\n", m.activities);
    } else {
        const char *msg = kp_result_message(r);
        printf("%s%s\n", *msg ? ": " : "", msg);
    }
}

static int cmd_solve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"scenario", required_argument, NULL, 's'},
        {"time-limit", required_argument, NULL, 't'},
        {"gap", required_argument, NULL, 'g'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"cuts", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    const char *out = NULL, *scen = NULL;
    kp_solve_opts so;
    int quiet = 0, c, rc = EXIT_OK;
    kp_instance *in = NULL;
    kp_result **res = NULL;
    kp_diags *d = NULL;

    kp_solve_opts_init(&so);
    while ((c = getopt_long(argc, argv, "o:s:t:g:qvc:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            if (parse_cuts(optarg, &so.cuts) != 0)
                return misuse("--cuts: '%s' is not 'none' or a list of gmi, mir, cov, clq", optarg);
            break;
        case 'o': out = optarg; break;
        case 's': scen = optarg; break;
        case 't':
            if (parse_double(optarg, &so.time_limit) || so.time_limit <= 0)
                return misuse("--time-limit: '%s' is not a positive number of seconds", optarg);
            break;
        case 'g':
            if (parse_double(optarg, &so.gap_pct) || so.gap_pct < 0 || so.gap_pct > 100)
                return misuse("--gap: '%s' is not a percentage from 0 to 100", optarg);
            break;
        case 'q': quiet = 1; break;
        case 'v': so.verbose = 1; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: return bad_option(argv);
        }
    }
    if (optind + 1 != argc)
        return misuse("%s", "solve: expected one instance folder");
    rc = load(argv[optind], &in);
    if (rc != EXIT_OK)
        goto out;
    d = kp_diags_new();
    if (!d) {
        rc = EXIT_INTERNAL;
        goto out;
    }
    size_t ns = kp_instance_scenarios(in), only = 0;
    if (scen) {
        long k = kp_instance_scenario_find(in, scen);
        if (k < 0) {
            rc = misuse("solve: no scenario '%s' in the instance", scen);
            goto out;
        }
        only = (size_t)k;
    }
    /* When forced key accounts make every scenario asked for infeasible,
     * the instance itself is wrong: stop, as check does. Otherwise those
     * scenarios are reported infeasible, with the reason, beside the rest. */
    if (kp_instance_check_forced(in, scen ? (long)only : -1, d) == (scen ? 1 : (int)ns)) {
        print_diags(d);
        rc = EXIT_DATA;
        goto out;
    }
    kp_diags_free(d);
    d = kp_diags_new();
    if (!d) {
        rc = EXIT_INTERNAL;
        goto out;
    }
    res = calloc(ns, sizeof *res);
    if (!res) {
        rc = EXIT_INTERNAL;
        goto out;
    }
    for (size_t s = 0; s < ns; s++) {
        if (scen && s != only)
            continue;
        int st = kp_solve(in, s, &so, &res[s], d);
        if (st != KP_OK) {
            rc = exit_for(st);
            goto out;
        }
        kp_result_summary m;
        kp_result_get_summary(res[s], &m);
        if (m.status != KP_RES_OPTIMAL && m.status != KP_RES_FEASIBLE) {
            /* The reason belongs with the exit code, also under --quiet. */
            fprintf(stderr, "%s: warning: scenario %s: %s: %s\n", prog,
                    kp_instance_scenario_id(in, s), kp_result_status_name(m.status),
                    kp_result_message(res[s]));
            rc = EXIT_NOPLAN;
        }
        if (!quiet)
            print_result(in, s, res[s]);
    }
    kp_thread_cleanup();
    if (out) {
        int wr = kp_results_write(in, res, ns, out, d);
        if (wr != KP_OK)
            rc = exit_for(wr);
        else if (!quiet)
            printf("wrote %s/summary.csv, plan.csv, accounts.csv\n", out);
    }
    print_diags(d);
out:
    if (res)
        for (size_t s = 0; s < kp_instance_scenarios(in); s++)
            kp_result_free(res[s]);
    free(res);
    kp_diags_free(d);
    kp_instance_free(in);
    return rc;
}

static int cmd_qualify(int argc, char **argv)
{
    kp_instance *in = NULL;
    int rc, eligible = 0;
    if (argc != 2)
        return misuse("%s", "qualify: expected one instance folder");
    rc = load(argv[1], &in);
    if (rc != EXIT_OK)
        return rc;
    size_t n = kp_instance_accounts(in);
    for (size_t k = 0; k < n; k++) {
        kp_qualification q;
        kp_instance_qualification(in, k, &q);
        printf("%s  %s\n", q.account_id, q.name);
        for (int c = 0; c < KP_N_CRITERIA; c++) {
            const kp_criterion *cr = &q.criteria[c];
            if (cr->set)
                printf("    %-12s %14.10g  %s %-14.10g %s\n", cr->name, cr->value,
                       cr->op, cr->threshold, cr->met ? "met" : "missed");
        }
        printf("    verdict: ");
        if (q.status == KP_EXCLUDE)
            printf("excluded (status=exclude)");
        else if (q.status == KP_KEY)
            printf("key account, forced (status=key); %d of %d criteria met",
                   q.criteria_met, q.criteria_set);
        else
            printf("%s: %d of %d criteria met, %d needed",
                   q.qualified ? "qualifies" : "does not qualify", q.criteria_met,
                   q.criteria_set, q.min_criteria);
        if (q.blocked)
            printf("; cannot be key: %s", q.why);
        printf("\n");
        eligible += q.eligible && !q.blocked;
    }
    printf("%d of %zu accounts can be key accounts\n", eligible, n);
    kp_instance_free(in);
    return EXIT_OK;
}

static int cmd_check(int argc, char **argv)
{
    kp_instance *in = NULL;
    kp_diags *d = NULL;
    int rc;
    if (argc != 2)
        return misuse("%s", "check: expected one instance folder");
    rc = load(argv[1], &in);
    if (rc != EXIT_OK)
        return rc;
    d = kp_diags_new();
    if (!d) {
        kp_instance_free(in);
        return EXIT_INTERNAL;
    }
    rc = kp_instance_check_forced(in, -1, d) ? EXIT_DATA : EXIT_OK;
    print_diags(d);
    if (rc == EXIT_OK)
        printf("%s: valid: %zu accounts, %zu contacts, %zu objectives, "
               "%zu activities, %zu scenarios\n", argv[1], kp_instance_accounts(in),
               kp_instance_contacts(in), kp_instance_objectives(in),
               kp_instance_activities(in), kp_instance_scenarios(in));
    kp_diags_free(d);
    kp_instance_free(in);
    return rc;
}

static int cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {
        {"lp", required_argument, NULL, 'l'},
        {"mps", required_argument, NULL, 'm'},
        {"dat", required_argument, NULL, 'd'},
        {"scenario", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    const char *path[3] = {NULL, NULL, NULL}, *scen = NULL;
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

static int cmd_generate(int argc, char **argv)
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

int main(int argc, char **argv)
{
    int rc;
    opterr = 0;
    if (argc < 2)
        return misuse("%s", "missing command");
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        rc = EXIT_OK;
    } else if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("kamplan %s (GLPK %s)\n", KP_VERSION, kp_glpk_version());
        kp_thread_cleanup();
        rc = EXIT_OK;
    } else if (strcmp(cmd, "solve") == 0) {
        rc = cmd_solve(argc - 1, argv + 1);
    } else if (strcmp(cmd, "qualify") == 0) {
        rc = cmd_qualify(argc - 1, argv + 1);
    } else if (strcmp(cmd, "check") == 0) {
        rc = cmd_check(argc - 1, argv + 1);
    } else if (strcmp(cmd, "export") == 0) {
        rc = cmd_export(argc - 1, argv + 1);
    } else if (strcmp(cmd, "generate") == 0) {
        rc = cmd_generate(argc - 1, argv + 1);
    } else {
        return misuse("unknown command '%s'", cmd);
    }
    /* A full disk or a closed pipe must not pass for success. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: error: writing standard output failed\n", prog);
        if (rc == EXIT_OK)
            rc = EXIT_IO;
    }
    return rc;
}
