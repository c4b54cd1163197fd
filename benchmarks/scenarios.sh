#!/bin/sh
# What-if scenarios: how much faster is a kamplan batch than the same
# scenarios solved other ways? In one run, on one generated instance
# (ACCOUNTS accounts) and one sweep of SCENARIOS budgets (or hours), each
# scenario to the same gap and under the same per-scenario time limit:
#   batch-1     kamplan solve --sweep ... --threads 1            (1 core)
#   batch-N     kamplan solve --sweep ... --threads THREADS
#   reuse-1     kamplan solve --sweep ... --threads 1 --reuse    (1 core)
#   reuse-N     kamplan solve --sweep ... --threads THREADS --reuse
#   inner-N     kamplan solve --sweep ... --threads 1, OMP_NUM_THREADS
#               unset: one scenario at a time, the column generation
#               itself spread over the cores (parallel within a scenario
#               instead of across scenarios)
#   one-by-one  one `kamplan solve --scenario ID --threads 1` process per
#               scenario (1 core): each from scratch, loading the instance
#               again
# The 1-core runs set OMP_NUM_THREADS=1: with --threads 1 alone, the solver
# may still use every core inside a scenario.
#   glpsol      one `glpsol --lp` per scenario on kamplan's exported model
#               (export not timed), with GLPSOL_OPTS (default --cuts)
# Answers are checked first: every run must have a plan for every scenario,
# all plans of a scenario within the gap of each other and of glpsol's,
# and no plan above another run's proven bound. Then one line per run:
# seconds, and the ratios the issue asks for.
#   sh benchmarks/scenarios.sh                       (defaults below)
#   ACCOUNTS=100 SCENARIOS=8 LIMIT=20 sh benchmarks/scenarios.sh
set -u
KAMPLAN=${KAMPLAN:-./kamplan}
ACCOUNTS=${ACCOUNTS:-200}
SEED=${SEED:-1}
SCENARIOS=${SCENARIOS:-16}
PARAM=${PARAM:-budget}          # budget or hours
FROM_PCT=${FROM_PCT:-50}        # sweep from/to, percent of policy.csv's value
TO_PCT=${TO_PCT:-150}
GAP=${GAP:-0.01}                # percent
LIMIT=${LIMIT:-60}              # seconds per scenario, every solver
THREADS=${THREADS:-$(nproc)}
GLPSOL_OPTS=${GLPSOL_OPTS:---cuts}
KAMPLAN_OPTS=${KAMPLAN_OPTS:-}   # more solve options, e.g. "--method bb"
RUNS=${RUNS:-"batch-1 batch-N reuse-1 reuse-N inner-N one-by-one glpsol"}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Runs a command, adding its wall-clock and CPU seconds (user + system,
# all its threads) to $wall and $cpu. CPU time says what the work cost even
# when other programs share the machine; wall-clock time is what a planner
# waits.
wall=0
cpu=0
timed() {
    /usr/bin/time -f "%e %U %S" -o "$tmp/time" "$@"
    rc=$?
    wall=$(awk -v a="$wall" '{ printf "%.2f", a + $1 }' "$tmp/time")
    cpu=$(awk -v a="$cpu" '{ printf "%.2f", a + $2 + $3 }' "$tmp/time")
    return $rc
}

inst="$tmp/inst"
$KAMPLAN generate --accounts "$ACCOUNTS" --seed "$SEED" "$inst" >/dev/null || exit 1
base=$(awk -F, -v p="$PARAM" '$1 == p { print $2 }' "$inst/policy.csv")
[ -n "$base" ] || { echo "policy.csv sets no $PARAM" >&2; exit 1; }
SWEEP=${SWEEP:-$(awk -v p="$PARAM" -v b="$base" -v f="$FROM_PCT" -v t="$TO_PCT" -v n="$SCENARIOS" \
    'BEGIN { printf "%s=%d:%d:%d", p, b * f / 100, b * t / 100, n }')}
COMMON="--sweep $SWEEP --gap $GAP --time-limit $LIMIT --quiet $KAMPLAN_OPTS"

# kamplan run NAME OMP_NUM_THREADS ARGS: its summary.csv lands in
# $tmp/NAME ("" leaves OMP_NUM_THREADS unset).
kp_run() {
    name=$1 omp=$2
    shift 2
    wall=0 cpu=0
    # shellcheck disable=SC2086
    if [ -n "$omp" ]; then
        timed env OMP_NUM_THREADS="$omp" $KAMPLAN solve "$inst" $COMMON "$@" --out "$tmp/$name" 2>"$tmp/$name.err"
    else
        timed $KAMPLAN solve "$inst" $COMMON "$@" --out "$tmp/$name" 2>"$tmp/$name.err"
    fi
    echo "$name $wall $cpu" >>"$tmp/times"
}

# The scenario ids: a batch whose time is up before it starts lists them all.
# shellcheck disable=SC2086
$KAMPLAN solve "$inst" $COMMON --total-time-limit 1e-9 --out "$tmp/ids" 2>/dev/null

for run in $RUNS; do
    case $run in
    batch-1) kp_run batch-1 1 --threads 1 ;;
    batch-N) kp_run batch-N "" --threads "$THREADS" ;;
    reuse-1) kp_run reuse-1 1 --threads 1 --reuse ;;
    reuse-N) kp_run reuse-N "" --threads "$THREADS" --reuse ;;
    inner-N) kp_run inner-N "" --threads 1 ;;
    one-by-one)
        mkdir -p "$tmp/one-by-one"
        echo "scenario,status,objective,bound" >"$tmp/one-by-one/summary.csv"
        wall=0 cpu=0
        for id in $(awk -F, 'NR > 1 { print $1 }' "$tmp/ids/summary.csv"); do
            # shellcheck disable=SC2086
            timed env OMP_NUM_THREADS=1 $KAMPLAN solve "$inst" $COMMON --threads 1 --scenario "$id" \
                --out "$tmp/one" 2>/dev/null
            sed -n 2p "$tmp/one/summary.csv" | cut -d, -f1-4 >>"$tmp/one-by-one/summary.csv"
        done
        echo "one-by-one $wall $cpu" >>"$tmp/times" ;;
    glpsol)
        mkdir -p "$tmp/glpsol"
        echo "scenario,status,objective,bound" >"$tmp/glpsol/summary.csv"
        mipgap=$(awk -v g="$GAP" 'BEGIN { print g / 100 }')
        wall=0 cpu=0
        for id in $(awk -F, 'NR > 1 { print $1 }' "$tmp/ids/summary.csv"); do
            $KAMPLAN export "$inst" --sweep "$SWEEP" --scenario "$id" --lp "$tmp/m.lp" || exit 1
            # shellcheck disable=SC2086
            timed glpsol --lp "$tmp/m.lp" $GLPSOL_OPTS --mipgap "$mipgap" --tmlim "$LIMIT" \
                -w "$tmp/raw" >"$tmp/glpsol.log" 2>&1
            # "s mip ROWS COLS STATUS OBJ": o = optimal (within --mipgap),
            # f = feasible (time limit), n / u = none.
            awk -F' ' -v id="$id" '$1 == "s" && $2 == "mip" {
                st = $5 == "o" ? "optimal" : $5 == "f" ? "feasible" : "no_solution"
                print id "," st "," $6 "," }' "$tmp/raw" >>"$tmp/glpsol/summary.csv"
        done
        echo "glpsol $wall $cpu" >>"$tmp/times" ;;
    *) echo "unknown run '$run'" >&2; exit 2 ;;
    esac
done

# Check the answers before anything is timed: per scenario, every plan
# within the gap of the best one, and no plan above any proven bound.
for run in $RUNS; do
    awk -F, -v r="$run" 'NR > 1 { print r, $1, $2, $3, $4 }' "$tmp/$run/summary.csv"
done >"$tmp/all"
awk -v gap="$GAP" '
    { st[$1, $2] = $3; v[$1, $2] = $4; b[$1, $2] = $5; runs[$1] = 1; ids[$2] = 1
      if ($3 == "optimal" || $3 == "feasible") { if (!($2 in best) || $4 > best[$2]) best[$2] = $4 }
      if ($3 == "optimal") bound = $4; else bound = $5
      if (bound != "" && (!($2 in minb) || bound < minb[$2])) minb[$2] = bound }
    END {
        bad = 0; limited = 0; spread = 0
        for (id in ids) for (r in runs) {
            s = st[r, id]
            if (s != "optimal" && s != "feasible") { printf "CHECK: %s %s: %s\n", r, id, s; bad++; continue }
            tol = gap / 100 * best[id] + 1e-6 * (best[id] < 0 ? -best[id] : best[id]) + 1e-6
            d = best[id] - v[r, id]
            if (d > spread * best[id]) spread = d / best[id]
            if (d > tol) {
                if (s == "feasible") limited++
                else { printf "CHECK: %s %s: %s below the best plan %s\n", r, id, v[r, id], best[id]; bad++ }
            }
            if (v[r, id] > minb[id] + 1e-6 * (minb[id] < 0 ? -minb[id] : minb[id]) + 1e-6) {
                printf "CHECK: %s %s: plan %s above a proven bound %s\n", r, id, v[r, id], minb[id]; bad++ }
        }
        n = 0; for (id in ids) n++
        nr = 0; for (r in runs) nr++
        printf "check: %d scenarios x %d runs; every plan within %.4g%% of the best (largest spread %.4g%%)%s\n",
            n, nr, gap, 100 * spread,
            limited ? sprintf("; %d plans short of the gap at the %s s time limit", limited, ENVIRON["LIMIT"]) : ""
        exit bad ? 1 : 0 }' "$tmp/all"
ok=$?
[ "$ok" -eq 0 ] || { echo "answers disagree: no timings reported"; exit 1; }

echo "instance: $ACCOUNTS accounts (seed $SEED), sweep $SWEEP, gap $GAP%, limit ${LIMIT} s per scenario${KAMPLAN_OPTS:+, kamplan $KAMPLAN_OPTS}; $(nproc) cores, THREADS=$THREADS"
awk -v n="$THREADS" '
    { t[$1] = $2; c[$1] = $3 }
    function r(a, b) { return (a in t && b in t && t[b] > 0) ? sprintf("%.2fx", t[a] / t[b]) : "-" }
    function rc(a, b) { return (a in c && b in c && c[b] > 0) ? sprintf("%.2fx", c[a] / c[b]) : "-" }
    function line(k, what, note) {
        if (k in t) printf "%-11s %-36s %7.2f s wall %7.2f s cpu   %s\n", k, what, t[k], c[k], note }
    END {
        line("batch-1", "kamplan batch, 1 thread", "")
        line("batch-N", sprintf("kamplan batch, %d threads", n),
             sprintf("parallel speed-up %s (target >= %.1fx)", r("batch-1", "batch-N"), 0.8 * n))
        line("reuse-1", "kamplan batch, 1 thread, --reuse",
             sprintf("reuse gains %s wall, %s cpu", r("batch-1", "reuse-1"), rc("batch-1", "reuse-1")))
        line("reuse-N", sprintf("kamplan batch, %d threads, --reuse", n),
             sprintf("speed-up %s over reuse-1; reuse gains %s wall", r("reuse-1", "reuse-N"), r("batch-N", "reuse-N")))
        line("inner-N", sprintf("one scenario at a time, %d threads", n),
             sprintf("speed-up %s over batch-1; batch-N is %s faster", r("batch-1", "inner-N"), r("inner-N", "batch-N")))
        line("one-by-one", "one kamplan process per scenario",
             sprintf("batch-1 is %s faster (%s cpu), reuse-1 %s (%s cpu)", r("one-by-one", "batch-1"),
                     rc("one-by-one", "batch-1"), r("one-by-one", "reuse-1"), rc("one-by-one", "reuse-1")))
        line("glpsol", "glpsol per exported LP",
             sprintf("batch-N is %s faster (target >= 3x), batch-1 %s (%s cpu)", r("glpsol", "batch-N"),
                     r("glpsol", "batch-1"), rc("glpsol", "batch-1")))
    }' "$tmp/times"
