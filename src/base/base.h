/*
 * base.h - the bottom layer: diagnostics, violation lists, strings, paths,
 * clocks and a string map. Every other layer may include it; it includes
 * only the public header. Not installed.
 *
 * Names with external linkage start with kp__. Indices are 0-based
 * everywhere; GLPK's 1-based arrays stay inside src/solve/glpk_*.c.
 * Unset optional numbers are NaN (test with kp__isset()).
 */
#ifndef KAMPLAN_BASE_H
#define KAMPLAN_BASE_H

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kamplan.h"

#define kp__isset(x) (!isnan(x))

/* ---- diag.c ------------------------------------------------------------- */

/* Adds a message "file:line: column 'col': text". file may be NULL, line 0
 * and col NULL to leave the part out. */
void kp__diag(kp_diags *d, int severity, const char *file, long line,
              const char *col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* ---- util.c ------------------------------------------------------------- */

/* A malloc'd copy of s (not NULL), or NULL when out of memory. */
char *kp__strdup(const char *s);
/* malloc'd "a/b". */
char *kp__path_join(const char *dir, const char *name);
/* Writes the shortest decimal that reads back as x (at most 17 digits). */
void kp__fmt_double(char *buf, size_t len, double x);
double kp__now(void);   /* monotonic seconds */
/* Creates a new, empty file beside path (same folder, a hidden name made
 * from path's), with the permissions the umask allows, for writing path
 * atomically: write it, then rename it onto path. Returns the descriptor
 * and *tmp (malloc'd), or -1 with errno. The counter it keeps is not
 * guarded: a clash is caught by O_EXCL and retried. */
int kp__temp_beside(const char *path, char **tmp);

/* ---- threads.c ---------------------------------------------------------- */

/* n, or fewer (at least 1) when the address space is limited (ulimit -v)
 * and the stacks of n - 1 new threads cannot be mapped now: for the
 * num_threads of a parallel region, since libgomp ends the program when it
 * cannot create a thread. */
int kp__threads_fit(int n);

/* ---- str.c: growable strings -------------------------------------------- */

/* Text that grows as pieces are added. Start from KP__STR_INIT (or a zeroed
 * struct); the buffer is malloc'd and owned by the kp__str until
 * kp__str_take. A failed allocation sets oom; later additions are no-ops,
 * and kp__str_take then returns NULL, so a caller checks once at the end. */
typedef struct kp__str {
    char *buf;
    size_t len, cap;
    int oom;
} kp__str;
#define KP__STR_INIT {NULL, 0, 0, 0}

/* Appends printf-formatted text (or text as it is); returns 0 or -1 when
 * out of memory. */
int kp__str_addf(kp__str *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int kp__str_vaddf(kp__str *s, const char *fmt, va_list ap);
int kp__str_add(kp__str *s, const char *text);
/* The text so far ("" when empty or after a failed allocation); valid
 * until the next addition. */
const char *kp__str_get(const kp__str *s);
/* Hands the text over: a malloc'd string the caller frees ("" when
 * empty), or NULL after a failed allocation; s is empty again. */
char *kp__str_take(kp__str *s);
/* Releases the text; s is empty again. */
void kp__str_free(kp__str *s);

/* ---- strmap.c: string -> index ------------------------------------------ */

typedef struct kp__strmap kp__strmap;
kp__strmap *kp__strmap_new(size_t expect);
void kp__strmap_free(kp__strmap *m);
/* Returns the index stored for key, or -1. */
long kp__strmap_get(const kp__strmap *m, const char *key);
/* Starts fetching the memory that a get or put of key will read first (m
 * or key NULL: nothing), so that a few look-ups of one row wait for
 * memory together rather than one after the other. A hint only. */
void kp__strmap_prefetch(const kp__strmap *m, const char *key);
/* Stores key -> val (key is not copied and must outlive the map; val from
 * 0 to INT32_MAX, an index). Returns the existing index when key is
 * present (nothing stored), -1 when new, -2 when out of memory. */
long kp__strmap_put(kp__strmap *m, const char *key, long val);

/* ---- bytes.c: figures as bytes and back (what the MPI ranks send) ------- *
 * The host's own representation after a header naming the format, byte
 * order and sizes; doubles as their bits. A write that runs out of memory
 * sets oom and makes the rest no-ops (kp__wbuf_finish says so); a read
 * past the end or of a wrong header sets bad, and every later read gives
 * zeros, so that a caller checks once at the end. */

/* Bytes being written. Start from KP__WBUF_INIT. */
typedef struct kp__wbuf {
    unsigned char *p;
    size_t len, cap;
    int oom;
} kp__wbuf;
#define KP__WBUF_INIT {NULL, 0, 0, 0}

/* Appends n bytes of v, an int64_t, a double (its bits), a text with its
 * length (NULL travels too). */
void kp__wbuf_put(kp__wbuf *w, const void *v, size_t n);
void kp__wbuf_i64(kp__wbuf *w, int64_t v);
void kp__wbuf_f64(kp__wbuf *w, double v);
void kp__wbuf_text(kp__wbuf *w, const char *s);
/* Appends the header: the format's 4 bytes, the byte order mark, the
 * sizes of double and int64_t, then the nids numbers that say what the
 * bytes belong to (a scenario, the instance's sizes). */
void kp__wbuf_header(kp__wbuf *w, const unsigned char magic[4], const int64_t *ids,
                     size_t nids);
/* Appends every message of d (NULL: none). */
void kp__wbuf_diags(kp__wbuf *w, const kp_diags *d);
/* Hands the bytes over (*buf malloc'd, the caller frees it): KP_OK, or
 * KP_ENOMEM (nothing handed over, w's memory freed). */
int kp__wbuf_finish(kp__wbuf *w, void **buf, size_t *len);

/* Bytes being read: {bytes, length, 0, 0}. */
typedef struct kp__rbuf {
    const unsigned char *p;
    size_t len, at;
    int bad;
} kp__rbuf;

/* Reads n bytes into v (zeros when bad), an int64_t, a double. */
void kp__rbuf_get(kp__rbuf *r, void *v, size_t n);
int64_t kp__rbuf_i64(kp__rbuf *r);
double kp__rbuf_f64(kp__rbuf *r);
/* A text written by kp__wbuf_text: malloc'd (the caller frees it), or NULL
 * (it was NULL, or r is bad: r->bad says which). */
char *kp__rbuf_text(kp__rbuf *r);
/* Reads a header written by kp__wbuf_header with the same magic and ids;
 * returns 0, or -1 (r bad) when any part differs. */
int kp__rbuf_header(kp__rbuf *r, const unsigned char magic[4], const int64_t *ids,
                    size_t nids);
/* Reads messages written by kp__wbuf_diags into d (NULL: read and
 * dropped); a message goes to d only when it was read whole. */
void kp__rbuf_diags(kp__rbuf *r, kp_diags *d);

/* ---- violations.c: a list of broken rules (kamplan.h's kp_violations) --- */

/* Appends a violation to v, copying its strings (NULL account or item:
 * ""). Returns 0, or -1 when out of memory. */
int kp__violations_add(kp_violations *v, int rule, const char *account,
                       const char *item, double amount, const char *detail);

#endif /* KAMPLAN_BASE_H */
