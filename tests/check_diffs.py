#!/usr/bin/env python3
"""Checks that kamplan's diffs add up (models/README.md, "Differences that
add up"), reading only what kamplan printed.

  check_diffs.py solve OUT [--pairs first|line|grid:N1]
      OUT is solve's result folder (summary.csv, changes.csv) or its
      --format json document. For every pair of scenarios with a plan that
      changes.csv compares (first: the first scenario and each other one;
      line: each scenario and the next; grid:N1: the next along either
      axis of a grid whose inner axis has N1 steps), the value_change of
      its activity and objective rows (activity_id or objective_id set),
      with the row change_cost under solve --from --change-cost,
      sums to objective(to) - objective(from) of summary.csv, to 0.01; a
      pair with no rows has equal objectives. Every row belongs to such a
      pair.
  check_diffs.py evaluate OUT [INSTANCE PLAN]
      OUT is evaluate's result folder (evaluation.csv, to_optimal.csv) or
      its JSON document. For every scenario judged with an optimum, the
      rows of to_optimal.csv sum to optimum - value of evaluation.csv.
      With INSTANCE and PLAN (a folder only), also as stakes below.
  check_diffs.py stakes INSTANCE PLAN OUT
      violations.csv's value_at_stake (evaluate's OUT, of PLAN on
      INSTANCE) against the values worked out here from the instance files
      (check_stakes).
  check_diffs.py perturb PLAN ACTIVITIES SEED OUT
      Writes OUT: solve's plan.csv PLAN changed at random (rows dropped,
      counts changed, activities of ACTIVITIES added), per scenario.

In both checks an account's own row (activity_id and objective_id empty)
must equal the sum of that account's other rows (value, hours and cost).
Sums are exact (decimal) over the printed figures. Prints one line of
counts ("pairs P rows R objective_rows O") and exits 1 with the first
failures listed.
"""
import csv
import json
import os
import random
import sys
from decimal import Decimal

CENT = Decimal("0.01")


def num(x):
    if x is None or x == "":
        return None
    return Decimal(repr(x)) if isinstance(x, float) else Decimal(str(x))


def tables(out, names):
    """The tables names of a result folder or of a JSON document, as lists
    of dicts of strings (None for an empty field)."""
    got = {}
    if os.path.isdir(out):
        for n in names:
            with open(os.path.join(out, n + ".csv"), newline="", encoding="utf-8") as f:
                got[n] = [{k: (v if v != "" else None) for k, v in r.items()}
                          for r in csv.DictReader(f)]
        return got
    with open(out, encoding="utf-8") as f:
        doc = json.load(f)
    for n in names:
        got[n] = doc["results"][n]
    return got


def subtotals(rows, key, fails):
    """Each account row against the sum of its account's other rows of the
    same pair (key(row) names the pair)."""
    sums = {}
    rows = [r for r in rows if r.get("change") != "change_cost"]
    for r in rows:
        if r["activity_id"] or r.get("objective_id"):
            k = (key(r), r["account_id"])
            s = sums.setdefault(k, [Decimal(0)] * 3)
            for i, c in enumerate(("value_change", "hours_change", "cost_change")):
                s[i] += num(r[c])
    for r in rows:
        if r["activity_id"] or r.get("objective_id"):
            continue
        s = sums.get((key(r), r["account_id"]), [Decimal(0)] * 3)
        for i, c in enumerate(("value_change", "hours_change", "cost_change")):
            if abs(num(r[c]) - s[i]) > CENT:
                fails.append("%s account %s: %s %s, its rows sum to %s"
                             % (key(r), r["account_id"], c, r[c], s[i]))


def pairs_of(ids, mode):
    n = len(ids)
    if mode == "first":
        return [(0, s) for s in range(1, n)]
    if mode == "line":
        return [(s, s + 1) for s in range(n - 1)]
    n1 = int(mode.split(":")[1])
    p = []
    for s in range(n):
        if s % n1 + 1 < n1:
            p.append((s, s + 1))
        if s + n1 < n:
            p.append((s, s + n1))
    return p


def check_solve(out, mode):
    t = tables(out, ["summary", "changes"])
    ids = [r["scenario"] for r in t["summary"]]
    obj = {r["scenario"]: num(r["objective"]) for r in t["summary"]
           if r["status"] in ("optimal", "feasible")}
    fails = []
    want = {}
    for a, b in pairs_of(ids, mode):
        if ids[a] in obj and ids[b] in obj:
            want[(ids[a], ids[b])] = Decimal(0)
    nobj = 0
    for r in t["changes"]:
        p = (r["from"], r["to"])
        if p not in want:
            fails.append("row of pair %s -> %s, not a pair compared" % p)
            continue
        if r.get("objective_id"):
            nobj += 1
            if r["activity_id"]:
                fails.append("row with both activity_id and objective_id: %r" % r)
        if r.get("change") == "change_cost":
            if r["account_id"] or r["activity_id"] or r.get("objective_id"):
                fails.append("change_cost row naming an item: %r" % r)
            want[p] += num(r["value_change"])
        elif r["activity_id"] or r.get("objective_id"):
            want[p] += num(r["value_change"])
    for p, s in want.items():
        diff = obj[p[1]] - obj[p[0]]
        if abs(s - diff) > CENT:
            fails.append("%s -> %s: rows sum to %s, objectives differ by %s"
                         % (p[0], p[1], s, diff))
    subtotals(t["changes"], lambda r: (r["from"], r["to"]), fails)
    return len(want), len(t["changes"]), nobj, fails


def check_evaluate(out):
    t = tables(out, ["evaluation", "to_optimal"])
    fails = []
    want = {}
    for r in t["evaluation"]:
        if r["optimum"] is not None:
            want[r["scenario"]] = [num(r["optimum"]) - num(r["value"]), Decimal(0)]
    nobj = 0
    for r in t["to_optimal"]:
        if r["scenario"] not in want:
            fails.append("row of scenario %s, which has no optimum" % r["scenario"])
            continue
        if r.get("objective_id"):
            nobj += 1
        if r["activity_id"] or r.get("objective_id"):
            want[r["scenario"]][1] += num(r["value_change"])
    for s, (diff, got) in want.items():
        if abs(got - diff) > CENT:
            fails.append("scenario %s: rows sum to %s, optimum - value is %s" % (s, got, diff))
    subtotals(t["to_optimal"], lambda r: r["scenario"], fails)
    return len(want), len(t["to_optimal"]), nobj, fails


def read_rows(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        head = f.readline()
        f.seek(0)
        f.read(1 if head.startswith("\ufeff") else 0)
        delim = ";" if head.count(";") > head.count(",") else ","
        rows = list(csv.reader(f, delimiter=delim))
    cols = [c.strip().lower() for c in rows[0]]
    return [dict(zip(cols, (v.strip() for v in r))) for r in rows[1:]
            if any(v.strip() for v in r)]


def perturb(plan, activities, seed, out):
    rnd = random.Random(int(seed))
    acts = [r["id"] for r in read_rows(activities)]
    rows = read_rows(plan)
    by = {}
    for r in rows:
        by.setdefault(r["scenario"], []).append((r["activity_id"], int(r["count"])))
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["scenario", "activity_id", "count"])
        for s, plan_rows in by.items():
            have = {}
            for a, n in plan_rows:
                x = rnd.random()
                if x < 0.25:
                    continue
                if x < 0.4:
                    n = max(1, n + rnd.choice((-1, 1)))
                have[a] = n
            for a in rnd.sample(acts, min(len(acts), rnd.randint(0, 4))):
                have.setdefault(a, 1)
            if not have:
                have[plan_rows[0][0]] = plan_rows[0][1]
            for a, n in have.items():
                w.writerow([s, a, n])


PLAN_RULES = {"hours", "budget", "max_key_accounts",
              "manager_hours", "manager_budget", "max_accounts",  # the team's: of the plan (rules.c)
              "period_hours", "period_budget"}  # the periods': of the plan too
ACCOUNT_RULES = {"status_key", "max_hours", "min_hours", "max_budget", "min_contacts",
                 "entrenched", "opponent", "min_count", "locked", "scenario_key",
                 "scenario_exclude"}


def fnum(x, default=0.0):
    return float(x) if x not in (None, "") else default


def check_stakes(inst, plan, out):
    """violations.csv's value_at_stake against the plan's values worked out
    here from the instance files: the plan's value for a rule of the plan,
    the account's (its activities' occurrences and the objectives they
    support) for a rule of an account or a contact, the activity's for a
    rule of an activity, 0 for an unknown activity."""
    acts = {r["id"]: r for r in read_rows(os.path.join(inst, "activities.csv"))}
    objp = os.path.join(inst, "objectives.csv")
    objs = read_rows(objp) if os.path.exists(objp) else []
    counts = {}
    for r in read_rows(plan):
        s = r.get("scenario") or None
        counts.setdefault(s, {})
        counts[s][r["activity_id"]] = counts[s].get(r["activity_id"], 0) + int(r.get("count") or 1)
    fails = []
    vio = list(csv.DictReader(open(os.path.join(out, "violations.csv"), encoding="utf-8")))
    value = {r["scenario"]: Decimal(r["value"]) for r in
             csv.DictReader(open(os.path.join(out, "evaluation.csv"), encoding="utf-8"))}

    def act_value(a, n):
        d = fnum(acts[a].get("decay"), 1.0)
        return sum(fnum(acts[a].get("value")) * d ** (j - 1) for j in range(1, n + 1))

    for r in vio:
        c = counts.get(r["scenario"], counts.get(None, {}))
        c = {a: n for a, n in c.items() if a in acts and n > 0}
        if r["rule"] in PLAN_RULES:
            want = float(value[r["scenario"]])
        elif r["rule"] in ACCOUNT_RULES:
            k = r["account_id"]
            want = sum(act_value(a, n) for a, n in c.items() if acts[a]["account_id"] == k)
            want += sum(fnum(o.get("value")) for o in objs if o["account_id"] == k and
                        any(acts[a].get("objective_id") == o["id"] for a in c))
        elif r["rule"] == "unknown_activity":
            want = 0.0
        else:
            want = act_value(r["item_id"], c.get(r["item_id"], 0))
        if abs(float(r["value_at_stake"]) - want) > 0.01:
            fails.append("%s %s %s %s: value_at_stake %s, want %s" % (
                r["scenario"], r["rule"], r["account_id"], r["item_id"],
                r["value_at_stake"], want))
    return len(vio), fails


def main(argv):
    if len(argv) >= 5 and argv[0] == "perturb":
        perturb(*argv[1:5])
        return 0
    if len(argv) >= 4 and argv[0] == "stakes":
        n, fails = check_stakes(*argv[1:4])
        print("violations %d" % n)
        for x in fails[:10]:
            print("  " + x)
        return 1 if fails else 0
    if len(argv) >= 2 and argv[0] == "solve":
        mode = argv[3] if len(argv) >= 4 and argv[2] == "--pairs" else "first"
        res = check_solve(argv[1], mode)
    elif len(argv) >= 2 and argv[0] == "evaluate":
        res = check_evaluate(argv[1])
        if len(argv) >= 4:
            nv, more = check_stakes(argv[2], argv[3], argv[1])
            res = res[:3] + (res[3] + more,)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    npairs, nrows, nobj, fails = res
    print("pairs %d rows %d objective_rows %d" % (npairs, nrows, nobj))
    for x in fails[:10]:
        print("  " + x)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
