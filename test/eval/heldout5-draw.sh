#!/usr/bin/env bash
# Held-out set 5 (session 14, trust14): the rule, written down and committed before any package was fetched or reviewed.
#   pool  = held-out set 4's pool rule (heldout4-draw.py's docstring) applied today: every Debian 13 main package depending
#           on python3 (no -doc/-dev/-dbg/lib*, Installed-Size < 20 MB), in NO list or corpus of test/eval (column 1 of
#           every *.tsv, which now includes projects-heldout4.tsv and verdicts-heldout4.tsv; recall-corpus-*.txt; every
#           word of README.md/RESULTS.md/RECALL-RESULTS.md), and no other binary of such a package's source package.
#   order = md5("heldout5:" + package name), ascending (set 4 used "heldout4:").
#   keep  = a .py file outside tests/test/testing/examples/example/docs/doc folders, not test_*.py/*_test.py/conftest.py,
#           has `async def` at the start of a line (heldout3-qualify.py --any-async); no asyncio import needed.
#   stop  = at 50 kept packages, or when HELDOUT4_DEADLINE (epoch seconds; 01:30 UTC on 2026-12-08 in session 14) passes.
#   cache = a package set 4's draw already read (its W/q/NAME answer, same Debian 13 index) is not fetched again: a
#           package it found without `async def` is walked as "no-async-def" (set 4's kept packages are excluded anyway).
# Usage: HELDOUT4_DEADLINE=$(date -d '2026-12-08 01:30 UTC' +%s) test/eval/heldout5-draw.sh W [SET4_W]
#   (W/cache/debs: the kept .debs, for inline-comments.sh's EVAL_CACHE=W/cache; W/kept.tsv: projects-heldout5.tsv's rows)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
W="${1:?usage: heldout5-draw.sh WORKDIR [SET4_WORKDIR]}"; mkdir -p "$W/q"
if [ -n "${2:-}" ] && [ -d "$2/q" ]; then
  for f in "$2"/q/*; do [ -s "$f" ] || cp "$f" "$W/q/"; done   # only the "no async def" answers
fi
HELDOUT_SALT=heldout5 exec "$here/heldout4-draw.sh" "$W"
