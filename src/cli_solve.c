/*
 * cli_solve.c - `kamplan solve`: validate, solve each scenario, print a
 * summary and write the output files.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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

int cmd_solve(int argc, char **argv)
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
