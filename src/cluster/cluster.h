/*
 * cluster.h - kamplan's processes as one: a batch's scenarios spread over
 * the ranks of an MPI job (cluster/mpi.c, built when MPI is found), or the
 * one process of the plain build (cluster/single.c), behind one
 * interface. Part of the program, not of the library: it sits on
 * kamplan.h alone, below src/cli, and never prints; the command line
 * says what happened. Not installed.
 */
#ifndef KAMPLAN_CLUSTER_H
#define KAMPLAN_CLUSTER_H

#include "kamplan.h"

/* Joins the MPI job when the process was started by a launcher (mpirun,
 * mpiexec, srun: it sets OMPI_COMM_WORLD_SIZE, PMIX_RANK or PMI_RANK);
 * otherwise, and in the plain build, does nothing, and the process is rank
 * 0 of 1, as the plain program. Call it first, with main's arguments.
 * Returns 0, or -1 when MPI would not start. */
int cluster_start(int *argc, char ***argv);
/* Leaves the job (MPI_Finalize); a no-op where cluster_start joined none. */
void cluster_end(void);
/* This process's rank (0: the one that reads, writes and speaks) and the
 * number of ranks (1 without a job). */
int cluster_rank(void);
int cluster_size(void);
/* 1 where this build can join an MPI job. */
int cluster_built_with_mpi(void);

/* Every rank calls it with its own exit code of the start of a command
 * (0: ready); returns, on every rank, 0 when every rank is ready, else
 * rank 0's code when it failed, else the first failing rank's code, whose
 * rank goes to *failed (else -1). */
int cluster_agree(int rc, int *failed);

/* What rank 0 measured of a batch. */
typedef struct cluster_stats {
    int ranks;              /* processes that solved (rank 0 included) */
    int lost;               /* ranks that stopped answering */
    double batch_seconds;   /* from the first hand-out to the last result */
    double gather_seconds;  /* rank 0's main thread receiving and unpacking */
} cluster_stats;

/* Solves the scenarios of opts->select (NULL: all) as kp_solve_batch does,
 * called by every rank with the same instance and options. On rank 0 it
 * fills results[] and outcomes[] as kp_solve_batch would (the caller owns
 * each results[s]) and *stats; on the other ranks it solves what rank 0
 * hands out and leaves results[] NULL and every outcome skipped. Rank 0
 * hands scenarios out one at a time, the largest first by
 * kp_batch_estimate, to whichever rank is free, and solves too (on a
 * thread of its own, with opts->threads OpenMP threads); each scenario is
 * solved from scratch (opts->reuse is not used across ranks). The stop
 * flag opts->solve.stop and opts->total_time_limit hold across ranks: rank
 * 0 relays a stop, and hands out each scenario with the time the batch
 * has left. A rank that sends nothing for CLUSTER_SILENT_S seconds is
 * given up: the scenario it held becomes KP_RES_ERROR with the reason,
 * the others are kept. opts->progress is called on rank 0's calling
 * thread after each scenario of the cluster, with scenarios (not solves)
 * as its counts. Returns as kp_solve_batch. */
int cluster_solve_batch(const kp_instance *inst, const kp_batch_opts *opts,
                        kp_result **results, kp_batch_outcome *outcomes,
                        kp_diags *diags, cluster_stats *stats);

/* Benchmarks the scenarios of opts->select (NULL: all) as kp_bench_run
 * does with opts->solve (its time limit per scenario, its stop flag),
 * called by every rank with the same instance and options, spread over
 * the ranks as cluster_solve_batch spreads a batch (the largest first, a
 * stop relayed, a silent rank given up, opts->progress on rank 0;
 * opts->total_time_limit is not used). On rank 0, rows[s * (KP_N_HEURISTICS
 * + 1) ...] (zeroed by the caller; release them with kp_bench_rows_clear)
 * get scenario s's rows and done[s] is set for each scenario benchmarked,
 * or lost (its rows then kp_bench_rows_error's, and a message in diags says
 * why); scenarios a stop kept from running are left out (done[s] 0). The
 * messages go to diags in scenario order. On the other ranks rows and
 * done are untouched. Returns KP_OK, KP_ENOMEM, KP_EINVAL, or KP_EIO (a
 * rank but 0 could not take part). */
int cluster_bench(const kp_instance *inst, const kp_batch_opts *opts, kp_bench_row *rows,
                  unsigned char *done, kp_diags *diags, cluster_stats *stats);

/* How long rank 0 waits for word from a rank that holds a scenario before
 * it gives the rank up (every rank says it is alive each second). */
#define CLUSTER_SILENT_S 10.0

#endif
