#!/usr/bin/env bash
# The findings a change adds (and removes) on real code: runs `check --format json` of a BEFORE jar
# and an AFTER jar over each project, and prints one TSV row per finding that only one side has:
#   side(+/-/~)  project  path  line  rule  confidence  message
# Findings are matched on (path, line, rule), so a reworded message is not a change; `~` marks a finding
# both sides have whose confidence changed (its confidence column reads before>after, e.g. low>high:
# a finding that moves from the check run's summary to an inline comment; `-` when a build's JSON has
# no confidence: builds before it existed).
#
#   test/eval/recall-diff.sh BEFORE.jar AFTER.jar CORPUS_DIR [PROJECT...]
#
# CORPUS_DIR holds one folder per project (e.g. Debian packages unpacked with `dpkg-deb -x`, and
# CPython's library); without PROJECT arguments every folder is used. Paths in the output are relative
# to the project's folder. The JSON of each run is kept in $OUT (default /tmp/recall-eval) for reading.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../../bin/env.sh"
ag_select_jdk
before="$(realpath "$1")"; after="$(realpath "$2")"; corpus="$(cd "$3" && pwd)"; shift 3
out="${OUT:-/tmp/recall-eval}"; mkdir -p "$out"
projects=("$@")
if [ ${#projects[@]} -eq 0 ]; then
  mapfile -t projects < <(cd "$corpus" && ls -d */ | tr -d /)
fi
run() {  # jar project -> json file
  (cd "$corpus/$2" && "$JAVA_HOME/bin/java" -Xss16m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
      -jar "$1" check --format json . > "$out/$2.$3.json" 2> "$out/$2.$3.err") || true
}
for p in "${projects[@]}"; do
  # The BEFORE side does not change between runs: its output is kept while newer than its jar.
  [ "$out/$p.before.json" -nt "$before" ] && [ -s "$out/$p.before.json" ] || run "$before" "$p" before
  run "$after" "$p" after
  python3 - "$p" "$out/$p.before.json" "$out/$p.after.json" <<'PY'
import json, sys
project, b, a = sys.argv[1:]
def load(f):
    try:
        items = json.load(open(f))
    except (OSError, ValueError) as e:
        sys.exit(f"{project}: cannot read {f}: {e}")
    found = {}
    for i in items:
        key = (i["path"].removeprefix("./"), i["range"]["startLine"], i["code"])
        # Two findings of one rule on one line: the stronger one stands for the line.
        if key not in found or found[key][0] == "low":
            found[key] = (i.get("confidence", "-"), i["message"].replace("\t", " "))
    return found
def row(side, key, confidence, message):
    path, line, rule = key
    print("\t".join([side, project, path, str(line), rule, confidence, message]))
before, after = load(b), load(a)
for side, mine, other in (("+", after, before), ("-", before, after)):
    for key in sorted(set(mine) - set(other)):
        row(side, key, *mine[key])
for key in sorted(set(before) & set(after)):
    if "-" not in (before[key][0], after[key][0]) and before[key][0] != after[key][0]:
        row("~", key, before[key][0] + ">" + after[key][0], after[key][1])
PY
done
