"""Writes CPython's ast.dump of each case in ast-cases.py (cases separated by '# ---' lines),
one dump per line, to stdout. Run with CPython 3.13 to refresh ast-cases.expected:
    PYENV_VERSION=3.13.0 python3 test/cpython/dump_cases.py test/resources/python/ast-cases.py \
        > test/resources/python/ast-cases.expected
and with --positions (include_attributes=True) to refresh ast-cases.positions.
"""
import ast
import sys
import warnings

warnings.simplefilter("ignore")

positions = "--positions" in sys.argv
text = open(sys.argv[1], encoding="utf-8").read()
for case in text.split("\n# ---\n"):
    try:
        print(ast.dump(ast.parse(case), include_attributes=positions))
    except SyntaxError as e:
        print("SyntaxError: " + str(e.msg))
