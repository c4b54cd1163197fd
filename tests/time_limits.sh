#!/bin/sh
# --time-limit and --total-time-limit are honoured, on an instance far too
# hard to finish (3,000 generated accounts; without a limit a run takes
# more than 20 s): the whole run, loading and writing included, ends
# within the limit plus a second on an idle machine, and a scenario cut
# short never says optimal unless it proved it (its bound equals its
# value). Also with 2 threads and a batch.
#
# The machine need not be idle: the margin is one second times how much
# slower than its CPU time a single-threaded run of the same binary goes
# just before (kamplan check on the instance: wall / (user + system)), so
# that a machine whose cores are busy gets the time it takes away.
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
timed 2 --time-limit 2 --gap 0
timed 2 --method bb --time-limit 2 --gap 0 --threads 2
# A batch of four scenarios on 2 threads, each limited to 1 s and the
# whole to 2 s.
B=$(awk -F, '$1 == "budget" { print $2 }' "$g/policy.csv")
timed 2 --sweep "budget=$(awk -v b="$B" 'BEGIN { print int(b * 0.6) ":" int(b) ":4" }')" \
    --threads 2 --time-limit 1 --total-time-limit 2 --gap 0

finish
