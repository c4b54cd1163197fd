# tests/lib.sh - what every test script shares; sourced with
#   . "$(dirname "$0")/lib.sh"
# from the repository root. Sets -u; KAMPLAN (the binary, default
# ./kamplan) and PYTHON (default python3); a fresh folder $tmp, removed on
# exit; ok NAME and bad NAME, which print one TAP-like line each and count
# it; and finish, which prints "N passed, M failed" (tests/run.sh adds
# those up) and is the script's exit status: non-zero when a check failed.
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
