/*
 * main.c - the kamplan command line's entry point: kamplan's own options
 * (--help, --version), then dispatch to a command of the table
 * (commands.c). The CLI (src/cli) is the only code that prints or chooses
 * exit codes; everything else is libkamplan (include/kamplan.h) and the
 * cluster below it (src/cluster). Started by mpirun, every rank runs this;
 * rank 0 is the program the user sees, the others only solve (solve,
 * bench).
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cluster/cluster.h"

/* Whether word is global option id, short ("-h") or long ("--help"). */
static int is_global_option(const char *word, enum option_id id)
{
    for (const struct cli_option *o = global_options; o->name; o++) {
        if (o->id != id)
            continue;
        if (o->letter && word[0] == '-' && word[1] == o->letter && word[2] == '\0')
            return 1;
        if (strncmp(word, "--", 2) == 0 && strcmp(word + 2, o->name) == 0)
            return 1;
    }
    return 0;
}

/* Runs what word (argv[1]) names; returns the exit code. */
static int run(const char *word, int argc, char **argv)
{
    const struct cli_command *cmd;
    int rc;

    if (is_global_option(word, OPT_HELP) || strcmp(word, "help") == 0)
        rc = EXIT_HELP;
    else if (is_global_option(word, OPT_VERSION)) {
        json_text_only();
        printf("kamplan %s (GLPK %s)\n", KP_VERSION, kp_glpk_version());
        kp_thread_cleanup();
        rc = EXIT_OK;
    } else if (strcmp(word, "--list-options") == 0) {
        /* Hidden: the option table, for tests/options.sh. */
        list_options(stdout);
        rc = EXIT_OK;
    } else if ((cmd = command_find(word)) != NULL) {
        rc = cmd->run(cmd, argc - 1, argv + 1);
    } else {
        rc = misuse("unknown command '%s'", word);
    }
    if (rc == EXIT_HELP) {
        usage(stdout);
        rc = EXIT_OK;
    }
    return rc;
}

/* kamplan COMMAND ...: returns the exit code (cli.h), EXIT_IO also when
 * standard output could not be written. */
static int run_main(int argc, char **argv)
{
    int rc;
    opterr = 0;
    if (argc < 2)
        return misuse("%s", "missing command");
    if (wants_json(argc, argv) && json_start() != 0)
        return EXIT_INTERNAL;   /* said */
    rc = json_finish(argv[1], run(argv[1], argc, argv));
    /* A full disk or a closed pipe must not pass for success. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: error: writing standard output failed\n", prog);
        if (rc == EXIT_OK)
            rc = EXIT_IO;
    }
    return rc;
}

/* Joins the MPI job when mpirun (or srun) started the process. Rank 0
 * runs the command; the other ranks say nothing (rank 0 speaks for the
 * job, and their scenarios' messages travel to it) and take part in
 * solve and bench only: any other command runs on rank 0 alone. */
int main(int argc, char **argv)
{
    int rc = EXIT_OK;
    if (cluster_start(&argc, &argv) != 0) {
        fprintf(stderr, "%s: error: MPI would not start\n", prog);
        cluster_end();
        return EXIT_INTERNAL;
    }
    if (cluster_rank() > 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
            rc = EXIT_IO;
        else if (argc >= 2 && (strcmp(argv[1], "solve") == 0 || strcmp(argv[1], "bench") == 0))
            rc = run_main(argc, argv);
    } else {
        rc = run_main(argc, argv);
    }
    cluster_end();
    return rc;
}
