#!/bin/sh
# kamplan why (and solve --why): every cost of the opposite decision equals
# an independent solve with that decision fixed (tests/check_why.py: the
# exported LP with the column's bounds rewritten, solved by glpsol or cbc)
# on the sample, a generated instance and one whose blocks are joined by
# cross-account prerequisites and groups (the decomposition keeps the
# fixing); a forced-in decision that has no plan says infeasible with the
# reason; accounts that cannot be key get the reason in words and no cost;
# --account and --activity filters; --all; the time limit (not_reached);
# the JSON document; the --report page; solve writes why.csv only with
# --why, with the same rows. QUICK=1 leaves out the joined instance.
# Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"

# Crosscheck NAME DIR [OPTIONS]: why --gap 0 against check_why.py.
crosscheck() {
    name=$1 dir=$2
    shift 2
    rm -rf "$tmp/w"
    if ! $KAMPLAN why "$dir" --gap 0 --quiet --out "$tmp/w" "$@" 2>"$tmp/err"; then
        bad "$name: why failed: $(head -3 "$tmp/err")"
        return
    fi
    scen=
    case " $* " in *" --scenario "*) scen=$(echo "$*" | sed 's/.*--scenario \([^ ]*\).*/\1/') ;; esac
    $KAMPLAN export "$dir" ${scen:+--scenario "$scen"} --lp "$tmp/m.lp" ||
        { bad "$name: export failed"; return; }
    $PYTHON tests/check_why.py "$tmp/w/why.csv" "$tmp/m.lp" "$name" >"$tmp/check" 2>&1 ||
        echo "not ok - $name: check_why.py failed: $(tail -2 "$tmp/check")" >>"$tmp/check"
    cat "$tmp/check"
    pass=$((pass + $(grep -c '^ok - ' "$tmp/check")))
    fail=$((fail + $(grep -c '^not ok - ' "$tmp/check")))
}

# field CSV ID COLUMN: the column of the row whose id is ID.
field() {
    $PYTHON - "$1" "$2" "$3" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    if r["id"] == sys.argv[2]:
        print(r[sys.argv[3]])
        break
PY
}

# Under valgrind (CI's pass runs every suite so, at some 30 times the
# time) only the paths: a re-solve, one without a plan, none at all (an
# account that cannot be key), a missing id, JSON and the report.
case "$KAMPLAN" in *valgrind*)
    $KAMPLAN why models/sample --activity AUR-R-chen-terms --quiet --out "$tmp/v" \
        --report "$tmp/v.html" && [ "$(field "$tmp/v/why.csv" AUR-R-chen-terms cost)" = 1400 ] &&
        grep -q '<section id="why">' "$tmp/v.html" &&
        ok "valgrind: one re-solve, its cost and report" || bad "valgrind: one re-solve"
    $KAMPLAN why models/sample --activity AUR-R-novak-qa-audit --format json >"$tmp/v.json" &&
        grep -q '"status": *"infeasible"' "$tmp/v.json" &&
        ok "valgrind: an infeasible decision, JSON" || bad "valgrind: an infeasible decision"
    $KAMPLAN why models/sample --account MEGA --quiet --out "$tmp/m" &&
        [ "$(field "$tmp/m/why.csv" MEGA decision)" = cannot_be_key ] &&
        ok "valgrind: no re-solve" || bad "valgrind: no re-solve"
    $KAMPLAN why models/sample --account NOPE --quiet 2>/dev/null
    [ $? -eq 2 ] && ok "valgrind: a missing account" || bad "valgrind: a missing account"
    finish
    exit ;;
esac

crosscheck sample models/sample
cp -r "$tmp/w" "$tmp/s"
$KAMPLAN generate --accounts 8 --seed 2 "$tmp/g12" >/dev/null
crosscheck "generated 8 accounts" "$tmp/g12"
if [ "${QUICK:-0}" != 1 ]; then
    $KAMPLAN generate --accounts 10 --seed 4 "$tmp/linked" >/dev/null &&
        $PYTHON benchmarks/add_links.py "$tmp/linked" 3 2 4
    crosscheck "10 accounts joined by prerequisites and groups" "$tmp/linked"
fi

# The same sample with a scenario where max_key_accounts is 1 and AUR has
# status=key: making any other account key has no plan.
cp -r models/sample "$tmp/one"
printf 'one-key,,,,,1,\n' >>"$tmp/one/scenarios.csv"
crosscheck "max_key_accounts 1, forced in" "$tmp/one" --scenario one-key --account LIND
$KAMPLAN why "$tmp/one" --scenario one-key --account LIND --quiet --out "$tmp/one-w"
st=$(field "$tmp/one-w/why.csv" LIND status)
cost=$(field "$tmp/one-w/why.csv" LIND cost)
why=$(field "$tmp/one-w/why.csv" LIND reason)
[ "$st" = infeasible ] && [ -z "$cost" ] &&
    case "$why" in *"Making LIND key is infeasible: max_key_accounts is 1, and 1 account is forced key: AUR (status=key)"*) true ;; *) false ;; esac &&
    ok "forced in without a plan: infeasible, no cost, the reason ($why)" ||
    bad "forced in without a plan: status '$st', cost '$cost', reason '$why'"

# Accounts that cannot be key: the reason in words, no cost, no re-solve.
for case in "MEGA|MEGA cannot be key: fails margin_pct, growth_pct, days_to_pay, access and openness (2 of 7 criteria met, 4 needed)" \
            "BALT|BALT cannot be key: excluded (status=exclude)" \
            "ORION|ORION cannot be key: qualifies: meets sales, margin_pct, growth_pct, potential, days_to_pay, access and openness (7 of 7 criteria met, 4 needed), but it cannot be key: its entrenched influencer ORION-berger has no activity"; do
    id=${case%%|*} want=${case#*|}
    got=$(field "$tmp/s/why.csv" "$id" reason)
    [ "$got" = "$want" ] && [ -z "$(field "$tmp/s/why.csv" "$id" cost)" ] &&
        [ -z "$(field "$tmp/s/why.csv" "$id" status)" ] &&
        [ "$(field "$tmp/s/why.csv" "$id" decision)" = cannot_be_key ] &&
        ok "$id: cannot be key, in words, no cost" || bad "$id: reason '$got', want '$want'"
done
# A status=key account: the cost of dropping it, in words.
got=$(field "$tmp/s/why.csv" AUR reason)
case "$got" in "AUR is key: key by status=key. Dropping AUR costs 57,350: its 78 h go to LIND (+85 h)"*)
    ok "AUR (status=key): the cost of dropping it ($got)" ;;
*) bad "AUR (status=key): '$got'" ;; esac
# A key account's words say where its hours go.
got=$(field "$tmp/s/why.csv" MUEL reason)
case "$got" in *"Dropping MUEL costs 98,800: its 89 h go to LIND (+79 h)"*)
    ok "MUEL: its cost and where its hours go" ;;
*) bad "MUEL: '$got'" ;; esac

# Rows: every account, then the chosen activities (as many as plan.csv
# has), then the 10 best left out.
$KAMPLAN solve models/sample --scenario base --quiet --out "$tmp/base"
$PYTHON - "$tmp/s/why.csv" "$tmp/base/plan.csv" models/sample/accounts.csv <<'PY' &&
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
plan = [r for r in csv.DictReader(open(sys.argv[2])) if r["scenario"] == "base"]
accs = [r["id"] for r in csv.DictReader(open(sys.argv[3]))]
a = [r["id"] for r in rows if r["subject"] == "account"]
chosen = [r for r in rows if r["decision"] == "chosen"]
left = [r for r in rows if r["decision"] == "left_out"]
sys.exit(0 if a == accs and len(chosen) == len(plan) and len(left) == 10 and
         all(r["opposite"] == "add" for r in left) else 1)
PY
    ok "rows: every account, every chosen activity, the 10 best left out" ||
    bad "rows: not every account, chosen activity and 10 left out"

# --account: its row, its activities (the 10 best left out; --all: every
# one); --activity: one row.
$KAMPLAN why models/sample --account LIND --quiet --out "$tmp/lind"
# (-t 0.001: the rows are listed, their re-solves not reached.)
$KAMPLAN why models/sample --all -t 0.001 --quiet --out "$tmp/all" 2>/dev/null
$PYTHON - "$tmp/all/why.csv" models/sample/activities.csv <<'PY' &&
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
acts = list(csv.DictReader(open(sys.argv[2])))
out = {r["id"] for r in rows if r["decision"] == "cannot_be_key"}
chosen = {r["id"] for r in rows if r["decision"] == "chosen"}
want = [a["id"] for a in acts if a["account_id"] not in out and a["id"] not in chosen]
left = [r["id"] for r in rows if r["decision"] == "left_out"]
sys.exit(0 if len(left) > 10 and sorted(left) == sorted(want) else 1)
PY
    [ "$(grep -c ',left_out,' "$tmp/s/why.csv")" -eq 10 ] &&
    ok "--all: every activity left out that can be added, else 10" || bad "--all: not every one left out"
$PYTHON - "$tmp/lind/why.csv" <<'PY' && ok "--account LIND: its row and its activities only" ||
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
sys.exit(0 if rows and rows[0]["id"] == "LIND" and all(r["account"] == "LIND" for r in rows)
         and sum(r["subject"] == "account" for r in rows) == 1 else 1)
PY
    bad "--account LIND: other rows"
$KAMPLAN why models/sample --activity MUEL-R-mueller-dinner --quiet --out "$tmp/act"
[ "$(wc -l <"$tmp/act/why.csv")" -eq 2 ] &&
    [ "$(field "$tmp/act/why.csv" MUEL-R-mueller-dinner cost)" = 98800 ] &&
    ok "--activity: one row, the value lost without it" || bad "--activity: $(cat "$tmp/act/why.csv")"
$KAMPLAN why models/sample --account NOPE --quiet 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q "no account 'NOPE'" "$tmp/err" &&
    ok "--account NOPE: exit 2, named" || bad "--account NOPE: exit $rc, $(cat "$tmp/err")"

# --only accounts: the account rows alone.
$KAMPLAN why models/sample --only accounts -t 0.001 --quiet --out "$tmp/only" 2>/dev/null
[ "$(grep -c '^[^,]*,account,' "$tmp/only/why.csv")" -eq 12 ] &&
    [ "$(grep -c '^[^,]*,activity,' "$tmp/only/why.csv")" -eq 0 ] &&
    ok "--only accounts: the 12 accounts alone" || bad "--only accounts: $(wc -l <"$tmp/only/why.csv") lines"
# No plan to explain: exit 3, said; nothing written.
$KAMPLAN why tests/cases/solve-infeasible/in --out "$tmp/inf" 2>"$tmp/err"
rc=$?
[ $rc -eq 3 ] && grep -q 'infeasible: .*there is no plan to explain' "$tmp/err" &&
    [ ! -e "$tmp/inf/why.csv" ] &&
    ok "an infeasible scenario: exit 3, nothing to explain" || bad "an infeasible scenario: exit $rc"

# A time limit: the re-solves not reached are marked so, in words.
$KAMPLAN why models/sample -t 0.05 -j 1 --quiet --out "$tmp/late" 2>/dev/null
n=$(grep -c ',not_reached,' "$tmp/late/why.csv")
[ "$n" -gt 0 ] && grep -q 'not re-solved (the time limit was reached first)' "$tmp/late/why.csv" &&
    ok "-t 0.05: $n re-solves not reached, said" || bad "-t 0.05: none marked not_reached"

# JSON: the same rows as why.csv.
$KAMPLAN why models/sample --account LIND --format json >"$tmp/why.json"
$PYTHON - "$tmp/why.json" "$tmp/lind/why.csv" <<'PY' && ok "--format json: results.why, the rows of why.csv" ||
import csv, json, sys
doc = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
got = doc["results"]["why"]
sys.exit(0 if doc["command"] == "why" and doc["ok"] and len(got) == len(rows) and
         [g["id"] for g in got] == [r["id"] for r in rows] and
         all((g["cost"] is None) == (r["cost"] == "") for g, r in zip(got, rows)) else 1)
PY
    bad "--format json: not the rows of why.csv"

# The report page: self-contained, every row, sorted by cost.
$KAMPLAN why models/sample --account AUR --gap 0 --quiet --report "$tmp/why.html"
$KAMPLAN why models/sample --account AUR --gap 0 --quiet --out "$tmp/aur"
$PYTHON - "$tmp/why.html" "$tmp/aur/why.csv" <<'PY' && ok "--report: the reasons, every row, by value at stake" ||
import csv, re, sys
page = open(sys.argv[1]).read()
rows = list(csv.DictReader(open(sys.argv[2])))
body = page[page.find('<section id="why">'):]
costs = [float(c.replace(",", "")) for c in re.findall(r'<td class="n">([-0-9,.]+)</td>', body)]
sys.exit(0 if "<script" not in page and "NaN" not in page and "nan" not in body and
         body.count("<tr><td") == len(rows) and costs == sorted(costs, reverse=True) else 1)
PY
    bad "--report: rows missing or unsorted"

# solve: why.csv only with --why, then the same rows as why.
$KAMPLAN solve models/sample --scenario base --quiet --out "$tmp/plain"
[ ! -e "$tmp/plain/why.csv" ] && ok "solve without --why writes no why.csv" ||
    bad "solve without --why wrote why.csv"
$KAMPLAN solve models/sample --scenario base --why --gap 0 --quiet --out "$tmp/sw"
cut -d, -f1-10 "$tmp/sw/why.csv" >"$tmp/a"
cut -d, -f1-10 "$tmp/s/why.csv" >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b" && ok "solve --why: the rows of why" || bad "solve --why: rows differ"
# Adding a locked activity (a43: locked, no min_count, so banned) is
# infeasible, with the lock named, never a solver error (its fixing must
# not put a lower bound above the lock's upper bound); removing a
# committed one (a21, min_count 2) is infeasible too.
$KAMPLAN why tests/cases/commit-valid/in --scenario base --all --gap 0 -q \
    --out "$tmp/wl" 2>"$tmp/wl.err"
a43=$(awk -F, '$3 == "a43" { print $6 ":" $9 }' "$tmp/wl/why.csv")
a21=$(awk -F, '$3 == "a21" { print $6 ":" $9 }' "$tmp/wl/why.csv")
if [ "$a43" = "add:infeasible" ] && grep -q "a43 cannot be done 1 time: it is locked at 0" \
    "$tmp/wl/why.csv" && [ "$a21" = "remove:infeasible" ]; then
    ok "why: adding a locked activity is infeasible, the lock named"
else
    bad "why: a43 '$a43', a21 '$a21': $(grep ',a43,' "$tmp/wl/why.csv" | cut -c1-200)"
fi
finish
