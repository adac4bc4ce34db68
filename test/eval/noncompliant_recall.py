#!/usr/bin/env python3
"""Recall on fixtures labelled the SonarSource way (issue #16): a line that must be reported ends
in `# Noncompliant`; each file is about one rule, given by RULES.tsv (file name, our code). Keep the
fixtures (other projects' code) outside this repository.

  python3 test/eval/noncompliant_recall.py DIR RULES.tsv FINDINGS.json

FINDINGS.json is `asyncguard check --select ALL --format json --exit-zero DIR`. Prints the labelled
lines found by the file's rule, the missed ones, and that rule's findings on unlabelled lines (to
judge by hand).
"""
import collections
import json
import sys
from pathlib import Path

folder, rules_file, findings_file = Path(sys.argv[1]).resolve(), sys.argv[2], sys.argv[3]
rules = dict(line.rstrip("\n").split("\t") for line in open(rules_file, encoding="utf-8") if line.strip())
found = collections.defaultdict(list)
for f in json.load(open(findings_file, encoding="utf-8")):
    found[(Path(f["path"]).name, f["range"]["startLine"])].append((f["code"], f.get("confidence", "high")))
per_rule = collections.defaultdict(lambda: [0, 0])
missed, unlabelled = [], []
for name, rule in sorted(rules.items()):
    for number, text in enumerate((folder / name).read_text(encoding="utf-8").splitlines(), 1):
        mine = [c for c in found.get((name, number), []) if c[0] == rule]
        if "# Noncompliant" in text:
            per_rule[rule][0] += 1
            per_rule[rule][1] += bool(mine)
            if not mine:
                missed.append(f"{name}:{number} {rule} | {text.strip()}")
        elif mine:
            unlabelled.append(f"{name}:{number} {mine[0][0]}({mine[0][1]}) | {text.strip()}")
print("| rule | labelled | found |\n|---|---:|---:|")
for rule, (labelled, hit) in sorted(per_rule.items()):
    print(f"| {rule} | {labelled} | {hit} |")
total = [sum(v[0] for v in per_rule.values()), sum(v[1] for v in per_rule.values())]
print(f"| **all** | **{total[0]}** | **{total[1]}** |")
print("\n## Missed\n" + "\n".join(missed))
print("\n## Found on unlabelled lines\n" + "\n".join(unlabelled))
