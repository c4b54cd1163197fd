#!/bin/sh
# generate's team and benchmarks/team.sh. Without --managers an instance
# is byte for byte what it always was (a checksum: other suites and the
# benchmarks depend on them). With --managers 8: the managers' hours are
# shares of a post (1.0, 1.0, 0.8, 1.0, 0.6, 1.0, 0.9, 0.7) of 1.05 times
# the policy's hours, their max_accounts shares of 95 % of
# max_key_accounts; on small instances (some or all managers chosen, with
# periods; not under valgrind) the floors keep them feasible, kamplan's
# optimum equals cbc's on the exported LP, and a manager's hours or load
# binds. Then
# benchmarks/team.sh on a fake cbc that claims a plan above kamplan's
# bound must stop with FAIL, one without a plan (but its relaxation's
# value in its solution file) must not, and (not under QUICK=1, PEERS=0 or
# valgrind: it runs cbc) a smoke run on 20 accounts prints its lines.
# Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
SLOW=1
{ [ "${QUICK:-0}" = 1 ] || [ "${PEERS:-1}" = 0 ] || [ -n "${VALGRIND:-}" ]; } && SLOW=0

# sums DIR FILES...: one checksum over the files of DIR, in this order.
sums() {
    d=$1
    shift
    (cd "$d" && cat "$@" | sha256sum | cut -c1-16)
}
$KAMPLAN generate --accounts 30 --seed 2 "$tmp/plain" >/dev/null
$KAMPLAN generate --accounts 30 --seed 2 --periods 3 "$tmp/per" >/dev/null
a=$(sums "$tmp/plain" accounts.csv activities.csv contacts.csv objectives.csv policy.csv)
b=$(sums "$tmp/per" accounts.csv activities.csv contacts.csv objectives.csv policy.csv periods.csv)
if [ "$a" = e3b6ca73817c8234 ] && [ "$b" = d1d9f0b1da9181bc ] &&
   [ "$(ls "$tmp/plain" | tr '\n' ' ')" = "accounts.csv activities.csv contacts.csv objectives.csv policy.csv " ]; then
    ok "generate without --managers: the same bytes as before (30 accounts, seed 2; with --periods 3)"
else
    bad "generate without --managers: checksums $a $b changed"
fi

# The shape of a team of 8 on 2,000 accounts (200 under valgrind).
N=2000
[ -z "${VALGRIND:-}" ] || N=200
$KAMPLAN generate --accounts $N --seed 1 --managers 8 --fixed-managers 0 "$tmp/t8" >/dev/null
r=$(awk -F, 'FNR == 1 { next }
    FILENAME ~ /policy/ { p[$1] = $2; next }
    { h[FNR - 1] = $3; k[FNR - 1] = $4; H += $3; K += $4; n++ }
    END {
        s = "10 10 8 10 6 10 9 7"; split(s, f, " ")
        bad = ""
        for (m = 1; m <= n; m++)
            if (h[m] != int((p["hours"] * 1.05 * f[m] / 70) + 0.999999)) bad = bad " hours of M" m "=" h[m]
        if (H < 1.05 * p["hours"] || H > 1.05 * p["hours"] + n) bad = bad " sum of hours " H
        if (K < 0.95 * p["max_key_accounts"] || K > 0.95 * p["max_key_accounts"] + n) bad = bad " sum of max_accounts " K
        if (k[1] == k[2] || h[2] != h[1]) bad = bad " load follows hours"
        print n " " bad }' "$tmp/t8/policy.csv" "$tmp/t8/managers.csv")
if [ "$r" = "8 " ] && [ "$(head -1 "$tmp/t8/managers.csv")" = "id,name,hours,max_accounts" ] &&
   $KAMPLAN check "$tmp/t8" >/dev/null; then
    ok "generate --accounts $N --managers 8: hours shares of 1.05 x the policy's, max_accounts 95 % of max_key_accounts, unlike the hours, valid"
else
    bad "generate --managers 8: $r"
    cat "$tmp/t8/managers.csv"
fi

# Small teams solved: kamplan's optimum equals cbc's; some manager's
# hours or load binds. Not under valgrind (branch-and-cut, seconds).
CASES="10 4 50 2,9 2 0 4"
[ -z "${VALGRIND:-}" ] || CASES=""
IFS=,
for c in $CASES; do
    unset IFS
    set -- $c
    d="$tmp/s$1"
    $KAMPLAN generate --accounts "$1" --managers "$2" --fixed-managers "$3" --periods 2 \
        --seed "$4" "$d" >/dev/null
    $KAMPLAN solve "$d" --gap 0 --quiet --out "$d.o"
    kv=$(awk -F, 'NR == 2 && $2 == "optimal" { print $3 }' "$d.o/summary.csv")
    bind=$(awk -F, -v OFS=, 'FILENAME ~ /managers.csv$/ && FNR == 1 { next }
        FILENAME !~ /\.o\// { k[$1] = $4; next }
        $4 == $5 || $3 == k[$2] { print $2 }' "$d/managers.csv" "$d.o/managers.csv" | head -1)
    pv=$kv
    if [ "${PEERS:-1}" != 0 ] && command -v cbc >/dev/null; then
        $KAMPLAN export "$d" --lp "$d.lp"
        cbc "$d.lp" -ratioGap 0 -threads 1 -solve -solu "$d.sol" >/dev/null 2>&1
        pv=$(sed -n 's/^Optimal - objective value \([-0-9.e+]*\).*/\1/p' "$d.sol" 2>/dev/null)
    fi
    if [ -n "$kv" ] && [ -n "$bind" ] &&
       awk -v a="$kv" -v b="$pv" 'BEGIN { d = a - b; exit !(b != "" && d * d <= 1e-12 * (1 + a * a)) }'; then
        ok "generate --accounts $1 --managers $2 --fixed-managers $3 --periods 2: optimal $kv == cbc $pv; $bind's hours or load binds"
    else
        bad "generate --accounts $1 --managers $2 --fixed-managers $3: kamplan '$kv' cbc '$pv', binding '$bind'"
    fi
done
unset IFS

# benchmarks/team.sh checks before it times: a cbc whose plan is above
# kamplan's proven bound stops it.
mkdir "$tmp/fake"
cat >"$tmp/fake/cbc" <<'EOF'
#!/bin/sh
while [ $# -gt 0 ]; do [ "$1" = -solu ] && echo "Optimal - objective value 1e15" >"$2"; shift; done
printf 'Result - Optimal solution found\n\nObjective value: 1e15\n'
EOF
chmod +x "$tmp/fake/cbc"
out=$(PATH="$tmp/fake:$PATH" ACCOUNTS=6 MANAGERS=2 PERIODS=2 KAMPLAN_LIMIT=10 THREADS=1 \
    sh benchmarks/team.sh 2>&1)
rc=$?
if [ "$rc" = 1 ] && printf '%s\n' "$out" | grep -q "^FAIL: kamplan --threads 1 against cbc: the other plan 1e15 is above its bound" &&
   ! printf '%s\n' "$out" | grep -q "PASS"; then
    ok "benchmarks/team.sh: a peer's plan above kamplan's bound stops it with FAIL, nothing timed"
else
    bad "benchmarks/team.sh with a wrong peer: exit $rc: $out"
fi

# A cbc without a plan writes the relaxation's value as its solution's
# ("no integer solution - continuous used"): not a plan, no FAIL.
cat >"$tmp/fake/cbc" <<'EOF'
#!/bin/sh
while [ $# -gt 0 ]; do
    [ "$1" = -solu ] && echo "Stopped on time (no integer solution - continuous used) - objective value 1e15" >"$2"
    shift
done
printf 'Result - Stopped on time limit\n\nNo feasible solution found\nUpper bound: 1e15\n'
EOF
out=$(PATH="$tmp/fake:$PATH" ACCOUNTS=6 MANAGERS=2 PERIODS=2 KAMPLAN_LIMIT=10 THREADS=1 \
    sh benchmarks/team.sh 2>&1)
rc=$?
if [ "$rc" = 0 ] && printf '%s\n' "$out" | grep -q "^cbc .* plan none, bound 1e15$" &&
   printf '%s\n' "$out" | grep -q "^kamplan (1 thread) / cbc: <= .*cbc did not reach"; then
    ok "benchmarks/team.sh: cbc's relaxation written as a solution is no plan; the ratio an upper bound"
else
    bad "benchmarks/team.sh with a cbc without a plan: exit $rc: $out"
fi

if [ "$SLOW" = 1 ] && command -v cbc >/dev/null; then
    out=$(ACCOUNTS=20 MANAGERS=3 PERIODS=2 CBC_LIMIT=30 KAMPLAN_LIMIT=5 THREADS=1 \
        sh benchmarks/team.sh 2>&1)
    rc=$?
    if [ "$rc" = 0 ] && printf '%s\n' "$out" | grep -q "^cbc .* s wall .* s cpu" &&
       printf '%s\n' "$out" | grep -q "^kamplan 1 .* s wall .* s cpu" &&
       printf '%s\n' "$out" | grep -q "^check: every plan within" &&
       printf '%s\n' "$out" | grep -Eq "^kamplan \(1 thread\) / cbc: (<= )?[0-9.]+x wall.*: (PASS|FAIL) \(target <= 0.25x\)$"; then
        ok "benchmarks/team.sh on 20 accounts, 3 managers, 2 periods: checks, times, ratio"
    else
        bad "benchmarks/team.sh smoke: exit $rc: $out"
    fi
fi
finish
