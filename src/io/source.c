/*
 * source.c - where an instance's files come from: its folder, or bytes held
 * in memory (kp__instance_load_mem, the fuzz target and its replay), one
 * entry per file of KP__INSTANCE_FILES. instance.c reads the six files of
 * the instance and team.c managers.csv through kp__source_read, so that a
 * file held in memory is read exactly as the same file in a folder, and a
 * new file of the instance is one more entry of the table.
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
    "policy.csv", "scenarios.csv", "managers.csv"
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
