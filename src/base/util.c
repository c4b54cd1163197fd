/*
 * util.c - small helpers: strings, paths, number formatting, clock.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/base.h"

char *kp__strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

char *kp__path_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, a);
    if (a && dir[a - 1] != '/')
        p[a++] = '/';
    memcpy(p + a, name, b + 1);
    return p;
}

/* The shortest of %.1g .. %.17g that reads back exactly, so files stay
 * readable ("0.1", not "0.10000000000000001") and still round-trip. */
void kp__fmt_double(char *buf, size_t len, double x)
{
    if (x == 0) {
        snprintf(buf, len, "0");    /* also turns -0 into 0 */
        return;
    }
    /* A whole number below 1e15 prints as its digits (what the search
     * and the plain notation below would give, but without them). */
    if (fabs(x) < 1e15 && x == floor(x)) {
        snprintf(buf, len, "%lld", (long long)x);
        return;
    }
    /* The precision that reads back exactly is a threshold (the p-digit
     * numbers are among the (p+1)-digit ones, so the nearest of those is
     * no farther): find it by bisection over 1..17. */
    int lo = 1, prec = 17;
    while (lo < prec) {
        int mid = (lo + prec) / 2;
        snprintf(buf, len, "%.*g", mid, x);
        if (strtod(buf, NULL) == x)
            prec = mid;
        else
            lo = mid + 1;
    }
    snprintf(buf, len, "%.*g", prec, x);
    /* %g turns 50 into "5e+01"; plain notation reads better where it is
     * as short and exact. */
    double ax = fabs(x);
    if (strchr(buf, 'e') && ax >= 1e-5 && ax < 1e16) {
        char alt[48];
        int e = (int)floor(log10(ax));
        int dec = prec - 1 - e > 0 ? prec - 1 - e : 0;
        snprintf(alt, sizeof alt, "%.*f", dec, x);
        if (strtod(alt, NULL) == x && strlen(alt) < len)
            memcpy(buf, alt, strlen(alt) + 1);
    }
}

double kp__now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int kp__temp_beside(const char *path, char **tmp)
{
    static unsigned long counter;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t dirlen = (size_t)(base - path), cap = dirlen + 64 + 40;
    char *name = malloc(cap);

    *tmp = NULL;
    if (!name) {
        errno = ENOMEM;
        return -1;
    }
    for (int tries = 0; tries < 100; tries++) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        /* Unique enough to clash only by chance, and O_EXCL settles that:
         * mkstemp would do, but it makes the file 0600 whatever the umask. */
        unsigned long tag = (unsigned long)ts.tv_nsec ^ ((unsigned long)getpid() << 16) ^
                            (counter++ * 2654435761UL);
        memcpy(name, path, dirlen);
        snprintf(name + dirlen, cap - dirlen, ".%.64s.%06lx", base, tag & 0xffffffUL);
        int fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (fd >= 0) {
            *tmp = name;
            return fd;
        }
        if (errno != EEXIST)
            break;
    }
    free(name);
    return -1;
}
