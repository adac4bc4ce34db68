#!/usr/bin/env bash
# Held-out set 4 (session 13): draws projects-heldout4.tsv by the rule in heldout4-draw.py's docstring.
#   HELDOUT4_DEADLINE=$(date -d 'YYYY-MM-DD 23:00 UTC' +%s) test/eval/heldout4-draw.sh W
# HELDOUT_SALT=heldout5 draws held-out set 5 (session 14) by the same rule in another order (heldout5-draw.sh).
# A package whose W/q/NAME answer exists (copied from an earlier draw of the same Debian 13 index) is not fetched again.
# (W: a work folder; the kept .debs end in W/cache/debs for inline-comments.sh's EVAL_CACHE=W/cache;
#  W/kept.tsv is the list in projects.tsv's format, W/checked.txt every package walked and why kept or not)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
W="${1:?usage: heldout4-draw.sh WORKDIR}"; mkdir -p "$W"/apt/{lists/partial,cache/archives/partial} "$W"/cache/debs "$W"/dl "$W"/q
deadline="${HELDOUT4_DEADLINE:-9999999999}"
echo 'deb http://deb.debian.org/debian trixie main' > "$W/apt/trixie.list"; touch "$W/apt/status"
A=(-o Dir::Etc::SourceList="$W/apt/trixie.list" -o Dir::Etc::SourceParts=/nonexistent -o Dir::State::Lists="$W/apt/lists"
   -o Dir::Cache="$W/apt/cache" -o Dir::State::status="$W/apt/status")
apt-get "${A[@]}" update >/dev/null
lz4cat "$W"/apt/lists/*trixie_main_binary-amd64_Packages.lz4 > "$W/Packages13"
{ for f in "$here"/*.tsv; do grep -v "^#" "$f" | cut -f1 || true; done
  cat "$here"/recall-corpus-debian12.txt "$here"/recall-corpus-debian13.txt
  cat "$here"/README.md "$here"/RESULTS.md "$here"/RECALL-RESULTS.md | grep -oE '[a-z0-9][a-z0-9.+-]+' || true
} | sed 's/^python3-//' | sort -u > "$W/exclude.txt"
python3 "$here/heldout4-draw.py" "$W/Packages13" "$W/exclude.txt" "${HELDOUT_SALT:-heldout4}" > "$W/ordered.txt"
echo "pool: $(wc -l < "$W/ordered.txt") packages" >&2
kept=0; n=0; : > "$W/kept.tsv"; : > "$W/checked.txt"
while read -r pkg; do
  [ $kept -lt ${HELDOUT4_SIZE:-50} ] || break
  [ "$(date +%s)" -lt "$deadline" ] || { echo "deadline reached" >&2; break; }
  if [ $((n % 100)) -eq 0 ]; then   # fetch the next 100 of the order in one apt-get call, check them 2 at a time
    batch=$(sed -n "$((n + 1)),$((n + 100))p" "$W/ordered.txt" | while read -r b; do [ -e "$W/q/$b" ] || echo "$b"; done)
    (cd "$W/dl" && apt-get "${A[@]}" download $batch >/dev/null 2>>"$W/dl.err") || true
    for b in $batch; do d=$(ls "$W/dl/${b}_"*.deb 2>/dev/null | head -1) && [ ! -e "$W/q/$b" ] && echo "$W/q/$b $d"; done |
      xargs -r -P 2 -n 2 sh -c 'python3 "$0" --any-async "$2" > "$1.tmp" 2>/dev/null && mv "$1.tmp" "$1"' "$here/heldout3-qualify.py" || true
  fi
  n=$((n + 1))
  if [ -e "$W/q/$pkg" ] && [ ! -s "$W/q/$pkg" ]; then echo "$pkg no-async-def" >> "$W/checked.txt"; continue; fi
  deb=$(ls "$W/dl/${pkg}_"*.deb 2>/dev/null | head -1) || true
  [ -n "$deb" ] || { echo "$pkg download-failed" >> "$W/checked.txt"; continue; }
  [ -e "$W/q/$pkg" ] || python3 "$here/heldout3-qualify.py" --any-async "$deb" > "$W/q/$pkg" 2>/dev/null || true
  folder=$(cat "$W/q/$pkg")
  if [ -n "$folder" ]; then
    kept=$((kept + 1)); cp -l "$deb" "$W/cache/debs/" 2>/dev/null || cp "$deb" "$W/cache/debs/"
    desc=$(awk -v p="$pkg" '$0=="Package: "p{f=1} f&&/^Description:/{sub(/^Description: /,"");print;exit}' "$W/Packages13")
    kind=library; case "$pkg" in python3-*) ;; *) kind=application ;; esac
    if [ "$folder" = usr/lib/python3/dist-packages ]; then printf '%s\t%s\t%s (Debian 13)\n' "$pkg" "$kind" "$desc"; else printf '%s\t%s\t%s (Debian 13)\t%s\n' "$pkg" "$kind" "$desc" "$folder"; fi >> "$W/kept.tsv"
    echo "$pkg kept" >> "$W/checked.txt"
  else
    echo "$pkg no-async-def" >> "$W/checked.txt"
  fi
  # the downloaded .deb of a package not kept is not needed any more
  [ -n "$folder" ] || rm -f "$deb"
done < "$W/ordered.txt"
echo "kept $kept of $(wc -l < "$W/checked.txt") checked" >&2
