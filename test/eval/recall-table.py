#!/usr/bin/env python3
"""The #16 table from a recall diff and the hand check: per rule, the findings the AFTER build adds on
CPython's library and on the packages, how many go inline (HIGH), how many the hand check judges useful
or not, and how many are LOW; then every added row the verdicts do not judge yet (to judge by hand).

  test/eval/recall-table.py DIFF.tsv [recall-verdicts.tsv]

DIFF.tsv is recall-diff.sh's output (side, project, path, line, rule, confidence, message). A project
folder that groups packages (the corpus's newall/oldall) names the package by the path's first part;
verdicts are keyed by (package, path inside it, line, rule), as recall-verdicts.tsv holds them.
"""
import collections
import csv
import os
import sys

CPYTHON = "cpython-stdlib"
GROUPS = {"newall", "oldall"}


def key(project, path, line, rule):
    if project in GROUPS and "/" in path:
        project, path = path.split("/", 1)
    return project, path, str(line), rule


def main():
    diff = sys.argv[1]
    tsv = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "recall-verdicts.tsv")
    verdicts = {}
    with open(tsv) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            verdicts[(r["project"], r["path"], r["line"], r["rule"])] = r["verdict"]
    table = collections.defaultdict(collections.Counter)
    unjudged, removed = [], collections.Counter()
    with open(diff) as f:
        for line in f:
            row = line.rstrip("\n").split("\t")
            if len(row) < 6:
                continue
            side, project, path, number, rule, confidence = row[:6]
            if side == "-":
                removed[rule] += 1
                continue
            if side != "+":
                continue
            k = key(project, path, number, rule)
            c = table[rule]
            c["cpython" if k[0] == CPYTHON else "packages"] += 1
            c["high" if confidence != "low" else "low"] += 1
            verdict = verdicts.get(k)
            if verdict in ("useful", "not-useful"):
                c[verdict] += 1
                if confidence != "low":
                    c["high-" + verdict] += 1
            else:
                c["unjudged"] += 1
                unjudged.append("\t".join(list(k) + [confidence, row[6] if len(row) > 6 else ""]))
    cols = ["cpython", "packages", "high", "useful", "not-useful", "low", "unjudged"]
    print("| rule | added on CPython's lib | added on the packages | inline (HIGH) | useful | not useful | LOW | not judged |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    total = collections.Counter()
    for rule in sorted(table):
        total.update(table[rule])
        print("| " + rule + " | " + " | ".join(str(table[rule][c]) for c in cols) + " |")
    print("| **all** | " + " | ".join(f"**{total[c]}**" for c in cols) + " |")
    judged = total["useful"] + total["not-useful"]
    if judged:
        print(f"\nuseful: {total['useful']} of {judged} judged = {100.0 * total['useful'] / judged:.1f}%")
        inline = total["high-useful"] + total["high-not-useful"]
        if inline:
            print(f"inline (HIGH): {total['high-useful']} useful of {inline} = {100.0 * total['high-useful'] / inline:.1f}%")
    print("removed (any side '-'): " + ", ".join(f"{r} {n}" for r, n in sorted(removed.items())) if removed else "removed: none")
    if unjudged:
        print(f"\n{len(unjudged)} added rows not judged in {tsv} (package, path, line, rule, confidence, message):")
        for u in unjudged:
            print(u)


if __name__ == "__main__":
    main()
