#!/bin/sh
# A team of managers (managers.csv, accounts' manager_id): kamplan's optimum
# (--gap 0, --method auto and bb) equals glpsol's (cbc's where glpsol cannot
# answer) on the exported LP, and the MathProg model's, on generated
# instances with 1 to 5 managers (every account fixed to one, some managers
# with max_accounts or a budget, policy hours given or left to the
# managers, scenarios with hours_scale, manager_hours_scale and
# budget_scale); the result set's managers.csv against the plan; and an
# instance without managers.csv writes no manager column and no
# managers.csv. Managers chosen by the optimiser (an empty manager_id):
# the same comparisons on generated instances with 1 to 5 managers where
# some or all accounts leave it empty, generate --fixed-managers, and a
# hand-sized case worked out (team-chosen) with a plan evaluated; chosen
# managers with periods (team-chosen-periods) worked out, against glpsol
# and MathProg, its plan.csv evaluated.
# QUICK=1 (or PEERS=0) leaves out the peers' solves.
# Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
PEER=1
{ [ "${QUICK:-0}" = 1 ] || [ "${PEERS:-1}" = 0 ]; } && PEER=0

# Adds a team of $2 managers to instance folder $1 (seed $3): managers.csv,
# a manager_id for every account (empty, for the optimiser to choose, for
# $4 percent of them; default 0), a scenarios.csv with the team's scales,
# and, for an odd seed, no hours in policy.csv (the managers' alone).
add_team() {
    $PYTHON - "$1" "$2" "$3" "${4:-0}" <<'EOF'
import csv, random, sys
d, nm, seed, chosen = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(seed * 7 + nm)
rows = list(csv.reader(open(d + "/accounts.csv", newline="")))
rows[0].append("manager_id")
for i, r in enumerate(rows[1:]):
    m = "M%d" % (rnd.randrange(nm) + 1)
    r.append("" if chosen and (i * 37) % 100 < chosen else m)
csv.writer(open(d + "/accounts.csv", "w", newline=""), lineterminator="\n").writerows(rows)
pol = [l for l in open(d + "/policy.csv")]
hours = [float(l.split(",")[1]) for l in pol if l.startswith("hours,")][0]
with open(d + "/managers.csv", "w") as f:
    f.write("id,name,hours,max_accounts,budget\n")
    for m in range(1, nm + 1):
        f.write("M%d,Manager %d,%g,%s,%s\n" % (m, m, round(hours * rnd.uniform(0.2, 0.6)),
                rnd.choice(["", "", str(rnd.randrange(1, 4))]),
                rnd.choice(["", str(rnd.randrange(1000, 20000))])))
if seed % 2:
    open(d + "/policy.csv", "w").writelines(l for l in pol if not l.startswith("hours,"))
with open(d + "/scenarios.csv", "w") as f:
    f.write("id,hours_scale,budget_scale,manager_hours_scale\n")
    f.write("base,,,\nscaled,0.8,0.5,\nmanagers,1.5,,0.7\n")
EOF
}

# glpsol's optimum of LP file $1 (cbc's when glpsol fails), or "infeasible".
peer_obj() {
    if glpsol --lp "$1" --cuts -w "$tmp/raw" >"$tmp/glpsol.log" 2>&1; then
        awk '$1 == "s" && $2 == "mip" { if ($5 == "o") print $6; else print "infeasible" }' "$tmp/raw"
    else
        cbc "$1" -ratioGap 0 -solve -solu "$tmp/cbc.sol" >"$tmp/cbc.log" 2>&1
        head -1 "$tmp/cbc.sol" | awk '/^Optimal/ { print $NF; next } /[Ii]nfeasible/ { print "infeasible" }'
    fi
}

# The MathProg model's optimum for data file $1.
mathprog_obj() {
    glpsol --cuts -m models/kamplan.mod -d "$1" >"$tmp/mp.log" 2>&1 ||
        glpsol --cuts --nointopt -m models/kamplan.mod -d "$1" >"$tmp/mp.log" 2>&1
    awk '$1 == "KAMPLAN_OBJECTIVE" { print $2 }' "$tmp/mp.log"
    grep -q "PROBLEM HAS NO PRIMAL FEASIBLE\|NO INTEGER FEASIBLE" "$tmp/mp.log" && echo infeasible
}

# kamplan's objective (or status) for scenario $1 in summary.csv $2.
mine() {
    awk -F, -v s="$1" 'NR > 1 && $1 == s { if ($2 == "optimal") print $3; else print $2 }' "$2"
}

same() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a == b) exit 0
        if (a == "" || b == "" || a == "infeasible" || b == "infeasible") exit 1
        d = a - b; if (d < 0) d = -d
        m = a < 0 ? -a : a; if (m < 1) m = 1
        exit (d <= 1e-6 * m) ? 0 : 1 }'
}

# managers.csv of result set $1 against its plan.csv: each manager's
# accounts and hours summed from the plan, within what they have.
check_managers() {
    $PYTHON - "$1" <<'EOF'
import csv, sys
d = sys.argv[1]
plan = list(csv.DictReader(open(d + "/plan.csv")))
acc = list(csv.DictReader(open(d + "/accounts.csv")))
bad = 0
for m in csv.DictReader(open(d + "/managers.csv")):
    s, mid = m["scenario"], m["manager_id"]
    h = sum(float(p["hours"]) for p in plan if p["scenario"] == s and p["manager_id"] == mid)
    c = sum(float(p["cost"]) for p in plan if p["scenario"] == s and p["manager_id"] == mid)
    k = sum(1 for a in acc if a["scenario"] == s and a["manager_id"] == mid and a["key"] == "1")
    if abs(h - float(m["hours"])) > 1e-9 * (1 + h) or int(m["accounts"]) != k:
        bad += 1; print("#  %s %s: hours %s/%g, accounts %s/%d" % (s, mid, m["hours"], h, m["accounts"], k))
    if h > float(m["hours_available"]) * (1 + 1e-9) + 1e-9:
        bad += 1; print("#  %s %s: over its hours" % (s, mid))
    if m["budget_available"] and c > float(m["budget_available"]) * (1 + 1e-9) + 1e-9:
        bad += 1; print("#  %s %s: over its budget" % (s, mid))
sys.exit(1 if bad else 0)
EOF
}

# The hand-sized case: summary, managers.csv and plan.csv as worked out.
out="$tmp/valid"
if $KAMPLAN solve tests/cases/team-valid/in --gap 0 --quiet --out "$out" &&
   [ "$(cut -d, -f1-3 "$out/summary.csv" | tr '\n' ' ')" = \
     "scenario,status,objective base,optimal,200 tight,optimal,130 " ] &&
   [ "$(cat "$out/managers.csv" | tr '\n' ' ')" = \
     "scenario,manager_id,accounts,hours,hours_available,budget,budget_available base,M1,1,4,5,10, base,M2,1,4,10,50,60 tight,M1,1,3,3,10, tight,M2,1,2,6,25,30 " ] &&
   head -1 "$out/plan.csv" | grep -q ',value,manager_id$' &&
   head -1 "$out/accounts.csv" | grep -q ',objectives_supported,manager_id$'; then
    ok "team-valid: objectives 200 and 130, managers.csv, manager_id columns"
else
    bad "team-valid: result set differs from the worked-out one"
fi
# The JSON result holds the same managers table.
if $KAMPLAN solve tests/cases/team-valid/in --gap 0 --quiet --format json >"$tmp/v.json" &&
   $PYTHON -c 'import json,sys; d=json.load(open(sys.argv[1]))["results"]["managers"]; sys.exit(0 if len(d) == 4 and d[1]["manager_id"] == "M2" and d[1]["budget_available"] == 60 else 1)' "$tmp/v.json"; then
    ok "team-valid: JSON results.managers"
else
    bad "team-valid: JSON results.managers"
fi
# The report's section on the team: each manager's load as in managers.csv.
if $KAMPLAN solve tests/cases/team-valid/in --gap 0 --quiet --scenario base --report "$tmp/t.html" &&
   $PYTHON - "$tmp/t.html" <<'EOF'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
sec = s[s.index("Each manager's load"):]
sec = sec[:sec.index("</section>")]
rows = [re.sub(r"<[^>]+>", "|", r) for r in re.findall(r"<tr><td>.*?</tr>", sec)]
cells = [[c for c in r.split("|") if c] for r in rows]
want = [["M1 &middot; Ann", "1", "1", "4", "5", "80%", "10", "\u2014"],
        ["M2 &middot; Bob", "1", "\u2014", "4", "10", "40%", "50", "60"]]
sys.exit(0 if cells == want else print(cells) or 1)
EOF
then
    ok "team-valid report: each manager's load (accounts, hours of available, budget)"
else
    bad "team-valid report: each manager's load"
fi

# Without managers.csv: no manager column, no managers.csv.
$KAMPLAN solve models/sample --quiet --scenario base --out "$tmp/plain" 2>/dev/null
if [ ! -e "$tmp/plain/managers.csv" ] && ! grep -q manager_id "$tmp/plain/plan.csv" "$tmp/plain/accounts.csv"; then
    ok "sample without managers: no managers.csv, no manager_id column"
else
    bad "sample without managers: a team's output appeared"
fi

# Generated instances with 1 to 5 managers: three small ones under
# valgrind (a command line), whose every solve is some 20 times slower.
# The same for the generated team (GM_N accounts) and the manager without
# limits (ONE_N): 6 accounts each under valgrind.
SPECS='"10 1 1" "15 2 2" "20 3 3" "15 4 4" "25 5 5" "12 3 6"'
GM_N=15 ONE_N=20
case $KAMPLAN in
    *" "*) SPECS='"6 1 1" "8 3 3" "8 5 5"' GM_N=6 ONE_N=6 ;;
esac
eval "set -- $SPECS"
for spec in "$@"; do
    set -- $spec
    n=$1 nm=$2 seed=$3
    dir="$tmp/gen-$n-$nm"
    $KAMPLAN generate --accounts "$n" --seed "$seed" "$dir" >/dev/null && add_team "$dir" "$nm" "$seed"
    for method in auto bb; do
        rm -rf "$tmp/o-$method"
        $KAMPLAN solve "$dir" --gap 0 --quiet --method "$method" --out "$tmp/o-$method" 2>"$tmp/err"
    done
    if check_managers "$tmp/o-auto" && check_managers "$tmp/o-bb"; then
        ok "n=$n managers=$nm: managers.csv agrees with the plans, within every limit"
    else
        bad "n=$n managers=$nm: managers.csv"
    fi
    for s in base scaled managers; do
        a=$(mine "$s" "$tmp/o-auto/summary.csv") b=$(mine "$s" "$tmp/o-bb/summary.csv")
        if [ "$PEER" = 0 ]; then
            if [ -n "$a" ] && same "$a" "$b"; then
                ok "n=$n managers=$nm $s: auto $a == bb $b"
            else
                bad "n=$n managers=$nm $s: auto '$a' != bb '$b'"
            fi
            continue
        fi
        $KAMPLAN export "$dir" --scenario "$s" --lp "$tmp/m.lp" --dat "$tmp/m.dat"
        p=$(peer_obj "$tmp/m.lp") q=$(mathprog_obj "$tmp/m.dat")
        if [ -n "$a" ] && same "$a" "$p" && same "$b" "$p" && same "$q" "$p"; then
            ok "n=$n managers=$nm $s: auto $a == bb $b == LP peer $p == MathProg $q"
        else
            bad "n=$n managers=$nm $s: auto '$a' bb '$b' LP peer '$p' MathProg '$q'"
            sed 's/^/#   /' "$tmp/err" | head -5
        fi
    done
done

# Managers chosen by the optimiser: generated instances with 1 to 5
# managers, $4 percent of the accounts without a manager_id. Small: the
# programme's h <= U u rows relax weakly, and branch-and-cut (which
# --method auto uses for them, as bb) takes seconds from 8 accounts on.
SPECS='"6 1 7 100" "6 2 1 50" "9 3 6 70" "8 4 4 50" "7 4 2 100" "6 5 5 100"'
case $KAMPLAN in
    *" "*) SPECS='"6 1 7 100" "6 2 1 50"' ;;
esac
eval "set -- $SPECS"
for spec in "$@"; do
    set -- $spec
    n=$1 nm=$2 seed=$3 pct=$4
    dir="$tmp/chosen-$n-$nm"
    $KAMPLAN generate --accounts "$n" --seed "$seed" "$dir" >/dev/null &&
        add_team "$dir" "$nm" "$seed" "$pct"
    rm -rf "$tmp/o-auto"
    $KAMPLAN solve "$dir" --gap 0 --quiet --out "$tmp/o-auto" 2>"$tmp/err"
    if check_managers "$tmp/o-auto" &&
       ! awk -F, 'NR > 1 && $3 == 1 && $9 == "" { f = 1 } END { exit !f }' "$tmp/o-auto/accounts.csv"; then
        ok "chosen n=$n managers=$nm ($pct% chosen): every key account on a manager, managers.csv agrees, within every limit"
    else
        bad "chosen n=$n managers=$nm ($pct% chosen): managers.csv or a key account without a manager"
    fi
    [ "$PEER" = 0 ] && continue
    for s in base scaled managers; do
        a=$(mine "$s" "$tmp/o-auto/summary.csv")
        $KAMPLAN export "$dir" --scenario "$s" --lp "$tmp/m.lp" --dat "$tmp/m.dat"
        p=$(peer_obj "$tmp/m.lp") q=$(mathprog_obj "$tmp/m.dat")
        if [ -n "$a" ] && same "$a" "$p" && same "$q" "$p"; then
            ok "chosen n=$n managers=$nm $s: kamplan $a == LP peer $p == MathProg $q"
        else
            bad "chosen n=$n managers=$nm $s: kamplan '$a' LP peer '$p' MathProg '$q'"
            sed 's/^/#   /' "$tmp/err" | head -5
        fi
    done
done

# The hand-sized case with chosen managers: A1 (5 hours with X4) on M1,
# whose one slot it takes; A2 on M2 beside A3, whose X3 the budget of 60
# then allows twice: 100 + 5 + 80 + 100 = 285 (every account fixed as in
# team-valid gives 200).
out="$tmp/chosen"
if $KAMPLAN solve tests/cases/team-chosen/in --gap 0 --quiet --out "$out" &&
   [ "$(cut -d, -f1-3 "$out/summary.csv" | tr '\n' ' ')" = "scenario,status,objective base,optimal,285 " ] &&
   [ "$(cut -d, -f2,3,9 "$out/accounts.csv" | tr '\n' ' ')" = \
     "account_id,key,manager_id A1,1,M1 A2,1,M2 A3,1,M2 " ] &&
   [ "$(cut -d, -f2-4,6,7 "$out/managers.csv" | tr '\n' ' ')" = \
     "manager_id,accounts,hours,budget,budget_available M1,1,5,10, M2,2,7,60,60 " ]; then
    ok "team-chosen: objective 285, A1 on M1, A2 and A3 on M2, managers.csv"
else
    bad "team-chosen: result set differs from the worked-out one"
    cat "$out/summary.csv" "$out/accounts.csv" "$out/managers.csv" 2>/dev/null | sed 's/^/#   /'
fi
# evaluate reads a plan's chosen managers: the optimum's is clean; one with
# A2 on M1 too overloads M1 (hours and its one slot), in words.
printf 'activity_id,count,manager_id\nX1,1,M1\nX4,1,M1\nX2,1,M2\nX3,2,M2\n' >"$tmp/good.csv"
printf 'activity_id,count,manager_id\nX1,1,M1\nX4,1,M1\nX2,1,M1\nX3,2,M2\n' >"$tmp/over.csv"
$KAMPLAN evaluate tests/cases/team-chosen/in --plan "$tmp/good.csv" >"$tmp/good.out" 2>&1
g=$?
$KAMPLAN evaluate tests/cases/team-chosen/in --plan "$tmp/over.csv" >"$tmp/over.out" 2>&1
o=$?
if [ "$g" = 0 ] && [ "$o" = 6 ] &&
   grep -q 'manager M1: 8 hours planned, 5 available' "$tmp/over.out" &&
   grep -q 'manager M1: 2 key accounts, max_accounts is 1' "$tmp/over.out"; then
    ok "team-chosen evaluate: the optimum's plan passes; A2 put on M1 too overloads M1, said in words"
else
    bad "team-chosen evaluate: exit $g and $o"
    sed 's/^/#   /' "$tmp/good.out" "$tmp/over.out" | head -20
fi

# Managers chosen and periods together (team-chosen-periods): M1 (3 hours,
# one account) and M2 (6 hours) choose for A1 and A2; P1 has 4 hours, P2 8;
# X3 at most once a period, X4 after X1, X5 after X2 by P1. The optimum:
# X1 in P1 (4 hours) with A1 on M2, X2 in P2 on M1 (3 hours, full), X3
# once in P2 on M2 (6 hours, full): 100 + 80 + 50 = 230, as both methods,
# glpsol on the LP and the MathProg model find it. X1 in P2 and X3 in P1
# (P1 2 hours, P2 7) ties it, and the decomposition (--method auto) may
# take that one: either is accepted, nothing else. Its plan.csv (manager_id
# and period columns) evaluates clean; moving X2 to M2 overloads M2, to
# P1 overloads P1.
c=tests/cases/team-chosen-periods/in
for method in auto bb; do
    rm -rf "$tmp/cp-$method"
    $KAMPLAN solve "$c" --gap 0 --quiet --method "$method" --out "$tmp/cp-$method" 2>"$tmp/err"
done
if [ "$(cut -d, -f1-3 "$tmp/cp-auto/summary.csv" | tr '\n' ' ')" = "scenario,status,objective base,optimal,230 " ] &&
   [ "$(cut -d, -f1-3 "$tmp/cp-bb/summary.csv" | tr '\n' ' ')" = "scenario,status,objective base,optimal,230 " ] &&
   [ "$(cut -d, -f2,3,4 "$tmp/cp-auto/managers.csv" | tr '\n' ' ')" = \
     "manager_id,accounts,hours M1,1,3 M2,2,6 " ] &&
   { { [ "$(cut -d, -f3,9,10 "$tmp/cp-auto/plan.csv" | tr '\n' ' ')" = \
         "activity_id,manager_id,period X1,M2,P1 X2,M1,P2 X3,M2,P2 " ] &&
       [ "$(cut -d, -f2,3,4 "$tmp/cp-auto/periods.csv" | tr '\n' ' ')" = \
         "period,hours,hours_available P1,4,4 P2,5,8 " ]; } ||
     { [ "$(cut -d, -f3,9,10 "$tmp/cp-auto/plan.csv" | tr '\n' ' ')" = \
         "activity_id,manager_id,period X1,M2,P2 X2,M1,P2 X3,M2,P1 " ] &&
       [ "$(cut -d, -f2,3,4 "$tmp/cp-auto/periods.csv" | tr '\n' ' ')" = \
         "period,hours,hours_available P1,2,4 P2,7,8 " ]; }; }; then
    ok "team-chosen-periods: auto and bb 230, A1 on M2, A2 on M1, X2 in P2, X1 and X3 in P1 and P2"
else
    bad "team-chosen-periods: result set differs from the worked-out one"
    cat "$tmp/cp-auto/summary.csv" "$tmp/cp-auto/plan.csv" "$tmp/cp-bb/summary.csv" 2>/dev/null | sed 's/^/#   /'
    sed 's/^/#   /' "$tmp/err" | head -5
fi
$KAMPLAN export "$c" --lp "$tmp/cp.lp" --dat "$tmp/cp.dat"
p=$(peer_obj "$tmp/cp.lp") q=$(mathprog_obj "$tmp/cp.dat")
if same 230 "$p" && same 230 "$q"; then
    ok "team-chosen-periods: LP peer $p == MathProg $q == 230"
else
    bad "team-chosen-periods: LP peer '$p' MathProg '$q', expected 230"
fi
cut -d, -f3,5,9,10 "$tmp/cp-auto/plan.csv" >"$tmp/cp-good.csv"
sed 's/^X2,1,M1,/X2,1,M2,/' "$tmp/cp-good.csv" >"$tmp/cp-over.csv"
$KAMPLAN evaluate "$c" --plan "$tmp/cp-good.csv" >"$tmp/cp-good.out" 2>&1
g=$?
$KAMPLAN evaluate "$c" --plan "$tmp/cp-over.csv" >"$tmp/cp-over.out" 2>&1
o=$?
sed 's/^X2,1,M1,P2/X2,1,M1,P1/' "$tmp/cp-good.csv" >"$tmp/cp-early.csv"
$KAMPLAN evaluate "$c" --plan "$tmp/cp-early.csv" >"$tmp/cp-early.out" 2>&1
e=$?
if [ "$g" = 0 ] && [ "$o" = 6 ] && [ "$e" = 6 ] && grep -q 'X2,1,M2,P2' "$tmp/cp-over.csv" &&
   grep -q 'manager M2: 9 hours planned, 6 available' "$tmp/cp-over.out" &&
   grep -q 'X2,1,M1,P1' "$tmp/cp-early.csv" && grep -q 'period_hours' "$tmp/cp-early.out" &&
   ! grep -q 'manager_hours' "$tmp/cp-early.out"; then
    ok "team-chosen-periods evaluate: plan.csv (manager_id, period) passes; X2 on M2 overloads M2; X2 in P1 overloads P1"
else
    bad "team-chosen-periods evaluate: exit $g, $o and $e"
    sed 's/^/#   /' "$tmp/cp-good.out" "$tmp/cp-over.out" "$tmp/cp-early.out" | head -20
fi

# generate --fixed-managers 50: 8 of 15 accounts fixed ((61 k) mod 100 <
# 50), the others for the optimiser; solved alike by both methods and the
# peer.
dir="$tmp/genc"
$KAMPLAN generate --accounts 15 --seed 5 --managers 3 --fixed-managers 50 "$dir" >/dev/null
if [ "$(awk -F, 'NR > 1 && $14 == "" { n++ } END { print n + 0 }' "$dir/accounts.csv")" = 7 ] &&
   $KAMPLAN check "$dir" >/dev/null; then
    ok "generate --fixed-managers 50: 7 of 15 accounts without a manager_id, valid"
else
    bad "generate --fixed-managers 50"
fi
for method in auto bb; do
    rm -rf "$tmp/o-$method"
    $KAMPLAN solve "$dir" --gap 0 --quiet --method "$method" --out "$tmp/o-$method"
done
a=$(mine base "$tmp/o-auto/summary.csv") b=$(mine base "$tmp/o-bb/summary.csv") p=$b
if [ "$PEER" = 1 ]; then
    $KAMPLAN export "$dir" --lp "$tmp/m.lp"
    p=$(peer_obj "$tmp/m.lp")
fi
if [ -n "$a" ] && same "$a" "$b" && same "$a" "$p" && check_managers "$tmp/o-auto"; then
    ok "generate --fixed-managers 50: auto $a == bb $b == peer $p"
else
    bad "generate --fixed-managers 50: auto '$a' bb '$b' peer '$p'"
fi

# generate --managers: the same instance with a team (every other file
# alike), every account fixed to a manager, solved alike by both methods
# and the peer.
dir="$tmp/genm"
$KAMPLAN generate --accounts $GM_N --seed 5 --managers 3 "$dir" >/dev/null
$KAMPLAN generate --accounts $GM_N --seed 5 "$tmp/genp" >/dev/null
k=$((GM_N / 3))
if cmp -s "$dir/activities.csv" "$tmp/genp/activities.csv" &&
   [ "$(cut -d, -f14 "$dir/accounts.csv" | sort | uniq -c | awk '{ print $2 ":" $1 }' | tr '\n' ' ')" = \
     "M1:$k M2:$k M3:$k manager_id:1 " ] &&
   $KAMPLAN check "$dir" >/dev/null; then
    ok "generate --managers 3: managers.csv, manager_id M1..M3 round the accounts, valid"
else
    bad "generate --managers 3"
fi
for method in auto bb; do
    rm -rf "$tmp/o-$method"
    $KAMPLAN solve "$dir" --gap 0 --quiet --method "$method" --out "$tmp/o-$method"
done
a=$(mine base "$tmp/o-auto/summary.csv") b=$(mine base "$tmp/o-bb/summary.csv") p=$b
if [ "$PEER" = 1 ]; then
    $KAMPLAN export "$dir" --lp "$tmp/m.lp"
    p=$(peer_obj "$tmp/m.lp")
fi
if [ -n "$a" ] && same "$a" "$b" && same "$a" "$p" && check_managers "$tmp/o-auto"; then
    ok "generate --managers 3: auto $a == bb $b == peer $p"
else
    bad "generate --managers 3: auto '$a' bb '$b' peer '$p'"
fi

# One manager with room for everything: the team adds no limit, so the
# optimum is the one without managers.csv.
dir="$tmp/one"
$KAMPLAN generate --accounts $ONE_N --seed 9 "$dir" >/dev/null
$KAMPLAN solve "$dir" --gap 0 --quiet --out "$tmp/o-plain"
add_team "$dir" 1 2
sed -i 's/^M1,Manager 1,[0-9.]*,[0-9]*,[0-9]*$/M1,Manager 1,1000000,,/' "$dir/managers.csv"
printf 'id\nbase\n' >"$dir/scenarios.csv"
$KAMPLAN solve "$dir" --gap 0 --quiet --out "$tmp/o-one"
a=$(mine base "$tmp/o-plain/summary.csv") b=$(mine base "$tmp/o-one/summary.csv")
if [ -n "$a" ] && same "$a" "$b"; then
    ok "one manager without limits: $b == $a without managers.csv"
else
    bad "one manager without limits: '$b' != '$a' without managers.csv"
fi
finish
