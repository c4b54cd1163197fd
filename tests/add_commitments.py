#!/usr/bin/env python3
"""Adds random commitments to an instance folder, in place (tests).

    add_commitments.py DIR SEED

activities.csv gains min_count (one activity of each of three accounts
that can be key by `kamplan qualify`, run as $KAMPLAN, 1 or 2
occurrences, and a second one of the first account, locked at its
min_count) and locked (about 4% of the other activities: banned); scenarios.csv is written with four scenarios: base; "keyed" with
two accounts forced key (scenarios.csv key); "lean" with two accounts
excluded (not ones with a committed activity, so that it can be
feasible) and 80% of the hours; "both" with one of each. The draws
depend only on SEED.
"""
import csv
import os
import random
import shlex
import subprocess
import sys


def can_be_key(d):
    """The accounts kamplan qualify says can be key, and those it says
    could be if forced (auto accounts that do not qualify)."""
    out = subprocess.run(shlex.split(os.environ.get("KAMPLAN", "./kamplan"))
                         + ["qualify", d],
                         capture_output=True, text=True, check=True).stdout
    good, forceable, acc = set(), set(), None
    for line in out.splitlines():
        if line and not line.startswith(" "):
            acc = line.split()[0]
        elif line.strip().startswith("verdict:") and "cannot be key" not in line:
            if "qualifies" in line or "forced" in line:
                good.add(acc)
            elif "does not qualify" in line:
                forceable.add(acc)
    return good, forceable


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    d, rng = sys.argv[1], random.Random(int(sys.argv[2]))
    with open(d + "/activities.csv", newline="") as f:
        rows = list(csv.DictReader(f))
        fields = list(rows[0].keys())
    with open(d + "/accounts.csv", newline="") as f:
        accs = [r["id"] for r in csv.DictReader(f)]
    good, forceable = can_be_key(d)
    chosen = rng.sample(sorted(good), min(3, len(good)))
    committed = set(chosen)
    for r in rows:
        r["min_count"], r["locked"] = "", ""
    for i, acc in enumerate(chosen):
        mine = [r for r in rows if r["account_id"] == acc]
        for j, r in enumerate(rng.sample(mine, min(2 if i == 0 else 1, len(mine)))):
            mc = int(r.get("max_count") or 1)
            r["min_count"] = str(rng.randint(1, min(mc, 2)))
            if j == 1:
                r["locked"] = "yes"
    for r in rows:
        if not r["min_count"] and rng.random() < 0.04:
            r["locked"] = "yes"
    with open(d + "/activities.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fields + ["min_count", "locked"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    free = [a for a in accs if a not in committed]
    pool = sorted(good | forceable)
    keyed = rng.sample(pool, min(2, len(pool)))
    out = rng.sample(free, min(2, len(free)))
    with open(d + "/scenarios.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "hours_scale", "key", "exclude"])
        w.writerow(["base", "", "", ""])
        w.writerow(["keyed", "", ";".join(keyed), ""])
        w.writerow(["lean", "0.8", "", " ; ".join(out)])
        w.writerow(["both", "", keyed[0], out[-1] if out and out[-1] != keyed[0] else ""])


if __name__ == "__main__":
    main()
