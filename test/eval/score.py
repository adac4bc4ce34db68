#!/usr/bin/env python3
"""Per-rule and per-project tables from two runs of inline-comments.sh and the hand verdicts.

    test/eval/score.py BEFORE/inline.tsv AFTER/inline.tsv test/eval/verdicts.tsv

Inline comments per rule before and after, product code and test code apart, and for the product
comments after the change how many the verdicts judge useful. A product comment without a verdict
is counted and listed as unjudged (the verdicts belong to the run they were made on). When the
AFTER folder has a low.tsv (written by inline-comments.sh), the product findings that went to the
check run's summary at low confidence are counted per rule too.
"""
import collections
import os
import sys


def rows(path):
    return [l.rstrip("\n").split("\t") for l in open(path) if l.strip()]


before, after = rows(sys.argv[1]), rows(sys.argv[2])
low_path = os.path.join(os.path.dirname(sys.argv[2]), "low.tsv")
low = rows(low_path) if os.path.exists(low_path) else []
verdicts = {(r[0], r[1], r[2], r[3]): r[4] for r in rows(sys.argv[3])[1:]}
count = collections.Counter()
for name, run in (("before", before), ("after", after)):
    for p, path, line, rule, kind in run:
        count[(rule, name, kind)] += 1
low_by_rule = collections.Counter(r[3] for r in low if r[4] == "product")
useful, judged, unjudged = collections.Counter(), collections.Counter(), []
by_project = collections.Counter()
for p, path, line, rule, kind in before:
    if kind == "product":
        by_project[(p, "before")] += 1
for p, path, line, rule, kind in after:
    if kind != "product":
        continue
    by_project[(p, "after")] += 1
    v = verdicts.get((p, path, line, rule))
    if v is None:
        unjudged.append((p, path, line, rule))
        continue
    judged[rule] += 1
    useful[rule] += v == "useful"
    by_project[(p, "judged")] += 1
    by_project[(p, "useful")] += v == "useful"
rules = sorted({k[0] for k in count} | set(low_by_rule))
print(f"{'rule':<6} {'before prod':>11} {'before test':>11} {'after prod':>10} {'after test':>10} {'useful':>7} {'not':>5}"
      f" {'LOW prod':>8}")
for r in rules:
    print(f"{r:<6} {count[(r,'before','product')]:>11} {count[(r,'before','test')]:>11} {count[(r,'after','product')]:>10}"
          f" {count[(r,'after','test')]:>10} {useful[r]:>7} {judged[r]-useful[r]:>5} {low_by_rule[r]:>8}")
tot = lambda n, k: sum(v for (r, nn, kk), v in count.items() if nn == n and kk == k)
u, j = sum(useful.values()), sum(judged.values())
print(f"{'all':<6} {tot('before','product'):>11} {tot('before','test'):>11} {tot('after','product'):>10} {tot('after','test'):>10} {u:>7} {j-u:>5}"
      f" {sum(low_by_rule.values()):>8}")
print()
projects = sorted({p for p, _ in by_project})
print(f"{'project':<28} {'before prod':>11} {'after prod':>10} {'useful':>7} {'not':>5}")
for p in projects:
    print(f"{p:<28} {by_project[(p,'before')]:>11} {by_project[(p,'after')]:>10} {by_project[(p,'useful')]:>7}"
          f" {by_project[(p,'judged')]-by_project[(p,'useful')]:>5}")
print()
print(f"useful: {u}/{j} = {100.0 * u / max(j, 1):.1f}% of the product inline comments judged; unjudged: {len(unjudged)}")
for x in unjudged:
    print("  unjudged:", *x)
