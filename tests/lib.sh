# tests/lib.sh - what every test script shares; sourced with
#   . "$(dirname "$0")/lib.sh"
# from the repository root. Sets -u; KAMPLAN (the binary, default
# ./kamplan) and PYTHON (default python3); a fresh folder $tmp, removed on
# exit; ok NAME and bad NAME, which print one TAP-like line each and count
# it; and finish, which prints "N passed, M failed" (tests/run.sh adds
# those up) and is the script's exit status: non-zero when a check failed.
# For the cross-checks against the peers: PEER (0 under QUICK=1 or
# PEERS=0: leave the peers' solves out), glpsol_obj, cbc_obj, cbc_mps_obj,
# peer_obj, mathprog_obj, summary_obj, same, peers_agree and methods_agree.
set -u
KAMPLAN=${KAMPLAN:-./kamplan}
PYTHON=${PYTHON:-python3}
pass=0
fail=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; }
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}

PEER=1
{ [ "${QUICK:-0}" = 1 ] || [ "${PEERS:-1}" = 0 ]; } && PEER=0

# glpsol's optimum of LP file $1, run with glpsol's options $2... (such as
# --cuts), or "infeasible"; status 1 when glpsol fails (or runs longer than
# GLPSOL_TIMEOUT seconds, where a suite sets it). Its raw solution
# file (-w) holds the objective at full precision: the line
# "s mip ROWS COLS STATUS OBJ", STATUS o = optimal.
glpsol_obj() {
    go_lp=$1
    shift
    ${GLPSOL_TIMEOUT:+timeout "$GLPSOL_TIMEOUT"} glpsol --lp "$go_lp" "$@" -w "$tmp/raw" >"$tmp/glpsol.log" 2>&1 || return 1
    awk '$1 == "s" && $2 == "mip" { if ($5 == "o") print $6; else print "infeasible" }' "$tmp/raw"
}

# cbc's optimum of LP file $1, or "infeasible" (cbc's first line:
# "Optimal - objective value 123.4", the objective as written, the maximum).
cbc_obj() {
    cbc "$1" -ratioGap 0 -solve -solu "$tmp/cbc.sol" >"$tmp/cbc.log" 2>&1
    head -1 "$tmp/cbc.sol" | awk '/^Optimal/ { print $NF; next } /[Ii]nfeasible/ { print "infeasible" }'
}

# cbc's optimum of MPS file $1, or "infeasible": kamplan's MPS minimises
# minus the value (it says so at its top), so the sign is turned back.
cbc_mps_obj() {
    cbc -import "$1" -ratioGap 0 -solve -solu "$tmp/cbc.sol" >"$tmp/cbc.log" 2>&1
    head -1 "$tmp/cbc.sol" | awk '/^Optimal/ { printf "%.17g\n", -$NF; next } /[Ii]nfeasible/ { print "infeasible" }'
}

# glpsol's optimum of LP file $1 (cbc's when glpsol fails), or "infeasible".
peer_obj() {
    glpsol_obj "$1" --cuts || cbc_obj "$1"
}

# The MathProg model's (models/kamplan.mod) optimum for data file $1.
mathprog_obj() {
    glpsol --cuts -m models/kamplan.mod -d "$1" >"$tmp/mp.log" 2>&1 ||
        glpsol --cuts --nointopt -m models/kamplan.mod -d "$1" >"$tmp/mp.log" 2>&1
    awk '$1 == "KAMPLAN_OBJECTIVE" { print $2 }' "$tmp/mp.log"
    grep -q "PROBLEM HAS NO PRIMAL FEASIBLE\|NO INTEGER FEASIBLE" "$tmp/mp.log" && echo infeasible
}

# kamplan's objective (or status) for scenario $1 in summary.csv $2.
summary_obj() {
    awk -F, -v s="$1" 'NR > 1 && $1 == s { if ($2 == "optimal") print $3; else print $2 }' "$2"
}

# Whether objectives $1 and $2 agree (to 1e-6 relative; "infeasible"
# only with itself).
same() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a == b) exit 0
        if (a == "" || b == "" || a == "infeasible" || b == "infeasible") exit 1
        d = a - b; if (d < 0) d = -d
        m = a < 0 ? -a : a; if (m < 1) m = 1
        exit (d <= 1e-6 * m) ? 0 : 1 }'
}

# Scenarios $4... of instance folder $2, solved into result set $3:
# kamplan's optimum equals the exported LP's (peer_obj) and the MathProg
# model's; one check each, named "$1 SCENARIO" (the solve's messages, in
# $tmp/err, shown when it fails).
peers_agree() {
    pa_name=$1 pa_dir=$2 pa_out=$3
    shift 3
    for pa_s in "$@"; do
        pa_a=$(summary_obj "$pa_s" "$pa_out/summary.csv")
        $KAMPLAN export "$pa_dir" --scenario "$pa_s" --lp "$tmp/m.lp" --dat "$tmp/m.dat"
        pa_p=$(peer_obj "$tmp/m.lp") pa_q=$(mathprog_obj "$tmp/m.dat")
        if [ -n "$pa_a" ] && same "$pa_a" "$pa_p" && same "$pa_q" "$pa_p"; then
            ok "$pa_name $pa_s: kamplan $pa_a == LP peer $pa_p == MathProg $pa_q"
        else
            bad "$pa_name $pa_s: kamplan '$pa_a' LP peer '$pa_p' MathProg '$pa_q'"
            sed 's/^/#   /' "$tmp/err" | head -5
        fi
    done
}

# Scenarios $5... of instance folder $2, solved by --method auto into
# result set $3 and by bb into $4: the two optima agree, and (unless
# PEER=0) equal the exported LP's and the MathProg model's; one check
# each, named "$1 SCENARIO".
methods_agree() {
    ma_name=$1 ma_dir=$2 ma_auto=$3 ma_bb=$4
    shift 4
    for ma_s in "$@"; do
        ma_a=$(summary_obj "$ma_s" "$ma_auto/summary.csv") ma_b=$(summary_obj "$ma_s" "$ma_bb/summary.csv")
        if [ "$PEER" = 0 ]; then
            if [ -n "$ma_a" ] && same "$ma_a" "$ma_b"; then
                ok "$ma_name $ma_s: auto $ma_a == bb $ma_b"
            else
                bad "$ma_name $ma_s: auto '$ma_a' != bb '$ma_b'"
            fi
            continue
        fi
        $KAMPLAN export "$ma_dir" --scenario "$ma_s" --lp "$tmp/m.lp" --dat "$tmp/m.dat"
        ma_p=$(peer_obj "$tmp/m.lp") ma_q=$(mathprog_obj "$tmp/m.dat")
        if [ -n "$ma_a" ] && same "$ma_a" "$ma_p" && same "$ma_b" "$ma_p" && same "$ma_q" "$ma_p"; then
            ok "$ma_name $ma_s: auto $ma_a == bb $ma_b == LP peer $ma_p == MathProg $ma_q"
        else
            bad "$ma_name $ma_s: auto '$ma_a' bb '$ma_b' LP peer '$ma_p' MathProg '$ma_q'"
            sed 's/^/#   /' "$tmp/err" | head -5
        fi
    done
}
