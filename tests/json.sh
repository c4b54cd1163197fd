#!/bin/sh
# --format json: one JSON document on stdout (parsed with jq) that agrees
# with the CSV files of the same run (tests/check_json.py), with the exit
# code, and with the text mode's messages; errors are JSON too. Prints one
# line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
# check NAME JQ-EXPRESSION FILE: the expression is true of the document.
check() {
    if [ "$(jq -e "$2" "$3" 2>&1)" = true ]; then ok "$1"; else bad "$1 ($2)"; fi
}
# one FILE: stdout held exactly one JSON document.
one() { [ "$(jq -s length "$1" 2>/dev/null)" = 1 ]; }

# --case DIR VERDICTS: runs the data-error case DIR in text and in JSON
# and writes "same" or "differ" to VERDICTS/NAME: exit 1, nothing on
# stderr, the text's messages as the diagnostics, its first error as
# .error.
# The text run repeats tests/cli.sh's run of the case word for word: in
# the valgrind pass ($VALGRIND set), where cli.sh has run it under
# valgrind, the program itself (KAMPLAN's last word) prints the text; the
# JSON run stays under valgrind.
if [ "${1:-}" = --case ]; then
    dir=$2
    args=$(head -1 "$dir/cmd" | sed -e "s|\$CASE|$dir|g" -e "s|\$OUT|$tmp/o|g")
    text_kamplan=$KAMPLAN
    [ -z "${VALGRIND:-}" ] || text_kamplan=${KAMPLAN##* }
    # shellcheck disable=SC2086
    $text_kamplan $args >/dev/null 2>"$tmp/text.err"
    # shellcheck disable=SC2086
    $KAMPLAN $args --format json >"$tmp/d.json" 2>"$tmp/d.err"
    rc=$?
    jq -r '.diagnostics[] | "kamplan: \(.severity): \(.message)"' "$tmp/d.json" >"$tmp/json.err" 2>/dev/null
    first=$(grep -m1 '^kamplan: error: ' "$tmp/text.err" | sed 's/^kamplan: error: //')
    verdict=same
    if [ "$rc" -ne 1 ] || [ -s "$tmp/d.err" ] || ! cmp -s "$tmp/text.err" "$tmp/json.err" ||
       [ "$(jq -r .error "$tmp/d.json")" != "$first" ]; then
        verdict=differ
    fi
    echo "$verdict" >"$3/${dir##*/}"
    exit 0
fi

# solve: every scenario, the files and the document of one run.
$KAMPLAN solve models/sample --out "$tmp/s" --format json >"$tmp/s.json" 2>"$tmp/err"
rc=$?
one "$tmp/s.json" && [ ! -s "$tmp/err" ] && ok "solve: one JSON document, nothing on stderr" \
    || bad "solve: not one document: $(head -c 300 "$tmp/s.json") $(cat "$tmp/err")"
check "solve: exit_code $rc and ok in the document" \
    ".exit_code == $rc and .ok == ($rc == 0) and .command == \"solve\" and .error == null" "$tmp/s.json"
out=$(python3 tests/check_json.py "$tmp/s.json" "$tmp/s")
[ $? -eq 0 ] && ok "solve: JSON agrees with the 5 CSV files ($out)" || bad "solve: $out"
check "solve: the sample's base optimum is 1173880" \
    '.results.summary[0] | .scenario == "base" and .objective == 1173880 and
     (.status == "optimal" or .status == "feasible")' "$tmp/s.json"
check "solve: instance sizes" \
    '.instance.accounts == 12 and (.instance.scenarios | length) == 5' "$tmp/s.json"

# A sweep with marginal values: frontier rows carry them.
$KAMPLAN solve models/sample --sweep budget=40000:80000:3 --marginal --out "$tmp/w" \
    --format json >"$tmp/w.json" 2>/dev/null
out=$(python3 tests/check_json.py "$tmp/w.json" "$tmp/w")
[ $? -eq 0 ] && ok "sweep with --marginal: JSON agrees with the CSV files ($out)" || bad "sweep: $out"
check "sweep: a warning that scenarios.csv is replaced, marginal values are numbers" \
    '(.diagnostics | map(select(.severity == "warning")) | length) >= 1 and
     (.results.frontier | length) == 3 and
     all(.results.frontier[]; (.value_per_hour | type) == "number")' "$tmp/w.json"

# An infeasible scenario: exit 3, its row, and the reason as a warning.
cp -r models/sample "$tmp/tight"
printf 'id,hours\nbase,\ntight,10\n' >"$tmp/tight/scenarios.csv"
$KAMPLAN solve "$tmp/tight" --out "$tmp/t" --format json >"$tmp/t.json" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 3 ] && one "$tmp/t.json" && [ ! -s "$tmp/err" ] \
    && ok "infeasible scenario: exit 3, one document, nothing on stderr" \
    || bad "infeasible scenario: exit $rc"
check "infeasible scenario: status in results, reason and why in diagnostics" \
    '.exit_code == 3 and .ok == false and
     (.results.summary | map(select(.scenario == "tight"))[0].status) == "infeasible" and
     (.diagnostics | map(select(.text | startswith("scenario tight: why: "))) | length) == 1' "$tmp/t.json"
$KAMPLAN solve "$tmp/tight" --quiet 2>"$tmp/text.err" >/dev/null
jq -r '.diagnostics[] | "kamplan: \(.severity): \(.message)"' "$tmp/t.json" >"$tmp/json.err"
cmp -s "$tmp/text.err" "$tmp/json.err" && ok "infeasible scenario: the same messages as text mode" \
    || bad "infeasible scenario: messages differ: $(diff "$tmp/text.err" "$tmp/json.err" | head -5)"

# evaluate: exit 6 (the habit plan breaks rules), three tables.
$KAMPLAN evaluate models/sample --plan models/habit-plan.csv --out "$tmp/e" --format json \
    >"$tmp/e.json" 2>/dev/null
rc=$?
out=$(python3 tests/check_json.py "$tmp/e.json" "$tmp/e")
agree=$?
[ "$rc" -eq 6 ] && [ "$agree" -eq 0 ] && ok "evaluate: exit 6, JSON agrees with the CSV files ($out)" \
    || bad "evaluate: exit $rc: $out"
check "evaluate: each violation has a rule and a detail" \
    '.exit_code == 6 and (.results.violations | length) > 0 and
     all(.results.violations[]; (.rule | length) > 0 and (.detail | length) > 0)' "$tmp/e.json"

# bench: one table.
$KAMPLAN bench models/sample --scenario base --out "$tmp/b" --format json >"$tmp/b.json" 2>/dev/null
out=$(python3 tests/check_json.py "$tmp/b.json" "$tmp/b")
[ $? -eq 0 ] && ok "bench: JSON agrees with bench.csv ($out)" || bad "bench: $out"

# qualify: the same verdicts as the text.
$KAMPLAN qualify models/sample --format json >"$tmp/q.json"
$KAMPLAN qualify models/sample >"$tmp/q.txt"
n=$(sed -n 's/^\([0-9]*\) of 12 accounts can be key accounts$/\1/p' "$tmp/q.txt")
check "qualify: 12 accounts, can_be_key as the text says ($n)" \
    "(.accounts | length) == 12 and .can_be_key == $n" "$tmp/q.json"
jq -r '.accounts[] | select(.status == "auto") |
       "\(.account_id) \(if .qualified then "qualifies" else "does not qualify" end): \(.criteria_met) of \(.criteria_set)"' \
    "$tmp/q.json" >"$tmp/q.json.txt"
awk '/^[^ ]/ {id = $1} /verdict: (qualifies|does not qualify)/ {
       sub(/.*verdict: /, ""); sub(/ criteria met.*/, ""); print id " " $0 }' "$tmp/q.txt" >"$tmp/q.txt.txt"
[ -s "$tmp/q.txt.txt" ] && cmp -s "$tmp/q.txt.txt" "$tmp/q.json.txt" \
    && ok "qualify: each verdict and criteria count as in the text" \
    || bad "qualify: verdicts differ: $(diff "$tmp/q.txt.txt" "$tmp/q.json.txt" | head -4)"
check "qualify: MegaMart misses the margin criterion" \
    '.accounts[] | select(.account_id == "MEGA") | (.criteria[] | select(.name == "margin_pct") | .met == false and .value == -2.5)' "$tmp/q.json"

# qualify: the commitments as the text lists them (min_count, each
# scenario's key and exclude), on an instance that has all three.
$KAMPLAN qualify tests/cases/commit-valid/in --format json >"$tmp/qc.json"
$KAMPLAN qualify tests/cases/commit-valid/in >"$tmp/qc.txt"
$PYTHON - "$tmp/qc.json" "$tmp/qc.txt" <<'PY' &&
import json, re, sys
doc = json.load(open(sys.argv[1]))
text, acc = {}, None
for line in open(sys.argv[2]):
    if re.match(r"\S", line) and "accounts can be key" not in line:
        acc = line.split()[0]
        text[acc] = ""
    elif line.startswith("    commitments: "):
        text[acc] = line[len("    commitments: "):].rstrip("\n")
def words(c):
    if c["by"] == "min_count":
        return "key (min_count of activity %s)" % c["activity"]
    return "%s in scenario %s (%s)" % (c["commitment"], c["scenario"], c["by"])
got = {a["account_id"]: "; ".join(words(c) for c in a["commitments"]) for a in doc["accounts"]}
committed = {a["account_id"]: a["committed"] for a in doc["accounts"]}
kinds = {c["by"] for a in doc["accounts"] for c in a["commitments"]}
ok = (got == text and kinds == {"min_count", "scenarios.csv key", "scenarios.csv exclude"}
      and committed == {"A1": None, "A2": "a21", "A3": "a32", "A4": None})
if not ok:
    print("json %s\ntext %s" % (got, text), file=sys.stderr)
sys.exit(0 if ok else 1)
PY
    ok "qualify: the commitments in JSON are the text's (min_count, scenarios.csv key and exclude)" ||
    bad "qualify: the commitments in JSON differ from the text's"

# check: valid, and every data error of the CLI cases with the same
# messages (file, line, column) as the text mode.
$KAMPLAN check models/sample --format json >"$tmp/c.json"
check "check: a valid instance" '.valid == true and .exit_code == 0 and .instance.activities == 118' "$tmp/c.json"
for dir in tests/cases/*/; do
    dir=${dir%/}
    [ -f "$dir/cmd" ] && [ ! -f "$dir/setup" ] && [ "$(cat "$dir/exit")" = 1 ] || continue
    case "$(head -1 "$dir/cmd")" in check\ *|qualify\ *|solve\ *) echo "$dir" ;; esac
done >"$tmp/cases"
# Two at a time (JOBS): each case writes "same" or "differ" to its file.
mkdir -p "$tmp/verdicts"
xargs -P "${JOBS:-2}" -I{} sh "$0" --case {} "$tmp/verdicts" <"$tmp/cases"
cases=$(ls "$tmp/verdicts" | wc -l)
differ=$(grep -l differ "$tmp/verdicts"/* 2>/dev/null | sed 's|.*/||' | tr '\n' ' ')
[ "$(wc -l <"$tmp/cases")" -eq "$cases" ] || differ="$differ (only $cases of $(wc -l <"$tmp/cases") cases ran)"
[ "$cases" -ge 20 ] && [ -z "$differ" ] \
    && ok "data errors of $cases CLI cases: exit 1, the same messages as JSON diagnostics" \
    || bad "data errors ($cases cases) differ: $differ"
$KAMPLAN check tests/cases/bad-number/in --format json >"$tmp/c.json"
check "a diagnostic has file, line and column apart" \
    '.diagnostics[0] | .file != null and .line > 0 and .column != null' "$tmp/c.json"
check "bad number: file, line 2, column hours" \
    '.valid == false and .diagnostics[0].file == "tests/cases/bad-number/in/activities.csv" and
     .diagnostics[0].line == 2 and .diagnostics[0].column == "hours"' "$tmp/c.json"

# --verbose would put GLPK's log on stdout: ignored, with a warning.
$KAMPLAN solve models/sample --scenario base --verbose --format json >"$tmp/v.json" 2>/dev/null
one "$tmp/v.json" && check "--verbose with --format json: one document, a warning says it is ignored" \
    '.ok and (.diagnostics[0].text | startswith("--verbose is ignored"))' "$tmp/v.json" \
    || bad "--verbose with --format json: stdout is not one document"

# Command-line mistakes are JSON too; a bad --format is reported as text.
$KAMPLAN solve models/sample --bogus --format json >"$tmp/u.json" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] && one "$tmp/u.json" && [ ! -s "$tmp/err" ] && ok "bad option: exit 2, JSON on stdout" \
    || bad "bad option: exit $rc"
check "bad option: the error names it" \
    '.exit_code == 2 and (.error | contains("--bogus"))' "$tmp/u.json"
$KAMPLAN evaluate models/sample --form json >"$tmp/u.json" 2>/dev/null
check "an abbreviated --form json is JSON too; a missing --plan is the error" \
    '.exit_code == 2 and (.error | contains("--plan"))' "$tmp/u.json"
$KAMPLAN check models/sample --format xml >"$tmp/u.out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] && [ ! -s "$tmp/u.out" ] && grep -q "'xml' is not 'text' or 'json'" "$tmp/err" \
    && ok "--format xml: exit 2, said on stderr" || bad "--format xml: exit $rc"
$KAMPLAN solve --help --format json >"$tmp/h.out"
grep -q '^Usage: kamplan' "$tmp/h.out" && ! grep -q '"kamplan"' "$tmp/h.out" \
    && ok "--help with --format json prints the help only" || bad "--help: $(head -2 "$tmp/h.out")"

# Hostile text stays valid JSON: quotes, backslashes, a tab and non-ASCII
# in names and ids.
cp -r models/sample "$tmp/odd"
sed -i '2s/^\([^,]*\),[^,]*,/\1,"Odd \\ ""quoted"" \tnäme — ☃",/' "$tmp/odd/accounts.csv"
$KAMPLAN qualify "$tmp/odd" --format json >"$tmp/o.json" 2>/dev/null
printf 'Odd \\ "quoted" \tnäme — ☃' >"$tmp/want"
jq -j '.accounts[0].name' "$tmp/o.json" >"$tmp/got" 2>/dev/null
cmp -s "$tmp/want" "$tmp/got" && ok "names with quotes, backslash, tab and UTF-8 come back as written" \
    || bad "odd name came back as: $(cat "$tmp/got")"

finish
