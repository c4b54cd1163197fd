/*
 * marginals.c - the result set's marginals.csv (models/README.md,
 * "Outputs"): with --marginal and managers.csv or periods.csv, the value
 * of one more hour of each manager's own hours and of each period's hours,
 * from the re-solves of solve/batch.c. A row per scenario and capacity:
 * scenario, capacity (manager or period), id, hours_available, delta
 * (the hours added in the re-solve), value_per_hour and
 * the range min..max that both solves' proven bounds allow (equal when
 * both are optimal); empty where it was not computed (frontier.csv's note
 * says why). A period without an hours limit: delta empty, 0 per hour.
 */
#include <math.h>
#include <stdio.h>

#include "results/results.h"

/* results.h. */
int kp__has_capacity_marginals(const kp_batch_outcome *oc, size_t n)
{
    for (size_t s = 0; oc && s < n; s++)
        if (oc[s].manager_marginal || oc[s].period_marginal)
            return 1;
    return 0;
}

/* One row: capacity `what` (id) of scenario s with figures f[0..3]. */
static void row(kp__tab *t, const char *scen, const char *what, const char *id,
                double avail, const double *f)
{
    kp__tab_text(t, scen);
    kp__tab_text(t, what);
    kp__tab_text(t, id);
    kp__tab_num(t, avail);
    for (int i = 0; i < 4; i++)
        kp__tab_num(t, f[i]);
    kp__tab_row_end(t);
}

/* results.h. */
void kp__write_marginals(kp__tab *t, const kp_instance *in, const kp_batch_outcome *oc,
                         size_t n)
{
    kp__tab_begin(t, "marginals", "scenario,capacity,id,hours_available,delta,"
                  "value_per_hour,value_per_hour_min,value_per_hour_max");
    for (size_t s = 0; oc && s < n && s < in->nscen; s++) {
        const kp__scenario *sc = &in->scen[s];
        for (size_t m = 0; oc[s].manager_marginal && m < in->nmgr; m++)
            row(t, sc->id, "manager", in->mgr[m].id, kp__manager_hours(in, sc, m),
                &oc[s].manager_marginal[4 * m]);
        for (size_t p = 0; oc[s].period_marginal && p < in->nper; p++)
            row(t, sc->id, "period", in->per[p].id, kp__period_hours(in, sc, p),
                &oc[s].period_marginal[4 * p]);
    }
    kp__tab_end(t);
}
