#!/usr/bin/env python3
"""check_marginals.py KAMPLAN DIR DELTA TMP [slack]: solve --marginal=hours=DELTA on
instance DIR (scenario base, --gap 0) and check every row of the result
set's marginals.csv against two independent solves: glpsol on the
exported LP of DIR and of a copy of DIR with that manager's hours
(managers.csv) or that period's hours (periods.csv) raised by DELTA by
hand. value_per_hour must equal (opt raised - opt) / DELTA, proven (min ==
max); with `slack`, a manager or period with hours to spare in
managers.csv / periods.csv must have 0 (with whole-hour activities that
need not hold in general: a few more hours may let a longer one in). KAMPLAN is a command line (shlex.split: the
valgrind pass sets it to 'valgrind -q ... kamplan'). Prints one 'ok - ' or
'not ok - ' line per row; exit 1 when one failed or nothing was checked."""
import csv, os, shlex, shutil, subprocess, sys

kamplan, inst, delta, tmp = shlex.split(sys.argv[1]), sys.argv[2], float(sys.argv[3]), sys.argv[4]
want_slack = sys.argv[5:] == ["slack"]


def run(args):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True)


def glpsol(d, tag):
    lp, raw = os.path.join(tmp, tag + ".lp"), os.path.join(tmp, tag + ".raw")
    r = run(kamplan + ["export", d, "--scenario", "base", "--lp", lp])
    if r.returncode != 0:
        sys.exit("# export failed: " + r.stdout)
    run(["glpsol", "--lp", lp, "--cuts", "-w", raw])
    for line in open(raw):
        f = line.split()
        if f[:2] == ["s", "mip"] and len(f) > 5:
            return float(f[5]) if f[4] == "o" else None
    return None


def raised(kind, ident):
    d = os.path.join(tmp, "raised-%s-%s" % (kind, ident))
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(inst, d)
    name = os.path.join(d, "managers.csv" if kind == "manager" else "periods.csv")
    rows = list(csv.reader(open(name, newline="")))
    col = rows[0].index("hours")
    for r in rows[1:]:
        if r[0] == ident:
            r[col] = repr(float(r[col]) + delta)
    csv.writer(open(name, "w", newline=""), lineterminator="\n").writerows(rows)
    return d


out = os.path.join(tmp, "out")
shutil.rmtree(out, ignore_errors=True)
r = run(kamplan + ["solve", inst, "--scenario", "base", "--gap", "0", "--quiet",
                   "--marginal=hours=%g" % delta, "--out", out])
if r.returncode != 0:
    sys.exit("# solve failed: " + r.stdout)
base = glpsol(inst, "base")
used = {}
for f, kind, col in (("managers.csv", "manager", "manager_id"), ("periods.csv", "period", "period")):
    if os.path.exists(os.path.join(out, f)):
        for u in csv.DictReader(open(os.path.join(out, f))):
            used[(kind, u[col])] = float(u["hours"]) < float(u["hours_available"]) - 1e-6
bad = n = 0
for m in csv.DictReader(open(os.path.join(out, "marginals.csv"))):
    n += 1
    what = "%s %s %s +%g" % (inst, m["capacity"], m["id"], delta)
    v, lo, hi = (float(m[k]) for k in ("value_per_hour", "value_per_hour_min", "value_per_hour_max"))
    peer = glpsol(raised(m["capacity"], m["id"]), "raised")
    want = (peer - base) / delta if peer is not None and base is not None else None
    slack = want_slack and used.get((m["capacity"], m["id"]))
    good = (want is not None and abs(v - want) <= 1e-6 * (1 + abs(want)) and lo == hi == v
            and float(m["delta"]) == delta and (not slack or v == 0))
    print("%s - %s: %g per hour; glpsol %s -> %s%s" % ("ok" if good else "not ok", what, v, base,
          peer, ", hours to spare: 0" if slack else ""))
    bad += not good
if n == 0:
    print("not ok - %s: marginals.csv has no rows" % inst)
sys.exit(1 if bad or n == 0 else 0)
