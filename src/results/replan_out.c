/*
 * replan_out.c - replan.csv (solve --from): the changes of each plan
 * against the previous plan, one row per activity whose count differs
 * (models/README.md, "Replanning").
 */
#include <stdlib.h>

#include "results/results.h"

struct replan_ctx {
    const kp_instance *in;
    kp_result *const *res;
    size_t n;
    const kp_replan *rp;
};

static void body_replan(kp__tab *t, const struct replan_ctx *c)
{
    const kp_instance *in = c->in;
    kp__tab_begin(t, "replan", "scenario,account_id,activity_id,change,"
                  "count_previous,count,changes");
    for (size_t s = 0; s < c->n && s < in->nscen; s++) {
        const int *prev = c->rp->previous ? c->rp->previous[s] : NULL;
        if (!prev || !kp__has_plan(c->res[s]))
            continue;
        for (size_t a = 0; a < in->nact; a++) {
            int p = prev[a], n = kp_result_count(c->res[s], a);
            if (p == n)
                continue;
            kp__tab_text(t, in->scen[s].id);
            kp__tab_text(t, in->acc[in->act[a].account].id);
            kp__tab_text(t, in->act[a].id);
            kp__tab_text(t, p == 0 ? "added" : n == 0 ? "dropped" : n > p ? "more" : "fewer");
            kp__tab_int(t, p);
            kp__tab_int(t, n);
            kp__tab_int(t, labs((long)n - p));
            kp__tab_row_end(t);
        }
    }
    kp__tab_end(t);
}

static void file_body(FILE *f, int i, const void *info)
{
    kp__tab t;
    (void)i;
    kp__tab_init(&t, f, 0);
    body_replan(&t, info);
}

int kp_replan_write(const kp_instance *in, kp_result *const *res, size_t n,
                    const kp_replan *rp, const char *outdir, kp_diags *d)
{
    static const char *const names[] = {"replan.csv"};
    struct replan_ctx c = {in, res, n, rp};
    return kp__write_atomic(outdir, names, 1, file_body, &c, d);
}

static void json_body(kp__tab *t, int i, const void *info)
{
    (void)i;
    body_replan(t, info);
}

int kp_replan_write_json(const kp_instance *in, kp_result *const *res, size_t n,
                         const kp_replan *rp, FILE *f)
{
    struct replan_ctx c = {in, res, n, rp};
    return kp__json_tables(f, json_body, 1, &c);
}
