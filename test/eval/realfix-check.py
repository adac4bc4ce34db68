#!/usr/bin/env python3
"""Hit or miss of each real bug fix in realfix.tsv: runs `java -jar JAR check --select ALL --format json`
over each case's before-version (CASES/<case>/, kept outside the repository) and says whether the fixed
line is reported, and by which rules.  Usage: realfix-check.py JAR CASES [realfix.tsv]"""
import csv, json, os, subprocess, sys

jar, cases = os.path.abspath(sys.argv[1]), sys.argv[2]
tsv = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(__file__), "realfix.tsv")
found = {}
with open(tsv) as f:
    rows = [r for r in csv.DictReader(f, delimiter="\t")]
for case in sorted({r["case"] for r in rows}):
    folder = os.path.join(cases, case)
    if not os.path.isdir(folder):
        continue
    out = subprocess.run([os.environ.get("JAVA", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"), "-jar", jar, "check", "--select", "ALL", "--format", "json", "."],
                         cwd=folder, capture_output=True, text=True).stdout
    data = json.loads(out or "[]")
    items = data if isinstance(data, list) else data.get("findings", data.get("results", []))
    for d in items:
        path = os.path.normpath(d.get("path") or d.get("file") or d.get("filename") or "")
        line = d.get("line") or (d.get("location") or {}).get("row") or (d.get("range") or {}).get("startLine")
        found.setdefault((case, path, int(line)), set()).add(d.get("code") or d.get("rule"))
hits = 0
for r in rows:
    got = found.get((r["case"], os.path.normpath(r["path"]), int(r["line"])), set())
    if r["case"] and not os.path.isdir(os.path.join(cases, r["case"])):
        status = "no-before-file"
    else:
        status = "hit" if r["rule"] in got else ("line" if got else "miss")
    hits += status == "hit"
    print("\t".join([r["case"], r["path"], r["line"], r["rule"], status, ",".join(sorted(got))]))
print(f"{hits}/{len(rows)} fixed lines reported with the fix's rule", file=sys.stderr)
