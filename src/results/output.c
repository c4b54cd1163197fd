/*
 * output.c - writes the output files: summary.csv, plan.csv and
 * accounts.csv (models/README.md, "Outputs"), and for batches frontier.csv and
 * changes.csv too (their bodies are in frontier.c).
 *
 * The files of one call are one result set (outset.c): written into a
 * fresh folder beside the output folder and swapped in at once, so a
 * failed or killed run never leaves a half-written file or a mix of two
 * runs, and a failed run leaves the folder as it was.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "results/results.h"

/* What the writers of one call read. */
struct out_ctx {
    const kp_instance *in;
    kp_result *const *res;
    const kp_batch_outcome *oc;     /* NULL: none */
    size_t n;                       /* scenarios written: no sampled one */
    const kp__robust *rob;          /* robustness.csv's figures */
    size_t nrob;
    const kp_replan *rp;            /* solve --from (JSON's "replan"), or NULL */
};

/* One output file: its name and what writes its body. */
struct out_file {
    const char *name;
    void (*body)(kp__tab *t, const struct out_ctx *c);
};

/* 1 when a scenario of c was replanned (solve --from) and has a plan:
 * summary.csv then also has value and changes. */
static int replanned(const struct out_ctx *c)
{
    for (size_t s = 0; s < c->n; s++) {
        kp_result_summary m;
        if (!c->res[s])
            continue;
        kp_result_get_summary(c->res[s], &m);
        if (m.replanned)
            return 1;
    }
    return 0;
}

/* summary.csv: one row per scenario with a result, and one (no_solution,
 * empty figures) per scenario that was not run; replanned, the plan's
 * value and its changes against the previous plan besides. */
static void body_summary(kp__tab *t, const struct out_ctx *c)
{
    const kp_instance *in = c->in;
    int rp = replanned(c);
    kp__tab_begin(t, "summary", rp ? "scenario,status,objective,bound,gap_pct,hours_used,"
                  "hours_available,budget_used,budget_available,key_accounts,"
                  "activities,seconds,value,changes"
                  : "scenario,status,objective,bound,gap_pct,hours_used,"
                  "hours_available,budget_used,budget_available,key_accounts,"
                  "activities,seconds");
    for (size_t s = 0; s < c->n && s < in->nscen; s++) {
        kp_result_summary m;
        if (c->res[s]) {
            kp_result_get_summary(c->res[s], &m);
        } else if (c->oc && c->oc[s].state == KP_BATCH_NOT_RUN) {
            m.status = KP_RES_NO_SOLUTION;
            m.bound = m.seconds = m.plan_value = NAN;
            m.changes = -1;
            m.replanned = 0;
        } else {
            continue;
        }
        int plan = m.status == KP_RES_OPTIMAL || m.status == KP_RES_FEASIBLE;
        kp__tab_text(t, in->scen[s].id);
        kp__tab_text(t, kp_result_status_name(m.status));
        kp__tab_num(t, plan ? m.objective : NAN);
        kp__tab_num(t, m.bound);
        kp__tab_num(t, plan ? m.gap_pct : NAN);
        kp__tab_num(t, plan ? m.hours_used : NAN);
        kp__tab_num(t, in->scen[s].hours);
        kp__tab_num(t, plan ? m.budget_used : NAN);
        kp__tab_num(t, in->scen[s].budget);
        kp__tab_num(t, plan ? m.key_accounts : NAN);
        kp__tab_num(t, plan ? m.activities : NAN);
        kp__tab_num(t, m.seconds);
        if (rp) {
            kp__tab_num(t, plan ? m.plan_value : NAN);
            kp__tab_num(t, plan && m.changes >= 0 ? (double)m.changes : NAN);
        }
        kp__tab_row_end(t);
    }
    kp__tab_end(t);
}

/* The manager_id of account k in plan r (NULL: none): its accounts.csv
 * manager_id, else the manager the plan chose. */
static const char *manager_id(const kp_instance *in, const kp_result *r, size_t k)
{
    int m = kp__result_manager(in, r, k);
    return m >= 0 ? in->mgr[m].id : NULL;
}

/* plan.csv: one row per chosen activity of each scenario with a plan. */
static void body_plan(kp__tab *t, const struct out_ctx *c)
{
    const kp_instance *in = c->in;
    if (in->nper) {
        kp__write_plan_periods(t, in, c->res, c->n);
        return;
    }
    kp__tab_begin(t, "plan", in->has_team
                  ? "scenario,account_id,activity_id,kind,count,hours,cost,value,manager_id"
                  : "scenario,account_id,activity_id,kind,count,hours,cost,value");
    for (size_t s = 0; s < c->n && s < in->nscen; s++) {
        if (!kp__has_plan(c->res[s]))
            continue;
        for (size_t a = 0; a < in->nact; a++) {
            int cnt = kp_result_count(c->res[s], a);
            double v = 0;
            if (cnt <= 0)
                continue;
            for (int j = 1; j <= cnt; j++)
                v += kp__occurrence_value_in(in, &in->scen[s], a, j);
            kp__write_plan_row(t, in, s, c->res[s], a, cnt, v);
            kp__tab_row_end(t);
        }
    }
    kp__tab_end(t);
}

/* accounts.csv: one row per account of each scenario with a plan. */
static void body_accounts(kp__tab *t, const struct out_ctx *c)
{
    const kp_instance *in = c->in;
    kp__tab_begin(t, "accounts", in->has_team
                  ? "scenario,account_id,key,hours,cost,value,contacts_engaged,"
                    "objectives_supported,manager_id"
                  : "scenario,account_id,key,hours,cost,value,"
                  "contacts_engaged,objectives_supported");
    for (size_t s = 0; s < c->n && s < in->nscen; s++) {
        if (!kp__has_plan(c->res[s]))
            continue;
        for (size_t k = 0; k < in->nacc; k++) {
            double h, cost, v;
            int engaged, supported;
            int key = kp__account_is_key(in, s, c->res[s], k);
            kp__account_totals(in, c->res[s], k, &h, &cost, &v, &engaged, &supported);
            kp__tab_text(t, in->scen[s].id);
            kp__tab_text(t, in->acc[k].id);
            kp__tab_int(t, key);
            kp__tab_num(t, h);
            kp__tab_num(t, cost);
            kp__tab_num(t, v);
            kp__tab_int(t, engaged);
            kp__tab_int(t, supported);
            if (in->has_team)
                kp__tab_text(t, manager_id(in, c->res[s], k));
            kp__tab_row_end(t);
        }
    }
    kp__tab_end(t);
}

/* managers.csv (team.c), with managers only. */
static void body_managers(kp__tab *t, const struct out_ctx *c)
{
    kp__write_managers(t, c->in, c->res, c->n);
}

/* periods.csv (periods.c), with periods only. */
static void body_periods(kp__tab *t, const struct out_ctx *c)
{
    kp__write_periods(t, c->in, c->res, c->n);
}

/* marginals.csv (marginals.c), with --marginal and managers or periods. */
static void body_marginals(kp__tab *t, const struct out_ctx *c)
{
    kp__write_marginals(t, c->in, c->oc, c->n);
}

/* frontier.csv and changes.csv: their bodies are in frontier.c. */
static void body_frontier(kp__tab *t, const struct out_ctx *c)
{
    kp__write_frontier(t, c->in, c->res, c->oc, c->n);
}

static void body_changes(kp__tab *t, const struct out_ctx *c)
{
    kp__write_changes(t, c->in, c->res, c->n);
}

static void body_robustness(kp__tab *t, const struct out_ctx *c)
{
    kp__write_robustness(t, c->in, c->res, c->rob, c->nrob);
}

int kp__write_beside(const char *path, int (*body)(FILE *f, const void *info),
                     const void *info, char **tmp, kp_diags *d)
{
    int fd = kp__temp_beside(path, tmp), rc, bad, err;
    FILE *f;

    if (fd < 0) {
        err = errno;
        kp__diag(d, KP_ERROR, path, 0, NULL, "cannot write: %s", strerror(err));
        return err == ENOMEM ? KP_ENOMEM : KP_EIO;
    }
    if (!(f = fdopen(fd, "w"))) {
        kp__diag(d, KP_ERROR, path, 0, NULL, "cannot write: %s", strerror(errno));
        close(fd);
        rc = KP_EIO;
        goto fail;
    }
    rc = body(f, info);
    bad = ferror(f) || fflush(f) != 0 || fsync(fileno(f)) != 0;
    err = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        err = errno;
    }
    if (rc == KP_OK && bad) {
        kp__diag(d, KP_ERROR, path, 0, NULL, "cannot write: %s", strerror(err));
        rc = KP_EIO;
    }
    if (rc == KP_OK)
        return KP_OK;
fail:
    unlink(*tmp);
    free(*tmp);
    *tmp = NULL;
    return rc;
}

/* kp__write_atomic's file i, for kp__write_beside. */
struct one_file {
    int i;
    void (*body)(FILE *f, int i, const void *info);
    const void *info;
};

static int one_body(FILE *f, const void *info)
{
    const struct one_file *o = info;
    o->body(f, o->i, o->info);
    return KP_OK;
}

/* Writes the files names[0..nf-1] into the folder dir of a result set
 * (private to this run, so each file goes straight to its name). */
static int write_into(const char *dir, const char *const *names, int nf,
                      void (*body)(FILE *f, int i, const void *info),
                      const void *info, kp_diags *d)
{
    int rc = KP_OK;

    for (int i = 0; i < nf && rc == KP_OK; i++) {
        struct one_file o = {i, body, info};
        char *final = kp__path_join(dir, names[i]), *tmp = NULL;
        if (!final)
            return KP_ENOMEM;
        rc = kp__write_beside(final, one_body, &o, &tmp, d);
        if (rc == KP_OK && rename(tmp, final) != 0) {
            kp__diag(d, KP_ERROR, final, 0, NULL, "cannot rename into place: %s",
                     strerror(errno));
            unlink(tmp);
            rc = KP_EIO;
        }
        free(tmp);
        free(final);
    }
    return rc;
}

/* results.h: the files as one result set, or into an open set's folder. */
int kp__write_atomic(const char *outdir, const char *const *names, int nf,
                     void (*body)(FILE *f, int i, const void *info),
                     const void *info, kp_diags *d)
{
    kp_outset *set = NULL;
    int rc;

    if (nf < 0 || nf > KP__MAX_OUT_FILES)
        return KP_EINVAL;
    if (kp__outset_is_dir(outdir))
        return write_into(outdir, names, nf, body, info, d);
    if ((rc = kp_outset_open(outdir, KP_LOCK_FAIL, &set, d)) != KP_OK)
        return rc;
    rc = write_into(kp_outset_dir(set), names, nf, body, info, d);
    if (rc == KP_OK)
        rc = kp_outset_commit(set, d);
    kp_outset_free(set);
    return rc;
}

/* write_files' view of its files for kp__write_atomic. */
struct files_info {
    const struct out_file *files;
    const struct out_ctx *c;
};

static void files_body(FILE *f, int i, const void *info)
{
    const struct files_info *x = info;
    kp__tab t;
    kp__tab_init(&t, f, 0);
    x->files[i].body(&t, x->c);
}

static void files_json(kp__tab *t, int i, const void *info)
{
    const struct files_info *x = info;
    x->files[i].body(t, x->c);
}

/* Writes files[0..nf-1] into outdir, all or nothing (kp__write_atomic). */
static int write_files(const char *outdir, const struct out_file *files, int nf,
                       const struct out_ctx *c, kp_diags *d)
{
    const char *names[KP__MAX_OUT_FILES];
    struct files_info x = {files, c};
    for (int i = 0; i < nf && i < KP__MAX_OUT_FILES; i++)
        names[i] = files[i].name;
    return kp__write_atomic(outdir, names, nf, files_body, &x, d);
}

static const struct out_file FILES[] = {
    {"summary.csv", body_summary},
    {"plan.csv", body_plan},
    {"accounts.csv", body_accounts},
    {"frontier.csv", body_frontier},
    {"changes.csv", body_changes},
    {"robustness.csv", body_robustness},   /* with sampled scenarios only */
};

/* The files of a batch (nf: FILES' first nf; 3 for kp_results_write),
 * into out: robustness.csv too when it has sampled scenarios, managers.csv
 * after accounts.csv when the instance has managers. Returns their
 * number. */
static int pick_files(const struct out_ctx *c, int nf, struct out_file *out)
{
    static const struct out_file MANAGERS = {"managers.csv", body_managers};
    static const struct out_file PERIODS = {"periods.csv", body_periods};
    static const struct out_file MARGINALS = {"marginals.csv", body_marginals};
    int n = 0;
    for (int i = 0; i < nf; i++) {
        if (strcmp(FILES[i].name, "robustness.csv") == 0 && c->nrob == 0)
            continue;
        out[n++] = FILES[i];
        if (strcmp(FILES[i].name, "accounts.csv") == 0 && c->in->has_team)
            out[n++] = MANAGERS;
        if (strcmp(FILES[i].name, "accounts.csv") == 0 && c->in->nper)
            out[n++] = PERIODS;
        if (strcmp(FILES[i].name, "frontier.csv") == 0 &&
            kp__has_capacity_marginals(c->oc, c->n))
            out[n++] = MARGINALS;
    }
    return n;
}

static int batch_files(const struct out_ctx *c, struct out_file *out)
{
    return pick_files(c, (int)(sizeof FILES / sizeof FILES[0]), out);
}

int kp_results_write(const kp_instance *in, kp_result *const *res, size_t n,
                     const char *outdir, kp_diags *d)
{
    struct out_ctx c = {in, res, NULL, kp__scenarios_plain(in, n), NULL, 0, NULL};
    struct out_file files[KP__MAX_OUT_FILES];
    return write_files(outdir, files, pick_files(&c, 3, files), &c, d);
}

int kp_batch_write(const kp_instance *in, kp_result *const *res,
                   const kp_batch_outcome *oc, size_t n, const char *outdir,
                   kp_diags *d)
{
    kp__robust *rob;
    struct out_ctx c = {in, res, oc, kp__scenarios_plain(in, n), NULL, 0, NULL};
    int rc = kp__robust_compute(in, res, n, &rob, &c.nrob);
    if (rc != KP_OK)
        return rc;
    c.rob = rob;
    struct out_file files[KP__MAX_OUT_FILES];
    rc = write_files(outdir, files, batch_files(&c, files), &c, d);
    kp__robust_free(rob, c.nrob);
    return rc;
}

int kp_batch_write_json(const kp_instance *in, kp_result *const *res,
                        const kp_batch_outcome *oc, size_t n, FILE *f)
{
    kp__robust *rob;
    struct out_ctx c = {in, res, oc, kp__scenarios_plain(in, n), NULL, 0, NULL};
    struct out_file files[KP__MAX_OUT_FILES];
    struct files_info x = {files, &c};
    int rc = kp__robust_compute(in, res, n, &rob, &c.nrob);
    if (rc != KP_OK)
        return rc;
    c.rob = rob;
    rc = kp__json_tables(f, files_json, batch_files(&c, files), &x);
    kp__robust_free(rob, c.nrob);
    return rc;
}

/* The JSON member "replan": replan.csv's rows (replan_out.c). */
static void body_replan(kp__tab *t, const struct out_ctx *c)
{
    kp__write_replan(t, c->in, c->res, c->n, c->rp);
}

int kp_batch_write_json_replan(const kp_instance *in, kp_result *const *res,
                               const kp_batch_outcome *oc, size_t n,
                               const kp_replan *rp, FILE *f)
{
    struct out_file files[KP__MAX_OUT_FILES];
    kp__robust *rob;
    struct out_ctx c = {in, res, oc, kp__scenarios_plain(in, n), NULL, 0, rp};
    struct files_info x = {files, &c};
    int nf, rc;
    if (!rp)
        return kp_batch_write_json(in, res, oc, n, f);
    if ((rc = kp__robust_compute(in, res, n, &rob, &c.nrob)) != KP_OK)
        return rc;
    c.rob = rob;
    nf = batch_files(&c, files);
    files[nf] = (struct out_file){"replan.csv", body_replan};
    rc = kp__json_tables(f, files_json, nf + 1, &x);
    kp__robust_free(rob, c.nrob);
    return rc;
}

int kp_replan_write(const kp_instance *in, kp_result *const *res, size_t n,
                    const kp_replan *rp, const char *outdir, kp_diags *d)
{
    const struct out_file files[] = {{"replan.csv", body_replan}};
    struct out_ctx c = {in, res, NULL, kp__scenarios_plain(in, n), NULL, 0, rp};
    return write_files(outdir, files, 1, &c, d);
}
