#!/usr/bin/env bash
# Speed work must not change what check reports: runs `check --format json` (and --statistics) of
# the asyncguard at BEFORE and of this checkout over each folder, this checkout three ways (without
# the cache, filling it, reading it), and compares standard output, standard error and the exit
# status byte for byte. Exits 1 on any difference, printing which.
#   test/bench/same-output.sh [BEFORE] [DIR...]
#     BEFORE  a commit (default a19c93c, main before issue #20's CLI work)
#     DIR     default: CPython 3.13's standard library and the rule fixtures
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
before_ref="${1:-a19c93c}"
shift || true
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=("$(PYENV_VERSION=3.13.0 python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')" \
  "$root/test/resources/fixtures")
. "$root/bin/env.sh"
. "$here/before.sh"
ag_select_jdk
before="$(ag_before "$before_ref")"
"$root/bin/mvn" -B -q -DskipTests package
# Launchers build their AOT caches on first use (and say so on stderr): once each, before comparing.
"$before/bin/asyncguard" check /dev/null >/dev/null 2>&1 || true
"$root/bin/asyncguard" check --no-cache /dev/null >/dev/null 2>&1 || true
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# run NAME CMD...: stdout, stderr and exit status of one command into $work/NAME.*
run() {
  local name="$1"; shift
  set +e
  "$@" >"$work/$name.out" 2>"$work/$name.err"
  echo $? >"$work/$name.exit"
  set -e
}

status=0
for d in "${dirs[@]}"; do
  for format in "--format json" "--statistics"; do
    # shellcheck disable=SC2086
    {
      run before "$before/bin/asyncguard" check $format "$d"
      run fresh "$root/bin/asyncguard" check --no-cache $format "$d"
      rm -rf "$work/cache"
      run filling "$root/bin/asyncguard" check --cache-dir "$work/cache" $format "$d"
      run cached "$root/bin/asyncguard" check --cache-dir "$work/cache" $format "$d"
    }
    same=yes
    for name in fresh filling cached; do
      for part in out err exit; do
        if ! cmp -s "$work/before.$part" "$work/$name.$part"; then
          echo "DIFFERENT: $d ($format), $name vs before ($before_ref): std$part" >&2
          diff "$work/before.$part" "$work/$name.$part" | head -20 >&2 || true
          status=1
          same=no
        fi
      done
    done
    echo "$d ($format): $(wc -c <"$work/before.out") bytes, exit $(cat "$work/before.exit"); after without cache, filling it, from it: $([ $same = yes ] && echo identical || echo DIFFERENT)"
  done
done
exit $status
