#!/bin/sh
# Scenario diffs and qualify with managers and periods (issue 15).
# changes.csv gains manager_from,manager_to only with managers.csv (an
# account's row "manager" when, key in both plans, its manager differs;
# filled on its added and dropped rows too) and periods_from,periods_to
# only with periods.csv (an activity's row "moved" when its count stays
# and its periods differ; filled on added, dropped, more and fewer too).
# Checked: the hand case tests/cases/diff-manager-periods against rows
# written by hand (A1 moves from M1 to M2, its X1 from P2 to P1, its X4
# dropped; A2 added on M1, A3 dropped from M2); every scenario pair of it,
# of models/team and of the two small cases with managers alone and
# periods alone against rows worked out from plan.csv and accounts.csv by
# tests/check_diff_team.py, as CSV and as the JSON document; the header
# without either file is today's. qualify shows each account's manager
# (manager_id, or "chosen by the optimiser") in text and JSON with
# managers.csv, and nothing of it without. Under valgrind ($VALGRIND set)
# the hand case alone is solved (models/team is 3.5 s of a plain solve;
# the two small cases go through the same code): about 15 s there.
# Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
CHK="$PYTHON tests/check_diff_team.py"
HAND=tests/cases/diff-manager-periods/in

# diff_both NAME DIR: solve DIR as CSV and as JSON; check_diff_team.py on
# both.
diff_both() {
    rm -rf "$tmp/s"
    $KAMPLAN solve "$2" --out "$tmp/s" -q 2>/dev/null
    if [ -e "$tmp/s/changes.csv" ] && $CHK "$2" "$tmp/s" >"$tmp/chk" 2>&1; then
        ok "$1: changes.csv as worked out from plan.csv ($(cat "$tmp/chk"))"
    else
        bad "$1: changes.csv: $(tr '\n' ' ' <"$tmp/chk" 2>/dev/null)"
    fi
    $KAMPLAN solve "$2" --format json >"$tmp/s.json" 2>/dev/null
    if $CHK "$2" "$tmp/s.json" >"$tmp/chk" 2>&1; then
        ok "$1: JSON changes as worked out from its plan ($(cat "$tmp/chk"))"
    else
        bad "$1: JSON changes: $(tr '\n' ' ' <"$tmp/chk")"
    fi
}

# The hand case, row by row: what the plans must be is worked out in
# tests/cases/diff-manager-periods/README.md.
rm -rf "$tmp/h"
$KAMPLAN solve "$HAND" --out "$tmp/h" -q 2>/dev/null
cat >"$tmp/want" <<'EOF'
from,to,account_id,activity_id,change,count_from,count_to,hours_change,cost_change,value_change,objective_id,manager_from,manager_to,periods_from,periods_to
base,swap,A1,,manager,2,1,-1,-50,-10,,M1,M2,,
base,swap,A1,X1,moved,1,1,0,0,0,,,,P2:1,P1:1
base,swap,A1,X4,dropped,1,0,-1,-50,-10,,,,P2:1,
base,swap,A2,,added,0,1,4,0,80,,,M1,,
base,swap,A2,X2,added,0,1,4,0,80,,,,,P2:1
base,swap,A3,,dropped,1,0,-4,0,-90,,M2,,,
base,swap,A3,X3,dropped,1,0,-4,0,-90,,,,P1:1,
EOF
if cmp -s "$tmp/want" "$tmp/h/changes.csv"; then
    ok "hand case: changes.csv row by row (manager, moved, added, dropped)"
else
    bad "hand case: changes.csv: $(diff "$tmp/want" "$tmp/h/changes.csv" 2>&1 | tr '\n' ' ')"
fi
diff_both "hand case" "$HAND"
if [ -z "${VALGRIND:-}" ]; then
    diff_both "managers alone" tests/cases/team-valid/in
    diff_both "periods alone" tests/cases/periods-valid/in
    diff_both "models/team" models/team
fi

# Without managers.csv and periods.csv: today's header, no new kind.
$KAMPLAN solve tests/cases/commit-valid/in --out "$tmp/c" -q 2>/dev/null
if [ "$(head -n 1 "$tmp/c/changes.csv" 2>/dev/null)" = \
     "from,to,account_id,activity_id,change,count_from,count_to,hours_change,cost_change,value_change,objective_id" ] &&
   ! cut -d, -f5 "$tmp/c/changes.csv" | grep -qx 'manager\|moved'; then
    ok "no managers.csv, no periods.csv: changes.csv as before"
else
    bad "no managers.csv, no periods.csv: $(head -n 1 "$tmp/c/changes.csv" 2>&1)"
fi

# qualify_check NAME DIR: qualify's text and JSON against the manager_id
# column of DIR/accounts.csv (none without DIR/managers.csv).
qualify_check() {
    $KAMPLAN qualify "$2" >"$tmp/q.txt" 2>/dev/null
    $KAMPLAN qualify "$2" --format json >"$tmp/q.json" 2>/dev/null
    if $PYTHON - "$2" "$tmp/q.txt" "$tmp/q.json" >"$tmp/qchk" 2>&1 <<'EOF'
import csv, json, os, sys
inst, txt, js = sys.argv[1:4]
team = os.path.exists(os.path.join(inst, "managers.csv"))
with open(os.path.join(inst, "accounts.csv"), newline="", encoding="utf-8-sig") as f:
    acc = list(csv.DictReader(f))
want = [(a["id"], a.get("manager_id") or None) for a in acc]
# Text: each account's block (its line "ID  NAME", then indented lines)
# holds "    manager: M" or "    manager: chosen by the optimiser".
blocks, lines = [], open(txt, encoding="utf-8").read().splitlines()
for ln in lines:
    if not ln.startswith(" ") and "  " in ln:
        blocks.append((ln.split("  ")[0], []))
    elif blocks and ln.startswith("    "):
        blocks[-1][1].append(ln.strip())
got = [(k, [l for l in b if l.startswith("manager:")]) for k, b in blocks]
exp = [(k, ["manager: " + (m or "chosen by the optimiser")] if team else [])
       for k, m in want]
assert got == exp, "text: %r, expected %r" % (got, exp)
doc = json.load(open(js, encoding="utf-8"))["accounts"]
if team:
    gj = [(a["account_id"], a["manager_id"]) for a in doc]
    assert gj == want, "JSON: %r, expected %r" % (gj, want)
else:
    assert all("manager_id" not in a for a in doc), "JSON: manager_id without managers.csv"
print("%d accounts, %d chosen by the optimiser" % (len(want), sum(m is None for _, m in want) if team else 0))
EOF
    then
        ok "$1: qualify's managers in text and JSON ($(cat "$tmp/qchk"))"
    else
        bad "$1: qualify: $(tr '\n' ' ' <"$tmp/qchk")"
    fi
}
qualify_check "models/team" models/team
qualify_check "hand case" "$HAND"
qualify_check "models/sample (no managers.csv)" models/sample
finish
