#!/usr/bin/env bash
# Behaviour-preserving refactors: `check --format json` over CPython 3.13's library and the
# fixtures must stay byte for byte the same. `test/same-findings.sh save DIR` records them (run it
# before the change), `test/same-findings.sh compare DIR` runs again and compares.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:?usage: $0 save|compare DIR}"; dir="${2:?usage: $0 save|compare DIR}"
cpython="${CPYTHON_LIB:-/root/.pyenv/versions/3.13.0/lib/python3.13}"
mkdir -p "$dir"
out="$dir"; [ "$mode" = compare ] && out="$(mktemp -d)"
run() { bin/asyncguard check --format json "$1" > "$2" || [ $? -eq 1 ]; }   # 1: there are findings
run "$cpython" "$out/cpython.json"
run test/resources/fixtures "$out/fixtures.json"
if [ "$mode" = compare ]; then
  status=0
  for f in cpython.json fixtures.json; do
    if cmp -s "$dir/$f" "$out/$f"; then echo "same: $f"; else echo "DIFFERENT: $f"; diff "$dir/$f" "$out/$f" | head -20; status=1; fi
  done
  rm -rf "$out"
  exit $status
fi
