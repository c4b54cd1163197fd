/*
 * report_judge.c - the HTML reports that judge plans: the evaluate report
 * (a plan someone made against the rules and the optimum) and the bench
 * report (plain heuristics against the optimum). The page, escaping and
 * writing are report.c's; the charts report_svg.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

/* ---- The evaluate report ------------------------------------------------ */

struct ev_ctx {
    const kp_instance *in;
    kp_evaluation *const *ev;
    size_t n;
};

/* The optimal plan's figures, from the plan's and the changes (the
 * optimal plan itself is not public): hours, cost, key accounts,
 * activities. NaN and -1 when there is no optimum. */
static void optimum_figures(const kp_evaluation *e, const kp_evaluation_summary *m,
                            double *h, double *c, int *key, int *acts)
{
    *h = *c = NAN;
    *key = *acts = -1;
    if (isnan(m->optimum))
        return;
    *h = m->hours_used;
    *c = m->budget_used;
    *key = m->key_accounts;
    *acts = m->activities;
    for (size_t i = 0; i < kp_evaluation_changes(e); i++) {
        const kp_change *x = kp_evaluation_change(e, i);
        int add = x->kind == KP_CHANGE_ADDED, drop = x->kind == KP_CHANGE_DROPPED;
        if (*x->objective_id)
            continue;
        if (!*x->activity_id) {
            *key += add - drop;
            continue;
        }
        *h += x->hours;
        *c += x->cost;
        *acts += add - drop;
    }
}

/* A verdict badge: class ok or no. */
static void badge(FILE *f, int good, const char *text)
{
    fprintf(f, "<span class=\"badge %s\">%s %s</span> ", good ? "ok" : "no",
            good ? "\xe2\x9c\x93" : "\xe2\x9c\x97", text);
}

/* A signed difference as a cell: "+9,450", "\xe2\x88\x92" (minus) "26,330",
 * "0", or a dash for NaN. */
static void td_diff(FILE *f, double d, int dec)
{
    char buf[64];
    if (isnan(d)) {
        kp__rpt_td_num(f, d, dec);
        return;
    }
    kp__rpt_fmt(buf, sizeof buf, fabs(d), dec);
    fprintf(f, "<td class=\"n\">%s%s</td>",
            strcmp(buf, "0") == 0 ? "" : d > 0 ? "+" : "\xe2\x88\x92", buf);
}

/* One figure row of the plan-against-optimum table: the plan's figure, the
 * optimum's (NaN: none), their difference, and what is available (NaN:
 * unlimited; -1: nothing to show). */
static void ev_row(FILE *f, const char *what, double plan, double opt, double avail,
                   int dec)
{
    fprintf(f, "<tr><td>%s</td>", what);
    kp__rpt_td_num(f, plan, dec);
    kp__rpt_td_num(f, opt, dec);
    td_diff(f, isnan(opt) ? NAN : opt - plan, dec);
    if (avail == -1)
        fputs("<td></td>", f);
    else if (isnan(avail))
        fputs("<td class=\"n muted\">unlimited</td>", f);
    else
        kp__rpt_td_num(f, avail, dec);
    fputs("</tr>\n", f);
}

/* The explanation of an infeasible scenario: the note and its conflicts. */
static void ev_explanation(FILE *f, const kp_evaluation *e)
{
    const kp_explanation *x = kp_evaluation_explanation(e);
    const kp_conflict *c;
    fputs("<h3>Why there is no optimal plan</h3>\n<p>", f);
    kp__html(f, kp_evaluation_note(e));
    fputs("</p>\n", f);
    if (!x || !kp_explanation_conflict(x, 0))
        return;
    fputs("<ul class=\"conflicts\">\n", f);
    for (size_t i = 0; (c = kp_explanation_conflict(x, i)) != NULL; i++) {
        fputs("<li><b>", f);
        kp__html(f, kp_rule_name(c->rule));
        fputs("</b>", f);
        if (*c->account_id) {
            fputs(" (", f);
            kp__html(f, c->account_id);
            fputs(")", f);
        }
        fputs(": ", f);
        kp__html(f, c->text);
        fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);
}

/* Manager id for people: its name (the id when it has none or is not
 * found). */
static void manager_words(FILE *f, const kp_instance *in, const char *id)
{
    for (size_t m = 0; m < in->nmgr; m++) {
        if (strcmp(in->mgr[m].id, id) == 0) {
            kp__html(f, in->mgr[m].name ? in->mgr[m].name : id);
            return;
        }
    }
    kp__html(f, id);
}

/* Counts by period as kp_change has them ("Q1:1 Q3:2") in words:
 * "Q1, Q3 ×2". */
static void periods_words(FILE *f, const char *pieces)
{
    const char *p = pieces;
    int first = 1;
    while (*p) {
        size_t len = strcspn(p, " ");
        const char *colon = NULL;
        for (const char *q = p; q < p + len; q++)
            if (*q == ':')
                colon = q;
        fputs(first ? "" : ", ", f);
        if (colon) {
            kp__html_n(f, p, (size_t)(colon - p));
            if (!(colon + 2 == p + len && colon[1] == '1')) {
                fputs(" \xc3\x97", f);
                kp__html_n(f, colon + 1, (size_t)(p + len - colon - 1));
            }
        } else {
            kp__html_n(f, p, len);
        }
        first = 0;
        p += len + (p[len] == ' ');
    }
}

/* The changes that turn the plan into the optimal one, by account. */
static void ev_changes(FILE *f, const kp_instance *in, const kp_evaluation *e,
                       const kp_evaluation_summary *m)
{
    size_t nc = kp_evaluation_changes(e);
    if (!nc)
        return;
    double diff = m->optimum - m->value;
    char a[64], b[64];
    fputs("<h3>Changes to reach the optimal plan</h3>\n<p class=\"lead\">", f);
    kp__rpt_fmt(a, sizeof a, m->optimum, 2);
    kp__rpt_fmt(b, sizeof b, fabs(diff), 2);
    if (isnan(diff))
        ;
    else if (!m->feasible)
        fprintf(f, "Your plan breaks rules, so its value could not be had and does not "
                "compare with the optimum: the optimal plan meets every rule and is worth "
                "%s. ", a);
    else if (diff > 0)
        fprintf(f, "The optimal plan is worth %s more than yours. ", b);
    else if (diff < 0)
        fprintf(f, "The best plan found is worth %s less than yours. ", b);
    else
        fputs("The optimal plan is worth as much as yours. ", f);
    fprintf(f, "%s change%s, account by account.",
            kp__rpt_fmt(a, sizeof a, (double)nc, 0), nc == 1 ? "" : "s");
    for (size_t i = 0; i < nc; i++) {
        int kind = kp_evaluation_change(e, i)->kind;
        if (kind == KP_CHANGE_MANAGER || kind == KP_CHANGE_MOVED) {
            fputs(" Managers and periods are those of the optimal plan: one way to "
                  "its value, not the only one.", f);
            break;
        }
    }
    fputs("</p>\n", f);
    fputs("<div class=\"tw\"><table><thead><tr><th>Account</th><th>Activity</th><th>Change</th>"
          "<th class=\"n\">Count in plan</th><th class=\"n\">Count optimal</th>"
          "<th class=\"n\">Hours</th><th class=\"n\">Cost</th><th class=\"n\">Value</th>"
          "</tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < nc; i++) {
        const kp_change *c = kp_evaluation_change(e, i);
        int obj = *c->objective_id != 0, acct = !*c->activity_id && !obj;
        fprintf(f, "<tr%s><td class=\"id\">", acct ? " class=\"group\""
                : obj ? " class=\"sub\"" : "");
        kp__html(f, c->account_id);
        fputs("</td><td>", f);
        if (acct && c->kind == KP_CHANGE_MANAGER) {
            fputs("held by another manager: ", f);
            manager_words(f, in, c->manager_from);
            fputs(" \xe2\x86\x92 ", f);
            manager_words(f, in, c->manager_to);
        } else if (acct) {
            fputs(c->kind == KP_CHANGE_ADDED ? "becomes a key account"
                                             : "stops being a key account", f);
        } else if (c->kind == KP_CHANGE_MOVED) {
            kp__html(f, c->activity_id);
            fputs(": ", f);
            periods_words(f, c->periods_from);
            fputs(" \xe2\x86\x92 ", f);
            periods_words(f, c->periods_to);
        } else if (obj) {
            fputs("objective ", f);
            kp__html(f, c->objective_id);
            fputs(c->kind == KP_CHANGE_ADDED ? " becomes supported"
                                             : " is no longer supported", f);
        } else {
            kp__html(f, c->activity_id);
        }
        fputs("</td>", f);
        kp__rpt_td_text(f, kp_change_name(c->kind));
        kp__rpt_td_num(f, c->count_from, 0);
        kp__rpt_td_num(f, c->count_to, 0);
        kp__rpt_td_num(f, c->hours, 2);
        kp__rpt_td_num(f, c->cost, 2);
        kp__rpt_td_num(f, c->value, 2);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table></div>\n", f);
}

/* The verdict of evaluation summary m, as badges: the rules, then the
 * value against the optimum. */
static void ev_badges(FILE *f, const kp_evaluation_summary *m)
{
    char buf[64];   /* fixed words, a status name and numbers */

    if (m->feasible)
        badge(f, 1, "meets every rule");
    else {
        char cnt[48];
        snprintf(buf, sizeof buf, "breaks rules: %s violation%s",
                 kp__rpt_fmt(cnt, sizeof cnt, m->violations, 0),
                 m->violations == 1 ? "" : "s");
        badge(f, 0, buf);
    }
    if (m->optimal)
        badge(f, 1, "optimal");
    else if (!isnan(m->gap_pct)) {
        char pct[48];
        snprintf(buf, sizeof buf, "%s %s the %s", kp__rpt_pct(pct, sizeof pct, fabs(m->gap_pct)),
                 m->gap_pct < 0 ? "above" : "below",
                 m->optimum_status == KP_RES_OPTIMAL ? "optimum" : "best plan found");
        badge(f, m->gap_pct < 0, buf);
    } else if (isnan(m->optimum)) {
        snprintf(buf, sizeof buf, "optimum: %s", kp_result_status_name(m->optimum_status));
        badge(f, 0, buf);
    }
    if (!isnan(m->optimum) && m->optimum_status != KP_RES_OPTIMAL)
        fputs("<span class=\"muted\">the optimum is the best plan found within "
              "the limits</span>", f);
}

/* The optimal plan's figures beside the evaluated plan's: hours (oh),
 * budget (oc), key accounts (okey) and activities (oacts), -1 (NaN for
 * oh and oc) when there is no optimal plan. */
struct ev_optimum {
    double oh, oc;
    int okey, oacts;
};

/* The table of the plan against the optimum and what is available. */
static void ev_table(FILE *f, const kp_instance *in, const kp_evaluation_summary *m,
                     const struct ev_optimum *o)
{
    int maxkey = in->scen[m->scenario].max_key_accounts;
    char buf[64];

    fputs("<div class=\"tw\"><table><thead><tr><th></th>"
          "<th class=\"n\">Your plan</th><th class=\"n\">Optimal plan</th>"
          "<th class=\"n\">Optimal \xe2\x88\x92 yours</th><th class=\"n\">Available</th></tr></thead>\n"
          "<tbody>\n", f);
    ev_row(f, "Value", m->value, m->optimum, -1, 2);
    ev_row(f, "Hours", m->hours_used, o->oh, m->hours_available, 2);
    ev_row(f, "Budget", m->budget_used, o->oc, m->budget_available, 2);
    ev_row(f, "Key accounts", m->key_accounts, o->okey < 0 ? NAN : o->okey,
           maxkey < 0 ? NAN : maxkey, 0);
    ev_row(f, "Activities", m->activities, o->oacts < 0 ? NAN : o->oacts, -1, 0);
    fputs("<tr><td>Gap to the optimum</td>", f);
    fprintf(f, "<td class=\"n\">%s</td><td></td><td></td><td></td></tr>\n",
            kp__rpt_pct(buf, sizeof buf, m->gap_pct));
    fputs("</tbody></table></div>\n", f);
    if (!m->feasible)
        fputs("<p class=\"note\">A plan that breaks a rule has no gap: its value "
              "could not be had.</p>\n", f);
}

/* The chart of value, hours and budget: the plan's column beside the
 * optimum's, against what is available. */
static void ev_chart(FILE *f, const char *sid, const kp_evaluation_summary *m,
                     const struct ev_optimum *o)
{
    static const char *const groups[] = {"Value", "Hours", "Money"};
    static const char *const series[] = {"your plan", "the optimal plan"};
    static const char *const cls[] = {"plan", "mark"};
    static const int dec[] = {2, 2, 2};
    const double vals[6] = {m->value, m->optimum, m->hours_used, o->oh,
                            m->budget_used, o->oc};
    const double limit[3] = {NAN, m->hours_available, m->budget_available};
    kp__rpt_columns b;

    fputs("<figure><figcaption>Your plan against the optimal plan</figcaption>\n", f);
    memset(&b, 0, sizeof b);
    b.chart = "evaluation";
    b.scenario = sid;
    b.ngroups = 3;
    b.nseries = 2;
    b.groups = groups;
    b.series = series;
    b.cls = cls;
    b.v = vals;
    b.limit = limit;
    b.dec = dec;
    kp__svg_columns(f, &b);
    fputs("<p class=\"legend\"><i class=\"plan\"></i>your plan<i class=\"mark\"></i>"
          "the optimal plan<i class=\"lim\"></i>available</p>\n</figure>\n", f);
}

/* What each broken rule means to a planner; a rule without words here is
 * shown by its code. */
static const char *const RULE_WORDS[KP_N_RULES] = {
    [KP_RULE_HOURS] = "more hours than are available",
    [KP_RULE_BUDGET] = "more money than the budget",
    [KP_RULE_MAX_KEY_ACCOUNTS] = "more key accounts than allowed",
    [KP_RULE_STATUS_KEY] = "an account that must be key is left out",
    [KP_RULE_MAX_HOURS] = "more hours on the account than it may take",
    [KP_RULE_MIN_HOURS] = "too few hours for a key account",
    [KP_RULE_MAX_BUDGET] = "more money on the account than it may take",
    [KP_RULE_MIN_CONTACTS] = "too few contacts engaged",
    [KP_RULE_ENTRENCHED] = "an entrenched influencer is not engaged",
    [KP_RULE_OPPONENT] = "an opponent who can block is not engaged",
    [KP_RULE_REQUIRES] = "done without its groundwork",
    [KP_RULE_GROUP] = "two alternatives both done",
    [KP_RULE_MAX_COUNT] = "done more often than possible",
    [KP_RULE_NOT_QUALIFIED] = "the account does not qualify as key",
    [KP_RULE_EXCLUDED] = "the account is excluded",
    [KP_RULE_UNKNOWN_ACTIVITY] = "an activity the instance does not have",
};

static const char *rule_words(int rule)
{
    return rule >= 0 && rule < KP_N_RULES && RULE_WORDS[rule] ? RULE_WORDS[rule]
                                                              : kp_rule_name(rule);
}

/* The violations of e in order of value at stake, largest first (ties in
 * the plan check's order), into ord (n of them). */
static void by_stake(const kp_evaluation *e, size_t *ord, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double v = kp_evaluation_value_at_stake(e, i);
        size_t at = i;
        for (; at > 0 && kp_evaluation_value_at_stake(e, ord[at - 1]) < v; at--)
            ord[at] = ord[at - 1];
        ord[at] = i;
    }
}

/* The rules the plan breaks, one row per violation, the most value at
 * stake first, in words (nothing when none). Returns KP_OK or KP_ENOMEM. */
static int ev_violations(FILE *f, const kp_evaluation *e)
{
    const kp_violations *v = kp_evaluation_violations(e);
    size_t n = kp_violations_count(v), *ord;

    if (!n)
        return KP_OK;
    if (!(ord = malloc(n * sizeof *ord)))
        return KP_ENOMEM;
    by_stake(e, ord, n);
    fputs("<h3>Rules the plan breaks</h3>\n<p class=\"lead\">The most value at stake "
          "first: the part of the plan's value that rests on the broken rule (the whole "
          "plan for a limit of the plan, the account's value for a rule of the account or "
          "its contacts, the activity's value for a rule of the activity).</p>\n"
          "<div class=\"tw\"><table class=\"violations\"><thead><tr>"
          "<th class=\"n\">Value at stake</th><th>What is wrong</th><th>Account</th>"
          "<th>Item</th><th>Detail</th><th class=\"n\">By how much</th>"
          "</tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < n; i++) {
        const kp_violation *x = kp_violations_get(v, ord[i]);
        double stake = kp_evaluation_value_at_stake(e, ord[i]);
        fprintf(f, "<tr data-stake=\"%.17g\">", stake);
        kp__rpt_td_num(f, stake, 2);
        fputs("<td class=\"rule\">", f);
        kp__html(f, rule_words(x->rule));
        fputs("</td>", f);
        kp__rpt_td_text(f, x->account_id);
        kp__rpt_td_text(f, x->item_id);
        kp__rpt_td_text(f, x->detail);
        kp__rpt_td_num(f, x->amount, 2);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table></div>\n", f);
    free(ord);
    return KP_OK;
}

/* One evaluation: the verdict, the plan against the optimum (table and
 * chart), the violations, the explanation and the changes. Returns KP_OK
 * or KP_ENOMEM. */
static int ev_section(FILE *f, const kp_instance *in, const kp_evaluation *e)
{
    kp_evaluation_summary m;
    struct ev_optimum o;

    kp_evaluation_get_summary(e, &m);
    optimum_figures(e, &m, &o.oh, &o.oc, &o.okey, &o.oacts);
    const char *sid = in->scen[m.scenario].id;
    fputs("<section>\n<h2>Scenario ", f);
    kp__html(f, sid);
    fputs("</h2>\n<p>", f);
    ev_badges(f, &m);
    fputs("</p>\n<div class=\"charts\"><div>\n", f);
    ev_table(f, in, &m, &o);
    fputs("</div>\n", f);
    ev_chart(f, sid, &m, &o);
    fputs("</div>\n", f);
    if (ev_violations(f, e) != KP_OK)
        return KP_ENOMEM;
    if (*kp_evaluation_note(e))
        ev_explanation(f, e);
    ev_changes(f, in, e, &m);
    fputs("</section>\n", f);
    return KP_OK;
}

static int ev_body(FILE *f, const void *info)
{
    const struct ev_ctx *c = info;
    size_t shown = 0;
    char buf[64];

    kp__rpt_begin(f, c->in, "evaluation", "A plan against the optimum");
    fputs("<section>\n<h2>Overview</h2>\n<p class=\"lead\">The plan judged against "
          "every rule of the model and against the optimal plan, scenario by "
          "scenario.</p>\n<div class=\"tw\"><table><thead><tr><th>Scenario</th><th>Rules</th>"
          "<th class=\"n\">Violations</th><th class=\"n\">Value</th>"
          "<th class=\"n\">Optimum</th><th class=\"n\">Gap</th></tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < c->n; i++) {
        kp_evaluation_summary m;
        if (!c->ev[i])
            continue;
        kp_evaluation_get_summary(c->ev[i], &m);
        shown++;
        fputs("<tr>", f);
        kp__rpt_td_text(f, c->in->scen[m.scenario].id);
        fprintf(f, "<td class=\"%s\">%s</td>", m.feasible ? "ok" : "no",
                m.feasible ? "\xe2\x9c\x93 all met" : "\xe2\x9c\x97 broken");
        kp__rpt_td_num(f, m.violations, 0);
        kp__rpt_td_num(f, m.value, 2);
        if (isnan(m.optimum))
            kp__rpt_td_text(f, kp_result_status_name(m.optimum_status));
        else
            kp__rpt_td_num(f, m.optimum, 2);
        fprintf(f, "<td class=\"n\">%s</td></tr>\n", kp__rpt_pct(buf, sizeof buf, m.gap_pct));
    }
    fputs("</tbody></table></div>\n", f);
    if (!shown)
        fputs("<p class=\"note\">No scenario was evaluated.</p>\n", f);
    fputs("</section>\n", f);
    for (size_t i = 0; i < c->n; i++)
        if (c->ev[i] && ev_section(f, c->in, c->ev[i]) != KP_OK)
            return KP_ENOMEM;
    kp__rpt_end(f);
    return KP_OK;
}

int kp_report_evaluate(const kp_instance *in, kp_evaluation *const *ev, size_t n,
                       const char *path, kp_diags *d)
{
    struct ev_ctx c = {in, ev, n};
    if (!in || (!ev && n) || !path)
        return KP_EINVAL;
    return kp__rpt_write(path, ev_body, &c, d);
}

/* ---- The bench report --------------------------------------------------- */

struct bench_ctx {
    const kp_instance *in;
    const kp_bench_row *rows;
    size_t n;
};

/* The bench status of a row, as bench.csv says it. */
static const char *bench_status(const kp_bench_row *r)
{
    if (strcmp(r->method, "optimum") == 0)
        return kp_result_status_name(r->status);
    return r->status == KP_RES_FEASIBLE ? "valid" : r->status == KP_RES_NO_SOLUTION
           ? "stopped" : r->status == KP_RES_ERROR ? "error" : "breaks rules";
}

/* The methods across scenarios: how often each was valid, its mean and
 * lowest share of the optimum. */
static void bench_overview(FILE *f, const struct bench_ctx *c)
{
    enum { MAX_METHODS = 16 };
    const char *name[MAX_METHODS];
    int runs[MAX_METHODS] = {0}, valid[MAX_METHODS] = {0}, shares[MAX_METHODS] = {0};
    double sum[MAX_METHODS] = {0}, low[MAX_METHODS];
    size_t nm = 0, m;
    char buf[64];

    for (size_t i = 0; i < c->n; i++) {
        const kp_bench_row *r = &c->rows[i];
        for (m = 0; m < nm && strcmp(name[m], r->method) != 0; m++)
            ;
        if (m == nm) {
            if (nm == MAX_METHODS)
                continue;
            name[nm] = r->method;
            low[nm++] = NAN;
        }
        runs[m]++;
        valid[m] += r->status == KP_RES_FEASIBLE || r->status == KP_RES_OPTIMAL;
        if (!isnan(r->share_pct) &&
            (r->status == KP_RES_FEASIBLE || r->status == KP_RES_OPTIMAL)) {
            shares[m]++;
            sum[m] += r->share_pct;
            if (isnan(low[m]) || r->share_pct < low[m])
                low[m] = r->share_pct;
        }
    }
    fputs("<div class=\"tw\"><table><thead><tr><th>Method</th><th class=\"n\">Scenarios</th>"
          "<th class=\"n\">Plans meeting every rule</th><th class=\"n\">Mean share</th>"
          "<th class=\"n\">Lowest share</th></tr></thead>\n<tbody>\n", f);
    for (m = 0; m < nm; m++) {
        fputs("<tr>", f);
        kp__rpt_td_text(f, name[m]);
        kp__rpt_td_num(f, runs[m], 0);
        kp__rpt_td_num(f, valid[m], 0);
        fprintf(f, "<td class=\"n\">%s</td>",
                kp__rpt_pct(buf, sizeof buf, shares[m] ? sum[m] / shares[m] : NAN));
        fprintf(f, "<td class=\"n\">%s</td></tr>\n", kp__rpt_pct(buf, sizeof buf, low[m]));
    }
    fputs("</tbody></table></div>\n<p class=\"note\">Share: the plan&#39;s value as a "
          "percentage of the optimum, over the plans that meet every rule.</p>\n", f);
}

/* The heading of a scenario's benchmark: the optimum's status and value
 * when r[0] is the optimum. */
static void bench_heading(FILE *f, const kp_instance *in, const kp_bench_row *r)
{
    fputs("<section>\n<h2>Scenario ", f);
    kp__html(f, in->scen[r[0].scenario].id);
    fputs("</h2>\n<p class=\"lead\">", f);
    if (strcmp(r[0].method, "optimum") == 0) {
        fprintf(f, "Optimum: %s", kp_result_status_name(r[0].status));
        if (!isnan(r[0].value)) {
            fputs(", value ", f);
            kp__rpt_num(f, r[0].value, 2);
        }
        fputs(". ", f);
    }
    fputs("Each plan checked against every rule before its value counts.</p>\n", f);
}

/* The row kind of a benchmark row in the chart and the table. */
static unsigned char bench_kind(const kp_bench_row *r)
{
    return strcmp(r->method, "optimum") == 0 ? KP__ROW_MARK
         : r->status == KP_RES_FEASIBLE ? KP__ROW_PLAIN : KP__ROW_WARN;
}

/* Into note, why row x has no bar (optv: the optimum's value, NaN when
 * none): the optimum without a plan, a heuristic stopped by the time
 * limit or Ctrl-C, or a plan whose share is unknown.
 * Returns 1 when x gets a note (and no bar), else 0. */
static int bench_note(kp__str *note, const kp_bench_row *x, double optv)
{
    int opt = strcmp(x->method, "optimum") == 0;
    char buf[64];

    if (opt && isnan(x->value)) {
        kp__str_addf(note, "no plan: %s", kp_result_status_name(x->status));
        return 0;
    }
    if (opt || !isnan(x->share_pct))
        return 0;
    if (x->status == KP_RES_NO_SOLUTION)
        kp__str_add(note, "stopped before its plan was complete");
    else if (x->status == KP_RES_ERROR)
        kp__str_add(note, "error: its scenario was lost");
    else if (!isnan(x->value))
        kp__str_addf(note, "value %s%s: %s", kp__rpt_fmt(buf, sizeof buf, x->value, 0),
                     x->status == KP_RES_FEASIBLE ? "" : ", breaks rules",
                     isnan(optv) ? "no optimum to compare with"
                                 : "no share of an optimum worth 0");
    return 1;
}

/* The chart of one scenario's rows r[0..k-1]: a bar only where it
 * compares with the optimum; no bar for a plan whose share is unknown (no
 * optimum, or one worth 0), a note instead. Returns KP_OK or KP_ENOMEM. */
static int bench_chart(FILE *f, const kp_instance *in, const kp_bench_row *r, size_t k)
{
    static const kp__rpt_panel panels[] = {
        {"Value", "plan", NAN, 0, NULL}, {"Share of optimum", NULL, NAN, 2, "%"}
    };
    const char **labels = malloc((k + 1) * sizeof *labels);
    const char **note = malloc((k + 1) * sizeof *note);
    kp__str *notes = calloc(k + 1, sizeof *notes);
    double *v = malloc((2 * k + 1) * sizeof *v);
    unsigned char *kind = malloc(k + 1);
    double optv = strcmp(r[0].method, "optimum") == 0 ? r[0].value : NAN;
    int rc = KP_ENOMEM, oom = 0;
    kp__rpt_bars b;

    if (!labels || !v || !kind || !note || !notes)
        goto out;
    for (size_t i = 0; i < k; i++) {
        labels[i] = r[i].method;
        v[2 * i] = r[i].value;
        v[2 * i + 1] = r[i].share_pct;
        kind[i] = bench_kind(&r[i]);
        if (bench_note(&notes[i], &r[i], optv))
            v[2 * i] = NAN;
        oom |= notes[i].oom;
        note[i] = kp__str_get(&notes[i]);
    }
    if (oom)
        goto out;
    memset(&b, 0, sizeof b);
    b.chart = "bench";
    b.scenario = in->scen[r[0].scenario].id;
    b.nrows = k;
    b.npanels = 2;
    b.panels = panels;
    b.rows = labels;
    b.v = v;
    b.kind = kind;
    b.note = note;
    fputs("<figure><figcaption>Value of each method&#39;s plan</figcaption>\n", f);
    kp__svg_bars(f, &b);
    fputs("<p class=\"legend\"><i class=\"mark\"></i>optimum<i class=\"plan\"></i>"
          "heuristic, meets every rule<i class=\"warn\"></i>heuristic, breaks a rule"
          "</p>\n</figure>\n", f);
    rc = KP_OK;
out:
    for (size_t i = 0; notes && i < k; i++)
        kp__str_free(&notes[i]);
    free(labels);
    free(notes);
    free(note);
    free(v);
    free(kind);
    return rc;
}

/* The table of one scenario's rows r[0..k-1], as bench.csv has them. */
static void bench_table(FILE *f, const kp_bench_row *r, size_t k)
{
    char buf[64];

    fputs("<div class=\"tw\"><table><thead><tr><th>Method</th><th>Status</th>"
          "<th class=\"n\">Value</th>"
          "<th class=\"n\">Share</th><th class=\"n\">Hours</th><th class=\"n\">Budget</th>"
          "<th class=\"n\">Key accounts</th><th class=\"n\">Activities</th>"
          "<th class=\"n\">Violations</th><th>Rules broken</th></tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < k; i++) {
        int good = r[i].status == KP_RES_FEASIBLE || r[i].status == KP_RES_OPTIMAL;
        int plan = !isnan(r[i].value);
        fprintf(f, "<tr%s>", bench_kind(&r[i]) == KP__ROW_MARK ? " class=\"chosen\"" : "");
        fputs("<td class=\"id\">", f);
        kp__html(f, r[i].method);
        fprintf(f, "</td><td class=\"%s\">", good ? "ok" : "no");
        kp__html(f, bench_status(&r[i]));
        fputs("</td>", f);
        kp__rpt_td_num(f, r[i].value, 2);
        fprintf(f, "<td class=\"n\">%s</td>", kp__rpt_pct(buf, sizeof buf, r[i].share_pct));
        kp__rpt_td_num(f, plan ? r[i].hours_used : NAN, 2);
        kp__rpt_td_num(f, plan ? r[i].budget_used : NAN, 2);
        kp__rpt_td_num(f, plan ? r[i].key_accounts : NAN, 0);
        kp__rpt_td_num(f, plan ? r[i].activities : NAN, 0);
        kp__rpt_td_num(f, plan ? r[i].violations : NAN, 0);
        kp__rpt_td_text(f, *r[i].rules_broken ? r[i].rules_broken : "\xe2\x80\x94");
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table></div>\n</section>\n", f);
}

/* One scenario's rows r[0..k-1]: the heading, the chart and the table.
 * Returns KP_OK or KP_ENOMEM. */
static int bench_section(FILE *f, const kp_instance *in, const kp_bench_row *r,
                         size_t k)
{
    int rc;

    bench_heading(f, in, r);
    if ((rc = bench_chart(f, in, r, k)) != KP_OK)
        return rc;
    bench_table(f, r, k);
    return KP_OK;
}

static int bench_body(FILE *f, const void *info)
{
    const struct bench_ctx *c = info;
    int rc = KP_OK;

    kp__rpt_begin(f, c->in, "benchmark", "Heuristics against the optimum");
    fputs("<section>\n<h2>Overview</h2>\n<p class=\"lead\">Plans made by habit "
          "(value per hour, value per unit of cost, biggest accounts first, equal "
          "hours) against the optimal plan, over every scenario benchmarked.</p>\n", f);
    bench_overview(f, c);
    fputs("</section>\n", f);
    for (size_t i = 0; i < c->n && rc == KP_OK;) {
        size_t k = 1;
        while (i + k < c->n && c->rows[i + k].scenario == c->rows[i].scenario)
            k++;
        if (c->rows[i].scenario < c->in->nscen)
            rc = bench_section(f, c->in, &c->rows[i], k);
        i += k;
    }
    kp__rpt_end(f);
    return rc;
}

int kp_report_bench(const kp_instance *in, const kp_bench_row *rows, size_t n,
                    const char *path, kp_diags *d)
{
    struct bench_ctx c = {in, rows, n};
    if (!in || (!rows && n) || !path)
        return KP_EINVAL;
    return kp__rpt_write(path, bench_body, &c, d);
}
