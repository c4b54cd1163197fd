#!/bin/sh
# Independent solves: kamplan's optimum (--gap 0) equals glpsol's on the
# model kamplan exports as CPLEX LP, to 1e-6 relative, for the bundled
# sample (every scenario) and generated instances of several sizes and
# seeds. Where glpsol cannot answer (GLPK 5.0's cover cuts abort on some
# degenerate models) cbc answers instead; a few instances are also solved by
# cbc from the MPS export, so both export formats are read by a peer.
# Instances with prerequisites and groups that span accounts
# (benchmarks/add_links.py) check the decomposition over joined blocks; on
# some of them (30 blocks or more) the proof by enumeration must have
# closed the gap (solve names its bound), so that its path is checked too.
# Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
SIZES=${CROSSCHECK_SIZES:-"3 6 10 15 25 40"}
SEEDS=${CROSSCHECK_SEEDS:-"1 2 3"}

# glpsol's raw solution file (-w) holds the objective at full precision:
# the line "s mip ROWS COLS STATUS OBJ", STATUS o = optimal.
glpsol_obj() {
    glpsol --lp "$1" --cuts -w "$tmp/raw" >"$tmp/glpsol.log" 2>&1 || return 1
    awk '$1 == "s" && $2 == "mip" { if ($5 == "o") print $6; else print "infeasible" }' "$tmp/raw"
}

cbc_obj() {
    fmt=$1 file=$2
    if [ "$fmt" = mps ]; then
        # kamplan's MPS minimises minus the value (it says so at its top).
        cbc -import "$file" -ratioGap 0 -solve -solu "$tmp/cbc.sol" >"$tmp/cbc.log" 2>&1
        head -1 "$tmp/cbc.sol" | awk '/^Optimal/ { printf "%.17g\n", -$NF; next } /[Ii]nfeasible/ { print "infeasible" }'
        return
    else
        cbc "$file" -ratioGap 0 -solve -solu "$tmp/cbc.sol" >"$tmp/cbc.log" 2>&1
    fi
    # First line: "Optimal - objective value 123.4" (cbc prints the value of
    # the objective as written, i.e. the maximum).
    head -1 "$tmp/cbc.sol" | awk '/^Optimal/ { print $NF; next } /[Ii]nfeasible/ { print "infeasible" }'
}

# kamplan's objective (or "infeasible") for scenario $3 from summary.csv.
kamplan_obj() {
    awk -F, -v s="$1" 'NR > 1 && $1 == s { if ($2 == "optimal") print $3; else print $2 }' "$2"
}

same() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a == b) exit 0
        if (a == "" || b == "" || a == "infeasible" || b == "infeasible") exit 1
        d = a - b; if (d < 0) d = -d
        m = a < 0 ? -a : a; if (m < 1) m = 1
        exit (d <= 1e-6 * m) ? 0 : 1 }'
}

check() {   # name dir scenario peer
    name=$1 dir=$2 scen=$3 peer=$4
    out="$tmp/out"
    rm -rf "$out"
    $KAMPLAN solve "$dir" --scenario "$scen" --gap 0 --quiet --out "$out" 2>"$tmp/err"
    mine=$(kamplan_obj "$scen" "$out/summary.csv" 2>/dev/null)
    $KAMPLAN export "$dir" --scenario "$scen" --lp "$tmp/m.lp" --mps "$tmp/m.mps" || {
        fail=$((fail + 1)); echo "not ok - $name: export failed"; return; }
    if [ "$peer" = cbc-mps ]; then
        theirs=$(cbc_obj mps "$tmp/m.mps")
    else
        theirs=$(glpsol_obj "$tmp/m.lp") || { peer=cbc; theirs=$(cbc_obj lp "$tmp/m.lp"); }
    fi
    if [ -n "$mine" ] && same "$mine" "$theirs"; then
        pass=$((pass + 1))
        echo "ok - $name: kamplan $mine == $peer $theirs"
    else
        fail=$((fail + 1))
        echo "not ok - $name: kamplan '$mine' != $peer '$theirs'"
        sed 's/^/#   /' "$tmp/err" | head -5
    fi
}

for s in $(awk -F, 'NR > 1 { print $1 }' models/sample/scenarios.csv); do
    check "sample/$s" models/sample "$s" glpsol
done
for n in $SIZES; do
    for seed in $SEEDS; do
        dir="$tmp/g$n-$seed"
        $KAMPLAN generate --accounts "$n" --seed "$seed" "$dir" >/dev/null
        check "generated n=$n seed=$seed" "$dir" base glpsol
    done
done
for n in 8 20; do
    dir="$tmp/m$n"
    $KAMPLAN generate --accounts "$n" --seed 11 "$dir" >/dev/null
    check "generated n=$n seed=11 (MPS)" "$dir" base cbc-mps
done
proofs=0
for n in 12 40 60; do
    for seed in 1 2 3; do
        dir="$tmp/l$n-$seed"
        $KAMPLAN generate --accounts "$n" --seed "$seed" "$dir" >/dev/null
        python3 benchmarks/add_links.py "$dir" 4 2 "$seed"
        check "linked n=$n seed=$seed (4 prerequisites, 2 groups across accounts)" "$dir" base glpsol
        $KAMPLAN solve "$dir" --gap 0 >"$tmp/text" 2>&1
        grep -q "^  bound *enumeration" "$tmp/text" && proofs=$((proofs + 1))
    done
done
if [ "$proofs" -ge 2 ]; then
    ok "the proof by enumeration closed the gap on $proofs linked instances"
else
    bad "the proof by enumeration closed the gap on $proofs linked instances (want >= 2)"
fi
finish
