/*
 * test_csv.c - the CSV reader: BOM, CRLF, semicolons, quoting, blank lines,
 * line numbers, and the errors it reports.
 */
#define _POSIX_C_SOURCE 200809L
#include <csv.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "io/io.h"

static char path[] = "/tmp/kp-csvXXXXXX";

/* Writes n bytes of text to the test file and reads it back. */
static int read_text(const char *text, size_t n, kp__table **t, kp_diags *d)
{
    FILE *f = fopen(path, "wb");
    fwrite(text, 1, n, f);
    fclose(f);
    return kp__table_read(path, "t.csv", 0, 0, t, d);
}

/* Field k of data row r of t ("" for an empty one). */
static const char *field(const kp__table *t, size_t r, int k)
{
    static char *fields[64];
    kp__row row;
    if (r >= t->nrows || t->max_fields > 64)
        return "(no such row)";
    kp__table_row(t, r, fields, &row);
    return k < row.nfields ? row.fields[k] : "(no such field)";
}

#define READ(lit, t, d) read_text(lit, sizeof lit - 1, t, d)

static void test_plain(void)
{
    kp__table *t = NULL;
    kp_diags *d = kp_diags_new();
    ASSERT_EQ(READ("id,Name,HOURS\nA1,Alpha,3\nA2,,4.5\n", &t, d), KP_OK);
    ASSERT_EQ(t->delim, ',');
    ASSERT_EQ(t->ncols, 3);
    ASSERT_STR(t->header[1], "name");      /* header names are lower-cased */
    ASSERT_STR(t->header[2], "hours");
    ASSERT_EQ(t->nrows, 2);
    ASSERT_EQ(t->recs[0].line, 2);
    ASSERT_STR(field(t, 0, 1), "Alpha");
    ASSERT_STR(field(t, 1, 1), "");         /* an empty field */
    ASSERT_STR(field(t, 1, 2), "4.5");
    ASSERT_EQ(kp_diags_count(d), 0);
    kp__table_free(t);
    kp_diags_free(d);
}

static void test_bom_crlf_semicolon_quotes(void)
{
    kp__table *t = NULL;
    kp_diags *d = kp_diags_new();
    /* BOM, CRLF, ';' delimiter, a quoted ';' and ',', doubled quotes, a
     * blank line, a multi-line field and no final newline. */
    ASSERT_EQ(READ("\xEF\xBB\xBF" "id;name;value\r\n"
                   "A1;\"M\xC3\xBCller; S\xC3\xB6hne, GmbH\";1\r\n"
                   "\r\n"
                   "A2;\"Say \"\"hi\"\"\";  2  \r\n"
                   "A3;\"two\r\nlines\";\"\"\r\n"
                   "A4;x;7", &t, d), KP_OK);
    ASSERT_EQ(t->delim, ';');
    ASSERT_STR(t->header[0], "id");          /* the BOM is not part of it */
    ASSERT_EQ(t->nrows, 4);
    ASSERT_STR(field(t, 0, 1), "M\xC3\xBCller; S\xC3\xB6hne, GmbH");
    ASSERT_EQ(t->recs[1].line, 4);           /* line 3 was blank */
    ASSERT_STR(field(t, 1, 1), "Say \"hi\"");
    ASSERT_STR(field(t, 1, 2), "2");   /* unquoted spaces trimmed */
    ASSERT_EQ(t->recs[2].line, 5);           /* where the record starts */
    ASSERT_STR(field(t, 2, 1), "two\r\nlines");
    ASSERT_STR(field(t, 2, 2), "");    /* "" is empty too */
    ASSERT_EQ(t->recs[3].line, 7);
    ASSERT_STR(field(t, 3, 2), "7");
    ASSERT_EQ(kp_diags_count(d), 0);
    kp__table_free(t);
    kp_diags_free(d);
}

static void test_errors_reported_per_line(void)
{
    kp__table *t = NULL;
    kp_diags *d = kp_diags_new();
    /* Line 3: quote inside an unquoted field. Line 4: text after a closing
     * quote. Line 5: invalid UTF-8. Line 6 is fine and must survive. */
    ASSERT_EQ(READ("id,name\nA1,ok\nA2,ab\"c\nA3,\"b\"x\nA4,\xFF\nA5,fine\n", &t, d), KP_OK);
    ASSERT_EQ(kp_diags_errors(d), 3);
    ASSERT_STR(kp_diags_message(d, 0),
               "t.csv:3: byte 6: malformed quoting (a quote inside an unquoted "
               "field, or text after a closing quote)");
    ASSERT_CONTAINS(kp_diags_message(d, 1), "t.csv:4: byte 7:");
    ASSERT_STR(kp_diags_message(d, 2),
               "t.csv:5: column 'name': is not valid UTF-8 (byte 1); save the file as UTF-8");
    /* Rows with bad quoting are dropped; the UTF-8 one is kept (its id
     * still stands) and the good rows all survive. */
    ASSERT_EQ(t->nrows, 3);
    ASSERT_STR(field(t, 2, 0), "A5");
    ASSERT_EQ(t->recs[2].line, 6);
    kp__table_free(t);
    kp_diags_free(d);
}

static void test_unterminated_quote(void)
{
    kp__table *t = NULL;
    kp_diags *d = kp_diags_new();
    ASSERT_EQ(READ("id,name\nA1,\"open\nA2,more\n", &t, d), KP_OK);
    ASSERT_EQ(kp_diags_errors(d), 1);
    ASSERT_STR(kp_diags_message(d, 0), "t.csv:2: quoted field opened here is never closed");
    ASSERT_EQ(t->nrows, 0);
    kp__table_free(t);
    kp_diags_free(d);
}

static void test_nul_and_empty(void)
{
    kp__table *t = NULL;
    kp_diags *d = kp_diags_new();
    ASSERT_EQ(read_text("id,name\nA1,a\0b\n", 14, &t, d), KP_OK);
    ASSERT_STR(kp_diags_message(d, 0), "t.csv:2: column 'name': contains a NUL byte");
    kp__table_free(t);
    kp_diags_free(d);

    d = kp_diags_new();
    t = NULL;
    ASSERT_EQ(READ("\n\n", &t, d), KP_EDATA);
    ASSERT_TRUE(t == NULL);
    ASSERT_STR(kp_diags_message(d, 0), "t.csv:1: empty file: no header line");
    kp_diags_free(d);
}

/* A file over max_rows is refused at the line where it passed the limit,
 * naming the option that raises it; one at the limit is read. */
static void test_max_rows(void)
{
    static const char text[] = "id\nA1\n\nA2\nA3\n";
    kp__table *t = NULL;
    kp_diags *d = kp_diags_new();
    FILE *f = fmemopen((void *)text, sizeof text - 1, "rb");
    ASSERT_EQ(kp__table_read_stream(f, "t.csv", 2, 0, &t, d), KP_EDATA);
    fclose(f);
    ASSERT_TRUE(t == NULL);
    ASSERT_STR(kp_diags_message(d, 0),
               "t.csv:5: more than 2 data rows: kamplan reads at most that many "
               "from one file; raise the limit with --max-rows (models/README.md, "
               "\"Limits\")");
    kp_diags_free(d);
    d = kp_diags_new();
    f = fmemopen((void *)text, sizeof text - 1, "rb");
    ASSERT_EQ(kp__table_read_stream(f, "t.csv", 3, 0, &t, d), KP_OK);
    fclose(f);
    ASSERT_EQ(t ? t->nrows : 0, 3);
    ASSERT_EQ(kp_diags_count(d), 0);
    kp__table_free(t);
    kp_diags_free(d);
}

/* A file over max_bytes is refused before it is read, naming its size
 * and the option that raises the limit; one at the limit is read. A
 * stream (of unknown size) is refused once it passes the limit. */
static void test_max_bytes(void)
{
    static const char text[] = "id\nA1\nA2\n";     /* 9 bytes */
    kp__table *t = NULL;
    kp_diags *d = kp_diags_new();
    FILE *f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
    ASSERT_EQ(kp__table_read(path, "t.csv", 0, 8, &t, d), KP_EDATA);
    ASSERT_TRUE(t == NULL);
    ASSERT_STR(kp_diags_message(d, 0),
               "t.csv: 9 bytes, more than the 8 allowed: kamplan reads at most that "
               "many from one file; raise the limit with --max-bytes");
    ASSERT_EQ(kp__table_read(path, "t.csv", 0, 9, &t, d), KP_OK);
    ASSERT_EQ(t ? t->nrows : 0, 2);
    kp__table_free(t);
    t = NULL;
    kp_diags_free(d);
    d = kp_diags_new();
    f = fmemopen((void *)text, sizeof text - 1, "rb");
    ASSERT_EQ(kp__table_read_stream(f, "t.csv", 0, 5, &t, d), KP_EDATA);
    fclose(f);
    ASSERT_TRUE(t == NULL);
    ASSERT_CONTAINS(kp_diags_message(d, 0), "t.csv: more than 5 bytes");
    ASSERT_CONTAINS(kp_diags_message(d, 0), "--max-bytes");
    kp_diags_free(d);
}

/* What is not a regular file is refused before a byte is read, and a
 * FIFO without a writer does not block: each by what it is. */
static void test_special_files(void)
{
    char fifo[64];
    kp__table *t = NULL;
    kp_diags *d = kp_diags_new();

    snprintf(fifo, sizeof fifo, "%s.fifo", path);
    ASSERT_EQ(mkfifo(fifo, 0600), 0);
    ASSERT_EQ(kp__table_read(fifo, "f.csv", 0, 0, &t, d), KP_EIO);
    ASSERT_STR(kp_diags_message(d, 0),
               "f.csv: not a regular file (a FIFO): kamplan reads only plain files");
    unlink(fifo);
    ASSERT_EQ(kp__table_read("/dev/zero", "/dev/zero", 0, 0, &t, d), KP_EIO);
    ASSERT_CONTAINS(kp_diags_message(d, 1), "(a character device)");
    ASSERT_TRUE(t == NULL);
    kp_diags_free(d);
}

static void test_missing_file(void)
{
    kp__table *t = NULL;
    kp_diags *d = kp_diags_new();
    ASSERT_EQ(kp__table_read("/nonexistent/x.csv", "x.csv", 0, 0, &t, d), KP_EIO);
    ASSERT_CONTAINS(kp_diags_message(d, 0), "x.csv: cannot open:");
    kp_diags_free(d);
}

static void test_number_format(void)
{
    char b[64];
    kp__fmt_double(b, sizeof b, 50);
    ASSERT_STR(b, "50");
    kp__fmt_double(b, sizeof b, 0.1);
    ASSERT_STR(b, "0.1");
    kp__fmt_double(b, sizeof b, 1173880);
    ASSERT_STR(b, "1173880");
    kp__fmt_double(b, sizeof b, -0.0);
    ASSERT_STR(b, "0");
    /* Every value reads back exactly. */
    double xs[] = {1.0 / 3, 2.5e-7, 123456789.123456789, 1e300, 4907996.9579375};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        kp__fmt_double(b, sizeof b, xs[i]);
        ASSERT_TRUE(strtod(b, NULL) == xs[i]);
    }
}

/* How many of dflt random cases a test runs: a tenth where BRUTE_INSTANCES
 * is set (make test-valgrind's sample), whose job is memory errors: the
 * tenth reaches every line and branch of src/io and src/base that the
 * whole count reaches (gcov), and the rest only repeats them at
 * valgrind's cost. */
static int samples(int dflt)
{
    return getenv("BRUTE_INSTANCES") ? dflt / 10 : dflt;
}

/* x written by kp__fmt_double reads back exactly, and with one significant
 * digit fewer it would not. */
static void check_shortest(double x)
{
    char b[64], t[128], m[64];
    kp__fmt_double(b, sizeof b, x);
    ASSERT_TRUE(strtod(b, NULL) == x);
    /* Its significant digits: the mantissa's, less the zeros that
     * lead or trail (6700 has 2). */
    size_t n = 0;
    for (const char *p = b; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9')
            m[n++] = *p;
    m[n] = '\0';
    int digits = (int)strlen(m);
    for (size_t k = 0; m[k] == '0'; k++)
        digits--;
    for (size_t k = n; k > 0 && m[k - 1] == '0'; k--)
        digits--;
    snprintf(t, sizeof t, "%.*g", digits > 1 ? digits - 1 : 1, x);
    ASSERT_TRUE(digits <= 1 || strtod(t, NULL) != x);
}

/* The number written has the fewest significant digits that read back
 * exactly: no precision below it does, checked by trying each one, on
 * whole numbers, binary fractions, cents and arbitrary bit patterns; in
 * plain notation where %g's exponent is no shorter (a small fraction, a
 * whole number of 16 digits: fixed, as few random numbers reach it). */
static void test_number_shortest(void)
{
    char b[64];
    unsigned long long u = 88172645463325252ULL;
    int checked = 0, count = samples(20000);
    kp__fmt_double(b, sizeof b, 1.5e-5);
    ASSERT_STR(b, "0.000015");
    check_shortest(1.5e-5);
    kp__fmt_double(b, sizeof b, 2e15);
    ASSERT_STR(b, "2000000000000000");
    check_shortest(2e15);
    for (int i = 0; i < count; i++) {
        double x;
        u ^= u << 13, u ^= u >> 7, u ^= u << 17;
        switch (i % 4) {
        case 0: x = (double)(long long)(u % 2000000001ULL) - 1e9; break;
        case 1: x = (double)(u % 10000000) / 64.0; break;
        case 2: x = (double)(u % 100000000) / 100.0; break;
        default: memcpy(&x, &u, sizeof x); break;
        }
        if (!isfinite(x) || x == 0)
            continue;
        check_shortest(x);
        checked++;
    }
    ASSERT_TRUE(checked > count * 3 / 4);
}

/* Reads n bytes from memory, with the quote-free fast path on or off. */
static int read_mem(const char *text, size_t n, int fast, kp__table **t, kp_diags *d)
{
    FILE *f = fmemopen((void *)text, n, "rb");
    int rc;
    if (!f)
        return -1;
    kp__csv_fast = fast;
    rc = kp__table_read_stream(f, "t.csv", 0, 0, t, d);
    kp__csv_fast = 1;
    fclose(f);
    return rc;
}

/* What libcsv alone makes of a text: every field (NULL: empty and
 * unquoted) and where each record ends. */
struct plain {
    char **f;
    size_t nf, fcap;
    size_t *end;        /* record r is f[end[r - 1] .. end[r]) */
    size_t nrec, rcap;
};

static void plain_field(void *s, size_t len, void *data)
{
    struct plain *p = data;
    (void)len;
    if (p->nf == p->fcap) {
        p->fcap = p->fcap ? 2 * p->fcap : 64;
        p->f = realloc(p->f, p->fcap * sizeof *p->f);
    }
    p->f[p->nf++] = s ? strdup(s) : NULL;
}

static void plain_row(int c, void *data)
{
    struct plain *p = data;
    (void)c;
    if (p->nrec == p->rcap) {
        p->rcap = p->rcap ? 2 * p->rcap : 64;
        p->end = realloc(p->end, p->rcap * sizeof *p->end);
    }
    p->end[p->nrec++] = p->nf;
}

/* Field j of table t's record r, counting the header as record 0. */
static const char *table_field(const kp__table *t, size_t r, int j, char **room)
{
    kp__row row;
    if (r == 0)
        return t->header[j];
    kp__table_row(t, r - 1, room, &row);
    return row.fields[j];
}

/* A reading without messages holds what libcsv alone makes of the whole
 * text, record for record (but for the blank lines the reader skips, a
 * record of one empty unquoted field to libcsv), the header lower-cased:
 * so fields cut in place never overwrite bytes still to be parsed. */
static int same_as_plain(const char *text, size_t n, const kp__table *t)
{
    struct csv_parser cp;
    struct plain p = {0};
    char **room = malloc((size_t)(t->max_fields + 1) * sizeof *room);
    size_t r = 0, start = 0, nrec = t->nrows + 1;
    int same = 1;

    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        n -= 3;
    }
    csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL);
    csv_set_delim(&cp, (unsigned char)t->delim);
    csv_parse(&cp, text, n, plain_field, plain_row, &p);
    csv_fini(&cp, plain_field, plain_row, &p);
    csv_free(&cp);
    for (size_t k = 0; same && k < p.nrec; start = p.end[k++]) {
        int nf = (int)(p.end[k] - start);
        if (nf == 1 && !p.f[start])
            continue;
        same = r < nrec && nf == (r ? t->recs[r - 1].nfields : t->ncols);
        for (int j = 0; same && j < nf; j++) {
            const char *want = p.f[start + (size_t)j] ? p.f[start + (size_t)j] : "";
            const char *got = table_field(t, r, j, room);
            if (r == 0)
                for (const char *a = want, *b = got; same && (*a || *b); a++, b++)
                    same = tolower((unsigned char)*a) == (unsigned char)*b;
            else
                same = strcmp(want, got) == 0;
        }
        r++;
    }
    same = same && r == nrec;
    for (size_t k = 0; k < p.nf; k++)
        free(p.f[k]);
    free(p.f);
    free(p.end);
    free(room);
    return same;
}

static int plain_compared;     /* readings compared with libcsv alone */

/* Two readings agree: status, messages, and every row, line and field;
 * and a reading without messages agrees with libcsv alone. */
static int same_reading(const char *text, size_t n)
{
    kp__table *a = NULL, *b = NULL;
    kp_diags *da = kp_diags_new(), *db = kp_diags_new();
    int ra = read_mem(text, n, 0, &a, da), rb = read_mem(text, n, 1, &b, db), same;
    char **fa = NULL, **fb = NULL;

    same = ra == rb && kp_diags_count(da) == kp_diags_count(db) && !a == !b;
    for (size_t i = 0; same && i < kp_diags_count(da); i++)
        same = strcmp(kp_diags_message(da, i), kp_diags_message(db, i)) == 0;
    if (same && a) {
        same = a->delim == b->delim && a->nrows == b->nrows && a->ncols == b->ncols &&
               a->max_fields == b->max_fields;
        fa = malloc((size_t)(a->max_fields + 1) * sizeof *fa);
        fb = malloc((size_t)(b->max_fields + 1) * sizeof *fb);
        for (int j = 0; same && j < a->ncols; j++)
            same = strcmp(a->header[j], b->header[j]) == 0;
        for (size_t r = 0; same && r < a->nrows; r++) {
            kp__row x, y;
            kp__table_row(a, r, fa, &x);
            kp__table_row(b, r, fb, &y);
            same = x.line == y.line && x.nfields == y.nfields;
            for (int k = 0; same && k < x.nfields; k++)
                same = strcmp(x.fields[k], y.fields[k]) == 0;
        }
        if (same && kp_diags_count(db) == 0) {
            same = same_as_plain(text, n, b);
            plain_compared++;
        }
    }
    free(fa);
    free(fb);
    kp__table_free(a);
    kp__table_free(b);
    kp_diags_free(da);
    kp_diags_free(db);
    return same;
}

/* Reads random texts of up to 40 pieces from bits[0..nbits-1] with both
 * paths (same_reading); returns how many differ (printed). */
static int random_readings(const char *const *bits, size_t nbits, int count,
                           unsigned long seed)
{
    char text[600];
    int differ = 0;

    for (int it = 0; it < count && differ < 5; it++) {
        size_t n = 0;
        int pieces = 1 + (int)((seed >> 16) % 40);
        for (int p = 0; p < pieces; p++) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            const char *b = bits[(seed >> 33) % nbits];
            size_t len = b[0] ? strlen(b) : 1;      /* "\0": one NUL byte */
            memcpy(text + n, b, len);
            n += len;
        }
        if (!same_reading(text, n)) {
            differ++;
            fprintf(stderr, "readings differ on:");
            for (size_t k = 0; k < n; k++)
                fprintf(stderr, " %02x", (unsigned char)text[k]);
            fprintf(stderr, "\n");
        }
    }
    return differ;
}

/* The fast path for lines without quotes (csv.c) reads every file as
 * libcsv alone does: random files made of the characters that matter to
 * a CSV reader (delimiters, quotes, CR, LF, spaces, tabs, NUL, non-ASCII,
 * bad UTF-8), and the instance files of every CLI case. Those read without
 * a message hold exactly libcsv's fields (same_as_plain): quoted fields,
 * written back over their own bytes, never overwrite what is still to be
 * parsed; the second alphabet, of well-formed quoted fields, makes most
 * texts such. */
static void test_fast_path_reads_as_libcsv(void)
{
    static const char *const bits[] = {
        "a", "12.5", ",", ",", ";", "\"", "\"\"", "\n", "\n", "\r\n", "\r", " ", "\t",
        "x y", "\xc3\xa9", "\xff", "\0", "id,name\n", "A1,B2,C3\n", ",,\n"
    };
    static const char *const quoted[] = {
        "a", "12.5", ",", ",", ";", "\n", "\n", "\r\n", "\r", " ", "\t", "x y",
        "\xc3\xa9", ",\"q\",", ",\"\",", ",\"a\"\"b\"\n", ",\"x\ny\",", ",\"\r\n\n\"\n",
        ", \"s\" ,", ",\"\xc3\xa9,;\"\r\n", "id,name\n", "A1,B2,C3\n", ",,\n"
    };

    ASSERT_EQ(random_readings(bits, sizeof bits / sizeof bits[0], samples(50000), 12345), 0);
    plain_compared = 0;
    ASSERT_EQ(random_readings(quoted, sizeof quoted / sizeof quoted[0], samples(20000), 54321),
              0);
    ASSERT_TRUE(plain_compared > samples(20000) / 2);
    int differ;

    /* Every instance file of the CLI cases and the sample. */
    differ = 0;
    FILE *ls = popen("ls tests/cases/*/in/*.csv models/sample/*.csv 2>/dev/null", "r");
    char name[512];
    int files = 0;
    while (ls && fgets(name, sizeof name, ls)) {
        name[strcspn(name, "\n")] = '\0';
        FILE *f = fopen(name, "rb");
        char *buf = malloc(1 << 22);
        size_t n = f && buf ? fread(buf, 1, 1 << 22, f) : 0;
        if (f)
            fclose(f);
        if (buf && !same_reading(buf, n))
            fprintf(stderr, "fast path differs on %s\n", name), differ++;
        free(buf);
        files++;
    }
    if (ls)
        pclose(ls);
    ASSERT_TRUE(files > 100);
    ASSERT_EQ(differ, 0);
}

/* Decimals converted without strtod equal strtod's, bit for bit. */
static void test_plain_decimals_equal_strtod(void)
{
    static const char *const fixed[] = {
        "0", "-0", "+7", "2500", "-2.5", "0.07", "0.1", "1e5", "123456789012345",
        "1234567890123456", "0.0000000000000000000001", "0.00000000000000000000001",
        "999999999999999", "9.99999999999999", "4907996.9579375", "00000000000000000001",
        "1.", ".5", "-.25", "0.30000000000000004"
    };
    char buf[64];
    unsigned long seed = 99;
    int bad = 0, fast = 0, count = samples(200000);
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0] + (size_t)count; i++) {
        const char *s = buf;
        double x;
        if (i < sizeof fixed / sizeof fixed[0]) {
            s = fixed[i];
        } else {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            int digits = 1 + (int)((seed >> 20) % 17), dot = (int)((seed >> 40) % (digits + 2));
            size_t n = 0;
            if ((seed >> 60) & 1)
                buf[n++] = '-';
            for (int k = 0; k < digits; k++) {
                if (k == dot)
                    buf[n++] = '.';
                seed = seed * 6364136223846793005UL + 1442695040888963407UL;
                buf[n++] = (char)('0' + (seed >> 33) % 10);
            }
            buf[n] = '\0';
        }
        if (kp__plain_decimal(s, &x) != 0)
            continue;
        fast++;
        double y = strtod(s, NULL);
        if (memcmp(&x, &y, sizeof x) != 0 && bad++ < 5)
            fprintf(stderr, "%s: %.17g, strtod %.17g\n", s, x, y);
    }
    ASSERT_EQ(bad, 0);
    ASSERT_TRUE(fast > count * 3 / 4);
}

/* A schema of any width maps its columns (the reader's map is sized by
 * the schema, not a fixed 16): 40 columns, in the reverse order in the
 * file, each field found under its own name. */
static void test_wide_schema(void)
{
    enum { W = 40 };
    static char names[W][8];
    const char *cols[W];
    unsigned char req[W];
    char text[W * 16];
    size_t n = 0;
    kp__table *t = NULL;
    kp_diags *d = kp_diags_new();
    struct kp__reader r;

    for (int i = 0; i < W; i++) {
        snprintf(names[i], sizeof names[i], "c%d", i);
        cols[i] = names[i];
        req[i] = i == W - 1;
    }
    for (int i = W - 1; i >= 0; i--)
        n += (size_t)snprintf(text + n, sizeof text - n, "%s%s", names[i], i ? "," : "\n");
    for (int i = W - 1; i >= 0; i--)
        n += (size_t)snprintf(text + n, sizeof text - n, "v%d%s", i, i ? "," : "\n");
    ASSERT_EQ(read_text(text, n, &t, d), KP_OK);
    if (!t)
        goto out;
    const struct kp__schema sc = {W, cols, req, NULL};
    ASSERT_EQ(kp__reader_init(&r, t, &sc, d), 0);
    ASSERT_EQ(kp__map_columns(&r), 0);
    for (int i = 0; i < W; i++) {
        char want[8];
        snprintf(want, sizeof want, "v%d", i);
        ASSERT_EQ(r.idx[i], W - 1 - i);
        ASSERT_STR(kp__field(&r, kp__reader_row(&r, 0), i), want);
    }
    kp__reader_free(&r);
    ASSERT_TRUE(r.idx == NULL);
out:
    ASSERT_EQ(kp_diags_count(d), 0);
    kp__table_free(t);
    kp_diags_free(d);
}

int main(void)
{
    int fd = mkstemp(path);
    if (fd < 0)
        return 2;
    close(fd);
    test_plain();
    test_bom_crlf_semicolon_quotes();
    test_errors_reported_per_line();
    test_unterminated_quote();
    test_nul_and_empty();
    test_missing_file();
    test_max_rows();
    test_max_bytes();
    test_special_files();
    test_number_format();
    test_number_shortest();
    test_fast_path_reads_as_libcsv();
    test_plain_decimals_equal_strtod();
    test_wide_schema();
    unlink(path);
    TEST_END();
}
