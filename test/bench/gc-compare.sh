#!/usr/bin/env bash
# The collector's share of a cold check, before and after, side by side: N alternating runs of
# `check --no-cache` over a folder by the asyncguard at BEFORE and by this checkout, each JVM with the
# one-shot flags bin/asyncguard gives it (C1 only, the serial collector, compact headers and its AOT
# cache on JDK 25+) plus a GC log, then per run: wall, CPU (user + system), peak RSS, young
# collections, their pauses' wall and CPU (the log's User + Sys), and what they copied: into the
# survivor space and promoted to the old generation (what stays alive, and how long, drives both).
#   test/bench/gc-compare.sh [BEFORE] [RUNS] [DIR]
#     BEFORE  a commit (default 0d3eeca, session 11's final main); RUNS default 3
#     DIR     default: CPython 3.13's standard library
# The machine is shared: compare the rows of one run, and their means, not figures of different runs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
before_ref="${1:-0d3eeca}"
runs="${2:-3}"
dir="${3:-$(PYENV_VERSION=3.13.0 python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')}"
. "$root/bin/env.sh"
. "$here/before.sh"
ag_select_jdk
before="$(ag_before "$before_ref")"
"$root/bin/mvn" -B -q -DskipTests package
# Each launcher makes its AOT cache on first use: once each, untimed.
"$before/bin/asyncguard" check --no-cache /dev/null >/dev/null 2>&1 || true
"$root/bin/asyncguard" check --no-cache /dev/null >/dev/null 2>&1 || true
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# run TREE LOG: one cold check by TREE's jar, as bin/asyncguard runs it, with a GC log
run() {
  local tree="$1" log="$2" flags=(-Xss16m --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData)
  if [ "$AG_JAVA_MAJOR" -ge 25 ]; then
    flags+=(-XX:+UseCompactObjectHeaders)
    local aot
    aot="$(ls "$tree"/target/asyncguard-c1-coh-*.aot 2>/dev/null | head -1 || true)"
    [ -z "$aot" ] || flags+=(-XX:AOTCache="$aot")
  fi
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$JAVA_HOME/bin/java" "${flags[@]}" \
    -Xlog:disable -Xlog:all=warning:stderr -Xlog:gc,gc+cpu,gc+heap=info:file="$log" \
    -jar "$tree/target/asyncguard.jar" check --no-cache "$dir" >/dev/null 2>&1 || true
  local wall user sys rss
  read -r wall user sys rss < <(tail -1 "$work/time")
  awk -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" '
    /Pause Young/ { n++; ms = $NF; sub("ms", "", ms); pause += ms }
    /User=/ { for (i = 1; i <= NF; i++) { v = $i; if (v ~ /^(User|Sys)=/) { sub(/^[A-Za-z]+=/, "", v); sub("s", "", v); cpu += v } } }
    /DefNew:/ { v = $0; sub(/.*From: [0-9]+K\([0-9]+K\)->/, "", v); sub(/K.*/, "", v); survived += v }
    /Tenured: / { v = $0; sub(/.*Tenured: /, "", v); split(v, a, /K\([0-9]+K\)->|K\(/); promoted += a[2] - a[1]; old = a[2] }
    END { printf "wall %5.2f s  CPU %5.2f s  peak RSS %4d MB  %2d young GCs: pauses %4.0f ms, GC CPU %4.0f ms, survivors %4.0f MB, promoted %4.0f MB, old gen at the end %3.0f MB\n",
                 w, u + s, r / 1024, n, pause, cpu * 1000, survived / 1024, promoted / 1024, old / 1024 }' "$log"
}

echo "folder: $dir; load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $runs runs each, alternating"
for i in $(seq "$runs"); do
  printf '%-10s ' "before"; run "$before" "$work/before-$i.log"
  printf '%-10s ' "after"; run "$root" "$work/after-$i.log"
done
