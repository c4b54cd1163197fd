/*
 * fields.c - one CSV row's fields as typed values: the header mapped to a
 * file's schema, numbers, whole numbers, bools, enumerations, ids and
 * references, each checked and reported as "FILE:LINE: column 'x': what
 * was found, what was expected".
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/io.h"

/* io.h: the column map is sized by the schema, so a schema may have any
 * number of columns; the rows' room by the table's widest row. */
int kp__reader_init(struct kp__reader *r, kp__table *t,
                    const struct kp__schema *sc, kp_diags *d)
{
    size_t width = (size_t)(t->max_fields > 0 ? t->max_fields : 1);

    memset(r, 0, sizeof *r);
    r->t = t;
    r->sc = sc;
    r->d = d;
    r->idx = malloc((size_t)(sc->ncols > 0 ? sc->ncols : 1) * sizeof *r->idx);
    r->room[0] = malloc(width * sizeof *r->room[0]);
    r->room[1] = malloc(width * sizeof *r->room[1]);
    if (!r->idx || !r->room[0] || !r->room[1]) {
        kp__reader_free(r);
        return -1;
    }
    for (int i = 0; i < sc->ncols; i++)
        r->idx[i] = -1;
    return 0;
}

void kp__reader_free(struct kp__reader *r)
{
    free(r->idx);
    free(r->room[0]);
    free(r->room[1]);
    r->idx = NULL;
    r->room[0] = r->room[1] = NULL;
}

/* io.h: the next row is split as soon as its predecessor is asked for, so
 * that a loader can start the next row's look-ups while it reads this
 * one. */
const kp__row *kp__reader_row(struct kp__reader *r, size_t i)
{
    if (r->started && r->has_next && i == r->at + 1) {
        r->cur = !r->cur;
    } else {
        kp__table_row(r->t, i, r->room[r->cur], &r->rows[r->cur]);
    }
    r->at = i;
    r->started = 1;
    r->has_next = i + 1 < r->t->nrows;
    if (r->has_next)
        kp__table_row(r->t, i + 1, r->room[!r->cur], &r->rows[!r->cur]);
    return &r->rows[r->cur];
}

/* io.h. */
const kp__row *kp__reader_next(const struct kp__reader *r)
{
    return r->started && r->has_next ? &r->rows[!r->cur] : NULL;
}

/* Whether column name is one that schema sc refuses. */
static int refused(const struct kp__schema *sc, const char *name)
{
    for (int i = 0; sc->refused && sc->refused->names[i]; i++)
        if (strcmp(sc->refused->names[i], name) == 0)
            return 1;
    return 0;
}

/* Maps header names to schema columns: reports duplicate and empty header
 * fields, missing required columns and the schema's refused columns as
 * errors, unknown columns as warnings. Returns the number of errors. */
int kp__map_columns(struct kp__reader *r)
{
    const kp__table *t = r->t;
    int errs = 0;

    for (int i = 0; i < r->sc->ncols; i++)
        r->idx[i] = -1;
    for (int j = 0; j < t->ncols; j++) {
        const char *h = t->header[j];
        int found = 0;
        if (!h || !*h) {
            kp__diag(r->d, KP_ERROR, t->name, t->header_line, NULL,
                     "header field %d is empty", j + 1);
            errs++;
            continue;
        }
        for (int k = 0; k < j; k++) {
            if (t->header[k] && strcmp(t->header[k], h) == 0) {
                kp__diag(r->d, KP_ERROR, t->name, t->header_line, h,
                         "appears twice in the header (fields %d and %d)",
                         k + 1, j + 1);
                errs++;
                found = 1;
                break;
            }
        }
        if (found)
            continue;
        for (int i = 0; i < r->sc->ncols; i++) {
            if (strcmp(r->sc->names[i], h) == 0) {
                r->idx[i] = j;
                found = 1;
                break;
            }
        }
        if (!found && refused(r->sc, h)) {
            kp__diag(r->d, KP_ERROR, t->name, t->header_line, h,
                     "%s: remove the column to plan without them", r->sc->refused->why);
            errs++;
        } else if (!found)
            kp__diag(r->d, KP_WARNING, t->name, t->header_line, h,
                     "unknown column, ignored");
    }
    for (int i = 0; i < r->sc->ncols; i++) {
        if (r->sc->required[i] && r->idx[i] < 0) {
            kp__diag(r->d, KP_ERROR, t->name, t->header_line, r->sc->names[i],
                     "required column is missing");
            errs++;
        }
    }
    return errs;
}

/* Field of schema column i in row, or NULL when absent or empty. A quoted
 * empty field ("") is empty too: callers test for NULL alone to find a
 * missing required value. */
const char *kp__field(const struct kp__reader *r, const kp__row *row, int i)
{
    int j = r->idx[i];
    if (j < 0 || j >= row->nfields || !row->fields[j] || !*row->fields[j])
        return NULL;
    return row->fields[j];
}

/* A row may omit trailing fields (spreadsheets do) but not add non-empty
 * ones beyond the header. */
int kp__check_width(const struct kp__reader *r, const kp__row *row)
{
    for (int j = r->t->ncols; j < row->nfields; j++) {
        if (row->fields[j] && *row->fields[j]) {
            kp__diag(r->d, KP_ERROR, r->t->name, row->line, NULL,
                     "%d fields, but the header has %d", row->nfields,
                     r->t->ncols);
            return 1;
        }
    }
    return 0;
}

/* Scans s as a plain decimal: optional sign, digits with an optional
 * point, an optional exponent (strtod alone would also take "nan", "inf"
 * and hex). One of at most 15 significant digits and 22 decimals without
 * an exponent ("2500", "-2.5", "0.07") is converted on the way: its digits
 * m are exact in a double, and so is 10^k, so m / 10^k is the correctly
 * rounded value, the same strtod returns, without strtod's general
 * machinery (a fifth of the load time of 20,000 accounts). Returns 0 with
 * *x; 1 for a decimal to convert with strtod; -1 for anything else. */
static int scan_decimal(const char *s, double *x)
{
    static const double POW10[] = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };
    int neg = *s == '-', digits = 0, sig = 0, k = -1, fast = 1;
    unsigned long long m = 0;

    if (*s == '-' || *s == '+')
        s++;
    for (;; s++) {
        if (*s >= '0' && *s <= '9') {
            digits++;
            if (fast) {
                m = m * 10 + (unsigned)(*s - '0');
                sig += m > 0;
                k += k >= 0;
                fast = sig <= 15 && k <= 22;
            }
        } else if (*s == '.' && k < 0) {
            k = 0;
        } else {
            break;
        }
    }
    if (!digits)
        return -1;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!isdigit((unsigned char)*s))
            return -1;
        while (isdigit((unsigned char)*s))
            s++;
        fast = 0;
    }
    if (*s)
        return -1;
    if (!fast)
        return 1;
    *x = (double)m / POW10[k < 0 ? 0 : k];
    if (neg)
        *x = -*x;
    return 0;
}

/* io.h: for a decimal that passed the syntax check, scan_decimal's
 * conversion. */
int kp__plain_decimal(const char *s, double *x)
{
    return scan_decimal(s, x) == 0 ? 0 : -1;
}

/* Parses schema column i of row as a number into *v (left unchanged when
 * the field is empty). lo_kind/lo and hi (NaN: none) bound it. Reports and
 * returns 1 on a bad value. */
int kp__get_num(const struct kp__reader *r, const kp__row *row, int i,
                   double *v, int lo_kind, double lo, double hi)
{
    const char *s = kp__field(r, row, i);
    const char *col = r->sc->names[i];
    double x;

    if (!s || !*s)
        return 0;
    int kind = scan_decimal(s, &x);
    if (kind < 0) {
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, col,
                 "\"%s\" is not a number (expected a plain decimal such as 12.5)", s);
        return 1;
    }
    errno = 0;
    if (kind > 0)
        x = strtod(s, NULL);
    if (!isfinite(x) || errno == ERANGE || !kp__num_in_range(x)) {
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, col,
                 "%s is out of range (numbers are 0 or from 1e-9 to 1e15 in size)", s);
        return 1;
    }
    if ((lo_kind == KP__LO_GE && x < lo) || (lo_kind == KP__LO_GT && x <= lo) ||
        (kp__isset(hi) && x > hi)) {
        char a[32], b[32];
        kp__fmt_double(a, sizeof a, lo);
        kp__fmt_double(b, sizeof b, hi);
        if (lo_kind != KP__LO_NONE && kp__isset(hi))
            kp__diag(r->d, KP_ERROR, r->t->name, row->line, col,
                     "%s is outside %s%s, %s]", s, lo_kind == KP__LO_GT ? "(" : "[",
                     a, b);
        else
            kp__diag(r->d, KP_ERROR, r->t->name, row->line, col,
                     "%s must be %s %s", s,
                     lo_kind == KP__LO_GT ? ">" : lo_kind == KP__LO_GE ? ">=" : "<=",
                     lo_kind == KP__LO_NONE ? b : a);
        return 1;
    }
    *v = x;
    return 0;
}

/* Like kp__get_num for an integer in [lo, hi]. */
int kp__get_int(const struct kp__reader *r, const kp__row *row, int i, int *v,
                   int lo, int hi)
{
    double x = NAN;
    if (kp__get_num(r, row, i, &x, KP__LO_NONE, NAN, NAN))
        return 1;
    if (!kp__isset(x))
        return 0;
    if (x != floor(x) || x < lo || x > hi) {
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, r->sc->names[i],
                 "%s must be a whole number from %d to %d",
                 kp__field(r, row, i), lo, hi);
        return 1;
    }
    *v = (int)x;
    return 0;
}

static int parse_bool(const char *s, int *v)
{
    static const char *const yes[] = {"1", "yes", "true", "y"};
    static const char *const no[] = {"0", "no", "false", "n"};
    for (size_t k = 0; k < 4; k++) {
        if (strcasecmp(s, yes[k]) == 0) {
            *v = 1;
            return 0;
        }
        if (strcasecmp(s, no[k]) == 0) {
            *v = 0;
            return 0;
        }
    }
    return -1;
}

int kp__get_bool(const struct kp__reader *r, const kp__row *row, int i, int *v)
{
    const char *s = kp__field(r, row, i);
    if (!s || !*s)
        return 0;
    if (parse_bool(s, v) != 0) {
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, r->sc->names[i],
                 "\"%s\" is not a yes/no value (expected 1/0, yes/no or true/false)", s);
        return 1;
    }
    return 0;
}

/* Matches the field against words[0..n-1] (any case) and stores the index. */
int kp__get_enum(const struct kp__reader *r, const kp__row *row, int i, int *v,
                    const char *const *words, int n)
{
    const char *s = kp__field(r, row, i);
    if (!s || !*s)
        return 0;
    for (int k = 0; k < n; k++) {
        if (strcasecmp(s, words[k]) == 0) {
            *v = k;
            return 0;
        }
    }
    kp__str list = KP__STR_INIT;
    for (int k = 0; k < n; k++)
        kp__str_addf(&list, "%s%s", k ? ", " : "", words[k]);
    kp__diag(r->d, KP_ERROR, r->t->name, row->line, r->sc->names[i],
             "\"%s\" is not one of: %s", s, kp__str_get(&list));
    kp__str_free(&list);
    return 1;
}

/* Reads the id column: required, unique within the file (map). An id with
 * a control character or of more than KP__ID_MAX bytes is reported but
 * kept, so that references to it still resolve (the load fails all the
 * same): ids become names in GLPK, which aborts on either. */
int kp__get_id(const struct kp__reader *r, const kp__row *row, kp__strmap *map,
               long index, const long *first_line, size_t stride, char **id)
{
    char *s = (char *)kp__field(r, row, 0);
    *id = s;
    if (!s || !*s) {
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, "id", "missing id");
        return 1;
    }
    /* The length up to the first control character, or the whole. */
    size_t len = 0;
    for (unsigned char ch; (ch = (unsigned char)s[len]) >= 0x20 && ch != 0x7F;)
        len++;
    if (s[len])
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, "id",
                 "id \"%s\" contains a control character (byte %zu)", s, len + 1);
    else if (len > KP__ID_MAX)
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, "id",
                 "id of %zu bytes is longer than the %d allowed", len, KP__ID_MAX);
    long prev = kp__strmap_put(map, s, index);
    if (prev == -2)
        return -1;
    if (prev >= 0) {
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, "id",
                 "duplicate id \"%s\" (first on line %ld)", s,
                 *(const long *)((const char *)first_line + (size_t)prev * stride));
        return 1;
    }
    return 0;
}

/* Resolves a reference column against map; *out = -1 when empty. */
int kp__get_ref(const struct kp__reader *r, const kp__row *row, int i,
                   const kp__strmap *map, const char *what, int *out)
{
    const char *s = kp__field(r, row, i);
    *out = -1;
    if (!s || !*s)
        return 0;
    if (!map)       /* the referenced file itself failed: already reported */
        return 1;
    long k = kp__strmap_get(map, s);
    if (k < 0) {
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, r->sc->names[i],
                 "unknown %s \"%s\"", what, s);
        return 1;
    }
    *out = (int)k;
    return 0;
}

