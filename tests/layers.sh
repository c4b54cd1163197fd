#!/bin/sh
# The layers of src/ (src/README.md) stay layers: a file may include, and
# its object may call, only its own folder and the folders below it; files
# call each other in no circle, within a folder or across folders; only the
# library's headers are included by path ("layer/name.h"), and the GLPK
# boundary is the only code that includes glpk.h. Reads the sources and
# the objects of BUILD (default build). Prints one line per check and
# "N passed, M failed".
. "$(dirname "$0")/lib.sh"
BUILD=${BUILD:-build}
ORDER="base io model solve results analysis report cluster cli"

rank() {
    r=0
    for l in $ORDER; do
        [ "$l" = "$1" ] && { echo $r; return; }
        r=$((r + 1))
    done
    echo 99
}

# Every folder of src/ is a known layer, with its README.md.
for d in src/*/; do
    l=$(basename "$d")
    [ "$(rank "$l")" -ne 99 ] && ok "src/$l is a layer" || bad "src/$l is not in the layer order"
    [ -s "$d/README.md" ] && ok "src/$l documents itself" || bad "src/$l has no README.md"
done
[ -z "$(ls src/*.c src/*.h 2>/dev/null)" ] && ok "no source file outside a layer" \
    || bad "source files outside a layer: $(ls src/*.c src/*.h 2>/dev/null | tr '\n' ' ')"

# Includes: "layer/file.h" of this layer or one below; <glpk.h> only in
# the GLPK boundary.
upward=0
for f in src/*/*.c src/*/*.h; do
    l=$(basename "$(dirname "$f")")
    me=$(rank "$l")
    for inc in $(sed -n 's/^[ \t]*#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' "$f"); do
        case $inc in
            kamplan.h) continue ;;
            */*.h) ;;
            *) bad "$f includes \"$inc\" without its layer"; upward=$((upward + 1)); continue ;;
        esac
        [ -f "src/$inc" ] || { bad "$f includes \"$inc\", which is not in src/"; upward=$((upward + 1)); continue; }
        them=$(rank "${inc%%/*}")
        if [ "$them" -gt "$me" ]; then
            bad "$f ($l) includes $inc from a layer above"
            upward=$((upward + 1))
        fi
    done
done
[ "$upward" -eq 0 ] && ok "every include is of the same layer or one below"

glpk_users=$(grep -l '^[ \t]*#[ \t]*include[ \t]*<glpk.h>' src/*/*.c src/*/*.h 2>/dev/null | tr '\n' ' ')
expect_glpk=$(ls src/solve/glpk_*.c 2>/dev/null | tr '\n' ' ')
[ "$glpk_users" = "$expect_glpk" ] && ok "only the GLPK boundary includes glpk.h ($glpk_users)" \
    || bad "glpk.h is included by: $glpk_users (only $expect_glpk should)"

# Calls: from the objects' symbol tables. Every object's undefined symbol
# that another object of the build defines is an arrow user -> definer.
if [ ! -d "$BUILD/base" ]; then
    bad "no objects in $BUILD: build first"
    finish
    exit
fi
for o in "$BUILD"/*/*.o; do
    f=${o#"$BUILD"/}
    f=${f%.o}
    nm --defined-only -g "$o" | awk -v f="$f" 'NF == 3 { print $3, f }'
done | sort -k1,1 >"$tmp/defs"
for o in "$BUILD"/*/*.o; do
    f=${o#"$BUILD"/}
    f=${f%.o}
    nm -u "$o" | awk -v f="$f" '{ print $2, f }'
done | sort -k1,1 >"$tmp/uses"
join "$tmp/uses" "$tmp/defs" | awk '$2 != $3 { print $2, $3, $1 }' | sort -u >"$tmp/arrows"
[ -s "$tmp/arrows" ] && ok "the call graph has $(cut -d' ' -f1,2 "$tmp/arrows" | sort -u | wc -l) arrows" \
    || bad "no call between objects found"

up=0
while read -r user definer sym; do
    a=$(rank "${user%%/*}")
    b=$(rank "${definer%%/*}")
    if [ "$b" -gt "$a" ]; then
        bad "$user calls $sym of $definer, a layer above"
        up=$((up + 1))
    fi
done <"$tmp/arrows"
[ "$up" -eq 0 ] && ok "no call goes to a layer above"

# Circles between files: tsort names the files of any cycle it finds.
cut -d' ' -f1,2 "$tmp/arrows" | sort -u | awk '{ print $2, $1 }' >"$tmp/pairs"
if tsort "$tmp/pairs" >/dev/null 2>"$tmp/cycle"; then
    ok "no circle between source files"
else
    bad "files call each other in a circle: $(grep -v 'input contains a loop' "$tmp/cycle" | sed 's/^tsort: //' | tr '\n' ' ')"
fi

# The public header stays free of the library's insides.
grep -q 'kp__' include/kamplan.h && bad "include/kamplan.h names a kp__ (internal) symbol" \
    || ok "include/kamplan.h names no internal symbol"
finish
