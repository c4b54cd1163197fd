#!/usr/bin/env python3
"""Adds cross-account links to a generated instance (kamplan generate).

    add_links.py DIR REQUIRES GROUPS [SEED]

REQUIRES prerequisites that span two accounts (an activity of one account
requires an activity of another) and GROUPS groups of alternatives that
span two accounts (two activities without a group, in two accounts, made
alternatives) are written into DIR/activities.csv, in place. The accounts
are drawn at random (SEED, default 1); a prerequisite always points from
an account to a later one in the file, so no cycle is made. The benchmarks
and tests use it for instances that kamplan must solve as joined blocks.
"""
import csv
import random
import sys


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    path = sys.argv[1] + "/activities.csv"
    nreq, ngrp = int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) == 5 else 1)
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
        fields = list(rows[0].keys()) if rows else []
    by_acc, order = {}, []
    for i, r in enumerate(rows):
        if r["account_id"] not in by_acc:
            by_acc[r["account_id"]] = []
            order.append(r["account_id"])
        by_acc[r["account_id"]].append(i)
    if len(order) < 2:
        sys.exit("add_links.py: needs at least two accounts")
    for _ in range(nreq):
        a, b = sorted(rng.sample(range(len(order)), 2))
        i = rng.choice(by_acc[order[a]])
        j = rng.choice(by_acc[order[b]])
        req = [x for x in rows[i]["requires"].split(";") if x.strip()]
        rows[i]["requires"] = ";".join(req + [rows[j]["id"]])
    made = 0
    while made < ngrp:
        a, b = rng.sample(range(len(order)), 2)
        free_a = [i for i in by_acc[order[a]] if not rows[i]["group"]]
        free_b = [i for i in by_acc[order[b]] if not rows[i]["group"]]
        if not free_a or not free_b:
            continue
        name = "XLINK-%d" % made
        rows[rng.choice(free_a)]["group"] = name
        rows[rng.choice(free_b)]["group"] = name
        made += 1
    with open(path + ".tmp", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    import os
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
