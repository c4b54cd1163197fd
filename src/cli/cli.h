/*
 * cli.h - what the kamplan command line's files share. The top layer:
 * nothing in the library includes it. Not installed. The files, bottom
 * first (none calls one above it): common.c (messages, exit codes, the
 * JSON document, Ctrl-C), options.c (option parsing from the definitions,
 * and the start that the commands share), cmd_*.c (the commands),
 * commands.c (the table of commands and the definition of their options),
 * help.c (--help from that table), main.c (dispatch).
 */
#ifndef KAMPLAN_CLI_H
#define KAMPLAN_CLI_H

#include <getopt.h>
#include <signal.h>
#include <stdio.h>

#include "kamplan.h"

/* Exit codes, documented in --help and the man page. */
enum {
    EXIT_OK = 0,        /* done; for solve: every scenario has a plan */
    EXIT_DATA = 1,      /* the instance has errors (messages on stderr) */
    EXIT_USAGE = 2,     /* bad command line */
    EXIT_NOPLAN = 3,    /* solved, but a scenario has no plan */
    EXIT_IO = 4,        /* a file could not be read or written */
    EXIT_INTERNAL = 5,  /* out of memory or a solver failure */
    EXIT_BROKEN = 6,    /* evaluate: the plan breaks a rule */
    EXIT_INTERRUPTED = 130, /* stopped by Ctrl-C or SIGTERM (what finished
                               is written) */
    /* Not an exit status: a command's --help asks main to print the help
     * (help.c sits above the commands) and exit with EXIT_OK. */
    EXIT_HELP = 256
};

extern const char *const prog;

/* --format json: the command prints one JSON document on stdout instead of
 * its text (json_finish writes it when the command returns), and every message
 * goes into that document's "diagnostics" instead of stderr. */
extern int json_mode;
/* The command's own members of the document, written with json_member(). */
extern FILE *json_body;
/* Starts member key of the document: after it, write one JSON value to
 * json_body. */
void json_member(const char *key);
/* getopt's --format argument: "text" or "json". Returns 0, or the exit
 * code of the mistake. */
int set_format(const char *arg);
/* A message of the command line's own (not the library's): stderr as
 * "kamplan: warning: ...", or the document's diagnostics. */
void note(int severity, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Ctrl-C and SIGTERM. From catch_sigint() until release_sigint(), the
 * first SIGINT or SIGTERM only sets interrupted to 1, which a command
 * hands to the library as its stop flag (kp_solve_opts.stop,
 * kp_explain_opts.stop): stop, and write what finished; a second one sets
 * it to 2: stop at once, without the grace the heuristics get after a
 * stop; a third ends the program. A signal the parent left ignored stays
 * ignored. */
extern volatile sig_atomic_t interrupted;
void catch_sigint(void);
/* The same for SIGUSR1, for a rank of an MPI job: on Ctrl-C,
 * Open MPI's mpirun sends every rank SIGTERM after
 * odls_base_sigkill_timeout seconds (default 1) and SIGKILL as long again
 * after it; it forwards SIGUSR1 at once. release_sigint() releases them
 * all. */
void catch_job_signals(void);
void release_sigint(void);
/* After Ctrl-C: "interrupted: DONE of ASKED scenarios HOW" ("ran; the rest
 * are marked not run"), on stderr or into the JSON document. */
void say_interrupted(size_t done, size_t asked, const char *how);
/* Monotonic seconds, for the time left of a limit. */
double seconds_now(void);

/* Reports a command-line mistake and returns EXIT_USAGE. */
int misuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Reports the option getopt_long rejected and returns EXIT_USAGE. */
int bad_option(char **argv);
/* Prints every diagnostic to stderr as "kamplan: error: ...". */
void print_diags(const kp_diags *d);
/* The exit code for a library status; for KP_ENOMEM, says "out of
 * memory" (out_of_memory). */
int exit_for(int status);
/* Says "kamplan: error: out of memory" (to stderr or into the JSON
 * document), only the first time in a run, and returns EXIT_INTERNAL: one
 * message wherever memory ran out. */
int out_of_memory(void);
/* After writing files: the exit code rc, or the failure of st (a library
 * status); on success, unless quiet, prints "wrote " and fmt's text. */
int wrote(int st, int rc, int quiet, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Parses a finite number; returns 0 or -1. */
int parse_double(const char *s, double *v);

/* Whether the command line asks for --format json, seen before the
 * command parses its options so that even a mistake in them is JSON. */
int wants_json(int argc, char **argv);
/* Starts the JSON document of a run (json_mode, json_body); returns 0, or
 * -1 when out of memory (said on stderr). */
int json_start(void);
/* The run prints text only (--help, --version): no document after it. */
void json_text_only(void);
/* Ends the run's document: prints it on stdout unless json_text_only()
 * was called; returns rc, or EXIT_INTERNAL when it could not be written.
 * A no-op returning rc when json_start() was not called. */
int json_finish(const char *cmd, int rc);

/* What a command's code switches on: one id for each option of any
 * command (options.c handles the shared ones). */
enum option_id {
    OPT_HELP, OPT_VERSION,
    OPT_OUT, OPT_SCENARIO, OPT_TIME_LIMIT, OPT_GAP, OPT_QUIET, OPT_FORMAT,
    OPT_REPORT, OPT_SWEEP,
    OPT_VERBOSE, OPT_METHOD, OPT_CUTS, OPT_THREADS, OPT_TOTAL_TIME_LIMIT,
    OPT_MARGINAL, OPT_REUSE, OPT_NO_REUSE, OPT_PROGRESS,
    OPT_PLAN, OPT_LP, OPT_MPS, OPT_DAT, OPT_ACCOUNTS, OPT_MANAGERS, OPT_FIXED_MANAGERS, OPT_PERIODS, OPT_SEED, OPT_MAX_ROWS,
    OPT_MAX_MODEL, OPT_WAIT, OPT_MAX_BYTES,
    OPT_FROM, OPT_MAX_CHANGES, OPT_CHANGE_COST,
    OPT_WHY, OPT_ACCOUNT, OPT_ACTIVITY, OPT_ALL, OPT_ONLY
};

/* One option of a command: the single definition that getopt_long's
 * tables, --help, --list-options (and through it the man page's test,
 * tests/options.sh) all come from. */
struct cli_option {
    enum option_id id;
    char letter;            /* the short form, or 0 for none */
    const char *name;       /* the long form, without "--" */
    int arg;                /* no_argument, required_argument, optional_argument */
    const char *arg_name;   /* as --help shows it ("DIR"); NULL without one */
    const char *help;       /* --help's text; '\n' starts a continued line */
};

/* A command of the table (commands.c). */
struct cli_command {
    const char *name;
    /* Runs the command on argv[0] = its name; returns an exit code. */
    int (*run)(const struct cli_command *self, int argc, char **argv);
    const char *synopsis;   /* what --help shows after the name */
    const char *summary;    /* --help's text; '\n' starts a continued line */
    const char *operand;    /* the one operand, e.g. "instance folder" */
    const struct cli_option *options;   /* ends with an entry without name */
};

/* The table of commands, in --help's order, ending with a NULL name. */
extern const struct cli_command commands[];
/* The options of kamplan itself (--help, --version), ending likewise;
 * every command takes --help too. */
extern const struct cli_option global_options[];
/* The command called name, or NULL. */
const struct cli_command *command_find(const char *name);

/* Prints the --help text, generated from the tables, to f. */
void usage(FILE *f);
/* Prints one line per option of the tables, "COMMAND<TAB>TAG" ("*" for
 * kamplan's own), the tag as --help shows it: for tests/options.sh. */
void list_options(FILE *f);
/* Prints o's tag as --help shows it ("-o, --out DIR", "--marginal[=LIST]")
 * and returns its width. */
int print_option_tag(FILE *f, const struct cli_option *o);

/* What an option handler returns when the option is not its own, and when
 * parsing goes on; any other value is the exit code to stop with. */
enum { OPT_NOT_MINE = -2, OPT_GO_ON = -1 };

/* What several commands' options set, and the start of their run. */
struct common_args {
    const char *dir;            /* the operand */
    const char *out, *scenario, *report;
    kp_solve_opts *so;          /* where --gap and --time-limit go */
    kp_sweep_axis axes[2];      /* --sweep, at most twice */
    size_t naxes;
    int quiet;                  /* --quiet, and always with --format json */
    long max_rows;              /* --max-rows; 0: the library's default */
    long max_model;             /* --max-model; 0: the library's default */
    int wait;                   /* --wait: wait for another run's lock on --out */
    /* What else the run reads and writes, for the guard that keeps
     * outputs off inputs (open_instance): */
    const char *plan;           /* evaluate's --plan FILE */
    const char *progress;       /* solve's --progress FILE ("-": stderr) */
    const char *exports[3];     /* export's --lp, --mps and --dat FILEs */
    const char *const *writes;  /* the names the command writes into --out,
                                   ending with NULL */
    /* Set by open_instance: --out's result set, open (and its lock held)
     * until close_output; where --report and --progress are written (a
     * malloc'd place inside the set when they lie inside --out, else
     * NULL: where given). */
    kp_outset *set;
    char *report_at, *progress_at;
    long long max_bytes;        /* --max-bytes; 0: the library's default */
};

/* A command's handler of its own options: id with its argument (NULL
 * when none). Returns OPT_GO_ON, OPT_NOT_MINE, or the exit code. */
typedef int option_fn(enum option_id id, const char *arg, void *ctx);

/* Parses self's options and its one operand: the shared ones into *a, the
 * rest through own(ctx) (NULL when the command has none of its own).
 * Returns OPT_GO_ON when all is fine, else the exit code to stop with
 * (after printing the mistake; EXIT_HELP for --help). */
int parse_command_line(const struct cli_command *self, int argc, char **argv,
                       struct common_args *a, option_fn *own, void *ctx);
/* The start of a run after its options: refuses (EXIT_USAGE) an output
 * path that could write over an input, opens --out's result set (its
 * lock: waiting with --wait, else failing with EXIT_IO when another run
 * holds it), checks --report's path, loads a->dir, applies --sweep and
 * finds --scenario (*only: its index, or -1). Returns an exit code; on
 * success *in is the caller's to free, on failure NULL. Whatever it
 * returns, the caller ends with close_output(a). */
int open_instance(const struct cli_command *self, struct common_args *a,
                  kp_instance **in, long *only);
/* Where --report goes: a->report_at or a->report. */
const char *report_file(const struct common_args *a);
/* After the command wrote its files into --out's set (st_out: how that
 * went) and its report (st_report): commits the set when all that was
 * meant for it was written. Returns the set's status: st_out, the
 * report's failure when the report was inside the set, or the commit's. */
int commit_output(struct common_args *a, int st_out, int st_report, kp_diags *d);
/* Ends --out's set (removed unless committed: --out as it was) and
 * releases its lock; frees what open_instance placed. */
void close_output(struct common_args *a);

/* replan_args.c: --from, --max-changes and --change-cost (solve, export,
 * tradeoff). */
struct replan_args {
    const char *from;           /* --from FILE, or NULL */
    int limit_given, cost_given;
    kp_previous *prev;          /* --from's plan, once loaded */
    const int **per;            /* per scenario: its previous counts */
    kp_replan rp;               /* what the library gets */
};
/* Starts r empty (no --from). */
void replan_init(struct replan_args *r);
/* Handles r's three options; OPT_NOT_MINE for any other. */
int replan_option(struct replan_args *r, enum option_id id, const char *arg);
/* After parsing: --max-changes or --change-cost without --from is a
 * mistake (EXIT_USAGE); else OPT_GO_ON. */
int replan_check(const struct replan_args *r);
/* After open_instance: reads --from (its messages printed) and finds the
 * previous counts of the scenarios asked for (only, or all when -1).
 * Returns EXIT_OK (r->rp ready; nothing to do without --from), or the
 * exit code. */
int replan_open(struct replan_args *r, const kp_instance *in, long only);
/* The kp_replan for kp_solve_opts.replan: NULL without --from. */
const kp_replan *replan_of(const struct replan_args *r);
void replan_close(struct replan_args *r);

/* The commands (cli_command.run). */
int cmd_solve(const struct cli_command *self, int argc, char **argv);
int cmd_qualify(const struct cli_command *self, int argc, char **argv);
int cmd_check(const struct cli_command *self, int argc, char **argv);
int cmd_export(const struct cli_command *self, int argc, char **argv);
int cmd_generate(const struct cli_command *self, int argc, char **argv);
int cmd_evaluate(const struct cli_command *self, int argc, char **argv);
int cmd_bench(const struct cli_command *self, int argc, char **argv);
int cmd_tradeoff(const struct cli_command *self, int argc, char **argv);
int cmd_why(const struct cli_command *self, int argc, char **argv);
/* Why scenario s is infeasible, in a planner's words (kp_explain within
 * time_limit seconds, > 0, or kp_explain's default when 0; stopped by
 * Ctrl-C): a malloc'd text (saying so when the limit or Ctrl-C came
 * before any cause was found), or NULL when there is nothing to add. */
char *explain_text(const kp_instance *in, size_t s, double time_limit);

#endif
