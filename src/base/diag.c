/*
 * diag.c - status codes and the diagnostics list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

struct kp_diag_item {
    int severity;
    long line;          /* 0: none */
    char *msg;          /* the whole message */
    char *file, *col;   /* NULL: none */
    char *text;         /* the message after file, line and column */
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
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].msg);
        free(d->items[i].file);
        free(d->items[i].col);
        free(d->items[i].text);
    }
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

const char *kp_diags_file(const kp_diags *d, size_t i)
{
    return d && i < d->n ? d->items[i].file : NULL;
}

long kp_diags_line(const kp_diags *d, size_t i)
{
    return d && i < d->n ? d->items[i].line : 0;
}

const char *kp_diags_column(const kp_diags *d, size_t i)
{
    return d && i < d->n ? d->items[i].col : NULL;
}

const char *kp_diags_text(const kp_diags *d, size_t i)
{
    return d && i < d->n ? d->items[i].text : NULL;
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
 * control characters in every part are escaped. */
void kp_diags_add(kp_diags *d, int severity, const char *file, long line,
                  const char *col, const char *text)
{
    struct kp_diag_item it = {severity, file && line > 0 ? line : 0,
                              NULL, NULL, NULL, NULL};
    size_t len, o = 0;
    char *raw;

    if (!d)
        return;
    if (severity == KP_ERROR)
        d->errors++;
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 16;
        struct kp_diag_item *items = realloc(d->items, cap * sizeof *items);
        if (!items)
            return;
        d->items = items;
        d->cap = cap;
    }
    /* "FILE:LINE: column 'COL': TEXT", each part only when known. */
    len = (file ? strlen(file) + 24 : 0) + (col ? strlen(col) + 12 : 0) + strlen(text) + 2;
    if (!(raw = malloc(len)))
        return;
    raw[0] = '\0';
    if (file)
        o += (size_t)snprintf(raw + o, len - o, "%s:", file);
    if (file && line > 0)
        o += (size_t)snprintf(raw + o, len - o, "%ld:", line);
    if (col)
        o += (size_t)snprintf(raw + o, len - o, "%scolumn '%s':", o ? " " : "", col);
    snprintf(raw + o, len - o, "%s%s", o ? " " : "", text);
    it.msg = escape_controls(raw);
    it.text = escape_controls(text);
    it.file = file ? escape_controls(file) : NULL;
    it.col = col ? escape_controls(col) : NULL;
    free(raw);
    if (!it.msg || !it.text || (file && !it.file) || (col && !it.col)) {
        free(it.msg);
        free(it.text);
        free(it.file);
        free(it.col);
        return;
    }
    d->items[d->n++] = it;
}

void kp__diag(kp_diags *d, int severity, const char *file, long line,
              const char *col, const char *fmt, ...)
{
    va_list ap, again;
    char *body;
    int n;

    if (!d)
        return;
    va_start(ap, fmt);
    va_copy(again, ap);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    body = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (body)
        vsnprintf(body, (size_t)n + 1, fmt, again);
    va_end(again);
    if (body)
        kp_diags_add(d, severity, file, line, col, body);
    else if (severity == KP_ERROR)
        d->errors++;    /* dropped, but never mistaken for success */
    free(body);
}
