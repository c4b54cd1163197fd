#!/usr/bin/env python3
"""Checks one HTML report of kamplan against the CSV files of the same run.

Usage: check_report.py KIND REPORT DOM LOG OUTDIR INSTANCE [SCENARIO]

KIND is solve, evaluate or bench; REPORT the report kamplan wrote; DOM
what headless Chromium dumped of a copy of it with tests/report.sh's probe
(a script the test adds, never the report) injected; LOG Chromium's
stderr; OUTDIR the --out folder of the same run; INSTANCE its instance
folder; SCENARIO the --scenario given to solve, if any.

The counts are worked out here from the CSV files alone, independently of
kamplan's C code:
  solve:    the charts frontier-budget and frontier-hours have one
            circle.point per summary.csv row with status optimal or
            feasible, and one circle.chosen and one text.label.chosen (its
            label, which always shows) for the chosen scenario when it has
            a plan: the base scenario, the one given, else the first in
            summary.csv; the chart accounts has two rect.bar
            (hours, money) per accounts.csv row of that scenario with
            key = 1.
  evaluate: one chart evaluation per evaluation.csv row, in order, with 3
            rect.bar for the plan (value, hours, budget) and 3 more when
            the row has an optimum.
  bench:    one chart bench per scenario of bench.csv, in order, with one
            rect.bar per row that has a value and a share of the optimum
            (a plan that cannot be compared with an optimum gets no bar).
The page's order and its charts' axes, from the report's own SVG:
  solve:    the first section is the base scenario's summary ("Scenario
            BASE"), before the frontier; the frontier's axes start at 0
            (the first tick of each) and their titles name the units
            (money, hours; value).
  evaluate: the rules broken are listed by value at stake, largest first,
            the same figures as violations.csv's value_at_stake for the
            scenario, each in words (no rule code of violations.csv).
  every chart: a bar table's bars start at their track (0) and its
            headings name the units (Hours, Money, Value); the evaluation
            columns stand on one baseline labelled 0, headed Value, Hours,
            Money.
Besides: no console message and no window error while rendering; no text
of a chart outside its chart, no two texts of a chart overlapping, and no
text over a point; every headline value on one line within its card; a
page no wider than the window (wide tables scroll in their own box); the
report has no script, no http:// or
https:// and no NaN or infinity printed as a number; it declares UTF-8;
and a solve report has every account id of the instance, escaped.

Prints "ok - ..." or "not ok - ..." per check.
"""
import csv
import os
import re
import sys


def esc(s):
    """HTML escaping as the report's one helper does it."""
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def instance_ids(folder):
    """The account ids of accounts.csv, read the way MODEL.md allows."""
    with open(os.path.join(folder, "accounts.csv"), newline="", encoding="utf-8-sig") as f:
        text = f.read()
    first = text.splitlines()[0] if text else ""
    delim = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(text.splitlines(), delimiter=delim)
    header = [h.strip().lower() for h in next(reader)]
    i = header.index("id")
    return [r[i] for r in reader if r and len(r) > i and r[i].strip()]


def probe(dom):
    """The probe's lines: charts as (name, bars, points, chosen, outside,
    text/text overlaps, text/point overlaps, chosen labels), and its
    counters (errors, scripts)."""
    lines = dom.splitlines()
    try:
        a = lines.index("PROBE-BEGIN")
        b = lines.index("PROBE-END", a)
    except ValueError:
        return None, {}
    charts, counters = [], {}
    for line in lines[a + 1:b]:
        f = line.split()
        if len(f) == 8:
            charts.append((f[0],) + tuple(int(x) for x in f[1:]))
        elif len(f) == 2:
            counters[f[0]] = int(f[1])
    return charts, counters


def expected(kind, out, scenario):
    """The charts the report must have: a list of (name, bars, points,
    chosen, chosen labels), in page order."""
    if kind == "solve":
        summary = rows(os.path.join(out, "summary.csv"))
        plans = [r for r in summary if r["status"] in ("optimal", "feasible")]
        chosen = scenario or (summary[0]["scenario"] if summary else None)
        has_plan = any(r["scenario"] == chosen for r in plans)
        charts = [("frontier-budget", 0, len(plans), int(has_plan), int(has_plan)),
                  ("frontier-hours", 0, len(plans), int(has_plan), int(has_plan))]
        if has_plan:
            keys = [r for r in rows(os.path.join(out, "accounts.csv"))
                    if r["scenario"] == chosen and r["key"] == "1"]
            if keys:
                charts.append(("accounts", 2 * len(keys), 0, 0, 0))
        return charts
    if kind == "evaluate":
        return [("evaluation", 3 + (3 if r["optimum"] else 0), 0, 0, 0)
                for r in rows(os.path.join(out, "evaluation.csv"))]
    if kind == "bench":
        charts, order = {}, []
        for r in rows(os.path.join(out, "bench.csv")):
            if r["scenario"] not in charts:
                order.append(r["scenario"])
                charts[r["scenario"]] = 0
            charts[r["scenario"]] += r["value"] != "" and r["share_pct"] != ""
        return [("bench", charts[s], 0, 0, 0) for s in order]
    raise SystemExit("unknown kind " + kind)


def svg_of(text):
    return re.findall(r'(<svg class="chart" data-chart="[^"]+".*?</svg>)', text, re.S)


def axes_problems(text):
    """What is wrong with the charts' axes: a list of strings."""
    bad = []
    for svg in svg_of(text):
        name = re.match(r'<svg class="chart" data-chart="([^"]+)"', svg).group(1)
        heads = re.findall(r'class="(?:axis-title|head)"[^>]*>([^<]*)<', svg)
        if name.startswith("frontier-"):
            if "No scenario has a plan" in svg:
                continue
            y = re.findall(r'<line class="grid"[^>]*/><text[^>]*>([^<]*)</text>', svg)
            x = re.findall(r'<line class="axis"[^>]*/><text[^>]*>([^<]*)</text>', svg)
            unit = "(money)" if name == "frontier-budget" else "(hours)"
            if not y or y[0] != "0" or not x or x[0] != "0":
                bad.append("%s: axes start at %s and %s" % (name, x[:1], y[:1]))
            if len(heads) != 2 or unit not in heads[0] or "value" not in heads[1]:
                bad.append("%s: axis titles %s" % (name, heads))
        elif name in ("accounts", "bench"):
            pairs = re.findall(r'<rect class="track" x="([^"]+)"[^>]*/>'
                               r'<rect class="bar[^"]*" x="([^"]+)"', svg)
            if len(pairs) != svg.count('<rect class="bar'):
                bad.append("%s: a bar without its track" % name)
            if any(a != b for a, b in pairs):
                bad.append("%s: a bar that does not start at 0" % name)
            want = ["Hours", "Money", "Value"] if name == "accounts" else ["Value"]
            if heads[:len(want)] != want:
                bad.append("%s: headings %s" % (name, heads))
        elif name == "evaluation":
            base = re.search(r'<line class="axis" x1="10" x2="[^"]+" y1="([^"]+)"', svg)
            zero = re.search(r'<text class="muted zero"[^>]*>0</text>', svg)
            if not base or not zero:
                bad.append("evaluation: no baseline labelled 0")
                continue
            for y, h in re.findall(r'<rect class="bar[^"]*" x="[^"]+" y="([^"]+)" '
                                   r'width="[^"]+" height="([^"]+)"', svg):
                if abs(float(y) + float(h) - float(base.group(1))) > 0.01:
                    bad.append("evaluation: a column not on the baseline")
            if [h.split(" (")[0] for h in heads] != ["Value", "Hours", "Money"]:
                bad.append("evaluation: headings %s" % heads)
        else:
            bad.append("unknown chart %s: add its axes to check_report.py" % name)
    return bad


def violations_problems(text, out):
    """The evaluate report's broken rules against violations.csv."""
    bad = []
    vio = rows(os.path.join(out, "violations.csv"))
    codes = set(r["rule"] for r in vio)
    sections = re.split(r'<h2>Scenario ', text)[1:]
    for sec in sections:
        sid = sec[:sec.index("</h2>")]
        stakes = [float(x) for x in re.findall(r'<tr data-stake="([^"]+)">', sec)]
        want = sorted((float(r["value_at_stake"]) for r in vio
                       if esc(r["scenario"]) == sid), reverse=True)
        if stakes != want:
            bad.append("scenario %s: stakes %s, violations.csv %s" % (sid, stakes[:5], want[:5]))
        words = re.findall(r'<td class="rule">([^<]*)</td>', sec)
        raw = [w for w in words if w in codes]
        if raw:
            bad.append("scenario %s: raw rule codes %s" % (sid, raw[:3]))
    if vio and not sections:
        bad.append("no scenario section")
    return bad


def main():
    kind, report, dom_path, log_path, out, inst = sys.argv[1:7]
    scenario = sys.argv[7] if len(sys.argv) > 7 else None
    name = "%s report %s" % (kind, os.path.basename(report))
    results = []

    def check(cond, what, detail=""):
        results.append(("ok - " if cond else "not ok - ") + name + ": " + what
                       + ("" if cond else ": " + detail))

    with open(report, encoding="utf-8") as f:
        text = f.read()
    with open(dom_path, encoding="utf-8", errors="replace") as f:
        dom = f.read()
    with open(log_path, encoding="utf-8", errors="replace") as f:
        console = [l for l in f if ":CONSOLE" in l]

    charts, counters = probe(dom)
    check(charts is not None, "Chromium rendered it and the probe ran",
          "no probe output in the DOM dump")
    charts = charts or []
    check(not console, "no console message while rendering", "".join(console[:3]).strip())
    check(counters.get("errors", -1) == 0, "no window error",
          "errors: %s" % counters.get("errors"))
    # The probe added two scripts; a third would be one the report let in.
    check(counters.get("scripts", -1) == 2, "no script in the page but the probe's",
          "scripts: %s" % counters.get("scripts"))
    check(counters.get("cards", -1) == 0, "every headline value fits its card on one line",
          "cards: %s" % counters.get("cards"))
    check(counters.get("pagewide", -1) == 0, "the page is no wider than the window",
          "pagewide: %s" % counters.get("pagewide"))
    got = [c[:4] + c[7:8] for c in charts]
    want = expected(kind, out, scenario)
    check(got == want, "charts and their marks match the CSV outputs (%d charts)" % len(want),
          "got %s, want %s" % (got, want))
    outside = [c for c in charts if c[4]]
    check(not outside, "every chart text inside its chart",
          "texts outside: %s" % outside)
    crowded = [(c[0], c[5]) for c in charts if c[5]]
    check(not crowded, "no two texts of a chart overlap",
          "overlapping pairs (chart, pairs): %s" % crowded)
    covered = [(c[0], c[6]) for c in charts if c[6]]
    check(not covered, "no text of a chart over a point",
          "text/point overlaps (chart, pairs): %s" % covered)
    check("http://" not in text and "https://" not in text, "no http:// or https://")
    check("<script" not in text.lower(), "no <script")
    bad = re.findall(r'(?:="|>)-?(?:nan|inf)(?:"|<|%)', text, re.I)
    check(not bad, "no NaN or infinity printed as a number", str(bad[:3]))
    check('<meta charset="utf-8">' in text and text.rstrip().endswith("</html>"),
          "declares UTF-8 and is complete")
    axes = axes_problems(text)
    check(not axes, "every chart's value axis starts at 0 and names its units",
          "; ".join(axes[:3]))
    if kind == "evaluate":
        vp = violations_problems(text, out)
        check(not vp, "broken rules by value at stake, largest first, in words",
              "; ".join(vp[:3]))
    if kind == "solve":
        summary = rows(os.path.join(out, "summary.csv"))
        base = scenario or (summary[0]["scenario"] if summary else "")
        h2 = re.findall(r"<h2>([^<]*)</h2>", text)
        lead = [h for h in h2 if h != "Why this plan"]  # solve --why's reasons come second
        check(lead[:2] == ["Scenario " + esc(base), "Value across the scenarios"] and
              h2.index("Scenario " + esc(base)) == 0,
              "leads with the base scenario's summary (%s), then the rest" % base,
              "sections: %s" % h2[:3])
        missing = [i for i in instance_ids(inst) if esc(i) not in text]
        check(not missing, "every account id appears", "missing: %s" % missing[:5])
    print("\n".join(results))


if __name__ == "__main__":
    main()
