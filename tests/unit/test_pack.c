/*
 * test_pack.c - a scenario's share of a batch as bytes and back
 * (kp_batch_pack, kp_batch_unpack), what the MPI command line sends
 * between ranks: after a round trip every figure of every scenario of a
 * batch with marginal values (and one not run) is bit for bit the same,
 * kp_batch_write writes the same files from the copies as from the
 * originals, the messages come back, and bytes that are not such a pack
 * (cut short, changed, of another scenario or instance) are refused
 * without touching anything. Also kp_result_new_error and
 * kp_batch_estimate; and a benchmark's rows (kp_bench_pack,
 * kp_bench_unpack: every figure and text back, bytes cut short or of
 * another scenario refused; kp_bench_rows_error). Uses models/sample (run
 * from the repository root).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "kamplan.h"

#define SAMPLE "models/sample"

static kp_instance *load(void)
{
    kp_instance *in = NULL;
    if (kp_instance_load(SAMPLE, &in, NULL) != KP_OK)
        fprintf(stderr, "cannot load %s\n", SAMPLE);
    return in;
}

/* 1 when x and y are the same bits (NaN equals NaN). */
static int same(double x, double y)
{
    return memcmp(&x, &y, sizeof x) == 0;
}

static void check_summary(const kp_result *a, const kp_result *b)
{
    kp_result_summary x, y;
    kp_result_get_summary(a, &x);
    kp_result_get_summary(b, &y);
    ASSERT_EQ(x.status, y.status);
    ASSERT_TRUE(same(x.objective, y.objective) && same(x.bound, y.bound) &&
                same(x.gap_pct, y.gap_pct) && same(x.seconds, y.seconds));
    ASSERT_TRUE(same(x.hours_used, y.hours_used) && same(x.budget_used, y.budget_used) &&
                same(x.hours_available, y.hours_available) &&
                same(x.budget_available, y.budget_available));
    ASSERT_TRUE(same(x.decomp_seconds, y.decomp_seconds) && same(x.bb_seconds, y.bb_seconds) &&
                same(x.pricing_seconds, y.pricing_seconds) &&
                same(x.master_seconds, y.master_seconds) &&
                same(x.master_mip_seconds, y.master_mip_seconds) &&
                same(x.proof_seconds, y.proof_seconds));
    ASSERT_EQ(x.key_accounts, y.key_accounts);
    ASSERT_EQ(x.activities, y.activities);
    ASSERT_EQ(x.rounds, y.rounds);
    ASSERT_EQ(x.subproblems, y.subproblems);
    ASSERT_EQ(x.blocks, y.blocks);
    ASSERT_EQ(x.enumerated, y.enumerated);
    ASSERT_STR(x.bound_source, y.bound_source);
    ASSERT_STR(kp_result_message(a), kp_result_message(b));
}

static void check_outcome(const kp_batch_outcome *a, const kp_batch_outcome *b)
{
    ASSERT_EQ(a->state, b->state);
    ASSERT_EQ(a->seeded_from, b->seeded_from);
    ASSERT_TRUE(a->why == b->why);      /* the library's own static text */
    ASSERT_TRUE(same(a->hours_delta, b->hours_delta) &&
                same(a->value_per_hour, b->value_per_hour) &&
                same(a->value_per_hour_min, b->value_per_hour_min) &&
                same(a->value_per_hour_max, b->value_per_hour_max) &&
                same(a->budget_delta, b->budget_delta) &&
                same(a->value_per_budget, b->value_per_budget) &&
                same(a->value_per_budget_min, b->value_per_budget_min) &&
                same(a->value_per_budget_max, b->value_per_budget_max));
    ASSERT_STR(a->marginal_note, b->marginal_note);
}

/* The text of every file of a result set, one after another. */
static char *slurp_set(const char *dir)
{
    static const char *const names[] = {"summary.csv", "plan.csv", "accounts.csv",
                                        "frontier.csv", "changes.csv"};
    char path[512], *all = calloc(1, 1);
    size_t len = 0;
    for (size_t i = 0; all && i < 5; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "rb");
        int c;
        while (f && (c = fgetc(f)) != EOF) {
            char *p = realloc(all, len + 2);
            if (!p)
                break;
            all = p;
            all[len++] = (char)c;
            all[len] = '\0';
        }
        if (f)
            fclose(f);
    }
    return all;
}

/* A batch of the sample with --marginal, the last scenario not run; each
 * scenario packed, unpacked, and compared; the files written from the
 * copies equal those written from the originals. */
static void test_round_trip(void)
{
    kp_instance *in = load();
    size_t n = in ? kp_instance_scenarios(in) : 0;
    kp_result **res = calloc(n + 1, sizeof *res), **back = calloc(n + 1, sizeof *back);
    kp_batch_outcome *oc = calloc(n + 1, sizeof *oc), *boc = calloc(n + 1, sizeof *boc);
    kp_batch_opts bo;
    char dir_a[] = "/tmp/kp-pack-a-XXXXXX", dir_b[] = "/tmp/kp-pack-b-XXXXXX";

    ASSERT_TRUE(in && n >= 3 && res && back && oc && boc);
    if (!in || n < 3 || !res || !back || !oc || !boc)
        goto out;
    kp_batch_opts_init(&bo);
    bo.marginal = 1;
    bo.threads = 1;
    kp_solve_batch(in, &bo, res, oc, NULL);
    /* The last one as a stopped batch leaves it. */
    kp_result_free(res[n - 1]);
    res[n - 1] = NULL;
    {
        unsigned char *sel = calloc(n, 1);
        kp_result **r2 = calloc(n, sizeof *r2);
        kp_batch_outcome *o2 = calloc(n, sizeof *o2);
        volatile int stop = 1;
        kp_batch_opts so = bo;
        sel[n - 1] = 1;
        so.select = sel;
        so.solve.stop = &stop;
        kp_solve_batch(in, &so, r2, o2, NULL);
        oc[n - 1] = o2[n - 1];
        ASSERT_EQ(oc[n - 1].state, KP_BATCH_NOT_RUN);
        free(sel);
        free(r2);
        free(o2);
    }
    for (size_t s = 0; s < n; s++) {
        void *buf = NULL;
        size_t len = 0;
        kp_diags *msgs = kp_diags_new(), *got = kp_diags_new();
        kp_diags_add(msgs, KP_WARNING, "a.csv", 7, "hours", "a message of the solve");
        ASSERT_EQ(kp_batch_pack(in, s, res[s], &oc[s], msgs, &buf, &len), KP_OK);
        ASSERT_EQ(kp_batch_unpack(in, s, buf, len, &back[s], &boc[s], got), KP_OK);
        ASSERT_EQ(kp_diags_count(got), 1);
        ASSERT_STR(kp_diags_message(got, 0), kp_diags_message(msgs, 0));
        ASSERT_EQ(res[s] != NULL, back[s] != NULL);
        if (res[s] && back[s]) {
            check_summary(res[s], back[s]);
            for (size_t a = 0; a < kp_instance_activities(in); a++)
                ASSERT_EQ(kp_result_count(res[s], a), kp_result_count(back[s], a));
            for (size_t k = 0; k < kp_instance_accounts(in); k++)
                ASSERT_EQ(kp_result_key(res[s], k), kp_result_key(back[s], k));
        }
        check_outcome(&oc[s], &boc[s]);
        free(buf);
        kp_diags_free(msgs);
        kp_diags_free(got);
    }
    ASSERT_TRUE(mkdtemp(dir_a) && mkdtemp(dir_b));
    ASSERT_EQ(kp_batch_write(in, res, oc, n, dir_a, NULL), KP_OK);
    ASSERT_EQ(kp_batch_write(in, back, boc, n, dir_b, NULL), KP_OK);
    char *fa = slurp_set(dir_a), *fb = slurp_set(dir_b);
    ASSERT_TRUE(fa && fb && strlen(fa) > 100 && strcmp(fa, fb) == 0);
    free(fa);
    free(fb);
    {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf %s %s", dir_a, dir_b);
        ASSERT_EQ(system(cmd), 0);
    }
out:
    for (size_t s = 0; s < n; s++) {
        kp_result_free(res[s]);
        kp_result_free(back[s]);
    }
    free(res);
    free(back);
    free(oc);
    free(boc);
    kp_instance_free(in);
    kp_thread_cleanup();
}

/* Bytes that are not a pack of this scenario are refused, and nothing is
 * touched: cut short at every length, each byte of the header changed,
 * another scenario, trailing bytes. */
static void test_refused(void)
{
    kp_instance *in = load();
    kp_result *r = NULL, *back = NULL;
    kp_batch_outcome oc, boc;
    kp_batch_opts bo;
    void *buf = NULL;
    size_t len = 0;
    int refused = 1;

    ASSERT_TRUE(in != NULL);
    if (!in)
        return;
    kp_batch_opts_init(&bo);
    {
        size_t n = kp_instance_scenarios(in);
        kp_result **res = calloc(n, sizeof *res);
        kp_batch_outcome *o = calloc(n, sizeof *o);
        unsigned char *sel = calloc(n, 1);
        sel[0] = 1;
        bo.select = sel;
        kp_solve_batch(in, &bo, res, o, NULL);
        r = res[0];
        oc = o[0];
        free(res);
        free(o);
        free(sel);
    }
    {
        kp_diags *msgs = kp_diags_new();
        kp_diags_add(msgs, KP_ERROR, NULL, 0, NULL, "first");
        kp_diags_add(msgs, KP_WARNING, "f.csv", 3, NULL, "second");
        ASSERT_EQ(kp_batch_pack(in, 0, r, &oc, msgs, &buf, &len), KP_OK);
        kp_diags_free(msgs);
    }
    memset(&boc, 0x5a, sizeof boc);
    for (size_t cut = 0; cut < len; cut++) {
        kp_diags *d = kp_diags_new();
        if (kp_batch_unpack(in, 0, buf, cut, &back, &boc, d) != KP_EINVAL || back ||
            kp_diags_count(d) != 0)
            refused = 0;
        kp_result_free(back);
        back = NULL;
        kp_diags_free(d);
    }
    ASSERT_TRUE(refused);
    for (size_t i = 0; i < 48; i++) {       /* the header: magic to nacc */
        ((unsigned char *)buf)[i] ^= 0x40;
        if (kp_batch_unpack(in, 0, buf, len, &back, &boc, NULL) != KP_EINVAL || back)
            refused = 0;
        ((unsigned char *)buf)[i] ^= 0x40;
    }
    ASSERT_TRUE(refused);
    {
        unsigned char x = 0x5a, y;
        memcpy(&y, &boc, 1);
        ASSERT_EQ(x, y);                    /* the outcome untouched */
    }
    ASSERT_EQ(kp_batch_unpack(in, 1, buf, len, &back, &boc, NULL), KP_EINVAL);
    {
        unsigned char *longer = malloc(len + 1);
        memcpy(longer, buf, len);
        longer[len] = 0;
        ASSERT_EQ(kp_batch_unpack(in, 0, longer, len + 1, &back, &boc, NULL), KP_EINVAL);
        free(longer);
    }
    ASSERT_EQ(kp_batch_unpack(in, 0, buf, len, &back, &boc, NULL), KP_OK);
    kp_result_free(back);
    free(buf);
    ASSERT_EQ(kp_batch_pack(in, kp_instance_scenarios(in), r, &oc, NULL, &buf, &len),
              KP_EINVAL);
    ASSERT_TRUE(buf == NULL);
    kp_result_free(r);
    kp_instance_free(in);
    kp_thread_cleanup();
}

/* A scenario lost outside the solver: an error with the reason; the
 * estimate orders by hours. */
static void test_error_and_estimate(void)
{
    kp_instance *in = load();
    kp_result *r = NULL;
    kp_result_summary m;
    ASSERT_TRUE(in != NULL);
    if (!in)
        return;
    ASSERT_EQ(kp_result_new_error(in, 0, "rank 2 died", &r), KP_OK);
    kp_result_get_summary(r, &m);
    ASSERT_EQ(m.status, KP_RES_ERROR);
    ASSERT_STR(kp_result_message(r), "rank 2 died");
    ASSERT_EQ(kp_result_count(r, 0), 0);
    kp_result_free(r);
    ASSERT_EQ(kp_result_new_error(in, kp_instance_scenarios(in), "x", &r), KP_EINVAL);
    /* extra-hours (560) before base (480) */
    long base = kp_instance_scenario_find(in, "base");
    long extra = kp_instance_scenario_find(in, "extra-hours");
    ASSERT_TRUE(base >= 0 && extra >= 0 &&
                kp_batch_estimate(in, (size_t)extra) > kp_batch_estimate(in, (size_t)base));
    kp_instance_free(in);
}

/* A benchmark's rows: back bit for bit with their texts and messages;
 * short or foreign bytes refused; the rows of a lost scenario. */
static void test_bench(void)
{
    enum { PER = KP_N_HEURISTICS + 1 };
    kp_instance *in = load();
    kp_bench_row rows[PER], back[PER];
    kp_diags *d = kp_diags_new(), *got = kp_diags_new();
    void *buf = NULL;
    size_t len = 0;
    int refused = 1, alike = 1;

    ASSERT_TRUE(in != NULL);
    if (!in)
        return;
    ASSERT_EQ(kp_bench_run(in, 1, NULL, rows, d), KP_OK);
    kp_bench_rows_clear(&rows[2], 1);       /* a text that travels */
    rows[2].rules_broken = strdup("budget hours");
    kp_diags_add(d, KP_WARNING, "f.csv", 7, "x", "a message");
    ASSERT_EQ(kp_bench_pack(in, 1, rows, d, &buf, &len), KP_OK);
    ASSERT_EQ(kp_bench_unpack(in, 1, buf, len, back, got), KP_OK);
    for (int i = 0; i < PER; i++)
        alike &= back[i].scenario == 1 && strcmp(back[i].method, rows[i].method) == 0 &&
                 back[i].status == rows[i].status && same(back[i].value, rows[i].value) &&
                 same(back[i].share_pct, rows[i].share_pct) &&
                 same(back[i].hours_used, rows[i].hours_used) &&
                 same(back[i].budget_used, rows[i].budget_used) &&
                 same(back[i].seconds, rows[i].seconds) &&
                 back[i].key_accounts == rows[i].key_accounts &&
                 back[i].activities == rows[i].activities &&
                 back[i].violations == rows[i].violations &&
                 strcmp(back[i].rules_broken, rows[i].rules_broken) == 0;
    ASSERT_TRUE(alike);
    ASSERT_EQ(kp_diags_count(got), kp_diags_count(d));
    ASSERT_STR(kp_diags_text(got, kp_diags_count(got) - 1), "a message");
    kp_bench_rows_clear(back, PER);
    for (size_t cut = 0; cut < len; cut++) {
        kp_diags *e = kp_diags_new();
        if (kp_bench_unpack(in, 1, buf, cut, back, e) != KP_EINVAL || kp_diags_count(e))
            refused = 0;
        kp_diags_free(e);
    }
    ASSERT_TRUE(refused);
    ASSERT_EQ(kp_bench_unpack(in, 0, buf, len, back, NULL), KP_EINVAL);
    ASSERT_EQ(kp_batch_unpack(in, 1, buf, len, &(kp_result *){NULL},
                              &(kp_batch_outcome){0}, NULL), KP_EINVAL);
    ASSERT_EQ(kp_bench_pack(in, 0, rows, NULL, &(void *){NULL}, &(size_t){0}), KP_EINVAL);
    free(buf);
    ASSERT_EQ(kp_bench_rows_error(in, 1, back), KP_OK);
    ASSERT_EQ(back[0].status, KP_RES_ERROR);
    ASSERT_EQ(back[PER - 1].status, KP_RES_ERROR);
    ASSERT_TRUE(isnan(back[1].value));
    ASSERT_STR(back[1].method, kp_heuristic_name(0));
    kp_bench_rows_clear(back, PER);
    kp_bench_rows_clear(rows, PER);
    kp_diags_free(d);
    kp_diags_free(got);
    kp_instance_free(in);
    kp_thread_cleanup();
}

int main(void)
{
    test_round_trip();
    test_refused();
    test_error_and_estimate();
    test_bench();
    TEST_END();
}
