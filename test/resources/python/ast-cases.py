x = 1
# ---
a = b = c, d = 1, 2
# ---
x += 1; y @= z; w //= 2; v **= 3; u >>= 1
# ---
x: int = 5
# ---
(x): int
# ---
a.b: list[int]
# ---
a[1:2, ::3, *b] = c
# ---
*a, b = c
# ---
[a, *b] = c
# ---
del a, b.c, d[0], (e, [f])
# ---
del ()
# ---
def f(a, b=1, /, c=2, *args: *Ts, d, e=3, **kw) -> None:
    pass
# ---
def f(a, /): return a
# ---
def f(*, a, b=2): ...
# ---
async def f():
    await x
    async for a in b:
        pass
    async with c as d, e:
        pass
    return [i async for i in aiter() if await i]
# ---
@decorator
@a.b(c)
@(lambda f: f)
@x[0] or y
def f(): pass
# ---
class A(B, metaclass=M, **kw):
    x: int
    def m(self): pass
# ---
class A[T: int, *Ts, **P]: pass
# ---
def f[T = int, *Ts = *tuple[int], **P = [int]](x: T) -> T: return x
# ---
type Point = tuple[float, float]
# ---
type ListOrSet[T] = list[T] | set[T]
# ---
type = 1; match = 2; case = 3; _ = 4
print(type, match, case, _)
# ---
match command.split():
    case [action]:
        pass
    case [action, obj]:
        pass
    case Point(x=0, y=0):
        pass
    case {"x": x, "y": y, **rest}:
        pass
    case [1, 2, *others]:
        pass
    case str() | bytes():
        pass
    case (1 | 2) as n if n > 0:
        pass
    case -1 | 1.5 | -2+3j | "s" "t" if True:
        pass
    case None | True | False:
        pass
    case Color.RED:
        pass
    case _:
        pass
# ---
match x, y:
    case a, b: pass
    case (*_, c): pass
# ---
match = {1: 2}
match[1]
# ---
try:
    pass
except ValueError as e:
    pass
except (TypeError, KeyError):
    pass
except:
    pass
else:
    pass
finally:
    pass
# ---
try:
    pass
except* ValueError:
    pass
except* (A, B) as eg:
    pass
# ---
with (open(a) as f, open(b) as g,):
    pass
# ---
with (a, b):
    pass
# ---
with (a, b) as c:
    pass
# ---
with a as (b, c), d:
    pass
# ---
if (n := len(a)) > 10:
    pass
elif x:
    pass
else:
    pass
# ---
while chunk := f.read(10):
    pass
else:
    pass
# ---
[y := f(x), y**2]
# ---
[x for x in y if (z := x)]
# ---
a[b := 1]
# ---
f(x := 1, y=2)
# ---
for x, *y in *a, *b:
    pass
else:
    pass
# ---
def g():
    return 1, *a
    yield *a, b
    yield from c
    x = yield
# ---
a[*b]
# ---
global a, b
nonlocal c
# ---
lambda: 0
lambda a, b=1, /, c=2, *d, e, f=3, **g: a
lambda *, a: a
# ---
a < b <= c != d is not e not in f in g is h > i >= j == k
# ---
x if y else z if w else v
# ---
a[1:2:3, ::, :b, c:]
# ---
a or b and not c or d
# ---
-a ** -b * ~c + +d - e / f // g % h @ i << j >> k & l ^ m | n
# ---
print("hello", end="")
exec("code")
# ---
import a.b.c as d, e
from . import f
from ..g.h import (i as j, k,)
from ... import l
from .... m import *
# ---
assert x, "msg"
raise E from F
raise
# ---
{a: b, **c, d: e}
{a, *b, c}
{}
{k: v for k, v in items}
{x for x in y}
(x for x in y)
[x for x in y for z in x if z if w]
# ---
f(a, *b, c=1, *d, **e)
f(x for x in y)
f(*a, **b, c=d)
# ---
"a" "b" 'c' """d
e""" r'\n'
b'x' rb'\x00' Rb"y" bR'z' BR'w'
# ---
'\x41\u00e9\N{BULLET}\101\t\\\'\q'
# ---
f"plain {x} and {y!r} and {z:>10} and {w!s:{width}.{prec}}"
# ---
f"{x=}" f"{x = }" f"{x=!s}" f"{x=:>5}"
# ---
f"{{literal}} {x} }}"
# ---
f"{'nested' + f'{inner}'}"
# ---
f"{x:{'>'}10}"
# ---
f"{f"{f"{1}"}"}"
# ---
f"{'\n'.join(a)}"
# ---
f"""{
    x  # a comment
    + 1
}"""
# ---
rf"\d{x}\N{y}" f"\N{BULLET}{z}"
# ---
f"{a['b']}" F'{c}' Rf"{d}" fR'{e}'
# ---
f"{x:}" f"{x!r}" f"{'a' if x else 'b'}" f"{(lambda: 1)()}"
# ---
f'{3.14:.{prec}f}' f"{a, b}" f"{yield}" f"{*a,}"
# ---
[0, 123, 0_0, 1_000_000, 0x_ff, 0XfF, 0o17, 0b_1010, 1.5, .5, 5., 1e10, 1.5e-3, 1_0.2_5e1_0, 3j, 1.5J, 0_1.5, 0_1j, 00, 1E5, 1e-05, 123456789012345678901234567890, 1e100, 2.5e-7]
# ---
1if x else 2
# ---
x = [
    1,
    2,
]
y = (1 +
     2)
z = 1 + \
    2
# ---
if x:
	a = 1
	if y:
		b = 2
c = 3
# ---
x = 1	# comment after tab
# ---
def f():
    pass
    # trailing comment

    
# ---
None
True
False
...
# ---
a.b.c(d)[e].f
# ---
not a == b
# ---
await x ** 2
# ---
x = *a, *b
# ---
print(*a, sep='')
# ---
for [a, b] in c: pass
for (a) in b: pass
# ---
with a, b as c: pass
# ---
ä = µ = 1
# ---
(yield)
# ---
a = (1,)
b = ()
c = 1,
# ---
class A: pass
class B(): pass
# ---
if True: pass
else: pass
# ---
# PEP 701 / Language Reference 2.4.3 f-string examples
f"He said his name is {name!r}."
f"He said his name is {repr(name)}."
f"result: {value:{width}.{precision}}"
f"{today:%B %d, %Y}"
f"{today=:%B %d, %Y}"
f"{number:#0x}"
f"{ foo = }"
f"{line = }"
f"{line = :20}"
f"{line = !r:20}"
f"abc {a["x"]} def"
f"abc {a['x']} def"
f"""abc {a["x"]} def"""
f"newline: {ord('\n')}"
f"newline: {newline}"
# ---
songs = ['Take me back to Eden', 'Alkaline', 'Ascensionism']
f"This is the playlist: {", ".join(songs)}"
f"{f"{f"{f"{f"{f"{1+1}"}"}"}"}"}"
f"{'''a'''}" f'{"""b"""}'
f"{x:{'{'}^10}"
# ---
f"""{
    ', '.join(
        x  # the items
        for x in xs
    )
}"""
# ---
@dec
async def f(a: int = 1, *, b: str = "x") -> list[int]:
    """Doc
    string."""
    async with a as b:
        try:
            x = await g(
                1,
                2,
            )
        except* E as e:
            raise
    return x
# ---
class C(
    B,
):
    def m(self):  # comment
        if a:
            pass
        elif b:
            for i in range(3):
                continue
            else:
                break
        else:
            while True:
                del x
# ---
match p:
    case {"a": [1, *rest], **kw} if rest:
        y = 'a' \
            'b'
    case C(1, x=[*_]) | D():
        pass
# ---
x = (
    a
    + b
    * c
)
y = [i
     for i in z
     if i]
s = ('abc'
     'def')
t = f'{a!r}' 'b' f"""{
c}"""
# ---
not a == b and not not c or d
# ---
a or b or c and d and e or f and not g
# ---
x = a if not b else c < d
# ---
-a ** b
# ---
(-a) ** b
# ---
a ** -b ** c
# ---
- - ~ +a
# ---
async def f():
    return -await a ** b, await (a) ** (b), (await a).b
# ---
(a) < (b) == (c)
# ---
(a).b(c)[d] ** (e) + (f)
# ---
a | b ^ c & d << e + f * g
# ---
a * b + c << d & e ^ f | g
# ---
x = a not in b is not c
# ---
not (a) in b
# ---
(not a) + b
# ---
a < b < c or (d) and (e)
# ---
match.case.type(type)[match] + case
# ---
y = lambda: a if b else c
# ---
[x for x in a in b if not c if d or e]
# ---
f(a, (x := 1), y=(z := 2), *b, k=v, **kw)
# ---
g(x for x in y)
# ---
x = y = f(a)[b].c
# ---
x: int = (y := 1); z += w; del q
# ---
x = 'a' f'{b}' 'c'.join(y) + "d"[0] - -'%s' % z
# ---
'doc'
b'x' b'y'

# ---
s = f"""head
{x!r}
middle
{y:>{w}
}tail
"""
t = """one
two""" + '''
three'''
# ---
f(a, b=1, *c, d=2, **e,)
# ---
f((x for x in y), z, (w := 1), v=(u := 2))
# ---
f(x for x in y)(a)(b for b in c)[d](*e)
# ---
print(x := 1)
# ---
f(a)(b)(c)
# ---
f(
    a,
    # comment
    b,
)
# ---
class A(B, metaclass=M, **kw): pass
# ---
a, = b
# ---
a, b, = c, d,
# ---
a = b, *c = d = yield e
# ---
a = yield
# ---
x = *y,
# ---
a.b, c[d] = e, f = g
# ---
x += yield y
# ---
x: int = yield
# ---
(a), b = c
# ---
(x := 1)
# ---
[y := 1, *z, w := 2,]
# ---
(a := 1, b)
# ---
[v := x for x in y]
# ---
((a := 1) for b in c)