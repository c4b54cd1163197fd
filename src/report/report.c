/*
 * report.c - what the HTML reports for people share: the page (style
 * sheet, header, footer), the one escape helper, numbers for people, and
 * atomic writing. The reports are in report_solve.c (solve) and
 * report_judge.c (evaluate, bench), the charts in report_svg.c.
 *
 * A report is one self-contained HTML5 file: inline CSS, inline SVG, no
 * script and no external resource, so it opens in any browser, offline,
 * and can be mailed as it is. It prints well: sections do not break across
 * pages, and charts tell their series apart by shade and outline, not by
 * hue alone, so they read in black and white.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/report.h"

/* ---- Text and numbers --------------------------------------------------- */

/* Writes at most n bytes of s (up to its end), escaped as kp__html says. */
static void html_n(FILE *f, const char *s, size_t n)
{
    for (; s && *s && n; s++, n--) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default:
            fputc((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f ? ' ' : c, f);
        }
    }
}

void kp__html(FILE *f, const char *s)
{
    html_n(f, s, (size_t)-1);
}

void kp__html_n(FILE *f, const char *s, size_t n)
{
    html_n(f, s, n);
}

size_t kp__utf8_len(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

void kp__html_cut(FILE *f, const char *s, size_t max)
{
    size_t i = 0, chars = 0;

    if (!s || kp__utf8_len(s) <= max || max < 2) {
        kp__html(f, s);
        return;
    }
    /* The first max - 1 code points: up to the start of the next one, so
     * never inside a character (input text is valid UTF-8: csv.c checks). */
    for (; s[i]; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80 && chars++ == max - 1)
            break;
    html_n(f, s, i);
    fputs("\xe2\x80\xa6", f);   /* ellipsis */
}

const char *kp__rpt_fmt(char *buf, size_t len, double x, int dec)
{
    char tmp[64], *dot;
    size_t n, lead, digits, o = 0;

    if (isnan(x)) {
        snprintf(buf, len, "\xe2\x80\x94");             /* em dash */
        return buf;
    }
    if (isinf(x)) {
        snprintf(buf, len, "%s\xe2\x88\x9e", x < 0 ? "-" : "");
        return buf;
    }
    if (fabs(x) >= 1e18) {
        /* Beyond what any input sums to in practice: no digit groups. */
        snprintf(buf, len, "%.4g", x);
        return buf;
    }
    if (fabs(x) >= 1e15)
        dec = 0;
    snprintf(tmp, sizeof tmp, "%.*f", dec, x);
    if ((dot = strchr(tmp, '.')) != NULL) {
        n = strlen(tmp);
        while (n > 0 && tmp[n - 1] == '0')
            tmp[--n] = '\0';
        if (tmp[n - 1] == '.')
            tmp[--n] = '\0';
    }
    if (strcmp(tmp, "-0") == 0)
        strcpy(tmp, "0");
    lead = tmp[0] == '-';
    digits = strcspn(tmp + lead, ".");
    for (size_t i = 0; tmp[i] && o + 2 < len; i++) {
        buf[o++] = tmp[i];
        size_t k = i + 1 - lead;    /* integer digits written so far */
        if (i >= lead && k < digits && (digits - k) % 3 == 0)
            buf[o++] = ',';
    }
    buf[o] = '\0';
    return buf;
}

const char *kp__rpt_pct(char *buf, size_t len, double x)
{
    int dec = 2;
    if (isnan(x))
        return kp__rpt_fmt(buf, len, x, 0);
    if (x != 0 && fabs(x) < 0.01) {
        dec = 1 - (int)floor(log10(fabs(x)));
        if (dec > 6)
            dec = 6;
    }
    kp__rpt_fmt(buf, len, x, dec);
    if (strlen(buf) + 2 <= len)
        strcat(buf, "%");
    return buf;
}

const char *kp__rpt_compact(char *buf, size_t len, double x)
{
    char tmp[64];
    double ax = fabs(x);
    if (ax >= 1e6 && ax < 1e15) {
        kp__rpt_fmt(tmp, sizeof tmp, x / 1e6, 2);
        snprintf(buf, len, "%sM", tmp);
    } else if (ax >= 1e4 && ax < 1e6) {
        kp__rpt_fmt(tmp, sizeof tmp, x / 1e3, 1);
        snprintf(buf, len, "%sk", tmp);
    } else {
        kp__rpt_fmt(buf, len, x, 2);
    }
    return buf;
}

void kp__rpt_num(FILE *f, double x, int dec)
{
    char buf[64];
    fputs(kp__rpt_fmt(buf, sizeof buf, x, dec), f);
}

void kp__rpt_td_num(FILE *f, double x, int dec)
{
    fputs("<td class=\"n\">", f);
    kp__rpt_num(f, x, dec);
    fputs("</td>", f);
}

void kp__rpt_td_text(FILE *f, const char *s)
{
    fputs("<td>", f);
    kp__html(f, s);
    fputs("</td>", f);
}

/* ---- The page ----------------------------------------------------------- */

/* The style sheet of every report. Series differ by shade and outline, so
 * that a black-and-white print still tells them apart. */
static const char *const CSS[] = {
    ":root{--ink:#1c2733;--muted:#5b6878;--line:#d8dee6;--soft:#f3f5f8;"
    "--accent:#1f4e79;--accent2:#a9c4e0;--good:#1d6b3f;--bad:#a4262c}\n",
    "*{box-sizing:border-box;-webkit-print-color-adjust:exact;print-color-adjust:exact}\n",
    "body{margin:0;background:var(--soft);color:var(--ink);"
    "font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}\n",
    "header.top{background:var(--ink);color:#fff;padding:22px 0 18px}\n",
    "header.top .wrap{max-width:1120px;margin:0 auto;padding:0 32px}\n",
    "header.top .kind{font-size:12px;letter-spacing:.08em;text-transform:uppercase;opacity:.75}\n",
    "header.top h1{margin:2px 0 4px;font-size:26px;font-weight:650;overflow-wrap:anywhere}\n",
    "header.top .meta{font-size:13px;opacity:.8;overflow-wrap:anywhere}\n",
    "main{max-width:1120px;margin:0 auto;padding:8px 32px 40px}\n",
    "section{background:#fff;border:1px solid var(--line);border-radius:8px;"
    "padding:18px 22px;margin:18px 0;break-inside:avoid;page-break-inside:avoid;min-width:0}\n",
    "h2,h3{overflow-wrap:anywhere}\n",
    "h2{font-size:18px;margin:0 0 4px}\n",
    "h3{font-size:15px;margin:18px 0 6px}\n",
    "p.lead{margin:0 0 14px;color:var(--muted)}\n",
    "p.note{margin:8px 0 0;color:var(--muted);font-size:12.5px}\n",
    ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin-top:12px}\n",
    ".card{border:1px solid var(--line);border-radius:6px;padding:10px 14px;break-inside:avoid;"
    "min-width:0}\n",
    ".card .k{font-size:11.5px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}\n",
    ".card .v{font-size:22px;font-weight:650;font-variant-numeric:tabular-nums;"
    "overflow-wrap:anywhere;line-height:1.3}\n",
    ".card .v.m{font-size:18px}\n",
    ".card .v.l{font-size:15px}\n",
    ".card .s{font-size:12.5px;color:var(--muted)}\n",
    ".meter{height:6px;background:#e3e8ee;border:1px solid #c9d2dc;border-radius:3px;margin-top:6px;overflow:hidden}\n",
    ".meter i{display:block;height:100%;background:var(--accent)}\n",
    ".charts{display:grid;grid-template-columns:1fr 1fr;gap:18px}\n",
    ".charts>*{min-width:0}\n",
    ".tw{overflow-x:auto;max-width:100%}\n",
    "figure{margin:0;break-inside:avoid;page-break-inside:avoid}\n",
    "figcaption{font-weight:600;font-size:13px;margin:0 0 4px}\n",
    "svg.chart{display:block;width:100%;height:auto}\n",
    "svg.chart text{font-family:inherit;font-size:12px;fill:var(--ink)}\n",
    "svg.chart text.muted,svg.chart tspan.muted{fill:var(--muted)}\n",
    "svg.chart text.head{font-weight:600;fill:var(--muted)}\n",
    "svg.chart text.axis-title{font-size:12px;fill:var(--muted)}\n",
    "svg.chart .grid{stroke:#e6eaef;stroke-width:1}\n",
    "svg.chart .axis{stroke:#8a96a3;stroke-width:1}\n",
    "svg.chart .frontier-line{fill:none;stroke:var(--ink);stroke-width:1.5;stroke-dasharray:5 4}\n",
    "svg.chart circle.point{fill:#fff;stroke:var(--accent);stroke-width:2}\n",
    "svg.chart circle.point.chosen{fill:var(--ink);stroke:var(--ink)}\n",
    "svg.chart circle.halo{fill:none;stroke:var(--ink);stroke-width:1.5}\n",
    "svg.chart text.label{paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}\n",
    "svg.chart text.pl{font-size:11px}\n",
    "svg.chart text.chosen{font-weight:700}\n",
    "svg.chart .leader{stroke:var(--ink);stroke-width:1}\n",
    "svg.chart rect.bar{fill:var(--accent);stroke:var(--accent);stroke-width:1}\n",
    "svg.chart rect.bar.cost,svg.chart rect.bar.plan{fill:var(--accent2);stroke:var(--accent)}\n",
    "svg.chart rect.bar.mark{fill:var(--ink);stroke:var(--ink)}\n",
    "svg.chart rect.bar.warn{fill:#fff;stroke:var(--bad);stroke-dasharray:4 2}\n",
    "svg.chart rect.track{fill:var(--soft)}\n",
    "svg.chart .limit{stroke:var(--bad);stroke-width:1.5;stroke-dasharray:6 3}\n",
    ".legend{font-size:12px;color:var(--muted);margin:4px 0 0}\n",
    ".legend i{display:inline-block;width:12px;height:10px;margin:0 4px 0 12px;"
    "vertical-align:-1px;border:1px solid var(--accent)}\n",
    ".legend i.hours,.legend i.opt{background:var(--accent)}\n",
    ".legend i.cost,.legend i.plan{background:var(--accent2)}\n",
    ".legend i.mark{background:var(--ink);border-color:var(--ink)}\n",
    ".legend i.warn{background:#fff;border:1px dashed var(--bad)}\n",
    ".legend i.pt{border-radius:50%;background:#fff;border-width:2px}\n",
    ".legend i.ch{border-radius:50%;background:var(--ink);border-color:var(--ink)}\n",
    ".legend i.ln{width:18px;height:0;border:0;border-top:2px dashed var(--ink)}\n",
    ".legend i.lim{width:18px;height:0;border:0;border-top:2px dashed var(--bad)}\n",
    "table{border-collapse:collapse;width:100%;font-size:13px;margin-top:8px}\n",
    "th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}\n",
    "thead th{font-size:12px;font-weight:600;color:var(--muted);background:var(--soft);"
    "border-bottom:1px solid #c3ccd6}\n",
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n",
    "td.n{white-space:nowrap}\n",
    "td.id{white-space:nowrap;font-weight:600}\n",
    "tr.group td{background:#eaf0f6;font-weight:600;border-top:1px solid #c3ccd6}\n",
    "tr.total td{font-weight:700;border-top:2px solid var(--ink)}\n",
    "tr.chosen td{background:#fdf6e3}\n",
    "tr.sub td{color:var(--muted);font-style:italic}\n",
    ".muted{color:var(--muted)}\n",
    ".ok{color:var(--good)}\n",
    ".no{color:var(--bad)}\n",
    ".badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;"
    "font-weight:600;border:1px solid currentColor;white-space:nowrap}\n",
    ".acct{break-inside:avoid;page-break-inside:avoid;margin-top:14px}\n",
    "table.fixed{table-layout:fixed;min-width:640px}\n",
    "td.acc{min-width:150px;overflow-wrap:anywhere}\n",
    "table.qual th,table.qual td{padding:5px 6px}\n",
    ".nowrap{white-space:nowrap}\n",
    ".why{font-size:12px}\n",
    ".acct h3 .muted{font-weight:400}\n",
    "ul.conflicts{margin:6px 0 0;padding-left:20px}\n",
    "footer{max-width:1120px;margin:0 auto;padding:0 32px 32px;font-size:12px;color:var(--muted)}\n",
    "@media (max-width:800px){.charts{grid-template-columns:1fr}}\n",
    "@media print{body{background:#fff;font-size:10.5pt}"
    "header.top{background:#fff;color:var(--ink);border-bottom:2px solid var(--ink);padding:0 0 8px}"
    "header.top .wrap,main,footer{max-width:none;padding:0}"
    "section{border:0;border-top:1px solid #999;border-radius:0;padding:10px 0;margin:12px 0}"
    "thead{display:table-header-group}tr{break-inside:avoid;page-break-inside:avoid}"
    ".tw{overflow:visible}table{font-size:8.5pt}th,td{padding:3px 5px;overflow-wrap:break-word}"
    "td.n,td.id,.nowrap{white-space:normal}td.acc,table.fixed{min-width:0}"
    "@page{margin:14mm}}\n"
};

void kp__rpt_begin(FILE *f, const kp_instance *in, const char *kind,
                   const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"kamplan " KP_VERSION "\">\n<title>", f);
    kp__html(f, kind);
    fputs(": ", f);
    kp__html(f, title);
    fputs("</title>\n<style>\n", f);
    for (size_t i = 0; i < sizeof CSS / sizeof CSS[0]; i++)
        fputs(CSS[i], f);
    fputs("</style>\n</head>\n<body>\n<header class=\"top\"><div class=\"wrap\">"
          "<div class=\"kind\">kamplan ", f);
    kp__html(f, kind);
    fputs("</div>\n<h1>", f);
    kp__html(f, title);
    fputs("</h1>\n<div class=\"meta\">instance <b>", f);
    kp__html(f, in->dir);
    char n[5][48];
    fprintf(f, "</b> &middot; %s accounts, %s contacts, %s objectives, "
            "%s candidate activities, %s scenario%s</div>\n</div></header>\n<main>\n",
            kp__rpt_fmt(n[0], sizeof n[0], (double)in->nacc, 0),
            kp__rpt_fmt(n[1], sizeof n[1], (double)in->ncon, 0),
            kp__rpt_fmt(n[2], sizeof n[2], (double)in->nobj, 0),
            kp__rpt_fmt(n[3], sizeof n[3], (double)in->nact, 0),
            kp__rpt_fmt(n[4], sizeof n[4], (double)in->nscen, 0), in->nscen == 1 ? "" : "s");
}

void kp__rpt_end(FILE *f)
{
    fputs("</main>\n<footer>Made by kamplan " KP_VERSION ": one file, no scripts, "
          "no network. Values are the independent plan check&#39;s, as in the CSV "
          "outputs.</footer>\n</body>\n</html>\n", f);
}

/* ---- Writing ------------------------------------------------------------ */

/* Where a report for path goes: path itself, or the file a symbolic link
 * there points to (the link stays). Refuses a folder, a device or any
 * other file that is not a regular one. Returns a malloc'd path, or NULL
 * with the reason in diags (*rc KP_EIO or KP_ENOMEM). */
static char *report_target(const char *path, kp_diags *d, int *rc)
{
    struct stat st;
    char *target = NULL;

    *rc = KP_EIO;
    if (!*path || path[strlen(path) - 1] == '/') {
        kp__diag(d, KP_ERROR, path, 0, NULL, "cannot write: not a file name");
        return NULL;
    }
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        kp__diag(d, KP_ERROR, path, 0, NULL, "exists and is not a regular file");
        return NULL;
    }
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
        target = realpath(path, NULL);  /* NULL when dangling: replace it */
    if (!target)
        target = kp__strdup(path);
    if (!target)
        *rc = KP_ENOMEM;
    return target;
}

int kp_report_path_check(const char *path, kp_diags *d)
{
    int rc;
    char *target = report_target(path, d, &rc), *slash;
    const char *dir = ".";

    if (!target)
        return rc;
    /* The folder must exist and take a new file. */
    slash = strrchr(target, '/');
    if (slash == target) {
        dir = "/";
    } else if (slash) {
        *slash = '\0';
        dir = target;
    }
    rc = KP_OK;
    if (access(dir, W_OK | X_OK) != 0) {
        kp__diag(d, KP_ERROR, path, 0, NULL, "cannot write: %s", strerror(errno));
        rc = KP_EIO;
    }
    free(target);
    return rc;
}

int kp__rpt_write(const char *path, int (*body)(FILE *f, const void *info),
                  const void *info, kp_diags *d)
{
    char *tmp = NULL;
    int rc;
    char *target = report_target(path, d, &rc);

    if (!target)
        return rc;
    rc = kp__write_beside(target, body, info, &tmp, d);
    if (rc == KP_OK && rename(tmp, target) != 0) {
        kp__diag(d, KP_ERROR, path, 0, NULL, "cannot rename into place: %s",
                 strerror(errno));
        unlink(tmp);
        rc = KP_EIO;
    }
    free(tmp);
    free(target);
    return rc;
}
