#!/usr/bin/env python3
"""Check frontier.csv and changes.csv against the plans kamplan wrote.

Usage: python3 tests/check_whatif.py OUT_DIR PAIRS
  PAIRS: `first` (scenarios from a file: the first one against each other),
         `line` (a one-axis sweep: each scenario against the next), or
         `grid:N` (a two-axis sweep with N values on the inner axis: each
         scenario against the next along either axis).

Recomputes, from summary.csv, plan.csv and accounts.csv alone:
  - every frontier.csv row: status, value, bound, hours and budget
    (available and used), key accounts, and that the marginal values are
    consistent (0 <= min <= value_per_X <= max, delta > 0, method given);
  - every changes.csv row: which accounts become or stop being key, which
    activities are added, dropped, done more or fewer times, with the counts
    and the hours, cost and value changes.
Prints `ok - ...` / `not ok - ...` lines and `N passed, M failed`.
Standard library only.
"""

import csv
import os
import sys

TOL = 1e-6


def read(out, name):
    with open(os.path.join(out, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def num(x):
    return None if x == "" else float(x)


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= TOL * max(1.0, abs(a), abs(b))


def main(argv):
    if len(argv) != 3:
        print(__doc__)
        return 2
    out, mode = argv[1], argv[2]
    summary = read(out, "summary.csv")
    plan = read(out, "plan.csv")
    accounts = read(out, "accounts.csv")
    frontier = read(out, "frontier.csv")
    # The rows of objectives and of the changes' cost (issue 16, part 4)
    # are checked by tests/check_diffs.py (they add up to the objectives);
    # here the account and activity rows against the plans.
    changes = [r for r in read(out, "changes.csv")
               if not r.get("objective_id") and r.get("change") != "change_cost"]
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
            print("ok - " + what)
        else:
            failed += 1
            print("not ok - " + what)

    # frontier.csv: one row per summary row, same order, same figures.
    check([r["scenario"] for r in frontier] == [r["scenario"] for r in summary],
          "frontier.csv has the scenarios of summary.csv, in order")
    for f, s in zip(frontier, summary):
        sid = s["scenario"]
        same = (f["status"] == s["status"]
                and close(num(f["value"]), num(s["objective"]))
                and close(num(f["bound"]), num(s["bound"]))
                and close(num(f["hours"]), num(s["hours_available"]))
                and close(num(f["budget"]), num(s["budget_available"]))
                and close(num(f["hours_used"]), num(s["hours_used"]))
                and close(num(f["budget_used"]), num(s["budget_used"]))
                and close(num(f["key_accounts"]), num(s["key_accounts"])))
        check(same, "frontier %s matches summary.csv" % sid)
        for what in ("hour", "budget"):
            per = num(f["value_per_" + what])
            lo, hi = num(f["value_per_%s_min" % what]), num(f["value_per_%s_max" % what])
            delta = num(f["hours_delta" if what == "hour" else "budget_delta"])
            if per is None:
                continue
            ok = lo is not None and lo >= 0 and lo <= per + TOL * max(1, abs(per))
            ok = ok and (hi is None or per <= hi + TOL * max(1, abs(hi)))
            ok = ok and (delta is None and per == 0 or delta is not None and delta > 0)
            ok = ok and (delta is None or f["marginal_method"] != "")
            check(ok, "frontier %s: value per %s %g within [%s, %s], delta %s"
                  % (sid, what, per, lo, hi, delta))

    # The plans, per scenario.
    counts, act_acc, act_tot = {}, {}, {}
    for r in plan:
        counts.setdefault(r["scenario"], {})[r["activity_id"]] = int(r["count"])
        act_acc[r["activity_id"]] = r["account_id"]
        act_tot[(r["scenario"], r["activity_id"])] = (
            float(r["hours"]), float(r["cost"]), float(r["value"]))
    acc = {}
    for r in accounts:
        acc[(r["scenario"], r["account_id"])] = r
    has_plan = [s["scenario"] for s in summary if s["status"] in ("optimal", "feasible")]
    order = [s["scenario"] for s in summary]

    pairs = []
    if mode == "first":
        pairs = [(order[0], b) for b in order[1:]]
    elif mode == "line":
        pairs = list(zip(order, order[1:]))
    elif mode.startswith("grid:"):
        n1 = int(mode[5:])
        for i, a in enumerate(order):
            if (i % n1) + 1 < n1:
                pairs.append((a, order[i + 1]))
            if i + n1 < len(order):
                pairs.append((a, order[i + n1]))
    pairs = [(a, b) for a, b in pairs if a in has_plan and b in has_plan]

    want = {}
    for a, b in pairs:
        ca, cb = counts.get(a, {}), counts.get(b, {})
        for aid in set(ca) | set(cb):
            na, nb = ca.get(aid, 0), cb.get(aid, 0)
            if na == nb:
                continue
            ta = act_tot.get((a, aid), (0, 0, 0))
            tb = act_tot.get((b, aid), (0, 0, 0))
            change = "added" if na == 0 else "dropped" if nb == 0 else \
                     "more" if nb > na else "fewer"
            want[(a, b, act_acc[aid], aid)] = (change, na, nb, tb[0] - ta[0],
                                               tb[1] - ta[1], tb[2] - ta[2])
        for (sc, k), ra in acc.items():
            if sc != a:
                continue
            rb = acc[(b, k)]
            if ra["key"] == rb["key"]:
                continue
            nacts = lambda s: sum(1 for x, n in counts.get(s, {}).items()
                                  if act_acc[x] == k and n > 0)
            want[(a, b, k, "")] = ("added" if rb["key"] == "1" else "dropped",
                                   nacts(a), nacts(b),
                                   float(rb["hours"]) - float(ra["hours"]),
                                   float(rb["cost"]) - float(ra["cost"]),
                                   float(rb["value"]) - float(ra["value"]))
    got = {}
    for r in changes:
        got[(r["from"], r["to"], r["account_id"], r["activity_id"])] = (
            r["change"], int(r["count_from"]), int(r["count_to"]),
            float(r["hours_change"]), float(r["cost_change"]), float(r["value_change"]))
    check(len(got) == len(changes), "changes.csv has no duplicate rows")
    bad = [k for k in set(got) | set(want)
           if k not in got or k not in want or got[k][:3] != want[k][:3]
           or not all(close(x, y) for x, y in zip(got[k][3:], want[k][3:]))]
    check(not bad, "changes.csv: %d rows over %d pairs, as the plans say"
          % (len(want), len(pairs)))
    for k in sorted(bad)[:5]:
        print("#   %s: changes.csv %s, plans %s" % (k, got.get(k), want.get(k)))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
