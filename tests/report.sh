#!/bin/sh
# HTML reports (--report FILE.html on solve, evaluate and bench), end to end.
# Each report is rendered in headless Chromium from a copy into which this
# test (never the report) injects a probe: a script that counts each
# chart's marks (rect.bar, circle.point, circle.chosen), the chart texts
# that fall outside their chart, the page's scripts and any window error,
# and writes them into the DOM that --dump-dom prints. tests/check_report.py
# then compares the counts with what the CSV outputs of the same run imply
# (its docstring lists them: frontier points = scenarios with a plan in
# summary.csv, account bars = 2 x key accounts of the chosen scenario in
# accounts.csv, evaluation bars = 3 + 3 when there is an optimum, bench
# bars = rows with a value), and checks that the report is self-contained
# (no script, no http:// or https://), has no console error, prints no NaN,
# and names every account. Also: a hostile account name is escaped, and a
# report that cannot be written exits 4 and leaves nothing behind.
#
# Cases: the sample's five scenarios; --scenario; evaluate with
# models/habit-plan.csv; bench; a generated instance of 30 accounts; the
# same with a hostile name. QUICK=1 (the valgrind pass) renders the first
# and the evaluate and bench reports of one scenario only.
# Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
CHROMIUM=${CHROMIUM:-chromium}

# The probe: an error catcher at the top of <head>, and at the end of
# <body> a script that writes one line per chart, "NAME BARS POINTS CHOSEN
# OUTSIDE", then "errors N" and "scripts N", between PROBE-BEGIN and
# PROBE-END.
cat >"$tmp/probe-head" <<'EOF'
<script>window.kpErrors=[];window.addEventListener('error',function(e){kpErrors.push(String(e.message||e.type));},true);</script>
EOF
cat >"$tmp/probe-body" <<'EOF'
<script>(function(){
var out=[],cs=document.querySelectorAll('svg.chart');
for(var i=0;i<cs.length;i++){
 var c=cs[i],s=c.getBoundingClientRect(),t=c.querySelectorAll('text'),n=0;
 for(var j=0;j<t.length;j++){var r=t[j].getBoundingClientRect();
  if(r.left<s.left-1||r.right>s.right+1||r.top<s.top-1||r.bottom>s.bottom+1)n++;}
 out.push(c.getAttribute('data-chart')+' '+c.querySelectorAll('rect.bar').length+' '+
  c.querySelectorAll('circle.point').length+' '+c.querySelectorAll('circle.chosen').length+' '+n);
}
var p=document.createElement('pre');
p.textContent='\nPROBE-BEGIN\n'+out.join('\n')+'\nerrors '+window.kpErrors.length+
 '\nscripts '+document.scripts.length+'\nPROBE-END\n';
document.body.appendChild(p);})();</script>
EOF

# Renders report $1 (named $2) with the probe: $tmp/$2.dom and $tmp/$2.log.
render() {
    awk -v head="$tmp/probe-head" -v body="$tmp/probe-body" '
        $0 == "</body>" { while ((getline l < body) > 0) print l }
        { print }
        $0 == "<head>" { while ((getline l < head) > 0) print l }' "$1" >"$tmp/$2.probe.html"
    mkdir -p "$tmp/profile-$2"
    timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
        --user-data-dir="$tmp/profile-$2" --enable-logging=stderr --v=0 \
        --window-size=1280,2000 --dump-dom "file://$tmp/$2.probe.html" \
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
    # in the charts too, and to one of its contacts.
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
    for r in rows[1:]:
        if r[ref] == key:
            r[col] = evil
    csv.writer(open(path, "w", newline="")).writerows(rows)
EOF
    run "$tmp/hostile.html" 0 $KAMPLAN solve "$tmp/hostile" --out "$tmp/hostile-out" \
        --report "$tmp/hostile.html" --quiet &&
        check solve "$tmp/hostile.html" "$tmp/hostile-out" "$tmp/hostile"
    esc='&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Sons&quot; &#39;Ltd&#39;'
    n=$(grep -c -F "$esc" "$tmp/hostile.html")
    if [ "$n" -ge 3 ] && ! grep -q -i '<script' "$tmp/hostile.html"; then
        ok "a hostile name is escaped everywhere it appears ($n lines)"
    else
        bad "hostile name: $n escaped lines, raw: $(grep -c -i '<script' "$tmp/hostile.html")"
    fi
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
left=$(ls -A "$tmp/busy" | grep -c '^\.')
[ "$rc" -eq 4 ] && [ "$left" -eq 0 ] && [ -d "$tmp/busy/r.html/keep" ] &&
    [ -f "$tmp/busy/out/summary.csv" ] &&
    ok "a report onto a folder: exit 4, no temporary file, the folder and CSV files kept" ||
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
