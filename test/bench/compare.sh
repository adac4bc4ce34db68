#!/usr/bin/env bash
# Side by side, in one run: native Ruff (its ASYNC rules), flake8 (one small file) and asyncguard,
# before and after, on one folder and on one small file, as a user waits for them:
#   - cold: Ruff --no-cache; asyncguard --no-cache (the build before too, when it has the cache)
#   - re-run over unchanged files: each tool's own cache, filled by an untimed run first; asyncguard's
#     launcher replays the recorded output without a JVM, and, with ASYNCGUARD_REPLAY=0, the JVM reads its cache
#   - one small file, as pre-commit and editors run us
# Wall time (median and min), CPU time (user + system, mean) and peak RSS (GNU time, one run).
# hyperfine when installed (apt-get install hyperfine), else repeated runs and their median.
# The machine is shared: compare rows of one run, not figures of different runs.
#   test/bench/compare.sh [DIR] [RUNS] [BEFORE]
#     DIR     default: CPython 3.13's standard library (1,726 files)
#     RUNS    timed runs per command (default 5)
#     BEFORE  the asyncguard to compare with (a commit; default a19c93c, main before issue #20's CLI work)
#   Ruff (and flake8): $RUFF ($FLAKE8) if set, else the one on PATH, else the binary of python3's pip-installed
#   ruff package, else target/bench-ruff's; only when none is installed, pip installs it there. The first
#   lines say which was used and where it came from.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dir="${1:-$(PYENV_VERSION=3.13.0 python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')}"
runs="${2:-5}"
before_ref="${3:-a19c93c}"
. "$root/bin/env.sh"
. "$here/before.sh"
ag_select_jdk
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }

# Native Ruff: the one installed, found in this order, else pip's into a virtual environment of our own
# (made once; flake8 beside it, the small file's yardstick). Where each came from is printed first.
#   $RUFF / $FLAKE8; on PATH; installed by pip for python3 (its ruff package's binary); target/bench-ruff
venv="$root/target/bench-ruff"
ag_find_tool() { # ag_find_tool NAME VARIABLE: sets tool and tool_from, or returns 1
  local name="$1" given="${!2:-}"
  tool="" tool_from=""
  if [ -n "$given" ]; then
    [ -x "$given" ] || { echo "\$$2=$given is not an executable" >&2; exit 2; }
    tool="$given" tool_from="\$$2"
  elif tool="$(command -v "$name")"; then
    tool_from="on PATH"
  elif [ "$name" = ruff ] && tool="$(python3 -c 'from ruff.__main__ import find_ruff_bin; print(find_ruff_bin())' 2>/dev/null)" && [ -x "$tool" ]; then
    tool_from="pip's ruff package of $(command -v python3)"
  elif [ -x "$venv/bin/$name" ]; then
    tool="$venv/bin/$name" tool_from="this checkout's benchmark venv (target/bench-ruff)"
  else
    tool=""
    return 1
  fi
}
if ! ag_find_tool ruff RUFF; then
  echo "No ruff installed (\$RUFF, PATH, python3's packages, target/bench-ruff): pip install ruff into target/bench-ruff ..." >&2
  { [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"; } && "$venv/bin/pip" install -q --retries 1 ruff \
    || { echo "could not install ruff: set RUFF=/path/to/ruff" >&2; exit 2; }
  ag_find_tool ruff RUFF
  tool_from="pip install ruff, into target/bench-ruff"
fi
ruff="$tool"
ruff_from="$tool_from, $("$ruff" --version)"
flake8=""
if ag_find_tool flake8 FLAKE8 || { { [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"; } && "$venv/bin/pip" install -q --retries 1 flake8 >/dev/null 2>&1 && ag_find_tool flake8 FLAKE8; }; then
  flake8="$tool"
  flake8_from="$tool_from, flake8 $("$flake8" --version | head -1 | cut -d' ' -f1)"
fi
echo "ruff:   $ruff ($ruff_from)"
[ -z "$flake8" ] || echo "flake8: $flake8 ($flake8_from)"

before="$(ag_before "$before_ref")"
"$root/bin/mvn" -B -q -DskipTests package
after="$root"
# A build before that has the result cache already (00ab26c and later) runs cold with --no-cache too.
before_cold=()
if "$before/bin/asyncguard" check --help 2>/dev/null | grep -q -- '--\[no-\]cache\|--no-cache'; then before_cold=(--no-cache); fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
small="$work/small.py"
printf 'import asyncio\nimport time\n\n\nasync def handler():\n    time.sleep(1)\n    await asyncio.sleep(0)\n' >"$small"

# Launchers make their JDK 25 ahead-of-time caches on first use: once each, untimed.
"$before/bin/asyncguard" check "$small" >/dev/null 2>&1 || true
"$after/bin/asyncguard" check --no-cache "$small" >/dev/null 2>&1 || true
# The re-run rows read caches filled here.
"$ruff" check --isolated --cache-dir "$work/ruff-cache" --select ASYNC "$dir" >/dev/null 2>&1 || true
"$after/bin/asyncguard" check --cache-dir "$work/ag-cache" "$dir" >/dev/null 2>&1 || true
if [ ${#before_cold[@]} -gt 0 ]; then "$before/bin/asyncguard" check --cache-dir "$work/ag-before-cache" "$dir" >/dev/null 2>&1 || true; fi
# Files changed in the last seconds are read again by a re-run (see ContentKeyIndex): the folder's files
# are as old as their installation, and the small file is dated back like any file not just saved.
touch -d '2000-01-01 00:00:00' "$small"
# bin/asyncguard records each check for its replay without a JVM (RunManifest), unless a file it depends
# on changed in the two seconds before the run (its status-change time, which touch cannot date back).
sleep 2.2
"$after/bin/asyncguard" check --cache-dir "$work/ag-cache" "$dir" >/dev/null 2>&1 || true
"$after/bin/asyncguard" check --cache-dir "$work/ag-cache" "$small" >/dev/null 2>&1 || true

labels=(); commands=()
add() { labels+=("$1"); shift; commands+=("$(printf '%q ' "$@")"); }
add "ruff --select ASYNC --no-cache" "$ruff" check --isolated --no-cache --select ASYNC "$dir"
add "ruff --select ASYNC, cached re-run" "$ruff" check --isolated --cache-dir "$work/ruff-cache" --select ASYNC "$dir"
add "asyncguard before ($before_ref), cold" "$before/bin/asyncguard" check "${before_cold[@]}" "$dir"
add "asyncguard after, cold (--no-cache)" "$after/bin/asyncguard" check --no-cache "$dir"
if [ ${#before_cold[@]} -gt 0 ]; then
  add "asyncguard before, cached re-run" "$before/bin/asyncguard" check --cache-dir "$work/ag-before-cache" "$dir"
fi
add "asyncguard after, cached re-run (replayed)" "$after/bin/asyncguard" check --cache-dir "$work/ag-cache" "$dir"
add "asyncguard after, cached re-run in the JVM" env ASYNCGUARD_REPLAY=0 "$after/bin/asyncguard" check --cache-dir "$work/ag-cache" "$dir"
add "ruff, one small file" "$ruff" check --isolated --no-cache --select ASYNC "$small"
if [ -n "$flake8" ]; then add "flake8, one small file" "$flake8" "$small"; fi
add "asyncguard before, one small file" "$before/bin/asyncguard" check "${before_cold[@]}" "$small"
add "asyncguard after, one small file" "$after/bin/asyncguard" check --no-cache "$small"
add "asyncguard after, one small file, replayed" "$after/bin/asyncguard" check --cache-dir "$work/ag-cache" "$small"
add "asyncguard after, one small file, cached in the JVM" env ASYNCGUARD_REPLAY=0 "$after/bin/asyncguard" check --cache-dir "$work/ag-cache" "$small"

echo "folder: $dir ($(find "$dir" -name '*.py' -not -path '*/site-packages/*' | wc -l) .py files); load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $runs runs each"
printf '%-52s %10s %10s %10s %9s\n' "" "median s" "min s" "CPU s" "peak MB"
for i in "${!commands[@]}"; do
  # Peak memory: one run under GNU time (exit 1 means findings: only time's record counts).
  eval "/usr/bin/time -v -o '$work/rss' ${commands[$i]}" >/dev/null 2>&1 || true
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/rss")
  if command -v hyperfine >/dev/null; then
    hyperfine -N -i --warmup 1 --runs "$runs" --export-json "$work/h.json" "${commands[$i]}" >/dev/null 2>&1
    read -r median min cpu < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(r["median"], r["min"], r["user"] + r["system"])' "$work/h.json")
  else
    : >"$work/times"
    for _ in $(seq "$runs"); do
      eval "/usr/bin/time -f '%e %U %S' -o '$work/t' ${commands[$i]}" >/dev/null 2>&1 || true
      tail -1 "$work/t" >>"$work/times"
    done
    read -r median min cpu < <(sort -n "$work/times" | awk '{ w[NR] = $1; c += $2 + $3 } END { print w[int((NR + 1) / 2)], w[1], c / NR }')
  fi
  printf '%-52s %10.3f %10.3f %10.3f %9d\n' "${labels[$i]}" "$median" "$min" "$cpu" $((rss / 1024))
done
