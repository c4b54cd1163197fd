/*
 * sweep.c - what-if sweeps without a scenarios file: parses an axis such as
 * "budget=50000:200000:16" or "manager_hours:BERG=100:250:4" and replaces
 * an instance's scenarios with the line (one axis) or grid (two different
 * axes) it describes. A manager's or period's axis sets that one capacity
 * (kp__scenario.set, read by kp__manager_hours and the like).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/io.h"

#define NPARAMS 6
static const char *const PARAM_NAMES[NPARAMS] = {
    "hours", "budget", "manager_hours", "manager_budget", "period_hours",
    "period_budget"};
/* The capacity's name in scenario ids, after the manager's or period's id. */
static const char *const ID_NAMES[NPARAMS] = {
    "hours", "budget", "hours", "budget", "hours", "budget"};

/* Whether param is a manager's or a period's capacity (it takes an id). */
static int has_id(int param)
{
    return param >= KP_SWEEP_MANAGER_HOURS;
}

/* Parses a plain decimal (no hex, inf or nan; strtod accepts those) that
 * fills the whole of s[0..len-1]. Returns 0 or -1. */
static int parse_num(const char *s, size_t len, double *v)
{
    char buf[64], *end;
    if (len == 0 || len >= sizeof buf || strspn(s, "0123456789.eE+-") < len)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    *v = strtod(buf, &end);
    return *end == '\0' && isfinite(*v) ? 0 : -1;
}

/* Sets axis->param (and id, idlen) from the name before '=', spec[0..n-1]:
 * "hours", "budget", or PARAM:ID for a manager's or period's capacity.
 * Returns KP_OK or KP_EINVAL (reported). */
static int parse_param(const char *spec, size_t n, kp_sweep_axis *axis, kp_diags *d)
{
    const char *colon = memchr(spec, ':', n);
    size_t plen = colon ? (size_t)(colon - spec) : n;

    axis->param = -1;
    axis->id = NULL;
    axis->idlen = 0;
    for (int i = 0; i < NPARAMS; i++)
        if (plen == strlen(PARAM_NAMES[i]) && strncasecmp(spec, PARAM_NAMES[i], plen) == 0)
            axis->param = i;
    if (axis->param < 0) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL,
                 "'%.*s' is not a value a sweep can vary (hours, budget, "
                 "manager_hours:ID, manager_budget:ID, period_hours:ID or "
                 "period_budget:ID)", (int)plen, spec);
        return KP_EINVAL;
    }
    if (colon && !has_id(axis->param)) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "'%s' takes no id: it is the team's; "
                 "manager_%s:ID or period_%s:ID sweeps one manager's or period's",
                 PARAM_NAMES[axis->param], PARAM_NAMES[axis->param],
                 PARAM_NAMES[axis->param]);
        return KP_EINVAL;
    }
    if (has_id(axis->param) && (!colon || colon + 1 == spec + n)) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "'%s' needs the id of a %s: %s:ID=FROM:TO:STEPS",
                 PARAM_NAMES[axis->param], axis->param < KP_SWEEP_PERIOD_HOURS
                 ? "manager" : "period", PARAM_NAMES[axis->param]);
        return KP_EINVAL;
    }
    if (colon) {
        axis->id = colon + 1;
        axis->idlen = (size_t)(spec + n - axis->id);
    }
    return KP_OK;
}

int kp_sweep_axis_parse(const char *spec, kp_sweep_axis *axis, kp_diags *d)
{
    const char *eq = strchr(spec, '='), *p, *c1, *c2;
    double steps;

    if (!eq || !(c1 = strchr(eq + 1, ':')) || !(c2 = strchr(c1 + 1, ':')) ||
        strchr(c2 + 1, ':')) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL,
                 "'%s' is not PARAM=FROM:TO:STEPS (e.g. budget=50000:200000:16)",
                 spec);
        return KP_EINVAL;
    }
    if (parse_param(spec, (size_t)(eq - spec), axis, d) != KP_OK)
        return KP_EINVAL;
    const char *part[3] = {eq + 1, c1 + 1, c2 + 1};
    size_t plen[3] = {(size_t)(c1 - eq - 1), (size_t)(c2 - c1 - 1), strlen(c2 + 1)};
    double *dst[3] = {&axis->from, &axis->to, &steps};
    for (int i = 0; i < 3; i++) {
        p = part[i];
        if (parse_num(p, plen[i], dst[i]) != 0) {
            kp__diag(d, KP_ERROR, NULL, 0, NULL, "'%.*s' is not a number (in '%s')",
                     (int)plen[i], p, spec);
            return KP_EINVAL;
        }
    }
    if (axis->from < 0 || axis->to < 0) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL,
                 "%s must be at least 0 (in '%s')", PARAM_NAMES[axis->param], spec);
        return KP_EINVAL;
    }
    if (steps != (double)(int)steps || steps < 1 || steps > KP_SWEEP_MAX_STEPS) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL,
                 "STEPS '%.*s' is not a whole number from 1 to %d (in '%s')",
                 (int)plen[2], part[2], KP_SWEEP_MAX_STEPS, spec);
        return KP_EINVAL;
    }
    axis->steps = (int)steps;
    if ((axis->steps == 1) != (axis->from == axis->to)) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, axis->steps == 1
                 ? "one step needs FROM equal to TO (in '%s')"
                 : "FROM equals TO: give 1 step (in '%s')", spec);
        return KP_EINVAL;
    }
    return KP_OK;
}

/* Value i of an axis; the last one is exactly `to`. */
static double axis_value(const kp_sweep_axis *a, int i)
{
    if (a->steps == 1 || i == a->steps - 1)
        return i == 0 ? a->from : a->to;
    return a->from + (a->to - a->from) * i / (a->steps - 1);
}

/* Whether axes a and b vary the same value. */
static int same_axis(const kp_sweep_axis *a, const kp_sweep_axis *b)
{
    return a->param == b->param &&
           (!has_id(a->param) || (a->idlen == b->idlen && memcmp(a->id, b->id, a->idlen) == 0));
}

/* Axis a's name, "hours" or "BERG.hours", into buf. */
static const char *axis_name(const kp_sweep_axis *a, char *buf, size_t len)
{
    if (!has_id(a->param))
        return PARAM_NAMES[a->param];
    snprintf(buf, len, "%.*s.%s", (int)(a->idlen > 200 ? 200 : a->idlen), a->id,
             ID_NAMES[a->param]);
    return buf;
}

/* Checks the axes together; returns the number of scenarios, or 0 after
 * reporting what is wrong. */
static size_t check_axes(const kp_sweep_axis *ax, size_t n, kp_diags *d)
{
    char name[256];
    size_t total = 1;
    if (n < 1 || n > 2) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "a sweep has 1 or 2 axes, not %zu", n);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (ax[i].param < 0 || ax[i].param >= NPARAMS || ax[i].steps < 1 ||
            (has_id(ax[i].param) && (!ax[i].id || ax[i].idlen == 0)) ||
            ax[i].steps > KP_SWEEP_MAX_STEPS || !(ax[i].from >= 0) || !(ax[i].to >= 0)) {
            kp__diag(d, KP_ERROR, NULL, 0, NULL, "sweep axis %zu is not valid", i + 1);
            return 0;
        }
        for (int j = 1; j < ax[i].steps; j++) {
            if (axis_value(&ax[i], j) == axis_value(&ax[i], j - 1)) {
                kp__diag(d, KP_ERROR, NULL, 0, NULL,
                         "the %s values are too close together to tell apart",
                         axis_name(&ax[i], name, sizeof name));
                return 0;
            }
        }
        total *= (size_t)ax[i].steps;
    }
    if (n == 2 && same_axis(&ax[0], &ax[1])) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, has_id(ax[0].param)
                 ? "%s is swept twice: a grid sweeps two different values"
                 : "%s is swept twice: a grid sweeps hours and budget",
                 axis_name(&ax[0], name, sizeof name));
        return 0;
    }
    if (total > KP_SWEEP_MAX_SCENARIOS) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "the sweep has %zu scenarios; at most "
                 "%d are allowed", total, KP_SWEEP_MAX_SCENARIOS);
        return 0;
    }
    return total;
}

/* The index of axis a's manager or period in in (0 for the team's hours
 * or budget) into *idx. Returns 0, or -1 after reporting why the instance
 * cannot take the axis: no managers.csv (periods.csv), no such id, or no
 * such capacity there (a sweep varies a limit the instance gives; setting
 * one it lacks would change the programme's rows and columns). */
static int axis_index(const kp_instance *in, const kp_sweep_axis *a, size_t *idx,
                      kp_diags *d)
{
    int mgr = a->param == KP_SWEEP_MANAGER_HOURS || a->param == KP_SWEEP_MANAGER_BUDGET;
    int hours = a->param == KP_SWEEP_MANAGER_HOURS || a->param == KP_SWEEP_PERIOD_HOURS;
    const char *file = mgr ? "managers.csv" : "periods.csv", *what = mgr ? "manager" : "period";
    size_t n = mgr ? in->nmgr : in->nper, i;
    int len = (int)a->idlen;
    double v;

    *idx = 0;
    if (!has_id(a->param))
        return 0;
    if (mgr ? !in->has_team : in->nper == 0) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "'%s:%.*s': the instance has no %s, "
                 "so there is no %s %.*s to sweep", PARAM_NAMES[a->param], len, a->id,
                 file, what, len, a->id);
        return -1;
    }
    for (i = 0; i < n; i++) {
        const char *id = mgr ? in->mgr[i].id : in->per[i].id;
        if (strlen(id) == a->idlen && memcmp(id, a->id, a->idlen) == 0)
            break;
    }
    if (i == n) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "'%s:%.*s': %s has no %s \"%.*s\"",
                 PARAM_NAMES[a->param], len, a->id, file, what, len, a->id);
        return -1;
    }
    v = mgr ? (hours ? in->mgr[i].hours : in->mgr[i].budget)
            : (hours ? in->per[i].hours : in->per[i].budget);
    if (!kp__isset(v)) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "'%s:%.*s': %s %.*s has no %s in %s, "
                 "and a sweep varies only a limit the instance gives (give it one "
                 "there to sweep it)", PARAM_NAMES[a->param], len, a->id, what, len,
                 a->id, ID_NAMES[a->param], file);
        return -1;
    }
    *idx = i;
    return 0;
}

/* Scenario s of the sweep into sc, with its id written at p (room: len
 * bytes); idx holds each axis's manager or period. Returns the place
 * after the id's NUL. */
static char *make_scenario(const kp_instance *in, kp__scenario *sc, size_t s,
                           const kp_sweep_axis *ax, size_t naxes, const size_t *idx,
                           char *p, size_t len)
{
    char *end = p + len;
    int at[2];
    at[0] = naxes == 2 ? (int)(s / (size_t)ax[1].steps) : (int)s;
    at[1] = naxes == 2 ? (int)(s % (size_t)ax[1].steps) : 0;
    sc->id = p;
    sc->line = 0;
    sc->budget = in->pol.budget;
    sc->max_key_accounts = in->pol.max_key_accounts;
    sc->min_contacts = in->pol.min_contacts;
    for (size_t i = 0; i < naxes; i++) {
        double v = axis_value(&ax[i], at[i]);
        if (has_id(ax[i].param))
            sc->set[sc->nset++] = (struct kp__swept){ax[i].param, idx[i], v};
    }
    /* After the sets: without policy hours, the team's follow its managers'. */
    sc->hours = kp__isset(in->pol.hours) ? in->pol.hours : kp__team_hours(in, sc);
    sc->hours_of_team = !kp__isset(in->pol.hours);
    for (size_t i = 0; i < naxes; i++) {
        char num[40];
        double v = axis_value(&ax[i], at[i]);
        if (ax[i].param == KP_SWEEP_HOURS)
            sc->hours = v, sc->hours_of_team = 0;
        else if (ax[i].param == KP_SWEEP_BUDGET)
            sc->budget = v;
        kp__fmt_double(num, sizeof num, v);
        if (has_id(ax[i].param))
            p += snprintf(p, (size_t)(end - p), "%s%.*s.%s=%s", i ? "+" : "",
                          (int)ax[i].idlen, ax[i].id, ID_NAMES[ax[i].param], num);
        else
            p += snprintf(p, (size_t)(end - p), "%s%s=%s", i ? "+" : "",
                          PARAM_NAMES[ax[i].param], num);
    }
    return p + 1;   /* past the NUL */
}

int kp_instance_sweep(kp_instance *in, const kp_sweep_axis *ax, size_t naxes,
                      kp_diags *d)
{
    kp__scenario *scen = NULL;
    char *text = NULL, *p;
    size_t total = check_axes(ax, naxes, d), cap, idx[2] = {0, 0}, per = 1;
    int rc = KP_ENOMEM;

    if (total == 0)
        return KP_EINVAL;
    for (size_t i = 0; i < naxes; i++) {
        if (axis_index(in, &ax[i], &idx[i], d) != 0)
            return KP_EINVAL;
        per += (has_id(ax[i].param) ? ax[i].idlen + 1 : 0) + 8 + 32 + 1;
    }
    if ((double)total * (double)in->nact > KP__MAX_PLAN_CELLS) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "the sweep has %zu scenarios of %zu "
                 "activities: their plans would take %.0f counts, more than the "
                 "%.0f kamplan keeps in one run; sweep fewer steps (models/README.md, "
                 "\"Limits\")", total, in->nact, (double)total * (double)in->nact,
                 KP__MAX_PLAN_CELLS);
        return KP_EINVAL;
    }
    /* Per axis "ID." (for a manager or period), "budget=", 24 characters at
     * most for a shortest round-trip double, and "+"; then the NUL. */
    cap = total * per;
    scen = calloc(total + 1, sizeof *scen);
    text = malloc(cap);
    if (!scen || !text)
        goto out;
    p = text;
    for (size_t s = 0; s < total; s++)
        p = make_scenario(in, &scen[s], s, ax, naxes, idx, p, (size_t)(text + cap - p));
    if (!in->scen_text && in->tables[5] && in->tables[5]->nrows > 0)
        kp__diag(d, KP_WARNING, in->tables[5]->name, 0, NULL,
                 "its %zu scenarios are replaced by the sweep's %zu", in->nscen, total);
    free(in->scen);
    free(in->scen_text);
    in->scen = scen;
    in->scen_text = text;
    in->nscen = total;
    in->sweep_axes = (int)naxes;
    in->sweep_steps[0] = ax[0].steps;
    in->sweep_steps[1] = naxes == 2 ? ax[1].steps : 1;
    for (size_t i = 0; i < 2; i++) {
        in->sweep_on[i].param = i < naxes ? ax[i].param : -1;
        in->sweep_on[i].idx = idx[i];
        in->sweep_on[i].v = NAN;
    }
    scen = NULL;
    text = NULL;
    rc = KP_OK;
out:
    free(scen);
    free(text);
    return rc;
}
