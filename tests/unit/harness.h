/*
 * harness.h - a tiny test harness. Checks are never compiled out; each
 * failure prints both values and the line, and the program exits non-zero
 * when any check failed. Each test binary ends with TEST_END().
 */
#ifndef KP_HARNESS_H
#define KP_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int kp_t_failed, kp_t_passed;

#define KP_T_REPORT(ok, fmt, ...)                                           \
    do {                                                                    \
        if (ok) {                                                           \
            kp_t_passed++;                                                  \
        } else {                                                            \
            kp_t_failed++;                                                  \
            fprintf(stderr, "%s:%d: " fmt "\n", __FILE__, __LINE__,         \
                    __VA_ARGS__);                                           \
        }                                                                   \
    } while (0)

#define ASSERT_TRUE(c) KP_T_REPORT((c), "expected true: %s", #c)

#define ASSERT_EQ(a, b)                                                     \
    do {                                                                    \
        long long kp_a = (long long)(a), kp_b = (long long)(b);             \
        KP_T_REPORT(kp_a == kp_b, "%s == %s: %lld != %lld", #a, #b, kp_a,   \
                    kp_b);                                                  \
    } while (0)

#define ASSERT_NEAR(a, b, tol)                                              \
    do {                                                                    \
        double kp_a = (a), kp_b = (b);                                      \
        KP_T_REPORT(fabs(kp_a - kp_b) <= (tol), "%s ~= %s: %.17g != %.17g", \
                    #a, #b, kp_a, kp_b);                                    \
    } while (0)

#define ASSERT_STR(a, b)                                                    \
    do {                                                                    \
        const char *kp_a = (a), *kp_b = (b);                                \
        KP_T_REPORT(kp_a && kp_b && strcmp(kp_a, kp_b) == 0,                \
                    "%s == %s: \"%s\" != \"%s\"", #a, #b,                   \
                    kp_a ? kp_a : "(null)", kp_b ? kp_b : "(null)");        \
    } while (0)

/* Passes when haystack contains needle. */
#define ASSERT_CONTAINS(h, n)                                               \
    do {                                                                    \
        const char *kp_h = (h), *kp_n = (n);                                \
        KP_T_REPORT(kp_h && kp_n && strstr(kp_h, kp_n) != NULL,             \
                    "\"%s\" does not contain \"%s\"", kp_h ? kp_h : "(null)", \
                    kp_n);                                                  \
    } while (0)

#define TEST_END()                                                          \
    do {                                                                    \
        printf("%s: %d passed, %d failed\n", __FILE__, kp_t_passed,         \
               kp_t_failed);                                                \
        return kp_t_failed ? 1 : 0;                                         \
    } while (0)

#endif
