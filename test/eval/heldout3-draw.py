#!/usr/bin/env python3
"""Draw held-out set 3 (session 9): Python packages of Debian 13 that use asyncio *quietly*.

The rule, written down before any review was run:
  pool  = every binary package of Debian 13 (trixie) main whose Depends names python3 (python3,
          python3:any or any python3-* package), that is not -doc/-dev/-dbg/lib*, Installed-Size
          < 20 MB, and is in NO earlier list or corpus: projects.tsv, projects-heldout*.tsv,
          recall-corpus-debian12/13.txt, any verdicts file, session 5-8's corpora (the folders of
          /tmp/c16/x and /tmp/c16/oldall, /tmp/prec8/usedall.txt), AND not in session 8's candidate
          pools (/tmp/prec8/pool12.all, pool13.all: the rdepends of 52 asyncio libraries plus
          `apt-cache search 'asyncio|async |aiohttp|coroutine'`). So the route differs from session
          8's: no dependency on an asyncio library and no asyncio word in the description is needed;
          what is drawn are packages that use stdlib asyncio (or an async library pulled in indirectly).
  order = md5("heldout3:" + package name), ascending.
  keep  = walk the order, download (apt-get download through a private trixie configuration),
          unpack, and keep the package when a .py file outside tests/test/testing/examples/example/
          docs/doc folders and not test_*.py/*_test.py/conftest.py has `async def` and such a product
          file imports asyncio (`import asyncio` / `from asyncio`). Stop at 50 kept packages (first written as 60; lowered to 50 during the draw, before any review ran, for the session's time: the set is the same order's prefix).
  folder = usr/lib/python3/dist-packages when the async product file is there, else the top folder
          under usr/ that holds it (e.g. usr/share/NAME), as inline-comments.sh's fourth column.
Usage: heldout3-draw.py PACKAGES_FILE EXCLUDE_FILE  -> prints the ordered pool (one name a line).
The download/check part is heldout3-draw.sh.
"""
import hashlib, re, sys

packages_file, exclude_file = sys.argv[1], sys.argv[2]
norm = lambda n: n[len("python3-"):] if n.startswith("python3-") else n
excluded = {norm(l.strip()) for l in open(exclude_file) if l.strip()}
pool = {}
for stanza in open(packages_file, encoding="utf-8", errors="replace").read().split("\n\n"):
    f = {}
    for line in stanza.splitlines():
        m = re.match(r"^([A-Za-z-]+): (.*)$", line)
        if m:
            f[m.group(1)] = m.group(2)
    name = f.get("Package")
    if not name:
        continue
    deps = f.get("Depends", "") + ", " + f.get("Pre-Depends", "")
    if not re.search(r"(^|[ ,|])python3([ ,:(|]|-[a-z0-9])", deps):
        continue
    if re.search(r"-(doc|dev|dbg|dbgsym)$", name) or name.startswith("lib"):
        continue
    if int(f.get("Installed-Size", "0") or 0) >= 20000:
        continue
    if norm(name) in excluded:
        continue
    pool[name] = True
for name in sorted(pool, key=lambda n: hashlib.md5(("heldout3:" + n).encode()).hexdigest()):
    print(name)
