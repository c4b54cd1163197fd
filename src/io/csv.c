/*
 * csv.c - reads one CSV file into a table of rows with line numbers.
 *
 * libcsv does the RFC 4180 parsing; this file adds what it lacks (see
 * GLPK-LIBCSV-NOTES.md section 4): line numbers, BOM removal, delimiter
 * detection, NUL and UTF-8 checks. One physical line is fed to csv_parse()
 * at a time so that every callback knows the line it came from.
 *
 * Memory: the file is read whole into one buffer, and every field is cut
 * out in place, so that a row costs 24 bytes besides its text, whatever
 * its width, and a file takes a few allocations, not one per field. A
 * line without quotes (nearly every line of a CRM export) has its
 * delimiters overwritten with NULs. The fields libcsv gives are written
 * one after the other from where the text stored so far ends (ctx.w);
 * that never passes the first byte libcsv has still to parse, because a
 * field never needs more bytes than it came from (its quotes, escapes,
 * trimmed spaces and its delimiter pay for its NUL; the last field of a
 * file without a final newline takes the spare byte past the end), and a
 * line cut in place ends where the next line begins. test_csv checks
 * random files against libcsv's own reading of them.
 */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/io.h"

#define MAX_LINE (1L << 20)     /* longer lines are refused: 1 MiB */
/* Bytes handled eight at a time, as one word (fast_line, split). */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
/* Zero bytes after a text's end (its spare byte included), so that split
 * may read a word that runs past the last field. */
#define PAD 16
/* split finds a word's first zero byte as its lowest one. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LITTLE_ENDIAN_WORDS 1
#else
#define LITTLE_ENDIAN_WORDS 0
#endif

struct ctx {
    const char *name;
    kp_diags *d;
    kp__table *t;       /* header, delimiter and rows go straight in */
    long max_rows;      /* data rows allowed (kp_load_opts.max_rows) */
    long line;          /* physical line being fed */
    long rec_line;      /* line where the current record started */
    long quote_line;    /* line where the quoted field still open began */
    int in_quote;       /* a quoted field is open at the end of the line */
    int in_record;
    int bad;            /* current record had a bad field: drop it */
    int skip;           /* ignore callbacks (after a parse error) */
    int nomem;
    int toobig;         /* max_rows passed: stop reading */
    int have_header;
    char *w;            /* where libcsv's next field goes: never past
                           the bytes libcsv has consumed */
    char *end;          /* one past the spare byte: w's hard limit */
    char *cur_text;     /* the current record's first field */
    int cur_n;          /* its fields so far */
    size_t rcap;        /* room in t->recs */
};

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

/* Reports field k (len bytes at s) of the current record when it holds a
 * NUL byte or is not valid UTF-8. A bad field is reported but kept, so
 * that the row's id still stands and references to it do not turn into
 * misleading "unknown" errors. */
static void check_field(const struct ctx *c, const char *s, size_t len, int k)
{
    size_t nul = strlen(s), bad = nul == len ? utf8_check((const unsigned char *)s, len) : 0;
    char col[64];
    const char *h = NULL;

    if (nul == len && bad == len)
        return;
    if (c->have_header && k < c->t->ncols && *c->t->header[k])
        h = c->t->header[k];
    snprintf(col, sizeof col, "field %d", k + 1);
    if (nul != len)
        kp__diag(c->d, KP_ERROR, c->name, c->line, h, "%s%scontains a NUL byte",
                 h ? "" : col, h ? "" : " ");
    else
        kp__diag(c->d, KP_ERROR, c->name, c->line, h,
                 "%s%sis not valid UTF-8 (byte %zu); save the file as UTF-8",
                 h ? "" : col, h ? "" : " ", bad + 1);
}

/* libcsv's field callback: the field (NULL: empty and unquoted) is checked
 * and written at c->w, up to a NUL byte inside it (reported). */
static void on_field(void *field, size_t len, void *data)
{
    struct ctx *c = data;
    const char *s = field;
    size_t n = 0;

    if (c->skip || c->nomem || c->toobig || c->bad)
        return;
    if (c->cur_n == INT_MAX) {
        kp__diag(c->d, KP_ERROR, c->name, c->line, NULL,
                 "a record of more than %d fields", INT_MAX);
        c->bad = 1;
        return;
    }
    if (c->cur_n == 0)
        c->cur_text = c->w;
    if (s) {
        check_field(c, s, len, c->cur_n);
        n = strlen(s);
    }
    /* Never past what libcsv has consumed (see the top of the file). */
    assert(c->w + n < c->end);
    memcpy(c->w, s ? s : "", n);
    c->w[n] = '\0';
    c->w += n + 1;
    c->cur_n++;
}

/* Splits the n fields from text into fields[]: each field's end is found
 * eight bytes at a time (fields are short: a call of strlen per field
 * cost more). The text is followed by PAD zero bytes (read_all), so a word
 * never runs past the buffer. */
static void split(char *text, int n, char **fields)
{
    uint64_t v, z;
    for (int k = 0; k < n; k++) {
        fields[k] = text;
        if (!LITTLE_ENDIAN_WORDS) {
            text += strlen(text) + 1;
            continue;
        }
        for (;; text += 8) {
            memcpy(&v, text, 8);
            z = (v - ONES) & ~v & HIGHS;    /* the lowest set bit is exact */
            if (z) {
                text += __builtin_ctzll(z) / 8 + 1;
                break;
            }
        }
    }
}

/* The record just parsed (c->cur_n fields from c->cur_text): the first is
 * the header, the others are data rows, kept unless bad or past
 * max_rows. */
static void end_record(struct ctx *c)
{
    kp__table *t = c->t;
    int n = c->cur_n;

    c->cur_n = 0;
    c->in_record = 0;
    if (c->bad || c->nomem || c->toobig || n == 0) {
        if (c->bad && n > 0)
            c->w = c->cur_text;     /* the dropped record's text is free */
        c->bad = 0;
        return;
    }
    if (!c->have_header) {
        if (!(t->header = malloc((size_t)n * sizeof *t->header))) {
            c->nomem = 1;
            return;
        }
        split(c->cur_text, n, t->header);
        t->ncols = n;
        t->header_line = c->rec_line;
        c->have_header = 1;
        return;
    }
    if ((long)t->nrows >= c->max_rows) {
        c->toobig = 1;
        return;
    }
    if (t->nrows == c->rcap) {
        size_t cap = c->rcap ? 2 * c->rcap : 64;
        kp__rec *r = realloc(t->recs, cap * sizeof *r);
        if (!r) {
            c->nomem = 1;
            return;
        }
        t->recs = r;
        c->rcap = cap;
    }
    t->recs[t->nrows].text = c->cur_text;
    t->recs[t->nrows].line = c->rec_line;
    t->recs[t->nrows].nfields = n;
    t->nrows++;
    if (n > t->max_fields)
        t->max_fields = n;
}

static void on_row(int term, void *data)
{
    struct ctx *c = data;
    (void)term;
    if (!c->skip)
        end_record(c);
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
 * the parts between delimiters, which is what libcsv makes of them, cut in
 * place without its state machine per character (libcsv took a third of
 * the load time of 20,000 accounts). Lines it leaves to libcsv (returns
 * 0): any with a NUL byte or a carriage return before its end, and any
 * with a space or tab at either end of a field, which libcsv trims. Ends
 * the record as csv_parse would, and returns 1. */
static int fast_line(struct ctx *c, char *s, size_t n, char delim)
{
    const uint64_t dmask = ONES * (unsigned char)delim;
    size_t end = n, i, start;
    int high = 0, nf = 1;
    uint64_t v;

    if (end && s[end - 1] == '\n')
        end--;
    if (end && s[end - 1] == '\r')
        end--;
    /* One pass to decide, eight bytes at a time where all eight are
     * printable ASCII (nearly all of a CRM export). A space or tab next to
     * a delimiter or an end of the line is at an edge of its field. */
    for (i = 0; i < end;) {
        if (i + 8 <= end) {
            memcpy(&v, s + i, 8);
            if (((v | ((v - 0x21 * ONES) & ~v)) & HIGHS) == 0) {
                i += 8;
                continue;
            }
        }
        for (size_t stop = i + 8 < end ? i + 8 : end; i < stop; i++) {
            unsigned char ch = (unsigned char)s[i];
            if (ch > ' ' && ch < 0x80)
                continue;
            if (ch >= 0x80)
                high = 1;
            else if (ch == '\0' || ch == '\r')
                return 0;
            else if ((ch == ' ' || ch == '\t') &&
                     (i == 0 || s[i - 1] == delim || i + 1 == end || s[i + 1] == delim))
                return 0;
        }
    }
    /* Each delimiter becomes a NUL, eight bytes at a time without a branch
     * per delimiter (one in six bytes, too many to predict). */
    for (i = 0; i + 8 <= end; i += 8) {
        memcpy(&v, s + i, 8);
        uint64_t x = v ^ dmask;
        uint64_t z = ~(((x & ~HIGHS) + ~HIGHS) | x) & HIGHS;  /* delimiters */
        nf += (int)(((z >> 7) * ONES) >> 56);      /* how many */
        v &= ~((z >> 7) * 0xFF);
        memcpy(s + i, &v, 8);
    }
    for (; i < end; i++)
        if (s[i] == delim) {
            s[i] = '\0';
            nf++;
        }
    s[end] = '\0';
    /* A line of ASCII needs no UTF-8 check per field. */
    start = 0;
    for (int k = 0; high && k < nf; k++) {
        size_t len = strlen(s + start);
        check_field(c, s + start, len, k);
        start += len + 1;
    }
    /* The line's bytes are its record's now; libcsv's fields go after. */
    c->cur_text = s;
    c->cur_n = nf;
    c->w = s + end + 1;
    end_record(c);
    return 1;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)s[i]))
            return 0;
    return 1;
}

/* Reports the file as having more than max_rows data rows (at the line
 * being read) and returns KP_EDATA: the rest is not read. */
static int too_big(const struct ctx *c)
{
    kp__diag(c->d, KP_ERROR, c->name, c->line, NULL,
             "more than %ld data rows: kamplan reads at most that many from one "
             "file; raise the limit with --max-rows (models/README.md, \"Limits\")",
             c->max_rows);
    return KP_EDATA;
}

void kp__table_free(kp__table *t)
{
    if (!t)
        return;
    free(t->name);
    free(t->header);
    free(t->recs);
    free(t->text);
    free(t);
}

/* io.h. */
void kp__table_drop_rows(kp__table *t)
{
    if (!t)
        return;
    free(t->recs);
    t->recs = NULL;
}

/* io.h. */
void kp__table_row(const kp__table *t, size_t i, char **fields, kp__row *row)
{
    const kp__rec *rec = &t->recs[i];
    split(rec->text, rec->nfields, fields);
    row->line = rec->line;
    row->nfields = rec->nfields;
    row->fields = fields;
}

/* Lower-cases the header names. */
static void finish(kp__table *t)
{
    for (int j = 0; j < t->ncols; j++)
        for (char *p = t->header[j]; *p; p++)
            *p = (char)tolower((unsigned char)*p);
}

/* Reads all of fp into *buf (malloc'd, with PAD zero bytes past the *len
 * bytes read, the spare byte among them); hint is the expected size (0:
 * unknown), so that a file is read into one allocation of its size. At
 * most max_bytes are read: a file that holds more (or grows past them
 * while it is read) is refused without reading further. A read that
 * fails is an error, never the end of the file. Returns KP_OK, KP_EIO
 * (reported at the line that could not be read), KP_EDATA (too big,
 * reported) or KP_ENOMEM. */
static int read_all(FILE *fp, size_t hint, long long max_bytes, const char *name,
                    kp_diags *d, char **buf, size_t *len)
{
    size_t cap = hint ? hint + PAD + 1 : 65536, n = 0, got, want;
    /* One byte past the limit tells a file at the limit from a longer one. */
    size_t most = (unsigned long long)max_bytes < SIZE_MAX - PAD - 1
                  ? (size_t)max_bytes + 1 : SIZE_MAX - PAD - 1;
    char *b, *nb;

    *buf = NULL;
    *len = 0;
    if (cap > most + PAD + 1)
        cap = most + PAD + 1;
    if (!(b = malloc(cap)))
        return KP_ENOMEM;
    for (;;) {
        if (cap - n <= PAD) {
            if (cap > SIZE_MAX / 2 || !(nb = realloc(b, 2 * cap))) {
                free(b);
                return KP_ENOMEM;
            }
            b = nb;
            cap *= 2;
        }
        want = cap - n - PAD;
        if (want > most - n)
            want = most - n;
        got = fread(b + n, 1, want, fp);
        n += got;
        /* fread gives less than asked only at the end or on an error. */
        if (got < want || n >= most)
            break;
    }
    if (ferror(fp)) {
        int err = errno;
        long line = 1;
        for (const char *p = b; (p = memchr(p, '\n', (size_t)(b + n - p))); p++)
            line++;
        kp__diag(d, KP_ERROR, name, line, NULL, "read error: %s", strerror(err));
        free(b);
        return KP_EIO;
    }
    if (n >= most) {
        kp__diag(d, KP_ERROR, name, 0, NULL,
                 "more than %lld bytes%s: kamplan reads at most that many from one "
                 "file; raise the limit with --max-bytes", max_bytes,
                 hint ? " (it grew while it was read)" : "");
        free(b);
        return KP_EDATA;
    }
    memset(b + n, 0, PAD);
    *buf = b;
    *len = n;
    return KP_OK;
}

/* What st is, for the message that refuses it: "a FIFO", "a folder". */
static const char *file_kind(mode_t m)
{
    if (S_ISDIR(m))
        return "a folder";
    if (S_ISFIFO(m))
        return "a FIFO";
    if (S_ISCHR(m))
        return "a character device";
    if (S_ISBLK(m))
        return "a block device";
    if (S_ISSOCK(m))
        return "a socket";
    return "not a plain file";
}

/* Refuses (KP_EIO, reported) what st says is not a regular file. */
static int regular(const struct stat *st, const char *name, kp_diags *d)
{
    if (S_ISREG(st->st_mode))
        return KP_OK;
    kp__diag(d, KP_ERROR, name, 0, NULL, "not a regular file (%s): kamplan "
             "reads only plain files", file_kind(st->st_mode));
    return KP_EIO;
}

/* Opens path for reading and refuses what is not a regular file, or one
 * of more than max_bytes, before a byte is read: a device or a FIFO could
 * feed bytes without end. What path is, is asked first (a socket cannot
 * even be opened), then asked again of what was opened, without blocking
 * (a FIFO without a writer would block open() itself), in case path was
 * replaced between the two. Returns KP_OK with *fp, else KP_EIO or
 * KP_EDATA (reported). */
static int open_regular(const char *path, const char *name, long long max_bytes,
                        FILE **fp, kp_diags *d)
{
    struct stat st;
    int fd = -1, flags;

    *fp = NULL;
    if (stat(path, &st) == 0 && regular(&st, name, d) != KP_OK)
        return KP_EIO;
    if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) < 0) {
        kp__diag(d, KP_ERROR, name, 0, NULL, "cannot open: %s", strerror(errno));
        return KP_EIO;
    }
    if (fstat(fd, &st) != 0) {
        kp__diag(d, KP_ERROR, name, 0, NULL, "cannot read: %s", strerror(errno));
        close(fd);
        return KP_EIO;
    }
    if (regular(&st, name, d) != KP_OK) {
        close(fd);
        return KP_EIO;
    }
    if ((long long)st.st_size > max_bytes) {
        kp__diag(d, KP_ERROR, name, 0, NULL,
                 "%lld bytes, more than the %lld allowed: kamplan reads at most that "
                 "many from one file; raise the limit with --max-bytes",
                 (long long)st.st_size, max_bytes);
        close(fd);
        return KP_EDATA;
    }
    /* A regular file never blocks; reads go back to the usual mode. */
    if ((flags = fcntl(fd, F_GETFL)) != -1)
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    if (!(*fp = fdopen(fd, "rb"))) {
        close(fd);
        return KP_ENOMEM;
    }
    return KP_OK;
}

int kp__table_read(const char *path, const char *name, long max_rows,
                   long long max_bytes, kp__table **out, kp_diags *d)
{
    FILE *fp = NULL;
    int rc;

    *out = NULL;
    if (max_bytes <= 0)
        max_bytes = KP__MAX_BYTES;
    if ((rc = open_regular(path, name, max_bytes, &fp, d)) != KP_OK)
        return rc;
    rc = kp__table_read_stream(fp, name, max_rows, max_bytes, out, d);
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
    c->in_quote = 0;    /* csv_fini left libcsv outside any field */
    end_record(c);
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
static int parse_line(struct ctx *c, struct csv_parser *p, char *s, size_t n)
{
    /* Not fresh inside a quoted field, also one that a carriage return
     * earlier in the last line opened after ending a record there: a
     * blank line in it is part of the field. */
    int fresh = !c->in_record && !c->in_quote, quoted;
    size_t used = n;
    kp__table *t = c->t;

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
        if (!c->have_header && c->cur_n == 0)
            csv_set_delim(p, (unsigned char)(t->delim = detect_delim(s, n)));
        c->rec_line = c->line;
        c->in_record = 1;
    }
    quoted = track_quotes(c, s, n);
    /* The fast path only where libcsv would start a record afresh. */
    if (!(kp__csv_fast && fresh && !quoted && fast_line(c, s, n, t->delim)))
        used = csv_parse(p, s, n, on_field, on_row, c);
    int rc = parse_state(c);
    if (rc != KP_OK)
        return rc;
    if (used != n) {
        kp__diag(c->d, KP_ERROR, c->name, c->line, NULL,
                 "byte %zu: malformed quoting (a quote inside an unquoted "
                 "field, or text after a closing quote)", used + 1);
        drop_record(c, p);
    }
    return KP_OK;
}

/* After the last line: a quoted field never closed (its record dropped),
 * the callbacks' state, a file without a header line. Returns KP_OK or
 * the status to fail with. */
static int end_of_text(struct ctx *c, struct csv_parser *p)
{
    if (csv_fini(p, on_field, on_row, c) != 0) {
        kp__diag(c->d, KP_ERROR, c->name, c->in_quote ? c->quote_line : c->rec_line,
                 NULL, "quoted field opened here is never closed");
        c->bad = 1;
        end_record(c);
    }
    int rc = parse_state(c);
    if (rc != KP_OK)
        return rc;
    if (!c->have_header) {
        /* Line 1 is where the header belongs. */
        kp__diag(c->d, KP_ERROR, c->name, 1, NULL, "empty file: no header line");
        return KP_EDATA;
    }
    return KP_OK;
}

/* Parses the len bytes of t->text (with PAD zero bytes past them) line by
 * line through parse_line, so that each message has its line and a bad
 * record costs only itself. */
static int parse_text(struct ctx *c, size_t len)
{
    struct csv_parser p;
    char *s = c->t->text, *stop = s + len, *nl;
    size_t lines = 1;
    int rc = KP_OK;

    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL |
                 CSV_EMPTY_IS_NULL) != 0)
        return KP_ENOMEM;
    /* Room for a row per line: the rows array is allocated once. */
    for (const char *q = s; (q = memchr(q, '\n', (size_t)(stop - q))); q++)
        lines++;
    c->rcap = lines;
    if (!(c->t->recs = malloc(c->rcap * sizeof *c->t->recs))) {
        rc = KP_ENOMEM;
        goto out;
    }
    c->w = s;
    c->end = stop + 1;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3;
    for (; s < stop; s = nl) {
        nl = memchr(s, '\n', (size_t)(stop - s));
        nl = nl ? nl + 1 : stop;
        c->line++;
        if ((rc = parse_line(c, &p, s, (size_t)(nl - s))) != KP_OK)
            goto out;
    }
    rc = end_of_text(c, &p);
out:
    csv_free(&p);
    return rc;
}

/* io.h: the stream read whole, then parsed in place. */
int kp__table_read_stream(FILE *fp, const char *name, long max_rows,
                          long long max_bytes, kp__table **out, kp_diags *d)
{
    struct ctx c;
    struct stat st;
    kp__table *t = NULL;
    size_t len = 0, hint = 0;
    int rc;

    *out = NULL;
    memset(&c, 0, sizeof c);
    c.name = name;
    c.d = d;
    c.max_rows = max_rows > 0 ? max_rows : KP__MAX_ROWS;
    /* A regular file is read into one buffer of its size (fread still
     * decides where it ends); a stream of unknown size grows one. */
    if (fileno(fp) >= 0 && fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) &&
        st.st_size > 0 && (uintmax_t)st.st_size < SIZE_MAX / 4)
        hint = (size_t)st.st_size;
    t = calloc(1, sizeof *t);
    if (!t || !(t->name = kp__strdup(name))) {
        rc = KP_ENOMEM;
        goto out;
    }
    c.t = t;
    if ((rc = read_all(fp, hint, max_bytes > 0 ? max_bytes : KP__MAX_BYTES, name, d,
                       &t->text, &len)) != KP_OK)
        goto out;
    if ((rc = parse_text(&c, len)) != KP_OK)
        goto out;
    if (t->delim == 0)
        t->delim = ',';
    finish(t);
    *out = t;
    t = NULL;
out:
    kp__table_free(t);
    return rc;
}
