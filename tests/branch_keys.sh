#!/bin/sh
# Branch-and-cut on a team over periods whose hours join the accounts
# (issue 15): there GLPK branches on the keys y, u and x first and
# backtracks by the best projection and the best bound in turns
# (glpk_solve.c, branch_key and select_node), which
# proves at --gap 0 what GLPK's own rule (branching on a period's n[a,p])
# did not. Each case: models/team at hours 440 (GLPK's own rule stopped
# at 0.24% after 30 s), with a quarter's hours cut so that the period
# rows bind (the quarter full in periods.csv), with an order across
# periods (a requires whose first activity may not come before Q3), and
# without period hours (then the rule is not used: no "branch-keys"
# stage). Each: status optimal, the objective equal to cbc's on the
# exported LP (the optimum cbc gave, written here, under QUICK=1 or
# PEERS=0), the --progress file's "branch-keys" stage where the rule is
# used, and the plan written passes evaluate. Under $VALGRIND only the
# order case runs (the fastest).
# Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"

# team NAME: models/team into $tmp/NAME with the team's hours 440.
team() {
    rm -rf "${tmp:?}/$1"
    cp -r models/team "$tmp/$1"
    sed 's/^hours,480$/hours,440/' models/team/policy.csv >"$tmp/$1/policy.csv"
}

# check NAME OPTIMUM RULE: scenario base of $tmp/NAME solved at --gap 0;
# OPTIMUM is cbc's (used without the peers); RULE 1: the keys-first rule
# must be used, 0: must not.
check() {
    name=$1 want=$2 rule=$3
    d="$tmp/$name"
    $KAMPLAN solve "$d" --scenario base --gap 0 -j 1 -t 60 --out "$d.out" \
        --progress "$d.prog" >"$d.txt" 2>&1
    v=$(summary_obj base "$d.out/summary.csv")
    p=$want
    if [ "$PEER" = 1 ]; then
        $KAMPLAN export "$d" --scenario base --lp "$d.lp" >/dev/null 2>&1
        p=$(cbc_obj "$d.lp")
    fi
    if same "$v" "$p" && same "$p" "$want"; then
        ok "$name: optimal $v == cbc's $p"
    else
        bad "$name: kamplan '$v', cbc '$p', expected $want"
        sed 's/^/#   /' "$d.txt" | head -5
    fi
    used=0
    grep -q ',base,branch-keys,' "$d.prog" 2>/dev/null && used=1
    if [ "$used" = "$rule" ]; then
        ok "$name: branch-and-cut on the keys first: $used (as it should be)"
    else
        bad "$name: branch-and-cut on the keys first: $used, expected $rule"
    fi
    cut -d, -f3,5,9,10 "$d.out/plan.csv" >"$d.plan" 2>/dev/null
    if $KAMPLAN evaluate "$d" --scenario base --plan "$d.plan" >"$d.eval" 2>&1; then
        ok "$name: its plan.csv passes evaluate"
    else
        bad "$name: its plan.csv fails evaluate"
        sed 's/^/#   /' "$d.eval" | head -5
    fi
}

# The quarter Q of result set $1 full: hours used == hours available.
full() {
    awk -F, -v q="$2" '$2 == q { f = ($3 == $4) } END { exit !f }' "$1/periods.csv"
}

# order: MUEL-R-hartmann-linewalk not before Q3, the film-free trial
# (which requires it) not after Q3: both in Q3 when the trial is done.
team order
awk -F, 'BEGIN { OFS = "," }
    $2 == "MUEL-R-hartmann-linewalk" { $13 = "Q3" }
    $2 == "MUEL-O-film-free-line-trial" { $14 = "Q3" }
    { print }' models/team/activities.csv >"$tmp/order/activities.csv"
check order 1145430 1
if awk -F, '$3 == "MUEL-O-film-free-line-trial" { t = $10 }
        $3 == "MUEL-R-hartmann-linewalk" && (f == "" || $10 < f) { f = $10 }
        END { exit !(t == "" || (f != "" && f <= t && t == "Q3")) }' "$tmp/order.out/plan.csv"; then
    ok "order: the trial comes in Q3, not before the line walk"
else
    bad "order: the trial before the line walk, or outside Q3"
fi

if [ -z "${VALGRIND:-}" ]; then
    team h440
    check h440 1145430 1

    # Q2 cut to 50 hours: the period row binds (GLPK's own rule proves it
    # in about 6 s; the keys first without the best projection found no
    # plan within 5% in 30 s).
    team q2
    sed 's/^Q2,140$/Q2,50/' models/team/periods.csv >"$tmp/q2/periods.csv"
    check q2 1125940 1
    if full "$tmp/q2.out" Q2; then
        ok "q2: Q2's 50 hours are all used (the period row binds)"
    else
        bad "q2: Q2 not full: $(grep ',Q2,' "$tmp/q2.out/periods.csv")"
    fi

    # Two capacities where the best projection alone or the best bound
    # alone did not prove the optimum in 30 s (glpk_solve.c, select_node:
    # they take turns): Q2 at 100 hours with the team's own 480 (the best
    # projection left 0.06 %), Q4 at 60 hours (the best bound left 0.17 %).
    team q2b
    cp models/team/policy.csv "$tmp/q2b/policy.csv"
    sed 's/^Q2,140$/Q2,100/' models/team/periods.csv >"$tmp/q2b/periods.csv"
    check q2b 1153080 1
    team q4
    sed 's/^Q4,140$/Q4,60/' models/team/periods.csv >"$tmp/q4/periods.csv"
    check q4 1132880 1

    # Periods without hours: no period row joins the accounts, GLPK's own
    # rule.
    team nohours
    printf 'id\nQ1\nQ2\nQ3\nQ4\n' >"$tmp/nohours/periods.csv"
    check nohours 1145430 0
fi
finish
