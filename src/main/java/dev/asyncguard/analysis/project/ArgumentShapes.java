package dev.asyncguard.analysis.project;

import dev.asyncguard.python.ast.Arg;
import dev.asyncguard.python.ast.ExceptHandler;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Keyword;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Stmt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Blocking lines that run only for some arguments, followed across calls. A line that runs only
 * when a parameter is not None ({@code if passphrase is None: raise ...} before it, or under
 * {@code if passphrase:}) is {@linkplain #guardedParameter guarded} by that parameter; a call that
 * passes None there (a literal {@code None}, or nothing where the default is None) cannot reach
 * it, and a call that passes its own parameter on makes its function's chain guarded by that one
 * ({@link #through}). The calls' arguments are kept as a {@linkplain #shapeOf shape}: strings only,
 * as the rest of a {@link ModuleSummary}.
 */
public final class ArgumentShapes {
    private ArgumentShapes() {}

    /** {@link #through}'s answer for a call that passes None where the line needs a value: it cannot reach the line. */
    public static final String CUT = "\0cut";
    /** A shape that says nothing (a {@code *args} or {@code **kwargs} in the call). */
    static final String UNKNOWN = "*";
    private static final String NONE = "N";
    private static final String OTHER = "?";

    /**
     * A def's parameters as {@link #through} reads them: the positional ones in order, then
     * {@code *} and the keyword-only ones; {@code =None} after a name whose default is None.
     */
    public static List<String> parameters(Stmt.FunctionDef def) {
        var a = def.args();
        List<Arg> positional = new ArrayList<>(a.posonlyargs());
        positional.addAll(a.args());
        List<String> out = new ArrayList<>(positional.size() + a.kwonlyargs().size() + 1);
        int firstDefault = positional.size() - a.defaults().size();
        for (int i = 0; i < positional.size(); i++) {
            boolean none = i >= firstDefault && isNone(a.defaults().get(i - firstDefault));
            out.add(positional.get(i).name() + (none ? "=None" : ""));
        }
        if (!a.kwonlyargs().isEmpty()) {
            out.add("*");
            for (int i = 0; i < a.kwonlyargs().size(); i++) {
                Expr d = i < a.kwDefaults().size() ? a.kwDefaults().get(i) : null;
                out.add(a.kwonlyargs().get(i).name() + (d != null && isNone(d) ? "=None" : ""));
            }
        }
        return List.copyOf(out);
    }

    /** A def's parameter names, positional and keyword-only ({@code self} included). */
    public static java.util.Set<String> parameterNames(Stmt.FunctionDef def) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (String p : parameters(def)) {
            if (!p.equals("*")) out.add(p.endsWith("=None") ? p.substring(0, p.length() - 5) : p);
        }
        return out;
    }

    /**
     * What a call passes, as a string: per position ({@code 0:}) and keyword ({@code port:}), None
     * ({@code N}), a parameter of the calling function ({@code @name}) or something else ({@code ?});
     * {@code *} for a call with {@code *args} or {@code **kwargs}. {@code callerParameters} are the
     * calling def's parameter names (none for a coroutine's own call: its arguments are values).
     */
    public static String shapeOf(Expr.Call call, java.util.Set<String> callerParameters) {
        return shapeOf(call, callerParameters, null);
    }

    /**
     * As {@link #shapeOf(Expr.Call, java.util.Set)} for a call in {@code caller}: a parameter it
     * assigns before the call ({@code if p is None: p = default}) is passed as something else.
     */
    public static String shapeOf(Expr.Call call, java.util.Set<String> callerParameters, Stmt.FunctionDef caller) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < call.args().size(); i++) {
            Expr arg = call.args().get(i);
            if (arg instanceof Expr.Starred) return UNKNOWN;
            append(b, Integer.toString(i), valueOf(arg, callerParameters, caller, call));
        }
        for (Keyword k : call.keywords()) {
            if (k.name() == null) return UNKNOWN;
            append(b, k.name(), valueOf(k.value(), callerParameters, caller, call));
        }
        return b.toString();
    }

    private static void append(StringBuilder b, String key, String value) {
        if (!b.isEmpty()) b.append(';');
        b.append(key).append(':').append(value);
    }

    private static String valueOf(Expr arg, java.util.Set<String> callerParameters, Stmt.FunctionDef caller, Expr.Call call) {
        if (isNone(arg)) return NONE;
        if (arg instanceof Expr.Name n && callerParameters.contains(n.id())
                && (caller == null || !assignedBefore(caller, n.id(), call.range().startLine()))) {
            return "@" + n.id();
        }
        return OTHER;
    }

    /**
     * A shape with the parameter of the calling function that must not be None for the call to run
     * ({@link #guardedParameter}; null for none) written before it: {@code !passphrase|0:?;1:N}.
     */
    public static String guarded(String shape, String guard) {
        return guard == null ? shape : "!" + guard + "|" + shape;
    }

    /** The calling function's parameter a call runs only for when it is not None ({@link #guarded}), or null. */
    public static String guardOf(String shape) {
        return shape != null && shape.startsWith("!") ? shape.substring(1, shape.indexOf('|')) : null;
    }

    private static String argumentsOf(String shape) {
        return shape.startsWith("!") ? shape.substring(shape.indexOf('|') + 1) : shape;
    }

    /** The shape of two calls of one callee: what both pass alike, else {@code ?} (a position one of them leaves out included). */
    public static String merge(String a, String b) {
        if (a.equals(b)) return a;
        String guard = java.util.Objects.equals(guardOf(a), guardOf(b)) ? guardOf(a) : null;
        return guarded(mergeArguments(argumentsOf(a), argumentsOf(b)), guard);
    }

    private static String mergeArguments(String a, String b) {
        if (a.equals(b)) return a;
        if (a.equals(UNKNOWN) || b.equals(UNKNOWN)) return UNKNOWN;
        Map<String, String> left = entries(a), right = entries(b);
        StringBuilder out = new StringBuilder();
        for (var e : left.entrySet()) {
            append(out, e.getKey(), e.getValue().equals(right.get(e.getKey())) ? e.getValue() : OTHER);
        }
        for (String key : right.keySet()) {
            if (!left.containsKey(key)) append(out, key, OTHER);
        }
        return out.toString();
    }

    private static Map<String, String> entries(String shape) {
        Map<String, String> out = new LinkedHashMap<>();
        if (shape.isEmpty()) return out;
        for (String entry : shape.split(";")) {
            int colon = entry.lastIndexOf(':');
            out.put(entry.substring(0, colon), entry.substring(colon + 1));
        }
        return out;
    }

    /**
     * A call of a function whose line runs only when its parameter {@code needed} is not None:
     * {@link #CUT} when the call passes None there (or nothing, where the default is None); the
     * calling function's parameter it passes on, whose line it then is; null when the call passes
     * something else (the line may run); and where the call itself runs only when a parameter of
     * the calling function is not None ({@link #guarded}), that parameter. {@code shape} as {@link #shapeOf} (null: not known),
     * {@code parameters} as {@link #parameters} (a method's {@code self} or {@code cls} bound by the call).
     */
    public static String through(String shape, List<String> parameters, String needed) {
        String guard = guardOf(shape);
        String passedOn = passedOn(shape == null ? null : argumentsOf(shape), parameters, needed);
        // The call itself runs only when the caller's guard is not None: that parameter is needed too.
        return passedOn == CUT || guard == null ? passedOn : guard;
    }

    private static String passedOn(String shape, List<String> parameters, String needed) {
        if (shape == null || shape.equals(UNKNOWN) || needed == null) return null;
        int bound = !parameters.isEmpty() && (parameters.get(0).equals("self") || parameters.get(0).equals("cls")) ? 1 : 0;
        int position = -1;
        boolean defaultNone = false;
        boolean keywordOnly = false;
        for (int i = 0; i < parameters.size(); i++) {
            String p = parameters.get(i);
            if (p.equals("*")) {
                keywordOnly = true;
                continue;
            }
            String name = p.endsWith("=None") ? p.substring(0, p.length() - 5) : p;
            if (name.equals(needed)) {
                position = keywordOnly ? -1 : i - bound;
                defaultNone = p.endsWith("=None");
                break;
            }
        }
        Map<String, String> passed = entries(shape);
        String value = position >= 0 ? passed.get(Integer.toString(position)) : null;
        if (value == null) value = passed.get(needed);
        if (value == null) return defaultNone ? CUT : null;
        if (value.equals(NONE)) return CUT;
        return value.startsWith("@") ? value.substring(1) : null;
    }

    /**
     * The parameter of {@code function} (not {@code self}/{@code cls}) that must not be None for
     * the node at the end of {@code ancestors} (outermost first, the node itself last) to run: it
     * is under {@code if p:} / {@code if p is not None:} (or the else of {@code if p is None:}; or
     * the same tests of a conditional expression),
     * or after {@code if p is None: raise ...} (or {@code return}) in a block around it; and the
     * function does not assign {@code p} before that test. Null when there is none.
     */
    public static String guardedParameter(Stmt.FunctionDef function, List<Node> ancestors) {
        return guardedParameter(function, ancestors, guardableParameters(function));
    }

    /** The names of {@code function}'s parameters a guard may test ({@link #guardedParameter}): all but {@code self} and {@code cls}. */
    static java.util.Set<String> guardableParameters(Stmt.FunctionDef function) {
        java.util.Set<String> parameters = parameterNames(function);
        parameters.remove("self");
        parameters.remove("cls");
        return parameters;
    }

    /**
     * As {@link #guardedParameter(Stmt.FunctionDef, List)}, with the function's {@link #guardableParameters}
     * (a caller that asks about many calls of one function makes them once).
     */
    static String guardedParameter(Stmt.FunctionDef function, List<Node> ancestors, java.util.Set<String> parameters) {
        if (parameters.isEmpty()) return null;
        int start = indexOfSame(ancestors, function);
        if (start < 0) return null;
        for (int i = start; i < ancestors.size() - 1; i++) {
            Node outer = ancestors.get(i), inner = ancestors.get(i + 1);
            if (outer instanceof Stmt.FunctionDef d && d != function || outer instanceof Expr.Lambda) return null;
            String p = null;
            if (outer instanceof Stmt.If test) {
                if (holds(test.body(), inner)) p = notNone(test.test());
                else if (holds(test.orelse(), inner)) p = none(test.test());
            } else if (outer instanceof Expr.IfExp test) {
                if (test.body() == inner) p = notNone(test.test());
                else if (test.orelse() == inner) p = none(test.test());
            }
            if (p != null && parameters.contains(p) && !assignedBefore(function, p, outer.range().startLine())) return p;
            for (List<Stmt> body : bodiesOf(outer)) {
                int at = indexOfSame(body, inner);
                for (int j = 0; j < at; j++) {
                    if (body.get(j) instanceof Stmt.If exit && exit.orelse().isEmpty() && leaves(exit.body())
                            && none(exit.test()) instanceof String q && parameters.contains(q)
                            && !assignedBefore(function, q, exit.range().startLine())) {
                        return q;
                    }
                }
            }
        }
        return null;
    }

    /** The parameter a test is true only for when it is not None: {@code p}, {@code p is not None}, {@code ... and p}. */
    private static String notNone(Expr test) {
        return switch (test) {
            case Expr.Name n -> n.id();
            case Expr.Compare c when c.ops().size() == 1 && (c.ops().get(0).equals("is not") || c.ops().get(0).equals("!="))
                    && c.left() instanceof Expr.Name n && isNone(c.comparators().get(0)) -> n.id();
            case Expr.BoolOp b when b.op().equals("and") -> b.values().stream().map(ArgumentShapes::notNone)
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            default -> null;
        };
    }

    /** The parameter a test is true for when it is None: {@code p is None}, {@code not p}, {@code ... or p is None}. */
    private static String none(Expr test) {
        return switch (test) {
            case Expr.UnaryOp u when u.op().equals("not") && u.operand() instanceof Expr.Name n -> n.id();
            case Expr.Compare c when c.ops().size() == 1 && (c.ops().get(0).equals("is") || c.ops().get(0).equals("=="))
                    && c.left() instanceof Expr.Name n && isNone(c.comparators().get(0)) -> n.id();
            case Expr.BoolOp b when b.op().equals("or") -> b.values().stream().map(ArgumentShapes::none)
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            default -> null;
        };
    }

    private static boolean isNone(Expr e) {
        return e instanceof Expr.Constant k && k.kind() == Expr.ConstantKind.NONE;
    }

    /** A block that always leaves: its last statement raises or returns. */
    private static boolean leaves(List<Stmt> body) {
        return !body.isEmpty() && (body.get(body.size() - 1) instanceof Stmt.Raise || body.get(body.size() - 1) instanceof Stmt.Return);
    }

    /**
     * Where {@code n} itself is in {@code nodes}, or -1: by identity (nodes are records, whose equals
     * would compare whole subtrees; two nodes of one file are never equal, their ranges differ).
     */
    private static int indexOfSame(List<? extends Node> nodes, Node n) {
        for (int i = 0, size = nodes.size(); i < size; i++) if (nodes.get(i) == n) return i;
        return -1;
    }

    private static boolean holds(List<Stmt> body, Node n) {
        for (Stmt s : body) if (s == n) return true;
        return false;
    }

    private static List<List<Stmt>> bodiesOf(Node n) {
        // Asked of each ancestor of a call: instanceof tests (under C1 a type switch is a call not inlined).
        if (n instanceof Stmt.If i) return List.of(i.body(), i.orelse());
        if (n instanceof Stmt.FunctionDef f) return List.of(f.body());
        if (n instanceof Stmt.For f) return List.of(f.body(), f.orelse());
        if (n instanceof Stmt.While w) return List.of(w.body(), w.orelse());
        if (n instanceof Stmt.With w) return List.of(w.body());
        if (n instanceof Stmt.Try t) return List.of(t.body(), t.orelse(), t.finalbody());
        if (n instanceof ExceptHandler h) return List.of(h.body());
        return List.of();
    }

    /** Whether {@code function} binds {@code name} anywhere on a line before {@code line} (not in nested defs). */
    private static boolean assignedBefore(Stmt.FunctionDef function, String name, int line) {
        Binds binds = new Binds(name, line);
        for (Stmt s : function.body()) binds.accept(s);
        return binds.found;
    }

    /** Looks for a binding of {@code name} before {@code line}: one visitor for the whole search (no lambda per node). */
    private static final class Binds implements java.util.function.Consumer<Node> {
        private final String name;
        private final int line;
        boolean found;

        Binds(String name, int line) {
            this.name = name;
            this.line = line;
        }

        @Override
        public void accept(Node n) {
            // What starts on the test's line or later binds nothing before it (a node starts where its parent does or later).
            if (found || n.range().startLine() >= line) return;
            if (n instanceof Stmt.FunctionDef || n instanceof Stmt.ClassDef || n instanceof Expr.Lambda) return;
            // At every node: instanceof tests (under C1 a type switch is a call not inlined).
            List<Expr> targets = n instanceof Stmt.Assign a ? a.targets()
                    : n instanceof Stmt.AugAssign a ? List.of(a.target())
                    : n instanceof Stmt.AnnAssign a && a.value() != null ? List.of(a.target())
                    : n instanceof Stmt.For f ? List.<Expr>of(f.target())
                    : n instanceof Expr.NamedExpr e ? List.<Expr>of(e.target()) : List.of();
            for (Expr t : targets) {
                if (names(t, name)) {
                    found = true;
                    return;
                }
            }
            if (n instanceof Stmt.With w) {
                for (var item : w.items()) if (item.optionalVars() != null && names(item.optionalVars(), name)) found = true;
            }
            n.forEachChild(this);
        }
    }

    private static boolean names(Expr target, String name) {
        return switch (target) {
            case Expr.Name n -> n.id().equals(name);
            case Expr.Tuple t -> t.elts().stream().anyMatch(e -> names(e, name));
            case Expr.ListExpr l -> l.elts().stream().anyMatch(e -> names(e, name));
            case Expr.Starred s -> names(s.value(), name);
            default -> false;
        };
    }
}
