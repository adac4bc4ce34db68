f(a=1, a=2)
# ---
def f(a, a): pass
# ---
*a = 1
# ---
*a, *b = c
# ---
return 1
# ---
nonlocal x
# ---
break
# ---
await x
# ---
async for x in y: pass
# ---
yield x
# ---
a = *b
# ---
print(*a)
# ---
def f(): x = yield from y
# ---
x = 1if y else 2
# ---
0x1for x in y
# ---
async def f(): return [x async for x in y]
# ---
del (a), [b]
# ---
del (a, (b, [c]))
# ---
f(x for x in y)
# ---
(a): int = 1
# ---
global x; x = 1
# ---
class C: nonlocal x
# ---
from __future__ import braces
# ---
def f(): from x import *
# ---
'\q'
# ---
a = b'\xff'
# ---
x = 1_000.000_1e1_0j
# ---
l = [*a, *b]
# ---
try:
    pass
except:
    pass
except A:
    pass
# ---
def f(): return *a, *b
# ---
x = [i for i in range(3) if (y := i)]
# ---
f'{x:{y:{z}}}'
# ---
f"{'a' 'b'}"
# ---
f"{x:=10}"
# ---
f"{a[1:2]}"
# ---
f"{ {'a': 1}['a'] }"
# ---
x = "\N{LATIN SMALL LETTER A}"
# ---
x = f"\{6}"
# ---
x = rf"\{6}"
# ---
def f(*args: *Ts): pass
# ---
x[a:=1]
# ---
@a := b
def f(): pass
# ---
case = match = type = 1
# ---
match(x)
# ---
match[x]
# ---
match x:
    case {1: _, "a": [*_], **rest}: pass
    case A.B(c, d=e): pass
    case [a, b, *_] | (a, b): pass
# ---
type X = int
# ---
type(x)
# ---
type.x = 1
# ---
with (a, b) as c: pass
# ---
with (yield): pass
# ---
async with (a as b): pass
# ---
if True:

    # comment

    pass
# trailing
# ---
x = 1 \
    + 2
# ---
x = 1
# ---
if x:
      pass
# ---
x = """a
b"""
# ---
lambda *args, **kw: 0
# ---
lambda a, /, b: 0
# ---
def f(a, /, b, *, c): pass
# ---
x = 1; y = 2;
# ---
a = b = c = d
# ---
[] = ()
# ---
() = []
# ---
for [] in x: pass
# ---
f(*a, *b, **c, **d)
# ---
a.b[c].d(e)[f] = g
# ---
a[b, c:d] = e
# ---
x = not a
# ---
x = a if b else lambda: c
# ---
async def f():
    async with a as b, c as d: pass
    await (yield)
# ---
def f():
    x = yield
    y = yield from z
# ---
class A(metaclass=M, *b, **c): pass
# ---
print(f"{x!r:^10}")
# ---
match x:
    case f"a":
        pass
# ---
x = "\N{CJK UNIFIED IDEOGRAPH-6574}\N{HANGUL SYLLABLE GA}\N{LATIN CAPITAL LETTER GHA}"
