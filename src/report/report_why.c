/*
 * report_why.c - the reasons of a plan as HTML (kp_why_run's rows): the
 * section "Why this plan" that the solve report shows right after the
 * chosen scenario's headline (solve --why; without it, the same words
 * without the re-solves: kp__report_why_words), and the page of `kamplan
 * why --report`. The rows are sorted by the value at stake (the cost of the
 * opposite decision, largest first; rows without a cost last), each in
 * words beside its figures.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

/* Rows of one scenario sorted by cost: the order of the indices. */
struct at_stake {
    double cost;
    size_t i;
};

/* Largest cost first, rows without one last, then the rows' order. */
static int by_stake(const void *pa, const void *pb)
{
    const struct at_stake *a = pa, *b = pb;
    int na = isnan(a->cost), nb = isnan(b->cost);
    if (na != nb)
        return na - nb;
    if (!na && a->cost != b->cost)
        return a->cost > b->cost ? -1 : 1;
    return a->i < b->i ? -1 : 1;
}

/* One row of the table. */
static void why_tr(FILE *f, const kp_instance *in, const kp_why_row *r)
{
    fputs("<tr><td class=\"acc\">", f);
    kp__html(f, r->subject == KP_WHY_ACCOUNT ? in->acc[r->index].id : in->act[r->index].id);
    fputs("</td>", f);
    kp__rpt_td_text(f, r->decision);
    kp__rpt_td_text(f, *r->opposite ? r->opposite : "\xe2\x80\x94");
    kp__rpt_td_num(f, r->cost, 0);
    kp__rpt_td_text(f, *r->status ? r->status : "\xe2\x80\x94");
    fputs("<td class=\"why\">", f);
    kp__html(f, r->reason ? r->reason : "");
    fputs("</td></tr>\n", f);
}

/* report.h. */
int kp__report_why(FILE *f, const kp_instance *in, size_t s, const kp_why_row *rows,
                   size_t n)
{
    struct at_stake *o;
    size_t m = 0, late = 0;

    if (!rows || n == 0)
        return KP_OK;
    if (!(o = malloc(n * sizeof *o)))
        return KP_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].scenario != s)
            continue;
        o[m++] = (struct at_stake){rows[i].cost, i};
        late += strcmp(rows[i].status, "not_reached") == 0;
    }
    qsort(o, m, sizeof *o, by_stake);
    fputs("<section id=\"why\">\n<h2>Why this plan</h2>\n<p class=\"lead\">For every "
          "account, why it is key or not, and what the opposite decision costs: the "
          "value of this plan minus the best plan with that decision fixed (an exact "
          "re-solve, to the run's gap). For every chosen activity the value lost "
          "without it, and for the best activities left out the value lost by adding "
          "one. Sorted by the value at stake.", f);
    if (late)
        fprintf(f, " %zu re-solve%s not reached within the time limit.", late,
                late == 1 ? " was" : "s were");
    fputs("</p>\n<div class=\"tw\"><table class=\"why\"><thead><tr><th>Account or "
          "activity</th><th>Decision</th><th>Opposite</th><th class=\"n\">Cost</th>"
          "<th>Re-solve</th><th>Why</th></tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < m; i++)
        why_tr(f, in, &rows[o[i].i]);
    fputs("</tbody></table></div>\n</section>\n", f);
    free(o);
    return KP_OK;
}

/* An account row of the reasons without re-solves: its group (key, can
 * be key, cannot be), the value it returns in the plan (key accounts;
 * NaN for the others) and its index among the rows. */
struct in_words {
    int group;
    double value;
    size_t i;
};

/* Key accounts first, most value in the plan first; then those that can
 * be key, then those that cannot; then the rows' (file) order. */
static int by_words(const void *pa, const void *pb)
{
    const struct in_words *a = pa, *b = pb;
    if (a->group != b->group)
        return a->group - b->group;
    if (a->group == 0 && a->value != b->value)
        return a->value > b->value ? -1 : 1;
    return a->i < b->i ? -1 : 1;
}

/* The head of a table of reasons in words. */
static void words_head(FILE *f)
{
    fputs("<div class=\"tw\"><table class=\"why\"><thead><tr><th>Account</th>"
          "<th>Decision</th><th>Opposite</th><th class=\"n\">Value in the plan</th>"
          "<th>Cost of the opposite</th><th>Why</th></tr></thead>\n<tbody>\n", f);
}

/* One row of reasons in words. */
static void words_tr(FILE *f, const kp_instance *in, const kp_why_row *r, double value)
{
    fputs("<tr><td class=\"acc\">", f);
    kp__html(f, in->acc[r->index].id);
    fputs("</td>", f);
    kp__rpt_td_text(f, r->decision);
    kp__rpt_td_text(f, *r->opposite ? r->opposite : "\xe2\x80\x94");
    kp__rpt_td_num(f, value, 0);
    fprintf(f, "<td class=\"muted\">%s</td><td class=\"why\">", *r->opposite
            ? "run with --why for the exact cost" : "\xe2\x80\x94");
    kp__html(f, r->reason ? r->reason : "");
    fputs("</td></tr>\n", f);
}

/* report.h. */
int kp__report_why_words(FILE *f, const kp_instance *in, size_t s, const kp_result *base,
                         const kp_why_row *rows, size_t n, size_t top)
{
    struct in_words *o;
    size_t m = 0;

    if (!rows || n == 0)
        return KP_OK;
    if (!(o = malloc(n * sizeof *o)))
        return KP_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const kp_why_row *r = &rows[i];
        double h, cost, v = NAN;
        int eng, sup, key = strcmp(r->decision, "key") == 0;
        if (r->scenario != s || r->subject != KP_WHY_ACCOUNT)
            continue;
        if (key)
            kp__account_totals(in, base, r->index, &h, &cost, &v, &eng, &sup);
        o[m++] = (struct in_words){key ? 0 : strcmp(r->decision, "not_key") == 0 ? 1 : 2,
                                   v, i};
    }
    if (m > 0)
        qsort(o, m, sizeof *o, by_words);
    fputs("<section id=\"why\">\n<h2>Why this plan</h2>\n<p class=\"lead\">For every "
          "account, why it is key or not: the criteria it meets against the "
          "thresholds, what commits it key or drops it (status, scenarios.csv key "
          "and exclude, a min_count), and the rules it can never meet. Key accounts "
          "first, by the value each returns in this plan, then the accounts that "
          "could be key, then those that cannot. What the opposite decision costs "
          "takes a re-solve each: run with --why for the exact cost.</p>\n", f);
    words_head(f);
    for (size_t i = 0; i < m; i++) {
        if (i == top && m > top + 1) {
            fprintf(f, "</tbody></table></div>\n<details><summary>The other %zu "
                    "accounts</summary>\n", m - top);
            words_head(f);
        }
        words_tr(f, in, &rows[o[i].i], o[i].value);
    }
    fprintf(f, "</tbody></table></div>\n%s</section>\n",
            m > top + 1 ? "</details>\n" : "");
    free(o);
    return KP_OK;
}

/* What the page of `why --report` reads. */
struct why_ctx {
    const kp_instance *in;
    size_t s;
    const kp_result *base;
    const kp_why_row *rows;
    size_t n;
};

static int why_body(FILE *f, const void *info)
{
    const struct why_ctx *c = info;
    kp_result_summary m;
    kp__str title = KP__STR_INIT;
    int rc;

    if (kp__str_addf(&title, "Why this plan, scenario %s", c->in->scen[c->s].id) != 0)
        return KP_ENOMEM;
    kp__rpt_begin(f, c->in, "reasons", kp__str_get(&title));
    kp__str_free(&title);
    kp_result_get_summary(c->base, &m);
    fputs("<section>\n<p class=\"lead\">The plan: ", f);
    kp__html(f, kp_result_status_name(m.status));
    fputs(", value ", f);
    kp__rpt_num(f, m.objective, 0);
    fprintf(f, ", %d key accounts, %d activities.</p>\n</section>\n", m.key_accounts,
            m.activities);
    rc = kp__report_why(f, c->in, c->s, c->rows, c->n);
    kp__rpt_end(f);
    return rc;
}

/* kamplan.h. */
int kp_report_why(const kp_instance *in, size_t s, const kp_result *base,
                  const kp_why_row *rows, size_t n, const char *path, kp_diags *d)
{
    struct why_ctx c = {in, s, base, rows, n};
    if (!in || !base || s >= in->nscen || (!rows && n) || !path)
        return KP_EINVAL;
    return kp__rpt_write(path, why_body, &c, d);
}
