#!/bin/sh
# Outputs are all-or-nothing: a failed run leaves an existing output folder
# exactly as it was, and no temporary file behind. Prints one line per check
# and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
snapshot() { (cd "$1" && ls -lA --time-style=+%s.%N . && cat ./* 2>/dev/null) | md5sum; }

out="$tmp/out"
$KAMPLAN solve models/sample --out "$out" --quiet
[ -f "$out/summary.csv" ] && [ -f "$out/plan.csv" ] && [ -f "$out/accounts.csv" ] \
    && ok "solve writes the three files" || bad "solve writes the three files"
before=$(snapshot "$out")

# A broken copy of the sample: one bad number.
cp -r models/sample "$tmp/broken"
sed -i '2s/,24,/,24x,/' "$tmp/broken/activities.csv"
$KAMPLAN solve "$tmp/broken" --out "$out" --quiet 2>"$tmp/err"
rc=$?
[ "$rc" -eq 1 ] && ok "bad input exits 1" || bad "bad input exits $rc, expected 1"
grep -q "activities.csv:2: column 'hours': \"24x\" is not a number" "$tmp/err" \
    && ok "bad input names file, line and column" || bad "message: $(cat "$tmp/err")"
[ "$(snapshot "$out")" = "$before" ] && ok "bad input leaves the output folder as it was" \
    || bad "bad input changed the output folder"

# The last rename cannot happen (accounts.csv is a folder): nothing of the
# new run may be left, and the earlier files stay whole.
out2="$tmp/out2"
mkdir -p "$out2/accounts.csv/keep"
echo old >"$out2/summary.csv"
$KAMPLAN solve models/sample --out "$out2" --quiet 2>"$tmp/err"
rc=$?
[ "$rc" -eq 4 ] && ok "failed write exits 4" || bad "failed write exits $rc, expected 4"
left=$(ls -A "$out2" | grep -c '^\.' )
[ "$left" -eq 0 ] && ok "no temporary files left behind" || bad "temporary files left: $(ls -A "$out2")"

# Output path is a file: refused before anything is written.
echo x >"$tmp/file"
$KAMPLAN solve models/sample --out "$tmp/file" --quiet 2>"$tmp/err"
rc=$?
[ "$rc" -eq 4 ] && [ "$(cat "$tmp/file")" = x ] && ok "an output path that is a file is refused" \
    || bad "output path that is a file: exit $rc"

# A missing parent folder: exit 4 and nothing created.
$KAMPLAN solve models/sample --out "$tmp/no/such/dir" --quiet 2>/dev/null
rc=$?
[ "$rc" -eq 4 ] && [ ! -e "$tmp/no" ] && ok "missing parent folder: exit 4, nothing created" \
    || bad "missing parent folder: exit $rc"

# An infeasible scenario still writes the others, and says why on stderr.
cp -r models/sample "$tmp/tight"
printf 'id,hours\nbase,\ntight,10\n' >"$tmp/tight/scenarios.csv"
$KAMPLAN solve "$tmp/tight" --out "$tmp/out3" --quiet 2>"$tmp/err"
rc=$?
st=$(awk -F, '$1 == "tight" { print $2 }' "$tmp/out3/summary.csv")
[ "$rc" -eq 3 ] && [ "$st" = infeasible ] && grep -q "scenario tight: infeasible: account AUR" "$tmp/err" \
    && ok "infeasible scenario: exit 3, row written, reason on stderr" \
    || bad "infeasible scenario: exit $rc, status '$st', stderr: $(cat "$tmp/err")"

# New files take the permissions the umask allows, as any other program's.
(umask 077 && $KAMPLAN solve models/sample --scenario base --out "$tmp/um" \
    --report "$tmp/um.html" --quiet)
perms=$(stat -c %a "$tmp/um/summary.csv" "$tmp/um.html" | sort -u | tr '\n' ' ')
[ "$perms" = "600 " ] && ok "umask 077: the CSV files and the report are 600" \
    || bad "umask 077: permissions $perms"

# A report path that is a symbolic link: the file it points to is replaced
# (atomically), the link stays.
echo old >"$tmp/real.html"
ln -s "$tmp/real.html" "$tmp/link.html"
$KAMPLAN solve models/sample --scenario base --report "$tmp/link.html" --quiet
[ -L "$tmp/link.html" ] && grep -q '<html' "$tmp/real.html" \
    && ok "a report through a symbolic link replaces its target, the link stays" \
    || bad "report through a link: $(ls -l "$tmp/link.html" "$tmp/real.html")"

# A device or a folder as the report: refused before solving, untouched.
$KAMPLAN solve models/sample --report /dev/null --out "$tmp/dev" --quiet 2>"$tmp/err"
rc=$?
[ "$rc" -eq 4 ] && [ -c /dev/null ] && [ ! -e "$tmp/dev" ] \
    && grep -q "/dev/null: exists and is not a regular file" "$tmp/err" \
    && ok "--report /dev/null: exit 4 before solving, the device untouched" \
    || bad "--report /dev/null: exit $rc: $(cat "$tmp/err")"

finish
