#!/bin/sh
# --marginal per manager and per period (marginals.csv, JSON, the report)
# and the sample team instance models/team. Each marginal of a manager's or
# a period's hours equals the difference of two independent solves: glpsol
# on the exported LP of the instance and of a copy with that manager's
# (period's) hours raised by hand (check_marginals.py), on the hand cases
# team-chosen-periods (+2 and +3 hours), team-valid (+1: managers with
# hours to spare have 0), periods-valid (+1) and a generated team with
# periods; the JSON and the report carry the same figures; models/team
# solves to a proven optimum equal to glpsol's on its export (left out
# under QUICK=1 and valgrind: glpsol takes some 15 s).
# Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"

check() {
    if $PYTHON tests/check_marginals.py "$KAMPLAN" "$1" "$2" "$tmp" ${3:-} >"$tmp/log" 2>&1; then
        ok "$1 +$2: every manager's and period's marginal equals glpsol's difference"
    else
        bad "$1 +$2: marginals against glpsol"
        sed 's/^/#   /' "$tmp/log" | head -8
    fi
}
check tests/cases/team-chosen-periods/in 2
check tests/cases/team-chosen-periods/in 3
check tests/cases/team-valid/in 1 slack
check tests/cases/periods-valid/in 1
case $KAMPLAN in
    *" "*) ;;
    *) $KAMPLAN generate --accounts 8 --seed 2 --managers 3 --fixed-managers 50 \
           --periods 3 "$tmp/gen" >/dev/null && check "$tmp/gen" 10 ;;
esac

# periods-valid +1 worked out: Q2 is worth 64.4 an hour, Q4 10, Q1 and
# Q3 nothing; the same figures in JSON and in the report's section.
$KAMPLAN solve tests/cases/periods-valid/in --gap 0 --scenario base --quiet \
    --marginal=hours=1 --out "$tmp/pv" --report "$tmp/pv.html" --format json >"$tmp/pv.json" 2>"$tmp/err"
if [ "$(awk -F, 'NR > 1 { printf "%s,%.6g ", $3, $6 }' "$tmp/pv/marginals.csv")" = \
     "Q1,0 Q2,64.4 Q3,0 Q4,10 " ]; then
    ok "periods-valid: marginals.csv Q1 0, Q2 64.4, Q3 0, Q4 10"
else
    bad "periods-valid: marginals.csv"; sed 's/^/#   /' "$tmp/pv/marginals.csv"
fi
if $PYTHON - "$tmp/pv.json" "$tmp/pv.html" <<'PYEOF'
import json, re, sys
m = json.load(open(sys.argv[1]))["results"]["marginals"]
got = [(r["id"], round(r["value_per_hour"], 6)) for r in m]
s = open(sys.argv[2], encoding="utf-8").read()
sec = s[s.index("One more hour, manager by manager"):]
sec = sec[:sec.index("</section>")]
rows = [[c for c in re.sub(r"<[^>]+>", "|", r).split("|") if c] for r in re.findall(r"<tr><td>.*?</tr>", sec)]
want = [("Q1", 0), ("Q2", 64.4), ("Q3", 0), ("Q4", 10)]
html = [(r[0].split()[1], float(r[3])) for r in rows]
sys.exit(0 if got == want and html == want and "proven: these hours hold the plan back" in sec else 1)
PYEOF
then
    ok "periods-valid: JSON results.marginals and the report's section agree"
else
    bad "periods-valid: JSON or report marginals"
fi
# Without --marginal: no marginals.csv.
$KAMPLAN solve tests/cases/periods-valid/in --gap 0 --quiet --out "$tmp/pn" 2>/dev/null
if [ -e "$tmp/pn/summary.csv" ] && [ ! -e "$tmp/pn/marginals.csv" ]; then
    ok "without --marginal: no marginals.csv"
else
    bad "without --marginal: marginals.csv written"
fi
# --progress names each re-solve by its own id (it wrote "(null)" before).
$KAMPLAN solve tests/cases/periods-valid/in --gap 0 --quiet --marginal=hours=1 \
    --out "$tmp/pp" --progress "$tmp/pp.csv" 2>/dev/null
ids=$(cut -d, -f2 "$tmp/pp.csv" | sort -u | tr '\n' '|')
case "$ids" in
*"(null)"*|"") bad "--progress with --marginal: scenario ids $ids" ;;
*" +1 Q2 hours|"*" +1 hours|"*) ok "--progress with --marginal: each re-solve by its own id" ;;
*) bad "--progress with --marginal: scenario ids $ids" ;;
esac

# The sample team: proven optimal in every scenario, base equal to glpsol.
if [ "${QUICK:-0}" = 1 ] || [ "$KAMPLAN" != "${KAMPLAN#* }" ]; then
    echo "# models/team left out (QUICK=1 or valgrind)"
else
    $KAMPLAN solve models/team --gap 0 --quiet --out "$tmp/team" 2>"$tmp/err"
    a=$(awk -F, '$1 == "base" && $2 == "optimal" { print $3 }' "$tmp/team/summary.csv")
    n=$(awk -F, 'NR > 1 && $2 == "optimal"' "$tmp/team/summary.csv" | wc -l)
    $KAMPLAN export models/team --scenario base --lp "$tmp/team.lp"
    glpsol --lp "$tmp/team.lp" --cuts -w "$tmp/team.raw" >/dev/null 2>&1
    p=$(awk '$1 == "s" && $2 == "mip" && $5 == "o" { print $6 }' "$tmp/team.raw")
    if [ -n "$a" ] && [ "$n" -eq 4 ] && [ "$a" = "$p" ]; then
        ok "models/team: 4 scenarios proven optimal; base $a == glpsol $p"
    else
        bad "models/team: base '$a' glpsol '$p', $n of 4 optimal"
    fi
fi
finish
