#!/bin/sh
# Managers and periods in evaluate's changes and in the reports (issue 15).
# evaluate's to_optimal.csv gains manager_plan,manager_optimal with
# managers.csv and periods_plan,periods_optimal with periods.csv, and the
# rows "manager" (an account key in both plans on another manager) and
# "moved" (an activity done as often in other periods), as changes.csv
# between scenarios has them, only where the plan file names managers and
# periods and only when the plan breaks a rule or is worth less than the
# optimum (a plan as good as the optimum on another schedule is optimal,
# with no changes). Checked against rows worked out from the hand plan and
# the optimum's plan.csv by tests/check_to_optimal_team.py, as CSV and
# JSON, on the hand case tests/cases/diff-manager-periods and on
# models/team (scenario fewer-key-accounts) with plans made here from its
# optimum: TESS on RUIZ instead of NAIR and TESS-R-nilsen-line in Q1
# instead of Q2; the printed text and the evaluate report name both. The
# solve report's section "Who and when, from scenario to scenario" names
# each change of manager and each move against those worked out from
# plan.csv and accounts.csv (models/team with a scenario that makes SUND
# key, which puts TESS on RUIZ, then base); without managers.csv and
# periods.csv there is no such section and to_optimal.csv's header is
# today's. Under valgrind ($VALGRIND set) only the hand case (models/team
# is a second a solve, three solves here).
# Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
CHK="$PYTHON tests/check_to_optimal_team.py"
HAND=tests/cases/diff-manager-periods/in
TEAM=models/team
FEW=fewer-key-accounts

# judged NAME DIR PLAN SCENARIO OPT WANT_EXIT: evaluate PLAN as CSV (text
# into $tmp/ev.txt, report $tmp/ev.html) and as JSON; both checked by
# check_to_optimal_team.py against the optimum in OPT.
judged() {
    rm -rf "$tmp/ev"
    : >"$tmp/chk"
    $KAMPLAN evaluate "$2" --plan "$3" --scenario "$4" --out "$tmp/ev" \
        --report "$tmp/ev.html" >"$tmp/ev.txt" 2>"$tmp/ev.err"
    rc=$?
    if [ "$rc" = "$6" ] && $CHK "$2" "$3" "$5" "$tmp/ev" "$4" >"$tmp/chk" 2>&1; then
        ok "$1: to_optimal.csv as worked out from both plans ($(cat "$tmp/chk"), exit $rc)"
    else
        bad "$1: exit $rc (want $6): $(tr '\n' ' ' <"$tmp/chk" 2>/dev/null) $(tr '\n' ' ' <"$tmp/ev.err")"
    fi
    $KAMPLAN evaluate "$2" --plan "$3" --scenario "$4" --format json \
        >"$tmp/ev.json" 2>/dev/null
    if $CHK "$2" "$3" "$5" "$tmp/ev.json" "$4" >"$tmp/chk" 2>&1; then
        ok "$1: JSON to_optimal as worked out ($(cat "$tmp/chk"))"
    else
        bad "$1: JSON to_optimal: $(tr '\n' ' ' <"$tmp/chk")"
    fi
}

# has NAME FILE TEXT: FILE holds the line TEXT (fixed string).
has() {
    if grep -qF -- "$3" "$2"; then
        ok "$1"
    else
        bad "$1: no '$3' in $(basename "$2")"
    fi
}

# The hand case: A1's manager is M1 in base's optimum, X1 and X4 in P2, X3
# in P1 (its README). The plan puts A1 on M2 and X1, X4 in P1, X3 in P2:
# the same activities, so only managers and periods change, and it breaks
# rules (M2's hours, P1's hours, X3's window): the case's
# evaluate-plan.csv, the example of models/README.md.
$KAMPLAN solve "$HAND" --scenario base --gap 0 --out "$tmp/ho" -q 2>/dev/null
judged "hand case" "$HAND" "$HAND/../evaluate-plan.csv" base "$tmp/ho" 6
has "hand case: the text names A1's manager move" "$tmp/ev.txt" \
    "A1: manager M2 -> M1; moved X1 (P1:1 -> P2:1), moved X4 (P1:1 -> P2:1)"
has "hand case: the text says the optimum's schedule is one way" "$tmp/ev.txt" \
    "(managers and periods as the optimal plan has them: one way to its value, not the only one)"
has "hand case: the evaluate report names the managers (managers.csv name)" "$tmp/ev.html" \
    "held by another manager: Bob → Ann"
has "hand case: the evaluate report names the periods" "$tmp/ev.html" "X3: P2 → P1"

# A plan file without manager_id and period columns (X4 left out): nothing
# to say of managers or periods (empty on the plan's side, no manager or
# moved rows). kamplan places X1 and X3 in P1 for the check, which
# overloads it (exit 6).
printf 'activity_id,count\nX1,1\nX3,1\n' >"$tmp/plain.csv"
judged "hand case, plan without managers and periods" "$HAND" "$tmp/plain.csv" base \
    "$tmp/ho" 6

# solve's report of the hand case: base -> swap moves A1 from M1 (Ann) to
# M2 (Bob) and X1 from P2 to P1 (its README).
$KAMPLAN solve "$HAND" --report "$tmp/h.html" -q 2>/dev/null
sed -n '/<h2>Who and when/,/<\/section>/p' "$tmp/h.html" >"$tmp/hs.html"
if grep -qF '<li>A1: Ann → Bob</li>' "$tmp/hs.html" &&
   grep -qF '<li>X1: P2 → P1 <span class="muted">(A1)</span></li>' "$tmp/hs.html" &&
   [ "$(grep -c '<li>' "$tmp/hs.html")" = 2 ]; then
    ok "hand case: the solve report's section names A1: Ann → Bob and X1: P2 → P1, nothing else"
else
    bad "hand case: the solve report's section: $(tr '\n' ' ' <"$tmp/hs.html")"
fi

if [ -z "${VALGRIND:-}" ]; then
    # models/team: plans made from the optimum of fewer-key-accounts.
    $KAMPLAN solve "$TEAM" --scenario "$FEW" --gap 0 --out "$tmp/to" -q 2>/dev/null
    $PYTHON - "$tmp/to/plan.csv" "$tmp" <<'EOF'
import csv, sys
src, tmp = sys.argv[1:3]
rows = list(csv.DictReader(open(src, newline="", encoding="utf-8")))
cols = ["scenario", "account_id", "activity_id", "count", "manager_id", "period"]
assert any(r["account_id"] == "TESS" and r["manager_id"] == "NAIR" for r in rows)
assert any(r["activity_id"] == "TESS-R-nilsen-line" and r["period"] == "Q2" for r in rows)
def write(name, change):
    with open("%s/%s.csv" % (tmp, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(cols)
        for r in rows:
            r = dict(r)
            if change(r) is not False:
                w.writerow([r[c] for c in cols])
def moved(r):
    if r["activity_id"] == "TESS-R-nilsen-line":
        r["period"] = "Q1"
def both(r):
    moved(r)
    if r["account_id"] == "TESS":
        r["manager_id"] = "RUIZ"
def worse(r):
    moved(r)
    if r["activity_id"] == "TESS-R-tessin-exec":
        r["count"] = str(int(r["count"]) - 1)
        return int(r["count"]) > 0
write("team-both", both)
write("team-moved", moved)
write("team-worse", worse)
EOF
    # TESS on RUIZ overloads RUIZ (a rule broken): both changes listed.
    judged "models/team, TESS on RUIZ, nilsen-line in Q1" "$TEAM" "$tmp/team-both.csv" \
        "$FEW" "$tmp/to" 6
    has "models/team: the text names TESS's manager move" "$tmp/ev.txt" \
        "TESS: manager RUIZ -> NAIR; moved TESS-R-nilsen-line (Q1:1 -> Q2:1)"
    has "models/team: the evaluate report names the managers" "$tmp/ev.html" \
        "held by another manager: Tomás Ruiz → Priya Nair"
    has "models/team: the evaluate report names the quarters" "$tmp/ev.html" \
        "TESS-R-nilsen-line: Q1 → Q2"
    # One occurrence fewer (worth less, no rule broken): the move is listed.
    judged "models/team, one occurrence fewer, nilsen-line in Q1" "$TEAM" \
        "$tmp/team-worse.csv" "$FEW" "$tmp/to" 0
    has "models/team: the worse plan's text names the move" "$tmp/ev.txt" \
        "moved TESS-R-nilsen-line (Q1:1 -> Q2:1)"
    # The optimum with nilsen-line in Q1: as good, so optimal, no changes.
    $KAMPLAN evaluate "$TEAM" --plan "$tmp/team-moved.csv" --scenario "$FEW" \
        --out "$tmp/em" >"$tmp/em.txt" 2>&1
    rc=$?
    if [ "$rc" = 0 ] && grep -q ": it is optimal$" "$tmp/em.txt" &&
       [ "$(wc -l <"$tmp/em/to_optimal.csv")" = 1 ] && ! grep -q moved "$tmp/em.txt"; then
        ok "models/team: the optimum in other quarters is optimal, with no move listed"
    else
        bad "models/team: the optimum in other quarters: exit $rc, $(tr '\n' ' ' <"$tmp/em.txt")"
    fi

    # The solve report: sund-key (SUND key, so TESS goes to RUIZ), then
    # base (TESS on NAIR).
    mkdir "$tmp/team"
    cp "$TEAM"/*.csv "$tmp/team/"
    printf 'id,key\nsund-key,SUND\nbase,\n' >"$tmp/team/scenarios.csv"
    $KAMPLAN solve "$tmp/team" --out "$tmp/tr" --report "$tmp/t.html" -q 2>/dev/null
    if $PYTHON - "$tmp/team" "$tmp/tr" "$tmp/t.html" >"$tmp/chk" 2>&1 <<'EOF'
import csv, html, re, sys
from collections import defaultdict
inst, out, page = sys.argv[1:4]
def rows(p):
    return list(csv.DictReader(open(p, newline="", encoding="utf-8-sig")))
names = {m["id"]: m["name"] or m["id"] for m in rows(inst + "/managers.csv")}
periods = [p["id"] for p in rows(inst + "/periods.csv")]
acc = {}
for r in rows(out + "/accounts.csv"):
    acc[(r["scenario"], r["account_id"])] = r["manager_id"] if r["key"] == "1" else ""
byp = defaultdict(lambda: defaultdict(int))
owner = {}
for r in rows(out + "/plan.csv"):
    byp[(r["scenario"], r["activity_id"])][r["period"]] += int(r["count"])
    owner[r["activity_id"]] = r["account_id"]
a, b = "sund-key", "base"
want = []
for (s, k), m in acc.items():
    if s == a and m and acc[(b, k)] and acc[(b, k)] != m:
        want.append("%s: %s → %s" % (k, names[m], names[acc[(b, k)]]))
def words(d):
    return ", ".join(p + (" ×%d" % d[p] if d[p] > 1 else "") for p in periods if d[p] > 0)
for act in owner:
    x, y = byp[(a, act)], byp[(b, act)]
    if sum(x.values()) == sum(y.values()) and dict(x) != dict(y) and sum(x.values()):
        want.append("%s: %s → %s (%s)" % (act, words(x), words(y), owner[act]))
text = open(page, encoding="utf-8").read()
sec = text[text.index("<h2>Who and when"):]
sec = sec[:sec.index("</section>")]
got = [html.unescape(re.sub("<[^>]+>", "", li)) for li in re.findall("<li>(.*?)</li>", sec)]
assert "TESS: Tomás Ruiz → Priya Nair" in want, want
assert sorted(got) == sorted(want), "got %s, want %s" % (got, want)
print("%d lines, TESS: Tomás Ruiz → Priya Nair among them" % len(want))
EOF
    then
        ok "models/team report: the managers and quarters that move, as plan.csv says ($(cat "$tmp/chk"))"
    else
        bad "models/team report: $(tr '\n' ' ' <"$tmp/chk")"
    fi
fi

# Without managers.csv and periods.csv: no section, today's header.
$KAMPLAN solve tests/cases/commit-valid/in --report "$tmp/c.html" -q 2>/dev/null
if [ -s "$tmp/c.html" ] && ! grep -q "Who and when" "$tmp/c.html"; then
    ok "no managers.csv, no periods.csv: no section on who and when"
else
    bad "no managers.csv, no periods.csv: the report has the section (or none was written)"
fi
$KAMPLAN evaluate tests/cases/evaluate-valid/in --plan tests/cases/evaluate-valid/plan.csv \
    --scenario base --out "$tmp/es" -q 2>/dev/null
if [ "$(head -n 1 "$tmp/es/to_optimal.csv" 2>/dev/null)" = \
     "scenario,account_id,activity_id,change,count_plan,count_optimal,hours_change,cost_change,value_change,objective_id" ] &&
   [ "$(wc -l <"$tmp/es/to_optimal.csv")" -gt 1 ] &&
   ! cut -d, -f4 "$tmp/es/to_optimal.csv" | grep -qx 'manager\|moved'; then
    ok "no managers.csv, no periods.csv: to_optimal.csv as before"
else
    bad "no managers.csv, no periods.csv: $(head -n 1 "$tmp/es/to_optimal.csv" 2>&1)"
fi
finish
