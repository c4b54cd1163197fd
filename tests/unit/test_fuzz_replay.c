/*
 * test_fuzz_replay.c - the fuzz target's promises on known inputs, in every
 * build of the suite (plain, ASan+UBSan, valgrind):
 *  - every input of tests/fuzz/regressions/ (each once broke something)
 *    goes through the fuzz target again;
 *  - every tests/cases/NAME/in folder and models/sample load the same from
 *    memory as from the folder (status and every message), and go through
 *    the fuzz target too, tiny models solved.
 *
 *   test_fuzz_replay                    the test (run from the repository root)
 *   test_fuzz_replay FILE...            replays these inputs only
 *   test_fuzz_replay --unpack FILE DIR  writes the instance folder of a fuzz
 *                                       input, for `kamplan check DIR`
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#include "harness.h"
#include "../fuzz/fuzz_instance.c"

#define NAMES KP__INSTANCE_FILES

/* Reads a whole regular file; NULL when it is absent or not a regular
 * file. */
static char *slurp(const char *path, size_t *len)
{
    struct stat st;
    FILE *f;
    char *buf;

    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || !(f = fopen(path, "rb")))
        return NULL;
    buf = malloc((size_t)st.st_size + 1);
    if (buf)
        *len = fread(buf, 1, (size_t)st.st_size, f);
    fclose(f);
    return buf;
}

static void replay_file(const char *path)
{
    size_t n = 0;
    char *buf = slurp(path, &n);
    ASSERT_TRUE(buf != NULL);
    if (!buf)
        return;
    LLVMFuzzerTestOneInput((const uint8_t *)buf, n);
    kp_t_passed++;      /* it got through without aborting */
    free(buf);
}

/* The folder reader and the memory reader agree on dir; then the packed
 * folder goes through the fuzz target. Returns 0, or -1 when dir holds a
 * file that is not a regular file (nothing to compare). */
static int compare_dir(const char *dir)
{
    char *data[NFILES] = {0}, path[4096];
    size_t len[NFILES] = {0}, total = NHEAD;
    kp_diags *d1 = kp_diags_new(), *d2 = kp_diags_new();
    kp_instance *a = NULL, *b = NULL;
    int odd = 0, present[NFILES];
    struct stat st;

    for (int i = 0; i < NFILES; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, NAMES[i]);
        data[i] = slurp(path, &len[i]);
        present[i] = data[i] != NULL;
        if (!data[i] && stat(path, &st) == 0)
            odd = 1;
        total += len[i] + 1;
    }
    if (!odd) {
        int r1 = kp_instance_load(dir, &a, d1);
        int r2 = kp__instance_load_mem(dir, (const char *const *)data, len, &b, d2);
        ASSERT_EQ(r1, r2);
        ASSERT_EQ(kp_diags_count(d1), kp_diags_count(d2));
        for (size_t i = 0; i < kp_diags_count(d1) && i < kp_diags_count(d2); i++)
            ASSERT_STR(kp_diags_message(d1, i), kp_diags_message(d2, i));
        if (a && b) {
            ASSERT_EQ(kp_instance_accounts(a), kp_instance_accounts(b));
            ASSERT_EQ(kp_instance_activities(a), kp_instance_activities(b));
            ASSERT_EQ(kp_instance_scenarios(a), kp_instance_scenarios(b));
            ASSERT_EQ(kp_instance_managers(a), kp_instance_managers(b));
            ASSERT_EQ(kp_instance_periods(a), kp_instance_periods(b));
        }
        /* Packed as the fuzzer sees it, with tiny models solved. */
        uint8_t *in = malloc(total), *p = in;
        p += pack_header(present, 1, p);
        for (int i = 0; i < NFILES; i++) {
            if (i)
                *p++ = SEP;
            if (data[i])
                memcpy(p, data[i], len[i]);
            p += len[i];
        }
        LLVMFuzzerTestOneInput(in, (size_t)(p - in));
        free(in);
    }
    kp_instance_free(a);
    kp_instance_free(b);
    kp_diags_free(d1);
    kp_diags_free(d2);
    for (int i = 0; i < NFILES; i++)
        free(data[i]);
    return odd ? -1 : 0;
}

/* Writes the instance folder of fuzz input file to dir. */
static int unpack(const char *file, const char *dir)
{
    size_t n = 0, len[NFILES];
    const char *buf[NFILES];
    char *raw = slurp(file, &n), path[4096];
    int solve;

    if (!raw || (mkdir(dir, 0777) != 0 && errno != EEXIST)) {
        fprintf(stderr, "cannot read %s or make %s\n", file, dir);
        free(raw);
        return 1;
    }
    split_input((const uint8_t *)raw, n, buf, len, &solve);
    for (int i = 0; i < NFILES; i++) {
        if (!buf[i])
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, NAMES[i]);
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(buf[i], 1, len[i], f) != len[i] || fclose(f) != 0) {
            fprintf(stderr, "cannot write %s\n", path);
            free(raw);
            return 1;
        }
    }
    free(raw);
    return 0;
}

/* Calls fn(path) for each entry of dir (sorted, dot files left out) and
 * returns how many, or -1 when dir cannot be read. */
static int each_entry(const char *dir, const char *suffix, void (*fn)(const char *))
{
    struct dirent **list = NULL;
    char path[4096];
    int n = scandir(dir, &list, NULL, alphasort), called = 0;
    if (n < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        if (list[i]->d_name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s%s", dir, list[i]->d_name, suffix);
            fn(path);
            called++;
        }
        free(list[i]);
    }
    free(list);
    return called;
}

static int compared, skipped;

static void compare_case(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return;
    if (compare_dir(dir) == 0)
        compared++;
    else
        skipped++;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--unpack") == 0)
        return unpack(argv[2], argv[3]);
    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            replay_file(argv[i]);
        TEST_END();
    }
    int n = each_entry("tests/fuzz/regressions", "", replay_file);
    ASSERT_TRUE(n >= 0);
    compare_case("models/sample");
    ASSERT_TRUE(each_entry("tests/cases", "/in", compare_case) > 0);
    printf("fuzz replay: %d regression inputs; %d instance folders read alike "
           "from memory and from files (%d with odd files left out)\n",
           n < 0 ? 0 : n, compared, skipped);
    kp_thread_cleanup();
    TEST_END();
}
