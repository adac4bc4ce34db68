#!/usr/bin/env bash
# Side-by-side benchmark: asyncguard against Ruff's WebAssembly build (ASYNC + RUF006 rules) on
# one folder, in one run. Prints each cold command's whole-process wall time, CPU time and peak
# memory (GNU time), best of N runs, then asyncguard's own warm figures from its `bench` command.
# Both tools skip site-packages, __pycache__ and hidden folders, so they read the same files.
# The headline rows are `bin/asyncguard check`, what a user runs (C1 only, the JDK 25 AOT cache);
# the `java -jar` rows show what those two settings are worth.
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

measure() { # label, command... ; prints the best wall time over $runs runs, with its CPU and peak RSS
  local label="$1"; shift
  local best="" best_cpu="" best_mem="" out t cpu m
  for _ in $(seq "$runs"); do
    # check exits 1 when it reports findings: only time's own record counts here.
    /usr/bin/time -f "%e %U %S %M" -o "$timing" "$@" >/dev/null 2>&1 || true
    read -r t u s m < <(tail -1 "$timing")
    cpu=$(awk "BEGIN{print $u + $s}")
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best="$t"; best_cpu="$cpu"; best_mem="$m"; fi
  done
  printf '%-40s %7.2f s wall %7.2f s CPU %6d MB peak\n' "$label" "$best" "$best_cpu" "$((best_mem / 1024))"
}

timing="$(mktemp)"
trap 'rm -f "$timing"' EXIT
c1=("$JAVA_HOME/bin/java" -Xss16m -XX:TieredStopAtLevel=1 -jar "$root/target/asyncguard.jar")
echo "folder: $dir; load average: $(cut -d' ' -f1-3 /proc/loadavg); best of $runs"
node "$here/ruff-wasm/lint.mjs" "$dir"
"${java[@]}" check "$dir" 2>/dev/null | tail -1 || true
measure "ruff-wasm lint (ASYNC, RUF006)" node "$here/ruff-wasm/lint.mjs" "$dir"
"$root/bin/asyncguard" check /dev/null >/dev/null 2>&1 || true   # builds the AOT cache once, untimed
measure "bin/asyncguard check" "$root/bin/asyncguard" check "$dir"
measure "bin/asyncguard check --no-summaries" "$root/bin/asyncguard" check --no-summaries "$dir"
measure "bin/asyncguard check --select AG001" "$root/bin/asyncguard" check --no-summaries --select AG001 "$dir"
measure "java -jar, default JIT, no AOT cache" "${java[@]}" check "$dir"
measure "java -jar, C1 only, no AOT cache" "${c1[@]}" check "$dir"
"${java[@]}" bench --threads 2 --warmup 3 --iterations 5 "$dir"
"${java[@]}" bench --analyze --threads 2 --warmup 3 --iterations 5 "$dir"
