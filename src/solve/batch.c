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

enum { JOB_MAIN, JOB_HOURS, JOB_BUDGET, NKINDS };
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
    size_t (*at)[NKINDS];       /* per scenario: job index, SIZE_MAX: none */
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

/* The +delta of a re-solve for scenario sc (always > 0). */
static double delta(const kp_batch_opts *o, const kp__scenario *sc, int kind)
{
    double given = kind == JOB_HOURS ? o->marginal_hours : o->marginal_budget;
    double base = kind == JOB_HOURS ? sc->hours : sc->budget;
    double d = given > 0 ? given : base * o->marginal_pct / 100;
    return d > 0 ? d : 1;
}

/* Builds the shallow copy of the instance whose scenarios are the
 * originals, then each at hours + delta, then each at budget + delta (ids
 * "ID +DELTA hours" and "ID +DELTA budget", one after another, each ending in
 * a NUL, in B->ext_ids). */
static int build_ext(struct batch *B)
{
    const kp_instance *in = B->in;
    size_t n = in->nscen;
    kp__scenario *sc = calloc(3 * n + 1, sizeof *sc);
    size_t *at = calloc(3 * n + 1, sizeof *at);     /* offset of each id */
    kp__str ids = KP__STR_INIT;
    int rc = -1;

    if (!sc || !at)
        goto out;
    for (size_t s = 0; s < n; s++) {
        sc[s] = in->scen[s];
        for (int kind = JOB_HOURS; kind <= JOB_BUDGET; kind++) {
            size_t e = (size_t)kind * n + s;
            char num[40];   /* a number's shortest text: at most 24 bytes */
            double d = delta(B->o, &in->scen[s], kind);
            sc[e] = in->scen[s];
            if (kind == JOB_HOURS)
                sc[e].hours += d;
            else
                sc[e].budget += d;
            kp__fmt_double(num, sizeof num, d);
            at[e] = ids.len;
            kp__str_addf(&ids, "%s +%s %s%c", in->scen[s].id, num,
                         kind == JOB_HOURS ? "hours" : "budget", '\0');
        }
    }
    B->ext_ids = kp__str_take(&ids);
    if (!B->ext_ids)
        goto out;
    for (size_t e = n; e < 3 * n; e++)
        sc[e].id = B->ext_ids + at[e];
    B->ext = *in;
    B->ext.scen = sc;
    B->ext.nscen = 3 * n;
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
static size_t add_job(struct batch *B, size_t s, int kind, long seed, int wave)
{
    struct job *J = &B->jobs[B->njobs];
    J->s = s;
    J->kind = kind;
    J->es = (size_t)kind * B->in->nscen + s;
    J->seed = seed;
    J->wave = wave;
    B->at[s][kind] = B->njobs;
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

    B->jobs = calloc(3 * n + 1, sizeof *B->jobs);
    B->at = malloc((n + 1) * sizeof *B->at);
    if (!sel || !seed || !anchor || !B->jobs || !B->at)
        goto out;
    for (size_t s = 0; s < n; s++) {
        for (int kind = 0; kind < NKINDS; kind++)
            B->at[s][kind] = SIZE_MAX;
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
    int kinds = o->marginal ? NKINDS : 1;
    for (int w = 0; w < 3; w++) {
        B->wstart[w] = (long)B->njobs;
        for (size_t i = 0; i < m; i++) {
            size_t s = sel[i];
            int a = !o->reuse || anchor[s];
            if (w == (a ? 0 : 1))
                add_job(B, s, JOB_MAIN, seed[s], w);
            /* A sampled future's marginal values are not asked for. */
            for (int kind = JOB_HOURS; kind < (in->scen[s].sample ? 1 : kinds); kind++) {
                if (kind == JOB_BUDGET && !kp__isset(in->scen[s].budget))
                    continue;
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
    size_t src_job = J->seed >= 0 ? B->at[J->seed][JOB_MAIN] : SIZE_MAX;
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

/* Fills the marginal fields of outcome oc for scenario s from its re-solve
 * of kind `kind` (JOB_HOURS or JOB_BUDGET); what keeps them from being
 * computed goes to note. */
static void marginal(const struct batch *B, size_t s, int kind, const kp_result *base,
                     kp_batch_outcome *oc, kp__str *note)
{
    const kp__scenario *sc = &B->in->scen[s];
    double *dl = kind == JOB_HOURS ? &oc->hours_delta : &oc->budget_delta;
    double *per = kind == JOB_HOURS ? &oc->value_per_hour : &oc->value_per_budget;
    double *lo = kind == JOB_HOURS ? &oc->value_per_hour_min : &oc->value_per_budget_min;
    double *hi = kind == JOB_HOURS ? &oc->value_per_hour_max : &oc->value_per_budget_max;
    const char *what = kind == JOB_HOURS ? "hours" : "budget";
    size_t j = B->at[s][kind];

    if (kind == JOB_BUDGET && !kp__isset(sc->budget)) {
        *per = *lo = *hi = 0;
        add_note(note, "the budget is unlimited: more is worth 0");
        return;
    }
    if (j == SIZE_MAX)
        return;
    const struct job *J = &B->jobs[j];
    double d = delta(B->o, sc, kind), v, b, vp, bp;
    if (J->not_run) {
        add_note(note, "%s re-solve: %s", what, not_run_why(J->not_run));
        return;
    }
    if (!kp__has_plan(J->res)) {
        kp_result_summary m;
        kp_result_get_summary(J->res, &m);
        add_note(note, "%s re-solve: %s", what, kp_result_status_name(m.status));
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
}

/* Hands each main job's result to the caller and fills the outcomes;
 * frees the re-solves' results; merges the messages in scenario order. */
static void collect(struct batch *B, kp_result **results, kp_batch_outcome *oc,
                    kp_diags *diags)
{
    const kp_instance *in = B->in;
    for (size_t s = 0; s < in->nscen; s++) {
        kp_batch_outcome *c = &oc[s];
        size_t mj = B->at[s][JOB_MAIN];
        kp_batch_outcome_init(c);
        for (int kind = 0; kind < NKINDS; kind++) {
            size_t j = B->at[s][kind];
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
            marginal(B, s, JOB_HOURS, results[s], c, &note);
            marginal(B, s, JOB_BUDGET, results[s], c, &note);
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
    if ((o->marginal && build_ext(&B) != 0) || plan_jobs(&B) != 0)
        goto out;

    int nt = o->threads > 0 ? o->threads : omp_get_max_threads();
    if ((size_t)nt > B.njobs)
        nt = B.njobs > 0 ? (int)B.njobs : 1;
    nt = kp__threads_fit(nt);
    #pragma omp parallel num_threads(nt)
    {
        for (int w = 0; w < 3; w++) {
            #pragma omp for schedule(dynamic, 1)
            for (long j = B.wstart[w]; j < B.wstart[w + 1]; j++)
                run_job(&B, (size_t)j);
        }
        /* GLPK keeps an environment per thread: the pool's threads free
         * theirs here (they outlive the region); the calling thread's
         * stays for its caller, who may hold GLPK objects of its own. */
        if (omp_get_thread_num() != 0)
            kp_thread_cleanup();
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
