/*
 * report_futures.c - the solve report's section on sampled futures
 * (models/README.md, "Sampled futures"): for each scenario with samples,
 * the scenario's own plan valued at every sample's values (a histogram,
 * bars from zero, counted in samples) with its mean, percentiles and
 * regret, and the activities whose place in the samples' optimal plans is
 * least certain (frequency nearest one half), as bars from 0 to 100 %.
 * The figures are robustness.csv's (kp__robust_compute).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

/* Activities shown, and bins of the value histogram. */
#define MOST_UNCERTAIN 15
#define BINS 10

/* The figures in a small table. */
static void figures(FILE *f, const kp__robust *x)
{
    fputs("<div class=\"tw\"><table><thead><tr><th class=\"n\">Value of the plan"
          "</th><th class=\"n\">Mean over the samples</th><th class=\"n\">5th "
          "percentile</th><th class=\"n\">95th percentile</th><th class=\"n\">Regret, "
          "mean</th><th class=\"n\">Regret, max</th></tr></thead>\n<tbody><tr>", f);
    kp__rpt_td_num(f, x->base_value, 2);
    kp__rpt_td_num(f, x->mean, 2);
    kp__rpt_td_num(f, x->p5, 2);
    kp__rpt_td_num(f, x->p95, 2);
    kp__rpt_td_num(f, x->regret_mean, 2);
    kp__rpt_td_num(f, x->regret_max, 2);
    fputs("</tr></tbody></table></div>\n", f);
}

/* The plan's value across the samples: BINS equal ranges from the least
 * to the largest, each a bar of its count of samples (from zero); the
 * range holding the plan's own value marked. Returns KP_OK or KP_ENOMEM. */
static int histogram(FILE *f, const kp_instance *in, const kp__robust *x)
{
    static const kp__rpt_panel panel[] = {{"Samples (count)", "hours", NAN, 0, NULL}};
    char lo[48], hi[48], (*lab)[112] = calloc(BINS, sizeof *lab);
    const char *rows[BINS];
    double v[BINS] = {0}, a = x->values[0], b = x->values[x->solved - 1];
    unsigned char kind[BINS] = {0};
    int nb = b > a ? BINS : 1;
    kp__rpt_bars bars;

    if (!lab)
        return KP_ENOMEM;
    for (int i = 0; i < x->solved; i++) {
        int k = nb == 1 ? 0 : (int)((x->values[i] - a) / (b - a) * nb);
        v[k < nb ? k : nb - 1]++;
    }
    for (int k = 0; k < nb; k++) {
        double l = a + (b - a) * k / nb, h = nb == 1 ? b : a + (b - a) * (k + 1) / nb;
        snprintf(lab[k], sizeof lab[k], "%s to %s", kp__rpt_fmt(lo, sizeof lo, l, 0),
                 kp__rpt_fmt(hi, sizeof hi, h, 0));
        rows[k] = lab[k];
        kind[k] = x->base_value >= l && (x->base_value < h || k == nb - 1) &&
                  x->base_value <= b ? KP__ROW_MARK : KP__ROW_PLAIN;
    }
    memset(&bars, 0, sizeof bars);
    bars.chart = "futures-value";
    bars.scenario = in->scen[x->base].id;
    bars.nrows = (size_t)nb;
    bars.npanels = 1;
    bars.panels = panel;
    bars.rows = rows;
    bars.v = v;
    bars.kind = kind;
    fputs("<figure><figcaption>The plan&#39;s value at each sample&#39;s values "
          "(rows: ranges of value; bars: samples, from 0; marked: the range of the "
          "plan&#39;s own value)</figcaption>\n", f);
    kp__svg_bars(f, &bars);
    fputs("</figure>\n", f);
    free(lab);
    return KP_OK;
}

/* How uncertain activity a's place is: its frequency's distance from
 * always or never (0: certain, 0.5: a coin toss). */
static double doubt(const kp__robust *x, size_t a)
{
    return fmin(x->act_freq[a], 1 - x->act_freq[a]);
}

/* An activity and its doubt, sorted most doubtful first, then in file
 * order. */
struct doubtful {
    double d;
    size_t a;
};

static int by_doubt(const void *p, const void *q)
{
    const struct doubtful *x = p, *y = q;
    return x->d > y->d ? -1 : x->d < y->d ? 1 : (x->a > y->a) - (x->a < y->a);
}

/* The activities whose frequency is nearest one half, at most
 * MOST_UNCERTAIN, most uncertain first (ties in file order), as bars of
 * percent from 0 to 100. Returns KP_OK or KP_ENOMEM. */
static int uncertain(FILE *f, const kp_instance *in, kp_result *const *res,
                     const kp__robust *x)
{
    static const kp__rpt_panel panel[] = {
        {"In the samples' optimal plans (%)", "cost", 100, 1, "%"}
    };
    struct doubtful *idx = malloc((in->nact + 1) * sizeof *idx);
    size_t n = 0;
    const char *rows[MOST_UNCERTAIN], *sub[MOST_UNCERTAIN];
    double v[MOST_UNCERTAIN];
    const kp_result *b = x->base_plan ? res[x->base] : NULL;
    kp__rpt_bars bars;

    if (!idx)
        return KP_ENOMEM;
    for (size_t a = 0; a < in->nact; a++)
        if (doubt(x, a) > 0)
            idx[n++] = (struct doubtful){doubt(x, a), a};
    qsort(idx, n, sizeof *idx, by_doubt);
    n = n < MOST_UNCERTAIN ? n : MOST_UNCERTAIN;
    for (size_t i = 0; i < n; i++) {
        rows[i] = in->act[idx[i].a].id;
        sub[i] = b && kp_result_count(b, idx[i].a) > 0 ? "in the plan" : "not in the plan";
        v[i] = 100 * x->act_freq[idx[i].a];
    }
    free(idx);
    if (n == 0) {
        fputs("<p class=\"note\">Every activity is in all of the samples&#39; optimal "
              "plans or in none.</p>\n", f);
        return KP_OK;
    }
    memset(&bars, 0, sizeof bars);
    bars.chart = "futures-frequency";
    bars.scenario = in->scen[x->base].id;
    bars.nrows = n;
    bars.npanels = 1;
    bars.panels = panel;
    bars.rows = rows;
    bars.sub = sub;
    bars.v = v;
    fputs("<figure><figcaption>The least certain activities: how often each is in the "
          "samples&#39; optimal plans (percent of the samples, from 0 to 100)"
          "</figcaption>\n", f);
    kp__svg_bars(f, &bars);
    fputs("</figure>\n", f);
    return KP_OK;
}

/* One sampled scenario's part of the section. */
static int one(FILE *f, const kp_instance *in, kp_result *const *res, const kp__robust *x)
{
    char n[48], s[48], o[48];
    int rc = KP_OK;
    fputs("<h3>Scenario ", f);
    kp__html(f, in->scen[x->base].id);
    fprintf(f, "</h3>\n<p class=\"lead\">%s samples drawn with seed %llu; %s with a "
            "plan, %s of them proven optimal. Regret is a sample&#39;s optimum less "
            "this plan&#39;s value at the sample&#39;s values.</p>\n",
            kp__rpt_fmt(n, sizeof n, x->samples, 0), in->seed,
            kp__rpt_fmt(s, sizeof s, x->solved, 0), kp__rpt_fmt(o, sizeof o, x->optimal, 0));
    if (x->base_plan && x->solved > 0) {
        figures(f, x);
        rc = histogram(f, in, x);
    } else if (!x->base_plan) {
        fputs("<p class=\"note\">The scenario itself has no plan to value.</p>\n", f);
    }
    if (rc == KP_OK && x->solved > 0)
        rc = uncertain(f, in, res, x);
    return rc;
}

int kp__rpt_futures(FILE *f, const kp_instance *in, kp_result *const *res, size_t n)
{
    kp__robust *x;
    size_t nx;
    int rc = kp__robust_compute(in, res, n, &x, &nx);
    if (rc != KP_OK || nx == 0)
        return rc;
    fputs("<section id=\"futures\">\n<h2>Sampled futures</h2>\n<p class=\"lead\">Each "
          "sample solves the scenario again with activity values drawn from their ranges "
          "(value_low to value_high, or value_sd): how the plan holds up, and which "
          "activities are in the samples&#39; optimal plans.</p>\n", f);
    for (size_t i = 0; i < nx && rc == KP_OK; i++)
        rc = one(f, in, res, &x[i]);
    fputs("</section>\n", f);
    kp__robust_free(x, nx);
    return rc;
}
