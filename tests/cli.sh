#!/bin/sh
# Data-driven CLI cases: each folder tests/cases/NAME holds
#   cmd      the arguments after `kamplan`, one line; $CASE is the case folder,
#            $OUT a fresh temporary folder
#   exit     the expected exit code
#   stderr   (optional) lines that must each appear in stderr
#   stdout   (optional) lines that must each appear in stdout
#   nofiles  (optional) present: $OUT must stay empty (nothing written)
# and whatever input files cmd names (usually in/).
# Prints one line per case and "N passed, M failed".
set -u
KAMPLAN=${KAMPLAN:-./kamplan}
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in tests/cases/*/; do
    dir=${dir%/}
    name=${dir#tests/cases/}
    [ -f "$dir/cmd" ] || continue
    OUT="$tmp/$name.out"
    mkdir -p "$OUT"
    CASE=$dir
    args=$(sed -e "s|\$CASE|$CASE|g" -e "s|\$OUT|$OUT|g" "$dir/cmd")
    # shellcheck disable=SC2086
    $KAMPLAN $args >"$tmp/stdout" 2>"$tmp/stderr"
    rc=$?
    why=""
    want=$(cat "$dir/exit")
    [ "$rc" = "$want" ] || why="exit $rc, expected $want"
    for stream in stdout stderr; do
        [ -f "$dir/$stream" ] || continue
        while IFS= read -r line || [ -n "$line" ]; do
            [ -n "$line" ] || continue
            line=$(printf '%s' "$line" | sed "s|\$CASE|$CASE|g")
            grep -qF -- "$line" "$tmp/$stream" || why="$why; $stream lacks: $line"
        done <"$dir/$stream"
    done
    if [ -f "$dir/nofiles" ] && [ -n "$(ls -A "$OUT")" ]; then
        why="$why; files were written: $(ls -A "$OUT" | tr '\n' ' ')"
    fi
    if [ -z "$why" ]; then
        pass=$((pass + 1))
        echo "ok - cli $name"
    else
        fail=$((fail + 1))
        echo "not ok - cli $name: $why"
        sed 's/^/#   stderr: /' "$tmp/stderr" | head -20
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
