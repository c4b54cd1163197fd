/*
 * source.c - where an instance's files come from: its folder, or bytes held
 * in memory (kp__instance_load_mem, the fuzz target and its replay), one
 * entry per file of KP__INSTANCE_FILES. instance.c reads the six files of
 * the instance, team.c managers.csv and periods.c periods.csv through
 * kp__source_read, so that a file held in memory is read exactly as the
 * same file in a folder, and a new file of the instance is one more entry
 * of the table. kp__source_read_list reads an optional file that is a
 * plain list of rows (managers.csv, periods.csv) the same way for each.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "io/io.h"

/* io.h. */
const char *const KP__INSTANCE_FILES[KP__NFILES] = {
    "accounts.csv", "contacts.csv", "objectives.csv", "activities.csv",
    "policy.csv", "scenarios.csv", "managers.csv", "periods.csv"
};

/* io.h: messages name the file by its path in the folder, so an editor
 * can jump to it; kp__table_read refuses a FIFO or a device (which could
 * feed a line without end) before reading, and a file over the byte
 * limit. */
int kp__source_read(const kp__source *src, int which, kp__table **out, kp_diags *d)
{
    char *path = kp__path_join(src->dir, KP__INSTANCE_FILES[which]);
    struct stat st;
    int rc;

    *out = NULL;
    if (!path)
        return KP_ENOMEM;
    if (src->mem ? !src->mem[which] : stat(path, &st) != 0 && errno == ENOENT) {
        rc = KP_ENOTFOUND;
    } else if (src->mem) {
        FILE *fp = fmemopen((void *)src->mem[which], src->len[which], "rb");
        rc = fp ? kp__table_read_stream(fp, path, src->max_rows, src->max_bytes, out, d)
                : KP_ENOMEM;
        if (fp)
            fclose(fp);
    } else {
        rc = kp__table_read(path, path, src->max_rows, src->max_bytes, out, d);
    }
    free(path);
    return rc;
}

/* Reads every row of l's file through l->row, after the check of its
 * columns; a file of a header alone is an error. Returns the errors
 * reported, or -1 when out of memory. */
static int read_rows(struct kp__reader *r, const struct kp__list *l, kp_instance *in,
                     kp__strmap **map, kp_diags *d, int *complete)
{
    int errs = kp__map_columns(r);
    int room = l->begin(in, r->t->nrows);
    *map = kp__strmap_new(r->t->nrows);
    if (room < 0 || !*map)
        return -1;
    if (r->idx[0] < 0)
        return errs;
    if (r->t->nrows == 0) {
        kp__diag(d, KP_ERROR, r->t->name, r->t->header_line, NULL,
                 "%s: the file has a header but no rows", l->none);
        errs++;
    }
    for (size_t i = 0; i < r->t->nrows; i++) {
        int e = l->row(r, kp__reader_row(r, i), in, *map);
        if (e < 0)
            return -1;
        errs += e;
    }
    *complete = 1;
    return errs;
}

/* io.h. */
int kp__source_read_list(kp_instance *in, const kp__source *src, const struct kp__list *l,
                         kp__table **table, kp__strmap **map, int *complete, kp_diags *d)
{
    struct kp__reader r;
    int rc;

    *map = NULL;
    *complete = 0;
    rc = kp__source_read(src, l->which, table, d);
    if (rc == KP_ENOTFOUND)
        return 0;
    if (rc != KP_OK)
        return rc == KP_ENOMEM ? -1 : 1;
    if (kp__reader_init(&r, *table, l->sc, d) != 0)
        return -1;
    rc = read_rows(&r, l, in, map, d, complete);
    kp__reader_free(&r);
    return rc;
}
