#!/bin/sh
# Replanning (solve --from with --max-changes / --change-cost, export of the
# replanning model; models/README.md, "Replanning"): kamplan's objective
# equals glpsol's (and cbc's, on the MPS) on the exported model with the
# row "changes" for several N, on the sample and on generated instances,
# with --method auto and bb; the column generation's path for many blocks
# (KP_SCALE_BLOCKS) keeps the limit too; a brute force over every plan of
# a tiny instance agrees for every N and a change cost; N=0 returns the
# previous plan when it is feasible; previous plans with unknown
# activities, bad rows and no matching scenario. Prints one line per check
# and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
# Hundreds of solves: a valgrind pass (KAMPLAN a command line) leaves them
# to the plain and sanitizer passes; tests/unit/test_replan.c runs the
# library's replanning under valgrind.
case $KAMPLAN in
*" "*)
    echo "skipped: KAMPLAN is a command line ($KAMPLAN)"
    finish
    exit 0 ;;
esac

# Column $2 of summary.csv's row of scenario $1 (file $3); "infeasible"
# etc. for a scenario without a plan when $2 is the objective.
col() {
    awk -F, -v s="$1" -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) n[$i] = i; next }
        $1 == s { if (c == "objective" && $2 != "optimal" && $2 != "feasible") print $2; else print $(n[c]) }' "$3"
}

# against NAME DIR SCENARIO-ARGS... -- REPLAN-ARGS...: solve (auto and bb)
# and glpsol on the exported LP agree.
against() {
    name=$1 dir=$2 scen=$3 sweep=$4
    shift 4
    $KAMPLAN export "$dir" $sweep --scenario "$scen" --lp "$tmp/m.lp" --mps "$tmp/m.mps" \
        "$@" 2>"$tmp/err" || { bad "$name: export"; cat "$tmp/err"; return; }
    peer=$(glpsol_obj "$tmp/m.lp")
    for m in auto bb; do
        rm -rf "$tmp/o"
        $KAMPLAN solve "$dir" $sweep --scenario "$scen" --gap 0 -q --method $m \
            --out "$tmp/o" "$@" 2>"$tmp/err"
        mine=$(col "$scen" objective "$tmp/o/summary.csv")
        if same "$mine" "$peer"; then ok "$name ($m): $mine = glpsol"
        else bad "$name ($m): kamplan $mine, glpsol $peer"; fi
        # The reported objective is the value less the cost of the changes.
        ch=$(col "$scen" changes "$tmp/o/summary.csv")
        v=$(col "$scen" value "$tmp/o/summary.csv")
        case "$mine" in infeasible) continue ;; esac
        lim=$(printf '%s\n' "$@" | awk 'p { print; exit } $0 == "--max-changes" { p = 1 }')
        cost=$(printf '%s\n' "$@" | awk 'p { print; exit } $0 == "--change-cost" { p = 1 }')
        [ -n "$lim" ] && [ "$ch" -gt "$lim" ] && bad "$name ($m): $ch changes > $lim"
        same "$mine" "$(awk -v v="$v" -v c="$ch" -v k="${cost:-0}" 'BEGIN { printf "%.17g", v - k * c }')" \
            || bad "$name ($m): objective $mine is not value $v - ${cost:-0} x $ch"
        # replan.csv's rows add up to the changes.
        sum=$(awk -F, 'NR > 1 { s += $7 } END { print s + 0 }' "$tmp/o/replan.csv")
        [ "$sum" = "$ch" ] || bad "$name ($m): replan.csv adds up to $sum, summary says $ch"
    done
    if [ "${MPS:-0}" = 1 ] && command -v cbc >/dev/null; then
        c=$(cbc_mps_obj "$tmp/m.mps")
        if same "$c" "$peer"; then ok "$name: cbc on the MPS = glpsol ($c)"
        else bad "$name: cbc on the MPS $c, glpsol $peer"; fi
    fi
}

# The sample: planned at 480 hours, replanned at 408 (hours down 15%).
S=models/sample
$KAMPLAN solve $S --scenario base --gap 0 -q --out "$tmp/prev" 2>/dev/null
P="$tmp/prev/plan.csv"
for n in 0 2 5 7; do
    against "sample, hours 408, --max-changes $n" $S hours=408 "--sweep hours=408:408:1" \
        --from "$P" --max-changes $n
done
MPS=1 against "sample, hours 408, --change-cost 3000" $S hours=408 "--sweep hours=408:408:1" \
    --from "$P" --change-cost 3000
MPS=1 against "sample, lean-budget, --max-changes 4 --change-cost 500" $S lean-budget "" \
    --from "$P" --max-changes 4 --change-cost 500

# Generated instances: the plan at the policy's hours, replanned at 85%.
SEEDS=${REPLAN_SEEDS:-"1 2"}
[ "${QUICK:-0}" = 1 ] && SEEDS=1
for seed in $SEEDS; do
    G="$tmp/g$seed"
    $KAMPLAN generate --accounts 12 --seed $seed "$G" >/dev/null
    $KAMPLAN solve "$G" --gap 0 -q --out "$tmp/gp$seed" 2>/dev/null
    h=$(awk -F, '$1 == "hours" { printf "%d", $2 * 0.85 }' "$G/policy.csv")
    for n in 1 4 9; do
        against "generated 12 seed $seed, hours $h, --max-changes $n" "$G" "hours=$h" \
            "--sweep hours=$h:$h:1" --from "$tmp/gp$seed/plan.csv" --max-changes $n
    done
done

# Random previous plans (not optima: any activities, counts 0 to 3, also
# above max_count), N around their occurrences P, with and without a cost.
RSEEDS=${REPLAN_RANDOM_SEEDS:-"3 4"}
[ "${QUICK:-0}" = 1 ] && RSEEDS=3
for seed in $RSEEDS; do
    G="$tmp/r$seed"
    $KAMPLAN generate --accounts 10 --seed $seed "$G" >/dev/null
    $PYTHON - "$G" $seed >"$tmp/r$seed.csv" <<'PY'
import csv, random, sys
random.seed(int(sys.argv[2]))
print("activity_id,count")
for r in csv.DictReader(open(sys.argv[1] + "/activities.csv")):
    if random.random() < 0.3:
        print("%s,%d" % (r["id"], random.randint(0, 3)))
PY
    p=$(awk -F, 'NR > 1 { s += $2 } END { print s }' "$tmp/r$seed.csv")
    for n in $((p / 2)) $((p - 8)) $((p + 10)); do
        against "generated 10 seed $seed, random previous plan (P=$p), --max-changes $n" "$G" \
            base "" --from "$tmp/r$seed.csv" --max-changes $n --change-cost 700
    done
done

# 100 accounts (over 30 blocks): the proof by enumeration closes the gap
# with the row "changes" in its master (solve names the bound), and the
# optimum equals glpsol's.
SEEDS100=${REPLAN_SEEDS100:-"1 2"}
[ "${QUICK:-0}" = 1 ] && SEEDS100=1
for seed in $SEEDS100; do
    G="$tmp/h$seed"
    $KAMPLAN generate --accounts 100 --seed $seed "$G" >/dev/null
    $KAMPLAN solve "$G" --gap 0 -q --out "$tmp/hp$seed" 2>/dev/null
    h=$(awk -F, '$1 == "hours" { printf "%d", $2 * 0.85 }' "$G/policy.csv")
    for args in "--max-changes 25" "--max-changes 40 --change-cost 1000"; do
        # shellcheck disable=SC2086
        $KAMPLAN export "$G" --sweep hours=$h:$h:1 --from "$tmp/hp$seed/plan.csv" $args \
            --lp "$tmp/e.lp" 2>/dev/null
        peer=$(glpsol_obj "$tmp/e.lp")
        # shellcheck disable=SC2086
        $KAMPLAN solve "$G" --sweep hours=$h:$h:1 --gap 0 --from "$tmp/hp$seed/plan.csv" \
            $args --out "$tmp/o" >"$tmp/txt" 2>/dev/null
        mine=$(col "hours=$h" objective "$tmp/o/summary.csv")
        if same "$mine" "$peer" && grep -q "bound   enumeration" "$tmp/txt"; then
            ok "generated 100 seed $seed, $args: proof by enumeration, $mine = glpsol"
        else
            bad "generated 100 seed $seed, $args: kamplan $mine ($(grep 'bound ' "$tmp/txt")), glpsol $peer"
        fi
    done
done

# The method for many blocks (forced from 2 blocks; 100 accounts): its
# plan keeps the limit, and lies within the gap of glpsol's optimum, below
# its own proven bound.
G="$tmp/h1"
h=$(awk -F, '$1 == "hours" { printf "%d", $2 * 0.85 }' "$G/policy.csv")
$KAMPLAN export "$G" --sweep hours=$h:$h:1 --lp "$tmp/s.lp" --from "$tmp/hp1/plan.csv" --max-changes 25
peer=$(glpsol_obj "$tmp/s.lp")
rm -rf "$tmp/o"
KP_SCALE_BLOCKS=2 $KAMPLAN solve "$G" --sweep hours=$h:$h:1 --gap 1 -q --out "$tmp/o" \
    --from "$tmp/hp1/plan.csv" --max-changes 25 2>/dev/null
v=$(col "hours=$h" objective "$tmp/o/summary.csv")
b=$(col "hours=$h" bound "$tmp/o/summary.csv")
ch=$(col "hours=$h" changes "$tmp/o/summary.csv")
if awk -v v="$v" -v b="$b" -v p="$peer" -v c="$ch" 'BEGIN {
        exit !(c <= 25 && v <= p * (1 + 1e-9) && b >= p * (1 - 1e-9) && v >= b * 0.99 - 1e-6) }'; then
    ok "many-block method (KP_SCALE_BLOCKS=2): $v <= glpsol $peer <= bound $b, within 1%; $ch changes <= 25"
else
    bad "many-block method: value $v, bound $b (glpsol $peer), $ch changes (limit 25)"
fi
G="$tmp/g1"
h=$(awk -F, '$1 == "hours" { printf "%d", $2 * 0.85 }' "$G/policy.csv")

# --format json: the document's results agree with the CSV files of the
# same run, replan.csv (as "replan") and summary.csv's value and changes
# included.
rm -rf "$tmp/o"
$KAMPLAN solve $S --gap 0 --from "$P" --max-changes 5 --change-cost 10 --format json \
    --out "$tmp/o" >"$tmp/doc.json" 2>/dev/null
if $PYTHON tests/check_json.py "$tmp/doc.json" "$tmp/o" >"$tmp/diff" 2>&1 &&
   $PYTHON -c 'import json, sys; d = json.load(open(sys.argv[1]))["results"]
assert d["replan"] and "changes" in d["summary"][0] and "value" in d["summary"][0]' "$tmp/doc.json"; then
    ok "solve --from --format json: results agree with the CSV files, replan.csv included"
else bad "solve --from --format json: $(head -5 "$tmp/diff")"; fi

# Under mpirun (the MPI build) every scenario's replan comes back from
# the other ranks the same: every file of the set equals one process's.
if command -v mpirun >/dev/null 2>&1 && ldd "$KAMPLAN" 2>/dev/null | grep -q libmpi; then
    rm -rf "$tmp/m1" "$tmp/m2"
    $KAMPLAN solve $S --gap 0 -q --from "$P" --max-changes 6 --change-cost 100 \
        --out "$tmp/m1" 2>/dev/null
    OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1 \
        ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
        mpirun --oversubscribe -np 2 $KAMPLAN solve $S --gap 0 -q --from "$P" \
        --max-changes 6 --change-cost 100 --out "$tmp/m2" >/dev/null 2>&1
    if [ -f "$tmp/m2/replan.csv" ] && $PYTHON tests/check_same_sets.py "$tmp/m1" "$tmp/m2" >"$tmp/diff" 2>&1; then
        ok "mpirun -np 2 solve --from: the same result set as one process"
    else bad "mpirun -np 2 solve --from differs: $(head -5 "$tmp/diff")"; fi
fi

# The trade-off curve: non-decreasing, each point equal to glpsol on the
# exported model with that N (and its infeasible points infeasible there).
# tradeoff_check NAME DIR SCENARIO SWEEP PREV [ARGS...]
tradeoff_check() {
    name=$1 dir=$2 scen=$3 sweep=$4 prev=$5
    shift 5
    rm -rf "$tmp/t"
    $KAMPLAN tradeoff "$dir" $sweep --scenario "$scen" --from "$prev" -q --out "$tmp/t" \
        --report "$tmp/t.html" "$@" 2>"$tmp/err" || { bad "$name: tradeoff failed"; cat "$tmp/err"; return; }
    if awk -F, 'NR > 1 && $4 != "" { if (seen && $4 < last) exit 1; last = $4; seen = 1 }
                END { exit !seen }' "$tmp/t/tradeoff.csv"; then
        ok "$name: the curve is non-decreasing ($(($(wc -l <"$tmp/t/tradeoff.csv") - 1)) points)"
    else bad "$name: the curve decreases or is empty"; cat "$tmp/t/tradeoff.csv"; fi
    tail -n +2 "$tmp/t/tradeoff.csv" | while IFS=, read -r sc n ch v st gap; do
        $KAMPLAN export "$dir" $sweep --scenario "$scen" --from "$prev" --max-changes "$n" \
            --lp "$tmp/tp.lp" 2>/dev/null
        peer=$(glpsol_obj "$tmp/tp.lp")
        mine=$v
        [ -z "$v" ] && mine=$st
        [ "$st" = optimal ] || [ "$st" = infeasible ] || echo "not ok - $name: N=$n is $st"
        if same "$mine" "$peer" && { [ -z "$ch" ] || [ "$ch" -le "$n" ]; }; then
            echo "ok - $name: N=$n: $mine = glpsol"
        else echo "not ok - $name: N=$n: tradeoff $mine ($ch changes), glpsol $peer"; fi
    done >"$tmp/points"
    cat "$tmp/points"
    pass=$((pass + $(grep -c '^ok - ' "$tmp/points")))
    fail=$((fail + $(grep -c '^not ok - ' "$tmp/points")))
}
tradeoff_check "tradeoff, sample at 408 hours" $S hours=408 "--sweep hours=408:408:1" "$P"
tradeoff_check "tradeoff, generated 12 seed 1 (bb, --max-changes 5)" "$G" "hours=$h" \
    "--sweep hours=$h:$h:1" "$tmp/gp1/plan.csv" --method bb --max-changes 5
if [ "$(tail -1 "$tmp/t/tradeoff.csv" | cut -d, -f2)" = 5 ]; then
    ok "tradeoff --max-changes 5 ends at N=5"
else bad "tradeoff --max-changes 5 ends at $(tail -1 "$tmp/t/tradeoff.csv")"; fi
# The report's chart: axes from zero, labelled with their units.
if grep -q 'data-chart="tradeoff"' "$tmp/t.html" &&
   grep -q 'text-anchor="end">0</text>' "$tmp/t.html" &&
   grep -q 'text-anchor="middle">0</text>' "$tmp/t.html" &&
   grep -q 'changes against the previous plan (occurrences added or removed)' "$tmp/t.html" &&
   grep -q 'value of the plan (money)' "$tmp/t.html"; then
    ok "tradeoff --report: a chart with both axes from zero, labelled"
else bad "tradeoff --report: no chart from zero with labelled axes"; fi
$KAMPLAN tradeoff $S -q 2>"$tmp/err"
[ $? = 2 ] && grep -q "give the previous plan with --from" "$tmp/err" \
    && ok "tradeoff without --from is a usage error" || bad "tradeoff without --from: $(cat "$tmp/err")"

# N = 0 returns the previous plan when it is feasible: the lean-budget
# optimum fits the base scenario.
$KAMPLAN solve $S --scenario lean-budget --gap 0 -q --out "$tmp/lean" 2>/dev/null
for m in auto bb; do
    rm -rf "$tmp/o"
    $KAMPLAN solve $S --scenario base --gap 0 -q --method $m --out "$tmp/o" \
        --from "$tmp/lean/plan.csv" --max-changes 0 2>/dev/null
    a=$(cut -d, -f2- "$tmp/lean/plan.csv" | tail -n +2 | sort)
    b=$(cut -d, -f2- "$tmp/o/plan.csv" | tail -n +2 | sort)
    if [ -n "$a" ] && [ "$a" = "$b" ] && [ "$(col base changes "$tmp/o/summary.csv")" = 0 ] &&
       [ "$(col base status "$tmp/o/summary.csv")" = optimal ]; then
        ok "--max-changes 0 ($m) returns the previous plan, optimal"
    else
        bad "--max-changes 0 ($m) does not return the previous plan"
    fi
done

# A tiny instance against a brute force over all its plans.
T="$tmp/tiny"
mkdir -p "$T"
printf 'id,sales\nA1,100\nA2,50\n' >"$T/accounts.csv"
cat >"$T/activities.csv" <<'CSV'
id,account_id,hours,cost,value,max_count,decay
a,A1,3,100,900,2,0.5
b,A1,2,0,500,3,0.9
c,A1,4,50,1000,1,1
d,A2,1,10,300,2,1
e,A2,5,0,1400,2,0.5
CSV
printf 'key,value\nhours,11\nbudget,150\nmin_contacts,0\nrequire_entrenched,no\n' >"$T/policy.csv"
printf 'activity_id,count\na,1\nb,3\nc,1\nd,3\ne,1\n' >"$tmp/tprev.csv"
$PYTHON - "$tmp/tprev.csv" >"$tmp/brute" <<'PY'
import itertools, sys
acts = [("a",3,100,900,2,0.5), ("b",2,0,500,3,0.9), ("c",4,50,1000,1,1),
        ("d",1,10,300,2,1), ("e",5,0,1400,2,0.5)]
prev = {}
for line in open(sys.argv[1]).read().split()[1:]:
    i, n = line.split(","); prev[i] = int(n)
best = {}
for cnt in itertools.product(*[range(a[4] + 1) for a in acts]):
    h = sum(c * a[1] for c, a in zip(cnt, acts)); b = sum(c * a[2] for c, a in zip(cnt, acts))
    if h > 11 or b > 150: continue
    v = sum(a[3] * a[5] ** j for c, a in zip(cnt, acts) for j in range(c))
    ch = sum(abs(c - prev[a[0]]) for c, a in zip(cnt, acts))
    for n in range(0, 12):
        if ch <= n: best[n] = max(best.get(n, -1), v)
    best[("cost", ch)] = max(best.get(("cost", ch), -1e18), v - 250 * ch)
for n in range(0, 12): print(n, "%.10f" % best[n] if n in best else "infeasible")
print("cost", "%.10f" % max(v for k, v in best.items() if isinstance(k, tuple)))
PY
for n in 0 1 2 3 4 6 11; do
    want=$(awk -v n=$n '$1 == n { print $2 }' "$tmp/brute")
    for m in auto bb; do
        rm -rf "$tmp/o"
        $KAMPLAN solve "$T" --gap 0 -q --method $m --out "$tmp/o" --from "$tmp/tprev.csv" \
            --max-changes $n 2>/dev/null
        got=$(col base objective "$tmp/o/summary.csv")
        if same "$got" "$want"; then ok "tiny brute force, --max-changes $n ($m): $got"
        else bad "tiny brute force, --max-changes $n ($m): kamplan $got, brute force $want"; fi
    done
done
want=$(awk '$1 == "cost" { print $2 }' "$tmp/brute")
rm -rf "$tmp/o"
$KAMPLAN solve "$T" --gap 0 -q --out "$tmp/o" --from "$tmp/tprev.csv" --change-cost 250 2>/dev/null
got=$(col base objective "$tmp/o/summary.csv")
if same "$got" "$want"; then ok "tiny brute force, --change-cost 250: $got"
else bad "tiny brute force, --change-cost 250: kamplan $got, brute force $want"; fi

# Previous plan rows naming activities that no longer exist: a warning at
# their line, not counted.
printf 'activity_id,count\na,1\ngone,4\nb,3\nc,1\nd,3\ne,1\n' >"$tmp/unk.csv"
rm -rf "$tmp/o"
$KAMPLAN solve "$T" --gap 0 -q --out "$tmp/o" --from "$tmp/unk.csv" --max-changes 3 2>"$tmp/err"
if grep -q "warning: $tmp/unk.csv:3: column 'activity_id': no activity 'gone'" "$tmp/err"; then
    ok "an unknown activity of the previous plan is a warning at its line"
else bad "unknown activity warning: $(cat "$tmp/err")"; fi
want=$(awk '$1 == 3 { print $2 }' "$tmp/brute")
got=$(col base objective "$tmp/o/summary.csv")
if same "$got" "$want"; then ok "... and its occurrences are not counted ($got)"
else bad "unknown activity counted: $got, want $want"; fi

# The report's headline under a replan: the plan's value, its changes (of
# at most N) and, with --change-cost, their cost, as summary.csv has them;
# the changes as replan.csv lists them; the previous plan's rows not
# counted (their activities no longer exist).
# report_figures HTML SUMMARY REPLAN SCENARIO COST: the checks.
report_figures() {
    $PYTHON - "$@" <<'PY'
import csv, html, re, sys
page, summ, repl, scen, cost = sys.argv[1:6]
cost = float(cost)
page = open(page).read()
s = [r for r in csv.DictReader(open(summ)) if r["scenario"] == scen][0]
rows = [r for r in csv.DictReader(open(repl)) if r["scenario"] == scen]
cards = {k: v for k, v in re.findall(r'<div class="k">([^<]*)</div><div class="v[^"]*">([^<]*)</div>', page)}
num = lambda t: float(html.unescape(t).replace(",", ""))
head = page[:page.find("</section>")]
table = re.findall(r'<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td class="n">([^<]*)</td>'
                   r'<td class="n">([^<]*)</td><td class="n">([^<]*)</td></tr>', head)
want = [(r["account_id"], r["activity_id"], r["change"], r["count_previous"], r["count"],
         r["changes"]) for r in rows]
ch = int(s["changes"])
ok = (abs(num(cards["Plan value"]) - float(s["value"])) < 0.5 and
      num(cards["Changes"]) == ch and abs(num(cards["Value"]) - float(s["objective"])) < 0.51 and
      ("Change cost" in cards) == (cost > 0) and
      (cost == 0 or abs(num(cards["Change cost"]) - cost * ch) < 0.5) and
      [tuple(html.unescape(x) for x in t) for t in table] == want and
      "%s change%s" % (ch, "" if ch == 1 else "s") in head)
if not ok:
    print(cards, s, table[:3], want[:3], file=sys.stderr)
sys.exit(0 if ok else 1)
PY
}
rm -rf "$tmp/o"
$KAMPLAN solve $S --sweep hours=408:408:1 --scenario hours=408 --gap 0 -q --from "$P" \
    --max-changes 5 --out "$tmp/o" --report "$tmp/r5.html" 2>/dev/null
report_figures "$tmp/r5.html" "$tmp/o/summary.csv" "$tmp/o/replan.csv" hours=408 0 &&
    grep -q 'against the previous plan, of at most 5' "$tmp/r5.html" &&
    ok "report, --max-changes 5: the plan's value and changes of summary.csv, replan.csv's rows" ||
    bad "report, --max-changes 5: figures differ from summary.csv or replan.csv"
rm -rf "$tmp/o"
$KAMPLAN solve $S --sweep hours=408:408:1 --scenario hours=408 --gap 0 -q --from "$P" \
    --change-cost 3000 --out "$tmp/o" --report "$tmp/rc.html" 2>/dev/null
report_figures "$tmp/rc.html" "$tmp/o/summary.csv" "$tmp/o/replan.csv" hours=408 3000 &&
    ok "report, --change-cost 3000: value, changes and their cost as summary.csv has them" ||
    bad "report, --change-cost 3000: figures differ from summary.csv"
rm -rf "$tmp/o"
$KAMPLAN solve "$T" --gap 0 -q --out "$tmp/o" --from "$tmp/unk.csv" --max-changes 3 \
    --report "$tmp/ru.html" 2>/dev/null
report_figures "$tmp/ru.html" "$tmp/o/summary.csv" "$tmp/o/replan.csv" base 0 &&
    grep -q 'Not counted: 1 row of the previous plan whose activity no longer exists: gone (4 occurrences, line 3)' \
        "$tmp/ru.html" &&
    ok "report: the previous plan's row of an activity that no longer exists, not counted" ||
    bad "report: the row not counted is missing: $(grep -o 'Not counted[^<]*' "$tmp/ru.html")"

# Bad rows: FILE:LINE: column.
printf 'activity_id,count\na,1\nb,x\n,2\na,1\n' >"$tmp/bad.csv"
$KAMPLAN solve "$T" -q --from "$tmp/bad.csv" --max-changes 1 2>"$tmp/err"
rc=$?
if [ $rc = 1 ] && grep -q "$tmp/bad.csv:3: column 'count'" "$tmp/err" &&
   grep -q "$tmp/bad.csv:4: column 'activity_id': missing" "$tmp/err" &&
   grep -q "$tmp/bad.csv:5: column 'activity_id': a is listed twice" "$tmp/err"; then
    ok "bad previous-plan rows are errors at FILE:LINE with the column (exit 1)"
else bad "bad previous-plan rows (exit $rc): $(cat "$tmp/err")"; fi
# A plan.csv of several scenarios, none of them the one solved.
printf 'scenario,activity_id,count\nx,a,1\ny,b,1\n' >"$tmp/two.csv"
$KAMPLAN solve "$T" -q --from "$tmp/two.csv" 2>"$tmp/err"
rc=$?
if [ $rc = 1 ] && grep -q "error: $tmp/two.csv: column 'scenario': no rows for scenario 'base'" "$tmp/err"; then
    ok "a previous plan of other scenarios is an error naming the file"
else bad "no matching scenario (exit $rc): $(cat "$tmp/err")"; fi
$KAMPLAN solve "$T" -q --max-changes 3 2>"$tmp/err"
[ $? = 2 ] && grep -q "needs --from" "$tmp/err" && ok "--max-changes without --from is a usage error" \
    || bad "--max-changes without --from: $(cat "$tmp/err")"
$KAMPLAN export "$T" --from "$tmp/tprev.csv" --dat "$tmp/x.dat" 2>"$tmp/err"
[ $? = 2 ] && grep -q "does not cover replanning" "$tmp/err" && ok "export --dat with --from is refused" \
    || bad "export --dat --from: $(cat "$tmp/err")"
finish
