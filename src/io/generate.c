/*
 * generate.c - synthetic instances in the input format of models/README.md.
 *
 * kp_generate() writes accounts.csv, contacts.csv, objectives.csv,
 * activities.csv and policy.csv for a made-up portfolio of customers. The
 * instances look like real planning data (a few big buyers with thin
 * margins, several contacts per account, objective projects with
 * prerequisites and alternatives) and are always valid and feasible: every
 * account forced `key` can meet all of its rules within its own caps and
 * within the policy's hours and budget.
 *
 * Determinism: every number is drawn from our own splitmix64 generator and
 * kept as an integer (hundredths for money, hours and percentages), so the
 * same (accounts, seed) gives byte-identical files on any machine; no libm
 * and no floating point rounding is involved. Account k draws from its own
 * stream, so a larger instance with the same seed shares its first accounts'
 * contacts, objectives and activities (statuses and policy differ).
 *
 * One pass over the accounts writes the four per-account files as it goes;
 * only a small summary per account is kept to compute the policy at the end.
 */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "io/io.h"

#define GEN_MAX_ACCOUNTS KP_GENERATE_MAX_ACCOUNTS
#define GEN_MAX_CONTACTS 9
#define GEN_MAX_OBJECTIVES 4
#define GEN_MAX_ACTIVITIES 64   /* by construction at most about 40 */
#define GEN_MAX_GROUPS 16
#define GEN_MIN_CONTACTS 3      /* policy min_contacts */
#define GEN_OPPONENT_INFLUENCE 4 /* policy opponent_influence */
#define GEN_NONE (-1)

/* Fixed-point scale: every amount is stored in hundredths. */
#define H100(x) ((long long)(x) * 100)

/* ---- Names --------------------------------------------------------------- */

static const char *const acc_prefix[] = {
    "Alder", "Birchwood", "Cedar", "Delta", "Ember", "Fjord", "Granite",
    "Harbor", "Iris", "Juniper", "Kestrel", "Lumen", "Maple", "Nordic",
    "Orion", "Pioneer", "Quartz", "Riverside", "Summit", "Tidewater",
    "Union", "Vertex", "Willow", "Zenith"
};
static const char *const acc_suffix[] = {
    "Foods", "Logistics", "Pharma", "Retail", "Motors", "Energy",
    "Textiles", "Chemicals", "Systems", "Health", "Packaging", "Steel",
    "Telecom", "Hotels", "Media", "Agri"
};
static const char *const first_names[] = {
    "Anna", "Ben", "Carla", "David", "Elif", "Farid", "Grace", "Hugo",
    "Ines", "Jonas", "Kim", "Lena", "Marco", "Nora", "Omar", "Paula",
    "Quentin", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wei", "Yara"
};
static const char *const last_names[] = {
    "Andersen", "Bauer", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia",
    "Horvat", "Ivanova", "Jansen", "Kowalski", "Lindqvist", "Moreau",
    "Novak", "Okafor", "Petrov", "Rossi", "Schmidt", "Tanaka", "Varga",
    "Weber", "Yilmaz", "Zhang", "Nielsen"
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum { ROLE_ECONOMIC, ROLE_USER, ROLE_TECHNICAL, ROLE_COACH,
       ROLE_PROCUREMENT, ROLE_FINANCE, ROLE_OPERATIONS, ROLE_N };
static const char *const role_name[ROLE_N] = {
    "economic", "user", "technical", "coach", "procurement", "finance",
    "operations"
};
/* Influence range of each role: lowest, highest. */
static const int role_influence[ROLE_N][2] = {
    {3, 5}, {0, 3}, {1, 4}, {1, 3}, {2, 4}, {2, 4}, {1, 3}
};
static const char *const stance_name[] = { "supporter", "neutral", "opponent" };

enum { KIND_RELATIONSHIP, KIND_OBJECTIVE, KIND_REVIEW, KIND_DEFEND };
static const char *const kind_name[] = {
    "relationship", "objective", "review", "defend"
};

/* ---- Random numbers ------------------------------------------------------ */

/* splitmix64 (Steele, Lea and Flood): a 64-bit state, one add and a mix per
 * draw. Good enough for test data and identical everywhere. */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static uint64_t rng_next(uint64_t *s)
{
    *s += UINT64_C(0x9E3779B97F4A7C15);
    return mix64(*s);
}

/* A stream for one purpose: distinct (seed, stream) pairs start at
 * unrelated points of the generator's cycle. */
static uint64_t rng_stream(uint64_t seed, uint64_t stream)
{
    return mix64(mix64(seed + UINT64_C(0x632BE59BD9B4E019)) ^
                 mix64(stream + UINT64_C(0x9E3779B97F4A7C15)));
}

/* Uniform integer in lo..hi (inclusive). The modulo bias is below 2^-50
 * for the small ranges used here. */
static long long rng_int(uint64_t *s, long long lo, long long hi)
{
    return lo + (long long)(rng_next(s) % (uint64_t)(hi - lo + 1));
}

/* Sum of n draws in lo..hi: a bell-shaped integer. The draws are made in
 * a loop because C leaves the order of evaluating the operands of + and of
 * function arguments unspecified: two draws in one expression would give
 * different instances with different compilers. */
static long long rng_sum(uint64_t *s, int n, long long lo, long long hi)
{
    long long t = 0;

    for (int i = 0; i < n; i++)
        t += rng_int(s, lo, hi);
    return t;
}

/* True with probability pct percent. */
static int rng_pct(uint64_t *s, int pct)
{
    return rng_int(s, 0, 99) < pct;
}

/* Rounds v to a multiple of step (step > 0), half away from zero. */
static long long round_to(long long v, long long step)
{
    if (v >= 0)
        return (v + step / 2) / step * step;
    return -((-v + step / 2) / step * step);
}

/* Largest multiple of step that is <= v. */
static long long floor_to(long long v, long long step)
{
    if (v >= 0)
        return v / step * step;
    return -((-v + step - 1) / step * step);
}

/* Smallest multiple of step that is >= v. */
static long long ceil_to(long long v, long long step)
{
    return -floor_to(-v, step);
}

/* ---- One account in memory ----------------------------------------------- */

typedef struct gen_contact {
    int role, influence, entrenched, stance, first, last;
    int required;       /* must be engaged when the account is key */
} gen_contact;

typedef struct gen_objective {
    int horizon;
    long long value;
} gen_objective;

typedef struct gen_activity {
    int kind;
    long long hours, cost, value;   /* hundredths */
    int contact, objective;         /* 0-based in the account, or GEN_NONE */
    int max_count;
    int decay;                      /* hundredths; 100 when max_count is 1 */
    int nreq, req[2];               /* earlier activities of the account */
    int group;                      /* index into gen_account.grp, or
                                       GEN_NONE */
} gen_activity;

typedef struct gen_group {
    char kind;          /* 'C': contact event, 'O': objective approach */
    int index;          /* 0-based contact or objective */
} gen_group;

typedef struct gen_account {
    long long sales, potential;                 /* whole currency units */
    long long margin, growth;                   /* hundredths of a percent */
    long long days, access, openness;
    long long max_hours, max_budget, min_hours; /* hundredths, -1: unset */
    long long total_hours, total_cost;          /* first occurrences */
    long long need_hours, need_cost;            /* cheapest plan as key */
    int status;
    int name1, name2;
    int nc, no, na, ng;
    gen_contact con[GEN_MAX_CONTACTS];
    gen_objective obj[GEN_MAX_OBJECTIVES];
    gen_activity act[GEN_MAX_ACTIVITIES];
    gen_group grp[GEN_MAX_GROUPS];
} gen_account;

/* What the policy needs to know of an account once its rows are written. */
typedef struct gen_summary {
    long long crit[KP_N_CRITERIA];  /* the loader's units: sales, margin_pct
                                       and so on, in hundredths */
    long long total_hours, total_cost;
    unsigned char status;
} gen_summary;

/* Adds an activity with the common fields set and returns it. */
static gen_activity *add_activity(gen_account *a, int kind, long long hours,
                                  long long cost, long long value)
{
    gen_activity *x;

    assert(a->na < GEN_MAX_ACTIVITIES);
    x = &a->act[a->na++];
    memset(x, 0, sizeof *x);
    x->kind = kind;
    x->hours = hours;
    x->cost = cost;
    x->value = value;
    x->contact = GEN_NONE;
    x->objective = GEN_NONE;
    x->max_count = 1;
    x->decay = 100;
    x->group = GEN_NONE;
    return x;
}

/* Adds an activity whose hours are a random hours_lo..hours_hi whole hours
 * and whose cost is a random cost_lo..cost_hi times cost_unit (hundredths);
 * the caller sets its value. */
static gen_activity *draw_activity(uint64_t *r, gen_account *a, int kind,
                                   int hours_lo, int hours_hi, int cost_lo,
                                   int cost_hi, long long cost_unit)
{
    long long hours = H100(rng_int(r, hours_lo, hours_hi));
    long long cost = rng_int(r, cost_lo, cost_hi) * cost_unit;

    return add_activity(a, kind, hours, cost, 0);
}

/* Lets activity x repeat up to lo..hi times with a decay of dlo..dhi
 * hundredths (in steps of 0.05). */
static void set_repeats(uint64_t *r, gen_activity *x, int lo, int hi,
                        int dlo, int dhi)
{
    x->max_count = (int)rng_int(r, lo, hi);
    x->decay = x->max_count > 1 ? (int)rng_int(r, dlo / 5, dhi / 5) * 5 : 100;
}

/* Draws the account's own figures: a lognormal-like sales volume (a product
 * of random factors) with a tail of big buyers, who squeeze margins and pay
 * late; potential above sales; access and openness on the 0..5 scale. */
static void draw_figures(uint64_t *r, gen_account *a)
{
    long long s = 250000;
    int big = rng_pct(r, 8);

    for (int i = 0; i < 4; i++)
        s = s * rng_int(r, 50, 200) / 100;
    if (big)
        s *= rng_int(r, 4, 15);
    a->sales = round_to(s, 100);
    a->potential = a->sales * rng_int(r, 110, 400) / 100;
    a->potential = round_to(a->potential + rng_int(r, 0, 200000), 1000);
    a->margin = round_to(rng_sum(r, 3, -1000, 999) + 1300 - (big ? 600 : 0),
                         10);
    a->growth = round_to(rng_sum(r, 3, -1000, 999) + 400, 10);
    a->days = 15 + rng_sum(r, 3, 0, 29) + (big ? 15 : 0);
    a->access = rng_sum(r, 1, 0, 2);
    a->access += rng_int(r, 0, 3);
    a->openness = rng_sum(r, 1, 0, 3);
    a->openness += rng_int(r, 0, 2);
    a->name1 = (int)rng_int(r, 0, COUNT(acc_prefix) - 1);
    a->name2 = (int)rng_int(r, 0, COUNT(acc_suffix) - 1);
}

/* Draws the account's contacts: the first is the economic buyer; forced key
 * accounts get at least four so that they can meet min_contacts. */
static void draw_contacts(uint64_t *r, gen_account *a)
{
    static const int role_pct[] = { 0, 25, 20, 10, 15, 15, 15 };

    a->nc = (int)rng_int(r, a->status == KP_KEY ? 4 : 2, GEN_MAX_CONTACTS);
    for (int i = 0; i < a->nc; i++) {
        gen_contact *c = &a->con[i];
        int role = ROLE_ECONOMIC;

        if (i > 0) {
            int u = (int)rng_int(r, 0, 99);
            for (role = 1; role < ROLE_N - 1 && u >= role_pct[role]; role++)
                u -= role_pct[role];
        }
        c->role = role;
        c->influence = (int)rng_int(r, role_influence[role][0],
                                    role_influence[role][1]);
        c->entrenched = rng_pct(r, 8 + 6 * c->influence);
        if (role == ROLE_COACH)
            c->stance = KP__STANCE_SUPPORTER;
        else {
            int u = (int)rng_int(r, 0, 99);
            c->stance = u < 30 ? KP__STANCE_SUPPORTER
                      : u < 80 ? KP__STANCE_NEUTRAL : KP__STANCE_OPPONENT;
        }
        c->first = (int)rng_int(r, 0, COUNT(first_names) - 1);
        c->last = (int)rng_int(r, 0, COUNT(last_names) - 1);
        c->required = c->entrenched ||
                      (c->stance == KP__STANCE_OPPONENT &&
                       c->influence >= GEN_OPPONENT_INFLUENCE);
    }
}

/* Step 1 of draw_activities: one meeting per contact, worth more with
 * the contact's influence (half as much again when entrenched). Returns
 * the index of the most influential contact (the first one on a tie). */
static int draw_meetings(uint64_t *r, gen_account *a, long long sp)
{
    int champion = 0;

    for (int i = 0; i < a->nc; i++) {
        const gen_contact *c = &a->con[i];
        long long v = (150 + 250LL * c->influence) * sp / 100 *
                      rng_int(r, 80, 120) / 100;
        long long hours = rng_int(r, 2, 8) * 50;  /* 1 to 4 h by halves */
        long long cost = rng_pct(r, 30) ? 0 : rng_int(r, 1, 30) * 1000;
        gen_activity *x;

        if (c->entrenched)
            v = v * 3 / 2;
        x = add_activity(a, KIND_RELATIONSHIP, hours, cost,
                         H100(round_to(v, 10)));
        x->contact = i;
        if (rng_pct(r, 85))
            set_repeats(r, x, 2, 5, 50, 90);
        if (c->influence > a->con[champion].influence)
            champion = i;
    }
    return champion;
}

/* Step 3: for some influential contacts, a group of two or three
 * alternative events, some requiring the contact's meeting. */
static void draw_contact_events(uint64_t *r, gen_account *a, long long sp)
{
    for (int i = 0; i < a->nc && a->ng < GEN_MAX_GROUPS; i++) {
        const gen_contact *c = &a->con[i];
        int n;

        if (c->influence < 3 || !rng_pct(r, 45))
            continue;
        n = rng_pct(r, 70) ? 2 : 3;
        a->grp[a->ng].kind = 'C';
        a->grp[a->ng].index = i;
        for (int j = 0; j < n; j++) {
            gen_activity *x = draw_activity(r, a, KIND_RELATIONSHIP, 3, 8, 20, 200, 1000);
            long long v = (400 + 400LL * c->influence) * sp / 100 *
                          rng_int(r, 70, 130) / 100;
            x->value = H100(round_to(v, 10));
            x->contact = i;
            x->group = a->ng;
            if (rng_pct(r, 60))
                set_repeats(r, x, 2, 4, 50, 80);
            if (rng_pct(r, 30)) {
                x->nreq = 1;
                x->req[0] = i;  /* the contact's meeting */
            }
        }
        a->ng++;
    }
}

/* Step 4 for objective o: its horizon and value, and one to three projects
 * towards it (a group of alternatives when several), some requiring the
 * discovery workshop, or the champion's meeting and then the workshop. */
static void draw_objective(uint64_t *r, gen_account *a, long long sp, int o,
                           int discovery, int champion)
{
    gen_objective *ob = &a->obj[o];
    long long v = rng_int(r, 5, 60) * 1000 * sp / 100 * (60 + 10 * a->access) / 100;
    int u = (int)rng_int(r, 0, 99);
    int n = u < 50 ? 1 : u < 85 ? 2 : 3;

    ob->horizon = rng_pct(r, 45) ? KP__HORIZON_LONG : KP__HORIZON_SHORT;
    if (ob->horizon == KP__HORIZON_LONG)
        v = v * 3 / 2;
    ob->value = H100(round_to(v, 100));
    if (n > 1) {
        assert(a->ng < GEN_MAX_GROUPS);
        a->grp[a->ng].kind = 'O';
        a->grp[a->ng].index = o;
    }
    for (int j = 0; j < n; j++) {
        gen_activity *x = draw_activity(r, a, KIND_OBJECTIVE, 8, 40, 10, 160, 5000);
        long long pv = ob->value / 100 * rng_int(r, 20, 80) / 100 *
                       (70 + 10 * a->openness) / 100;
        x->value = H100(round_to(pv, 10));
        x->objective = o;
        if (n > 1)
            x->group = a->ng;
        if (rng_pct(r, 25))
            set_repeats(r, x, 2, 2, 50, 80);
        u = (int)rng_int(r, 0, 99);
        if (u < 45) {
            x->nreq = 1;
            x->req[0] = discovery;
        } else if (u < 65) {
            /* The meeting with the most influential contact, then the
             * workshop: both come earlier in the list. */
            x->nreq = 2;
            x->req[0] = champion;
            x->req[1] = discovery;
        }
    }
    if (n > 1)
        a->ng++;
}

/* Step 6: defending against up to two influential opponents, or, when
 * there is none, sometimes against a competitor (no contact). */
static void draw_defence(uint64_t *r, gen_account *a, long long sp)
{
    int ndefend = 0;
    gen_activity *x;

    for (int i = 0; i < a->nc && ndefend < 2; i++) {
        const gen_contact *c = &a->con[i];

        if (c->stance != KP__STANCE_OPPONENT || c->influence < 3 ||
            !rng_pct(r, 70))
            continue;
        x = draw_activity(r, a, KIND_DEFEND, 4, 16, 20, 200, 1000);
        x->value = H100(round_to(rng_int(r, 3000, 12000) * sp / 100, 10));
        x->contact = i;
        set_repeats(r, x, 1, 2, 50, 80);
        ndefend++;
    }
    if (ndefend == 0 && rng_pct(r, 25)) {
        x = draw_activity(r, a, KIND_DEFEND, 4, 16, 20, 200, 1000);
        x->value = H100(round_to(rng_int(r, 3000, 12000) * sp / 100, 10));
        set_repeats(r, x, 1, 2, 50, 80);
    }
}

/* Draws objectives and the candidate activities, in an order where every
 * prerequisite comes before the activities that require it:
 *   1. one meeting per contact (never grouped, never requiring anything, so
 *      every contact can always be engaged);
 *   2. a discovery workshop with the economic buyer;
 *   3. alternative events (a group) for some influential contacts;
 *   4. one to three projects per objective, alternatives when several,
 *      some requiring the discovery workshop or a meeting;
 *   5. an account review; 6. defending against opponents or competitors.
 * Values scale with the account's potential (sp, percent, 30 to 400). The
 * random numbers are drawn in this order, so a seed gives the same
 * instance as before the steps were functions. */
static void draw_activities(uint64_t *r, gen_account *a)
{
    long long sp = a->potential * 100 / 1500000;
    int discovery, champion;
    gen_activity *x;

    if (sp < 30)
        sp = 30;
    if (sp > 400)
        sp = 400;
    a->na = 0;
    a->ng = 0;

    champion = draw_meetings(r, a, sp);

    discovery = a->na;
    x = draw_activity(r, a, KIND_RELATIONSHIP, 4, 12, 20, 150, 1000);
    x->value = H100(round_to(rng_int(r, 2000, 6000) * sp / 100, 10));
    x->contact = 0;

    draw_contact_events(r, a, sp);

    a->no = (int)rng_int(r, 1, GEN_MAX_OBJECTIVES);
    for (int o = 0; o < a->no; o++)
        draw_objective(r, a, sp, o, discovery, champion);

    x = draw_activity(r, a, KIND_REVIEW, 2, 6, 0, 30, 1000);
    x->value = H100(round_to(rng_int(r, 1000, 3000) * sp / 100, 10));
    set_repeats(r, x, 3, 6, 60, 90);

    draw_defence(r, a, sp);

    a->total_hours = 0;
    a->total_cost = 0;
    for (int i = 0; i < a->na; i++) {
        a->total_hours += a->act[i].hours;
        a->total_cost += a->act[i].cost;
    }
}

/* Computes the hours and cost of a cheap plan that meets every rule of the
 * account as a key account, using only the contacts' meetings (activities
 * 0..nc-1, which have no group and no prerequisite): engage each required
 * contact, then the quickest others up to min_contacts, then add meeting
 * occurrences until min_hours is reached. min_hours is lowered to what the
 * meetings can reach. Accounts with too few contacts get no plan (need
 * -1): they can never be key. */
static void plan_needs(gen_account *a)
{
    int used[GEN_MAX_CONTACTS] = {0};
    int engaged = 0;
    long long h = 0, c = 0;

    a->need_hours = -1;
    a->need_cost = -1;
    if (a->nc < GEN_MIN_CONTACTS) {
        a->min_hours = -1;
        return;
    }
    for (int i = 0; i < a->nc; i++)
        if (a->con[i].required) {
            used[i] = 1;
            engaged++;
            h += a->act[i].hours;
            c += a->act[i].cost;
        }
    while (engaged < GEN_MIN_CONTACTS) {
        int best = -1;
        for (int i = 0; i < a->nc; i++)
            if (!used[i] && (best < 0 || a->act[i].hours < a->act[best].hours))
                best = i;
        used[best] = 1;
        engaged++;
        h += a->act[best].hours;
        c += a->act[best].cost;
    }
    if (a->min_hours > 0) {
        for (int i = 0; i < a->nc && h < a->min_hours; i++)
            for (int j = used[i]; j < a->act[i].max_count &&
                                  h < a->min_hours; j++) {
                h += a->act[i].hours;
                c += a->act[i].cost;
            }
        if (h < a->min_hours)
            a->min_hours = floor_to(h, 100);
    }
    a->need_hours = h;
    a->need_cost = c;
}

/* Draws min_hours (4..16 h on 60% of the key accounts and 10% of the
 * others) and the per-account caps: half the accounts cap hours at 60..120%
 * of what their activities need once, 30% cap money at 50..100%. Caps are
 * loose on purpose: tight per-account caps turn each account into a small
 * knapsack with 8..40 hour projects, and made the LP relaxation bound
 * several times looser than in the project's benchmark instances. Every
 * cap leaves room for the plan of plan_needs(). */
static void draw_limits(uint64_t *r, gen_account *a)
{
    int pmin = a->status == KP_KEY ? 60 : 10;

    a->min_hours = rng_pct(r, pmin) ? H100(rng_int(r, 4, 16)) : -1;
    plan_needs(a);
    a->max_hours = -1;
    a->max_budget = -1;
    if (rng_pct(r, 50)) {
        long long cap = ceil_to(a->total_hours * rng_int(r, 60, 120) / 100,
                                100);
        if (a->need_hours >= 0 && cap < ceil_to(a->need_hours, 100) + 200)
            cap = ceil_to(a->need_hours, 100) + 200;
        a->max_hours = cap;
    }
    if (rng_pct(r, 30)) {
        long long cap = ceil_to(a->total_cost * rng_int(r, 50, 100) / 100,
                                10000);
        if (a->need_cost >= 0 && cap < ceil_to(a->need_cost, 10000) + 10000)
            cap = ceil_to(a->need_cost, 10000) + 10000;
        a->max_budget = cap;
    }
}

/* ---- Output -------------------------------------------------------------- */

/* One output file; err holds the errno of the first failure. */
typedef struct gen_file {
    FILE *f;
    char *path;
    int err;
} gen_file;

/* One CSV line being built. Lines are short by construction. */
typedef struct gen_line {
    size_t n;
    char b[512];
} gen_line;

static void ln_str(gen_line *l, const char *s)
{
    size_t k = strlen(s);

    assert(l->n + k < sizeof l->b);
    memcpy(l->b + l->n, s, k);
    l->n += k;
}

static void ln_ch(gen_line *l, char ch)
{
    assert(l->n + 1 < sizeof l->b);
    l->b[l->n++] = ch;
}

/* Appends v, zero-padded to width digits. */
static void ln_int(gen_line *l, long long v, int width)
{
    char t[24];
    int k = 0;
    unsigned long long u;

    if (v < 0)
        ln_ch(l, '-');
    u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        t[k++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    while (k < width)
        t[k++] = '0';
    while (k)
        ln_ch(l, t[--k]);
}

/* Appends v/100 as a plain decimal without trailing zeros ("12", "12.5",
 * "-0.25"). */
static void ln_fix(gen_line *l, long long v)
{
    long long a = v < 0 ? -v : v;
    long long frac = a % 100;

    if (v < 0)
        ln_ch(l, '-');
    ln_int(l, a / 100, 0);
    if (frac) {
        ln_ch(l, '.');
        ln_ch(l, (char)('0' + frac / 10));
        if (frac % 10)
            ln_ch(l, (char)('0' + frac % 10));
    }
}

/* Appends ",v/100", or "," alone when v is negative (unset). */
static void ln_opt(gen_line *l, long long v)
{
    ln_ch(l, ',');
    if (v >= 0)
        ln_fix(l, v);
}

/* Appends the account id "A0042". */
static void ln_acc(gen_line *l, int k, int width)
{
    ln_ch(l, 'A');
    ln_int(l, k + 1, width);
}

/* Appends "A0042-X07" style ids: the account, a tag and a number. */
static void ln_sub(gen_line *l, int k, int width, char tag, int i, int w)
{
    ln_acc(l, k, width);
    ln_ch(l, '-');
    ln_ch(l, tag);
    ln_int(l, i + 1, w);
}

/* Writes the line plus LF; a failure is remembered in f->err. */
static void gf_put(gen_file *f, gen_line *l)
{
    ln_ch(l, '\n');
    if (!f->err) {
        errno = 0;
        if (fwrite(l->b, 1, l->n, f->f) != l->n)
            f->err = errno ? errno : EIO;
    }
    l->n = 0;
}

/* Opens dir/name for writing (binary: LF on every system). Returns KP_OK,
 * KP_EIO with a message, or KP_ENOMEM. */
static int gf_open(gen_file *f, const char *dir, const char *name,
                   kp_diags *diags)
{
    f->err = 0;
    f->f = NULL;
    f->path = kp__path_join(dir, name);
    if (!f->path)
        return KP_ENOMEM;   /* said by the caller's caller, once */
    f->f = fopen(f->path, "wb");
    if (!f->f) {
        kp__diag(diags, KP_ERROR, f->path, 0, NULL,
                 "cannot open for writing: %s", strerror(errno));
        return KP_EIO;
    }
    return KP_OK;
}

/* Closes f (when open) and frees its path. Returns KP_OK, or KP_EIO with a
 * message when an earlier write or the close failed; report is 0 to close
 * quietly after another error. */
static int gf_close(gen_file *f, int report, kp_diags *diags)
{
    int rc = KP_OK;

    if (f->f) {
        errno = 0;
        if (fclose(f->f) != 0 && !f->err)
            f->err = errno ? errno : EIO;
        f->f = NULL;
        if (f->err && report) {
            kp__diag(diags, KP_ERROR, f->path, 0, NULL, "cannot write: %s",
                     strerror(f->err));
            rc = KP_EIO;
        }
    }
    free(f->path);
    f->path = NULL;
    return rc;
}

enum { F_ACC, F_CON, F_OBJ, F_ACT, F_N };

/* Writes account k's row of accounts.csv (k: its index in the files,
 * ids width digits wide). */
static void write_account_row(gen_file *f, const gen_account *a, int k, int width)
{
    static const char *const status_name[] = { "auto", "key", "exclude" };
    gen_line l;

    l.n = 0;
    ln_acc(&l, k, width);
    ln_ch(&l, ',');
    ln_str(&l, acc_prefix[a->name1]);
    ln_ch(&l, ' ');
    ln_str(&l, acc_suffix[a->name2]);
    ln_ch(&l, ',');
    ln_int(&l, a->sales, 0);
    ln_ch(&l, ',');
    ln_fix(&l, a->margin);
    ln_ch(&l, ',');
    ln_fix(&l, a->growth);
    ln_ch(&l, ',');
    ln_int(&l, a->potential, 0);
    ln_ch(&l, ',');
    ln_int(&l, a->days, 0);
    ln_ch(&l, ',');
    ln_int(&l, a->access, 0);
    ln_ch(&l, ',');
    ln_int(&l, a->openness, 0);
    ln_opt(&l, a->max_hours);
    ln_opt(&l, a->max_budget);
    ln_opt(&l, a->min_hours);
    ln_ch(&l, ',');
    ln_str(&l, status_name[a->status]);
    gf_put(f, &l);
}

/* Writes account k's rows of contacts.csv and objectives.csv. */
static void write_contacts_objectives(gen_file *files, const gen_account *a, int k,
                                      int width)
{
    gen_line l;

    l.n = 0;
    for (int i = 0; i < a->nc; i++) {
        const gen_contact *c = &a->con[i];
        ln_sub(&l, k, width, 'C', i, 0);
        ln_ch(&l, ',');
        ln_acc(&l, k, width);
        ln_ch(&l, ',');
        ln_str(&l, first_names[c->first]);
        ln_ch(&l, ' ');
        ln_str(&l, last_names[c->last]);
        ln_ch(&l, ',');
        ln_str(&l, role_name[c->role]);
        ln_ch(&l, ',');
        ln_int(&l, c->influence, 0);
        ln_str(&l, c->entrenched ? ",yes," : ",no,");
        ln_str(&l, stance_name[c->stance]);
        gf_put(&files[F_CON], &l);
    }
    for (int o = 0; o < a->no; o++) {
        ln_sub(&l, k, width, 'O', o, 0);
        ln_ch(&l, ',');
        ln_acc(&l, k, width);
        ln_str(&l, a->obj[o].horizon == KP__HORIZON_LONG ? ",long,"
                                                         : ",short,");
        ln_fix(&l, a->obj[o].value);
        gf_put(&files[F_OBJ], &l);
    }
}

/* Writes account k's activity i as a row of activities.csv. */
static void write_activity(gen_file *f, const gen_account *a, int k, int width, int i)
{
    const gen_activity *x = &a->act[i];
    gen_line l;

    l.n = 0;
    ln_sub(&l, k, width, 'X', i, 2);
    ln_ch(&l, ',');
    ln_acc(&l, k, width);
    ln_ch(&l, ',');
    ln_str(&l, kind_name[x->kind]);
    ln_ch(&l, ',');
    ln_fix(&l, x->hours);
    ln_ch(&l, ',');
    ln_fix(&l, x->cost);
    ln_ch(&l, ',');
    ln_fix(&l, x->value);
    ln_ch(&l, ',');
    if (x->contact != GEN_NONE)
        ln_sub(&l, k, width, 'C', x->contact, 0);
    ln_ch(&l, ',');
    if (x->objective != GEN_NONE)
        ln_sub(&l, k, width, 'O', x->objective, 0);
    ln_ch(&l, ',');
    ln_int(&l, x->max_count, 0);
    ln_ch(&l, ',');
    if (x->max_count > 1)
        ln_fix(&l, x->decay);
    ln_ch(&l, ',');
    for (int j = 0; j < x->nreq; j++) {
        if (j)
            ln_ch(&l, ';');
        ln_sub(&l, k, width, 'X', x->req[j], 2);
    }
    ln_ch(&l, ',');
    if (x->group != GEN_NONE) {
        const gen_group *g = &a->grp[x->group];
        ln_sub(&l, k, width, g->kind, g->index, 0);
        ln_str(&l, g->kind == 'C' ? "-event" : "-approach");
    }
    gf_put(f, &l);
}

/* Writes the rows of account k (index in the files) to the four files. */
static void write_account(gen_file *files, const gen_account *a, int k,
                          int width)
{
    write_account_row(&files[F_ACC], a, k, width);
    write_contacts_objectives(files, a, k, width);
    for (int i = 0; i < a->na; i++)
        write_activity(&files[F_ACT], a, k, width, i);
}

/* ---- Policy -------------------------------------------------------------- */

static int cmp_ll(const void *pa, const void *pb)
{
    long long a = *(const long long *)pa, b = *(const long long *)pb;
    return (a > b) - (a < b);
}

/* Criterion c is met by value v against threshold t (days_to_pay: <=). */
static int crit_met(int c, long long v, long long t)
{
    return c == KP__C_DAYS_TO_PAY ? v <= t : v >= t;
}

/* The policy decided from the accounts' summaries. */
typedef struct gen_policy {
    long long hours, budget;        /* hundredths */
    int max_key;                    /* -1: unset */
    int set[KP_N_CRITERIA];
    long long threshold[KP_N_CRITERIA];
    int min_criteria;
    int eligible;
} gen_policy;

/* Sets each used criterion's threshold so that a random 55..70% of the
 * auto accounts meet it (a quantile, rounded to a round number). scratch
 * holds n values. Returns how many criteria are set. */
static int decide_thresholds(uint64_t *r, const gen_summary *sum, int n,
                             long long *scratch, gen_policy *p)
{
    static const int used[KP_N_CRITERIA] = { 0, 1, 1, 1, 1, 1, 1 };
    int nset = 0;

    for (int c = 0; c < KP_N_CRITERIA; c++) {
        long long t;
        int m = 0, q;

        p->set[c] = used[c];
        if (!used[c])
            continue;
        nset++;
        for (int k = 0; k < n; k++)
            if (sum[k].status == KP_AUTO)
                scratch[m++] = sum[k].crit[c];
        if (m == 0) {
            p->threshold[c] = 0;
            continue;
        }
        qsort(scratch, (size_t)m, sizeof *scratch, cmp_ll);
        q = (int)((long long)m * rng_int(r, 30, 45) / 100);
        if (c == KP__C_DAYS_TO_PAY)
            t = ceil_to(scratch[m - 1 - q], 500);
        else if (c == KP__C_POTENTIAL) {
            long long step = 100;
            t = scratch[q];
            while (t / step >= 100)
                step *= 10;
            t = floor_to(t, step);
        } else
            t = floor_to(scratch[q], 100);
        p->threshold[c] = t;
    }
    return nset;
}

/* How many of p's criteria account summary x meets. */
static int criteria_met(const gen_policy *p, const gen_summary *x)
{
    int met = 0;
    for (int c = 0; c < KP_N_CRITERIA; c++)
        met += p->set[c] && crit_met(c, x->crit[c], p->threshold[c]);
    return met;
}

/* Sets min_criteria to the count (of nset) that lets closest to 70% of the
 * nauto auto accounts qualify. */
static void decide_min_criteria(const gen_summary *sum, int n, int nauto, int nset,
                                gen_policy *p)
{
    int atleast[KP_N_CRITERIA + 2] = {0};
    int best = 1;
    long long bestdiff = -1;

    for (int k = 0; k < n; k++)
        if (sum[k].status == KP_AUTO)
            atleast[criteria_met(p, &sum[k])]++;
    for (int m = nset - 1; m >= 0; m--)
        atleast[m] += atleast[m + 1];
    for (int m = 1; m <= nset; m++) {
        /* |atleast/nauto - 0.70| scaled by 100 * nauto, in integers. */
        long long d = 100LL * atleast[m] - 70LL * nauto;
        if (d < 0)
            d = -d;
        if (bestdiff < 0 || d < bestdiff) {
            bestdiff = d;
            best = m;
        }
    }
    p->min_criteria = nauto ? best : (nset > 2 ? nset - 2 : 1);
}

/* Sets the eligible count, hours and budget (30..40% of what all eligible
 * accounts' activities would need once, at least three times what the
 * forced key accounts need) and max_key_accounts (60..70% of the eligible
 * accounts, never below the forced ones; unset under 5 accounts). */
static void decide_limits(uint64_t *r, const gen_summary *sum, int n,
                          long long forced_hours, long long forced_cost,
                          int forced, gen_policy *p)
{
    long long hours = 0, cost = 0;

    p->eligible = 0;
    for (int k = 0; k < n; k++) {
        int ok = sum[k].status == KP_KEY ||
                 (sum[k].status == KP_AUTO && criteria_met(p, &sum[k]) >= p->min_criteria);
        if (ok) {
            p->eligible++;
            hours += sum[k].total_hours;
            cost += sum[k].total_cost;
        }
    }
    p->hours = ceil_to(hours * rng_int(r, 30, 40) / 100, 100);
    if (p->hours < 3 * forced_hours)
        p->hours = ceil_to(3 * forced_hours, 100);
    if (p->hours < H100(40))
        p->hours = H100(40);
    p->budget = ceil_to(cost * rng_int(r, 30, 40) / 100, 10000);
    if (p->budget < 3 * forced_cost)
        p->budget = ceil_to(3 * forced_cost, 10000);
    if (p->budget < H100(1000))
        p->budget = H100(1000);
    p->max_key = -1;
    if (n >= 5) {
        p->max_key = (int)(((long long)p->eligible * rng_int(r, 60, 70) + 50)
                           / 100);
        if (p->max_key < forced)
            p->max_key = forced;
        if (p->max_key < 1)
            p->max_key = 1;
    }
}

/* Decides the policy: the qualification thresholds, min_criteria, then
 * hours, budget and max_key_accounts (the three steps above, drawing their
 * random numbers in this order). scratch holds n values. */
static void decide_policy(uint64_t *r, const gen_summary *sum, int n,
                          long long forced_hours, long long forced_cost,
                          int forced, long long *scratch, gen_policy *p)
{
    int nauto = 0, nset;

    for (int k = 0; k < n; k++)
        nauto += sum[k].status == KP_AUTO;
    nset = decide_thresholds(r, sum, n, scratch, p);
    decide_min_criteria(sum, n, nauto, nset, p);
    decide_limits(r, sum, n, forced_hours, forced_cost, forced, p);
}

/* Writes policy.csv. */
static void write_policy(gen_file *f, const gen_policy *p)
{
    static const char *const key[KP_N_CRITERIA] = {
        "min_sales", "min_margin_pct", "min_growth_pct", "min_potential",
        "max_days_to_pay", "min_access", "min_openness"
    };
    gen_line l;

    l.n = 0;
    ln_str(&l, "key,value");
    gf_put(f, &l);
    ln_str(&l, "hours,");
    ln_fix(&l, p->hours);
    gf_put(f, &l);
    ln_str(&l, "budget,");
    ln_fix(&l, p->budget);
    gf_put(f, &l);
    if (p->max_key >= 0) {
        ln_str(&l, "max_key_accounts,");
        ln_int(&l, p->max_key, 0);
        gf_put(f, &l);
    }
    ln_str(&l, "min_contacts,");
    ln_int(&l, GEN_MIN_CONTACTS, 0);
    gf_put(f, &l);
    ln_str(&l, "require_entrenched,yes");
    gf_put(f, &l);
    ln_str(&l, "opponent_influence,");
    ln_int(&l, GEN_OPPONENT_INFLUENCE, 0);
    gf_put(f, &l);
    for (int c = 0; c < KP_N_CRITERIA; c++) {
        if (!p->set[c])
            continue;
        ln_str(&l, key[c]);
        ln_ch(&l, ',');
        ln_fix(&l, p->threshold[c]);
        gf_put(f, &l);
    }
    ln_str(&l, "min_criteria,");
    ln_int(&l, p->min_criteria, 0);
    gf_put(f, &l);
}

/* ---- generate --managers: a team of people ------------------------------ */

/* A generated team is people, not equal slices: by a manager's place mod
 * 8, the share of a post it works (tenths: full-timers and part-timers of
 * 0.6 to 0.9) and the share of the key accounts it can hold, which does
 * not follow the hours (some hold many small accounts, others few large
 * ones). */
static const int team_hours_share[8] = { 10, 10, 8, 10, 6, 10, 9, 7 };
static const int team_load_share[8] = { 12, 8, 10, 10, 7, 11, 9, 8 };

/* What the key accounts (status=key) ask of the team, read back from a
 * generated accounts.csv with manager_id: per manager the min_hours
 * (hundredths) and the count of those fixed to it; the same summed over
 * those whose manager the optimiser chooses, and the largest of their
 * min_hours. */
typedef struct gen_team_need {
    long long need[KP__GENERATE_MAX_MANAGERS], free_need, free_max;
    int keys[KP__GENERATE_MAX_MANAGERS], free_keys;
} gen_team_need;

/* Field i (0-based) of a generated CSV line (no quotes) as a number in
 * hundredths (0 when empty or absent); *s is set to the field's start or
 * NULL. */
static long long gen_csv_field(const char *line, int i, const char **s)
{
    for (; i > 0 && line; i--) {
        line = strchr(line, ',');
        if (line)
            line++;
    }
    *s = line;
    return line ? (long long)(strtod(line, NULL) * 100 + 0.5) : 0;
}

/* Fills t from dir's accounts.csv (columns min_hours 11, status 12,
 * manager_id 13, as write_account_row and kp__generate_team write them).
 * Returns KP_OK or KP_EIO (said in diags). */
static int read_team_need(const char *dir, int nm, gen_team_need *t,
                          kp_diags *diags)
{
    char *path = kp__path_join(dir, "accounts.csv"), *line = NULL;
    FILE *f = path ? fopen(path, "r") : NULL;
    size_t cap = 0;
    int rc = KP_OK, head = 1;

    memset(t, 0, sizeof *t);
    if (!f) {
        kp__diag(diags, KP_ERROR, path, 0, NULL, "cannot read: %s", strerror(errno));
        free(path);
        return path ? KP_EIO : KP_ENOMEM;
    }
    while (getline(&line, &cap, f) > 0) {
        const char *st, *mg;
        long long mh = gen_csv_field(line, 11, &st);
        int m;
        gen_csv_field(line, 12, &st);
        if (head || !st || strncmp(st, "key,", 4) != 0) {
            head = 0;
            continue;
        }
        gen_csv_field(line, 13, &mg);
        m = mg && mg[0] == 'M' ? atoi(mg + 1) - 1 : -1;
        if (m >= 0 && m < nm) {
            t->need[m] += mh;
            t->keys[m]++;
        } else {
            t->free_need += mh;
            t->free_max = mh > t->free_max ? mh : t->free_max;
            t->free_keys++;
        }
    }
    if (ferror(f)) {
        kp__diag(diags, KP_ERROR, path, 0, NULL, "cannot read: %s", strerror(errno));
        rc = KP_EIO;
    }
    fclose(f);
    free(line);
    free(path);
    return rc;
}

/* Manager m's hours (hundredths, a multiple of 100): its share of 1.05
 * times the team's hours, at least three times the min_hours of the key
 * accounts fixed to it plus its part of those the optimiser places, and
 * at least the largest of the latter. */
static long long team_hours(const gen_policy *p, const gen_team_need *t, int nm,
                            int m)
{
    long long total = 0, h, floor_;
    for (int i = 0; i < nm; i++)
        total += team_hours_share[i % 8];
    h = p->hours * 105 * team_hours_share[m % 8] / (100 * total);
    floor_ = 3 * (t->need[m] + t->free_need / nm);
    if (floor_ < t->free_max)
        floor_ = t->free_max;
    return ceil_to(h > floor_ ? h : floor_, 100);
}

/* Manager m's max_accounts: its share of 95 % of max_key_accounts (so
 * the managers' loads bind before the team's), at least the key accounts
 * fixed to it and its part (rounded up) of those the optimiser places. */
static int team_load(const gen_policy *p, const gen_team_need *t, int nm, int m)
{
    long long total = 0, k;
    int floor_ = t->keys[m] + (t->free_keys + nm - 1) / nm;
    for (int i = 0; i < nm; i++)
        total += team_load_share[i % 8];
    k = ((long long)p->max_key * 95 * team_load_share[m % 8] + 100 * total - 1)
        / (100 * total);
    return k > floor_ ? (int)k : floor_;
}

/* Rewrites the managers.csv that kp__generate_team wrote (nm managers M1
 * .. Mnm) as the team above: id,name,hours,max_accounts (max_accounts
 * empty when the policy sets no max_key_accounts). Returns KP_OK, KP_EIO
 * (said in diags) or KP_ENOMEM. */
static int shape_team(const char *dir, int nm, const gen_policy *p, kp_diags *diags)
{
    gen_team_need *t = malloc(sizeof *t);
    gen_file f;
    gen_line l;
    int rc;

    memset(&f, 0, sizeof f);
    if (!t)
        return KP_ENOMEM;
    if ((rc = read_team_need(dir, nm, t, diags)) != KP_OK ||
        (rc = gf_open(&f, dir, "managers.csv", diags)) != KP_OK)
        goto out;
    l.n = 0;
    ln_str(&l, "id,name,hours,max_accounts");
    gf_put(&f, &l);
    for (int m = 0; m < nm; m++) {
        ln_ch(&l, 'M');
        ln_int(&l, m + 1, 0);
        ln_str(&l, ",Manager ");
        ln_int(&l, m + 1, 0);
        ln_ch(&l, ',');
        ln_fix(&l, team_hours(p, t, nm, m));
        ln_ch(&l, ',');
        if (p->max_key >= 0)
            ln_int(&l, team_load(p, t, nm, m), 0);
        gf_put(&f, &l);
    }
    rc = gf_close(&f, 1, diags);
out:
    gf_close(&f, 0, diags);
    free(t);
    return rc;
}

/* ---- Public -------------------------------------------------------------- */

/* Sets the defaults: 12 accounts, seed 1. */
void kp_generate_opts_init(kp_generate_opts *o)
{
    o->accounts = 12;
    o->seed = 1;
    o->managers = 0;
    o->fixed_managers_pct = 100;
    o->periods = 0;
}

/* Creates dir unless it is already a directory. Returns KP_OK or KP_EIO
 * with a message. */
static int make_dir(const char *dir, kp_diags *diags)
{
    struct stat st;

    if (mkdir(dir, 0777) == 0)
        return KP_OK;
    if (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return KP_OK;
    kp__diag(diags, KP_ERROR, NULL, 0, NULL,
             "cannot create directory '%s': %s", dir,
             errno == EEXIST ? "it exists and is not a directory"
                             : strerror(errno));
    return KP_EIO;
}

/* Marks round(n/20) accounts key and as many excluded, chosen by a shuffle
 * so that the counts are exact. Returns the number of key accounts. */
static int draw_statuses(uint64_t seed, unsigned char *status, int *perm,
                         int n)
{
    uint64_t r = rng_stream(seed, UINT64_C(0xFFFFFFFF00000001));
    int nkey = (n + 10) / 20, nexcl = (n + 10) / 20;

    for (int k = 0; k < n; k++) {
        perm[k] = k;
        status[k] = KP_AUTO;
    }
    for (int k = 0; k < nkey + nexcl && k < n; k++) {
        int j = (int)rng_int(&r, k, n - 1), t = perm[k];
        perm[k] = perm[j];
        perm[j] = t;
        status[perm[k]] = k < nkey ? KP_KEY : KP_EXCLUDE;
    }
    return nkey;
}

/* Writes the instance for o (accounts 1..500,000, any seed) into dir,
 * creating dir when missing (not its parents). Returns KP_OK; KP_EINVAL for
 * bad options, and for a size the loader would refuse (check_size, before
 * anything is written); KP_EIO when dir cannot be created or a file cannot be
 * written, with a message naming it (files written so far are left in
 * place); KP_ENOMEM. Memory use is about 80 bytes per account. */
/* The four files written account by account, and their header lines. */
static const char *const gen_names[F_N] = {
    "accounts.csv", "contacts.csv", "objectives.csv", "activities.csv"
};
static const char *const gen_headers[F_N] = {
    "id,name,sales,margin_pct,growth_pct,potential,days_to_pay,access,"
    "openness,max_hours,max_budget,min_hours,status",
    "id,account_id,name,role,influence,entrenched,stance",
    "id,account_id,horizon,value",
    "id,account_id,kind,hours,cost,value,contact_id,objective_id,"
    "max_count,decay,requires,group"
};

/* Opens the four account files in dir and writes their headers. Returns
 * KP_OK or gf_open's status (reported); the caller closes them. */
static int open_account_files(gen_file *files, const char *dir, kp_diags *diags)
{
    for (int f = 0; f < F_N; f++) {
        gen_line l;
        int rc = gf_open(&files[f], dir, gen_names[f], diags);
        if (rc != KP_OK)
            return rc;
        l.n = 0;
        ln_str(&l, gen_headers[f]);
        gf_put(&files[f], &l);
    }
    return KP_OK;
}

/* What the policy needs of account a, in the loader's units. */
static void summarize(const gen_account *a, gen_summary *s)
{
    s->crit[KP__C_SALES] = H100(a->sales);
    s->crit[KP__C_MARGIN] = a->margin;
    s->crit[KP__C_GROWTH] = a->growth;
    s->crit[KP__C_POTENTIAL] = H100(a->potential);
    s->crit[KP__C_DAYS_TO_PAY] = H100(a->days);
    s->crit[KP__C_ACCESS] = H100(a->access);
    s->crit[KP__C_OPENNESS] = H100(a->openness);
    s->total_hours = a->total_hours;
    s->total_cost = a->total_cost;
    s->status = (unsigned char)a->status;
}

/* Draws account k (with status st) from its own random stream into a: its
 * figures, contacts and activities, what write_accounts and
 * count_accounts both need, so both see the same account. Returns the
 * stream where it stopped (draw_limits goes on from there). */
static uint64_t draw_account(uint64_t seed, int k, unsigned char st, gen_account *a)
{
    uint64_t r = rng_stream(seed, (uint64_t)k);
    a->status = st;
    draw_figures(&r, a);
    draw_contacts(&r, a);
    draw_activities(&r, a);
    return r;
}

/* Draws and writes the n accounts (account k from its own random stream,
 * with status[k]), summarizing each into sum[k] and adding up what the
 * forced key accounts need into *forced_hours and *forced_cost. a is one
 * account's room. Stops early on a write error (gf_close reports it). */
static void write_accounts(gen_file *files, uint64_t seed, const unsigned char *status,
                           int n, gen_account *a, gen_summary *sum,
                           long long *forced_hours, long long *forced_cost)
{
    int width = 4;

    for (int t = n; t >= 10000; t /= 10)
        width++;
    for (int k = 0; k < n; k++) {
        uint64_t r = draw_account(seed, k, status[k], a);
        draw_limits(&r, a);
        write_account(files, a, k, width);
        summarize(a, &sum[k]);
        if (a->status == KP_KEY) {
            assert(a->need_hours >= 0);
            *forced_hours += a->need_hours;
            *forced_cost += a->need_cost;
        }
        /* Stop early on a write error (a full disk), checked cheaply. */
        if ((k & 1023) == 0 &&
            (files[F_ACC].err || files[F_CON].err || files[F_OBJ].err ||
             files[F_ACT].err))
            break;
    }
}

/* What n accounts come to, counted as the loader counts them: data rows
 * per file (accounts, contacts, objectives, activities) and, over the
 * activities, the sum of max_count, the prerequisites and the groups. */
typedef struct gen_size {
    double rows[F_N];
    double occ, req, groups;
} gen_size;

/* Draws the n accounts as write_accounts does (the same streams, so the
 * same accounts) without writing them, into *z: the instance's size, known
 * before a byte is written. a is one account's room. */
static void count_accounts(uint64_t seed, const unsigned char *status, int n,
                           gen_account *a, gen_size *z)
{
    memset(z, 0, sizeof *z);
    for (int k = 0; k < n; k++) {
        draw_account(seed, k, status[k], a);
        z->rows[F_ACC] += 1;
        z->rows[F_CON] += a->nc;
        z->rows[F_OBJ] += a->no;
        z->rows[F_ACT] += a->na;
        z->groups += a->ng;     /* each group has its activities */
        for (int i = 0; i < a->na; i++) {
            z->occ += a->act[i].max_count;
            z->req += a->act[i].nreq;
        }
    }
}

/* Refuses (KP_EINVAL, said in diags, naming the limit) an instance of n
 * accounts of size z that kamplan check would refuse under its default
 * limits: a file of more than KP_MAX_ROWS_DEFAULT data rows, or a model of
 * more than KP_MAX_MODEL_DEFAULT columns or rows. Else KP_OK. */
static int check_size(const gen_size *z, int n, kp_diags *diags)
{
    double cols = kp__model_cols(z->rows[F_ACC], z->rows[F_CON], z->rows[F_OBJ], z->occ);
    double rows = kp__model_rows(z->rows[F_ACC], z->rows[F_CON], z->rows[F_OBJ], z->occ,
                                 z->req, z->groups);
    double worst = cols > rows ? cols : rows;

    for (int f = 0; f < F_N; f++)
        if (z->rows[f] > (double)KP_MAX_ROWS_DEFAULT) {
            kp__diag(diags, KP_ERROR, NULL, 0, NULL,
                     "generate: %d accounts would make %s of %.0f data rows, more "
                     "than the %ld kamplan reads from one file (--max-rows)", n,
                     gen_names[f], z->rows[f], KP_MAX_ROWS_DEFAULT);
            return KP_EINVAL;
        }
    if (worst > (double)KP_MAX_MODEL_DEFAULT) {
        kp__diag(diags, KP_ERROR, NULL, 0, NULL,
                 "generate: %d accounts would make a model of %.0f columns and %.0f "
                 "rows, more than the %ld that kamplan accepts (--max-model); about "
                 "%.0f accounts fit", n, cols, rows, KP_MAX_MODEL_DEFAULT,
                 (double)n * (double)KP_MAX_MODEL_DEFAULT / worst);
        return KP_EINVAL;
    }
    return KP_OK;
}

/* Checks the options: KP_OK, or KP_EINVAL with the reason in diags. */
static int check_generate_opts(const kp_generate_opts *o, const char *dir,
                               kp_diags *diags)
{
    if (!o || !dir) {
        kp__diag(diags, KP_ERROR, NULL, 0, NULL,
                 "generate: missing options or directory");
        return KP_EINVAL;
    }
    if (o->accounts < 1 || o->accounts > GEN_MAX_ACCOUNTS) {
        kp__diag(diags, KP_ERROR, NULL, 0, NULL,
                 "generate: %d accounts requested, expected 1 to %d", o->accounts,
                 GEN_MAX_ACCOUNTS);
        return KP_EINVAL;
    }
    if (o->managers < 0 || o->managers > KP__GENERATE_MAX_MANAGERS) {
        kp__diag(diags, KP_ERROR, NULL, 0, NULL,
                 "generate: %d managers requested, expected 0 to %d", o->managers,
                 KP__GENERATE_MAX_MANAGERS);
        return KP_EINVAL;
    }
    if (o->fixed_managers_pct < 0 || o->fixed_managers_pct > 100) {
        kp__diag(diags, KP_ERROR, NULL, 0, NULL,
                 "generate: %d%% of the accounts fixed to a manager, expected 0 to 100",
                 o->fixed_managers_pct);
        return KP_EINVAL;
    }
    if (o->periods < 0 || o->periods > KP__GENERATE_MAX_PERIODS) {
        kp__diag(diags, KP_ERROR, NULL, 0, NULL,
                 "generate: %d periods requested, expected 0 to %d", o->periods,
                 KP__GENERATE_MAX_PERIODS);
        return KP_EINVAL;
    }
    return KP_OK;
}

/* kamplan.h: the statuses first (one random stream), then each account
 * from its own stream, then the policy from what the accounts came to. */
int kp_generate(const kp_generate_opts *o, const char *dir, kp_diags *diags)
{
    gen_file files[F_N], pol;
    gen_account *a = NULL;
    gen_summary *sum = NULL;
    long long *scratch = NULL;
    int *perm = NULL;
    unsigned char *status = NULL;
    gen_policy policy;
    gen_size size;
    long long forced_hours = 0, forced_cost = 0;
    uint64_t seed, r;
    int n, forced, rc;

    memset(files, 0, sizeof files);
    memset(&pol, 0, sizeof pol);
    if ((rc = check_generate_opts(o, dir, diags)) != KP_OK)
        goto out;
    n = o->accounts;
    seed = (uint64_t)o->seed;
    a = malloc(sizeof *a);
    sum = malloc((size_t)n * sizeof *sum);
    scratch = malloc((size_t)n * sizeof *scratch);
    perm = malloc((size_t)n * sizeof *perm);
    status = malloc((size_t)n);
    if (!a || !sum || !scratch || !perm || !status) {
        rc = KP_ENOMEM;
        goto out;
    }
    forced = draw_statuses(seed, status, perm, n);
    /* Only what kamplan reads back: counted first, nothing written yet. */
    count_accounts(seed, status, n, a, &size);
    if ((rc = check_size(&size, n, diags)) != KP_OK)
        goto out;
    if ((rc = make_dir(dir, diags)) != KP_OK ||
        (rc = open_account_files(files, dir, diags)) != KP_OK)
        goto out;
    write_accounts(files, seed, status, n, a, sum, &forced_hours, &forced_cost);
    for (int f = 0; f < F_N; f++) {
        int frc = gf_close(&files[f], 1, diags);
        if (rc == KP_OK)
            rc = frc;
    }
    if (rc != KP_OK)
        goto out;

    r = rng_stream(seed, UINT64_C(0xFFFFFFFF00000002));
    decide_policy(&r, sum, n, forced_hours, forced_cost, forced, scratch,
                  &policy);
    rc = gf_open(&pol, dir, "policy.csv", diags);
    if (rc != KP_OK)
        goto out;
    write_policy(&pol, &policy);
    rc = gf_close(&pol, 1, diags);
    if (rc == KP_OK && o->managers > 0)
        rc = kp__generate_team(dir, o->managers, o->fixed_managers_pct,
                               (double)policy.hours / 100, diags);
    if (rc == KP_OK && o->managers > 0)
        rc = shape_team(dir, o->managers, &policy, diags);
    if (rc == KP_OK && o->periods > 0)
        rc = kp__generate_periods(dir, o->periods, (double)policy.hours / 100, diags);

out:
    for (int f = 0; f < F_N; f++)
        gf_close(&files[f], 0, diags);
    gf_close(&pol, 0, diags);
    free(a);
    free(sum);
    free(scratch);
    free(perm);
    free(status);
    return rc;
}
