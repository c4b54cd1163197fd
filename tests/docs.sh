#!/bin/sh
# tests/docs.sh - every shell example of the docs runs, and prints what the
# docs say it prints. The convention (tests/README.md, "Shell examples in
# the docs"):
#  - A fenced block tagged ```sh is run. Its lines that start with "$ " are
#    commands (a command ending in "\" goes on over the next line); the
#    lines after a command, up to the next one, are its expected standard
#    output. Standard error is not compared (write 2>&1 to show it).
#  - In expected output, a line "..." stands for any number of lines, and
#    "[...]" inside a line for any text (timings, paths).
#  - A command must exit with status 0 (show a failure with
#    `; echo "exit $?"`).
#  - A block tagged ```sh-norun is shown, not run (make test, make install,
#    apt-get). Any other block that has a "$ " line is an error, so that no
#    example escapes the test by its tag.
#  - Each document's commands run in order, in one fresh folder that holds
#    links to the repository's top-level entries and ./kamplan (KAMPLAN), so
#    that they read models/... and write out/... there, never into the
#    repository. "$ make run" runs the Makefile's run recipe, echoed as make
#    echoes it (the build is done by then).
# Skipped when KAMPLAN is a command line (valgrind ... kamplan).
# DOCS overrides the list of documents. Prints one "ok"/"not ok" line per
# command, the diff of any output that differs, and "N passed, M failed".
. "$(dirname "$0")/lib.sh"
DOCS=${DOCS:-README.md models/README.md models/WALKTHROUGH.md src/README.md benchmarks/README.md tests/README.md}

# The examples show what kamplan prints, which a valgrind pass (KAMPLAN a
# command line) does not change: the plain and the sanitizer builds' passes
# run them, and valgrind's skips them (its time goes to the CLI cases).
case $KAMPLAN in
*" "*)
    echo "skipped: KAMPLAN is a command line ($KAMPLAN)"
    finish
    exit 0 ;;
/*) ln -s "$KAMPLAN" "$tmp/kamplan" ;;
*) ln -s "$(pwd)/$KAMPLAN" "$tmp/kamplan" ;;
esac

# shellcheck disable=SC2086
"$PYTHON" - "$tmp" $DOCS <<'EOF'
import difflib, os, re, subprocess, sys

tmp, docs = sys.argv[1], sys.argv[2:]
root = os.getcwd()
passed = failed = 0


def result(good, name, detail=""):
    global passed, failed
    if good:
        passed += 1
        print("ok - " + name)
    else:
        failed += 1
        print("not ok - " + name)
        if detail:
            print(detail.rstrip("\n"))


def make_run_recipe():
    """The run target's first recipe line, with $(BIN) as the plain build's."""
    lines = open(os.path.join(root, "Makefile")).read().split("\n")
    for i, line in enumerate(lines):
        if line.startswith("run:"):
            return lines[i + 1].strip().replace("$(BIN)", "kamplan")
    return None


def blocks(path):
    """Yields (tag, first line number, lines) for each fenced block."""
    tag, start, body = None, 0, []
    for n, line in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
        if tag is None:
            m = re.match(r"^```(\S*)\s*$", line)
            if m:
                tag, start, body = m.group(1), n + 1, []
        elif re.match(r"^```\s*$", line):
            yield tag, start, body
            tag = None
        else:
            body.append(line)


def examples(path):
    """Yields (line, command, expected lines) for the ```sh blocks; reports
    blocks that look like shell but carry another tag."""
    for tag, start, body in blocks(path):
        shellish = any(l.startswith("$ ") for l in body)
        if tag == "sh-norun":
            continue
        if tag != "sh":
            if shellish:
                result(False, "%s:%d: a block with $ lines is tagged '%s', "
                       "not sh or sh-norun" % (path, start, tag))
            continue
        if not body or not body[0].startswith("$ "):
            result(False, "%s:%d: a ```sh block must start with a '$ ' line"
                   % (path, start))
            continue
        i = 0
        while i < len(body):
            line, cmd = start + i, body[i][2:]
            i += 1
            while cmd.endswith("\\") and i < len(body):
                cmd = cmd + "\n" + body[i]
                i += 1
            expected = []
            while i < len(body) and not body[i].startswith("$ "):
                expected.append(body[i])
                i += 1
            while expected and not expected[-1].strip():
                expected.pop()
            yield line, cmd, expected


def line_matches(pattern, line):
    parts = pattern.rstrip().split("[...]")
    return re.fullmatch(".*".join(map(re.escape, parts)), line.rstrip(),
                        re.S) is not None


def matches(exp, got):
    """Whether got fits exp, where a line "..." takes any number of lines."""
    memo = {}

    def m(i, j):
        if (i, j) in memo:
            return memo[(i, j)]
        if i == len(exp):
            r = j == len(got)
        elif exp[i].strip() == "...":
            r = m(i + 1, j) or (j < len(got) and m(i, j + 1))
        else:
            r = j < len(got) and line_matches(exp[i], got[j]) and m(i + 1, j + 1)
        memo[(i, j)] = r
        return r
    sys.setrecursionlimit(10000 + 4 * (len(exp) + len(got)))
    return m(0, 0)


def workdir(k):
    d = os.path.join(tmp, "doc%d" % k)
    os.mkdir(d)
    for name in os.listdir(root):
        if name in ("out", "kamplan") or name.startswith(("build", ".")):
            continue
        os.symlink(os.path.join(root, name), os.path.join(d, name))
    os.symlink(os.path.join(tmp, "kamplan"), os.path.join(d, "kamplan"))
    return d


for k, doc in enumerate(docs):
    if not os.path.exists(doc):
        result(False, "%s: no such document" % doc)
        continue
    d = workdir(k)
    for line, cmd, expected in examples(doc):
        name = "%s:%d: %s" % (doc, line, cmd.split("\n")[0])
        run = cmd
        if cmd.split("#")[0].strip() == "make run":
            recipe = make_run_recipe()
            if not recipe:
                result(False, name, "the Makefile has no run target")
                continue
            run = "printf '%%s\\n' '%s'; %s" % (recipe, recipe)
        try:
            p = subprocess.run(["sh", "-c", run], cwd=d, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=300)
        except subprocess.TimeoutExpired:
            result(False, name, "  timed out after 300 s")
            continue
        got = p.stdout.decode("utf-8", "replace").split("\n")
        if got and got[-1] == "":
            got.pop()
        if p.returncode != 0:
            err = p.stderr.decode("utf-8", "replace")
            result(False, name, "  exit status %d; stderr:\n%s"
                   % (p.returncode, "".join("    " + l + "\n" for l in err.split("\n")[:20])))
        elif not matches(expected, got):
            diff = difflib.unified_diff(expected, got, "documented", "printed",
                                        lineterm="")
            result(False, name, "\n".join("  " + l for l in diff))
        else:
            result(True, name)

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
EOF
# The trap of lib.sh removes $tmp on the way out.
exit $?
