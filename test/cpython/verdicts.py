"""Prints CPython's verdict on each .py file under the given folders, one line per file:
"OK<TAB>path" when ast.parse accepts the bytes, "ERR<TAB>path<TAB>line<TAB>message" when not.
Used by the agreement check (test/cpython-agreement.sh and CpythonAgreementTest)."""
import ast
import os
import sys
import warnings

warnings.simplefilter("ignore")


def verdict(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        ast.parse(data, filename=path)
        return "OK\t" + path
    except (SyntaxError, ValueError, MemoryError, RecursionError) as e:
        line = getattr(e, "lineno", 0) or 0
        msg = str(getattr(e, "msg", e)).replace("\t", " ").replace("\n", " ")
        return "ERR\t%s\t%s\t%s" % (path, line, msg)


def main(roots):
    out = sys.stdout
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(".py"):
                    out.write(verdict(os.path.join(dirpath, name)) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
