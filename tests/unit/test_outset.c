/*
 * test_outset.c - result sets through the library alone (kp_outset,
 * kp_paths_check): a set not committed leaves the folder as it was and
 * nothing beside it; a committed one replaces the folder and keeps a
 * user's file; a second writer finds the lock taken (KP_EBUSY, naming this
 * process); the writers write into an open set's folder; the guard of the
 * inputs. Uses models/sample (run from the repository root).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kamplan.h"
#include "harness.h"

#define SAMPLE "models/sample"

/* Writes text into dir/name; returns 0 or -1. */
static int put(const char *dir, const char *name, const char *text)
{
    char path[4096];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!(f = fopen(path, "w")))
        return -1;
    fputs(text, f);
    return fclose(f);
}

/* Whether dir/name exists. */
static int has(const char *dir, const char *name)
{
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0;
}

/* The entries of dir but "." and "..". */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n;
}

static void test_sets(const kp_instance *in, const char *top)
{
    char out[4096], pid[32];
    kp_outset *a = NULL, *b = NULL;
    kp_diags *d = kp_diags_new();

    snprintf(out, sizeof out, "%s/out", top);
    mkdir(out, 0777);
    put(out, "notes.txt", "mine");

    /* Not committed: the folder as it was, only the lock file beside it. */
    ASSERT_EQ(kp_outset_open(out, KP_LOCK_FAIL, &a, d), KP_OK);
    ASSERT_EQ(put(kp_outset_dir(a), "summary.csv", "x\n"), 0);
    kp_outset_free(a);
    ASSERT_TRUE(!has(out, "summary.csv") && has(out, "notes.txt"));
    ASSERT_EQ(entries(top), 2);     /* out and .out.lock */

    /* Open: a second writer finds the lock taken. */
    ASSERT_EQ(kp_outset_open(out, KP_LOCK_FAIL, &a, d), KP_OK);
    ASSERT_EQ(kp_outset_open(out, KP_LOCK_FAIL, &b, d), KP_EBUSY);
    ASSERT_TRUE(b == NULL);
    snprintf(pid, sizeof pid, "(pid %ld)", (long)getpid());
    ASSERT_CONTAINS(kp_diags_message(d, kp_diags_count(d) - 1), pid);
    ASSERT_EQ(kp_bench_write(in, NULL, 0, out, d), KP_EBUSY);

    /* The writers write into the set's folder; the commit shows them, and
     * the user's file stays. */
    ASSERT_EQ(kp_bench_write(in, NULL, 0, kp_outset_dir(a), d), KP_OK);
    ASSERT_TRUE(!has(out, "bench.csv"));
    ASSERT_EQ(kp_outset_commit(a, d), KP_OK);
    kp_outset_free(a);
    ASSERT_TRUE(has(out, "bench.csv") && has(out, "notes.txt"));
    ASSERT_EQ(entries(out), 2);
    ASSERT_EQ(entries(top), 2);

    /* Alone, a writer is a set of its own. */
    ASSERT_EQ(kp_results_write(in, NULL, 0, out, d), KP_OK);
    ASSERT_TRUE(has(out, "summary.csv") && has(out, "bench.csv"));
    ASSERT_EQ(entries(top), 2);
    kp_diags_free(d);
}

static void test_guard(const char *top)
{
    char plan[4096], inside[4096];
    kp_diags *d = kp_diags_new();
    snprintf(plan, sizeof plan, "%s/plan.csv", top);
    snprintf(inside, sizeof inside, "%s/accounts.csv", SAMPLE);
    put(top, "plan.csv", "activity_id\n");
    {
        kp_path_use u[] = {{SAMPLE, KP_PATH_IN_DIR, "the instance folder"},
                           {plan, KP_PATH_IN_FILE, "the plan file"},
                           {plan, KP_PATH_OUT_FILE, "--report"}};
        ASSERT_EQ(kp_paths_check(u, 3, d), KP_EINVAL);
        ASSERT_CONTAINS(kp_diags_message(d, 0), "is the plan file");
    }
    {
        kp_path_use u[] = {{SAMPLE, KP_PATH_IN_DIR, "the instance folder"},
                           {inside, KP_PATH_OUT_FILE, "--lp"},
                           {"models/sample/../sample/", KP_PATH_OUT_DIR, "--out"},
                           {"models", KP_PATH_OUT_DIR, "--out"}};
        /* Three more messages: the file inside, the instance folder by
         * another name, and the folder that holds it. */
        ASSERT_EQ(kp_paths_check(u, 4, d), KP_EINVAL);
        ASSERT_EQ(kp_diags_count(d), 1 + 3);
    }
    {
        kp_path_use u[] = {{SAMPLE, KP_PATH_IN_DIR, "the instance folder"},
                           {plan, KP_PATH_IN_FILE, "the plan file"},
                           {top, KP_PATH_OUT_DIR, "--out"}};
        /* An output folder that holds the plan file: it is carried over. */
        ASSERT_EQ(kp_paths_check(u, 3, d), KP_OK);
    }
    kp_diags_free(d);
}

int main(void)
{
    char top[] = "/tmp/kp-outset-XXXXXX";
    kp_instance *in = NULL;
    kp_diags *d = kp_diags_new();
    char cmd[128];

    if (!mkdtemp(top) || kp_instance_load(SAMPLE, &in, d) != KP_OK) {
        fprintf(stderr, "cannot set up\n");
        return 1;
    }
    test_sets(in, top);
    test_guard(top);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
    if (system(cmd) != 0)
        fprintf(stderr, "note: %s left behind\n", top);
    kp_instance_free(in);
    kp_diags_free(d);
    TEST_END();
}
