#!/usr/bin/env python3
"""Check what `kamplan evaluate` wrote, independently of kamplan's C code.

Usage: python3 tests/check_evaluation.py INSTANCE_DIR PLAN_FILE OUT_DIR

Reads the raw instance and the plan file with tests/check_plan.py's reader
(written from MODEL.md alone), and the evaluation.csv, violations.csv and
to_optimal.csv that evaluate wrote into OUT_DIR. For every scenario of
evaluation.csv it checks:
  - the plan's value, recomputed here (decay, objectives supported);
  - violations equals the number of violations.csv rows of the scenario,
    and feasible says whether there are any;
  - gap_pct equals 100 * (optimum - value) / |optimum| for a valid plan;
  - applying to_optimal.csv's changes to the plan gives a plan whose value,
    recomputed here, is the optimum (so the changes really lead there),
    and each change's hours, cost and value are right.
Prints one line per scenario and "N passed, M failed"; exit status 0 when
all passed and at least one scenario was checked.
"""

import importlib.util
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("check_plan", os.path.join(HERE, "check_plan.py"))
cp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cp)


def plan_counts(path, scenario):
    """activity id -> count for the scenario (all rows without a scenario column;
    with a period column, the sum of the activity's rows)."""
    t = cp.Table(path, ["activity_id"])
    counts = {}
    for _, row in t.rows:
        if "scenario" in row and row["scenario"] != scenario:
            continue
        c = row.get("count", "").strip()
        n = int(c) if c else 1
        # With a period column, an activity's rows (one per period) add up.
        if "period" in row:
            n += counts.get(row["activity_id"], 0)
        counts[row["activity_id"]] = n
    return counts


def value(inst, counts):
    total = 0.0
    supported = set()
    for aid, n in counts.items():
        a = inst.activities.get(aid)
        if a is None or n <= 0:
            continue
        total += cp.decayed(a["value"], a["decay"], n)
        if a["objective"]:
            supported.add(a["objective"])
    return total + sum(inst.objectives[o]["value"] for o in supported)


def close(a, b):
    return abs(a - b) <= max(1e-6, 1e-9 * max(abs(a), abs(b)))


def num(text):
    return float(text) if text != "" else math.nan


def check(inst, plan_path, out, row, viol_rows, change_rows):
    problems = []
    sc = row["scenario"]
    counts = plan_counts(plan_path, sc)
    v = value(inst, counts)
    if not close(v, num(row["value"])):
        problems.append("value %s, recomputed %r" % (row["value"], v))
    nv = len(viol_rows)
    if int(row["violations"]) != nv:
        problems.append("violations %s, violations.csv has %d" % (row["violations"], nv))
    if (row["feasible"] == "1") != (nv == 0):
        problems.append("feasible %s with %d violations" % (row["feasible"], nv))
    opt = num(row["optimum"])
    if row["feasible"] == "1" and not math.isnan(opt):
        gap = 0.0 if opt == 0 else 100 * (opt - v) / abs(opt)
        if not close(gap, num(row["gap_pct"])):
            problems.append("gap_pct %s, recomputed %r" % (row["gap_pct"], gap))
    if not math.isnan(opt) and (change_rows or not close(v, opt)):
        after = {a: n for a, n in counts.items() if a in inst.activities}
        for r in change_rows:
            aid = r["activity_id"]
            if not aid:
                continue
            a = inst.activities[aid]
            n0, n1 = int(r["count_plan"]), int(r["count_optimal"])
            if after.get(aid, 0) != n0:
                problems.append("%s: count_plan %d, the plan has %d" % (aid, n0, after.get(aid, 0)))
            after[aid] = n1
            want = (n1 - n0) * a["hours"], (n1 - n0) * a["cost"], \
                cp.decayed(a["value"], a["decay"], n1) - cp.decayed(a["value"], a["decay"], n0)
            got = num(r["hours_change"]), num(r["cost_change"]), num(r["value_change"])
            if not all(close(x, y) for x, y in zip(want, got)):
                problems.append("%s: changes %r, recomputed %r" % (aid, got, want))
        if not close(value(inst, after), opt):
            problems.append("the plan with to_optimal.csv's changes is worth %r, "
                            "the optimum is %r" % (value(inst, after), opt))
    return problems


def main(argv):
    if len(argv) != 4:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    inst = cp.Instance(argv[1])
    out = argv[3]
    ev = cp.Table(os.path.join(out, "evaluation.csv"), ["scenario", "value"]).rows
    viol = cp.Table(os.path.join(out, "violations.csv"), ["scenario"]).rows
    chg = cp.Table(os.path.join(out, "to_optimal.csv"), ["scenario"]).rows
    passed = failed = 0
    for _, row in ev:
        sc = row["scenario"]
        problems = check(inst, argv[2], out, row,
                         [r for _, r in viol if r["scenario"] == sc],
                         [r for _, r in chg if r["scenario"] == sc])
        if problems:
            failed += 1
            print("not ok - evaluation %s: %s" % (sc, "; ".join(problems)))
        else:
            passed += 1
            print("ok - evaluation %s: value %s, %s violations" % (sc, row["value"],
                                                                   row["violations"]))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
