#!/bin/sh
# Reasons: how long does `kamplan why` take on a generated instance
# (ACCOUNTS accounts, default 120, SEED 1), against one plain solve of the
# same instance? It checks its answers first: every re-solve that was run
# reached a plan or a proof of infeasibility (none not_reached, none
# error), and every cost is at least minus the run's gap (the base plan is
# optimal to the gap, so no forced plan may beat it by more; dropping an
# account with status=key lifts a rule and may gain). Then one line
# per run: wall and CPU seconds (of the whole process, loading included),
# re-solves, and the ratio to the plain solve.
#   sh benchmarks/why.sh                              (defaults below)
#   ACCOUNTS=60 SEED=3 sh benchmarks/why.sh
# ONLY=accounts (default) times `why --only accounts`, the issue's target
# (every account within 30 s); ONLY=all also times the default run
# (accounts, chosen activities and the 10 best left out).
set -u
KAMPLAN=${KAMPLAN:-./kamplan}
ACCOUNTS=${ACCOUNTS:-120}
SEED=${SEED:-1}
GAP=${GAP:-0.01}
ONLY=${ONLY:-accounts}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

$KAMPLAN generate --accounts "$ACCOUNTS" --seed "$SEED" "$tmp/inst" >/dev/null || exit 2

# timed NAME CMD...: runs CMD, prints "wall cpu" seconds into $tmp/NAME.t.
timed() {
    name=$1
    shift
    /usr/bin/time -f "%e %U %S" -o "$tmp/$name.time" "$@" >/dev/null 2>"$tmp/$name.err" ||
        { echo "FAIL: $name: $* (exit $?): $(head -3 "$tmp/$name.err")"; exit 1; }
    awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$tmp/$name.time" >"$tmp/$name.t"
}

# check NAME: the why.csv of run NAME.
check() {
    awk -F, -v gap="$GAP" -v name="$1" '
        NR == 1 { next }
        $9 == "not_reached" || $9 == "error" || $9 == "no_solution" { bad = bad " " $3 "=" $9 }
        $7 != "" && $8 != "" && $7 < -gap / 100 * ($7 + $8) * 1.000001 &&
            $0 !~ /key by status=key/ { bad = bad " " $3 ":cost=" $7 }
        $9 != "" { n++ }
        END { if (bad != "") { print "FAIL: " name ":" bad; exit 1 }
              print n > "/dev/stderr" }' "$tmp/$1/why.csv" 2>"$tmp/$1.n"
}

timed solve $KAMPLAN solve "$tmp/inst" --gap "$GAP" --quiet --out "$tmp/solve"
set -- accounts
[ "$ONLY" = all ] && set -- accounts all
for run in "$@"; do
    opt="--only accounts"
    [ "$run" = all ] && opt=
    timed "$run" $KAMPLAN why "$tmp/inst" $opt --gap "$GAP" --quiet --out "$tmp/$run"
    check "$run" || exit 1
done
echo "instance: $ACCOUNTS accounts (seed $SEED), gap $GAP%; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
read sw sc <"$tmp/solve.t"
printf '%-14s %-40s %7.2f s wall %7.2f s cpu\n' solve "one plain solve" "$sw" "$sc"
for run in "$@"; do
    read w c <"$tmp/$run.t"
    n=$(cat "$tmp/$run.n")
    what="why --only accounts ($n re-solves)"
    [ "$run" = all ] && what="why, accounts and activities ($n re-solves)"
    printf '%-14s %-40s %7.2f s wall %7.2f s cpu   %.0fx the solve (wall)%s\n' "why-$run" \
        "$what" "$w" "$c" "$(echo "$w $sw" | awk '{ print $1 / ($2 > 0 ? $2 : 0.01) }')" \
        "$([ "$run" = accounts ] && echo "$w" | awk '{ print ($1 <= 30 ? "; target <= 30 s: met" : "; target <= 30 s: NOT met") }')"
done
