/*
 * verdict.c - how the plan check judges and reports: the tolerance of a
 * limit, and the one sink every violation goes through (a message to a
 * kp_diags list, a structured kp_violation, or only a count).
 */
#include <stdarg.h>
#include <stdlib.h>

#include "model/rules.h"

/* model.h. */
int kp__over(double used, double cap)
{
    return used > cap + 1e-9 * (fabs(cap) > 1 ? fabs(cap) : 1);
}

/* model.h. */
int kp__under(double used, double need)
{
    return used < need - 1e-9 * (fabs(need) > 1 ? fabs(need) : 1);
}

/* rules.h. The message is the same text in both forms. */
void kp__check_report(struct kp__check *c, int rule, const char *acc,
                      const char *item, double amount, const char *fmt, ...)
{
    struct kp__sink *k = c->sink;
    kp__str msg = KP__STR_INIT;
    va_list ap;

    k->bad++;
    if (!k->d && !k->v)
        return;
    va_start(ap, fmt);
    kp__str_vaddf(&msg, fmt, ap);
    va_end(ap);
    if (msg.oom) {
        k->oom = 1;
        goto out;
    }
    kp__diag(k->d, KP_ERROR, NULL, 0, NULL, "%s", kp__str_get(&msg));
    if (k->v && kp__violations_add(k->v, rule, acc, item, amount,
                                   kp__str_get(&msg)) != 0)
        k->oom = 1;
out:
    kp__str_free(&msg);
}
