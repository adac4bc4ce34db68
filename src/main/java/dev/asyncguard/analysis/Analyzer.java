package dev.asyncguard.analysis;

import dev.asyncguard.analysis.names.NameResolver;
import dev.asyncguard.python.ast.Module;
import dev.asyncguard.python.ast.SourceRange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs the enabled rules over one parsed file in a single walk and returns the findings that are
 * not suppressed, sorted by position. Thread-safe: every call builds its own rule instances.
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
     * Analyzes one file. A rule that throws is a bug: it surfaces as {@link RuleFailure} naming the
     * rule, the file and the place.
     */
    public List<Finding> analyze(AnalysisInput input, AnalysisOptions options) {
        Module module = input.module() != null ? input.module()
                : new Module(List.of(), SourceRange.NONE);
        NameResolver names = NameResolver.of(module);
        RuleContext ctx = new RuleContext(input.path(), new SourceLines(input.text()), module, input.comments(),
                input.syntaxProblems(), names, options);
        Subscriptions subs = new Subscriptions();
        for (RuleRegistry.Registered r : registry.registered()) {
            if (options.isEnabled(r.metadata().code())) subs.subscribeAll(r.metadata(), r.factory().get());
        }
        ctx.frames.add(module);
        TreeWalker.dispatch(subs.fileStart(), module, ctx);
        ctx.frames.clear();
        TreeWalker.walk(module, ctx, subs);
        ctx.frames.add(module);
        TreeWalker.dispatch(subs.fileEnd(), module, ctx);

        Suppressions suppressions = new Suppressions(input.comments());
        List<Finding> kept = new ArrayList<>();
        for (Finding f : ctx.findings()) {
            if (!suppressions.suppresses(registry.find(f.code()), f.line())) kept.add(f);
        }
        kept.sort(ORDER);
        return kept;
    }
}
