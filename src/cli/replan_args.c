/*
 * replan_args.c - the options of a replan (solve, export, tradeoff):
 * --from PREVIOUS/plan.csv, --max-changes N, --change-cost V; the
 * previous plan read and its rows matched to the scenarios asked for
 * (kp_previous_counts: the scenario of the same id, else the file's only
 * one).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

void replan_init(struct replan_args *r)
{
    memset(r, 0, sizeof *r);
    kp_replan_init(&r->rp);
}

int replan_option(struct replan_args *r, enum option_id id, const char *arg)
{
    char *end;
    switch (id) {
    case OPT_FROM: r->from = arg; break;
    case OPT_MAX_CHANGES:
        errno = 0;
        r->rp.max_changes = strtol(arg, &end, 10);
        if (!*arg || *end || errno || r->rp.max_changes < 0 || r->rp.max_changes > INT_MAX)
            return misuse("--max-changes: '%s' is not a whole number from 0 to %d", arg,
                          INT_MAX);
        r->limit_given = 1;
        break;
    case OPT_CHANGE_COST:
        if (parse_double(arg, &r->rp.change_cost) || !(r->rp.change_cost >= 0) ||
            r->rp.change_cost > 1e15)
            return misuse("--change-cost: '%s' is not a number from 0 to 1e15", arg);
        r->cost_given = 1;
        break;
    default: return OPT_NOT_MINE;
    }
    return OPT_GO_ON;
}

int replan_check(const struct replan_args *r)
{
    if (!r->from && (r->limit_given || r->cost_given))
        return misuse("%s needs --from PREVIOUS/plan.csv (the plan changes are "
                      "counted against)", r->limit_given ? "--max-changes" : "--change-cost");
    return OPT_GO_ON;
}

int replan_open(struct replan_args *r, const kp_instance *in, long only)
{
    size_t ns = kp_instance_scenarios(in);
    kp_diags *d;
    int rc = EXIT_OK, st;

    if (!r->from)
        return EXIT_OK;
    if (!(d = kp_diags_new()) || !(r->per = calloc(ns + 1, sizeof *r->per))) {
        kp_diags_free(d);
        return out_of_memory();
    }
    st = kp_previous_load(in, r->from, &r->prev, d);
    for (size_t s = 0; st == KP_OK && s < ns; s++) {
        /* A sampled scenario (appended after its base) is replanned
         * against its base's previous plan, and asked for with it. */
        size_t base;
        int sample = kp_instance_scenario_sample(in, s, &base);
        if (only >= 0 && (size_t)only != base)
            continue;
        if (sample > 0)
            r->per[s] = r->per[base];
        else if (!(r->per[s] = kp_previous_counts(r->prev, s, d)))
            st = KP_EDATA;
    }
    print_diags(d);
    if (st != KP_OK)
        rc = exit_for(st);
    kp_diags_free(d);
    r->rp.previous = r->per;
    return rc;
}

const kp_replan *replan_of(const struct replan_args *r)
{
    return r->from && r->per ? &r->rp : NULL;
}

void replan_close(struct replan_args *r)
{
    kp_previous_free(r->prev);
    free(r->per);
    r->prev = NULL;
    r->per = NULL;
}
