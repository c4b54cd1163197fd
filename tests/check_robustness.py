#!/usr/bin/env python3
"""Re-derives robustness.csv of `kamplan solve` on a tiny instance by brute
force, without kamplan's solver: every sample's activity values drawn again
here (the generator of src/io/sample.c: splitmix64 over FNV-1a of the
scenario id, the sample's number and the activity's index; triangular for
value_low/value_high, normal truncated at 0 for value_sd), every subset of
activities tried for each sample's optimum, and the frequencies, the base
plan's value across the samples (mean, nearest-rank 5th and 95th
percentiles) and the regret (mean, max) computed and compared.

The instance must be one whose rules are only the hours and the budget:
every activity max_count 1 and decay 1, no contacts, objectives, requires
or groups, policy min_contacts 0, no thresholds (so an account is key
exactly when it has an activity). Prints what differs and
"checked N scenarios, M samples"; exit 0 when nothing does, 1 otherwise.

    check_robustness.py INSTANCE_DIR ROBUSTNESS_CSV
"""
import csv
import itertools
import math
import os
import sys

M64 = (1 << 64) - 1


def mix(x):
    z = (x + 0x9E3779B97F4A7C15) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def fnv1a(s):
    h = 0xCBF29CE484222325
    for b in s.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & M64
    return h


def uniform(key, a, k):
    r = mix(key ^ mix((a << 8) | k))
    return ((r >> 11) + 0.5) * 2.0 ** -53


def triangular(lo, c, hi, u):
    w = hi - lo
    if not w > 0:
        return c
    if u < (c - lo) / w:
        return lo + math.sqrt(u * w * (c - lo))
    return hi - math.sqrt((1 - u) * w * (hi - c))


def normal(key, a, mean, sd):
    for t in range(64):
        u1, u2 = uniform(key, a, 2 * t), uniform(key, a, 2 * t + 1)
        x = mean + sd * math.sqrt(-2 * math.log(u1)) * math.cos(6.283185307179586 * u2)
        if x >= 0:
            return min(x, 1e15)
    return mean


def table(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    head = [h.strip().lower() for h in rows[0]]
    return [dict(zip(head, r)) for r in rows[1:] if any(x.strip() for x in r)]


def num(d, k, default=None):
    v = d.get(k, "")
    return float(v) if v not in ("", None) else default


def sample_values(acts, seed, sid, i):
    key = mix(mix(mix(seed) ^ fnv1a(sid)) ^ i)
    out = []
    for a, x in enumerate(acts):
        v = num(x, "value", 0.0)
        lo, hi, sd = num(x, "value_low"), num(x, "value_high"), num(x, "value_sd")
        if lo is not None:
            v = triangular(lo, v, hi, uniform(key, a, 0))
        elif sd is not None and sd > 0:
            v = normal(key, a, v, sd)
        out.append(v)
    return out


def best(acts, values, hours, budget):
    """The optimum's value and chosen set (brute force over subsets)."""
    top, pick = -1.0, ()
    n = len(acts)
    for r in range(n + 1):
        for sub in itertools.combinations(range(n), r):
            h = sum(num(acts[a], "hours") for a in sub)
            c = sum(num(acts[a], "cost", 0.0) for a in sub)
            if h > hours + 1e-9 or (budget is not None and c > budget + 1e-9):
                continue
            v = sum(values[a] for a in sub)
            if v > top:
                top, pick = v, sub
    return top, set(pick)


def nearest_rank(v, p):
    r = math.ceil(p / 100 * len(v))
    return sorted(v)[min(max(r, 1), len(v)) - 1]


def close(x, y):
    return abs(x - y) <= 1e-7 * (1 + abs(x) + abs(y))


def main(inst, rob):
    acts = table(os.path.join(inst, "activities.csv"))
    pol = {r["key"].strip().lower(): r["value"] for r in
           csv.DictReader(open(os.path.join(inst, "policy.csv"), encoding="utf-8"),
                          fieldnames=["key", "value"]) if r["key"] != "key"}
    scen = table(os.path.join(inst, "scenarios.csv"))
    rows = table(rob)
    bad, nsamples, nscen = [], 0, 0
    for sc in scen:
        n = int(sc.get("samples") or 0)
        if n == 0:
            continue
        nscen += 1
        sid = sc["id"]
        mine = [r for r in rows if r["scenario"] == sid]
        if not mine:
            bad.append(f"{sid}: no rows")
            continue
        seed = int(mine[0]["seed"])
        hours = num(sc, "hours", float(pol["hours"]))
        budget = num(sc, "budget", float(pol["budget"]) if pol.get("budget") else None)
        nominal = [num(x, "value", 0.0) for x in acts]
        bval, bset = best(acts, nominal, hours, budget)
        freq = [0] * len(acts)
        accf = {}
        vals, regs = [], []
        for i in range(1, n + 1):
            sv = sample_values(acts, seed, sid, i)
            opt, pick = best(acts, sv, hours, budget)
            for a in pick:
                freq[a] += 1
            for k in {acts[a]["account_id"] for a in pick}:
                accf[k] = accf.get(k, 0) + 1
            v = sum(sv[a] for a in bset)
            vals.append(v)
            regs.append(opt - v)
        nsamples += n
        plan = [r for r in mine if r["item"] == "plan"][0]
        want = {"base_value": bval, "value_mean": sum(vals) / n,
                "value_p5": nearest_rank(vals, 5), "value_p95": nearest_rank(vals, 95),
                "regret_mean": sum(regs) / n, "regret_max": max(regs)}
        for k, w in want.items():
            if not close(float(plan[k]), w):
                bad.append(f"{sid}: {k} {plan[k]}, brute force {w!r}")
        if int(plan["solved"]) != n:
            bad.append(f"{sid}: solved {plan['solved']}, expected {n}")
        for r in mine:
            if r["item"] == "activity":
                a = [x["id"] for x in acts].index(r["activity_id"])
                w, b = freq[a] / n, int(a in bset)
                if not close(float(r["frequency"]), w) or int(float(r["in_base"])) != b:
                    bad.append(f"{sid}: activity {r['activity_id']}: frequency "
                               f"{r['frequency']}, in_base {r['in_base']}; brute force {w}, {b}")
            elif r["item"] == "account":
                w = accf.get(r["account_id"], 0) / n
                if not close(float(r["frequency"]), w):
                    bad.append(f"{sid}: account {r['account_id']}: frequency "
                               f"{r['frequency']}, brute force {w}")
    for b in bad:
        print(b)
    print(f"checked {nscen} scenarios, {nsamples} samples")
    return 1 if bad or nscen == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
