#!/bin/sh
# The MPI build under mpirun (src/cluster/mpi.c): with 1, 2 and 3 ranks
# every file of the result set equals a single process's, all but the
# seconds column (tests/check_same_sets.py), on the sample and on a
# generated sweep with --marginal; progress counts the cluster's
# scenarios; a mistake in the input is said once; a rank killed mid-run
# (mpirun --enable-recovery) makes its scenario an error with the reason
# and the others are kept; SIGUSR1 to mpirun stops every rank and writes
# what finished; --total-time-limit holds across ranks. bench the same
# way: bench.csv (and the JSON document) one process's with 1, 2 and 3
# ranks, a killed rank's scenario five error rows with the reason, the
# others kept, SIGUSR1 writes what finished. Skips itself with
# one line where mpirun is missing, for the plain build, and for a
# command-line prefix (valgrind). Prints one line per check and
# "N passed, M failed".
. "$(dirname "$0")/lib.sh"

case $KAMPLAN in
    *" "*) echo "ok # skip: KAMPLAN is a command line ($KAMPLAN), not run under mpirun"
           finish; exit ;;
esac
if ! command -v mpirun >/dev/null 2>&1; then
    echo "ok # skip: no mpirun (make test-deps installs Open MPI)"
    finish
    exit
fi
if ! ldd "$KAMPLAN" 2>/dev/null | grep -q 'libmpi'; then
    echo "ok # skip: $KAMPLAN is the plain build (make MPI=1 builds the MPI one)"
    finish
    exit
fi

# As root, Open MPI wants to be told twice. Local ranks inherit this
# environment. ASan's leak check would blame Open MPI's own allocations.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
MPIRUN="mpirun --oversubscribe"

# Every file of $2 equals $1's, all but the seconds column.
same() {
    if $PYTHON tests/check_same_sets.py "$1" "$2" >"$tmp/diff" 2>&1; then
        ok "$3"
    else
        bad "$3: $(head -5 "$tmp/diff")"
    fi
}

# The pids of the ranks of the job marked $1 (mpirun -x KP_TEST_JOB=$1),
# rank $2 only.
rank_pid() {
    for p in $(pgrep -x kamplan); do
        tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qx "KP_TEST_JOB=$1" || continue
        r=$(tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | sed -n 's/^OMPI_COMM_WORLD_RANK=//p')
        [ "$r" = "$2" ] && echo "$p"
    done
}

# ---- the sample: 1, 2 and 3 ranks against one process -------------------
$KAMPLAN solve models/sample --out "$tmp/ref" -q -j 1
rc=$?
[ "$rc" -eq 0 ] && ok "without mpirun the MPI build solves the sample as the plain one" \
    || bad "without mpirun: exit $rc"
for n in 1 2 3; do
    $MPIRUN -n $n "$KAMPLAN" solve models/sample --out "$tmp/s$n" -j 1 >"$tmp/s$n.out" 2>"$tmp/s$n.err"
    rc=$?
    [ "$rc" -eq 0 ] && ok "mpirun -n $n: exit 0" || bad "mpirun -n $n: exit $rc: $(tail -3 "$tmp/s$n.err")"
    same "$tmp/ref" "$tmp/s$n" "mpirun -n $n: the sample's five files equal one process's"
    c=$(grep -c '^scenario ' "$tmp/s$n.out")
    [ "$c" -eq 5 ] && ok "mpirun -n $n: rank 0 alone prints the five scenarios" \
        || bad "mpirun -n $n: $c scenario lines printed, expected 5"
done
grep -q '^cluster: 3 ranks, batch' "$tmp/s3.out" && ok "3 ranks: where the time went" \
    || bad "3 ranks: no cluster line: $(tail -2 "$tmp/s3.out")"
grep -q '^cluster:' "$tmp/s1.out" && bad "1 rank prints a cluster line" \
    || ok "1 rank prints what one process prints"

# ---- commitments: every rank reads them from the files ------------------
c=tests/cases/commit-valid/in
$KAMPLAN solve "$c" --out "$tmp/cref" -q -j 1 2>/dev/null
$MPIRUN -n 2 "$KAMPLAN" solve "$c" --out "$tmp/c2" -q -j 1 >/dev/null 2>&1
same "$tmp/cref" "$tmp/c2" "mpirun -n 2: an instance with commitments gives one process's files"

# ---- a generated sweep with --marginal ----------------------------------
$KAMPLAN generate --accounts 24 --seed 11 "$tmp/g" >/dev/null
sweep="--sweep hours=40:700:10 --marginal"
$KAMPLAN solve "$tmp/g" $sweep --out "$tmp/gref" -q -j 1 2>/dev/null
for n in 2 3; do
    $MPIRUN -n $n "$KAMPLAN" solve "$tmp/g" $sweep --out "$tmp/g$n" -q -j 1 \
        --progress "$tmp/p$n.csv" 2>"$tmp/g$n.err"
    rc=$?
    [ "$rc" -eq 0 ] && ok "sweep, mpirun -n $n: exit 0" || bad "sweep, mpirun -n $n: exit $rc"
    same "$tmp/gref" "$tmp/g$n" "sweep with --marginal, mpirun -n $n: every file equals one process's"
    d=$(grep -c ',done,' "$tmp/p$n.csv" 2>/dev/null)
    [ "$d" = 10 ] && ok "sweep, mpirun -n $n: --progress has the cluster's 10 scenarios done" \
        || bad "sweep, mpirun -n $n: $d scenarios done in --progress, expected 10"
done

# ---- a mistake in the input: said once, on rank 0 ------------------------
cp -r models/sample "$tmp/broken"
sed -i '2s/,24,/,24x,/' "$tmp/broken/activities.csv"
$MPIRUN -n 3 "$KAMPLAN" solve "$tmp/broken" --out "$tmp/b" -q 2>"$tmp/b.err"
rc=$?
c=$(grep -c "activities.csv:2: column 'hours'" "$tmp/b.err")
[ "$rc" -ne 0 ] && [ "$c" -eq 1 ] && ok "a bad input fails the job, said once (exit $rc)" \
    || bad "bad input: exit $rc, said $c times"
[ ! -e "$tmp/b" ] && ok "a bad input writes no output folder" || bad "a bad input wrote $tmp/b"

# ---- a rank killed mid-run ---------------------------------------------
# Open MPI 4.1 ends the whole job when a process dies, unless mpirun runs
# with --enable-recovery; then rank 0 gives the silent rank up.
$KAMPLAN generate --accounts 40 --seed 7 "$tmp/k" >/dev/null
ksweep="--sweep hours=60:900:12"
$KAMPLAN solve "$tmp/k" $ksweep --out "$tmp/kref" -q -j 1 2>/dev/null
job="kill-$$"
timeout 300 $MPIRUN --enable-recovery -x KP_TEST_JOB=$job -n 3 "$KAMPLAN" solve "$tmp/k" \
    $ksweep --out "$tmp/kill" -j 1 --progress "$tmp/kp.csv" >"$tmp/kill.out" 2>"$tmp/kill.err" &
mpid=$!
victim=""
for i in $(seq 1 600); do
    victim=$(rank_pid "$job" 2)
    [ -n "$victim" ] && grep -q ',done,' "$tmp/kp.csv" 2>/dev/null && break
    sleep 0.1
done
[ -n "$victim" ] && kill -KILL "$victim"
wait $mpid
rc=$?
# MPI_Finalize would wait for the dead rank for ever: no rank calls it.
[ "$rc" -ne 124 ] && ok "a killed rank: the job ends (mpirun exit $rc)" \
    || bad "a killed rank: the job did not end within 300 s"
errs=$(grep -c ',error,' "$tmp/kill/summary.csv" 2>/dev/null)
[ -n "$victim" ] && [ "$errs" = 1 ] && ok "a killed rank: its one scenario is an error" \
    || bad "a killed rank (pid '$victim'): $errs errors in summary.csv"
grep -q "rank 2, which was solving it, sent nothing for 10 s" "$tmp/kill.err" \
    && ok "a killed rank: the reason is said" || bad "a killed rank: $(grep error "$tmp/kill.err" | head -2)"
grep -q '(1 given up)' "$tmp/kill.out" && ok "a killed rank: rank 0 says it gave one up" \
    || bad "a killed rank: $(grep cluster "$tmp/kill.out")"
# The other scenarios are kept, each as one process solved it.
if [ -f "$tmp/kill/summary.csv" ]; then
    grep -v ',error,' "$tmp/kill/summary.csv" | cut -d, -f1-11 >"$tmp/kept"
    lost=$(grep ',error,' "$tmp/kill/summary.csv" | cut -d, -f1)
    grep -v "^$lost," "$tmp/kref/summary.csv" | cut -d, -f1-11 >"$tmp/want"
    [ "$(wc -l <"$tmp/kept")" -eq 12 ] && cmp -s "$tmp/kept" "$tmp/want" \
        && ok "a killed rank: the other 11 scenarios are kept, as one process solved them" \
        || bad "a killed rank: the kept rows differ: $(diff "$tmp/want" "$tmp/kept" | head -4)"
    grep -v "^$lost," "$tmp/kref/plan.csv" >"$tmp/wantplan"
    grep -v "^$lost," "$tmp/kill/plan.csv" | cmp -s - "$tmp/wantplan" \
        && ok "a killed rank: the kept scenarios' plans are one process's" \
        || bad "a killed rank: plan.csv differs"
else
    bad "a killed rank: no result set written"
fi

# ---- a stop: SIGUSR1 to mpirun reaches every rank at once ---------------
# (Ctrl-C makes mpirun send SIGTERM, late: benchmarks/README.md, "MPI".)
$KAMPLAN generate --accounts 60 --seed 3 "$tmp/t" >/dev/null
$MPIRUN -n 2 "$KAMPLAN" solve "$tmp/t" --sweep hours=50:900:40 --out "$tmp/stop" -j 1 \
    --progress "$tmp/sp.csv" >/dev/null 2>"$tmp/stop.err" &
mpid=$!
for i in $(seq 1 600); do
    grep -q ',done,' "$tmp/sp.csv" 2>/dev/null && break
    sleep 0.1
done
kill -USR1 $mpid
wait $mpid
rc=$?
[ "$rc" -eq 130 ] && ok "SIGUSR1 to mpirun: exit 130" || bad "SIGUSR1 to mpirun: exit $rc"
rows=$(($(wc -l <"$tmp/stop/summary.csv" 2>/dev/null || echo 0) - 1))
notrun=$(grep -c 'not run: the batch was stopped' "$tmp/stop.err")
[ "$rows" -eq 40 ] && [ "$notrun" -gt 0 ] \
    && ok "SIGUSR1 to mpirun: every scenario in summary.csv, $notrun marked not run" \
    || bad "SIGUSR1 to mpirun: $rows rows, $notrun not run"

# ---- bench: its scenarios over the ranks -------------------------------
# Every rank benchmarks what rank 0 hands it; bench.csv equals one
# process's but for the seconds column, with 1, 2 and 3 ranks.
$KAMPLAN bench models/sample --out "$tmp/bref" -q
for n in 1 2; do
    $MPIRUN -n $n "$KAMPLAN" bench models/sample --out "$tmp/b$n" >"$tmp/b$n.out" 2>"$tmp/b$n.err"
    rc=$?
    c=$(grep -c '^scenario ' "$tmp/b$n.out")
    [ "$rc" -eq 0 ] && [ "$c" -eq 5 ] && ok "bench, mpirun -n $n: exit 0, rank 0 prints the five tables" \
        || bad "bench, mpirun -n $n: exit $rc, $c tables: $(tail -2 "$tmp/b$n.err")"
    same "$tmp/bref" "$tmp/b$n" "bench, mpirun -n $n: bench.csv equals one process's"
done
grep -q '^cluster: 2 ranks, batch' "$tmp/b2.out" && ok "bench, 2 ranks: where the time went" \
    || bad "bench, 2 ranks: no cluster line: $(tail -1 "$tmp/b2.out")"
bsweep="--sweep hours=60:900:8"
$KAMPLAN bench "$tmp/k" $bsweep --out "$tmp/bkref" -q 2>/dev/null
$MPIRUN -n 3 "$KAMPLAN" bench "$tmp/k" $bsweep --out "$tmp/bk3" -q --format json >"$tmp/bk3.json"
rc=$?
same "$tmp/bkref" "$tmp/bk3" "bench --sweep, mpirun -n 3: bench.csv equals one process's (exit $rc)"
$PYTHON - "$tmp/bkref/bench.csv" "$tmp/bk3.json" >"$tmp/bkj" 2>&1 <<'PY'
import csv, json, sys
want = [r for r in csv.DictReader(open(sys.argv[1]))]
got = json.load(open(sys.argv[2]))["results"]["bench"]
key = lambda r: (r["scenario"], r["method"], r["status"])
assert [key(r) for r in want] == [key(r) for r in got], "rows differ"
PY
[ $? -eq 0 ] && ok "bench --sweep, mpirun -n 3 --format json: the document's rows are one process's" \
    || bad "bench json: $(tail -2 "$tmp/bkj")"

# A rank killed while it benchmarks: its scenario's rows are errors, the
# reason is said, the other scenarios are kept. On a loaded machine the
# victim may have finished its share before the kill lands (then every
# scenario is benchmarked, no row is an error, and rank 0 had nothing to
# give up): that run says nothing, and the kill is tried again, three
# times at most.
for attempt in 1 2 3; do
    job="bkill-$$-$attempt"
    rm -rf "$tmp/bkill"
    timeout 200 $MPIRUN --enable-recovery -x KP_TEST_JOB=$job -n 3 "$KAMPLAN" bench "$tmp/k" \
        $bsweep --out "$tmp/bkill" >"$tmp/bkill.out" 2>"$tmp/bkill.err" &
    mpid=$!
    victim=""
    for i in $(seq 1 600); do
        victim=$(rank_pid "$job" 2 2>/dev/null)
        # Killed once its solving thread runs (a fourth thread: past MPI's
        # start and the ranks' agreement, so it holds a scenario) and it has
        # used 0.08 s of processor (its share takes about 0.3 s).
        [ -n "$victim" ] && [ "$(ls "/proc/$victim/task" 2>/dev/null | wc -l)" -ge 4 ] &&
            [ "$(awk '{ print $14 + $15 }' "/proc/$victim/stat" 2>/dev/null || echo 0)" -ge 8 ] && break
        sleep 0.05
    done
    [ -n "$victim" ] && kill -KILL "$victim"
    wait $mpid
    rc=$?
    [ "$rc" -eq 0 ] && [ "$(grep -c ',error,' "$tmp/bkill/bench.csv" 2>/dev/null)" = 0 ] || break
    echo "# bench, a killed rank: attempt $attempt missed (rank 2 was done before the kill); again"
done
errs=$(grep -c ',error,' "$tmp/bkill/bench.csv" 2>/dev/null)
[ "$rc" -ne 124 ] && [ -n "$victim" ] && [ "$errs" = 5 ] \
    && ok "bench, a killed rank: its scenario's five rows are errors" \
    || bad "bench, a killed rank (pid '$victim', exit $rc): $errs error rows"
grep -q "not benchmarked: rank 2, which was solving it, sent nothing for 10 s" "$tmp/bkill.err" \
    && ok "bench, a killed rank: the reason is said" || bad "bench, a killed rank: $(head -3 "$tmp/bkill.err")"
if [ -f "$tmp/bkill/bench.csv" ]; then
    lost=$(grep ',error,' "$tmp/bkill/bench.csv" | head -1 | cut -d, -f1)
    grep -v "^$lost," "$tmp/bkill/bench.csv" | cut -d, -f1-13 >"$tmp/bkept"
    grep -v "^$lost," "$tmp/bkref/bench.csv" | cut -d, -f1-13 >"$tmp/bwant"
    [ "$(wc -l <"$tmp/bkept")" -eq 36 ] && cmp -s "$tmp/bkept" "$tmp/bwant" \
        && ok "bench, a killed rank: the other 7 scenarios are kept, as one process benchmarked them" \
        || bad "bench, a killed rank: kept rows differ: $(diff "$tmp/bwant" "$tmp/bkept" | head -4)"
else
    bad "bench, a killed rank: no bench.csv written"
fi

# A stop: SIGUSR1 to mpirun stops every rank's benchmark; what finished is
# written, the rest left out.
$MPIRUN -n 2 "$KAMPLAN" bench "$tmp/t" --sweep hours=50:900:40 --out "$tmp/bstop" \
    >/dev/null 2>"$tmp/bstop.err" &
mpid=$!
sleep 3
kill -USR1 $mpid
wait $mpid
rc=$?
rows=$(($(wc -l <"$tmp/bstop/bench.csv" 2>/dev/null || echo 0) - 1))
[ "$rc" -eq 130 ] && [ "$rows" -gt 0 ] && [ "$rows" -lt 200 ] && [ $((rows % 5)) -eq 0 ] &&
    grep -q "scenarios benchmarked; the rest are left out" "$tmp/bstop.err" \
    && ok "bench, SIGUSR1 to mpirun: exit 130, $((rows / 5)) of 40 scenarios written" \
    || bad "bench, SIGUSR1 to mpirun: exit $rc, $rows rows: $(tail -2 "$tmp/bstop.err")"

# ---- --total-time-limit across ranks ------------------------------------
t0=$(date +%s)
$MPIRUN -n 2 "$KAMPLAN" solve "$tmp/t" --sweep hours=50:900:60 --total-time-limit 3 \
    --out "$tmp/tl" -q -j 1 2>"$tmp/tl.err"
took=$(($(date +%s) - t0))
nt=$(grep -c 'not run: the total time limit passed' "$tmp/tl.err")
[ "$took" -le 20 ] && [ "$nt" -gt 0 ] \
    && ok "--total-time-limit 3 across ranks: ended after $took s, $nt scenarios not run" \
    || bad "--total-time-limit 3 across ranks: $took s, $nt not run"
finish
