/*
 * diag.c - status codes and the diagnostics list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct kp_diag_item {
    int severity;
    char *msg;
};

struct kp_diags {
    size_t n, cap, errors;
    struct kp_diag_item *items;
};

const char *kp_strerror(int status)
{
    switch (status) {
#define KP__CASE(name, value, msg) case name: return msg;
        KP_STATUS_TABLE(KP__CASE)
#undef KP__CASE
    }
    return "unknown status";
}

kp_diags *kp_diags_new(void)
{
    return calloc(1, sizeof(kp_diags));
}

void kp_diags_free(kp_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        free(d->items[i].msg);
    free(d->items);
    free(d);
}

size_t kp_diags_count(const kp_diags *d) { return d ? d->n : 0; }
size_t kp_diags_errors(const kp_diags *d) { return d ? d->errors : 0; }

const char *kp_diags_message(const kp_diags *d, size_t i)
{
    return d && i < d->n ? d->items[i].msg : NULL;
}

int kp_diags_severity(const kp_diags *d, size_t i)
{
    return d && i < d->n ? d->items[i].severity : KP_ERROR;
}

/* Copies s, writing each control character (a newline inside a quoted
 * field, an escape sequence) as \n, \r or \xHH, so that a message stays
 * one line and cannot drive the terminal. Tabs are kept. Returns a malloc'd
 * string, or NULL. */
static char *escape_controls(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p < 0x20 && *p != '\t') || *p == 0x7F ? 4 : 1;
    char *out = malloc(n + 1), *q = out;
    if (!out)
        return NULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\n' || *p == '\r') {
            *q++ = '\\';
            *q++ = *p == '\n' ? 'n' : 'r';
        } else if ((*p < 0x20 && *p != '\t') || *p == 0x7F) {
            q += sprintf(q, "\\x%02X", *p);
        } else {
            *q++ = (char)*p;
        }
    }
    *q = '\0';
    return out;
}

/* A message that cannot be stored (out of memory) is dropped, but it is
 * still counted as an error so that callers never mistake a failure for
 * success. User text reaches messages (ids, values, header names), so
 * control characters in it are escaped. */
void kp__diag(kp_diags *d, int severity, const char *file, long line,
              const char *col, const char *fmt, ...)
{
    char head[512] = "", body[1024];
    size_t hl = 0;
    va_list ap;

    if (!d)
        return;
    if (severity == KP_ERROR)
        d->errors++;
    if (file)
        hl += (size_t)snprintf(head + hl, sizeof head - hl, "%s:", file);
    if (file && line > 0 && hl < sizeof head)
        hl += (size_t)snprintf(head + hl, sizeof head - hl, "%ld:", line);
    if (col && hl < sizeof head)
        hl += (size_t)snprintf(head + hl, sizeof head - hl, "%scolumn '%s':",
                               hl ? " " : "", col);
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 16;
        struct kp_diag_item *it = realloc(d->items, cap * sizeof *it);
        if (!it)
            return;
        d->items = it;
        d->cap = cap;
    }
    size_t len = strlen(head) + strlen(body) + 2;
    char *raw = malloc(len), *msg;
    if (!raw)
        return;
    snprintf(raw, len, "%s%s%s", head, head[0] ? " " : "", body);
    msg = escape_controls(raw);
    free(raw);
    if (!msg)
        return;
    d->items[d->n].severity = severity;
    d->items[d->n].msg = msg;
    d->n++;
}
