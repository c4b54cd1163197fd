/*
 * pack.c - one scenario's share of a batch as bytes and back
 * (kp_batch_pack, kp_batch_unpack), so that another process of the same
 * build can rebuild it, and the result of a scenario whose solve failed
 * outside the solver (kp_result_new_error). The library knows nothing of
 * how the bytes travel: kamplan's MPI command line (src/cluster) sends
 * them.
 *
 * The bytes are the host's own representation (byte order, int and double
 * as they are in memory), after a header that names the format, the byte
 * order and the sizes: a process of another build or machine type gets
 * KP_EINVAL, never a wrong figure. Doubles travel as their bits, so a
 * figure comes back exactly as it left.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "solve/solve.h"

/* "KPB" and the format's version (base/bytes.c writes the header). */
static const unsigned char MAGIC[4] = {'K', 'P', 'B', 1};

/* The summary's bound_source as the static string the library uses, or
 * NULL when text is none of them. The list is kamplan.h's (with
 * "lp-relaxation", which main's solver adds): a new source must be added
 * here, or its scenarios come back from other ranks as errors. */
static const char *bound_source(const char *text)
{
    static const char *const names[] = {"", "lagrangian", "enumeration",
                                        "branch-and-bound", "lp-relaxation"};
    for (size_t i = 0; text && i < sizeof names / sizeof *names; i++)
        if (strcmp(text, names[i]) == 0)
            return names[i];
    return NULL;
}

static void put_summary(kp__wbuf *w, const kp_result_summary *m)
{
    const double f[] = {m->objective, m->bound, m->gap_pct, m->hours_used,
                        m->hours_available, m->budget_used, m->budget_available,
                        m->seconds, m->decomp_seconds, m->pricing_seconds,
                        m->master_seconds, m->master_mip_seconds, m->bb_seconds,
                        m->proof_seconds, m->plan_value, m->change_cost};
    const int64_t k[] = {m->status, m->key_accounts, m->activities, m->rounds,
                         m->subproblems, m->blocks, m->enumerated, m->changes,
                         m->replanned};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++)
        kp__wbuf_f64(w, f[i]);
    for (size_t i = 0; i < sizeof k / sizeof *k; i++)
        kp__wbuf_i64(w, k[i]);
    kp__wbuf_text(w, m->bound_source);
}

static void get_summary(kp__rbuf *r, kp_result_summary *m)
{
    double *f[] = {&m->objective, &m->bound, &m->gap_pct, &m->hours_used,
                   &m->hours_available, &m->budget_used, &m->budget_available,
                   &m->seconds, &m->decomp_seconds, &m->pricing_seconds,
                   &m->master_seconds, &m->master_mip_seconds, &m->bb_seconds,
                   &m->proof_seconds, &m->plan_value, &m->change_cost};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++)
        *f[i] = kp__rbuf_f64(r);
    m->status = (int)kp__rbuf_i64(r);
    m->key_accounts = (int)kp__rbuf_i64(r);
    m->activities = (int)kp__rbuf_i64(r);
    m->rounds = (int)kp__rbuf_i64(r);
    m->subproblems = (long)kp__rbuf_i64(r);
    m->blocks = (int)kp__rbuf_i64(r);
    m->enumerated = (long)kp__rbuf_i64(r);
    m->changes = (long)kp__rbuf_i64(r);
    m->replanned = (int)kp__rbuf_i64(r);
    char *src = kp__rbuf_text(r);
    m->bound_source = bound_source(src);
    if (!m->bound_source || m->status < KP_RES_OPTIMAL || m->status > KP_RES_ERROR)
        r->bad = 1;
    free(src);
}

/* The outcome's figures, in one order for both directions. */
static double *outcome_fig(kp_batch_outcome *oc, int i)
{
    double *f[] = {&oc->hours_delta, &oc->value_per_hour, &oc->value_per_hour_min,
                   &oc->value_per_hour_max, &oc->budget_delta, &oc->value_per_budget,
                   &oc->value_per_budget_min, &oc->value_per_budget_max};
    return i < 8 ? f[i] : NULL;
}

static void put_result(kp__wbuf *w, const kp_result *res)
{
    int64_t chosen = 0;
    put_summary(w, &res->sum);
    /* A plan chooses few of the activities: only those travel, as
     * (index, count) pairs. */
    for (size_t a = 0; a < res->nact; a++)
        chosen += res->counts[a] != 0;
    kp__wbuf_i64(w, chosen);
    for (size_t a = 0; a < res->nact; a++) {
        if (res->counts[a]) {
            kp__wbuf_i64(w, (int64_t)a);
            kp__wbuf_i64(w, res->counts[a]);
            /* With periods, the activity's count in each. */
            for (size_t p = 0; res->pcounts && p < res->nper; p++)
                kp__wbuf_i64(w, res->pcounts[a * res->nper + p]);
        }
    }
    kp__wbuf_put(w, res->key, res->nacc);
    /* A team's chosen managers, when the instance has them. */
    for (size_t k = 0; res->mgr && k < res->nacc; k++)
        kp__wbuf_i64(w, res->mgr[k]);
    kp__wbuf_text(w, kp__str_get(&res->msg));
    kp__wbuf_text(w, res->note);
    /* --marginal's figures per manager and period, when made. */
    kp__wbuf_i64(w, res->marg ? (int64_t)res->nmarg : 0);
    for (size_t i = 0; res->marg && i < 4 * res->nmarg; i++)
        kp__wbuf_f64(w, res->marg[i]);
}

/* Reads --marginal's figures per manager and period (put_result) into res. */
static void get_marginals(kp__rbuf *r, const kp_instance *in, kp_result *res)
{
    int64_t n = kp__rbuf_i64(r);
    if (r->bad || n == 0)
        return;
    if (n != (int64_t)(in->nmgr + in->nper)) {
        r->bad = 1;
        return;
    }
    if (!(res->marg = malloc(4 * (size_t)n * sizeof *res->marg))) {
        r->bad = 1;
        return;
    }
    res->nmarg = (size_t)n;
    for (size_t i = 0; i < 4 * res->nmarg; i++)
        res->marg[i] = kp__rbuf_f64(r);
}

int kp_batch_pack(const kp_instance *in, size_t s, const kp_result *res,
                  const kp_batch_outcome *oc, const kp_diags *msgs,
                  void **buf, size_t *len)
{
    kp__wbuf w = KP__WBUF_INIT;
    kp_batch_outcome c = *oc;
    const int64_t ids[3] = {(int64_t)s, (int64_t)in->nact, (int64_t)in->nacc};

    *buf = NULL;
    *len = 0;
    if (s >= in->nscen || (res && (res->nact != in->nact || res->nacc != in->nacc)))
        return KP_EINVAL;
    kp__wbuf_header(&w, MAGIC, ids, 3);
    kp__wbuf_i64(&w, c.state);
    kp__wbuf_i64(&w, c.seeded_from);
    for (int i = 0; i < 8; i++)
        kp__wbuf_f64(&w, *outcome_fig(&c, i));
    kp__wbuf_text(&w, c.why);
    kp__wbuf_i64(&w, res != NULL);
    if (res)
        put_result(&w, res);
    kp__wbuf_diags(&w, msgs);
    return kp__wbuf_finish(&w, buf, len);
}

/* Reads the result part of a pack into a new result (*out), for in. */
static int get_result(kp__rbuf *r, const kp_instance *in, kp_result **out)
{
    kp_result *res = kp__result_new(in);
    char *msg = NULL, *note = NULL;
    if (!res)
        return KP_ENOMEM;
    get_summary(r, &res->sum);
    int64_t chosen = kp__rbuf_i64(r);
    if (chosen < 0 || (uint64_t)chosen > in->nact)
        r->bad = 1;
    for (int64_t i = 0; !r->bad && i < chosen; i++) {
        int64_t a = kp__rbuf_i64(r), n = kp__rbuf_i64(r);
        if (a < 0 || (uint64_t)a >= in->nact || res->counts[a] || n <= 0 || n > INT32_MAX)
            r->bad = 1;
        else
            res->counts[a] = (int)n;
        for (size_t p = 0; !r->bad && res->pcounts && p < in->nper; p++) {
            int64_t np = kp__rbuf_i64(r);
            if (np < 0 || np > n)
                r->bad = 1;
            else
                res->pcounts[a * in->nper + p] = (int)np;
        }
    }
    kp__rbuf_get(r, res->key, in->nacc);
    for (size_t k = 0; res->mgr && !r->bad && k < in->nacc; k++) {
        int64_t m = kp__rbuf_i64(r);
        if (m < -1 || m >= (int64_t)in->nmgr)
            r->bad = 1;
        else
            res->mgr[k] = (int)m;
    }
    msg = kp__rbuf_text(r);
    note = kp__rbuf_text(r);
    if (msg)
        kp__str_add(&res->msg, msg);
    res->note = note;
    free(msg);
    get_marginals(r, in, res);
    if (r->bad || res->msg.oom) {
        kp_result_free(res);
        return r->bad ? KP_EINVAL : KP_ENOMEM;
    }
    *out = res;
    return KP_OK;
}

/* Appends every message of from to to. */
static void add_diags(kp_diags *to, const kp_diags *from)
{
    for (size_t i = 0; to && from && i < kp_diags_count(from); i++)
        kp_diags_add(to, kp_diags_severity(from, i), kp_diags_file(from, i),
                     kp_diags_line(from, i), kp_diags_column(from, i),
                     kp_diags_text(from, i));
}

int kp_batch_unpack(const kp_instance *in, size_t s, const void *buf, size_t len,
                    kp_result **result, kp_batch_outcome *outcome, kp_diags *diags)
{
    kp__rbuf r = {buf, len, 0, 0};
    const int64_t ids[3] = {(int64_t)s, (int64_t)in->nact, (int64_t)in->nacc};
    kp_batch_outcome c;
    kp_result *res = NULL;
    kp_diags *msgs = NULL;
    char *why = NULL;
    int rc = KP_EINVAL;

    *result = NULL;
    memset(&c, 0, sizeof c);
    if (kp__rbuf_header(&r, MAGIC, ids, 3) != 0)
        goto out;
    c.state = (int)kp__rbuf_i64(&r);
    c.seeded_from = (long)kp__rbuf_i64(&r);
    for (int i = 0; i < 8; i++)
        *outcome_fig(&c, i) = kp__rbuf_f64(&r);
    why = kp__rbuf_text(&r);
    c.why = kp__batch_why(why);
    if (r.bad || !c.why || c.state < KP_BATCH_SKIPPED || c.state > KP_BATCH_NOT_RUN)
        goto out;
    c.marginal_note = "";
    if (kp__rbuf_i64(&r) != 0 && (rc = get_result(&r, in, &res)) != KP_OK)
        goto out;
    rc = KP_EINVAL;
    if ((res != NULL) != (c.state == KP_BATCH_SOLVED))
        goto out;
    /* The messages come last, and go to diags only from a whole pack. */
    if (diags && !(msgs = kp_diags_new())) {
        rc = KP_ENOMEM;
        goto out;
    }
    kp__rbuf_diags(&r, msgs);
    if (r.bad || r.at != r.len)
        goto out;
    add_diags(diags, msgs);
    if (res && res->note)
        c.marginal_note = res->note;
    if (res)
        kp__batch_marginal_view(in, res, &c);
    *outcome = c;
    *result = res;
    res = NULL;
    rc = KP_OK;
out:
    free(why);
    kp_diags_free(msgs);
    kp_result_free(res);
    return rc;
}

int kp_result_new_error(const kp_instance *in, size_t s, const char *message,
                        kp_result **out)
{
    kp_result *res;
    *out = NULL;
    if (s >= in->nscen)
        return KP_EINVAL;
    if (!(res = kp__result_new(in)))
        return KP_ENOMEM;
    res->sum.status = KP_RES_ERROR;
    res->sum.bound_source = "";
    res->sum.hours_available = in->scen[s].hours;
    res->sum.budget_available = in->scen[s].budget;
    kp__str_add(&res->msg, message ? message : "");
    if (res->msg.oom) {
        kp_result_free(res);
        return KP_ENOMEM;
    }
    *out = res;
    return KP_OK;
}

double kp_batch_estimate(const kp_instance *in, size_t s)
{
    return s < in->nscen && in->scen[s].hours > 0 ? in->scen[s].hours + 1 : 1;
}
