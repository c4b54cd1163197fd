/*
 * options.c - a command's options, parsed from their one definition
 * (commands.c) with getopt_long, and the start that the commands share:
 * the options several of them take (--out, --scenario, --gap, ...), the
 * one operand, the guard that keeps outputs off inputs, --out's result
 * set and its lock, --report's path, loading the instance, --sweep and
 * --scenario.
 */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

const struct cli_option global_options[] = {
    {OPT_HELP, 'h', "help", no_argument, NULL, "show this help and exit"},
    {OPT_VERSION, 'V', "version", no_argument, NULL,
     "show the version (and GLPK's) and exit"},
    {0, 0, NULL, 0, NULL, NULL}
};

/* The most options one command has, --help included. */
#define MAX_OPTIONS 32

/* getopt_long's tables for one command, made from its definition. Each
 * long option returns its letter, or 256 + its index when it has none. */
struct option_parser {
    const struct cli_option *defs[MAX_OPTIONS];
    size_t n;
    struct option longs[MAX_OPTIONS + 1];
    char shorts[3 * MAX_OPTIONS + 1];
};

/* Fills p from self's options and --help. */
static void parser_init(struct option_parser *p, const struct cli_command *self)
{
    char *s = p->shorts;
    const struct cli_option *o;

    p->n = 0;
    /* A table longer than this is our own mistake, seen by every test. */
    for (o = self->options; o->name; o++) {
        assert(p->n < MAX_OPTIONS);
        p->defs[p->n++] = o;
    }
    assert(p->n < MAX_OPTIONS);
    p->defs[p->n++] = &global_options[0];
    for (size_t i = 0; i < p->n; i++) {
        o = p->defs[i];
        p->longs[i].name = o->name;
        p->longs[i].has_arg = o->arg;
        p->longs[i].flag = NULL;
        p->longs[i].val = o->letter ? o->letter : 256 + (int)i;
        if (!o->letter)
            continue;
        *s++ = o->letter;
        if (o->arg != no_argument)
            *s++ = ':';
        if (o->arg == optional_argument)
            *s++ = ':';
    }
    *s = '\0';
    memset(&p->longs[p->n], 0, sizeof p->longs[p->n]);
}

/* The next option of argv: its definition, or NULL at the end. *bad is
 * set when getopt_long rejected an option (and NULL returned). */
static const struct cli_option *next_option(struct option_parser *p, int argc,
                                            char **argv, int *bad)
{
    int c = getopt_long(argc, argv, p->shorts, p->longs, NULL);
    *bad = 0;
    if (c == -1)
        return NULL;
    if (c >= 256)
        return p->defs[c - 256];
    for (size_t i = 0; i < p->n; i++)
        if (p->defs[i]->letter == c)
            return p->defs[i];
    *bad = 1;
    return NULL;
}

/* --sweep, given up to twice (two different values: a grid). */
static int add_sweep(struct common_args *a, const char *arg)
{
    kp_diags *d = NULL;
    int rc = OPT_GO_ON;

    if (a->naxes == 2)
        return misuse("--sweep: '%s': at most two sweeps (hours and budget, a grid)",
                      arg);
    if (!(d = kp_diags_new()))
        return out_of_memory();
    if (kp_sweep_axis_parse(arg, &a->axes[a->naxes], d) != KP_OK) {
        rc = misuse("--sweep: %s", kp_diags_message(d, 0));
        goto out;
    }
    if (a->naxes == 1 && a->axes[0].param == a->axes[1].param &&
        a->axes[0].param < KP_SWEEP_MANAGER_HOURS) {
        rc = misuse("--sweep: '%s': that value is already swept; a grid sweeps "
                    "hours and budget", arg);
        goto out;
    }
    if (a->naxes == 1 && a->axes[0].param == a->axes[1].param &&
        a->axes[0].idlen == a->axes[1].idlen &&
        memcmp(a->axes[0].id, a->axes[1].id, a->axes[0].idlen) == 0) {
        rc = misuse("--sweep: '%s': that value is already swept; a grid sweeps "
                    "two different values", arg);
        goto out;
    }
    a->naxes++;
out:
    kp_diags_free(d);
    return rc;
}

/* --max-bytes's argument: a whole number from 1, with an optional K, M or
 * G (binary multiples), into *v. Returns 0, or -1 when it is not one or
 * does not fit a long long. */
static int parse_bytes(const char *arg, long long *v)
{
    static const char units[] = "KMG";
    char *end;
    const char *u;
    errno = 0;
    long long n = strtoll(arg, &end, 10);
    if (end == arg || *arg == '-' || *arg == '+' || errno || n < 1)
        return -1;
    if (*end) {
        if (end[1] || !(u = strchr(units, *end)))
            return -1;
        for (long i = 0; i <= u - units; i++) {
            if (n > LLONG_MAX / 1024)
                return -1;
            n *= 1024;
        }
    }
    *v = n;
    return 0;
}

/* The options that several commands share, into *a. Returns OPT_GO_ON,
 * OPT_NOT_MINE, or the exit code. */
static int common_option(struct common_args *a, enum option_id id, const char *arg)
{
    switch (id) {
    case OPT_HELP: return EXIT_HELP;
    case OPT_OUT: a->out = arg; break;
    case OPT_SCENARIO: a->scenario = arg; break;
    case OPT_REPORT: a->report = arg; break;
    case OPT_QUIET: a->quiet = 1; break;
    case OPT_WAIT: a->wait = 1; break;
    case OPT_FORMAT: return set_format(arg) ? EXIT_USAGE : OPT_GO_ON;
    case OPT_SWEEP: return add_sweep(a, arg);
    case OPT_GAP:
        if (parse_double(arg, &a->so->gap_pct) || a->so->gap_pct < 0 ||
            a->so->gap_pct > 100)
            return misuse("--gap: '%s' is not a percentage from 0 to 100", arg);
        break;
    case OPT_TIME_LIMIT:
        if (parse_double(arg, &a->so->time_limit) || a->so->time_limit <= 0)
            return misuse("--time-limit: '%s' is not a positive number of seconds", arg);
        break;
    case OPT_MAX_ROWS: {
        /* Rows become int indices: INT_MAX bounds the limit. */
        char *end;
        errno = 0;
        long v = strtol(arg, &end, 10);
        if (!*arg || *end || errno || v < 1 || v > INT_MAX)
            return misuse("--max-rows: '%s' is not a whole number from 1 to %d", arg,
                          INT_MAX);
        a->max_rows = v;
        break;
    }
    case OPT_MAX_MODEL: {
        char *end;
        errno = 0;
        long v = strtol(arg, &end, 10);
        if (!*arg || *end || errno || v < 1)
            return misuse("--max-model: '%s' is not a whole number from 1 to %ld", arg,
                          LONG_MAX);
        a->max_model = v;
        break;
    }
    case OPT_MAX_BYTES:
        if (parse_bytes(arg, &a->max_bytes) != 0)
            return misuse("--max-bytes: '%s' is not a whole number from 1 to %lld, "
                          "with K, M or G for binary multiples", arg, LLONG_MAX);
        break;
    default: return OPT_NOT_MINE;
    }
    return OPT_GO_ON;
}

/* cli.h: parses self's options (the shared ones here, the rest through
 * own) and its one operand; OPT_GO_ON, or the exit code to stop with. */
int parse_command_line(const struct cli_command *self, int argc, char **argv,
                       struct common_args *a, option_fn *own, void *ctx)
{
    struct option_parser p;
    const struct cli_option *o;
    int bad, rc;

    parser_init(&p, self);
    while ((o = next_option(&p, argc, argv, &bad)) != NULL) {
        rc = common_option(a, o->id, optarg);
        if (rc == OPT_NOT_MINE && own)
            rc = own(o->id, optarg, ctx);
        /* Every option of the table has a handler: our mistake if not. */
        assert(rc != OPT_NOT_MINE);
        if (rc != OPT_GO_ON)
            return rc;
    }
    if (bad)
        return bad_option(argv);
    if (optind + 1 != argc)
        return misuse("%s: expected one %s", self->name, self->operand);
    a->dir = argv[optind];
    /* The document replaces the text, and is all that stdout may hold. */
    if (json_mode)
        a->quiet = 1;
    return OPT_GO_ON;
}

/* Whether --report's path (NULL: none) can be written, checked before any
 * work: prints why not; returns an exit code. */
static int check_report_path(const char *path)
{
    kp_diags *d;
    int rc;
    if (!path)
        return EXIT_OK;
    if (!(d = kp_diags_new()))
        return out_of_memory();
    rc = exit_for(kp_report_path_check(path, d));
    print_diags(d);
    kp_diags_free(d);
    return rc;
}

/* Loads a->dir (files of at most --max-rows data rows and --max-bytes
 * bytes, a model of at most --max-model columns and rows; 0: the
 * defaults), printing what the loader found; returns an exit code. */
static int load(const struct common_args *a, kp_instance **inst)
{
    const char *dir = a->dir;
    kp_diags *d = kp_diags_new();
    kp_load_opts lo;
    if (!d)
        return out_of_memory();
    kp_load_opts_init(&lo);
    if (a->max_rows > 0)
        lo.max_rows = a->max_rows;
    if (a->max_model > 0)
        lo.max_model = a->max_model;
    if (a->max_bytes > 0)
        lo.max_bytes = a->max_bytes;
    int rc = kp_instance_load_with(dir, &lo, inst, d);
    print_diags(d);
    kp_diags_free(d);
    return exit_for(rc);
}

/* Replaces the scenarios with --sweep's. Returns an exit code. */
static int apply_sweep(kp_instance *in, const struct common_args *a)
{
    kp_diags *d = kp_diags_new();
    int st, rc;

    if (!d)
        return out_of_memory();
    st = kp_instance_sweep(in, a->axes, a->naxes, d);
    /* A sweep the instance cannot take is a mistake on the command line. */
    if (st == KP_EINVAL) {
        rc = misuse("--sweep: %s", kp_diags_message(d, kp_diags_count(d) - 1));
    } else {
        print_diags(d);
        rc = exit_for(st);
    }
    kp_diags_free(d);
    return rc;
}

/* "dir/name", malloc'd, or NULL. */
static char *in_folder(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* The most paths the guard compares. */
#define MAX_USES 16

/* Refuses, before any work, an output that could write over an input
 * (kp_paths_check): the instance folder and --plan against --out, the
 * files the command writes into it, --report, --progress and export's
 * files. Returns an exit code: EXIT_USAGE with the message naming both. */
static int guard(const struct common_args *a)
{
    static const char *const export_opt[3] = {"--lp", "--mps", "--dat"};
    kp_path_use u[MAX_USES];
    char *names[MAX_USES] = {NULL};
    size_t n = 0;
    kp_diags *d = kp_diags_new();
    int rc = EXIT_INTERNAL;

    if (!d)
        return EXIT_INTERNAL;
    u[n++] = (kp_path_use){a->dir, KP_PATH_IN_DIR, "the instance folder"};
    if (a->plan)
        u[n++] = (kp_path_use){a->plan, KP_PATH_IN_FILE, "the plan file"};
    if (a->out)
        u[n++] = (kp_path_use){a->out, KP_PATH_OUT_DIR, "--out"};
    for (const char *const *w = a->out ? a->writes : NULL; w && *w && n < MAX_USES - 5;
         w++) {
        if (!(names[n] = in_folder(a->out, *w)))
            goto out;
        u[n] = (kp_path_use){names[n], KP_PATH_OUT_FILE, "--out"};
        n++;
    }
    if (a->report)
        u[n++] = (kp_path_use){a->report, KP_PATH_OUT_FILE, "--report"};
    if (a->progress && strcmp(a->progress, "-") != 0)
        u[n++] = (kp_path_use){a->progress, KP_PATH_OUT_FILE, "--progress"};
    for (int f = 0; f < 3; f++)
        if (a->exports[f])
            u[n++] = (kp_path_use){a->exports[f], KP_PATH_OUT_FILE, export_opt[f]};
    rc = kp_paths_check(u, n, d);
    print_diags(d);
    rc = rc == KP_OK ? EXIT_OK : rc == KP_EINVAL ? EXIT_USAGE : EXIT_INTERNAL;
out:
    for (size_t k = 0; k < n; k++)
        free(names[k]);
    kp_diags_free(d);
    return rc;
}

/* Opens --out's result set (its lock: waiting with --wait, else failing at
 * once) and places --report and --progress inside it when they lie inside
 * --out. Returns an exit code. */
static int open_output(struct common_args *a)
{
    kp_diags *d = kp_diags_new();
    int st;

    if (!d)
        return EXIT_INTERNAL;
    st = kp_outset_open(a->out, KP_LOCK_FAIL, &a->set, d);
    if (st == KP_EBUSY) {
        const char *why = kp_diags_message(d, kp_diags_count(d) - 1);
        if (!a->wait) {
            note(KP_ERROR, "%s; --wait waits for it", why);
            kp_diags_free(d);
            return EXIT_IO;
        }
        if (!a->quiet)
            note(KP_WARNING, "%s; waiting for it (--wait)", why);
        kp_diags_free(d);
        if (!(d = kp_diags_new()))
            return EXIT_INTERNAL;
        st = kp_outset_open(a->out, KP_LOCK_WAIT, &a->set, d);
    }
    if (st == KP_OK && a->report)
        st = kp_outset_place(a->set, a->report, &a->report_at, d);
    if (st == KP_OK && a->progress && strcmp(a->progress, "-") != 0)
        st = kp_outset_place(a->set, a->progress, &a->progress_at, d);
    print_diags(d);
    kp_diags_free(d);
    return exit_for(st);
}

/* cli.h: where --report goes. */
const char *report_file(const struct common_args *a)
{
    return a->report_at ? a->report_at : a->report;
}

/* cli.h: commits --out's set when all that was meant for it was written. */
int commit_output(struct common_args *a, int st_out, int st_report, kp_diags *d)
{
    if (!a->set)
        return st_out;
    if (st_out == KP_OK && a->report_at)
        st_out = st_report;
    if (st_out == KP_OK)
        st_out = kp_outset_commit(a->set, d);
    return st_out;
}

/* cli.h: ends --out's set and releases its lock. */
void close_output(struct common_args *a)
{
    kp_outset_free(a->set);
    a->set = NULL;
    free(a->report_at);
    free(a->progress_at);
    a->report_at = a->progress_at = NULL;
}

/* cli.h: the guard, --out's set, --report's path, the instance, --sweep
 * and --scenario; returns an exit code, *in the caller's on success. */
int open_instance(const struct cli_command *self, struct common_args *a,
                  kp_instance **in, long *only)
{
    kp_instance *inst = NULL;
    int rc;

    *in = NULL;
    *only = -1;
    if ((rc = guard(a)) != EXIT_OK)
        goto out;
    if (a->out && (rc = open_output(a)) != EXIT_OK)
        goto out;
    if ((rc = check_report_path(report_file(a))) != EXIT_OK)
        goto out;
    if ((rc = load(a, &inst)) != EXIT_OK)
        goto out;
    if (a->naxes && (rc = apply_sweep(inst, a)) != EXIT_OK)
        goto out;
    if (a->scenario && (*only = kp_instance_scenario_find(inst, a->scenario)) < 0) {
        rc = misuse("%s: no scenario '%s' in the instance", self->name, a->scenario);
        goto out;
    }
    *in = inst;
    inst = NULL;
out:
    kp_instance_free(inst);
    return rc;
}
