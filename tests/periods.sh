#!/bin/sh
# A horizon in periods (periods.csv; activities' earliest, latest,
# max_per_period; scenarios' period_hours_scale): kamplan's optimum (--gap
# 0) equals glpsol's (cbc's where glpsol cannot answer) on the exported LP
# and the MathProg model's, on a hand-sized instance and on generated
# instances with 1 to 4 periods and order (requires) between activities;
# every plan's period rows checked in Python against the rules (windows,
# max_per_period, each period's hours and budget, order, the counts), and
# the result set's periods.csv against plan.csv; one period without limits
# gives the optimum without periods.csv; an instance without periods.csv
# writes no period column and no periods.csv. QUICK=1 (or PEERS=0) leaves
# out the peers' solves. Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"

# Adds $2 periods to instance folder $1 (seed $3): periods.csv (hours for
# most periods, a budget for some), windows and max_per_period on some
# activities, a requires between activities of one account on some, and a
# scenarios.csv with the periods' scales.
add_periods() {
    $PYTHON - "$1" "$2" "$3" <<'EOF'
import csv, random, sys
d, npr, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(seed * 11 + npr)
pol = [l for l in open(d + "/policy.csv")]
hours = [float(l.split(",")[1]) for l in pol if l.startswith("hours,")][0]
with open(d + "/periods.csv", "w") as f:
    f.write("id,hours,budget\n")
    for p in range(1, npr + 1):
        f.write("Q%d,%s,%s\n" % (p, rnd.choice(["", str(round(hours * rnd.uniform(0.15, 0.4)))]),
                                 rnd.choice(["", "", str(rnd.randrange(500, 5000))])))
rows = list(csv.DictReader(open(d + "/activities.csv", newline="")))
cols = list(rows[0].keys()) if rows else []
for c in ("requires", "earliest", "latest", "max_per_period"):
    if c not in cols:
        cols.append(c)
byacc = {}
for r in rows:
    byacc.setdefault(r["account_id"], []).append(r)
for r in rows:
    r.setdefault("requires", "")
    e = rnd.randrange(1, npr + 1) if rnd.random() < 0.3 else None
    l = rnd.randrange(e or 1, npr + 1) if rnd.random() < 0.3 else None
    r["earliest"] = "Q%d" % e if e else ""
    r["latest"] = "Q%d" % l if l else ""
    mc = int(r.get("max_count") or 1)
    r["max_per_period"] = str(rnd.randrange(1, mc + 1)) if mc > 1 and rnd.random() < 0.4 else ""
# Order within an account: a later activity requires an earlier one.
for acts in byacc.values():
    for i in range(1, len(acts)):
        if rnd.random() < 0.25 and not acts[i].get("requires"):
            acts[i]["requires"] = acts[rnd.randrange(i)]["id"]
w = csv.DictWriter(open(d + "/activities.csv", "w", newline=""), fieldnames=cols, lineterminator="\n")
w.writeheader()
w.writerows(rows)
with open(d + "/scenarios.csv", "w") as f:
    f.write("id,hours_scale,budget_scale,period_hours_scale\n")
    f.write("base,,,\nscaled,0.8,0.5,\nperiods,1.5,,0.7\n")
EOF
}

# peer_obj, mathprog_obj, summary_obj and same: tests/lib.sh.

# Result set $1 of instance $2 against the rules of periods, read from
# the instance's files: each plan row's period within its activity's
# window, its count at most max_per_period, each period's hours and cost
# within its own (scaled as scenarios.csv says), an activity only in or
# after the first period of each prerequisite, the counts of an activity
# summing to at most max_count, and periods.csv's hours the sums of
# plan.csv's rows.
check_periods() {
    $PYTHON - "$1" "$2" <<'EOF'
import csv, os, sys
out, inst = sys.argv[1], sys.argv[2]
rd = lambda p: list(csv.DictReader(open(p, newline="", encoding="utf-8-sig")))
per = rd(inst + "/periods.csv")
pid = [p["id"] for p in per]
acts = {a["id"]: a for a in rd(inst + "/activities.csv")}
scen = {}
if os.path.exists(inst + "/scenarios.csv"):
    scen = {s["id"]: s for s in rd(inst + "/scenarios.csv")}
bad = 0
def say(*m):
    global bad
    bad += 1
    print("#  " + " ".join(str(x) for x in m))
plan = rd(out + "/plan.csv")
use = {}
first = {}
tot = {}
for r in plan:
    s, a, p, n = r["scenario"], r["activity_id"], r["period"], int(r["count"])
    act = acts[a]
    i = pid.index(p)
    e = pid.index(act["earliest"]) if act.get("earliest") else 0
    l = pid.index(act["latest"]) if act.get("latest") else len(pid) - 1
    mc = int(act.get("max_count") or 1)
    mp = int(act.get("max_per_period") or mc)
    if not e <= i <= l: say(s, a, "in", p, "outside its window")
    if n < 1 or n > min(mp, mc): say(s, a, n, "times in", p)
    h = use.setdefault((s, i), [0.0, 0.0])
    h[0] += n * float(act["hours"]); h[1] += n * float(act.get("cost") or 0)
    if abs(n * float(act["hours"]) - float(r["hours"])) > 1e-9 * (1 + float(r["hours"])):
        say(s, a, p, "hours", r["hours"])
    first[(s, a)] = min(first.get((s, a), i), i)
    tot[(s, a)] = tot.get((s, a), 0) + n
for (s, a), n in tot.items():
    if n > int(acts[a].get("max_count") or 1): say(s, a, "done", n, "times")
for (s, a), i in first.items():
    for q in [x.strip() for x in (acts[a].get("requires") or "").split(";") if x.strip()]:
        if (s, q) not in first: say(s, a, "without", q)
        elif first[(s, q)] > i: say(s, a, "in", pid[i], "before", q, "in", pid[first[(s, q)]])
for row in rd(out + "/periods.csv"):
    s, i = row["scenario"], pid.index(row["period"])
    h, c = use.get((s, i), [0.0, 0.0])
    if abs(h - float(row["hours"])) > 1e-9 * (1 + h): say(s, row["period"], "hours", row["hours"], h)
    sc = scen.get(s, {})
    phs = sc.get("period_hours_scale") or sc.get("hours_scale") or "1"
    bs = sc.get("budget_scale") or "1"
    if per[i].get("hours"):
        cap = float(per[i]["hours"]) * float(phs)
        if abs(cap - float(row["hours_available"])) > 1e-9 * (1 + cap): say(s, row["period"], "available", row["hours_available"], cap)
        if h > cap * (1 + 1e-9) + 1e-9: say(s, row["period"], "over its hours", h, cap)
    elif row["hours_available"]: say(s, row["period"], "hours_available", row["hours_available"])
    if per[i].get("budget"):
        cap = float(per[i]["budget"]) * float(bs)
        if c > cap * (1 + 1e-9) + 1e-9: say(s, row["period"], "over its budget", c, cap)
sys.exit(1 if bad else 0)
EOF
}

# The hand-sized instance: both methods, the rules, and the peers.
c=tests/cases/periods-valid/in
for method in auto bb; do
    rm -rf "$tmp/v-$method"
    $KAMPLAN solve "$c" --gap 0 --quiet --method "$method" --out "$tmp/v-$method" 2>"$tmp/err"
done
if check_periods "$tmp/v-auto" "$c" && check_periods "$tmp/v-bb" "$c" &&
   head -1 "$tmp/v-auto/plan.csv" | grep -q ',value,period$' &&
   [ "$(tail -n +2 "$tmp/v-auto/periods.csv" | wc -l)" -eq 12 ]; then
    ok "periods-valid: plan.csv's period rows keep every rule; periods.csv: 3 scenarios x 4 periods"
else
    bad "periods-valid: the plans or periods.csv break a rule"
    sed 's/^/#   /' "$tmp/err" | head -5
fi
# Base worked out by hand (models/README.md's walkthrough of the case:
# MEET cannot share Q2 with DEMO, so WS is done once), lean and wide as
# glpsol and the MathProg model find them.
if [ "$(cut -d, -f1-3 "$tmp/v-auto/summary.csv" | tr '\n' ' ')" = \
     "scenario,status,objective base,optimal,497.6 lean,optimal,167.6 wide,optimal,430 " ]; then
    ok "periods-valid: objectives 497.6, 167.6 and 430, proven"
else
    bad "periods-valid: summary $(cut -d, -f1-3 "$tmp/v-auto/summary.csv" | tr '\n' ' ')"
fi
methods_agree periods-valid "$c" "$tmp/v-auto" "$tmp/v-bb" base lean wide
# The JSON result holds the same periods table.
if $KAMPLAN solve "$c" --gap 0 --quiet --format json >"$tmp/v.json" &&
   $PYTHON -c 'import json,sys; d=json.load(open(sys.argv[1]))["results"]; p=d["periods"]; sys.exit(0 if len(p) == 12 and p[0]["period"] == "Q1" and all("period" in r for r in d["plan"]) else 1)' "$tmp/v.json"; then
    ok "periods-valid: JSON results.periods, plan rows with their period"
else
    bad "periods-valid: JSON results.periods"
fi

# The optimal plan.csv, with its period column, fed back to evaluate: each
# scenario's plan meets every rule in its periods, gap 0; and to --from
# with no change allowed: the same objectives.
rm -rf "$tmp/ev"
if $KAMPLAN evaluate "$c" --plan "$tmp/v-auto/plan.csv" --out "$tmp/ev" --quiet 2>"$tmp/err" &&
   [ "$(tail -n +2 "$tmp/ev/evaluation.csv" | awk -F, '$2 == 1 && $3 == 0 && $6 == 0' | wc -l)" -eq 3 ] &&
   $PYTHON tests/check_evaluation.py "$c" "$tmp/v-auto/plan.csv" "$tmp/ev" >/dev/null; then
    ok "periods-valid: the optimal plan.csv (by period) evaluates valid, gap 0, in all 3 scenarios"
else
    bad "periods-valid: evaluate of the optimal plan.csv: $(head -3 "$tmp/err")"
fi
rm -rf "$tmp/rp"
$KAMPLAN solve "$c" --gap 0 --quiet --from "$tmp/v-auto/plan.csv" --max-changes 0 --out "$tmp/rp" 2>"$tmp/err"
if [ "$(cut -d, -f1-3 "$tmp/rp/summary.csv" | tr '\n' ' ')" = "$(cut -d, -f1-3 "$tmp/v-auto/summary.csv" | tr '\n' ' ')" ]; then
    ok "periods-valid: --from the plan.csv by period, no change allowed: the same optima"
else
    bad "periods-valid: --from plan.csv by period: $(tr '\n' ' ' <"$tmp/rp/summary.csv") $(head -2 "$tmp/err")"
fi

# The report's calendar: each activity's occurrences per period as in
# plan.csv, a dot outside its window, each period's hours used of those
# available as in periods.csv.
if $KAMPLAN solve "$c" --gap 0 --quiet --scenario base --report "$tmp/p.html" &&
   $PYTHON - "$tmp/p.html" "$tmp/v-auto" <<'EOF'
import csv, re, sys
s = open(sys.argv[1], encoding="utf-8").read()
sec = s[s.index("The plan period by period"):]
sec = sec[:sec.index("</section>")]
cells = lambda r: [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[dh][^>]*>.*?</t[dh]>", r)]
rows = [cells(r) for r in re.findall(r"<tr>.*?</tr>", sec)]
head, body = rows[0], rows[1:]
per = head[2:]
foot = ("Hours used", "Hours available", "Share of the hours", "Budget used", "Budget available")
want = {}
for r in csv.DictReader(open(sys.argv[2] + "/plan.csv")):
    if r["scenario"] == "base":
        want.setdefault(r["activity_id"], {})[r["period"]] = r["count"]
got = {r[0]: {p: v for p, v in zip(per, r[2:]) if v not in ("", "\u00b7")} for r in body
       if r[0] not in foot}
use = {r["period"]: r for r in csv.DictReader(open(sys.argv[2] + "/periods.csv")) if r["scenario"] == "base"}
hu = [r for r in body if r[0] == "Hours used"][0][2:]
ha = [r for r in body if r[0] == "Hours available"][0][2:]
dots = [r for r in body if r[0] == "CHARL-DEMO"][0][2:]
ok = (per == ["Q1", "Q2", "Q3", "Q4"] and got == want and
      hu == [use[p]["hours"] for p in per] and ha == [use[p]["hours_available"] for p in per] and
      dots[0] == "\u00b7" and dots[3] == "\u00b7")
sys.exit(0 if ok else print(head, got, want, hu, ha, dots) or 1)
EOF
then
    ok "periods-valid report: the calendar's cells are plan.csv's, its hours periods.csv's, dots outside a window"
else
    bad "periods-valid report: the calendar"
fi

# Order allows the same period: WS requires MEET, both only in Q2, both
# committed: feasible, both in Q2.
d="$tmp/same"
mkdir -p "$d"
printf 'id\nA\n' >"$d/accounts.csv"
printf 'key,value\nhours,40\nmin_contacts,0\n' >"$d/policy.csv"
printf 'id,hours\nQ1,10\nQ2,10\nQ3,10\n' >"$d/periods.csv"
printf 'id,account_id,hours,value,requires,earliest,latest,min_count\nMEET,A,2,5,,Q2,Q2,1\nWS,A,3,9,MEET,Q2,Q2,1\n' >"$d/activities.csv"
$KAMPLAN solve "$d" --gap 0 --quiet --out "$tmp/same-o" 2>"$tmp/err"
if [ "$(cut -d, -f3,9 "$tmp/same-o/plan.csv" 2>/dev/null | tr '\n' ' ')" = "activity_id,period MEET,Q2 WS,Q2 " ] &&
   [ "$(summary_obj base "$tmp/same-o/summary.csv")" = 14 ]; then
    ok "order allows the same period: MEET and WS both in Q2, value 14"
else
    bad "order in the same period: $(tr '\n' ' ' <"$tmp/same-o/plan.csv" 2>/dev/null) $(head -2 "$tmp/err")"
fi

# Without periods.csv: no period column, no periods.csv.
$KAMPLAN solve models/sample --quiet --scenario base --out "$tmp/plain" 2>/dev/null
if [ ! -e "$tmp/plain/periods.csv" ] && ! head -1 "$tmp/plain/plan.csv" | grep -q period; then
    ok "sample without periods: no periods.csv, no period column"
else
    bad "sample without periods: a period output appeared"
fi

# Generated instances with 1 to 4 periods; fewer and smaller under
# valgrind (a command line).
SPECS='"6 1 1" "8 2 2" "7 3 3" "6 4 4" "8 4 5" "7 2 6"'
case $KAMPLAN in
    *" "*) SPECS='"4 2 2" "4 4 4"' ;;
esac
eval "set -- $SPECS"
for spec in "$@"; do
    set -- $spec
    n=$1 np=$2 seed=$3
    dir="$tmp/gen-$n-$np"
    $KAMPLAN generate --accounts "$n" --seed "$seed" "$dir" >/dev/null && add_periods "$dir" "$np" "$seed"
    rm -rf "$tmp/o"
    $KAMPLAN solve "$dir" --gap 0 --quiet --out "$tmp/o" 2>"$tmp/err"
    if check_periods "$tmp/o" "$dir"; then
        ok "n=$n periods=$np: every plan keeps windows, max_per_period, period limits and order"
    else
        bad "n=$n periods=$np: a plan breaks a rule of periods"
    fi
    [ "$PEER" = 0 ] && continue
    peers_agree "n=$n periods=$np" "$dir" "$tmp/o" base scaled periods
done

# generate --periods 3: the same instance with periods (every other file
# alike but activities.csv's new columns), valid, and solved as the peer
# solves it.
dir="$tmp/genp"
$KAMPLAN generate --accounts 8 --seed 5 --periods 3 "$dir" >/dev/null
$KAMPLAN generate --accounts 8 --seed 5 "$tmp/genq" >/dev/null
if cmp -s "$dir/accounts.csv" "$tmp/genq/accounts.csv" &&
   [ "$(cut -d, -f1-12 "$dir/activities.csv" | md5sum)" = "$(md5sum <"$tmp/genq/activities.csv")" ] &&
   [ "$(cut -d, -f1 "$dir/periods.csv" | tr '\n' ' ')" = "id Q1 Q2 Q3 " ] &&
   [ "$(awk -F, 'NR > 1 && ($13 != "" || $14 != "" || $15 != "")' "$dir/activities.csv" | wc -l)" -gt 10 ] &&
   $KAMPLAN check "$dir" >/dev/null; then
    ok "generate --periods 3: periods.csv Q1..Q3, windows and max_per_period on some activities, valid"
else
    bad "generate --periods 3"
fi
rm -rf "$tmp/o"
$KAMPLAN solve "$dir" --gap 0 --quiet --out "$tmp/o"
a=$(summary_obj base "$tmp/o/summary.csv") p=$a
if [ "$PEER" = 1 ]; then
    $KAMPLAN export "$dir" --lp "$tmp/m.lp"
    p=$(peer_obj "$tmp/m.lp")
fi
if [ -n "$a" ] && same "$a" "$p" && check_periods "$tmp/o" "$dir"; then
    ok "generate --periods 3: kamplan $a == peer $p, the plan keeps the rules of periods"
else
    bad "generate --periods 3: kamplan '$a' peer '$p'"
fi

# bench: the heuristics' plans fit the periods (what does not fit is
# dropped), so each is valid and worth no more than the optimum, judged in
# its own periods.
for d in "$c" "$dir"; do
    rm -rf "$tmp/bo"
    $KAMPLAN bench "$d" --gap 0 --out "$tmp/bo" --quiet 2>"$tmp/err"
    verdict=$(awk -F, 'NR == 1 { next }
        $2 == "optimum" { if ($3 != "optimal") print "optimum " $3; opt = $4; next }
        $3 != "valid" { print $2 " breaks " $13 }
        $4 > opt * (1 + 1e-9) + 1e-9 { print $2 " " $4 " above the optimum " opt }' "$tmp/bo/bench.csv" 2>/dev/null)
    if [ -s "$tmp/bo/bench.csv" ] && [ -z "$verdict" ]; then
        ok "bench $(basename "$(dirname "$d")")/$(basename "$d"): the optimum and every heuristic valid in their periods"
    else
        bad "bench $d: $verdict $(head -2 "$tmp/err")"
    fi
done

# One period without limits: the optimum without periods.csv.
dir="$tmp/one"
$KAMPLAN generate --accounts 12 --seed 4 "$dir" >/dev/null
$KAMPLAN solve "$dir" --gap 0 --quiet --out "$tmp/o-plain"
printf 'id\nALL\n' >"$dir/periods.csv"
$KAMPLAN solve "$dir" --gap 0 --quiet --out "$tmp/o-one"
a=$(summary_obj base "$tmp/o-plain/summary.csv") b=$(summary_obj base "$tmp/o-one/summary.csv")
if [ -n "$a" ] && same "$a" "$b" && check_periods "$tmp/o-one" "$dir"; then
    ok "one period without limits: $b == $a without periods.csv"
else
    bad "one period without limits: '$b' != '$a' without periods.csv"
fi
finish
