#!/bin/sh
# Differences that add up (models/README.md, "Differences that add up"):
# the value_change of the activity and objective rows of changes.csv
# (between scenarios) and of to_optimal.csv (evaluate: a plan to the
# optimal one) sums to the difference of the objectives printed in
# summary.csv / evaluation.csv, to 0.01, and every account's own row is the
# sum of its account's other rows. tests/check_diffs.py checks each result
# set from the printed figures only, as CSV and (sample and generated
# instances) as the --format json document.
#
# On: the sample (its five scenarios; a budget sweep; an hours x budget
# grid; evaluate with models/habit-plan.csv and with optima perturbed at
# random); every instance of tests/cases that loads (solved, every
# scenario; evaluated with its case's plan.csv where it has one, and with
# its optimum perturbed); generated instances (6, 14 and 24 accounts,
# each with an hours sweep and with scenarios.csv, evaluated with
# perturbed optima). Every evaluation's violations.csv also has its
# value_at_stake checked against figures worked out from the instance
# files. The suite also requires that objective rows occurred (a diff
# without them would not add up on the sample: a 45,000 objective).
# QUICK=1 (the valgrind and ASan passes: a solve of the sample costs 10 s
# of CPU under valgrind) checks, as CSV only, the sample's scenarios, the
# habit plan and a perturbed optimum of scenario base, and one generated
# instance's sweep.
# Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
quick=${QUICK:-0}
CHK="$PYTHON tests/check_diffs.py"
nobj=0

# check NAME MODE OUT [PAIRS | INSTANCE PLAN]: check_diffs.py on one
# result set (with INSTANCE and PLAN, evaluate's value_at_stake too).
check() {
    if [ ! -e "$3" ]; then
        bad "$1: no result set written"
        return
    fi
    if [ $# -ge 5 ]; then
        set -- "$1" "$2" "$3" "$4" "$5"
    elif [ $# -ge 4 ]; then
        set -- "$1" "$2" "$3" --pairs "$4"
    fi
    if $CHK "$2" "$3" ${4:+"$4"} ${5:+"$5"} >"$tmp/chk" 2>&1; then
        ok "$1: $(head -n 1 "$tmp/chk")"
        set -- $(head -n 1 "$tmp/chk")
        nobj=$((nobj + $6))
    else
        bad "$1: $(tr '\n' ' ' <"$tmp/chk")"
    fi
}

# solve_both NAME DIR PAIRS [OPTIONS]: solve as CSV and as JSON, check both.
solve_both() {
    name=$1 dir=$2 pairs=$3
    shift 3
    rm -rf "$tmp/s"
    $KAMPLAN solve "$dir" --out "$tmp/s" -q "$@" 2>/dev/null
    check "$name: changes.csv" solve "$tmp/s" "$pairs"
    $KAMPLAN solve "$dir" --format json "$@" >"$tmp/s.json" 2>/dev/null
    check "$name: JSON changes" solve "$tmp/s.json" "$pairs"
}

# eval_both NAME DIR PLAN [OPTIONS]: evaluate as CSV and as JSON, check
# both.
eval_both() {
    name=$1 dir=$2 plan=$3
    shift 3
    rm -rf "$tmp/e"
    $KAMPLAN evaluate "$dir" --plan "$plan" --out "$tmp/e" -q "$@" 2>/dev/null
    check "$name: to_optimal.csv and value_at_stake" evaluate "$tmp/e" "$dir" "$plan"
    $KAMPLAN evaluate "$dir" --plan "$plan" --format json "$@" >"$tmp/e.json" 2>/dev/null
    check "$name: JSON to_optimal" evaluate "$tmp/e.json"
}

# perturbed NAME DIR SEED [OPTIONS]: the optimum of every scenario
# (solve's plan.csv in $tmp/s), perturbed, evaluated.
perturbed() {
    name=$1 dir=$2 seed=$3
    shift 3
    if [ "$(wc -l <"$tmp/s/plan.csv")" -gt 1 ] &&
        $CHK perturb "$tmp/s/plan.csv" "$dir/activities.csv" "$seed" "$tmp/p.csv"; then
        eval_both "$name: optimum perturbed (seed $seed)" "$dir" "$tmp/p.csv" "$@"
    fi
}

# kp ARGS: kamplan, where exit 99 (valgrind's, under the valgrind pass)
# fails the suite.
kp() {
    $KAMPLAN "$@" 2>"$tmp/kp.err"
    rc=$?
    [ "$rc" -ne 99 ] || bad "kamplan $1: exit 99: $(head -c 300 "$tmp/kp.err")"
    return "$rc"
}

# replan_cost: an hours sweep replanned against the sample's optimum with
# --change-cost: the objective is the value less the changes' cost, and the
# row change_cost makes the pairs add up (it must occur).
replan_cost() {
    rm -rf "$tmp/rc-s" "$tmp/r"
    kp solve models/sample --scenario base --gap 0 --out "$tmp/r" -q
    kp solve models/sample --sweep hours=300:480:4 --from "$tmp/r/plan.csv" \
        --change-cost 2500 --out "$tmp/rc-s" -q
    check "sample, hours sweep replanned with --change-cost: changes.csv" solve "$tmp/rc-s" line
    if grep -q ',change_cost,' "$tmp/rc-s/changes.csv"; then
        ok "sample, hours sweep replanned with --change-cost: a change_cost row occurred"
    else
        bad "sample, hours sweep replanned with --change-cost: no change_cost row"
    fi
}

if [ "$quick" = 1 ]; then
    rm -rf "$tmp/s" "$tmp/e"
    kp solve models/sample --out "$tmp/s" -q
    check "sample: changes.csv" solve "$tmp/s" first
    kp evaluate models/sample --plan models/habit-plan.csv --scenario base \
        --out "$tmp/e" -q
    check "sample: habit-plan.csv: to_optimal.csv and value_at_stake" evaluate "$tmp/e" \
        models/sample models/habit-plan.csv
    rm -rf "$tmp/e"
    $CHK perturb "$tmp/s/plan.csv" models/sample/activities.csv 1 "$tmp/p.csv"
    kp evaluate models/sample --plan "$tmp/p.csv" --scenario base \
        --out "$tmp/e" -q
    check "sample: optimum perturbed: to_optimal.csv and value_at_stake" evaluate "$tmp/e" \
        models/sample "$tmp/p.csv"
    g="$tmp/gen"
    $KAMPLAN generate --accounts 6 --seed 1 "$g" >/dev/null
    h=$(sed -n 's/^hours,//p' "$g/policy.csv")
    rm -rf "$tmp/s"
    kp solve "$g" --sweep "hours=$((h / 2)):$h:3" --out "$tmp/s" -q
    check "generated 6 accounts, seed 1, hours sweep: changes.csv" solve "$tmp/s" line
    replan_cost
    if [ "$nobj" -gt 0 ]; then
        ok "objective rows occurred ($nobj)"
    else
        bad "no objective row in any diff"
    fi
    finish
    exit
fi

# The sample.
solve_both "sample" models/sample first
replan_cost
perturbed "sample" models/sample 1
perturbed "sample" models/sample 2
eval_both "sample: habit-plan.csv" models/sample models/habit-plan.csv
solve_both "sample, budget sweep" models/sample line --sweep budget=20000:60000:5
solve_both "sample, hours x budget grid" models/sample grid:3 \
    --sweep hours=240:480:3 --sweep budget=30000:60000:3

# Every instance of the cases that loads (as CSV: the JSON document is
# the same table writer's, checked above and below); each case's
# plan.csv that is judged (exit 0, 3 or 6) with the instance its command
# names.
for d in tests/cases/*/in; do
    c=${d%/in}
    rm -rf "$tmp/s" "$tmp/e"
    # Exit 1: the instance does not load (a case of bad input).
    $KAMPLAN solve "$d" --out "$tmp/s" -q 2>/dev/null
    [ $? -eq 1 ] && continue
    check "${c#tests/cases/}: changes.csv" solve "$tmp/s" first
    if [ "$(wc -l <"$tmp/s/plan.csv")" -gt 1 ] &&
        $CHK perturb "$tmp/s/plan.csv" "$d/activities.csv" 3 "$tmp/p.csv"; then
        $KAMPLAN evaluate "$d" --plan "$tmp/p.csv" --out "$tmp/e" -q 2>/dev/null
        check "${c#tests/cases/}: optimum perturbed: to_optimal.csv and value_at_stake" \
            evaluate "$tmp/e" "$d" "$tmp/p.csv"
    fi
done
for p in tests/cases/*/plan.csv; do
    c=${p%/plan.csv}
    case $(cat "$c/exit" 2>/dev/null) in 0 | 3 | 6) ;; *) continue ;; esac
    set -- $(sed "s|\$CASE|$c|g" "$c/cmd")
    [ "$1" = evaluate ] || continue
    rm -rf "$tmp/e"
    $KAMPLAN evaluate "$2" --plan "$p" --out "$tmp/e" -q 2>/dev/null
    check "${c#tests/cases/}: its plan.csv: to_optimal.csv and value_at_stake" \
        evaluate "$tmp/e" "$2" "$p"
done

# Generated instances: an hours sweep from half the policy's hours to all
# of them, then scenarios.csv, each optimum perturbed (evaluated at --gap 1: the rows add up to
# whichever optimum was found).
gens="6 1:14 2:24 3"
IFS=:
for as in $gens; do
    unset IFS
    set -- $as
    g="$tmp/gen-$1-$2"
    $KAMPLAN generate --accounts "$1" --seed "$2" "$g" >/dev/null
    h=$(sed -n 's/^hours,//p' "$g/policy.csv")
    solve_both "generated $1 accounts, seed $2, hours sweep" "$g" line \
        --sweep "hours=$((h / 2)):$h:3"
    printf 'id,hours_scale,budget_scale,max_key_accounts,min_contacts\nbase,,,,\nlean,0.7,0.8,,\nnarrow,,,2,\nbroad,1.2,,,4\n' \
        >"$g/scenarios.csv"
    solve_both "generated $1 accounts, seed $2, scenarios" "$g" first
    perturbed "generated $1 accounts, seed $2" "$g" "$2" --gap 1
done

if [ "$nobj" -gt 0 ]; then
    ok "objective rows occurred ($nobj)"
else
    bad "no objective row in any diff"
fi
finish
