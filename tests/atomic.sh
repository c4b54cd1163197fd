#!/bin/sh
# Result sets, one writer per folder, inputs never written (issue 14, parts
# 1 to 3): SIGKILL at random moments and races of two runs into one folder
# (tests/check_atomic.py; KILLS, default 100, and PAIRS, default 40, per
# lock mode), the lock with and without --wait, leftovers of killed runs,
# a user's own files in the output folder, and every output path that could
# write over an input refused with exit 2, the inputs byte for byte as they
# were. Prints one line per check and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
# The docs' default ./kamplan, absolute: some checks run elsewhere.
[ "$KAMPLAN" = ./kamplan ] && KAMPLAN=$(pwd)/kamplan
# Under valgrind each run takes seconds: fewer kills and pairs.
case $KAMPLAN in
*valgrind*) KILLS=${KILLS:-4} PAIRS=${PAIRS:-2} ;;
*) KILLS=${KILLS:-100} PAIRS=${PAIRS:-40} ;;
esac

# The kill and race tests.
$PYTHON tests/check_atomic.py "$KAMPLAN" models/sample "$tmp" "$KILLS" "$PAIRS" \
    >"$tmp/atomic.out" 2>&1
grep -v 'passed, [0-9]* failed$' "$tmp/atomic.out"
pass=$((pass + $(grep -c '^ok - ' "$tmp/atomic.out")))
fail=$((fail + $(grep -c '^not ok - ' "$tmp/atomic.out")))
grep -q 'passed, [0-9]* failed$' "$tmp/atomic.out" || bad "check_atomic.py ran to the end"

w="$tmp/w"
mkdir "$w"
cp -r models/sample "$w/team"
cp models/habit-plan.csv "$w/habit.csv"
solve() { $KAMPLAN solve "$@" --scenario base --quiet; }

# The lock: held by someone else (a process that flocks the lock file
# until it is killed), a run fails at once with exit 4 and says so; with
# --wait it says it waits, and writes once the lock is released.
mkdir "$w/res"
$PYTHON -c 'import fcntl, sys, time
f = open(sys.argv[1], "a")
fcntl.flock(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(300)' "$w/.res.lock" "$tmp/locked" &
holder=$!
until [ -f "$tmp/locked" ]; do sleep 0.05; done
solve "$w/team" --out "$w/res" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 4 ] && grep -q "res: is being written by another kamplan run.*--wait waits for it" \
    "$tmp/err" && [ -z "$(ls -A "$w/res")" ] \
    && ok "a locked output folder: exit 4 at once, with the message, the folder untouched" \
    || bad "a locked output folder: exit $rc: $(cat "$tmp/err")"
$KAMPLAN solve "$w/team" --scenario base --out "$w/res" --wait >/dev/null 2>"$tmp/err" &
waiter=$!
n=0
until grep -q "waiting for it" "$tmp/err" || [ "$n" -ge 600 ]; do
    sleep 0.1
    n=$((n + 1))
done
sleep 0.3
[ -z "$(ls -A "$w/res")" ] && still=1 || still=0
kill "$holder"
wait "$holder" 2>/dev/null
wait "$waiter"
rc=$?
[ "$rc" -eq 0 ] && [ "$still" -eq 1 ] && [ -f "$w/res/summary.csv" ] \
    && ok "--wait says it waits, waits for the lock's release, then writes" \
    || bad "--wait: exit $rc, nothing written while locked: $still: $(cat "$tmp/err")"

# A user's own files and folders in the output folder are carried over;
# the report inside it is part of the set; a leftover of a killed run is
# removed and the lock file is all that stays beside the folder.
echo "my notes" >"$w/res/notes.txt"
mkdir -p "$w/res/mine/deep"
echo kept >"$w/res/mine/deep/x.txt"
ln -s notes.txt "$w/res/link.txt"
mkdir -p "$w/.res.tmp-999999-abc/half"
echo partial >"$w/.res.tmp-999999-abc/summary.csv"
mkdir "$w/.res.tmp-1-2.tmp-3-not-ours"
solve "$w/team" --out "$w/res" --report "$w/res/mine/report.html" --progress "$w/res/progress.csv"
rc=$?
[ "$rc" -eq 0 ] && [ "$(cat "$w/res/notes.txt")" = "my notes" ] \
    && [ "$(cat "$w/res/mine/deep/x.txt")" = kept ] && [ -L "$w/res/link.txt" ] \
    && ok "a user's files, folders and links in the output folder are kept" \
    || bad "a user's files: exit $rc: $(ls -AR "$w/res")"
grep -q '<html' "$w/res/mine/report.html" && grep -q '^seconds,scenario' "$w/res/progress.csv" \
    && ok "--report and --progress inside --out are written into the set" \
    || bad "--report and --progress inside --out: $(ls -AR "$w/res")"
beside=$(ls -A "$w" | grep '^\.res' | tr '\n' ' ')
[ "$beside" = ".res.lock .res.tmp-1-2.tmp-3-not-ours " ] \
    && ok "a leftover of a killed run is removed; another folder's hidden names are not" \
    || bad "beside the output folder: $beside"

# An old set a killed run left aside (where the file system cannot
# exchange two folders) is put back by the next run, then replaced.
mv "$w/res" "$w/.res.old-999999-1f"
$KAMPLAN solve "$w/team" --out "$w/res" --scenario lean-budget --quiet
[ "$(cat "$w/res/notes.txt" 2>/dev/null)" = "my notes" ] && grep -q '^lean-budget,' "$w/res/summary.csv" \
    && [ ! -e "$w/.res.old-999999-1f" ] \
    && ok "an old set left aside is put back, then replaced with the new one" \
    || bad "old set left aside: $(ls -A "$w" "$w/res")"

# An output folder given through a symbolic link: the folder it points to
# is replaced, the link stays.
mkdir "$w/real"
ln -s real "$w/outlink"
solve "$w/team" --out "$w/outlink"
[ -L "$w/outlink" ] && [ -f "$w/real/summary.csv" ] && [ -e "$w/.real.lock" ] \
    && ok "--out through a symbolic link: its folder is replaced, the link stays" \
    || bad "--out through a link: $(ls -lA "$w")"

# evaluate and bench write their sets the same way, beside solve's files.
$KAMPLAN evaluate "$w/team" --plan "$w/habit.csv" --scenario base --out "$w/res" --quiet
$KAMPLAN bench "$w/team" --scenario base --out "$w/res" --quiet -t 5
[ -f "$w/res/evaluation.csv" ] && [ -f "$w/res/bench.csv" ] && [ -f "$w/res/summary.csv" ] \
    && [ -z "$(ls -A "$w/res" | grep '^\.')" ] \
    && ok "evaluate and bench replace the set at once, solve's files kept" \
    || bad "evaluate and bench: $(ls -A "$w/res")"

# Inputs are never written: each case exits 2 before any work, with a
# message naming both paths, and every input stays byte for byte as it was.
sums() { (cd "$w" && find team habit.csv -type f | sort | xargs md5sum; ls -lA team); }
ln -s team "$w/teamlink"
ln "$w/team/accounts.csv" "$w/hard.csv"
mkdir "$w/sub"
sums >"$tmp/before"
refused() {
    name=$1
    want=$2
    shift 2
    (cd "$w" && $KAMPLAN "$@" >/dev/null 2>"$tmp/err")
    rc=$?
    if [ "$rc" -eq 2 ] && grep -q -- "$want" "$tmp/err" \
        && sums | cmp -s - "$tmp/before"; then
        ok "$name: exit 2, the inputs untouched"
    else
        bad "$name: exit $rc, $(cat "$tmp/err")"
    fi
}
refused "--out the instance folder" "--out team: is the instance folder team" \
    solve team --out team
refused "--out the instance folder with a slash" "--out team/: is the instance folder team" \
    solve team --out team/
refused "--out inside the instance folder" "--out team/res: lies inside the instance folder team" \
    solve team --out team/res
refused "--out the folder that holds the instance" "--out $w: holds the instance folder team" \
    solve team --out "$w"
refused "--out the current folder" "--out .: is the current folder" \
    solve team --out .
refused "--out the instance through a symbolic link" "--out teamlink: is the instance folder team" \
    solve team --out teamlink
refused "the instance through a symbolic link, --out the folder" "--out team: is the instance folder teamlink" \
    solve teamlink --out team
refused "--out the instance through .." "--out sub/../team: is the instance folder team" \
    solve team --out sub/../team
refused "--report onto an input file" "--report team/accounts.csv: lies inside the instance folder team" \
    solve team --report team/accounts.csv
refused "--report onto a hard link of an input file" "--report hard.csv: is the input file accounts.csv in the instance folder team" \
    solve team --report hard.csv
refused "--progress onto an input file" "--progress team/policy.csv: lies inside" \
    solve team --out res --progress team/policy.csv
refused "export --lp onto an input file" "--lp team/accounts.csv: lies inside" \
    export team --lp team/accounts.csv
refused "export --mps into the instance folder" "--mps team/model.mps: lies inside" \
    export team --mps team/model.mps
refused "export --dat onto an input through a link" "--dat teamlink/activities.csv: lies inside" \
    export team --dat teamlink/activities.csv
refused "evaluate --out the instance folder" "--out ./team: is the instance folder team" \
    evaluate team --plan habit.csv --out ./team
refused "evaluate --report onto the plan file" "--report habit.csv: is the plan file habit.csv" \
    evaluate team --plan habit.csv --report habit.csv
cp "$w/habit.csv" "$w/res/evaluation.csv"
md5=$(md5sum <"$w/res/evaluation.csv")
(cd "$w" && $KAMPLAN evaluate team --plan res/evaluation.csv --out res >/dev/null 2>"$tmp/err")
rc=$?
[ "$rc" -eq 2 ] && grep -q -- "--out res/evaluation.csv: is the plan file res/evaluation.csv" "$tmp/err" \
    && [ "$(md5sum <"$w/res/evaluation.csv")" = "$md5" ] \
    && ok "evaluate --out where a file it writes is the plan file: exit 2, the plan untouched" \
    || bad "evaluate onto its plan file: exit $rc, $(cat "$tmp/err")"
refused "bench --out the folder above the instance" "--out team/..: holds the instance folder team" \
    bench team --out team/..
# The plan in the output folder, under another name: carried over as it is.
cp "$w/habit.csv" "$w/res/myplan.csv"
md5=$(md5sum <"$w/res/myplan.csv")
(cd "$w" && $KAMPLAN evaluate team --plan res/myplan.csv --scenario base --out res --quiet)
rc=$?
[ "$rc" -eq 6 ] && [ "$(md5sum <"$w/res/myplan.csv")" = "$md5" ] \
    && ok "evaluate --out the plan file's folder: written, the plan carried over unchanged" \
    || bad "evaluate --out the plan's folder: exit $rc"

finish
