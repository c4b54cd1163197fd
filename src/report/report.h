/*
 * report.h - what the HTML report writers share: report.c (the page,
 * escaping, numbers, atomic writing), report_svg.c (the charts), and the
 * reports themselves, report_solve.c (solve) and report_judge.c (evaluate
 * and bench). Not installed.
 *
 * Every text that comes from the user's files (ids, names, roles, kinds,
 * details) goes through kp__html, the one escape helper, whether it lands
 * in an element, an attribute or an SVG <title>. Numbers go through
 * kp__rpt_fmt and its siblings, which never print "nan" or "inf".
 */
#ifndef KAMPLAN_REPORT_H
#define KAMPLAN_REPORT_H

#include "analysis/analysis.h"

/* ---- report.c: text, numbers, the page, writing ------------------------- */

/* Writes s (NULL: nothing) escaped for HTML text and attribute values: &,
 * <, >, " and ' as entities; control characters other than tab and
 * newline become spaces. */
void kp__html(FILE *f, const char *s);
/* Like kp__html, the first n bytes of s (up to its end). */
void kp__html_n(FILE *f, const char *s, size_t n);
/* Like kp__html, but at most max characters (code points) of s: a longer
 * s is cut to max - 1 of them and an ellipsis. */
void kp__html_cut(FILE *f, const char *s, size_t max);
/* Number of characters (code points) of s. */
size_t kp__utf8_len(const char *s);

/* Writes x for people into buf (len >= 48) and returns buf: thousands
 * separated, at most dec decimals with trailing zeros dropped; an em dash
 * for NaN, an infinity sign for infinity. */
const char *kp__rpt_fmt(char *buf, size_t len, double x, int dec);
/* A percentage: "98.37%", small ones with two significant digits
 * ("0.0058%"); an em dash for NaN. */
const char *kp__rpt_pct(char *buf, size_t len, double x);
/* Short axis labels: "1.2M", "60k", "480". */
const char *kp__rpt_compact(char *buf, size_t len, double x);
/* kp__rpt_fmt straight to f. */
void kp__rpt_num(FILE *f, double x, int dec);
/* Table cells: a right-aligned number, an escaped text. */
void kp__rpt_td_num(FILE *f, double x, int dec);
void kp__rpt_td_text(FILE *f, const char *s);

/* The page around a report: doctype, UTF-8, title, the style sheet, and
 * the header with the report's kind, title (both escaped) and the
 * instance folder; kp__rpt_end closes it. */
void kp__rpt_begin(FILE *f, const kp_instance *inst, const char *kind,
                   const char *title);
void kp__rpt_end(FILE *f);

/* Writes the file path atomically: body(f, info) writes it under a
 * temporary name in the same folder (returning KP_OK or KP_ENOMEM), and
 * the file is flushed to disk and renamed into place only when all went
 * well; otherwise the temporary file is removed and path is untouched.
 * Returns KP_OK, KP_EIO (diags says why) or body's status. */
int kp__rpt_write(const char *path, int (*body)(FILE *f, const void *info),
                  const void *info, kp_diags *d);

/* ---- report_team.c: a team ---------------------------------------------- */

/* The section "Each manager's load" of plan r of scenario s: per manager
 * its key accounts, hours and budget beside what it has; nothing without
 * managers.csv or a plan. */
void kp__rpt_team(FILE *f, const kp_instance *inst, const kp_result *r, size_t s);

/* ---- report_calendar.c: a plan over periods ------------------------------ */

/* The section "The plan period by period" of plan r of scenario s: per
 * activity done its occurrences in each period, and each period's hours
 * and budget used beside what it has; nothing without periods.csv or a
 * plan. */
void kp__rpt_calendar(FILE *f, const kp_instance *inst, const kp_result *r, size_t s);

/* ---- report_moves.c: managers and periods from scenario to scenario ---- */

/* The section "Who and when, from scenario to scenario" over res[0..n-1]:
 * for each pair changes.csv compares (kp__change_pairs), the key accounts
 * that change manager and the activities done as often in other periods;
 * nothing without managers.csv and periods.csv, or without a pair. */
void kp__rpt_moves(FILE *f, const kp_instance *inst, kp_result *const *res, size_t n);

/* ---- report_marginals.c: one more hour for each manager and period ----- */

/* The section "One more hour, manager by manager and period by period" of
 * scenario s with outcome oc (--marginal's figures per manager and
 * period); nothing when oc is NULL or has none. */
void kp__rpt_marginals(FILE *f, const kp_instance *inst, const kp_batch_outcome *oc,
                       size_t s);

/* ---- report_why.c: the reasons ------------------------------------------ */

/* The section "Why this plan": the rows of scenario s (kp_why_run's),
 * sorted by the value at stake, in words; nothing when there are none.
 * Returns KP_OK or KP_ENOMEM. */
int kp__report_why(FILE *f, const kp_instance *inst, size_t s,
                   const kp_why_row *rows, size_t n);
/* The section "Why this plan" without re-solves: the account rows of
 * scenario s (kp_why_run's with words_only) of plan base, key accounts
 * first by the value each returns in base, then those that can be key,
 * then those that cannot; the first `top` in a table, the rest (when
 * more than one) in a collapsed one. Returns KP_OK or KP_ENOMEM. */
int kp__report_why_words(FILE *f, const kp_instance *inst, size_t s,
                         const kp_result *base, const kp_why_row *rows, size_t n,
                         size_t top);

/* ---- report_svg.c: charts ----------------------------------------------- */

/* Estimated width of s (UTF-8) set in a font of size px, bold or not: on
 * the wide side for the sans-serif faces of the style sheet (never short
 * for DejaVu Sans, Verdana, Arial, Helvetica, Roboto or Segoe UI), since
 * the reports have no script to measure it. */
double kp__text_w(const char *s, double size, int bold);

/* A point of a scatter chart: one scenario. */
typedef struct kp__rpt_point {
    double x, y;
    const char *label;      /* the scenario id: label and tooltip */
    int chosen;             /* drawn distinctly: class "point chosen" */
} kp__rpt_point;

/* Draws <svg class="chart" data-chart="chart"> with one
 * <circle class="point"> per point (points with a NaN coordinate are left
 * out), the chosen one also of class "chosen", each with its label as a
 * <title>, and a dashed line through the points that no other point beats
 * (as much y for less x). Labels (<text class="label">) go beside their
 * points, inside the plot, clear of every other label and every point, and
 * under the points: the chosen point's label (also of class "chosen")
 * always, cut or set apart with a leader line if need be; the others,
 * efficient points first, where they fit and while there are at most 16
 * points. Returns KP_OK or KP_ENOMEM. */
int kp__svg_scatter(FILE *f, const char *chart, const char *xname,
                    const char *yname, const kp__rpt_point *p, size_t n);

/* A column of a bar table. */
typedef struct kp__rpt_panel {
    const char *title;      /* heading above the column */
    const char *cls;        /* class of its bars after "bar", e.g. "hours";
                               NULL: a column of numbers without bars */
    double max;             /* a full-width bar is worth this much, or the
                               largest value in the column when that is
                               more (NaN: the largest value) */
    int dec;                /* decimals of its numbers */
    const char *suffix;     /* after each number, e.g. "%"; NULL: none */
} kp__rpt_panel;

enum { KP__ROW_PLAIN = 0, KP__ROW_MARK = 1, KP__ROW_WARN = 2 };

#define KP__RPT_MAX_PANELS 8

/* Rows of labelled horizontal bars, one column per panel (at most
 * KP__RPT_MAX_PANELS), each with its own scale: the numbers of the accounts, the methods of a benchmark, a
 * plan against the optimum. */
typedef struct kp__rpt_bars {
    const char *chart;              /* data-chart */
    const char *scenario;           /* data-scenario, or NULL */
    size_t nrows, npanels;
    const kp__rpt_panel *panels;
    const char *const *rows;        /* row labels */
    const char *const *sub;         /* a muted text after each label, or NULL */
    const double *v;                /* v[r * npanels + p]; NaN: no bar */
    const unsigned char *kind;      /* per row KP__ROW_*, or NULL */
    const char *const *note;        /* per row, shown (muted) in place of a
                                       bar whose value is NaN, or NULL: a dash */
} kp__rpt_bars;

/* Draws b as <svg class="chart" data-chart="..."> with one
 * <rect class="bar CLS"> per bar-panel cell whose value is a number (also
 * 0: then 0 wide), each with a <title>, and none for a NaN (the row's note
 * or a dash instead). Rows of kind KP__ROW_MARK get the class "mark",
 * KP__ROW_WARN "warn". Labels and notes are cut to their column. */
void kp__svg_bars(FILE *f, const kp__rpt_bars *b);

/* A small chart of vertical bars: groups (e.g. value, hours, budget) of
 * nseries bars each (e.g. the plan and the optimum), every group on its
 * own scale: the largest of its values and its limit[g] (NaN: none; a
 * limit is drawn as a dashed line). v[g * nseries + s] (NaN: no bar);
 * cls[s] is the class of series s's bars after "bar". Draws one
 * <rect class="bar CLS"> per number in v. */
typedef struct kp__rpt_columns {
    const char *chart;              /* data-chart */
    const char *scenario;           /* data-scenario, or NULL */
    size_t ngroups, nseries;
    const char *const *groups;      /* group labels */
    const char *const *series;      /* series names, for the tooltips */
    const char *const *cls;
    const double *v;
    const double *limit;            /* per group, or NULL */
    const int *dec;                 /* decimals per group, or NULL: 0 */
} kp__rpt_columns;

/* Draws c as <svg class="chart" data-chart="...">, as the struct above
 * says; writes only to f. */
void kp__svg_columns(FILE *f, const kp__rpt_columns *c);

/* ---- report_futures.c ---------------------------------------------------- */

/* The solve report's "Sampled futures" section for res[0..n-1] (n must
 * cover the sampled scenarios): nothing when no scenario has samples.
 * Returns KP_OK or KP_ENOMEM. */
int kp__rpt_futures(FILE *f, const kp_instance *inst, kp_result *const *res, size_t n);

#endif /* KAMPLAN_REPORT_H */
