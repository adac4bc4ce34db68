package dev.asyncguard.analysis;

import dev.asyncguard.analysis.project.ModuleIndex;
import dev.asyncguard.analysis.project.ProjectSummaries;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.SourceRange;
import dev.asyncguard.python.ast.Stmt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One file's part in a project analysis: its view of the project, and the findings it defers
 * until every file of the project is summarized. {@link #NONE} for a file analyzed on its own.
 */
final class ProjectDeferral {
    static final ProjectDeferral NONE = new ProjectDeferral(null, null, null, false, null, null);

    private final String path;
    private final AnalysisOptions options;
    /** What the file is for: a rule that does not matter there defers nothing (null for {@link #NONE}). */
    private final FileRole role;
    /** The project this file is analyzed with, or null for a file on its own. */
    private final ModuleIndex project;
    /** The file is only summarized for the project (an unchanged module a changed one imports): no findings. */
    private final boolean summaryOnly;
    private final Suppressions suppressions;
    /** Rebuilds this file's context once the walk is over; null outside a project analysis. */
    private final Supplier<RuleContext> afterWalk;
    private final Map<RuleMetadata, Map<String, SharedDecision>> deferredQuestions = new IdentityHashMap<>();

    ProjectDeferral(String path, AnalysisOptions options, ModuleIndex project, boolean summaryOnly,
                    Suppressions suppressions, Supplier<RuleContext> afterWalk) {
        this.path = path;
        this.options = options;
        this.role = options == null ? null : options.roleOf(path);
        this.project = project;
        this.summaryOnly = summaryOnly;
        this.suppressions = suppressions;
        this.afterWalk = afterWalk;
    }

    ModuleIndex project() {
        return project;
    }

    boolean summaryOnly() {
        return summaryOnly;
    }

    Supplier<RuleContext> afterWalk() {
        return afterWalk;
    }

    String calleePath(Expr callee, Stmt.ClassDef enclosingClass) {
        return project.calleePath(callee, enclosingClass);
    }

    void report(RuleMetadata rule, Node anchor, Function<ProjectSummaries, String> decide, Fix fix,
                Confidence confidence) {
        if (!defersFor(rule, anchor)) return;
        Severity severity = options.severity(rule.code());
        SourceRange range = anchor.range();
        // Locals only: a lambda that read the field would keep this whole context (the file's tree
        // and names) alive until every file of the project is done.
        String file = path;
        project.project().defer(new ProjectSummaries.Pending(decide,
                message -> List.of(new Finding(rule.code(), rule.name(), severity, file, range, message, fix, confidence))));
    }

    void report(RuleMetadata rule, Node anchor, String question, Function<ProjectSummaries, String> decide, Fix fix,
                Confidence confidence) {
        if (!defersFor(rule, anchor)) return;
        var byQuestion = deferredQuestions.computeIfAbsent(rule, r -> new HashMap<>());
        SharedDecision shared = byQuestion.get(question);
        if (shared == null) {
            shared = new SharedDecision(rule, options.severity(rule.code()), path);
            byQuestion.put(question, shared);
            project.project().defer(new ProjectSummaries.Pending(decide, shared::findings));
        }
        shared.add(anchor.range(), fix, confidence);
    }

    private boolean defersFor(RuleMetadata rule, Node anchor) {
        if (project == null || options.severity(rule.code()) == null || !rule.mattersIn(role)) return false;
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
                fixes = Arrays.copyOf(fixes, count * 2);
                ranges = Arrays.copyOf(ranges, count * 8);
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
}
