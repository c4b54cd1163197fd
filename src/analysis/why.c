/*
 * why.c - the reasons of a plan (kamplan why, solve --why): for every
 * account why it is key or not, and the exact cost of the opposite
 * decision; for every chosen activity the value lost without it, and for
 * the best activities left out the value lost by adding one.
 *
 * Each cost is a re-solve of the scenario with the opposite decision fixed
 * (kp__fix: the model keeps it, the plan check judges it), started from
 * the base plan adjusted to the decision (kp_solve_opts.hint, used when it
 * passes the check), under the run's gap and what is left of its time
 * limit. The re-solves are independent and run on OpenMP threads, as a
 * batch's scenarios do (kp_thread_cleanup on the pool's threads).
 *
 * The words compare the base plan with the forced one: where the hours go
 * (the accounts that gain or lose the most hours). With words_only the
 * same rows and words are made without any re-solve (the solve report's
 * reasons without --why).
 */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"

/* One re-solve: what it fixes, and what came back. */
struct why_job {
    size_t row;             /* its row */
    int account;            /* fixed account (-1 none) and its decision */
    int decision;
    int activity;           /* fixed activity (-1 none), its count range */
    int lo, hi;
    kp_result *res;         /* NULL: not reached (or out of memory) */
    int nomem;
};

/* The run: its instance, base plan, options, rows and jobs. */
struct why_run {
    const kp_instance *in;
    size_t s;
    const kp_result *base;
    const kp_why_opts *o;
    double deadline;        /* 0: none */
    kp_why_row *rows;
    size_t nrows, cap;
    struct why_job *jobs;
    size_t njobs;
    double *base_hours;     /* per account, in the base plan */
    int nomem;
};

void kp_why_opts_init(kp_why_opts *o)
{
    memset(o, 0, sizeof *o);
    kp_solve_opts_init(&o->solve);
    o->top = 10;
}

/* Appends a row (zeroed, numbers NaN). Returns it, or NULL when out of
 * memory. */
static kp_why_row *add_row(struct why_run *w, int subject, size_t index)
{
    if (w->nrows == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 64;
        kp_why_row *r = realloc(w->rows, cap * sizeof *r);
        if (!r) {
            w->nomem = 1;
            return NULL;
        }
        w->rows = r;
        w->cap = cap;
    }
    kp_why_row *r = &w->rows[w->nrows++];
    memset(r, 0, sizeof *r);
    r->scenario = w->s;
    r->subject = subject;
    r->index = index;
    r->opposite = r->status = "";
    r->value = r->cost = r->gap_pct = NAN;
    return r;
}

/* Appends a job for the last row. Returns it, or NULL when out of memory. */
static struct why_job *add_job(struct why_run *w)
{
    struct why_job *j = realloc(w->jobs, (w->njobs + 1) * sizeof *j);
    if (!j) {
        w->nomem = 1;
        return NULL;
    }
    w->jobs = j;
    j = &w->jobs[w->njobs++];
    memset(j, 0, sizeof *j);
    j->row = w->nrows - 1;
    j->account = j->activity = -1;
    return j;
}

/* 1 when account k can be key in scenario s: eligible there (key, also by
 * a commitment, or auto and qualified; not excluded) and able to meet the
 * rules of a key account. */
static int can_be_key(const kp_instance *in, size_t s, int k)
{
    const kp__scenario *sc = &in->scen[s];
    return kp__acc_eligible(in, sc, k) &&
           (kp__acc_status(in, sc, k) == KP_KEY ||
            !kp__account_blocked(in, k, sc->min_contacts, NULL));
}

/* The account rows (and their jobs), of account `only` (-1: all). */
static void account_rows(struct why_run *w, long only)
{
    const kp_instance *in = w->in;
    for (size_t k = 0; k < in->nacc && !w->nomem; k++) {
        if (only >= 0 && (size_t)only != k)
            continue;
        kp_why_row *r = add_row(w, KP_WHY_ACCOUNT, k);
        if (!r)
            return;
        int key = kp_result_key(w->base, k);
        r->decision = key ? "key" : can_be_key(in, w->s, (int)k) ? "not_key"
                                                                  : "cannot_be_key";
        if (!key && strcmp(r->decision, "cannot_be_key") == 0)
            continue;
        r->opposite = key ? "drop" : "make_key";
        struct why_job *j = add_job(w);
        if (!j)
            return;
        j->account = (int)k;
        j->decision = key ? KP__FIX_OUT : KP__FIX_KEY;
    }
}

/* 1 when activity a can be added: its account can be key. */
static int can_add(const struct why_run *w, size_t a)
{
    return can_be_key(w->in, w->s, w->in->act[a].account);
}

/* A left-out activity and the value of its first occurrence. */
struct ranked {
    double value;
    size_t a;
};

/* Largest value first, then file order. */
static int by_value(const void *pa, const void *pb)
{
    const struct ranked *a = pa, *b = pb;
    if (a->value != b->value)
        return a->value > b->value ? -1 : 1;
    return a->a < b->a ? -1 : 1;
}

/* An activity row and its job. */
static void activity_row(struct why_run *w, size_t a)
{
    kp_why_row *r = add_row(w, KP_WHY_ACTIVITY, a);
    int n = r ? kp_result_count(w->base, a) : 0;
    if (!r)
        return;
    r->decision = n > 0 ? "chosen" : "left_out";
    if (n == 0 && !can_add(w, a))
        return;
    r->opposite = n > 0 ? "remove" : "add";
    struct why_job *j = add_job(w);
    if (!j)
        return;
    j->activity = (int)a;
    j->lo = n > 0 ? 0 : 1;
    j->hi = n > 0 ? 0 : w->in->act[a].max_count;
}

/* The activity rows: of activity `act` alone (>= 0), else every chosen
 * activity (of account `acc` when >= 0) and the best `top` left out that
 * can be added (all when top < 0). */
static void activity_rows(struct why_run *w, long acc, long act)
{
    const kp_instance *in = w->in;
    struct ranked *left;
    size_t nleft = 0;

    if (act >= 0) {
        activity_row(w, (size_t)act);
        return;
    }
    if (!(left = malloc((in->nact + 1) * sizeof *left))) {
        w->nomem = 1;
        return;
    }
    for (size_t a = 0; a < in->nact && !w->nomem; a++) {
        if (acc >= 0 && in->act[a].account != acc)
            continue;
        if (kp_result_count(w->base, a) > 0)
            activity_row(w, a);
        else if (can_add(w, a))
            left[nleft++] = (struct ranked){in->act[a].value, a};
    }
    qsort(left, nleft, sizeof *left, by_value);
    for (size_t i = 0; i < nleft && (w->o->top < 0 || i < (size_t)w->o->top); i++)
        activity_row(w, left[i].a);
    free(left);
}

/* The base plan adjusted to job j's decision: the start of its re-solve
 * (kp__solve_fixed drops it when it breaks a rule or the decision). */
static void job_hint(const struct why_run *w, const struct why_job *j, int *hint)
{
    const kp_instance *in = w->in;
    for (size_t a = 0; a < in->nact; a++) {
        hint[a] = kp_result_count(w->base, a);
        if (j->account >= 0 && j->decision == KP__FIX_OUT &&
            in->act[a].account == j->account)
            hint[a] = 0;
    }
    if (j->activity >= 0) {
        int *h = &hint[j->activity];
        *h = *h < j->lo ? j->lo : *h > j->hi ? j->hi : *h;
    }
}

/* Runs job j: its fix, its hint, its solve within what is left of the
 * run's time. */
static void run_job(struct why_run *w, struct why_job *j)
{
    const kp_instance *in = w->in;
    unsigned char *acc = calloc(in->nacc + 1, 1);
    int *lo = malloc((in->nact + 1) * sizeof *lo);
    int *hi = malloc((in->nact + 1) * sizeof *hi);
    int *hint = malloc((in->nact + 1) * sizeof *hint);
    kp_solve_opts so = w->o->solve;
    kp__fix fix = {acc, lo, hi};

    if (!acc || !lo || !hi || !hint) {
        j->nomem = 1;
        goto out;
    }
    for (size_t a = 0; a < in->nact; a++) {
        lo[a] = 0;
        hi[a] = in->act[a].max_count;
    }
    if (j->account >= 0)
        acc[j->account] = (unsigned char)j->decision;
    if (j->activity >= 0) {
        lo[j->activity] = j->lo;
        hi[j->activity] = j->hi;
    }
    job_hint(w, j, hint);
    so.hint = hint;
    so.threads = 1;
    so.progress = NULL;
    if (w->deadline > 0) {
        double left = w->deadline - kp__now();
        if (left <= 0)
            goto out;       /* not reached */
        so.time_limit = left;
    }
    if ((so.stop && *so.stop) ||
        kp__solve_fixed(in, w->s, &so, &fix, &j->res, NULL) == KP_ENOMEM)
        j->nomem = !(so.stop && *so.stop);
out:
    free(acc);
    free(lo);
    free(hi);
    free(hint);
}

/* Every job, on OpenMP threads. */
static void run_jobs(struct why_run *w)
{
    int nt = w->o->threads > 0 ? w->o->threads : omp_get_max_threads();
    if ((size_t)nt > w->njobs)
        nt = w->njobs > 0 ? (int)w->njobs : 1;
    nt = kp__threads_fit(nt);
    if (nt > 1) {
        #pragma omp parallel num_threads(nt)
        {
            #pragma omp for schedule(dynamic, 1)
            for (long i = 0; i < (long)w->njobs; i++)
                run_job(w, &w->jobs[i]);
            /* GLPK keeps an environment per thread (batch.c does the
             * same). */
            if (omp_get_thread_num() != 0)
                kp_thread_cleanup();
        }
    } else {
        /* One thread: no OpenMP region (batch.c). */
        for (long i = 0; i < (long)w->njobs; i++)
            run_job(w, &w->jobs[i]);
    }
}

/* Hours per account of a plan, into h[]. */
static void account_hours(const kp_instance *in, const kp_result *r, double *h)
{
    for (size_t k = 0; k < in->nacc; k++)
        h[k] = 0;
    for (size_t a = 0; a < in->nact; a++)
        h[in->act[a].account] += kp_result_count(r, a) * in->act[a].hours;
}

/* A number for people: 51960 as "51,960" (rounded to a whole number). */
static void people(char *buf, size_t len, double x)
{
    char raw[64];
    int n, neg = x < 0, out = 0;
    snprintf(raw, sizeof raw, "%.0f", fabs(x));
    n = (int)strlen(raw);
    if (neg && (size_t)out + 1 < len)
        buf[out++] = '-';
    for (int i = 0; i < n && (size_t)out + 2 < len; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[out++] = ',';
        buf[out++] = raw[i];
    }
    buf[out] = '\0';
}

/* Hours as "41" or "41.5". */
static void hours_text(char *buf, size_t len, double h)
{
    snprintf(buf, len, "%.4g", fabs(h) < 1e-9 ? 0 : h);
}

/* Where the hours go: the accounts (not `self`) whose hours change most
 * in the direction `sign` (+1 gain, -1 lose) between base hours b and
 * forced hours f, at most 3, as "LIND (+20 h), TESS (+21 h)". Nothing
 * when none. */
static void where_hours(const kp_instance *in, const double *b, const double *f,
                        int self, int sign, kp__str *out)
{
    int shown[3], ns = 0;
    for (; ns < 3; ns++) {
        int best = -1;
        for (size_t k = 0; k < in->nacc; k++) {
            double d = sign * (f[k] - b[k]);
            int seen = (int)k == self;
            for (int i = 0; i < ns; i++)
                seen |= shown[i] == (int)k;
            if (!seen && d > 1e-9 && (best < 0 || d > sign * (f[best] - b[best])))
                best = (int)k;
        }
        if (best < 0)
            break;
        char h[32];
        hours_text(h, sizeof h, f[best] - b[best]);
        kp__str_addf(out, "%s%s (%s%s h)", ns ? ", " : "", in->acc[best].id,
                     f[best] > b[best] ? "+" : "", h);
        shown[ns] = best;
    }
}

/* What forces account k key in the run's scenario, every commitment
 * named: "key in scenario S (scenarios.csv key)", "key by status=key",
 * "key by a commitment (min_count of A)", the second and third as " and
 * by ..." after another. Returns 0 (nothing written) when nothing does. */
static int forced_key_words(const struct why_run *w, int k, kp__str *out)
{
    const kp_instance *in = w->in;
    const kp__account *a = &in->acc[k];
    int n = 0;
    if (kp_instance_scenario_forces(in, w->s, (size_t)k) == KP_KEY && ++n)
        kp__str_addf(out, "key in scenario %s (scenarios.csv key)", in->scen[w->s].id);
    if (a->status == KP_KEY && ++n)
        kp__str_addf(out, "%s by status=key", n > 1 ? " and" : "key");
    /* An excluded account's commitment is a conflict, not a reason. */
    if (a->committed >= 0 && a->status != KP_EXCLUDE && ++n)
        kp__str_addf(out, "%s by a commitment (min_count of %s)", n > 1 ? " and" : "key",
                     in->act[a->committed].id);
    return n;
}

/* The qualification of account k in words: "qualifies: meets sales,
 * margin_pct (2 of 4 criteria, 2 needed)", "fails sales and days_to_pay
 * (...)", "key by status=key", "excluded (status=exclude)", with why it
 * cannot be key when it qualifies but cannot meet the rules. */
static void qualification_words(const struct why_run *w, int k, kp__str *out)
{
    const kp_instance *in = w->in;
    kp_qualification q;
    int first;
    kp_instance_qualification(in, (size_t)k, &q);
    int forces = kp_instance_scenario_forces(in, w->s, (size_t)k);
    if (forces == KP_EXCLUDE) {
        kp__str_addf(out, "excluded in scenario %s (scenarios.csv exclude)",
                     in->scen[w->s].id);
        return;
    }
    if (forced_key_words(w, k, out))
        return;
    if (q.status == KP_EXCLUDE) {
        kp__str_addf(out, "excluded (status=exclude)");
        return;
    }
    const char *names[KP_N_CRITERIA];
    int nn = 0;
    for (int c = 0; c < KP_N_CRITERIA; c++)
        if (q.criteria[c].set && q.criteria[c].met == q.qualified)
            names[nn++] = q.criteria[c].name;
    kp__str_addf(out, "%s ", q.qualified ? "qualifies: meets" : "fails");
    for (int i = 0; i < nn; i++)
        kp__str_addf(out, "%s%s", i == 0 ? "" : i == nn - 1 ? " and " : ", ", names[i]);
    first = nn == 0;
    if (first)
        kp__str_addf(out, "no criterion");
    kp__str_addf(out, " (%d of %d criteria met, %d needed)", q.criteria_met,
                 q.criteria_set, q.min_criteria);
    if (q.qualified) {
        kp__str why = KP__STR_INIT;
        if (kp__account_blocked(in, k, in->scen[w->s].min_contacts, &why))
            kp__str_addf(out, ", but it cannot be key: %s", kp__str_get(&why));
        kp__str_free(&why);
    }
}

/* For an infeasible decision: the first rule that the base plan, adjusted
 * to it, breaks (an example, the proof is the solver's). */
static void broken_rule(const struct why_run *w, const struct why_job *j, kp__str *out)
{
    int *hint = malloc((w->in->nact + 1) * sizeof *hint);
    kp_diags *d = kp_diags_new();
    if (hint && d) {
        job_hint(w, j, hint);
        if (kp_plan_check(w->in, w->s, hint, NULL, d) > 0 && kp_diags_count(d) > 0)
            kp__str_addf(out, "; the plan %s breaks: %s", j->activity >= 0 &&
                         j->hi == 0 ? "without it" : "adjusted to it",
                         kp_diags_text(d, 0));
    }
    free(hint);
    kp_diags_free(d);
}

/* Why a forced decision has no plan: the model's own reason (a decision
 * it cannot take), or what makes an account forced key impossible. */
static void infeasible_words(const struct why_run *w, const struct why_job *j,
                             kp__str *out)
{
    const kp_instance *in = w->in;
    const kp__scenario *sc = &in->scen[w->s];
    const char *msg = kp_result_message(j->res);
    int forced = 0;
    for (size_t k = 0; k < in->nacc; k++)
        forced += kp__acc_status(in, sc, (int)k) == KP_KEY;
    if (j->account >= 0 && j->decision == KP__FIX_OUT &&
        (in->acc[j->account].committed >= 0 ||
         kp_instance_scenario_forces(in, w->s, (size_t)j->account) == KP_KEY)) {
        /* The model's message names one commitment (status=key first). */
        kp__str_addf(out, "%s cannot be dropped: it is committed key (",
                     in->acc[j->account].id);
        kp__forced_all_words(in, sc, j->account, out);
        kp__str_add(out, ")");
    } else if (j->account >= 0 && j->decision == KP__FIX_KEY &&
               sc->max_key_accounts >= 0 && forced >= sc->max_key_accounts) {
        kp__str_addf(out, "max_key_accounts is %d", sc->max_key_accounts);
        if (forced > 0)
            kp__str_addf(out, ", and %d account%s forced key", forced,
                         forced == 1 ? " is" : "s are");
        for (size_t k = 0, i = 0; k < in->nacc; k++) {
            if (kp__acc_status(in, sc, (int)k) != KP_KEY)
                continue;
            kp__str_addf(out, "%s%s (", i++ ? ", " : ": ", in->acc[k].id);
            kp__forced_all_words(in, sc, (int)k, out);
            kp__str_add(out, ")");
        }
    } else if (j->account >= 0 && j->decision == KP__FIX_KEY &&
             in->acc[j->account].min_hours > sc->hours)
        kp__str_addf(out, "its min_hours of %g exceed the %g hours available",
                     in->acc[j->account].min_hours, sc->hours);
    else if (msg && *msg && !strstr(msg, "status=key"))
        kp__str_addf(out, "%s", msg);
    else
        kp__str_addf(out, "no plan meets every rule with this decision "
                     "(proven by the solver)");
    broken_rule(w, j, out);
}

/* The words of a job's outcome: the cost and where the hours go. */
static void outcome_words(const struct why_run *w, const struct why_job *j,
                          kp_why_row *r, double *fh, kp__str *out)
{
    const kp_instance *in = w->in;
    int acc = j->account;
    const char *id = j->account >= 0 ? in->acc[j->account].id : in->act[j->activity].id;
    const char *what = strcmp(r->opposite, "drop") == 0 ? "Dropping"
                       : strcmp(r->opposite, "make_key") == 0 ? "Making"
                       : strcmp(r->opposite, "remove") == 0 ? "Removing" : "Adding";
    const char *tail = strcmp(r->opposite, "make_key") == 0 ? " key" : "";
    char c[64], h[32];

    if (!j->res) {
        kp__str_addf(out, "%s %s%s: not re-solved (the time limit was reached "
                     "first)", what, id, tail);
        return;
    }
    kp_result_summary m;
    kp_result_get_summary(j->res, &m);
    if (m.status == KP_RES_INFEASIBLE) {
        kp__str_addf(out, "%s %s%s is infeasible: ", what, id, tail);
        infeasible_words(w, j, out);
        return;
    }
    if (!kp__isset(r->value)) {
        const char *msg = kp_result_message(j->res);
        kp__str_addf(out, "%s %s%s: no plan (%s%s%s)", what, id, tail, r->status,
                     msg && *msg ? ": " : "", msg ? msg : "");
        return;
    }
    /* Dropping an account with status=key can gain: the rule is lifted. */
    people(c, sizeof c, fabs(r->cost));
    kp__str_addf(out, "%s %s%s %s %s", what, id, tail, r->cost < 0 ? "gains" : "costs", c);
    if (strcmp(r->status, "optimal") != 0)
        kp__str_addf(out, " (%s, gap %.3g%%)", r->status, r->gap_pct);
    account_hours(in, j->res, fh);
    if (j->account >= 0) {
        double d = fh[acc] - w->base_hours[acc];
        kp__str str = KP__STR_INIT;
        hours_text(h, sizeof h, fabs(d));
        where_hours(in, w->base_hours, fh, acc, d > 0 ? -1 : 1, &str);
        if (fabs(d) > 1e-9)
            kp__str_addf(out, ": %s %s h %s %s", d > 0 ? "it would take" : "its",
                         h, d > 0 ? "from" : "go to",
                         str.len ? kp__str_get(&str) : "no other account (left unused)");
        else
            kp__str_addf(out, ": no hours move");
        kp__str_free(&str);
        return;
    }
    kp__str from = KP__STR_INIT, to = KP__STR_INIT;
    where_hours(in, w->base_hours, fh, -1, -1, &from);
    where_hours(in, w->base_hours, fh, -1, 1, &to);
    if (from.len || to.len)
        kp__str_addf(out, ": hours move%s%s%s%s", from.len ? " from " : "",
                     kp__str_get(&from), to.len ? " to " : "", kp__str_get(&to));
    else
        kp__str_addf(out, ": no hours move between accounts");
    kp__str_free(&from);
    kp__str_free(&to);
}

/* A row's numbers and words from its job (or its reason alone). */
static void finish_row(struct why_run *w, kp_why_row *r, const struct why_job *j,
                       double *fh)
{
    const kp_instance *in = w->in;
    kp__str out = KP__STR_INIT;
    kp_result_summary base, m;
    kp_result_get_summary(w->base, &base);

    if (w->o->words_only) {
        /* No re-solve: the reason alone, its status and cost left empty. */
    } else if (j && j->res) {
        kp_result_get_summary(j->res, &m);
        r->status = kp_result_status_name(m.status);
        r->gap_pct = m.gap_pct;
        r->seconds = m.seconds;
        if (m.status == KP_RES_OPTIMAL || m.status == KP_RES_FEASIBLE) {
            r->value = m.objective;
            r->cost = base.objective - m.objective;
        }
    } else if (j) {
        r->status = "not_reached";
    }
    if (r->subject == KP_WHY_ACCOUNT) {
        const kp__account *a = &in->acc[r->index];
        kp__str_addf(&out, "%s %s: ", a->id, strcmp(r->decision, "key") == 0 ? "is key"
                     : strcmp(r->decision, "not_key") == 0 ? "is not key" : "cannot be key");
        qualification_words(w, (int)r->index, &out);
    } else {
        const kp__activity *ac = &in->act[r->index];
        int n = kp_result_count(w->base, r->index);
        kp__str_addf(&out, "%s (%s) ", ac->id, in->acc[ac->account].id);
        if (n > 0)
            kp__str_addf(&out, "is chosen %d time%s", n, n == 1 ? "" : "s");
        else
            kp__str_addf(&out, "is left out%s", j ? "" : ": its account cannot be key");
    }
    if (j && !w->o->words_only) {
        kp__str_addf(&out, ". ");
        outcome_words(w, j, r, fh, &out);
    }
    r->reason = kp__str_take(&out);
    if (!r->reason)
        w->nomem = 1;
}

/* The index of account id, or -1. */
static long find_account(const kp_instance *in, const char *id)
{
    for (size_t k = 0; id && k < in->nacc; k++)
        if (strcmp(in->acc[k].id, id) == 0)
            return (long)k;
    return -1;
}

/* The index of activity id, or -1. */
static long find_activity(const kp_instance *in, const char *id)
{
    for (size_t a = 0; id && a < in->nact; a++)
        if (strcmp(in->act[a].id, id) == 0)
            return (long)a;
    return -1;
}

/* The rows to make, as the filters say. Returns KP_OK or KP_ENOTFOUND. */
static int plan_rows(struct why_run *w, kp_diags *d)
{
    const kp_why_opts *o = w->o;
    long acc = find_account(w->in, o->account), act = find_activity(w->in, o->activity);
    if (o->account && acc < 0) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "--account: no account '%s'", o->account);
        return KP_ENOTFOUND;
    }
    if (o->activity && act < 0) {
        kp__diag(d, KP_ERROR, NULL, 0, NULL, "--activity: no activity '%s'", o->activity);
        return KP_ENOTFOUND;
    }
    int subjects = o->subjects ? o->subjects : KP_WHY_ACCOUNTS | KP_WHY_ACTIVITIES;
    if ((o->account || !o->activity) && (subjects & KP_WHY_ACCOUNTS))
        account_rows(w, acc);
    if (!w->nomem && (subjects & KP_WHY_ACTIVITIES))
        activity_rows(w, o->activity ? -1 : acc, act);
    return KP_OK;
}

/* kamplan.h. */
int kp_why_run(const kp_instance *in, size_t s, const kp_why_opts *o,
               const kp_result *base, kp_why_row **rows, size_t *n, kp_diags *d)
{
    struct why_run w;
    kp_result_summary m;
    double *fh = NULL;
    int rc;

    *rows = NULL;
    *n = 0;
    if (s >= in->nscen || !base || !o)
        return KP_EINVAL;
    kp_result_get_summary(base, &m);
    if (m.status != KP_RES_OPTIMAL && m.status != KP_RES_FEASIBLE)
        return KP_EINVAL;
    memset(&w, 0, sizeof w);
    w.in = in;
    w.s = s;
    w.base = base;
    w.o = o;
    w.deadline = o->solve.time_limit > 0 ? kp__now() + o->solve.time_limit : 0;
    if ((rc = plan_rows(&w, d)) != KP_OK)
        goto out;
    w.base_hours = malloc((in->nacc + 1) * sizeof *w.base_hours);
    fh = malloc((in->nacc + 1) * sizeof *fh);
    if (w.nomem || !w.base_hours || !fh) {
        rc = KP_ENOMEM;
        goto out;
    }
    account_hours(in, base, w.base_hours);
    if (!o->words_only)
        run_jobs(&w);
    for (size_t i = 0, j = 0; i < w.nrows && !w.nomem; i++) {
        const struct why_job *job = j < w.njobs && w.jobs[j].row == i ? &w.jobs[j++] : NULL;
        w.nomem |= job && job->nomem;
        finish_row(&w, &w.rows[i], job, fh);
    }
    rc = w.nomem ? KP_ENOMEM : KP_OK;
out:
    for (size_t j = 0; j < w.njobs; j++)
        kp_result_free(w.jobs[j].res);
    free(w.jobs);
    free(w.base_hours);
    free(fh);
    if (rc == KP_OK) {
        *rows = w.rows;
        *n = w.nrows;
    } else {
        kp_why_rows_free(w.rows, w.nrows);
    }
    return rc;
}

void kp_why_rows_free(kp_why_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++)
        free(rows[i].reason);
    free(rows);
}

/* ---- why.csv ------------------------------------------------------------ */

struct why_files {
    const kp_instance *in;
    const kp_why_row *rows;
    size_t n;
};

/* why.csv: one row per account and activity explained. */
static void body_why(kp__tab *t, int i, const void *info)
{
    const struct why_files *x = info;
    (void)i;
    kp__tab_begin(t, "why", "scenario,subject,id,account,decision,opposite,cost,"
                  "value,status,gap_pct,seconds,reason");
    for (size_t j = 0; j < x->n; j++) {
        const kp_why_row *r = &x->rows[j];
        int acc = r->subject == KP_WHY_ACCOUNT ? (int)r->index
                                                : x->in->act[r->index].account;
        kp__tab_text(t, x->in->scen[r->scenario].id);
        kp__tab_text(t, r->subject == KP_WHY_ACCOUNT ? "account" : "activity");
        kp__tab_text(t, r->subject == KP_WHY_ACCOUNT ? x->in->acc[r->index].id
                                                     : x->in->act[r->index].id);
        kp__tab_text(t, x->in->acc[acc].id);
        kp__tab_text(t, r->decision);
        kp__tab_text(t, r->opposite);
        kp__tab_num(t, r->cost);
        kp__tab_num(t, r->value);
        kp__tab_text(t, r->status);
        kp__tab_num(t, r->gap_pct);
        kp__tab_num(t, *r->status && strcmp(r->status, "not_reached") != 0
                       ? r->seconds : NAN);
        kp__tab_text(t, r->reason ? r->reason : "");
        kp__tab_row_end(t);
    }
    kp__tab_end(t);
}

static void why_csv(FILE *f, int i, const void *info)
{
    kp__tab t;
    kp__tab_init(&t, f, 0);
    body_why(&t, i, info);
}

/* kamplan.h: why.csv, all or nothing (output.c). */
int kp_why_write(const kp_instance *in, const kp_why_row *rows, size_t n,
                 const char *outdir, kp_diags *d)
{
    static const char *const names[] = {"why.csv"};
    struct why_files x = {in, rows, n};
    return kp__write_atomic(outdir, names, 1, why_csv, &x, d);
}

/* kamplan.h. */
int kp_why_write_json(const kp_instance *in, const kp_why_row *rows, size_t n,
                      FILE *f)
{
    struct why_files x = {in, rows, n};
    return kp__json_tables(f, body_why, 1, &x);
}
