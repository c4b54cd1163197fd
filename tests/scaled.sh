#!/bin/sh
# Numbers at any scale: every hours figure, or every hours and money
# figure, multiplied by 2^k (exact in binary) must give the unscaled
# instance's optimum exactly, with status optimal, for both methods; the
# sample, a generated instance and one with cross-account links
# (benchmarks/add_links.py). Hours, money and values all times 2^-26
# (near the smallest number allowed) give the optimum times 2^-26. Huge hours that are not a power of two
# (1e12 times the data) give a plan under -t, and at --gap 0 the optimum
# of the data as given.
# So that 2^40 stays within kamplan's limit of 1e15 (a budget of 60,000
# times 2^40 is 6.6e16), every case scales a base copy whose hours are
# divided by 2^4 and money by 2^12 (exact too): the base must give the
# optimum of the instance as given, and each case the base's.
# SCALED_KS, SCALED_INSTANCES and SCALED_METHODS choose the matrix, and
# SCALED_HUGE the instances of the huge hours ("sample gen40" by default;
# empty leaves them out), and SCALED_ARGS adds arguments to every solve
# (the valgrind pass: --scenario base); the quick suite and the valgrind
# pass run a part of it (tests/run.sh).
# Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
KS=${SCALED_KS:-"14 20 24 30 34 40"}
INSTANCES=${SCALED_INSTANCES:-"sample gen40 linked"}
METHODS=${SCALED_METHODS:-"auto bb"}
ARGS=${SCALED_ARGS:-}

# "status objective" of every scenario of a summary.csv, one per line.
results() {
    awk -F, 'NR > 1 { print $1, $2, $3 }' "$1"
}

for inst in $INSTANCES; do
    case $inst in
    sample) dir=models/sample ;;
    none) continue ;;
    gen40) dir="$tmp/gen40"
        $KAMPLAN generate --accounts 40 --seed 7 "$dir" >/dev/null ;;
    linked) dir="$tmp/linked"
        $KAMPLAN generate --accounts 30 --seed 3 "$dir" >/dev/null
        $PYTHON benchmarks/add_links.py "$dir" 6 4 3 ;;
    esac
    base="$tmp/base"
    rm -rf "$base"
    $PYTHON tests/scale_instance.py "$dir" "$base" 0.0625 0.000244140625
    for m in $METHODS; do
        rm -rf "$tmp/o"
        $KAMPLAN solve "$dir" $ARGS --method "$m" --gap 0 -q --out "$tmp/o" 2>/dev/null
        results "$tmp/o/summary.csv" >"$tmp/want"
        rm -rf "$tmp/o"
        $KAMPLAN solve "$base" $ARGS --method "$m" --gap 0 -q --out "$tmp/o" 2>/dev/null
        results "$tmp/o/summary.csv" >"$tmp/got"
        if cmp -s "$tmp/want" "$tmp/got"; then
            ok "$inst hours x2^-4, money x2^-12 --method $m: the optimum as given"
        else
            bad "$inst hours x2^-4, money x2^-12 --method $m: $(paste -d' ' "$tmp/want" "$tmp/got" | tr '\n' ' ')"
        fi
        # Tiny numbers: hours, money and values all times 2^-26 (hours of
        # 1 become 1.5e-8, near the smallest number allowed); the
        # objective then is the unscaled one times 2^-26, exactly.
        rm -rf "$tmp/t" "$tmp/o"
        $PYTHON tests/scale_instance.py "$dir" "$tmp/t" 0.000000014901161193847656 \
            0.000000014901161193847656 0.000000014901161193847656
        $KAMPLAN solve "$tmp/t" $ARGS --method "$m" --gap 0 -q --out "$tmp/o" 2>/dev/null
        awk -F, 'NR > 1 { printf "%s %s %.17g\n", $1, $2, $3 * 67108864 }' \
            "$tmp/o/summary.csv" >"$tmp/got"
        awk '{ printf "%s %s %.17g\n", $1, $2, $3 }' "$tmp/want" >"$tmp/want17"
        if cmp -s "$tmp/want17" "$tmp/got"; then
            ok "$inst hours, money and values x2^-26 --method $m: the optimum times 2^-26"
        else
            bad "$inst hours, money and values x2^-26 --method $m: $(paste -d' ' "$tmp/want17" "$tmp/got" | tr '\n' ' ')"
        fi
        for k in $KS; do
            f=$(awk -v k="$k" 'BEGIN { printf "%.0f", 2 ^ k }')
            for what in hours money; do
                s="$tmp/s"
                rm -rf "$s" "$tmp/o"
                if [ $what = hours ]; then
                    $PYTHON tests/scale_instance.py "$base" "$s" "$f" 2>/dev/null
                else
                    $PYTHON tests/scale_instance.py "$base" "$s" "$f" "$f" 2>/dev/null
                fi
                if [ $? -eq 3 ]; then
                    echo "ok - $inst x2^$k $what --method $m # skip: above 1e15"
                    continue
                fi
                $KAMPLAN solve "$s" $ARGS --method "$m" --gap 0 -q --out "$tmp/o" 2>"$tmp/err"
                results "$tmp/o/summary.csv" >"$tmp/got" 2>/dev/null
                if cmp -s "$tmp/want" "$tmp/got"; then
                    ok "$inst x2^$k $what --method $m: $(awk '{ printf "%s ", $3 }' "$tmp/got")"
                else
                    bad "$inst x2^$k $what --method $m: $(paste -d' ' "$tmp/want" "$tmp/got" | awk '$2 != $5 || $3 != $6 { printf "[%s want %s %s got %s %s] ", $1, $2, $3, $5, $6 }')"
                    head -3 "$tmp/err" | sed 's/^/#   /'
                fi
            done
        done
    done
done

# Huge hours that are no power of two: times 1e12 (the sample) or 1e11 and
# money times 1e9 (a generated instance), exact in decimal. The numbers a
# planner wrote are the same up to units, so at --gap 0 the optimum is the
# one of the data as given; under -t 3 a plan comes back.
HUGE=${SCALED_HUGE-"sample gen40"}
case " $HUGE " in
    *" gen40 "*) $KAMPLAN generate --accounts 40 --seed 7 "$tmp/g" >/dev/null ;;
esac
for case in "sample models/sample 1e12 1" "gen40 $tmp/g 1e11 1e9"; do
    set -- $case
    case " $HUGE " in
        *" $1 "*) ;;
        *) continue ;;
    esac
    rm -rf "$tmp/h" "$tmp/o"
    $PYTHON tests/scale_instance.py "$2" "$tmp/h" "$3" "$4"
    for m in $METHODS; do
        rm -rf "$tmp/o"
        $KAMPLAN solve "$2" $ARGS --method "$m" --gap 0 -q --out "$tmp/o" 2>/dev/null
        results "$tmp/o/summary.csv" >"$tmp/want"
        rm -rf "$tmp/o"
        $KAMPLAN solve "$tmp/h" $ARGS --method "$m" --gap 0 -q --out "$tmp/o" 2>"$tmp/err"
        results "$tmp/o/summary.csv" >"$tmp/got"
        if cmp -s "$tmp/want" "$tmp/got"; then
            ok "$1 hours x$3, money x$4 --method $m --gap 0: the optimum as given"
        else
            bad "$1 hours x$3, money x$4 --method $m --gap 0: $(paste -d' ' "$tmp/want" "$tmp/got" | tr '\n' ' ')"
            head -3 "$tmp/err" | sed 's/^/#   /'
        fi
        rm -rf "$tmp/o"
        $KAMPLAN solve "$tmp/h" $ARGS --method "$m" -t 3 -q --out "$tmp/o" 2>"$tmp/err"
        st=$(awk -F, 'NR > 1 && ($2 != "optimal" && $2 != "feasible" || $3 == "") { print $1 ": " $2 }' "$tmp/o/summary.csv" 2>/dev/null)
        if [ -f "$tmp/o/summary.csv" ] && [ -z "$st" ]; then
            ok "$1 hours x$3, money x$4 --method $m -t 3: a plan in every scenario"
        else
            bad "$1 hours x$3, money x$4 --method $m -t 3: $st"
            head -3 "$tmp/err" | sed 's/^/#   /'
        fi
    done
done
finish
