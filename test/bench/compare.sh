#!/usr/bin/env bash
# Side-by-side benchmark: asyncguard against Ruff's WebAssembly build (ASYNC + RUF006 rules) on
# one folder, in one run. Prints each tool's whole-process wall time and peak memory (GNU time),
# best of N runs, and asyncguard's own warm figures from its `bench` command.
#   test/bench/compare.sh [DIR] [RUNS]     (DIR defaults to CPython 3.13's standard library)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../.."
dir="${1:-$(PYENV_VERSION=3.13.0 python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')}"
runs="${2:-3}"
. "$root/bin/env.sh"
ag_select_jdk
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }
(cd "$here/ruff-wasm" && npm ci --no-audit --no-fund --silent)
"$root/bin/mvn" -B -q -DskipTests package
java=("$JAVA_HOME/bin/java" -Xss16m -jar "$root/target/asyncguard.jar")

measure() { # label, command... ; prints best wall time and its peak RSS over $runs runs
  local label="$1"; shift
  local best="" best_mem=""
  for _ in $(seq "$runs"); do
    local out
    out=$({ /usr/bin/time -f "%e %M" "$@" >/dev/null 2>/dev/null; } 2>&1 | tail -1)
    local t="${out% *}" m="${out#* }"
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best="$t"; best_mem="$m"; fi
  done
  printf '%-34s %7.2f s  %7d MB peak\n' "$label" "$best" "$((best_mem / 1024))"
}

echo "folder: $dir"
node "$here/ruff-wasm/lint.mjs" "$dir"
measure "ruff-wasm lint (ASYNC, RUF006)" node "$here/ruff-wasm/lint.mjs" "$dir"
measure "asyncguard check (all rules)" "${java[@]}" check "$dir"
measure "asyncguard parse" "${java[@]}" parse "$dir"
"${java[@]}" bench "$dir"
