/*
 * paths.c - what a path really is, and the guard that keeps a run's
 * outputs off its inputs (kp_paths_check): real names with symbolic links
 * and ".." resolved as far as the path exists, and identity by device and
 * inode where it does.
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "results/results.h"

/* path made absolute (against the current folder), without trailing
 * slashes; malloc'd, or NULL with errno. */
static char *absolute(const char *path)
{
    char *cwd = NULL, *abs;
    size_t n;

    if (path[0] == '/') {
        abs = kp__strdup(path);
    } else {
        if (!(cwd = getcwd(NULL, 0)))
            return NULL;
        abs = kp__path_join(cwd, path);
        free(cwd);
    }
    if (!abs)
        return NULL;
    n = strlen(abs);
    while (n > 1 && abs[n - 1] == '/')
        abs[--n] = '\0';
    return abs;
}

/* The real name of the absolute path abs (no trailing slash): realpath
 * where it exists, else its parent's real name with the last part
 * applied. malloc'd, or NULL with errno. */
static char *real_of(const char *abs)
{
    char *r = realpath(abs, NULL), *parent, *last, *slash;

    if (r || (errno != ENOENT && errno != ENOTDIR))
        return r;
    slash = strrchr(abs, '/');
    if (!(parent = kp__strdup(abs)))
        return NULL;
    parent[slash - abs > 0 ? slash - abs : 1] = '\0';
    last = slash + 1;
    r = real_of(parent);
    free(parent);
    if (!r || !*last || strcmp(last, ".") == 0)
        return r;
    if (strcmp(last, "..") == 0) {
        char *up = strrchr(r, '/');
        up[up == r ? 1 : 0] = '\0';
        return r;
    }
    parent = r;
    r = kp__path_join(parent, last);
    free(parent);
    return r;
}

char *kp__path_real(const char *path)
{
    char *abs, *r;

    if (!*path) {
        errno = ENOENT;
        return NULL;
    }
    if (!(abs = absolute(path)))
        return NULL;
    r = real_of(abs);
    free(abs);
    return r;
}

int kp__path_same(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    return strcmp(a, b) == 0;
}

int kp__path_inside(const char *a, const char *dir)
{
    char *up = kp__strdup(a), *s;
    int inside = 0;

    if (!up)
        return -1;
    /* Every folder above a, from the nearest: one of them is dir (by its
     * real name, or by device and inode where both exist, which also
     * catches a bind mount). */
    while (!inside && (s = strrchr(up, '/')) != NULL) {
        if (s == up) {
            if (up[1])
                inside = kp__path_same("/", dir);
            break;
        }
        *s = '\0';
        inside = kp__path_same(up, dir);
    }
    free(up);
    return inside;
}

/* One clash: "WHAT PATH: REASON WHAT2 PATH2". */
static void clash(kp_diags *d, const kp_path_use *o, const char *reason,
                  const kp_path_use *i)
{
    kp__diag(d, KP_ERROR, NULL, 0, NULL, "%s %s: %s %s %s; an output must never "
             "replace an input", o->what, o->path, reason, i->what, i->path);
}

/* The name in folder ri (real name) that leads to the existing file ro (a
 * symbolic link, or a hard link): malloc'd, or NULL when none. */
static char *in_folder(const char *ro, const char *ri)
{
    DIR *dir;
    struct dirent *e;
    struct stat so;
    char *found = NULL;

    if (stat(ro, &so) != 0 || !S_ISREG(so.st_mode) || !(dir = opendir(ri)))
        return NULL;
    while (!found && (e = readdir(dir)) != NULL) {
        struct stat st;
        char *p = kp__path_join(ri, e->d_name);
        if (p && stat(p, &st) == 0 && st.st_dev == so.st_dev && st.st_ino == so.st_ino)
            found = kp__strdup(e->d_name);
        free(p);
    }
    closedir(dir);
    return found;
}

/* Output o against input i (their real names ro, ri): 1 with a message
 * when o could write over i. */
static int against(const kp_path_use *o, const char *ro, const kp_path_use *i,
                   const char *ri, kp_diags *d)
{
    int dir_out = o->role == KP_PATH_OUT_DIR, dir_in = i->role == KP_PATH_IN_DIR;
    char *name;

    if (kp__path_same(ro, ri)) {
        clash(d, o, "is", i);
        return 1;
    }
    if (dir_in && kp__path_inside(ro, ri) == 1) {
        clash(d, o, "lies inside", i);
        return 1;
    }
    if (dir_in && !dir_out && (name = in_folder(ro, ri)) != NULL) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "%s %s: is the input file %s in %s %s; "
                 "an output must never replace an input", o->what, o->path, name,
                 i->what, i->path);
        free(name);
        return 1;
    }
    /* An output folder holding an input file is fine: the file is carried
     * over into the new set unchanged (the set's own names are checked as
     * output files). */
    if (dir_out && dir_in && kp__path_inside(ri, ro) == 1) {
        clash(d, o, "holds", i);
        return 1;
    }
    return 0;
}

/* An output folder must not be or hold the current folder. */
static int holds_cwd(const kp_path_use *o, const char *ro, kp_diags *d)
{
    char *cwd = getcwd(NULL, 0);
    int bad;

    if (!cwd)
        return 0;   /* no current folder to protect */
    bad = kp__path_same(ro, cwd) || kp__path_inside(cwd, ro) == 1;
    if (bad)
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "%s %s: %s the current folder; the "
                 "output folder is replaced as a whole, so choose a folder "
                 "below the current one", o->what, o->path,
                 kp__path_same(ro, cwd) ? "is" : "holds");
    free(cwd);
    return bad;
}

/* Whether output k lies inside an output folder already refused (its
 * files need no message of their own). */
static int under_refused(const kp_path_use *uses, char **real, const int *bad,
                         size_t n, size_t k)
{
    for (size_t j = 0; j < n; j++)
        if (bad[j] && uses[j].role == KP_PATH_OUT_DIR &&
            kp__path_inside(real[k], real[j]) == 1)
            return 1;
    return 0;
}

int kp_paths_check(const kp_path_use *uses, size_t n, kp_diags *d)
{
    char **real = calloc(n ? n : 1, sizeof *real);
    int *bad = calloc(n ? n : 1, sizeof *bad);
    int rc = KP_OK;

    for (size_t k = 0; real && bad && k < n && rc == KP_OK; k++)
        if (!(real[k] = kp__path_real(uses[k].path)) && errno == ENOMEM)
            rc = KP_ENOMEM;
    if (!real || !bad)
        rc = KP_ENOMEM;
    for (size_t k = 0; k < n && rc != KP_ENOMEM; k++) {
        int out = uses[k].role == KP_PATH_OUT_DIR || uses[k].role == KP_PATH_OUT_FILE;
        if (!out || !real[k] || under_refused(uses, real, bad, n, k))
            continue;
        if (uses[k].role == KP_PATH_OUT_DIR && holds_cwd(&uses[k], real[k], d))
            bad[k] = 1;
        for (size_t i = 0; i < n; i++) {
            int in = uses[i].role == KP_PATH_IN_DIR || uses[i].role == KP_PATH_IN_FILE;
            if (in && real[i] && against(&uses[k], real[k], &uses[i], real[i], d))
                bad[k] = 1;
        }
        if (bad[k])
            rc = KP_EINVAL;
    }
    for (size_t k = 0; real && k < n; k++)
        free(real[k]);
    free(real);
    free(bad);
    return rc;
}
