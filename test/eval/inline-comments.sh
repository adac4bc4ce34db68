#!/usr/bin/env bash
# The inline comments the bot would post on real async projects, reviewed "as if every line were
# new": for each Debian package of test/eval/projects.tsv, its Python sources become one commit
# over an empty base commit of a throwaway git repository, and `asyncguard review` (the bot's
# pipeline) reviews that change with no comment cap. Prints the inline comments per rule and per
# project, product code and test code apart, and writes every inline comment to OUT/inline.tsv
# (project, path, line, rule, code kind) — the rows that test/eval/verdicts.tsv judges — and the
# low-confidence findings (check run summary, not inline) to OUT/low.tsv in the same format.
# test/eval/score.py BEFORE/inline.tsv AFTER/inline.tsv test/eval/verdicts.tsv prints the table per
# rule (before/after, product/test, useful/not useful).
#
#   test/eval/inline-comments.sh OUT                 # this checkout's bin/asyncguard
#   AG=/path/to/other/bin/asyncguard test/eval/inline-comments.sh OUT   # e.g. main before a change
#   PROJECTS=some.tsv test/eval/inline-comments.sh OUT   # another list in projects.tsv's format
#
# projects.tsv: Debian package, kind, what it is, and optionally the folder inside the package that
# holds its Python code (default usr/lib/python3/dist-packages).
# Packages are fetched with `apt-get download` into ${EVAL_CACHE:-/tmp/asyncguard-eval}/debs once.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../.."
ag="${AG:-$root/bin/asyncguard}"
out="${1:?usage: inline-comments.sh OUT}"
cache="${EVAL_CACHE:-/tmp/asyncguard-eval}"
mkdir -p "$out" "$cache/debs" "$cache/src"
out="$(cd "$out" && pwd)"
: > "$out/inline.tsv"
: > "$out/low.tsv"

# Test code as testsver's policy defaults will see it: tests/ folders, test_*.py, *_test.py, conftest.py.
kind_of() {
  case "/$1" in
    */tests/*|*/test/*|*/testing/*|*/test_*.py|*_test.py|*/conftest.py) echo test ;;
    *) echo product ;;
  esac
}

grep -v '^#' "${PROJECTS:-$here/projects.tsv}" | while IFS=$'\t' read -r pkg _ _ folder; do
  [ -n "$pkg" ] || continue
  deb=$(ls "$cache/debs/${pkg}_"*.deb 2>/dev/null | head -1 || true)
  if [ -z "$deb" ]; then
    (cd "$cache/debs" && apt-get download "$pkg" >/dev/null)
    deb=$(ls "$cache/debs/${pkg}_"*.deb | head -1)
  fi
  src="$cache/src/$pkg"
  if [ ! -d "$src/.git" ]; then
    rm -rf "$src" "$src.x"
    dpkg-deb -x "$deb" "$src.x"
    mkdir -p "$src"
    git -C "$src" init -q
    git -C "$src" -c user.name=eval -c user.email=eval@localhost commit -q --allow-empty -m base
    # The package's own modules: everything under dist-packages (or the folder the fourth column
    # names, for applications installed elsewhere, e.g. usr/share/NAME) except the installed metadata.
    for d in "$src.x"/"${folder:-usr/lib/python3/dist-packages}"/*; do
      case "$d" in *.dist-info|*.egg-info) continue ;; esac
      cp -r "$d" "$src/"
    done
    rm -rf "$src.x"
    find "$src" -name __pycache__ -prune -exec rm -rf {} +
    git -C "$src" add -A
    git -C "$src" -c user.name=eval -c user.email=eval@localhost commit -q -m "$pkg"
  fi
  base=$(git -C "$src" rev-list --max-parents=0 HEAD)
  "$ag" review --repo "$src" --base "$base" --format json --max-comments 100000 > "$out/$pkg.json" || [ $? -eq 1 ]
  [ -s "$out/$pkg.json" ] || { echo "inline-comments.sh: no review for $pkg (see the error above)" >&2; exit 2; }
  python3 - "$out/$pkg.json" "$pkg" "$out/low.tsv" >> "$out/inline.tsv" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
with open(sys.argv[3], "a") as low:
    for f in report["findings"]:
        row = "\t".join([sys.argv[2], f["path"], str(f["line"]), f["code"]])
        if f["disposition"] == "inline":
            print(row)
        elif f["disposition"] == "low_confidence":
            print(row, file=low)
PY
done

# Add the code kind and print the tables.
for f in "$out/inline.tsv" "$out/low.tsv"; do
  while IFS=$'\t' read -r pkg path line code; do
    printf '%s\t%s\t%s\t%s\t%s\n' "$pkg" "$path" "$line" "$code" "$(kind_of "$path")"
  done < "$f" > "$f.tmp"
  mv "$f.tmp" "$f"
done
python3 - "$out/inline.tsv" <<'PY'
import collections, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
def table(title, key):
    counts = collections.Counter()
    for r in rows:
        counts[(key(r), r[4])] += 1
    keys = sorted({k for k, _ in counts})
    print(f"\n{title:<30} {'product':>8} {'test':>6} {'total':>6}")
    for k in keys:
        p, t = counts[(k, "product")], counts[(k, "test")]
        print(f"{k:<30} {p:>8} {t:>6} {p + t:>6}")
    p = sum(v for (k, kind), v in counts.items() if kind == "product")
    t = sum(v for (k, kind), v in counts.items() if kind == "test")
    print(f"{'all':<30} {p:>8} {t:>6} {p + t:>6}")
table("rule", lambda r: r[3])
table("project", lambda r: r[0])
PY
