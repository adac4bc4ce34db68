#!/usr/bin/env bash
# Recall on other tools' own labelled fixtures (issue #16): flake8-async's eval files, run the
# way its test runner runs them for asyncio, and Ruff's flake8_async fixtures with their .snap
# results. The fixtures are other projects' code: keep them outside this repository (e.g. /tmp).
#
#   test/eval/fixture-recall.sh [--jar JAR] [--out DIR] FIXTURE_DIR...
#
# Prints, per equivalent code (the "Equivalent codes" of each rule's page = @RuleInfo.equivalents),
# the labelled sites, those found by the mapped rule (all confidences, and HIGH only), the missed
# labels, and asyncguard's findings on lines that carry no label of that rule's codes (to judge by
# hand). --jar runs that build (e.g. a before.jar) instead of this checkout's bin/asyncguard.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { echo "usage: $0 [--jar JAR] [--out DIR] FIXTURE_DIR..." >&2; exit 2; }
for d in "$@"; do [ -d "$d" ] || { echo "$0: no folder $d" >&2; exit 2; }; done
out="${out:-$(mktemp -d /tmp/fixture-recall.XXXXXX)}"
rm -rf "$out/prepared"; mkdir -p "$out"
out="$(cd "$out" && pwd)"
python3 "$here/fixture_recall.py" prepare "$@" "$out"

# Every rule (AG602 is off by default), no cache, a Python new enough for every fixture's syntax;
# exit 1 (findings) is the expected outcome.
args=(check --format sarif --select ALL --no-cache --exit-zero --target-version 3.13 "$out/prepared")
if [ -n "$jar" ]; then
  . "$here/../../bin/env.sh"; ag_select_jdk
  (cd "$out" && "$JAVA_HOME/bin/java" -Xss16m -jar "$jar" "${args[@]}") > "$out/findings.sarif"
else
  (cd "$out" && "$here/../../bin/asyncguard" "${args[@]}") > "$out/findings.sarif"
fi
(cd "$out" && python3 "$here/fixture_recall.py" score "$out" "$out/findings.sarif") | tee "$out/report.md"
echo "(labels: $out/labels.tsv, findings: $out/findings.sarif, report: $out/report.md)" >&2
