/*
 * commit.c - the commitments of a scenario (models/README.md,
 * "Commitments"): an account's status in a scenario, from its own status,
 * the scenario's key and exclude (scenarios.csv) and its activities'
 * min_count (activities.csv), and the words that name what forces or
 * drops it. The rule table (rules.c), the qualification's forced-account
 * checks (qualify.c) and everything above the model ask here; this file
 * asks neither of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

/* 1 when account k is in list l[0 .. n-1] (ascending). */
static int listed(const int *l, int n, int k)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (l[mid] == k)
            return 1;
        if (l[mid] < k)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* kamplan.h. */
int kp_instance_scenario_forces(const kp_instance *in, size_t s, size_t k)
{
    const kp__scenario *sc;
    if (s >= in->nscen || k >= in->nacc)
        return -1;
    sc = &in->scen[s];
    if (listed(sc->exclude, sc->nexclude, (int)k))
        return KP_EXCLUDE;
    return listed(sc->key, sc->nkey, (int)k) ? KP_KEY : -1;
}

/* model.h. */
int kp__acc_status(const kp_instance *in, const kp__scenario *sc, int k)
{
    const kp__account *a = &in->acc[k];
    if (sc->nexclude && listed(sc->exclude, sc->nexclude, k))
        return KP_EXCLUDE;
    if (sc->nkey && listed(sc->key, sc->nkey, k))
        return KP_KEY;
    if (a->status == KP_AUTO && a->committed >= 0)
        return KP_KEY;
    return a->status;
}

/* model.h. */
int kp__acc_eligible(const kp_instance *in, const kp__scenario *sc, int k)
{
    int st = kp__acc_status(in, sc, k);
    return st == KP_KEY || (st == KP_AUTO && in->acc[k].qualified);
}

/* model.h. */
int kp__acc_conflict(const kp_instance *in, const kp__scenario *sc, int k)
{
    return in->acc[k].committed >= 0 && kp__acc_status(in, sc, k) == KP_EXCLUDE;
}

/* model.h. */
void kp__forced_words(const kp_instance *in, const kp__scenario *sc, int k,
                      kp__str *out)
{
    const kp__account *a = &in->acc[k];
    if (sc->nkey && listed(sc->key, sc->nkey, k))
        kp__str_addf(out, "key in scenario %s (scenarios.csv key)", sc->id);
    else if (a->status == KP_KEY)
        kp__str_add(out, "status=key");
    else if (a->committed >= 0)
        kp__str_addf(out, "min_count %d of activity %s",
                     in->act[a->committed].min_count, in->act[a->committed].id);
}

/* model.h. */
int kp__forced_all_words(const kp_instance *in, const kp__scenario *sc, int k,
                         kp__str *out)
{
    const kp__account *a = &in->acc[k];
    int n = 0;
    if (sc->nkey && listed(sc->key, sc->nkey, k) && ++n)
        kp__str_addf(out, "scenarios.csv key of scenario %s", sc->id);
    if (a->status == KP_KEY && ++n)
        kp__str_addf(out, "%sstatus=key", n > 1 ? " and " : "");
    if (a->committed >= 0 && ++n)
        kp__str_addf(out, "%smin_count %d of activity %s", n > 1 ? " and " : "",
                     in->act[a->committed].min_count, in->act[a->committed].id);
    return n;
}

/* model.h. */
void kp__excluded_words(const kp_instance *in, const kp__scenario *sc, int k,
                        kp__str *out)
{
    (void)in;
    if (sc->nexclude && listed(sc->exclude, sc->nexclude, k))
        kp__str_addf(out, "excluded in scenario %s (scenarios.csv exclude)", sc->id);
    else
        kp__str_add(out, "excluded (status=exclude)");
}
