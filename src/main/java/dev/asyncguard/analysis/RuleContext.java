package dev.asyncguard.analysis;

import dev.asyncguard.python.PythonVersion;
import dev.asyncguard.analysis.names.NameResolver;
import dev.asyncguard.analysis.project.ModuleIndex;
import dev.asyncguard.analysis.project.ProjectSummaries;
import dev.asyncguard.python.VersionedSyntax;
import dev.asyncguard.python.ast.Comment;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Module;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Preorder;
import dev.asyncguard.python.ast.SourceRange;
import dev.asyncguard.python.ast.Stmt;

import java.util.List;

/**
 * What a rule handler is given: the file (path, text, tree, comments, syntax problems, names, the
 * options) and, behind one stable set of methods, the parts the analysis keeps for it: where the
 * walk is ({@link WalkPosition}), the findings it reports ({@link Reporter}), the file's part in a
 * project analysis ({@link ProjectDeferral}) and facts several rules share ({@link FileFacts}).
 * Only {@link Analyzer} and {@link TreeWalker} move those parts; rules only ask and report.
 */
public final class RuleContext {
    private final String path;
    private final SourceLines source;
    private final Module module;
    private final List<Comment> comments;
    private final List<SyntaxProblem> syntaxProblems;
    private final List<VersionedSyntax> versionedSyntax;
    /** What the file is for: a rule that does not matter there reports nothing. */
    private final FileRole role;
    private final NameResolver names;
    private final AnalysisOptions options;
    final WalkPosition walk;
    final Reporter reporter;
    private final FileFacts facts = new FileFacts();
    private ProjectDeferral deferral = ProjectDeferral.NONE;

    RuleContext(String path, SourceLines source, Module module, List<Comment> comments,
                List<SyntaxProblem> syntaxProblems, List<VersionedSyntax> versionedSyntax, NameResolver names,
                AnalysisOptions options, Preorder tree) {
        this.path = path;
        this.source = source;
        this.module = module;
        this.comments = comments;
        this.syntaxProblems = syntaxProblems;
        this.versionedSyntax = versionedSyntax;
        this.role = options.roleOf(path);
        this.names = names;
        this.options = options;
        this.walk = new WalkPosition(tree);
        this.reporter = new Reporter(path, options);
    }

    /** Makes this file part of a project analysis (once, before the walk). */
    void joinProject(ModuleIndex project, boolean summaryOnly, Suppressions suppressions,
                     java.util.function.Supplier<RuleContext> afterWalk) {
        if (deferral != ProjectDeferral.NONE) throw new IllegalStateException(path + " is already part of a project");
        deferral = new ProjectDeferral(path, options, project, summaryOnly, suppressions, afterWalk);
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

    /** The constructs of the file that need a newer Python than the oldest the parser knows. */
    public List<VersionedSyntax> versionedSyntax() {
        return versionedSyntax;
    }

    /** What the file is for (the policy's {@code paths.tests}, {@code paths.scripts}). */
    public FileRole role() {
        return role;
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
        return deferral.project();
    }

    /** Whether this walk only summarizes the file for the project: rules then record facts and report nothing. */
    public boolean summaryOnly() {
        return deferral.summaryOnly();
    }

    /**
     * The project-wide value path of a callee (see {@link ModuleIndex#calleePath}), or null when the
     * file is analyzed on its own or the callee cannot be something of the analyzed files.
     */
    public String projectCalleePath(Expr callee) {
        return deferral.project() == null ? null : deferral.calleePath(callee, enclosingClass());
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
        deferral.report(reporter.runningRule(), anchor, decide, fix, confidence);
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
        deferral.report(reporter.runningRule(), anchor, question, decide, fix, confidence);
    }

    /**
     * This file's context as it is once the walk is over (its tree and names, no walk position), for
     * a decision deferred to the end of a project analysis that must look at the file again. It is
     * built afresh from the file's text on first use (and then kept for the other decisions of the
     * file), so that the deferred decision does not keep this context alive, with the file's whole
     * tree and names, while the other files are analyzed. Null outside a project analysis.
     */
    public java.util.function.Supplier<RuleContext> afterWalk() {
        return deferral.afterWalk();
    }

    // ---- facts about the whole file that several rules share ----

    /**
     * A fact about the whole file that more than one rule needs (e.g. which functions run on other
     * threads): computed by the first rule that asks, then shared, so that the file is scanned
     * for it once. {@code compute} must not report.
     */
    public <T> T fileFact(Class<T> type, java.util.function.Function<RuleContext, T> compute) {
        return facts.get(type, compute, this);
    }

    // ---- where the walk is ----

    /** Every node of the file in preorder: a whole-file or one-subtree scan is a loop over it. */
    public Preorder tree() {
        return walk.tree();
    }

    /** The index in {@link #tree()} of the node being visited (0, the module, at the start and the end of the file). */
    public int position() {
        return walk.position();
    }

    /** The ancestors of the current node, outermost (the Module) first; the current node excluded. */
    public List<Node> ancestors() {
        return walk.ancestors();
    }

    /** The direct parent of the current node (null at the module). */
    public Node parent() {
        return walk.parent();
    }

    /** The Module, FunctionDef, ClassDef or Lambda whose code the current node is part of. */
    public Node frameOwner() {
        return walk.frameOwner();
    }

    public FrameKind frame() {
        return walk.frame();
    }

    static FrameKind kindOf(Node owner) {
        return WalkPosition.kindOf(owner);
    }

    /** Lexically inside an {@code async def} body, not inside a nested def, lambda or class body. */
    public boolean inCoroutine() {
        return frame() == FrameKind.COROUTINE;
    }

    /** The innermost enclosing def or async def whose body the current node is in (the frame's, if a function). */
    public Stmt.FunctionDef enclosingFunction() {
        return walk.enclosingFunction();
    }

    /** The innermost class whose body (or a method of which) contains the current node. */
    public Stmt.ClassDef enclosingClass() {
        return walk.enclosingClass();
    }

    /**
     * The enclosing {@code with}/{@code async with}, {@code try}, {@code for}/{@code async for}
     * and {@code while} statements and except handlers within the current frame, innermost last.
     */
    public List<Node> enclosingBlocks() {
        return walk.enclosingBlocks();
    }

    /** The innermost ancestor of this type within the current frame, or null. */
    public <T extends Node> T nearestInFrame(Class<T> type) {
        return walk.nearestInFrame(type);
    }

    /** Whether the current node is the operand of an {@code await}. */
    public boolean isAwaited() {
        return parent() instanceof Expr.Await;
    }

    /** Whether the current node is inside a comprehension or generator expression of the current frame. */
    public boolean inComprehension() {
        return walk.inComprehension();
    }

    // ---- reporting ----

    /** Records a finding of the running rule, anchored at {@code anchor}; {@code fix} may be null. */
    public void report(SourceRange anchor, String message, Fix fix) {
        report(anchor, message, fix, Confidence.HIGH);
    }

    /** As {@link #report(SourceRange, String, Fix)}, with the confidence the rule's evidence gives. */
    public void report(SourceRange anchor, String message, Fix fix, Confidence confidence) {
        reporter.report(anchor, message, fix, confidence);
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
        return reporter.findings();
    }
}
