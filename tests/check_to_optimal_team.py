#!/usr/bin/env python3
"""to_optimal.csv's managers and periods (issue 15), worked out again.

Usage: check_to_optimal_team.py INSTANCE PLAN OPTIMUM RESULT SCENARIO

PLAN is the plan file evaluate judged (activity_id, count, and optionally
scenario, manager_id, period); OPTIMUM the result set of `kamplan solve
INSTANCE --scenario SCENARIO --gap 0 --out OPTIMUM` (accounts.csv: key,
manager_id; plan.csv: counts and periods), the optimal plan evaluate
compares with; RESULT evaluate's result set (folder with to_optimal.csv)
or its --format json document. From the two plans alone and the
instance's accounts.csv, activities.csv, managers.csv and periods.csv,
this works out the rows to_optimal.csv must have and compares them, as a
multiset of (account_id, activity_id, change, count_plan, count_optimal,
manager_plan, manager_optimal, periods_plan, periods_optimal), with the
rows kamplan wrote (objective rows left out: tests/diffs.sh checks their
sums):
- the header: today's columns, then manager_plan,manager_optimal only
  with managers.csv, then periods_plan,periods_optimal only with
  periods.csv;
- an account's own row: added / dropped when it becomes or stops being
  key (key: status=key, or an activity done; counts: its activities done;
  managers where key), manager when key in both on different managers;
  a plan's manager is the account's manager_id, else the plan file's
  (none when the file has no manager_id column);
- an activity's row: added, dropped, more, fewer when its count differs,
  moved when the count is the same and its counts by period differ (only
  when the plan file has a period column); periods "P:N P:N" in
  periods.csv's order, empty for a plan file without the column.
The plans must be such that evaluate lists managers and periods (a plan
that breaks a rule or is worth less than the optimum). Prints
"N rows, M manager, K moved" and exits 0, or the differences and exits 1.
"""
import csv
import json
import os
import sys
from collections import Counter, defaultdict

BASE = ("scenario,account_id,activity_id,change,count_plan,count_optimal,"
        "hours_change,cost_change,value_change,objective_id")


def rows_of(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        r = list(csv.reader(f))
    return r[0], [dict(zip(r[0], x)) for x in r[1:]]


def plan_side(rows, scenario, periods, has_mgr_col, has_per_col):
    """counts per activity, manager per account, counts by period."""
    counts, mgr, byp = Counter(), {}, defaultdict(Counter)
    for r in rows:
        if r.get("scenario", scenario) != scenario:
            continue
        n = int(r.get("count") or 1)
        counts[r["activity_id"]] += n
        if has_per_col:
            byp[r["activity_id"]][r["period"]] += n
        if has_mgr_col and r.get("manager_id"):
            mgr[r["account_id"]] = r["manager_id"]
    return counts, mgr, byp


def periods_text(byp, act, periods, known):
    if not known:
        return ""
    return " ".join("%s:%d" % (p, byp[act][p]) for p in periods if byp[act][p] > 0)


def main():
    inst, plan, opt, result, scen = sys.argv[1:6]
    team = os.path.exists(os.path.join(inst, "managers.csv"))
    periods = []
    if os.path.exists(os.path.join(inst, "periods.csv")):
        periods = [r["id"] for r in rows_of(os.path.join(inst, "periods.csv"))[1]]
    accounts = rows_of(os.path.join(inst, "accounts.csv"))[1]
    acts = rows_of(os.path.join(inst, "activities.csv"))[1]
    fixed = {a["id"]: a.get("manager_id", "") for a in accounts}

    head, prow = rows_of(plan)
    p_counts, p_mgr, p_byp = plan_side(prow, scen, periods, "manager_id" in head,
                                       "period" in head)
    p_per = "period" in head
    _, orow = rows_of(os.path.join(opt, "plan.csv"))
    o_counts, _, o_byp = plan_side(orow, scen, periods, False, True)
    o_key = {r["account_id"]: (r["key"] == "1", r.get("manager_id", ""))
             for r in rows_of(os.path.join(opt, "accounts.csv"))[1]
             if r["scenario"] == scen}

    want = []
    for a in accounts:
        k = a["id"]
        mine = [x["id"] for x in acts if x["account_id"] == k]
        n0 = sum(p_counts[x] > 0 for x in mine)
        n1 = sum(o_counts[x] > 0 for x in mine)
        key0 = a.get("status") == "key" or n0 > 0
        key1 = o_key[k][0]
        m0 = (fixed[k] or p_mgr.get(k, "")) if team and key0 else ""
        m1 = o_key[k][1] if team and key1 else ""
        ext = (m0, m1) if team else ()
        if key0 != key1:
            want.append((k, "", "added" if key1 else "dropped", n0, n1) + ext +
                        (("", "") if periods else ()))
        elif m0 and m1 and m0 != m1:
            want.append((k, "", "manager", n0, n1) + ext + (("", "") if periods else ()))
        for x in mine:
            f, t = p_counts[x], o_counts[x]
            pf = periods_text(p_byp, x, periods, p_per)
            pt = periods_text(o_byp, x, periods, True)
            if f == t and not (p_per and pf != pt):
                continue
            kind = ("moved" if f == t else "added" if f == 0 else "dropped" if t == 0
                    else "more" if t > f else "fewer")
            want.append((k, x, kind, f, t) + (("", "") if team else ()) +
                        ((pf, pt) if periods else ()))

    cols = ["account_id", "activity_id", "change", "count_plan", "count_optimal"]
    cols += ["manager_plan", "manager_optimal"] if team else []
    cols += ["periods_plan", "periods_optimal"] if periods else []
    header = BASE + (",manager_plan,manager_optimal" if team else "") + \
        (",periods_plan,periods_optimal" if periods else "")
    if os.path.isdir(result):
        h, got = rows_of(os.path.join(result, "to_optimal.csv"))
        if ",".join(h) != header:
            print("header %s, expected %s" % (",".join(h), header))
            return 1
    else:
        with open(result, encoding="utf-8") as f:
            got = json.load(f)["results"]["to_optimal"]
        got = [{c: "" if v is None else str(v) for c, v in r.items()} for r in got]
        if got and list(got[0].keys()) != header.split(","):
            print("JSON keys %s, expected %s" % (list(got[0].keys()), header))
            return 1
    got = [tuple(int(r[c]) if c.startswith("count_") else r[c] for c in cols)
           for r in got if r["scenario"] == scen and not r["objective_id"]]
    w, g = Counter(want), Counter(got)
    if w != g:
        print("missing: %s; unexpected: %s" % (sorted(w - g), sorted(g - w)))
        return 1
    print("%d rows, %d manager, %d moved" % (len(want), sum(r[2] == "manager" for r in want),
                                             sum(r[2] == "moved" for r in want)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
