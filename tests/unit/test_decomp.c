/*
 * test_decomp.c - the decomposition's own parts, against brute force:
 *   - blocks: accounts tied by a requires or a group that spans them are
 *     one block, every other account is one alone, the joining rows are
 *     the rows before lp->nglobal;
 *   - the proof's listing (kp__dw_enumerate) finds exactly the block plans
 *     whose reduced value is within delta of the block's optimum, as an
 *     enumeration of every 0-1 vector of the block's columns says, on
 *     random tiny instances with cross-account links and random prices;
 *   - a plan the master already holds is not counted as new;
 *   - the method for many blocks (decomp_scale.c, forced on a few hundred
 *     accounts through kp__decomp_opts.scale_blocks) gives a plan that
 *     passes the rule check, within the gap asked of its own bound, and a
 *     bound that is valid (above the optimum the master's path proves),
 *     the same on 1 and 2 threads.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "fixture.h"
#include "solve/decomp.h"

/* Four accounts: an activity of P0 requires one of P2, and P1 and P3 share
 * a group of alternatives, so the blocks are {P0, P2} and {P1, P3}; P4 is
 * alone. */
static void test_blocks(const char *dir)
{
    kp_instance *in = NULL;
    kp__lp *lp = NULL;
    kp__dw d;

    fx_put(dir, "accounts.csv", "id,margin_pct,access\nP0,10,3\nP1,10,3\nP2,10,3\nP3,10,3\nP4,10,3\n");
    fx_put(dir, "contacts.csv", "id,account_id,influence,entrenched,stance\n");
    fx_put(dir, "objectives.csv", "id,account_id,horizon,value\n");
    fx_put(dir, "activities.csv",
           "id,account_id,hours,cost,value,max_count,decay,requires,group\n"
           "a0,P0,1,0,10,1,1,a2,\n"
           "a1,P1,1,0,10,1,1,,g\n"
           "a2,P2,1,0,10,2,1,,\n"
           "a3,P3,1,0,10,1,1,,g\n"
           "a4,P4,1,0,10,1,1,,\n");
    fx_put(dir, "policy.csv", "key,value\nhours,3\nmin_contacts,0\n");
    ASSERT_EQ(kp_instance_load(dir, &in, NULL), KP_OK);
    ASSERT_EQ(kp__lp_build(in, 0, 0, &lp), KP_OK);
    ASSERT_EQ(kp__dw_init(&d, in, lp), 0);
    ASSERT_EQ(d.nblk, 3);
    ASSERT_EQ(d.nj, lp->nglobal);
    /* Every column of an account is in its account's block. */
    int blk_of[5] = {-1, -1, -1, -1, -1};
    for (int b = 0; b < d.nblk; b++)
        for (int t = 0; t < kp__dw_ncols(&d, b); t++) {
            int k = lp->col_acc[d.bcols[d.bstart[b] + t]];
            ASSERT_TRUE(blk_of[k] < 0 || blk_of[k] == b);
            blk_of[k] = b;
        }
    ASSERT_EQ(blk_of[0], 0);
    ASSERT_EQ(blk_of[2], 0);
    ASSERT_EQ(blk_of[1], 1);
    ASSERT_EQ(blk_of[3], 1);
    ASSERT_EQ(blk_of[4], 2);
    /* The same plan twice is one plan, and not new the second time. */
    double x[64] = {0};
    int isnew = -1, q1, q2;
    x[0] = 1;
    q1 = kp__dw_add_plan(&d, 2, x, &isnew);
    ASSERT_EQ(isnew, 1);
    q2 = kp__dw_add_plan(&d, 2, x, &isnew);
    ASSERT_EQ(isnew, 0);
    ASSERT_EQ(q1, q2);
    ASSERT_EQ(d.nplans, 1);
    kp__dw_free(&d);
    kp__lp_free(lp);
    kp_instance_free(in);
}

/* A random instance of 3 accounts, 1-2 activities each (max_count <= 2),
 * 0-2 contacts, some cross-account prerequisites and groups. */
static void write_random(const char *dir)
{
    FILE *f = fx_open(dir, "accounts.csv");
    int nact = 0, first[3], ncon[3];
    fprintf(f, "id,margin_pct,access,status,min_hours\n");
    for (int k = 0; k < 3; k++)
        fprintf(f, "A%d,10,3,%s,%s\n", k, fx_rnd(6) == 0 ? "key" : "auto",
                fx_rnd(4) == 0 ? "2" : "");
    fclose(f);
    f = fx_open(dir, "contacts.csv");
    fprintf(f, "id,account_id,influence,entrenched,stance\n");
    for (int k = 0; k < 3; k++) {
        ncon[k] = (int)fx_rnd(3);
        for (int c = 0; c < ncon[k]; c++)
            fprintf(f, "C%d.%d,A%d,%d,%s,neutral\n", k, c, k, (int)fx_rnd(6),
                    fx_rnd(3) == 0 ? "yes" : "no");
    }
    fclose(f);
    fx_put(dir, "objectives.csv", "id,account_id,horizon,value\n");
    f = fx_open(dir, "activities.csv");
    fprintf(f, "id,account_id,hours,cost,value,contact_id,max_count,decay,requires,group\n");
    for (int k = 0; k < 3; k++) {
        first[k] = nact;
        int n = 1 + (int)fx_rnd(2);
        for (int a = 0; a < n; a++, nact++) {
            fprintf(f, "X%d,A%d,%d,%d,%d,", nact, k, 1 + (int)fx_rnd(4), (int)fx_rnd(50),
                    (int)fx_rnd(40));
            if (ncon[k] && fx_rnd(3) != 0)
                fprintf(f, "C%d.%d", k, (int)fx_rnd((unsigned)ncon[k]));
            fprintf(f, ",%d,0.5,", 1 + (int)fx_rnd(2));
            if (nact > 0 && fx_rnd(3) == 0)
                fprintf(f, "X%d", (int)fx_rnd((unsigned)nact));  /* any account */
            fprintf(f, ",%s\n", fx_rnd(4) == 0 ? "g" : "");
        }
    }
    (void)first;
    fclose(f);
    fx_put(dir, "policy.csv", "key,value\nhours,12\nbudget,80\nmin_contacts,0\n");
}

/* Every 0-1 vector of block b's columns that meets the block's rows and
 * bounds: per key-column pattern, the best reduced value (at cost). Fills
 * best_of[pattern index] (-HUGE_VAL: none) for patterns enumerated as the
 * vector's bits over the block's key columns; returns the number of key
 * columns, or -1 when the block is too big to enumerate. */
static int brute_block(const kp__dw *d, int b, const double *cost, double *best_of)
{
    const kp__lp *lp = d->lp;
    int c0 = d->bstart[b], nc = kp__dw_ncols(d, b), nkey = 0, keyidx[24];
    if (nc > 20)
        return -1;
    for (int t = 0; t < nc; t++)
        keyidx[t] = d->keycol[d->bcols[c0 + t]] ? nkey++ : -1;
    for (long p = 0; p < (1L << nkey); p++)
        best_of[p] = -HUGE_VAL;
    for (long v = 0; v < (1L << nc); v++) {
        int ok = 1;
        long pat = 0;
        double red = 0;
        for (int t = 0; t < nc && ok; t++) {
            int j = d->bcols[c0 + t], on = (int)((v >> t) & 1);
            ok = on >= lp->lb[j] && on <= lp->ub[j];
            red += on * cost[j];
            if (on && keyidx[t] >= 0)
                pat |= 1L << keyidx[t];
        }
        for (int r = d->brstart[b]; r < d->brstart[b + 1] && ok; r++) {
            int i = d->brows[r];
            double s = 0;
            for (int e = lp->rstart[i]; e < lp->rstart[i + 1]; e++)
                s += lp->rval[e] * (double)((v >> d->local[lp->rind[e]]) & 1);
            ok = s >= lp->rlo[i] - 1e-9 && s <= lp->rhi[i] + 1e-9;
        }
        if (ok && red > best_of[pat])
            best_of[pat] = red;
    }
    return nkey;
}

/* The key pattern of plan q of block b, as brute_block numbers them. */
static long plan_pattern(const kp__dw *d, int q)
{
    const kp__dw_plan *p = &d->plans[q];
    int c0 = d->bstart[p->blk], nkey = 0;
    long pat = 0;
    for (int t = 0; t < kp__dw_ncols(d, p->blk); t++) {
        int j = d->bcols[c0 + t];
        if (!d->keycol[j])
            continue;
        for (int e = 0; e < p->n; e++)
            if (d->cols[p->first + e] == j)
                pat |= 1L << nkey;
        nkey++;
    }
    return pat;
}

/* One random instance: the listing at random prices equals brute force. */
static int check_listing(const char *dir, int *blocks_checked)
{
    kp_instance *in = NULL;
    kp__lp *lp = NULL;
    kp__dw d;
    int rc = 0;

    write_random(dir);
    if (kp_instance_load(dir, &in, NULL) != KP_OK || kp__lp_build(in, 0, 0, &lp) != KP_OK ||
        lp->blocked_key) {
        kp__lp_free(lp);
        kp_instance_free(in);
        return 0;
    }
    ASSERT_EQ(kp__dw_init(&d, in, lp), 0);
    double lam[8] = {0}, *cost = calloc((size_t)lp->ncols + 1, sizeof *cost);
    double *best = calloc((size_t)d.nblk + 1, sizeof *best);
    double *best_of = malloc(sizeof(double) << 20);
    /* Prices and delta in the instance's units, made the model's (its rows
     * and objective are scaled by powers of two: kp__lp_scale). */
    double os = lp->objscale;
    for (int r = 0; r < d.nj && r < 8; r++)
        lam[r] = lp->rhi[r] < HUGE_VAL ? fx_rnd(12) / 2.0 * os / lp->rscale[r] : 0;
    kp__dw_reduced(&d, lam, cost);
    double delta = fx_rnd(30) * os;
    int nkey[64], usable = d.nblk < 64;
    for (int b = 0; usable && b < d.nblk; b++) {
        nkey[b] = brute_block(&d, b, cost, best_of);
        usable = nkey[b] >= 0 && nkey[b] <= 16;
        best[b] = -HUGE_VAL;
        for (long p = 0; usable && p < (1L << nkey[b]); p++)
            if (best_of[p] > best[b])
                best[b] = best_of[p];
    }
    if (usable) {
        kp__dw_limits lim = {1 << 16, 1L << 20, 0, 1L << 30, 1, 0, NULL};
        long added = 0;
        ASSERT_EQ(kp__dw_enumerate(&d, lam, best, delta, &lim, &added), 0);
        ASSERT_EQ(added, d.nplans);
        for (int b = 0; b < d.nblk; b++) {
            double floor = (d.must[b] ? best[b] : fmax(best[b], 0)) - delta;
            brute_block(&d, b, cost, best_of);
            int want = 0, got = 0;
            for (long p = 0; p < (1L << nkey[b]); p++)
                want += best_of[p] >= floor + 1e-7 * os;
            for (int q = d.last[b]; q >= 0; q = d.plans[q].prev) {
                long p = plan_pattern(&d, q);
                double red = 0;
                got++;
                for (int e = 0; e < d.plans[q].n; e++)
                    red += cost[d.cols[d.plans[q].first + e]];
                /* Each plan listed is within delta, at its pattern's best
                 * completion. */
                ASSERT_TRUE(best_of[p] >= floor - 1e-6 * os);
                ASSERT_NEAR(red, best_of[p], 1e-6 * os);
            }
            /* Every pattern within delta is listed (ties at the floor may
             * go either way). */
            ASSERT_TRUE(got >= want);
            for (long p = 0; p < (1L << nkey[b]); p++) {
                int listed = 0;
                if (!(best_of[p] >= floor + 1e-7 * os))
                    continue;
                for (int q = d.last[b]; q >= 0; q = d.plans[q].prev)
                    listed |= plan_pattern(&d, q) == p;
                ASSERT_TRUE(listed);
            }
            (*blocks_checked)++;
        }
        rc = 1;
    }
    free(cost);
    free(best);
    free(best_of);
    kp__dw_free(&d);
    kp__lp_free(lp);
    kp_instance_free(in);
    return rc;
}

/* Solves lp by the decomposition at gap, from scale_blocks blocks on with
 * the method for many blocks (0: never), on threads threads, into res. */
static int decomp_at(const kp_instance *in, const kp__lp *lp, double gap, int scale_blocks,
                     int threads, kp__decomp_result *res)
{
    kp__decomp_opts o;
    kp__decomp_opts_init(&o);
    o.gap = gap;
    o.scale_blocks = scale_blocks;
    o.threads = threads;
    return kp__decomp_solve(in, lp, &o, res);
}

/* The method for many blocks against the master's path on generated
 * instances of a few hundred accounts. */
static void test_scale(const char *dir)
{
    static const int sizes[] = {300, 600};
    char gdir[64];
    snprintf(gdir, sizeof gdir, "%.40s/scale", dir);
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        kp_generate_opts go;
        kp_instance *in = NULL;
        kp__lp *lp = NULL;
        kp__decomp_result ref, one, two;
        double v = 0, gap = 1e-3;
        memset(&ref, 0, sizeof ref);
        memset(&one, 0, sizeof one);
        memset(&two, 0, sizeof two);
        kp_generate_opts_init(&go);
        go.accounts = sizes[i];
        go.seed = 3;
        ASSERT_EQ(kp_generate(&go, gdir, NULL), KP_OK);
        ASSERT_EQ(kp_instance_load(gdir, &in, NULL), KP_OK);
        if (!in || kp__lp_build(in, 0, 0, &lp) != KP_OK)
            goto next;
        /* The master's path to the default 0.01%: a plan and a bound
         * around the optimum. */
        ASSERT_EQ(decomp_at(in, lp, 1e-4, 0, 0, &ref), KP_OK);
        ASSERT_EQ(decomp_at(in, lp, gap, 50, 1, &one), KP_OK);
        ASSERT_EQ(decomp_at(in, lp, gap, 50, 2, &two), KP_OK);
        ASSERT_TRUE(ref.counts != NULL && one.counts != NULL && two.counts != NULL);
        if (!ref.counts || !one.counts || !two.counts)
            goto next;
        ASSERT_EQ(kp_plan_check(in, 0, one.counts, &v, NULL), 0);
        ASSERT_NEAR(v, one.value, 1e-6 * (1 + fabs(v)));
        /* Valid: the bound is above the master path's plan, the plan
         * below its bound; within the gap asked for. */
        ASSERT_TRUE(one.bound >= ref.value * (1 - 1e-9));
        ASSERT_TRUE(one.value <= ref.bound * (1 + 1e-9));
        ASSERT_TRUE(one.bound - one.value <= gap * fabs(one.value));
        ASSERT_TRUE(one.rounds > 0);
        /* Whatever the threads: the same plan and bound. */
        ASSERT_EQ(memcmp(one.counts, two.counts, in->nact * sizeof *one.counts), 0);
        ASSERT_NEAR(one.bound, two.bound, 0);
        printf("scale: %d accounts: bound %.10g plan %.10g (master's path: %.10g .. %.10g)\n",
               sizes[i], one.bound, one.value, ref.value, ref.bound);
next:
        free(ref.counts);
        free(one.counts);
        free(two.counts);
        kp__lp_free(lp);
        kp_instance_free(in);
        fx_remove_instance(gdir);
    }
}

int main(void)
{
    char dir[] = "/tmp/kp_decomp_XXXXXX";
    int used = 0, blocks = 0;
    if (!mkdtemp(dir))
        return 2;
    test_blocks(dir);
    test_scale(dir);
    fx_rng_state = 0x9e3779b97f4a7c15ULL;
    for (int i = 0; i < 300 && !kp_t_failed; i++)
        used += check_listing(dir, &blocks);
    printf("listing: %d random instances, %d blocks, equal to brute force\n", used, blocks);
    ASSERT_TRUE(used >= 100);
    kp_thread_cleanup();
    fx_remove_instance(dir);
    TEST_END();
}
