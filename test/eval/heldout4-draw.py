#!/usr/bin/env python3
"""Draw held-out set 4 (session 13): Python packages of Debian 13 with `async def` in product code.

The rule, written down and committed before any package was fetched or reviewed:
  pool  = every binary package of Debian 13 (trixie) main whose Depends/Pre-Depends names python3
          (python3, python3:any or any python3-* package), that is not -doc/-dev/-dbg/lib*, has
          Installed-Size < 20 MB, and is in NO earlier list or corpus:
            - column 1 of every test/eval/*.tsv (projects*.tsv, verdicts*.tsv, recall-verdicts.tsv, ...),
            - recall-corpus-debian12.txt and recall-corpus-debian13.txt,
            - every word of test/eval/README.md, RESULTS.md, RECALL-RESULTS.md (sessions 5 and 6 listed
              their corpora there; a word that merely happens to be a package name is excluded too),
          names compared without a leading "python3-"; AND whose Source package is not the Source of an
          excluded package (another binary of the same code base is not new code).
          Unlike set 3, session 8's asyncio pools are NOT excluded (they are not stored, and set 2 took
          only 60 of them): the route is "any Python package of Debian 13 with async code".
  order = md5("heldout4:" + package name), ascending.
  keep  = walk the order, download (apt-get download through a private trixie configuration) and keep
          the package when a .py file outside tests/test/testing/examples/example/docs/doc folders and not
          test_*.py/*_test.py/conftest.py has `async def` at the start of a line (indentation allowed).
          No asyncio import is required (code on trio/anyio/curio/twisted counts: the bot would review it).
  stop  = at 50 kept packages, or when HELDOUT4_DEADLINE (epoch seconds; 23:00 UTC on 2026-12-07 in
          session 13) passes, whichever comes first; the set is then the order's prefix walked so far.
  folder = usr/lib/python3/dist-packages when an async product file is there, else the top folder
          under usr/ that holds the first one (e.g. usr/share/NAME), as inline-comments.sh's fourth column.
Usage: heldout4-draw.py PACKAGES_FILE EXCLUDE_FILE [SALT]  -> prints the ordered pool (one name a line).
SALT (default "heldout4") replaces "heldout4" in the order: held-out set 5 (session 14) is the same rule with
SALT "heldout5" (see heldout5-draw.sh).
The download/check part is heldout4-draw.sh; heldout3-qualify.py --any-async checks one .deb.
"""
import hashlib, re, sys

packages_file, exclude_file = sys.argv[1], sys.argv[2]
salt = sys.argv[3] if len(sys.argv) > 3 else "heldout4"
norm = lambda n: n[len("python3-"):] if n.startswith("python3-") else n
excluded = {norm(l.strip()) for l in open(exclude_file) if l.strip()}
stanzas = []
for stanza in open(packages_file, encoding="utf-8", errors="replace").read().split("\n\n"):
    f = {}
    for line in stanza.splitlines():
        m = re.match(r"^([A-Za-z-]+): (.*)$", line)
        if m:
            f[m.group(1)] = m.group(2)
    if f.get("Package"):
        f["Source"] = (f.get("Source") or f["Package"]).split()[0]
        stanzas.append(f)
excluded_sources = {f["Source"] for f in stanzas if norm(f["Package"]) in excluded}
pool = {}
for f in stanzas:
    name = f["Package"]
    deps = f.get("Depends", "") + ", " + f.get("Pre-Depends", "")
    if not re.search(r"(^|[ ,|])python3([ ,:(|]|-[a-z0-9])", deps):
        continue
    if re.search(r"-(doc|dev|dbg|dbgsym)$", name) or name.startswith("lib"):
        continue
    if int(f.get("Installed-Size", "0") or 0) >= 20000:
        continue
    if norm(name) in excluded or f["Source"] in excluded_sources:
        continue
    pool[name] = True
for name in sorted(pool, key=lambda n: hashlib.md5((salt + ":" + n).encode()).hexdigest()):
    print(name)
