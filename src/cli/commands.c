/*
 * commands.c - the table of kamplan's commands and the one definition of
 * their options. getopt_long's tables (options.c), --help and the hidden
 * --list-options (help.c) are made from it; tests/options.sh checks the
 * man page, src/kamplan.1, against --list-options. A new option is one
 * line here, its handling in its command, and its entry in the man page.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stddef.h>
#include <string.h>

#include "cli/cli.h"

#define END {0, 0, NULL, 0, NULL, NULL}

static const struct cli_option solve_options[] = {
    {OPT_OUT, 'o', "out", required_argument, "DIR",
     "output folder (created), replaced at once by\n"
     "the new result set; files of others are kept"},
    {OPT_WAIT, 0, "wait", no_argument, NULL,
     "when another run is writing the output folder,\n"
     "wait for it (default: stop at once, exit 4)"},
    {OPT_SCENARIO, 's', "scenario", required_argument, "ID", "solve this scenario only"},
    {OPT_TIME_LIMIT, 't', "time-limit", required_argument, "SEC",
     "stop each scenario after SEC seconds (the\n"
     "explanation of an infeasible one included)"},
    {OPT_GAP, 'g', "gap", required_argument, "PCT",
     "stop at this relative gap, percent (default 0.01;\n"
     "0 asks for the exact optimum)"},
    {OPT_QUIET, 'q', "quiet", no_argument, NULL, "print nothing but errors"},
    {OPT_VERBOSE, 'v', "verbose", no_argument, NULL, "show GLPK's log"},
    {OPT_FORMAT, 0, "format", required_argument, "text|json",
     "json: print one JSON document (the results of\n"
     "every output file, and every message) instead\n"
     "of the text (man kamplan, \"JSON OUTPUT\")"},
    {OPT_REPORT, 0, "report", required_argument, "FILE.html",
     "also write a report for people: one HTML file\n"
     "with charts (the --scenario given, else the\n"
     "first one solved; man kamplan, \"HTML REPORT\")"},
    {OPT_METHOD, 0, "method", required_argument, "auto|bb",
     "auto (default): column generation over block\n"
     "plans and a proof, then branch-and-cut only if the\n"
     "gap is not reached; bb: GLPK branch-and-cut on the\n"
     "whole model"},
    {OPT_CUTS, 'c', "cuts", required_argument, "LIST",
     "GLPK cut generators: none, or a list of gmi, mir,\n"
     "cov, clq (default gmi,mir; for benchmarking)"},
    {OPT_THREADS, 'j', "threads", required_argument, "N",
     "use N threads: N scenarios at a time, or a\n"
     "lone scenario's pricing (default: all cores)"},
    {OPT_TOTAL_TIME_LIMIT, 0, "total-time-limit", required_argument, "SEC",
     "stop the whole batch after SEC seconds; scenarios\n"
     "not started by then are marked not run"},
    {OPT_SWEEP, 0, "sweep", required_argument, "PARAM=FROM:TO:STEPS",
     "solve STEPS values of PARAM instead of\n"
     "scenarios.csv: hours or budget (the team's),\n"
     "manager_hours:ID, manager_budget:ID,\n"
     "period_hours:ID or period_budget:ID (one\n"
     "manager's or period's); twice: a grid of two"},
    {OPT_MARGINAL, 0, "marginal", optional_argument, "LIST",
     "value of one more hour and unit of budget, by\n"
     "re-solving at +1% (LIST: P%, hours=D, budget=D)"},
    {OPT_WHY, 0, "why", no_argument, NULL,
     "also the reasons of each plan into why.csv (as\n"
     "kamplan why: one re-solve per account and\n"
     "activity explained, so it takes longer)"},
    {OPT_REUSE, 0, "reuse", no_argument, NULL,
     "start scenarios from a neighbouring scenario's\n"
     "repaired plan"},
    {OPT_NO_REUSE, 0, "no-reuse", no_argument, NULL,
     "solve each scenario from scratch (the default)"},
    {OPT_FROM, 0, "from", required_argument, "FILE",
     "replan: the previous plan (activity_id,count, or\n"
     "solve's plan.csv: the rows of the scenario of the\n"
     "same id, else of its only scenario)"},
    {OPT_MAX_CHANGES, 0, "max-changes", required_argument, "N",
     "with --from: at most N occurrences added or\n"
     "removed against the previous plan"},
    {OPT_CHANGE_COST, 0, "change-cost", required_argument, "V",
     "with --from: each occurrence added or removed\n"
     "costs V in the objective"},
    {OPT_PROGRESS, 0, "progress", required_argument, "FILE",
     "write a CSV line per stage of each solve (round,\n"
     "bound, plan, gap, seconds) to FILE (-: stderr)"},
    {OPT_SEED, 0, "seed", required_argument, "S",
     "seed of scenarios.csv's sampled futures (default\n"
     "20260101; the same seed gives the same samples)"},
    {OPT_MAX_ROWS, 0, "max-rows", required_argument, "N",
     "refuse an input file of more than N data rows\n"
     "(default 10000000)"},
    {OPT_MAX_BYTES, 0, "max-bytes", required_argument, "N",
     "refuse an input file of more than N bytes (K, M,\n"
     "G: binary multiples; default 1G)"},
    {OPT_MAX_MODEL, 0, "max-model", required_argument, "N",
     "refuse an instance whose model would have more\n"
     "than N columns or rows (default 20000000)"},
    END
};

static const struct cli_option tradeoff_options[] = {
    {OPT_FROM, 0, "from", required_argument, "FILE", "the previous plan (required)"},
    {OPT_OUT, 'o', "out", required_argument, "DIR", "output folder, as for solve"},
    {OPT_WAIT, 0, "wait", no_argument, NULL, "as for solve"},
    {OPT_SCENARIO, 's', "scenario", required_argument, "ID",
     "only this scenario (default: every one)"},
    {OPT_SWEEP, 0, "sweep", required_argument, "PARAM=FROM:TO:STEPS",
     "the scenarios of a sweep, as for solve"},
    {OPT_MAX_CHANGES, 0, "max-changes", required_argument, "N",
     "no point beyond N changes"},
    {OPT_GAP, 'g', "gap", required_argument, "PCT",
     "gap of each point's solve (default 0: exact)"},
    {OPT_TIME_LIMIT, 't', "time-limit", required_argument, "SEC",
     "limit for each point's solve"},
    {OPT_METHOD, 0, "method", required_argument, "auto|bb", "as for solve"},
    {OPT_QUIET, 'q', "quiet", no_argument, NULL, "print nothing but errors"},
    {OPT_FORMAT, 0, "format", required_argument, "text|json", "as for solve"},
    {OPT_REPORT, 0, "report", required_argument, "FILE.html",
     "also write the curve as one HTML file"},
    {OPT_MAX_ROWS, 0, "max-rows", required_argument, "N", "as for solve"},
    {OPT_MAX_BYTES, 0, "max-bytes", required_argument, "N", "as for solve"},
    {OPT_MAX_MODEL, 0, "max-model", required_argument, "N", "as for solve"},
    END
};

/* The options that qualify and check share. */
static const struct cli_option plain_options[] = {
    {OPT_FORMAT, 0, "format", required_argument, "text|json", "as for solve"},
    {OPT_QUIET, 'q', "quiet", no_argument, NULL, "print nothing but errors"},
    {OPT_MAX_ROWS, 0, "max-rows", required_argument, "N", "as for solve"},
    {OPT_MAX_BYTES, 0, "max-bytes", required_argument, "N", "as for solve"},
    {OPT_MAX_MODEL, 0, "max-model", required_argument, "N", "as for solve"},
    END
};

static const struct cli_option export_options[] = {
    {OPT_LP, 'l', "lp", required_argument, "FILE", "write the model as CPLEX LP"},
    {OPT_MPS, 'm', "mps", required_argument, "FILE", "write the model as free MPS"},
    {OPT_DAT, 'd', "dat", required_argument, "FILE",
     "write MathProg data for models/kamplan.mod"},
    {OPT_SCENARIO, 's', "scenario", required_argument, "ID",
     "the scenario to export (default: the first)"},
    {OPT_SWEEP, 0, "sweep", required_argument, "PARAM=FROM:TO:STEPS",
     "the sweep given to solve, to name a swept\n"
     "scenario with --scenario"},
    {OPT_FROM, 0, "from", required_argument, "FILE",
     "export the replanning model against this\n"
     "previous plan (as for solve; not with --dat)"},
    {OPT_MAX_CHANGES, 0, "max-changes", required_argument, "N", "as for solve"},
    {OPT_CHANGE_COST, 0, "change-cost", required_argument, "V", "as for solve"},
    {OPT_MAX_ROWS, 0, "max-rows", required_argument, "N", "as for solve"},
    {OPT_MAX_BYTES, 0, "max-bytes", required_argument, "N", "as for solve"},
    {OPT_MAX_MODEL, 0, "max-model", required_argument, "N", "as for solve"},
    END
};

static const struct cli_option generate_options[] = {
    {OPT_ACCOUNTS, 'n', "accounts", required_argument, "N",
     "number of accounts, 1 to 500000 (required); a\n"
     "size whose instance check would refuse (from\n"
     "about 325000: --max-model) is refused"},
    {OPT_SEED, 's', "seed", required_argument, "S",
     "seed of the random numbers (the same seed gives\n"
     "the same instance)"},
    {OPT_MANAGERS, 0, "managers", required_argument, "M",
     "a team: managers.csv with M managers (1 to\n"
     "1000), each account fixed to one"},
    {OPT_FIXED_MANAGERS, 0, "fixed-managers", required_argument, "PCT",
     "with --managers: fix PCT of the accounts (0 to\n"
     "100, default 100) to a manager; the others'\n"
     "manager_id is empty (the optimiser chooses)"},
    {OPT_PERIODS, 0, "periods", required_argument, "P",
     "periods: periods.csv with P periods (1 to 52),\n"
     "windows and max_per_period on some activities"},
    END
};

static const struct cli_option evaluate_options[] = {
    {OPT_PLAN, 'p', "plan", required_argument, "FILE", "the plan to judge (required)"},
    {OPT_OUT, 'o', "out", required_argument, "DIR", "output folder, as for solve"},
    {OPT_WAIT, 0, "wait", no_argument, NULL, "as for solve"},
    {OPT_SCENARIO, 's', "scenario", required_argument, "ID",
     "judge it for this scenario only"},
    {OPT_GAP, 'g', "gap", required_argument, "PCT",
     "gap of the optimum's solve (default 0: exact)"},
    {OPT_TIME_LIMIT, 't', "time-limit", required_argument, "SEC",
     "limit for each scenario: the optimum's solve,\n"
     "then the explanation in the time left"},
    {OPT_QUIET, 'q', "quiet", no_argument, NULL, "print nothing but errors"},
    {OPT_FORMAT, 0, "format", required_argument, "text|json", "as for solve"},
    {OPT_REPORT, 0, "report", required_argument, "FILE.html",
     "also write the judgement as one HTML file"},
    {OPT_MAX_ROWS, 0, "max-rows", required_argument, "N", "as for solve; the plan file too"},
    {OPT_MAX_BYTES, 0, "max-bytes", required_argument, "N",
     "as for solve; the plan file too"},
    {OPT_MAX_MODEL, 0, "max-model", required_argument, "N", "as for solve"},
    END
};

static const struct cli_option bench_options[] = {
    {OPT_OUT, 'o', "out", required_argument, "DIR", "output folder, as for solve"},
    {OPT_WAIT, 0, "wait", no_argument, NULL, "as for solve"},
    {OPT_SCENARIO, 's', "scenario", required_argument, "ID", "only this scenario"},
    {OPT_SWEEP, 0, "sweep", required_argument, "PARAM=FROM:TO:STEPS",
     "benchmark the sweep's scenarios, as for solve"},
    {OPT_GAP, 'g', "gap", required_argument, "PCT",
     "gap of the optimum's solve (default 0.01)"},
    {OPT_TIME_LIMIT, 't', "time-limit", required_argument, "SEC",
     "limit for each scenario: the heuristics (half\n"
     "of it at most), then the optimum's solve"},
    {OPT_QUIET, 'q', "quiet", no_argument, NULL, "print nothing but errors"},
    {OPT_FORMAT, 0, "format", required_argument, "text|json", "as for solve"},
    {OPT_REPORT, 0, "report", required_argument, "FILE.html",
     "also write the comparison as one HTML file"},
    {OPT_MAX_ROWS, 0, "max-rows", required_argument, "N", "as for solve"},
    {OPT_MAX_BYTES, 0, "max-bytes", required_argument, "N", "as for solve"},
    {OPT_MAX_MODEL, 0, "max-model", required_argument, "N", "as for solve"},
    END
};

static const struct cli_option why_options[] = {
    {OPT_OUT, 'o', "out", required_argument, "DIR", "output folder, as for solve"},
    {OPT_WAIT, 0, "wait", no_argument, NULL, "as for solve"},
    {OPT_SCENARIO, 's', "scenario", required_argument, "ID",
     "explain this scenario (default: the first)"},
    {OPT_ACCOUNT, 0, "account", required_argument, "ID",
     "only this account, its chosen activities and\n"
     "its best left out"},
    {OPT_ACTIVITY, 0, "activity", required_argument, "ID", "only this activity"},
    {OPT_ONLY, 0, "only", required_argument, "accounts|activities",
     "explain only the accounts, or only the activities"},
    {OPT_ALL, 0, "all", no_argument, NULL,
     "every activity left out (default: the 10 of\n"
     "most value)"},
    {OPT_TIME_LIMIT, 't', "time-limit", required_argument, "SEC",
     "for the whole run: the plan's solve, then the\n"
     "re-solves (those not reached are marked so)"},
    {OPT_GAP, 'g', "gap", required_argument, "PCT",
     "gap of the plan and of each re-solve (default\n"
     "0.01; 0: exact costs)"},
    {OPT_THREADS, 'j', "threads", required_argument, "N",
     "re-solve N decisions at a time (default: all cores)"},
    {OPT_QUIET, 'q', "quiet", no_argument, NULL, "print nothing but errors"},
    {OPT_FORMAT, 0, "format", required_argument, "text|json", "as for solve"},
    {OPT_REPORT, 0, "report", required_argument, "FILE.html",
     "also write the reasons as one HTML file"},
    {OPT_MAX_ROWS, 0, "max-rows", required_argument, "N", "as for solve"},
    {OPT_MAX_BYTES, 0, "max-bytes", required_argument, "N", "as for solve"},
    {OPT_MAX_MODEL, 0, "max-model", required_argument, "N", "as for solve"},
    END
};

const struct cli_command commands[] = {
    {"solve", cmd_solve, "DIR [--out OUT]",
     "solve every scenario of the instance folder DIR and\n"
     "write summary.csv, plan.csv, accounts.csv,\n"
     "frontier.csv and changes.csv into OUT; Ctrl-C\n"
     "stops, writes what finished (exit 130)",
     "instance folder", solve_options},
    {"qualify", cmd_qualify, "DIR",
     "show each account's criteria, met or missed, and the\n"
     "verdict",
     "instance folder", plain_options},
    {"check", cmd_check, "DIR",
     "validate the instance and report every problem",
     "instance folder", plain_options},
    {"export", cmd_export, "DIR --lp FILE | --mps FILE | --dat FILE",
     "write a scenario's model as CPLEX LP, free MPS or\n"
     "MathProg data for models/kamplan.mod",
     "instance folder", export_options},
    {"generate", cmd_generate,
     "--accounts N [--seed S] [--managers M [--fixed-managers PCT]] "
     "[--periods P] DIR",
     "write a synthetic instance into DIR",
     "output folder", generate_options},
    {"evaluate", cmd_evaluate, "DIR --plan FILE [--out OUT]",
     "judge a plan (activity_id,count rows, or solve's\n"
     "plan.csv): every rule it breaks and by how much,\n"
     "its value against the optimum, the changes that\n"
     "make it optimal; evaluation.csv, violations.csv\n"
     "and to_optimal.csv into OUT; Ctrl-C stops, writes\n"
     "what was judged (exit 130)",
     "instance folder", evaluate_options},
    {"bench", cmd_bench, "DIR [--out OUT]",
     "the optimum against plain heuristics (value per\n"
     "hour, per unit of cost, biggest accounts first,\n"
     "equal hours); bench.csv into OUT; Ctrl-C stops,\n"
     "writes what was benchmarked (exit 130)",
     "instance folder", bench_options},
    {"tradeoff", cmd_tradeoff, "DIR --from FILE [--out OUT]",
     "replan: the best value for each number of changes\n"
     "against a previous plan, each point proven (from\n"
     "0 changes to the unconstrained optimum's);\n"
     "tradeoff.csv into OUT",
     "instance folder", tradeoff_options},
    {"why", cmd_why, "DIR [--out OUT]",
     "why the plan is what it is: for every account why\n"
     "it is key or not and the exact cost of the\n"
     "opposite decision, the value of each chosen\n"
     "activity and the cost of adding the best left out\n"
     "(re-solves); why.csv into OUT",
     "instance folder", why_options},
    {NULL, NULL, NULL, NULL, NULL, NULL}
};

/* cli.h: the command called name, or NULL. */
const struct cli_command *command_find(const char *name)
{
    for (const struct cli_command *c = commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}
