#!/usr/bin/env bash
# Held-out set 3 (session 9): draws projects-heldout3.tsv by the rule in heldout3-draw.py's docstring.
#   test/eval/heldout3-draw.sh W      (W: a work folder; the kept .debs end in W/cache/debs for inline-comments.sh)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
W="${1:?usage: heldout3-draw.sh WORKDIR}"; mkdir -p "$W"/apt/{lists/partial,cache/archives/partial} "$W"/cache/debs "$W"/dl "$W"/x
echo 'deb http://deb.debian.org/debian trixie main' > "$W/apt/trixie.list"; touch "$W/apt/status"
A=(-o Dir::Etc::SourceList="$W/apt/trixie.list" -o Dir::Etc::SourceParts=/nonexistent -o Dir::State::Lists="$W/apt/lists"
   -o Dir::Cache="$W/apt/cache" -o Dir::State::status="$W/apt/status")
apt-get "${A[@]}" update >/dev/null
lz4cat "$W"/apt/lists/*trixie_main_binary-amd64_Packages.lz4 > "$W/Packages13"
{ for f in "$here"/projects*.tsv "$here"/verdicts*.tsv "$here"/recall-verdicts.tsv; do grep -v "^#" "$f" | cut -f1 || true; done
  cat "$here"/recall-corpus-debian12.txt "$here"/recall-corpus-debian13.txt
  ls /tmp/c16/x /tmp/c16/oldall 2>/dev/null || true
  cat /tmp/prec8/usedall.txt /tmp/prec8/pool12.all /tmp/prec8/pool13.all 2>/dev/null || true
} | sed 's/^python3-//' | sort -u > "$W/exclude.txt"
python3 "$here/heldout3-draw.py" "$W/Packages13" "$W/exclude.txt" > "$W/ordered.txt"
kept=0; n=0; : > "$W/kept.tsv"; : > "$W/checked.txt"; mkdir -p "$W/q"
while read -r pkg; do
  [ $kept -lt ${HELDOUT3_SIZE:-50} ] || break
  if [ $((n % 200)) -eq 0 ]; then   # fetch the next 200 of the order in one apt-get call, check them 3 at a time
    batch=$(sed -n "$((n + 1)),$((n + 200))p" "$W/ordered.txt")
    (cd "$W/dl" && apt-get "${A[@]}" download $batch >/dev/null 2>>"$W/dl.err") || true
    for b in $batch; do d=$(ls "$W/dl/${b}_"*.deb 2>/dev/null | head -1) && [ ! -e "$W/q/$b" ] && echo "$W/q/$b $d"; done |
      xargs -r -P 3 -n 2 sh -c 'python3 "$0" "$2" > "$1.tmp" 2>/dev/null && mv "$1.tmp" "$1"' "$here/heldout3-qualify.py" || true
    for b in $batch; do d=$(ls "$W/dl/${b}_"*.deb 2>/dev/null | head -1) && [ ! -e "$W/q/$b" ] && python3 "$here/heldout3-qualify.py" "$d" > "$W/q/$b" 2>/dev/null; done || true
  fi
  n=$((n + 1))
  deb=$(ls "$W/dl/${pkg}_"*.deb 2>/dev/null | head -1) || true
  [ -n "$deb" ] || { echo "$pkg download-failed" >> "$W/checked.txt"; continue; }
  folder=$(cat "$W/q/$pkg")
  if [ -n "$folder" ]; then
    kept=$((kept + 1)); cp -l "$deb" "$W/cache/debs/" 2>/dev/null || cp "$deb" "$W/cache/debs/"
    desc=$(awk -v p="$pkg" '$0=="Package: "p{f=1} f&&/^Description:/{sub(/^Description: /,"");print;exit}' "$W/Packages13")
    kind=library; case "$pkg" in python3-*) ;; *) kind=application ;; esac
    if [ "$folder" = usr/lib/python3/dist-packages ]; then printf '%s\t%s\t%s (Debian 13)\n' "$pkg" "$kind" "$desc"; else printf '%s\t%s\t%s (Debian 13)\t%s\n' "$pkg" "$kind" "$desc" "$folder"; fi >> "$W/kept.tsv"
    echo "$pkg kept" >> "$W/checked.txt"
  else
    echo "$pkg no-asyncio" >> "$W/checked.txt"
  fi
done < "$W/ordered.txt"
echo "kept $kept of $(wc -l < "$W/checked.txt") checked" >&2
