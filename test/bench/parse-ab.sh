#!/usr/bin/env bash
# Parse-only throughput of two asyncguard jars, side by side: `asyncguard bench` (parse only, files read
# into memory first) run alternately A, B, A, B ... in fresh JVMs with the JVM options of the one-shot
# commands (C1 only, serial GC, as bin/asyncguard runs `check`), so that both see the same machine load.
# Prints each run's cold pass (a fresh JVM: what `check` pays) and warm passes as CPU seconds of the
# whole process (JIT compiler and collector included), the phases (thread CPU time where the jar
# measures it so), and the medians per jar.
#   test/bench/parse-ab.sh A.jar B.jar [ROUNDS] [DIR...]
#     ROUNDS  default 3; DIR default: CPython 3.13's standard library
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/bin/env.sh"
ag_select_jdk
a="$1"; b="$2"; rounds="${3:-3}"
shift 2; [ $# -gt 0 ] && shift
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=("$(PYENV_VERSION=3.13.0 python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$rounds"); do
  for side in A B; do
    jar="$a"; [ "$side" = B ] && jar="$b"
    "$JAVA_HOME/bin/java" -Xss16m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -jar "$jar" \
      bench --warmup 1 --iterations 2 --phases "${dirs[@]}" >"$work/$side.$r" 2>&1
    cold="$(sed -n 's/^cold pass: .*(cpu \([0-9.]*\) s).*/\1/p' "$work/$side.$r")"
    warm="$(sed -n 's/^warm .*mean [0-9.]* s (cpu \([0-9.]*\) s).*/\1/p' "$work/$side.$r")"
    echo "$side round $r: cold pass cpu $cold s, warm pass cpu $warm s"
    echo "$cold $warm" >>"$work/$side.all"
    grep 'phases' "$work/$side.$r" | sed 's/^/    /'
  done
done
median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
for side in A B; do
  echo "$side median: cold pass cpu $(cut -d' ' -f1 "$work/$side.all" | median) s, warm pass cpu $(cut -d' ' -f2 "$work/$side.all" | median) s"
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
