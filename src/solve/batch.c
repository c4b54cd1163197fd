/*
 * batch.c - solves many scenarios at once (kp_solve_batch): OpenMP threads,
 * start plans reused across scenarios, the --marginal re-solves, a total
 * time limit, a stop flag and progress reports.
 *
 * Determinism. Every solve is a job, and jobs run in waves: wave 0 solves
 * the anchor scenarios from scratch; wave 1 solves the other scenarios,
 * each started from its nearest anchor's plan repaired to fit (repair.c),
 * and the anchors' re-solves; wave 2 the other re-solves. Which plan seeds
 * which job depends only on the scenarios, never on timing, and each job's
 * result lands in its own slot, so the results are the same for any number
 * of threads. Without reuse, wave 0 holds every scenario.
 *
 * GLPK under OpenMP (GLPK-LIBCSV-NOTES.md 1-2): kp_solve makes, solves and
 * frees its GLPK problem on the calling thread with the error hook set for
 * that call, and every thread of the team but the caller's calls
 * kp_thread_cleanup() before the parallel region ends. Each job has its own diagnostics list (a list
 * is not shared across threads); they are merged in scenario order.
 */
#include <omp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solve/solve.h"

/* A job's kind: the scenario itself, a re-solve at +delta hours or
 * budget, then one per manager (JOB_FIRST_CAP + m) and one per period
 * (JOB_FIRST_CAP + nmgr + p) at +delta of that capacity's hours. */
enum { JOB_MAIN, JOB_HOURS, JOB_BUDGET, JOB_FIRST_CAP };
enum { RAN = 0, NOT_RUN_STOP, NOT_RUN_TIME, NOT_RUN_NOMEM };

struct job {
    size_t s;           /* scenario of the instance */
    int kind;           /* JOB_MAIN, or a +delta re-solve */
    size_t es;          /* its scenario in the instance kp_solve sees */
    long seed;          /* scenario whose plan starts it, or -1 */
    int wave;
    int seeded;         /* the repaired seed plan was handed over */
    int not_run;        /* RAN or why not */
    kp_result *res;
    kp_diags *d;
};

struct batch {
    const kp_instance *in;
    kp_instance ext;            /* shallow copy with the re-solve scenarios */
    const kp_instance *run;     /* what kp_solve sees: in or &ext */
    char *ext_ids;
    const kp_batch_opts *o;
    struct job *jobs;
    size_t njobs;
    size_t nk;                  /* kinds of job: JOB_FIRST_CAP + M + P */
    size_t nmgr;                /* managers with their own marginal (M) */
    size_t *at;                 /* scenario s, kind k: at[s * nk + k], the
                                   job index; SIZE_MAX: none */
    long wstart[4];             /* wave w: jobs wstart[w] .. wstart[w+1]-1 */
    double t0, deadline;        /* deadline <= 0: none */
    size_t done;
    int nomem;
};

void kp_batch_opts_init(kp_batch_opts *o)
{
    kp_solve_opts_init(&o->solve);
    o->threads = 0;
    o->total_time_limit = 0;
    o->reuse = 0;
    o->reuse_stride = 4;
    o->select = NULL;
    o->marginal = 0;
    o->marginal_hours = 0;
    o->marginal_budget = 0;
    o->marginal_pct = 1;
    o->progress = NULL;
    o->progress_info = NULL;
}

/* The hours of capacity kind (>= JOB_FIRST_CAP) in scenario sc: a
 * manager's or a period's (NaN: a period without a limit). */
static double cap_hours(const struct batch *B, const kp__scenario *sc, size_t kind)
{
    size_t i = kind - JOB_FIRST_CAP;
    return i < B->nmgr ? kp__manager_hours(B->in, sc, i)
                       : kp__period_hours(B->in, sc, i - B->nmgr);
}

/* The +delta of a re-solve of kind `kind` for scenario sc (always > 0). */
static double delta(const struct batch *B, const kp__scenario *sc, size_t kind)
{
    const kp_batch_opts *o = B->o;
    double given = kind == JOB_BUDGET ? o->marginal_budget : o->marginal_hours;
    double base = kind == JOB_HOURS ? sc->hours : kind == JOB_BUDGET ? sc->budget
                  : cap_hours(B, sc, kind);
    double d = given > 0 ? given : base * o->marginal_pct / 100;
    return d > 0 ? d : 1;
}

/* Scenario sc made the re-solve of kind `kind` at +d, and the text of its
 * id added to ids. */
static void bump(const struct batch *B, kp__scenario *sc, size_t kind, double d,
                 kp__str *ids)
{
    char num[40];   /* a number's shortest text: at most 24 bytes */
    size_t i = kind - JOB_FIRST_CAP;
    const char *what = kind == JOB_HOURS ? "hours" : kind == JOB_BUDGET ? "budget"
                       : i < B->nmgr ? B->in->mgr[i].id : B->in->per[i - B->nmgr].id;

    if (kind == JOB_HOURS)
        sc->hours += d;
    else if (kind == JOB_BUDGET)
        sc->budget += d;
    else if (i < B->nmgr) {
        sc->more_mgr = i + 1, sc->more_hours = d;
        if (sc->hours_of_team)      /* the team's total is the managers' */
            sc->hours += d;
    }
    else
        sc->more_per = i - B->nmgr + 1, sc->more_hours = d;
    kp__fmt_double(num, sizeof num, d);
    kp__str_addf(ids, "%s +%s %s%s%c", sc->id, num, what,
                 kind >= JOB_FIRST_CAP ? " hours" : "", '\0');
}

/* Builds the shallow copy of the instance whose scenarios are the
 * originals, then each at hours + delta, then each at budget + delta, then
 * each manager's and each period's hours + delta, kind after kind (ids
 * "ID +DELTA hours", "ID +DELTA budget", "ID +DELTA M1 hours", one after
 * another, each ending in a NUL, in B->ext_ids). */
static int build_ext(struct batch *B)
{
    const kp_instance *in = B->in;
    size_t n = in->nscen, nk = B->nk;
    kp__scenario *sc = calloc(nk * n + 1, sizeof *sc);
    size_t *at = calloc(nk * n + 1, sizeof *at);    /* offset of each id */
    kp__str ids = KP__STR_INIT;
    int rc = -1;

    if (!sc || !at)
        goto out;
    for (size_t s = 0; s < n; s++) {
        sc[s] = in->scen[s];
        for (size_t kind = JOB_HOURS; kind < nk; kind++) {
            size_t e = kind * n + s;
            sc[e] = in->scen[s];
            at[e] = ids.len;
            bump(B, &sc[e], kind, delta(B, &in->scen[s], kind), &ids);
        }
    }
    B->ext_ids = kp__str_take(&ids);
    if (!B->ext_ids)
        goto out;
    for (size_t e = n; e < nk * n; e++)
        sc[e].id = B->ext_ids + at[e];
    B->ext = *in;
    B->ext.scen = sc;
    B->ext.nscen = nk * n;
    B->run = &B->ext;
    sc = NULL;
    rc = 0;
out:
    free(sc);
    free(at);
    kp__str_free(&ids);
    return rc;
}

/* The range of each value of scen_value over the batch's scenarios. */
struct ranges {
    double lo[4], hi[4];
};

/* Value i of a scenario: hours, budget, max_key_accounts, min_contacts
 * (NaN: unlimited). */
static double scen_value(const kp__scenario *sc, int i)
{
    switch (i) {
    case 0: return sc->hours;
    case 1: return sc->budget;
    case 2: return sc->max_key_accounts < 0 ? NAN : sc->max_key_accounts;
    default: return sc->min_contacts;
    }
}

/* A distance between scenarios, each value scaled by its range over the
 * batch; an unlimited value is at distance 1 from every limited one. */
static double distance(const struct ranges *r, const kp__scenario *a,
                       const kp__scenario *b)
{
    double d = 0;
    for (int i = 0; i < 4; i++) {
        double x = scen_value(a, i), y = scen_value(b, i);
        if (isnan(x) || isnan(y))
            d += isnan(x) != isnan(y);
        else if (r->hi[i] > r->lo[i])
            d += fabs(x - y) / (r->hi[i] - r->lo[i]);
    }
    return d;
}

/* Adds one job; returns its index. */
static size_t add_job(struct batch *B, size_t s, size_t kind, long seed, int wave)
{
    struct job *J = &B->jobs[B->njobs];
    J->s = s;
    J->kind = (int)kind;
    J->es = kind * B->in->nscen + s;
    J->seed = seed;
    J->wave = wave;
    B->at[s * B->nk + kind] = B->njobs;
    return B->njobs++;
}

/* Chooses anchors and seeds and lays the jobs out wave by wave. */
static int plan_jobs(struct batch *B)
{
    const kp_instance *in = B->in;
    const kp_batch_opts *o = B->o;
    size_t n = in->nscen, m = 0, k = (size_t)(o->reuse_stride > 1 ? o->reuse_stride : 2);
    size_t *sel = malloc((n + 1) * sizeof *sel);
    long *seed = malloc((n + 1) * sizeof *seed);
    unsigned char *anchor = calloc(n + 1, 1);
    struct ranges r;
    int rc = -1;

    B->jobs = calloc(B->nk * n + 1, sizeof *B->jobs);
    B->at = malloc((B->nk * n + 1) * sizeof *B->at);
    if (!sel || !seed || !anchor || !B->jobs || !B->at)
        goto out;
    for (size_t s = 0; s < n; s++) {
        for (size_t kind = 0; kind < B->nk; kind++)
            B->at[s * B->nk + kind] = SIZE_MAX;
        seed[s] = -1;
        if (!o->select || o->select[s])
            sel[m++] = s;
    }
    for (int i = 0; i < 4; i++)
        r.lo[i] = HUGE_VAL, r.hi[i] = -HUGE_VAL;
    for (size_t i = 0; i < m; i++) {
        for (int v = 0; v < 4; v++) {
            double x = scen_value(&in->scen[sel[i]], v);
            if (!isnan(x)) {
                r.lo[v] = fmin(r.lo[v], x);
                r.hi[v] = fmax(r.hi[v], x);
            }
        }
    }
    /* Anchors: the middle scenario of each run of k selected ones. */
    for (size_t i0 = 0; o->reuse && i0 < m; i0 += k)
        anchor[sel[i0 + ((m - i0 < k ? m - i0 : k) - 1) / 2]] = 1;
    for (size_t i = 0; o->reuse && i < m; i++) {
        double best = HUGE_VAL;
        if (anchor[sel[i]])
            continue;
        for (size_t j = 0; j < m; j++) {
            double d;
            if (!anchor[sel[j]])
                continue;
            d = distance(&r, &in->scen[sel[i]], &in->scen[sel[j]]);
            if (d < best) {
                best = d;
                seed[sel[i]] = (long)sel[j];
            }
        }
    }
    /* A re-solve starts from its own scenario's plan, which still fits. */
    size_t kinds = o->marginal ? B->nk : 1;
    for (int w = 0; w < 3; w++) {
        B->wstart[w] = (long)B->njobs;
        for (size_t i = 0; i < m; i++) {
            size_t s = sel[i];
            int a = !o->reuse || anchor[s];
            if (w == (a ? 0 : 1))
                add_job(B, s, JOB_MAIN, seed[s], w);
            /* A sampled future's marginal values are not asked for. */
            for (size_t kind = JOB_HOURS; kind < (in->scen[s].sample ? 1 : kinds); kind++) {
                if (kind == JOB_BUDGET && !kp__isset(in->scen[s].budget))
                    continue;
                if (kind >= JOB_FIRST_CAP && !kp__isset(cap_hours(B, &in->scen[s], kind)))
                    continue;       /* a period without an hours limit */
                if (w == (a ? 1 : 2))
                    add_job(B, s, kind, (long)s, w);
            }
        }
    }
    B->wstart[3] = (long)B->njobs;
    rc = 0;
out:
    free(sel);
    free(seed);
    free(anchor);
    return rc;
}

/* The seed plan for job J, repaired to fit its scenario: a malloc'd array
 * of counts, or NULL (no seed, no plan to seed from, or it cannot fit). */
static int *seed_plan(const struct batch *B, const struct job *J)
{
    const kp_instance *in = B->in;
    size_t src_job = J->seed >= 0 ? B->at[(size_t)J->seed * B->nk + JOB_MAIN] : SIZE_MAX;
    const kp_result *src = src_job != SIZE_MAX ? B->jobs[src_job].res : NULL;
    int *from = NULL, *hint = NULL;

    if (!kp__has_plan(src))
        return NULL;
    from = malloc((in->nact + 1) * sizeof *from);
    hint = malloc((in->nact + 1) * sizeof *hint);
    if (from && hint) {
        for (size_t a = 0; a < in->nact; a++)
            from[a] = kp_result_count(src, a);
        if (kp__plan_repair(B->run, J->es, from, hint) != 0) {
            free(hint);
            hint = NULL;
        }
    } else {
        free(hint);
        hint = NULL;
    }
    free(from);
    return hint;
}

/* Runs one job on the calling thread, or records why it is not run. */
static void run_job(struct batch *B, size_t j)
{
    struct job *J = &B->jobs[j];
    const kp_batch_opts *o = B->o;
    double now = kp__now();

    if (o->solve.stop && *o->solve.stop) {
        J->not_run = NOT_RUN_STOP;
    } else if (B->deadline > 0 && now >= B->deadline) {
        J->not_run = NOT_RUN_TIME;
    } else {
        kp_solve_opts so = o->solve;
        int *hint = seed_plan(B, J);
        so.hint = hint;
        if (so.threads <= 0)
            so.threads = o->threads;    /* a lone scenario's pricing */
        J->seeded = hint != NULL;
        /* A solve may not run past the batch's end. */
        if (B->deadline > 0 && (so.time_limit <= 0 || so.time_limit > B->deadline - now))
            so.time_limit = B->deadline - now;
        J->d = kp_diags_new();
        if (kp_solve(B->run, J->es, &so, &J->res, J->d) != KP_OK)
            J->not_run = NOT_RUN_NOMEM;
        free(hint);
    }
    #pragma omp critical(kp_batch_progress)
    {
        B->done++;
        if (J->not_run == NOT_RUN_NOMEM)
            B->nomem = 1;
        if (o->progress) {
            kp_batch_progress p;
            p.done = B->done;
            p.total = B->njobs;
            p.scenario = J->s;
            p.elapsed = kp__now() - B->t0;
            p.remaining = p.done < p.total ? p.elapsed / (double)p.done *
                          (double)(p.total - p.done) : 0;
            o->progress(o->progress_info, &p);
        }
    }
}

/* Why a job was not run, in a planner's words (a static string). */
static const char *not_run_why(int why)
{
    switch (why) {
    case NOT_RUN_STOP: return "not run: the batch was stopped before it started";
    case NOT_RUN_TIME: return "not run: the total time limit passed before it started";
    default: return "not run: out of memory";
    }
}

const char *kp__batch_why(const char *why)
{
    static const int codes[] = {NOT_RUN_STOP, NOT_RUN_TIME, NOT_RUN_NOMEM};
    if (!why || !*why)
        return "";
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        if (strcmp(why, not_run_why(codes[i])) == 0)
            return not_run_why(codes[i]);
    return NULL;
}

/* Appends a formatted piece to note, "; "-separated. */
static void add_note(kp__str *note, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void add_note(kp__str *note, const char *fmt, ...)
{
    va_list ap;
    if (note->len)
        kp__str_add(note, "; ");
    va_start(ap, fmt);
    kp__str_vaddf(note, fmt, ap);
    va_end(ap);
}

/* Value and bound of a result with a plan (an optimal plan is its own
 * bound). */
static void value_bound(const kp_result *r, double *v, double *b)
{
    kp_result_summary m;
    kp_result_get_summary(r, &m);
    *v = m.objective;
    *b = m.status == KP_RES_OPTIMAL ? m.objective : m.bound;
}

/* What re-solve kind `kind` raises, for a note: "hours", "budget",
 * "M1 hours" (a static string or the instance's id, then " hours"). */
static void what_name(const struct batch *B, size_t kind, const char **id,
                      const char **tail)
{
    size_t i = kind - JOB_FIRST_CAP;
    *tail = kind == JOB_BUDGET ? "budget" : "hours";
    *id = kind < JOB_FIRST_CAP ? "" : i < B->nmgr ? B->in->mgr[i].id
                                                 : B->in->per[i - B->nmgr].id;
}

/* Fills the marginal figures f[0..3] (delta, value per unit, min, max) for
 * scenario s from its re-solve of kind `kind`; what keeps them from being
 * computed goes to note. */
static void marginal(const struct batch *B, size_t s, size_t kind, const kp_result *base,
                     double *f, kp__str *note)
{
    const kp__scenario *sc = &B->in->scen[s];
    double *dl = &f[0], *per = &f[1], *lo = &f[2], *hi = &f[3];
    const char *id, *what;
    size_t j = B->at[s * B->nk + kind];

    what_name(B, kind, &id, &what);
    if (kind == JOB_BUDGET && !kp__isset(sc->budget)) {
        *per = *lo = *hi = 0;
        add_note(note, "the budget is unlimited: more is worth 0");
        return;
    }
    if (kind >= JOB_FIRST_CAP && !kp__isset(cap_hours(B, sc, kind))) {
        *per = *lo = *hi = 0;       /* said in models/README.md, not noted */
        return;
    }
    if (j == SIZE_MAX)
        return;
    const struct job *J = &B->jobs[j];
    double d = delta(B, sc, kind), v, b, vp, bp;
    if (J->not_run) {
        add_note(note, "%s%s%s re-solve: %s", id, *id ? " " : "", what,
                 not_run_why(J->not_run));
        return;
    }
    if (!kp__has_plan(J->res)) {
        kp_result_summary m;
        kp_result_get_summary(J->res, &m);
        add_note(note, "%s%s%s re-solve: %s", id, *id ? " " : "", what,
                 kp_result_status_name(m.status));
        return;
    }
    value_bound(base, &v, &b);
    value_bound(J->res, &vp, &bp);
    *dl = d;
    *per = (vp - v) / d;
    /* The exact figure, (opt(+delta) - opt) / delta, is at least 0 (more
     * hours or budget never hurt) and lies between these. */
    *lo = kp__isset(b) ? fmax(0, (vp - b) / d) : 0;
    *hi = kp__isset(bp) ? (bp - v) / d : NAN;
}

/* solve.h. */
void kp__batch_marginal_view(const kp_instance *in, const kp_result *r,
                             kp_batch_outcome *c)
{
    if (!r || !r->marg || r->nmarg != in->nmgr + in->nper)
        return;
    c->manager_marginal = in->nmgr ? r->marg : NULL;
    c->period_marginal = in->nper ? r->marg + 4 * in->nmgr : NULL;
}

/* kamplan.h. */
void kp_batch_outcome_init(kp_batch_outcome *c)
{
    memset(c, 0, sizeof *c);
    c->state = KP_BATCH_SKIPPED;
    c->seeded_from = -1;
    c->hours_delta = c->value_per_hour = c->value_per_hour_min = NAN;
    c->value_per_hour_max = c->budget_delta = c->value_per_budget = NAN;
    c->value_per_budget_min = c->value_per_budget_max = NAN;
    c->why = "";
    c->marginal_note = "";
    c->manager_marginal = c->period_marginal = NULL;
}

/* The figures of every --marginal re-solve of scenario s into outcome c,
 * the managers' and periods' into r (kp_result.marg); notes to note. */
static void marginals(const struct batch *B, size_t s, kp_result *r,
                      kp_batch_outcome *c, kp__str *note)
{
    double f[4] = {NAN, NAN, NAN, NAN};
    size_t ncap = B->nk - JOB_FIRST_CAP;

    marginal(B, s, JOB_HOURS, r, f, note);
    c->hours_delta = f[0], c->value_per_hour = f[1];
    c->value_per_hour_min = f[2], c->value_per_hour_max = f[3];
    f[0] = f[1] = f[2] = f[3] = NAN;
    marginal(B, s, JOB_BUDGET, r, f, note);
    c->budget_delta = f[0], c->value_per_budget = f[1];
    c->value_per_budget_min = f[2], c->value_per_budget_max = f[3];
    if (ncap == 0)
        return;
    if (!(r->marg = malloc(4 * ncap * sizeof *r->marg))) {
        add_note(note, "no memory for the managers' and periods' figures");
        return;
    }
    r->nmarg = ncap;
    for (size_t i = 0; i < 4 * ncap; i++)
        r->marg[i] = NAN;
    for (size_t i = 0; i < ncap; i++)
        marginal(B, s, JOB_FIRST_CAP + i, r, &r->marg[4 * i], note);
    kp__batch_marginal_view(B->in, r, c);
}

/* Hands each main job's result to the caller and fills the outcomes;
 * frees the re-solves' results; merges the messages in scenario order. */
static void collect(struct batch *B, kp_result **results, kp_batch_outcome *oc,
                    kp_diags *diags)
{
    const kp_instance *in = B->in;
    for (size_t s = 0; s < in->nscen; s++) {
        kp_batch_outcome *c = &oc[s];
        size_t mj = B->at[s * B->nk + JOB_MAIN];
        kp_batch_outcome_init(c);
        for (size_t kind = 0; kind < B->nk; kind++) {
            size_t j = B->at[s * B->nk + kind];
            const kp_diags *d = j != SIZE_MAX ? B->jobs[j].d : NULL;
            for (size_t i = 0; d && i < kp_diags_count(d); i++)
                kp__diag(diags, kp_diags_severity(d, i), NULL, 0, NULL, "%s",
                         kp_diags_message(d, i));
        }
        if (mj == SIZE_MAX)
            continue;
        struct job *J = &B->jobs[mj];
        if (J->not_run) {
            c->state = KP_BATCH_NOT_RUN;
            c->why = not_run_why(J->not_run);
            continue;
        }
        c->state = KP_BATCH_SOLVED;
        c->seeded_from = J->seeded ? J->seed : -1;
        results[s] = J->res;
        J->res = NULL;
        if (B->o->marginal && kp__has_plan(results[s]) && B->in->scen[s].sample == 0) {
            kp__str note = KP__STR_INIT;
            marginals(B, s, results[s], c, &note);
            c->marginal_note = kp__result_attach_note(results[s], &note);
        }
    }
}

int kp_solve_batch(const kp_instance *in, const kp_batch_opts *o,
                   kp_result **results, kp_batch_outcome *outcomes,
                   kp_diags *diags)
{
    struct batch B;
    int rc = KP_ENOMEM;

    for (size_t s = 0; s < in->nscen; s++) {
        results[s] = NULL;
        kp_batch_outcome_init(&outcomes[s]);
    }
    if (!(o->solve.gap_pct >= 0 && o->solve.gap_pct <= 100) ||
        (o->marginal && !(o->marginal_pct > 0) &&
         !(o->marginal_hours > 0 && o->marginal_budget > 0)) ||
        o->marginal_hours < 0 || o->marginal_budget < 0)
        return KP_EINVAL;
    memset(&B, 0, sizeof B);
    B.in = in;
    B.run = in;
    B.o = o;
    B.t0 = kp__now();
    B.deadline = o->total_time_limit > 0 ? B.t0 + o->total_time_limit : 0;
    B.nmgr = o->marginal ? in->nmgr : 0;
    B.nk = JOB_FIRST_CAP + B.nmgr + (o->marginal ? in->nper : 0);
    if ((o->marginal && build_ext(&B) != 0) || plan_jobs(&B) != 0)
        goto out;

    int nt = o->threads > 0 ? o->threads : omp_get_max_threads();
    if ((size_t)nt > B.njobs)
        nt = B.njobs > 0 ? (int)B.njobs : 1;
    nt = kp__threads_fit(nt);
    if (nt > 1) {
        #pragma omp parallel num_threads(nt)
        {
            for (int w = 0; w < 3; w++) {
                #pragma omp for schedule(dynamic, 1)
                for (long j = B.wstart[w]; j < B.wstart[w + 1]; j++)
                    run_job(&B, (size_t)j);
            }
            /* GLPK keeps an environment per thread: the pool's threads
             * free theirs here (they outlive the region); the calling
             * thread's stays for its caller, who may hold GLPK objects
             * of its own. */
            if (omp_get_thread_num() != 0)
                kp_thread_cleanup();
        }
    } else {
        /* One thread: no OpenMP region, whose team libgomp allocates
         * (and ends the process when it cannot). The waves in turn. */
        for (long j = B.wstart[0]; j < B.wstart[3]; j++)
            run_job(&B, (size_t)j);
    }
    collect(&B, results, outcomes, diags);
    rc = B.nomem ? KP_ENOMEM : KP_OK;
out:
    for (size_t j = 0; j < B.njobs; j++) {
        kp_result_free(B.jobs[j].res);
        kp_diags_free(B.jobs[j].d);
    }
    free(B.jobs);
    free(B.at);
    if (B.run == &B.ext)
        free(B.ext.scen);
    free(B.ext_ids);
    return rc;
}
