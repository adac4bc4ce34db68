#!/usr/bin/env bash
# Side-by-side benchmark: asyncguard against Ruff's WebAssembly build (ASYNC + RUF006 rules) on
# one folder, in one run. Prints each cold command's whole-process wall time, CPU time and peak
# memory (GNU time), best and median of N interleaved rounds, then asyncguard's own warm figures from its `bench` command.
# Both tools skip site-packages, __pycache__ and hidden folders, so they read the same files.
# The headline rows are `bin/asyncguard check`, what a user runs (C1 only, the JDK 25 AOT cache);
# the `java -jar` rows show what those two settings are worth.
#   test/bench/compare.sh [DIR] [RUNS]     (RUNS: interleaved rounds, default 5; DIR defaults to CPython 3.13's standard library)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../.."
dir="${1:-$(PYENV_VERSION=3.13.0 python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')}"
runs="${2:-5}"
. "$root/bin/env.sh"
ag_select_jdk
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }
(cd "$here/ruff-wasm" && npm ci --no-audit --no-fund --silent)
"$root/bin/mvn" -B -q -DskipTests package
java=("$JAVA_HOME/bin/java" -Xss16m -jar "$root/target/asyncguard.jar")

# The machine's speed drifts by ±20% over minutes (shared host), so the commands run interleaved:
# each round runs every command once, and each gets its best and its median over the rounds.
labels=(); commands=()
add() { labels+=("$1"); shift; commands+=("$(printf '%q ' "$@")"); }

timing="$(mktemp)"; results="$(mktemp)"
trap 'rm -f "$timing" "$results"' EXIT
c1=("$JAVA_HOME/bin/java" -Xss16m -XX:TieredStopAtLevel=1 -jar "$root/target/asyncguard.jar")
echo "folder: $dir; load average: $(cut -d' ' -f1-3 /proc/loadavg); $runs interleaved rounds"
node "$here/ruff-wasm/lint.mjs" "$dir"
"${java[@]}" check "$dir" 2>/dev/null | tail -1 || true
"$root/bin/asyncguard" check /dev/null >/dev/null 2>&1 || true   # builds the AOT cache once, untimed
add "ruff-wasm lint (ASYNC, RUF006)" node "$here/ruff-wasm/lint.mjs" "$dir"
add "bin/asyncguard check" "$root/bin/asyncguard" check "$dir"
add "bin/asyncguard check --no-summaries" "$root/bin/asyncguard" check --no-summaries "$dir"
add "bin/asyncguard check --select AG001" "$root/bin/asyncguard" check --no-summaries --select AG001 "$dir"
add "java -jar, default JIT, G1, no AOT" "${java[@]}" check "$dir"
add "java -jar, C1 only, G1, no AOT" "${c1[@]}" check "$dir"
for _ in $(seq "$runs"); do
  for i in "${!commands[@]}"; do
    # check exits 1 when it reports findings: only time's own record counts here.
    eval "/usr/bin/time -f '%e %U %S %M' -o '$timing' ${commands[$i]}" >/dev/null 2>&1 || true
    read -r t u s m < <(tail -1 "$timing")
    echo "$i $t $(awk "BEGIN{print $u + $s}") $m" >>"$results"
  done
done
printf '%-40s %18s %18s %10s\n' "" "wall best / median" "CPU best / median" "peak"
for i in "${!labels[@]}"; do
  awk -v i="$i" -v label="${labels[$i]}" 'BEGIN { n = 0 } $1 == i { w[n] = $2; c[n] = $3; m[n] = $4; n++ }
    END {
      # sort by wall time; the median is the middle round (the lower middle for an even count)
      for (a = 0; a < n; a++) for (b = a + 1; b < n; b++) if (w[b] < w[a]) {
        t = w[a]; w[a] = w[b]; w[b] = t; t = c[a]; c[a] = c[b]; c[b] = t; t = m[a]; m[a] = m[b]; m[b] = t }
      mid = int((n - 1) / 2)
      printf "%-40s %7.2f / %5.2f s   %7.2f / %5.2f s %7d MB\n", label, w[0], w[mid], c[0], c[mid], m[mid] / 1024
    }' "$results"
done
"${java[@]}" bench --threads 2 --warmup 3 --iterations 5 "$dir"
"${java[@]}" bench --analyze --threads 2 --warmup 3 --iterations 5 "$dir"
