/*
 * help.c - the --help text and the hidden --list-options, both made from
 * the table of commands and options (commands.c), so that neither can
 * drift from what the commands accept.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"

/* Where --help's texts start: a command's summary, an option's help. */
#define SUMMARY_COLUMN 28
#define HELP_COLUMN 30

static const char intro[] =
    "Usage: kamplan COMMAND [OPTIONS] ...\n"
    "Plan a key account manager's hours and budget: qualify key accounts and\n"
    "choose the activities worth the most, solved to a proven optimum with GLPK.\n"
    "\n"
    "Commands:\n";

static const char exit_codes[] =
    "Exit codes:\n"
    "  0  success (solve: every scenario has a plan)\n"
    "  1  the instance has errors, reported as FILE:LINE: column 'x': ...\n"
    "  2  bad command line\n"
    "  3  a scenario is infeasible, or has no plan within the limits\n"
    "  4  a file could not be read or written\n"
    "  5  out of memory or solver failure\n"
    "  6  evaluate: the plan breaks a rule (violations.csv lists them)\n"
    "  130  interrupted by Ctrl-C or SIGTERM (solve, evaluate, bench: what finished\n"
    "       is written)\n";

/* cli.h: o's tag as --help shows it; returns its width. */
int print_option_tag(FILE *f, const struct cli_option *o)
{
    int n = 0;
    if (o->letter)
        n += fprintf(f, "-%c, ", o->letter);
    n += fprintf(f, "--%s", o->name);
    if (o->arg == required_argument)
        n += fprintf(f, " %s", o->arg_name);
    else if (o->arg == optional_argument)
        n += fprintf(f, "[=%s]", o->arg_name);
    return n;
}

/* Goes from column at to column col: on this line when two spaces fit
 * before it, else on the next. */
static void pad_to(FILE *f, int at, int col)
{
    if (at > col - 2) {
        fputc('\n', f);
        at = 0;
    }
    fprintf(f, "%*s", col - at, "");
}

/* text's lines, the first from where the caller left, the rest indented
 * to col. */
static void print_lines(FILE *f, const char *text, int col)
{
    for (const char *p = text; *p; p++) {
        fputc(*p, f);
        if (*p == '\n')
            fprintf(f, "%*s", col, "");
    }
    fputc('\n', f);
}

/* One option of --help, indented by indent, its help at col. */
static void print_option_help(FILE *f, const struct cli_option *o, int indent, int col)
{
    fprintf(f, "%*s", indent, "");
    pad_to(f, indent + print_option_tag(f, o), col);
    print_lines(f, o->help, col);
}

/* One command of --help: its synopsis, summary and options. */
static void print_command_help(FILE *f, const struct cli_command *c)
{
    int at = fprintf(f, "  %s %s", c->name, c->synopsis);
    pad_to(f, at, SUMMARY_COLUMN);
    print_lines(f, c->summary, SUMMARY_COLUMN);
    for (const struct cli_option *o = c->options; o->name; o++)
        print_option_help(f, o, 6, HELP_COLUMN);
}

/* cli.h: the --help text: the commands with their options (commands.c),
 * kamplan's own options and the exit codes. */
void usage(FILE *f)
{
    /* The help is all that a --format json run prints. */
    json_text_only();
    fputs(intro, f);
    for (const struct cli_command *c = commands; c->name; c++)
        print_command_help(f, c);
    fputc('\n', f);
    for (const struct cli_option *o = global_options; o->name; o++)
        print_option_help(f, o, 2, SUMMARY_COLUMN);
    fputc('\n', f);
    fputs(exit_codes, f);
}

/* cli.h: the hidden --list-options, one "COMMAND<TAB>TAG" line per
 * option, "*" for kamplan's own. */
void list_options(FILE *f)
{
    json_text_only();
    for (const struct cli_command *c = commands; c->name; c++)
        for (const struct cli_option *o = c->options; o->name; o++) {
            fprintf(f, "%s\t", c->name);
            print_option_tag(f, o);
            fputc('\n', f);
        }
    for (const struct cli_option *o = global_options; o->name; o++) {
        fputs("*\t", f);
        print_option_tag(f, o);
        fputc('\n', f);
    }
}
