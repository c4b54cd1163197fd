#!/bin/sh
# What-if batches from the command line (the fast part; tests/batch_slow.sh
# has the cross-checks with glpsol, the total time limit and Ctrl-C):
#   - the same files, byte for byte, with 1, 2 and 4 threads (summary.csv
#     apart from its seconds column), for a sweep grid with --marginal and
#     a line, both with --reuse, and for the sample's scenarios.csv;
#   - frontier.csv and changes.csv agree with the plans (check_whatif.py),
#     which in turn catches a changed row;
#   - every swept plan passes the independent checker (check_plan.py) on a
#     copy of the instance whose scenarios.csv spells out the sweep;
#   - --scenario picks one swept scenario; --reuse gives the same optima at
#     --gap 0 as solving every scenario from scratch (the default);
#   - --progress: one CSV line per stage, bounds never rising and plans
#     never falling, the last line's figures those of summary.csv;
#   - --threads 1 and OMP_NUM_THREADS=1 keep a lone scenario's solve on one
#     core: CPU time at most 1.05 x wall time (a busy machine only lowers
#     that ratio, so the check holds under any load).
# Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"

# Every output file but the seconds column of summary.csv.
digest() {
    (cut -d, -f1-11 "$1/summary.csv"
     cat "$1/plan.csv" "$1/accounts.csv" "$1/frontier.csv" "$1/changes.csv") | md5sum
}

# Runs kamplan solve ARGS with 1, 2 and 4 threads; the outputs must match.
same_for_threads() {
    name=$1
    shift
    ref=""
    for t in 1 2 4; do
        rm -rf "$tmp/t$t"
        $KAMPLAN solve "$@" --threads "$t" --quiet --out "$tmp/t$t" 2>"$tmp/err"
        rc=$?
        [ "$rc" -eq 0 ] || { bad "$name: $t threads: exit $rc: $(head -3 "$tmp/err")"; return; }
        d=$(digest "$tmp/t$t")
        [ -z "$ref" ] && ref=$d
        if [ "$d" != "$ref" ]; then
            bad "$name: $t threads differ from 1 thread"
            diff "$tmp/t1/plan.csv" "$tmp/t$t/plan.csv" | head -5 | sed 's/^/#   /'
            return
        fi
    done
    ok "$name: identical files with 1, 2 and 4 threads"
}

# A copy of instance $1 at $2 whose scenarios.csv holds the scenarios of
# frontier.csv in $3 (id, hours, budget, max_key_accounts, min_contacts).
spell_out() {
    rm -rf "$2"
    cp -r "$1" "$2"
    awk -F, 'NR == 1 { print "id,hours,budget,max_key_accounts,min_contacts"; next }
             { print $1 "," $3 "," $4 "," $5 "," $6 }' "$3/frontier.csv" >"$2/scenarios.csv"
}

gen="$tmp/g30"
$KAMPLAN generate --accounts 30 --seed 3 "$gen" >/dev/null
H=$(awk -F, '$1 == "hours" { print $2 }' "$gen/policy.csv")
B=$(awk -F, '$1 == "budget" { print $2 }' "$gen/policy.csv")
HS="hours=$(awk -v h="$H" 'BEGIN { print int(h * 0.7) ":" int(h) ":3" }')"
BS="budget=$(awk -v b="$B" 'BEGIN { print int(b * 0.6) ":" int(b * 1.2) ":4" }')"

same_for_threads "grid $HS $BS --marginal --reuse" "$gen" --sweep "$HS" --sweep "$BS" --marginal --reuse
grid=$tmp/t4
n=$(awk 'END { print NR - 1 }' "$grid/summary.csv")
[ "$n" -eq 12 ] && ok "the grid has 3 x 4 = 12 scenarios" || bad "the grid has $n scenarios"
first=$(awk -F, 'NR == 2 { print $1 }' "$grid/summary.csv")
case $first in
    hours=*+budget=*) ok "grid ids read hours=H+budget=B: $first" ;;
    *) bad "grid id '$first'" ;;
esac
$PYTHON tests/check_whatif.py "$grid" grid:4 >"$tmp/cw" 2>&1 \
    && ok "grid: frontier.csv and changes.csv agree with the plans ($(tail -1 "$tmp/cw"))" \
    || { bad "grid: check_whatif.py"; grep -v '^ok' "$tmp/cw" | head -5; }
spell_out "$gen" "$tmp/g30s" "$grid"
$PYTHON tests/check_plan.py "$tmp/g30s" "$grid" >"$tmp/cp" 2>&1 \
    && ok "grid: every plan passes check_plan.py ($(tail -1 "$tmp/cp"))" \
    || { bad "grid: check_plan.py"; grep -v '^ok' "$tmp/cp" | head -5; }

# The checker is not a rubber stamp: change one count in changes.csv.
cp -r "$grid" "$tmp/broken"
awk -F, 'BEGIN { OFS = "," } NR == 2 { $7 = $7 + 1 } { print }' "$grid/changes.csv" \
    >"$tmp/broken/changes.csv"
if $PYTHON tests/check_whatif.py "$tmp/broken" grid:4 >/dev/null 2>&1; then
    bad "check_whatif.py accepts a changed count in changes.csv"
else
    ok "check_whatif.py rejects a changed count in changes.csv"
fi

same_for_threads "sample scenarios.csv --marginal --gap 0" models/sample --marginal --gap 0
$PYTHON tests/check_whatif.py "$tmp/t4" first >"$tmp/cw" 2>&1 \
    && ok "sample: frontier.csv and changes.csv agree with the plans" \
    || { bad "sample: check_whatif.py"; grep -v '^ok' "$tmp/cw" | head -5; }

same_for_threads "line $BS --gap 0 --reuse" "$gen" --sweep "$BS" --gap 0 --reuse
line=$tmp/line
cp -r "$tmp/t1" "$line"
$PYTHON tests/check_whatif.py "$line" line >"$tmp/cw" 2>&1 \
    && ok "line: frontier.csv and changes.csv agree with the plans" \
    || { bad "line: check_whatif.py"; grep -v '^ok' "$tmp/cw" | head -5; }

# Reuse changes where a solve starts, never the optimum.
$KAMPLAN solve "$gen" --sweep "$BS" --gap 0 --quiet --out "$tmp/cold"
if [ "$(cut -d, -f1-3 "$tmp/cold/summary.csv")" = "$(cut -d, -f1-3 "$line/summary.csv")" ]; then
    ok "--reuse and solving from scratch give the same optima"
else
    bad "--reuse and solving from scratch give other optima"
fi
seeded=$(awk -F, 'NR > 1 && $13 != "" { n++ } END { print n + 0 }' "$line/frontier.csv")
unseeded=$(awk -F, 'NR > 1 && $13 != "" { n++ } END { print n + 0 }' "$tmp/cold/frontier.csv")
[ "$seeded" -gt 0 ] && [ "$unseeded" -eq 0 ] \
    && ok "frontier.csv names the seeding scenario ($seeded of 4 with reuse, none without)" \
    || bad "seeded_from: $seeded with reuse, $unseeded without"

# --scenario picks one swept scenario by its id.
id=$(awk -F, 'NR == 3 { print $1 }' "$line/summary.csv")
$KAMPLAN solve "$gen" --sweep "$BS" --gap 0 --scenario "$id" --out "$tmp/one" >"$tmp/out"
rows=$(awk 'END { print NR - 1 }' "$tmp/one/summary.csv")
[ "$rows" -eq 1 ] && grep -q "^scenario $id: optimal" "$tmp/out" \
    && [ "$(sed -n 2p "$tmp/one/summary.csv" | cut -d, -f1-3)" = "$(sed -n 3p "$line/summary.csv" | cut -d, -f1-3)" ] \
    && ok "--scenario $id solves that swept scenario alone" \
    || bad "--scenario $id: $rows rows; $(head -2 "$tmp/out")"

# One core means one core: the pricing of a lone scenario runs on its
# threads too, so without the option it would take every core.
big="$tmp/threads"
$KAMPLAN generate --accounts 400 --seed 5 "$big" >/dev/null
for how in "--threads 1" "OMP_NUM_THREADS=1"; do
    if [ "$how" = "--threads 1" ]; then
        /usr/bin/time -f "%e %U %S" -o "$tmp/cores" $KAMPLAN solve "$big" --threads 1 --quiet --out "$tmp/one-core"
    else
        OMP_NUM_THREADS=1 /usr/bin/time -f "%e %U %S" -o "$tmp/cores" $KAMPLAN solve "$big" --quiet --out "$tmp/one-core"
    fi
    cores=$(awk '{ printf "%.3f", ($2 + $3) / ($1 > 0.01 ? $1 : 0.01) }' "$tmp/cores")
    awk -v c="$cores" 'BEGIN { exit !(c <= 1.05) }' \
        && ok "$how: one core ($cores x wall time in CPU time)" \
        || bad "$how: $cores x wall time in CPU time (want <= 1.05)"
done

# --progress: the stages of a solve that the proof closes (the 120-account
# instance of crosscheck.sh's kind, with links), in order.
pdir="$tmp/progress"
$KAMPLAN generate --accounts 120 --seed 1 "$pdir" >/dev/null
python3 benchmarks/add_links.py "$pdir" 4 2 1
$KAMPLAN solve "$pdir" --gap 0 --quiet --progress "$tmp/progress.csv" --out "$tmp/progress.out"
if awk -F, -v sum="$(sed -n 2p "$tmp/progress.out/summary.csv")" '
    NR == 1 { ok = $0 == "seconds,scenario,stage,round,bound,plan,gap_pct"; next }
    { if ($5 != "" && b != "" && $5 > b * (1 + 1e-12)) ok = 0
      if ($6 != "" && v != "" && $6 < v * (1 - 1e-12)) ok = 0
      if ($5 != "") b = $5
      if ($6 != "") v = $6
      if ($1 < t) ok = 0
      t = $1; stages[$3]++; n++ }
    END { split(sum, f, ","); d = v - f[3]; if (d < 0) d = -d
          if (d > 1e-8 * (1 + f[3])) ok = 0
          exit !(ok && n >= 3 && stages["pricing"] > 0 && stages["master"] == 1) }' "$tmp/progress.csv"
then
    ok "--progress: $(($(wc -l <"$tmp/progress.csv") - 1)) stages, bounds falling, plans rising, the last plan that of summary.csv"
else
    bad "--progress: $(head -5 "$tmp/progress.csv" | tr '\n' '|')"
fi
$KAMPLAN solve "$pdir" --progress "$tmp/no/such/dir/p.csv" --quiet >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" -eq 4 ] && grep -q "progress: cannot write $tmp/no/such/dir/p.csv" "$tmp/err" \
    && ok "--progress into a missing folder: exit 4, named" \
    || bad "--progress into a missing folder: exit $rc: $(cat "$tmp/err")"

finish
