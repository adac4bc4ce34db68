package dev.asyncguard.analysis.names;

import dev.asyncguard.analysis.names.Binding.BindingKind;
import dev.asyncguard.python.ast.Expr;

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
        Expr annotation = switch (base) {
            case Expr.Name n -> names.binding(n) instanceof Binding b ? b.annotation() : null;
            case Expr.Attribute a when a.value() instanceof Expr.Name self && names.classOfSelf(self) instanceof Scope cls ->
                    onlyAnnotation(cls.instanceAttribute(a.attr()), cls.bindings(a.attr()));
            default -> null;
        };
        if (annotation == null) return null;
        // Optional[dict[...]] is a dict; unwrapOptional has no answer for the containers themselves.
        Expr declared = unwrapOptional(annotation);
        if (!((declared != null ? declared : annotation) instanceof Expr.Subscript s)) return null;
        String container = names.qualifiedName(s.value());
        if (container == null) return null;
        container = container.replace("builtins.", "");
        if (MAPPINGS.contains(container)) {
            return s.slice() instanceof Expr.Tuple t && t.elts().size() == 2 ? annotationPath(t.elts().get(1)) : null;
        }
        if (!SEQUENCES.contains(container)) return null;
        Expr element = s.slice();
        if (element instanceof Expr.Tuple t) {
            if (t.elts().size() != 2 || !(t.elts().get(1) instanceof Expr.Constant c) || c.kind() != Expr.ConstantKind.ELLIPSIS) {
                return null;
            }
            element = t.elts().get(0);
        }
        return annotationPath(element);
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
            "collections.abc.Sequence", "collections.abc.Iterable", "collections.abc.Iterator",
            "collections.abc.Collection", "collections.abc.MutableSequence", "collections.abc.Set");

    /**
     * What iterating {@code iter} gives, from the declared type of the name iterated:
     * {@code for f in files} with {@code files: list[io.TextIOWrapper]} gives file objects
     * ({@code tuple[X, ...]} too); null otherwise.
     */
    String elementPath(Expr iter) {
        if (!(iter instanceof Expr.Name n)) return null;
        Binding b = names.binding(n);
        if (b == null || b.annotation() == null) return null;
        if (!(b.annotation() instanceof Expr.Subscript s)) return null;
        String container = names.qualifiedName(s.value());
        if (container == null || !ITERABLES.contains(container.replace("builtins.", ""))) return null;
        Expr element = s.slice();
        if (element instanceof Expr.Tuple t) {
            // tuple[X, ...]: X; a fixed tuple of several types says nothing of one element.
            if (t.elts().size() != 2 || !(t.elts().get(1) instanceof Expr.Constant c)
                    || c.kind() != Expr.ConstantKind.ELLIPSIS) {
                return null;
            }
            element = t.elts().get(0);
        }
        return annotationPath(element);
    }

    /** The instance type an annotation declares: {@code Path}, {@code Optional[Path]}, {@code Path | None}, {@code "Path"}. */
    String annotationPath(Expr annotation) {
        Expr t = unwrapOptional(annotation);
        if (t == null) return null;
        if (t instanceof Expr.Constant c && c.kind() == Expr.ConstantKind.STR && c.value() instanceof String text) {
            return stringAnnotationPath(text.trim());
        }
        String type = names.qualifiedName(t);
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
            return null;
        }
        return t;
    }

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
}
