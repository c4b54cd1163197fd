/*
 * outset.c - result sets (kp_outset, include/kamplan.h): an output folder
 * replaced in one step. The new set is made in a hidden folder beside the
 * target (".NAME.tmp-PID-N"), what it does not write is carried over
 * from the old folder, and the two are exchanged with renameat2
 * (RENAME_EXCHANGE); the old one, now under the hidden name, is removed.
 * One writer per folder: an flock on ".NAME.lock" beside it, held from
 * open to free, which also tells that hidden folders of our pattern are
 * leftovers of killed runs.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "results/results.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

struct kp_outset {
    char *target;       /* the output folder's real name */
    char *parent;       /* the folder it is in */
    const char *base;   /* its name, inside target */
    char *staging;      /* the new set: parent/.base.tmp-PID-N */
    int lock_fd;        /* parent/.base.lock, locked; -1: none */
    int committed;
};

/* "parent/.base.KIND" (KIND "lock"), or with a unique tail
 * "parent/.base.KIND-PID-N" when tag != 0. malloc'd or NULL. */
static char *beside(const kp_outset *s, const char *kind, unsigned long tag)
{
    size_t n = strlen(s->parent) + strlen(s->base) + strlen(kind) + 48;
    char *p = malloc(n);
    if (!p)
        return NULL;
    if (tag)
        snprintf(p, n, "%s/.%s.%s-%ld-%lx", s->parent, s->base, kind, (long)getpid(),
                 tag);
    else
        snprintf(p, n, "%s/.%s.%s", s->parent, s->base, kind);
    return p;
}

/* A tag for a unique name: clashes only by chance, and mkdir's EEXIST
 * settles those. */
static unsigned long new_tag(void)
{
    static unsigned long counter;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (((unsigned long)ts.tv_nsec ^ (counter++ * 2654435761UL)) & 0xffffffUL) | 1;
}

/* The process of name when it is ".BASE.KIND-PID-N" (N in lowercase hex),
 * else -1. base NULL: any base, read from the right. */
static long hidden_pid(const char *name, const char *base, const char *kind)
{
    size_t k = strlen(kind);
    const char *p;
    char *end;
    long pid;

    if (name[0] != '.')
        return -1;
    if (base) {
        size_t b = strlen(base);
        if (strncmp(name + 1, base, b) != 0 || name[1 + b] != '.')
            return -1;
        p = name + 2 + b;
    } else {
        /* The last ".KIND-": PID and N hold no dot. */
        for (p = name + strlen(name); p > name + 1 && p[-1] != '.'; p--)
            ;
        if (p <= name + 1)
            return -1;
    }
    if (strncmp(p, kind, k) != 0 || p[k] != '-' || !isdigit((unsigned char)p[k + 1]))
        return -1;
    pid = strtol(p + k + 1, &end, 10);
    if (*end != '-' || !end[1])
        return -1;
    for (p = end + 1; *p; p++)
        if (!isdigit((unsigned char)*p) && !(*p >= 'a' && *p <= 'f'))
            return -1;
    return pid;
}

int kp__outset_is_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    struct stat st;
    return hidden_pid(slash ? slash + 1 : path, NULL, "tmp") == (long)getpid() &&
           stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A folder opened for reading, name relative to dfd (AT_FDCWD: the
 * current folder); NULL with errno. Symbolic links are not followed. */
static DIR *open_dir(int dfd, const char *name)
{
    int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
    if (fd >= 0 && !dir)
        close(fd);
    return dir;
}

/* Whether a folder entry is "." or "..". */
static int dots(const char *name)
{
    return name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2]));
}

/* Removes name (relative to dfd) and all below it, links not followed.
 * Returns 0, or -1 when something stayed. */
static int rm_tree(int dfd, const char *name)
{
    struct stat st;
    struct dirent *e;
    DIR *dir;

    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlinkat(dfd, name, 0);
    if (!(dir = open_dir(dfd, name)))
        return -1;
    while ((e = readdir(dir)) != NULL)
        if (!dots(e->d_name))
            rm_tree(dirfd(dir), e->d_name);
    closedir(dir);
    return unlinkat(dfd, name, AT_REMOVEDIR);
}

/* Flushes the folder name (relative to dfd) and every folder below it to
 * disk: their entries, new names and hard links included (the files the
 * writers made were flushed as they were closed). Returns 0 or -1. */
static int sync_tree(int dfd, const char *name)
{
    struct dirent *e;
    DIR *dir = open_dir(dfd, name);
    int rc = 0;

    if (!dir)
        return -1;
    while ((e = readdir(dir)) != NULL) {
        struct stat st;
        if (!dots(e->d_name) &&
            fstatat(dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISDIR(st.st_mode))
            rc |= sync_tree(dirfd(dir), e->d_name);
    }
    rc |= fsync(dirfd(dir));
    closedir(dir);
    return rc;
}

/* Takes s's lock: at once, or waiting when mode is KP_LOCK_WAIT; then
 * writes this process's id into the lock file for the message of a run
 * that finds it taken. outdir: the folder as the caller named it. */
static int take_lock(kp_outset *s, int mode, const char *outdir, kp_diags *d)
{
    char *name = beside(s, "lock", 0), buf[32];
    int fd, n;

    if (!name)
        return KP_ENOMEM;
    fd = open(name, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    /* Another user's lock file: flock needs no write access (the id then
     * stays the last writer's). */
    if (fd < 0 && errno == EACCES)
        fd = open(name, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        kp__diag(d, KP_ERROR, name, 0, NULL, "cannot make the lock file: %s",
                 strerror(errno));
        free(name);
        return KP_EIO;
    }
    free(name);
    while (flock(fd, LOCK_EX | (mode == KP_LOCK_WAIT ? 0 : LOCK_NB)) != 0) {
        if (errno == EINTR)
            continue;
        if (errno == EWOULDBLOCK) {
            long pid = 0;
            n = (int)pread(fd, buf, sizeof buf - 1, 0);
            buf[n > 0 ? n : 0] = '\0';
            pid = strtol(buf, NULL, 10);
            if (pid > 0)
                kp__diag(d, KP_ERROR, outdir, 0, NULL, "is being written by another "
                         "kamplan run (pid %ld)", pid);
            else
                kp__diag(d, KP_ERROR, outdir, 0, NULL, "is being written by another "
                         "kamplan run");
            close(fd);
            return KP_EBUSY;
        }
        kp__diag(d, KP_ERROR, outdir, 0, NULL, "cannot lock: %s", strerror(errno));
        close(fd);
        return KP_EIO;
    }
    n = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
    /* The id is for messages only: a failure to write it changes nothing. */
    if (ftruncate(fd, 0) != 0 || pwrite(fd, buf, (size_t)n, 0) != n)
        buf[0] = '\0';
    s->lock_fd = fd;
    return KP_OK;
}

/* Under the lock, what killed runs left beside the target: their hidden
 * folders are removed, except an old set put aside (the fallback of
 * swap) while the target is missing, which is put back. Best effort: a
 * leftover that stays harms no one. */
static void sweep(const kp_outset *s)
{
    DIR *dir = opendir(s->parent);
    struct dirent *e;
    struct stat st;
    int have = stat(s->target, &st) == 0;

    if (!dir)
        return;
    while ((e = readdir(dir)) != NULL) {
        if (hidden_pid(e->d_name, s->base, "tmp") >= 0) {
            rm_tree(dirfd(dir), e->d_name);
        } else if (hidden_pid(e->d_name, s->base, "old") >= 0) {
            if (!have && renameat(dirfd(dir), e->d_name, dirfd(dir), s->base) == 0)
                have = 1;
            else
                rm_tree(dirfd(dir), e->d_name);
        }
    }
    closedir(dir);
}

/* The real names of outdir and its folder into s; checks that outdir is a
 * folder or missing, in a folder that exists. */
static int locate(kp_outset *s, const char *outdir, kp_diags *d)
{
    struct stat st;
    char *slash;

    if (!*outdir || !(s->target = kp__path_real(outdir))) {
        int err = *outdir ? errno : ENOENT;
        kp__diag(d, KP_ERROR, outdir, 0, NULL, "cannot write: %s", strerror(err));
        return err == ENOMEM ? KP_ENOMEM : KP_EIO;
    }
    if (strcmp(s->target, "/") == 0) {
        kp__diag(d, KP_ERROR, outdir, 0, NULL, "the root folder cannot be an output "
                 "folder");
        return KP_EINVAL;
    }
    if (stat(s->target, &st) == 0 && !S_ISDIR(st.st_mode)) {
        kp__diag(d, KP_ERROR, outdir, 0, NULL, "exists and is not a folder");
        return KP_EIO;
    }
    if (!(s->parent = kp__strdup(s->target)))
        return KP_ENOMEM;
    slash = strrchr(s->parent, '/');
    *slash = '\0';
    if (slash == s->parent)
        strcpy(s->parent, "/");
    s->base = s->target + (slash - s->parent) + 1;
    if (stat(s->parent, &st) != 0 || !S_ISDIR(st.st_mode)) {
        int err = errno;
        if (stat(s->parent, &st) == 0)
            err = ENOTDIR;
        kp__diag(d, KP_ERROR, outdir, 0, NULL, "cannot create folder: %s",
                 strerror(err));
        return KP_EIO;
    }
    return KP_OK;
}

/* Makes s's empty staging folder. */
static int make_staging(kp_outset *s, const char *outdir, kp_diags *d)
{
    for (int tries = 0; tries < 100; tries++) {
        if (!(s->staging = beside(s, "tmp", new_tag())))
            return KP_ENOMEM;
        if (mkdir(s->staging, 0777) == 0)
            return KP_OK;
        if (errno != EEXIST)
            break;
        free(s->staging);
        s->staging = NULL;
    }
    kp__diag(d, KP_ERROR, outdir, 0, NULL, "cannot create folder: %s", strerror(errno));
    free(s->staging);
    s->staging = NULL;
    return KP_EIO;
}

int kp_outset_open(const char *outdir, int lock_mode, kp_outset **set, kp_diags *d)
{
    kp_outset *s = calloc(1, sizeof *s);
    int rc;

    *set = NULL;
    if (!s)
        return KP_ENOMEM;
    s->lock_fd = -1;
    if ((rc = locate(s, outdir, d)) != KP_OK ||
        (rc = take_lock(s, lock_mode, outdir, d)) != KP_OK)
        goto out;
    sweep(s);
    if ((rc = make_staging(s, outdir, d)) != KP_OK)
        goto out;
    *set = s;
    s = NULL;
out:
    kp_outset_free(s);
    return rc;
}

const char *kp_outset_dir(const kp_outset *set)
{
    return set->staging;
}

int kp_outset_place(kp_outset *s, const char *path, char **placed, kp_diags *d)
{
    char *real = kp__path_real(path), *p;
    size_t n = strlen(s->target);

    *placed = NULL;
    if (!real)
        return errno == ENOMEM ? KP_ENOMEM : KP_OK;
    if (strncmp(real, s->target, n) != 0 || real[n] != '/') {
        free(real);
        return KP_OK;
    }
    *placed = kp__path_join(s->staging, real + n + 1);
    free(real);
    if (!*placed)
        return KP_ENOMEM;
    /* The folders on the way, inside the set. */
    for (p = *placed + strlen(s->staging) + 1; (p = strchr(p, '/')) != NULL; p++) {
        *p = '\0';
        if (mkdir(*placed, 0777) != 0 && errno != EEXIST) {
            kp__diag(d, KP_ERROR, path, 0, NULL, "cannot create folder: %s",
                     strerror(errno));
            *p = '/';
            free(*placed);
            *placed = NULL;
            return KP_EIO;
        }
        *p = '/';
    }
    return KP_OK;
}

/* A copy of regular file name from folder `from` to `to`, flushed to disk,
 * where a hard link is not allowed. Returns 0 or -1 with errno. */
static int copy_file(int from, int to, const char *name, mode_t mode)
{
    char buf[65536];
    int in = openat(from, name, O_RDONLY | O_CLOEXEC), out = -1, rc = -1;
    ssize_t n = 0;

    if (in < 0)
        return -1;
    if ((out = openat(to, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)) < 0)
        goto out;
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n)
            goto out;
    if (n == 0 && fsync(out) == 0)
        rc = 0;
out:
    if (out >= 0 && close(out) != 0)
        rc = -1;
    close(in);
    return rc;
}

static int carry(int from, int to, const char *where, kp_diags *d);

/* Carries the entry name (with status st) of folder `from` into `to`,
 * where it is missing. where: the folder's name for messages. */
static int carry_one(int from, int to, const char *name, const struct stat *st,
                     const char *where, kp_diags *d)
{
    char link[4096];
    ssize_t n;
    int ok = 0;

    if (S_ISREG(st->st_mode)) {
        ok = linkat(from, name, to, name, 0) == 0 ||
             copy_file(from, to, name, st->st_mode & 07777) == 0;
    } else if (S_ISLNK(st->st_mode)) {
        n = readlinkat(from, name, link, sizeof link - 1);
        if (n >= 0) {
            link[n] = '\0';
            ok = symlinkat(link, to, name) == 0;
        }
    } else if (S_ISFIFO(st->st_mode)) {
        ok = mkfifoat(to, name, st->st_mode & 07777) == 0;
    } else if (S_ISDIR(st->st_mode)) {
        /* Writable while it is filled; its own mode after. */
        if (mkdirat(to, name, 0700) == 0) {
            char *sub = kp__path_join(where, name);
            int a = openat(from, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            int b = openat(to, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            int rc = !sub ? KP_ENOMEM : a < 0 || b < 0 ? KP_EIO : carry(a, b, sub, d);
            if (a >= 0)
                close(a);
            if (b >= 0)
                close(b);
            free(sub);
            if (rc != KP_OK)
                return rc;
            ok = fchmodat(to, name, st->st_mode & 07777, 0) == 0;
        }
    } else {
        kp__diag(d, KP_ERROR, where, 0, NULL, "%s: cannot be carried over into the new "
                 "result set: not a file, folder or symbolic link", name);
        return KP_EIO;
    }
    if (ok)
        return KP_OK;
    kp__diag(d, KP_ERROR, where, 0, NULL, "%s: cannot carry over into the new result "
             "set: %s", name, strerror(errno));
    return KP_EIO;
}

/* Carries what folder `from` (the old set) holds and `to` (the new one)
 * does not into `to`; both folders merge. A file the new set wrote where
 * the old one has a folder is refused (the folder would be lost). */
static int carry(int from, int to, const char *where, kp_diags *d)
{
    DIR *dir = open_dir(from, ".");
    struct dirent *e;
    int rc = KP_OK;

    if (!dir) {
        kp__diag(d, KP_ERROR, where, 0, NULL, "cannot read: %s", strerror(errno));
        return KP_EIO;
    }
    while (rc == KP_OK && (e = readdir(dir)) != NULL) {
        struct stat so, sn;
        if (dots(e->d_name))
            continue;
        if (fstatat(from, e->d_name, &so, AT_SYMLINK_NOFOLLOW) != 0)
            continue;   /* gone meanwhile */
        if (fstatat(to, e->d_name, &sn, AT_SYMLINK_NOFOLLOW) != 0) {
            rc = carry_one(from, to, e->d_name, &so, where, d);
        } else if (S_ISDIR(so.st_mode) && S_ISDIR(sn.st_mode)) {
            char *sub = kp__path_join(where, e->d_name);
            int a = openat(from, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            int b = openat(to, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            rc = !sub ? KP_ENOMEM : a < 0 || b < 0 ? KP_EIO : carry(a, b, sub, d);
            if (a >= 0)
                close(a);
            if (b >= 0)
                close(b);
            free(sub);
        } else if (S_ISDIR(so.st_mode)) {
            kp__diag(d, KP_ERROR, where, 0, NULL, "%s: is a folder; the result set "
                     "would replace it with a file", e->d_name);
            rc = KP_EIO;
        }
    }
    closedir(dir);
    return rc;
}

/* Exchanges the staging folder with the existing target; where that
 * cannot be done (EINVAL: the file system cannot exchange), renames the
 * target aside and the staging folder into place. Either way the old set
 * ends under the staging name. */
static int exchange(kp_outset *s, kp_diags *d)
{
    char *old;
    int err;

#ifdef SYS_renameat2
    if (syscall(SYS_renameat2, AT_FDCWD, s->staging, AT_FDCWD, s->target,
                RENAME_EXCHANGE) == 0)
        return KP_OK;
    if (errno != EINVAL && errno != ENOSYS) {
        kp__diag(d, KP_ERROR, s->target, 0, NULL, "cannot replace: %s", strerror(errno));
        return KP_EIO;
    }
#endif
    if (!(old = beside(s, "old", new_tag())))
        return KP_ENOMEM;
    if (rename(s->target, old) != 0) {
        err = errno;
        free(old);
        kp__diag(d, KP_ERROR, s->target, 0, NULL, "cannot replace: %s", strerror(err));
        return KP_EIO;
    }
    if (rename(s->staging, s->target) != 0) {
        err = errno;
        rename(old, s->target);
        free(old);
        kp__diag(d, KP_ERROR, s->target, 0, NULL, "cannot replace: %s", strerror(err));
        return KP_EIO;
    }
    /* The old set under the staging name (a name of ours), so that an
     * ".old" folder is always a whole set. */
    if (rename(old, s->staging) != 0)
        rm_tree(AT_FDCWD, old);
    free(old);
    return KP_OK;
}

int kp_outset_commit(kp_outset *s, kp_diags *d)
{
    struct stat st;
    int have = stat(s->target, &st) == 0, rc = KP_OK, pfd;

    if (have) {
        int from = open(s->target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        int to = open(s->staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        rc = from < 0 || to < 0 ? KP_EIO : carry(from, to, s->target, d);
        if (from < 0 || to < 0)
            kp__diag(d, KP_ERROR, s->target, 0, NULL, "cannot read: %s", strerror(errno));
        if (from >= 0)
            close(from);
        if (to >= 0)
            close(to);
        if (rc == KP_OK)
            chmod(s->staging, st.st_mode & 07777);
    }
    if (rc == KP_OK && sync_tree(AT_FDCWD, s->staging) != 0) {
        kp__diag(d, KP_ERROR, s->target, 0, NULL, "cannot write: %s", strerror(errno));
        rc = KP_EIO;
    }
    if (rc != KP_OK)
        return rc;
    if (!have && rename(s->staging, s->target) != 0) {
        kp__diag(d, KP_ERROR, s->target, 0, NULL, "cannot rename into place: %s",
                 strerror(errno));
        return KP_EIO;
    }
    if (have && (rc = exchange(s, d)) != KP_OK)
        return rc;
    s->committed = 1;
    if ((pfd = open(s->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
        fsync(pfd);
        close(pfd);
    }
    /* What the staging name holds now is the old set. */
    if (have)
        rm_tree(AT_FDCWD, s->staging);
    return KP_OK;
}

void kp_outset_free(kp_outset *s)
{
    if (!s)
        return;
    if (s->staging && !s->committed)
        rm_tree(AT_FDCWD, s->staging);
    if (s->lock_fd >= 0)
        close(s->lock_fd);
    free(s->staging);
    free(s->parent);
    free(s->target);
    free(s);
}
