package dev.asyncguard.analysis.names;

import dev.asyncguard.analysis.names.Binding.BindingKind;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Nodes;
import dev.asyncguard.python.ast.Stmt;

import java.util.ArrayList;
import java.util.List;

/**
 * What declared types say, for {@link NameResolver}: the instance an annotation declares
 * ({@code Optional[X]}, {@code X | None}, {@code "X"}, {@code Annotated[X, ...]}), what iterating or
 * indexing a declared container gives ({@code list[X]}, {@code dict[K, X]}), and type-alias markers.
 */
final class DeclaredTypes {
    private final NameResolver names;

    DeclaredTypes(NameResolver names) {
        this.names = names;
    }

    boolean isTypeAliasMarker(Expr annotation) {
        String name = annotation instanceof Expr.Name || annotation instanceof Expr.Attribute ? names.qualifiedName(annotation) : null;
        return name != null && (name.equals("typing.TypeAlias") || name.equals("typing_extensions.TypeAlias"));
    }

    /** Mappings whose annotation {@code M[K, V]} says what an item is: a V. */
    private static final java.util.Set<String> MAPPINGS = java.util.Set.of("dict", "typing.Dict", "typing.Mapping",
            "typing.MutableMapping", "typing.DefaultDict", "typing.OrderedDict", "collections.abc.Mapping",
            "collections.abc.MutableMapping", "collections.defaultdict", "collections.OrderedDict");
    /** Sequences whose annotation {@code S[X]} says what an item is: an X. */
    private static final java.util.Set<String> SEQUENCES = java.util.Set.of("list", "tuple", "typing.List",
            "typing.Tuple", "typing.Sequence", "typing.MutableSequence", "collections.abc.Sequence",
            "collections.abc.MutableSequence", "collections.deque", "typing.Deque");

    /**
     * What {@code base[...]} gives, from the declared type of {@code base} (a name, or {@code self.attr}):
     * {@code clients[name]} with {@code clients: dict[str, httpx.Client]} is a client, and so is
     * {@code pool[0]} with {@code pool: list[httpx.Client]}; null otherwise.
     */
    String itemPath(Expr base) {
        Expr item = itemAnnotation(base);
        return item == null ? null : annotationPath(item);
    }

    /** The annotation of what {@code base[...]} gives ({@code X} of {@code dict[K, X]} or {@code list[X]}); null when not declared. */
    Expr itemAnnotation(Expr base) {
        Container c = declaredContainer(base);
        if (c == null) return null;
        if (MAPPINGS.contains(c.name())) {
            return c.generic().slice() instanceof Expr.Tuple t && t.elts().size() == 2 ? t.elts().get(1) : null;
        }
        return SEQUENCES.contains(c.name()) ? homogeneous(c.generic().slice()) : null;
    }

    /** A declared generic container: {@code list[X]} and its name without {@code builtins.} ({@code list}). */
    private record Container(Expr.Subscript generic, String name) {}

    /** The generic a name or {@code self.attr} is declared as ({@code Optional[dict[...]]} is a dict); null otherwise. */
    private Container declaredContainer(Expr e) {
        Expr annotation = declaredAnnotation(e);
        if (annotation == null) return null;
        // unwrapOptional has no answer for the containers themselves.
        Expr declared = unwrapOptional(annotation);
        if (!((declared != null ? declared : annotation) instanceof Expr.Subscript s)) return null;
        String container = names.qualifiedName(s.value());
        return container == null ? null : new Container(s, container.replace("builtins.", ""));
    }

    /**
     * The annotation a name or {@code self.attr} is declared with: a name's binding's, or the one all
     * bindings of the attribute in its class declare ({@code workers: list[Worker]} in the class body,
     * {@code self.workers: list[Worker] = []} in a method, or only a parameter so declared); null when none.
     */
    private Expr declaredAnnotation(Expr e) {
        return switch (e) {
            case Expr.Name n -> names.binding(n) instanceof Binding b ? b.annotation() : null;
            case Expr.Attribute a when a.value() instanceof Expr.Name self && names.classOfSelf(self) instanceof Scope cls -> {
                Expr declared = onlyAnnotation(cls.instanceAttribute(a.attr()), cls.bindings(a.attr()));
                if (declared != null) yield declared;
                // self.workers = workers, the parameter declared "workers: list[Worker]": that declaration.
                Binding only = null;
                for (Binding b : cls.instanceAttribute(a.attr())) {
                    if (b.isNonePlaceholder()) continue;
                    if (only != null) yield null;
                    only = b;
                }
                yield only != null && only.value() instanceof Expr.Name n && names.binding(n) instanceof Binding p
                        && p.kind() == BindingKind.PARAMETER ? p.annotation() : null;
            }
            default -> null;
        };
    }

    /** {@code X} of {@code X} or {@code tuple[X, ...]}'s slice; null for a fixed tuple of several types. */
    private static Expr homogeneous(Expr element) {
        if (element instanceof Expr.Tuple t) {
            if (t.elts().size() != 2 || !(t.elts().get(1) instanceof Expr.Constant c) || c.kind() != Expr.ConstantKind.ELLIPSIS) {
                return null;
            }
            return t.elts().get(0);
        }
        return element;
    }

    /** The one annotation the bindings of an attribute declare (none of them declaring another); null when none or several. */
    private static Expr onlyAnnotation(List<Binding> instance, List<Binding> classLevel) {
        Expr found = null;
        for (List<Binding> l : List.of(instance, classLevel)) {
            for (Binding b : l) {
                if (b.annotation() == null) continue;
                if (found != null && found != b.annotation()) return null;
                found = b.annotation();
            }
        }
        return found;
    }

    /** Containers whose annotation {@code C[X]} says what iterating them gives: an X. */
    private static final java.util.Set<String> ITERABLES = java.util.Set.of("list", "set", "frozenset", "tuple",
            "typing.List", "typing.Set", "typing.FrozenSet", "typing.Tuple", "typing.Sequence", "typing.Iterable",
            "typing.Iterator", "typing.Collection", "typing.MutableSequence", "typing.AbstractSet",
            "typing.MutableSet", "typing.Deque", "collections.deque", "collections.abc.Sequence",
            "collections.abc.Iterable", "collections.abc.Iterator", "collections.abc.Collection",
            "collections.abc.MutableSequence", "collections.abc.Set", "collections.abc.MutableSet");
    /** What {@code async for} iterates: {@code AsyncIterator[X]} gives an X. */
    private static final java.util.Set<String> ASYNC_ITERABLES = java.util.Set.of("typing.AsyncIterator",
            "typing.AsyncIterable", "typing.AsyncGenerator", "collections.abc.AsyncIterator",
            "collections.abc.AsyncIterable", "collections.abc.AsyncGenerator");
    /** Builtins whose result iterates as their first argument does. */
    private static final java.util.Set<String> SAME_ELEMENTS = java.util.Set.of("builtins.reversed", "builtins.sorted",
            "builtins.list", "builtins.tuple", "builtins.set", "builtins.frozenset", "builtins.iter");

    /**
     * What one step of a loop gives: a declared type, or a tuple of parts ({@code enumerate}, {@code
     * zip}, {@code dict.items()}), each an {@code Element} or null when unknown.
     */
    private sealed interface Element permits Declared, Parts {}

    private record Declared(Expr annotation) implements Element {}

    private record Parts(List<Element> parts) implements Element {}

    /**
     * The annotation declaring what the loop target {@code name} of {@code for ... in iter} gets: the
     * element of a declared container ({@code for w in self.workers} with {@code workers: list[Worker]}),
     * through {@code reversed}/{@code sorted}/{@code list()}, a mapping's {@code values()}/{@code keys()}
     * and {@code items()}, {@code enumerate} and {@code zip} unpacked into a tuple of targets; null otherwise.
     */
    Expr loopTargetAnnotation(Stmt.For loop, String name) {
        return targetAnnotation(loop.target(), elementOf(loop.iter(), loop.isAsync(), 0), name);
    }

    private Expr targetAnnotation(Expr target, Element element, String name) {
        if (element == null) return null;
        switch (target) {
            case Expr.Name n -> {
                return n.id().equals(name) && element instanceof Declared d ? d.annotation() : null;
            }
            case Expr.Tuple t -> {
                return partAnnotation(t.elts(), element, name);
            }
            case Expr.ListExpr l -> {
                return partAnnotation(l.elts(), element, name);
            }
            default -> {
                return null;
            }
        }
    }

    private Expr partAnnotation(List<Expr> targets, Element element, String name) {
        List<Element> parts = parts(element, targets.size());
        if (parts == null) return null;
        for (int i = 0; i < targets.size(); i++) {
            Expr found = targetAnnotation(targets.get(i), parts.get(i), name);
            if (found != null) return found;
        }
        return null;
    }

    /** The {@code n} parts of an element unpacked: a tuple of parts, or a declared {@code tuple[A, B]}; null otherwise. */
    private List<Element> parts(Element element, int n) {
        if (element instanceof Parts p) return p.parts().size() == n ? p.parts() : null;
        if (element instanceof Declared d && d.annotation() instanceof Expr.Subscript s
                && s.slice() instanceof Expr.Tuple t && t.elts().size() == n
                && TUPLES.contains(String.valueOf(names.qualifiedName(s.value())))) {
            List<Element> out = new ArrayList<>(n);
            for (Expr e : t.elts()) {
                if (e instanceof Expr.Constant c && c.kind() == Expr.ConstantKind.ELLIPSIS) return null;
                out.add(new Declared(e));
            }
            return out;
        }
        return null;
    }

    private static final java.util.Set<String> TUPLES = java.util.Set.of("builtins.tuple", "tuple", "typing.Tuple");

    private Element elementOf(Expr iter, boolean async, int depth) {
        if (depth > 4 || iter == null) return null;
        if (iter instanceof Expr.Call c && c.keywords().isEmpty()) {
            if (async) return null;
            if (c.func() instanceof Expr.Attribute m && c.args().isEmpty()) {
                Expr.Subscript mapping = declaredMapping(m.value());
                if (mapping == null) return null;
                List<Expr> kv = ((Expr.Tuple) mapping.slice()).elts();
                return switch (m.attr()) {
                    case "values" -> new Declared(kv.get(1));
                    case "keys" -> new Declared(kv.get(0));
                    case "items" -> new Parts(List.of(new Declared(kv.get(0)), new Declared(kv.get(1))));
                    default -> null;
                };
            }
            if (c.args().isEmpty() || c.args().stream().anyMatch(a -> a instanceof Expr.Starred)) return null;
            String f = c.func() instanceof Expr.Name ? names.qualifiedName(c.func()) : null;
            if (f == null) return null;
            if (SAME_ELEMENTS.contains(f) && c.args().size() == 1) return elementOf(c.args().get(0), false, depth + 1);
            if (f.equals("builtins.enumerate") && c.args().size() <= 2) {
                Element of = elementOf(c.args().get(0), false, depth + 1);
                return of == null ? null : new Parts(java.util.Arrays.asList(null, of));
            }
            if (f.equals("builtins.zip")) {
                List<Element> parts = new ArrayList<>();
                for (Expr a : c.args()) parts.add(elementOf(a, false, depth + 1));
                return parts.stream().allMatch(java.util.Objects::isNull) ? null : new Parts(parts);
            }
            return null;
        }
        Container c = declaredContainer(iter);
        if (c == null) return null;
        Expr.Subscript s = c.generic();
        String container = c.name();
        if (async) return ASYNC_ITERABLES.contains(container) ? declaredOf(s.slice() instanceof Expr.Tuple t
                && !t.elts().isEmpty() ? t.elts().get(0) : s.slice()) : null;
        if (ITERABLES.contains(container)) return declaredOf(homogeneous(s.slice()));
        // Iterating a mapping gives its keys.
        if (MAPPINGS.contains(container) && s.slice() instanceof Expr.Tuple t && t.elts().size() == 2) {
            return new Declared(t.elts().get(0));
        }
        return null;
    }

    private static Element declaredOf(Expr annotation) {
        return annotation == null ? null : new Declared(annotation);
    }

    /** The declared {@code dict[K, V]} (or another mapping) of a name or {@code self.attr}; null otherwise. */
    private Expr.Subscript declaredMapping(Expr e) {
        Container c = declaredContainer(e);
        return c != null && MAPPINGS.contains(c.name()) && c.generic().slice() instanceof Expr.Tuple t
                && t.elts().size() == 2 ? c.generic() : null;
    }

    /** The instance type an annotation declares: {@code Path}, {@code Optional[Path]}, {@code Path | None}, {@code "Path"}. */
    String annotationPath(Expr annotation) {
        Expr t = unwrapOptional(annotation);
        if (t == null) return null;
        if (t instanceof Expr.Constant c && c.kind() == Expr.ConstantKind.STR && c.value() instanceof String text) {
            return stringAnnotationPath(text.trim());
        }
        String type = t instanceof Expr.Subscript generic ? genericClass(generic) : names.qualifiedName(t);
        return type == null ? null : KnownTypes.canonical(type + "()");
    }

    /** {@code Optional} and {@code Union} as imported, or spelled without an import (a name bound nowhere is its spelling). */
    private static final java.util.Set<String> OPTIONAL = java.util.Set.of("typing.Optional", "typing_extensions.Optional", "Optional");
    private static final java.util.regex.Pattern STRING_OPTIONAL =
            java.util.regex.Pattern.compile("(?:typing\\.)?Optional\\[(.*)\\]");
    private static final java.util.Set<String> UNION = java.util.Set.of("typing.Union", "typing_extensions.Union", "Union");
    private static final java.util.Set<String> ANNOTATED = java.util.Set.of("typing.Annotated",
            "typing_extensions.Annotated", "Annotated");

    Expr unwrapOptional(Expr t) {
        if (t instanceof Expr.BinOp b && b.op().equals("|")) {
            if (isNone(b.right())) return unwrapOptional(b.left());
            if (isNone(b.left())) return unwrapOptional(b.right());
            return null;
        }
        if (t instanceof Expr.Subscript s) {
            String generic = names.qualifiedName(s.value());
            if (generic == null) return null;
            if (OPTIONAL.contains(generic)) return unwrapOptional(s.slice());
            // Annotated[X, metadata...]: an X.
            if (ANNOTATED.contains(generic) && s.slice() instanceof Expr.Tuple tuple && !tuple.elts().isEmpty()) {
                return unwrapOptional(tuple.elts().get(0));
            }
            if (UNION.contains(generic) && s.slice() instanceof Expr.Tuple tuple) {
                List<Expr> rest = new ArrayList<>();
                for (Expr e : tuple.elts()) if (!isNone(e)) rest.add(e);
                return rest.size() == 1 ? unwrapOptional(rest.get(0)) : null;
            }
            // Another generic (list[X], asyncio.Future[None]): itself.
            return UNION.contains(generic) ? null : s;
        }
        return t;
    }

    /**
     * The class a parameterized annotation of one of the standard library's generic concurrency
     * classes names ({@code asyncio.Future} of {@code asyncio.Future[None]}, {@code queue.Queue} of
     * {@code queue.Queue[int]}); null for any other generic: the containers, whose items
     * {@link #itemAnnotation} and loops answer for, and the project's own generic classes ({@code
     * Cloud[T]}: a receiver typed as one of those hides what the rules know of unknown receivers).
     */
    private String genericClass(Expr.Subscript s) {
        String origin = names.qualifiedName(s.value());
        if (origin == null) return null;
        for (String module : GENERIC_MODULES) if (origin.startsWith(module)) return origin;
        return null;
    }

    private static final List<String> GENERIC_MODULES = List.of("asyncio.", "queue.", "concurrent.futures.",
            "multiprocessing.");

    /**
     * What a method of a declared container returns that is one of its items: {@code popleft()}/{@code pop()}
     * of {@code deque[X]} or {@code list[X]}, {@code get(k)}/{@code pop(k)}/{@code setdefault(k, v)} of
     * {@code dict[K, X]}: an X; null otherwise.
     */
    String methodItemPath(Expr.Call call) {
        if (!(call.func() instanceof Expr.Attribute m) || !ITEM_METHODS.contains(m.attr())) return null;
        Container c = declaredContainer(m.value());
        if (c == null) return null;
        Expr item = null;
        if (MAPPINGS.contains(c.name()) && !m.attr().equals("popleft")) {
            item = c.generic().slice() instanceof Expr.Tuple t && t.elts().size() == 2 ? t.elts().get(1) : null;
        } else if (SEQUENCES.contains(c.name()) && (m.attr().equals("pop") || m.attr().equals("popleft"))) {
            item = homogeneous(c.generic().slice());
        }
        return item == null ? null : annotationPath(item);
    }

    private static final java.util.Set<String> ITEM_METHODS = java.util.Set.of("pop", "popleft", "get", "setdefault");

    static boolean isNone(Expr e) {
        return e instanceof Expr.Constant c && c.kind() == Expr.ConstantKind.NONE;
    }

    /**
     * A string annotation naming a (dotted) type, also as {@code "X | None"}, {@code "None | X"} or
     * {@code "Optional[X]"}; its root is looked up at module level.
     */
    String stringAnnotationPath(String text) {
        text = stringAnnotationType(text);
        if (text == null) return null;
        int dot = text.indexOf('.');
        String root = dot < 0 ? text : text.substring(0, dot);
        List<Binding> bindings = names.moduleScope().bindings(root);
        String rootPath;
        if (bindings.isEmpty()) {
            rootPath = root;
        } else if (bindings.stream().allMatch(b -> b.kind() == BindingKind.IMPORT
                && java.util.Objects.equals(b.imported(), bindings.get(0).imported()))) {
            // import urllib3; import urllib3.poolmanager: both bind urllib3.
            rootPath = bindings.get(0).imported();
        } else {
            return null;
        }
        return KnownTypes.canonical(rootPath + (dot < 0 ? "" : text.substring(dot)) + "()");
    }

    /** The (dotted) type a string annotation names, also as {@code "X | None"} or {@code "Optional[X]"}; null for anything else. */
    static String stringAnnotationType(String text) {
        java.util.regex.Matcher optional = STRING_OPTIONAL.matcher(text);
        if (optional.matches()) text = optional.group(1).trim();
        if (text.contains("|")) {
            List<String> rest = new ArrayList<>();
            for (String part : text.split("\\|")) if (!part.trim().equals("None")) rest.add(part.trim());
            if (rest.size() != 1) return null;
            text = rest.get(0);
        }
        return text.matches("[A-Za-z_][A-Za-z_0-9]*(\\.[A-Za-z_][A-Za-z_0-9]*)*") ? text : null;
    }

    /**
     * {@code with session_scope() as s}: what a {@code @contextlib.contextmanager} function of this
     * file yields (its return annotation {@code Iterator[X]}/{@code Generator[X, ...]}, or the one
     * value path all its yields agree on), or what {@code contextlib.closing(x)} wraps; null for any
     * other context expression.
     */
    String enteredPath(Expr context) {
        // with closing(sqlite3.connect(p)) as conn: closing() enters as the object it wraps.
        if (context instanceof Expr.Call wrap && wrap.args().size() == 1 && wrap.keywords().isEmpty()
                && "contextlib.closing".equals(names.qualifiedName(wrap.func()))) {
            return names.valuePath(wrap.args().get(0));
        }
        if (!(context instanceof Expr.Call c) || !(names.definition(c.func()) instanceof Stmt.FunctionDef def) || def.isAsync()
                || def.decorators().size() != 1) {
            return null;
        }
        Expr d = def.decorators().get(0);
        if (!"contextlib.contextmanager".equals(names.qualifiedName(d))) return null;
        if (def.returns() != null) {
            Expr r = def.returns();
            if (r instanceof Expr.Subscript s && GENERATORS.contains(String.valueOf(names.qualifiedName(s.value())))) {
                Expr first = s.slice() instanceof Expr.Tuple t && !t.elts().isEmpty() ? t.elts().get(0) : s.slice();
                return annotationPath(first);
            }
            return null;
        }
        String agreed = null;
        java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>(def.body());
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (n instanceof Expr.Yield y) {
                String p = y.value() == null ? null : names.valuePath(y.value());
                if (p == null || !p.contains("()") || (agreed != null && !agreed.equals(p))) return null;
                agreed = p;
            }
            if (n instanceof Expr.YieldFrom) return null;
            if (n instanceof Stmt.FunctionDef || n instanceof Stmt.ClassDef || n instanceof Expr.Lambda) continue;
            Nodes.forEachChild(n, todo::push);
        }
        return agreed;
    }

    private static final java.util.Set<String> GENERATORS = java.util.Set.of("typing.Iterator", "typing.Generator",
            "collections.abc.Iterator", "collections.abc.Generator", "typing.ContextManager",
            "contextlib.AbstractContextManager", "Iterator", "Generator");
}
