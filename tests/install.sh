#!/bin/sh
# make install and make uninstall, into a temporary DESTDIR:
#  - install puts exactly the expected files there (the program, both
#    libraries with the soname links, the header, kamplan.pc, the man page);
#  - the example program of src/README.md, built through pkg-config against the
#    installed shared library and again against the static one, prints the
#    status and value that `kamplan solve` finds for the sample's base;
#  - the shared library has its soname and exports every kp_ function of
#    the header and nothing else (no internal kp__ name);
#  - the man page renders without a warning and names every command and
#    option of `kamplan --help`;
#  - uninstall removes every installed file and nothing else.
# It installs the plain build (./kamplan), so it runs in that pass of
# tests/run.sh only: under a sanitizer build or valgrind it skips.
# Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
BUILD=${BUILD:-build}
VALGRIND=${VALGRIND:-}
root=$(cd "$(dirname "$0")/.." && pwd)

if [ -n "$VALGRIND" ] || ! [ "$KAMPLAN" -ef "$root/kamplan" ]; then
    echo "install: skipped, it runs with the plain build only (KAMPLAN=$KAMPLAN)"
    echo "0 passed, 0 failed"
    exit 0
fi
dest=$tmp/dest
pre=$dest/usr/local
lib=$pre/lib
ver=$(sed -n 's/^#define KP_VERSION "\(.*\)"$/\1/p' "$root/include/kamplan.h")

# The build is up to date when the tests run, so this only copies.
if make -C "$root" --no-print-directory install DESTDIR="$dest" PREFIX=/usr/local \
        BUILD="$BUILD" >"$tmp/make.log" 2>&1; then
    ok "make install DESTDIR=... PREFIX=/usr/local"
else
    bad "make install: $(tail -5 "$tmp/make.log" | tr '\n' ' ')"
    echo "$pass passed, $fail failed"
    exit 1
fi

# Exactly these files and links, nothing more.
expected="bin/kamplan
include/kamplan.h
lib/libkamplan.a
lib/libkamplan.so
lib/libkamplan.so.0
lib/libkamplan.so.$ver
lib/pkgconfig/kamplan.pc
share/man/man1/kamplan.1"
got=$(cd "$pre" 2>/dev/null && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort)
[ "$got" = "$expected" ] && ok "the installed files are exactly the expected eight" \
    || bad "installed files: $(echo "$got" | tr '\n' ' ')"
[ "$(readlink "$lib/libkamplan.so.0")" = "libkamplan.so.$ver" ] \
    && [ "$(readlink "$lib/libkamplan.so")" = libkamplan.so.0 ] \
    && ok "libkamplan.so -> libkamplan.so.0 -> libkamplan.so.$ver" \
    || bad "links: $(ls -l "$lib" | tr '\n' ' ')"
"$pre/bin/kamplan" --version >"$tmp/out" 2>&1 && grep -q "$ver" "$tmp/out" \
    && ok "the installed kamplan runs" || bad "installed kamplan --version: $(cat "$tmp/out")"

# The shared library: its soname, and only the public names exported.
soname=$(readelf -d "$lib/libkamplan.so.$ver" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = libkamplan.so.0 ] && ok "soname libkamplan.so.0" || bad "soname '$soname'"
nm -D --defined-only "$lib/libkamplan.so.$ver" 2>/dev/null | awk '{print $NF}' \
    | LC_ALL=C sort -u >"$tmp/exported"
others=$(grep -v '^kp_[a-z]' "$tmp/exported" | tr '\n' ' ')
[ -s "$tmp/exported" ] && [ -z "$others" ] \
    && ok "exports $(wc -l <"$tmp/exported") kp_ names and nothing else" \
    || bad "exports other names: ${others:-none at all}"
grep -o 'kp_[a-z][a-z0-9_]*(' "$root/include/kamplan.h" | tr -d '(' | LC_ALL=C sort -u \
    >"$tmp/declared"
missing=$(LC_ALL=C comm -23 "$tmp/declared" "$tmp/exported" | tr '\n' ' ')
[ -z "$missing" ] && ok "every function of kamplan.h is exported" \
    || bad "declared in kamplan.h, not exported: $missing"

# src/README.md's example, through pkg-config, pointed into DESTDIR.
sed -n '/<!-- example:begin -->/,/<!-- example:end -->/p' "$root/src/README.md" \
    | sed '/^<!--/d;/^```/d' >"$tmp/example.c"
grep -q 'kp_solve(' "$tmp/example.c" && ok "the example program of src/README.md extracted" \
    || bad "no example program between the markers of src/README.md"
export PKG_CONFIG_PATH="$lib/pkgconfig"
pc() { pkg-config --define-variable=prefix="$pre" "$@" kamplan; }
[ "$(pc --modversion)" = "$ver" ] && ok "pkg-config --modversion is $ver" \
    || bad "pkg-config --modversion: '$(pc --modversion 2>&1)'"
[ "$(pc --static --libs | sed 's/ *$//')" = "-L$lib -lkamplan -lglpk -lcsv -lgomp -lm" ] \
    && ok "pkg-config --static --libs adds GLPK, libcsv, libgomp, libm" \
    || bad "pkg-config --static --libs: '$(pc --static --libs 2>&1)'"
cflags="-std=c11 -Wall -Wextra -Wpedantic -Werror $(pc --cflags)"

want=$($KAMPLAN solve models/sample --scenario base --gap 0 2>&1 \
       | sed -n 's/^\(scenario base: [a-z_]*, value [0-9.]*\).*/\1/p')
case $want in
"scenario base: optimal, value 1173880") ok "kamplan solve: base optimal, value 1173880" ;;
*) bad "kamplan solve printed '$want', expected base optimal, value 1173880" ;;
esac

# $1: name, $2: binary; runs it on the sample (further args: env settings).
run_example() {
    name=$1
    bin=$2
    shift 2
    got=$(env "$@" "$bin" models/sample 2>&1)
    [ "$got" = "$want" ] && ok "$name example prints '$got'" \
        || bad "$name example printed '$got', kamplan solve '$want'"
}
# shellcheck disable=SC2086
if cc $cflags -o "$tmp/ex-shared" "$tmp/example.c" $(pc --libs) 2>"$tmp/err"; then
    ok "example builds against libkamplan.so"
    readelf -d "$tmp/ex-shared" | grep -q 'NEEDED.*\[libkamplan\.so\.0\]' \
        && ok "example needs libkamplan.so.0" || bad "example does not need libkamplan.so.0"
    run_example shared "$tmp/ex-shared" LD_LIBRARY_PATH="$lib"
else
    bad "example with libkamplan.so: $(head -5 "$tmp/err" | tr '\n' ' ')"
fi
static_libs=$(pc --static --libs | sed 's/-lkamplan/-Wl,-Bstatic -lkamplan -Wl,-Bdynamic/')
# shellcheck disable=SC2086
if cc $cflags -o "$tmp/ex-static" "$tmp/example.c" $static_libs 2>"$tmp/err"; then
    ok "example builds against libkamplan.a"
    readelf -d "$tmp/ex-static" | grep -q 'libkamplan' \
        && bad "the static example still needs libkamplan.so" \
        || ok "the static example needs no libkamplan.so"
    run_example static "$tmp/ex-static" LD_LIBRARY_PATH=
else
    bad "example with libkamplan.a: $(head -5 "$tmp/err" | tr '\n' ' ')"
fi

# The man page: no warning, every command and option of --help in it.
man1=$pre/share/man/man1/kamplan.1
warn=$(groff -man -Tutf8 -ww -z "$man1" 2>&1)
[ -z "$warn" ] && ok "groff -man -ww renders the man page without a warning" \
    || bad "groff: $(echo "$warn" | head -5 | tr '\n' ' ')"
groff -man -Tascii -P-cbou "$man1" 2>/dev/null >"$tmp/man.txt"
$KAMPLAN --help >"$tmp/help"
missing=""
for w in $(sed -n 's/^  \([a-z][a-z]*\) .*/kamplan:\1/p' "$tmp/help") \
         $(grep -o -- '--[a-z][a-z-]*' "$tmp/help" | LC_ALL=C sort -u); do
    case $w in
    kamplan:*) grep -q "kamplan ${w#kamplan:}\b" "$tmp/man.txt" || missing="$missing ${w#kamplan:}" ;;
    *) grep -q -- "$w\b" "$tmp/man.txt" || missing="$missing $w" ;;
    esac
done
[ -z "$missing" ] && ok "the man page names every command and option of --help" \
    || bad "not in the man page:$missing"

# Uninstall removes what install put there, and leaves another file alone.
echo keep >"$lib/libother.a"
if make -C "$root" --no-print-directory uninstall DESTDIR="$dest" PREFIX=/usr/local \
        BUILD="$BUILD" >"$tmp/make.log" 2>&1; then
    ok "make uninstall"
else
    bad "make uninstall: $(tail -5 "$tmp/make.log" | tr '\n' ' ')"
fi
left=$(cd "$dest" && find . ! -type d | tr '\n' ' ')
[ "$left" = "./usr/local/lib/libother.a " ] \
    && ok "uninstall removes every installed file and nothing else" \
    || bad "after uninstall: ${left:-nothing, not even lib/libother.a}"

finish
