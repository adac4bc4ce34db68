#!/usr/bin/env bash
# A refactoring must not change what is found: runs `check --format json` of a BEFORE jar and an
# AFTER jar over each DIR and compares the two outputs byte for byte (and the exit status).
#
#   test/eval/same-findings.sh BEFORE.jar AFTER.jar DIR...
#
# e.g. before = main's jar, after = the branch's (`bin/mvn -B -q -DskipTests package` makes
# target/asyncguard.jar), DIRs = CPython's library and test/resources/fixtures. Both jars run from
# the same folder with the same arguments, so paths in the JSON are the same; a jar that has a
# result cache runs with --no-cache. $CHECK_ARGS adds options to both (e.g. "--select ALL" for the
# rules that are off by default). Files under a folder named like tests/ are test code for the
# default policy (rules that do not matter there stay quiet): to see every rule on the fixtures, pass
# a copy of them outside the checkout too. Outputs are kept in $OUT (default: a new temporary folder).
# Exit 0 when every DIR gives the same bytes, 1 when one differs (its first differences are shown).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../../bin/env.sh"
ag_select_jdk
if [ $# -lt 3 ]; then
  echo "usage: $0 BEFORE.jar AFTER.jar DIR..." >&2
  exit 2
fi
before="$(realpath "$1")"; after="$(realpath "$2")"; shift 2
for jar in "$before" "$after"; do
  [ -f "$jar" ] || { echo "$0: no such jar: $jar" >&2; exit 2; }
done
out="${OUT:-$(mktemp -d)}"; mkdir -p "$out"
java=("$JAVA_HOME/bin/java" -Xss16m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)

run() {  # jar dir output -> prints the exit status (0: clean, 1: findings; anything else is an error)
  local flags=()
  read -r -a flags <<< "${CHECK_ARGS:-}"
  if "${java[@]}" -jar "$1" check --help 2>/dev/null | grep -q -- '--no-cache'; then flags+=(--no-cache); fi
  local status=0
  "${java[@]}" -jar "$1" check --format json "${flags[@]}" "$2" > "$3" 2> "$3.err" || status=$?
  echo "$status"
}

differ=0
for dir in "$@"; do
  [ -e "$dir" ] || { echo "$0: no such file or folder: $dir" >&2; exit 2; }
  name="$(echo "$dir" | sed 's|[^A-Za-z0-9._-]|_|g')"
  b_status=$(run "$before" "$dir" "$out/$name.before.json")
  a_status=$(run "$after" "$dir" "$out/$name.after.json")
  for s in "$b_status" "$a_status"; do
    if [ "$s" != 0 ] && [ "$s" != 1 ]; then
      echo "$0: check failed (exit $s) on $dir; see $out/$name.*.json.err" >&2
      exit 2
    fi
  done
  bytes=$(wc -c < "$out/$name.before.json" | tr -d ' ')
  if [ "$b_status" = "$a_status" ] && cmp -s "$out/$name.before.json" "$out/$name.after.json"; then
    echo "same: $dir ($bytes bytes, exit $a_status)"
  else
    echo "DIFFERENT: $dir (exit $b_status -> $a_status; $bytes -> $(wc -c < "$out/$name.after.json" | tr -d ' ') bytes)"
    diff "$out/$name.before.json" "$out/$name.after.json" | head -20 || true
    differ=1
  fi
done
echo "outputs in $out"
exit $differ
