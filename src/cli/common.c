/*
 * common.c - what the commands of the command line share: messages, exit
 * codes, the JSON document of a --format json run, and Ctrl-C and
 * SIGTERM. The bottom
 * of src/cli: it calls no other file of it.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"

const char *const prog = "kamplan";

int json_mode;
FILE *json_body;
/* What json_body writes into, and the messages of a JSON run. */
static char *json_buf;
static size_t json_len;
static kp_diags *json_diags;
/* --help or --version was printed: no JSON document after it. */
static int help_shown;

volatile sig_atomic_t interrupted;
/* The signals that stop a run, and their actions before catch_sigint(),
 * for release_sigint(). */
static const int stop_signals[] = {SIGINT, SIGTERM, SIGUSR1};
enum { NSTOP = sizeof stop_signals / sizeof stop_signals[0] };
static struct sigaction old_action[NSTOP];
static unsigned char caught[NSTOP];

/* The first stop signal (SIGINT, SIGTERM, SIGUSR1) asks the library to
 * stop (its stop flags point to interrupted: 1); the second asks it to stop at once, without
 * the short grace the heuristics get after a stop (2); the third ends the
 * program as the signal does by default. The signals are blocked while
 * this runs (sa_mask), so the increments never race. */
static void on_stop_signal(int sig)
{
    if (interrupted >= 2) {
        signal(sig, SIG_DFL);
        raise(sig);     /* delivered when the handler returns */
        return;
    }
    interrupted++;
}

/* Installs on_stop_signal for stop_signals[i], unless the parent had the
 * signal ignored (a background job of a shell script: Ctrl-C at the
 * terminal is not meant for it), which stays so. */
static void catch_one(int i)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    for (int j = 0; j < NSTOP; j++)
        sigaddset(&sa.sa_mask, stop_signals[j]);
    caught[i] = 0;
    if (sigaction(stop_signals[i], NULL, &old_action[i]) != 0 ||
        old_action[i].sa_handler == SIG_IGN)
        return;
    caught[i] = sigaction(stop_signals[i], &sa, NULL) == 0;
}

/* cli.h: SIGINT and SIGTERM set interrupted from now on. */
void catch_sigint(void)
{
    catch_one(0);
    catch_one(1);
}

/* cli.h: SIGUSR1 too (a job of several ranks: mpirun relays it to every
 * rank), until release_sigint(). */
void catch_job_signals(void)
{
    catch_one(2);
}

/* cli.h: SIGINT, SIGTERM and SIGUSR1 do what they did before
 * catch_sigint() (a no-op without it). */
void release_sigint(void)
{
    for (int i = 0; i < NSTOP; i++) {
        if (caught[i])
            sigaction(stop_signals[i], &old_action[i], NULL);
        caught[i] = 0;
    }
}

/* cli.h: after Ctrl-C, how far the command got. */
void say_interrupted(size_t done, size_t asked, const char *how)
{
    if (json_mode)
        note(KP_WARNING, "interrupted: %zu of %zu scenarios %s", done, asked, how);
    else
        fprintf(stderr, "%s: interrupted: %zu of %zu scenarios %s\n", prog, done,
                asked, how);
}

/* cli.h: monotonic seconds. */
double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* cli.h: starts member key of the JSON document; a no-op without one. */
void json_member(const char *key)
{
    if (!json_body)
        return;
    if (ftell(json_body) > 0)
        fputc(',', json_body);
    kp_json_string(json_body, key);
    fputc(':', json_body);
}

/* cli.h: --format's argument; returns 0 or EXIT_USAGE (said). */
int set_format(const char *arg)
{
    if (strcmp(arg, "json") == 0)
        json_mode = 1;
    else if (strcmp(arg, "text") == 0)
        json_mode = 0;
    else
        return misuse("--format: '%s' is not 'text' or 'json'", arg);
    return 0;
}

/* fmt with its arguments, whole (explanations can be long), as a malloc'd
 * string; NULL when out of memory. */
static char *vformat(const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *text = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (text)
        vsnprintf(text, (size_t)n + 1, fmt, again);
    va_end(again);
    return text;
}

/* cli.h: one message of the command line's own, to stderr or into the
 * document's diagnostics. */
void note(int severity, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = vformat(fmt, ap);
    va_end(ap);
    if (json_mode)
        kp_diags_add(json_diags, severity, NULL, 0, NULL, text ? text : "out of memory");
    else
        fprintf(stderr, "%s: %s: %s\n", prog,
                severity == KP_ERROR ? "error" : "warning", text ? text : "out of memory");
    free(text);
}

/* cli.h: a command-line mistake, with the hint to --help; returns
 * EXIT_USAGE. */
int misuse(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = vformat(fmt, ap);
    va_end(ap);
    if (json_mode)
        kp_diags_add(json_diags, KP_ERROR, NULL, 0, NULL, text ? text : "out of memory");
    else
        fprintf(stderr, "%s: %s\nTry 'kamplan --help' for more information.\n",
                prog, text ? text : "out of memory");
    free(text);
    return EXIT_USAGE;
}

/* getopt_long's own messages would name the command, not kamplan: it is
 * silenced (opterr = 0) and this says what was wrong instead. */
int bad_option(char **argv)
{
    const char *opt = argv[optind - 1];
    if (optopt && strchr(opt, '=') == NULL && opt[0] == '-' && opt[1] != '-')
        return misuse("%s: invalid option or missing argument: -%c", argv[0], optopt);
    return misuse("%s: unrecognized option or missing argument: %s", argv[0], opt);
}

/* Prints every diagnostic to stderr as "kamplan: error: ...". */
void print_diags(const kp_diags *d)
{
    for (size_t i = 0; json_mode && i < kp_diags_count(d); i++)
        kp_diags_add(json_diags, kp_diags_severity(d, i), kp_diags_file(d, i),
                     kp_diags_line(d, i), kp_diags_column(d, i), kp_diags_text(d, i));
    for (size_t i = 0; !json_mode && i < kp_diags_count(d); i++)
        fprintf(stderr, "%s: %s: %s\n", prog,
                kp_diags_severity(d, i) == KP_ERROR ? "error" : "warning",
                kp_diags_message(d, i));
}

/* Whether "out of memory" was said: once per run, wherever memory ran out
 * (the reading, the model, GLPK, the writing). */
static int nomem_said;

/* cli.h: "kamplan: error: out of memory", once; returns EXIT_INTERNAL. */
int out_of_memory(void)
{
    if (!nomem_said)
        note(KP_ERROR, "out of memory");
    nomem_said = 1;
    return EXIT_INTERNAL;
}

/* cli.h: the exit code for a library status; out of memory is said. */
int exit_for(int status)
{
    switch (status) {
    case KP_OK: return EXIT_OK;
    case KP_EDATA: return EXIT_DATA;
    case KP_EIO: return EXIT_IO;
    case KP_EBUSY: return EXIT_IO;
    case KP_EINVAL: return EXIT_USAGE;
    case KP_ENOMEM: return out_of_memory();
    default: return EXIT_INTERNAL;
    }
}

/* cli.h: rc after writing files, or st's failure; says "wrote ..." unless
 * quiet. */
int wrote(int st, int rc, int quiet, const char *fmt, ...)
{
    va_list ap;
    if (st != KP_OK)
        return exit_for(st);
    if (!quiet) {
        fputs("wrote ", stdout);
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
        fputc('\n', stdout);
    }
    return rc;
}

/* cli.h: a whole string as a finite number; returns 0 or -1. */
int parse_double(const char *s, double *v)
{
    char *end;
    *v = strtod(s, &end);
    return *s && !*end && isfinite(*v) ? 0 : -1;
}

/* Whether the command line asks for --format json, seen before the
 * command parses its options so that even a mistake in them is JSON. */
int wants_json(int argc, char **argv)
{
    int json = 0;
    for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++) {
        const char *a = argv[i];
        size_t n = strcspn(a, "=");
        /* getopt_long takes any unambiguous abbreviation: --form json. */
        if (n < 3 || strncmp(a, "--format", n) != 0)
            continue;
        if (a[n] == '=')
            json = strcmp(a + n + 1, "json") == 0;
        else if (i + 1 < argc)
            json = strcmp(argv[++i], "json") == 0;
    }
    return json;
}

/* The JSON document of a run: what every command has (kamplan(1), "JSON
 * output"), then the command's own members. */
static void print_document(const char *cmd, int rc)
{
    size_t i, n = kp_diags_count(json_diags);
    printf("{\"kamplan\":\"%s\",\"command\":", KP_VERSION);
    kp_json_string(stdout, cmd);
    printf(",\"exit_code\":%d,\"ok\":%s,\"error\":", rc, rc == EXIT_OK ? "true" : "false");
    /* The first error; a run that failed without one (a scenario without
     * a plan, an interruption) gives its first warning, which says why. */
    for (i = 0; i < n && kp_diags_severity(json_diags, i) != KP_ERROR; i++)
        ;
    if (i == n && rc != EXIT_OK && n > 0)
        i = 0;
    kp_json_string(stdout, i < n ? kp_diags_message(json_diags, i) : NULL);
    fputs(",\"diagnostics\":", stdout);
    kp_diags_write_json(json_diags, stdout);
    if (json_len) {
        fputc(',', stdout);
        fwrite(json_buf, 1, json_len, stdout);
    }
    fputs("}\n", stdout);
}

/* cli.h: starts the run's JSON document; returns 0 or -1 (said). */
int json_start(void)
{
    json_mode = 1;
    json_diags = kp_diags_new();
    json_body = open_memstream(&json_buf, &json_len);
    if (!json_diags || !json_body) {
        json_mode = 0;
        out_of_memory();
        return -1;
    }
    return 0;
}

/* cli.h: the run prints text only: json_finish prints no document. */
void json_text_only(void)
{
    help_shown = 1;
}

/* cli.h: prints the run's document (unless text only) and frees it;
 * returns rc, or EXIT_INTERNAL when it could not be written. */
int json_finish(const char *cmd, int rc)
{
    if (!json_body)
        return rc;
    if (fclose(json_body) != 0 && rc == EXIT_OK)
        rc = EXIT_INTERNAL;
    json_body = NULL;
    /* A command that printed its help (or switched back to text) prints
     * no document. */
    if (json_mode && !help_shown)
        print_document(cmd, rc);
    free(json_buf);
    kp_diags_free(json_diags);
    return rc;
}
