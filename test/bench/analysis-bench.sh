#!/usr/bin/env bash
# The analysis after parsing (names, summaries, rule dispatch, the rules), in process, before/after
# side by side: test/bench/AnalysisBench.java run against each jar with the chart's JVM options
# (values.yaml jvm.toolOptions: C1), the jars alternated for --rounds rounds. Two sets of files:
#   pr       the bot's bench PR (test/bench/ServiceLoad.java's 10 modules, with its 3 unchanged ones as context)
#   cpython  the files of CPython 3.13's lib that contain "async def" or "await " (96 files, 159k lines, tests included), analyzed as one project
# Usage: test/bench/analysis-bench.sh [--set pr|cpython|both] [--rounds 2] [--warmup N] [--iterations N] [--jfr DIR] [LABEL=JAR ...]
# Without a jar it measures this tree's target/asyncguard.jar. --jfr DIR records each run with JFR
# (settings=profile) into DIR/LABEL-SET.jfr. Each line: the set, the jar, CPU per pass (median, best)
# and a digest of the findings, which must be equal between jars.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/bin/env.sh"
ag_select_jdk
set_name=both; rounds=2; warmup=""; iterations=""; jfr=""; jars=()
while [ $# -gt 0 ]; do
  case "$1" in
    --set) set_name="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --iterations) iterations="$2"; shift 2 ;;
    --jfr) jfr="$2"; mkdir -p "$jfr"; shift 2 ;;
    *=*.jar) jars+=("$1"); shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [ ${#jars[@]} -eq 0 ]; then
  "$root/bin/asyncguard" --version >/dev/null   # builds target/asyncguard.jar when needed
  jars=("this=$root/target/asyncguard.jar")
fi
chart_opts="$(awk '/^  toolOptions: >-/{on=1;next} on&&/^    -/{printf "%s ", $1; next} on{exit}' "$root/deploy/helm/asyncguard/values.yaml")"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# Each jar copied, so that a rebuild during the run changes nothing.
i=0
for j in "${jars[@]}"; do cp "${j#*=}" "$work/$i.jar"; i=$((i + 1)); done
sets=()
case "$set_name" in pr) sets=(pr) ;; cpython) sets=(cpython) ;; both) sets=(pr cpython) ;; *) echo "--set pr|cpython|both" >&2; exit 2 ;; esac
for s in "${sets[@]}"; do
  if [ "$s" = pr ]; then
    files=(--pr "$here/ServiceLoad.java"); w="${warmup:-200}"; n="${iterations:-100}"
  else
    lib="$(PYENV_VERSION=3.13.0 python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"
    mapfile -t found < <(cd "$lib" && grep -rlE --include='*.py' 'async def|await ' . | grep -v -e '^./site-packages/' | sort)
    files=(--root "$lib"); for f in "${found[@]}"; do files+=("$lib/${f#./}"); done
    w="${warmup:-5}"; n="${iterations:-5}"
  fi
  for r in $(seq 1 "$rounds"); do
    i=0
    for j in "${jars[@]}"; do
      label="${j%%=*}"
      rec=(); [ -z "$jfr" ] || rec=("-XX:StartFlightRecording=settings=profile,filename=$jfr/$label-$s.jfr")
      # shellcheck disable=SC2086
      printf '%-8s %-10s round %d: %s\n' "$s" "$label" "$r" "$("$JAVA_HOME/bin/java" $chart_opts -Xss64m "${rec[@]}" \
        -cp "$work/$i.jar" "$here/AnalysisBench.java" --warmup "$w" --iterations "$n" "${files[@]}" 2>&1 | grep -v 'Started recording\|Use jcmd\|jfr' | tail -1)"
      i=$((i + 1))
    done
  done
done
