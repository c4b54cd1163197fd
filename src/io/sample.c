/*
 * sample.c - sampled futures (models/README.md, "Sampled futures"): the
 * sampled scenarios appended after an instance's own, and the value of an
 * activity in any scenario. A sampled value is computed when it is read,
 * from (seed, the sampled scenario's id, the sample's number, the
 * activity's index) by a counter-based generator (splitmix64), so it is
 * the same on every process and thread whatever order they read it in,
 * and no scenario x activity table of values is ever kept.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/io.h"

/* The largest value a sample may take: the largest number of the input. */
#define SAMPLE_MAX 1e15
/* Draws of a truncated normal before the activity keeps its value (each
 * is below 0 with probability at most 1/2). */
#define NORMAL_TRIES 64

/* splitmix64's output function on x + the golden gamma. */
static uint64_t mix(uint64_t x)
{
    uint64_t z = x + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* FNV-1a, 64 bits, of the text s. */
static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

/* Uniform draw k of activity a under key: in (0, 1), 53 bits. */
static double uniform(uint64_t key, size_t a, unsigned k)
{
    uint64_t r = mix(key ^ mix(((uint64_t)a << 8) | k));
    return ((double)(r >> 11) + 0.5) * 0x1p-53;
}

/* Triangular on [lo, hi] with mode c, by its inverse distribution. */
static double triangular(double lo, double c, double hi, double u)
{
    double w = hi - lo;
    if (!(w > 0))
        return c;
    if (u < (c - lo) / w)
        return lo + sqrt(u * w * (c - lo));
    return hi - sqrt((1 - u) * w * (hi - c));
}

/* Normal around mean with deviation sd, drawn again while below 0
 * (Box-Muller on draws 2t and 2t+1); the mean after NORMAL_TRIES. */
static double truncated_normal(uint64_t key, size_t a, double mean, double sd)
{
    for (unsigned t = 0; t < NORMAL_TRIES; t++) {
        double u1 = uniform(key, a, 2 * t), u2 = uniform(key, a, 2 * t + 1);
        double x = mean + sd * sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
        if (x >= 0)
            return fmin(x, SAMPLE_MAX);
    }
    return mean;
}

double kp__activity_value(const kp_instance *in, const kp__scenario *sc, size_t a)
{
    const kp__activity *ac = &in->act[a];
    const kp__vrange *r = in->vrange ? &in->vrange[a] : NULL;
    if (!sc || sc->sample == 0 || !r || r->kind == KP__RANGE_NONE)
        return ac->value;
    if (r->kind == KP__RANGE_LOW_HIGH)
        return triangular(r->lo, ac->value, r->hi, uniform(sc->draw_key, a, 0));
    return r->sd > 0 ? truncated_normal(sc->draw_key, a, ac->value, r->sd) : ac->value;
}

double kp_instance_activity_value(const kp_instance *in, size_t s, size_t a)
{
    if (s >= in->nscen || a >= in->nact)
        return NAN;
    return kp__activity_value(in, &in->scen[s], a);
}

int kp_instance_scenario_sample(const kp_instance *in, size_t s, size_t *base)
{
    int i = s < in->nscen ? in->scen[s].sample : 0;
    if (base)
        *base = i > 0 ? (size_t)in->scen[s].base : s;
    return i;
}

size_t kp__scenarios_plain(const kp_instance *in, size_t n)
{
    size_t m = n < in->nscen ? n : in->nscen;
    while (m > 0 && in->scen[m - 1].sample > 0)
        m--;
    return m;
}

/* The samples asked for in all, or 0 (said in d) when the run could not
 * keep them. */
static size_t count_samples(const kp_instance *in, kp_diags *d)
{
    const char *file = in->tables[5] ? in->tables[5]->name : NULL;
    size_t extra = 0;
    for (size_t s = 0; s < in->nscen; s++)
        extra += (size_t)in->scen[s].samples;
    if (extra == 0)
        return 0;
    if (in->nscen + extra > KP_SWEEP_MAX_SCENARIOS) {
        kp__diag(d, KP_ERROR, file, 0, "samples", "%zu scenarios with their %zu samples; "
                 "at most %d are allowed in one run", in->nscen, extra,
                 KP_SWEEP_MAX_SCENARIOS);
        return 0;
    }
    if ((double)(in->nscen + extra) * (double)in->nact > KP__MAX_PLAN_CELLS) {
        kp__diag(d, KP_ERROR, file, 0, "samples", "%zu scenarios with their samples, of "
                 "%zu activities: their plans would take more than the %.0f counts "
                 "kamplan keeps in one run (models/README.md, \"Limits\")",
                 in->nscen + extra, in->nact, KP__MAX_PLAN_CELLS);
        return 0;
    }
    return extra;
}

/* Fills the sampled scenarios of scenario b into scen[at..], their ids
 * into text at *p. */
static size_t fill_samples(kp_instance *in, size_t b, kp__scenario *scen, size_t at,
                           char *text, size_t cap, size_t *p, unsigned long long seed)
{
    const kp__scenario *base = &in->scen[b];
    uint64_t h = mix(mix(seed) ^ fnv1a(base->id));
    for (int i = 1; i <= base->samples; i++, at++) {
        kp__scenario *sc = &scen[at];
        *sc = *base;
        sc->samples = 0;
        sc->sample = i;
        sc->base = (int)b;
        sc->draw_key = mix(h ^ (uint64_t)i);
        sc->id = text + *p;
        *p += (size_t)snprintf(text + *p, cap - *p, "%s~%d", base->id, i) + 1;
    }
    return at;
}

int kp_instance_sample(kp_instance *in, unsigned long long seed, kp_diags *d)
{
    size_t extra, cap = 0, p = 0, at;
    kp__scenario *scen;
    char *text;

    if (in->sample_text)
        return KP_EINVAL;   /* sampled already */
    in->seed = seed;
    for (size_t s = 0; s < in->nscen; s++)
        cap += (size_t)in->scen[s].samples * (strlen(in->scen[s].id) + 8);
    if ((extra = count_samples(in, d)) == 0)
        return cap == 0 ? KP_OK : KP_EINVAL;
    if (!in->vrange)
        kp__diag(d, KP_WARNING, in->tables[5] ? in->tables[5]->name : NULL, 0, "samples",
                 "no activity has a range "
                 "(value_low and value_high, or value_sd): every sample equals its scenario");
    scen = calloc(in->nscen + extra + 1, sizeof *scen);
    text = malloc(cap);
    if (!scen || !text) {
        free(scen);
        free(text);
        return KP_ENOMEM;
    }
    memcpy(scen, in->scen, in->nscen * sizeof *scen);
    at = in->nscen;
    for (size_t b = 0; b < in->nscen; b++)
        at = fill_samples(in, b, scen, at, text, cap, &p, seed);
    free(in->scen);
    in->scen = scen;
    in->sample_text = text;
    in->nscen = at;
    return KP_OK;
}
