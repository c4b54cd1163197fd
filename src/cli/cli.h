/*
 * cli.h - what the kamplan command line's files share (common.c). The top
 * layer: nothing in the library includes it. Not installed.
 */
#ifndef KAMPLAN_CLI_H
#define KAMPLAN_CLI_H

#include <stdio.h>

#include "kamplan.h"

/* Exit codes, documented in --help and the README. */
enum {
    EXIT_OK = 0,        /* done; for solve: every scenario has a plan */
    EXIT_DATA = 1,      /* the instance has errors (messages on stderr) */
    EXIT_USAGE = 2,     /* bad command line */
    EXIT_NOPLAN = 3,    /* solved, but a scenario has no plan */
    EXIT_IO = 4,        /* a file could not be read or written */
    EXIT_INTERNAL = 5,  /* out of memory or a solver failure */
    EXIT_BROKEN = 6,    /* evaluate: the plan breaks a rule */
    EXIT_INTERRUPTED = 130  /* solve stopped by Ctrl-C (finished ones written) */
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

/* Prints the whole --help text to f. */
void usage(FILE *f);
/* Reports a command-line mistake and returns EXIT_USAGE. */
int misuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Reports the option getopt_long rejected and returns EXIT_USAGE. */
int bad_option(char **argv);
/* Prints every diagnostic to stderr as "kamplan: error: ...". */
void print_diags(const kp_diags *d);
/* The exit code for a library status. */
int exit_for(int status);
/* After writing files: the exit code rc, or the failure of st (a library
 * status); on success, unless quiet, prints "wrote " and fmt's text. */
int wrote(int st, int rc, int quiet, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Parses a finite number; returns 0 or -1. */
int parse_double(const char *s, double *v);
/* --report's path, checked before any work (kp_report_path_check; NULL:
 * no report): prints why it cannot be written, returns an exit code. */
int check_report_path(const char *path);
/* Loads DIR, printing what the loader found; returns an exit code. */
int load(const char *dir, kp_instance **inst);

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

int cmd_solve(int argc, char **argv);
int cmd_qualify(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_generate(int argc, char **argv);
int cmd_evaluate(int argc, char **argv);
int cmd_bench(int argc, char **argv);
/* Why scenario s is infeasible, in a planner's words (kp_explain): a
 * malloc'd text, or NULL when there is nothing to add. */
char *explain_text(const kp_instance *in, size_t s);

#endif
