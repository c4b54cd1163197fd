#!/bin/sh
# --time-limit and --total-time-limit are honoured, on an instance far too
# hard to finish (3,000 generated accounts; without a limit a run takes
# more than 20 s): the whole run, loading and writing included, ends
# within the limit plus a second on an idle machine, and a scenario cut
# short never says optimal unless it proved it (its bound equals its
# value). Also with 2 threads and a batch; --method bb under a limit still
# gives a plan (a heuristic plan seeds it).
#
# Issue 13, the stages besides the solve: explaining an infeasible
# scenario (solve and evaluate, 100 accounts forced key on too few hours:
# without a limit the explanation takes more than 60 s) and bench (a
# requires chain of 10,000 activities across two accounts) end within the
# limit plus 10% plus half a second, and within a second of Ctrl-C, with
# their files written and the documented exit code.
#
# Issue 14: solve --time-limit 2 on one account with 10^6 activities ends
# within the limit plus twice the time to read the files (kamplan check)
# plus a second, with a plan that check_plan.py accepts.
#
# The machine need not be idle: the margin is one second (half a second,
# for issue 13's checks) times how much slower than its CPU time a
# single-threaded run of the same binary goes just before (kamplan check
# on the instance: wall / (user + system)), so that a machine whose cores
# are busy gets the time it takes away.
# Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
now() { date +%s.%N; }

g="$tmp/g3000"
$KAMPLAN generate --accounts 3000 --seed 1 "$g" >/dev/null

# Seconds since t0, two decimals.
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# Wall-clock over CPU seconds of kamplan check on the instance (at least 1).
slowdown() {
    $PYTHON - "$KAMPLAN" "$g" <<'PY'
import os, shlex, subprocess, sys, time
t0, c0 = time.monotonic(), os.times()
subprocess.run(shlex.split(sys.argv[1]) + ["check", sys.argv[2]], stdout=subprocess.DEVNULL)
t1, c1 = time.monotonic(), os.times()
cpu = (c1.children_user - c0.children_user) + (c1.children_system - c0.children_system)
print("%.2f" % max(1.0, (t1 - t0) / max(cpu, 0.01)))
PY
}

# Runs solve with the arguments given; $1: the limit of the whole run in
# seconds. Checks the time and every status of summary.csv.
timed() {
    limit=$1
    shift
    slow=$(slowdown)
    budget=$(awk -v l="$limit" -v s="$slow" 'BEGIN { printf "%.2f", l + s }')
    rm -rf "$tmp/out"
    t0=$(now)
    $KAMPLAN solve "$g" "$@" --quiet --out "$tmp/out" 2>"$tmp/err"
    rc=$?
    el=$(since "$t0")
    what="solve $*"
    if awk -v e="$el" -v b="$budget" 'BEGIN { exit !(e <= b) }'; then
        ok "$what: ended in $el s (at most $budget s: the limit plus 1 s x $slow, the slowdown of the moment)"
    else
        bad "$what: took $el s, more than $budget s"
    fi
    if [ ! -f "$tmp/out/summary.csv" ]; then
        bad "$what: no summary.csv (exit $rc): $(head -2 "$tmp/err")"
        return
    fi
    # optimal only with bound == value; statuses of a cut-short run.
    odd=$(awk -F, 'NR > 1 && $2 == "optimal" && $3 != $4 { n++ }
                   NR > 1 && $2 != "optimal" && $2 != "feasible" && $2 != "no_solution" { n++ }
                   END { print n + 0 }' "$tmp/out/summary.csv")
    [ "$odd" -eq 0 ] && ok "$what: statuses $(awk -F, 'NR > 1 { print $2 }' "$tmp/out/summary.csv" | sort | uniq -c | tr -s ' ' | tr '\n' ',' | sed 's/,$//')" \
        || bad "$what: $odd scenarios claim optimal without proof: $(cat "$tmp/out/summary.csv")"
}

timed 2 --method bb --time-limit 2 --gap 0
# GLPK has not solved the root LP by then: the plan is the heuristic one.
noplan=$(awk -F, 'NR > 1 && $2 != "feasible" && $2 != "optimal" { n++ } END { print n + 0 }' \
             "$tmp/out/summary.csv" 2>/dev/null)
[ "${noplan:-1}" -eq 0 ] && ok "solve --method bb --time-limit 2: a plan, value $(awk -F, 'NR == 2 { print $3 }' "$tmp/out/summary.csv")" \
    || bad "solve --method bb --time-limit 2: no plan: $(cat "$tmp/out/summary.csv" 2>/dev/null)"
timed 2 --time-limit 2 --gap 0
timed 2 --method bb --time-limit 2 --gap 0 --threads 2
# A batch of four scenarios on 2 threads, each limited to 1 s and the
# whole to 2 s.
B=$(awk -F, '$1 == "budget" { print $2 }' "$g/policy.csv")
timed 2 --sweep "budget=$(awk -v b="$B" 'BEGIN { print int(b * 0.6) ":" int(b) ":4" }')" \
    --threads 2 --time-limit 1 --total-time-limit 2 --gap 0

# ---- Issue 13: explanation, evaluate, bench ---------------------------

# f: 300 generated accounts, the first 100 that can be forced key forced
# (those that check says never can are left out), on 600 hours: the solve
# says infeasible within a second, the explanation needs minutes.
f="$tmp/forced"
$KAMPLAN generate --accounts 300 --seed 3 "$f" >/dev/null
$PYTHON - "$KAMPLAN" "$f" <<'PY'
import csv, re, shlex, subprocess, sys
kp, d = shlex.split(sys.argv[1]), sys.argv[2]
pol = [r for r in csv.reader(open(d + "/policy.csv"))]
for r in pol:
    if r[0] == "hours":
        r[1] = "600"
    if r[0] == "max_key_accounts":
        r[1] = "1000"
csv.writer(open(d + "/policy.csv", "w", newline="")).writerows(pol)
rows = [r for r in csv.reader(open(d + "/accounts.csv"))]
st, never = rows[0].index("status"), set()
while True:
    n = 0
    for r in rows[1:]:
        r[st] = "key" if n < 100 and r[0] not in never else "auto"
        n += r[st] == "key"
    csv.writer(open(d + "/accounts.csv", "w", newline="")).writerows(rows)
    err = subprocess.run(kp + ["check", d], capture_output=True, text=True).stderr
    more = set(re.findall(r"account (\S+) must be key", err)) - never
    if not more:
        break
    never |= more
PY
printf 'activity_id,count\n' >"$tmp/empty.csv"

# c: 12 generated accounts and a requires chain of 10,000 activities, the
# last 5,000 in another account (the model is then not separable: GLPK's
# branch-and-cut solves it). Each heuristic's moves along it have long
# closures: bench took more than 300 s before issue 13.
c="$tmp/chain"
$KAMPLAN generate --accounts 12 --seed 1 "$c" >/dev/null
awk 'BEGIN { OFS = ","; for (i = 0; i < 10000; i++)
    print sprintf("CH%05d", i), i < 5000 ? "A0001" : "A0003", "relationship", 0.01, 1,
          i < 9999 ? 1 : 1000000, "", "", 1, "", i ? sprintf("CH%05d", i - 1) : "", "" }' \
    >>"$c/activities.csv"

# Runs kamplan with the arguments given ($1: the limit in seconds, $2: the
# exit codes expected, "0|3" for either, $3: the file it must write into
# $tmp/out) and checks the time against the limit plus 10% plus 0.5 s
# times the slowdown.
limited() {
    limit=$1 want=$2 file=$3
    shift 3
    slow=$(slowdown)
    budget=$(awk -v l="$limit" -v s="$slow" 'BEGIN { printf "%.2f", l * 1.1 + 0.5 * s }')
    rm -rf "$tmp/out"
    t0=$(now)
    $KAMPLAN "$@" --quiet --out "$tmp/out" 2>"$tmp/err"
    rc=$?
    el=$(since "$t0")
    what="$(echo "$*" | sed "s|$tmp/||g")"
    awk -v e="$el" -v b="$budget" 'BEGIN { exit !(e <= b) }' \
        && ok "$what: ended in $el s (at most $budget s: the limit + 10% + 0.5 s x $slow)" \
        || bad "$what: took $el s, more than $budget s"
    case "|$want|" in
    *"|$rc|"*) ok "$what: exit $rc" ;;
    *) bad "$what: exit $rc, expected $want: $(head -c 300 "$tmp/err")" ;;
    esac
    [ -f "$tmp/out/$file" ] && ok "$what: $file written" || bad "$what: no $file"
}

# Runs kamplan with the arguments given in the background and sends it
# SIGINT after $1 seconds ($2: the file it must write into $tmp/out); it
# must end within 1 s times the slowdown, with exit 130.
interrupted() {
    after=$1 file=$2
    shift 2
    slow=$(slowdown)
    rm -rf "$tmp/out"
    # A background job of sh has SIGINT ignored, which kamplan respects:
    # env gives it the default back.
    env --default-signal=INT $KAMPLAN "$@" --quiet --out "$tmp/out" 2>"$tmp/err" &
    pid=$!
    sleep "$after"
    t0=$(now)
    kill -INT "$pid"
    wait "$pid"
    rc=$?
    el=$(since "$t0")
    what="Ctrl-C after $after s: $(echo "$*" | sed "s|$tmp/||g")"
    awk -v e="$el" -v s="$slow" 'BEGIN { exit !(e <= s) }' \
        && ok "$what: ended $el s after it (at most 1 s x $slow)" \
        || bad "$what: ended $el s after it, more than $slow s"
    [ "$rc" -eq 130 ] && ok "$what: exit 130" || bad "$what: exit $rc: $(head -c 300 "$tmp/err")"
    [ -f "$tmp/out/$file" ] && ok "$what: $file written" || bad "$what: no $file"
    grep -q "interrupted: " "$tmp/err" && ok "$what: stderr says it was interrupted" \
        || bad "$what: stderr: $(tail -c 300 "$tmp/err")"
}

# Explaining an infeasible scenario: its time is what the solve left.
limited 3 3 summary.csv solve "$f" --time-limit 3
if grep -q "^base,infeasible," "$tmp/out/summary.csv" 2>/dev/null; then
    grep -q "why: .*(The time limit ran out before each of these was shown to be needed.)" \
        "$tmp/err" && ok "solve forced --time-limit 3: the explanation says the time ran out" \
        || bad "solve forced --time-limit 3: stderr: $(head -c 300 "$tmp/err")"
fi
limited 3 6 evaluation.csv evaluate "$f" --plan "$tmp/empty.csv" --time-limit 3
interrupted 3 summary.csv solve "$f"
interrupted 2 evaluation.csv evaluate "$f" --plan "$tmp/empty.csv"

# bench: the heuristics within half the limit, the optimum in the rest
# (exit 3 when that is too short for any plan).
limited 3 "0|3" bench.csv bench "$c" --time-limit 3
rows=$(awk -F, 'NR > 1 && $3 ~ /^(optimal|feasible|no_solution|valid|breaks_rules|stopped)$/ { n++ }
                END { print n + 0 }' "$tmp/out/bench.csv" 2>/dev/null)
[ "${rows:-0}" -eq 5 ] && ok "bench chain --time-limit 3: $(awk -F, 'NR > 1 { printf "%s%s %s", s, $2, $3; s = ", " }' "$tmp/out/bench.csv")" \
    || bad "bench chain --time-limit 3: bench.csv: $(cat "$tmp/out/bench.csv" 2>/dev/null)"
interrupted 2 bench.csv bench "$c"

# ---- Issue 14: one account with 10^6 activities --------------------------

# big: 12 generated accounts and 1,000,000 more activities of A0001 (a
# 47 MB activities.csv). Reading it is not solving: kamplan check gives
# the time to read and qualify it (read_s); solve --time-limit 2 must end
# within the limit + 10%, plus twice read_s (reading, and building the
# model, which is of the same order), plus 1 s, times the slowdown.
# Before issue 14 it took 35.9 s; the model cannot be loaded into GLPK in
# 2 s, so the plan is the heuristics'.
big="$tmp/big"
$KAMPLAN generate --accounts 12 --seed 1 "$big" >/dev/null
awk 'BEGIN { OFS = ","; srand(7); for (i = 0; i < 1000000; i++)
    print sprintf("B%07d", i), "A0001", "objective", 0.5 + int(rand() * 40) / 4,
          int(rand() * 50) * 10, int(rand() * 3000), "", "", 1 + int(rand() * 3), 0.8, "", "" }' \
    >>"$big/activities.csv"
slow=$(slowdown)
t0=$(now)
$KAMPLAN check "$big" >/dev/null 2>&1
read_s=$(since "$t0")
budget=$(awk -v r="$read_s" -v s="$slow" 'BEGIN { printf "%.2f", 2 * 1.1 + (2 * r + 1) * s }')
rm -rf "$tmp/out"
t0=$(now)
$KAMPLAN solve "$big" --time-limit 2 --quiet --out "$tmp/out" 2>"$tmp/err"
rc=$?
el=$(since "$t0")
awk -v e="$el" -v b="$budget" 'BEGIN { exit !(e <= b) }' \
    && ok "solve 10^6 activities --time-limit 2: ended in $el s, reading $read_s s of it (at most $budget s: 2.2 s + (2 x $read_s s + 1 s) x $slow)" \
    || bad "solve 10^6 activities --time-limit 2: took $el s, more than $budget s (reading: $read_s s)"
st=$(awk -F, 'NR == 2 { print $2 }' "$tmp/out/summary.csv" 2>/dev/null)
case "$rc:$st" in
0:feasible|0:optimal|3:no_solution) ok "solve 10^6 activities --time-limit 2: exit $rc, $st" ;;
*) bad "solve 10^6 activities --time-limit 2: exit $rc, status '$st': $(head -c 300 "$tmp/err")" ;;
esac
if [ "$st" = feasible ] || [ "$st" = optimal ]; then
    $PYTHON tests/check_plan.py "$big" "$tmp/out" >"$tmp/recheck" 2>&1 \
        && ok "solve 10^6 activities --time-limit 2: the plan keeps every rule (check_plan.py)" \
        || bad "solve 10^6 activities: check_plan.py: $(grep -v '^ok' "$tmp/recheck" | head -3 | tr '\n' ' ')"
fi
rm -rf "$big"

finish
