#!/bin/sh
# tests/mathprog.sh - kamplan's optimum against an independent formulation.
#
# For the bundled sample instance and for generated ones, every scenario is
# exported as MathProg data (`kamplan export --dat`), solved with glpsol and
# models/kamplan.mod (a formulation written from MODEL.md alone, which also
# qualifies the accounts itself), and the optimum compared with the one
# `kamplan solve --gap 0` writes to summary.csv, to 1e-6 relative. A
# scenario both sides find infeasible passes too.
#
# Usage, from the repository root:  KAMPLAN=/abs/path/kamplan sh tests/mathprog.sh
# Prints one line per check and "N passed, M failed"; exits 1 on a failure.
. "$(dirname "$0")/lib.sh"

: "${KAMPLAN:?set KAMPLAN to the kamplan binary}"
root=$(cd "$(dirname "$0")/.." && pwd) || exit 1
model=$root/models/kamplan.mod
command -v glpsol >/dev/null 2>&1 || {
    echo "mathprog.sh: glpsol not found (Debian package glpk-utils)" >&2
    exit 1
}

trap 'exit 130' INT TERM

ok() {
    pass=$((pass + 1))
    echo "ok - mathprog $*"
}

not_ok() {
    fail=$((fail + 1))
    echo "not ok - mathprog $*"
}

# lines FILE: the first three lines of FILE, on one line.
lines() {
    head -n 3 "$1" | tr '\n' ' '
}

# csv_cols FILE COL...: prints the named columns of every record of the CSV
# file FILE, tab-separated, one record a line. Reads what kamplan reads:
# a UTF-8 BOM, CRLF, comma or semicolon (the more frequent in the header),
# case-insensitive header names, quoted fields with doubled quotes; blank
# lines are skipped. Fields may not hold tabs or line breaks.
csv_cols() {
    _file=$1
    shift
    awk -v want="$*" '
    function split_csv(line, f,    n, i, c, inq, cur, quoted) {
        n = 0; cur = ""; inq = 0; quoted = 0
        for (i = 1; i <= length(line); i++) {
            c = substr(line, i, 1)
            if (inq) {
                if (c != "\"")
                    cur = cur c
                else if (substr(line, i + 1, 1) == "\"") {
                    cur = cur "\""; i++
                } else
                    inq = 0
            } else if (c == "\"") {
                inq = 1; quoted = 1
            } else if (c == delim) {
                f[++n] = quoted ? cur : trim(cur); cur = ""; quoted = 0
            } else
                cur = cur c
        }
        f[++n] = quoted ? cur : trim(cur)
        return n
    }
    function trim(s) {
        gsub(/^[ \t]+|[ \t]+$/, "", s)
        return s
    }
    NR == 1 && substr($0, 1, 3) == "\357\273\277" { $0 = substr($0, 4) }
    { sub(/\r$/, "") }
    /^[ \t]*$/ { next }
    !header {
        header = 1
        delim = gsub(/;/, ";") > gsub(/,/, ",") ? ";" : ","
        n = split_csv($0, h)
        nw = split(want, w, " ")
        for (k = 1; k <= nw; k++) {
            col[k] = 0
            for (i = 1; i <= n; i++)
                if (tolower(h[i]) == w[k])
                    col[k] = i
        }
        next
    }
    {
        split_csv($0, f)
        out = ""
        for (k = 1; k <= nw; k++)
            out = out (k > 1 ? "\t" : "") (col[k] ? f[col[k]] : "")
        print out
    }' "$_file"
}

# same A B: true when the numbers A and B agree to 1e-6 relative (absolute
# below 1).
same() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        d = a - b; if (d < 0) d = -d
        m = a < 0 ? -a : a; if (b > m) m = b; if (-b > m) m = -b
        if (m < 1) m = 1
        exit !(a != "" && b != "" && d <= 1e-6 * m)
    }'
}

# glpsol_solve DAT LOG: solves DAT with models/kamplan.mod into LOG and
# prints "optimal VALUE", "infeasible" or "error".
glpsol_solve() {
    glpsol --cuts -m "$model" -d "$1" </dev/null >"$2" 2>&1
    # GLPK 5.0's cover-cut generator aborts ("glp_add_cols: ncs = 0") when
    # the MIP presolver has removed every column; solve such a case again
    # without the presolver.
    if grep -q 'glp_add_cols: ncs = 0' "$2"; then
        glpsol --cuts --nointopt -m "$model" -d "$1" </dev/null >"$2" 2>&1
    fi
    if grep -q 'INTEGER OPTIMAL SOLUTION FOUND' "$2" ||
        { grep -q ' 0 columns,' "$2" && grep -q '^OPTIMAL SOLUTION FOUND' "$2" &&
          ! grep -q 'integer variables' "$2"; }; then
        # The second case: no account is eligible, so the programme has no
        # variables and glpsol treats it as an LP.
        v=$(awk '$1 == "KAMPLAN_OBJECTIVE" { print $2 }' "$2")
        if [ -n "$v" ]; then
            echo "optimal $v"
            return
        fi
    elif grep -q 'PROBLEM HAS NO .*FEASIBLE SOLUTION' "$2"; then
        echo infeasible
        return
    fi
    echo error
}

# check NAME DIR: every scenario of the instance folder DIR.
check() {
    name=$1
    dir=$2
    out=$tmp/$name.out
    rm -rf "$out"
    # kamplan exits non-zero when a scenario is infeasible; summary.csv
    # still has a row for every scenario, which is what is checked.
    "$KAMPLAN" solve "$dir" --out "$out" --gap 0 --quiet \
        </dev/null >"$tmp/solve.log" 2>&1
    if [ ! -f "$out/summary.csv" ]; then
        not_ok "$name: kamplan solve wrote no summary.csv: $(lines "$tmp/solve.log")"
        return
    fi
    csv_cols "$out/summary.csv" scenario status objective >"$tmp/summary"

    if [ -f "$dir/scenarios.csv" ]; then
        csv_cols "$dir/scenarios.csv" id >"$tmp/ids"
    else
        echo base >"$tmp/ids"
    fi
    nids=$(wc -l <"$tmp/ids")
    nrows=$(wc -l <"$tmp/summary")
    if [ "$nids" -ne "$nrows" ]; then
        not_ok "$name: $nids scenarios but $nrows rows in summary.csv"
    fi

    while IFS= read -r id; do
        what="$name/$id"
        dat=$tmp/$name.dat
        if [ -f "$dir/scenarios.csv" ]; then
            set -- --scenario "$id"
        else
            set --
        fi
        if ! "$KAMPLAN" export "$dir" --dat "$dat" "$@" \
            </dev/null >"$tmp/export.log" 2>&1; then
            not_ok "$what: kamplan export failed: $(lines "$tmp/export.log")"
            continue
        fi
        row=$(awk -F '\t' -v id="$id" '$1 == id' "$tmp/summary")
        kst=$(printf '%s\n' "$row" | cut -f 2)
        kobj=$(printf '%s\n' "$row" | cut -f 3)
        mp=$(glpsol_solve "$dat" "$tmp/glpsol.log")
        case $mp in
        "optimal "*)
            mobj=${mp#optimal }
            if [ "$kst" != optimal ]; then
                not_ok "$what: kamplan status '$kst', glpsol optimum $mobj"
            elif same "$kobj" "$mobj"; then
                ok "$what $kobj == $mobj"
            else
                not_ok "$what kamplan $kobj != glpsol $mobj"
            fi
            ;;
        infeasible)
            if [ "$kst" = infeasible ]; then
                ok "$what infeasible == infeasible"
            else
                not_ok "$what: kamplan status '$kst' ($kobj), glpsol: infeasible"
            fi
            ;;
        *)
            grep -i 'error' "$tmp/glpsol.log" >"$tmp/glpsol.err"
            not_ok "$what: glpsol failed: $(lines "$tmp/glpsol.err")"
            ;;
        esac
    done <"$tmp/ids"
}

check sample "$root/models/sample"

# Generated instances, 3 to 20 accounts, a few seeds each: glpsol solves
# each in well under a second, so the whole test takes seconds.
for spec in 3:1 3:2 3:3 3:4 5:1 5:2 5:3 5:4 8:1 8:2 8:3 8:4 12:1 12:2 12:3 20:1 20:2 20:3; do
    n=${spec%:*}
    seed=${spec#*:}
    name=gen-n$n-s$seed
    if ! "$KAMPLAN" generate --accounts "$n" --seed "$seed" "$tmp/$name" \
        >"$tmp/gen.log" 2>&1; then
        not_ok "$name: kamplan generate failed: $(lines "$tmp/gen.log")"
        continue
    fi
    check "$name" "$tmp/$name"
done

finish
