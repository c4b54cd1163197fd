#!/bin/sh
# HTML reports (--report FILE.html on solve, evaluate and bench), end to end.
# Each report is rendered in headless Chromium from a copy into which this
# test (never the report) injects a probe: a script that counts each
# chart's marks (rect.bar, circle.point, circle.chosen, the chosen point's
# text.label.chosen), the chart texts that fall outside their chart, the
# pairs of chart texts that overlap and of a text over a point (boxes as
# the browser lays them out, so in the fonts it really uses), headline
# values that overflow or wrap in their card, whether the page is wider
# than the window, the page's scripts and any window error, and writes them
# into the DOM that --dump-dom prints. tests/check_report.py then compares
# the counts with what the CSV outputs of the same run imply (its
# docstring lists them: frontier points = scenarios with a plan in
# summary.csv, account bars = 2 x key accounts of the chosen scenario in
# accounts.csv, evaluation bars = 3 + 3 when there is an optimum, bench
# bars = rows with a value and a share of the optimum), wants every other
# count 0, and checks that the report is self-contained (no script, no
# http:// or https://), has no console error, prints no NaN, and names
# every account; from the report's SVG, that the solve report leads with
# the base scenario's summary, the evaluate report's broken rules come by
# value at stake (violations.csv's), largest first, in words, and every
# chart's axis starts at 0 with its units named. Also: a hostile account
# name is escaped, and a report
# that cannot be written exits 4 and leaves nothing behind.
#
# Cases: the sample's five scenarios; --scenario; evaluate with
# models/habit-plan.csv; bench; a generated instance of 30 accounts; the
# same with a hostile name and long names, 700 pixels wide; a 3 x 3 grid
# sweep; a 7-point budget sweep with --marginal; no budget at all, with
# values a thousand times the sample's; an infeasible chosen scenario
# (solve, bench, evaluate); a plan over its limits (evaluate); an empty
# plan. QUICK=1 (the valgrind pass) renders the first and the evaluate and
# bench reports of one scenario only.
# Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
CHROMIUM=${CHROMIUM:-chromium}

# The probe: an error catcher at the top of <head>, and at the end of
# <body> a script that writes one line per chart, "NAME BARS POINTS CHOSEN
# OUTSIDE TEXTTEXT TEXTPOINT CHOSENLABEL": its rect.bar, circle.point and
# circle.chosen; its texts that fall outside it; the pairs of its texts
# whose boxes overlap, and of a text and a circle.point; its
# text.label.chosen (the chosen point's label). Then "errors N",
# "scripts N", "cards N" (headline values that overflow their card or wrap)
# and "pagewide N" (1 when the page is wider than the window), between
# PROBE-BEGIN and PROBE-END. Boxes are the browser's
# (getBoundingClientRect), so they measure the fonts it really uses.
cat >"$tmp/probe-head" <<'EOF'
<script>window.kpErrors=[];window.addEventListener('error',function(e){kpErrors.push(String(e.message||e.type));},true);</script>
EOF
cat >"$tmp/probe-body" <<'EOF'
<script>(function(){
function hit(a,b){return Math.min(a.right,b.right)-Math.max(a.left,b.left)>0.5&&
 Math.min(a.bottom,b.bottom)-Math.max(a.top,b.top)>0.5;}
var out=[],cs=document.querySelectorAll('svg.chart');
for(var i=0;i<cs.length;i++){
 var c=cs[i],s=c.getBoundingClientRect(),t=c.querySelectorAll('text'),n=0,tt=0,tp=0,r=[];
 var pt=c.querySelectorAll('circle.point'),pr=[];
 for(var j=0;j<pt.length;j++)pr.push(pt[j].getBoundingClientRect());
 for(var j=0;j<t.length;j++){var b=t[j].getBoundingClientRect();
  if(b.width<=0||b.height<=0)continue;
  if(b.left<s.left-1||b.right>s.right+1||b.top<s.top-1||b.bottom>s.bottom+1)n++;
  for(var k=0;k<r.length;k++)if(hit(b,r[k]))tt++;
  for(var k=0;k<pr.length;k++)if(hit(b,pr[k]))tp++;
  r.push(b);}
 out.push(c.getAttribute('data-chart')+' '+c.querySelectorAll('rect.bar').length+' '+
  pt.length+' '+c.querySelectorAll('circle.chosen').length+' '+n+' '+tt+' '+tp+' '+
  c.querySelectorAll('text.label.chosen').length);
}
var cv=document.querySelectorAll('.card .v'),cards=0;
for(var j=0;j<cv.length;j++){var lh=parseFloat(getComputedStyle(cv[j]).lineHeight);
 if(cv[j].scrollWidth>cv[j].clientWidth+1||cv[j].getBoundingClientRect().height>lh*1.5)cards++;}
var wide=document.documentElement.scrollWidth>window.innerWidth+1?1:0;
var p=document.createElement('pre');
p.textContent='\nPROBE-BEGIN\n'+out.join('\n')+'\nerrors '+window.kpErrors.length+
 '\nscripts '+document.scripts.length+'\ncards '+cards+'\npagewide '+wide+'\nPROBE-END\n';
document.body.appendChild(p);})();</script>
EOF

# Renders report $1 (named $2) with the probe, $width pixels wide:
# $tmp/$2.dom and $tmp/$2.log.
width=1280
render() {
    awk -v head="$tmp/probe-head" -v body="$tmp/probe-body" '
        $0 == "</body>" { while ((getline l < body) > 0) print l }
        { print }
        $0 == "<head>" { while ((getline l < head) > 0) print l }' "$1" >"$tmp/$2.probe.html"
    mkdir -p "$tmp/profile-$2"
    timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
        --user-data-dir="$tmp/profile-$2" --enable-logging=stderr --v=0 \
        --window-size=$width,2000 --dump-dom "file://$tmp/$2.probe.html" \
        >"$tmp/$2.dom" 2>"$tmp/$2.log"
}

# Renders and checks one report: KIND REPORT OUTDIR INSTANCE [SCENARIO].
check() {
    name=$(basename "$2" .html)
    if ! render "$2" "$name"; then
        bad "$1 report $name: Chromium failed: $(tail -3 "$tmp/$name.log" | tr '\n' ' ')"
        return
    fi
    kind=$1
    shift 2
    $PYTHON tests/check_report.py "$kind" "$tmp/$name.html" "$tmp/$name.dom" \
        "$tmp/$name.log" "$@" >"$tmp/check" 2>&1 ||
        echo "not ok - $kind report $name: check_report.py failed" >>"$tmp/check"
    cat "$tmp/check"
    pass=$((pass + $(grep -c '^ok - ' "$tmp/check")))
    fail=$((fail + $(grep -c '^not ok - ' "$tmp/check")))
}

# Runs a command that must write report $1 and exit with one of the codes
# listed in $2 (e.g. "0 3"); the command follows.
run() {
    report=$1
    codes=$2
    shift 2
    "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    rc=$?
    case " $codes " in
    *" $rc "*) [ -s "$report" ] && return 0 ;;
    esac
    bad "$(basename "$report"): exit $rc (expected $codes), stderr: $(head -3 "$tmp/stderr")"
    return 1
}

if ! command -v "$CHROMIUM" >/dev/null 2>&1; then
    bad "$CHROMIUM not found: make deps installs it"
    finish
    exit
fi

# The sample, every scenario: the first one is the report's.
run "$tmp/all.html" 0 $KAMPLAN solve models/sample --out "$tmp/all" --report "$tmp/all.html" &&
    check solve "$tmp/all.html" "$tmp/all" models/sample
grep -q "^wrote $tmp/all.html\$" "$tmp/stdout" && ok "solve says where the report is" ||
    bad "solve did not print 'wrote $tmp/all.html'"

# solve --why: the section "Why this plan" right after the headline (before
# the frontier), one row per line of why.csv; the page passes every check.
# Not under valgrind: its 64 re-solves would take minutes there.
case "$KAMPLAN" in *valgrind*) ;; *)
run "$tmp/why.html" 0 $KAMPLAN solve models/sample --scenario base --why --quiet \
    --out "$tmp/why" --report "$tmp/why.html" &&
    check solve "$tmp/why.html" "$tmp/why" models/sample base ;;
esac
if [ -s "$tmp/why.html" ] && [ -s "$tmp/why/why.csv" ]; then
    $PYTHON - "$tmp/why.html" "$tmp/why/why.csv" <<'PY' && ok "solve --why: the reasons section follows the headline, a row per why.csv line" || bad "solve --why: the reasons section is missing, misplaced or short"
import csv, re, sys
page = open(sys.argv[1]).read()
rows = list(csv.DictReader(open(sys.argv[2])))
sections = re.findall(r'<section[^>]*>\s*<h2>([^<]*)</h2>', page)
at = page.find('<section id="why">')
body = page[at:page.find('</section>', at)]
sys.exit(0 if at > 0 and len(sections) > 2 and sections[0].startswith("Scenario") and
         sections[1] == "Why this plan" and body.count("<tr><td") == len(rows) > 0 else 1)
PY
fi

# A plain solve (no --why): the same section, each account's reason in
# the words of `why` without its re-solve (why.csv's reason starts with
# it), no cost but the hint to run --why; key accounts first by their
# value in the plan (accounts.csv), then those that can be key, then
# those that cannot, each group in file order; past the first 10, the
# rest collapsed. (why.csv is solve --why's above; under valgrind, where
# that is not run, only the section's place and rows are checked.)
if [ -s "$tmp/all.html" ] && [ ! -s "$tmp/why/why.csv" ]; then
    $PYTHON - "$tmp/all.html" <<'PY' && ok "solve without --why: the reasons in words after the headline" || bad "solve without --why: no reasons after the headline"
import re, sys
page = open(sys.argv[1]).read()
at = page.find('<section id="why">')
body = page[at:page.find('</section>', at)]
sections = re.findall(r'<section[^>]*>\s*<h2>([^<]*)</h2>', page)
sys.exit(0 if at > 0 and sections[1] == "Why this plan" and body.count('<tr><td class="acc">') == 12 else 1)
PY
elif [ -s "$tmp/all.html" ]; then
    $PYTHON - "$tmp/all.html" "$tmp/why/why.csv" "$tmp/all/accounts.csv" <<'PY' && ok "solve without --why: every account's reason in words after the headline, sorted by value at stake, the rest collapsed" || bad "solve without --why: the reasons in words are missing, wrong or unsorted"
import csv, html, re, sys
page = open(sys.argv[1]).read()
why = {r["id"]: r for r in csv.DictReader(open(sys.argv[2])) if r["subject"] == "account"}
accs = [r for r in csv.DictReader(open(sys.argv[3])) if r["scenario"] == "base"]
sections = re.findall(r'<section[^>]*>\s*<h2>([^<]*)</h2>', page)
at = page.find('<section id="why">')
body = page[at:page.find('</section>', at)]
rows = re.findall(r'<tr><td class="acc">([^<]*)</td><td>([^<]*)</td><td>[^<]*</td>'
                  r'<td class="n[^"]*">[^<]*</td><td class="muted">([^<]*)</td>'
                  r'<td class="why">([^<]*)</td></tr>', body)
ids = [html.unescape(r[0]) for r in rows]
value = {a["account_id"]: float(a["value"] or 0) for a in accs}
order = {"key": 0, "not_key": 1, "cannot_be_key": 2}
pos = {i: n for n, i in enumerate(why)}
want = sorted(why, key=lambda i: (order[why[i]["decision"]],
              -value[i] if why[i]["decision"] == "key" else 0, pos[i]))
words = all(why[html.unescape(i)]["reason"].startswith(html.unescape(w) + ".") or
            why[html.unescape(i)]["reason"] == html.unescape(w) for i, _, _, w in rows)
hint = all((c == "run with --why for the exact cost") == (why[html.unescape(i)]["opposite"] != "")
           for i, _, c, _ in rows)
folded = body.find("<details>")
ok = (at > 0 and sections[:2] == ["Scenario base", "Why this plan"] and ids == want and
      len(ids) == 12 and words and hint and "why.csv" not in page and
      folded > 0 and body[:folded].count("<tr><td") == 10 and "Dropping" not in body)
if not ok:
    print(ids, want, words, hint, folded, sections[:2], file=sys.stderr)
sys.exit(0 if ok else 1)
PY
else
    bad "solve without --why: no report or no why.csv to compare"
fi

# A replan's report (hours down 15 %, against the base plan): the
# headline's extra cards and its table of changes pass every check too
# (tests/replan.sh compares their figures with summary.csv). Not under
# valgrind, as tests/replan.sh.
case "$KAMPLAN" in *valgrind*) ;; *)
$KAMPLAN solve models/sample --scenario base --gap 0 --quiet --out "$tmp/announced"
run "$tmp/replan.html" 0 $KAMPLAN solve models/sample --sweep hours=408:408:1 --gap 0 \
    --from "$tmp/announced/plan.csv" --max-changes 4 --change-cost 500 --quiet \
    --out "$tmp/replan" --report "$tmp/replan.html" &&
    check solve "$tmp/replan.html" "$tmp/replan" models/sample hours=408 ;;
esac

if [ "${QUICK:-0}" = 1 ]; then
    only="--scenario base"
else
    only=
    # One scenario asked for: it is the chosen one, and the only point.
    run "$tmp/fewer.html" 0 $KAMPLAN solve models/sample --scenario fewer-key-accounts \
        --out "$tmp/fewer" --report "$tmp/fewer.html" --quiet &&
        check solve "$tmp/fewer.html" "$tmp/fewer" models/sample fewer-key-accounts
fi

# The habit plan breaks rules (exit 6); the report still shows it all.
run "$tmp/evaluate.html" 6 $KAMPLAN evaluate models/sample --plan models/habit-plan.csv \
    $only --out "$tmp/evaluate" --report "$tmp/evaluate.html" --quiet &&
    check evaluate "$tmp/evaluate.html" "$tmp/evaluate" models/sample
run "$tmp/bench.html" 0 $KAMPLAN bench models/sample $only --out "$tmp/bench" \
    --report "$tmp/bench.html" --quiet &&
    check bench "$tmp/bench.html" "$tmp/bench" models/sample

if [ "${QUICK:-0}" != 1 ]; then
    # A generated instance of 30 accounts.
    $KAMPLAN generate --accounts 30 --seed 3 "$tmp/gen" >/dev/null 2>&1
    run "$tmp/gen.html" 0 $KAMPLAN solve "$tmp/gen" --out "$tmp/gen-out" \
        --report "$tmp/gen.html" --quiet &&
        check solve "$tmp/gen.html" "$tmp/gen-out" "$tmp/gen"

    # A hostile name, given to a key account of that plan so that it shows
    # in the charts too, and to one of its contacts; and long names, one
    # without a space, to two other accounts. Rendered 700 pixels wide:
    # wide tables scroll in their card, the page does not.
    cp -r "$tmp/gen" "$tmp/hostile"
    $PYTHON - "$tmp/hostile" "$tmp/gen-out/accounts.csv" <<'EOF'
import csv, sys
folder, accounts = sys.argv[1], sys.argv[2]
key = next(r["account_id"] for r in csv.DictReader(open(accounts)) if r["key"] == "1")
evil = "<script>alert(1)</script> & \"Sons\" 'Ltd'"
for name in ("accounts.csv", "contacts.csv"):
    path = folder + "/" + name
    rows = list(csv.reader(open(path, newline="")))
    col = rows[0].index("name")
    ref = rows[0].index("id" if name == "accounts.csv" else "account_id")
    others = [r for r in rows[1:] if r[ref] != key]
    for r in rows[1:]:
        if r[ref] == key:
            r[col] = evil
    if name == "accounts.csv":
        others[0][col] = "Consolidated" * 10 + "Holdings"
        others[1][col] = "The Very Long Named International Federation of " * 3 + "Ltd"
    csv.writer(open(path, "w", newline="")).writerows(rows)
EOF
    width=700
    run "$tmp/hostile.html" 0 $KAMPLAN solve "$tmp/hostile" --out "$tmp/hostile-out" \
        --report "$tmp/hostile.html" --quiet &&
        check solve "$tmp/hostile.html" "$tmp/hostile-out" "$tmp/hostile"
    width=1280
    esc='&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Sons&quot; &#39;Ltd&#39;'
    n=$(grep -c -F "$esc" "$tmp/hostile.html")
    if [ "$n" -ge 3 ] && ! grep -q -i '<script' "$tmp/hostile.html"; then
        ok "a hostile name is escaped everywhere it appears ($n lines)"
    else
        bad "hostile name: $n escaped lines, raw: $(grep -c -i '<script' "$tmp/hostile.html")"
    fi

    # Sweeps: a 3 x 3 grid (long labels, points on top of each other) and
    # seven budgets with --marginal (labels at the right edge). The probe
    # checks that no label leaves its chart, overlaps another or a point,
    # and that the chosen scenario's label shows.
    run "$tmp/grid.html" 0 $KAMPLAN solve models/sample --sweep hours=400:560:3 \
        --sweep budget=40000:60000:3 --out "$tmp/grid" --report "$tmp/grid.html" --quiet &&
        check solve "$tmp/grid.html" "$tmp/grid" models/sample
    run "$tmp/sweep7.html" 0 $KAMPLAN solve models/sample --sweep budget=20000:80000:7 \
        --marginal --out "$tmp/sweep7" --report "$tmp/sweep7.html" --quiet &&
        check solve "$tmp/sweep7.html" "$tmp/sweep7" models/sample

    # No budget at all (policy and scenarios), and every value a thousand
    # times the sample's: an unlimited budget, and headline values too long
    # for the card's usual font.
    mkdir -p "$tmp/unl"
    $PYTHON - models/sample "$tmp/unl" <<'EOF'
import csv, sys
src, dst = sys.argv[1], sys.argv[2]
def copy(name, keep=lambda row: True, drop=(), scale=()):
    rows = list(csv.reader(open(src + "/" + name, newline="", encoding="utf-8")))
    cols = [i for i, h in enumerate(rows[0]) if h not in drop]
    out = []
    for r in rows:
        if not keep(r):
            continue
        r = [r[i] for i in cols]
        if out:
            for h in scale:
                i = [x.strip().lower() for x in out[0]].index(h)
                r[i] = str(float(r[i]) * 1000) if r[i] else r[i]
        out.append(r)
    csv.writer(open(dst + "/" + name, "w", newline="", encoding="utf-8")).writerows(out)
copy("policy.csv", keep=lambda r: r[0] != "budget")
copy("scenarios.csv", drop=("budget", "budget_scale"))
copy("activities.csv", scale=("value",))
copy("objectives.csv", scale=("value",))
copy("accounts.csv")
copy("contacts.csv")
EOF
    run "$tmp/unl.html" 0 $KAMPLAN solve "$tmp/unl" --out "$tmp/unl-out" \
        --report "$tmp/unl.html" --quiet &&
        check solve "$tmp/unl.html" "$tmp/unl-out" "$tmp/unl"
    grep -q 'of an unlimited budget' "$tmp/unl.html" &&
        ok "unlimited budget: the headline says so" ||
        bad "unlimited budget: no 'of an unlimited budget' in the headline"

    # A scenario no plan can meet (budget 10, but AUR must be key): the
    # solve report of it says so, with no point; bench draws no bar for heuristics that
    # cannot be compared with an optimum; evaluate shows the explanation.
    cp -r models/sample "$tmp/inf"
    printf 'id,budget\nbase,\ntight,10\n' >"$tmp/inf/scenarios.csv"
    run "$tmp/infeasible.html" 3 $KAMPLAN solve "$tmp/inf" --scenario tight \
        --out "$tmp/inf-out" --report "$tmp/infeasible.html" --quiet &&
        check solve "$tmp/infeasible.html" "$tmp/inf-out" "$tmp/inf" tight
    grep -q 'badge no.*infeasible' "$tmp/infeasible.html" &&
        grep -q 'no plan meets every rule' "$tmp/infeasible.html" &&
        grep -q 'No scenario has a plan' "$tmp/infeasible.html" &&
        ok "infeasible chosen scenario: the report says so" ||
        bad "infeasible chosen scenario: no badge, message or empty chart in the report"
    run "$tmp/bench-inf.html" 3 $KAMPLAN bench "$tmp/inf" --out "$tmp/bench-inf" \
        --report "$tmp/bench-inf.html" --quiet &&
        check bench "$tmp/bench-inf.html" "$tmp/bench-inf" "$tmp/inf"
    n=$(grep -c 'breaks rules: no optimum to compare with' "$tmp/bench-inf.html")
    [ "$n" -eq 4 ] && ok "bench: heuristics without an optimum get a note, not a bar" ||
        bad "bench: $n notes for heuristics without an optimum (want 4)"
    run "$tmp/eval-inf.html" 6 $KAMPLAN evaluate "$tmp/inf" --plan models/habit-plan.csv \
        --out "$tmp/eval-inf" --report "$tmp/eval-inf.html" --quiet &&
        check evaluate "$tmp/eval-inf.html" "$tmp/eval-inf" "$tmp/inf"

    # A plan over the limits of the scenario it is judged in: its value is
    # not comparable, and no "worth -N more" phrase.
    $KAMPLAN solve models/sample --scenario extra-hours --out "$tmp/eh" --quiet
    cut -d, -f3,5 "$tmp/eh/plan.csv" >"$tmp/eh-plan.csv"
    run "$tmp/eval-over.html" 6 $KAMPLAN evaluate models/sample --plan "$tmp/eh-plan.csv" \
        --scenario base --out "$tmp/eval-over" --report "$tmp/eval-over.html" --quiet &&
        check evaluate "$tmp/eval-over.html" "$tmp/eval-over" models/sample
    if grep -q 'Your plan breaks rules, so its value could not be had' "$tmp/eval-over.html" &&
        ! grep -q -i 'worth -\|worth &minus;\|worth \xe2\x88\x92' "$tmp/eval-over.html"; then
        ok "a plan over its limits: not compared, no negative 'worth'"
    else
        bad "a plan over its limits: $(grep -o '<p class="lead">[^<]*worth[^<]*' "$tmp/eval-over.html")"
    fi

    # An empty plan: no account must be key, and no hours.
    cp -r models/sample "$tmp/empty"
    sed 's/,key$/,auto/' models/sample/accounts.csv >"$tmp/empty/accounts.csv"
    printf 'id,hours\nidle,0\nbase,\n' >"$tmp/empty/scenarios.csv"
    run "$tmp/empty.html" 0 $KAMPLAN solve "$tmp/empty" --out "$tmp/empty-out" \
        --report "$tmp/empty.html" --quiet &&
        check solve "$tmp/empty.html" "$tmp/empty-out" "$tmp/empty"
    grep -q 'The plan has no key account' "$tmp/empty.html" &&
        ok "an empty plan: the report says it has no key account" ||
        bad "an empty plan: no 'The plan has no key account' in the report"
fi

# A report that cannot be written: exit 4, the message, nothing left.
$KAMPLAN solve models/sample --scenario fewer-key-accounts --report "$tmp/no/such/r.html" \
    --quiet 2>"$tmp/err"
rc=$?
[ "$rc" -eq 4 ] && [ ! -e "$tmp/no" ] && grep -q "$tmp/no/such/r.html" "$tmp/err" &&
    ok "a report into a missing folder: exit 4, the message, nothing made" ||
    bad "missing folder: exit $rc, stderr: $(cat "$tmp/err")"
mkdir -p "$tmp/busy/r.html/keep"
$KAMPLAN solve models/sample --scenario fewer-key-accounts --out "$tmp/busy/out" \
    --report "$tmp/busy/r.html" --quiet 2>"$tmp/err"
rc=$?
# The output folder's lock file (.out.lock, taken before the report's
# path is checked) stays by design; nothing else may.
left=$(ls -A "$tmp/busy" | grep -v '^\.out\.lock$' | grep -c '^\.')
[ "$rc" -eq 4 ] && [ "$left" -eq 0 ] && [ -d "$tmp/busy/r.html/keep" ] &&
    [ ! -e "$tmp/busy/out" ] && grep -q "exists and is not a regular file" "$tmp/err" &&
    ok "a report onto a folder: refused before solving (exit 4), nothing written" ||
    bad "report onto a folder: exit $rc, left: $(ls -A "$tmp/busy")"
echo old >"$tmp/file"
for cmd in "evaluate models/sample --plan models/habit-plan.csv" "bench models/sample"; do
    $KAMPLAN $cmd --scenario fewer-key-accounts --report "$tmp/file/r.html" --quiet 2>"$tmp/err"
    rc=$?
    [ "$rc" -eq 4 ] && [ "$(cat "$tmp/file")" = old ] &&
        ok "${cmd%% *}: a report it cannot write exits 4" ||
        bad "${cmd%% *}: unwritable report: exit $rc, stderr: $(cat "$tmp/err")"
done

finish
