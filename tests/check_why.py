#!/usr/bin/env python3
"""Checks kamplan why's why.csv against independent solves.

usage: check_why.py WHY.CSV MODEL.LP NAME

Each row with a re-solve fixes its decision in the exported CPLEX LP
(MODEL.LP, `kamplan export --lp`) by rewriting the bounds of its column:
drop y(ACC) = 0, make_key y(ACC) = 1, remove x(ACT,j) = 0 for every j, add
x(ACT,1) = 1 (the order rows make the count at least 1). glpsol (cbc
where glpsol cannot answer) solves it; the row's cost must equal the base
optimum (glpsol's on the LP as exported) minus that optimum, to 1e-6
relative (why ran with --gap 0), and infeasible must be infeasible. Rows
without a re-solve: an account that cannot be key (its reason in words, no
cost, and indeed no y column in the model), or an activity left out whose
account cannot be key. Prints one line per check.
"""
import csv
import os
import re
import subprocess
import sys
import tempfile

COL = re.compile(r"\b([xyzw]\([^)]*\))")


def mangle(ident):
    """GLPK's LP names: characters outside [A-Za-z0-9_] become '.'."""
    return re.sub(r"[^A-Za-z0-9_]", ".", ident)


def bounds_fixed(lp_text, fixes):
    """The LP with columns fixed: fixes is {column name: value}."""
    out, in_bounds, done = [], False, set()
    for line in lp_text.splitlines():
        head = line.strip()
        if head == "Bounds":
            in_bounds = True
        elif in_bounds and head in ("Generals", "Binaries", "Binary", "End"):
            for col, v in fixes.items():
                if col not in done:
                    out.append(" %s = %s" % (col, v))
            in_bounds = False
        m = COL.search(line) if in_bounds else None
        if m and m.group(1) in fixes:
            out.append(" %s = %s" % (m.group(1), fixes[m.group(1)]))
            done.add(m.group(1))
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def solve(lp_path, tmp):
    """The optimum of the LP, 'infeasible', or None."""
    raw = os.path.join(tmp, "raw")
    subprocess.run(["glpsol", "--lp", lp_path, "-w", raw], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=120)
    try:
        for line in open(raw):
            f = line.split()
            if f[:2] == ["s", "mip"]:
                if f[4] == "o":
                    return float(f[5])
                if f[4] == "n":
                    return "infeasible"
    except OSError:
        pass
    sol = os.path.join(tmp, "cbc.sol")
    subprocess.run(["cbc", lp_path, "-ratioGap", "0", "-solve", "-solu", sol],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    first = open(sol).readline()
    if first.startswith("Optimal"):
        return float(first.split()[-1])
    if "nfeasible" in first:
        return "infeasible"
    return None


def main():
    why, lp_file, name = sys.argv[1:4]
    lp = open(lp_file).read()
    cols = set(COL.findall(lp))
    rows = list(csv.DictReader(open(why)))
    fails = 0

    def check(good, what):
        nonlocal fails
        print("%s - %s: %s" % ("ok" if good else "not ok", name, what))
        fails += not good

    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "m.lp")
    open(path, "w").write(lp)
    base = solve(path, tmp)
    check(isinstance(base, float), "the exported model has an optimum (%s)" % base)
    solved = none = 0
    for r in rows:
        subj, ident, opp = r["subject"], r["id"], r["opposite"]
        if not opp:
            # No re-solve: the reason in words, no cost, and no way to be key.
            words = r["reason"]
            good = r["cost"] == "" and r["status"] == "" and words != ""
            if subj == "account":
                good = good and r["decision"] == "cannot_be_key" and \
                    "y(%s)" % mangle(ident) not in cols and \
                    re.search(r"fails|excluded|cannot be key", words) is not None
            else:
                good = good and r["decision"] == "left_out" and \
                    "y(%s)" % mangle(r["account"]) not in cols
            none += good
            if not good:
                check(False, "%s %s without a re-solve: %s" % (subj, ident, r))
            continue
        if subj == "account":
            fixes = {"y(%s)" % mangle(ident): 1 if opp == "make_key" else 0}
        else:
            pre = "x(%s," % mangle(ident)
            xs = sorted(c for c in cols if c.startswith(pre))
            fixes = {c: 0 for c in xs} if opp == "remove" else {pre + "1)": 1}
        if not all(c in cols for c in fixes):
            check(False, "%s %s: its columns %s are in the model" % (subj, ident, fixes))
            continue
        open(path, "w").write(bounds_fixed(lp, fixes))
        peer = solve(path, tmp)
        if r["status"] == "infeasible":
            good = peer == "infeasible" and "infeasible: " in r["reason"]
            what = "infeasible, with a reason"
        else:
            good = r["status"] == "optimal" and isinstance(peer, float) and \
                isinstance(base, float) and \
                abs(float(r["cost"]) - (base - peer)) <= 1e-6 * max(1.0, abs(base))
            what = "cost %s" % r["cost"]
        solved += good
        if not good:
            check(False, "%s %s %s: %s, the independent solve says %s (base %s)" %
                  (opp, subj, ident, what, peer, base))
    check(solved + none == len(rows) and solved > 0,
          "%d costs equal independent solves with the decision fixed, %d rows "
          "without a re-solve rightly so" % (solved, none))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
