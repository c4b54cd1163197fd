#!/bin/sh
# What-if batches, the slower checks:
#   - a sweep's optima (--gap 0, 2 threads) equal glpsol's on each swept
#     scenario's exported LP (kamplan export --sweep ... --scenario ID);
#   - --total-time-limit: the batch ends on time, the scenarios it never
#     started say so, the finished ones are written and pass check_plan.py;
#   - Ctrl-C (SIGINT) in the middle of a batch: exit 130, the same kind of
#     partial but valid files, no temporary file left behind.
# Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
now() { date +%s.%N; }

# 1. Independent solves of each swept scenario.
crosscheck() {   # name dir sweep-args...
    name=$1 dir=$2
    shift 2
    rm -rf "$tmp/x"
    $KAMPLAN solve "$dir" "$@" --gap 0 --threads 2 --quiet --out "$tmp/x" 2>"$tmp/err"
    for id in $(awk -F, 'NR > 1 { print $1 }' "$tmp/x/summary.csv"); do
        mine=$(awk -F, -v s="$id" '$1 == s { print $2 == "optimal" ? $3 : $2 }' "$tmp/x/summary.csv")
        $KAMPLAN export "$dir" "$@" --scenario "$id" --lp "$tmp/m.lp" 2>/dev/null
        theirs=$(glpsol_obj "$tmp/m.lp" --cuts)
        if same "$mine" "$theirs"; then
            ok "$name $id: kamplan $mine == glpsol $theirs"
        else
            bad "$name $id: kamplan '$mine' != glpsol '$theirs'"
        fi
    done
}
crosscheck sample models/sample --sweep budget=20000:70000:6
crosscheck sample-grid models/sample --sweep hours=300:560:3 --sweep budget=30000:60000:2
g="$tmp/g15"
$KAMPLAN generate --accounts 15 --seed 4 "$g" >/dev/null
crosscheck generated-15 "$g" --sweep hours=100:400:4

# A copy of instance $1 at $2 whose scenarios.csv spells out the scenarios
# of frontier.csv in $3, for check_plan.py.
spell_out() {
    rm -rf "$2"
    cp -r "$1" "$2"
    awk -F, 'NR == 1 { print "id,hours,budget,max_key_accounts,min_contacts"; next }
             { print $1 "," $3 "," $4 "," $5 "," $6 }' "$3/frontier.csv" >"$2/scenarios.csv"
}

# Checks a batch that ended early in $1 ($2: what ended it, $3: the exit
# code expected, $4: the exit code seen).
partial() {
    out=$1 what=$2 want=$3 rc=$4
    [ "$rc" -eq "$want" ] && ok "$what: exit $rc" || bad "$what: exit $rc, expected $want"
    total=$(awk 'END { print NR - 1 }' "$out/summary.csv")
    done_=$(awk -F, 'NR > 1 && $2 != "no_solution" { n++ } END { print n + 0 }' "$out/summary.csv")
    notrun=$(grep -c 'not run: ' "$out/frontier.csv")
    [ "$total" -eq 64 ] && ok "$what: summary.csv has all 64 scenarios" \
        || bad "$what: summary.csv has $total rows"
    [ "$done_" -gt 0 ] && [ "$notrun" -gt 0 ] \
        && ok "$what: $done_ scenarios finished, $notrun marked not run" \
        || bad "$what: $done_ finished, $notrun not run"
    # A scenario not run has no figures but its limits, and no seconds.
    odd=$(awk -F, 'NR > 1 && $2 == "no_solution" && $12 == "" && ($3 != "" || $7 == "") { n++ }
                   END { print n + 0 }' "$out/summary.csv")
    [ "$odd" -eq 0 ] && ok "$what: rows of scenarios not run are empty but for their limits" \
        || bad "$what: $odd malformed rows"
    spell_out "$big" "$tmp/bigs" "$out"
    $PYTHON tests/check_plan.py "$tmp/bigs" "$out" >"$tmp/cp" 2>&1 \
        && ok "$what: the finished plans pass check_plan.py ($(tail -1 "$tmp/cp"))" \
        || { bad "$what: check_plan.py"; grep -v '^ok' "$tmp/cp" | head -5; }
    left=$(ls -A "$out" | grep -c '^\.')
    [ "$left" -eq 0 ] && ok "$what: no temporary files left" || bad "$what: $(ls -A "$out")"
}

# 2. The total time limit: 64 scenarios of 150 accounts on 1 thread take
# far longer than 3 s.
big="$tmp/g150"
$KAMPLAN generate --accounts 150 --seed 2 "$big" >/dev/null
B=$(awk -F, '$1 == "budget" { print $2 }' "$big/policy.csv")
SW="budget=$(awk -v b="$B" 'BEGIN { print int(b * 0.5) ":" int(b * 1.3) ":64" }')"
t0=$(now)
$KAMPLAN solve "$big" --sweep "$SW" --threads 1 --total-time-limit 3 --quiet \
    --out "$tmp/tl" 2>"$tmp/err"
rc=$?
t1=$(now)
el=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
awk -v e="$el" 'BEGIN { exit !(e < 10) }' && ok "--total-time-limit 3: done in $el s" \
    || bad "--total-time-limit 3 took $el s"
partial "$tmp/tl" "--total-time-limit" 3 "$rc"
grep -q "no_solution: not run: the total time limit passed before it started" "$tmp/err" \
    && ok "--total-time-limit: stderr says which scenarios were not run" \
    || bad "--total-time-limit: stderr: $(head -3 "$tmp/err")"

# 3. Ctrl-C after 2 s, 2 threads. A background job of sh has SIGINT
# ignored, which kamplan respects: env gives it the default back.
env --default-signal=INT $KAMPLAN solve "$big" --sweep "$SW" --threads 2 --quiet --out "$tmp/int" 2>"$tmp/err" &
pid=$!
sleep 2
kill -INT "$pid"
wait "$pid"
rc=$?
partial "$tmp/int" "Ctrl-C" 130 "$rc"
grep -q "interrupted: .* scenarios ran; the rest are marked not run" "$tmp/err" \
    && ok "Ctrl-C: stderr says it was interrupted" \
    || bad "Ctrl-C: stderr: $(tail -3 "$tmp/err")"

finish
