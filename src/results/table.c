/*
 * table.c - one writer for the output tables, as CSV or as JSON.
 *
 * Every output file (summary.csv, plan.csv, violations.csv, ...) has one
 * body function that writes its rows field by field through a kp__tab. In
 * CSV mode that is the file itself; in JSON mode the same calls write an
 * array of objects whose keys are the CSV's column names. So the JSON that
 * --format json prints holds, by construction, the same rows, columns and
 * numbers as the CSV files.
 *
 * Also here: the JSON writers of the public API that are not tables
 * (strings, diagnostics, the instance's size, qualification).
 */
#include <string.h>

#include "results/results.h"

/* ---- CSV and JSON fields ------------------------------------------------ */

/* Writes s as one CSV field, quoted only when it must be. */
void kp__csv_text(FILE *f, const char *s)
{
    if (!s[strcspn(s, ",;\"\r\n")] && s[0] != ' ' &&
        (!s[0] || s[strlen(s) - 1] != ' ')) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* Input text is valid UTF-8 (csv.c checks it), so only the quote, the
 * backslash and control characters need escapes. */
static void json_inner(FILE *f, const char *s);

void kp_json_string(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    json_inner(f, s);
    fputc('"', f);
}

/* The characters of a JSON string, escaped, without its quotes. */
static void json_inner(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (*p < 0x20 || *p == 0x7F)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
}

/* A JSON number (shortest round-trip form, as in the CSV files), or null
 * for NaN and the infinities, which JSON cannot say. */
static void json_num(FILE *f, double x)
{
    char buf[40];
    if (!isfinite(x)) {
        fputs("null", f);
        return;
    }
    kp__fmt_double(buf, sizeof buf, x);
    fputs(buf, f);
}

/* A JSON string, or null for NULL. */
static void json_text(FILE *f, const char *s)
{
    if (s)
        kp_json_string(f, s);
    else
        fputs("null", f);
}

/* ---- Tables ------------------------------------------------------------- */

void kp__tab_init(kp__tab *t, FILE *f, int json)
{
    memset(t, 0, sizeof *t);
    t->f = f;
    t->json = json;
}

void kp__tab_begin(kp__tab *t, const char *name, const char *cols)
{
    t->cols = cols;
    t->col = 0;
    t->rows = 0;
    if (!t->json) {
        fprintf(t->f, "%s\n", cols);
        return;
    }
    if (t->tables++)
        fputc(',', t->f);
    fprintf(t->f, "\"%s\":[", name);
}

/* Starts the next field: the separator, and in JSON the row's opening brace
 * and the key, the next name of the header. */
static void field(kp__tab *t)
{
    if (!t->json) {
        if (t->col++)
            fputc(',', t->f);
        return;
    }
    if (t->col == 0) {
        fputs(t->rows ? ",{" : "{", t->f);
        t->next = t->cols;
    } else {
        fputc(',', t->f);
    }
    t->col++;
    size_t n = strcspn(t->next, ",");
    fprintf(t->f, "\"%.*s\":", (int)n, t->next);
    t->next += n + (t->next[n] == ',');
}

void kp__tab_text(kp__tab *t, const char *s)
{
    field(t);
    /* An empty field is null in JSON, whether the writer said NULL or "". */
    if (t->json)
        json_text(t->f, s && *s ? s : NULL);
    else if (s)
        kp__csv_text(t->f, s);
}

/* results.h: the pieces are asked for twice, once to know whether the
 * field is empty and needs CSV quotes, once to write them. */
void kp__tab_text_join(kp__tab *t, size_t n, kp__tab_piece piece, const void *ctx)
{
    char buf[320];
    size_t used = 0;
    int quote = 0;

    field(t);
    for (size_t i = 0; i < n; i++) {
        const char *s = piece(ctx, i, buf, sizeof buf);
        if (!*s)
            continue;
        quote |= s[strcspn(s, ",;\"\r\n")] || (used == 0 && s[0] == ' ') ||
                 s[strlen(s) - 1] == ' ';
        used++;
    }
    if (used == 0) {
        if (t->json)
            fputs("null", t->f);
        return;
    }
    if (t->json || quote)
        fputc('"', t->f);
    used = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = piece(ctx, i, buf, sizeof buf);
        if (!*s)
            continue;
        if (used++)
            fputc(' ', t->f);
        if (t->json)
            json_inner(t->f, s);
        else
            for (; *s; s++) {
                if (*s == '"' && quote)
                    fputc('"', t->f);
                fputc(*s, t->f);
            }
    }
    if (t->json || quote)
        fputc('"', t->f);
}

void kp__tab_num(kp__tab *t, double x)
{
    char buf[40];
    field(t);
    if (t->json) {
        json_num(t->f, x);
    } else if (kp__isset(x)) {
        kp__fmt_double(buf, sizeof buf, x);
        fputs(buf, t->f);
    }
}

void kp__tab_int(kp__tab *t, long v)
{
    field(t);
    fprintf(t->f, "%ld", v);
}

void kp__tab_row_end(kp__tab *t)
{
    fputs(t->json ? "}" : "\n", t->f);
    t->col = 0;
    t->rows++;
}

void kp__tab_end(kp__tab *t)
{
    if (t->json)
        fputc(']', t->f);
}

int kp__json_tables(FILE *f, void (*body)(kp__tab *t, int i, const void *info),
                    int nt, const void *info)
{
    kp__tab t;
    kp__tab_init(&t, f, 1);
    fputc('{', f);
    for (int i = 0; i < nt; i++)
        body(&t, i, info);
    fputc('}', f);
    return ferror(f) ? KP_EIO : KP_OK;
}

/* ---- The other JSON writers --------------------------------------------- */

int kp_diags_write_json(const kp_diags *d, FILE *f)
{
    fputc('[', f);
    for (size_t i = 0; i < kp_diags_count(d); i++) {
        fputs(i ? ",{\"severity\":" : "{\"severity\":", f);
        kp_json_string(f, kp_diags_severity(d, i) == KP_ERROR ? "error" : "warning");
        fputs(",\"file\":", f);
        json_text(f, kp_diags_file(d, i));
        fprintf(f, ",\"line\":%ld,\"column\":", kp_diags_line(d, i));
        json_text(f, kp_diags_column(d, i));
        fputs(",\"text\":", f);
        json_text(f, kp_diags_text(d, i));
        fputs(",\"message\":", f);
        json_text(f, kp_diags_message(d, i));
        fputc('}', f);
    }
    fputc(']', f);
    return ferror(f) ? KP_EIO : KP_OK;
}

int kp_instance_write_json(const kp_instance *in, FILE *f)
{
    fprintf(f, "{\"accounts\":%zu,\"contacts\":%zu,\"objectives\":%zu,"
            "\"activities\":%zu,\"scenarios\":[", in->nacc, in->ncon, in->nobj,
            in->nact);
    /* The sampled futures' ids stay out, as their rows do. */
    for (size_t s = 0, n = kp__scenarios_plain(in, in->nscen); s < n; s++) {
        if (s)
            fputc(',', f);
        kp_json_string(f, in->scen[s].id);
    }
    fputs("]}", f);
    return ferror(f) ? KP_EIO : KP_OK;
}

static const char *const STATUS_NAME[] = {"auto", "key", "exclude"};

/* ,"commitments":[...]: what forces account k key or drops it, as
 * `qualify` lists them: its activity's min_count, then each scenario's
 * key or exclude, each {"commitment": "key" or "excluded", "by":
 * "min_count", "scenarios.csv key" or "scenarios.csv exclude",
 * "activity", "scenario"} (null where it does not apply). */
static void commitments_json(const kp_instance *in, size_t k, const kp_qualification *q,
                             FILE *f)
{
    int n = 0;
    fputs(",\"commitments\":[", f);
    if (q->committed) {
        fputs("{\"commitment\":\"key\",\"by\":\"min_count\",\"activity\":", f);
        kp_json_string(f, q->committed);
        fputs(",\"scenario\":null}", f);
        n++;
    }
    for (size_t s = 0; s < in->nscen; s++) {
        int forces = kp_instance_scenario_forces(in, s, k);
        if (forces < 0)
            continue;
        fprintf(f, "%s{\"commitment\":\"%s\",\"by\":\"scenarios.csv %s\","
                "\"activity\":null,\"scenario\":", n++ ? "," : "",
                forces == KP_KEY ? "key" : "excluded", forces == KP_KEY ? "key" : "exclude");
        kp_json_string(f, in->scen[s].id);
        fputc('}', f);
    }
    fputc(']', f);
}

int kp_qualification_write_json(const kp_instance *in, FILE *f)
{
    fputc('[', f);
    for (size_t k = 0; k < in->nacc; k++) {
        kp_qualification q;
        kp_instance_qualification(in, k, &q);
        fputs(k ? ",{\"account_id\":" : "{\"account_id\":", f);
        kp_json_string(f, q.account_id);
        fputs(",\"name\":", f);
        kp_json_string(f, q.name);
        fprintf(f, ",\"status\":\"%s\",\"criteria\":[", STATUS_NAME[q.status]);
        for (int c = 0, shown = 0; c < KP_N_CRITERIA; c++) {
            const kp_criterion *cr = &q.criteria[c];
            fprintf(f, "%s{\"name\":\"%s\",\"op\":\"%s\",\"set\":%s,\"value\":",
                    shown++ ? "," : "", cr->name, cr->op, cr->set ? "true" : "false");
            json_num(f, cr->value);
            fputs(",\"threshold\":", f);
            json_num(f, cr->set ? cr->threshold : NAN);
            fprintf(f, ",\"met\":%s}", !cr->set ? "null" : cr->met ? "true" : "false");
        }
        fprintf(f, "],\"criteria_set\":%d,\"criteria_met\":%d,\"min_criteria\":%d,"
                "\"qualified\":%s,\"eligible\":%s,\"blocked\":%s,\"why\":",
                q.criteria_set, q.criteria_met, q.min_criteria,
                q.qualified ? "true" : "false", q.eligible ? "true" : "false",
                q.blocked ? "true" : "false");
        json_text(f, q.blocked ? q.why : NULL);
        fputs(",\"committed\":", f);
        json_text(f, q.committed);
        commitments_json(in, k, &q, f);
        if (in->has_team) {
            int m = kp_instance_account_manager(in, k);
            fputs(",\"manager_id\":", f);
            json_text(f, m >= 0 ? in->mgr[m].id : NULL);
        }
        fputc('}', f);
    }
    fputc(']', f);
    return ferror(f) ? KP_EIO : KP_OK;
}
