/*
 * csvparse.c - the peer of benchmarks/read.sh: libcsv's bare parse of each
 * file named, in the mode kamplan's reader uses (strict, fields
 * NUL-terminated, empty fields NULL), with callbacks that only count. No
 * line numbers, no checks, no rows kept: the floor for any reader built on
 * libcsv. Prints "ROWS rows FIELDS fields"; exits 1 when a file cannot be
 * read or parsed.
 *   cc -O2 -o csvparse benchmarks/csvparse.c -lcsv
 */
#include <csv.h>
#include <stdio.h>

static size_t nfields, nrows;

static void on_field(void *s, size_t len, void *data)
{
    (void)s;
    (void)len;
    (void)data;
    nfields++;
}

static void on_row(int c, void *data)
{
    (void)c;
    (void)data;
    nrows++;
}

int main(int argc, char **argv)
{
    static char buf[1 << 16];
    for (int i = 1; i < argc; i++) {
        struct csv_parser p;
        FILE *f = fopen(argv[i], "rb");
        size_t n;
        int bad = 0;
        if (!f || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL |
                                CSV_EMPTY_IS_NULL) != 0) {
            fprintf(stderr, "csvparse: cannot read %s\n", argv[i]);
            return 1;
        }
        while (!bad && (n = fread(buf, 1, sizeof buf, f)) > 0)
            bad = csv_parse(&p, buf, n, on_field, on_row, NULL) != n;
        bad = bad || ferror(f) || csv_fini(&p, on_field, on_row, NULL) != 0;
        if (bad)
            fprintf(stderr, "csvparse: %s: %s\n", argv[i], csv_strerror(csv_error(&p)));
        csv_free(&p);
        fclose(f);
        if (bad)
            return 1;
    }
    printf("%zu rows %zu fields\n", nrows, nfields);
    return 0;
}
