#!/bin/sh
# Runs every test suite against one build and prints a closing
# "N passed, M failed" over all of them. Environment: KAMPLAN (the binary),
# BUILD (where the unit test binaries are), VALGRIND (a command prefix such
# as "valgrind --error-exitcode=99 ..." for the unit tests; optional),
# QUICK=1 to skip the slower cross-checks, what-if batch and time-limit
# suites; PEERS=0 to skip only the two suites whose work is the peers'
# (glpsol and cbc solving the exported models, make test's ASan pass: the
# plain pass has run them). tests/install.sh installs the plain build: with a sanitizer build
# or VALGRIND it skips itself.
set -u
KAMPLAN=${KAMPLAN:-$(pwd)/kamplan}
BUILD=${BUILD:-build}
VALGRIND=${VALGRIND:-}
export KAMPLAN
total_pass=0
total_fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Runs one suite; its last "N passed, M failed" line is added to the totals.
# A suite that exits non-zero without such a line counts as one failure.
suite() {
    name=$1
    shift
    echo "== $name"
    t0=$(date +%s)
    "$@" >"$log" 2>&1
    rc=$?
    grep -v '^ok - ' "$log" | grep -v 'passed, [0-9]* failed$' | head -40
    line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
    p=$(printf '%s' "$line" | sed -E 's/^(.*[^0-9])?([0-9]+) passed, ([0-9]+) failed.*$/\2/')
    f=$(printf '%s' "$line" | sed -E 's/^(.*[^0-9])?([0-9]+) passed, ([0-9]+) failed.*$/\3/')
    [ -n "$line" ] || { p=0; f=0; }
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
        echo "$name exited with status $rc"
    fi
    echo "$name: $p passed, $f failed ($(($(date +%s) - t0)) s)"
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
}

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    suite "unit $(basename "$t")" $VALGRIND "$t"
done
suite "cli cases" sh tests/cli.sh
suite "options: --help and man page" sh tests/options.sh
suite "atomic outputs" sh tests/output.sh
suite "result sets, locks, inputs never written" sh tests/atomic.sh
suite "robustness: special files, byte cap, read errors, memory, signals" sh tests/robust.sh
suite "layers" env BUILD="$BUILD" sh tests/layers.sh
[ -f tests/check_plan_selftest.sh ] && suite "plan re-check" sh tests/check_plan_selftest.sh
suite "evaluate and bench" sh tests/evaluate.sh
suite "differences that add up" sh tests/diffs.sh
suite "scenario diffs and qualify with managers and periods" sh tests/diffs_team.sh
suite "evaluate's changes and the report with managers and periods" sh tests/evaluate_team.sh
suite "long requires chains and cycles" sh tests/requires_scale.sh
suite "install" sh tests/install.sh
suite "JSON output" sh tests/json.sh
suite "HTML reports" sh tests/report.sh
suite "reasons: why and solve --why" sh tests/why.sh
suite "shell examples in the docs" sh tests/docs.sh
suite "replanning: --from, --max-changes, --change-cost, tradeoff" sh tests/replan.sh
if [ "${PEERS:-1}" != 0 ]; then
    suite "exports read back by glpsol and cbc" sh tests/roundtrip.sh
    suite "commitments against glpsol and the MathProg model" sh tests/commitments.sh
fi
# The scaled instances: the sample and one generated instance, both
# methods, in the quick pass; under valgrind, whose job is memory errors
# and not scale, the sample's base scenario alone at the largest factor
# (2^40) and its huge hours; the whole matrix (with cross-account links)
# otherwise.
if [ -n "$VALGRIND" ]; then
    suite "numbers at any scale (part)" env SCALED_INSTANCES=sample \
        SCALED_KS=40 SCALED_HUGE=sample SCALED_ARGS="--scenario base" sh tests/scaled.sh
elif [ "${QUICK:-0}" = 1 ]; then
    suite "numbers at any scale (part)" env SCALED_INSTANCES="sample gen40" \
        SCALED_KS="14 24 40" sh tests/scaled.sh
else
    suite "numbers at any scale" sh tests/scaled.sh
fi
suite "determinism: the same result on a clock 300 times faster" sh tests/determinism.sh
suite "MPI: scenarios over ranks" sh tests/mpi.sh
suite "sampled futures: robustness.csv against brute force, seeds, ranks" sh tests/futures.sh
suite "a team of managers: glpsol, cbc, MathProg, managers.csv" sh tests/team.sh
suite "periods: glpsol, cbc, MathProg, periods.csv, the rules of each plan" sh tests/periods.sh
suite "marginals per manager and period against glpsol; the sample team" sh tests/marginals.sh
suite "sweeps over one manager's or period's capacity" sh tests/sweep_team.sh
suite "the decomposition on teams and periods: glpsol, cbc, evaluate" sh tests/decomp_team.sh
suite "branch-and-cut on the keys first for teams over periods: cbc, evaluate" sh tests/branch_keys.sh
suite "generated teams and benchmarks/team.sh" sh tests/generate_team.sh
if [ "${QUICK:-0}" != 1 ] && [ "${PEERS:-1}" != 0 ]; then
    suite "cross-check with glpsol/cbc" sh tests/crosscheck.sh
    [ -f tests/mathprog.sh ] && suite "MathProg model" sh tests/mathprog.sh
fi
if [ "${QUICK:-0}" != 1 ]; then
    suite "what-if batches" sh tests/batch.sh
    suite "what-if batches: glpsol, time limit, Ctrl-C" sh tests/batch_slow.sh
fi
# Wall-clock limits are timed on the plain build only: a sanitizer's or
# valgrind's slowdown would be measured, not kamplan's.
if [ "${QUICK:-0}" != 1 ] && [ "$KAMPLAN" = "$(pwd)/kamplan" ]; then
    suite "time limits" sh tests/time_limits.sh
fi
echo "== all suites"
echo "$total_pass passed, $total_fail failed"
# make test adds up its passes from here.
[ -n "${TOTALS:-}" ] && echo "$total_pass $total_fail" >>"$TOTALS"
[ "$total_fail" -eq 0 ]
