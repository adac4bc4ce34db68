#!/usr/bin/env bash
# Does our parser accept exactly the files CPython accepts? For each CPython version given
# (default: 3.13.0 and 3.12.1, as installed by pyenv), every .py file of that version's standard
# library and test suite is judged by CPython's own ast.parse (test/cpython/verdicts.py) and by
# `asyncguard parse --target 3.x`; the script prints the counts and every disagreement, and exits
# 1 when there is any.
#   test/cpython-agreement.sh            # 3.13.0 and 3.12.1
#   test/cpython-agreement.sh 3.11.7     # another installed version
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
status=0
for version in "${@:-3.13.0 3.12.1}"; do
  for v in $version; do
    py="$(PYENV_VERSION="$v" pyenv which python3 2>/dev/null)" || { echo "CPython $v is not installed (pyenv versions)"; status=1; continue; }
    lib="$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"
    minor="$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    "$py" test/cpython/verdicts.py "$lib" > "$tmp/cpython.txt"
    bin/asyncguard parse --all --target "$minor" "$lib" > "$tmp/ours.txt" || true
    awk -F'\t' '{print ($1 == "OK" ? "ok" : "err") "\t" $2}' "$tmp/cpython.txt" | sort > "$tmp/a.txt"
    # Our output: "ok PATH" or "PATH:LINE:COL: message"; the last line is a summary.
    sed '$d' "$tmp/ours.txt" | awk '/^ok / {print "ok\t" substr($0, 4); next} {sub(/:[0-9]+:[0-9]+: .*$/, ""); print "err\t" $0}' | sort > "$tmp/b.txt"
    files=$(wc -l < "$tmp/a.txt")
    rejected=$(grep -c '^err' "$tmp/a.txt" || true)
    we_rejected=$(grep -c '^err' "$tmp/b.txt" || true)
    differ=$(diff "$tmp/a.txt" "$tmp/b.txt" | grep -c '^[<>]' || true)
    echo "CPython $v ($lib): $files files; CPython rejects $rejected, we reject $we_rejected; disagreements: $((differ / 2)) (diff lines: $differ)"
    if [ "$differ" -ne 0 ]; then
      { diff "$tmp/a.txt" "$tmp/b.txt" || true; } | grep '^[<>]' | sed 's/^</  CPython:/; s/^>/  ours:   /'
      status=1
    fi
  done
done
exit $status
