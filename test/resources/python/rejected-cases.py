f() = 1
# ---
del f()
# ---
del *a
# ---
(a, b) += 1
# ---
a, b += 1
# ---
x: int, y: int = 1, 2
# ---
[a]: int
# ---
f(**a, *b)
# ---
f(a=1, b)
# ---
f(**k, a)
# ---
f(x for x in y, 1)
# ---
f(1, x for x in y)
# ---
f(a.b=1)
# ---
f(True=1)
# ---
def f(a=1, b): pass
# ---
def f(*): pass
# ---
def f(*, **k): pass
# ---
def f(/, a): pass
# ---
def f(a, /, b, /): pass
# ---
def f(*a, /): pass
# ---
def f(**k, a): pass
# ---
def f(**k=1): pass
# ---
lambda a=1, b: 0
# ---
(*a)
# ---
a[x:=1:2]
# ---
x := 1
# ---
(a.b := 1)
# ---
None = 1
# ---
True += 1
# ---
print "hello"
# ---
exec "code"
# ---
0777
# ---
1__0
# ---
1_
# ---
0_1
# ---
0x
# ---
if x
    pass
# ---
def f():
pass
# ---
  x = 1
# ---
if x:
  a
 b
# ---
'unterminated
# ---
"""unterminated
# ---
f"{}"
# ---
f"{x!z}"
# ---
f"{x! r}"
# ---
f"{lambda x: 1}"
# ---
f"{x"
# ---
b"é"
# ---
"a" b"b"
# ---
x = $
# ---
a ? b : c
# ---
try:
    pass
except A:
    pass
except* B:
    pass
# ---
try:
    pass
except*:
    pass
# ---
try:
    pass
except A, B as e:
    pass
# ---
match x:
    case a as _:
        pass
# ---
match x:
    case Point(x=1, 2):
        pass
# ---
match x:
    case {**r, "a": 1}:
        pass
# ---
match x:
    case 1 + 2:
        pass
# ---
x = yield = 1
# ---
a if b
# ---
with a as f(): pass
# ---
for f() in x: pass
# ---
[x for f() in y]
# ---
import a.b as c.d
# ---
from x import a,
# ---
from x import (*)
# ---
'\x4'
# ---
'\U00110000'
# ---
@
def f(): pass
# ---
f(a, *b, c=1, *d, **e, f)
# ---
(yield) = 1
# ---
a + 1 = 2
# ---
-a = 1
# ---
if x:
	pass
        pass
# ---
x = (1,

# ---
def f[](): pass
# ---
class A[]: pass
# ---
f(a for a in b for c in d, 1)
# ---
[*a for a in b]
# ---
{**a for a in b}
# ---
a = 1 = b
# ---
not = 1
# ---
x.not = 1
# ---
def f(a, *, b, *c): pass
# ---
from . import *, a
# ---
import *
# ---
del a + b
# ---
with (a as b, c as d) as e: pass
# ---
lambda: (yield) = 1
# ---
(a, b): int
# ---
print(f"{x!}")
# ---
'\N{NOT A NAME}'
# ---
class A(x for x in y): pass
# ---
f"{x!r=}" if False else 0
# ---
a + not b
# ---
a == not b
# ---
a < not b
# ---
-not a
# ---
a ** not b
# ---
a is not not b
# ---
a not b
# ---
a and or b
# ---
a + 
# ---
await not a
# ---
f(a := 1 = 2)
# ---
f((a)=1)
# ---
f(a.b := 1)
# ---
f(x for x in y, z)
# ---
f(a, x for x in y)
# ---
f(*a, b=1, c)
# ---
f(**a, *b, c=1)
# ---
f(a b)
# ---
f(a=)
# ---
f(, a)
# ---
f(a,, b)
# ---
class A(x for x in y): pass
# ---
a, b = = c
# ---
a = b = 
# ---
a, *b, = 
# ---
(a, b) += c, d
# ---
f() += 1
# ---
a = yield = b
# ---
(*a := 1)
# ---
[a := 1 := 2]
# ---
(a := 1 for b in c, d)
