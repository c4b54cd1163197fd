/*
 * main.c - the kamplan command line: usage, dispatch to the commands, and
 * what they share. The CLI (main.c, cli_*.c) is the only code that prints
 * or chooses exit codes; everything else is libkamplan (include/kamplan.h).
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *const prog = "kamplan";

void usage(FILE *f)
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
"      --method auto|bb        auto (default): column generation over per-account\n"
"                              plans, then branch-and-cut only if the gap is not\n"
"                              reached; bb: GLPK branch-and-cut on the whole model\n"
"      --cuts LIST             GLPK cut generators: none, or a list of gmi, mir,\n"
"                              cov, clq (default gmi,mir; for benchmarking)\n"
"      -j, --threads N         solve N scenarios at a time (default: all cores)\n"
"      --total-time-limit SEC  stop the whole batch after SEC seconds; scenarios\n"
"                              not started by then are marked not run\n"
"      --sweep PARAM=FROM:TO:STEPS\n"
"                              solve STEPS values of hours or budget instead of\n"
"                              scenarios.csv; twice (hours and budget): a grid\n"
"      --marginal[=LIST]       value of one more hour and unit of budget, by\n"
"                              re-solving at +1%% (LIST: P%%, hours=D, budget=D)\n"
"      --reuse                 start scenarios from a neighbouring scenario's\n"
"                              repaired plan (--no-reuse, the default: never)\n"
"                            with --out, also frontier.csv and changes.csv;\n"
"                            Ctrl-C stops, writes what finished (exit 130)\n"
"  qualify DIR               show each account's criteria, met or missed, and the\n"
"                            verdict\n"
"  check DIR                 validate the instance and report every problem\n"
"  export DIR --lp FILE | --mps FILE | --dat FILE [--scenario ID] [--sweep ...]\n"
"                            write a scenario's model as CPLEX LP, free MPS or\n"
"                            MathProg data for models/kamplan.mod\n"
"  generate --accounts N [--seed S] DIR\n"
"                            write a synthetic instance into DIR\n");
    /* Two parts: C99 promises string literals of 4095 characters only. */
    fprintf(f,
"  evaluate DIR --plan FILE [--out OUT]\n"
"                            judge a plan (activity_id,count rows, or solve's\n"
"                            plan.csv): every rule it breaks and by how much,\n"
"                            its value against the optimum, the changes that\n"
"                            make it optimal; evaluation.csv, violations.csv\n"
"                            and to_optimal.csv into OUT\n"
"      -p, --plan FILE         the plan to judge\n"
"      -s, --scenario ID       judge it for this scenario only\n"
"      -g, --gap PCT           gap of the optimum's solve (default 0: exact)\n"
"      -t, --time-limit SEC    limit for the optimum's solve and the explanation\n"
"  bench DIR [--out OUT]     the optimum against plain heuristics (value per\n"
"                            hour, per unit of cost, biggest accounts first,\n"
"                            equal hours); bench.csv into OUT\n"
"      -s, --scenario ID, -g, --gap PCT (default 0.01), -t, --time-limit SEC,\n"
"      -o, --out DIR, -q, --quiet   as for solve\n"
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
"  5  out of memory or solver failure\n"
"  6  evaluate: the plan breaks a rule (violations.csv lists them)\n"
"  130  solve was interrupted by Ctrl-C (the finished scenarios are written)\n");
}

int misuse(const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", prog);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'kamplan --help' for more information.\n");
    return EXIT_USAGE;
}

/* getopt_long's own messages would name the command, not kamplan: it is
 * silenced (opterr = 0) and this says what was wrong instead. */
int bad_option(char **argv)
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
void print_diags(const kp_diags *d)
{
    for (size_t i = 0; i < kp_diags_count(d); i++)
        fprintf(stderr, "%s: %s: %s\n", prog,
                kp_diags_severity(d, i) == KP_ERROR ? "error" : "warning",
                kp_diags_message(d, i));
}

int exit_for(int status)
{
    switch (status) {
    case KP_OK: return EXIT_OK;
    case KP_EDATA: return EXIT_DATA;
    case KP_EIO: return EXIT_IO;
    case KP_EINVAL: return EXIT_USAGE;
    default: return EXIT_INTERNAL;
    }
}

int parse_double(const char *s, double *v)
{
    char *end;
    *v = strtod(s, &end);
    return *s && !*end && isfinite(*v) ? 0 : -1;
}


/* Loads DIR and reports what the loader found. */
int load(const char *dir, kp_instance **inst)
{
    kp_diags *d = kp_diags_new();
    if (!d)
        return EXIT_INTERNAL;
    int rc = kp_instance_load(dir, inst, d);
    print_diags(d);
    kp_diags_free(d);
    return exit_for(rc);
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
    } else if (strcmp(cmd, "evaluate") == 0) {
        rc = cmd_evaluate(argc - 1, argv + 1);
    } else if (strcmp(cmd, "bench") == 0) {
        rc = cmd_bench(argc - 1, argv + 1);
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
