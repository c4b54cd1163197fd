/*
 * fastclock.c - a test shim (LD_PRELOAD) that makes the wall clock run
 * FASTCLOCK_SCALE times faster (default 1) for the process: clock_gettime
 * (CLOCK_REALTIME, CLOCK_MONOTONIC and their variants), gettimeofday and
 * time, which are what kamplan (kp__now) and GLPK (glp_time, tm_lim)
 * read. A solve then sees the clock of a machine that many times slower,
 * or that loaded, without taking longer: tests/determinism.sh checks that
 * without a time limit the result does not change.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

typedef int (*cg_fn)(clockid_t, struct timespec *);

static cg_fn real_cg;
static long double scale = 1;
static long long base_real = -1, base_mono = -1;

static long long nanos(const struct timespec *t)
{
    return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

/* The real clock's reading at start, and the scale. */
__attribute__((constructor)) static void init(void)
{
    struct timespec t;
    const char *s = getenv("FASTCLOCK_SCALE");
    real_cg = (cg_fn)dlsym(RTLD_NEXT, "clock_gettime");
    if (s && atof(s) > 0)
        scale = atof(s);
    if (real_cg && real_cg(CLOCK_REALTIME, &t) == 0)
        base_real = nanos(&t);
    if (real_cg && real_cg(CLOCK_MONOTONIC, &t) == 0)
        base_mono = nanos(&t);
}

int clock_gettime(clockid_t id, struct timespec *tp)
{
    if (!real_cg)
        init();
    int rc = real_cg(id, tp);
    int realtime = id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE;
    int mono = id == CLOCK_MONOTONIC || id == CLOCK_MONOTONIC_COARSE ||
               id == CLOCK_MONOTONIC_RAW || id == CLOCK_BOOTTIME;
    long long base = realtime ? base_real : mono ? base_mono : -1;
    if (rc != 0 || base < 0)
        return rc;
    long long v = base + (long long)((long double)(nanos(tp) - base) * scale);
    tp->tv_sec = v / 1000000000LL;
    tp->tv_nsec = v % 1000000000LL;
    return rc;
}

int gettimeofday(struct timeval *tv, void *tz)
{
    struct timespec t;
    (void)tz;
    if (clock_gettime(CLOCK_REALTIME, &t) != 0)
        return -1;
    if (tv) {
        tv->tv_sec = t.tv_sec;
        tv->tv_usec = t.tv_nsec / 1000;
    }
    return 0;
}

time_t time(time_t *out)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    if (out)
        *out = t.tv_sec;
    return t.tv_sec;
}
