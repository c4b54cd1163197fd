#!/bin/sh
# helgrind (valgrind --tool=helgrind) on kamplan's parallel paths: the what-if
# batch (scenarios on 2 threads, each solve's pricing inside them) and a
# single solve whose column-generation pricing runs on 2 OpenMP threads.
# tests/helgrind_gomp.c (LD_PRELOAD'ed) states OpenMP's fork, join, barrier
# and critical edges, which libgomp's futexes hide from helgrind;
# tests/helgrind.supp suppresses reports inside libgomp, and nothing else.
# A deliberately racy OpenMP loop must still be caught, to show the set-up
# hides no real race. Prints one line per check and "N passed, M failed".
# Environment: KAMPLAN (the binary), CC (to build the shim).
. "$(dirname "$0")/lib.sh"
CC=${CC:-cc}

shim="$tmp/libkp_hg_gomp.so"
if ! $CC -std=c11 -O1 -g -shared -fPIC tests/helgrind_gomp.c -o "$shim" -ldl; then
    bad "build tests/helgrind_gomp.c"
    echo "$pass passed, $fail failed"
    exit 1
fi

# Runs "$@" under helgrind with the shim and the suppressions; the log goes
# to $tmp/hg.log. Exit 99: helgrind reported an error.
hg() {
    OMP_NUM_THREADS=2 valgrind --tool=helgrind --error-exitcode=99 \
        --trace-children=yes --suppressions=tests/helgrind.supp \
        env LD_PRELOAD="$shim" "$@" >"$tmp/out" 2>"$tmp/hg.log"
}

summary() { grep 'ERROR SUMMARY' "$tmp/hg.log" | tail -1 | sed 's/^==[0-9]*== //'; }

# Runs kamplan under helgrind; $1 names the check.
check() {
    what=$1
    shift
    t0=$(date +%s)
    hg "$KAMPLAN" "$@"
    rc=$?
    secs=$(($(date +%s) - t0))
    if [ "$rc" -eq 0 ] && grep -q 'ERROR SUMMARY: 0 errors' "$tmp/hg.log"; then
        ok "$what: $(summary), ${secs} s"
    else
        bad "$what: exit $rc, $(summary)"
        grep -A12 'Possible data race\|lock order' "$tmp/hg.log" | head -40
    fi
}

# 0. The set-up still sees a race: two OpenMP threads add to one variable.
cat >"$tmp/racy.c" <<'C'
#include <stdio.h>
int main(void)
{
    long sum = 0;
    #pragma omp parallel for num_threads(2)
    for (int i = 0; i < 1000; i++)
        sum += i;
    printf("%ld\n", sum);
    return 0;
}
C
$CC -std=c11 -O0 -g -fopenmp "$tmp/racy.c" -o "$tmp/racy"
hg "$tmp/racy"
rc=$?
if [ "$rc" -eq 99 ] && grep -q 'racy.c' "$tmp/hg.log"; then
    ok "a racy OpenMP loop is still reported ($(summary))"
else
    bad "a racy OpenMP loop was not reported (exit $rc)"
fi

# 1. The batch: the sample's scenarios on 2 threads, reuse across them.
check "batch of the sample's scenarios, 2 threads" \
    solve models/sample --threads 2 --gap 0 --quiet --out "$tmp/o1"
# 2. A sweep with --marginal: anchors, seeded scenarios, re-solves.
check "sweep with --marginal, 2 threads" \
    solve models/sample --sweep budget=40000:60000:3 --marginal --threads 2 \
    --quiet --out "$tmp/o2"
# 3. One scenario: column generation's pricing on 2 OpenMP threads.
check "one solve, pricing on 2 threads" \
    solve models/sample --scenario base --gap 0 --quiet --out "$tmp/o3"

finish
