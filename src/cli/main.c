/*
 * main.c - the kamplan command line's entry point: dispatch to the
 * commands (cmd_*.c). The CLI (src/cli) is the only code that prints or
 * chooses exit codes; everything else is libkamplan (include/kamplan.h).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <getopt.h>

#include "cli/cli.h"

int main(int argc, char **argv)
{
    int rc;
    opterr = 0;
    if (argc < 2)
        return misuse("%s", "missing command");
    const char *cmd = argv[1];
    if (wants_json(argc, argv) && json_start() != 0)
        return EXIT_INTERNAL;
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        rc = EXIT_OK;
    } else if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        json_text_only();   /* text only, as --help */
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
        rc = misuse("unknown command '%s'", cmd);
    }
    rc = json_finish(cmd, rc);
    /* A full disk or a closed pipe must not pass for success. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: error: writing standard output failed\n", prog);
        if (rc == EXIT_OK)
            rc = EXIT_IO;
    }
    return rc;
}
