#!/bin/sh
# Exact optima (--gap 0) of every scenario of a small instance: kamplan
# against cbc and glpsol (--cuts) on each scenario's exported LP, one
# thread each, in this one run. The instance: ACCOUNTS (default 120)
# generated accounts, LINKS ("REQUIRES GROUPS" that span two accounts,
# default "10 5", by benchmarks/add_links.py) and six scenarios (hours and
# budget scaled, fewer key accounts, more contacts).
#   sh benchmarks/exact.sh
#   ACCOUNTS=60 LIMIT=60 sh benchmarks/exact.sh
# Checks before it times: each kamplan plan is re-checked against the raw
# input (tests/check_plan.py); every scenario a peer proves optimal must
# have kamplan's value (relative 1e-9). Prints, per scenario and in all,
# each solver's time, and PASS when kamplan's total is at most TARGET
# (default 2) times the fastest peer's (a peer that runs out of LIMIT
# seconds counts LIMIT: its time is at least that).
set -eu
KAMPLAN=${KAMPLAN:-./kamplan}
ACCOUNTS=${ACCOUNTS:-120}
SEED=${SEED:-1}
LINKS=${LINKS:-"10 5"}
LIMIT=${LIMIT:-300}
TARGET=${TARGET:-2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d="$tmp/inst"

$KAMPLAN generate --accounts "$ACCOUNTS" --seed "$SEED" "$d" >/dev/null
[ -z "$LINKS" ] || python3 benchmarks/add_links.py "$d" $LINKS "$SEED"
cat >"$d/scenarios.csv" <<'EOF'
id,hours,budget,hours_scale,budget_scale,max_key_accounts,min_contacts
base,,,,,,
lean,,,0.8,0.8,,
rich,,,1.2,1.1,,
half-budget,,,,0.5,,
fewer,,,,,40,
contacts,,,,,,4
EOF
$KAMPLAN check "$d" >/dev/null
echo "instance: $ACCOUNTS accounts (seed $SEED), links: ${LINKS:-none}, 6 scenarios, --gap 0, one thread each, limit ${LIMIT} s"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
add() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a + b }'; }

ktot=0; ctot=0; gtot=0
for s in base lean rich half-budget fewer contacts; do
    t0=$(now)
    $KAMPLAN solve "$d" --scenario "$s" --gap 0 --threads 1 -t "$LIMIT" \
        --out "$tmp/k.$s" >"$tmp/k.log"
    kt=$(secs "$t0" "$(now)")
    python3 tests/check_plan.py "$d" "$tmp/k.$s" >/dev/null \
        || { echo "FAIL: kamplan's plan breaks a rule ($s)"; exit 1; }
    kst=$(awk -F, 'NR == 2 { print $2 }' "$tmp/k.$s/summary.csv")
    kv=$(awk -F, 'NR == 2 { print $3 }' "$tmp/k.$s/summary.csv")
    src=$(sed -n 's/^  bound *//p' "$tmp/k.log")
    $KAMPLAN export "$d" --scenario "$s" --lp "$tmp/$s.lp"
    t0=$(now)
    timeout "$LIMIT" cbc "$tmp/$s.lp" -ratioGap 0 -threads 1 -seconds "$LIMIT" -solve \
        -solu "$tmp/$s.cbc" >"$tmp/c.log" 2>&1 || true
    ct=$(secs "$t0" "$(now)")
    cok=$(grep -c "^Optimal - objective" "$tmp/$s.cbc" 2>/dev/null || true)
    cok=${cok:-0}
    cv=$(head -1 "$tmp/$s.cbc" 2>/dev/null | awk '{ print $NF }')
    [ "$cok" -gt 0 ] || ct=$LIMIT
    t0=$(now)
    timeout "$LIMIT" glpsol --lp "$tmp/$s.lp" --cuts --mipgap 0 \
        -w "$tmp/$s.glp" >"$tmp/g.log" 2>&1 || true
    gt=$(secs "$t0" "$(now)")
    gok=$(grep -c "INTEGER OPTIMAL" "$tmp/g.log" || true)
    gok=${gok:-0}
    gv=$(awk '$1 == "s" && $2 == "mip" && $5 == "o" { print $6 }' "$tmp/$s.glp" 2>/dev/null || true)
    [ "$gok" -gt 0 ] || gt=$LIMIT
    for pv in "$cv" "$gv"; do
        [ -n "$pv" ] || continue
        [ "$cok" -gt 0 ] || [ "$pv" != "$cv" ] || continue
        [ "$gok" -gt 0 ] || [ "$pv" != "$gv" ] || continue
        awk -v k="$kv" -v p="$pv" 'BEGIN { d = k - p; if (d < 0) d = -d; exit !(d <= 1e-9 * (1 + (p < 0 ? -p : p))) }' \
            || { echo "FAIL: $s: kamplan $kst $kv, a peer's proven optimum $pv"; exit 1; }
    done
    echo "$s: kamplan $kt s ($kst $kv, bound: $src); cbc $ct s$([ "$cok" -gt 0 ] || echo ' (no proof)'); glpsol $gt s$([ "$gok" -gt 0 ] || echo ' (no proof)')"
    [ "$kst" = optimal ] || echo "$s: kamplan did not prove the optimum within ${LIMIT} s"
    ktot=$(add "$ktot" "$kt"); ctot=$(add "$ctot" "$ct"); gtot=$(add "$gtot" "$gt")
done
awk -v k="$ktot" -v c="$ctot" -v g="$gtot" -v t="$TARGET" 'BEGIN {
    f = c < g ? c : g; name = c < g ? "cbc" : "glpsol"
    printf "total: kamplan %.2f s, cbc %.2f s, glpsol %.2f s; kamplan takes %.3fx the fastest peer (%s): %s (target <= %sx)\n",
        k, c, g, k / f, name, k / f <= t ? "PASS" : "FAIL", t }'
