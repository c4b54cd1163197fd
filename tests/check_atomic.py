#!/usr/bin/env python3
"""Kill and race kamplan solve while it writes one output folder.

Usage: python3 tests/check_atomic.py KAMPLAN INSTANCE WORK KILLS PAIRS
  KAMPLAN: the program, or a command line that runs it (valgrind ...).

Two runs that can be told apart by their content: solve INSTANCE with
--sweep hours=400:480:3 (run A) and with --sweep hours=300:380:3 (run B).
Each is first run to the end into a folder of its own: its reference set.

- kill: KILLS times, a run (A and B in turn, so that the new set always
  differs from the one in the folder) into WORK/k/out is killed with
  SIGKILL: every other time after a random delay over the whole run, else
  at a random moment after its first file appeared in the hidden folder
  beside out (the writing). After each kill, out must hold exactly the
  five files of one complete set, each equal to A's or B's reference (all
  of the same run; summary.csv without its seconds), self-consistent
  (each scenario's plan.csv totals are summary.csv's hours_used,
  budget_used and activities) and no hidden file. Where the kill landed
  is counted: before the writing (out as it was, no written file left),
  while writing (a file of the run in a hidden folder beside out, out as
  it was), or after the swap (out is the new set). A last run to the end
  must leave nothing beside out but its lock file.
- race: PAIRS times, A and B started at once into WORK/r/out: both
  succeed (one after the other) or one fails at once with exit 4 and
  "is being written by another kamplan run"; out is then A's or B's set
  (the winner's when one failed). PAIRS more with --wait: both succeed and
  out is one of the two.

Prints `ok - ...` / `not ok - ...` lines and `N passed, M failed`.
Standard library only.
"""

import csv
import io
import os
import random
import shlex
import shutil
import signal
import subprocess
import sys
import time

FILES = ["summary.csv", "plan.csv", "accounts.csv", "frontier.csv", "changes.csv"]
SWEEPS = {"A": "hours=400:480:3", "B": "hours=300:380:3"}
TOL = 1e-6
passed = failed = 0


def ok(name):
    global passed
    passed += 1
    print("ok - " + name)


def bad(name):
    global failed
    failed += 1
    print("not ok - " + name)


def command(kamplan, inst, run, out, wait=False):
    cmd = shlex.split(kamplan) + ["solve", inst, "--sweep", SWEEPS[run], "--threads", "1",
           "--quiet", "--out", out]
    return cmd + (["--wait"] if wait else [])


def normal(name, text):
    """A file's text as compared: summary.csv without its seconds."""
    if name != "summary.csv":
        return text
    rows = list(csv.reader(io.StringIO(text)))
    return "\n".join(",".join(r[:-1]) for r in rows)


def read_set(out):
    """{name: normalised text} of out, or None when a file is missing."""
    got = {}
    for name in FILES:
        try:
            with open(os.path.join(out, name), encoding="utf-8") as f:
                got[name] = normal(name, f.read())
        except OSError:
            return None
    return got


def consistent(out):
    """Each scenario's plan.csv totals against summary.csv: '' or why not."""
    with open(os.path.join(out, "summary.csv"), encoding="utf-8") as f:
        summary = list(csv.DictReader(f))
    with open(os.path.join(out, "plan.csv"), encoding="utf-8") as f:
        plan = list(csv.DictReader(f))
    for s in summary:
        rows = [p for p in plan if p["scenario"] == s["scenario"]]
        if s["hours_used"] == "":
            if rows:
                return s["scenario"] + ": plan rows without a plan"
            continue
        hours = sum(float(p["hours"]) for p in rows)
        budget = sum(float(p["cost"]) for p in rows)
        for got, want, what in ((hours, s["hours_used"], "hours"),
                                (budget, s["budget_used"], "budget"),
                                (len(rows), s["activities"], "activities")):
            if abs(got - float(want)) > TOL * max(1.0, abs(got)):
                return "%s: plan.csv %s %g, summary.csv %s" % (
                    s["scenario"], what, got, want)
    known = {s["scenario"] for s in summary}
    if any(p["scenario"] not in known for p in plan):
        return "plan.csv has a scenario summary.csv does not"
    return ""


def which(out, refs):
    """'A' or 'B' when out holds exactly that run's complete set; else why
    not, as a sentence."""
    names = sorted(os.listdir(out))
    if names != sorted(FILES):
        return "files " + " ".join(names)
    got = read_set(out)
    if got is None:
        return "a file cannot be read"
    for run, ref in refs.items():
        if got == ref:
            why = consistent(out)
            return run if not why else "inconsistent: " + why
    mixed = {n: [r for r, ref in refs.items() if ref[n] == got[n]] for n in FILES}
    return "a mix: " + ", ".join("%s from %s" % (n, "/".join(r) or "neither")
                                 for n, r in mixed.items())


def written_aside(parent):
    """Whether a hidden folder beside out holds a file (a kill while
    writing or swapping)."""
    for name in os.listdir(parent):
        try:
            if name.startswith(".out.tmp-") and os.listdir(os.path.join(parent, name)):
                return True
        except OSError:
            pass    # removed meanwhile, or not a folder
    return False


def first_file(parent, proc, limit):
    """Waits until a file appears in a hidden folder beside out, the run
    ends or limit seconds pass."""
    end = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < end:
        if written_aside(parent):
            return
        time.sleep(0.0005)


def kill_test(kamplan, inst, work, refs, span, kills):
    parent = os.path.join(work, "k")
    out = os.path.join(parent, "out")
    os.makedirs(parent)
    subprocess.run(command(kamplan, inst, "A", out), check=True,
                   stderr=subprocess.DEVNULL)
    current, counts, problems = "A", {"before": 0, "writing": 0, "after": 0}, []
    for i in range(kills):
        run = "B" if current == "A" else "A"
        proc = subprocess.Popen(command(kamplan, inst, run, out),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if i % 2 == 0:
            time.sleep(random.uniform(0, 1.3 * span))
        else:
            first_file(parent, proc, 10 * span + 5)
            time.sleep(random.uniform(0, 0.004))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        found = which(out, refs)
        if found == run:
            counts["after"] += 1
        elif found == current:
            counts["writing" if written_aside(parent) else "before"] += 1
        else:
            problems.append("kill %d: %s" % (i + 1, found))
        if any(n.startswith(".") for n in os.listdir(out)):
            problems.append("kill %d: hidden file in out: %s" % (i + 1, os.listdir(out)))
        current = found if found in refs else current
    if problems:
        bad("%d kills: every time one complete set: %s" % (kills, "; ".join(problems[:5])))
    else:
        ok("%d kills while solving into an existing folder: every time exactly one "
           "complete, self-consistent set of one run, no hidden file in it "
           "(%d before the writing, %d while writing, %d after the swap)"
           % (kills, counts["before"], counts["writing"], counts["after"]))
    # With few kills (under valgrind) where they land is left to chance.
    if counts["writing"] > 0 and counts["after"] > 0 and counts["before"] > 0:
        ok("kills landed before, during and after the writing")
    elif kills >= 50:
        bad("kills landed before, during and after the writing: %s" % counts)
    subprocess.run(command(kamplan, inst, "A", out), check=True,
                   stderr=subprocess.DEVNULL)
    left = sorted(os.listdir(parent))
    if left == [".out.lock", "out"] and which(out, refs) == "A":
        ok("the next run to the end leaves nothing of the killed runs beside out")
    else:
        bad("after the next run, beside out: %s" % left)
    print("# kills: %d before the writing, %d while writing, %d after the swap"
          % (counts["before"], counts["writing"], counts["after"]))


def race(kamplan, inst, work, refs, pairs, wait):
    parent = os.path.join(work, "r-wait" if wait else "r")
    out = os.path.join(parent, "out")
    os.makedirs(parent)
    problems, one_failed = [], 0
    for i in range(pairs):
        procs = {run: subprocess.Popen(command(kamplan, inst, run, out, wait),
                                       stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, text=True)
                 for run in ("A", "B") if True}
        rcs = {run: (p.wait(), p.stderr.read()) for run, p in procs.items()}
        found = which(out, refs)
        codes = sorted(rc for rc, _ in rcs.values())
        if found not in refs:
            problems.append("pair %d: %s" % (i + 1, found))
        elif codes == [0, 0]:
            pass
        elif not wait and codes == [0, 4]:
            one_failed += 1
            loser = [r for r, (rc, _) in rcs.items() if rc == 4][0]
            winner = "A" if loser == "B" else "B"
            if "is being written by another kamplan run" not in rcs[loser][1]:
                problems.append("pair %d: message %r" % (i + 1, rcs[loser][1]))
            if found != winner:
                problems.append("pair %d: %s failed, yet out holds its set" % (i + 1, loser))
        else:
            problems.append("pair %d: exit codes %s: %s" % (
                i + 1, codes, " ".join(e for _, e in rcs.values())))
        for p in procs.values():
            p.stderr.close()
    what = ("with --wait: both succeed" if wait else
            "without --wait: both succeed or one fails at once with exit 4")
    if problems:
        bad("%d pairs into one folder %s: %s" % (pairs, what, "; ".join(problems[:5])))
    else:
        ok("%d pairs of runs into one folder %s, and the folder holds one whole set "
           "(%d pairs with one run refused)" % (pairs, what, one_failed))
    print("# race %s: %d pairs, %d with one run refused" % (
        "--wait" if wait else "fail", pairs, one_failed))


def main():
    kamplan, inst, work, kills, pairs = sys.argv[1:6]
    random.seed(os.environ.get("SEED", str(time.time())))
    refs = {}
    spans = []
    for run in SWEEPS:
        ref = os.path.join(work, "ref-" + run)
        t0 = time.monotonic()
        subprocess.run(command(kamplan, inst, run, ref), check=True,
                       stderr=subprocess.DEVNULL)
        spans.append(time.monotonic() - t0)
        refs[run] = read_set(ref)
        why = consistent(ref)
        if why:
            bad("reference run %s is self-consistent: %s" % (run, why))
    if refs["A"] == refs["B"]:
        bad("the two runs can be told apart")
    kill_test(kamplan, inst, work, refs, max(spans), int(kills))
    race(kamplan, inst, work, refs, int(pairs), False)
    race(kamplan, inst, work, refs, int(pairs), True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
