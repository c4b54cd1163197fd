/*
 * helgrind_gomp.c - tells helgrind what OpenMP guarantees, for
 * tests/helgrind.sh (LD_PRELOAD'ed into kamplan under valgrind only).
 *
 * libgomp synchronises its threads with futexes and atomics, which helgrind
 * cannot see: every value a worker hands back through a parallel region's
 * end, and every shared variable the master set before it, then looks like
 * a race (GLPK-LIBCSV-NOTES.md 1.4). This shim wraps the libgomp entry
 * points that kamplan calls and states their happens-before edges with
 * helgrind's client requests, exactly as the OpenMP specification gives
 * them:
 *  - GOMP_parallel: what the master did before the region happens before
 *    each thread's part of it (fork); each thread's part happens before
 *    what the master does after it (the join barrier);
 *  - GOMP_loop_end: the barrier at the end of a worksharing loop, per team;
 *  - GOMP_critical_name_start/_end: one critical section before the next.
 * Loop scheduling (GOMP_loop_*_start/_next) needs no edge: iterations touch
 * disjoint data. Races inside libgomp itself remain, and tests/helgrind.supp
 * suppresses exactly those (reports whose innermost frame is in libgomp).
 * Nothing of kamplan's own code is annotated or suppressed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/helgrind.h>

/* One parallel region being run: the user's function and data, and the
 * addresses that name its fork, join and barrier edges. */
struct region {
    void (*fn)(void *);
    void *data;
    char fork, join, barrier;
};

/* The region the calling thread is running (for GOMP_loop_end). */
static __thread struct region *current;

/* The libgomp functions wrapped, found once at load time (before any
 * thread exists, so helgrind sees no race on them). */
static void (*next_parallel)(void (*)(void *), void *, unsigned, unsigned);
static void (*next_loop_end)(void);
static void (*next_critical_start)(void **);
static void (*next_critical_end)(void **);

/* A program without libgomp (e.g. a shell on the way to kamplan) never
 * calls the wrappers; one that does must have it. */
static void need(void *fn, const char *name)
{
    if (!fn) {
        fprintf(stderr, "helgrind_gomp: %s not found\n", name);
        abort();
    }
}

__attribute__((constructor)) static void init(void)
{
    *(void **)&next_parallel = dlsym(RTLD_NEXT, "GOMP_parallel");
    *(void **)&next_loop_end = dlsym(RTLD_NEXT, "GOMP_loop_end");
    *(void **)&next_critical_start = dlsym(RTLD_NEXT, "GOMP_critical_name_start");
    *(void **)&next_critical_end = dlsym(RTLD_NEXT, "GOMP_critical_name_end");
}

static void trampoline(void *arg)
{
    struct region *r = arg, *outer = current;
    ANNOTATE_HAPPENS_AFTER(&r->fork);
    current = r;
    r->fn(r->data);
    current = outer;
    ANNOTATE_HAPPENS_BEFORE(&r->join);
}

void GOMP_parallel(void (*fn)(void *), void *data, unsigned nthreads,
                   unsigned flags);
void GOMP_parallel(void (*fn)(void *), void *data, unsigned nthreads,
                   unsigned flags)
{
    struct region r = {fn, data, 0, 0, 0};
    need((void *)next_parallel, "GOMP_parallel");
    ANNOTATE_HAPPENS_BEFORE(&r.fork);
    next_parallel(trampoline, &r, nthreads, flags);
    ANNOTATE_HAPPENS_AFTER(&r.join);
}

void GOMP_loop_end(void);
void GOMP_loop_end(void)
{
    struct region *r = current;
    need((void *)next_loop_end, "GOMP_loop_end");
    if (r)
        ANNOTATE_HAPPENS_BEFORE(&r->barrier);
    next_loop_end();
    if (r)
        ANNOTATE_HAPPENS_AFTER(&r->barrier);
}

void GOMP_critical_name_start(void **pptr);
void GOMP_critical_name_start(void **pptr)
{
    need((void *)next_critical_start, "GOMP_critical_name_start");
    next_critical_start(pptr);
    ANNOTATE_HAPPENS_AFTER(pptr);
}

void GOMP_critical_name_end(void **pptr);
void GOMP_critical_name_end(void **pptr)
{
    need((void *)next_critical_end, "GOMP_critical_name_end");
    ANNOTATE_HAPPENS_BEFORE(pptr);
    next_critical_end(pptr);
}
