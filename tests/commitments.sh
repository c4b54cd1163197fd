#!/bin/sh
# Commitments (activities.csv min_count and locked, scenarios.csv key and
# exclude) against independent solves: on generated instances with random
# commitments (tests/add_commitments.py), every scenario's optimum by
# column generation (--method auto) and by branch-and-cut (--method bb)
# equals glpsol's on the exported LP and glpsol's on the MathProg model
# (models/kamplan.mod, written by hand), or all four say infeasible; on
# instances with links across accounts the proof by enumeration must
# have closed the gap at least once; --reuse keeps the optima, seeding
# scenarios with plans repaired to their commitments. An instance with the new columns
# left empty gives the same result set as without them, and a sweep
# carries no scenario's key or exclude. QUICK=1 solves fewer instances.
# Under valgrind ($VALGRIND set), whose job is memory errors, the smallest
# instances, each scenario's two methods against each other, and the
# sample's base scenario alone: the peers' answers (glpsol, the MathProg
# model), the proof's count and the other scenarios are the plain pass's,
# on the same numbers.
# Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
PEER=1 SAMPLE=
if [ -n "${VALGRIND:-}" ]; then
    GEN=${COMMIT_GEN:-"12:1"}
    LINKED=${COMMIT_LINKED:-"12:1"}
    PEER=0 SAMPLE="--scenario base"
elif [ "${QUICK:-0}" = 1 ]; then
    GEN=${COMMIT_GEN:-"12:1 30:2"}
    LINKED=${COMMIT_LINKED:-"60:1"}
else
    GEN=${COMMIT_GEN:-"12:1 12:2 30:1 30:2 30:4"}
    LINKED=${COMMIT_LINKED:-"60:1 40:3 60:5"}
fi

# Every scenario of instance $2: auto, bb, LP and MathProg agree (without
# the peers, auto and bb; lib.sh's methods_agree).
check_instance() {
    rm -rf "$tmp/auto" "$tmp/bb"
    $KAMPLAN solve "$2" --gap 0 -q --out "$tmp/auto" 2>"$tmp/err"
    $KAMPLAN solve "$2" --gap 0 -q --method bb --out "$tmp/bb" 2>>"$tmp/err"
    methods_agree "$1" "$2" "$tmp/auto" "$tmp/bb" $(awk -F, 'NR > 1 { print $1 }' "$2/scenarios.csv")
}

feasible=0 infeasible=0
for g in $GEN; do
    n=${g%:*} seed=${g#*:}
    dir="$tmp/g$n-$seed"
    $KAMPLAN generate --accounts "$n" --seed "$seed" "$dir" >/dev/null
    python3 tests/add_commitments.py "$dir" "$seed"
    check_instance "generated n=$n seed=$seed" "$dir"
done
# --reuse: each scenario starts from its anchor's plan repaired to fit
# (the accounts it excludes dropped, min_count kept); the optima stay.
$KAMPLAN solve "$dir" --gap 0 --reuse -q --out "$tmp/reuse" 2>/dev/null
$KAMPLAN solve "$dir" --gap 0 -q --out "$tmp/fresh" 2>/dev/null
seeded=$(awk -F, 'NR > 1 && $13 != "" { n++ } END { print n + 0 }' "$tmp/reuse/frontier.csv")
if [ "$(cut -d, -f1-3 "$tmp/reuse/summary.csv")" = "$(cut -d, -f1-3 "$tmp/fresh/summary.csv")" ] &&
    [ "$seeded" -ge 2 ]; then
    ok "--reuse with commitments: the same optima, $seeded scenarios seeded by a repaired plan"
else
    bad "--reuse with commitments: $seeded seeded; $(cut -d, -f1-3 "$tmp/reuse/summary.csv" | tr '\n' ' ')"
fi
proofs=0
for g in $LINKED; do
    n=${g%:*} seed=${g#*:}
    dir="$tmp/l$n-$seed"
    $KAMPLAN generate --accounts "$n" --seed "$seed" "$dir" >/dev/null
    python3 benchmarks/add_links.py "$dir" 4 2 "$seed"
    python3 tests/add_commitments.py "$dir" "$seed"
    check_instance "linked n=$n seed=$seed" "$dir"
    [ "$PEER" = 0 ] && continue
    $KAMPLAN solve "$dir" --gap 0 >"$tmp/text" 2>&1
    proofs=$((proofs + $(grep -c "^  bound *enumeration" "$tmp/text")))
done
if [ "$PEER" = 0 ]; then
    :
elif [ "$proofs" -ge 1 ]; then
    ok "the proof by enumeration closed the gap on $proofs scenarios with commitments"
else
    bad "the proof by enumeration never closed the gap on a scenario with commitments"
fi

# Empty commitment columns change nothing: the sample's result set, byte
# for byte but the seconds.
cp -r models/sample "$tmp/sample-empty"
python3 - "$tmp/sample-empty" <<'EOF'
import csv, sys
d = sys.argv[1]
for name, cols in (("activities.csv", ["min_count", "locked"]),
                   ("scenarios.csv", ["key", "exclude"])):
    with open(f"{d}/{name}", newline="") as f:
        text = f.read()
    delim = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    rows = list(csv.reader(text.splitlines(), delimiter=delim))
    rows[0] += cols
    for r in rows[1:]:
        if r:
            r += [""] * len(cols)
    with open(f"{d}/{name}", "w", newline="") as f:
        csv.writer(f, delimiter=delim, lineterminator="\n").writerows(rows)
EOF
for d in models/sample "$tmp/sample-empty"; do
    o="$tmp/set-$(basename "$d")"
    $KAMPLAN solve "$d" $SAMPLE --gap 0 -q --out "$o" 2>/dev/null
    sed -i 's/,[0-9.e+-]*$/,/' "$o/summary.csv"
done
if diff -r "$tmp/set-sample" "$tmp/set-sample-empty" >"$tmp/diff"; then
    ok "empty min_count, locked, key and exclude columns: the same result set"
else
    bad "empty commitment columns change the result set: $(head -3 "$tmp/diff")"
fi

# A sweep replaces the scenarios, and with them their key and exclude:
# x excludes A1 at 60 hours; the sweep's 60 hours does not.
cp -r tests/cases/commit-valid/in "$tmp/sw"
printf 'id,hours,key,exclude\nx,60,,A1\n' >"$tmp/sw/scenarios.csv"
$KAMPLAN solve "$tmp/sw" --gap 0 -q --out "$tmp/sw-x" 2>/dev/null
$KAMPLAN solve "$tmp/sw" --sweep hours=60:60:1 --gap 0 -q --out "$tmp/sw-sweep" 2>"$tmp/sweep.err"
rm "$tmp/sw/scenarios.csv"
$KAMPLAN solve "$tmp/sw" --gap 0 -q --out "$tmp/sw-plain" 2>/dev/null
x=$(awk -F, 'NR == 2 { print $3 }' "$tmp/sw-x/summary.csv")
sw=$(awk -F, 'NR == 2 { print $3 }' "$tmp/sw-sweep/summary.csv")
pl=$(awk -F, 'NR == 2 { print $3 }' "$tmp/sw-plain/summary.csv")
if [ -n "$sw" ] && [ "$sw" = "$pl" ] && [ "$sw" != "$x" ] &&
    grep -q "replaced by the sweep" "$tmp/sweep.err"; then
    ok "a sweep carries no scenario's exclude ($sw at 60 hours; $x with A1 excluded)"
else
    bad "sweep '$sw', no scenarios '$pl', A1 excluded '$x'; $(head -2 "$tmp/sweep.err")"
fi
# accounts.csv and changes.csv say what each scenario forces: A1
# (status=key) excluded in "lean" is not key there, and its account row
# says it is dropped; A3 (fails min_sales, no activity that fits) is key
# in "wide" by the scenario's key, with no activity, and its row says added.
mkdir -p "$tmp/kx"
printf 'id,status,sales\nA1,key,100\nA2,auto,100\nA3,auto,1\n' >"$tmp/kx/accounts.csv"
printf 'id,account_id,hours,value\na1,A1,5,100\na2,A2,5,200\na3,A3,50,10\n' >"$tmp/kx/activities.csv"
printf 'key,value\nhours,20\nmin_contacts,0\nmin_sales,50\n' >"$tmp/kx/policy.csv"
printf 'id,hours,key,exclude\nbase,,,\nlean,,,A1\nwide,,A3,\n' >"$tmp/kx/scenarios.csv"
$KAMPLAN solve "$tmp/kx" --gap 0 -q --out "$tmp/kx-o" 2>"$tmp/kx.err"
keys=$(awk -F, '$2 == "A1" || $2 == "A3" { printf "%s:%s=%s ", $1, $2, $3 }' "$tmp/kx-o/accounts.csv")
if [ "$keys" = "base:A1=1 base:A3=0 lean:A1=0 lean:A3=0 wide:A1=1 wide:A3=1 " ]; then
    ok "accounts.csv: key column follows the scenario's key and exclude"
else
    bad "accounts.csv key column: $keys $(head -2 "$tmp/kx.err")"
fi
rows=$(awk -F, '$4 == "" && $3 != "" { printf "%s>%s:%s:%s ", $1, $2, $3, $5 }' "$tmp/kx-o/changes.csv")
if [ "$rows" = "base>lean:A1:dropped base>wide:A3:added " ]; then
    ok "changes.csv: account rows for a scenario's exclude and key ($rows)"
else
    bad "changes.csv account rows: '$rows'"
fi
finish
