#!/bin/sh
# Packs instance folders into fuzz inputs for tests/fuzz/fuzz_instance.c:
# byte 0 says which of the first six files exist (bit 0 accounts ... bit 5
# scenarios; bit 6: solve tiny models; bit 7: a byte of more files
# follows), byte 1, when there, which of the next (bit 0 managers, bit 1
# periods), then
# the files in that order, separated by the byte 0xFF. FILES is
# KP__INSTANCE_FILES (src/io/io.h) in the same order.
#   sh tests/fuzz/make_corpus.sh OUTDIR           the seed corpus: models/sample,
#                                                 tests/cases/*/in, small generated
#   sh tests/fuzz/make_corpus.sh OUTFILE DIR      one folder into one input
set -eu
FILES="accounts contacts objectives activities policy scenarios managers periods"

pack() {   # dir out
    mask=64 more=0
    i=0
    for f in $FILES; do
        if [ -f "$1/$f.csv" ]; then
            if [ $i -lt 6 ]; then
                mask=$((mask | (1 << i)))
            else
                more=$((more | (1 << (i - 6))))
            fi
        fi
        i=$((i + 1))
    done
    [ "$more" -ne 0 ] && mask=$((mask | 128))
    {
        # shellcheck disable=SC2059
        printf "\\$(printf %03o "$mask")"
        # shellcheck disable=SC2059
        [ "$more" -ne 0 ] && printf "\\$(printf %03o "$more")"
        i=0
        for f in $FILES; do
            [ "$i" -gt 0 ] && printf '\377'
            [ -f "$1/$f.csv" ] && cat "$1/$f.csv"
            i=$((i + 1))
        done
    } >"$2"
}

if [ $# -eq 2 ]; then
    pack "$2" "$1"
    exit 0
fi
out=$1
KAMPLAN=${KAMPLAN:-./kamplan}
rm -rf "$out"
mkdir -p "$out"
pack models/sample "$out/sample"
for d in tests/cases/*/in; do
    [ -d "$d" ] || continue
    name=${d#tests/cases/}
    pack "$d" "$out/case-${name%/in}"
done
# A few small generated instances, when the command line is built.
if [ -x "$KAMPLAN" ]; then
    for n in 1 2 3; do
        "$KAMPLAN" generate --accounts "$n" --seed "$n" "$out/g$n.d" >/dev/null 2>&1 &&
            pack "$out/g$n.d" "$out/generated-$n"
        rm -rf "$out/g$n.d"
    done
    # And two with a team (managers.csv, the accounts' manager_id).
    for n in 2 3; do
        "$KAMPLAN" generate --accounts "$n" --seed "$n" --managers 2 "$out/m$n.d" \
            >/dev/null 2>&1 && pack "$out/m$n.d" "$out/generated-team-$n"
        rm -rf "$out/m$n.d"
    done
    # And two over periods (periods.csv, the activities' earliest, latest
    # and max_per_period), one of them with a team too.
    "$KAMPLAN" generate --accounts 2 --seed 4 --periods 3 "$out/p4.d" \
        >/dev/null 2>&1 && pack "$out/p4.d" "$out/generated-periods-4"
    "$KAMPLAN" generate --accounts 3 --seed 5 --periods 2 --managers 2 \
        --fixed-managers 50 "$out/p5.d" \
        >/dev/null 2>&1 && pack "$out/p5.d" "$out/generated-team-periods-5"
    rm -rf "$out/p4.d" "$out/p5.d"
fi
echo "fuzz seeds: $(ls "$out" | wc -l) inputs in $out"
