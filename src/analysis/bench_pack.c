/*
 * bench_pack.c - one scenario's benchmark (its rows, as kp_bench_run made
 * them, and the messages of its run) as bytes and back (kp_bench_pack,
 * kp_bench_unpack), and the rows of a scenario lost outside the library
 * (kp_bench_rows_error). As solve/pack.c for a batch: the library knows
 * nothing of how the bytes travel (kamplan's MPI command line, src/cluster,
 * sends them). The bytes are the host's own representation after a header
 * that names the format, the byte order and the sizes: a process of
 * another build or machine type gets KP_EINVAL, never a wrong figure.
 * Doubles travel as their bits.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"

/* "KPH" (heuristics) and the format's version; the byte order mark. */
static const unsigned char MAGIC[4] = {'K', 'P', 'H', 1};
#define ORDER_MARK 0x01020304u
#define PER (KP_N_HEURISTICS + 1)

/* A growing buffer of bytes; oom set when an allocation failed. */
struct wbuf {
    unsigned char *p;
    size_t len, cap;
    int oom;
};

static void put(struct wbuf *w, const void *v, size_t n)
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

static void put_i64(struct wbuf *w, int64_t v) { put(w, &v, sizeof v); }
static void put_f64(struct wbuf *w, double v) { put(w, &v, sizeof v); }

/* A text with its length; NULL travels as length -1. */
static void put_text(struct wbuf *w, const char *s)
{
    put_i64(w, s ? (int64_t)strlen(s) : -1);
    if (s)
        put(w, s, strlen(s));
}

/* Reading: a cursor that fails once (bad) on a short or wrong input. */
struct rbuf {
    const unsigned char *p;
    size_t len, at;
    int bad;
};

static void get(struct rbuf *r, void *v, size_t n)
{
    if (r->bad || n > r->len - r->at) {
        r->bad = 1;
        memset(v, 0, n);
        return;
    }
    memcpy(v, r->p + r->at, n);
    r->at += n;
}

static int64_t get_i64(struct rbuf *r) { int64_t v; get(r, &v, sizeof v); return v; }
static double get_f64(struct rbuf *r) { double v; get(r, &v, sizeof v); return v; }

/* A text put by put_text: malloc'd (the caller frees it), or NULL (it was
 * NULL, or r is bad). */
static char *get_text(struct rbuf *r)
{
    int64_t n = get_i64(r);
    char *s;
    if (r->bad || n < 0)
        return NULL;
    if ((uint64_t)n > r->len - r->at || !(s = malloc((size_t)n + 1))) {
        r->bad = 1;
        return NULL;
    }
    get(r, s, (size_t)n);
    s[n] = '\0';
    return s;
}

/* The method of row i of a scenario's rows: "optimum", then the
 * heuristics in order (kp_bench_run's layout). */
static const char *method_of(int i)
{
    return i == 0 ? "optimum" : kp_heuristic_name(i - 1);
}

/* One row's figures, in one order for both directions. */
static double *row_fig(kp_bench_row *r, int i)
{
    double *f[] = {&r->value, &r->share_pct, &r->hours_used, &r->budget_used, &r->seconds};
    return i < 5 ? f[i] : NULL;
}

static int *row_int(kp_bench_row *r, int i)
{
    int *k[] = {&r->status, &r->key_accounts, &r->activities, &r->violations};
    return i < 4 ? k[i] : NULL;
}

int kp_bench_pack(const kp_instance *in, size_t s, const kp_bench_row *rows,
                  const kp_diags *msgs, void **buf, size_t *len)
{
    struct wbuf w = {NULL, 0, 0, 0};
    size_t nd = msgs ? kp_diags_count(msgs) : 0;

    *buf = NULL;
    *len = 0;
    if (s >= in->nscen)
        return KP_EINVAL;
    for (int i = 0; i < PER; i++)
        if (rows[i].scenario != s || !rows[i].method ||
            strcmp(rows[i].method, method_of(i)) != 0)
            return KP_EINVAL;
    put(&w, MAGIC, sizeof MAGIC);
    put_i64(&w, ORDER_MARK);
    put_i64(&w, (int64_t)(sizeof(double) << 8 | sizeof(int64_t)));
    put_i64(&w, (int64_t)s);
    put_i64(&w, (int64_t)in->nact);
    put_i64(&w, (int64_t)in->nacc);
    put_i64(&w, PER);
    for (int i = 0; i < PER; i++) {
        kp_bench_row r = rows[i];
        for (int j = 0; j < 5; j++)
            put_f64(&w, *row_fig(&r, j));
        for (int j = 0; j < 4; j++)
            put_i64(&w, *row_int(&r, j));
        put_text(&w, r.rules_broken ? r.rules_broken : "");
    }
    put_i64(&w, (int64_t)nd);
    for (size_t i = 0; i < nd; i++) {
        put_i64(&w, kp_diags_severity(msgs, i));
        put_text(&w, kp_diags_file(msgs, i));
        put_i64(&w, kp_diags_line(msgs, i));
        put_text(&w, kp_diags_column(msgs, i));
        put_text(&w, kp_diags_text(msgs, i));
    }
    if (w.oom) {
        free(w.p);
        return KP_ENOMEM;
    }
    *buf = w.p;
    *len = w.len;
    return KP_OK;
}

/* Reads the messages of a pack into d. */
static void get_diags(struct rbuf *r, kp_diags *d)
{
    int64_t n = get_i64(r);
    for (int64_t i = 0; !r->bad && i < n; i++) {
        int sev = (int)get_i64(r);
        char *file = get_text(r);
        long line = (long)get_i64(r);
        char *col = get_text(r);
        char *text = get_text(r);
        if (!r->bad)
            kp_diags_add(d, sev, file, line, col, text ? text : "");
        free(file);
        free(col);
        free(text);
    }
}

/* Reads row i of scenario s into *row (its rules_broken malloc'd).
 * Returns 0, or -1 when r went bad or the status is none of a bench
 * row's. */
static int get_row(struct rbuf *r, size_t s, int i, kp_bench_row *row)
{
    row->scenario = s;
    row->method = method_of(i);
    for (int j = 0; j < 5; j++)
        *row_fig(row, j) = get_f64(r);
    for (int j = 0; j < 4; j++)
        *row_int(row, j) = (int)get_i64(r);
    row->rules_broken = get_text(r);
    if (r->bad || !row->rules_broken || row->status < KP_RES_OPTIMAL ||
        row->status > KP_RES_ERROR)
        return -1;
    return 0;
}

int kp_bench_unpack(const kp_instance *in, size_t s, const void *buf, size_t len,
                    kp_bench_row *rows, kp_diags *diags)
{
    struct rbuf r = {buf, len, 0, 0};
    unsigned char magic[sizeof MAGIC];
    kp_diags *msgs = NULL;
    int rc = KP_EINVAL;

    memset(rows, 0, PER * sizeof *rows);
    get(&r, magic, sizeof magic);
    if (r.bad || memcmp(magic, MAGIC, sizeof MAGIC) != 0 ||
        get_i64(&r) != ORDER_MARK ||
        get_i64(&r) != (int64_t)(sizeof(double) << 8 | sizeof(int64_t)) ||
        get_i64(&r) != (int64_t)s || get_i64(&r) != (int64_t)in->nact ||
        get_i64(&r) != (int64_t)in->nacc || get_i64(&r) != PER)
        goto out;
    for (int i = 0; i < PER; i++)
        if (get_row(&r, s, i, &rows[i]) != 0)
            goto out;
    /* The messages come last, and go to diags only from a whole pack. */
    if (!(msgs = kp_diags_new())) {
        rc = KP_ENOMEM;
        goto out;
    }
    get_diags(&r, msgs);
    if (r.bad || r.at != r.len)
        goto out;
    for (size_t i = 0; diags && i < kp_diags_count(msgs); i++)
        kp_diags_add(diags, kp_diags_severity(msgs, i), kp_diags_file(msgs, i),
                     kp_diags_line(msgs, i), kp_diags_column(msgs, i),
                     kp_diags_text(msgs, i));
    rc = KP_OK;
out:
    kp_diags_free(msgs);
    if (rc != KP_OK) {
        kp_bench_rows_clear(rows, PER);
        memset(rows, 0, PER * sizeof *rows);
    }
    return rc;
}

int kp_bench_rows_error(const kp_instance *in, size_t s, kp_bench_row *rows)
{
    if (s >= in->nscen)
        return KP_EINVAL;
    memset(rows, 0, PER * sizeof *rows);
    for (int i = 0; i < PER; i++) {
        rows[i].scenario = s;
        rows[i].method = method_of(i);
        rows[i].status = KP_RES_ERROR;
        rows[i].value = rows[i].share_pct = NAN;
        rows[i].hours_used = rows[i].budget_used = NAN;
        rows[i].seconds = 0;
        if (!(rows[i].rules_broken = calloc(1, 1))) {
            kp_bench_rows_clear(rows, PER);
            memset(rows, 0, PER * sizeof *rows);
            return KP_ENOMEM;
        }
    }
    return KP_OK;
}
