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
# Prints one line per case and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
for dir in tests/cases/*/; do
    dir=${dir%/}
    name=${dir#tests/cases/}
    [ -f "$dir/cmd" ] || continue
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
        $KAMPLAN $args >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
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
                grep -qF -- "$line" "$tmp/$stream" || why="$why; $stream lacks: $line$at"
            done <"$dir/$stream"
        done
        if [ -f "$dir/nofiles" ] && [ -n "$(ls -A "$OUT")" ]; then
            why="$why; files were written: $(ls -A "$OUT" | tr '\n' ' ')$at"
        fi
    done <"$dir/cmd"
    rm -rf "$WORK"
    why=${why#; }
    if [ -z "$why" ]; then
        pass=$((pass + 1))
        echo "ok - cli $name"
    else
        fail=$((fail + 1))
        echo "not ok - cli $name: $why"
        sed 's/^/#   stderr: /' "$tmp/stderr" | head -20
    fi
done
finish
