/*
 * robustness.c - what the sampled futures of a batch say
 * (models/README.md, "Sampled futures"): for each scenario with samples,
 * how often each activity and account is in the samples' optimal plans,
 * and the scenario's own plan valued at every sample's values, against
 * each sample's optimum (regret). robustness.csv's body, and the figures
 * the HTML report draws.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results/results.h"

/* qsort: ascending doubles (no NaN among them). */
static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

/* Percentile p (0..100) of sorted v[0..n-1], by the nearest rank: the
 * value at rank ceil(p / 100 * n) (at least 1). */
double kp__percentile(const double *v, size_t n, double p)
{
    if (n == 0)
        return NAN;
    size_t r = (size_t)ceil(p / 100 * (double)n);
    return v[r < 1 ? 0 : r > n ? n - 1 : r - 1];
}

/* Counts the plans of r's samples into x's frequencies; fills x->values
 * and the regrets with base's counts valued at each sample. pen: what
 * base's changes cost (solve --from --change-cost; 0 otherwise), which a
 * sample's objective has paid for its own: the regret compares objectives,
 * so that it is never below 0. */
static void tally(const kp_instance *in, kp_result *const *res, const int *counts,
                  double pen, kp__robust *x, double *regret)
{
    for (size_t s = 0; s < in->nscen; s++) {
        const kp_result *r = res[s];
        kp_result_summary m;
        if (in->scen[s].sample == 0 || (size_t)in->scen[s].base != x->base ||
            !kp__has_plan(r))
            continue;
        kp_result_get_summary(r, &m);
        x->optimal += m.status == KP_RES_OPTIMAL;
        for (size_t a = 0; a < in->nact; a++)
            x->act_freq[a] += kp_result_count(r, a) > 0;
        for (size_t k = 0; k < in->nacc; k++)
            x->acc_freq[k] += kp_result_key(r, k) != 0;
        if (counts) {
            double v = NAN;
            kp_plan_check(in, s, counts, &v, NULL);
            x->values[x->solved] = v;
            regret[x->solved] = m.objective - (v - pen);
        }
        x->solved++;
    }
}

/* The figures of scenario b's samples into x. Returns KP_OK or KP_ENOMEM. */
static int robust_one(const kp_instance *in, kp_result *const *res, size_t b,
                      kp__robust *x)
{
    int *counts = NULL;
    double *regret = NULL, pen = 0;
    int n = in->scen[b].samples;

    memset(x, 0, sizeof *x);
    x->base = b;
    x->samples = n;
    x->base_value = x->mean = x->p5 = x->p95 = NAN;
    x->regret_mean = x->regret_max = NAN;
    x->act_freq = calloc(in->nact + 1, sizeof *x->act_freq);
    x->acc_freq = calloc(in->nacc + 1, sizeof *x->acc_freq);
    if (!x->act_freq || !x->acc_freq)
        return KP_ENOMEM;
    if (kp__has_plan(res[b])) {
        kp_result_summary m;
        kp_result_get_summary(res[b], &m);
        x->base_plan = 1;
        /* Under replanning, the plan's value (as the samples' values),
         * apart from the cost of its changes. */
        x->base_value = m.replanned && !isnan(m.plan_value) ? m.plan_value : m.objective;
        if (m.replanned && m.changes > 0)
            pen = m.change_cost * (double)m.changes;
        counts = malloc((in->nact + 1) * sizeof *counts);
        x->values = malloc(((size_t)n + 1) * sizeof *x->values);
        regret = malloc(((size_t)n + 1) * sizeof *regret);
        if (!counts || !x->values || !regret) {
            free(counts);
            free(regret);
            return KP_ENOMEM;
        }
        for (size_t a = 0; a < in->nact; a++)
            counts[a] = kp_result_count(res[b], a);
    }
    tally(in, res, counts, pen, x, regret);
    for (size_t a = 0; x->solved && a < in->nact; a++)
        x->act_freq[a] /= x->solved;
    for (size_t k = 0; x->solved && k < in->nacc; k++)
        x->acc_freq[k] /= x->solved;
    if (counts && x->solved > 0) {
        double sv = 0, sr = 0, mr = -INFINITY;
        for (int i = 0; i < x->solved; i++) {
            sv += x->values[i];
            sr += regret[i];
            mr = fmax(mr, regret[i]);
        }
        x->mean = sv / x->solved;
        x->regret_mean = sr / x->solved;
        x->regret_max = mr;
        qsort(x->values, (size_t)x->solved, sizeof *x->values, cmp_double);
        x->p5 = kp__percentile(x->values, (size_t)x->solved, 5);
        x->p95 = kp__percentile(x->values, (size_t)x->solved, 95);
    }
    free(counts);
    free(regret);
    return KP_OK;
}

/* Whether scenario b or one of its samples was solved (--scenario leaves
 * the others out of the batch). */
static int ran(const kp_instance *in, kp_result *const *res, size_t b)
{
    if (res[b])
        return 1;
    for (size_t s = 0; s < in->nscen; s++)
        if (in->scen[s].sample > 0 && (size_t)in->scen[s].base == b && res[s])
            return 1;
    return 0;
}

int kp__robust_compute(const kp_instance *in, kp_result *const *res, size_t n,
                       kp__robust **out, size_t *nout)
{
    size_t nb = 0, plain = kp__scenarios_plain(in, n), i = 0;
    kp__robust *x;
    int rc = KP_OK;

    *out = NULL;
    *nout = 0;
    if (n < in->nscen)
        return KP_OK;   /* the samples are not all there */
    for (size_t s = 0; s < plain; s++)
        nb += in->scen[s].samples > 0 && ran(in, res, s);
    if (nb == 0)
        return KP_OK;
    if (!(x = calloc(nb, sizeof *x)))
        return KP_ENOMEM;
    for (size_t s = 0; s < plain && rc == KP_OK; s++)
        if (in->scen[s].samples > 0 && ran(in, res, s))
            rc = robust_one(in, res, s, &x[i++]);
    if (rc != KP_OK) {
        kp__robust_free(x, i);
        return rc;
    }
    *out = x;
    *nout = nb;
    return KP_OK;
}

void kp__robust_free(kp__robust *x, size_t n)
{
    for (size_t i = 0; x && i < n; i++) {
        free(x[i].values);
        free(x[i].act_freq);
        free(x[i].acc_freq);
    }
    free(x);
}

/* The first columns of a row of x's. */
static void row_start(kp__tab *t, const kp_instance *in, const kp__robust *x,
                      const char *item)
{
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", in->seed);
    kp__tab_text(t, in->scen[x->base].id);
    kp__tab_text(t, seed);
    kp__tab_int(t, x->samples);
    kp__tab_int(t, x->solved);
    kp__tab_int(t, x->optimal);
    kp__tab_text(t, item);
}

/* The rows of one sampled scenario: its plan, then each account, then
 * each activity, in file order. */
static void rows_of(kp__tab *t, const kp_instance *in, kp_result *const *res,
                    const kp__robust *x)
{
    const kp_result *b = x->base_plan ? res[x->base] : NULL;
    double fr = x->solved ? 1 : NAN;    /* frequencies need a solved sample */
    row_start(t, in, x, "plan");
    kp__tab_text(t, "");
    kp__tab_text(t, "");
    kp__tab_num(t, NAN);
    kp__tab_num(t, NAN);
    kp__tab_num(t, x->base_value);
    kp__tab_num(t, x->mean);
    kp__tab_num(t, x->p5);
    kp__tab_num(t, x->p95);
    kp__tab_num(t, x->regret_mean);
    kp__tab_num(t, x->regret_max);
    kp__tab_row_end(t);
    for (size_t k = 0; k < in->nacc; k++) {
        row_start(t, in, x, "account");
        kp__tab_text(t, in->acc[k].id);
        kp__tab_text(t, "");
        kp__tab_num(t, b ? kp_result_key(b, k) != 0 : NAN);
        kp__tab_num(t, fr * x->acc_freq[k]);
        for (int c = 0; c < 6; c++)
            kp__tab_num(t, NAN);
        kp__tab_row_end(t);
    }
    for (size_t a = 0; a < in->nact; a++) {
        row_start(t, in, x, "activity");
        kp__tab_text(t, in->acc[in->act[a].account].id);
        kp__tab_text(t, in->act[a].id);
        kp__tab_num(t, b ? kp_result_count(b, a) : NAN);
        kp__tab_num(t, fr * x->act_freq[a]);
        for (int c = 0; c < 6; c++)
            kp__tab_num(t, NAN);
        kp__tab_row_end(t);
    }
}

void kp__write_robustness(kp__tab *t, const kp_instance *in, kp_result *const *res,
                          const kp__robust *x, size_t nx)
{
    kp__tab_begin(t, "robustness", "scenario,seed,samples,solved,optimal,item,"
                  "account_id,activity_id,in_base,frequency,base_value,value_mean,"
                  "value_p5,value_p95,regret_mean,regret_max");
    for (size_t i = 0; i < nx; i++)
        rows_of(t, in, res, &x[i]);
    kp__tab_end(t);
}
