/*
 * str.c - growable strings (kp__str): text built piece by piece without a
 * fixed buffer, for messages and reasons of any length.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

/* Makes room for n more bytes and the NUL; returns 0 or -1 (s->oom set). */
static int reserve(kp__str *s, size_t n)
{
    if (s->oom)
        return -1;
    if (s->len + n + 1 <= s->cap)
        return 0;
    size_t cap = s->cap ? s->cap : 64;
    while (cap < s->len + n + 1)
        cap *= 2;
    char *p = realloc(s->buf, cap);
    if (!p) {
        s->oom = 1;
        return -1;
    }
    s->buf = p;
    s->cap = cap;
    return 0;
}

int kp__str_vaddf(kp__str *s, const char *fmt, va_list ap)
{
    va_list again;
    char probe[1];
    va_copy(again, ap);
    int n = vsnprintf(probe, sizeof probe, fmt, ap);
    if (n < 0 || reserve(s, (size_t)n) != 0) {
        s->oom = 1;
        va_end(again);
        return -1;
    }
    vsnprintf(s->buf + s->len, (size_t)n + 1, fmt, again);
    va_end(again);
    s->len += (size_t)n;
    return 0;
}

int kp__str_addf(kp__str *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = kp__str_vaddf(s, fmt, ap);
    va_end(ap);
    return rc;
}

int kp__str_add(kp__str *s, const char *text)
{
    size_t n = strlen(text);
    if (reserve(s, n) != 0)
        return -1;
    memcpy(s->buf + s->len, text, n + 1);
    s->len += n;
    return 0;
}

const char *kp__str_get(const kp__str *s)
{
    return s->buf && !s->oom ? s->buf : "";
}

char *kp__str_take(kp__str *s)
{
    char *p = NULL;
    if (!s->oom)
        p = s->buf ? s->buf : kp__strdup("");
    else
        free(s->buf);
    memset(s, 0, sizeof *s);
    return p;
}

void kp__str_free(kp__str *s)
{
    free(s->buf);
    memset(s, 0, sizeof *s);
}
