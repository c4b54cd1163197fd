#!/bin/sh
# Sweeps over one manager's or one period's capacity (--sweep
# manager_hours:ID=..., manager_budget:ID, period_hours:ID, period_budget:ID).
# Each swept point is checked against a copy of the instance with that
# capacity edited by hand in managers.csv or periods.csv, independent of
# the sweep's code: `export --sweep ... --scenario POINT` writes the same
# LP as the edited copy's export (all but the problem's name), and the
# point's objective equals glpsol's (cbc's for models/team) optimum of the
# edited copy's LP (within the default gap, 0.01 %, with the bound above
# it). On the small hand cases team-valid (a manager's hours, which the
# team's hours follow without policy hours, and budget), periods-valid (a
# period's hours and budget) and team-chosen-periods (a grid of a manager
# x a period); on models/team a manager's line (BERG 200:300:3), a
# period's (Q2 140:180:3) and a grid of BERG's hours x the team's budget
# (points picked to solve in seconds at the default gap), with
# frontier.csv's axis columns, managers.csv, periods.csv, changes.csv,
# JSON and the report; then every refusal with its message and exit 2,
# an existing sweep's frontier.csv without the new columns, bench and
# tradeoff with a manager's sweep, and mpirun (2 ranks) against one
# process. models/team runs only where the peers do (not under QUICK=1
# nor PEERS=0) and not under valgrind, whose pass keeps a line of a
# manager's hours and of a period's (their first points exported), the
# grid and the refusals.
# Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
VG=0
case $KAMPLAN in *" "*) VG=1 ;; esac

# A copy of folder $1 at $2 with column $4 of row $3 of file $5 set to $6.
edited() {
    rm -rf "$2"
    cp -r "$1" "$2"
    awk -F, -v OFS=, -v id="$3" -v col="$4" -v v="$6" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i }
        NR > 1 && $1 == id { $c = v } { print }' "$1/$5" >"$2/$5"
}

# The peer's optimum of LP file $1: glpsol's, or cbc's when $2 is cbc
# (glpsol takes some 15 s on models/team, cbc a few).
peer() {
    if [ "${2:-}" = cbc ]; then
        cbc_obj "$1"
    else
        peer_obj "$1"
    fi
}

# Whether objective $1 with bound $2 is within 0.01 % below optimum $3
# (the default gap), the bound not below it.
within_gap() {
    awk -v o="$1" -v b="$2" -v p="$3" 'BEGIN {
        if (o == "" || b == "" || p == "" || p == "infeasible") exit 1
        m = p < 0 ? -p : p; if (m < 1) m = 1
        exit (o <= p + 1e-6 * m && b >= p - 1e-6 * m && p - o <= 1e-4 * m) ? 0 : 1 }'
}

# line NAME DIR SPEC FILE ID COLUMN BASE PEER V1 V2 ...: solves DIR's sweep
# SPEC (at the default gap) and checks each point Vi (scenario ID.hours=Vi
# or ID.budget=Vi) against the copy of DIR with COLUMN of ID's row in FILE
# set to Vi, exported at scenario BASE (one without scales): the same LP,
# and (with the peers) the same optimum within the gap.
line() {
    name=$1 dir=$2 spec=$3 file=$4 id=$5 col=$6 base=$7 how=$8
    shift 8
    what=hours
    case $spec in *budget:*) what=budget ;; esac
    rm -rf "$tmp/line"
    $KAMPLAN solve "$dir" --sweep "$spec" --quiet --out "$tmp/line" 2>"$tmp/err"
    ids=$(awk -F, 'NR > 1 { printf "%s ", $1 }' "$tmp/line/summary.csv" 2>/dev/null)
    want=$(for v in "$@"; do printf '%s.%s=%s ' "$id" "$what" "$v"; done)
    if [ "$ids" = "$want" ]; then
        ok "$name: summary.csv's scenarios are $want"
    else
        bad "$name: summary.csv's scenarios are '$ids', not '$want'"
    fi
    for v in "$@"; do
        scen="$id.$what=$v"
        rm -f "$tmp/hand.lp"
        edited "$dir" "$tmp/hand" "$id" "$col" "$file" "$v"
        $KAMPLAN export "$tmp/hand" --scenario "$base" --lp "$tmp/hand.lp" 2>"$tmp/err"
        $KAMPLAN export "$dir" --sweep "$spec" --scenario "$scen" --lp "$tmp/swept.lp" 2>"$tmp/err"
        tail -n +2 "$tmp/hand.lp" >"$tmp/hand.body" 2>/dev/null
        tail -n +2 "$tmp/swept.lp" >"$tmp/swept.body" 2>/dev/null
        if [ -s "$tmp/hand.body" ] && cmp -s "$tmp/hand.body" "$tmp/swept.body"; then
            ok "$name: export --scenario $scen is the LP of $file with $id's $col $v by hand"
        else
            bad "$name: export --scenario $scen differs from the hand-edited LP"
        fi
        rm -f "$tmp/swept.lp"
        [ "$PEER" = 1 ] || continue
        o=$(awk -F, -v s="$scen" 'NR > 1 && $1 == s && ($2 == "optimal" || $2 == "feasible") { print $3 }' "$tmp/line/summary.csv")
        b=$(awk -F, -v s="$scen" 'NR > 1 && $1 == s { print $4 }' "$tmp/line/summary.csv")
        p=$(peer "$tmp/hand.lp" "$how")
        if within_gap "$o" "$b" "$p"; then
            ok "$name: $scen's objective $o (bound $b) against $how's $p on the hand-edited copy"
        else
            bad "$name: $scen's objective '$o' (bound '$b'), $how's '$p' on the hand-edited copy"
        fi
        # Under valgrind (memory errors, not numbers) the first point only.
        [ "$VG" = 1 ] && break
    done
}

# ---- small hand cases --------------------------------------------------
line "team-valid, M1's hours" tests/cases/team-valid/in manager_hours:M1=3:7:3 \
    managers.csv M1 hours base glpsol 3 5 7
# Without policy hours the team's are the managers' together: 10 + M1's.
h=$(awk -F, 'NR > 1 { printf "%s ", $7 }' "$tmp/line/summary.csv" 2>/dev/null)
if [ "$h" = "13 15 17 " ]; then
    ok "team-valid: the team's hours_available follow M1's (13 15 17)"
else
    bad "team-valid: the team's hours_available are '$h', not '13 15 17 '"
fi
m=$(awk -F, '$2 == "M1" { printf "%s:%s ", $1, $5 }' "$tmp/line/managers.csv" 2>/dev/null)
if [ "$m" = "M1.hours=3:3 M1.hours=5:5 M1.hours=7:7 " ]; then
    ok "team-valid: managers.csv gives M1 3, 5 and 7 hours available"
else
    bad "team-valid: managers.csv's M1 rows '$m'"
fi
[ "$VG" = 1 ] || line "team-valid, M2's budget" tests/cases/team-valid/in manager_budget:M2=20:60:3 \
    managers.csv M2 budget base glpsol 20 40 60
line "periods-valid, Q2's hours" tests/cases/periods-valid/in period_hours:Q2=4:12:3 \
    periods.csv Q2 hours base glpsol 4 8 12
p=$(awk -F, '$2 == "Q2" { printf "%s:%s ", $1, $4 }' "$tmp/line/periods.csv" 2>/dev/null)
if [ "$p" = "Q2.hours=4:4 Q2.hours=8:8 Q2.hours=12:12 " ]; then
    ok "periods-valid: periods.csv gives Q2 4, 8 and 12 hours available"
else
    bad "periods-valid: periods.csv's Q2 rows '$p'"
fi
[ "$VG" = 1 ] || line "periods-valid, Q2's budget" tests/cases/periods-valid/in period_budget:Q2=100:400:3 \
    periods.csv Q2 budget base glpsol 100 250 400

# A grid of a manager x a period: ids in order (the first axis outer),
# frontier.csv's axis columns, changes.csv along both axes.
TCP=tests/cases/team-chosen-periods/in
rm -rf "$tmp/g"
$KAMPLAN solve $TCP --sweep manager_hours:M1=2:3:2 --sweep period_hours:P1=3:4:2 \
    --gap 0 --quiet --out "$tmp/g" 2>"$tmp/err"
ids=$(awk -F, 'NR > 1 { printf "%s ", $1 }' "$tmp/g/summary.csv" 2>/dev/null)
if [ "$ids" = "M1.hours=2+P1.hours=3 M1.hours=2+P1.hours=4 M1.hours=3+P1.hours=3 M1.hours=3+P1.hours=4 " ]; then
    ok "team-chosen-periods grid M1 x P1: 4 scenarios, M1 outer"
else
    bad "team-chosen-periods grid: scenarios '$ids'"
fi
if $PYTHON - "$tmp/g" <<'PYEOF'
import csv, sys
d = sys.argv[1]
s = {r["scenario"]: float(r["objective"]) for r in csv.DictReader(open(d + "/summary.csv"))}
f = list(csv.DictReader(open(d + "/frontier.csv")))
ids = [r["scenario"] for r in f]
def per(a, b, da):
    return (s[ids[a]] - s[ids[b]]) / da
want = [("", ""), ("", per(1, 0, 1)), (per(2, 0, 1), ""), (per(3, 1, 1), per(3, 2, 1))]
for i, r in enumerate(f):
    assert (r["axis1"], r["axis1_id"], r["axis2"], r["axis2_id"]) == \
        ("manager_hours", "M1", "period_hours", "P1"), r
    assert float(r["axis1_value"]) == [2, 2, 3, 3][i] and float(r["axis2_value"]) == [3, 4, 3, 4][i]
    for k, w in zip(("axis1_value_per_unit", "axis2_value_per_unit"), want[i]):
        assert (r[k] == "" if w == "" else abs(float(r[k]) - w) < 1e-9), (i, k, r[k], w)
pairs = {(r["from"], r["to"]) for r in csv.DictReader(open(d + "/changes.csv"))}
assert pairs <= {(ids[0], ids[1]), (ids[0], ids[2]), (ids[1], ids[3]), (ids[2], ids[3])}, pairs
PYEOF
then
    ok "team-chosen-periods grid: frontier.csv's axis columns and changes.csv's pairs along both axes"
else
    bad "team-chosen-periods grid: frontier.csv or changes.csv"
fi
if [ "$PEER" = 1 ]; then
    rm -rf "$tmp/hand2"
    edited $TCP "$tmp/hand1" M1 hours managers.csv 3
    edited "$tmp/hand1" "$tmp/hand2" P1 hours periods.csv 4
    $KAMPLAN export "$tmp/hand2" --lp "$tmp/hand2.lp" 2>"$tmp/err"
    p=$(peer "$tmp/hand2.lp")
    o=$(summary_obj "M1.hours=3+P1.hours=4" "$tmp/g/summary.csv")
    if same "$o" "$p"; then
        ok "team-chosen-periods grid: M1.hours=3+P1.hours=4 $o == glpsol's $p on the hand-edited copy"
    else
        bad "team-chosen-periods grid: M1.hours=3+P1.hours=4 '$o', glpsol '$p'"
    fi
fi

# ---- models/team -------------------------------------------------------
if [ "$PEER" = 1 ] && [ "$VG" = 0 ]; then
    line "models/team, BERG's hours" models/team manager_hours:BERG=200:300:3 \
        managers.csv BERG hours base cbc 200 250 300
    # frontier.csv: what each extra hour of BERG's buys, from summary.csv.
    if $PYTHON - "$tmp/line" <<'PYEOF'
import csv, sys
d = sys.argv[1]
s = [float(r["objective"]) for r in csv.DictReader(open(d + "/summary.csv"))]
f = list(csv.DictReader(open(d + "/frontier.csv")))
assert [(r["axis1"], r["axis1_id"], float(r["axis1_value"])) for r in f] == \
    [("manager_hours", "BERG", v) for v in (200, 250, 300)], f
assert f[0]["axis1_value_per_unit"] == ""
for i in (1, 2):
    assert abs(float(f[i]["axis1_value_per_unit"]) - (s[i] - s[i - 1]) / 50) < 1e-9
assert "axis2" not in f[0]
PYEOF
    then
        ok "models/team, BERG's hours: frontier.csv's axis1_value_per_unit is the value per extra hour"
    else
        bad "models/team, BERG's hours: frontier.csv's axis columns"
    fi
    line "models/team, Q2's hours" models/team period_hours:Q2=140:180:3 \
        periods.csv Q2 hours base cbc 140 160 180
    # A grid of BERG's hours x the team's budget, with JSON and the report.
    rm -rf "$tmp/tg"
    $KAMPLAN solve models/team --sweep manager_hours:BERG=250:300:2 --sweep budget=55000:60000:2 \
        --quiet --out "$tmp/tg" --report "$tmp/tg.html" --format json >"$tmp/tg.json" 2>"$tmp/err"
    if $PYTHON - "$tmp/tg" "$tmp/tg.json" "$tmp/tg.html" <<'PYEOF'
import csv, json, sys
d, js, html = sys.argv[1:]
want = ["BERG.hours=250+budget=55000", "BERG.hours=250+budget=60000",
        "BERG.hours=300+budget=55000", "BERG.hours=300+budget=60000"]
summ = list(csv.DictReader(open(d + "/summary.csv")))
assert [r["scenario"] for r in summ] == want, summ
assert all(r["status"] in ("optimal", "feasible") and float(r["gap_pct"]) <= 0.01 for r in summ)
assert [float(r["budget_available"]) for r in summ] == [55000, 60000] * 2
mg = [(r["scenario"], float(r["hours_available"])) for r in csv.DictReader(open(d + "/managers.csv"))
      if r["manager_id"] == "BERG"]
assert mg == list(zip(want, [250, 250, 300, 300])), mg
f = list(csv.DictReader(open(d + "/frontier.csv")))
assert [(r["axis1_id"], r["axis2"], r["axis2_id"]) for r in f] == [("BERG", "budget", "")] * 4
r = json.load(open(js))["results"]
assert [x["scenario"] for x in r["summary"]] == want
assert [x["axis1_value"] for x in r["frontier"]] == [250, 250, 300, 300]
assert [x["axis2_value"] for x in r["frontier"]] == [55000, 60000] * 2
assert {(x["from"], x["to"]) for x in r["changes"]} <= \
    {(want[0], want[1]), (want[0], want[2]), (want[1], want[3]), (want[2], want[3])}
h = open(html, encoding="utf-8").read()
assert all(w in h for w in want)
PYEOF
    then
        ok "models/team grid BERG's hours x budget: 4 scenarios in summary.csv, managers.csv, frontier.csv, JSON and the report"
    else
        bad "models/team grid BERG's hours x budget"
    fi
else
    echo "# models/team left out (QUICK=1, PEERS=0 or valgrind)"
fi

# ---- refusals: the option, the id, exit 2 -------------------------------
rm -rf "$tmp/noper"
edited tests/cases/periods-valid/in "$tmp/noper" Q4 hours periods.csv ""
# Under valgrind one refusal of each kind (no managers.csv, no such id,
# no such capacity) runs; the parser's messages are test_batch's there.
refused_more() {
    [ "$VG" = 1 ] || refused "$@"
}
refused() {
    dir=$1 msg=$2
    shift 2
    rm -rf "$tmp/ref"
    $KAMPLAN solve "$dir" "$@" --quiet --out "$tmp/ref" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -eq 2 ] && [ "$(head -1 "$tmp/err")" = "kamplan: $msg" ] && [ ! -e "$tmp/ref" ]; then
        ok "refused with exit 2: $msg"
    else
        bad "$* on $dir: exit $rc, '$(head -1 "$tmp/err")', not '$msg'"
    fi
}
refused models/sample "--sweep: 'manager_hours:M1': the instance has no managers.csv, so there is no manager M1 to sweep" \
    --sweep manager_hours:M1=1:2:2
refused_more models/sample "--sweep: 'period_budget:Q1': the instance has no periods.csv, so there is no period Q1 to sweep" \
    --sweep period_budget:Q1=1:2:2
refused tests/cases/team-valid/in "--sweep: 'manager_hours:M9': managers.csv has no manager \"M9\"" \
    --sweep manager_hours:M9=1:2:2
refused_more tests/cases/periods-valid/in "--sweep: 'period_hours:q2': periods.csv has no period \"q2\"" \
    --sweep period_hours:q2=1:2:2
refused tests/cases/team-valid/in "--sweep: 'manager_budget:M1': manager M1 has no budget in managers.csv, and a sweep varies only a limit the instance gives (give it one there to sweep it)" \
    --sweep manager_budget:M1=1:2:2
refused_more tests/cases/periods-valid/in "--sweep: 'period_budget:Q1': period Q1 has no budget in periods.csv, and a sweep varies only a limit the instance gives (give it one there to sweep it)" \
    --sweep period_budget:Q1=1:2:2
refused "$tmp/noper" "--sweep: 'period_hours:Q4': period Q4 has no hours in periods.csv, and a sweep varies only a limit the instance gives (give it one there to sweep it)" \
    --sweep period_hours:Q4=1:2:2
refused_more tests/cases/team-valid/in "--sweep: 'manager_hours:M1=4:6:3': that value is already swept; a grid sweeps two different values" \
    --sweep manager_hours:M1=1:2:2 --sweep manager_hours:M1=4:6:3
refused_more tests/cases/team-valid/in "--sweep: 'manager_hours' needs the id of a manager: manager_hours:ID=FROM:TO:STEPS" \
    --sweep manager_hours=1:2:2
refused_more tests/cases/team-valid/in "--sweep: 'hours' takes no id: it is the team's; manager_hours:ID or period_hours:ID sweeps one manager's or period's" \
    --sweep hours:M1=1:2:2
refused_more tests/cases/team-valid/in "--sweep: manager_hours must be at least 0 (in 'manager_hours:M1=-1:2:2')" \
    --sweep manager_hours:M1=-1:2:2
# export and bench refuse alike.
$KAMPLAN export models/sample --sweep manager_hours:M1=1:2:2 --lp "$tmp/x.lp" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 2 ] && grep -q "^kamplan: --sweep: 'manager_hours:M1': the instance has no managers.csv" "$tmp/err"; then
    ok "export refuses a manager's sweep without managers.csv (exit 2)"
else
    bad "export without managers.csv: exit $rc, $(head -1 "$tmp/err")"
fi

# An existing sweep keeps frontier.csv's columns as they were.
rm -rf "$tmp/old"
$KAMPLAN solve tests/cases/team-valid/in --sweep hours=10:15:2 --quiet --out "$tmp/old" 2>/dev/null
if [ "$(head -1 "$tmp/old/frontier.csv" 2>/dev/null)" = "scenario,status,hours,budget,max_key_accounts,min_contacts,value,bound,gap_pct,hours_used,budget_used,key_accounts,seeded_from,hours_delta,value_per_hour,value_per_hour_min,value_per_hour_max,budget_delta,value_per_budget,value_per_budget_min,value_per_budget_max,marginal_method,note" ]; then
    ok "hours=10:15:2: frontier.csv without the axis columns"
else
    bad "hours=10:15:2: frontier.csv's header changed"
fi

# bench and tradeoff take a manager's sweep (not under valgrind: the
# same code as any sweep's there).
[ "$VG" = 1 ] && { echo "# bench, tradeoff and mpirun left out (valgrind)"; finish; exit; }
rm -rf "$tmp/b"
$KAMPLAN bench tests/cases/team-valid/in --sweep manager_hours:M1=3:5:2 --quiet --out "$tmp/b" 2>"$tmp/err"
n=$(awk -F, 'NR > 1 && ($1 == "M1.hours=3" || $1 == "M1.hours=5")' "$tmp/b/bench.csv" 2>/dev/null | wc -l)
if [ "$n" -ge 2 ]; then
    ok "bench --sweep manager_hours:M1=3:5:2: bench.csv rows of M1.hours=3 and M1.hours=5"
else
    bad "bench --sweep manager_hours:M1: $n rows; $(head -1 "$tmp/err")"
fi
rm -rf "$tmp/t"
$KAMPLAN solve tests/cases/team-valid/in --scenario base --gap 0 --quiet --out "$tmp/prev" 2>/dev/null
$KAMPLAN tradeoff tests/cases/team-valid/in --from "$tmp/prev/plan.csv" --sweep manager_hours:M1=3:3:1 \
    --scenario M1.hours=3 --quiet --out "$tmp/t" 2>"$tmp/err"
if awk -F, 'NR > 1 && $1 == "M1.hours=3"' "$tmp/t/tradeoff.csv" 2>/dev/null | grep -q .; then
    ok "tradeoff --sweep manager_hours:M1=3:3:1 --scenario M1.hours=3: tradeoff.csv's rows"
else
    bad "tradeoff with a manager's sweep: $(head -1 "$tmp/err")"
fi

# Under mpirun: the same result set as one process (MPI build only).
if [ "$VG" = 0 ] && command -v mpirun >/dev/null 2>&1 && ldd "$KAMPLAN" 2>/dev/null | grep -q libmpi; then
    rm -rf "$tmp/m1" "$tmp/m2"
    $KAMPLAN solve tests/cases/team-valid/in --sweep manager_hours:M1=3:7:3 -j 1 --quiet --out "$tmp/m1" 2>/dev/null
    OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1 \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
        mpirun --oversubscribe -n 2 "$KAMPLAN" solve tests/cases/team-valid/in \
        --sweep manager_hours:M1=3:7:3 --quiet --out "$tmp/m2" >/dev/null 2>&1
    if $PYTHON tests/check_same_sets.py "$tmp/m1" "$tmp/m2" >"$tmp/diff" 2>&1; then
        ok "mpirun -n 2 solve --sweep manager_hours:M1=3:7:3: the result set of one process"
    else
        bad "mpirun -n 2 with a manager's sweep: $(head -3 "$tmp/diff")"
    fi
else
    echo "# mpirun left out (valgrind, no mpirun or the plain build)"
fi
finish
