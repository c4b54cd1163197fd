#!/usr/bin/env python3
"""Checks that kamplan's --format json document agrees with the CSV files
the same run wrote: check_json.py DOC.json OUTDIR.

Every array under "results" must be the file OUTDIR/<name>.csv: the same
columns in the same order (the objects' keys), the same rows in the same
order, and in each cell the same value (an empty CSV field is null, a
number is the same double). Every CSV file in OUTDIR must be there. Prints
what differs; exits 1 on a difference.
"""
import csv
import json
import os
import sys


def same(cell, value):
    if cell == "":
        return value is None
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float)):
        try:
            return float(cell) == float(value)
        except ValueError:
            return False
    return cell == value


def main():
    doc_path, outdir = sys.argv[1], sys.argv[2]
    with open(doc_path, encoding="utf-8") as f:
        doc = json.load(f)
    problems = []
    tables = doc.get("results")
    if not isinstance(tables, dict) or not tables:
        print("no results object in the document")
        return 1
    for name in sorted(f[:-4] for f in os.listdir(outdir) if f.endswith(".csv")):
        if name not in tables:
            problems.append(f"{name}.csv is not in the document")
    for name, rows in tables.items():
        path = os.path.join(outdir, name + ".csv")
        if not os.path.exists(path):
            problems.append(f"{name}: no {path}")
            continue
        with open(path, newline="", encoding="utf-8") as f:
            lines = list(csv.reader(f))
        header, body = lines[0], lines[1:]
        if len(rows) != len(body):
            problems.append(f"{name}: {len(rows)} JSON rows, {len(body)} CSV rows")
            continue
        for i, (obj, row) in enumerate(zip(rows, body), start=2):
            if list(obj.keys()) != header:
                problems.append(f"{name}.csv:{i}: keys {list(obj.keys())} != header {header}")
                break
            for col, cell in zip(header, row):
                if not same(cell, obj[col]):
                    problems.append(f"{name}.csv:{i}: column '{col}': CSV {cell!r}, JSON {obj[col]!r}")
    for p in problems[:20]:
        print(p)
    cells = sum(len(r) * len(r[0]) for r in tables.values() if r)
    if not problems:
        print(f"{len(tables)} tables, {sum(len(r) for r in tables.values())} rows, "
              f"{cells} cells agree")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
