#!/usr/bin/env bash
# Sourced by compare.sh and same-output.sh: `ag_before REF` prints the path of a checkout of
# asyncguard at REF (a commit, tag or branch of this repository) with its jar built, made once
# under target/bench-before/REF so that later runs reuse it. Its bin/asyncguard runs that build.
ag_before() {
  local ref="$1" root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  local sha
  sha="$(git -C "$root" rev-parse --verify "$ref^{commit}")" || { echo "no such commit: $ref" >&2; return 1; }
  local dir="$root/target/bench-before/$sha"
  if [ ! -f "$dir/target/asyncguard.jar" ]; then
    echo "Building asyncguard at $ref ($sha) in $dir ..." >&2
    rm -rf "$dir" && mkdir -p "$dir"
    git -C "$root" archive "$sha" | tar -x -C "$dir"
    (cd "$dir" && bin/mvn -B -q -DskipTests package >&2)
  fi
  echo "$dir"
}
