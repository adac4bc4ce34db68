#!/usr/bin/env bash
# Parse speed of asyncguard next to Ruff's WebAssembly build linting the same folder with its ASYNC
# rules, in one run on one machine:
#   bench/side-by-side.sh [FOLDER]      # default: pyenv CPython 3.13's standard library
# Needs node/npm (Ruff is installed into a temporary folder) and GNU time (/usr/bin/time).
# Prints whole-process wall/CPU time and peak memory of each cold command, then asyncguard's
# warm figures from `asyncguard bench`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
folder="${1:-$(PYENV_VERSION=3.13.0 python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')}"
. "$root/bin/env.sh"
ag_select_jdk
[ -f "$root/target/asyncguard.jar" ] || "$root/bin/mvn" -B -q -DskipTests package
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm install --silent --no-audit --no-fund @astral-sh/ruff-wasm-nodejs >/dev/null)
timed() { /usr/bin/time -f "  %e s wall, %U s user, %S s sys, %M KB peak RSS" "$@"; }
java=("$JAVA_HOME/bin/java" -Xss16m)
echo "folder: $folder; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Ruff wasm, ASYNC rules:"
NODE_PATH="$tmp/node_modules" timed node "$root/bench/ruff-lint.js" "$folder"
echo "asyncguard parse, cold process (default JIT):"
timed "${java[@]}" -jar "$root/target/asyncguard.jar" parse --target 3.13 "$folder" | tail -1 || true
echo "asyncguard parse, cold process (-XX:TieredStopAtLevel=1 -Xmx512m: no C2 compilation in a short run):"
timed "${java[@]}" -XX:TieredStopAtLevel=1 -Xmx512m -jar "$root/target/asyncguard.jar" parse --target 3.13 "$folder" | tail -1 || true
echo "asyncguard bench, 2 threads:"
timed "${java[@]}" -jar "$root/target/asyncguard.jar" bench --target 3.13 --threads 2 --warmup 5 --iterations 5 "$folder"
