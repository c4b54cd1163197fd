/*
 * periods.c - a horizon in periods (issue 15, periods.csv): the period
 * columns and their defining rows of the programme, the hooks of the rule
 * table's entries period_hours, period_budget, period_window and
 * period_order (rules.c), the placement of a plan's occurrences into
 * periods (for plans made without them), and what makes a scenario
 * infeasible before any solve, in a planner's words.
 *
 * With P periods (only with periods.csv; without it nothing here adds a
 * column or a row) every activity a with columns gets n[a,p], integer in
 * [0, max_per_period], zero outside [earliest, latest] (rule
 * period_window, by bounds), with sum_p n[a,p] = sum_j x[a,j] (row
 * split(a)); an activity that another requires gets s[a,p], binary, a has
 * been done in period p or before: s[a,p] <= sum_{q<=p} n[a,q] (row
 * reached(a,p)). Rows: period_hours(p) and period_budget(p), joining rows
 * of the plan's scope; prec(b,a@p): n[b,p] <= max_per_period[b] s[a,p]
 * when b requires a (rule period_order: order allows the same period).
 *
 * A plan's period counts are pcounts[a * P + p].
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/rules.h"

/* ---- the programme ------------------------------------------------------ */

/* model.h. */
int kp__periods_cols(struct kp__build *b)
{
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;
    int P = (int)in->nper;
    unsigned char *need;

    lp->nper = P;
    if (!P)
        return 0;
    lp->pn = malloc((in->nact + 1) * sizeof *lp->pn);
    lp->ps = malloc((in->nact + 1) * sizeof *lp->ps);
    need = calloc(in->nact + 1, 1);
    if (!lp->pn || !lp->ps || !need) {
        free(need);
        return -1;
    }
    for (size_t a = 0; a < in->nact; a++)
        for (int r = 0; lp->x[a] >= 0 && r < in->act[a].nrequires; r++)
            need[in->act[a].requires[r]] = 1;
    for (size_t a = 0; a < in->nact; a++) {
        const kp__activity *ac = &in->act[a];
        int mp = in->win[a].max_per;
        lp->pn[a] = lp->ps[a] = -1;
        if (lp->x[a] < 0)
            continue;
        for (int p = 0; p < P; p++) {
            int c = kp__build_col(b, 0, 0, mp, "n", ac->id, (long)a, p + 1);
            if (p == 0)
                lp->pn[a] = c;
        }
        for (int p = 0; need[a] && p < P; p++) {
            int c = kp__build_col(b, 0, 0, 1, "s", ac->id, (long)a, p + 1);
            if (p == 0)
                lp->ps[a] = c;
        }
    }
    free(need);
    return 0;
}

/* model.h. */
void kp__periods_col_acc(kp__lp *lp, const kp_instance *in)
{
    for (size_t a = 0; lp->nper && a < in->nact; a++) {
        for (int p = 0; lp->pn[a] >= 0 && p < lp->nper; p++)
            lp->col_acc[lp->pn[a] + p] = in->act[a].account;
        for (int p = 0; lp->ps[a] >= 0 && p < lp->nper; p++)
            lp->col_acc[lp->ps[a] + p] = in->act[a].account;
    }
}

/* model.h. */
void kp__periods_activity_rows(struct kp__build *b, int a)
{
    const kp_instance *in = b->in;
    const kp__activity *ac = &in->act[a];
    kp__lp *lp = b->lp;
    int P = lp->nper;
    if (!P || lp->pn[a] < 0)
        return;
    kp__build_row(b, 0, 0, "split", ac->id, NULL, (long)a, 0);
    for (int p = 0; p < P; p++)
        kp__build_entry(b, lp->pn[a] + p, 1);
    for (int j = 0; j < ac->max_count; j++)
        kp__build_entry(b, lp->x[a] + j, -1);
    for (int p = 0; lp->ps[a] >= 0 && p < P; p++) {
        kp__build_row(b, -HUGE_VAL, 0, "reached", ac->id, NULL, (long)a, p + 1);
        kp__build_entry(b, lp->ps[a] + p, 1);
        for (int q = 0; q <= p; q++)
            kp__build_entry(b, lp->pn[a] + q, -1);
    }
}

/* The limit of period p under rule (HUGE_VAL: none). */
static double limit(const kp_instance *in, const kp__scenario *sc, int rule, size_t p)
{
    double v = rule == KP_RULE_PERIOD_HOURS ? kp__period_hours(in, sc, p)
                                            : kp__period_budget(in, sc, p);
    return kp__isset(v) ? v : HUGE_VAL;
}

/* Each period's row of rule (hours or budget), when it has the limit. */
static void period_rows(struct kp__build *b, int rule)
{
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;
    for (int p = 0; p < lp->nper; p++) {
        double cap = limit(in, b->sc, rule, (size_t)p);
        if (cap == HUGE_VAL)
            continue;
        kp__build_row(b, -HUGE_VAL, kp__build_dropped(b, -1, rule) ? HUGE_VAL : cap,
                      rule == KP_RULE_PERIOD_HOURS ? "period_hours" : "period_budget",
                      in->per[p].id, NULL, (long)p, 0);
        for (size_t a = 0; a < in->nact; a++)
            if (lp->pn[a] >= 0)
                kp__build_entry(b, lp->pn[a] + p, rule == KP_RULE_PERIOD_HOURS
                                ? in->act[a].hours : in->act[a].cost);
    }
}

void kp__period_hours_rows(struct kp__build *b, int i)
{
    (void)i;
    period_rows(b, KP_RULE_PERIOD_HOURS);
}

void kp__period_budget_rows(struct kp__build *b, int i)
{
    (void)i;
    period_rows(b, KP_RULE_PERIOD_BUDGET);
}

/* Outside its window an activity's n is 0. */
void kp__period_window_bounds(struct kp__build *b)
{
    const kp_instance *in = b->in;
    kp__lp *lp = b->lp;
    if (!lp->nper || kp__build_dropped(b, -1, KP_RULE_PERIOD_WINDOW))
        return;
    for (size_t a = 0; a < in->nact; a++)
        for (int p = 0; lp->pn[a] >= 0 && p < lp->nper; p++)
            if (p < in->win[a].earliest || p > in->win[a].latest)
                lp->ub[lp->pn[a] + p] = 0;
}

/* prec(b,a@p): n[b,p] <= max_per_period[b] * s[a,p], b in a period only
 * once a has been done in it or before. */
void kp__period_order_rows(struct kp__build *b, int a)
{
    const kp_instance *in = b->in;
    const kp__activity *ac = &in->act[a];
    kp__lp *lp = b->lp;
    if (!lp->nper || lp->pn[a] < 0 || kp__build_dropped(b, -1, KP_RULE_PERIOD_ORDER))
        return;
    for (int r = 0; r < ac->nrequires; r++) {
        int q = ac->requires[r];
        if (lp->ps[q] < 0)
            continue;
        for (int p = 0; p < lp->nper; p++) {
            char id2[600];
            snprintf(id2, sizeof id2, "%.255s@%.255s", in->act[q].id, in->per[p].id);
            kp__build_row(b, -HUGE_VAL, 0, "prec", ac->id, id2, (long)a, 0);
            kp__build_entry(b, lp->pn[a] + p, 1);
            kp__build_entry(b, lp->ps[q] + p, -(double)in->win[a].max_per);
        }
    }
}

/* ---- the plan check ----------------------------------------------------- */

/* The first period of activity a in the plan under check, or -1. */
static int first_period(const struct kp__check *c, int a)
{
    const int *pc = c->pcounts + (size_t)a * c->in->nper;
    for (size_t p = 0; p < c->in->nper; p++)
        if (pc[p] > 0)
            return (int)p;
    return -1;
}

/* Activity i's periods: they hold its count, each at most max_per_period,
 * none outside its window. */
void kp__period_window_check(struct kp__check *c, int i)
{
    const kp_instance *in = c->in;
    const kp__activity *a = &in->act[i];
    const kp__window *w;
    const int *pc;
    int sum = 0;
    if (!in->nper || c->counts[i] < 0)
        return;
    w = &in->win[i];
    pc = c->pcounts + (size_t)i * in->nper;
    for (size_t p = 0; p < in->nper; p++) {
        sum += pc[p];
        if (pc[p] < 0 || pc[p] > w->max_per)
            kp__check_report(c, KP_RULE_PERIOD_WINDOW, in->acc[a->account].id, a->id,
                             pc[p] < 0 ? -pc[p] : pc[p] - w->max_per,
                             "%s: done %d times in %s, max_per_period is %d", a->id,
                             pc[p], in->per[p].id, w->max_per);
        else if (pc[p] > 0 && ((int)p < w->earliest || (int)p > w->latest))
            kp__check_report(c, KP_RULE_PERIOD_WINDOW, in->acc[a->account].id, a->id,
                             pc[p], "%s: done in %s, outside its window %s to %s "
                             "(earliest, latest)", a->id, in->per[p].id,
                             in->per[w->earliest].id, in->per[w->latest].id);
    }
    if (sum != c->counts[i])
        kp__check_report(c, KP_RULE_PERIOD_WINDOW, in->acc[a->account].id, a->id,
                         abs(sum - c->counts[i]), "%s: done %d times, but its "
                         "periods hold %d", a->id, c->counts[i], sum);
}

/* Each period over its limit under rule. */
static void period_check(struct kp__check *c, int rule)
{
    const kp_instance *in = c->in;
    for (size_t p = 0; p < in->nper; p++) {
        double cap = limit(in, c->sc, rule, p), u = 0;
        if (cap == HUGE_VAL)
            continue;
        for (size_t a = 0; a < in->nact; a++) {
            int n = c->pcounts[a * in->nper + p];
            if (n > 0 && c->counts[a] > 0)
                u += n * (rule == KP_RULE_PERIOD_HOURS ? in->act[a].hours
                                                       : in->act[a].cost);
        }
        if (kp__over(u, cap))
            kp__check_report(c, rule, NULL, in->per[p].id, u - cap,
                             rule == KP_RULE_PERIOD_HOURS
                             ? "period %s: %.10g hours planned, %.10g available"
                             : "period %s: %.10g budget planned, %.10g available",
                             in->per[p].id, u, cap);
    }
}

void kp__period_hours_check(struct kp__check *c, int i)
{
    (void)i;
    period_check(c, KP_RULE_PERIOD_HOURS);
}

void kp__period_budget_check(struct kp__check *c, int i)
{
    (void)i;
    period_check(c, KP_RULE_PERIOD_BUDGET);
}

/* Activity i done before a prerequisite has been done. */
void kp__period_order_check(struct kp__check *c, int i)
{
    const kp_instance *in = c->in;
    const kp__activity *a = &in->act[i];
    int fb;
    if (!in->nper || c->counts[i] <= 0 || (fb = first_period(c, i)) < 0)
        return;
    for (int r = 0; r < a->nrequires; r++) {
        int q = a->requires[r], fq;
        if (c->counts[q] <= 0 || (fq = first_period(c, q)) < 0 || fq <= fb)
            continue;   /* not done at all: the rule requires says so */
        kp__check_report(c, KP_RULE_PERIOD_ORDER, in->acc[a->account].id, a->id,
                         fq - fb, "%s in %s comes before its prerequisite %s "
                         "(first done in %s)", a->id, in->per[fb].id, in->act[q].id,
                         in->per[fq].id);
    }
}

/* ---- explanations -------------------------------------------------------- */

static int any_limit(const kp_instance *in, const kp__scenario *sc, int rule)
{
    for (size_t p = 0; p < in->nper; p++)
        if (limit(in, sc, rule, p) != HUGE_VAL)
            return 1;
    return 0;
}

int kp__period_hours_applies(const kp_instance *in, const kp__scenario *sc, int k,
                             const unsigned char *omit)
{
    (void)omit;
    return k < 0 && any_limit(in, sc, KP_RULE_PERIOD_HOURS);
}

int kp__period_budget_applies(const kp_instance *in, const kp__scenario *sc, int k,
                              const unsigned char *omit)
{
    (void)omit;
    return k < 0 && any_limit(in, sc, KP_RULE_PERIOD_BUDGET);
}

/* Whether some activity has a window narrower than the horizon, or a
 * max_per_period below its max_count. */
int kp__period_window_applies(const kp_instance *in, const kp__scenario *sc, int k,
                              const unsigned char *omit)
{
    (void)sc, (void)omit;
    for (size_t a = 0; k < 0 && in->nper && a < in->nact; a++)
        if (in->win[a].earliest > 0 || in->win[a].latest < (int)in->nper - 1 ||
            in->win[a].max_per < in->act[a].max_count)
            return 1;
    return 0;
}

int kp__period_order_applies(const kp_instance *in, const kp__scenario *sc, int k,
                             const unsigned char *omit)
{
    (void)sc, (void)omit;
    for (size_t a = 0; k < 0 && in->nper && a < in->nact; a++)
        if (in->act[a].nrequires > 0)
            return 1;
    return 0;
}

/* "each period's hours (periods.csv hours: Q1 100, Q2 80)". */
static void period_words(const kp_instance *in, const kp__scenario *sc, int rule,
                         kp__str *out)
{
    const char *sep = "";
    const char *what = rule == KP_RULE_PERIOD_HOURS ? "hours" : "budget";
    kp__str_addf(out, "each period's %s (periods.csv %s:", what, what);
    for (size_t p = 0; p < in->nper; p++) {
        double cap = limit(in, sc, rule, p);
        if (cap == HUGE_VAL)
            continue;
        kp__str_addf(out, "%s %s %.10g", sep, in->per[p].id, cap);
        sep = ",";
    }
    kp__str_addf(out, ")");
}

void kp__period_hours_words(const kp_instance *in, const kp__scenario *sc, int k,
                            kp__str *out)
{
    (void)k;
    period_words(in, sc, KP_RULE_PERIOD_HOURS, out);
}

void kp__period_budget_words(const kp_instance *in, const kp__scenario *sc, int k,
                             kp__str *out)
{
    (void)k;
    period_words(in, sc, KP_RULE_PERIOD_BUDGET, out);
}

void kp__period_window_words(const kp_instance *in, const kp__scenario *sc, int k,
                             kp__str *out)
{
    (void)in, (void)sc, (void)k;
    kp__str_add(out, "each activity is done only in its periods, at most "
                "max_per_period times in one (activities.csv earliest, latest, "
                "max_per_period)");
}

void kp__period_order_words(const kp_instance *in, const kp__scenario *sc, int k,
                            kp__str *out)
{
    (void)in, (void)sc, (void)k;
    kp__str_add(out, "an activity may be done in a period only once each of its "
                "prerequisites has been done in that period or an earlier one "
                "(requires, over periods)");
}

/* ---- placement and what can never be ------------------------------------- */

/* The activities in an order where each comes after its prerequisites
 * (requires has no cycle: the loader checks it), into ord (nact entries).
 * Returns 0, or -1 when out of memory. */
static int topo_order(const kp_instance *in, int *ord)
{
    size_t n = in->nact, head = 0, tail = 0, nreq = 0;
    int *left = malloc((n + 1) * sizeof *left), *start = calloc(n + 2, sizeof *start);
    int *by = NULL;
    if (!left || !start)
        goto oom;
    for (size_t a = 0; a < n; a++) {
        left[a] = in->act[a].nrequires;
        nreq += (size_t)in->act[a].nrequires;
        for (int r = 0; r < in->act[a].nrequires; r++)
            start[in->act[a].requires[r] + 1]++;
    }
    for (size_t a = 0; a < n; a++)
        start[a + 1] += start[a];
    if (!(by = malloc((nreq + 1) * sizeof *by)))
        goto oom;
    for (size_t a = 0; a < n; a++)
        for (int r = 0; r < in->act[a].nrequires; r++)
            by[start[in->act[a].requires[r]]++] = (int)a;
    for (size_t a = n; a > 0; a--)      /* start[] moved one slot on */
        start[a] = start[a - 1];
    start[0] = 0;
    for (size_t a = 0; a < n; a++)
        if (!left[a])
            ord[tail++] = (int)a;
    while (head < tail) {
        int a = ord[head++];
        for (int e = start[a]; e < start[a + 1]; e++)
            if (--left[by[e]] == 0)
                ord[tail++] = by[e];
    }
    free(left);
    free(start);
    free(by);
    return tail == n ? 0 : -1;
oom:
    free(left);
    free(start);
    free(by);
    return -1;
}

/* Whether one more occurrence of a fits period p (hours and budget used
 * so far in uh, uc). */
static int fits(const kp_instance *in, const kp__scenario *sc, size_t a, size_t p,
                const double *uh, const double *uc)
{
    double h = limit(in, sc, KP_RULE_PERIOD_HOURS, p);
    double b = limit(in, sc, KP_RULE_PERIOD_BUDGET, p);
    return (h == HUGE_VAL || uh[p] + in->act[a].hours <= h) &&
           (b == HUGE_VAL || uc[p] + in->act[a].cost <= b);
}

/* kp__periods_place, and with trim (counts then writable) kp__periods_fit:
 * an occurrence without room is dropped from counts, and so is every
 * occurrence of an activity whose prerequisite has none left. */
static int place(const kp_instance *in, size_t s, int *counts_w, const int *counts,
                 int *pcounts)
{
    const kp__scenario *sc = &in->scen[s];
    size_t P = in->nper, n = in->nact;
    int *ord = malloc((n + 1) * sizeof *ord), *first = malloc((n + 1) * sizeof *first);
    double *uh = calloc(2 * P + 1, sizeof *uh), *uc = uh ? uh + P : NULL;
    int rc = 0;

    if (!ord || !first || !uh || topo_order(in, ord) != 0) {
        free(ord);
        free(first);
        free(uh);
        return -1;
    }
    memset(pcounts, 0, n * P * sizeof *pcounts);
    for (size_t i = 0; i < n; i++) {
        int a = ord[i], lo = in->win[a].earliest, left = counts[a];
        const kp__window *w = &in->win[a];
        first[a] = -1;
        for (int r = 0; r < in->act[a].nrequires; r++) {
            if (counts_w && left > 0 && counts[in->act[a].requires[r]] <= 0) {
                counts_w[a] = left = 0;     /* its prerequisite was dropped */
                rc = 1;
            }
            if (first[in->act[a].requires[r]] > lo)
                lo = first[in->act[a].requires[r]];
        }
        for (int p = lo; left > 0 && p <= w->latest; p++) {
            while (left > 0 && pcounts[(size_t)a * P + p] < w->max_per &&
                   fits(in, sc, (size_t)a, (size_t)p, uh, uc)) {
                pcounts[(size_t)a * P + p]++;
                uh[p] += in->act[a].hours;
                uc[p] += in->act[a].cost;
                left--;
            }
        }
        if (counts_w && left > 0) {     /* no room: dropped */
            counts_w[a] -= left;
            left = 0;
            rc = 1;
        }
        /* No room: the rest goes where max_per_period still allows (else
         * to the first period it may take), and the check says what is
         * broken. */
        for (int p = lo; left > 0 && p <= w->latest; p++)
            while (left > 0 && pcounts[(size_t)a * P + p] < w->max_per) {
                pcounts[(size_t)a * P + p]++;
                left--;
                rc = 1;
            }
        if (left > 0) {
            rc = 1;
            pcounts[(size_t)a * P + (lo <= w->latest ? lo : w->latest)] += left;
        }
        for (size_t p = 0; p < P && counts[a] > 0; p++)
            if (pcounts[(size_t)a * P + p] > 0) {
                first[a] = (int)p;
                break;
            }
    }
    free(ord);
    free(first);
    free(uh);
    return rc;
}

/* model.h. */
int kp__periods_place(const kp_instance *in, size_t s, const int *counts, int *pcounts)
{
    return place(in, s, NULL, counts, pcounts);
}

/* model.h. */
int kp__periods_fit(const kp_instance *in, size_t s, int *counts)
{
    int *pc = malloc((in->nact * in->nper + 1) * sizeof *pc), rc;
    if (!pc)
        return -1;
    rc = place(in, s, counts, counts, pc);
    free(pc);
    return rc;
}

/* The earliest period each activity can be done in, its prerequisites
 * done first (its window's start, or a prerequisite's earliest), into ep;
 * from[a] the prerequisite that sets it (-1: its own window). Returns 0
 * or -1 (memory). */
static int earliest_possible(const kp_instance *in, int *ep, int *from)
{
    int *ord = malloc((in->nact + 1) * sizeof *ord);
    if (!ord || topo_order(in, ord) != 0) {
        free(ord);
        return -1;
    }
    for (size_t i = 0; i < in->nact; i++) {
        int a = ord[i];
        ep[a] = in->win[a].earliest;
        from[a] = -1;
        for (int r = 0; r < in->act[a].nrequires; r++) {
            int q = in->act[a].requires[r];
            if (ep[q] > ep[a]) {
                ep[a] = ep[q];
                from[a] = q;
            }
        }
    }
    free(ord);
    return 0;
}

/* model.h. */
int kp__periods_forced(const kp_instance *in, const kp__scenario *sc, kp__str *why)
{
    int *ep, *from, found = 0;
    (void)sc;
    if (!in->nper)
        return 0;
    ep = malloc((in->nact + 1) * sizeof *ep);
    from = malloc((in->nact + 1) * sizeof *from);
    if (!ep || !from || earliest_possible(in, ep, from) != 0) {
        free(ep);
        free(from);
        return 0;               /* out of memory: the solve finds it */
    }
    for (size_t a = 0; a < in->nact && !found; a++) {
        const kp__activity *ac = &in->act[a];
        if (ac->min_count <= 0 || ep[a] <= in->win[a].latest || from[a] < 0)
            continue;
        kp__str_addf(why, "%s must come after %s, which cannot happen before %s, "
                     "but %s must be done by %s", ac->id, in->act[from[a]].id,
                     in->per[ep[from[a]]].id, ac->id, in->per[in->win[a].latest].id);
        found = (int)a + 1;
    }
    free(ep);
    free(from);
    return found;
}
