#!/bin/sh
# Loading and validating a large instance: `kamplan check` (read every file,
# check every field and reference, qualify, the forced-key check) against
# two peers in this one run, on the same files:
#   - cat: reading the bytes, the floor for any reader;
#   - python3's csv module: parsing the same files into rows, and nothing
#     more (no validation): what a small script would take.
# Prints the median of RUNS runs of each (wall and user CPU) and the
# ratios, since this machine is shared and noisy. BASE=path/to/kamplan
# times an older build too (e.g. one before a loader change).
#   N=20000 RUNS=5 sh benchmarks/load.sh
set -eu
KAMPLAN=${KAMPLAN:-./kamplan}
BASE=${BASE:-}
N=${N:-20000}
RUNS=${RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

$KAMPLAN generate --accounts "$N" --seed 1 "$tmp/g" >/dev/null
$KAMPLAN check "$tmp/g"
echo "files: $(du -sh "$tmp/g" | cut -f1), $(cat "$tmp/g"/*.csv | wc -l) lines"

# median WHAT CMD...: runs CMD RUNS times; prints "wall user" medians.
median() {
    : >"$tmp/times"
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        /usr/bin/time -f "%e %U" -o "$tmp/t" "$@" >/dev/null
        cat "$tmp/t" >>"$tmp/times"
        i=$((i + 1))
    done
    for col in 1 2; do
        sort -n -k"$col" "$tmp/times" | awk -v c="$col" -v n="$RUNS" \
            'NR == int((n + 1) / 2) { printf "%s ", $c }'
    done
}

k=$(median $KAMPLAN check "$tmp/g")
[ -n "$BASE" ] && b=$(median "$BASE" check "$tmp/g")
c=$(median sh -c "cat '$tmp/g'/*.csv")
p=$(median python3 -c "
import csv, glob, sys
rows = 0
for name in glob.glob(sys.argv[1] + '/*.csv'):
    with open(name, newline='', encoding='utf-8-sig') as f:
        rows += sum(1 for _ in csv.reader(f))
" "$tmp/g")
set -- $k $c $p
printf 'kamplan check     %6.2f s wall %6.2f s user\n' "$1" "$2"
printf 'cat               %6.2f s wall %6.2f s user\n' "$3" "$4"
printf 'python3 csv       %6.2f s wall %6.2f s user\n' "$5" "$6"
awk -v k="$1" -v p="$5" 'BEGIN { printf "kamplan check / python3 csv (wall): %.2f\n", k / p }'
if [ -n "$BASE" ]; then
    set -- $k $b
    printf 'BASE check        %6.2f s wall %6.2f s user\n' "$3" "$4"
    awk -v k="$1" -v b="$3" 'BEGIN { printf "kamplan check / BASE check (wall): %.2f\n", k / b }'
fi
