/*
 * team.c - the inputs of a team planned over periods (issue 15).
 *
 * managers.csv (each manager's hours, and optionally the key accounts and
 * money they can take) is read here, for accounts.csv's manager_id to
 * refer to. What this version does not plan yet is refused with an error
 * naming the file (and, for a column, its header line and the column), so
 * that a planner is never handed a plan that silently ignores it: an
 * activity's `period` column (periods are chosen by the plan: periods.csv,
 * read in periods.c). An account without a manager where managers.csv
 * exists is one whose manager the optimiser chooses (model/team.c). An
 * instance without them reads as before.
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/io.h"

/* What a refused column asks for, in a planner's words: the periods of a
 * plan are kamplan's to choose (periods.csv with activities' earliest,
 * latest and max_per_period; periods.c); a plan file's period column is
 * read (plan_file.c), so nothing of a plan file is refused. */
static const char ACT_PERIOD[] =
    "an activity's period is chosen by the plan (periods.csv, with earliest "
    "and latest for its window)";
static const char PLAN_PERIOD[] = "";

/* io.h: the refused columns of each file kind. */
static const char *const ACT_REFUSED[] = {"period", NULL};
static const char *const SCEN_REFUSED[] = {NULL};
static const char *const PLAN_REFUSED[] = {NULL};
/* (A plan file's period column is read: plan_file.c.) */
const struct kp__refusal KP__TEAM_ACTIVITIES = {ACT_REFUSED, ACT_PERIOD};
const struct kp__refusal KP__TEAM_SCENARIOS = {SCEN_REFUSED, ACT_PERIOD};
const struct kp__refusal KP__TEAM_PLAN = {PLAN_REFUSED, PLAN_PERIOD};

/* ---- managers.csv ------------------------------------------------------- */

static const char *const MGR_COLS[] = {"id", "name", "hours", "max_accounts", "budget"};
static const unsigned char MGR_REQ[] = {1, 0, 1, 0, 0};
enum { MC_ID, MC_NAME, MC_HOURS, MC_MAXACC, MC_BUDGET, MC_N };

/* Reads one row of managers.csv into m. Returns the errors reported, or
 * -1 when out of memory. */
static int manager_row(const struct kp__reader *r, const kp__row *row,
                       kp_instance *in, kp__strmap *map)
{
    kp__manager *m = &in->mgr[in->nmgr];
    int e = kp__check_width(r, row), idr;
    idr = kp__get_id(r, row, map, (long)in->nmgr, &in->mgr[0].line, sizeof *in->mgr,
                     &m->id);
    if (idr < 0)
        return -1;
    m->line = row->line;
    m->name = (char *)kp__field(r, row, MC_NAME);
    if (!m->name)
        m->name = m->id;
    m->hours = m->budget = NAN;
    m->max_accounts = -1;
    e += idr;
    e += kp__get_num(r, row, MC_HOURS, &m->hours, KP__LO_GE, 0, NAN);
    if (!kp__isset(m->hours) && !kp__field(r, row, MC_HOURS)) {
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, "hours",
                 "missing: a manager's hours in the horizon are required");
        e++;
    }
    e += kp__get_int(r, row, MC_MAXACC, &m->max_accounts, 0, INT_MAX);
    e += kp__get_num(r, row, MC_BUDGET, &m->budget, KP__LO_GE, 0, NAN);
    if (m->id && *m->id && idr == 0)
        in->nmgr++;
    return e;
}

/* Room for n managers. */
static int managers_begin(kp_instance *in, size_t n)
{
    in->mgr = calloc(n + 1, sizeof *in->mgr);
    return in->mgr ? 0 : -1;
}

/* io.h. */
int kp__team_read_managers(kp_instance *in, const kp__source *src, kp__strmap **map,
                           kp_diags *d)
{
    static const struct kp__schema sc = {MC_N, MGR_COLS, MGR_REQ, NULL};
    static const struct kp__list list = {KP__F_MANAGERS, &sc, "no managers",
                                         managers_begin, manager_row};
    int complete, errs = kp__source_read_list(in, src, &list, &in->team_table, map,
                                              &complete, d);
    if (complete)
        in->has_team = 1;
    return errs;
}

/* io.h. */
int kp__team_account(const struct kp__reader *r, const kp__row *row, int col,
                     const kp__strmap *map, int *out)
{
    const char *v = kp__field(r, row, col);
    *out = -1;
    if (!map && v) {
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, "manager_id",
                 "refers to \"%s\" but there is no managers.csv", v);
        return 1;
    }
    if (!map || !v)
        return 0;       /* empty with managers.csv: the optimiser chooses */
    return kp__get_ref(r, row, col, map, "manager", out);
}

/* io.h. */
double kp__manager_hours(const kp_instance *in, const kp__scenario *sc, size_t m)
{
    double h = in->mgr[m].hours;
    h = sc->team_scaled ? h * sc->mgr_hours_scale : h;
    h = kp__swept(sc, KP_SWEEP_MANAGER_HOURS, m, h);
    return sc->more_mgr == m + 1 ? h + sc->more_hours : h;
}

/* io.h. */
double kp__manager_budget(const kp_instance *in, const kp__scenario *sc, size_t m)
{
    double b = in->mgr[m].budget;
    b = sc->team_scaled && kp__isset(b) ? b * sc->mgr_budget_scale : b;
    return kp__swept(sc, KP_SWEEP_MANAGER_BUDGET, m, b);
}

/* kamplan.h. */
size_t kp_instance_managers(const kp_instance *in)
{
    return in->nmgr;
}

/* kamplan.h. */
const char *kp_instance_manager_id(const kp_instance *in, size_t m)
{
    return m < in->nmgr ? in->mgr[m].id : NULL;
}

/* kamplan.h. */
int kp_instance_account_manager(const kp_instance *in, size_t k)
{
    return in->has_team && k < in->nacc ? in->acc[k].manager : -1;
}

/* io.h. */
int kp__team_chooses(const kp_instance *in)
{
    for (size_t k = 0; in->has_team && k < in->nacc; k++)
        if (in->acc[k].manager < 0)
            return 1;
    return 0;
}

/* io.h. */
int kp__team_has_budget(const kp_instance *in)
{
    for (size_t m = 0; m < in->nmgr; m++)
        if (kp__isset(in->mgr[m].budget))
            return 1;
    return 0;
}

/* io.h. */
double kp__team_hours(const kp_instance *in, const kp__scenario *sc)
{
    double h = 0;
    for (size_t m = 0; m < in->nmgr; m++)
        h += kp__manager_hours(in, sc, m);
    return h;
}

/* io.h. The specific scale wins over hours_scale; they do not multiply. */
int kp__team_scenario(const kp_instance *in, const struct kp__reader *r,
                      const kp__row *row, kp__scenario *sc, double hs,
                      double bs, double mhs)
{
    sc->team_scaled = 1;
    sc->mgr_hours_scale = kp__isset(mhs) ? mhs : kp__isset(hs) ? hs : 1;
    sc->mgr_budget_scale = kp__isset(bs) ? bs : 1;
    if (kp__isset(mhs) && !in->has_team)
        kp__diag(r->d, KP_WARNING, r->t->name, row->line, "manager_hours_scale",
                 "ignored: there is no managers.csv");
    for (size_t m = 0; m < in->nmgr; m++) {
        double h = kp__manager_hours(in, sc, m), b = kp__manager_budget(in, sc, m);
        if (!kp__isset(h))
            continue;       /* its row of managers.csv has been reported */
        if (!kp__num_in_range(h) || (kp__isset(b) && !kp__num_in_range(b))) {
            kp__diag(r->d, KP_ERROR, r->t->name, row->line,
                     kp__num_in_range(h) ? "budget_scale"
                     : kp__isset(mhs) ? "manager_hours_scale" : "hours_scale",
                     "scales manager %s's %s out of range (numbers are 0 or "
                     "from 1e-9 to 1e15 in size)", in->mgr[m].id,
                     kp__num_in_range(h) ? "budget" : "hours");
            return 1;
        }
    }
    if (!kp__isset(sc->hours))
        sc->hours = kp__team_hours(in, sc), sc->hours_of_team = 1;
    return 0;
}

/* An account whose manager is chosen: the plan's manager_id v of a row
 * doing one of its activities count times, into *m (-1 so far: none). */
static int chosen_manager(const struct kp__reader *r, const kp__row *row,
                          const kp_instance *in, const kp__account *acc,
                          const char *v, int count, int *m)
{
    size_t i = 0;
    if (!v) {
        if (count <= 0)
            return 0;
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, "manager_id",
                 "missing: account %s has no manager_id in accounts.csv (the "
                 "optimiser chooses), so the plan must name its manager", acc->id);
        return 1;
    }
    while (i < in->nmgr && strcmp(in->mgr[i].id, v) != 0)
        i++;
    if (i == in->nmgr) {
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, "manager_id",
                 "unknown manager \"%s\" (not in managers.csv)", v);
        return 1;
    }
    if (*m >= 0 && *m != (int)i) {
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, "manager_id",
                 "puts account %s on manager %s, but an earlier row puts it on %s: "
                 "one manager holds an account", acc->id, v, in->mgr[*m].id);
        return 1;
    }
    *m = (int)i;
    return 0;
}

/* io.h. */
int kp__team_plan_manager(const struct kp__reader *r, const kp__row *row, int col,
                          const kp_instance *in, size_t a, int count, int *mgr)
{
    const char *v = kp__field(r, row, col);
    const kp__account *acc = &in->acc[in->act[a].account];
    if (mgr && acc->manager < 0)
        return chosen_manager(r, row, in, acc, v, count, &mgr[in->act[a].account]);
    if (!v)
        return 0;
    if (!in->has_team) {
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, "manager_id",
                 "puts %s on manager \"%s\", but the instance has no managers.csv",
                 acc->id, v);
        return 1;
    }
    if (acc->manager < 0 || strcmp(in->mgr[acc->manager].id, v) != 0) {
        kp__diag(r->d, KP_ERROR, r->t->name, row->line, "manager_id",
                 "puts account %s on manager %s, but accounts.csv fixes it to %s",
                 acc->id, v, acc->manager >= 0 ? in->mgr[acc->manager].id : "none");
        return 1;
    }
    return 0;
}

/* ---- generate --managers ------------------------------------------------- */

/* Copies accounts.csv from in to out with manager_id appended (empty,
 * for the optimiser to choose, unless (61 k) mod 100 < pct: pct of every
 * hundred accounts are fixed), and adds each key account's min_hours to
 * need[k mod nm]. Returns 0 or -1. */
static int gen_fix_accounts(FILE *in, FILE *out, int nm, int pct, double *need)
{
    char *line = NULL;
    size_t cap = 0;
    long k = -1;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) > 0) {
        size_t len;
        const char *st;
        if (line[n - 1] == '\n')
            line[--n] = 0;
        if (k < 0) {
            fprintf(out, "%s,manager_id\n", line);
            k = 0;
            continue;
        }
        st = kp__plain_field(line, 12, &len);
        if (st && len == 3 && strncmp(st, "key", 3) == 0 && kp__plain_field(line, 11, &len))
            need[k % nm] += atof(kp__plain_field(line, 11, &len));
        if ((61 * k) % 100 < pct)
            fprintf(out, "%s,M%ld\n", line, k % nm + 1);
        else
            fprintf(out, "%s,\n", line);
        k++;
    }
    free(line);
    return ferror(in) || ferror(out) ? -1 : 0;
}

/* What gen_fix_accounts needs and gives. */
struct gen_team {
    int nm, pct;
    double *need, hours;
};

/* kp__rewrite_file's edit of accounts.csv. */
static int gen_team_accounts(FILE *in, FILE *out, void *ctx)
{
    struct gen_team *g = ctx;
    return gen_fix_accounts(in, out, g->nm, g->pct, g->need);
}

/* managers.csv: each manager 1.2 / nm of the hours, and at least three
 * times the min_hours of the key accounts fixed to them. */
static void gen_team_managers(FILE *mf, void *ctx)
{
    const struct gen_team *g = ctx;
    fprintf(mf, "id,name,hours\n");
    for (int m = 0; m < g->nm; m++) {
        double h = ceil(g->hours * 1.2 / g->nm);
        if (h < 3 * g->need[m])
            h = ceil(3 * g->need[m]);
        fprintf(mf, "M%d,Manager %d,%.0f\n", m + 1, m + 1, h);
    }
}

/* io.h. */
int kp__generate_team(const char *dir, int nm, int pct, double hours, kp_diags *diags)
{
    struct gen_team g = {nm, pct, calloc((size_t)nm, sizeof *g.need), hours};
    int rc = KP_ENOMEM;

    if (g.need && (rc = kp__rewrite_file(dir, "accounts.csv", gen_team_accounts, &g,
                                         "the managers", diags)) == KP_OK)
        rc = kp__write_new_file(dir, "managers.csv", gen_team_managers, &g, diags);
    free(g.need);
    return rc;
}
