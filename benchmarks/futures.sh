#!/bin/sh
# Sampled futures across MPI ranks: how much faster `mpirun -n RANKS` (one
# thread per rank) solves one scenario's SAMPLES sampled futures than one
# rank with one thread, in one run, on one generated instance (ACCOUNTS
# accounts) whose every activity's value may lie from LOW_PCT to HIGH_PCT
# percent of itself (value_low, value_high: triangular), each sample to the
# same gap:
#   1x1   mpirun -n 1 kamplan solve --seed SEED --threads 1
#   Rx1   mpirun -n RANKS kamplan solve --seed SEED --threads 1
# Answers are checked first: robustness.csv byte for byte the same in both
# runs, every sample solved, and every other file the same but for the
# seconds column (tests/check_same_sets.py). Then one line per run: wall
# seconds, and the speed-up of Rx1 over 1x1.
#   sh benchmarks/futures.sh                              (defaults below)
#   ACCOUNTS=100 SAMPLES=16 sh benchmarks/futures.sh      (a quick look)
# Needs the MPI build (make with mpicc installed) and mpirun; as root it
# sets Open MPI's OMPI_ALLOW_RUN_AS_ROOT pair.
set -u
KAMPLAN=${KAMPLAN:-./kamplan}
ACCOUNTS=${ACCOUNTS:-300}
SEED=${SEED:-1}
SAMPLES=${SAMPLES:-64}
RANKS=${RANKS:-2}
LOW_PCT=${LOW_PCT:-60}
HIGH_PCT=${HIGH_PCT:-140}
GAP=${GAP:-0.01}
LIMIT=${LIMIT:-120}             # seconds per sample
MPIRUN=${MPIRUN:-mpirun}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1

fail() { echo "FAIL: $*"; exit 1; }
command -v "$MPIRUN" >/dev/null || fail "no $MPIRUN (apt-get install openmpi-bin)"
ldd "$KAMPLAN" 2>/dev/null | grep -q libmpi || fail "$KAMPLAN is not the MPI build (make MPI=1)"
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

"$KAMPLAN" generate --accounts "$ACCOUNTS" --seed "$SEED" "$tmp/inst" >/dev/null || fail "generate"
# value (column 6) gets value_low and value_high, rounded to whole units.
awk -F, -v lo="$LOW_PCT" -v hi="$HIGH_PCT" 'BEGIN { OFS = "," }
    NR == 1 { print $0, "value_low", "value_high"; next }
    { printf "%s,%d,%d\n", $0, int($6 * lo / 100), int($6 * hi / 100 + 0.999999) }' \
    "$tmp/inst/activities.csv" >"$tmp/act" && mv "$tmp/act" "$tmp/inst/activities.csv"
printf 'id,samples\nbase,%s\n' "$SAMPLES" >"$tmp/inst/scenarios.csv"
"$KAMPLAN" check "$tmp/inst" >/dev/null || fail "the instance with ranges does not load"

# run NAME RANKS: solves the samples, keeps the wall seconds in $tmp/NAME.wall.
run() {
    t0=$(date +%s.%N)
    $MPIRUN -n "$2" --bind-to core "$KAMPLAN" solve "$tmp/inst" --seed 7 --gap "$GAP" \
        --time-limit "$LIMIT" --threads 1 --out "$tmp/$1" -q \
        >"$tmp/$1.out" 2>"$tmp/$1.err" || fail "$1: exit $? ($(tail -2 "$tmp/$1.err"))"
    echo "$(date +%s.%N) - $t0" | bc >"$tmp/$1.wall"
}
run one 1
run many "$RANKS"

cmp -s "$tmp/one/robustness.csv" "$tmp/many/robustness.csv" ||
    fail "robustness.csv differs between 1 and $RANKS ranks"
solved=$(awk -F, '$6 == "plan" { print $4 }' "$tmp/one/robustness.csv")
[ "$solved" = "$SAMPLES" ] || fail "$solved of $SAMPLES samples solved"
python3 tests/check_same_sets.py "$tmp/one" "$tmp/many" >"$tmp/diff" ||
    fail "the result sets differ: $(head -3 "$tmp/diff")"
echo "check: $SAMPLES samples x 2 runs; every sample solved; robustness.csv byte for byte the same"
awk -F, '$6 == "plan" { printf "base plan across the samples: value %s, mean %s, 5th-95th %s to %s, regret mean %s, max %s\n", $11, $12, $13, $14, $15, $16 }' \
    "$tmp/one/robustness.csv"
w1=$(cat "$tmp/one.wall")
wn=$(cat "$tmp/many.wall")
echo "instance: $ACCOUNTS accounts (seed $SEED), values $LOW_PCT-$HIGH_PCT%, $SAMPLES samples, gap $GAP%; $(getconf _NPROCESSORS_ONLN) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v w1="$w1" -v wn="$wn" -v r="$RANKS" 'BEGIN {
    printf "1x1   mpirun -n 1, 1 thread           %8.2f s wall\n", w1
    printf "%dx1   mpirun -n %d, 1 thread per rank  %8.2f s wall   speed-up %.2fx\n", r, r, wn, w1 / wn
}'
