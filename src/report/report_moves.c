/*
 * report_moves.c - the solve report's section on who holds an account and
 * when an activity is done, from one scenario to another (managers.csv,
 * periods.csv): for each pair of scenarios changes.csv compares, each key
 * account that changes manager ("TESS: Tomás Ruiz → Priya Nair") and each
 * activity done as often in other periods ("BRAVO-WS: Q1 → Q3"), found by
 * the code that writes changes.csv's rows manager and moved
 * (results/moves.c). Nothing without either file or without a pair.
 */
#include <stdio.h>

#include "report/report.h"

#define ARROW " \xe2\x86\x92 "     /* a right arrow between spaces */
#define TIMES "\xc3\x97"           /* multiplication sign */

/* A list longer than this is collapsed. */
#define MOVES_OPEN 12

/* What the pairs' callbacks read and count. */
struct moves_ctx {
    FILE *f;
    const kp_instance *in;
    kp_result *const *res;
    size_t pairs;
};

/* Manager m for people: its name (its id when it has none). */
static void manager_words(FILE *f, const kp_instance *in, int m)
{
    kp__html(f, in->mgr[m].name ? in->mgr[m].name : in->mgr[m].id);
}

/* Activity act's periods in plan v in words: "Q1, Q3 ×2". */
static void periods_words(FILE *f, const kp_instance *in, const kp__plan_view *v,
                          size_t act)
{
    int first = 1;
    for (size_t p = 0; p < in->nper; p++) {
        int n = v->pcounts[act * in->nper + p];
        if (n <= 0)
            continue;
        fputs(first ? "" : ", ", f);
        kp__html(f, in->per[p].id);
        if (n > 1)
            fprintf(f, " " TIMES "%d", n);
        first = 0;
    }
}

/* The accounts of pair (a, b) that change manager, in file order: how
 * many, and when f is not NULL, one list item each. */
static size_t manager_moves(FILE *f, const kp_instance *in, size_t a, size_t b,
                            const kp__plan_view *va, const kp__plan_view *vb)
{
    size_t n = 0;
    for (size_t k = 0; in->has_team && k < in->nacc; k++) {
        int mf = kp__view_manager(in, a, va, k), mt = kp__view_manager(in, b, vb, k);
        if (!kp__view_manager_moves(mf, mt))
            continue;
        n++;
        if (!f)
            continue;
        fputs("<li>", f);
        kp__html(f, in->acc[k].id);
        fputs(": ", f);
        manager_words(f, in, mf);
        fputs(ARROW, f);
        manager_words(f, in, mt);
        fputs("</li>\n", f);
    }
    return n;
}

/* The activities of pair (a, b) done as often in other periods, in file
 * order: how many, and when f is not NULL, one list item each. */
static size_t period_moves(FILE *f, const kp_instance *in, const kp__plan_view *va,
                           const kp__plan_view *vb)
{
    size_t n = 0;
    for (size_t act = 0; in->nper && act < in->nact; act++) {
        if (!kp__view_moved(in, va, vb, act))
            continue;
        n++;
        if (!f)
            continue;
        fputs("<li>", f);
        kp__html(f, in->act[act].id);
        fputs(": ", f);
        periods_words(f, in, va, act);
        fputs(ARROW, f);
        periods_words(f, in, vb, act);
        fputs(" <span class=\"muted\">(", f);
        kp__html(f, in->acc[in->act[act].account].id);
        fputs(")</span></li>\n", f);
    }
    return n;
}

/* The heading of a list of n items, what: a summary that collapses a long
 * list (the caller closes the details), else a line. */
static void moves_list(FILE *f, size_t n, const char *what)
{
    if (n > MOVES_OPEN)
        fprintf(f, "<details><summary>%s (%zu)</summary>\n", what, n);
    else
        fprintf(f, "<p>%s (%zu):</p>\n", what, n);
}

/* kp__change_pairs' callback: the block of pair (a, b). */
static void pair_moves(void *ctx, size_t a, size_t b)
{
    struct moves_ctx *c = ctx;
    const kp_instance *in = c->in;
    kp__plan_view va = kp__result_view(c->res[a]), vb = kp__result_view(c->res[b]);
    size_t nm = manager_moves(NULL, in, a, b, &va, &vb);
    size_t np = period_moves(NULL, in, &va, &vb);
    FILE *f = c->f;

    c->pairs++;
    if (!f)
        return;
    fputs("<h3>", f);
    kp__html(f, in->scen[a].id);
    fputs(ARROW, f);
    kp__html(f, in->scen[b].id);
    fputs("</h3>\n", f);
    if (nm == 0 && np == 0) {
        fputs("<p>No key account changes manager and no activity moves to another "
              "period.</p>\n", f);
        return;
    }
    if (nm) {
        moves_list(f, nm, "Held by another manager");
        fputs("<ul>\n", f);
        manager_moves(f, in, a, b, &va, &vb);
        fputs(nm > MOVES_OPEN ? "</ul>\n</details>\n" : "</ul>\n", f);
    }
    if (np) {
        moves_list(f, np, "Done as often, in other periods");
        fputs("<ul>\n", f);
        period_moves(f, in, &va, &vb);
        fputs(np > MOVES_OPEN ? "</ul>\n</details>\n" : "</ul>\n", f);
    }
}

/* report.h. */
void kp__rpt_moves(FILE *f, const kp_instance *in, kp_result *const *res, size_t n)
{
    struct moves_ctx c = {NULL, in, res, 0};
    if (!in->has_team && !in->nper)
        return;
    kp__change_pairs(in, res, n, pair_moves, &c);
    if (c.pairs == 0)
        return;
    fprintf(f, "<section>\n<h2>Who and when, from scenario to scenario</h2>\n"
            "<p class=\"lead\">For each pair of scenarios that changes.csv compares: %s"
            "%s%s. Counts that change are in changes.csv.</p>\n",
            in->has_team ? "each key account held by another manager (its row manager)"
                         : "",
            in->has_team && in->nper ? ", and " : "",
            in->nper ? "each activity done as often, in other periods (its row moved; "
                       "an occurrence is worth the same in any period)" : "");
    c.f = f;
    kp__change_pairs(in, res, n, pair_moves, &c);
    fputs("</section>\n", f);
}
