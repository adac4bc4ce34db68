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
        for (RuleRegistry.Registered r : registry.registered()) {
            RuleInfo info = r.type().getAnnotation(RuleInfo.class);
            needs.put(r.type(), info == null ? new String[0] : info.needs());
            if (info != null && info.acrossModules()) acrossModules.add(r.type());
            if (r.factory().get().summarizesFunctions()) summarizing.add(r.type());
        }
    }

    public static Analyzer withBuiltInRules() {
        return new Analyzer(RuleRegistry.builtIn());
    }

    public RuleRegistry registry() {
        return registry;
    }

    /**
     * Analyzes one file on its own (the one entry point for a file; a project's files go through
     * {@link #project}). A rule that throws is a bug: it surfaces as {@link RuleFailure} naming the
     * rule, the file and the place. Inputs: {@link AnalysisInput#parse} for bytes as read from disk
     * or git, {@link AnalysisInput#of} for a file already parsed.
     */
    public List<Finding> analyze(AnalysisInput input, AnalysisOptions options) {
        return analyze(input, options, null);
    }

    private List<Finding> analyze(AnalysisInput input, AnalysisOptions options, ProjectSummaries project) {
        return analyze(input, options, project, null);
    }

    private List<Finding> analyze(AnalysisInput input, AnalysisOptions options, ProjectSummaries project,
                                  java.util.function.Supplier<AnalysisInput> again) {
        return onLargeStack(() -> analyzeHere(input, options, project, again), input.path(), "analysis");
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
     * The one entry point for several files analyzed together (a package, a repository's Python
     * files): each file is parsed and walked once, and findings that depend on other files (a
     * coroutine calling a blocking helper of another module, a coroutine function defined
     * elsewhere) are decided from the summaries of all of them. {@code project}'s module names
     * come from the paths ('/'-separated, relative to the import root's parent; {@link ModuleNames}).
     */
    public Project project(ProjectSummaries project, AnalysisOptions options) {
        return new Project(project, options);
    }

    /** A project analysis in progress: see {@link #project}. */
    public final class Project {
        private final ProjectSummaries project;
        private final AnalysisOptions options;

        private Project(ProjectSummaries project, AnalysisOptions options) {
            this.project = java.util.Objects.requireNonNull(project, "project");
            this.options = options;
        }

        /**
         * One file of the project (callers may run files on threads of their own): its own findings
         * now; those that depend on other files come from {@link #decidePending()} once every file is done.
         */
        public List<Finding> analyze(AnalysisInput file) {
            return Analyzer.this.analyze(file, options, project);
        }

        /**
         * As {@link #analyze(AnalysisInput)}, with how to parse the file again should a decision deferred
         * to the project's end need it ({@code again}; null when the file's text cannot be had again:
         * that decision then finds nothing), so that the text is not kept until then: a check of a
         * large tree would hold every file's text to its end.
         */
        public List<Finding> analyze(AnalysisInput file, java.util.function.Supplier<AnalysisInput> again) {
            return Analyzer.this.analyze(file, options, project, again);
        }

        /**
         * The summary of a file that the project only needs to know about (an unchanged module that
         * changed files import): parsed and walked once by the rules that record summaries, every one
         * of them whatever the options enable (so the summary depends only on the file, its module name,
         * the project's top-level names and the target version: what
         * {@link ProjectSummaries#summaryKey} names). No findings are made. The caller adds it to
         * the project (or to a cache first). Its {@code imports} are filled in.
         */
        public ModuleSummary summarize(AnalysisInput file) {
            return onLargeStack(() -> summarizeHere(file, options, project), file.path(), "summary");
        }

        /** The findings that waited for every file of the project. */
        public List<Finding> decidePending() {
            return project.decidePending();
        }

        /**
         * Every file of {@code files} analyzed with the summaries of further modules that are not
         * analyzed themselves ({@code context}); the findings sorted by path, then position.
         */
        public List<Finding> analyzeAll(Map<String, byte[]> files, java.util.Collection<ModuleSummary> context) {
            return analyzeAll(files, context, (path, bytes) -> AnalysisInput.parse(path, bytes, options));
        }

        /**
         * As {@link #analyzeAll(Map, java.util.Collection)}, each file's input from {@code parsed}
         * (given its path and bytes): a caller that parsed a file already (for its imports) hands
         * that parse back instead of the file being parsed again.
         */
        public List<Finding> analyzeAll(Map<String, byte[]> files, java.util.Collection<ModuleSummary> context,
                                        java.util.function.BiFunction<String, byte[], AnalysisInput> parsed) {
            context.forEach(project::add);
            List<Finding> out = new ArrayList<>();
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                out.addAll(analyze(parsed.apply(file.getKey(), file.getValue())));
            }
            out.addAll(project.decidePending());
            out.sort(Comparator.comparing(Finding::path).thenComparing(ORDER));
            return out;
        }
    }

    private List<Finding> analyzeHere(AnalysisInput input, AnalysisOptions options, ProjectSummaries project,
                                      java.util.function.Supplier<AnalysisInput> given) {
        Suppressions suppressions = new Suppressions(input.comments());
        String path = input.path();
        java.util.function.Supplier<AnalysisInput> again = given;
        if (again == null && project != null) {
            String text = input.text();
            again = () -> AnalysisInput.parse(path, text, options);
        }
        RuleContext ctx = project == null ? contextFor(input, options, null)
                : contextFor(input, options, new InProject(project, false, suppressions,
                        new RebuiltContext(path, again, options, project)));
        Walkers walkers = walkers(input, ctx.walk().tree(), options, project != null);
        Subscriptions subs = walkers.subs();
        boolean callsSummarized = walkers.callsSummarized();
        walk(ctx.module(), ctx, subs);
        if (project != null && callsSummarized) {
            project.add(ctx.deferral().project().summary());
        } else if (project != null) {
            // The rules that record what functions call and where they block did not walk this file
            // (it has no word they need): those facts are summarized when a chain first reaches one
            // of its functions, from the text, as for a file the project only needs to know about.
            java.util.function.Supplier<AnalysisInput> source = again;
            project.add(ctx.deferral().project().summary(), () -> onLargeStack(() -> {
                AnalysisInput file = source.get();
                return file == null ? null : summarizeHere(file, options, project);
            }, path, "summary"));
        }

        List<Finding> kept = new ArrayList<>();
        for (Finding f : ctx.reporter().findings()) {
            if (!suppressions.suppresses(registry.find(f.code()), f.line())) kept.add(f);
        }
        kept.sort(ORDER);
        return kept;
    }

    /** What walks a file: the rules' (and the function facts') handlers, and whether every rule that summarizes calls is among them. */
    private record Walkers(Subscriptions subs, boolean callsSummarized) {}

    /**
     * The handlers of the enabled rules that can report in the file ({@code tree}: its preorder), as its
     * words decide ({@link RuleInfo#needs()}); {@code inProject}: with the project's part (calls into other
     * modules, the function facts).
     */
    private Walkers walkers(AnalysisInput input, Preorder tree, AnalysisOptions options, boolean inProject) {
        Subscriptions subs = new Subscriptions(input.words());
        boolean callsSummarized = true;
        FileWords words = new FileWords(input.words(), tree);
        for (RuleRegistry.Registered r : registry.registered()) {
            if (!options.isEnabled(r.metadata().code())) continue;
            if (canReport(r, words)) {
                subs.subscribeAll(r.metadata(), r.factory().get());
            } else {
                // Where its needs are missing, a rule that reports calls into the project runs for those
                // only (a file on its own has no project to call into).
                if (inProject && acrossModules.contains(r.type())) subs.subscribeAll(r.metadata(), r.factory().get(), false);
                if (summarizing.contains(r.type())) callsSummarized = false;
            }
        }
        if (inProject) subs.subscribeAll(FUNCTION_FACTS, new FunctionFacts());
        return new Walkers(subs, callsSummarized);
    }

    /** What walks {@code input} (tests: which handlers its words leave, {@link Subscriptions#statementsOnly()}). */
    Subscriptions subscriptions(AnalysisInput input, AnalysisOptions options, boolean inProject) {
        Module module = input.module() != null ? input.module() : new Module(List.of(), SourceRange.NONE);
        return walkers(input, Preorder.of(module), options, inProject).subs();
    }

    /**
     * Whether a rule can report in a file with these words ({@link RuleInfo#needs()}; words not known:
     * every rule runs).
     */
    private boolean canReport(RuleRegistry.Registered r, FileWords words) {
        String[] needs = this.needs.get(r.type());
        if (needs == null || needs.length == 0) return true;
        return words.anyOf(needs);
    }

    /** Each registered rule's {@link RuleInfo#needs()}, read once (a lookup per rule and file). */
    private final Map<Class<?>, String[]> needs = new java.util.IdentityHashMap<>();
    /** The rules that report calls into the project in any file ({@link RuleInfo#acrossModules()}). */
    private final java.util.Set<Class<?>> acrossModules = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** The rules that record what functions call and where they block ({@link Rule#summarizesFunctions()}). */
    private final java.util.Set<Class<?>> summarizing = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /** How a file takes part in a project analysis (see {@link ProjectDeferral}). */
    private record InProject(ProjectSummaries project, boolean summaryOnly, Suppressions suppressions,
                             java.util.function.Supplier<RuleContext> afterWalk) {}

    /**
     * A file's context for the walk: its tree laid out in preorder, its names resolved over it, and
     * its part in the project ({@code inProject}; null for a file on its own).
     */
    private static RuleContext contextFor(AnalysisInput input, AnalysisOptions options, InProject inProject) {
        String path = input.path();
        Module module = input.module() != null ? input.module() : new Module(List.of(), SourceRange.NONE);
        Preorder tree = Preorder.of(module);
        NameResolver names = NameResolver.of(module, tree);
        WalkPosition walk = new WalkPosition(tree);
        Reporter reporter = new Reporter(path, options, tree);
        ProjectDeferral deferral = inProject == null
                ? new ProjectDeferral(path, options, reporter, walk, null, false, null, null)
                : new ProjectDeferral(path, options, reporter, walk, inProject.project().indexModule(path, module, names, input.words()),
                        inProject.summaryOnly(), inProject.suppressions(), inProject.afterWalk());
        return new RuleContext(path, input.text(), module, input.comments(), input.syntaxProblems(),
                input.versionedSyntax(), names, options, walk, reporter, deferral);
    }

    /**
     * A file's context as after its walk, rebuilt when a deferred decision first asks (see
     * {@link ProjectDeferral#afterWalk()}) from the file parsed again ({@code again}: from its text, or
     * read again by the caller): holds neither the tree nor, where the caller can read the file again,
     * the text. Parsed and resolved on a worker with a large stack, as the first time. Null when the
     * file cannot be had again (changed since).
     */
    private static final class RebuiltContext implements java.util.function.Supplier<RuleContext> {
        private final String path;
        private final java.util.function.Supplier<AnalysisInput> again;
        private final AnalysisOptions options;
        private final ProjectSummaries project;
        private RuleContext built;
        private boolean tried;

        RebuiltContext(String path, java.util.function.Supplier<AnalysisInput> again, AnalysisOptions options,
                       ProjectSummaries project) {
            this.path = path;
            this.again = again;
            this.options = options;
            this.project = project;
        }

        @Override
        public synchronized RuleContext get() {
            if (!tried) {
                tried = true;
                built = onLargeStack(this::build, path, "analysis");
            }
            return built;
        }

        private RuleContext build() {
            AnalysisInput input = again.get();
            if (input == null) return null;
            RuleContext ctx = contextFor(input, options, new InProject(project, false, null, null));
            ctx.walk().atModuleLevel(ctx.module()); // where the walk leaves it: in the module's frame, no ancestors
            return ctx;
        }
    }

    /** Whom {@link FunctionFacts}' handlers are attributed to: it reports nothing. */
    private static final RuleMetadata FUNCTION_FACTS = new RuleMetadata("summary", "function-facts", Severity.INFO,
            "what the project's summaries learn from the walk (yields, returned values)", false, false, List.of());

    private static void walk(Module module, RuleContext ctx, Subscriptions subs) {
        ctx.walk().atModuleLevel(module);
        TreeWalker.dispatch(subs.fileStart(), module, ctx);
        ctx.walk().clear();
        TreeWalker.walk(module, ctx, subs);
        ctx.walk().atModuleLevel(module);
        TreeWalker.dispatch(subs.fileEnd(), module, ctx);
    }

    private ModuleSummary summarizeHere(AnalysisInput input, AnalysisOptions options, ProjectSummaries project) {
        RuleContext ctx = contextFor(input, options, new InProject(project, true, null, null));
        Module module = ctx.module();
        Subscriptions subs = new Subscriptions();
        for (RuleRegistry.Registered r : registry.registered()) {
            Rule rule = r.factory().get();
            if (rule.summarizesFunctions()) subs.subscribeAll(r.metadata(), rule);
        }
        subs.subscribeAll(FUNCTION_FACTS, new FunctionFacts());
        walk(module, ctx, subs);
        ctx.deferral().project().recordImports(module);
        return ctx.deferral().project().summary();
    }
}
