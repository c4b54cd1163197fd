/*
 * test_io.c - the reading layer's errors: each one a diagnostic with its
 * file, its line and (where a column is at fault) its column, and a status
 * code; and texts that grow with the input instead of being cut at a fixed
 * size.
 */
#define _GNU_SOURCE     /* fopencookie: a stream whose reads fail */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "fixture.h"
#include "io/io.h"

static char dir[] = "/tmp/kp-ioXXXXXX";

/* Ends with suffix. */
static int ends_with(const char *s, const char *suffix)
{
    size_t n = s ? strlen(s) : 0, k = strlen(suffix);
    return s && n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The first diagnostic whose text contains needle, or -1. */
static long find_text(const kp_diags *d, const char *needle)
{
    for (size_t i = 0; i < kp_diags_count(d); i++)
        if (strstr(kp_diags_text(d, i), needle))
            return (long)i;
    return -1;
}

/* A stream whose reads fail with EIO once `left` bytes of text are
 * given: a disk that fails in the middle of a file. */
struct failing {
    const char *text;
    size_t at, left;
};

static ssize_t failing_read(void *cookie, char *buf, size_t n)
{
    struct failing *f = cookie;
    if (f->left == 0) {
        errno = EIO;
        return -1;
    }
    if (n > f->left)
        n = f->left;
    memcpy(buf, f->text + f->at, n);
    f->at += n;
    f->left -= n;
    return (ssize_t)n;
}

/* A read that fails midway is an error (KP_EIO), never the end of the
 * file: the message names the file and the line reached, and no table
 * comes back with the rows read so far. */
static void test_read_error_has_line(void)
{
    static const char text[] = "id,name\na1,one\na2,two\na3,three\n";
    struct failing f = {text, 0, 19};   /* into line 3 */
    cookie_io_functions_t io = {failing_read, NULL, NULL, NULL};
    FILE *fp = fopencookie(&f, "r", io);
    kp__table *t = NULL;
    kp_diags *d = kp_diags_new();

    ASSERT_TRUE(fp != NULL);
    setvbuf(fp, NULL, _IONBF, 0);
    ASSERT_EQ(kp__table_read_stream(fp, "accounts.csv", 0, 0, &t, d), KP_EIO);
    ASSERT_TRUE(t == NULL);
    ASSERT_EQ(kp_diags_count(d), 1);
    ASSERT_STR(kp_diags_file(d, 0), "accounts.csv");
    ASSERT_EQ(kp_diags_line(d, 0), 3);
    ASSERT_STR(kp_diags_text(d, 0), "read error: Input/output error");
    fclose(fp);
    kp_diags_free(d);
}

/* A folder where a file is expected is refused before reading (it opens,
 * but is not a file): KP_EIO, the message naming what it is. */
static void test_folder_refused(void)
{
    kp__table *t = NULL;
    kp_diags *d = kp_diags_new();

    ASSERT_EQ(kp__table_read(dir, "folder.csv", 0, 0, &t, d), KP_EIO);
    ASSERT_TRUE(t == NULL);
    ASSERT_EQ(kp_diags_count(d), 1);
    ASSERT_STR(kp_diags_file(d, 0), "folder.csv");
    ASSERT_CONTAINS(kp_diags_text(d, 0), "not a regular file (a folder)");
    kp_diags_free(d);
}

/* One bad thing per row, in every file: each error comes with its file and
 * line, and the column where one is at fault; the load fails with
 * KP_EDATA. */
static void test_every_error_located(void)
{
    kp_instance *in = NULL;
    kp_diags *d = kp_diags_new();
    static const struct {
        const char *text, *file, *col;
        long line;
    } want[] = {
        {"is not one of: auto, key, exclude", "accounts.csv", "status", 3},
        {"duplicate id", "accounts.csv", "id", 4},
        {"fields, but the header has", "contacts.csv", NULL, 3},
        {"malformed quoting", "objectives.csv", NULL, 2},
        {"missing hours", "activities.csv", "hours", 2},
        {"unknown account", "activities.csv", "account_id", 3},
        {"is not a number", "policy.csv", "budget", 3},
    };

    fx_put(dir, "accounts.csv", "id,status\nA,auto\nB,sometimes\nA,key\n");
    fx_put(dir, "contacts.csv", "id,account_id\nc1,A\nc2,A,x\n");
    fx_put(dir, "objectives.csv", "id,account_id\no\"1,A\n");
    fx_put(dir, "activities.csv", "id,account_id,hours\nx1,A,\nx2,Z,1\n");
    fx_put(dir, "policy.csv", "key,value\nhours,10\nbudget,lots\n");
    ASSERT_EQ(kp_instance_load(dir, &in, d), KP_EDATA);
    ASSERT_TRUE(in == NULL);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        long k = find_text(d, want[i].text);
        ASSERT_TRUE(k >= 0);
        if (k < 0) {
            fprintf(stderr, "  no message with \"%s\"\n", want[i].text);
            continue;
        }
        ASSERT_TRUE(ends_with(kp_diags_file(d, (size_t)k), want[i].file));
        ASSERT_EQ(kp_diags_line(d, (size_t)k), want[i].line);
        if (want[i].col)
            ASSERT_STR(kp_diags_column(d, (size_t)k), want[i].col);
        else
            ASSERT_TRUE(kp_diags_column(d, (size_t)k) == NULL);
    }
    /* Every error of a row names its file and line. */
    for (size_t i = 0; i < kp_diags_count(d); i++) {
        if (kp_diags_severity(d, i) != KP_ERROR)
            continue;
        ASSERT_TRUE(kp_diags_file(d, i) != NULL);
        ASSERT_TRUE(kp_diags_line(d, i) > 0);
    }
    kp_diags_free(d);
    kp_instance_free(in);
}

/* A cycle of prerequisites between activities with long ids is reported
 * whole, however long its path (it was cut at 1,023 bytes). */
static void test_long_cycle_whole(void)
{
    enum { N = 8, ID = 200 };
    kp__str act = KP__STR_INIT, want = KP__STR_INIT;
    char ids[N][ID + 1];
    kp_instance *in = NULL;
    kp_diags *d = kp_diags_new();

    for (int i = 0; i < N; i++) {
        memset(ids[i], 'a' + i, ID);
        ids[i][ID] = '\0';
    }
    kp__str_add(&act, "id,account_id,hours,requires\n");
    for (int i = 0; i < N; i++)
        kp__str_addf(&act, "%s,A,1,%s\n", ids[i], ids[(i + 1) % N]);
    for (int i = 0; i < N; i++)
        kp__str_addf(&want, "%s -> ", ids[i]);
    kp__str_add(&want, ids[0]);
    ASSERT_TRUE(!act.oom && !want.oom);
    fx_put(dir, "accounts.csv", "id\nA\n");
    fx_put(dir, "contacts.csv", "id,account_id\n");
    fx_put(dir, "objectives.csv", "id,account_id\n");
    fx_put(dir, "activities.csv", kp__str_get(&act));
    fx_put(dir, "policy.csv", "key,value\nhours,10\n");
    ASSERT_EQ(kp_instance_load(dir, &in, d), KP_EDATA);
    long k = find_text(d, "cycle in prerequisites");
    ASSERT_TRUE(k >= 0);
    if (k >= 0) {
        ASSERT_TRUE(strlen(kp_diags_text(d, (size_t)k)) > 1024);
        ASSERT_CONTAINS(kp_diags_text(d, (size_t)k), kp__str_get(&want));
        ASSERT_STR(kp_diags_column(d, (size_t)k), "requires");
        ASSERT_EQ(kp_diags_line(d, (size_t)k), 2);
    }
    kp__str_free(&act);
    kp__str_free(&want);
    kp_diags_free(d);
    kp_instance_free(in);
}

/* A cycle of 100,000 prerequisites is reported in one short line, by its
 * first ten activities and its last, with how many lie between (issue
 * 14: a cycle of 100,000 took 705 s to report, and made a line of
 * 1.2 MB). */
static void test_long_cycle_bounded(void)
{
    enum { N = 100000 };
    kp__str act = KP__STR_INIT, want = KP__STR_INIT;
    kp_instance *in = NULL;
    kp_diags *d = kp_diags_new();

    kp__str_add(&act, "id,account_id,hours,requires\n");
    for (int i = 0; i < N; i++)
        kp__str_addf(&act, "c%06d,A,1,c%06d\n", i, (i + 1) % N);
    kp__str_addf(&want, "cycle in prerequisites (%d activities): ", N);
    for (int i = 0; i < 10; i++)
        kp__str_addf(&want, "c%06d -> ", i);
    kp__str_addf(&want, "... (%d more) -> c%06d -> c000000", N - 11, N - 1);
    ASSERT_TRUE(!act.oom && !want.oom);
    fx_put(dir, "activities.csv", kp__str_get(&act));
    ASSERT_EQ(kp_instance_load(dir, &in, d), KP_EDATA);
    long k = find_text(d, "cycle in prerequisites");
    ASSERT_TRUE(k >= 0);
    if (k >= 0) {
        ASSERT_STR(kp_diags_text(d, (size_t)k), kp__str_get(&want));
        ASSERT_EQ(kp_diags_line(d, (size_t)k), 2);
    }
    int cycles = 0;
    for (size_t i = 0; i < kp_diags_count(d); i++)
        cycles += strstr(kp_diags_text(d, i), "cycle in prerequisites") != NULL;
    ASSERT_EQ(cycles, 1);
    kp__str_free(&act);
    kp__str_free(&want);
    kp_diags_free(d);
    kp_instance_free(in);
}

int main(void)
{
    if (!mkdtemp(dir))
        return 2;
    test_read_error_has_line();
    test_folder_refused();
    test_every_error_located();
    test_long_cycle_whole();
    test_long_cycle_bounded();
    fx_remove_instance(dir);
    TEST_END();
}
