#!/usr/bin/env bash
# Held-out recall (issue #16): other tools' labelled fixtures that no one here had used before
# session 9 (heldout-sources.tsv: which, where from, their code, the rules of ours it maps onto),
# and real fixes not in realfix.tsv (realfix2.tsv). The fixtures and before-versions are other
# projects' code: keep them outside this repository (/tmp/held9/raw, /tmp/held9/realfix2).
#
#   test/eval/heldout-recall.sh [--jar JAR] [--out DIR] RAW_FIXTURE_DIR [REALFIX2_CASES_DIR]
#
# Prints recall per source (labels found by a mapped rule, any confidence and HIGH), the missed
# labels, the mapped rules' findings on unlabelled lines (to judge by hand), then the real fixes.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { echo "usage: $0 [--jar JAR] [--out DIR] RAW_FIXTURE_DIR [REALFIX2_CASES_DIR]" >&2; exit 2; }
raw="$(cd "$1" && pwd)"; cases="${2:-}"
out="${out:-$(mktemp -d /tmp/heldout-recall.XXXXXX)}"
rm -rf "$out/prepared"; mkdir -p "$out"; out="$(cd "$out" && pwd)"
if [ -z "$jar" ]; then
  "$here/../../bin/asyncguard" --version >/dev/null 2>&1 || true   # builds target/asyncguard.jar if needed
  jar="$here/../../target/asyncguard.jar"
fi
. "$here/../../bin/env.sh"; ag_select_jdk
run() { "$JAVA_HOME/bin/java" -Xss16m -jar "$jar" "$@"; }

python3 "$here/heldout_recall.py" prepare "$here/heldout-sources.tsv" "$raw" "$out"
(cd "$out" && run check --format json --select ALL --no-cache --exit-zero --target-version 3.13 prepared) > "$out/findings.json"
(cd "$out" && python3 "$here/heldout_recall.py" score "$here/heldout-sources.tsv" "$out" "$out/findings.json") | tee "$out/report.md"
if [ -n "$cases" ]; then
  echo; echo "## Real fixes (realfix2.tsv)"
  JAVA="$JAVA_HOME/bin/java" python3 "$here/realfix-check.py" "$jar" "$cases" "$here/realfix2.tsv" | tee "$out/realfix2.txt"
fi
echo "(labels: $out/labels.tsv, findings: $out/findings.json, report: $out/report.md)" >&2
