#!/bin/sh
# The options are defined once (src/cli/commands.c): `kamplan --list-options`
# prints that definition, and tests/check_options.py checks that --help and
# the man page (src/kamplan.1, in each command's OPTIONS subsection) list
# exactly those options, with the same short forms and arguments, and
# exactly those commands; and that the man page's INPUT FILES names every
# file, column and policy key of the reader (src/io/instance.c). Prints
# one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
if ! $KAMPLAN --list-options >"$tmp/list" || ! $KAMPLAN --help >"$tmp/help"; then
    bad "kamplan --list-options and --help run"
    finish
    exit
fi
if ! command -v groff >/dev/null; then
    bad "groff is installed (make deps), to render the man page"
    finish
    exit
fi
groff -man -Tascii -P-cbou src/kamplan.1 >"$tmp/man.txt" 2>/dev/null
$PYTHON tests/check_options.py "$tmp/list" "$tmp/help" "$tmp/man.txt" \
    src/io/instance.c >"$tmp/out"
grep -v 'passed, [0-9]* failed$' "$tmp/out"
pass=$((pass + $(grep -c '^ok - ' "$tmp/out")))
fail=$((fail + $(grep -c '^not ok - ' "$tmp/out")))
# Hidden: --list-options is for this test, not in --help.
grep -q -- '--list-options' "$tmp/help" && bad "--help does not show --list-options" \
    || ok "--help does not show --list-options"
finish
