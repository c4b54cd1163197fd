#!/usr/bin/env python3
"""Compares two result sets of `kamplan solve` file by file: the same files,
and in each the same rows, cell for cell, but for the `seconds` column
(the only one that depends on the run). Used by tests/mpi.sh to compare
an MPI run with a single process's. Prints what differs; exit 0 when
nothing does, 1 otherwise.

    check_same_sets.py REFERENCE OTHER
"""
import csv
import os
import sys


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    if not table:
        return [], []
    keep = [i for i, name in enumerate(table[0]) if name != "seconds"]
    return table[0], [[r[i] for i in keep if i < len(r)] for r in table]


def main(ref, other):
    bad = 0
    names = sorted(n for n in os.listdir(ref) if n.endswith(".csv"))
    theirs = sorted(n for n in os.listdir(other) if n.endswith(".csv"))
    if names != theirs:
        print(f"files differ: {names} against {theirs}")
        return 1
    for name in names:
        _, a = rows(os.path.join(ref, name))
        _, b = rows(os.path.join(other, name))
        if len(a) != len(b):
            print(f"{name}: {len(a)} rows against {len(b)}")
            bad += 1
            continue
        for line, (x, y) in enumerate(zip(a, b), 1):
            if x != y:
                print(f"{name}:{line}: {','.join(x)}\n  against {','.join(y)}")
                bad += 1
                break
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: check_same_sets.py REFERENCE OTHER")
    sys.exit(main(sys.argv[1], sys.argv[2]))
