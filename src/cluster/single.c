/*
 * single.c - the cluster of the plain build: one process, rank 0 of 1,
 * whose batch is kp_solve_batch, and whose benchmark kp_bench_run on each
 * scenario in turn (cluster.h says what each function does).
 */
#define _POSIX_C_SOURCE 200809L
#include <time.h>

#include "cluster/cluster.h"

int cluster_start(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

void cluster_end(void)
{
}

int cluster_rank(void)
{
    return 0;
}

int cluster_size(void)
{
    return 1;
}

int cluster_built_with_mpi(void)
{
    return 0;
}

int cluster_agree(int rc, int *failed)
{
    *failed = -1;
    return rc;
}

/* Monotonic seconds. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int cluster_solve_batch(const kp_instance *in, const kp_batch_opts *o,
                        kp_result **res, kp_batch_outcome *oc, kp_diags *d,
                        cluster_stats *st)
{
    double t0 = now();
    int rc = kp_solve_batch(in, o, res, oc, d);
    st->ranks = 1;
    st->lost = 0;
    st->batch_seconds = now() - t0;
    st->gather_seconds = 0;
    return rc;
}

int cluster_bench(const kp_instance *in, const kp_batch_opts *o, kp_bench_row *rows,
                  unsigned char *done, kp_diags *d, cluster_stats *st)
{
    const size_t per = KP_N_HEURISTICS + 1;
    double t0 = now();
    int rc = KP_OK;

    for (size_t s = 0; s < kp_instance_scenarios(in) && rc == KP_OK; s++) {
        if ((o->select && !o->select[s]) || (o->solve.stop && *o->solve.stop))
            continue;
        rc = kp_bench_run(in, s, &o->solve, rows + s * per, d);
        done[s] = rc == KP_OK;
    }
    st->ranks = 1;
    st->lost = 0;
    st->batch_seconds = now() - t0;
    st->gather_seconds = 0;
    return rc;
}
