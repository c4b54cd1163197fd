#!/bin/sh
# Sampled futures (models/README.md, "Sampled futures"): a tiny instance
# whose only rules are the hours and the budget, so that
# tests/check_robustness.py can draw every sample's values again and brute
# force each sample's optimum; robustness.csv must agree with it
# (frequencies, the base plan's value and percentiles, regret). The same
# seed gives the same file byte for byte (any thread count), another seed
# another; the default seed is recorded; ranges of zero width give regret
# 0 and frequencies 0 or 1; sampled scenarios stay out of summary.csv and
# plan.csv, whose rows are those of a run without samples; --scenario
# takes its samples along; JSON and the report carry it; bad ranges and
# samples are errors at FILE:LINE with the column; under mpirun (1, 2, 3
# ranks) robustness.csv is the single process's, byte for byte. Prints one
# line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"

# Samples of the two sampled scenarios: fewer under valgrind (a command
# line), whose every solve is some 20 times slower.
case $KAMPLAN in
    *" "*) NB=10 NT=6 ;;
    *) NB=40 NT=30 ;;
esac
inst=$tmp/tiny
mkdir -p "$inst"
cat >"$inst/accounts.csv" <<'EOF'
id
A1
A2
A3
EOF
cat >"$inst/policy.csv" <<'EOF'
key,value
hours,20
budget,1000
min_contacts,0
require_entrenched,no
EOF
cat >"$inst/activities.csv" <<'EOF'
id,account_id,hours,cost,value,value_low,value_high,value_sd
a1,A1,5,100,900,600,1300,
a2,A1,4,200,700,,,250
a3,A2,6,150,1000,500,1200,
a4,A2,3,50,420,,,
a5,A2,7,300,1100,,,400
a6,A3,2,80,260,100,500,
a7,A3,5,120,640,,,
a8,A3,8,250,1300,900,1800,
EOF
printf 'id,hours,samples\nbase,,%s\ntight,12,%s\nplain,15,\n' $NB $NT >"$inst/scenarios.csv"

run() { $KAMPLAN solve "$@" -q --gap 0 2>"$tmp/err"; }

# ---- robustness.csv against brute force -----------------------------------
run "$inst" --out "$tmp/o1" --seed 7 -j 1
rc=$?
[ "$rc" -eq 0 ] && [ -f "$tmp/o1/robustness.csv" ] && ok "sampled batch: exit 0, robustness.csv written" \
    || bad "sampled batch: exit $rc: $(head -3 "$tmp/err")"
if $PYTHON tests/check_robustness.py "$inst" "$tmp/o1/robustness.csv" >"$tmp/chk" 2>&1; then
    ok "robustness.csv agrees with brute force ($(tail -1 "$tmp/chk"))"
else
    bad "robustness.csv against brute force: $(head -5 "$tmp/chk")"
fi
# The checker is not a rubber stamp: one frequency changed.
awk -F, 'BEGIN { OFS = "," } $6 == "activity" && !done { $10 = $10 + 0.25; done = 1 } { print }' \
    "$tmp/o1/robustness.csv" >"$tmp/broken.csv"
$PYTHON tests/check_robustness.py "$inst" "$tmp/broken.csv" >/dev/null 2>&1 \
    && bad "check_robustness.py accepts a changed frequency" \
    || ok "check_robustness.py rejects a changed frequency"
rows=$(grep -c . "$tmp/o1/robustness.csv")
# Header, then per sampled scenario: its plan, 3 accounts, 8 activities.
[ "$rows" -eq 25 ] && ok "robustness.csv: a plan, account and activity rows per sampled scenario" \
    || bad "robustness.csv has $rows lines, expected 25"
grep -q "^base,7,$NB,$NB,$NB,plan," "$tmp/o1/robustness.csv" \
    && ok "robustness.csv records the seed and $NB of $NB samples solved, optimal" \
    || bad "plan row: $(grep ',plan,' "$tmp/o1/robustness.csv" | head -1)"

# ---- what solve prints: a line per sampled scenario, one warning ---------
$KAMPLAN solve "$inst" --seed 7 -j 1 >"$tmp/p.out" 2>"$tmp/p.err"
grep -q "^scenario base: $NB sampled futures, $NB with a plan (robustness.csv)$" "$tmp/p.out" &&
    grep -q "^scenario tight: $NT sampled futures, $NT with a plan" "$tmp/p.out" &&
    ! grep -q '~' "$tmp/p.out" \
    && ok "solve prints one line per sampled scenario, no sample's own" \
    || bad "solve's text: $(grep sampled "$tmp/p.out")"
$KAMPLAN solve "$inst" --seed 7 -j 1 -q --total-time-limit 0.000001 >/dev/null 2>"$tmp/p.err"
rc=$?
w=$(grep -c 'sampled futures have no plan' "$tmp/p.err")
[ "$rc" -eq 3 ] && [ "$w" -eq 2 ] && [ "$(grep -c '~' "$tmp/p.err")" -eq 2 ] \
    && ok "samples not run: exit 3, one warning per sampled scenario" \
    || bad "samples not run: exit $rc, $w warnings: $(head -3 "$tmp/p.err")"

# ---- the same seed, another seed, the default seed -----------------------
run "$inst" --out "$tmp/o2" --seed 7 -j 2
cmp -s "$tmp/o1/robustness.csv" "$tmp/o2/robustness.csv" \
    && ok "the same seed (1 and 2 threads): robustness.csv byte for byte the same" \
    || bad "the same seed gave another robustness.csv"
run "$inst" --out "$tmp/o3" --seed 8 -j 1
cmp -s "$tmp/o1/robustness.csv" "$tmp/o3/robustness.csv" \
    && bad "seed 8 gave seed 7's robustness.csv" \
    || ok "another seed: another robustness.csv"
$PYTHON tests/check_robustness.py "$inst" "$tmp/o3/robustness.csv" >"$tmp/chk" 2>&1 \
    && ok "seed 8 agrees with brute force too" || bad "seed 8: $(head -3 "$tmp/chk")"
run "$inst" --out "$tmp/o4" -j 1
grep -q '^base,20260101,' "$tmp/o4/robustness.csv" \
    && ok "without --seed: the default seed 20260101 is recorded" \
    || bad "default seed: $(sed -n 2p "$tmp/o4/robustness.csv")"
$KAMPLAN solve "$inst" --seed -3 --out "$tmp/o5" -q >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] && grep -q "seed: '-3' is not a whole number" "$tmp/err" \
    && ok "--seed -3: a usage error" || bad "--seed -3: exit $rc: $(cat "$tmp/err")"

# ---- sampled scenarios stay out of the other files ------------------------
mkdir -p "$tmp/nos"
cp "$inst"/*.csv "$tmp/nos/"
printf 'id,hours\nbase,\ntight,12\nplain,15\n' >"$tmp/nos/scenarios.csv"
run "$tmp/nos" --out "$tmp/n1" -j 1
same=1
for f in plan.csv accounts.csv frontier.csv changes.csv; do
    cmp -s "$tmp/n1/$f" "$tmp/o1/$f" || same=0
done
cut -d, -f1-11 "$tmp/n1/summary.csv" >"$tmp/s.n"
cut -d, -f1-11 "$tmp/o1/summary.csv" >"$tmp/s.o"
cmp -s "$tmp/s.n" "$tmp/s.o" || same=0
[ "$same" = 1 ] && ok "summary, plan, accounts, frontier and changes are a run's without samples" \
    || bad "sampled run's other files differ from a run without samples"
[ ! -e "$tmp/n1/robustness.csv" ] && ok "without samples no robustness.csv" \
    || bad "robustness.csv written without samples"
grep -q '~' "$tmp/o1/summary.csv" "$tmp/o1/plan.csv" && bad "a sampled scenario in summary.csv or plan.csv" \
    || ok "no sampled scenario in summary.csv or plan.csv"

# ---- --scenario takes its samples along ----------------------------------
run "$inst" --scenario tight --out "$tmp/t1" --seed 7 -j 1
grep -v '^tight,' "$tmp/o1/robustness.csv" | sed 1d >"$tmp/rest"
grep '^tight,' "$tmp/o1/robustness.csv" >"$tmp/tight.want"
sed 1d "$tmp/t1/robustness.csv" >"$tmp/tight.got"
cmp -s "$tmp/tight.want" "$tmp/tight.got" \
    && ok "--scenario tight: its samples' rows, as in the whole batch" \
    || bad "--scenario tight: $(diff "$tmp/tight.want" "$tmp/tight.got" | head -3)"

# ---- ranges of zero width: every sample is the base ----------------------
mkdir -p "$tmp/zero"
cp "$inst"/*.csv "$tmp/zero/"
awk -F, 'BEGIN { OFS = "," } NR == 1 { print; next }
    $6 != "" { $6 = $5; $7 = $5 } $8 != "" { $8 = 0 } { print }' \
    "$inst/activities.csv" >"$tmp/zero/activities.csv"
run "$tmp/zero" --out "$tmp/z" -j 1
awk -F, 'NR > 1 && $6 == "plan" && ($15 != 0 || $16 != 0) { bad++ }
    NR > 1 && $6 != "plan" && $10 != $9 { bad++ }
    NR > 1 && $6 != "plan" && $10 != 0 && $10 != 1 { bad++ }
    END { exit bad > 0 }' "$tmp/z/robustness.csv" \
    && ok "ranges of zero width: regret 0, each frequency 0 or 1 as in the base plan" \
    || bad "zero width: $(grep ',plan,' "$tmp/z/robustness.csv")"

# ---- JSON and the report --------------------------------------------------
$KAMPLAN solve "$inst" --seed 7 --gap 0 -j 1 --format json --out "$tmp/j" >"$tmp/j.json" 2>/dev/null
$PYTHON tests/check_json.py "$tmp/j.json" "$tmp/j" >"$tmp/cj" 2>&1 \
    && grep -q '"robustness"' "$tmp/j.json" \
    && ok "--format json: robustness rows, as robustness.csv" || bad "JSON: $(head -3 "$tmp/cj")"
$KAMPLAN solve "$inst" --seed 7 --gap 0 -j 1 -q --report "$tmp/r.html" 2>/dev/null
grep -q 'id="futures"' "$tmp/r.html" && grep -q 'data-chart="futures-frequency" data-scenario="tight"' "$tmp/r.html" \
    && ok "the report has the sampled futures' section, both scenarios' charts" \
    || bad "report: no sampled futures section"
# The histogram of base's plan counts each of its samples once.
n=$(sed -n '/data-chart="futures-value" data-scenario="base"/,/<\/svg>/p' "$tmp/r.html" |
    sed -n 's/.*Samples (count) \([0-9]*\)<.*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
[ "$n" = "$NB" ] && ok "the report's histogram counts base's $NB samples" \
    || bad "the report's histogram counts $n samples, expected $NB"
grep -qiE '>(nan|-?inf)<|NaN' "$tmp/r.html" && bad "the report prints NaN or infinity" \
    || ok "the report prints no NaN or infinity"

# ---- bad input: FILE:LINE and the column ----------------------------------
# bad_case NAME SED-ON-activities.csv-OR-scenarios.csv FILE EXPECTED
bad_case() {
    rm -rf "$tmp/b"
    mkdir -p "$tmp/b"
    cp "$inst"/*.csv "$tmp/b/"
    sed -i "$2" "$tmp/b/$3"
    $KAMPLAN solve "$tmp/b" --out "$tmp/bo" -q >/dev/null 2>"$tmp/berr"
    rc=$?
    if [ "$rc" -eq 1 ] && grep -qF "$4" "$tmp/berr"; then
        ok "$1: $4"
    else
        bad "$1: exit $rc: $(head -2 "$tmp/berr")"
    fi
}
bad_case "value_low without value_high" '2s/,1300,$/,,/' activities.csv \
    "activities.csv:2: column 'value_high': missing"
bad_case "value_high without value_low" '4s/,500,1200,$/,,1200,/' activities.csv \
    "activities.csv:4: column 'value_low': missing"
bad_case "value_low above the value" '2s/,600,/,950,/' activities.csv \
    "activities.csv:2: column 'value_low': 950 is above the value 900"
bad_case "value_high below the value" '9s/,1800,$/,1200,/' activities.csv \
    "activities.csv:9: column 'value_high': 1200 is below the value 1300"
bad_case "a negative value_sd" '3s/,250$/,-1/' activities.csv \
    "activities.csv:3: column 'value_sd'"
bad_case "value_sd with value_low and value_high" '2s/,1300,$/,1300,50/' activities.csv \
    "activities.csv:2: column 'value_sd': 50 given with value_low and value_high"
bad_case "value_low not a number" '2s/,600,/,6x,/' activities.csv \
    "activities.csv:2: column 'value_low': \"6x\" is not a number"
bad_case "samples not whole" "2s/,$NB\$/,1.5/" scenarios.csv "scenarios.csv:2: column 'samples'"
bad_case "samples negative" "3s/,$NT\$/,-2/" scenarios.csv "scenarios.csv:3: column 'samples'"
bad_case "samples over the limit" "2s/,$NB\$/,100001/" scenarios.csv "scenarios.csv:2: column 'samples'"

# Two scenarios of 60000 samples: more than a run's 100000 scenarios.
rm -rf "$tmp/b"
mkdir -p "$tmp/b"
cp "$inst"/*.csv "$tmp/b/"
printf 'id,samples\nx,60000\ny,60000\n' >"$tmp/b/scenarios.csv"
$KAMPLAN solve "$tmp/b" --out "$tmp/bo" -q >/dev/null 2>"$tmp/berr"
rc=$?
[ "$rc" -eq 1 ] && grep -q "scenarios.csv: column 'samples': 2 scenarios with their 120000 samples; at most 100000" "$tmp/berr" \
    && ok "120000 samples in all: an error naming scenarios.csv, nothing solved" \
    || bad "120000 samples: exit $rc: $(head -2 "$tmp/berr")"
[ ! -e "$tmp/bo" ] && ok "too many samples: no output folder" || bad "too many samples wrote $tmp/bo"

# ---- under mpirun: 1, 2 and 3 ranks give the single process's file -------
mpi_ok=1
case $KAMPLAN in *" "*) mpi_ok=0 ;; esac
command -v mpirun >/dev/null 2>&1 || mpi_ok=0
ldd "$KAMPLAN" 2>/dev/null | grep -q 'libmpi' || mpi_ok=0
if [ "$mpi_ok" = 1 ]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
    for n in 1 2 3; do
        mpirun --oversubscribe -n $n "$KAMPLAN" solve "$inst" --seed 7 --gap 0 -j 1 -q \
            --out "$tmp/m$n" 2>"$tmp/m$n.err"
        rc=$?
        if [ "$rc" -eq 0 ] && cmp -s "$tmp/o1/robustness.csv" "$tmp/m$n/robustness.csv" &&
            $PYTHON tests/check_same_sets.py "$tmp/o1" "$tmp/m$n" >/dev/null 2>&1; then
            ok "mpirun -n $n: robustness.csv byte for byte one process's, the other files too"
        else
            bad "mpirun -n $n: exit $rc: $(head -2 "$tmp/m$n.err") $(diff "$tmp/o1/robustness.csv" "$tmp/m$n/robustness.csv" | head -2)"
        fi
    done
    # bench spreads its scenarios over the ranks (tests/mpi.sh); --reuse is
    # not used across ranks, so the set is a single process's without it.
    $KAMPLAN bench "$inst" --scenario base --out "$tmp/bref" -q 2>/dev/null
    mpirun --oversubscribe -n 2 "$KAMPLAN" bench "$inst" --scenario base --out "$tmp/b2" -q 2>/dev/null
    $PYTHON tests/check_same_sets.py "$tmp/bref" "$tmp/b2" >/dev/null 2>&1 \
        && ok "bench under mpirun -n 2: bench.csv is one process's" \
        || bad "bench under mpirun -n 2 differs from one process's"
    $KAMPLAN solve "$tmp/nos" --sweep hours=8:24:6 --gap 0 -j 1 -q --out "$tmp/u0" 2>/dev/null
    mpirun --oversubscribe -n 2 "$KAMPLAN" solve "$tmp/nos" --sweep hours=8:24:6 --reuse \
        --gap 0 -j 1 -q --out "$tmp/u2" 2>"$tmp/u2.err"
    grep -q -- "--reuse is not used across 2 ranks" "$tmp/u2.err" &&
        $PYTHON tests/check_same_sets.py "$tmp/u0" "$tmp/u2" >/dev/null 2>&1 \
        && ok "--reuse under mpirun -n 2: said, and the set is one process's without --reuse" \
        || bad "--reuse under mpirun -n 2: $(head -2 "$tmp/u2.err")"
else
    echo "ok # skip: mpirun runs (no mpirun, the plain build, or a command-line prefix)"
fi
# Replanned with --change-cost, ranges of zero width: every sample is the
# base, whose optimum has paid for its changes as each sample's has, so
# the regret is exactly 0 (it was minus the changes' cost), and base_value
# is the plan's value (summary.csv's value), as the samples' values are.
printf 'scenario,activity_id,count\nbase,a4,1\nbase,a6,1\n' >"$tmp/prev.csv"
$KAMPLAN solve "$tmp/zero" --scenario base --from "$tmp/prev.csv" --change-cost 300 \
    --seed 3 -q --gap 0 --out "$tmp/cc" 2>"$tmp/err"
got=$(awk -F, '$6 == "plan" { print $11, $12, $15, $16 }' "$tmp/cc/robustness.csv")
sum=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "value") v = i; if ($i == "changes") c = i } }
      NR == 2 { print $v, $c }' "$tmp/cc/summary.csv")
set -- $got $sum
if [ $# -eq 6 ] && [ "$1" = "$5" ] && [ "$2" = "$5" ] && [ "$3" = 0 ] && [ "$4" = 0 ] &&
    [ "$6" -gt 0 ]; then
    ok "--from --change-cost, zero width: regret 0, base_value the plan's value ($5, $6 changes)"
else
    bad "--from --change-cost, zero width: base_value, mean, regret mean, max '$got'; value, changes '$sum': $(head -2 "$tmp/err")"
fi
# A previous plan of several scenarios: each sampled scenario is
# replanned against its base's rows (it has none of its own): with
# --max-changes 0 every sample keeps them (a4 and a6 in all, nothing else).
printf 'scenario,activity_id,count\nbase,a4,1\nbase,a6,1\ntight,a1,1\nplain,a7,1\n' \
    >"$tmp/prev3.csv"
$KAMPLAN solve "$inst" --from "$tmp/prev3.csv" --max-changes 0 --seed 3 -q --gap 0 \
    --out "$tmp/mc" 2>"$tmp/err"
rc=$?
got=$(awk -F, '$1 == "base" && $6 == "activity" && $10 != 0 { printf "%s=%s ", $8, $10 }' \
    "$tmp/mc/robustness.csv" 2>/dev/null)
if [ "$rc" -eq 0 ] && [ "$got" = "a4=1 a6=1 " ]; then
    ok "--from with several scenarios, --max-changes 0: each sample keeps its base's previous plan"
else
    bad "--from with several scenarios: exit $rc, frequencies '$got': $(head -2 "$tmp/err")"
fi
finish
