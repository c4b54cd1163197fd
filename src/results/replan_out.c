/*
 * replan_out.c - the body of replan.csv (solve --from): the changes of
 * each plan against the previous plan, one row per activity whose count
 * differs (models/README.md, "Replanning"). output.c writes the file, as
 * it writes frontier.c's.
 */
#include <stdlib.h>

#include "results/results.h"

/* results.h. */
void kp__write_replan(kp__tab *t, const kp_instance *in, kp_result *const *res,
                      size_t n, const kp_replan *rp)
{
    kp__tab_begin(t, "replan", "scenario,account_id,activity_id,change,"
                  "count_previous,count,changes");
    for (size_t s = 0; s < n && s < in->nscen; s++) {
        const int *prev = rp->previous ? rp->previous[s] : NULL;
        if (!prev || !kp__has_plan(res[s]))
            continue;
        for (size_t a = 0; a < in->nact; a++) {
            int p = prev[a], k = kp_result_count(res[s], a);
            if (p == k)
                continue;
            kp__tab_text(t, in->scen[s].id);
            kp__tab_text(t, in->acc[in->act[a].account].id);
            kp__tab_text(t, in->act[a].id);
            kp__tab_text(t, p == 0 ? "added" : k == 0 ? "dropped" : k > p ? "more" : "fewer");
            kp__tab_int(t, p);
            kp__tab_int(t, k);
            kp__tab_int(t, labs((long)k - p));
            kp__tab_row_end(t);
        }
    }
    kp__tab_end(t);
}
