#!/usr/bin/env python3
"""changes.csv's managers and periods (issue 15), worked out again.

Usage: check_diff_team.py INSTANCE RESULT [first|line]

RESULT is a result set (folder: summary.csv, accounts.csv, plan.csv,
changes.csv) or solve's --format json document. From each scenario's plan
alone (accounts.csv: key, manager_id; plan.csv: counts, period) and the
instance's managers.csv and periods.csv, this works out the rows
changes.csv must have beside today's, and compares them, as a multiset of
(from, to, account_id, activity_id, change, count_from, count_to,
manager_from, manager_to, periods_from, periods_to), with the rows
kamplan wrote (objective rows and change_cost left out: tests/diffs.sh
checks those):
- the header: today's columns, then manager_from,manager_to only with
  managers.csv, then periods_from,periods_to only with periods.csv;
- an account's own row: added / dropped when it becomes or stops being
  key (count: its activities done; manager_from / manager_to its manager
  where key), manager when it is key in both plans on different managers;
- an activity's row: added, dropped, more, fewer when its count differs,
  moved when the count is the same and its counts by period differ;
  periods_from / periods_to "P:N P:N" in periods.csv's order.
Pairs: "first" (scenarios.csv: the first scenario and each other one) or
"line" (a sweep: each scenario and the next). Prints
"N rows, M manager, K moved" and exits 0, or the differences and exits 1.
"""
import csv
import json
import os
import sys
from collections import Counter

BASE = ("from,to,account_id,activity_id,change,count_from,count_to,"
        "hours_change,cost_change,value_change,objective_id")


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.reader(f))


def table(rows):
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def norm(rows):
    return [{k: ("" if v is None else str(v)) for k, v in r.items()} for r in rows]


def load_result(path):
    """(scenarios, accounts, plan, changes rows, changes header or None)."""
    if os.path.isdir(path):
        t = {n: read_csv(os.path.join(path, n + ".csv"))
             for n in ("summary", "accounts", "plan", "changes")}
        return ([r["scenario"] for r in table(t["summary"])], table(t["accounts"]),
                table(t["plan"]), table(t["changes"]), ",".join(t["changes"][0]))
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)["results"]
    return ([r["scenario"] for r in doc["summary"]], norm(doc["accounts"]),
            norm(doc["plan"]), norm(doc["changes"]), None)


def instance_ids(inst, name):
    path = os.path.join(inst, name)
    if not os.path.exists(path):
        return None
    return [r["id"] for r in table(read_csv(path))]


def main(argv):
    inst, res = argv[1], argv[2]
    mode = argv[3] if len(argv) > 3 else "first"
    managers = instance_ids(inst, "managers.csv")
    periods = instance_ids(inst, "periods.csv")
    acc_order = instance_ids(inst, "accounts.csv")
    scen, accounts, plan, changes, header = load_result(res)
    fails = []

    want_head = BASE + (",manager_from,manager_to" if managers else "") + \
        (",periods_from,periods_to" if periods else "")
    if header is not None and header != want_head:
        fails.append("header %r, expected %r" % (header, want_head))

    key, mgr = {}, {}
    for r in accounts:
        s, k = r["scenario"], r["account_id"]
        key[s, k] = r["key"] in ("1", "True", "true")
        mgr[s, k] = r.get("manager_id", "") if key[s, k] else ""
    count, bype, acts = Counter(), {}, {}
    for r in plan:
        s, k, a, n = r["scenario"], r["account_id"], r["activity_id"], int(r["count"])
        count[s, a] += n
        acts.setdefault(k, set()).add(a)
        if periods:
            bype.setdefault((s, a), Counter())[r["period"]] += n
        if managers and r.get("manager_id", "") != mgr.get((s, k), ""):
            fails.append("plan.csv row %r: manager other than accounts.csv's" % r)

    def pstr(s, a):
        c = bype.get((s, a), Counter())
        return " ".join("%s:%d" % (p, c[p]) for p in periods if c[p] > 0)

    def ext(mf, mt, pf, pt):
        return ((mf, mt) if managers else ()) + ((pf, pt) if periods else ())

    if mode == "line":
        pairs = list(zip(scen, scen[1:]))
    else:
        pairs = [(scen[0], b) for b in scen[1:]]
    want = Counter()
    for a, b in pairs:
        for k in acc_order:
            ka, kb = key.get((a, k), False), key.get((b, k), False)
            ma, mb = mgr.get((a, k), ""), mgr.get((b, k), "")
            done_a = sum(1 for x in acts.get(k, ()) if count[a, x] > 0)
            done_b = sum(1 for x in acts.get(k, ()) if count[b, x] > 0)
            if ka != kb or (managers and ma != mb):
                kind = "manager" if ka == kb else "added" if kb else "dropped"
                want[(a, b, k, "", kind, str(done_a), str(done_b)) +
                     ext(ma, mb, "", "")] += 1
            for x in sorted(acts.get(k, ())):
                na, nb = count[a, x], count[b, x]
                pa, pb = (pstr(a, x), pstr(b, x)) if periods else ("", "")
                if na == nb and pa == pb:
                    continue
                kind = ("moved" if na == nb else "added" if na == 0 else
                        "dropped" if nb == 0 else "more" if nb > na else "fewer")
                want[(a, b, k, x, kind, str(na), str(nb)) + ext("", "", pa, pb)] += 1

    got = Counter()
    for r in changes:
        if r["objective_id"] or r["change"] == "change_cost":
            continue
        t = (r["from"], r["to"], r["account_id"], r["activity_id"], r["change"],
             r["count_from"], r["count_to"])
        t += ext(r.get("manager_from", ""), r.get("manager_to", ""),
                 r.get("periods_from", ""), r.get("periods_to", ""))
        got[t] += 1
        if r["change"] == "moved" and (float(r["hours_change"]) != 0 or
                                       float(r["value_change"]) != 0):
            fails.append("moved row with a change in hours or value: %r" % r)
    for t in sorted((want - got).keys()):
        fails.append("missing: %s" % ",".join(t))
    for t in sorted((got - want).keys()):
        fails.append("unexpected: %s" % ",".join(t))
    if fails:
        print("\n".join(fails[:20]))
        return 1
    print("%d rows, %d manager, %d moved" % (
        sum(got.values()), sum(n for t, n in got.items() if t[4] == "manager"),
        sum(n for t, n in got.items() if t[4] == "moved")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
