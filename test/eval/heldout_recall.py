#!/usr/bin/env python3
"""Held-out recall (issue #16): other tools' labelled fixtures that no one here had used, each
source read the way its own tool states its labels (heldout-sources.tsv says which format).

  heldout_recall.py prepare SOURCES.tsv RAW_DIR OUT_DIR   -> OUT_DIR/prepared/<source>/..., labels.tsv
  heldout_recall.py score SOURCES.tsv OUT_DIR FINDINGS.json

Formats (the label is the source tool's own, never ours):
  snap               Ruff: NAME.py with NAME.py.snap diagnostics (`NAME.py:LINE:COL: CODE ...`)
  comment:REGEX      a line whose comment matches REGEX is labelled (pylint, Ruff's comment labels)
  mdtest:REGEX       ty's Markdown tests: every ```py block is a file; lines matching REGEX labelled
  pycharm            IntelliJ inspection test data: `<warning descr=...>X</warning>` marks the line
                     (the markup is removed from the prepared copy)
  raises:EXC         blockbuster's tests: in an `async def`, every statement directly inside
                     `with pytest.raises(EXC...)` is labelled
  tsv                labels.tsv in the folder (file, line), the source stating its cases but no line
  functions          Infer's convention: a function named `*_bad[N]` holds a bug (found when one of
                     the rules reports inside it), `*_ok` / `*_good` holds none

In every prepared copy `# noqa...` comments are removed (a site its author suppressed is still a
labelled site; suppression is not what recall measures). Lines keep their numbers.
"""
import ast
import collections
import csv
import json
import re
import sys
from pathlib import Path

NOQA = re.compile(r"\s*#\s*noqa\b.*$", re.IGNORECASE)
SNAP = re.compile(r"^(?P<file>[^\s:]+\.py):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+)\b")
WARNING = re.compile(r'<warning descr="[^"]*">(.*?)</warning>')
BAD = re.compile(r"_bad\d*$")
OK = re.compile(r"_(ok|good)$")


def sources(tsv):
    with open(tsv, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def write(out, text):
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(NOQA.sub("", line) for line in text.split("\n")), encoding="utf-8")


def raises_labels(text, exception):
    """Lines of statements directly inside `with pytest.raises(EXC...)` in an async def."""
    found = []
    for fn in ast.walk(ast.parse(text)):
        if not isinstance(fn, ast.AsyncFunctionDef):
            continue
        for node in ast.walk(fn):
            if isinstance(node, ast.With) and any(
                isinstance(item.context_expr, ast.Call)
                and ast.unparse(item.context_expr.func).endswith("raises")
                and item.context_expr.args
                and ast.unparse(item.context_expr.args[0]) == exception
                for item in node.items
            ):
                found.extend(statement.lineno for statement in node.body)
    return found


def function_spans(text):
    """[(name, first line, last line)] of every function."""
    return [(n.name, n.lineno, n.end_lineno) for n in ast.walk(ast.parse(text))
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def prepare(sources_tsv, raw, out):
    rows = []  # source, file, line, last line, kind (label / clean-function)
    for src in sources(sources_tsv):
        name, fmt = src["source"], src["format"]
        folder, dest = Path(raw) / name, Path(out) / "prepared" / name
        if fmt == "tsv":
            for file, line in csv.reader(open(folder / "labels.tsv", encoding="utf-8"), delimiter="\t"):
                rows.append((name, file, int(line), int(line), "label"))
        for path in sorted(folder.iterdir()):
            if path.suffix not in (".py", ".md"):
                continue
            text = path.read_text(encoding="utf-8")
            if fmt == "snap":
                write(dest / path.name, text)
                snap = path.with_name(path.name + ".snap")
                for line in snap.read_text(encoding="utf-8").splitlines():
                    m = SNAP.match(line)
                    if m and m["file"] == path.name:
                        rows.append((name, path.name, int(m["line"]), int(m["line"]), "label"))
            elif fmt.startswith("comment:"):
                pattern = re.compile(fmt.split(":", 1)[1])
                write(dest / path.name, text)
                rows += [(name, path.name, n, n, "label") for n, line in enumerate(text.split("\n"), 1)
                         if pattern.search(line)]
            elif fmt.startswith("mdtest:"):
                pattern = re.compile(fmt.split(":", 1)[1])
                blocks = re.findall(r"^```py\n(.*?)^```", text, re.S | re.M)
                for i, block in enumerate(blocks, 1):
                    file = f"{path.stem}_{i:02d}.py"
                    write(dest / file, block)
                    rows += [(name, file, n, n, "label") for n, line in enumerate(block.split("\n"), 1)
                             if pattern.search(line)]
            elif fmt == "pycharm":
                lines = text.split("\n")
                rows += [(name, path.name, n, n, "label") for n, line in enumerate(lines, 1) if WARNING.search(line)]
                write(dest / path.name, "\n".join(WARNING.sub(r"\1", line) for line in lines))
            elif fmt.startswith("raises:"):
                write(dest / path.name, text)
                rows += [(name, path.name, n, n, "label") for n in raises_labels(text, fmt.split(":", 1)[1])]
            elif fmt == "tsv":
                write(dest / path.name, text)
            elif fmt == "functions":
                write(dest / path.name, text)
                for fn, first, last in function_spans(text):
                    if BAD.search(fn):
                        rows.append((name, path.name, first, last, "label"))
                    elif OK.search(fn):
                        rows.append((name, path.name, first, last, "clean-function"))
            else:
                sys.exit(f"unknown format {fmt}")
    with open(Path(out) / "labels.tsv", "w", encoding="utf-8") as f:
        f.write("source\tfile\tline\tlast\tkind\n")
        f.writelines("\t".join(map(str, r)) + "\n" for r in rows)
    print(f"{sum(r[4] == 'label' for r in rows)} labels in {len({r[0] for r in rows})} sources", file=sys.stderr)


def score(sources_tsv, out, findings_json):
    out = Path(out)
    rules = {s["source"]: set(s["our_rules"].split(",")) for s in sources(sources_tsv)}
    codes = {s["source"]: s["their_code"] for s in sources(sources_tsv)}
    found = collections.defaultdict(list)  # (source, file) -> [(line, code, confidence)]
    for f in json.load(open(findings_json, encoding="utf-8")):
        parts = Path(f["path"]).parts
        if "prepared" not in parts:
            continue
        i = parts.index("prepared")
        found[(parts[i + 1], "/".join(parts[i + 2:]))].append(
            (f["range"]["startLine"], f["code"], f.get("confidence", "high")))
    labels = list(csv.DictReader(open(out / "labels.tsv", encoding="utf-8"), delimiter="\t"))
    per = collections.defaultdict(lambda: [0, 0, 0])  # labels, found, found HIGH
    missed, unlabelled = [], []
    labelled_lines = collections.defaultdict(set)
    for row in labels:
        src, file, first, last = row["source"], row["file"], int(row["line"]), int(row["last"])
        hits = [h for h in found[(src, file)] if first <= h[0] <= last and h[1] in rules[src]]
        if row["kind"] == "label":
            labelled_lines[(src, file)].update(range(first, last + 1))
            per[src][0] += 1
            per[src][1] += bool(hits)
            per[src][2] += any(h[2] == "high" for h in hits)
            if not hits:
                text = (out / "prepared" / src / file).read_text(encoding="utf-8").split("\n")[first - 1]
                missed.append(f"{src}/{file}:{first} | {text.strip()}")
    for (src, file), hits in sorted(found.items()):
        function_source = any(r["source"] == src and r["kind"] == "clean-function" for r in labels)
        clean_spans = [(int(r["line"]), int(r["last"])) for r in labels
                       if r["source"] == src and r["file"] == file and r["kind"] == "clean-function"]
        lines = (out / "prepared" / src / file).read_text(encoding="utf-8").split("\n")
        for line, code, confidence in sorted(set(hits)):
            if code not in rules[src] or line in labelled_lines[(src, file)]:
                continue
            if function_source and not any(a <= line <= b for a, b in clean_spans):
                continue  # Infer: only functions named *_ok / *_good are stated clean
            unlabelled.append(f"{src}/{file}:{line} {code}({confidence}) | {lines[line - 1].strip()}")
    print("| source | their code | our rules | labelled | found | found HIGH |\n|---|---|---|---:|---:|---:|")
    for src in rules:
        if src in per:
            n, hit, high = per[src]
            print(f"| {src} | {codes[src]} | {', '.join(sorted(rules[src]))} | {n} | {hit} | {high} |")
    total = [sum(v[i] for v in per.values()) for i in range(3)]
    print(f"| **all** | | | **{total[0]}** | **{total[1]} ({100 * total[1] / max(total[0], 1):.1f}%)** | {total[2]} |")
    print(f"\n## Missed ({len(missed)})\n" + "\n".join(missed))
    print(f"\n## Mapped rules' findings on lines without a label ({len(unlabelled)}; judge each)\n"
          + "\n".join(unlabelled))


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(*sys.argv[2:5])
    elif sys.argv[1] == "score":
        score(*sys.argv[2:5])
    else:
        sys.exit(__doc__)
