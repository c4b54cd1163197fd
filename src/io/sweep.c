/*
 * sweep.c - what-if sweeps without a scenarios file: parses an axis such as
 * "budget=50000:200000:16" and replaces an instance's scenarios with the
 * line (one axis) or grid (hours and budget) it describes.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/io.h"

static const char *const PARAM_NAMES[] = {"hours", "budget"};

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
    axis->param = -1;
    for (int i = 0; i < 2; i++)
        if ((size_t)(eq - spec) == strlen(PARAM_NAMES[i]) &&
            strncasecmp(spec, PARAM_NAMES[i], (size_t)(eq - spec)) == 0)
            axis->param = i;
    if (axis->param < 0) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL,
                 "'%.*s' is not a value a sweep can vary (hours or budget)",
                 (int)(eq - spec), spec);
        return KP_EINVAL;
    }
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

/* Checks the axes together; returns the number of scenarios, or 0 after
 * reporting what is wrong. */
static size_t check_axes(const kp_sweep_axis *ax, size_t n, kp_diags *d)
{
    size_t total = 1;
    if (n < 1 || n > 2) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "a sweep has 1 or 2 axes, not %zu", n);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (ax[i].param < 0 || ax[i].param > 1 || ax[i].steps < 1 ||
            ax[i].steps > KP_SWEEP_MAX_STEPS || !(ax[i].from >= 0) || !(ax[i].to >= 0)) {
            kp__diag(d, KP_ERROR, NULL, 0, NULL, "sweep axis %zu is not valid", i + 1);
            return 0;
        }
        for (int j = 1; j < ax[i].steps; j++) {
            if (axis_value(&ax[i], j) == axis_value(&ax[i], j - 1)) {
                kp__diag(d, KP_ERROR, NULL, 0, NULL,
                         "the %s values are too close together to tell apart",
                         PARAM_NAMES[ax[i].param]);
                return 0;
            }
        }
        total *= (size_t)ax[i].steps;
    }
    if (n == 2 && ax[0].param == ax[1].param) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "%s is swept twice: a grid sweeps "
                 "hours and budget", PARAM_NAMES[ax[0].param]);
        return 0;
    }
    if (total > KP_SWEEP_MAX_SCENARIOS) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "the sweep has %zu scenarios; at most "
                 "%d are allowed", total, KP_SWEEP_MAX_SCENARIOS);
        return 0;
    }
    return total;
}

int kp_instance_sweep(kp_instance *in, const kp_sweep_axis *ax, size_t naxes,
                      kp_diags *d)
{
    kp__scenario *scen = NULL;
    char *text = NULL, *p;
    size_t total = check_axes(ax, naxes, d), cap;
    int rc = KP_ENOMEM;

    if (total == 0)
        return KP_EINVAL;
    if ((double)total * (double)in->nact > KP__MAX_PLAN_CELLS) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "the sweep has %zu scenarios of %zu "
                 "activities: their plans would take %.0f counts, more than the "
                 "%.0f kamplan keeps in one run; sweep fewer steps (models/README.md, "
                 "\"Limits\")", total, in->nact, (double)total * (double)in->nact,
                 KP__MAX_PLAN_CELLS);
        return KP_EINVAL;
    }
    /* "hours=" + 24 characters at most for a shortest round-trip double,
     * twice, "+" and the NUL. */
    cap = total * 2 * (8 + 32);
    scen = calloc(total + 1, sizeof *scen);
    text = malloc(cap);
    if (!scen || !text)
        goto out;
    p = text;
    for (size_t s = 0; s < total; s++) {
        kp__scenario *sc = &scen[s];
        int idx[2];
        idx[0] = naxes == 2 ? (int)(s / (size_t)ax[1].steps) : (int)s;
        idx[1] = naxes == 2 ? (int)(s % (size_t)ax[1].steps) : 0;
        sc->id = p;
        sc->line = 0;
        sc->hours = kp__isset(in->pol.hours) ? in->pol.hours : kp__team_hours(in, sc);
        sc->hours_of_team = !kp__isset(in->pol.hours);
        sc->budget = in->pol.budget;
        sc->max_key_accounts = in->pol.max_key_accounts;
        sc->min_contacts = in->pol.min_contacts;
        for (size_t i = 0; i < naxes; i++) {
            char num[40];
            double v = axis_value(&ax[i], idx[i]);
            if (ax[i].param == KP_SWEEP_HOURS)
                sc->hours = v, sc->hours_of_team = 0;
            else
                sc->budget = v;
            kp__fmt_double(num, sizeof num, v);
            p += snprintf(p, (size_t)(text + cap - p), "%s%s=%s", i ? "+" : "",
                          PARAM_NAMES[ax[i].param], num);
        }
        p++;    /* past the NUL */
    }
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
    scen = NULL;
    text = NULL;
    rc = KP_OK;
out:
    free(scen);
    free(text);
    return rc;
}
