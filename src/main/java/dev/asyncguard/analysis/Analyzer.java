package dev.asyncguard.analysis;

import dev.asyncguard.analysis.names.NameResolver;
import dev.asyncguard.analysis.project.FunctionFacts;
import dev.asyncguard.analysis.project.ModuleNames;
import dev.asyncguard.analysis.project.ModuleSummary;
import dev.asyncguard.analysis.project.ProjectSummaries;
import dev.asyncguard.python.ParseResult;
import dev.asyncguard.python.Parser;
import dev.asyncguard.python.SyntaxDiagnostic;
import dev.asyncguard.python.ast.Module;
import dev.asyncguard.python.ast.Preorder;
import dev.asyncguard.python.ast.SourceRange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the enabled rules over one parsed file in a single walk and returns the findings that are
 * not suppressed, sorted by position. Thread-safe: every call builds its own rule instances, and
 * runs on a worker thread with a large stack (callers may have small ones).
 */
public final class Analyzer {
    private static final Comparator<Finding> ORDER = Comparator
            .comparingInt((Finding f) -> f.range().startLine())
            .thenComparingInt(f -> f.range().startColumn())
            .thenComparing(Finding::code)
            .thenComparing(Finding::message);

    private final RuleRegistry registry;

    public Analyzer(RuleRegistry registry) {
        this.registry = registry;
    }

    public static Analyzer withBuiltInRules() {
        return new Analyzer(RuleRegistry.builtIn());
    }

    public RuleRegistry registry() {
        return registry;
    }

    /**
     * Parses {@code source} (bytes as read from disk or git) under the options' target version and
     * analyzes it: the one call the CLI and the review pipeline share.
     */
    public List<Finding> analyzeSource(String path, byte[] source, AnalysisOptions options) {
        return analyze(path, new Parser(parserVersion(options.targetVersion())).parse(source), options);
    }

    /** The parser's version for a target; versions the grammar does not know parse as the newest it does. */
    static dev.asyncguard.python.PythonVersion parserVersion(PythonVersion target) {
        for (dev.asyncguard.python.PythonVersion v : dev.asyncguard.python.PythonVersion.values()) {
            if (v.toString().equals(target.toString())) return v;
        }
        return target.compareTo(new PythonVersion(3, 8)) < 0 ? dev.asyncguard.python.PythonVersion.PY38
                : dev.asyncguard.python.PythonVersion.DEFAULT;
    }

    /** Analyzes one file as the parser returned it; {@code path} is how findings name the file. */
    public List<Finding> analyze(String path, ParseResult parsed, AnalysisOptions options) {
        return analyze(inputOf(path, parsed), options);
    }

    private static AnalysisInput inputOf(String path, ParseResult parsed) {
        List<SyntaxProblem> problems = new ArrayList<>();
        for (SyntaxDiagnostic d : parsed.diagnostics()) {
            problems.add(new SyntaxProblem(SourceRange.of(Math.max(1, d.line()), Math.max(0, d.column())), d.message()));
        }
        return new AnalysisInput(path, parsed.source().text(), parsed.module(), parsed.comments(), problems);
    }

    /**
     * Analyzes one file. A rule that throws is a bug: it surfaces as {@link RuleFailure} naming the
     * rule, the file and the place.
     */
    public List<Finding> analyze(AnalysisInput input, AnalysisOptions options) {
        return analyze(input, options, null);
    }

    private List<Finding> analyze(AnalysisInput input, AnalysisOptions options, ProjectSummaries project) {
        return onLargeStack(() -> analyzeHere(input, options, project), input.path(), "analysis");
    }

    /**
     * Runs {@code task} where deep recursion is safe. Name resolution and some rules recurse over
     * the tree, and machine-written code nests thousands deep: on a parser thread (what check and
     * bench run on) the task runs in place; elsewhere it is handed to a worker with a large stack.
     */
    private static <T> T onLargeStack(java.util.concurrent.Callable<T> task, String path, String what) {
        if (Parser.onParserThread()) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception | StackOverflowError e) {
                throw new RuleFailure("analyzer", path, null, e);
            }
        }
        Future<T> job = WORKERS.submit(task);
        try {
            return job.get();
        } catch (InterruptedException e) {
            job.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " of " + path + " was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            throw new RuleFailure("analyzer", path, null, cause);
        }
    }

    private static final long STACK_BYTES = 256L << 20;
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(null, task, "asyncguard-analyzer", STACK_BYTES);
        t.setDaemon(true);
        return t;
    });

    /**
     * Analyzes a set of files together (a package, a repository's Python files): each file is
     * parsed and walked once, as {@link #analyzeSource} does, and findings that depend on other
     * files (a coroutine calling a blocking helper of another module, a coroutine function defined
     * elsewhere) are decided from the summaries of all of them. Keys are paths ('/'-separated,
     * relative to the import root's parent); module names come from them ({@link ModuleNames}).
     * Findings come back sorted by path, then position.
     */
    public List<Finding> analyzeProject(Map<String, byte[]> files, AnalysisOptions options) {
        return analyzeProject(files, List.of(), options, ProjectSummaries.forPaths(files.keySet()));
    }

    /**
     * As {@link #analyzeProject(Map, AnalysisOptions)}, with summaries of further modules that are
     * not analyzed themselves ({@link #summarize}d, perhaps by an earlier run) and a fresh
     * {@code project} whose module names cover all of them.
     */
    public List<Finding> analyzeProject(Map<String, byte[]> files, java.util.Collection<ModuleSummary> context,
                                        AnalysisOptions options, ProjectSummaries project) {
        context.forEach(project::add);
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            out.addAll(analyzeSource(file.getKey(), file.getValue(), options, project));
        }
        out.addAll(project.decidePending());
        out.sort(Comparator.comparing(Finding::path).thenComparing(ORDER));
        return out;
    }

    /**
     * One file of a project analysis (callers may run files on threads of their own): its own
     * findings now; those that depend on other files come from {@link ProjectSummaries#decidePending()}
     * once every file is done. A null project analyzes the file on its own.
     */
    public List<Finding> analyzeSource(String path, byte[] source, AnalysisOptions options, ProjectSummaries project) {
        ParseResult parsed = new Parser(parserVersion(options.targetVersion())).parse(source);
        return analyze(path, parsed, options, project);
    }

    /** As {@link #analyzeSource(String, byte[], AnalysisOptions, ProjectSummaries)}, for a file already parsed. */
    public List<Finding> analyze(String path, ParseResult parsed, AnalysisOptions options, ProjectSummaries project) {
        return analyze(inputOf(path, parsed), options, project);
    }

    private List<Finding> analyzeHere(AnalysisInput input, AnalysisOptions options, ProjectSummaries project) {
        RuleContext ctx = contextFor(input, options);
        Module module = ctx.module();
        Suppressions suppressions = new Suppressions(input.comments());
        if (project != null) {
            ctx.joinProject(project.indexModule(input.path(), module, ctx.names()), false, suppressions,
                    new RebuiltContext(input.path(), input.text(), options, project));
        }
        Subscriptions subs = new Subscriptions();
        for (RuleRegistry.Registered r : registry.registered()) {
            if (options.isEnabled(r.metadata().code())) subs.subscribeAll(r.metadata(), r.factory().get());
        }
        if (project != null) subs.subscribeAll(FUNCTION_FACTS, new FunctionFacts());
        walk(module, ctx, subs);
        if (project != null) project.add(ctx.project().summary());

        List<Finding> kept = new ArrayList<>();
        for (Finding f : ctx.findings()) {
            if (!suppressions.suppresses(registry.find(f.code()), f.line())) kept.add(f);
        }
        kept.sort(ORDER);
        return kept;
    }

    /** A file's context for the walk: its tree laid out in preorder, and its names resolved over it. */
    private static RuleContext contextFor(AnalysisInput input, AnalysisOptions options) {
        Module module = input.module() != null ? input.module() : new Module(List.of(), SourceRange.NONE);
        Preorder tree = Preorder.of(module);
        return new RuleContext(input.path(), new SourceLines(input.text()), module, input.comments(),
                input.syntaxProblems(), NameResolver.of(module, tree), options, tree);
    }

    /**
     * A file's context as after its walk, rebuilt from its text when a deferred decision first asks
     * (see {@link RuleContext#afterWalk()}): holds the text, not the tree. Parsed and resolved on a
     * worker with a large stack, as the first time.
     */
    private static final class RebuiltContext implements java.util.function.Supplier<RuleContext> {
        private final String path;
        private final String text;
        private final AnalysisOptions options;
        private final ProjectSummaries project;
        private RuleContext built;

        RebuiltContext(String path, String text, AnalysisOptions options, ProjectSummaries project) {
            this.path = path;
            this.text = text;
            this.options = options;
            this.project = project;
        }

        @Override
        public synchronized RuleContext get() {
            if (built == null) built = onLargeStack(this::build, path, "analysis");
            return built;
        }

        private RuleContext build() {
            ParseResult parsed = new Parser(parserVersion(options.targetVersion())).parse(text);
            RuleContext ctx = contextFor(inputOf(path, parsed), options);
            ctx.walk.frames.add(ctx.module()); // where the walk leaves it: in the module's frame, no ancestors
            ctx.joinProject(project.indexModule(path, ctx.module(), ctx.names()), false, null, null);
            return ctx;
        }
    }

    /** Whom {@link FunctionFacts}' handlers are attributed to: it reports nothing. */
    private static final RuleMetadata FUNCTION_FACTS = new RuleMetadata("summary", "function-facts", Severity.INFO,
            "what the project's summaries learn from the walk (yields, returned values)", false, false, List.of());

    private static void walk(Module module, RuleContext ctx, Subscriptions subs) {
        ctx.walk.frames.add(module);
        TreeWalker.dispatch(subs.fileStart(), module, ctx);
        ctx.walk.frames.clear();
        TreeWalker.walk(module, ctx, subs);
        ctx.walk.frames.add(module);
        TreeWalker.dispatch(subs.fileEnd(), module, ctx);
    }

    /**
     * The summary of a file that a project only needs to know about (an unchanged module that
     * changed files import): parsed and walked once by the rules that record summaries, every one
     * of them whatever the options enable (so the summary depends only on the file, its module name,
     * the project's top-level names and the target version: what
     * {@link ProjectSummaries#summaryKey} names). No findings are made. The caller adds it to
     * {@code project} (or to a cache first). Its {@code imports} are filled in.
     */
    public ModuleSummary summarize(String path, byte[] source, AnalysisOptions options, ProjectSummaries project) {
        ParseResult parsed = new Parser(parserVersion(options.targetVersion())).parse(source);
        AnalysisInput input = inputOf(path, parsed);
        return onLargeStack(() -> summarizeHere(input, options, project), path, "summary");
    }

    private ModuleSummary summarizeHere(AnalysisInput input, AnalysisOptions options, ProjectSummaries project) {
        RuleContext ctx = contextFor(input, options);
        Module module = ctx.module();
        ctx.joinProject(project.indexModule(input.path(), module, ctx.names()), true, null, null);
        Subscriptions subs = new Subscriptions();
        for (RuleRegistry.Registered r : registry.registered()) {
            Rule rule = r.factory().get();
            if (rule.summarizesFunctions()) subs.subscribeAll(r.metadata(), rule);
        }
        subs.subscribeAll(FUNCTION_FACTS, new FunctionFacts());
        walk(module, ctx, subs);
        ctx.project().recordImports(module);
        return ctx.project().summary();
    }
}
