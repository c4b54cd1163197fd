#!/usr/bin/env python3
"""Checks --help and the man page against kamplan's one definition of its
commands and options (src/cli/commands.c), as `kamplan --list-options`
prints it: one line per option, "COMMAND<TAB>TAG" ("*" for kamplan's own
options), the tag as --help shows it ("-o, --out DIR", "--marginal[=LIST]").

Usage: check_options.py LIST_OPTIONS HELP MAN_TEXT [INSTANCE_C]
  LIST_OPTIONS  the output of `kamplan --list-options`
  HELP          the output of `kamplan --help`
  MAN_TEXT      the man page as `groff -man -Tascii -P-cbou` renders it
  INSTANCE_C    src/io/instance.c: its files, columns and policy keys must
                each be named in the man page's INPUT FILES

The man page's OPTIONS section has a subsection per command or group of
commands ("solve", "evaluate and bench", "Every command"); each option is a
tagged paragraph whose tag is written as in --help ("--reuse, --no-reuse"
gives two options). Checked:
  - every option of every command is in a subsection that names the
    command, with the same short form and argument;
  - every option of a subsection is an option of a command it names (with
    the same short form and argument), so the man page names no option
    the table lacks;
  - --help lists exactly the table: each command with exactly its options;
  - COMMANDS and SYNOPSIS name exactly the table's commands.
Prints one TAP-like line per check and "N passed, M failed".
"""
import re
import sys

passed = failed = 0


def check(ok, name, why=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok - " + name)
    else:
        failed += 1
        print("not ok - %s%s" % (name, ": " + why if why else ""))


def parse_tag(tag):
    """A tag's options: {long: (short, arg)}; arg is " ARG", "[=ARG]" or ""."""
    opts = {}
    short = ""
    for item in tag.split(", "):
        m = re.fullmatch(r"-([A-Za-z])", item)
        if m:
            short = "-" + m.group(1)
            continue
        m = re.fullmatch(r"--([a-z][a-z-]*)(\[=\S+\]| \S+)?", item)
        if not m:
            return None
        opts["--" + m.group(1)] = (short, m.group(2) or "")
        short = ""
    return opts if not short else None


def show(long, form):
    short, arg = form
    return "%s%s%s" % (short + ", " if short else "", long, arg)


def read_table(path):
    table = {}
    unread = []
    for line in open(path, encoding="utf-8"):
        cmd, tag = line.rstrip("\n").split("\t")
        opts = parse_tag(tag)
        if opts is None:
            unread.append(tag)
        table.setdefault(cmd, {}).update(opts or {})
    check(not unread, "--list-options: every tag reads as options", ", ".join(unread))
    return table


def read_help(path):
    """--help's commands, each with its options; '*' for kamplan's own."""
    found = {}
    cmd = None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("Exit codes:"):
            break
        m = re.match(r"  ([a-z]+)( |$)", line)
        if m:
            cmd = m.group(1)
            found.setdefault(cmd, {})
            continue
        m = re.match(r"( {2}| {6})(-\S.*?)( {2,}|$)", line)
        if m:
            who = "*" if len(m.group(1)) == 2 else cmd
            found.setdefault(who, {}).update(parse_tag(m.group(2)) or {"?" + m.group(2): ""})
    return found


def man_sections(path):
    """The rendered man page's sections: {TITLE: [lines]}."""
    sections = {}
    title = None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if re.match(r"[A-Z][A-Z ]+$", line):
            title = line
            sections[title] = []
        elif title:
            sections[title].append(line)
    return sections


def read_man_options(lines, commands):
    """[(subsection title, commands it names, {long: form})] of OPTIONS."""
    subs = []
    unread = []
    for line in lines:
        m = re.match(r"   (\S.*)$", line)
        if m:
            title = m.group(1)
            names = ["*"] if title.lower().startswith("every") else \
                [w for w in re.split(r"[ ,]+", title) if w in commands]
            subs.append((title, names, {}))
            continue
        m = re.match(r" {7}(-\S.*?)( {2,}|$)", line)
        if m and subs:
            opts = parse_tag(m.group(1))
            if opts is None:
                unread.append(m.group(1))
            subs[-1][2].update(opts or {})
    check(not unread, "man page: every tag of OPTIONS reads as options", ", ".join(unread))
    return subs


def check_man_options(table, subs):
    for title, names, _ in subs:
        check(names, "man page: OPTIONS subsection '%s' names a command" % title)
    for cmd, opts in table.items():
        where = {}
        for _, names, man in subs:
            if cmd in names:
                where.update(man)
        missing = [show(l, f) for l, f in opts.items() if l not in where]
        differ = ["%s (man page: %s)" % (show(l, f), show(l, where[l]))
                  for l, f in opts.items() if l in where and where[l] != f]
        check(not missing, "man page: every option of %s is in its OPTIONS"
              % (cmd if cmd != "*" else "kamplan itself"), "missing " + ", ".join(missing))
        check(not differ, "man page: %s's options have their short form and argument"
              % (cmd if cmd != "*" else "kamplan itself"), ", ".join(differ))
    for title, names, man in subs:
        extra = [show(l, f) for l, f in man.items()
                 if not any(table.get(n, {}).get(l) == f for n in names)]
        check(not extra, "man page: OPTIONS, %s names no option the table lacks" % title,
              ", ".join(extra))


def check_man_commands(table, sections):
    commands = sorted(c for c in table if c != "*")
    tagged = set()
    for line in sections.get("COMMANDS", []):
        m = re.match(r" {7}([a-z]+)\b", line)
        if m:
            tagged.add(m.group(1))
    check(sorted(tagged) == commands, "man page: COMMANDS names exactly the table's commands",
          "COMMANDS: %s; table: %s" % (sorted(tagged), commands))
    synopsis = " ".join(sections.get("SYNOPSIS", []))
    named = sorted(set(re.findall(r"kamplan\s+([a-z]+)", synopsis)))
    check(named == commands, "man page: SYNOPSIS names exactly the table's commands",
          "SYNOPSIS: %s; table: %s" % (named, commands))


def check_help(table, helped):
    check(sorted(helped) == sorted(table), "--help lists exactly the table's commands",
          "--help: %s; table: %s" % (sorted(helped), sorted(table)))
    for cmd, opts in table.items():
        got = helped.get(cmd, {})
        check(got == opts, "--help lists exactly %s's options, as the table has them"
              % (cmd if cmd != "*" else "kamplan itself"), "--help: %s; table: %s" % (
                  sorted(show(l, f) for l, f in got.items() if l.startswith("--")),
                  sorted(show(l, f) for l, f in opts.items())))


def check_input_files(sections, source):
    """Every file, column and policy key the reader knows is in INPUT FILES."""
    text = open(source, encoding="utf-8").read()
    names = []
    for _, body in re.findall(r"static const char \*const (\w*COLS|KEYS|FILES)\[\w*\] = \{(.*?)\};",
                              text, re.S):
        names += re.findall(r'"([a-z_.]+)"', body)
    words = set(re.findall(r"[a-z_.]+", " ".join(sections.get("INPUT FILES", []))))
    check(len(names) > 40, "src/io/instance.c: the reader's files, columns and keys found",
          "%d names" % len(names))
    missing = sorted(set(n for n in names if n not in words))
    check(not missing, "man page: INPUT FILES names every file, column and policy key "
          "that the reader knows", "missing " + ", ".join(missing))


def main():
    table = read_table(sys.argv[1])
    check(len(table) > 1 and "*" in table, "--list-options lists the commands and kamplan's own options")
    check_help(table, read_help(sys.argv[2]))
    sections = man_sections(sys.argv[3])
    check("OPTIONS" in sections, "man page: has OPTIONS")
    check_man_options(table, read_man_options(sections.get("OPTIONS", []), table))
    check_man_commands(table, sections)
    if len(sys.argv) > 4:
        check_input_files(sections, sys.argv[4])
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
