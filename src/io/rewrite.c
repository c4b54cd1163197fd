/*
 * rewrite.c - what generate --managers (team.c) and --periods (periods.c)
 * share to add a file and columns to an instance that kp_generate wrote:
 * a field of a generated line, a file rewritten line by line through a
 * temporary one renamed over it, and a new file written whole.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/io.h"

/* io.h. */
const char *kp__plain_field(const char *line, int i, size_t *len)
{
    for (; i > 0 && line; i--) {
        line = strchr(line, ',');
        if (line)
            line++;
    }
    if (!line)
        return NULL;
    *len = strcspn(line, ",\n");
    return line;
}

/* io.h. */
int kp__rewrite_file(const char *dir, const char *name,
                     int (*edit)(FILE *in, FILE *out, void *ctx), void *ctx,
                     const char *what, kp_diags *diags)
{
    char hidden[256], *path = kp__path_join(dir, name), *tmp;
    FILE *in = NULL, *out = NULL;
    int rc = KP_ENOMEM, bad;

    snprintf(hidden, sizeof hidden, ".%s.edit", name);
    tmp = kp__path_join(dir, hidden);
    if (!path || !tmp)
        goto done;
    rc = KP_OK;
    in = fopen(path, "r");
    out = fopen(tmp, "w");
    bad = !in || !out || edit(in, out, ctx) != 0;
    if (out && fclose(out) != 0)
        bad = 1;
    out = NULL;
    if (bad || rename(tmp, path) != 0) {
        kp__diag(diags, KP_ERROR, path, 0, NULL, "cannot add %s: %s", what,
                 strerror(errno));
        rc = KP_EIO;
    }
done:
    if (in)
        fclose(in);
    free(path);
    free(tmp);
    return rc;
}

/* io.h. */
int kp__write_new_file(const char *dir, const char *name,
                       void (*write)(FILE *out, void *ctx), void *ctx, kp_diags *diags)
{
    char *path = kp__path_join(dir, name);
    FILE *f;
    int rc = KP_EIO;

    if (!path)
        return KP_ENOMEM;
    if ((f = fopen(path, "w")) != NULL) {
        write(f, ctx);
        rc = fclose(f) == 0 ? KP_OK : KP_EIO;
    }
    if (rc != KP_OK)
        kp__diag(diags, KP_ERROR, path, 0, NULL, "cannot write: %s", strerror(errno));
    free(path);
    return rc;
}
