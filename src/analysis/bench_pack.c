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

/* "KPH" (heuristics) and the format's version (base/bytes.c writes the
 * header). */
static const unsigned char MAGIC[4] = {'K', 'P', 'H', 1};
#define PER (KP_N_HEURISTICS + 1)

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
    kp__wbuf w = KP__WBUF_INIT;
    const int64_t ids[4] = {(int64_t)s, (int64_t)in->nact, (int64_t)in->nacc, PER};

    *buf = NULL;
    *len = 0;
    if (s >= in->nscen)
        return KP_EINVAL;
    for (int i = 0; i < PER; i++)
        if (rows[i].scenario != s || !rows[i].method ||
            strcmp(rows[i].method, method_of(i)) != 0)
            return KP_EINVAL;
    kp__wbuf_header(&w, MAGIC, ids, 4);
    for (int i = 0; i < PER; i++) {
        kp_bench_row r = rows[i];
        for (int j = 0; j < 5; j++)
            kp__wbuf_f64(&w, *row_fig(&r, j));
        for (int j = 0; j < 4; j++)
            kp__wbuf_i64(&w, *row_int(&r, j));
        kp__wbuf_text(&w, r.rules_broken ? r.rules_broken : "");
    }
    kp__wbuf_diags(&w, msgs);
    return kp__wbuf_finish(&w, buf, len);
}

/* Reads row i of scenario s into *row (its rules_broken malloc'd).
 * Returns 0, or -1 when r went bad or the status is none of a bench
 * row's. */
static int get_row(kp__rbuf *r, size_t s, int i, kp_bench_row *row)
{
    row->scenario = s;
    row->method = method_of(i);
    for (int j = 0; j < 5; j++)
        *row_fig(row, j) = kp__rbuf_f64(r);
    for (int j = 0; j < 4; j++)
        *row_int(row, j) = (int)kp__rbuf_i64(r);
    row->rules_broken = kp__rbuf_text(r);
    if (r->bad || !row->rules_broken || row->status < KP_RES_OPTIMAL ||
        row->status > KP_RES_ERROR)
        return -1;
    return 0;
}

int kp_bench_unpack(const kp_instance *in, size_t s, const void *buf, size_t len,
                    kp_bench_row *rows, kp_diags *diags)
{
    kp__rbuf r = {buf, len, 0, 0};
    const int64_t ids[4] = {(int64_t)s, (int64_t)in->nact, (int64_t)in->nacc, PER};
    kp_diags *msgs = NULL;
    int rc = KP_EINVAL;

    memset(rows, 0, PER * sizeof *rows);
    if (kp__rbuf_header(&r, MAGIC, ids, 4) != 0)
        goto out;
    for (int i = 0; i < PER; i++)
        if (get_row(&r, s, i, &rows[i]) != 0)
            goto out;
    /* The messages come last, and go to diags only from a whole pack. */
    if (!(msgs = kp_diags_new())) {
        rc = KP_ENOMEM;
        goto out;
    }
    kp__rbuf_diags(&r, msgs);
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
