/*
 * mpi.c - a batch's scenarios over the ranks of an MPI job (cluster.h
 * says what each function does): a solve's batch (kp_solve_batch), or a
 * benchmark's (kp_bench_run), each a struct job: what a rank does with
 * one scenario and how rank 0 takes the bytes back in.
 *
 * Every rank has two threads: its main thread speaks MPI (the only one
 * that does: MPI_THREAD_FUNNELED), and a solving thread runs the job
 * (kp_solve_batch, kp_bench_run) on one scenario at a time with its
 * OpenMP threads. So a
 * rank answers while it solves: it says it is alive each second, and a
 * stop reaches its solve within the solver's half-second slices.
 *
 * The protocol, on MPI_COMM_WORLD:
 * - rank 0 hands out a scenario to a free rank (TAG_WORK: struct work,
 *   the scenario's index and the seconds the batch has left), the largest
 *   first by kp_batch_estimate; rank 0's own solving thread takes its
 *   share the same way, without MPI;
 * - a rank answers with the scenario's share of the batch as
 *   kp_batch_pack (kp_bench_pack) made it (TAG_RESULT), and says it is
 *   alive (TAG_ALIVE,
 *   empty) each second;
 * - rank 0 relays a stop (Ctrl-C, SIGTERM from mpirun) to every rank
 *   that holds a scenario (TAG_STOP), and ends the job (TAG_QUIT, one
 *   int: whether a rank was given up) when every scenario is back, given
 *   up or not to be run.
 * A rank silent for CLUSTER_SILENT_S while it holds a scenario is given
 * up: that scenario becomes an error with the reason. Open MPI 4.1 ends
 * the whole job when a process dies unless mpirun runs with
 * --enable-recovery (benchmarks/README.md, "MPI"); with it the job goes on and this
 * is what notices. Then no rank calls MPI_Finalize, which in Open MPI 4.1
 * waits for every rank of the job, the dead one too, for ever.
 *
 * Scenarios never handed out (a stop, the total time limit) go through
 * kp_solve_batch on rank 0 with the stop set or no time left, so their
 * outcomes say why in the library's own words (a benchmark leaves them
 * out, as one process does after Ctrl-C). The messages of every
 * solve are added to the caller's list in scenario order, as
 * kp_solve_batch does, whatever the order the results came back in.
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <math.h>
#include <mpi.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cluster/cluster.h"

enum { TAG_WORK = 1, TAG_RESULT, TAG_STOP, TAG_QUIT, TAG_ALIVE };

/* How often a rank says it is alive, and how long the main threads nap
 * when nothing happened (the cores are the solvers'). */
#define ALIVE_EVERY_S 1.0
#define NAP_NS 2000000L

static int joined;          /* cluster_start joined a job */
/* A rank of the job was given up: MPI_Finalize, which waits for every
 * rank (the dead one too, in Open MPI 4.1), is not called. */
static int abandoned;
static int me, nranks = 1;

/* A scenario handed out, and the seconds the batch has left (<= 0: no
 * total limit). */
struct work {
    int64_t s;
    double left;
};

/* What a batch does with each scenario. run: on any rank's solving
 * thread, does scenario w->s (w->left: the seconds the batch has left,
 * <= 0: no limit; stop: this rank's stop flag) and packs its share into
 * *out (NULL when it failed: rank 0 reports the scenario as an error).
 * take: on rank 0's main thread, the bytes of scenario s into the
 * results, its messages into msgs; returns 0, or -1 when they are not a
 * pack of s. lose: on rank 0's main thread, scenario s lost outside its
 * run, why says why (msgs: its messages). run and take/lose use disjoint
 * parts of ctx: on rank 0 they run at the same time. */
struct job {
    void *ctx;
    void (*run)(void *ctx, const struct work *w, volatile int *stop, void **out,
                size_t *len);
    int (*take)(void *ctx, size_t s, const void *buf, size_t len, kp_diags *msgs);
    void (*lose)(void *ctx, size_t s, const char *why, kp_diags *msgs);
};

/* A rank's solving thread and what it shares with the main thread: mu
 * guards every field below it; stop is the solver's stop flag, set by the
 * main thread only. */
struct solver {
    const struct job *job;
    volatile int stop;
    pthread_t thread;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int has_task, quit;
    struct work task;
    int has_out;                /* a result is waiting in out */
    int64_t out_s;
    void *out;                  /* kp_batch_pack's bytes, or NULL */
    size_t out_len;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void nap(void)
{
    struct timespec ts = {0, NAP_NS};
    nanosleep(&ts, NULL);
}

/* 1 when a launcher started this process as part of a job. */
static int launched(void)
{
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_RANK");
}

int cluster_start(int *argc, char ***argv)
{
    int provided;
    if (!launched())
        return 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return -1;
    joined = 1;
    /* Failures come back as codes, and a dead peer does not abort rank 0
     * through this communicator (Open MPI may still end the job). */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &me);
    MPI_Comm_size(MPI_COMM_WORLD, &nranks);
    return provided >= MPI_THREAD_FUNNELED ? 0 : -1;
}

void cluster_end(void)
{
    if (joined && !abandoned)
        MPI_Finalize();
    joined = 0;
}

int cluster_rank(void)
{
    return me;
}

int cluster_size(void)
{
    return nranks;
}

int cluster_built_with_mpi(void)
{
    return 1;
}

int cluster_agree(int rc, int *failed)
{
    int *all = NULL, out = rc;
    *failed = -1;
    if (nranks == 1)
        return rc;
    all = malloc((size_t)nranks * sizeof *all);
    if (!all || MPI_Allgather(&rc, 1, MPI_INT, all, 1, MPI_INT, MPI_COMM_WORLD) != MPI_SUCCESS) {
        free(all);
        return rc ? rc : 5;     /* EXIT_INTERNAL: no agreement, no batch */
    }
    out = all[0];
    for (int r = 1; r < nranks && out == 0; r++) {
        if (all[r] != 0) {
            out = all[r];
            *failed = r;
        }
    }
    free(all);
    return out;
}

/* ---- the solving thread -------------------------------------------------- */

static void *solver_main(void *arg)
{
    struct solver *S = arg;
    pthread_mutex_lock(&S->mu);
    for (;;) {
        while (!S->has_task && !S->quit)
            pthread_cond_wait(&S->cv, &S->mu);
        if (!S->has_task)
            break;
        struct work w = S->task;
        void *out;
        size_t len;
        pthread_mutex_unlock(&S->mu);
        S->job->run(S->job->ctx, &w, &S->stop, &out, &len);
        pthread_mutex_lock(&S->mu);
        S->has_task = 0;
        S->has_out = 1;
        S->out_s = w.s;
        S->out = out;
        S->out_len = len;
    }
    pthread_mutex_unlock(&S->mu);
    kp_thread_cleanup();
    return NULL;
}

/* Sets up S for job and starts its thread. Returns 0 or -1. */
static int solver_start(struct solver *S, const struct job *job)
{
    memset(S, 0, sizeof *S);
    S->job = job;
    pthread_mutex_init(&S->mu, NULL);
    pthread_cond_init(&S->cv, NULL);
    if (pthread_create(&S->thread, NULL, solver_main, S) != 0) {
        pthread_mutex_destroy(&S->mu);
        pthread_cond_destroy(&S->cv);
        return -1;
    }
    S->started = 1;
    return 0;
}

/* Ends S's thread (after its scenario, if it holds one). */
static void solver_end(struct solver *S)
{
    if (S->started) {
        pthread_mutex_lock(&S->mu);
        S->quit = 1;
        pthread_cond_signal(&S->cv);
        pthread_mutex_unlock(&S->mu);
        pthread_join(S->thread, NULL);
        pthread_mutex_destroy(&S->mu);
        pthread_cond_destroy(&S->cv);
        free(S->out);
    }
}

/* Hands w to S's thread (which must be free). */
static void solver_give(struct solver *S, const struct work *w)
{
    pthread_mutex_lock(&S->mu);
    S->task = *w;
    S->has_task = 1;
    pthread_cond_signal(&S->cv);
    pthread_mutex_unlock(&S->mu);
}

/* Takes S's waiting result, if any: returns 1 and its scenario and bytes
 * (the caller frees *out; NULL when the solve or packing failed). */
static int solver_take(struct solver *S, int64_t *s, void **out, size_t *len)
{
    int got;
    pthread_mutex_lock(&S->mu);
    got = S->has_out;
    if (got) {
        *s = S->out_s;
        *out = S->out;
        *len = S->out_len;
        S->out = NULL;
        S->has_out = 0;
    }
    pthread_mutex_unlock(&S->mu);
    return got;
}

/* ---- a rank other than 0 ----------------------------------------------- */

/* Runs job on what rank 0 hands out until it says quit; own_stop: this
 * rank's own stop flag (NULL: none). Returns KP_OK, or KP_ENOMEM / KP_EIO
 * when this rank could not take part (rank 0 then gives it up when it
 * holds a scenario). */
static int work_for_rank0(const struct job *job, volatile const int *own_stop)
{
    struct solver S;
    double last = 0;
    int rc = KP_OK, quit = 0;

    if (solver_start(&S, job) != 0) {
        solver_end(&S);
        return KP_ENOMEM;
    }
    while (!quit && rc == KP_OK) {
        int flag = 0, busy = 0;
        MPI_Status st;
        int64_t s;
        void *out;
        size_t len;
        if (MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st) != MPI_SUCCESS)
            rc = KP_EIO;
        if (flag) {
            struct work w;
            busy = 1;
            if (st.MPI_TAG == TAG_WORK) {
                MPI_Recv(&w, (int)sizeof w, MPI_BYTE, 0, TAG_WORK, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
                solver_give(&S, &w);
            } else if (st.MPI_TAG == TAG_QUIT) {
                /* Its one int: whether a rank was given up. */
                MPI_Recv(&abandoned, 1, MPI_INT, 0, TAG_QUIT, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
                S.stop = 1;
                quit = 1;
            } else {
                MPI_Recv(NULL, 0, MPI_BYTE, 0, st.MPI_TAG, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
                if (st.MPI_TAG == TAG_STOP)
                    S.stop = 1;
            }
        }
        /* This rank's own Ctrl-C or mpirun's SIGTERM stops its solve. */
        if (own_stop && *own_stop)
            S.stop = 1;
        if (solver_take(&S, &s, &out, &len)) {
            busy = 1;
            if (len > INT_MAX) {
                free(out);
                out = NULL;
                len = 0;
            }
            if (MPI_Send(out, (int)len, MPI_BYTE, 0, TAG_RESULT, MPI_COMM_WORLD) != MPI_SUCCESS)
                rc = KP_EIO;
            free(out);
            last = now();
        }
        if (now() - last >= ALIVE_EVERY_S) {
            MPI_Send(NULL, 0, MPI_BYTE, 0, TAG_ALIVE, MPI_COMM_WORLD);
            last = now();
        }
        if (!busy)
            nap();
    }
    solver_end(&S);
    return rc;
}

/* ---- rank 0 ------------------------------------------------------------ */

/* Rank 0's view of the batch: o gives the scenarios (select), the total
 * time limit, the stop flag (solve.stop) and progress. */
struct coord {
    const kp_instance *in;
    const kp_batch_opts *o;
    const struct job *job;
    kp_diags **msgs;            /* per scenario, merged in order at the end */
    size_t *order;              /* selected scenarios, largest first */
    size_t norder, next, done;
    long *held;                 /* per rank: its scenario, or -1 */
    double *heard;              /* per rank: when it last said anything */
    unsigned char *lost;        /* per rank: given up */
    struct solver S;            /* rank 0's own solving thread */
    double t0, deadline, gather;
    int stopped, lost_count;
};

/* Orders the scenarios: larger estimate first, then by index. */
static const kp_instance *sort_in;
static int by_estimate(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    double ex = kp_batch_estimate(sort_in, x), ey = kp_batch_estimate(sort_in, y);
    if (ex != ey)
        return ex > ey ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* Tells opts->progress that scenario s is back. */
static void tell_progress(struct coord *C, size_t s)
{
    kp_batch_progress p;
    C->done++;
    if (!C->o->progress)
        return;
    p.done = C->done;
    p.total = C->norder;
    p.scenario = s;
    p.elapsed = now() - C->t0;
    p.remaining = p.done < p.total ? p.elapsed / (double)p.done * (double)(p.total - p.done) : 0;
    C->o->progress(C->o->progress_info, &p);
}

/* Scenario s failed outside its run: the job says why. */
static void give_up(struct coord *C, size_t s, const char *why)
{
    if (!C->msgs[s])
        C->msgs[s] = kp_diags_new();
    C->job->lose(C->job->ctx, s, why, C->msgs[s]);
}

/* The bytes rank r sent for scenario s into the results. */
static void gather(struct coord *C, int r, size_t s, const void *buf, size_t len)
{
    char why[160];
    if (!C->msgs[s])
        C->msgs[s] = kp_diags_new();
    if (buf && C->job->take(C->job->ctx, s, buf, len, C->msgs[s]) == 0)
        return;
    snprintf(why, sizeof why, "rank %d could not solve it or send its result "
             "(out of memory, or a kamplan of another build)", r);
    give_up(C, s, why);
}

/* Hands scenarios to free ranks while there are any and time is left. */
static int hand_out(struct coord *C)
{
    int any = 0;
    for (int r = 0; r < nranks && C->next < C->norder; r++) {
        if (C->held[r] >= 0 || C->lost[r])
            continue;
        struct work w = {(int64_t)C->order[C->next], 0};
        if (C->deadline > 0) {
            w.left = C->deadline - now();
            if (w.left <= 0)
                return any;
        }
        if (r == 0) {
            solver_give(&C->S, &w);
        } else if (MPI_Send(&w, (int)sizeof w, MPI_BYTE, r, TAG_WORK,
                            MPI_COMM_WORLD) != MPI_SUCCESS) {
            /* The rank cannot be reached: no more work for it. */
            C->lost[r] = 1;
            C->lost_count++;
            continue;
        }
        C->held[r] = (long)C->order[C->next++];
        C->heard[r] = now();
        any = 1;
    }
    return any;
}

/* Takes what arrived: rank 0's own result, and every message. Returns 1
 * when something did. */
static int take_in(struct coord *C)
{
    int any = 0, flag = 1;
    int64_t s;
    void *buf;
    size_t len;
    double t = now();

    if (solver_take(&C->S, &s, &buf, &len)) {
        gather(C, 0, (size_t)s, buf, len);
        free(buf);
        C->held[0] = -1;
        tell_progress(C, (size_t)s);
        any = 1;
    }
    while (flag) {
        MPI_Status st;
        int count = 0, r;
        if (MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st) != MPI_SUCCESS)
            break;
        if (!flag)
            break;
        r = st.MPI_SOURCE;
        MPI_Get_count(&st, MPI_BYTE, &count);
        buf = count > 0 ? malloc((size_t)count) : NULL;
        MPI_Recv(buf, count > 0 && buf ? count : 0, MPI_BYTE, r, st.MPI_TAG,
                 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        C->heard[r] = now();
        if (st.MPI_TAG == TAG_RESULT && C->held[r] >= 0 && !C->lost[r]) {
            size_t sc = (size_t)C->held[r];
            gather(C, r, sc, buf, (size_t)count);
            C->held[r] = -1;
            tell_progress(C, sc);
        }
        free(buf);
        any = 1;
    }
    if (any)
        C->gather += now() - t;
    return any;
}

/* Gives up the ranks that hold a scenario and have been silent too long. */
static void check_silence(struct coord *C)
{
    char why[200];
    for (int r = 1; r < nranks; r++) {
        if (C->held[r] < 0 || C->lost[r] || now() - C->heard[r] < CLUSTER_SILENT_S)
            continue;
        size_t s = (size_t)C->held[r];
        snprintf(why, sizeof why, "rank %d, which was solving it, sent nothing for "
                 "%.0f s (the process died or its node failed)", r, CLUSTER_SILENT_S);
        give_up(C, s, why);
        C->lost[r] = 1;
        C->lost_count++;
        C->held[r] = -1;
        tell_progress(C, s);
    }
}

/* Relays a stop to every rank that holds a scenario, once. */
static void relay_stop(struct coord *C)
{
    if (C->stopped || !(C->o->solve.stop && *C->o->solve.stop))
        return;
    C->stopped = 1;
    C->S.stop = 1;
    for (int r = 1; r < nranks; r++)
        if (C->held[r] >= 0 && !C->lost[r])
            MPI_Send(NULL, 0, MPI_BYTE, r, TAG_STOP, MPI_COMM_WORLD);
}

/* 1 while a rank holds a scenario. */
static int any_held(const struct coord *C)
{
    for (int r = 0; r < nranks; r++)
        if (C->held[r] >= 0)
            return 1;
    return 0;
}

/* A solve's batch (struct job): the caller's arrays on rank 0, and the
 * solving thread's own for one scenario at a time. */
struct batch_job {
    const kp_instance *in;
    kp_batch_opts bo;           /* the caller's options for one scenario */
    unsigned char *select;      /* bo.select */
    kp_result **res;            /* per scenario, for kp_solve_batch */
    kp_batch_outcome *oc;
    kp_result **out_res;        /* rank 0: the caller's */
    kp_batch_outcome *out_oc;
};

/* struct job's run: solves scenario w->s alone and packs its share. */
static void batch_run(void *ctx, const struct work *w, volatile int *stop, void **out,
                      size_t *len)
{
    struct batch_job *B = ctx;
    size_t n = kp_instance_scenarios(B->in), s = (size_t)w->s;
    kp_diags *d = kp_diags_new();
    int rc = KP_ENOMEM;

    *out = NULL;
    *len = 0;
    memset(B->select, 0, n);
    B->select[s] = 1;
    B->bo.total_time_limit = w->left;
    B->bo.solve.stop = stop;
    if (d)
        rc = kp_solve_batch(B->in, &B->bo, B->res, B->oc, d);
    if (rc == KP_OK || rc == KP_ENOMEM)
        kp_batch_pack(B->in, s, B->res[s], &B->oc[s], d, out, len);
    kp_result_free(B->res[s]);
    B->res[s] = NULL;
    kp_diags_free(d);
}

/* struct job's take: kp_batch_unpack into the caller's arrays. */
static int batch_take(void *ctx, size_t s, const void *buf, size_t len, kp_diags *msgs)
{
    struct batch_job *B = ctx;
    return kp_batch_unpack(B->in, s, buf, len, &B->out_res[s], &B->out_oc[s], msgs)
           == KP_OK ? 0 : -1;
}

/* struct job's lose: an error result saying why. */
static void batch_lose(void *ctx, size_t s, const char *why, kp_diags *msgs)
{
    struct batch_job *B = ctx;
    (void)msgs;
    kp_batch_outcome_init(&B->out_oc[s]);
    kp_result_free(B->out_res[s]);
    B->out_res[s] = NULL;
    if (kp_result_new_error(B->in, s, why, &B->out_res[s]) == KP_OK)
        B->out_oc[s].state = KP_BATCH_SOLVED;
}

/* Sets B up for o (every rank; out_res and out_oc on rank 0). Returns 0
 * or -1 (out of memory). */
static int batch_init(struct batch_job *B, const kp_instance *in, const kp_batch_opts *o,
                      kp_result **res, kp_batch_outcome *oc)
{
    size_t n = kp_instance_scenarios(in);
    memset(B, 0, sizeof *B);
    B->in = in;
    B->bo = *o;
    B->bo.reuse = 0;
    B->bo.progress = NULL;
    B->select = calloc(n + 1, 1);
    B->res = calloc(n + 1, sizeof *B->res);
    B->oc = calloc(n + 1, sizeof *B->oc);
    B->bo.select = B->select;
    B->out_res = res;
    B->out_oc = oc;
    return B->select && B->res && B->oc ? 0 : -1;
}

static void batch_free(struct batch_job *B)
{
    free(B->select);
    free(B->res);
    free(B->oc);
}

/* The scenarios never handed out: through kp_solve_batch on this thread
 * with the stop set, or with no time left, so that each says why it was
 * not run. */
static int not_run(struct coord *C, struct batch_job *B)
{
    size_t n = kp_instance_scenarios(C->in);
    unsigned char *sel = calloc(n + 1, 1);
    kp_result **res = calloc(n + 1, sizeof *res);
    kp_batch_outcome *oc = calloc(n + 1, sizeof *oc);
    kp_batch_opts bo = B->bo;
    volatile int stopped = 1;
    int rc = KP_ENOMEM;

    if (sel && res && oc) {
        for (size_t i = C->next; i < C->norder; i++)
            sel[C->order[i]] = 1;
        bo.select = sel;
        bo.total_time_limit = C->stopped ? 0 : 1e-9;
        if (C->stopped)
            bo.solve.stop = &stopped;
        rc = kp_solve_batch(C->in, &bo, res, oc, NULL);
        for (size_t i = C->next; rc == KP_OK && i < C->norder; i++) {
            size_t s = C->order[i];
            B->out_oc[s] = oc[s];
            B->out_res[s] = res[s];     /* NULL: not run */
        }
    }
    free(sel);
    free(res);
    free(oc);
    return rc;
}

/* Ends the batch on every other rank, also on a rank given up: one that
 * was only slow must not wait for work for ever, and stops its solve (a
 * dead one's message is lost; errors return). With lost set, no rank
 * calls MPI_Finalize. */
static void send_quit(int lost)
{
    abandoned = lost;
    for (int r = 1; r < nranks; r++)
        MPI_Send(&abandoned, 1, MPI_INT, r, TAG_QUIT, MPI_COMM_WORLD);
}

/* Runs the batch from rank 0 until every scenario is back or given up. */
static void coordinate(struct coord *C)
{
    for (;;) {
        int busy;
        relay_stop(C);
        busy = C->stopped ? 0 : hand_out(C);
        busy |= take_in(C);
        check_silence(C);
        if (!any_held(C) && (C->stopped || C->next == C->norder ||
                             (C->deadline > 0 && now() >= C->deadline)))
            break;
        if (!busy)
            nap();
    }
    send_quit(C->lost_count > 0);
}

/* Sets up C for job over o's scenarios; returns 0 or -1 (out of
 * memory). */
static int coord_init(struct coord *C, const kp_instance *in, const kp_batch_opts *o,
                      const struct job *job)
{
    size_t n = kp_instance_scenarios(in);
    memset(C, 0, sizeof *C);
    C->in = in;
    C->o = o;
    C->job = job;
    C->msgs = calloc(n + 1, sizeof *C->msgs);
    C->order = malloc((n + 1) * sizeof *C->order);
    C->held = malloc((size_t)nranks * sizeof *C->held);
    C->heard = calloc((size_t)nranks, sizeof *C->heard);
    C->lost = calloc((size_t)nranks, 1);
    if (!C->msgs || !C->order || !C->held || !C->heard || !C->lost)
        return -1;
    for (size_t s = 0; s < n; s++)
        if (!o->select || o->select[s])
            C->order[C->norder++] = s;
    sort_in = in;
    qsort(C->order, C->norder, sizeof *C->order, by_estimate);
    for (int r = 0; r < nranks; r++)
        C->held[r] = -1;
    C->t0 = now();
    C->deadline = o->total_time_limit > 0 ? C->t0 + o->total_time_limit : 0;
    return solver_start(&C->S, job);
}

/* Frees C; the messages of each scenario go to diags in scenario order. */
static void coord_end(struct coord *C, kp_diags *diags)
{
    size_t n = kp_instance_scenarios(C->in);
    solver_end(&C->S);
    for (size_t s = 0; C->msgs && s < n; s++) {
        const kp_diags *d = C->msgs[s];
        for (size_t i = 0; d && diags && i < kp_diags_count(d); i++)
            kp_diags_add(diags, kp_diags_severity(d, i), kp_diags_file(d, i),
                         kp_diags_line(d, i), kp_diags_column(d, i), kp_diags_text(d, i));
        kp_diags_free(C->msgs[s]);
    }
    free(C->msgs);
    free(C->order);
    free(C->held);
    free(C->heard);
    free(C->lost);
}

/* Runs job over o's scenarios on every rank: rank 0 hands them out and
 * gathers (and, for a solve's batch B, marks those never handed out),
 * the others work. Returns as cluster_solve_batch. */
static int spread(const kp_instance *in, const kp_batch_opts *o, const struct job *job,
                  struct batch_job *B, kp_diags *d, cluster_stats *st)
{
    struct coord C;
    int rc = KP_ENOMEM;
    double t0 = now();

    if (me != 0)
        return work_for_rank0(job, o->solve.stop);
    if (coord_init(&C, in, o, job) == 0) {
        coordinate(&C);
        rc = B ? not_run(&C, B) : KP_OK;
    } else {
        /* The others wait for work: tell them there is none. */
        send_quit(0);
    }
    st->ranks = nranks - C.lost_count;
    st->lost = C.lost_count;
    st->batch_seconds = now() - t0;
    st->gather_seconds = C.gather;
    coord_end(&C, d);
    return rc;
}

int cluster_solve_batch(const kp_instance *in, const kp_batch_opts *o,
                        kp_result **res, kp_batch_outcome *oc, kp_diags *d,
                        cluster_stats *st)
{
    struct batch_job B;
    struct job job = {&B, batch_run, batch_take, batch_lose};
    int rc;
    double t0 = now();

    memset(st, 0, sizeof *st);
    st->ranks = 1;
    if (nranks == 1) {
        rc = kp_solve_batch(in, o, res, oc, d);
        st->batch_seconds = now() - t0;
        return rc;
    }
    for (size_t s = 0; s < kp_instance_scenarios(in); s++) {
        res[s] = NULL;
        kp_batch_outcome_init(&oc[s]);
    }
    if (batch_init(&B, in, o, res, oc) != 0) {
        if (me == 0)
            send_quit(0);
        batch_free(&B);
        return KP_ENOMEM;
    }
    rc = spread(in, o, &job, &B, d, st);
    batch_free(&B);
    return rc;
}

/* ---- a benchmark ------------------------------------------------------- */

#define BENCH_PER (KP_N_HEURISTICS + 1)

/* A benchmark's batch (struct job): the options of kp_bench_run for the
 * solving thread, the caller's rows on rank 0. */
struct bench_job {
    const kp_instance *in;
    kp_solve_opts so;
    kp_bench_row *rows;
    unsigned char *done;
};

/* struct job's run: benchmarks scenario w->s and packs its rows. */
static void bench_run(void *ctx, const struct work *w, volatile int *stop, void **out,
                      size_t *len)
{
    struct bench_job *B = ctx;
    kp_bench_row rows[BENCH_PER];
    kp_diags *d = kp_diags_new();

    *out = NULL;
    *len = 0;
    memset(rows, 0, sizeof rows);
    B->so.stop = stop;
    if (d && kp_bench_run(B->in, (size_t)w->s, &B->so, rows, d) == KP_OK)
        kp_bench_pack(B->in, (size_t)w->s, rows, d, out, len);
    kp_bench_rows_clear(rows, BENCH_PER);
    kp_diags_free(d);
}

/* struct job's take: kp_bench_unpack into the caller's rows. */
static int bench_take(void *ctx, size_t s, const void *buf, size_t len, kp_diags *msgs)
{
    struct bench_job *B = ctx;
    if (kp_bench_unpack(B->in, s, buf, len, B->rows + s * BENCH_PER, msgs) != KP_OK)
        return -1;
    B->done[s] = 1;
    return 0;
}

/* struct job's lose: the scenario's rows are errors, and a message says
 * why. */
static void bench_lose(void *ctx, size_t s, const char *why, kp_diags *msgs)
{
    struct bench_job *B = ctx;
    char text[320];
    kp_bench_rows_clear(B->rows + s * BENCH_PER, BENCH_PER);
    if (kp_bench_rows_error(B->in, s, B->rows + s * BENCH_PER) == KP_OK)
        B->done[s] = 1;
    snprintf(text, sizeof text, "scenario %s: error: not benchmarked: %s",
             kp_instance_scenario_id(B->in, s), why);
    if (msgs)
        kp_diags_add(msgs, KP_ERROR, NULL, 0, NULL, text);
}

/* One process: each scenario in order, until the stop flag. */
static int bench_here(const kp_instance *in, const kp_batch_opts *o, kp_bench_row *rows,
                      unsigned char *done, kp_diags *d)
{
    for (size_t s = 0; s < kp_instance_scenarios(in); s++) {
        int rc;
        if ((o->select && !o->select[s]) || (o->solve.stop && *o->solve.stop))
            continue;
        if ((rc = kp_bench_run(in, s, &o->solve, rows + s * BENCH_PER, d)) != KP_OK)
            return rc;
        done[s] = 1;
    }
    return KP_OK;
}

int cluster_bench(const kp_instance *in, const kp_batch_opts *o, kp_bench_row *rows,
                  unsigned char *done, kp_diags *d, cluster_stats *st)
{
    struct bench_job B = {in, o->solve, rows, done};
    struct job job = {&B, bench_run, bench_take, bench_lose};
    kp_batch_opts bo = *o;
    double t0 = now();
    int rc;

    memset(st, 0, sizeof *st);
    st->ranks = 1;
    if (nranks == 1) {
        rc = bench_here(in, o, rows, done, d);
        st->batch_seconds = now() - t0;
        return rc;
    }
    /* A benchmark has no total time limit: each scenario has its own. */
    bo.total_time_limit = 0;
    return spread(in, &bo, &job, NULL, d, st);
}
