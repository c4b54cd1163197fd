#!/bin/sh
# Exports that read back the same: for the sample and generated instances
# (one with cross-account links), the LP and the MPS file that
# `kamplan export` writes are solved by glpsol and by cbc, and each optimum
# must equal kamplan's --gap 0 optimum (to 1e-9 relative). The MPS file
# minimises minus the value (it says so in its first comment lines), so its
# optimum is read negated; the LP file says Maximize.
# ROUNDTRIP_SIZES chooses the generated sizes.
# Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
SIZES=${ROUNDTRIP_SIZES:-"8 20"}

# glpsol's optimum of FILE (format --lp or --freemps), from its raw
# solution file: "s mip ROWS COLS STATUS OBJ".
glpsol_obj() {
    glpsol "$1" "$2" -w "$tmp/raw" >"$tmp/glpsol.log" 2>&1 || return 1
    awk '$1 == "s" && $2 == "mip" { if ($5 == "o") print $6; else print "infeasible" }' "$tmp/raw"
}

# cbc's optimum of FILE: "Optimal - objective value V" on its first line.
cbc_obj() {
    cbc "$1" -ratioGap 0 -solve -solu "$tmp/cbc.sol" >"$tmp/cbc.log" 2>&1
    head -1 "$tmp/cbc.sol" | awk '/^Optimal/ { printf "%.17g\n", $NF; next } { print "none" }'
}

same() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a == "" || b == "" || a !~ /^-?[0-9]/ || b !~ /^-?[0-9]/) exit 1
        d = a - b; if (d < 0) d = -d
        m = a < 0 ? -a : a; if (m < 1) m = 1
        exit (d <= 1e-9 * m) ? 0 : 1 }'
}

neg() {
    awk -v a="$1" 'BEGIN { if (a ~ /^-?[0-9]/) printf "%.17g\n", -a; else print a }'
}

# check NAME DIR SCENARIO
check() {
    name=$1 dir=$2 scen=$3
    rm -rf "$tmp/out"
    $KAMPLAN solve "$dir" --scenario "$scen" --gap 0 -q --out "$tmp/out" 2>/dev/null
    mine=$(awk -F, -v s="$scen" 'NR > 1 && $1 == s && $2 == "optimal" { print $3 }' "$tmp/out/summary.csv")
    if ! $KAMPLAN export "$dir" --scenario "$scen" --lp "$tmp/m.lp" --mps "$tmp/m.mps"; then
        bad "$name: export failed"
        return
    fi
    if grep -q '^\* kamplan: the objective (the N row) is MINUS' "$tmp/m.mps" &&
       grep -q '^Maximize' "$tmp/m.lp"; then
        ok "$name: the files state the sense (LP Maximize, MPS minus the value)"
    else
        bad "$name: the files do not state the objective's sense"
    fi
    for peer in "glpsol lp" "glpsol mps" "cbc lp" "cbc mps"; do
        set -- $peer
        case $peer in
        "glpsol lp") theirs=$(glpsol_obj --lp "$tmp/m.lp") ;;
        "glpsol mps") theirs=$(neg "$(glpsol_obj --freemps "$tmp/m.mps")") ;;
        "cbc lp") theirs=$(cbc_obj "$tmp/m.lp") ;;
        "cbc mps") theirs=$(neg "$(cbc_obj "$tmp/m.mps")") ;;
        esac
        if same "$mine" "$theirs"; then
            ok "$name: kamplan $mine == $1 on the $2 export $theirs"
        else
            bad "$name: kamplan '$mine' != $1 on the $2 export '$theirs'"
        fi
    done
}

check "sample/base" models/sample base
check "sample/lean-budget" models/sample lean-budget
for n in $SIZES; do
    $KAMPLAN generate --accounts "$n" --seed 5 "$tmp/g$n" >/dev/null
    check "generated n=$n" "$tmp/g$n" base
done
$KAMPLAN generate --accounts 12 --seed 2 "$tmp/linked" >/dev/null
$PYTHON benchmarks/add_links.py "$tmp/linked" 3 2 2
check "generated n=12 with cross-account links" "$tmp/linked" base
finish
