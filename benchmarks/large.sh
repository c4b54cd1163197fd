#!/bin/sh
# Large portfolios: kamplan (column generation over per-account plans, then
# GLPK only where needed) against glpsol --cuts and cbc on the same model,
# exported as CPLEX LP, at the same relative gap, in this one run.
#   SIZES="200 2000" sh benchmarks/large.sh     (default sizes; 2000 takes
#                                                 up to 2 x LIMIT for the peers)
#   SIZES=20000 PEERS=none sh benchmarks/large.sh   (kamplan alone, memory too)
#   LINKS="10 5" THREADS=1 TARGET=0.25 SIZES=2000 sh benchmarks/large.sh
#       (10 prerequisites and 5 groups that span two accounts, added by
#        benchmarks/add_links.py; one thread, as the peers; PASS when
#        kamplan takes at most TARGET x the fastest peer that reached the gap)
# Checks before it times: every plan kamplan writes is re-checked against the
# raw input by tests/check_plan.py; kamplan's proven bound must not be below
# any peer's plan, and no peer's proven bound below kamplan's plan.
set -eu
KAMPLAN=${KAMPLAN:-./kamplan}
SIZES=${SIZES:-"200 2000"}
SEED=${SEED:-1}
GAP=${GAP:-0.01}                 # percent
LIMIT=${LIMIT:-300}              # seconds per peer solve
PEERS=${PEERS:-"glpsol cbc"}
LINKS=${LINKS:-}                 # "REQUIRES GROUPS" spanning two accounts
THREADS=${THREADS:-0}            # kamplan's --threads (0: every core)
TARGET=${TARGET:-}               # kamplan time / fastest peer's, at most
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ratio_gap=$(awk -v g="$GAP" 'BEGIN { print g / 100 }')

secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

for n in $SIZES; do
    d="$tmp/g$n"
    t0=$(date +%s.%N)
    $KAMPLAN generate --accounts "$n" --seed "$SEED" "$d"
    [ -z "$LINKS" ] || python3 benchmarks/add_links.py "$d" $LINKS "$SEED"
    t1=$(date +%s.%N)
    $KAMPLAN check "$d" >/dev/null
    t2=$(date +%s.%N)
    /usr/bin/time -f "%e %M" -o "$tmp/time" \
        $KAMPLAN solve "$d" --gap "$GAP" --out "$d.out" $([ "$THREADS" -gt 0 ] && echo "--threads $THREADS") >"$tmp/solve.log"
    read -r ks kmem <"$tmp/time"
    python3 tests/check_plan.py "$d" "$d.out" >/dev/null \
        || { echo "FAIL: kamplan's plan breaks a rule (n=$n)"; exit 1; }
    kv=$(awk -F, 'NR == 2 { print $3 }' "$d.out/summary.csv")
    kb=$(awk -F, 'NR == 2 { print $4 }' "$d.out/summary.csv")
    kg=$(awk -F, 'NR == 2 { print $5 }' "$d.out/summary.csv")
    echo "n=$n: generate $(secs "$t0" "$t1") s, load+validate $(secs "$t1" "$t2") s"
    echo "n=$n${LINKS:+ (links: $LINKS)}: kamplan      ${ks} s, $((kmem / 1024)) MiB, value $kv, proven gap ${kg}% (bound $kb)"
    sed -n 's/^  time  */n='"$n"':   stages: /p; s/^         */n='"$n"':           /p' "$tmp/solve.log" | head -2
    fastest=""
    [ "$PEERS" = none ] && continue
    $KAMPLAN export "$d" --lp "$d.lp"
    for p in $PEERS; do
        t0=$(date +%s.%N)
        if [ "$p" = glpsol ]; then
            timeout "$LIMIT" glpsol --lp "$d.lp" --cuts --mipgap "$ratio_gap" \
                -w "$d.glp" >"$tmp/peer.log" 2>&1 || true
            t1=$(date +%s.%N)
            pv=$(awk '$1 == "s" && $2 == "mip" && ($5 == "o" || $5 == "f") { print $6 }' "$d.glp" 2>/dev/null || true)
            pb=$(grep -E '^\+.*mip =' "$tmp/peer.log" | tail -1 | awk '{ for (i = 1; i <= NF; i++) if ($i == "<=") print $(i+1) }')
            done_=$(grep -c "INTEGER OPTIMAL\|RELATIVE MIP GAP TOLERANCE REACHED" "$tmp/peer.log" || true)
        else
            timeout "$LIMIT" cbc "$d.lp" -ratioGap "$ratio_gap" -seconds "$LIMIT" -solve \
                -solu "$d.cbc" >"$tmp/peer.log" 2>&1 || true
            t1=$(date +%s.%N)
            pv=$(head -1 "$d.cbc" 2>/dev/null | awk '{ print $NF }')
            # cbc minimises the negated objective: its "best possible" is
            # the negated bound.
            pb=$(grep -E "best possible" "$tmp/peer.log" | tail -1 | \
                 awk '{ for (i = 1; i < NF; i++) if ($i == "possible") print -$(i+1) }')
            done_=$(grep -c "^Optimal - objective\|Optimal solution found" "$tmp/peer.log" "$d.cbc" 2>/dev/null | awk -F: '{ s += $NF } END { print s + 0 }')
        fi
        ps=$(secs "$t0" "$t1")
        # Consistency: kamplan's bound >= the peer's plan, and kamplan's plan
        # >= the peer's proven bound less the gap both were asked for.
        ok=$(awk -v kv="$kv" -v kb="$kb" -v pv="$pv" -v pb="$pb" 'BEGIN {
            if (pv != "" && pv > kb * (1 + 1e-9)) { print "INCONSISTENT: peer plan above kamplan bound"; exit }
            if (pb != "" && pb + 0 < kv * (1 - 1e-9)) { print "INCONSISTENT: peer bound below kamplan plan"; exit }
            print "consistent" }')
        status=$([ "$done_" -gt 0 ] && echo "reached the gap" || echo "did NOT reach the gap within ${LIMIT} s")
        echo "n=$n: $p $(printf '%-6s' '') ${ps} s, value ${pv:-none}, $status; kamplan is $(awk -v a="$ps" -v b="$ks" 'BEGIN { printf "%.1f", a / b }')x faster; $ok"
        if [ "$done_" -gt 0 ] && { [ -z "$fastest" ] || awk -v a="$ps" -v b="$fastest" 'BEGIN { exit !(a < b) }'; }; then
            fastest=$ps
        fi
    done
    [ -n "$TARGET" ] || continue
    if [ -z "$fastest" ]; then
        echo "n=$n: PASS: no peer reached the gap within ${LIMIT} s; kamplan did in ${ks} s"
    else
        awk -v k="$ks" -v f="$fastest" -v t="$TARGET" -v n="$n" 'BEGIN {
            r = k / f; printf "n=%s: %s: kamplan takes %.3fx the fastest peer (target <= %sx)\n",
                n, r <= t ? "PASS" : "FAIL", r, t }'
    fi
done
