/*
 * certify.c - what a result must pass before kamplan calls it optimal,
 * in terms that rounding cannot fool (models/README.md, "Certified
 * answers"):
 *
 *  - kp__plan_exact: every limit of a plan in hours and money (the plan's,
 *    and each key account's) compared exactly: each count times its hours
 *    or cost is summed as an integer multiple of a fixed power of two, in
 *    a fixed-point accumulator, so the sum is the exact real sum of
 *    the doubles the instance holds, and so is the comparison with the
 *    limit. The plan check (check.c) allows 1e-9 for rounding noise; this
 *    allows nothing.
 *  - kp__lp_safe_bound: an upper bound on the LP relaxation of a programme
 *    from any row duals, with every rounding error bounded outward
 *    (Neumaier and Shcherbina, "Safe bounds in linear and mixed-integer
 *    programming", Math. Programming 99, 2004).
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

/* The fixed-point accumulator: bit b of limb i has weight 2^(32 i + b +
 * XMIN). Every number the instance may hold (0, or 1e-9 to 1e15 in size:
 * its lowest bit at 2^-83 or above) times a count below 2^11 fits, and so
 * does any sum of up to 2^32 of them (below 2^93); 320 bits in all, so
 * that a check of 20,000 accounts takes milliseconds. */
#define XMIN (-128)
#define XLIMBS 10
typedef struct xacc {
    unsigned long long limb[XLIMBS];    /* each below 2^32 between adds */
} xacc;

/* acc += count * v, exactly, for v >= 0 finite and 0 <= count < 2^11.
 * Returns 0, or -1 when v is out of the accumulator's range. */
static int xadd(xacc *acc, double v, int count)
{
    int e;
    if (v == 0 || count == 0)
        return 0;
    if (!(v > 0) || !isfinite(v) || count < 0 || count >= 2048)
        return -1;
    double m = frexp(v, &e);            /* v = m * 2^e, m in [0.5, 1) */
    unsigned long long mant = (unsigned long long)ldexp(m, 53);
    e -= 53;                            /* v = mant * 2^e exactly */
    if (e < XMIN)
        return -1;
    unsigned long long p = mant * (unsigned long long)count;   /* < 2^64 */
    int off = e - XMIN, i = off / 32, sh = off % 32;
    if (i + 4 > XLIMBS)
        return -1;
    /* p << sh spans at most 96 bits: three limbs of 32, then the carry. */
    unsigned long long lo = (p & 0xffffffffULL) << sh, hi = (p >> 32) << sh;
    unsigned long long carry = 0;
    unsigned long long part[3] = {lo & 0xffffffffULL,
                                  (lo >> 32) + (hi & 0xffffffffULL), hi >> 32};
    for (int k = 0; k < 3 || carry; k++) {
        if (i + k >= XLIMBS)
            return -1;
        unsigned long long t = acc->limb[i + k] + (k < 3 ? part[k] : 0) + carry;
        acc->limb[i + k] = t & 0xffffffffULL;
        carry = t >> 32;
    }
    return 0;
}

/* -1, 0 or 1 as a < b, a == b or a > b. */
static int xcmp(const xacc *a, const xacc *b)
{
    for (int i = XLIMBS - 1; i >= 0; i--)
        if (a->limb[i] != b->limb[i])
            return a->limb[i] < b->limb[i] ? -1 : 1;
    return 0;
}

/* Adds b to a (both normalised). */
static void xsum(xacc *a, const xacc *b)
{
    unsigned long long carry = 0;
    for (int i = 0; i < XLIMBS; i++) {
        unsigned long long t = a->limb[i] + b->limb[i] + carry;
        a->limb[i] = t & 0xffffffffULL;
        carry = t >> 32;
    }
}

/* out = floor(a / 2^52). */
static void xshr52(const xacc *a, xacc *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i + 1 < XLIMBS; i++) {
        unsigned long long hi = i + 2 < XLIMBS ? a->limb[i + 2] : 0;
        out->limb[i] = ((a->limb[i + 1] >> 20) | (hi << 12)) & 0xffffffffULL;
    }
}

/* How the exact sum S in acc compares with limit L, up to the rounding of
 * the input's decimal numbers to doubles (each within 2^-53 relative of
 * the number written, so a sum of non-negative terms is too): 1 when S >
 * L + 2^-52 (S + L), -1 when S < L - 2^-52 (S + L), 0 when no decimal
 * reading could tell them apart (three hours of 0.1 against a limit of
 * 0.3 are not over it, although the doubles are); 2 when the limit is out
 * of range (nothing is known). */
static int xvs(const xacc *acc, double limit)
{
    xacc l, t, ds, dl;
    memset(&l, 0, sizeof l);
    if (limit < 0)
        return 1;               /* a sum of non-negative terms */
    if (xadd(&l, limit, 1) != 0)
        return 2;
    xshr52(acc, &ds);
    xshr52(&l, &dl);
    xsum(&ds, &dl);             /* floor(S / 2^52) + floor(L / 2^52) */
    t = l;
    xsum(&t, &ds);
    if (xcmp(acc, &t) > 0)      /* S > L + d */
        return 1;
    t = *acc;
    xsum(&t, &ds);
    return xcmp(&t, &l) < 0 ? -1 : 0;   /* S + d < L */
}

/* Adds "what" to why (when not NULL), separated by "; ". */
static void say(kp__str *why, const char *what, const char *id)
{
    if (!why)
        return;
    kp__str_addf(why, "%s%s%s%s", why->len ? "; " : "", what, id ? " of " : "",
                 id ? id : "");
}

/* The exact hours and cost of account k's activities in the plan; 1 when
 * it has one (it is key then). Returns -1 when a figure is out of range. */
static int account_sums(const kp_instance *in, int k, const int *counts,
                        xacc *hours, xacc *cost)
{
    int any = 0;
    for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
        int a = in->act_idx[i];
        if (counts[a] <= 0)
            continue;
        any = 1;
        if (xadd(hours, in->act[a].hours, counts[a]) != 0 ||
            xadd(cost, in->act[a].cost, counts[a]) != 0)
            return -1;
    }
    return any;
}

/* Each manager's hours and cost (mh[m], mc[m]: the sums of the accounts
 * fixed to them) against their limits, exactly. Returns 1 when every one
 * holds, else 0. */
static int managers_exact(const kp_instance *in, const kp__scenario *sc,
                          const xacc *mh, const xacc *mc, kp__str *why)
{
    int ok = 1;
    for (size_t m = 0; m < in->nmgr; m++) {
        double b = kp__manager_budget(in, sc, m);
        if (xvs(&mh[m], kp__manager_hours(in, sc, m)) > 0) {
            say(why, "hours above those of manager", in->mgr[m].id);
            ok = 0;
        }
        if (kp__isset(b) && xvs(&mc[m], b) > 0) {
            say(why, "cost above the budget of manager", in->mgr[m].id);
            ok = 0;
        }
    }
    return ok;
}

/* model.h. */
int kp__plan_exact(const kp_instance *in, size_t s, const int *counts, kp__str *why)
{
    return kp__plan_exact_fixed(in, s, NULL, counts, why);
}

/* model.h. */
int kp__plan_exact_fixed(const kp_instance *in, size_t s, const kp__fix *fix,
                         const int *counts, kp__str *why)
{
    return kp__plan_exact_team(in, s, fix, counts, NULL, why);
}

/* model.h. */
int kp__plan_exact_team(const kp_instance *in, size_t s, const kp__fix *fix,
                        const int *counts, const int *mgr, kp__str *why)
{
    const kp__scenario *sc = &in->scen[s];
    xacc th, tc;
    xacc *mh = calloc(2 * in->nmgr + 1, sizeof *mh), *mc = mh + in->nmgr;
    int ok = 1, *own = NULL;

    if (in->has_team && !mgr) {
        own = malloc((in->nacc + 1) * sizeof *own);
        if (!own || kp__team_assign(in, s, fix, counts, own) < 0) {
            free(own);
            free(mh);
            return -1;
        }
        mgr = own;
    }
    if (!mh) {
        free(own);
        return -1;
    }
    memset(&th, 0, sizeof th);
    memset(&tc, 0, sizeof tc);
    for (size_t k = 0; k < in->nacc; k++) {
        const kp__account *a = &in->acc[k];
        xacc h, c;
        memset(&h, 0, sizeof h);
        memset(&c, 0, sizeof c);
        for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++)
            if (counts[in->act_idx[i]] > 1000)
                ok = -1;        /* the plan check's max_count says no */
        int key = ok < 0 ? -1 : account_sums(in, (int)k, counts, &h, &c);
        if (key < 0) {
            free(mh);
            free(own);
            return -1;
        }
        key = key || kp__acc_status(in, &in->scen[s], (int)k) == KP_KEY;
        if (fix && fix->acc && fix->acc[k] != KP__FIX_FREE)
            key = fix->acc[k] == KP__FIX_KEY;
        if (!key)
            continue;
        if (kp__isset(a->max_hours) && xvs(&h, a->max_hours) > 0) {
            say(why, "hours above max_hours", a->id);
            ok = 0;
        }
        if (a->min_hours > 0 && xvs(&h, a->min_hours) < 0) {
            say(why, "hours below min_hours", a->id);
            ok = 0;
        }
        if (kp__isset(a->max_budget) && xvs(&c, a->max_budget) > 0) {
            say(why, "cost above max_budget", a->id);
            ok = 0;
        }
        xsum(&th, &h);
        xsum(&tc, &c);
        int m = mgr ? mgr[k] : -1;
        if (m >= 0 && (size_t)m < in->nmgr) {
            xsum(&mh[m], &h);
            xsum(&mc[m], &c);
        } else if (in->has_team) {
            say(why, "no manager", a->id);
            ok = 0;
        }
    }
    if (!managers_exact(in, sc, mh, mc, why))
        ok = 0;
    free(mh);
    free(own);
    if (xvs(&th, sc->hours) > 0) {
        say(why, "hours above the scenario's", NULL);
        ok = 0;
    }
    if (kp__isset(sc->budget) && xvs(&tc, sc->budget) > 0) {
        say(why, "cost above the budget", NULL);
        ok = 0;
    }
    return ok;
}

/* model.h. */
int kp__plan_exact_periods(const kp_instance *in, size_t s, const int *pcounts,
                           kp__str *why)
{
    const kp__scenario *sc = &in->scen[s];
    int ok = 1;
    for (size_t p = 0; p < in->nper; p++) {
        double hl = kp__period_hours(in, sc, p), bl = kp__period_budget(in, sc, p);
        xacc h, c;
        memset(&h, 0, sizeof h);
        memset(&c, 0, sizeof c);
        for (size_t a = 0; a < in->nact; a++) {
            int n = pcounts[a * in->nper + p];
            if (n < 0 || n > 1000)
                return -1;
            if (n > 0 && (xadd(&h, in->act[a].hours, n) != 0 ||
                          xadd(&c, in->act[a].cost, n) != 0))
                return -1;
        }
        if (kp__isset(hl) && xvs(&h, hl) > 0) {
            say(why, "hours above those of period", in->per[p].id);
            ok = 0;
        }
        if (kp__isset(bl) && xvs(&c, bl) > 0) {
            say(why, "cost above the budget of period", in->per[p].id);
            ok = 0;
        }
    }
    return ok;
}

/* An upper bound on the exact sum of n terms whose floating sum (in
 * round-to-nearest, in any order) is s and whose absolute values sum to
 * at most a, each term itself a rounded product: |error| <= gamma_(n+1) a
 * with gamma_k = k u / (1 - k u), u = 2^-53 (Higham, Accuracy and
 * Stability, 3.1). The bound is widened for the rounding of this very
 * computation, then moved one step up. */
static double up(double s, double a, long n)
{
    double g = (double)(n + 2) * DBL_EPSILON;  /* 2 (n + 2) u > gamma_(n+1) */
    return nextafter(s + 1.01 * g * a + DBL_MIN, HUGE_VAL);
}

/* model.h. */
double kp__lp_safe_bound(const kp__lp *lp, const double *dual)
{
    double *t = calloc((size_t)lp->ncols + 1, sizeof *t);
    double *ta = calloc((size_t)lp->ncols + 1, sizeof *ta);
    long *tn = calloc((size_t)lp->ncols + 1, sizeof *tn);
    double b = NAN, rs = 0, ra = 0, cs = 0, ca = 0;
    long rn = 0;

    if (!t || !ta || !tn)
        goto out;
    for (int i = 0; i < lp->nrows; i++) {
        /* A dual of the wrong sign for a side without a limit would bound
         * nothing; 0 keeps the bound valid. */
        double y = dual[i];
        double side = y > 0 ? lp->rhi[i] : y < 0 ? lp->rlo[i] : 0;
        if (!isfinite(y) || (y != 0 && !isfinite(side)))
            y = 0, side = 0;
        if (y == 0)
            continue;
        rs += y * side;
        ra += fabs(y * side);
        rn++;
        for (int k = lp->rstart[i]; k < lp->rstart[i + 1]; k++) {
            int j = lp->rind[k];
            double p = y * lp->rval[k];
            t[j] -= p;
            ta[j] += fabs(p);
            tn[j]++;
        }
    }
    for (int j = 0; j < lp->ncols; j++) {
        /* d_j = c_j - (A'y)_j lies in [lo, hi]; max over x in [lb, ub]
         * of d_j x is at most the largest corner of the two intervals. */
        double d = t[j] + lp->obj[j];
        double a = ta[j] + fabs(lp->obj[j]);
        double hi = up(d, a, tn[j] + 1), lo = -up(-d, a, tn[j] + 1);
        double c1 = fmax(hi * lp->ub[j], lo * lp->ub[j]);
        double c2 = fmax(hi * lp->lb[j], lo * lp->lb[j]);
        double m = fmax(c1, c2);
        /* The products are rounded too: one more relative step. */
        m = m > 0 ? nextafter(m * (1 + DBL_EPSILON), HUGE_VAL)
                  : nextafter(m * (1 - DBL_EPSILON), HUGE_VAL);
        cs += m;
        ca += fabs(m);
    }
    b = up(up(rs, ra, rn) + up(cs, ca, lp->ncols),
           fabs(up(rs, ra, rn)) + fabs(up(cs, ca, lp->ncols)), 2);
out:
    free(t);
    free(ta);
    free(tn);
    return b;
}
