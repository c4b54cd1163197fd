#!/bin/sh
# Scale (issue 19): generated instances of 20,000, 60,000 and 200,000
# accounts (about 15 activities each), each solved to 0.1% (and 20,000 also
# to 0.01%), timed with /usr/bin/time (wall seconds, peak memory); the
# stages of each solve, the growth exponent of the time between sizes, and
# PASS or FAIL against the targets:
#   60,000 accounts to 0.1% within 60 s; 200,000 to 0.1% within 300 s and
#   3 GB; 20,000 to 0.01% within 30 s; time growing at most as n^1.2.
#   sh benchmarks/scale.sh                      (all three sizes: ~10 minutes
#                                                and ~3 GB of disk in /tmp)
#   SIZES="2000 20000" sh benchmarks/scale.sh   (any sizes; targets where set)
#   THREADS=1 sh benchmarks/scale.sh            (kamplan's --threads)
# Checks before it times: every plan is re-checked against the raw input by
# tests/check_plan.py, and the proven gap must be within the gap asked for.
# Exit status 1 when a check or a target fails.
set -eu
KAMPLAN=${KAMPLAN:-./kamplan}
SIZES=${SIZES:-"20000 60000 200000"}
SEED=${SEED:-1}
THREADS=${THREADS:-0}
TMPDIR=${TMPDIR:-/tmp}
tmp=$(mktemp -d "$TMPDIR/kamplan-scale.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failed=0

# The target for n accounts at gap g (percent): "SECONDS MIB", or "" when
# there is none.
target() {
    case "$1:$2" in
    60000:0.1) echo "60 0" ;;
    200000:0.1) echo "300 3072" ;;
    20000:0.01) echo "30 0" ;;
    *) echo "" ;;
    esac
}

# Solves instance dir $1 (n accounts: $2) at gap $3 percent; prints its line
# and sets secs.
solve() {
    d=$1 n=$2 g=$3 out="$1.out"
    rm -rf "$out"
    /usr/bin/time -f "%e %M" -o "$tmp/time" $KAMPLAN solve "$d" --gap "$g" --out "$out" \
        $([ "$THREADS" -gt 0 ] && echo "--threads $THREADS") >"$tmp/solve.log" 2>&1 \
        || { echo "n=$n gap=$g%: FAIL: kamplan solve failed:"; cat "$tmp/solve.log"; failed=1; return 0; }
    read -r secs kb <"$tmp/time"
    mib=$((kb / 1024))
    python3 tests/check_plan.py "$d" "$out" >/dev/null \
        || { echo "n=$n gap=$g%: FAIL: the plan breaks a rule"; failed=1; }
    v=$(awk -F, 'NR == 2 { print $3 }' "$out/summary.csv")
    b=$(awk -F, 'NR == 2 { print $4 }' "$out/summary.csv")
    pg=$(awk -F, 'NR == 2 { print $5 }' "$out/summary.csv")
    awk -v pg="$pg" -v g="$g" 'BEGIN { exit !(pg != "" && pg <= g * (1 + 1e-9)) }' \
        || { echo "n=$n gap=$g%: FAIL: proven gap ${pg:-none}% above the gap asked for"; failed=1; }
    echo "n=$n gap=$g%: kamplan ${secs} s, ${mib} MiB, value $v, bound $b, proven gap ${pg}%"
    sed -n 's/^  time  */n='"$n"' gap='"$g"'%:   stages: /p' "$tmp/solve.log" | head -1
    t=$(target "$n" "$g")
    [ -n "$t" ] || return 0
    set -- $t
    if awk -v s="$secs" -v m="$mib" -v ts="$1" -v tm="$2" \
        'BEGIN { exit !(s <= ts && (tm == 0 || m <= tm)) }'; then
        echo "n=$n gap=$g%: PASS: ${secs} s (target <= $1 s)$([ "$2" -gt 0 ] && echo ", ${mib} MiB (target <= $2 MiB)")"
    else
        echo "n=$n gap=$g%: FAIL: ${secs} s (target <= $1 s)$([ "$2" -gt 0 ] && echo ", ${mib} MiB (target <= $2 MiB)")"
        failed=1
    fi
}

prev_n="" prev_s=""
for n in $SIZES; do
    d="$tmp/g$n"
    t0=$(date +%s.%N)
    $KAMPLAN generate --accounts "$n" --seed "$SEED" "$d" >/dev/null
    t1=$(date +%s.%N)
    echo "n=$n: generated in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s, $(du -sm "$d" | cut -f1) MB"
    solve "$d" "$n" 0.1
    s01=$secs
    if [ -n "$prev_n" ]; then
        awk -v n0="$prev_n" -v n1="$n" -v s0="$prev_s" -v s1="$s01" 'BEGIN {
            e = log(s1 / s0) / log(n1 / n0)
            printf "growth %s -> %s accounts at 0.1%%: time ~ n^%.2f: %s (target <= 1.2)\n",
                n0, n1, e, e <= 1.2 ? "PASS" : "FAIL"; exit e > 1.2 }' || failed=1
    fi
    prev_n=$n prev_s=$s01
    [ "$n" != 20000 ] || solve "$d" "$n" 0.01
    rm -rf "$d" "$d.out"
done
exit $failed
