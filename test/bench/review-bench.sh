#!/usr/bin/env bash
# Times `asyncguard review` on a large real change: a throwaway repository whose base commit is one
# CPython version's standard library and whose head is the next one's (by default pyenv's 3.12 and
# 3.13; a sub-directory such as `asyncio` narrows it). Prints the diff's size and the wall time of
# each filter mode. Usage: test/bench/review-bench.sh [SUBDIR] [BASE_VERSION] [HEAD_VERSION]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../.."
sub="${1:-}"; base_v="${2:-3.12}"; head_v="${3:-3.13}"
stdlib() { PYENV_VERSION="$(pyenv versions --bare | grep -E "^$1(\.|$)" | tail -1)" \
  python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'; }
base_dir="$(stdlib "$base_v")/$sub"; head_dir="$(stdlib "$head_v")/$sub"
repo="$(mktemp -d)"; trap 'rm -rf "$repo"' EXIT
snapshot() {
  find "$repo" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
  (cd "$1" && find . -name '*.py' ! -path '*/site-packages/*' ! -path '*/__pycache__/*' -exec cp --parents -t "$repo" {} +)
  git -C "$repo" add -A
  git -C "$repo" -c user.name=bench -c user.email=bench@example.invalid -c commit.gpgsign=false commit -q -m "$2"
}
git -C "$repo" init -q -b main
snapshot "$base_dir" "base $base_v"
snapshot "$head_dir" "head $head_v"
echo "change: $(git -C "$repo" diff --shortstat HEAD~1 HEAD)"
"$root/bin/asyncguard" --version >/dev/null
for filter in added file; do
  start=$(date +%s%N)
  "$root/bin/asyncguard" review --repo "$repo" --base HEAD~1 --filter "$filter" --format json > "$repo/.out.json" || [ $? -le 1 ]
  end=$(date +%s%N)
  n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$repo/.out.json")
  ms=$(( (end - start) / 1000000 ))
  printf 'filter %-7s %d.%03d s, %s findings reported\n' "$filter" $((ms / 1000)) $((ms % 1000)) "$n"
done
