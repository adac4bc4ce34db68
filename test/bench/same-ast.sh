#!/usr/bin/env bash
# Parser work must not change what the parser gives the analysis: digests (test/bench/ParseDigest.java:
# the AST with every position, comments, diagnostics, versioned syntax and words, parsed for 3.14 and
# for 3.8) of every *.py file under the folders, by two jars, compared file by file. Exits 1 on any
# difference and lists the files that differ.
#   test/bench/same-ast.sh BEFORE.jar AFTER.jar DIR...
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/bin/env.sh"
ag_select_jdk
before="$1"; after="$2"; shift 2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$JAVA_HOME/bin/java" -Xss64m -cp "$before" "$here/ParseDigest.java" "$@" >"$work/before"
"$JAVA_HOME/bin/java" -Xss64m -cp "$after" "$here/ParseDigest.java" "$@" >"$work/after"
files=$(wc -l <"$work/before")
broken=$(grep -c '!' "$work/before" || true)
if cmp -s "$work/before" "$work/after"; then
  echo "same: $files files ($broken with diagnostics)"
else
  echo "DIFFERENT:"; diff "$work/before" "$work/after" | grep '^>' | head -20
  echo "$(diff "$work/before" "$work/after" | grep -c '^>') of $files files differ"
  exit 1
fi
