#!/bin/sh
# --time-limit and --total-time-limit are honoured to within a second, on
# an instance far too hard to finish (3,000 generated accounts): the whole
# run, loading and writing included, ends within the limit plus a second,
# and a scenario cut short never says optimal unless it proved it (its
# bound equals its value). Also with 2 threads and a batch.
# Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
now() { date +%s.%N; }

g="$tmp/g3000"
$KAMPLAN generate --accounts 3000 --seed 1 "$g" >/dev/null

# Runs solve with the arguments given; $1: the wall-clock budget in seconds
# (the limit plus one). Checks the time and every status of summary.csv.
timed() {
    budget=$1
    shift
    rm -rf "$tmp/out"
    t0=$(now)
    $KAMPLAN solve "$g" "$@" --quiet --out "$tmp/out" 2>"$tmp/err"
    rc=$?
    t1=$(now)
    el=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
    what="solve $*"
    if awk -v e="$el" -v b="$budget" 'BEGIN { exit !(e <= b) }'; then
        ok "$what: ended in $el s (at most $budget s)"
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

timed 3 --method bb --time-limit 2 --gap 0
timed 3 --time-limit 2 --gap 0
timed 3 --method bb --time-limit 2 --gap 0 --threads 2
# A batch of four scenarios on 2 threads, each limited to 1 s and the
# whole to 2 s.
B=$(awk -F, '$1 == "budget" { print $2 }' "$g/policy.csv")
timed 3 --sweep "budget=$(awk -v b="$B" 'BEGIN { print int(b * 0.6) ":" int(b) ":4" }')" \
    --threads 2 --time-limit 1 --total-time-limit 2 --gap 0

finish
