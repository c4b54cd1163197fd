/*
 * fuzz_instance.c - a libFuzzer target for kamplan's input stage.
 *
 * One fuzz input is one instance folder (tests/fuzz/README.md):
 *
 *   byte 0      which files exist: bit i for file i of KP__INSTANCE_FILES
 *               (accounts, contacts, objectives, activities, policy,
 *               scenarios: bit 0 first); bit 6 also solves the instance
 *               when its model is tiny; bit 7: a byte of more files follows
 *   byte 1      (with bit 7 of byte 0) bit j for file 6 + j (managers.csv
 *               bit 0, periods.csv bit 1, then any later file of the
 *               table); its bit 7: a
 *               further byte of seven more follows, and so on
 *   the rest    the files' bytes, in that order, separated by 0xFF (a byte
 *               that never occurs in UTF-8); missing sections are empty
 *
 * Each input is loaded from memory (kp__instance_load_mem: the same reader
 * as the folder one, fed through fmemopen), and everything the input stage
 * promises is checked: the load either succeeds without an error message
 * or fails with at least one; every message is a single printable line;
 * a loaded instance keeps every rule of MODEL.md and the README (numbers in
 * range, references inside the same account, no prerequisite cycles;
 * managers.csv's managers valid and every account under one of them;
 * periods.csv's periods valid and every activity's window inside them). It
 * then goes through kp_instance_check_forced, qualification, kp_plan_check
 * on the empty (worth 0), the single and the full plan (worth a finite
 * amount), and, for small instances, kp__lp_build with and without names,
 * whose arrays are checked. With bit 6, a model of at most MAX_SOLVE_COLS
 * columns is solved: it must not fail, and its plan must pass the
 * independent plan check, with its own managers and periods
 * (kp_plan_check_result, kp_plan_check_full), with the value reported. A broken promise aborts,
 * so that the fuzzer keeps the input.
 *
 * Built with clang -fsanitize=fuzzer,address,undefined by `make fuzz`.
 * tests/unit/test_fuzz_replay.c includes this file to replay the inputs of
 * tests/fuzz/regressions/ in every build (gcc, ASan, valgrind).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "solve/solve.h"

#define NFILES KP__NFILES
#define SEP 0xFF
#define SOLVE_BIT 0x40
#define MORE_BIT 0x80
/* Header bytes: the first holds six files, each further one seven. */
#define NHEAD (1 + (NFILES - 6 + 6) / 7)
#define MAX_BUILD_OCC 20000     /* occurrences: build models up to this */
#define MAX_SOLVE_COLS 40       /* columns: solve models up to this */
#define MAX_SCEN 3              /* scenarios looked at per input */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stops the run on a broken promise, naming it; the fuzzer saves the
 * input that caused it. */
#define EXPECT(cond)                                                        \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "fuzz_instance: broken promise at %s:%d: %s\n",  \
                    __FILE__, __LINE__, #cond);                             \
            abort();                                                        \
        }                                                                   \
    } while (0)

/* The header's byte and bit of file i. */
static int head_byte(int i)
{
    return i < 6 ? 0 : 1 + (i - 6) / 7;
}

static unsigned head_bit(int i)
{
    return 1u << (i < 6 ? i : (i - 6) % 7);
}

/* Writes the header of an input holding the files with present[i] set
 * (solve: bit 6) into out (NHEAD bytes at most); returns its length. */
__attribute__((unused))
static size_t pack_header(const int present[NFILES], int solve, uint8_t out[NHEAD])
{
    int n = 1;
    memset(out, 0, NHEAD);
    out[0] = solve ? SOLVE_BIT : 0;
    for (int i = 0; i < NFILES; i++)
        if (present[i]) {
            out[head_byte(i)] |= (uint8_t)head_bit(i);
            if (head_byte(i) + 1 > n)
                n = head_byte(i) + 1;
        }
    for (int b = 0; b + 1 < n; b++)
        out[b] |= MORE_BIT;
    return (size_t)n;
}

/* Splits a fuzz input into the files (see the top of this file). */
static void split_input(const uint8_t *data, size_t size,
                        const char *buf[NFILES], size_t len[NFILES],
                        int *solve)
{
    const uint8_t *p = data, *end = data + size;
    uint8_t head[NHEAD] = {0};
    int nh = 0;

    do
        head[nh] = p < end ? *p++ : 0;
    while ((head[nh++] & MORE_BIT) && nh < NHEAD);
    *solve = (head[0] & SOLVE_BIT) != 0;
    for (int i = 0; i < NFILES; i++) {
        const uint8_t *q = p < end ? memchr(p, SEP, (size_t)(end - p)) : NULL;
        if (!q)
            q = end;
        buf[i] = head[head_byte(i)] & head_bit(i) ? (const char *)p : NULL;
        len[i] = (size_t)(q - p);
        p = q < end ? q + 1 : end;
    }
}

/* Every message is one line of printable text (tabs and UTF-8 allowed):
 * the command line prints one per problem. */
static void check_messages(const kp_diags *d)
{
    for (size_t i = 0; i < kp_diags_count(d); i++) {
        const char *m = kp_diags_message(d, i);
        EXPECT(m != NULL && *m);
        for (const unsigned char *p = (const unsigned char *)m; *p; p++)
            EXPECT(*p >= 0x20 || *p == '\t');
        EXPECT(strchr(m, 0x7F) == NULL);
    }
}

static int in_range(int i, size_t n)
{
    return i >= 0 && (size_t)i < n;
}

/* The rules a loaded instance keeps (MODEL.md, README "The instance
 * folder"), checked from the loaded data alone. */
static void check_instance(const kp_instance *in)
{
    const kp__policy *p = &in->pol;

    EXPECT(in->nscen >= 1);
    /* Without hours in policy.csv a team's hours are the managers'. */
    EXPECT((in->has_team && !kp__isset(p->hours)) || (isfinite(p->hours) && p->hours >= 0));
    EXPECT(!kp__isset(p->budget) || (isfinite(p->budget) && p->budget >= 0));
    EXPECT(p->min_contacts >= 0);
    EXPECT(p->min_criteria >= 0 && p->min_criteria <= KP_N_CRITERIA);
    for (size_t k = 0; k < in->nacc; k++) {
        const kp__account *a = &in->acc[k];
        EXPECT(a->id && *a->id && a->name && *a->name);
        EXPECT(a->status >= KP_AUTO && a->status <= KP_EXCLUDE);
        for (int c = 0; c < KP_N_CRITERIA; c++)
            EXPECT(isfinite(a->crit[c]));
        EXPECT(isfinite(a->min_hours) && a->min_hours >= 0);
        EXPECT(!kp__isset(a->max_hours) ||
               (isfinite(a->max_hours) && a->max_hours >= a->min_hours));
        EXPECT(!kp__isset(a->max_budget) ||
               (isfinite(a->max_budget) && a->max_budget >= 0));
        for (size_t j = 0; j < k; j++)
            EXPECT(strcmp(in->acc[j].id, a->id) != 0);
        /* With managers.csv an account has one of its managers, or -1
         * (an empty manager_id: the optimiser chooses); without it, -1. */
        EXPECT(in->has_team ? a->manager == -1 || in_range(a->manager, in->nmgr)
                            : a->manager == -1);
    }
    /* managers.csv: unique ids, hours given, limits in range. */
    EXPECT(in->has_team == (in->nmgr > 0));
    for (size_t m = 0; m < in->nmgr; m++) {
        const kp__manager *mg = &in->mgr[m];
        EXPECT(mg->id && *mg->id && mg->name && *mg->name);
        EXPECT(isfinite(mg->hours) && mg->hours >= 0);
        EXPECT(!kp__isset(mg->budget) || (isfinite(mg->budget) && mg->budget >= 0));
        EXPECT(mg->max_accounts >= -1);
        for (size_t j = 0; j < m; j++)
            EXPECT(strcmp(in->mgr[j].id, mg->id) != 0);
    }
    /* periods.csv: unique ids, limits in range; each activity's window
     * inside the periods, in order, its max_per_period 1 to max_count. */
    EXPECT(!in->nper == !in->win);
    for (size_t q = 0; q < in->nper; q++) {
        const kp__period *pe = &in->per[q];
        EXPECT(pe->id && *pe->id);
        EXPECT(!kp__isset(pe->hours) || (isfinite(pe->hours) && pe->hours >= 0));
        EXPECT(!kp__isset(pe->budget) || (isfinite(pe->budget) && pe->budget >= 0));
        for (size_t j = 0; j < q; j++)
            EXPECT(strcmp(in->per[j].id, pe->id) != 0);
    }
    for (size_t a = 0; in->nper && a < in->nact; a++) {
        const kp__window *w = &in->win[a];
        EXPECT(w->earliest >= 0 && w->earliest <= w->latest &&
               (size_t)w->latest < in->nper);
        EXPECT(w->max_per >= 1 && w->max_per <= in->act[a].max_count);
    }
    for (size_t c = 0; c < in->ncon; c++) {
        const kp__contact *ct = &in->con[c];
        EXPECT(ct->id && *ct->id && in_range(ct->account, in->nacc));
        EXPECT(ct->influence >= 0 && ct->influence <= 5);
        EXPECT(ct->stance >= 0 && ct->stance <= 2);
        EXPECT(ct->entrenched == 0 || ct->entrenched == 1);
    }
    for (size_t o = 0; o < in->nobj; o++) {
        const kp__objective *ob = &in->obj[o];
        EXPECT(ob->id && *ob->id && in_range(ob->account, in->nacc));
        EXPECT(isfinite(ob->value) && ob->value >= 0);
    }
    for (size_t i = 0; i < in->nact; i++) {
        const kp__activity *a = &in->act[i];
        EXPECT(a->id && *a->id && a->kind && in_range(a->account, in->nacc));
        EXPECT(isfinite(a->hours) && a->hours > 0);
        EXPECT(isfinite(a->cost) && a->cost >= 0);
        EXPECT(isfinite(a->value) && a->value >= 0);
        EXPECT(a->max_count >= 1 && a->max_count <= 1000);
        EXPECT(a->decay > 0 && a->decay <= 1);
        EXPECT(a->contact == -1 || (in_range(a->contact, in->ncon) &&
                                    in->con[a->contact].account == a->account));
        EXPECT(a->objective == -1 ||
               (in_range(a->objective, in->nobj) &&
                in->obj[a->objective].account == a->account));
        EXPECT(a->group == -1 || in_range(a->group, in->ngroups));
        for (int r = 0; r < a->nrequires; r++)
            EXPECT(in_range(a->requires[r], in->nact) && (size_t)a->requires[r] != i);
    }
    /* No prerequisite cycle: Kahn's algorithm removes every activity. */
    int *indeg = calloc(in->nact + 1, sizeof *indeg);
    int *queue = malloc((in->nact + 1) * sizeof *queue);
    EXPECT(indeg && queue);
    for (size_t i = 0; i < in->nact; i++)
        for (int r = 0; r < in->act[i].nrequires; r++)
            indeg[in->act[i].requires[r]]++;
    size_t head = 0, tail = 0;
    for (size_t i = 0; i < in->nact; i++)
        if (indeg[i] == 0)
            queue[tail++] = (int)i;
    while (head < tail) {
        const kp__activity *a = &in->act[queue[head++]];
        for (int r = 0; r < a->nrequires; r++)
            if (--indeg[a->requires[r]] == 0)
                queue[tail++] = a->requires[r];
    }
    EXPECT(tail == in->nact);
    free(indeg);
    free(queue);
    for (size_t s = 0; s < in->nscen; s++) {
        const kp__scenario *sc = &in->scen[s];
        EXPECT(sc->id && *sc->id);
        EXPECT(isfinite(sc->hours) && sc->hours >= 0);
        EXPECT(!kp__isset(sc->budget) || (isfinite(sc->budget) && sc->budget >= 0));
        EXPECT(sc->min_contacts >= 0 && sc->max_key_accounts >= -1);
    }
    /* The per-account lists hold each item once, under its account. */
    for (size_t k = 0; k < in->nacc; k++)
        for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++)
            EXPECT(in->act[in->act_idx[i]].account == (int)k);
    EXPECT((size_t)in->act_start[in->nacc] == in->nact);
    EXPECT((size_t)in->con_start[in->nacc] == in->ncon);
    EXPECT((size_t)in->obj_start[in->nacc] == in->nobj);
}

/* A built model's arrays are consistent. */
static void check_model(const kp_instance *in, const kp__lp *lp)
{
    EXPECT(lp->ncols >= 0 && lp->nrows >= 0);
    EXPECT(lp->rstart[0] == 0 || lp->nrows == 0);
    for (int i = 0; i < lp->nrows; i++) {
        EXPECT(lp->rstart[i] <= lp->rstart[i + 1]);
        EXPECT(!isnan(lp->rlo[i]) && !isnan(lp->rhi[i]) && lp->rlo[i] <= lp->rhi[i]);
        for (int e = lp->rstart[i]; e < lp->rstart[i + 1]; e++)
            EXPECT(lp->rind[e] >= 0 && lp->rind[e] < lp->ncols && isfinite(lp->rval[e]));
    }
    for (int j = 0; j < lp->ncols; j++)
        EXPECT(isfinite(lp->obj[j]) && lp->lb[j] <= lp->ub[j]);
    for (size_t a = 0; a < in->nact; a++)
        EXPECT(lp->x[a] == -1 || (lp->x[a] >= 0 &&
                                  lp->x[a] + in->act[a].max_count <= lp->ncols));
}

/* A solved plan passes the plan check; a status without a plan has no
 * counts. */
static void solve_tiny(const kp_instance *in, size_t s)
{
    kp_solve_opts o;
    kp_result *r = NULL;
    kp_result_summary sum;
    kp_diags *d = kp_diags_new();
    int *counts = calloc(in->nact + 1, sizeof *counts);
    int *mgr = calloc(in->nacc + 1, sizeof *mgr);
    int *pcounts = calloc(in->nact * in->nper + 1, sizeof *pcounts);
    double v = NAN;

    EXPECT(d && counts && mgr && pcounts);
    kp_solve_opts_init(&o);
    o.gap_pct = 0;
    o.time_limit = 5;
    EXPECT(kp_solve(in, s, &o, &r, d) == KP_OK && r);
    kp_result_get_summary(r, &sum);
    /* A loaded instance gets a plan or a reason, never a solver failure. */
    EXPECT(sum.status != KP_RES_ERROR);
    if (sum.status == KP_RES_OPTIMAL || sum.status == KP_RES_FEASIBLE) {
        /* Judged with the managers and periods the plan chose (the
         * check's own greedy choice may not fit a plan the optimiser
         * found), through the public API and by hand alike. */
        EXPECT(kp_plan_check_result(in, s, r, &v, NULL) == 0);
        EXPECT(fabs(v - sum.objective) <= 1e-6 * (1 + fabs(v)));
        for (size_t a = 0; a < in->nact; a++) {
            int n = 0;
            counts[a] = kp_result_count(r, a);
            for (size_t p = 0; p < (in->nper ? in->nper : 1); p++) {
                EXPECT(kp_result_period_count(r, a, p) >= 0);
                n += kp_result_period_count(r, a, p);
                if (in->nper)
                    pcounts[a * in->nper + p] = kp_result_period_count(r, a, p);
            }
            EXPECT(n == counts[a]);
        }
        for (size_t k = 0; k < in->nacc; k++)
            mgr[k] = kp_result_manager(in, r, k);
        EXPECT(kp_plan_check_full(in, s, counts, mgr, pcounts, &v, NULL) == 0);
        EXPECT(fabs(v - sum.objective) <= 1e-6 * (1 + fabs(v)));
    }
    check_messages(d);
    kp_result_free(r);
    kp_thread_cleanup();
    kp_diags_free(d);
    free(counts);
    free(mgr);
    free(pcounts);
}

static void exercise(const kp_instance *in, int solve)
{
    kp_diags *d = kp_diags_new();
    kp_qualification q;
    double occ = 0, v;
    int *counts = calloc(in->nact + 1, sizeof *counts);

    EXPECT(d && counts);
    kp_instance_check_forced(in, -1, d);
    for (size_t k = 0; k < in->nacc; k++) {
        EXPECT(kp_instance_qualification(in, k, &q) == KP_OK);
        EXPECT(q.criteria_met <= q.criteria_set && q.why != NULL);
    }
    for (size_t a = 0; a < in->nact; a++)
        occ += in->act[a].max_count;
    for (size_t s = 0; s < in->nscen && s < MAX_SCEN; s++) {
        /* The empty plan is worth 0; one of each and all of everything
         * just must not crash. */
        memset(counts, 0, (in->nact + 1) * sizeof *counts);
        v = NAN;
        kp_plan_check(in, s, counts, &v, d);
        EXPECT(v == 0);
        for (size_t a = 0; a < in->nact; a++)
            counts[a] = 1;
        kp_plan_check(in, s, counts, NULL, d);
        for (size_t a = 0; a < in->nact; a++)
            counts[a] = in->act[a].max_count;
        kp_plan_check(in, s, counts, &v, d);
        EXPECT(isfinite(v) && v >= 0);
        if (occ > MAX_BUILD_OCC)
            continue;
        for (int names = 0; names <= 1; names++) {
            kp__lp *lp = NULL;
            EXPECT(kp__lp_build(in, s, names, &lp) == KP_OK && lp);
            check_model(in, lp);
            if (names)
                for (int j = 0; j < lp->ncols; j++)
                    EXPECT(lp->cname[j] && strlen(lp->cname[j]) < 256);
            if (!names && solve && lp->ncols <= MAX_SOLVE_COLS)
                solve_tiny(in, s);
            kp__lp_free(lp);
        }
    }
    check_messages(d);
    kp_diags_free(d);
    free(counts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf[NFILES];
    size_t len[NFILES];
    int solve;
    kp_instance *in = NULL;
    kp_diags *d = kp_diags_new();

    EXPECT(d);
    split_input(data, size, buf, len, &solve);
    int rc = kp__instance_load_mem("fuzz", buf, len, &in, d);
    EXPECT(rc == KP_OK || rc == KP_EDATA || rc == KP_EIO);
    EXPECT((rc == KP_OK) == (in != NULL));
    EXPECT((rc == KP_OK) == (kp_diags_errors(d) == 0));
    check_messages(d);
    if (in) {
        check_instance(in);
        exercise(in, solve);
    }
    kp_instance_free(in);
    kp_diags_free(d);
    return 0;
}
