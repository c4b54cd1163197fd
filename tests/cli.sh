#!/bin/sh
# Data-driven CLI cases: each folder tests/cases/NAME holds
#   cmd      the arguments after `kamplan`, one line; $CASE is the case folder,
#            $OUT a fresh temporary folder. Several lines: each is run, and
#            each must meet every expectation below
#   exit     the expected exit code
#   stderr   (optional) lines that must each appear in stderr
#   stdout   (optional) lines that must each appear in stdout
#   nofiles  (optional) present: $OUT must stay empty (nothing written)
#   setup    (optional) a shell script run first as `sh setup CASE WORK`,
#            to make inputs too big to commit (e.g. a 10 MB line) in the
#            fresh folder WORK; $WORK in cmd, stdout and stderr names it
# and whatever input files cmd names (usually in/).
# Cases run JOBS at a time (default 2: both cores; the valgrind pass spends
# most of its time here). Prints one line per case, in name order, and
# "N passed, M failed". `sh tests/cli.sh --one DIR` runs one case.
. "$(dirname "$0")/lib.sh"

# Runs case folder $1 and prints "ok - cli NAME" or "not ok - cli NAME: why"
# with its last stderr; its files live in $tmp/NAME.*.
run_case() {
    dir=${1%/}
    name=${dir#tests/cases/}
    [ -f "$dir/cmd" ] || return 0
    OUT="$tmp/$name.out"
    WORK="$tmp/$name.work"
    mkdir -p "$OUT" "$WORK"
    CASE=$dir
    why=""
    if [ -f "$dir/setup" ] && ! sh "$dir/setup" "$CASE" "$WORK"; then
        why="setup failed"
    fi
    n=0
    while IFS= read -r cmdline || [ -n "$cmdline" ]; do
        [ -n "$cmdline" ] || continue
        n=$((n + 1))
        args=$(printf '%s' "$cmdline" |
               sed -e "s|\$CASE|$CASE|g" -e "s|\$OUT|$OUT|g" -e "s|\$WORK|$WORK|g")
        # shellcheck disable=SC2086
        $KAMPLAN $args >"$tmp/$name.stdout" 2>"$tmp/$name.stderr" </dev/null
        rc=$?
        at=""
        [ "$n" -gt 1 ] && at=" (command $n)"
        want=$(cat "$dir/exit")
        [ "$rc" = "$want" ] || why="$why; exit $rc, expected $want$at"
        for stream in stdout stderr; do
            [ -f "$dir/$stream" ] || continue
            while IFS= read -r line || [ -n "$line" ]; do
                [ -n "$line" ] || continue
                line=$(printf '%s' "$line" | sed -e "s|\$CASE|$CASE|g" -e "s|\$WORK|$WORK|g")
                grep -qF -- "$line" "$tmp/$name.$stream" || why="$why; $stream lacks: $line$at"
            done <"$dir/$stream"
        done
        if [ -f "$dir/nofiles" ] && [ -n "$(ls -A "$OUT")" ]; then
            why="$why; files were written: $(ls -A "$OUT" | tr '\n' ' ')$at"
        fi
    done <"$dir/cmd"
    rm -rf "$WORK"
    why=${why#; }
    if [ -z "$why" ]; then
        echo "ok - cli $name"
    else
        echo "not ok - cli $name: $why"
        sed 's/^/#   stderr: /' "$tmp/$name.stderr" | head -20
    fi
}

if [ "${1:-}" = --one ]; then
    run_case "$2"
    exit 0
fi

# Each case's lines go to their own file, so that parallel cases never mix.
mkdir -p "$tmp/results"
for dir in tests/cases/*/; do
    printf '%s\n' "$dir"
done | xargs -P "${JOBS:-2}" -I{} sh -c \
    'd={}; n=${d%/}; sh "$0" --one "$d" >"$1/${n##*/}"' "$0" "$tmp/results"
for f in "$tmp/results"/*; do
    [ -s "$f" ] || continue
    cat "$f"
    if head -1 "$f" | grep -q '^ok - '; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
    fi
done
finish
