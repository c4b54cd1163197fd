#!/usr/bin/env python3
"""Check kamplan's plans against the planning model, independently of kamplan.

Usage: python3 tests/check_plan.py INSTANCE_DIR OUT_DIR

Reads the raw instance (the CSV files described in MODEL.md, "Input") and the
files kamplan wrote into OUT_DIR (summary.csv, plan.csv, accounts.csv; MODEL.md,
"Outputs").  For every scenario of summary.csv whose status is `optimal` or
`feasible` it re-derives each chosen activity's count from plan.csv and checks
every rule of the integer programme (MODEL.md, "The integer programme") on its
own, then recomputes the plan's value and every total kamplan reported.

Written from MODEL.md alone: it shares no code and no logic with kamplan's C
sources, so an error in kamplan's reading of the instance, its model or its
output writer shows up here as a disagreement.

Output: one line per scenario,
    ok - plan SCENARIO valid, value V
    not ok - plan SCENARIO: PROBLEM; PROBLEM; ...
(scenarios without a plan get a `#` comment line unless their files
disagree with their status), then `N passed, M failed`.
Exit status: 0 when every checked scenario passed and at least one was
checked, 1 otherwise, 2 on a usage error or a file that cannot be read.

Standard library only; Python 3.9 or newer.
"""

import math
import os
import re
import sys

REL_TOL = 1e-9
ABS_TOL = 1e-6

PLAN_STATUSES = ("optimal", "feasible")
ALL_STATUSES = ("optimal", "feasible", "infeasible", "no_solution", "error")

# Qualification criteria: policy key -> (account column, True when the
# criterion is "value <= threshold" rather than "value >= threshold").
CRITERIA = (
    ("min_sales", "sales", False),
    ("min_margin_pct", "margin_pct", False),
    ("min_growth_pct", "growth_pct", False),
    ("min_potential", "potential", False),
    ("max_days_to_pay", "days_to_pay", True),
    ("min_access", "access", False),
    ("min_openness", "openness", False),
)

NUMBER_RE = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")


class FileProblem(Exception):
    """A file that is missing, unreadable or not in the documented format."""


# --------------------------------------------------------------------------
# Reading CSV files (RFC 4180, as MODEL.md describes them)
# --------------------------------------------------------------------------

def detect_delimiter(text):
    """Return ',' or ';', whichever occurs more often outside quotes on the
    header line (the first line); a tie means comma."""
    commas = semis = 0
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\r\n":
            break
        elif not quoted and ch == ",":
            commas += 1
        elif not quoted and ch == ";":
            semis += 1
    return ";" if semis > commas else ","


def parse_csv(text, delim):
    """Split text into records of fields.  Returns a list of (line, fields):
    line is the 1-based physical line where the record starts.  Unquoted
    fields lose surrounding spaces and tabs, quoted ones keep everything; a
    doubled quote inside quotes is one quote; blank lines are skipped."""
    records = []
    fields = []
    field = []
    quoted_field = False   # the current field was (at least partly) quoted
    in_quotes = False
    line = 1
    start_line = 1
    record_started = False
    i = 0
    n = len(text)

    def end_field():
        value = "".join(field)
        if not quoted_field:
            value = value.strip(" \t")
        fields.append(value)

    while i < n:
        ch = text[i]
        if in_quotes:
            if ch == '"':
                if i + 1 < n and text[i + 1] == '"':
                    field.append('"')
                    i += 2
                    continue
                in_quotes = False
            else:
                if ch == "\n":
                    line += 1
                field.append(ch)
            i += 1
            continue
        if ch == '"' and not quoted_field and not "".join(field).strip(" \t"):
            if not record_started:
                record_started = True
                start_line = line
            field = []
            in_quotes = True
            quoted_field = True
            i += 1
            continue
        if ch == delim:
            if not record_started:
                record_started = True
                start_line = line
            end_field()
            field = []
            quoted_field = False
            i += 1
            continue
        if ch in "\r\n":
            if record_started or "".join(field).strip(" \t"):
                if not record_started:
                    start_line = line
                end_field()
                records.append((start_line, fields))
            fields = []
            field = []
            quoted_field = False
            record_started = False
            if ch == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            line += 1
            i += 1
            continue
        if not record_started and ch not in " \t":
            record_started = True
            start_line = line
        field.append(ch)
        i += 1
    if in_quotes:
        raise ValueError("line %d: a quoted field is never closed" % start_line)
    if record_started or "".join(field).strip(" \t"):
        if not record_started:
            start_line = line
        end_field()
        records.append((start_line, fields))
    return records


def read_text(path):
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise FileProblem("%s: cannot read: %s" % (path, e.strerror or e))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise FileProblem("%s: not UTF-8 (byte %d)" % (path, e.start))


def read_records(path):
    text = read_text(path)
    try:
        return parse_csv(text, detect_delimiter(text))
    except ValueError as e:
        raise FileProblem("%s: %s" % (path, e))


class Table:
    """A CSV file with a header line: rows are dicts keyed by the lowercased
    header names, each with its physical line number in .line."""

    def __init__(self, path, required_columns=()):
        self.path = path
        self.name = os.path.basename(path)
        records = read_records(path)
        if not records:
            raise FileProblem("%s: empty, a header line was expected" % path)
        self.header = [h.strip().lower() for h in records[0][1]]
        for col in required_columns:
            if col not in self.header:
                raise FileProblem("%s: no column '%s' in the header" % (path, col))
        self.rows = []
        for line, fields in records[1:]:
            row = {}
            for k, name in enumerate(self.header):
                if name and name not in row:
                    row[name] = fields[k] if k < len(fields) else ""
            self.rows.append((line, row))


class Field:
    """Conversions of one instance cell, with a file:line in every error."""

    def __init__(self, table, line, row):
        self.where = "%s:%d" % (table.path, line)
        self.row = row

    def text(self, col, default=""):
        v = self.row.get(col, "")
        return v if v != "" else default

    def required(self, col):
        v = self.row.get(col, "")
        if v == "":
            raise FileProblem("%s: column '%s': a value is required" % (self.where, col))
        return v

    def number(self, col, default=None):
        v = self.row.get(col, "").strip()
        if v == "":
            return default
        if not NUMBER_RE.match(v):
            raise FileProblem('%s: column \'%s\': "%s" is not a number' % (self.where, col, v))
        return float(v)

    def boolean(self, col, default):
        v = self.row.get(col, "").strip().lower()
        if v == "":
            return default
        if v in ("1", "yes", "true"):
            return True
        if v in ("0", "no", "false"):
            return False
        raise FileProblem('%s: column \'%s\': "%s" is not a yes/no value' % (self.where, col, v))


def parse_number(text):
    """A plain decimal as float, or None."""
    t = text.strip()
    if not NUMBER_RE.match(t):
        return None
    return float(t)


def parse_bool(text):
    v = text.strip().lower()
    if v in ("1", "yes", "true"):
        return True
    if v in ("0", "no", "false"):
        return False
    return None


# --------------------------------------------------------------------------
# The instance
# --------------------------------------------------------------------------

class Instance:
    def __init__(self, folder):
        self.folder = folder
        self.accounts = {}      # id -> dict
        self.account_order = []
        self.contacts = {}
        self.objectives = {}
        self.activities = {}
        self.policy = {}
        self.scenarios = []     # list of dicts: id, hours, budget, max_key, min_contacts
        self._load_accounts()
        self._load_contacts()
        self._load_objectives()
        self._load_activities()
        self._load_policy()
        self._load_scenarios()

    def path(self, name):
        return os.path.join(self.folder, name)

    def optional(self, name):
        p = self.path(name)
        return p if os.path.exists(p) else None

    def _load_accounts(self):
        t = Table(self.path("accounts.csv"), ["id"])
        for line, row in t.rows:
            f = Field(t, line, row)
            aid = f.required("id")
            if aid in self.accounts:
                raise FileProblem("%s: account '%s' appears twice" % (f.where, aid))
            a = {"id": aid}
            for col in ("sales", "margin_pct", "growth_pct", "potential",
                        "days_to_pay", "access", "openness", "min_hours"):
                a[col] = f.number(col, 0.0)
            a["max_hours"] = f.number("max_hours")
            a["max_budget"] = f.number("max_budget")
            status = f.text("status", "auto").strip().lower()
            if status not in ("auto", "key", "exclude"):
                raise FileProblem('%s: column \'status\': "%s" is not auto, key or exclude'
                                  % (f.where, status))
            a["status"] = status
            self.accounts[aid] = a
            self.account_order.append(aid)

    def _load_contacts(self):
        p = self.optional("contacts.csv")
        if p is None:
            return
        t = Table(p, ["id", "account_id"])
        for line, row in t.rows:
            f = Field(t, line, row)
            cid = f.required("id")
            c = {
                "id": cid,
                "account": f.required("account_id"),
                "name": f.text("name"),
                "influence": f.number("influence", 0.0),
                "entrenched": f.boolean("entrenched", False),
                "stance": f.text("stance", "neutral").strip().lower(),
            }
            self.contacts[cid] = c

    def _load_objectives(self):
        p = self.optional("objectives.csv")
        if p is None:
            return
        t = Table(p, ["id", "account_id"])
        for line, row in t.rows:
            f = Field(t, line, row)
            oid = f.required("id")
            self.objectives[oid] = {
                "id": oid,
                "account": f.required("account_id"),
                "value": f.number("value", 0.0),
            }

    def _load_activities(self):
        t = Table(self.path("activities.csv"), ["id", "account_id", "hours"])
        for line, row in t.rows:
            f = Field(t, line, row)
            aid = f.required("id")
            hours = f.number("hours")
            if hours is None:
                raise FileProblem("%s: column 'hours': a value is required" % f.where)
            requires = [r.strip() for r in f.text("requires").split(";") if r.strip()]
            self.activities[aid] = {
                "id": aid,
                "account": f.required("account_id"),
                "kind": f.text("kind", "other"),
                "hours": hours,
                "cost": f.number("cost", 0.0),
                "value": f.number("value", 0.0),
                "contact": f.text("contact_id") or None,
                "objective": f.text("objective_id") or None,
                "max_count": f.number("max_count", 1.0),
                "decay": f.number("decay", 1.0),
                "requires": requires,
                "group": f.text("group") or None,
            }

    def _load_policy(self):
        p = self.path("policy.csv")
        records = read_records(p)
        raw = {}
        for k, (line, fields) in enumerate(records):
            key = fields[0].strip().lower() if fields else ""
            value = fields[1].strip() if len(fields) > 1 else ""
            if k == 0 and key == "key" and value.lower() == "value":
                continue
            if key:
                raw[key] = (value, "%s:%d" % (p, line))

        def num(key):
            if key not in raw or raw[key][0] == "":
                return None
            v = parse_number(raw[key][0])
            if v is None:
                raise FileProblem('%s: key \'%s\': "%s" is not a number'
                                  % (raw[key][1], key, raw[key][0]))
            return v

        pol = {}
        pol["hours"] = num("hours")
        if pol["hours"] is None:
            raise FileProblem("%s: no value for the required key 'hours'" % p)
        pol["budget"] = num("budget")
        pol["max_key_accounts"] = num("max_key_accounts")
        mc = num("min_contacts")
        pol["min_contacts"] = 3.0 if mc is None else mc
        re_ = raw.get("require_entrenched", ("", ""))[0]
        if re_ == "":
            pol["require_entrenched"] = True
        else:
            b = parse_bool(re_)
            if b is None:
                raise FileProblem('%s: key \'require_entrenched\': "%s" is not a yes/no value'
                                  % (raw["require_entrenched"][1], re_))
            pol["require_entrenched"] = b
        pol["opponent_influence"] = num("opponent_influence")
        thresholds = {}
        for key, _col, _le in CRITERIA:
            v = num(key)
            if v is not None:
                thresholds[key] = v
        pol["thresholds"] = thresholds
        mcrit = num("min_criteria")
        pol["min_criteria"] = float(len(thresholds)) if mcrit is None else mcrit
        self.policy = pol

    def _load_scenarios(self):
        pol = self.policy
        p = self.optional("scenarios.csv")
        if p is None:
            self.scenarios = [{
                "id": "base", "hours": pol["hours"], "budget": pol["budget"],
                "max_key": pol["max_key_accounts"], "min_contacts": pol["min_contacts"],
            }]
            return
        t = Table(p, ["id"])
        for line, row in t.rows:
            f = Field(t, line, row)
            sid = f.required("id")
            hours = f.number("hours")
            if hours is None:
                scale = f.number("hours_scale")
                hours = pol["hours"] * scale if scale is not None else pol["hours"]
            budget = f.number("budget")
            if budget is None:
                scale = f.number("budget_scale")
                budget = pol["budget"]
                if budget is not None and scale is not None:
                    budget = budget * scale
            max_key = f.number("max_key_accounts")
            if max_key is None:
                max_key = pol["max_key_accounts"]
            min_contacts = f.number("min_contacts")
            if min_contacts is None:
                min_contacts = pol["min_contacts"]
            self.scenarios.append({
                "id": sid, "hours": hours, "budget": budget,
                "max_key": max_key, "min_contacts": min_contacts,
            })

    def qualification(self, aid):
        """(eligible, why): why explains an ineligible account in words."""
        a = self.accounts[aid]
        if a["status"] == "key":
            return True, "status key"
        if a["status"] == "exclude":
            return False, "is excluded (status exclude)"
        th = self.policy["thresholds"]
        met = 0
        missed = []
        for key, col, le in CRITERIA:
            if key not in th:
                continue
            ok = a[col] <= th[key] if le else a[col] >= th[key]
            if ok:
                met += 1
            else:
                missed.append(col)
        need = self.policy["min_criteria"]
        if met >= need:
            return True, "qualified"
        return False, ("does not qualify as a key account (meets %d of %d criteria, "
                       "needs %s; missed: %s)" % (met, len(th), fmt(need), ", ".join(missed)))


# --------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------

def fmt(x):
    """Shortest readable form of a number."""
    if x is None:
        return "none"
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    if isinstance(x, float):
        return repr(x)
    return str(x)


def close(a, b):
    """Equal within 1e-9 relative or 1e-6 absolute."""
    return abs(a - b) <= max(ABS_TOL, REL_TOL * max(abs(a), abs(b)))


def within(used, limit):
    """used <= limit, with the same tolerance."""
    return used <= limit + max(ABS_TOL, REL_TOL * abs(limit))


def at_least(used, floor):
    return used >= floor - max(ABS_TOL, REL_TOL * abs(floor))


def decayed(value, decay, count):
    """value * decay^(j-1) summed over j = 1..count."""
    total = 0.0
    term = value
    for _ in range(count):
        total += term
        term *= decay
    return total


# --------------------------------------------------------------------------
# kamplan's outputs
# --------------------------------------------------------------------------

SUMMARY_COLS = ("scenario", "status", "objective", "bound", "gap_pct", "hours_used",
                "hours_available", "budget_used", "budget_available", "key_accounts",
                "activities", "seconds")
PLAN_COLS = ("scenario", "account_id", "activity_id", "kind", "count", "hours", "cost", "value")
ACCOUNT_COLS = ("scenario", "account_id", "key", "hours", "cost", "value",
                "contacts_engaged", "objectives_supported")


def load_output(out_dir, name, cols):
    t = Table(os.path.join(out_dir, name), cols)
    by_scenario = {}
    for line, row in t.rows:
        by_scenario.setdefault(row.get("scenario", ""), []).append((line, row))
    return t, by_scenario


def out_number(problems, what, text):
    v = parse_number(text)
    if v is None:
        problems.append('%s: "%s" is not a number' % (what, text))
    return v


# --------------------------------------------------------------------------
# Checking one scenario's plan
# --------------------------------------------------------------------------

def check_scenario(inst, sc, srow, plan_rows, acct_rows):
    """Return (problems, value) for one scenario that has a plan."""
    P = []
    sid = sc["id"]

    # -- counts from plan.csv --------------------------------------------
    counts = {}       # activity id -> count (only activities that exist)
    for line, r in plan_rows:
        at = "plan.csv line %d" % line
        aid = r.get("activity_id", "")
        act = inst.activities.get(aid)
        if act is None:
            P.append("%s: activity '%s' is not in activities.csv" % (at, aid))
            continue
        if aid in counts:
            P.append("activity %s: listed more than once in plan.csv" % aid)
            continue
        if r.get("account_id", "") != act["account"]:
            P.append("activity %s: plan.csv names account '%s', but it is an activity of %s"
                     % (aid, r.get("account_id", ""), act["account"]))
        if r.get("kind", "") != act["kind"]:
            P.append("activity %s: plan.csv gives kind '%s', activities.csv '%s'"
                     % (aid, r.get("kind", ""), act["kind"]))
        c = out_number(P, "activity %s: count" % aid, r.get("count", ""))
        if c is None:
            continue
        if not float(c).is_integer():
            P.append("activity %s: count %s is not a whole number" % (aid, fmt(c)))
            continue
        n = int(c)
        if n < 1:
            P.append("activity %s: count %d in plan.csv, a chosen activity is done at least once"
                     % (aid, n))
        if n > act["max_count"]:
            P.append("activity %s: done %d times, max_count is %s" % (aid, n, fmt(act["max_count"])))
        counts[aid] = n
        # per-row totals
        want = {"hours": n * act["hours"], "cost": n * act["cost"],
                "value": decayed(act["value"], act["decay"], max(n, 0))}
        for col in ("hours", "cost", "value"):
            got = out_number(P, "activity %s: %s" % (aid, col), r.get(col, ""))
            if got is not None and not close(got, want[col]):
                P.append("activity %s: plan.csv says %s %s, %d x %s%s gives %s"
                         % (aid, col, fmt(got), n,
                            fmt(act[col] if col != "value" else act["value"]),
                            " with decay %s" % fmt(act["decay"]) if col == "value" else "",
                            fmt(want[col])))
    chosen = {aid: n for aid, n in counts.items() if n >= 1}

    # -- per account -------------------------------------------------------
    acc_hours = {k: 0.0 for k in inst.accounts}
    acc_cost = {k: 0.0 for k in inst.accounts}
    acc_value = {k: 0.0 for k in inst.accounts}
    acc_acts = {k: [] for k in inst.accounts}
    engaged = set()
    supported = set()
    total_hours = total_cost = total_value = 0.0
    for aid, n in chosen.items():
        act = inst.activities[aid]
        k = act["account"]
        h, c, v = n * act["hours"], n * act["cost"], decayed(act["value"], act["decay"], n)
        total_hours += h
        total_cost += c
        total_value += v
        if k in acc_hours:
            acc_hours[k] += h
            acc_cost[k] += c
            acc_value[k] += v
            acc_acts[k].append(aid)
        if act["contact"]:
            engaged.add(act["contact"])
        if act["objective"]:
            supported.add(act["objective"])
    for oid in supported:
        o = inst.objectives.get(oid)
        if o is None:
            continue
        total_value += o["value"]
        if o["account"] in acc_value:
            acc_value[o["account"]] += o["value"]

    # eligibility and the key-account set
    key = set()
    for k in inst.account_order:
        if inst.accounts[k]["status"] == "key" or acc_acts[k]:
            key.add(k)
    for aid in chosen:
        k = inst.activities[aid]["account"]
        if k not in inst.accounts:
            P.append("activity %s: its account '%s' is not in accounts.csv" % (aid, k))
    for k in inst.account_order:
        if not acc_acts[k]:
            continue
        ok, why = inst.qualification(k)
        if not ok:
            P.append("account %s %s, but the plan has %d of its activities (%s)"
                     % (k, why, len(acc_acts[k]), ", ".join(acc_acts[k])))

    # 1, 2: hours and budget
    if not within(total_hours, sc["hours"]):
        P.append("hours: %s planned, %s available" % (fmt(total_hours), fmt(sc["hours"])))
    if sc["budget"] is not None and not within(total_cost, sc["budget"]):
        P.append("budget: %s spent, %s available" % (fmt(total_cost), fmt(sc["budget"])))

    # 4-7: rules for each managed key account
    contacts_of = {k: [] for k in inst.accounts}
    for c in inst.contacts.values():
        if c["account"] in contacts_of:
            contacts_of[c["account"]].append(c)
    objectives_of = {k: [] for k in inst.accounts}
    for o in inst.objectives.values():
        if o["account"] in objectives_of:
            objectives_of[o["account"]].append(o)
    pol = inst.policy
    for k in inst.account_order:
        if k not in key:
            continue
        a = inst.accounts[k]
        if a["max_hours"] is not None and not within(acc_hours[k], a["max_hours"]):
            P.append("account %s: %s hours planned, max_hours is %s"
                     % (k, fmt(acc_hours[k]), fmt(a["max_hours"])))
        if not at_least(acc_hours[k], a["min_hours"]):
            P.append("account %s: %s hours planned, a key account needs min_hours %s"
                     % (k, fmt(acc_hours[k]), fmt(a["min_hours"])))
        if a["max_budget"] is not None and not within(acc_cost[k], a["max_budget"]):
            P.append("account %s: %s spent, max_budget is %s"
                     % (k, fmt(acc_cost[k]), fmt(a["max_budget"])))
        n_engaged = sum(1 for c in contacts_of[k] if c["id"] in engaged)
        if not at_least(n_engaged, sc["min_contacts"]):
            P.append("account %s: %d contacts engaged, min_contacts is %s"
                     % (k, n_engaged, fmt(sc["min_contacts"])))
        for c in contacts_of[k]:
            if c["id"] in engaged:
                continue
            label = c["id"] + (" (%s)" % c["name"] if c["name"] else "")
            if pol["require_entrenched"] and c["entrenched"]:
                P.append("account %s: entrenched influencer %s is not engaged" % (k, label))
            if (pol["opponent_influence"] is not None and c["stance"] == "opponent"
                    and c["influence"] >= pol["opponent_influence"]):
                P.append("account %s: opponent %s with influence %s is not engaged "
                         "(opponent_influence %s)"
                         % (k, label, fmt(c["influence"]), fmt(pol["opponent_influence"])))

    # 8: prerequisites
    for aid in chosen:
        for req in inst.activities[aid]["requires"]:
            if req not in chosen:
                P.append("activity %s requires %s, which is not in the plan" % (aid, req))

    # 9: alternatives
    groups = {}
    for aid in chosen:
        g = inst.activities[aid]["group"]
        if g:
            groups.setdefault(g, []).append(aid)
    for g in sorted(groups):
        if len(groups[g]) > 1:
            P.append("group %s: %d alternatives chosen (%s), at most one allowed"
                     % (g, len(groups[g]), ", ".join(groups[g])))

    # 10: portfolio size
    if sc["max_key"] is not None and not within(len(key), sc["max_key"]):
        P.append("key accounts: %d managed (%s), max_key_accounts is %s"
                 % (len(key), " ".join(k for k in inst.account_order if k in key),
                    fmt(sc["max_key"])))

    # -- summary.csv -------------------------------------------------------
    def summary_num(col, want, label):
        got = out_number(P, "summary.csv %s" % col, srow.get(col, ""))
        if got is not None and not close(got, want):
            P.append("%s: summary.csv says %s, the plan gives %s" % (label, fmt(got), fmt(want)))
        return got

    obj = summary_num("objective", total_value, "value")
    bound = parse_number(srow.get("bound", ""))
    if srow.get("bound", "").strip() != "" and bound is None:
        P.append('summary.csv bound: "%s" is not a number' % srow.get("bound"))
    if obj is not None and bound is not None and not within(obj, bound):
        P.append("bound: summary.csv gives bound %s below the objective %s"
                 % (fmt(bound), fmt(obj)))
    summary_num("hours_used", total_hours, "hours used")
    summary_num("hours_available", sc["hours"], "hours available")
    summary_num("budget_used", total_cost, "budget used")
    if sc["budget"] is None:
        if srow.get("budget_available", "").strip() != "":
            P.append("budget available: summary.csv says %s, the scenario has no budget"
                     % srow.get("budget_available"))
    else:
        summary_num("budget_available", sc["budget"], "budget available")
    summary_num("key_accounts", float(len(key)), "key accounts")
    summary_num("activities", float(len(chosen)), "activities chosen")

    # -- accounts.csv ------------------------------------------------------
    seen = set()
    for line, r in acct_rows:
        k = r.get("account_id", "")
        at = "accounts.csv line %d" % line
        if k not in inst.accounts:
            P.append("%s: account '%s' is not in accounts.csv of the instance" % (at, k))
            continue
        if k in seen:
            P.append("accounts.csv: account %s appears more than once" % k)
            continue
        seen.add(k)
        want = {
            "key": 1.0 if k in key else 0.0,
            "hours": acc_hours[k],
            "cost": acc_cost[k],
            "value": acc_value[k],
            "contacts_engaged": float(sum(1 for c in contacts_of[k] if c["id"] in engaged)),
            "objectives_supported": float(sum(1 for o in objectives_of[k] if o["id"] in supported)),
        }
        for col in ("key", "hours", "cost", "value", "contacts_engaged", "objectives_supported"):
            got = out_number(P, "accounts.csv account %s %s" % (k, col), r.get(col, ""))
            if got is not None and not close(got, want[col]):
                P.append("account %s: accounts.csv says %s %s, the plan gives %s"
                         % (k, col, fmt(got), fmt(want[col])))
    missing = [k for k in inst.account_order if k not in seen]
    if missing:
        P.append("accounts.csv: no row for %s" % ", ".join(missing))

    return P, total_value


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def main(argv):
    if len(argv) != 3 or argv[1] in ("-h", "--help"):
        sys.stderr.write("usage: python3 tests/check_plan.py INSTANCE_DIR OUT_DIR\n")
        return 2
    inst_dir, out_dir = argv[1], argv[2]
    for d in (inst_dir, out_dir):
        if not os.path.isdir(d):
            sys.stderr.write("check_plan: %s: not a folder\n" % d)
            return 2
    try:
        inst = Instance(inst_dir)
        summary, _ = load_output(out_dir, "summary.csv", SUMMARY_COLS)
        _, plans = load_output(out_dir, "plan.csv", PLAN_COLS)
        _, accts = load_output(out_dir, "accounts.csv", ACCOUNT_COLS)
    except FileProblem as e:
        sys.stderr.write("check_plan: %s\n" % e)
        return 2

    scenarios = {s["id"]: s for s in inst.scenarios}
    passed = failed = checked = 0
    seen = set()
    for line, srow in summary.rows:
        sid = srow.get("scenario", "")
        status = srow.get("status", "").strip()
        problems = []
        value = None
        if sid in seen:
            problems.append("summary.csv line %d: scenario listed twice" % line)
        elif sid not in scenarios:
            problems.append("summary.csv line %d: not a scenario of the instance" % line)
        elif status not in ALL_STATUSES:
            problems.append("summary.csv: status '%s' is none of %s" % (status, ", ".join(ALL_STATUSES)))
        elif status in PLAN_STATUSES:
            problems, value = check_scenario(inst, scenarios[sid], srow,
                                             plans.get(sid, []), accts.get(sid, []))
        else:
            extra = []
            if plans.get(sid):
                extra.append("plan.csv has %d rows" % len(plans[sid]))
            if accts.get(sid):
                extra.append("accounts.csv has %d rows" % len(accts[sid]))
            if extra:
                problems.append("status %s, yet %s" % (status, " and ".join(extra)))
            else:
                print("# plan %s: status %s, no plan to check" % (sid, status))
                seen.add(sid)
                continue
        seen.add(sid)
        checked += 1
        if problems:
            failed += 1
            print("not ok - plan %s: %s" % (sid, "; ".join(problems)))
        else:
            passed += 1
            print("ok - plan %s valid, value %s" % (sid, fmt(value)))
    for name, rows in (("plan.csv", plans), ("accounts.csv", accts)):
        for sid in rows:
            if sid not in seen:
                checked += 1
                failed += 1
                print("not ok - plan %s: %s has %d rows for a scenario missing from summary.csv"
                      % (sid, name, len(rows[sid])))
                seen.add(sid)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
