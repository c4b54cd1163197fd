#!/usr/bin/env python3
"""Copies an instance folder with its hours, or its hours and its money,
multiplied by a factor.

    scale_instance.py SRC DST HOURS_FACTOR [MONEY_FACTOR [VALUE_FACTOR]]

Hours are activities' hours, accounts' max_hours and min_hours, the
policy's hours and scenarios' hours; money is activities' cost, accounts'
max_budget, the policy's budget and scenarios' budget; values are
activities' and objectives' value (scaled only when VALUE_FACTOR is given). Each number is read as Python reads it and written as the
shortest text that reads back to the product (repr), so a power-of-two
factor is exact and a decimal factor such as 1e12 gives the decimal
product rounded once. Files are written with ',' and lower-case headers.
Exit status 3 when a scaled number would pass kamplan's limit of 1e15
(the folder is then incomplete)."""
import csv
import os
import sys

HOURS = {"activities.csv": ["hours"], "accounts.csv": ["max_hours", "min_hours"],
         "scenarios.csv": ["hours"]}
MONEY = {"activities.csv": ["cost"], "accounts.csv": ["max_budget"],
         "scenarios.csv": ["budget"]}
VALUE = {"activities.csv": ["value"], "objectives.csv": ["value"]}


def dialect(text):
    head = text.splitlines()[0] if text else ""
    return ";" if head.count(";") > head.count(",") else ","


def scaled(v, f):
    x = float(v) * f
    if abs(x) > 1e15:
        raise OverflowError(v)
    if x == int(x) and abs(x) < 2 ** 53:
        return str(int(x))
    return repr(x)


def copy(src, dst, name, hf, mf, vf):
    with open(os.path.join(src, name), newline="", encoding="utf-8-sig") as f:
        text = f.read()
    rows = list(csv.reader(text.splitlines(), delimiter=dialect(text)))
    if name == "policy.csv":
        for r in rows:
            if len(r) >= 2 and r[0].strip().lower() == "hours":
                r[1] = scaled(r[1], hf)
            elif len(r) >= 2 and r[0].strip().lower() == "budget" and mf != 1:
                r[1] = scaled(r[1], mf)
    elif rows:
        head = [h.strip().lower() for h in rows[0]]
        rows[0] = head
        cols = [(c, hf) for c in HOURS.get(name, [])]
        cols += [(c, mf) for c in MONEY.get(name, []) if mf != 1]
        cols += [(c, vf) for c in VALUE.get(name, []) if vf != 1]
        for c, f in cols:
            if c not in head:
                continue
            i = head.index(c)
            for r in rows[1:]:
                if i < len(r) and r[i].strip():
                    r[i] = scaled(r[i], f)
    with open(os.path.join(dst, name), "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def main():
    if len(sys.argv) not in (4, 5, 6):
        sys.exit(__doc__)
    src, dst = sys.argv[1], sys.argv[2]
    hf = float(sys.argv[3])
    mf = float(sys.argv[4]) if len(sys.argv) >= 5 else 1.0
    vf = float(sys.argv[5]) if len(sys.argv) == 6 else 1.0
    os.makedirs(dst, exist_ok=True)
    try:
        for name in sorted(os.listdir(src)):
            if name.endswith(".csv"):
                copy(src, dst, name, hf, mf, vf)
    except OverflowError as e:
        print("scale_instance.py: %s times the factor is above 1e15" % e, file=sys.stderr)
        sys.exit(3)


if __name__ == "__main__":
    main()
