/*
 * csv.c - reads one CSV file into a table of rows with line numbers.
 *
 * libcsv does the RFC 4180 parsing; this file adds what it lacks (see
 * GLPK-LIBCSV-NOTES.md section 4): line numbers, BOM removal, delimiter
 * detection, NUL and UTF-8 checks. One physical line is fed to csv_parse()
 * at a time so that every callback knows the line it came from.
 *
 * Field text is kept in one arena per table (offsets while reading, since
 * the arena moves as it grows; pointers once complete), so that 300,000
 * rows cost a handful of allocations, not millions.
 */
#define _POSIX_C_SOURCE 200809L
#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/io.h"

#define MAX_LINE (1L << 20)     /* longer lines are refused: 1 MiB */
#define NO_FIELD SIZE_MAX       /* offset of an empty unquoted field */
/* Bounds on what one file may hold, so that a runaway export is refused
 * before it exhausts memory (models/README.md, "Limits"): every field
 * costs two pointers besides its text, and every row a few dozen bytes
 * later on. */
#define MAX_ROWS 1000000L       /* data rows, the header excluded */
#define MAX_FIELDS 16000000L    /* fields of all rows together */

struct rowtmp {
    long line;
    size_t first;   /* index of its first field in ctx.foff */
    int n;
};

struct ctx {
    const char *name;
    kp_diags *d;
    long line;          /* physical line being fed */
    long rec_line;      /* line where the current record started */
    long quote_line;    /* line where the quoted field still open began */
    int in_quote;       /* a quoted field is open at the end of the line */
    int in_record;
    int bad;            /* current record had a bad field: drop it */
    int skip;           /* ignore callbacks (after a parse error) */
    int nomem;
    int toobig;         /* MAX_ROWS or MAX_FIELDS passed: stop reading */
    int ascii;          /* the fields come from a line of ASCII without NUL */
    char *arena;
    size_t alen, acap;
    size_t *foff;
    size_t nf, fcap;
    struct rowtmp *rows;
    size_t nrows, rcap;
    size_t cur_first;
    int cur_n;
};

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* Checks that s[0..len) is well-formed UTF-8 (no overlongs, no surrogates).
 * Returns the byte offset of the first bad sequence, or len when valid. */
static size_t utf8_check(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t n;
        unsigned min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 1; min = 0x80; c &= 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2; min = 0x800; c &= 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3; min = 0x10000; c &= 0x07;
        } else {
            return i;
        }
        if (i + n >= len)
            return i;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            c = (c << 6) | (s[i + k] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return i;
        i += n + 1;
    }
    return len;
}

static void on_field(void *field, size_t len, void *data)
{
    struct ctx *c = data;
    const char *s = field;
    size_t off = NO_FIELD;

    if (c->skip || c->nomem || c->toobig)
        return;
    if (c->nf >= (size_t)MAX_FIELDS) {
        c->toobig = 1;
        return;
    }
    if (c->cur_n == 0)
        c->cur_first = c->nf;
    /* A bad field is reported but kept, so that the row's id still stands
     * and references to it do not turn into misleading "unknown" errors. */
    if (s && !c->ascii &&
        (strlen(s) != len || utf8_check((const unsigned char *)s, len) != len)) {
        char col[64];
        const char *h = NULL;
        if (c->nrows > 0 && c->cur_n < c->rows[0].n &&
            c->foff[c->rows[0].first + (size_t)c->cur_n] != NO_FIELD)
            h = c->arena + c->foff[c->rows[0].first + (size_t)c->cur_n];
        snprintf(col, sizeof col, "field %d", c->cur_n + 1);
        if (strlen(s) != len)
            kp__diag(c->d, KP_ERROR, c->name, c->line, h, "%s%scontains a NUL byte",
                     h ? "" : col, h ? "" : " ");
        else
            kp__diag(c->d, KP_ERROR, c->name, c->line, h,
                     "%s%sis not valid UTF-8 (byte %zu); save the file as UTF-8",
                     h ? "" : col, h ? "" : " ",
                     utf8_check((const unsigned char *)s, len) + 1);
    }
    if (s) {
        if (grow((void **)&c->arena, &c->acap, c->alen + len + 1, 1) != 0) {
            c->nomem = 1;
            return;
        }
        off = c->alen;
        memcpy(c->arena + off, s, len + 1);
        c->alen += len + 1;
    }
    if (grow((void **)&c->foff, &c->fcap, c->nf + 1, sizeof *c->foff) != 0) {
        c->nomem = 1;
        return;
    }
    c->foff[c->nf++] = off;
    c->cur_n++;
}

static void on_row(int term, void *data)
{
    struct ctx *c = data;
    (void)term;
    if (c->skip)
        return;
    if (!c->nomem && !c->bad && c->cur_n > 0 && !c->toobig &&
        c->nrows > (size_t)MAX_ROWS) {
        c->toobig = 1;
    } else if (!c->nomem && !c->bad && c->cur_n > 0 && !c->toobig) {
        if (grow((void **)&c->rows, &c->rcap, c->nrows + 1, sizeof *c->rows) != 0) {
            c->nomem = 1;
        } else {
            c->rows[c->nrows].line = c->rec_line;
            c->rows[c->nrows].first = c->cur_first;
            c->rows[c->nrows].n = c->cur_n;
            c->nrows++;
        }
    } else if (c->bad && c->cur_n > 0) {
        c->nf = c->cur_first;   /* forget the dropped record's fields */
    }
    c->cur_n = 0;
    c->bad = 0;
    c->in_record = 0;
}

/* The header line decides the delimiter: whichever of ',' and ';' occurs
 * more often outside quotes; a tie (e.g. a one-column file) means ','. */
static char detect_delim(const char *s, size_t n)
{
    size_t commas = 0, semis = 0;
    int q = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            q = !q;
        else if (!q && s[i] == ',')
            commas++;
        else if (!q && s[i] == ';')
            semis++;
    }
    return semis > commas ? ';' : ',';
}

int kp__csv_fast = 1;

/* One physical line that starts a record and holds no quote: its fields are
 * the parts between delimiters, which is what libcsv makes of it, without
 * its state machine per character (libcsv took a third of the load time of
 * 20,000 accounts). Lines it leaves to libcsv (returns 0): any with a NUL
 * byte or a carriage return before its end, and any with a space or tab at
 * either end of a field, which libcsv trims. Calls on_field and on_row as
 * csv_parse would, and returns 1. */
static int fast_line(struct ctx *c, char *s, size_t n, char delim)
{
    size_t end = n, start, i;
    unsigned char high = 0;
    const char *p;

    if (end && s[end - 1] == '\n')
        end--;
    if (end && s[end - 1] == '\r')
        end--;
    if (memchr(s, '\0', end) || memchr(s, '\r', end))
        return 0;
    for (start = 0;; start = i + 1) {
        p = memchr(s + start, delim, end - start);
        i = p ? (size_t)(p - s) : end;
        if (i > start && (s[start] == ' ' || s[start] == '\t' ||
                          s[i - 1] == ' ' || s[i - 1] == '\t'))
            return 0;
        if (!p)
            break;
    }
    /* A line of ASCII needs no UTF-8 check per field (on_field). */
    for (i = 0; i < end; i++)
        high |= (unsigned char)s[i];
    c->ascii = high < 0x80;
    for (start = 0;; start = i + 1) {
        p = memchr(s + start, delim, end - start);
        i = p ? (size_t)(p - s) : end;
        s[i] = '\0';
        on_field(i > start ? s + start : NULL, i - start, c);
        if (!p)
            break;
    }
    c->ascii = 0;
    on_row('\n', c);
    return 1;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)s[i]))
            return 0;
    return 1;
}

/* Reports the file as too big (MAX_ROWS or MAX_FIELDS passed, at the line
 * being read) and returns KP_EDATA: the rest is not read. */
static int too_big(const struct ctx *c)
{
    int fields = c->nf >= (size_t)MAX_FIELDS;
    kp__diag(c->d, KP_ERROR, c->name, c->line, NULL,
             "more than %ld %s: kamplan reads at most that many from one file "
             "(models/README.md, \"Limits\")", fields ? MAX_FIELDS : MAX_ROWS,
             fields ? "fields" : "data rows");
    return KP_EDATA;
}

void kp__table_free(kp__table *t)
{
    if (!t)
        return;
    free(t->name);
    free(t->header);
    free(t->rows);
    free(t->fptr);
    free(t->arena);
    free(t);
}

/* Turns the offsets gathered while parsing into the table's pointers. The
 * first record is the header. */
static int finish(struct ctx *c, kp__table *t)
{
    size_t nrec = c->nrows;
    t->arena = c->arena;
    c->arena = NULL;
    t->fptr = malloc((c->nf ? c->nf : 1) * sizeof *t->fptr);
    t->rows = malloc((nrec ? nrec : 1) * sizeof *t->rows);
    if (!t->fptr || !t->rows)
        return KP_ENOMEM;
    for (size_t i = 0; i < c->nf; i++)
        t->fptr[i] = c->foff[i] == NO_FIELD ? NULL : t->arena + c->foff[i];
    for (size_t r = 0; r < nrec; r++) {
        t->rows[r].line = c->rows[r].line;
        t->rows[r].nfields = c->rows[r].n;
        t->rows[r].fields = t->fptr + c->rows[r].first;
    }
    t->header_line = t->rows[0].line;
    t->ncols = t->rows[0].nfields;
    t->header = malloc((size_t)t->ncols * sizeof *t->header);
    if (!t->header)
        return KP_ENOMEM;
    for (int j = 0; j < t->ncols; j++) {
        char *h = t->rows[0].fields[j];
        if (h)
            for (char *p = h; *p; p++)
                *p = (char)tolower((unsigned char)*p);
        t->header[j] = h;
    }
    memmove(t->rows, t->rows + 1, (nrec - 1) * sizeof *t->rows);
    t->nrows = nrec - 1;
    return KP_OK;
}

int kp__table_read(const char *path, const char *name, kp__table **out,
                   kp_diags *d)
{
    FILE *fp = fopen(path, "rb");
    int rc;

    *out = NULL;
    if (!fp) {
        kp__diag(d, KP_ERROR, name, 0, NULL, "cannot open: %s", strerror(errno));
        return KP_EIO;
    }
    rc = kp__table_read_stream(fp, name, out, d);
    fclose(fp);
    return rc;
}

/* Drops the record being parsed: libcsv's rest of it is discarded, and
 * the fields gathered so far are forgotten; the next line starts afresh. */
static void drop_record(struct ctx *c, struct csv_parser *p)
{
    c->skip = 1;
    csv_fini(p, on_field, on_row, c);
    c->skip = 0;
    c->bad = 1;
    on_row(0, c);
}

/* KP_ENOMEM or too_big's KP_EDATA when the callbacks hit either; else
 * KP_OK. */
static int parse_state(const struct ctx *c)
{
    if (c->nomem)
        return KP_ENOMEM;
    if (c->toobig)
        return too_big(c);
    return KP_OK;
}

/* Follows the quotes of line s to know where a never-closed field opened;
 * a quote right after a closing one is an escaped quote, not an opening.
 * Returns 1 when the line holds a quote (most lines hold none). */
static int track_quotes(struct ctx *c, const char *s, size_t n)
{
    if (!memchr(s, '"', n))
        return 0;
    for (size_t i = 0, closed = (size_t)-2; i < n; i++) {
        if (s[i] != '"')
            continue;
        if (c->in_quote) {
            c->in_quote = 0;
            closed = i;
        } else {
            c->in_quote = 1;
            if (closed + 1 != i)
                c->quote_line = c->line;
        }
    }
    return 1;
}

/* Parses one physical line s (n bytes, its BOM removed) into the records
 * of c: a line too long is reported and skipped, a blank line between
 * records is skipped, the first record's line sets the delimiter. Returns
 * KP_OK (bad records are reported and dropped) or the fatal status. */
static int parse_line(struct ctx *c, struct csv_parser *p, kp__table *t,
                      char *s, size_t n)
{
    int fresh = !c->in_record, quoted;
    size_t used = n;

    if (n > (size_t)MAX_LINE) {
        kp__diag(c->d, KP_ERROR, c->name, c->line, NULL,
                 "line is %zu bytes long, more than the %ld allowed", n, MAX_LINE);
        /* Inside a quoted field: give up on the rest of the record. */
        if (c->in_record)
            drop_record(c, p);
        return KP_OK;
    }
    if (fresh) {
        if (blank(s, n))
            return KP_OK;
        if (c->nrows == 0 && c->cur_n == 0)
            csv_set_delim(p, (unsigned char)(t->delim = detect_delim(s, n)));
        c->rec_line = c->line;
        c->in_record = 1;
    }
    quoted = track_quotes(c, s, n);
    /* The fast path only where libcsv would start a record afresh: not
     * inside a quoted field that a carriage return in an earlier line
     * left open after ending a record there. */
    if (!(kp__csv_fast && fresh && !c->in_quote && !quoted &&
          fast_line(c, s, n, t->delim)))
        used = csv_parse(p, s, n, on_field, on_row, c);
    int rc = parse_state(c);
    if (rc != KP_OK)
        return rc;
    if (used != n) {
        kp__diag(c->d, KP_ERROR, c->name, c->line, NULL,
                 "byte %zu: malformed quoting (a quote inside an unquoted "
                 "field, or text after a closing quote)", used + 1);
        drop_record(c, p);
        c->in_quote = 0;
    }
    return KP_OK;
}

/* After the last line: a read error (at the line that could not be read),
 * getline out of memory (it sets neither the error nor the end-of-file
 * flag, so without this check a file would end there unnoticed), a quoted
 * field never closed (its record dropped), the callbacks' state, a file
 * without a header line. Returns KP_OK or the status to fail with. */
static int end_of_stream(struct ctx *c, struct csv_parser *p, FILE *fp)
{
    if (ferror(fp)) {
        kp__diag(c->d, KP_ERROR, c->name, c->line + 1, NULL, "read error: %s",
                 strerror(errno));
        return KP_EIO;
    }
    if (!feof(fp))
        return KP_ENOMEM;
    if (csv_fini(p, on_field, on_row, c) != 0) {
        kp__diag(c->d, KP_ERROR, c->name, c->in_quote ? c->quote_line : c->rec_line,
                 NULL, "quoted field opened here is never closed");
        c->bad = 1;
        on_row(0, c);
    }
    int rc = parse_state(c);
    if (rc != KP_OK)
        return rc;
    if (c->nrows == 0) {
        /* Line 1 is where the header belongs. */
        kp__diag(c->d, KP_ERROR, c->name, 1, NULL, "empty file: no header line");
        return KP_EDATA;
    }
    return KP_OK;
}

/* io.h: line by line through parse_line, so that each message has its
 * line and a bad record costs only itself. */
int kp__table_read_stream(FILE *fp, const char *name, kp__table **out,
                          kp_diags *d)
{
    struct ctx c;
    struct csv_parser p;
    int parser_ready = 0, rc = KP_OK;
    kp__table *t = NULL;
    char *buf = NULL;
    size_t cap = 0;
    ssize_t n;

    *out = NULL;
    memset(&c, 0, sizeof c);
    c.name = name;
    c.d = d;
    t = calloc(1, sizeof *t);
    if (!t || !(t->name = kp__strdup(name))) {
        rc = KP_ENOMEM;
        goto out;
    }
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL |
                 CSV_EMPTY_IS_NULL) != 0) {
        rc = KP_ENOMEM;
        goto out;
    }
    parser_ready = 1;
    while ((n = getline(&buf, &cap, fp)) > 0) {
        char *s = buf;
        c.line++;
        if (c.line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3;
            n -= 3;
        }
        if ((rc = parse_line(&c, &p, t, s, (size_t)n)) != KP_OK)
            goto out;
    }
    if ((rc = end_of_stream(&c, &p, fp)) != KP_OK)
        goto out;
    if (t->delim == 0)
        t->delim = ',';
    rc = finish(&c, t);
    if (rc == KP_OK) {
        *out = t;
        t = NULL;
    }
out:
    if (parser_ready)
        csv_free(&p);
    free(buf);
    free(c.arena);
    free(c.foff);
    free(c.rows);
    kp__table_free(t);
    return rc;
}
