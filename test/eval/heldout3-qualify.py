#!/usr/bin/env python3
"""heldout3-qualify.py [--any-async] DEB: prints the folder inline-comments.sh should review when the package
qualifies for held-out set 3 (a product .py has `async def` and a product file imports asyncio), else nothing.
--any-async (held-out set 4): a product .py with `async def` is enough, no import is needed.
Product = outside tests/test/testing/examples/example/docs/doc folders, not test_*.py/*_test.py/conftest.py.
Reads only the .py members of the package (dpkg-deb --fsys-tarfile), nothing is unpacked."""
import os, re, subprocess, sys, tarfile

skip_dirs = {"tests", "test", "testing", "examples", "example", "docs", "doc"}
asyncdef, imports = [], []
any_async = sys.argv[1:2] == ["--any-async"]
proc = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", sys.argv[-1]], stdout=subprocess.PIPE)
with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
    for m in tar:
        path = os.path.normpath(m.name)
        parts = path.split(os.sep)
        name = parts[-1]
        if not m.isfile() or not name.endswith(".py") or skip_dirs & set(parts[:-1]):
            continue
        if name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py":
            continue
        s = tar.extractfile(m).read().decode("utf-8", "replace")
        if re.search(r"^\s*async\s+def\s", s, re.M): asyncdef.append(path)
        if re.search(r"^\s*(import\s+asyncio|from\s+asyncio[\s.])", s, re.M): imports.append(path)
proc.wait()
if asyncdef and (imports or any_async):
    dist = [p for p in asyncdef if p.startswith("usr/lib/python3/dist-packages/")]
    print("usr/lib/python3/dist-packages" if dist else os.sep.join(asyncdef[0].split(os.sep)[:3]))
