#!/bin/sh
# Long requires chains and cycles (issue 14, part 4): a chain of 100,000
# activities and a cycle of 100,000 are checked, reported and planned in
# seconds, every algorithm on prerequisites being linear or n log n.
#  - check: the chain is valid; the cycle is one line of bounded length,
#    its first ten members, how many more, its last, exit 1; 100,000
#    cycles through one activity are each reported, in bounded time;
#  - solve, evaluate and bench on the chain with --time-limit 2 end within
#    the limit plus 8 s (both cores may be busy), the plan passes
#    tests/check_plan.py (which re-checks every requires) and evaluates
#    without a violation; a plan that skips a prerequisite breaks requires;
#    bench's four heuristics finish (their moves along the chain rated by
#    closure sums, not walked: linear, not quadratic) with valid plans.
# Times are CPU seconds where no limit applies (so a loaded machine does
# not fail them), wall seconds against a limit. The bounds are several
# times what an idle machine takes (0.1 s for check, 2.6 s with -t 2).
# Under valgrind (KAMPLAN a command line) the same checks run on 1,000
# activities with a limit of 10 s, untimed: what valgrind finds counts,
# not its pace.
# Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"

N=100000 LIMIT=2 TIMED=1
case $KAMPLAN in
*" "*) N=1000 LIMIT=10 TIMED=0 ;;
esac
LAST=$(printf 'CH%06d' $((N - 1)))

# Runs kamplan with the arguments given, its stdout to $tmp/out.txt and
# stderr to $tmp/err; sets rc, wall and cpu (seconds, user + system).
measure() {
    set -- $($PYTHON - "$KAMPLAN" "$tmp" "$@" <<'PY'
import os, shlex, subprocess, sys, time
kp, tmp, args = shlex.split(sys.argv[1]), sys.argv[2], sys.argv[3:]
t0, c0 = time.monotonic(), os.times()
with open(tmp + "/out.txt", "w") as o, open(tmp + "/err", "w") as e:
    rc = subprocess.run(kp + args, stdout=o, stderr=e).returncode
t1, c1 = time.monotonic(), os.times()
cpu = (c1.children_user - c0.children_user) + (c1.children_system - c0.children_system)
print(rc, "%.2f" % (t1 - t0), "%.2f" % cpu)
PY
)
    rc=$1 wall=$2 cpu=$3
}

# below WHAT VALUE LIMIT: ok when VALUE <= LIMIT (untimed: nothing).
below() {
    [ "$TIMED" -eq 1 ] || return 0
    awk -v v="$2" -v l="$3" 'BEGIN { exit !(v <= l) }' && ok "$1: $2 s (at most $3 s)" \
        || bad "$1: $2 s, more than $3 s"
}

# An instance of 12 generated accounts plus activities CH000000 ..: $1 the
# folder, $2 "chain" (each requires the one before) or "cycle" (the first
# requires the last). The chain runs through accounts A0001 then A0003;
# its last activity is worth 1,000,000.
long_requires() {
    $KAMPLAN generate --accounts 12 --seed 1 "$1" >/dev/null
    awk -v n=$N -v kind="$2" 'BEGIN { OFS = ","; for (i = 0; i < n; i++) {
        r = i ? sprintf("CH%06d", i - 1) : kind == "cycle" ? sprintf("CH%06d", n - 1) : ""
        print sprintf("CH%06d", i), i < n / 2 ? "A0001" : "A0003", "relationship",
              0.01, 1, i < n - 1 ? 1 : 1000000, "", "", 1, "", r, "" } }' >>"$1/activities.csv"
}

chain="$tmp/chain" cycle="$tmp/cycle" comb="$tmp/comb"
long_requires "$chain" chain
long_requires "$cycle" cycle
# comb: CM000000 .. each requires the next and CM000000, so that a search
# meets 100,000 cycles, the longest of 100,000 activities.
$KAMPLAN generate --accounts 12 --seed 1 "$comb" >/dev/null
awk -v n=$N 'BEGIN { OFS = ","; for (i = 0; i < n; i++)
    print sprintf("CM%06d", i), "A0001", "relationship", 0.01, 1, 1, "", "", 1, "",
          (i < n - 1 ? sprintf("CM%06d;", i + 1) : "") "CM000000", "" }' >>"$comb/activities.csv"

# ---- check ---------------------------------------------------------------
measure check "$chain"
[ "$rc" -eq 0 ] && grep -q "valid: 12 accounts, .* $((N + 185)) activities" "$tmp/out.txt" \
    && ok "check chain of $N: valid" || bad "check chain of $N: exit $rc: $(head -c 300 "$tmp/err")"
below "check chain of $N: CPU" "$cpu" 5

measure check "$cycle"
want="activities.csv:187: column 'requires': cycle in prerequisites ($N activities): CH000000"
for i in 1 2 3 4 5 6 7 8 9; do
    want="$want -> $(printf 'CH%06d' $((N - i)))"
done
want="$want -> ... ($((N - 11)) more) -> CH000001 -> CH000000"
[ "$rc" -eq 1 ] && ok "check cycle of $N: exit 1" || bad "check cycle of $N: exit $rc"
[ "$(grep -c 'cycle in prerequisites' "$tmp/err")" -eq 1 ] && grep -qF "$want" "$tmp/err" \
    && ok "check cycle of $N: one line with its first ten members, the count and its last" \
    || bad "check cycle of $N: stderr: $(head -c 400 "$tmp/err")"
[ "$(wc -c <"$tmp/err")" -lt 1000 ] && ok "check cycle of $N: $(wc -c <"$tmp/err") bytes of messages" \
    || bad "check cycle of $N: $(wc -c <"$tmp/err") bytes of messages"
below "check cycle of $N: CPU" "$cpu" 5

measure check "$comb"
[ "$rc" -eq 1 ] && [ "$(grep -c 'cycle in prerequisites' "$tmp/err")" -eq $N ] \
    && [ "$(awk 'length > m { m = length } END { print m + 0 }' "$tmp/err")" -lt 1000 ] \
    && ok "check $N cycles through one activity: each reported, each line short" \
    || bad "check $N cycles: exit $rc, $(grep -c 'cycle in prerequisites' "$tmp/err") cycles"
below "check $N cycles through one activity: CPU" "$cpu" 10

for cmd in solve bench; do
    measure $cmd "$cycle" --time-limit $LIMIT --quiet --out "$tmp/o"
    [ "$rc" -eq 1 ] && grep -q "cycle in prerequisites ($N activities)" "$tmp/err" \
        && ok "$cmd cycle of $N: the cycle reported, exit 1" || bad "$cmd cycle of $N: exit $rc"
    below "$cmd cycle of $N: CPU" "$cpu" 5
done

# ---- solve, evaluate and bench on the chain, --time-limit 2 (10) ----------
measure solve "$chain" --time-limit $LIMIT --quiet --out "$tmp/s"
below "solve chain of $N --time-limit $LIMIT: wall" "$wall" $((LIMIT + 8))
case $rc in
0) ok "solve chain of $N --time-limit $LIMIT: exit 0, $(awk -F, 'NR == 2 { print $2 ", value " $3 }' "$tmp/s/summary.csv")" ;;
*) bad "solve chain of $N --time-limit $LIMIT: exit $rc: $(head -c 300 "$tmp/err")" ;;
esac
if $PYTHON tests/check_plan.py "$chain" "$tmp/s" >"$tmp/recheck" 2>&1; then
    ok "solve chain of $N: the plan keeps every rule, requires too (check_plan.py)"
else
    bad "solve chain of $N: check_plan.py: $(grep -v '^ok' "$tmp/recheck" | head -3 | tr '\n' ' ')"
fi

measure evaluate "$chain" --plan "$tmp/s/plan.csv" --time-limit $LIMIT --quiet --out "$tmp/e"
below "evaluate chain of $N --time-limit $LIMIT: wall" "$wall" $((LIMIT + 8))
[ "$rc" -eq 0 ] && awk -F, 'NR == 2 { exit !($2 == 1 && $3 == 0) }' "$tmp/e/evaluation.csv" \
    && ok "evaluate chain of $N: solve's plan breaks no rule" \
    || bad "evaluate chain of $N: exit $rc: $(cat "$tmp/e/evaluation.csv" 2>/dev/null | head -2)"

# The last activity of the chain without the 99,999 before it.
printf 'activity_id,count\n%s,1\n' "$LAST" >"$tmp/skip.csv"
measure evaluate "$chain" --plan "$tmp/skip.csv" --time-limit $LIMIT --quiet --out "$tmp/e"
[ "$rc" -eq 6 ] && grep -q "^base,requires,A0003,$LAST,.*without its prerequisite $(printf 'CH%06d' $((N - 2)))" \
    "$tmp/e/violations.csv" && ok "evaluate chain of $N: a skipped prerequisite breaks requires, exit 6" \
    || bad "evaluate chain of $N, a prerequisite skipped: exit $rc: $(head -3 "$tmp/e/violations.csv" 2>/dev/null)"
below "evaluate chain of $N, a prerequisite skipped: wall" "$wall" $((LIMIT + 8))

measure bench "$chain" --time-limit $LIMIT --quiet --out "$tmp/b"
below "bench chain of $N --time-limit $LIMIT: wall" "$wall" $((LIMIT + 8))
rows=$(awk -F, 'NR > 1 && $3 ~ /^(optimal|feasible|no_solution|valid|breaks_rules|stopped)$/ { n++ }
                END { print n + 0 }' "$tmp/b/bench.csv" 2>/dev/null)
case $rc in
0|3) [ "${rows:-0}" -eq 5 ] && ok "bench chain of $N: exit $rc, $(awk -F, 'NR > 1 { printf "%s%s %s", s, $2, $3; s = ", " }' "$tmp/b/bench.csv")" \
         || bad "bench chain of $N: bench.csv: $(cat "$tmp/b/bench.csv" 2>/dev/null)" ;;
*) bad "bench chain of $N: exit $rc: $(head -c 300 "$tmp/err")" ;;
esac
# Each heuristic rates the chain's moves by closure sums (closure.c):
# all four finish well within their half of the limit, their plans valid.
valid=$(awk -F, 'NR > 2 && $3 == "valid" { n++ } END { print n + 0 }' "$tmp/b/bench.csv" 2>/dev/null)
[ "${valid:-0}" -eq 4 ] && ok "bench chain of $N: the four heuristics finish, each plan valid" \
    || bad "bench chain of $N: $valid of 4 heuristics valid: $(cut -d, -f2,3,14 "$tmp/b/bench.csv" 2>/dev/null | tr '\n' ' ')"

finish
