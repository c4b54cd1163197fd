#!/bin/sh
# Self-test of tests/check_plan.py, the independent plan checker.
#
# Solves models/sample with kamplan into a temporary folder, confirms that
# check_plan.py accepts every plan, then breaks one rule at a time in a copy of
# plan.csv, summary.csv or accounts.csv (with awk) and confirms that
# check_plan.py rejects the copy (exit 1) with the message a planner would
# expect.  The edits name rows of the sample's optimal plans; an edit that
# finds nothing to change is reported as a failure, not skipped.
#
# Run from the repository root:  KAMPLAN=/abs/path/to/kamplan sh tests/check_plan_selftest.sh
# Prints one `ok - ...` / `not ok - ...` line per check and `N passed, M failed`;
# exits non-zero when a check fails.
# The awk programs below are single-quoted on purpose: $1 etc. are awk fields.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
CHECK=tests/check_plan.py
SAMPLE=models/sample
good=$tmp/good

notok() { fail=$((fail + 1)); echo "not ok - $1"; }

# 1. kamplan's own plans for the sample must pass.
if ! $KAMPLAN solve "$SAMPLE" --out "$good" --gap 0 --quiet >"$tmp/solve.out" 2>&1; then
    notok "kamplan solves $SAMPLE (exit status non-zero)"
    sed 's/^/#   /' "$tmp/solve.out"
    echo "$pass passed, $fail failed"
    exit 1
fi
"$PYTHON" "$CHECK" "$SAMPLE" "$good" >"$tmp/good.out" 2>&1
rc=$?
if [ "$rc" = 0 ] && grep -q '^5 passed, 0 failed$' "$tmp/good.out"; then
    ok "check_plan accepts kamplan's 5 sample plans"
else
    notok "check_plan accepts kamplan's 5 sample plans (exit $rc)"
    sed 's/^/#   /' "$tmp/good.out"
fi

# 2. Usage and file errors give exit status 2.
"$PYTHON" "$CHECK" "$SAMPLE" >/dev/null 2>&1
rc=$?
if [ "$rc" = 2 ]; then ok "usage error exits 2"; else notok "usage error exits 2 (got $rc)"; fi
"$PYTHON" "$CHECK" "$SAMPLE" "$tmp/no-such-folder" >/dev/null 2>&1
rc=$?
if [ "$rc" = 2 ]; then ok "missing output folder exits 2"; else notok "missing output folder exits 2 (got $rc)"; fi

# mutate NAME FILE EXPECTED AWK-PROGRAM
# Copies the good outputs, rewrites FILE with `awk -F, -v OFS=, AWK-PROGRAM`,
# and expects check_plan.py to exit 1 with EXPECTED in its output.
n=0
mutate() {
    name=$1 file=$2 expect=$3 prog=$4
    n=$((n + 1))
    dir=$tmp/m$n
    cp -R "$good" "$dir"
    awk -F, -v OFS=, "$prog" "$good/$file" >"$dir/$file"
    if cmp -s "$good/$file" "$dir/$file"; then
        notok "catches $name: the edit of $file changed nothing (did the sample's plan change?)"
        return
    fi
    "$PYTHON" "$CHECK" "$SAMPLE" "$dir" >"$dir/check.out" 2>&1
    rc=$?
    if [ "$rc" = 1 ] && grep -qF -- "$expect" "$dir/check.out"; then
        ok "catches $name"
    else
        notok "catches $name: expected exit 1 and \"$expect\", got exit $rc"
        sed 's/^/#   /' "$dir/check.out"
    fi
}

# Keep every row but the one whose scenario is $1 and activity $2.
drop() { printf '!($1 == "%s" && $3 == "%s")' "$1" "$2"; }
# Print every row, then one more.
append() { printf '{ print } END { print "%s" }' "$1"; }

mutate "a dropped prerequisite" plan.csv \
    "activity MUEL-O-film-free-line-trial requires MUEL-R-weber-esg, which is not in the plan" \
    "$(drop base MUEL-R-weber-esg)"

mutate "a second member of an alternatives group" plan.csv \
    "group MUEL-trial: 2 alternatives chosen" \
    "$(append 'base,MUEL,MUEL-O-film-free-lab-trial,objective,1,20,4000,12000')"

mutate "hours over the scenario's hours" plan.csv \
    "hours: 486 planned, 480 available" \
    '$1 == "base" && $3 == "MUEL-R-hartmann-linewalk" && $5 == 1 { $5 = 2; $6 = 12; $7 = 600; $8 = 10200 } { print }'

mutate "an activity of a non-qualified account" plan.csv \
    "account MEGA does not qualify as a key account (meets 2 of 7 criteria, needs 4" \
    "$(append 'base,MEGA,MEGA-Q-review,review,1,8,800,6000')"

mutate "an activity of an excluded account" plan.csv \
    "account BALT is excluded (status exclude)" \
    "$(append 'base,BALT,BALT-R-jansen-handover,relationship,1,4,300,3000')"

mutate "an entrenched influencer left without activity (count lowered to 0)" plan.csv \
    "account AUR: entrenched influencer AUR-novak (Tomas Novak) is not engaged" \
    '$1 == "base" && $3 == "AUR-R-novak-qa-audit" { $5 = 0; $6 = 0; $7 = 0; $8 = 0 } { print }'

mutate "an influential opponent left without activity" plan.csv \
    "account TESS: opponent TESS-roth (Martin Roth) with influence 4 is not engaged (opponent_influence 4)" \
    '!($1 == "base" && ($3 == "TESS-R-roth-cost-review" || $3 == "TESS-D-asia-quote"))'

mutate "too few contacts engaged" plan.csv \
    "account SUND: 2 contacts engaged, min_contacts is 3" \
    "$(drop base SUND-R-evans-store-walk)"

mutate "an account over its max_hours" plan.csv \
    "account MUEL: 93 hours planned, max_hours is 90" \
    '$1 == "base" && $3 == "MUEL-R-weber-esg" && $5 == 1 { $5 = 2; $6 = 8; $7 = 500; $8 = 6800 } { print }'

mutate "a key account under its min_hours" plan.csv \
    "account AUR: 36 hours planned, a key account needs min_hours 40" \
    '!($1 == "base" && ($3 == "AUR-O-cold-chain-study" || $3 == "AUR-O-serialisation-remote"))'

mutate "an account over its max_budget" plan.csv \
    "account VOLT: 19100 spent, max_budget is 15000" \
    "$(append 'base,VOLT,VOLT-O-returns-study,objective,1,40,6000,18000')"

mutate "spending over the scenario's budget" plan.csv \
    "budget: 42150 spent, 42000 available" \
    "$(append 'lean-budget,AUR,AUR-R-bianchi-line,relationship,1,3,150,2000')"

mutate "more key accounts than max_key_accounts" plan.csv \
    "key accounts: 5 managed (MUEL AUR FRESH VOLT TESS), max_key_accounts is 4" \
    "$(append 'fewer-key-accounts,FRESH,FRESH-Q-review,review,1,6,400,5000')"

mutate "a count above max_count" plan.csv \
    "activity AUR-R-lindgren-steering: done 4 times, max_count is 3" \
    '$1 == "lean-budget" && $3 == "AUR-R-lindgren-steering" && $5 == 3 { $5 = 4 } { print }'

mutate "an unknown activity id" plan.csv \
    "activity 'MUEL-X-ghost' is not in activities.csv" \
    "$(append 'base,MUEL,MUEL-X-ghost,other,1,1,0,0')"

mutate "an activity filed under the wrong account" plan.csv \
    "activity MUEL-Q-review: plan.csv names account 'AUR', but it is an activity of MUEL" \
    '$1 == "base" && $3 == "MUEL-Q-review" { $2 = "AUR" } { print }'

mutate "a row value that ignores decay" plan.csv \
    "activity MUEL-R-mueller-dinner: plan.csv says value 16000, 2 x 8000 with decay 0.7 gives 13600" \
    '$1 == "base" && $3 == "MUEL-R-mueller-dinner" && $5 == 2 { $8 = 16000 } { print }'

mutate "an objective changed by 1" summary.csv \
    "value: summary.csv says 1173881, the plan gives 1173880" \
    '$1 == "base" { $3 = $3 + 1 } { print }'

mutate "a wrong hours_used in the summary" summary.csv \
    "hours used: summary.csv says 479, the plan gives 480" \
    '$1 == "base" { $6 = $6 - 1 } { print }'

mutate "a wrong contacts_engaged in accounts.csv" accounts.csv \
    "account MUEL: accounts.csv says contacts_engaged 5, the plan gives 4" \
    '$1 == "base" && $2 == "MUEL" { $7 = $7 + 1 } { print }'

mutate "a missing accounts.csv row" accounts.csv \
    "accounts.csv: no row for SUND" \
    '!($1 == "base" && $2 == "SUND")'

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
