/*
 * glpk_guard.c - the one guard around GLPK: every call into GLPK runs as
 * a step inside kp__glpk_guard, on the calling thread.
 *
 * GLPK reports misuse and exhausted memory by printing a message and
 * calling abort(), even with its terminal output off. Its error hook is
 * the only way back (GLPK-LIBCSV-NOTES.md 1.2 and 2): the hook jumps back
 * to the guard, which frees the thread's GLPK environment (and with it
 * every GLPK object of the thread) and returns KP_ESOLVER with GLPK's
 * message, or KP_ENOMEM when what GLPK could not do was allocate memory
 * (then there is nothing to say but that, once, by whoever reports the
 * status). The hooks live in GLPK's per-thread environment, so they are
 * installed for each step and removed after it: a later step on a pool
 * thread never meets a hook that points at a finished one.
 */
#include <glpk.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "solve/solve.h"

/* GLPK's output is kept only as a tail this long: enough for the lines
 * that explain a failure, and bounded for long verbose solves. */
enum { LOG_KEEP = 2048 };

struct guard {
    jmp_buf jb;
    int echo;               /* 1: GLPK prints its output as well */
    int nomem;              /* GLPK said it ran out of memory */
    kp__str log;            /* the tail of GLPK's output */
};

/* Whether s is GLPK's message for memory it could not allocate
 * (env/alloc.c: "glp_alloc: no memory available", or past
 * glp_mem_limit). Read from each piece of output as it comes, without
 * allocating: the log itself may be out of memory. */
static int says_nomem(const char *s)
{
    return strstr(s, "no memory available") != NULL ||
           strstr(s, "memory allocation limit exceeded") != NULL;
}

/* The guard of the step running on this thread (guards do not nest). */
static _Thread_local struct guard *active;

const char *kp_glpk_version(void)
{
    return glp_version();
}

void kp_thread_cleanup(void)
{
    glp_free_env();
}

/* Keeps the tail of GLPK's output; GLPK prints it itself only when the
 * step asked for an echo. */
static int term_hook(void *info, const char *s)
{
    struct guard *g = info;
    if (says_nomem(s))
        g->nomem = 1;
    kp__str_add(&g->log, s);
    if (g->log.len > 2 * LOG_KEEP) {
        size_t drop = g->log.len - LOG_KEEP;
        memmove(g->log.buf, g->log.buf + drop, g->log.len - drop + 1);
        g->log.len -= drop;
    }
    return g->echo ? 0 : 1;
}

static void err_hook(void *info)
{
    longjmp(((struct guard *)info)->jb, 1);
}

/* GLPK prints a fatal error's message, then "Error detected in file ...":
 * appends that message line (else the last line printed) to out. */
static void last_line(const struct guard *g, kp__str *out)
{
    const char *log = kp__str_get(&g->log);
    const char *end = strstr(log, "Error detected");
    if (!end)
        end = log + strlen(log);
    while (end > log && (end[-1] == '\n' || end[-1] == '\r'))
        end--;
    const char *start = end;
    while (start > log && start[-1] != '\n')
        start--;
    kp__str_addf(out, "%.*s", (int)(end - start), start);
}

void kp__glpk_message(kp__str *out)
{
    if (active)
        last_line(active, out);
}

int kp__glpk_guard(kp__glpk_step step, void *arg, int echo, kp__str *err)
{
    struct guard *g = calloc(1, sizeof *g);
    int rc;

    if (!g)
        return KP_ENOMEM;
    /* GLPK makes a thread's environment on its first call, and aborts
     * when it cannot: made here first, its failure is a status. */
    if (glp_init_env() == 2) {
        free(g);
        return KP_ENOMEM;
    }
    g->echo = echo;
    if (setjmp(g->jb)) {
        /* A GLPK error: the hooks and every GLPK object of this thread
         * went with its environment. */
        glp_free_env();
        if (err && !g->nomem)
            last_line(g, err);
        rc = g->nomem ? KP_ENOMEM : KP_ESOLVER;
        goto out;
    }
    active = g;
    glp_term_hook(term_hook, g);
    glp_error_hook(err_hook, g);
    rc = step(arg);
    glp_term_hook(NULL, NULL);
    glp_error_hook(NULL, NULL);
out:
    active = NULL;
    kp__str_free(&g->log);
    free(g);
    return rc;
}
