#!/usr/bin/env bash
# Issue #16's hand-check table for this checkout, in one command:
#
#   test/eval/recall-check.sh [OUT_DIR]
#
# Builds this checkout's jar, runs recall-diff.sh of BEFORE (the build of 6cc196c, before any #16
# work) against it over the 332-project corpus, and prints recall-table.py's table (per rule: added on
# CPython's library and on the packages, inline, useful, not useful, LOW) with every added row that
# recall-verdicts.tsv does not judge yet: judge those by hand, add them to the TSV, run again.
#   BEFORE  the before jar (default /tmp/recall6/before.jar; built from `git archive 6cc196c` when missing)
#   CORPUS  the corpus folder with newall/, cpython-stdlib/, oldall/ (default /tmp/c16/combo; README.md)
#   AFTER   a jar to check instead of building this checkout
# OUT_DIR (default /tmp/recall-check) keeps the JSON of each run, diff.tsv and table.md; the BEFORE
# side is kept there and reused while newer than its jar. About 2 min per side on the shared 2-core
# machine (the first run also runs BEFORE: about 5 min), plus the build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="${1:-/tmp/recall-check}"; mkdir -p "$out"
corpus="${CORPUS:-/tmp/c16/combo}"
before="${BEFORE:-/tmp/recall6/before.jar}"
[ -d "$corpus/newall" ] && [ -d "$corpus/oldall" ] && [ -e "$corpus/cpython-stdlib" ] \
  || { echo "corpus not found in $corpus (see test/eval/README.md to make it)" >&2; exit 2; }
if [ ! -f "$before" ]; then
  base="$out/base-6cc196c"; rm -rf "$base"; mkdir -p "$base"
  git -C "$repo" archive 6cc196c | tar -x -C "$base"
  (cd "$base" && bin/mvn -B -q -DskipTests package)
  before="$base/target/asyncguard.jar"
fi
after="${AFTER:-}"
if [ -z "$after" ]; then
  (cd "$repo" && bin/mvn -B -q -DskipTests package)
  after="$out/after.jar"; cp "$repo/target/asyncguard.jar" "$after"
fi
start=$(date +%s)
OUT="$out" "$here/recall-diff.sh" "$before" "$after" "$corpus" newall cpython-stdlib oldall > "$out/diff.tsv"
python3 "$here/recall-table.py" "$out/diff.tsv" "$here/recall-verdicts.tsv" | tee "$out/table.md"
echo "(diff: $out/diff.tsv, $(( $(date +%s) - start )) s)" >&2
