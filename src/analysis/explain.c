/*
 * explain.c - why a scenario has no plan, in a planner's words.
 *
 * The rules of the rule table (src/model/rules.c) come in named groups:
 * per account, being forced key (status_key), its hour and budget caps,
 * its min_hours, its contact breadth, its entrenched influencers and its
 * blocking opponents; for the whole plan, the hours, the budget, the
 * portfolio size, prerequisites and alternatives. Which groups a scenario
 * has, the order they are tried in and their words come from the table.
 * A deletion filter leaves groups out of the model (built
 * exactly, without the builder's shortcuts) while it stays infeasible; the
 * groups it cannot leave out cannot hold together, and leaving out any one
 * of them makes the scenario feasible. Groups are tried in halves, so that
 * the hundreds of groups of accounts nobody forces cost a few solves only.
 *
 * Without a forced key account the empty plan meets every rule, so every
 * explanation names at least one account with status=key. More: emptying
 * every account that no forced account needs (through prerequisites) keeps
 * any plan within every rule group, so only the forced accounts and those
 * their prerequisites reach are in the model and its groups at all.
 *
 * Where the hours, the budget or the portfolio size are among the causes,
 * one more solve finds the least of them that any plan meeting every other
 * rule needs: that minus the limit is the least increase that helps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"

/* A rule group: rule (enum kp_rule) of account k, or of the plan (k < 0). */
struct group {
    int rule;
    int k;
    int active;         /* still in the model */
};

struct kp_explanation {
    kp_explanation_summary sum;
    size_t n;
    kp_conflict *conf;      /* strings malloc'd */
    char *text;
};

/* The filter's state. */
struct filter {
    const kp_instance *in;
    size_t s;
    struct group *g;
    size_t ng;
    unsigned *drop_acc;     /* per account, rebuilt for every question */
    unsigned char *omit;    /* per account: left out (no forced account
                               needs it) */
    double t0, limit;
    volatile const int *stop;   /* kp_explain_opts.stop */
    int solves;
    int undecided;          /* a question ran out of time, or was stopped */
};

/* Defaults: 60 seconds for the whole explanation, no stop flag. */
void kp_explain_opts_init(kp_explain_opts *o)
{
    o->time_limit = 60;
    o->stop = NULL;
}

/* The seconds left to the next question: > 0, or 0 when there is no limit;
 * -1 when the time is up or a stop was asked for (the question is then
 * undecided, and not asked). */
static double time_left(const struct filter *f)
{
    double left = 0;
    if (f->stop && *f->stop)
        return -1;
    if (f->limit > 0 && (left = f->limit - (kp__now() - f->t0)) <= 0)
        return -1;
    return left;
}

/* The order groups are tried in: the rule table's explain_rank. */
static int rank(int rule)
{
    return kp__rule_get(rule)->explain_rank;
}

/* The filter's order: by rank, then by account. */
static int cmp_filter(const void *pa, const void *pb)
{
    const struct group *a = pa, *b = pb;
    if (rank(a->rule) != rank(b->rule))
        return rank(a->rule) - rank(b->rule);
    return a->k - b->k;
}

/* The explanation's order: account by account (file order, each in the
 * order of enum kp_rule, status_key first), then the whole plan's rules. */
static int cmp_text(const void *pa, const void *pb)
{
    const struct group *a = pa, *b = pb;
    if ((a->k < 0) != (b->k < 0))
        return a->k < 0 ? 1 : -1;
    if (a->k != b->k)
        return a->k - b->k;
    return a->rule - b->rule;
}

/* 1 when account k is forced key in scenario sc (or committed and
 * excluded, which cannot hold). */
static int forced(const kp_instance *in, const kp__scenario *sc, int k)
{
    return k >= 0 && (kp__acc_status(in, sc, k) == KP_KEY ||
                      kp__acc_conflict(in, sc, k));
}

/* Marks in f->omit the accounts no forced account needs: all but the
 * forced ones and those their activities' prerequisites reach
 * (prerequisites of prerequisites too), by a breadth-first search over
 * the accounts: each account and each prerequisite is looked at once.
 * Returns 0, or -1 when out of memory. */
static int needed_accounts(struct filter *f)
{
    const kp_instance *in = f->in;
    int *queue = malloc((in->nacc + 1) * sizeof *queue);
    size_t head = 0, tail = 0;

    if (!queue)
        return -1;
    for (size_t k = 0; k < in->nacc; k++) {
        f->omit[k] = !forced(in, &in->scen[f->s], (int)k);
        if (!f->omit[k])
            queue[tail++] = (int)k;
    }
    while (head < tail) {
        int k = queue[head++];
        for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
            const kp__activity *ac = &in->act[in->act_idx[i]];
            for (int r = 0; r < ac->nrequires; r++) {
                int q = in->act[ac->requires[r]].account;
                if (f->omit[q]) {
                    f->omit[q] = 0;
                    queue[tail++] = q;
                }
            }
        }
    }
    free(queue);
    return 0;
}

/* 1 when the rule table's rule r is a group of one account (else of the
 * plan). */
static int per_account(const kp__rule *r)
{
    return r->scope == KP__SCOPE_ACCOUNT || r->scope == KP__SCOPE_CONTACT;
}

/* Appends group (rule, k) to f->g. */
static void add_group(struct filter *f, int rule, int k)
{
    f->g[f->ng].rule = rule;
    f->g[f->ng].k = k;
    f->g[f->ng++].active = 1;
}

/* Appends the groups of scenario s to f->g: each rule of the table that
 * applies, to the plan, then to each eligible account that is not
 * omitted. Returns 0 or -1 (memory). */
static int collect(struct filter *f)
{
    const kp_instance *in = f->in;
    const kp__scenario *sc = &in->scen[f->s];
    size_t cap = KP_N_RULES * (in->nacc + 1);

    f->g = malloc(cap * sizeof *f->g);
    if (!f->g)
        return -1;
    for (int r = 0; r < KP_N_RULES; r++) {
        const kp__rule *rule = kp__rule_get(r);
        if (rule->applies && !per_account(rule) && rule->applies(in, sc, -1, f->omit))
            add_group(f, r, -1);
    }
    for (size_t k = 0; k < in->nacc; k++) {
        if (!(kp__acc_eligible(in, sc, (int)k) || kp__acc_conflict(in, sc, (int)k)) ||
            f->omit[k])
            continue;
        for (int r = 0; r < KP_N_RULES; r++) {
            const kp__rule *rule = kp__rule_get(r);
            if (rule->applies && per_account(rule) &&
                rule->applies(in, sc, (int)k, f->omit))
                add_group(f, r, (int)k);
        }
    }
    return 0;
}

/* Builds the model with every inactive group left out except `except`
 * (a global rule also left out, or -1). */
static int build(struct filter *f, int except, kp__lp **lp)
{
    kp__lp_opts o;
    memset(&o, 0, sizeof o);
    o.exact = 1;
    o.drop_acc = f->drop_acc;
    o.omit_acc = f->omit;
    memset(f->drop_acc, 0, (f->in->nacc + 1) * sizeof *f->drop_acc);
    for (size_t i = 0; i < f->ng; i++) {
        if (f->g[i].active)
            continue;
        if (f->g[i].k < 0)
            o.drop |= KP__RULE_BIT(f->g[i].rule);
        else
            f->drop_acc[f->g[i].k] |= KP__RULE_BIT(f->g[i].rule);
    }
    if (except >= 0)
        o.drop |= KP__RULE_BIT(except);
    return kp__lp_build_opts(f->in, f->s, &o, lp);
}

/* The seconds left once a model that took build_s seconds to build is
 * built: -1 when they are too few to load it into GLPK, which cannot be
 * interrupted (KP__GLP_LOAD_PACE), else as time_left. */
static double left_to_solve(const struct filter *f, double build_s)
{
    double left = time_left(f);
    return left > 0 && left < KP__GLP_LOAD_PACE * build_s ? -1 : left;
}

/* Asks GLPK about the model of the active groups: *verdict is KP__FEAS_*
 * (unknown, and f->undecided set, when the time left after building the
 * model is too short to ask). Returns KP_OK, KP_ENOMEM or KP_ESOLVER. */
static int ask(struct filter *f, int *verdict)
{
    kp__lp *lp = NULL;
    double v, left = time_left(f), tb = kp__now();
    int rc;

    *verdict = KP__FEAS_UNKNOWN;
    if (left < 0) {
        f->undecided = 1;
        return KP_OK;
    }
    if ((rc = build(f, -1, &lp)) != KP_OK)
        return rc;
    if ((left = left_to_solve(f, kp__now() - tb)) < 0) {
        f->undecided = 1;
        kp__lp_free(lp);
        return KP_OK;
    }
    rc = kp__lp_minimize(lp, NULL, left, f->stop, verdict, &v);
    f->solves++;
    if (*verdict == KP__FEAS_UNKNOWN)
        f->undecided = 1;
    kp__lp_free(lp);
    return rc;
}

/* The deletion filter over idx[lo..hi) (group indices, all active): leaves
 * out every chunk whose absence keeps the model infeasible, splitting a
 * chunk that cannot go as a whole. Once the time is up or a stop was
 * asked for, the rest stays in, undecided. Returns KP_OK or an error
 * status. */
static int filter_range(struct filter *f, const size_t *idx, size_t lo, size_t hi)
{
    int verdict, rc;
    if (lo >= hi)
        return KP_OK;
    if (time_left(f) < 0) {
        f->undecided = 1;
        return KP_OK;
    }
    for (size_t i = lo; i < hi; i++)
        f->g[idx[i]].active = 0;
    rc = ask(f, &verdict);
    if (rc != KP_OK || verdict == KP__FEAS_NONE)
        return rc;
    for (size_t i = lo; i < hi; i++)
        f->g[idx[i]].active = 1;
    if (hi - lo == 1)
        return KP_OK;   /* needed (or undecided: kept, to be safe) */
    size_t mid = lo + (hi - lo) / 2;
    rc = filter_range(f, idx, lo, mid);
    return rc != KP_OK ? rc : filter_range(f, idx, mid, hi);
}

/* The planner's words for one group (the rule table's words): a
 * malloc'd string, or NULL when out of memory. */
static char *group_text(const kp_instance *in, const kp__scenario *sc,
                        const struct group *g)
{
    const kp__rule *r = kp__rule_get(g->rule);
    kp__str s = KP__STR_INIT;
    if (r->words)
        r->words(in, sc, g->k, &s);
    else
        kp__str_add(&s, kp_rule_name(g->rule));
    return kp__str_take(&s);
}

/* The least extra amount of global rule `rule` (hours, budget or
 * max_key_accounts) that makes the scenario feasible with every other
 * rule: minimises that row's sum with the rule left out. Sets *extra (NaN
 * when undecided, INFINITY when nothing helps) and clears *proven when the
 * least was not proven. */
static int least_extra(struct filter *f, int rule, double *extra, int *proven)
{
    const kp__scenario *sc = &f->in->scen[f->s];
    kp__lp *lp = NULL;
    double *cost = NULL, v, left, limit, tb = kp__now();
    int verdict, row, rc;

    *extra = NAN;
    if (time_left(f) < 0) {
        *proven = 0;
        return KP_OK;
    }
    /* Every other rule: the whole model, not only the conflicts. */
    for (size_t i = 0; i < f->ng; i++)
        f->g[i].active = 1;
    rc = build(f, rule, &lp);
    if (rc != KP_OK)
        goto out;
    row = rule == KP_RULE_HOURS ? lp->hours_row : rule == KP_RULE_BUDGET
          ? lp->budget_row : lp->portfolio_row;
    limit = rule == KP_RULE_HOURS ? sc->hours : rule == KP_RULE_BUDGET
            ? sc->budget : sc->max_key_accounts;
    cost = calloc((size_t)lp->ncols + 1, sizeof *cost);
    if (!cost) {
        rc = KP_ENOMEM;
        goto out;
    }
    for (int e = row >= 0 ? lp->rstart[row] : 0; row >= 0 && e < lp->rstart[row + 1]; e++)
        cost[lp->rind[e]] = lp->rval[e];
    if ((left = left_to_solve(f, kp__now() - tb)) < 0) {
        *proven = 0;
        goto out;
    }
    rc = kp__lp_minimize(lp, cost, left, f->stop, &verdict, &v);
    f->solves++;
    if (rc != KP_OK)
        goto out;
    if (verdict == KP__FEAS_NONE) {
        *extra = INFINITY;
    } else if (verdict == KP__FEAS_MIN || verdict == KP__FEAS_SOME) {
        /* Sums of the input's numbers: round away GLPK's noise. */
        /* v in the row's scaled units; the factor is a power of two. */
        double x = (row >= 0 ? v / lp->rscale[row] : v) - limit;
        double r = x > 0 ? x : 0;
        if (fabs(r - floor(r + 0.5)) < 1e-6 * (1 + fabs(r)))
            r = floor(r + 0.5);
        *extra = r;
        if (verdict == KP__FEAS_SOME)
            *proven = 0;
    } else {
        *proven = 0;
    }
out:
    free(cost);
    kp__lp_free(lp);
    return rc;
}

/* kamplan.h. */
void kp_explanation_free(kp_explanation *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n; i++) {
        free((char *)e->conf[i].account_id);
        free((char *)e->conf[i].text);
    }
    free(e->conf);
    free(e->text);
    free(e);
}

/* kamplan.h. */
void kp_explanation_get_summary(const kp_explanation *e, kp_explanation_summary *sum)
{
    *sum = e->sum;
}

/* kamplan.h. */
const kp_conflict *kp_explanation_conflict(const kp_explanation *e, size_t i)
{
    return i < e->n ? &e->conf[i] : NULL;
}

/* kamplan.h. */
const char *kp_explanation_text(const kp_explanation *e)
{
    return e->text ? e->text : "";
}

/* One sentence on the least extra of rule, appended to s. */
static void extra_text(kp__str *s, int rule, double extra, double limit, int proven)
{
    static const char *const what[] = {"hours", "budget", "key accounts"};
    int w = rule == KP_RULE_HOURS ? 0 : rule == KP_RULE_BUDGET ? 1 : 2;
    if (!kp__isset(extra))
        return;
    if (isinf(extra))
        kp__str_addf(s, " More %s alone would not make it feasible.", what[w]);
    else if (w == 2)
        kp__str_addf(s, " With max_key_accounts %.10g it becomes feasible%s.",
                     limit + extra, proven ? "" : " (perhaps with fewer)");
    else if (w == 1)
        kp__str_addf(s, " A budget %.10g higher (%.10g in all) would make it "
                     "feasible%s.", extra, limit + extra,
                     proven ? "" : " (perhaps less would)");
    else
        kp__str_addf(s, " %.10g more hour%s (%.10g in all) would make it feasible%s.",
                     extra, extra == 1 ? "" : "s", limit + extra,
                     proven ? "" : " (perhaps fewer would)");
}

/* e's conflicts: the groups the filter kept, in the explanation's order.
 * Returns 0 or -1 (memory). */
static int conflicts(struct filter *f, kp_explanation *e)
{
    const kp_instance *in = f->in;
    e->conf = calloc(f->ng + 1, sizeof *e->conf);
    if (!e->conf)
        return -1;
    qsort(f->g, f->ng, sizeof *f->g, cmp_text);
    for (size_t i = 0; i < f->ng; i++) {
        kp_conflict *c = &e->conf[e->n];
        if (!f->g[i].active)
            continue;
        c->rule = f->g[i].rule;
        c->account_id = kp__strdup(f->g[i].k >= 0 ? in->acc[f->g[i].k].id : "");
        c->text = group_text(in, &in->scen[f->s], &f->g[i]);
        e->n++;
        if (!c->account_id || !c->text)
            return -1;
    }
    e->sum.conflicts = e->n;
    return 0;
}

/* Fills e from the filter's result: conflicts, summary and text. */
static int describe(struct filter *f, kp_explanation *e)
{
    const kp__scenario *sc = &f->in->scen[f->s];
    kp__str t = KP__STR_INIT;

    if (conflicts(f, e) != 0)
        return -1;
    kp__str_add(&t, e->n ? "these rules cannot all hold: " : "");
    for (size_t i = 0; i < e->n; i++)
        kp__str_addf(&t, "%s%s", i ? "; " : "", e->conf[i].text);
    if (e->n)
        kp__str_add(&t, ".");
    extra_text(&t, KP_RULE_HOURS, e->sum.extra_hours, sc->hours, e->sum.extra_proven);
    extra_text(&t, KP_RULE_BUDGET, e->sum.extra_budget, sc->budget,
               e->sum.extra_proven);
    extra_text(&t, KP_RULE_MAX_KEY_ACCOUNTS, e->sum.extra_key_accounts,
               sc->max_key_accounts, e->sum.extra_proven);
    if (e->n && !e->sum.minimal)
        kp__str_addf(&t, " (%s before each of these was shown to be needed.)",
                     f->stop && *f->stop ? "Stopped" : "The time limit ran out");
    e->text = kp__str_take(&t);
    return e->text ? 0 : -1;
}

/* Runs the deletion filter: the groups of unforced accounts first, as one
 * chunk (an unforced account can always stay out of the portfolio, so
 * they matter only through a prerequisite that a forced account's
 * activity needs), then the others. Returns KP_OK or an error status. */
static int find_conflicts(struct filter *f)
{
    size_t *idx = malloc((f->ng + 1) * sizeof *idx), nfree = 0, nidx = 0;
    int rc;
    if (!idx)
        return KP_ENOMEM;
    for (size_t i = 0; i < f->ng; i++)
        if (f->g[i].k >= 0 && !forced(f->in, &f->in->scen[f->s], f->g[i].k))
            idx[nidx++] = i;
    nfree = nidx;
    for (size_t i = 0; i < f->ng; i++)
        if (f->g[i].k < 0 || forced(f->in, &f->in->scen[f->s], f->g[i].k))
            idx[nidx++] = i;
    rc = filter_range(f, idx, 0, nfree);
    if (rc == KP_OK)
        rc = filter_range(f, idx, nfree, nidx);
    free(idx);
    return rc;
}

/* The least extras of the hours, the budget and the portfolio size, for
 * those among the conflicts; keeps the filter's answer (least_extra
 * reactivates every group). Returns KP_OK or an error status. */
static int find_extras(struct filter *f, kp_explanation_summary *sum)
{
    unsigned char *kept = malloc(f->ng + 1);
    int with[3] = {0, 0, 0}, rc = KP_OK;
    if (!kept)
        return KP_ENOMEM;
    for (size_t i = 0; i < f->ng; i++) {
        kept[i] = (unsigned char)f->g[i].active;
        if (!f->g[i].active || f->g[i].k >= 0)
            continue;
        with[0] |= f->g[i].rule == KP_RULE_HOURS;
        with[1] |= f->g[i].rule == KP_RULE_BUDGET;
        with[2] |= f->g[i].rule == KP_RULE_MAX_KEY_ACCOUNTS;
    }
    if (with[0])
        rc = least_extra(f, KP_RULE_HOURS, &sum->extra_hours, &sum->extra_proven);
    if (rc == KP_OK && with[1])
        rc = least_extra(f, KP_RULE_BUDGET, &sum->extra_budget, &sum->extra_proven);
    if (rc == KP_OK && with[2])
        rc = least_extra(f, KP_RULE_MAX_KEY_ACCOUNTS, &sum->extra_key_accounts,
                         &sum->extra_proven);
    for (size_t i = 0; i < f->ng; i++)
        f->g[i].active = kept[i];
    free(kept);
    return rc;
}

/* Sets up the filter for scenario s: the accounts that matter and their
 * groups, in the filter's order. Returns KP_OK or KP_ENOMEM. */
static int filter_start(struct filter *f, const kp_instance *in, size_t s,
                        const kp_explain_opts *o)
{
    memset(f, 0, sizeof *f);
    f->in = in;
    f->s = s;
    f->t0 = kp__now();
    f->limit = o->time_limit;
    f->stop = o->stop;
    f->drop_acc = calloc(in->nacc + 1, sizeof *f->drop_acc);
    f->omit = calloc(in->nacc + 1, 1);
    if (!f->drop_acc || !f->omit)
        return KP_ENOMEM;
    if (needed_accounts(f) != 0 || collect(f) != 0)
        return KP_ENOMEM;
    qsort(f->g, f->ng, sizeof *f->g, cmp_filter);
    return KP_OK;
}

/* kamplan.h: finds the conflicts (the deletion filter over every group of
 * the accounts that matter), then the least extras, then the words. */
int kp_explain(const kp_instance *in, size_t s, const kp_explain_opts *opts,
               kp_explanation **out, kp_diags *d)
{
    struct filter f;
    kp_explanation *e = NULL;
    kp_explain_opts o;
    int verdict, rc;

    *out = NULL;
    if (s >= in->nscen)
        return KP_EINVAL;
    if (opts)
        o = *opts;
    else
        kp_explain_opts_init(&o);
    rc = filter_start(&f, in, s, &o);
    if (rc == KP_OK && !(e = calloc(1, sizeof *e)))
        rc = KP_ENOMEM;
    if (rc != KP_OK)
        goto out;
    e->sum.extra_hours = e->sum.extra_budget = e->sum.extra_key_accounts = NAN;
    e->sum.extra_proven = 1;
    e->sum.minimal = 1;
    rc = ask(&f, &verdict);
    if (rc != KP_OK)
        goto out;
    if (verdict != KP__FEAS_NONE) {
        e->sum.status = verdict == KP__FEAS_UNKNOWN ? KP_EXPLAIN_UNKNOWN
                                                    : KP_EXPLAIN_FEASIBLE;
        e->sum.minimal = 0;
    } else {
        e->sum.status = KP_EXPLAIN_INFEASIBLE;
        rc = find_conflicts(&f);
        e->sum.minimal = !f.undecided;
        if (rc == KP_OK)
            rc = find_extras(&f, &e->sum);
        if (rc != KP_OK)
            goto out;
    }
    e->sum.solves = f.solves;
    if (e->sum.status == KP_EXPLAIN_INFEASIBLE && describe(&f, e) != 0) {
        rc = KP_ENOMEM;
        goto out;
    }
    e->sum.seconds = kp__now() - f.t0;
    *out = e;
    e = NULL;
out:
    if (rc == KP_ESOLVER)
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "scenario %s: GLPK failed while "
                 "explaining why it is infeasible", in->scen[s].id);
    kp_explanation_free(e);
    free(f.g);
    free(f.drop_acc);
    free(f.omit);
    return rc;
}
