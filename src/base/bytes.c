/*
 * bytes.c - a growing buffer that things are written into as bytes, and a
 * cursor that reads them back (kp__wbuf, kp__rbuf): what solve/pack.c (a
 * batch's scenario) and analysis/bench_pack.c (a benchmark's scenario)
 * pack for kamplan's MPI command line. The bytes are the host's own
 * representation (byte order, int64_t and double as they are in memory)
 * after a header that names the format, the byte order and the sizes, so
 * that a process of another build or machine type is refused, never
 * handed a wrong figure; doubles travel as their bits and come back
 * exactly. Messages (a kp_diags list) travel too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

/* A number whose bytes show the byte order. */
#define ORDER_MARK 0x01020304u

/* base.h. */
void kp__wbuf_put(kp__wbuf *w, const void *v, size_t n)
{
    if (w->oom)
        return;
    if (w->len + n > w->cap) {
        size_t cap = w->cap ? w->cap : 256;
        while (cap < w->len + n)
            cap *= 2;
        unsigned char *p = realloc(w->p, cap);
        if (!p) {
            w->oom = 1;
            return;
        }
        w->p = p;
        w->cap = cap;
    }
    memcpy(w->p + w->len, v, n);
    w->len += n;
}

/* base.h. */
void kp__wbuf_i64(kp__wbuf *w, int64_t v)
{
    kp__wbuf_put(w, &v, sizeof v);
}

/* base.h. */
void kp__wbuf_f64(kp__wbuf *w, double v)
{
    kp__wbuf_put(w, &v, sizeof v);
}

/* base.h: a text with its length; NULL travels as length -1. */
void kp__wbuf_text(kp__wbuf *w, const char *s)
{
    kp__wbuf_i64(w, s ? (int64_t)strlen(s) : -1);
    if (s)
        kp__wbuf_put(w, s, strlen(s));
}

/* base.h. */
void kp__wbuf_header(kp__wbuf *w, const unsigned char magic[4], const int64_t *ids,
                     size_t nids)
{
    kp__wbuf_put(w, magic, 4);
    kp__wbuf_i64(w, ORDER_MARK);
    kp__wbuf_i64(w, (int64_t)(sizeof(double) << 8 | sizeof(int64_t)));
    for (size_t i = 0; i < nids; i++)
        kp__wbuf_i64(w, ids[i]);
}

/* base.h. */
void kp__wbuf_diags(kp__wbuf *w, const kp_diags *d)
{
    size_t n = d ? kp_diags_count(d) : 0;
    kp__wbuf_i64(w, (int64_t)n);
    for (size_t i = 0; i < n; i++) {
        kp__wbuf_i64(w, kp_diags_severity(d, i));
        kp__wbuf_text(w, kp_diags_file(d, i));
        kp__wbuf_i64(w, kp_diags_line(d, i));
        kp__wbuf_text(w, kp_diags_column(d, i));
        kp__wbuf_text(w, kp_diags_text(d, i));
    }
}

/* base.h. */
int kp__wbuf_finish(kp__wbuf *w, void **buf, size_t *len)
{
    if (w->oom) {
        free(w->p);
        w->p = NULL;
        return KP_ENOMEM;
    }
    *buf = w->p;
    *len = w->len;
    return KP_OK;
}

/* base.h. */
void kp__rbuf_get(kp__rbuf *r, void *v, size_t n)
{
    if (r->bad || n > r->len - r->at) {
        r->bad = 1;
        memset(v, 0, n);
        return;
    }
    memcpy(v, r->p + r->at, n);
    r->at += n;
}

/* base.h. */
int64_t kp__rbuf_i64(kp__rbuf *r)
{
    int64_t v;
    kp__rbuf_get(r, &v, sizeof v);
    return v;
}

/* base.h. */
double kp__rbuf_f64(kp__rbuf *r)
{
    double v;
    kp__rbuf_get(r, &v, sizeof v);
    return v;
}

/* base.h. */
char *kp__rbuf_text(kp__rbuf *r)
{
    int64_t n = kp__rbuf_i64(r);
    char *s;
    if (r->bad || n < 0)
        return NULL;
    if ((uint64_t)n > r->len - r->at || !(s = malloc((size_t)n + 1))) {
        r->bad = 1;
        return NULL;
    }
    kp__rbuf_get(r, s, (size_t)n);
    s[n] = '\0';
    return s;
}

/* base.h. */
int kp__rbuf_header(kp__rbuf *r, const unsigned char magic[4], const int64_t *ids,
                    size_t nids)
{
    unsigned char m[4];
    kp__rbuf_get(r, m, sizeof m);
    if (r->bad || memcmp(m, magic, sizeof m) != 0 || kp__rbuf_i64(r) != ORDER_MARK ||
        kp__rbuf_i64(r) != (int64_t)(sizeof(double) << 8 | sizeof(int64_t)))
        r->bad = 1;
    for (size_t i = 0; !r->bad && i < nids; i++)
        if (kp__rbuf_i64(r) != ids[i])
            r->bad = 1;
    return r->bad ? -1 : 0;
}

/* base.h. */
void kp__rbuf_diags(kp__rbuf *r, kp_diags *d)
{
    int64_t n = kp__rbuf_i64(r);
    for (int64_t i = 0; !r->bad && i < n; i++) {
        int sev = (int)kp__rbuf_i64(r);
        char *file = kp__rbuf_text(r);
        long line = (long)kp__rbuf_i64(r);
        char *col = kp__rbuf_text(r);
        char *text = kp__rbuf_text(r);
        if (!r->bad && d)
            kp_diags_add(d, sev, file, line, col, text ? text : "");
        free(file);
        free(col);
        free(text);
    }
}
