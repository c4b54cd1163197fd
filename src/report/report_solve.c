/*
 * report_solve.c - the body of the solve report (kp_report_solve): the
 * headline of the base scenario (the first, or --scenario's; "chosen"
 * below) first (under a replan with its changes), then why each account
 * is key or not (report_why.c), then the frontier over the scenarios, hours,
 * money and value per key account, the qualification verdicts, the
 * relationship coverage of each key account, and the plan itself.
 *
 * Engagement is counted as the plan check counts it (check.c): a contact
 * is engaged when one of its activities is done, an objective supported
 * when one of its activities is done; the figures per account are
 * kp__account_totals', the numbers of accounts.csv.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

/* What the solve report reads. */
struct solve_ctx {
    const kp_instance *in;
    kp_result *const *res;
    const kp_batch_outcome *oc;     /* may be NULL */
    size_t n, chosen;               /* n: the scenarios but the sampled ones */
    size_t nall;                    /* every scenario of the call */
    const kp_why_row *why;          /* solve --why's rows, or NULL */
    size_t nwhy;
    const kp_replan *replan;        /* solve --from's, or NULL */
    const kp_previous *previous;    /* its file, or NULL */
};

/* Reasons without --why: the first this many accounts shown, the rest
 * collapsed. */
#define WORDS_TOP 10

#define TICK "\xe2\x9c\x93"     /* check mark */
#define CROSS "\xe2\x9c\x97"    /* ballot x */

/* The summary of scenario s, with ok set when it has a plan. */
static int summary(const struct solve_ctx *c, size_t s, kp_result_summary *m)
{
    if (!c->res[s])
        return 0;
    kp_result_get_summary(c->res[s], m);
    return m->status == KP_RES_OPTIMAL || m->status == KP_RES_FEASIBLE;
}

/* One headline card: a key, a value, a muted line and, when share is a
 * number, a meter filled to it (0..1). A long value is set smaller so
 * that it stays within its card (about 130 px wide at the narrowest of a
 * row of six). */
static void card(FILE *f, const char *k, const char *v, const char *sub, double share)
{
    double w = kp__text_w(v, 22, 1);
    const char *size = w <= 130 ? "" : w * 18 / 22 <= 130 ? " m" : " l";
    fprintf(f, "<div class=\"card\"><div class=\"k\">%s</div><div class=\"v%s\">%s</div>",
            k, size, v);
    if (sub)
        fprintf(f, "<div class=\"s\">%s</div>", sub);
    if (isfinite(share))
        fprintf(f, "<div class=\"meter\"><i style=\"width:%.1f%%\"></i></div>",
                100 * fmin(fmax(share, 0), 1));
    fputs("</div>\n", f);
}

/* A figure of the headline: whole numbers from 1,000 up, two decimals
 * below. */
static const char *hnum(char *buf, size_t len, double x)
{
    return kp__rpt_fmt(buf, len, x, fabs(x) >= 1000 ? 0 : 2);
}

/* Under a replan, the headline's cards of plan m: its value before the
 * changes' cost, its changes against the previous plan (of at most
 * --max-changes) and, with --change-cost, what they cost. */
static void replan_cards(FILE *f, const struct solve_ctx *c, const kp_result_summary *m)
{
    char a[64], b[64], sub[160];
    long lim = c->replan ? c->replan->max_changes : -1;

    card(f, "Plan value", hnum(b, sizeof b, m->plan_value),
         "of activities and objectives", NAN);
    if (lim >= 0)
        snprintf(sub, sizeof sub, "against the previous plan, of at most %s",
                 kp__rpt_fmt(a, sizeof a, (double)lim, 0));
    else
        snprintf(sub, sizeof sub, "against the previous plan, no limit");
    card(f, "Changes", kp__rpt_fmt(b, sizeof b, (double)m->changes, 0), sub,
         lim > 0 ? (double)m->changes / (double)lim : NAN);
    if (m->change_cost > 0) {
        snprintf(sub, sizeof sub, "%s per change", hnum(a, sizeof a, m->change_cost));
        card(f, "Change cost", hnum(b, sizeof b, m->change_cost * (double)m->changes),
             sub, NAN);
    }
}

/* One row of the changes: replan.csv's row of activity a. */
static void change_row(FILE *f, const kp_instance *in, int p, int k, size_t a)
{
    fputs("<tr>", f);
    kp__rpt_td_text(f, in->acc[in->act[a].account].id);
    kp__rpt_td_text(f, in->act[a].id);
    kp__rpt_td_text(f, p == 0 ? "added" : k == 0 ? "dropped" : k > p ? "more" : "fewer");
    kp__rpt_td_num(f, p, 0);
    kp__rpt_td_num(f, k, 0);
    kp__rpt_td_num(f, abs(k - p), 0);
    fputs("</tr>\n", f);
}

/* Under a replan, the chosen plan's changes against the previous plan
 * (replan.csv's rows: more than 12 collapsed), and the previous plan's
 * rows not counted because their activities no longer exist. Returns
 * KP_OK. */
static int replan_changes(FILE *f, const struct solve_ctx *c, const kp_result_summary *m)
{
    const kp_instance *in = c->in;
    const kp_result *r = c->res[c->chosen];
    const int *prev = c->replan && c->replan->previous ? c->replan->previous[c->chosen]
                                                       : NULL;
    size_t rows = 0, unk = kp_previous_unknown(c->previous, c->chosen, 0, NULL, NULL, NULL);
    char b[64];

    for (size_t a = 0; prev && a < in->nact; a++)
        rows += prev[a] != kp_result_count(r, a);
    fprintf(f, "<h3>Changes against the previous plan</h3>\n<p>%s change%s (an "
            "occurrence added or removed) in %zu activit%s, as replan.csv lists them.",
            kp__rpt_fmt(b, sizeof b, (double)m->changes, 0), m->changes == 1 ? "" : "s",
            rows, rows == 1 ? "y" : "ies");
    if (unk) {
        fprintf(f, " Not counted: %zu row%s of the previous plan whose activit%s no "
                "longer exist%s: ", unk, unk == 1 ? "" : "s", unk == 1 ? "y" : "ies",
                unk == 1 ? "s" : "");
        for (size_t i = 0; i < unk; i++) {
            const char *id;
            int n;
            long line;
            kp_previous_unknown(c->previous, c->chosen, i, &id, &n, &line);
            fputs(i ? ", " : "", f);
            kp__html(f, id);
            fprintf(f, " (%d occurrence%s, line %ld)", n, n == 1 ? "" : "s", line);
        }
        fputs(".", f);
    }
    fputs("</p>\n", f);
    if (rows == 0)
        return KP_OK;
    if (rows > 12)
        fputs("<details><summary>The changes, activity by activity</summary>\n", f);
    fputs("<div class=\"tw\"><table class=\"changes\"><thead><tr><th>Account</th>"
          "<th>Activity</th><th>Change</th><th class=\"n\">Previous count</th>"
          "<th class=\"n\">Count</th><th class=\"n\">Changes</th></tr></thead>\n"
          "<tbody>\n", f);
    for (size_t a = 0; a < in->nact; a++)
        if (prev[a] != kp_result_count(r, a))
            change_row(f, in, prev[a], kp_result_count(r, a), a);
    fputs("</tbody></table></div>\n", f);
    if (rows > 12)
        fputs("</details>\n", f);
    return KP_OK;
}

/* The chosen scenario's headline: its figures, or why it has none; under
 * a replan, the changes too. Returns KP_OK or KP_ENOMEM. */
static int headline(FILE *f, const struct solve_ctx *c)
{
    const kp_instance *in = c->in;
    const kp__scenario *sc = &in->scen[c->chosen];
    kp_result_summary m;
    char a[64], b[64], sub[160];
    int rc;

    fputs("<section>\n<h2>Scenario ", f);
    kp__html(f, sc->id);
    fputs("</h2>\n", f);
    if (!summary(c, c->chosen, &m)) {
        const char *why = c->res[c->chosen] ? kp_result_message(c->res[c->chosen])
                        : c->oc ? c->oc[c->chosen].why : "";
        fprintf(f, "<p><span class=\"badge no\">" CROSS " %s</span></p>\n<p>",
                kp_result_status_name(c->res[c->chosen] ? m.status : KP_RES_NO_SOLUTION));
        kp__html(f, *why ? why : "The scenario has no plan.");
        fputs("</p>\n</section>\n", f);
        return KP_OK;
    }
    fputs("<p class=\"lead\">The plan kamplan chose for this scenario: what it is "
          "worth and what it uses.</p>\n<div class=\"cards\">\n", f);
    card(f, "Value", hnum(b, sizeof b, m.objective), m.replanned && m.change_cost > 0
         ? "the plan&#39;s value less its changes&#39; cost" : "of activities and objectives",
         NAN);
    snprintf(sub, sizeof sub, "of %s available", hnum(a, sizeof a, sc->hours));
    card(f, "Hours used", hnum(b, sizeof b, m.hours_used), sub,
         sc->hours > 0 ? m.hours_used / sc->hours : NAN);
    if (kp__isset(sc->budget)) {
        snprintf(sub, sizeof sub, "of %s available", hnum(a, sizeof a, sc->budget));
        card(f, "Budget used", hnum(b, sizeof b, m.budget_used), sub,
             sc->budget > 0 ? m.budget_used / sc->budget : NAN);
    } else {
        card(f, "Budget used", hnum(b, sizeof b, m.budget_used), "of an unlimited budget",
             NAN);
    }
    if (m.status == KP_RES_OPTIMAL) {
        snprintf(sub, sizeof sub, "proven: no plan is worth more");
    } else {
        char g[64];
        snprintf(sub, sizeof sub, "gap %s to the proven bound %s",
                 kp__rpt_pct(g, sizeof g, m.gap_pct), hnum(b, sizeof b, m.bound));
    }
    snprintf(a, sizeof a, "%s%s", m.status == KP_RES_OPTIMAL ? TICK " " : "",
             kp_result_status_name(m.status));
    card(f, "Status", a, sub, NAN);
    if (sc->max_key_accounts >= 0)
        snprintf(sub, sizeof sub, "of at most %s",
                 kp__rpt_fmt(b, sizeof b, sc->max_key_accounts, 0));
    else
        snprintf(sub, sizeof sub, "no limit on their number");
    card(f, "Key accounts", kp__rpt_fmt(a, sizeof a, m.key_accounts, 0), sub,
         sc->max_key_accounts > 0 ? (double)m.key_accounts / sc->max_key_accounts : NAN);
    snprintf(sub, sizeof sub, "of %s candidates", kp__rpt_fmt(b, sizeof b, (double)in->nact, 0));
    card(f, "Activities", kp__rpt_fmt(a, sizeof a, m.activities, 0), sub, NAN);
    if (m.replanned)
        replan_cards(f, c, &m);
    fputs("</div>\n", f);
    if (m.replanned && (rc = replan_changes(f, c, &m)) != KP_OK)
        return rc;
    fputs("</section>\n", f);
    return KP_OK;
}

/* One scenario's row of the frontier's table (marginal: with the values
 * of one more hour and unit of budget). */
static void frontier_row(FILE *f, const struct solve_ctx *c, size_t s, int marginal)
{
    kp_result_summary m;
    int plan = summary(c, s, &m);
    const kp__scenario *sc = &c->in->scen[s];
    char buf[64];

    fprintf(f, "<tr%s><td class=\"id\">", s == c->chosen ? " class=\"chosen\"" : "");
    kp__html(f, sc->id);
    fprintf(f, "%s</td>", s == c->chosen ? " &#9664;" : "");
    kp__rpt_td_text(f, c->res[s] ? kp_result_status_name(m.status) : "not run");
    kp__rpt_td_num(f, plan ? m.objective : NAN, 2);
    fprintf(f, "<td class=\"n\">%s</td>", kp__rpt_pct(buf, sizeof buf, plan ? m.gap_pct : NAN));
    kp__rpt_td_num(f, plan ? m.hours_used : NAN, 2);
    kp__rpt_td_num(f, sc->hours, 2);
    kp__rpt_td_num(f, plan ? m.budget_used : NAN, 2);
    if (kp__isset(sc->budget))
        kp__rpt_td_num(f, sc->budget, 2);
    else
        fputs("<td class=\"n muted\">unlimited</td>", f);
    kp__rpt_td_num(f, plan ? m.key_accounts : NAN, 0);
    kp__rpt_td_num(f, plan ? m.activities : NAN, 0);
    if (c->replan) {
        kp__rpt_td_num(f, plan ? m.plan_value : NAN, 2);
        kp__rpt_td_num(f, plan && m.changes >= 0 ? (double)m.changes : NAN, 0);
    }
    if (marginal) {
        kp__rpt_td_num(f, plan && c->oc ? c->oc[s].value_per_hour : NAN, 2);
        kp__rpt_td_num(f, plan && c->oc ? c->oc[s].value_per_budget : NAN, 4);
    }
    fputs("</tr>\n", f);
}

/* Every scenario solved or not run, as a table. */
static void frontier_table(FILE *f, const struct solve_ctx *c, int marginal)
{
    fputs("<div class=\"tw\"><table><thead><tr><th>Scenario</th><th>Status</th>"
          "<th class=\"n\">Value</th>"
          "<th class=\"n\">Gap</th><th class=\"n\">Hours used</th><th class=\"n\">of</th>"
          "<th class=\"n\">Budget used</th><th class=\"n\">of</th>"
          "<th class=\"n\">Key accounts</th><th class=\"n\">Activities</th>", f);
    if (c->replan)
        fputs("<th class=\"n\">Plan value</th><th class=\"n\">Changes</th>", f);
    if (marginal)
        fputs("<th class=\"n\">Value of one more hour</th>"
              "<th class=\"n\">Value of one more unit of budget</th>", f);
    fputs("</tr></thead>\n<tbody>\n", f);
    for (size_t s = 0; s < c->n; s++)
        if (c->res[s] || (c->oc && c->oc[s].state == KP_BATCH_NOT_RUN))
            frontier_row(f, c, s, marginal);
    fputs("</tbody></table></div>\n</section>\n", f);
}

/* The frontier: value against budget and against hours used, one point
 * per scenario with a plan; then every scenario as a table. Returns KP_OK
 * or KP_ENOMEM. */
static int frontier(FILE *f, const struct solve_ctx *c)
{
    const kp_instance *in = c->in;
    kp__rpt_point *pb = malloc((c->n + 1) * sizeof *pb);
    kp__rpt_point *ph = malloc((c->n + 1) * sizeof *ph);
    size_t np = 0;
    int rc = KP_OK, marginal = 0;
    char buf[64], all[48];

    if (!pb || !ph) {
        rc = KP_ENOMEM;
        goto out;
    }
    for (size_t s = 0; s < c->n; s++) {
        kp_result_summary m;
        if (!summary(c, s, &m))
            continue;
        pb[np] = (kp__rpt_point){m.budget_used, m.objective, in->scen[s].id, s == c->chosen};
        ph[np] = (kp__rpt_point){m.hours_used, m.objective, in->scen[s].id, s == c->chosen};
        np++;
        if (c->oc && (isfinite(c->oc[s].value_per_hour) || isfinite(c->oc[s].value_per_budget)))
            marginal = 1;
    }
    fprintf(f, "<section>\n<h2>Value across the scenarios</h2>\n<p class=\"lead\">"
            "Each point is a scenario with a plan (%s of %s); the dashed line joins "
            "those that no other scenario beats with less money or fewer hours.</p>\n"
            "<div class=\"charts\">\n<figure><figcaption>Value against budget used"
            "</figcaption>\n", kp__rpt_fmt(buf, sizeof buf, (double)np, 0),
            kp__rpt_fmt(all, sizeof all, (double)c->n, 0));
    if ((rc = kp__svg_scatter(f, "frontier-budget", "budget used (money)",
                              "value of the plan", pb, np)) != KP_OK)
        goto out;
    fputs("</figure>\n<figure><figcaption>Value against hours used</figcaption>\n", f);
    if ((rc = kp__svg_scatter(f, "frontier-hours", "hours used (hours)",
                              "value of the plan", ph, np)) != KP_OK)
        goto out;
    fputs("</figure>\n</div>\n<p class=\"legend\"><i class=\"ch\"></i>this report&#39;s "
          "scenario<i class=\"pt\"></i>other scenarios<i class=\"ln\"></i>efficient "
          "scenarios</p>\n", f);
    frontier_table(f, c, marginal);
out:
    free(pb);
    free(ph);
    return rc;
}

/* Hours, money and value per key account of the chosen plan, most value
 * first. */
static int accounts_chart(FILE *f, const struct solve_ctx *c, const kp_result *r)
{
    static const kp__rpt_panel panels[] = {
        {"Hours", "hours", NAN, 1, NULL}, {"Money", "cost", NAN, 0, NULL},
        {"Value", NULL, NAN, 0, NULL}
    };
    const kp_instance *in = c->in;
    const char **ids = malloc((in->nacc + 1) * sizeof *ids);
    const char **names = malloc((in->nacc + 1) * sizeof *names);
    double *v = malloc((3 * in->nacc + 1) * sizeof *v);
    size_t nk = 0;
    kp__rpt_bars b;

    if (!ids || !names || !v) {
        free(ids);
        free(names);
        free(v);
        return KP_ENOMEM;
    }
    for (size_t k = 0; k < in->nacc; k++) {
        double h, cost, val;
        int eng, sup;
        size_t at;
        if (!kp_result_key(r, k))
            continue;
        kp__account_totals(in, r, k, &h, &cost, &val, &eng, &sup);
        /* Insertion by value, highest first; ties keep file order. */
        for (at = nk; at > 0 && v[3 * (at - 1) + 2] < val; at--) {
            ids[at] = ids[at - 1];
            names[at] = names[at - 1];
            memcpy(&v[3 * at], &v[3 * (at - 1)], 3 * sizeof *v);
        }
        ids[at] = in->acc[k].id;
        names[at] = strcmp(in->acc[k].name, in->acc[k].id) ? in->acc[k].name : "";
        v[3 * at] = h;
        v[3 * at + 1] = cost;
        v[3 * at + 2] = val;
        nk++;
    }
    fputs("<section>\n<h2>Where the hours and the money go</h2>\n<p class=\"lead\">"
          "Each key account of the plan: the hours and the money spent on it, and the "
          "value it returns (its activities and the objectives they support), most "
          "value first.</p>\n", f);
    memset(&b, 0, sizeof b);
    b.chart = "accounts";
    b.nrows = nk;
    b.npanels = 3;
    b.panels = panels;
    b.rows = ids;
    b.sub = names;
    b.v = v;
    if (nk)
        kp__svg_bars(f, &b);
    else
        fputs("<p class=\"note\">The plan has no key account.</p>\n", f);
    fputs("<p class=\"legend\"><i class=\"hours\"></i>hours<i class=\"cost\"></i>money"
          "</p>\n</section>\n", f);
    free(ids);
    free(names);
    free(v);
    return KP_OK;
}

/* Every account's qualification: criteria met or missed, the verdict, and
 * why an account that qualifies can still never be key. */
static void qualification(FILE *f, const struct solve_ctx *c, const kp_result *r)
{
    const kp_instance *in = c->in;
    kp_qualification q;
    char buf[64];

    fputs("<section>\n<h2>Which customers qualify as key accounts</h2>\n<p class=\"lead\">"
          "Qualification rests on several criteria, never on volume alone: an account "
          "with status auto qualifies when it meets at least ", f);
    fprintf(f, "%d of the criteria the policy sets. ", in->pol.min_criteria);
    fputs(TICK " met, " CROSS " missed. Met: criteria met of those set.</p>\n"
          "<div class=\"tw\"><table class=\"qual\"><thead><tr><th>Account</th>", f);
    if (in->nacc == 0 || kp_instance_qualification(in, 0, &q) != KP_OK) {
        fputs("</tr></thead></table></div>\n</section>\n", f);
        return;
    }
    for (int k = 0; k < KP_N_CRITERIA; k++) {
        if (!q.criteria[k].set)
            continue;
        fputs("<th class=\"n\">", f);
        kp__html(f, q.criteria[k].name);
        fprintf(f, "<br><span class=\"nowrap\">%s %s</span></th>",
                q.criteria[k].op[0] == '>' ? "&ge;" : "&le;",
                kp__rpt_fmt(buf, sizeof buf, q.criteria[k].threshold, 2));
    }
    fputs("<th class=\"n\">Met</th><th>Verdict</th>", f);
    if (r)
        fputs("<th>In the plan</th>", f);
    fputs("</tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < in->nacc; i++) {
        kp_instance_qualification(in, i, &q);
        fputs("<tr><td class=\"acc\"><b>", f);
        kp__html(f, q.account_id);
        fputs("</b>", f);
        if (strcmp(q.name, q.account_id) != 0) {
            fputs("<br><span class=\"muted\">", f);
            kp__html(f, q.name);
            fputs("</span>", f);
        }
        fputs("</td>", f);
        for (int k = 0; k < KP_N_CRITERIA; k++) {
            const kp_criterion *cr = &q.criteria[k];
            if (!cr->set)
                continue;
            fprintf(f, "<td class=\"n %s\">%s %s</td>", cr->met ? "ok" : "no",
                    kp__rpt_fmt(buf, sizeof buf, cr->value, 2), cr->met ? TICK : CROSS);
        }
        fprintf(f, "<td class=\"n\">%d of %d</td><td>", q.criteria_met, q.criteria_set);
        if (q.status == KP_KEY)
            fputs("<span class=\"ok nowrap\">key by status</span>", f);
        else if (q.status == KP_EXCLUDE)
            fputs("<span class=\"muted nowrap\">excluded by status</span>", f);
        else if (q.qualified)
            fputs("<span class=\"ok nowrap\">" TICK " qualifies</span>", f);
        else
            fputs("<span class=\"no nowrap\">" CROSS " does not qualify</span>", f);
        if (q.blocked) {
            fputs("<br><span class=\"no why\">but can never be key: ", f);
            kp__html(f, q.why);
            fputs("</span>", f);
        }
        fputs("</td>", f);
        if (r)
            fprintf(f, "<td class=\"nowrap\">%s</td>", kp_result_key(r, i)
                    ? "<b>" TICK " key</b>" : "<span class=\"muted\">\xe2\x80\x94</span>");
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table></div>\n</section>\n", f);
}

/* What a contact of a managed account is required as, in the words of the
 * first contact rule that requires it (src/model/rules.c), or NULL. */
static const char *required_as(const kp_instance *in, const kp__contact *ct)
{
    int rule = kp__contact_rule(in, ct);
    return rule >= 0 ? kp__rule_get(rule)->role : NULL;
}

/* Whether the plan engages contact ci: does one of its activities. */
static int engaged_in(const kp_instance *in, const kp_result *r, int ci)
{
    for (int j = in->cact_start[ci]; j < in->cact_start[ci + 1]; j++)
        if (kp_result_count(r, (size_t)in->cact_idx[j]) > 0)
            return 1;
    return 0;
}

/* Account k's heading and badges: contacts engaged against need (its text
 * in needs), and the influencers who can block, engaged or not. */
static void coverage_badges(FILE *f, const kp_instance *in, const kp_result *r, size_t k,
                            int need, const char *needs)
{
    int engaged = 0, req = 0, req_on = 0;
    char c1[48], c2[48];

    for (int i = in->con_start[k]; i < in->con_start[k + 1]; i++) {
        int ci = in->con_idx[i], on = engaged_in(in, r, ci);
        engaged += on;
        if (required_as(in, &in->con[ci])) {
            req++;
            req_on += on;
        }
    }
    fputs("<div class=\"acct\"><h3>", f);
    kp__html(f, in->acc[k].id);
    if (strcmp(in->acc[k].name, in->acc[k].id) != 0) {
        fputs(" <span class=\"muted\">", f);
        kp__html(f, in->acc[k].name);
        fputs("</span>", f);
    }
    fprintf(f, "</h3>\n<p><span class=\"badge %s\">%s %s of %s contacts engaged, "
            "%s required</span> ", engaged >= need ? "ok" : "no",
            engaged >= need ? TICK : CROSS, kp__rpt_fmt(c1, sizeof c1, engaged, 0),
            kp__rpt_fmt(c2, sizeof c2, in->con_start[k + 1] - in->con_start[k], 0), needs);
    if (req)
        fprintf(f, "<span class=\"badge %s\">%s influencers who can block: %s of %s "
                "engaged</span>", req_on == req ? "ok" : "no",
                req_on == req ? TICK : CROSS, kp__rpt_fmt(c1, sizeof c1, req_on, 0),
                kp__rpt_fmt(c2, sizeof c2, req, 0));
    fputs("</p>\n", f);
}

/* One contact's row: who, role, influence, stance, whether it must be
 * engaged and is, and through which of the plan's activities. */
static void coverage_contact(FILE *f, const kp_instance *in, const kp_result *r, int ci)
{
    static const char *const STANCE[] = {"supporter", "neutral", "opponent"};
    const kp__contact *ct = &in->con[ci];
    const char *why = required_as(in, ct);
    int on = engaged_in(in, r, ci), first = 1;
    char t[48];

    fputs("<tr><td><b>", f);
    kp__html(f, ct->id);
    fputs("</b>", f);
    if (ct->name && *ct->name) {
        fputs("<br><span class=\"muted\">", f);
        kp__html(f, ct->name);
        fputs("</span>", f);
    }
    fputs("</td>", f);
    kp__rpt_td_text(f, ct->role);
    kp__rpt_td_num(f, ct->influence, 2);
    kp__rpt_td_text(f, ct->stance >= 0 && ct->stance <= 2 ? STANCE[ct->stance] : "");
    kp__rpt_td_text(f, why ? why : "");
    fprintf(f, "<td class=\"%s\">%s</td><td>", on ? "ok" : why ? "no" : "muted",
            on ? TICK " yes" : CROSS " no");
    for (int j = in->cact_start[ci]; j < in->cact_start[ci + 1]; j++) {
        int a = in->cact_idx[j], cnt = kp_result_count(r, (size_t)a);
        if (cnt <= 0)
            continue;
        fputs(first ? "" : ", ", f);
        kp__html(f, in->act[a].id);
        if (cnt > 1)
            fprintf(f, " &times;%s", kp__rpt_fmt(t, sizeof t, cnt, 0));
        first = 0;
    }
    if (first && in->cact_start[ci + 1] == in->cact_start[ci])
        fputs("<span class=\"muted\">no activity on file</span>", f);
    fputs("</td></tr>\n", f);
}

/* Relationship coverage of each key account: contacts engaged against
 * min_contacts, and per contact whether it is engaged and by what. */
static void coverage(FILE *f, const struct solve_ctx *c, const kp_result *r)
{
    const kp_instance *in = c->in;
    int need = in->scen[c->chosen].min_contacts;
    char c1[48], n[48];

    fprintf(f, "<section>\n<h2>Relationships in each key account</h2>\n<p class=\"lead\">"
            "Every key account needs %s engaged contact%s (min_contacts of this scenario)",
            kp__rpt_fmt(n, sizeof n, need, 0), need == 1 ? "" : "s");
    if (in->pol.require_entrenched)
        fputs(", every entrenched influencer engaged", f);
    if (kp__isset(in->pol.opponent_influence))
        fprintf(f, ", and every opponent of influence %s or more engaged",
                kp__rpt_fmt(c1, sizeof c1, in->pol.opponent_influence, 2));
    fputs(". A contact is engaged when the plan does one of its activities.</p>\n", f);
    for (size_t k = 0; k < in->nacc; k++) {
        if (!kp_result_key(r, k))
            continue;
        coverage_badges(f, in, r, k, need, n);
        if (in->con_start[k + 1] == in->con_start[k]) {
            fputs("<p class=\"note\">No contacts on file.</p></div>\n", f);
            continue;
        }
        fputs("<div class=\"tw\"><table class=\"fixed\"><colgroup><col style=\"width:20%\">"
              "<col style=\"width:12%\"><col style=\"width:8%\"><col style=\"width:10%\">"
              "<col style=\"width:16%\"><col style=\"width:8%\"><col></colgroup>\n"
              "<thead><tr><th>Contact</th><th>Role</th><th class=\"n\">Influence"
              "</th><th>Stance</th><th>Must be engaged</th><th>Engaged</th>"
              "<th>Through</th></tr></thead>\n<tbody>\n", f);
        for (int i = in->con_start[k]; i < in->con_start[k + 1]; i++)
            coverage_contact(f, in, r, in->con_idx[i]);
        fputs("</tbody></table></div></div>\n", f);
    }
    fputs("</section>\n", f);
}

/* The plan grouped by account: activities, then the objectives they
 * support, with the totals of each account and of the plan. */
static void plan_table(FILE *f, const struct solve_ctx *c, const kp_result *r)
{
    static const char *const HORIZON[] = {"short", "long"};
    const kp_instance *in = c->in;
    double th = 0, tc = 0, tv = 0;

    fputs("<section>\n<h2>The plan, account by account</h2>\n<p class=\"lead\">Each "
          "chosen activity with how often it is done; hours, cost and value are totals "
          "over its occurrences. An objective counts once, when an activity supports "
          "it.</p>\n<div class=\"tw\"><table><thead><tr><th>Activity</th><th>Kind</th>"
          "<th class=\"n\">Count</th><th class=\"n\">Hours</th><th class=\"n\">Cost</th>"
          "<th class=\"n\">Value</th></tr></thead>\n", f);
    for (size_t k = 0; k < in->nacc; k++) {
        double h, cost, v;
        int eng, sup;
        if (!kp_result_key(r, k))
            continue;
        kp__account_totals(in, r, k, &h, &cost, &v, &eng, &sup);
        th += h;
        tc += cost;
        tv += v;
        fputs("<tbody>\n<tr class=\"group\"><td colspan=\"3\">", f);
        kp__html(f, in->acc[k].id);
        if (strcmp(in->acc[k].name, in->acc[k].id) != 0) {
            fputs(" &middot; ", f);
            kp__html(f, in->acc[k].name);
        }
        fputs("</td>", f);
        kp__rpt_td_num(f, h, 2);
        kp__rpt_td_num(f, cost, 2);
        kp__rpt_td_num(f, v, 2);
        fputs("</tr>\n", f);
        for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
            int a = in->act_idx[i], cnt = kp_result_count(r, (size_t)a);
            const kp__activity *ac = &in->act[a];
            double val = 0;
            if (cnt <= 0)
                continue;
            for (int j = 1; j <= cnt; j++)
                val += kp__occurrence_value(ac, j);
            fputs("<tr>", f);
            kp__rpt_td_text(f, ac->id);
            kp__rpt_td_text(f, ac->kind);
            kp__rpt_td_num(f, cnt, 0);
            kp__rpt_td_num(f, cnt * ac->hours, 2);
            kp__rpt_td_num(f, cnt * ac->cost, 2);
            kp__rpt_td_num(f, val, 2);
            fputs("</tr>\n", f);
        }
        for (int i = in->obj_start[k]; i < in->obj_start[k + 1]; i++) {
            int o = in->obj_idx[i], on = 0;
            for (int j = in->oact_start[o]; !on && j < in->oact_start[o + 1]; j++)
                on = kp_result_count(r, (size_t)in->oact_idx[j]) > 0;
            if (!on)
                continue;
            fputs("<tr class=\"sub\"><td>objective ", f);
            kp__html(f, in->obj[o].id);
            fprintf(f, "</td><td>%s-term objective</td><td></td><td></td><td></td>",
                    HORIZON[in->obj[o].horizon == KP__HORIZON_LONG]);
            kp__rpt_td_num(f, in->obj[o].value, 2);
            fputs("</tr>\n", f);
        }
        fputs("</tbody>\n", f);
    }
    fputs("<tbody><tr class=\"total\"><td colspan=\"3\">Total</td>", f);
    kp__rpt_td_num(f, th, 2);
    kp__rpt_td_num(f, tc, 2);
    kp__rpt_td_num(f, tv, 2);
    fputs("</tr></tbody>\n</table></div>\n</section>\n", f);
}

/* Without solve --why's rows: every account's reason in words, as
 * kp_why_run makes them without re-solves. Returns KP_OK or KP_ENOMEM. */
static int why_words(FILE *f, const struct solve_ctx *c, const kp_result *r)
{
    kp_why_opts wo;
    kp_why_row *rows = NULL;
    size_t n = 0;
    int rc;

    kp_why_opts_init(&wo);
    wo.words_only = 1;
    wo.subjects = KP_WHY_ACCOUNTS;
    rc = kp_why_run(c->in, c->chosen, &wo, r, &rows, &n, NULL);
    if (rc == KP_OK)
        rc = kp__report_why_words(f, c->in, c->chosen, r, rows, n, WORDS_TOP);
    kp_why_rows_free(rows, n);
    return rc == KP_ENOMEM ? KP_ENOMEM : KP_OK;
}

/* The whole page, in the order of kp_report_solve's contract. */
static int solve_body(FILE *f, const void *info)
{
    const struct solve_ctx *c = info;
    const kp_result *r = kp__has_plan(c->res[c->chosen]) ? c->res[c->chosen] : NULL;
    kp__str title = KP__STR_INIT;
    int rc;

    if (kp__str_addf(&title, "Account plan, scenario %s", c->in->scen[c->chosen].id) != 0)
        return KP_ENOMEM;
    kp__rpt_begin(f, c->in, "solve report", kp__str_get(&title));
    kp__str_free(&title);
    if ((rc = headline(f, c)) != KP_OK)
        return rc;
    if (c->why)
        rc = kp__report_why(f, c->in, c->chosen, c->why, c->nwhy);
    else if (r)
        rc = why_words(f, c, r);
    if (rc != KP_OK)
        return rc;
    if ((rc = frontier(f, c)) != KP_OK)
        return rc;
    if ((rc = kp__rpt_futures(f, c->in, c->res, c->nall)) != KP_OK)
        return rc;
    if (r && (rc = accounts_chart(f, c, r)) != KP_OK)
        return rc;
    kp__rpt_team(f, c->in, r, c->chosen);
    kp__rpt_calendar(f, c->in, r, c->chosen);
    kp__rpt_moves(f, c->in, c->res, c->n);
    kp__rpt_marginals(f, c->in, r && c->oc ? &c->oc[c->chosen] : NULL, c->chosen);
    qualification(f, c, r);
    if (r) {
        coverage(f, c, r);
        plan_table(f, c, r);
    }
    kp__rpt_end(f);
    return KP_OK;
}

int kp_report_solve(const kp_instance *in, kp_result *const *res,
                    const kp_batch_outcome *oc, size_t n, size_t chosen,
                    const char *path, kp_diags *d)
{
    return kp_report_solve_ex(in, res, oc, n, chosen, NULL, path, d);
}

int kp_report_solve_why(const kp_instance *in, kp_result *const *res,
                        const kp_batch_outcome *oc, size_t n, size_t chosen,
                        const kp_why_row *why, size_t nwhy, const char *path,
                        kp_diags *d)
{
    kp_report_solve_opts o;
    kp_report_solve_opts_init(&o);
    o.why = why;
    o.nwhy = nwhy;
    return kp_report_solve_ex(in, res, oc, n, chosen, &o, path, d);
}

void kp_report_solve_opts_init(kp_report_solve_opts *o)
{
    memset(o, 0, sizeof *o);
}

int kp_report_solve_ex(const kp_instance *in, kp_result *const *res,
                       const kp_batch_outcome *oc, size_t n, size_t chosen,
                       const kp_report_solve_opts *o, const char *path, kp_diags *d)
{
    kp_report_solve_opts none;
    if (!o) {
        kp_report_solve_opts_init(&none);
        o = &none;
    }
    struct solve_ctx c = {in, res, oc, n, chosen, n, o->why, o->nwhy, o->replan,
                          o->previous};
    if (!in || !res || !path || n > in->nscen || chosen >= n || (!o->why && o->nwhy))
        return KP_EINVAL;
    c.n = kp__scenarios_plain(in, n);
    if (c.chosen >= c.n)
        c.chosen = 0;
    return kp__rpt_write(path, solve_body, &c, d);
}
