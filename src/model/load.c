/*
 * load.c - kp_instance_load: an instance read and checked by src/io, then
 * qualified (qualify.c), so that every caller above this layer sees each
 * account's verdict.
 */
#include "model/model.h"

static int load(const char *dir, const char *const *mem, const size_t *len,
                const kp_load_opts *opts, kp_instance **out, kp_diags *diags)
{
    int rc = kp__instance_read(dir, mem, len, opts, out, diags);
    if (rc == KP_OK && (rc = kp__qualify(*out)) != KP_OK) {
        kp_instance_free(*out);
        *out = NULL;
    }
    return rc;
}

/* kamplan.h. */
void kp_load_opts_init(kp_load_opts *o)
{
    o->max_rows = KP_MAX_ROWS_DEFAULT;
    o->max_model = KP_MAX_MODEL_DEFAULT;
    o->max_bytes = KP_MAX_BYTES_DEFAULT;
}

/* kamplan.h. */
int kp_instance_load(const char *dir, kp_instance **out, kp_diags *diags)
{
    return load(dir, NULL, NULL, NULL, out, diags);
}

/* kamplan.h. */
int kp_instance_load_with(const char *dir, const kp_load_opts *opts,
                          kp_instance **out, kp_diags *diags)
{
    return load(dir, NULL, NULL, opts, out, diags);
}

/* model.h. */
int kp__instance_load_mem(const char *dir, const char *const data[KP__NFILES],
                          const size_t len[KP__NFILES], kp_instance **out,
                          kp_diags *diags)
{
    return load(dir, data, len, NULL, out, diags);
}
