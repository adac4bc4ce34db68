package dev.asyncguard.analysis;

import dev.asyncguard.analysis.names.NameResolver;
import dev.asyncguard.analysis.project.ModuleIndex;
import dev.asyncguard.analysis.project.ProjectSummaries;
import dev.asyncguard.python.ast.Comment;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Module;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Preorder;
import dev.asyncguard.python.ast.SourceRange;
import dev.asyncguard.python.ast.Stmt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where the walk is, handed to every rule handler: the file, the name resolver, the ancestors of
 * the current node and the frame it runs in (module, class body, function, coroutine, lambda),
 * and {@link #report} to record a finding for the rule whose handler is running.
 */
public final class RuleContext {
    private final String path;
    private final SourceLines source;
    private final Module module;
    private final List<Comment> comments;
    private final List<SyntaxProblem> syntaxProblems;
    private final NameResolver names;
    private final AnalysisOptions options;
    private final List<Finding> findings = new ArrayList<>();
    /** The project this file is analyzed with, or null for a file on its own. */
    ModuleIndex project;
    /** The file is only summarized for the project (an unchanged module a changed one imports): no findings. */
    boolean summaryOnly;
    Suppressions suppressions;

    // The walker keeps these in step with the node being visited.
    final ArrayList<Node> ancestors = new ArrayList<>();
    /** The frame owner (Module, FunctionDef, ClassDef or Lambda) of each entry in {@link #ancestors}, plus the current node. */
    final ArrayList<Node> frames = new ArrayList<>();
    RuleMetadata reportingRule;
    /** The file's nodes in preorder, and the index there of the node being visited. */
    Preorder tree;
    int position;

    RuleContext(String path, SourceLines source, Module module, List<Comment> comments,
                List<SyntaxProblem> syntaxProblems, NameResolver names, AnalysisOptions options) {
        this.path = path;
        this.source = source;
        this.module = module;
        this.comments = comments;
        this.syntaxProblems = syntaxProblems;
        this.names = names;
        this.options = options;
    }

    public String path() {
        return path;
    }

    public SourceLines source() {
        return source;
    }

    public Module module() {
        return module;
    }

    public List<Comment> comments() {
        return comments;
    }

    /** The syntax errors the parser reported; the tree is what its error recovery built. */
    public List<SyntaxProblem> syntaxProblems() {
        return syntaxProblems;
    }

    public NameResolver names() {
        return names;
    }

    public AnalysisOptions options() {
        return options;
    }

    public PythonVersion targetVersion() {
        return options.targetVersion();
    }

    /** Whether the analyzed code targets at least Python {@code major.minor} (decides which fixes are offered). */
    public boolean targetAtLeast(int major, int minor) {
        return options.targetVersion().atLeast(major, minor);
    }

    // ---- the other files of the project ----

    /** This file's view of the project it is analyzed with; null when the file is analyzed on its own. */
    public ModuleIndex project() {
        return project;
    }

    /** Whether this walk only summarizes the file for the project: rules then record facts and report nothing. */
    public boolean summaryOnly() {
        return summaryOnly;
    }

    /**
     * The project-wide value path of a callee (see {@link ModuleIndex#calleePath}), or null when the
     * file is analyzed on its own or the callee cannot be something of the analyzed files.
     */
    public String projectCalleePath(Expr callee) {
        return project == null ? null : project.calleePath(callee, enclosingClass());
    }

    /**
     * Records a finding of the running rule that depends on other files: once every file of the
     * project is summarized, {@code decide} returns its message (null: no finding). Outside a
     * project analysis nothing is recorded, so a file on its own decides alone.
     */
    public void reportWithProject(Node anchor, java.util.function.Function<ProjectSummaries, String> decide, Fix fix) {
        reportWithProject(anchor, decide, fix, Confidence.HIGH);
    }

    /** As {@link #reportWithProject(Node, java.util.function.Function, Fix)}, with the confidence known here. */
    public void reportWithProject(Node anchor, java.util.function.Function<ProjectSummaries, String> decide, Fix fix,
                                  Confidence confidence) {
        RuleMetadata rule = reportingRule;
        if (!defersFor(rule, anchor)) return;
        Severity severity = options.severity(rule.code());
        SourceRange range = anchor.range();
        // Locals only: a lambda that read the field would keep this whole context (the file's tree
        // and names) alive until every file of the project is done.
        String file = path;
        project.project().defer(new ProjectSummaries.Pending(decide,
                message -> List.of(new Finding(rule.code(), rule.name(), severity, file, range, message, fix, confidence))));
    }

    /**
     * As {@link #reportWithProject(Node, java.util.function.Function, Fix)} for a question that many
     * calls of a file ask ({@code question}, e.g. the callee's project-wide path): the running rule's
     * anchors with the same question share one decision, and each waits as no more than its range
     * and fix. A project-wide analysis defers this for most calls of most files (every module
     * counts as part of the project), so the record is kept small. {@code decide} must depend on
     * the question alone.
     */
    public void reportWithProject(Node anchor, String question,
                                  java.util.function.Function<ProjectSummaries, String> decide, Fix fix) {
        reportWithProject(anchor, question, decide, fix, Confidence.HIGH);
    }

    /** As {@link #reportWithProject(Node, String, java.util.function.Function, Fix)}, with this anchor's confidence. */
    public void reportWithProject(Node anchor, String question,
                                  java.util.function.Function<ProjectSummaries, String> decide, Fix fix,
                                  Confidence confidence) {
        RuleMetadata rule = reportingRule;
        if (!defersFor(rule, anchor)) return;
        var byQuestion = deferredQuestions.computeIfAbsent(rule, r -> new java.util.HashMap<>());
        SharedDecision shared = byQuestion.get(question);
        if (shared == null) {
            shared = new SharedDecision(rule, options.severity(rule.code()), path);
            byQuestion.put(question, shared);
            project.project().defer(new ProjectSummaries.Pending(decide, shared::findings));
        }
        shared.add(anchor.range(), fix, confidence);
    }

    private boolean defersFor(RuleMetadata rule, Node anchor) {
        if (rule == null) throw new IllegalStateException("report() outside a rule handler");
        if (options.severity(rule.code()) == null || project == null) return false;
        return suppressions == null || !suppressions.suppresses(rule, anchor.range().startLine());
    }

    /** The anchors of one rule in this file that wait for the same decision. */
    private static final class SharedDecision {
        private final RuleMetadata rule;
        private final Severity severity;
        private final String file;
        /**
         * The anchors' ranges, four ints each (start line and column, end line and column), and
         * their fixes: kept flat, as a whole project's calls may wait here until its end, and the
         * collector copies what waits at every pause.
         */
        private int[] ranges = new int[8];
        private Fix[] fixes = new Fix[2];
        /** Per anchor: whether it is LOW (most are HIGH; a bit set is small). */
        private final java.util.BitSet low = new java.util.BitSet();
        private int count;

        SharedDecision(RuleMetadata rule, Severity severity, String file) {
            this.rule = rule;
            this.severity = severity;
            this.file = file;
        }

        void add(SourceRange range, Fix fix, Confidence confidence) {
            if (confidence == Confidence.LOW) low.set(count);
            if (count == fixes.length) {
                fixes = java.util.Arrays.copyOf(fixes, count * 2);
                ranges = java.util.Arrays.copyOf(ranges, count * 8);
            }
            int at = count * 4;
            ranges[at] = range.startLine();
            ranges[at + 1] = range.startColumn();
            ranges[at + 2] = range.endLine();
            ranges[at + 3] = range.endColumn();
            fixes[count++] = fix;
        }

        List<Finding> findings(String message) {
            List<Finding> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int at = i * 4;
                SourceRange range = new SourceRange(ranges[at], ranges[at + 1], ranges[at + 2], ranges[at + 3]);
                out.add(new Finding(rule.code(), rule.name(), severity, file, range, message, fixes[i],
                        low.get(i) ? Confidence.LOW : Confidence.HIGH));
            }
            return out;
        }
    }

    private final java.util.Map<RuleMetadata, java.util.Map<String, SharedDecision>> deferredQuestions =
            new java.util.IdentityHashMap<>();

    /** Rebuilds this file's context once the walk is over; null outside a project analysis. */
    java.util.function.Supplier<RuleContext> afterWalk;

    /**
     * This file's context as it is once the walk is over (its tree and names, no walk position), for
     * a decision deferred to the end of a project analysis that must look at the file again. It is
     * built afresh from the file's text on first use (and then kept for the other decisions of the
     * file), so that the deferred decision does not keep this context alive, with the file's whole
     * tree and names, while the other files are analyzed. Null outside a project analysis.
     */
    public java.util.function.Supplier<RuleContext> afterWalk() {
        return afterWalk;
    }

    // ---- facts about the whole file that several rules share ----

    private final java.util.Map<Class<?>, Object> fileFacts = new java.util.HashMap<>();

    /**
     * A fact about the whole file that more than one rule needs (e.g. which functions run on other
     * threads): computed by the first rule that asks, then shared, so that the file is scanned
     * for it once. {@code compute} must not report.
     */
    public <T> T fileFact(Class<T> type, java.util.function.Function<RuleContext, T> compute) {
        Object known = fileFacts.get(type);
        if (known == null) {
            known = compute.apply(this);
            fileFacts.put(type, known);
        }
        return type.cast(known);
    }

    // ---- where the walk is ----

    /** Every node of the file in preorder: a whole-file or one-subtree scan is a loop over it. */
    public Preorder tree() {
        return tree;
    }

    /** The index in {@link #tree()} of the node being visited (0, the module, at the start and the end of the file). */
    public int position() {
        return position;
    }

    /** The ancestors of the current node, outermost (the Module) first; the current node excluded. */
    public List<Node> ancestors() {
        return Collections.unmodifiableList(ancestors.subList(0, Math.max(0, ancestors.size() - 1)));
    }

    /** The direct parent of the current node (null at the module). */
    public Node parent() {
        return ancestors.size() >= 2 ? ancestors.get(ancestors.size() - 2) : null;
    }

    /** The Module, FunctionDef, ClassDef or Lambda whose code the current node is part of. */
    public Node frameOwner() {
        return frames.get(frames.size() - 1);
    }

    public FrameKind frame() {
        return kindOf(frameOwner());
    }

    static FrameKind kindOf(Node owner) {
        return switch (owner) {
            case Stmt.FunctionDef d -> d.isAsync() ? FrameKind.COROUTINE : FrameKind.FUNCTION;
            case Stmt.ClassDef c -> FrameKind.CLASS_BODY;
            case Expr.Lambda l -> FrameKind.LAMBDA;
            default -> FrameKind.MODULE;
        };
    }

    /** Lexically inside an {@code async def} body, not inside a nested def, lambda or class body. */
    public boolean inCoroutine() {
        return frame() == FrameKind.COROUTINE;
    }

    /** The innermost enclosing def or async def whose body the current node is in (the frame's, if a function). */
    public Stmt.FunctionDef enclosingFunction() {
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (frames.get(i) instanceof Stmt.FunctionDef d) return d;
        }
        return null;
    }

    /** The innermost class whose body (or a method of which) contains the current node. */
    public Stmt.ClassDef enclosingClass() {
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (frames.get(i) instanceof Stmt.ClassDef c) return c;
        }
        return null;
    }

    /**
     * The enclosing {@code with}/{@code async with}, {@code try}, {@code for}/{@code async for}
     * and {@code while} statements and except handlers within the current frame, innermost last.
     */
    public List<Node> enclosingBlocks() {
        List<Node> out = new ArrayList<>();
        Node owner = frameOwner();
        for (int i = ancestors.size() - 2; i >= 0; i--) {
            Node a = ancestors.get(i);
            if (a == owner) break;
            if (a instanceof Stmt.With || a instanceof Stmt.Try || a instanceof Stmt.For || a instanceof Stmt.While
                    || a instanceof dev.asyncguard.python.ast.ExceptHandler) {
                out.add(a);
            }
        }
        Collections.reverse(out);
        return out;
    }

    /** The innermost ancestor of this type within the current frame, or null. */
    public <T extends Node> T nearestInFrame(Class<T> type) {
        Node owner = frameOwner();
        for (int i = ancestors.size() - 2; i >= 0; i--) {
            Node a = ancestors.get(i);
            if (type.isInstance(a)) return type.cast(a);
            if (a == owner) break;
        }
        return null;
    }

    /** Whether the current node is the operand of an {@code await}. */
    public boolean isAwaited() {
        return parent() instanceof Expr.Await;
    }

    /** Whether the current node is inside a comprehension or generator expression of the current frame. */
    public boolean inComprehension() {
        Node owner = frameOwner();
        for (int i = ancestors.size() - 2; i >= 0; i--) {
            Node a = ancestors.get(i);
            if (a == owner) return false;
            if (a instanceof Expr.ListComp || a instanceof Expr.SetComp || a instanceof Expr.DictComp
                    || a instanceof Expr.GeneratorExp) {
                return true;
            }
        }
        return false;
    }

    // ---- reporting ----

    /** Records a finding of the running rule, anchored at {@code anchor}; {@code fix} may be null. */
    public void report(SourceRange anchor, String message, Fix fix) {
        report(anchor, message, fix, Confidence.HIGH);
    }

    /** As {@link #report(SourceRange, String, Fix)}, with the confidence the rule's evidence gives. */
    public void report(SourceRange anchor, String message, Fix fix, Confidence confidence) {
        RuleMetadata rule = reportingRule;
        if (rule == null) throw new IllegalStateException("report() outside a rule handler");
        Severity severity = options.severity(rule.code());
        if (severity == null) return;
        findings.add(new Finding(rule.code(), rule.name(), severity, path, anchor, message, fix, confidence));
    }

    public void report(Node anchor, String message, Fix fix, Confidence confidence) {
        report(anchor.range(), message, fix, confidence);
    }

    public void report(Node anchor, String message, Fix fix) {
        report(anchor.range(), message, fix);
    }

    public void report(Node anchor, String message) {
        report(anchor.range(), message, null);
    }

    List<Finding> findings() {
        return findings;
    }
}
