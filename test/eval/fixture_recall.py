#!/usr/bin/env python3
"""Recall of asyncguard on other tools' labelled fixtures (issue #16); run by fixture-recall.sh.

Two kinds of fixture folders are understood, found per file:

* flake8-async eval files: a line that must be reported carries `# error: ...` (the file's own
  code, from its name: async210_foo.py -> ASYNC210) or `# ASYNCnnn[_suffix]: ...`. Files run the
  way flake8-async's test runner runs them for asyncio: `# NOASYNCIO` files are skipped,
  `# ASYNCIO_NO_ERROR` files expect nothing, and unless `# BASE_LIBRARY asyncio` the text has
  every `trio` not preceded by `-` replaced by `asyncio` (comments included) before it is read.
* Ruff fixtures: `NAME.py` with snapshot files (`*NAME.py.snap`, anywhere under the folder) whose
  diagnostics (`NAME.py:12:5: ASYNC210 ...` or `ASYNC210 ...` then `--> NAME.py:12:5`) are the
  labels; the text is used as it is.

A label only counts for asyncio: one on a line that names `trio` or `anyio` and not `asyncio`
(Ruff runs one fixture for all three libraries) is set aside and counted apart.

`prepare SRC_DIR... OUT_DIR` writes the texts to check under OUT_DIR/prepared/<folder>/ and the
labels to OUT_DIR/labels.tsv. `score OUT_DIR SARIF` reads asyncguard's SARIF output (its rules'
help pages give each rule's equivalent codes: the one mapping, from @RuleInfo through the docs)
and prints recall per equivalent code and the findings on lines with no label of their codes.
"""
import collections
import json
import os
import re
import sys
from pathlib import Path

MARKERS = ("NOASYNCIO", "ASYNCIO_NO_ERROR")
LABEL = re.compile(r"(error|ASYNC...)(_.*)?:([^#]*)(?=#|$)")  # as flake8-async's runner reads a line
SNAP_OLD = re.compile(r"^(?P<file>[^\s:]+\.py):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+)\b")
SNAP_CODE = re.compile(r"^(?P<code>[A-Z]+\d+)\b")
SNAP_ARROW = re.compile(r"^\s*-->\s*(?P<file>[^\s:]+\.py):(?P<line>\d+):(?P<col>\d+)")
OTHER_LIBRARY = re.compile(r"\b(trio|anyio)\b")


def snapshot_labels(folder):
    """{fixture name: [(line, code)]} from every .snap file under folder."""
    labels = collections.defaultdict(list)
    for snap in sorted(Path(folder).rglob("*.snap")):
        code = None
        for text in snap.read_text(encoding="utf-8").splitlines():
            m = SNAP_OLD.match(text)
            if m:
                labels[os.path.basename(m["file"])].append((int(m["line"]), m["code"]))
                continue
            m = SNAP_CODE.match(text)
            if m:
                code = m["code"]
                continue
            m = SNAP_ARROW.match(text)
            if m and code:
                labels[os.path.basename(m["file"])].append((int(m["line"]), code))
                code = None
    return labels


def flake8_async_labels(name, text):
    """[(line, code)] as flake8-async's test runner collects them."""
    own = Path(name).stem.upper().split("_")[0]
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line or line[0] == "#":
            continue
        for code, _suffix, _args in LABEL.findall(line):
            found.append((number, own if code == "error" else code))
    return found


def statement(lines, number):
    """The code of line `number` (1-based) without its comment, with the block it opens if it ends in ':'."""
    if number > len(lines):
        return ""
    first = lines[number - 1]
    code = first.split("#", 1)[0]
    if code.rstrip().endswith(":"):
        indent = len(first) - len(first.lstrip())
        for following in lines[number:]:
            if following.strip() and len(following) - len(following.lstrip()) <= indent:
                break
            code += "\n" + following.split("#", 1)[0]
    return code


def prepare(sources, out):
    out = Path(out)
    rows, skipped = [], []
    for source in sources:
        source = Path(source)
        snaps = snapshot_labels(source)
        for path in sorted(source.rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            folder = out / "prepared" / source.name
            rel = path.relative_to(source)
            if path.name in snaps:
                kind, labels = "ruff", snaps[path.name]
            else:
                markers = set(re.findall(r"# (%s)\b" % "|".join(MARKERS), text))
                if "NOASYNCIO" in markers:
                    skipped.append((str(rel), "NOASYNCIO"))
                    continue
                base = re.search(r"# BASE_LIBRARY (\w*)", text)
                if (base.group(1) if base else "trio") != "asyncio":
                    text = re.sub(r"(?<!-)trio", "asyncio", text)
                kind = "flake8-async"
                labels = [] if "ASYNCIO_NO_ERROR" in markers else flake8_async_labels(path.name, text)
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            lines = text.split("\n")
            rel_out = str(target.relative_to(out))
            for number, code in labels:
                code_part = statement(lines, number)
                scope = "other-library" if OTHER_LIBRARY.search(code_part) and "asyncio" not in code_part else "asyncio"
                rows.append((rel_out, number, code, kind, scope))
            # The codes this fixture is about: its own (from its name), those its labels and
            # `# ARG --enable=` name. Findings of other rules on its lines are no claim of the fixture.
            tested = {code for _, code in labels} | set(re.findall(r"ASYNC\d{3}", " ".join(re.findall(r"# ARG --enable=(\S+)", text))))
            own = re.match(r"(?i)(async\d{3})", path.stem)
            if own:
                tested.add(own.group(1).upper())
            for code in sorted(tested):
                rows.append((rel_out, 0, code, kind, "tested"))
    with open(out / "labels.tsv", "w", encoding="utf-8") as f:
        for row in rows:
            f.write("\t".join(map(str, row)) + "\n")
    for rel, why in skipped:
        print(f"skipped {rel}: {why}", file=sys.stderr)


def equivalents(sarif):
    """{foreign code: our code} from the rules' help pages ('## Equivalent codes')."""
    mapping = {}
    for rule in sarif["runs"][0]["tool"]["driver"]["rules"]:
        page = rule.get("help", {}).get("markdown", "")
        m = re.search(r"^## Equivalent codes\s*\n+(.*)$", page, re.M)
        if not m:
            continue
        for code in re.findall(r"\b[A-Z]+\d{3,4}\b", m.group(1)):
            mapping[code] = rule["id"]
    return mapping


def score(out, sarif_path):
    out = Path(out).resolve()
    sarif = json.load(open(sarif_path, encoding="utf-8"))
    mapping = equivalents(sarif)
    findings = collections.defaultdict(list)  # (file, line) -> [(rule, confidence, message)]
    for r in sarif["runs"][0]["results"]:
        loc = r["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        path = Path(uri[7:] if uri.startswith("file://") else uri)
        if not path.is_absolute():
            path = Path.cwd() / path
        try:
            rel = str(path.resolve().relative_to(out))
        except ValueError:
            rel = str(path)
        findings[(rel, loc["region"]["startLine"])].append(
            (r["ruleId"], r.get("properties", {}).get("confidence", "high"), r["message"]["text"]))

    labels = collections.Counter()
    other_library = collections.Counter()
    other_found = collections.Counter()  # of those set aside, the ones our mapped rule reports anyway
    unmapped = collections.Counter()
    tested_rules = collections.defaultdict(set)  # file -> our rules whose codes the fixture is about
    labelled_rules = collections.defaultdict(set)  # (file, line) -> our rules its labels map onto
    for row in open(out / "labels.tsv", encoding="utf-8"):
        rel, line, code, _kind, scope = row.rstrip("\n").split("\t")
        if scope == "tested":
            if code in mapping:
                tested_rules[rel].add(mapping[code])
            continue
        if code not in mapping:
            unmapped[code] += 1
        elif scope != "asyncio":
            other_library[code] += 1
            labelled_rules[(rel, int(line))].add(mapping[code])
            other_found[code] += any(f[0] == mapping[code] for f in findings.get((rel, int(line)), []))
        else:
            labels[(rel, int(line), code)] += 1

    per_code = collections.defaultdict(lambda: [0, 0, 0])  # labelled, found, found HIGH
    misses = []
    for (rel, line, code), count in sorted(labels.items()):
        rule = mapping[code]
        labelled_rules[(rel, line)].add(rule)
        here = [f for f in findings.get((rel, line), []) if f[0] == rule]
        found = min(count, len(here))
        high = min(found, sum(1 for f in here if f[1] == "high"))
        stats = per_code[code]
        stats[0] += count
        stats[1] += found
        stats[2] += high
        if found < count:
            others = sorted({f[0] for f in findings.get((rel, line), [])})
            misses.append((rel, line, code, rule, ",".join(others)))

    print("| code | ours | labelled | found | recall | found HIGH |")
    print("|---|---|---:|---:|---:|---:|")
    total = [0, 0, 0]
    for code in sorted(per_code):
        labelled, found, high = per_code[code]
        total = [total[0] + labelled, total[1] + found, total[2] + high]
        print(f"| {code} | {mapping[code]} | {labelled} | {found} | {100 * found / labelled:.0f}% | {high} |")
    if total[0]:
        print(f"| **all** | | **{total[0]}** | **{total[1]}** | **{100 * total[1] / total[0]:.1f}%** | {total[2]} |")
    if other_library:
        print("\nlabels on trio/anyio lines, set aside (found anyway / labelled): "
              + ", ".join(f"{c} {other_found[c]}/{n}" for c, n in sorted(other_library.items())))
    if unmapped:
        print("labels of codes with no equivalent here: " + ", ".join(f"{c} {n}" for c, n in sorted(unmapped.items())))
    print("\n## Missed labels (file, line, code, our rule, our findings on that line)")
    for m in misses:
        print("\t".join(map(str, m)))
    print("\n## Findings of a rule the fixture is about, on lines with no label (possible false positives: judge them)")
    elsewhere = collections.Counter()
    for (rel, line), fs in sorted(findings.items()):
        for rule, confidence, message in fs:
            if rule in labelled_rules.get((rel, line), set()):
                continue
            if rule in tested_rules.get(rel, set()):
                print(f"{rel}\t{line}\t{rule}\t{confidence}\t{message}")
            else:
                elsewhere[(rule, confidence)] += 1
    print("\nfindings of rules a fixture is not about (the fixture claims nothing of them): "
          + (", ".join(f"{r} {c} {n}" for (r, c), n in sorted(elsewhere.items())) or "none"))


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "prepare":
        prepare(sys.argv[2:-1], sys.argv[-1])
    elif len(sys.argv) == 4 and sys.argv[1] == "score":
        score(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: fixture_recall.py prepare SRC_DIR... OUT_DIR | score OUT_DIR SARIF")
