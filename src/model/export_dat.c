/*
 * export_dat.c - MathProg data for models/kamplan.mod.
 *
 * The data section holds the raw instance: every account with its status
 * and criteria values, the policy's thresholds, contacts, objectives and
 * activities, and one scenario's resolved hours, budget, portfolio size and
 * breadth. It deliberately leaves out kamplan's own qualification (the
 * qualified/eligible fields of kp__account): the model qualifies accounts
 * itself, so that solving it with glpsol is an independent check of
 * kamplan's qualification and model builder alike.
 *
 * Format conventions shared with models/kamplan.mod:
 *  - every identifier is written as a quoted MathProg symbol ('A0001', a
 *    quote inside doubled), so that ids such as 007 keep their spelling;
 *  - an optional number that is unset (NaN in the instance) is written as
 *    a 0/1 flag "has_..." beside the value, with "." (no value) for the
 *    value itself where it stands in a table;
 *  - numbers are written with kp__fmt_double, so they read back exactly.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

/* The longest symbol MathProg reads, in bytes (MAX_LENGTH in GLPK's
 * mpl.h); a longer one is a fatal error in glpsol. */
#define KP__MPL_MAX_SYMBOL 100

/* Criterion names as models/kamplan.mod spells them (its set CRITERIA), in
 * the order of kp__account.crit and kp__policy.threshold. */
static const char *const crit_names[KP_N_CRITERIA] = {
    "sales", "margin_pct", "growth_pct", "potential",
    "days_to_pay", "access", "openness"
};

static const char *const status_names[] = { "auto", "key", "exclude" };
static const char *const stance_names[] = {
    "supporter", "neutral", "opponent"
};

/* Checks that s can be written as a MathProg symbol: at most
 * KP__MPL_MAX_SYMBOL bytes and no control characters (glpsol rejects
 * control characters, and would silently turn a tab into a blank). Adds an
 * error naming the instance file dir/name, line and what the string is,
 * and returns 0, when it cannot. */
static int symbol_ok(const char *s, const char *dir, const char *name,
                     long line, const char *what, kp_diags *diags)
{
    size_t len = strlen(s);
    kp__str file = KP__STR_INIT;
    int ok = 0;

    kp__str_addf(&file, "%s%s%s", dir ? dir : "", dir ? "/" : "", name);
    if (len > KP__MPL_MAX_SYMBOL) {
        kp__diag(diags, KP_ERROR, kp__str_get(&file), line, NULL,
                 "%s '%.40s...' is %zu bytes long; MathProg data allow "
                 "at most %d", what, s, len, KP__MPL_MAX_SYMBOL);
        goto out;
    }
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f) {
            kp__diag(diags, KP_ERROR, kp__str_get(&file), line, NULL,
                     "%s contains the control character 0x%02X, which "
                     "MathProg data cannot hold", what, *p);
            goto out;
        }
    }
    ok = 1;
out:
    kp__str_free(&file);
    return ok;
}

/* Checks every string that goes into the data file with symbol_ok(), so
 * that nothing is written for an instance glpsol could not read. Returns
 * KP_OK or KP_EDATA (one error per bad string in diags). */
static int check_symbols(const kp_instance *inst, size_t s, kp_diags *diags)
{
    const char *dir = inst->dir;
    int ok = 1;

    ok &= symbol_ok(inst->scen[s].id, dir, "scenarios.csv",
                    inst->scen[s].line, "scenario id", diags);
    for (size_t i = 0; i < inst->nacc; i++)
        ok &= symbol_ok(inst->acc[i].id, dir, "accounts.csv",
                        inst->acc[i].line, "account id", diags);
    for (size_t i = 0; i < inst->ncon; i++)
        ok &= symbol_ok(inst->con[i].id, dir, "contacts.csv",
                        inst->con[i].line, "contact id", diags);
    for (size_t i = 0; i < inst->nobj; i++)
        ok &= symbol_ok(inst->obj[i].id, dir, "objectives.csv",
                        inst->obj[i].line, "objective id", diags);
    for (size_t i = 0; i < inst->nact; i++)
        ok &= symbol_ok(inst->act[i].id, dir, "activities.csv",
                        inst->act[i].line, "activity id", diags);
    for (size_t m = 0; m < inst->nmgr; m++)
        ok &= symbol_ok(inst->mgr[m].id, dir, "managers.csv",
                        inst->mgr[m].line, "manager id", diags);
    for (size_t p = 0; p < inst->nper; p++)
        ok &= symbol_ok(inst->per[p].id, dir, "periods.csv",
                        inst->per[p].line, "period id", diags);
    for (size_t g = 0; g < inst->ngroups; g++)
        ok &= symbol_ok(inst->groups[g], dir, "activities.csv", 0,
                        "group name", diags);
    return ok ? KP_OK : KP_EDATA;
}

/* Writes s as a quoted MathProg symbol, preceded by a blank. A quote inside
 * is doubled, as MathProg reads it. */
static void put_sym(FILE *f, const char *s)
{
    fputs(" '", f);
    for (; *s; s++) {
        if (*s == '\'')
            fputc('\'', f);
        fputc(*s, f);
    }
    fputc('\'', f);
}

/* Writes x, preceded by a blank, in the shortest form that reads back as
 * x. */
static void put_num(FILE *f, double x)
{
    char buf[32];       /* kp__fmt_double writes at most 24 bytes */

    kp__fmt_double(buf, sizeof buf, x);
    fprintf(f, " %s", buf);
}

/* Writes an optional value as the table columns "has_... value": "1 x"
 * when set, "0 ." (no value, the model's default) when x is NaN. */
static void put_opt(FILE *f, double x)
{
    if (kp__isset(x)) {
        fputs(" 1", f);
        put_num(f, x);
    } else {
        fputs(" 0 .", f);
    }
}

/* Scenario and policy: the scalars and the qualification thresholds. */
static void put_policy(FILE *f, const kp_instance *inst, size_t s)
{
    const kp__scenario *sc = &inst->scen[s];
    const kp__policy *pol = &inst->pol;

    fputs("param scenario :=", f);
    put_sym(f, sc->id);
    fputs(";\nparam total_hours :=", f);
    put_num(f, sc->hours);
    fputs(";\n", f);
    if (kp__isset(sc->budget)) {
        fputs("param has_budget := 1;\nparam total_budget :=", f);
        put_num(f, sc->budget);
        fputs(";\n", f);
    } else {
        fputs("param has_budget := 0;\n", f);
    }
    if (sc->max_key_accounts >= 0)
        fprintf(f, "param has_max_key_accounts := 1;\n"
                "param max_key_accounts := %d;\n", sc->max_key_accounts);
    else
        fputs("param has_max_key_accounts := 0;\n", f);
    fprintf(f, "param min_contacts := %d;\n", sc->min_contacts);
    fprintf(f, "param require_entrenched := %d;\n",
            pol->require_entrenched ? 1 : 0);
    if (kp__isset(pol->opponent_influence)) {
        fputs("param has_opponent_influence := 1;\n"
              "param opponent_influence :=", f);
        put_num(f, pol->opponent_influence);
        fputs(";\n", f);
    } else {
        fputs("param has_opponent_influence := 0;\n", f);
    }

    fputs("\n# Qualification thresholds set by the policy.\n"
          "set THRESHOLD_SET :=", f);
    for (int c = 0; c < KP_N_CRITERIA; c++)
        if (kp__isset(pol->threshold[c]))
            put_sym(f, crit_names[c]);
    fputs(";\nparam threshold :=", f);
    for (int c = 0; c < KP_N_CRITERIA; c++) {
        if (kp__isset(pol->threshold[c])) {
            fputs("\n ", f);
            put_sym(f, crit_names[c]);
            put_num(f, pol->threshold[c]);
        }
    }
    fprintf(f, ";\nparam min_criteria := %d;\n", pol->min_criteria);
}

/* A team's managers, in scenario s, and the manager of each account that
 * has one; nothing without managers.csv. */
static void put_team(FILE *f, const kp_instance *inst, size_t s)
{
    if (!inst->has_team)
        return;
    fputs("\nparam : MANAGERS : mgr_hours has_mgr_budget mgr_budget"
          " has_max_accounts max_accounts :=", f);
    for (size_t m = 0; m < inst->nmgr; m++) {
        const kp__manager *mg = &inst->mgr[m];
        fputs("\n", f);
        put_sym(f, mg->id);
        put_num(f, kp__manager_hours(inst, &inst->scen[s], m));
        put_opt(f, kp__manager_budget(inst, &inst->scen[s], m));
        put_opt(f, mg->max_accounts >= 0 ? mg->max_accounts : NAN);
    }
    fputs(";\n\nparam manager :=", f);
    for (size_t k = 0; k < inst->nacc; k++) {
        if (inst->acc[k].manager < 0)
            continue;
        fputs("\n", f);
        put_sym(f, inst->acc[k].id);
        put_sym(f, inst->mgr[inst->acc[k].manager].id);
    }
    fputs(";\n", f);
}

/* The periods in scenario s, and each activity's window (as period
 * numbers from 1) and max_per_period; nothing without periods.csv. */
static void put_periods(FILE *f, const kp_instance *inst, size_t s)
{
    if (!inst->nper)
        return;
    fprintf(f, "\nparam nper := %zu;\n\nparam : per_id has_per_hours per_hours"
            " has_per_budget per_budget :=", inst->nper);
    for (size_t p = 0; p < inst->nper; p++) {
        fprintf(f, "\n %zu", p + 1);
        put_sym(f, inst->per[p].id);
        put_opt(f, kp__period_hours(inst, &inst->scen[s], p));
        put_opt(f, kp__period_budget(inst, &inst->scen[s], p));
    }
    fputs(";\n\nparam : earliest latest max_per :=", f);
    for (size_t a = 0; a < inst->nact; a++) {
        fputs("\n", f);
        put_sym(f, inst->act[a].id);
        fprintf(f, " %d %d %d", inst->win[a].earliest + 1, inst->win[a].latest + 1,
                inst->win[a].max_per);
    }
    fputs(";\n", f);
}

/* Accounts, contacts, objectives and activities, one table each. */
static void put_tables(FILE *f, const kp_instance *inst)
{
    fputs("\nparam : ACCOUNTS : status", f);
    for (int c = 0; c < KP_N_CRITERIA; c++)
        fprintf(f, " %s", crit_names[c]);
    fputs(" has_max_hours max_hours has_max_budget max_budget min_hours"
          " :=", f);
    for (size_t i = 0; i < inst->nacc; i++) {
        const kp__account *a = &inst->acc[i];
        fputs("\n", f);
        put_sym(f, a->id);
        put_sym(f, status_names[a->status]);
        for (int c = 0; c < KP_N_CRITERIA; c++)
            put_num(f, a->crit[c]);
        put_opt(f, a->max_hours);
        put_opt(f, a->max_budget);
        put_num(f, a->min_hours);
    }
    fputs(";\n", f);

    fputs("\nparam : CONTACTS : con_account influence entrenched stance :=",
          f);
    for (size_t i = 0; i < inst->ncon; i++) {
        const kp__contact *c = &inst->con[i];
        fputs("\n", f);
        put_sym(f, c->id);
        put_sym(f, inst->acc[c->account].id);
        put_num(f, c->influence);
        fprintf(f, " %d", c->entrenched ? 1 : 0);
        put_sym(f, stance_names[c->stance]);
    }
    fputs(";\n", f);

    fputs("\nparam : OBJECTIVES : obj_account obj_value :=", f);
    for (size_t i = 0; i < inst->nobj; i++) {
        const kp__objective *o = &inst->obj[i];
        fputs("\n", f);
        put_sym(f, o->id);
        put_sym(f, inst->acc[o->account].id);
        put_num(f, o->value);
    }
    fputs(";\n", f);

    fputs("\nparam : ACTIVITIES : act_account hours cost value decay"
          " max_count :=", f);
    for (size_t i = 0; i < inst->nact; i++) {
        const kp__activity *a = &inst->act[i];
        fputs("\n", f);
        put_sym(f, a->id);
        put_sym(f, inst->acc[a->account].id);
        put_num(f, a->hours);
        put_num(f, a->cost);
        put_num(f, a->value);
        put_num(f, a->decay);
        fprintf(f, " %d", a->max_count);
    }
    fputs(";\n", f);
}

/* The relations between activities and the rest: contacts engaged,
 * objectives supported, prerequisites (each pair once, as MathProg rejects
 * a repeated tuple: seen, nact entries of 0, marks each prerequisite of
 * an activity, so that a long requires list costs linear time) and
 * groups of alternatives. gstart/gidx list the activities of each group
 * (CSR, ngroups + 1 and nact entries). */
static void put_relations(FILE *f, const kp_instance *inst,
                          const size_t *gstart, const size_t *gidx, size_t *seen)
{
    fputs("\nset ENGAGES :=", f);
    for (size_t i = 0; i < inst->nact; i++) {
        const kp__activity *a = &inst->act[i];
        if (a->contact >= 0) {
            fputs("\n (", f);
            put_sym(f, a->id);
            fputc(',', f);
            put_sym(f, inst->con[a->contact].id);
            fputc(')', f);
        }
    }
    fputs(";\n\nset SUPPORTS :=", f);
    for (size_t i = 0; i < inst->nact; i++) {
        const kp__activity *a = &inst->act[i];
        if (a->objective >= 0) {
            fputs("\n (", f);
            put_sym(f, a->id);
            fputc(',', f);
            put_sym(f, inst->obj[a->objective].id);
            fputc(')', f);
        }
    }
    fputs(";\n\n# (b, a): activity b requires activity a.\nset REQUIRES :=",
          f);
    for (size_t i = 0; i < inst->nact; i++) {
        const kp__activity *b = &inst->act[i];
        for (int r = 0; r < b->nrequires; r++) {
            if (seen[b->requires[r]] == i + 1)
                continue;
            seen[b->requires[r]] = i + 1;
            fputs("\n (", f);
            put_sym(f, b->id);
            fputc(',', f);
            put_sym(f, inst->act[b->requires[r]].id);
            fputc(')', f);
        }
    }
    fputs(";\n\nset GROUPS :=", f);
    for (size_t g = 0; g < inst->ngroups; g++)
        put_sym(f, inst->groups[g]);
    fputs(";\n", f);
    for (size_t g = 0; g < inst->ngroups; g++) {
        fputs("set GROUP[", f);
        put_sym(f, inst->groups[g]);
        fputs("] :=", f);
        for (size_t k = gstart[g]; k < gstart[g + 1]; k++)
            put_sym(f, inst->act[gidx[k]].id);
        fputs(";\n", f);
    }
}

/* The commitments, only where there are any (so that an instance without
 * them gives the data it always gave): each activity's min_count and
 * locked, and scenario s's own key and exclude. */
static void put_commitments(FILE *f, const kp_instance *inst, size_t s)
{
    const kp__scenario *sc = &inst->scen[s];
    int any[2] = {0, 0};
    for (size_t i = 0; i < inst->nact; i++) {
        any[0] |= inst->act[i].min_count > 0;
        any[1] |= inst->act[i].locked;
    }
    for (int l = 0; l < 2; l++) {
        if (!any[l])
            continue;
        fputs(l ? "\nparam locked :=" : "\nparam min_count :=", f);
        for (size_t i = 0; i < inst->nact; i++) {
            const kp__activity *a = &inst->act[i];
            if (l ? !a->locked : a->min_count <= 0)
                continue;
            fputs("\n", f);
            put_sym(f, a->id);
            fprintf(f, " %d", l ? 1 : a->min_count);
        }
        fputs(";\n", f);
    }
    if (sc->nkey) {
        fputs("\nset SCEN_KEY :=", f);
        for (int i = 0; i < sc->nkey; i++)
            put_sym(f, inst->acc[sc->key[i]].id);
        fputs(";\n", f);
    }
    if (sc->nexclude) {
        fputs("\nset SCEN_EXCLUDE :=", f);
        for (int i = 0; i < sc->nexclude; i++)
            put_sym(f, inst->acc[sc->exclude[i]].id);
        fputs(";\n", f);
    }
}

/* Writes the MathProg data of scenario s of inst to path, for
 * models/kamplan.mod, replacing the file. Returns KP_OK; KP_EINVAL when s
 * is out of range; KP_EDATA when an identifier cannot be a MathProg symbol
 * (nothing is written then); KP_ENOMEM; KP_EIO when the file cannot be
 * written. The file is written in place, not renamed into place, so that
 * path may be a pipe or /dev/stdout; a failed write can leave it partly
 * written (it is not removed, since path need not be a regular file).
 * Each problem goes to diags. */
int kp__export_dat(const kp_instance *inst, size_t s, const char *path,
                   kp_diags *diags)
{
    FILE *f = NULL;
    size_t *gstart = NULL, *gidx = NULL, *seen = NULL;
    int rc = KP_OK;

    if (s >= inst->nscen) {
        kp__diag(diags, KP_ERROR, NULL, 0, NULL,
                 "scenario %zu out of range (the instance has %zu)", s,
                 inst->nscen);
        rc = KP_EINVAL;
        goto out;
    }
    rc = check_symbols(inst, s, diags);
    if (rc != KP_OK)
        goto out;

    /* Activities by group, in file order: a counting sort. */
    gstart = calloc(inst->ngroups + 1, sizeof *gstart);
    gidx = malloc((inst->nact ? inst->nact : 1) * sizeof *gidx);
    seen = calloc(inst->nact + 1, sizeof *seen);
    if (!gstart || !gidx || !seen) {
        rc = KP_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < inst->nact; i++)
        if (inst->act[i].group >= 0)
            gstart[inst->act[i].group + 1]++;
    for (size_t g = 0; g < inst->ngroups; g++)
        gstart[g + 1] += gstart[g];
    for (size_t i = 0; i < inst->nact; i++)
        if (inst->act[i].group >= 0)
            gidx[gstart[inst->act[i].group]++] = i;
    /* The fill advanced each start to the next group's: shift back. */
    for (size_t g = inst->ngroups; g > 0; g--)
        gstart[g] = gstart[g - 1];
    gstart[0] = 0;

    f = fopen(path, "w");
    if (!f) {
        kp__diag(diags, KP_ERROR, path, 0, NULL, "cannot write: %s",
                 strerror(errno));
        rc = KP_EIO;
        goto out;
    }
    fprintf(f, "# MathProg data for models/kamplan.mod, written by kamplan "
            "%s.\n# Solve: glpsol --cuts -m models/kamplan.mod -d FILE\n\n"
            "data;\n\n", KP_VERSION);
    put_policy(f, inst, s);
    put_tables(f, inst);
    put_team(f, inst, s);
    put_periods(f, inst, s);
    put_relations(f, inst, gstart, gidx, seen);
    put_commitments(f, inst, s);
    fputs("\nend;\n", f);

    /* Write errors are sticky: one check covers every call above. */
    if (fflush(f) != 0 || ferror(f)) {
        kp__diag(diags, KP_ERROR, path, 0, NULL, "cannot write: %s",
                 strerror(errno ? errno : EIO));
        rc = KP_EIO;
    }
out:
    if (f && fclose(f) != 0 && rc == KP_OK) {
        kp__diag(diags, KP_ERROR, path, 0, NULL, "cannot write: %s",
                 strerror(errno));
        rc = KP_EIO;
    }
    free(gstart);
    free(gidx);
    free(seen);
    return rc;
}
