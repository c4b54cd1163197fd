#!/bin/sh
# The input stage against libcsv: `kamplan check` (read every file, check
# every field and reference, qualify, the forced-key check) on a generated
# instance of N accounts (default 20,000), and libcsv's bare parse of the
# same files (benchmarks/csvparse.c, built here with CC: csv_parse over
# each file with counting callbacks), run in turns in this one run. Prints
# the medians of RUNS runs (default 5) of wall time, CPU time (user +
# system) and max RSS of each, the ratios, and PASS or FAIL against issue
# 13's targets: at most 5x the bare parse (wall and CPU) and at most 100 MB
# of max RSS. Exits 1 on FAIL. BASE=path/to/kamplan times an older build
# too.
#
# Then, once, a file beyond the old cap of 1,000,000 rows (BIG rows,
# default 1,100,000; 0 skips it): read under the default --max-rows, and
# refused under --max-rows 1000000 with a message that names the option.
#   N=20000 RUNS=5 sh benchmarks/read.sh
#
# Word splitting is meant: KAMPLAN and BASE may be command lines, and
# `set -- $(...)` splits a line of numbers.
# shellcheck disable=SC2046,SC2086
set -eu
KAMPLAN=${KAMPLAN:-./kamplan}
BASE=${BASE:-}
N=${N:-20000}
RUNS=${RUNS:-5}
BIG=${BIG:-1100000}
CC=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

$CC -O2 -o "$tmp/csvparse" benchmarks/csvparse.c -lcsv
$KAMPLAN generate --accounts "$N" --seed 1 "$tmp/g" >/dev/null

# Check before timing: the instance is valid, and the peer reads a row
# from every line of it.
$KAMPLAN check "$tmp/g"
lines=$(cat "$tmp/g"/*.csv | wc -l)
set -- $("$tmp/csvparse" "$tmp/g"/*.csv)
if [ "$1" -ne "$lines" ]; then
    echo "csvparse read $1 rows from $lines lines" >&2
    exit 1
fi
echo "files: $(du -sh "$tmp/g" | cut -f1), $lines lines, $3 fields"

# once NAME CMD...: runs CMD once, appending "wall cpu rss_kb" to
# $tmp/NAME (a failure stops the script: set -e).
once() {
    name=$1
    shift
    /usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "$@" >/dev/null
    awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$tmp/t" >>"$tmp/$name"
}

# median NAME: the medians of $tmp/NAME's columns, "wall cpu rss_kb".
median() {
    for col in 1 2 3; do
        sort -n -k"$col" "$tmp/$1" | awk -v c="$col" -v n="$RUNS" \
            'NR == int((n + 1) / 2) { printf "%s ", $c }'
    done
}

: >"$tmp/k"
: >"$tmp/c"
: >"$tmp/b"
i=0
while [ "$i" -lt "$RUNS" ]; do
    once k $KAMPLAN check "$tmp/g"
    once c "$tmp/csvparse" "$tmp/g"/*.csv
    [ -z "$BASE" ] || once b "$BASE" check "$tmp/g"
    i=$((i + 1))
done

show() {
    awk -v w="$2" -v c="$3" -v m="$4" -v what="$1" \
        'BEGIN { printf "%-20s %6.2f s wall %6.2f s CPU %7.1f MB max RSS\n", what, w, c, m * 1024 / 1e6 }'
}
set -- $(median k) $(median c)
show "kamplan check" "$1" "$2" "$3"
show "libcsv bare parse" "$4" "$5" "$6"
verdict=$(awk -v kw="$1" -v kc="$2" -v km="$3" -v cw="$4" -v cc="$5" 'BEGIN {
    rw = kw / (cw > 0 ? cw : 0.01); rc = kc / (cc > 0 ? cc : 0.01); mb = km * 1024 / 1e6
    ok = rw <= 5 && rc <= 5 && mb <= 100
    printf "kamplan check / libcsv bare parse: %.1fx wall, %.1fx CPU (target at most 5x); max RSS %.1f MB (target at most 100 MB): %s\n",
        rw, rc, mb, ok ? "PASS" : "FAIL" }')
echo "$verdict"
if [ -n "$BASE" ]; then
    set -- $(median k) $(median b) $(median c)
    show "BASE check" "$4" "$5" "$6"
    awk -v k="$2" -v bw="$4" -v bc="$5" -v cw="$7" -v cc="$8" 'BEGIN {
        printf "BASE check / libcsv bare parse: %.1fx wall, %.1fx CPU; kamplan check / BASE check (CPU): %.2f\n",
            bw / (cw > 0 ? cw : 0.01), bc / (cc > 0 ? cc : 0.01), k / bc }'
fi

if [ "$BIG" -gt 0 ]; then
    # 1,000 accounts and BIG activities of one occurrence each: a model well
    # inside the size limit, so that the file's rows are what is tested.
    mkdir "$tmp/big"
    awk 'BEGIN { print "id"; for (i = 1; i <= 1000; i++) print "A" i }' \
        >"$tmp/big/accounts.csv"
    awk -v n="$BIG" 'BEGIN { print "id,account_id,hours,value"
        for (i = 1; i <= n; i++) print "X" i ",A" (i % 1000 + 1) ",1,1" }' \
        >"$tmp/big/activities.csv"
    printf 'key,value\nhours,1000\n' >"$tmp/big/policy.csv"
    : >"$tmp/v"
    RUNS=1
    once v $KAMPLAN check "$tmp/big"
    set -- $(median v)
    show "$BIG rows, default" "$1" "$2" "$3"
    if $KAMPLAN check --max-rows 1000000 "$tmp/big" 2>"$tmp/err"; then
        echo "--max-rows 1000000 did not refuse $BIG rows" >&2
        exit 1
    fi
    grep -- '--max-rows' "$tmp/err" | sed "s|$tmp/big/||"
fi
case $verdict in *PASS) ;; *) exit 1 ;; esac
