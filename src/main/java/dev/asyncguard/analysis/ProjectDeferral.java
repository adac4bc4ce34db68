package dev.asyncguard.analysis;

import dev.asyncguard.analysis.project.ModuleIndex;
import dev.asyncguard.analysis.project.ProjectSummaries;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.SourceRange;

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
 * until every file of the project is summarized (for the rule whose handler is running). A file
 * analyzed on its own has no project: it defers nothing, and each rule decides alone.
 */
public final class ProjectDeferral {
    private final String path;
    private final AnalysisOptions options;
    /** What the file is for: a rule that does not matter there defers nothing. */
    private final FileRole role;
    /** Whose findings are deferred: the rule whose handler is running. */
    private final Reporter reporter;
    /** Where the walk is: a callee's project-wide path depends on the class around the call. */
    private final WalkPosition walk;
    /** The project this file is analyzed with, or null for a file on its own. */
    private final ModuleIndex project;
    /** The file is only summarized for the project (an unchanged module a changed one imports): no findings. */
    private final boolean summaryOnly;
    private final Suppressions suppressions;
    /** Rebuilds this file's context once the walk is over; null outside a project analysis. */
    private final Supplier<RuleContext> afterWalk;
    private final Map<RuleMetadata, Map<String, SharedDecision>> deferredQuestions = new IdentityHashMap<>();

    ProjectDeferral(String path, AnalysisOptions options, Reporter reporter, WalkPosition walk, ModuleIndex project,
                    boolean summaryOnly, Suppressions suppressions, Supplier<RuleContext> afterWalk) {
        this.path = path;
        this.options = options;
        this.role = reporter.role(); // the reporter's: the policy's globs matched once a file
        this.reporter = reporter;
        this.walk = walk;
        this.project = project;
        this.summaryOnly = summaryOnly;
        this.suppressions = suppressions;
        this.afterWalk = afterWalk;
    }

    /** This file's view of the project it is analyzed with; null when the file is analyzed on its own. */
    public ModuleIndex project() {
        return project;
    }

    /** Whether this walk only summarizes the file for the project: rules then record facts and report nothing. */
    public boolean summaryOnly() {
        return summaryOnly;
    }

    /**
     * This file's context as it is once the walk is over (its tree and names, no walk position), for
     * a decision deferred to the end of a project analysis that must look at the file again. It is
     * built afresh from the file's text on first use (and then kept for the other decisions of the
     * file), so that the deferred decision does not keep this context alive, with the file's whole
     * tree and names, while the other files are analyzed. Null outside a project analysis; the
     * supplier gives null when the file cannot be parsed again as it was (it changed on disk since).
     */
    public Supplier<RuleContext> afterWalk() {
        return afterWalk;
    }

    /**
     * The project-wide value path of a callee at the current node (see {@link ModuleIndex#calleePath}),
     * or null when the file is analyzed on its own or the callee cannot be something of the analyzed files.
     */
    public String calleePath(Expr callee) {
        return project == null ? null : project.calleePath(callee, walk.enclosingClass());
    }

    /**
     * Records a finding of the running rule that depends on other files: once every file of the
     * project is summarized, {@code decide} returns its message (null: no finding). Outside a
     * project analysis nothing is recorded, so a file on its own decides alone.
     */
    public void report(Node anchor, Function<ProjectSummaries, String> decide, Fix fix) {
        report(anchor, decide, fix, Confidence.HIGH);
    }

    /** As {@link #report(Node, Function, Fix)}, with the confidence known here. */
    public void report(Node anchor, Function<ProjectSummaries, String> decide, Fix fix, Confidence confidence) {
        RuleMetadata rule = reporter.runningRule();
        if (!defersFor(rule, anchor)) return;
        Severity severity = options.severity(rule.code());
        SourceRange range = anchor.range();
        // Locals only: a lambda that read the field would keep this whole context (the file's tree
        // and names) alive until every file of the project is done.
        String file = path;
        project.project().defer(new ProjectSummaries.Pending(file, decide,
                message -> List.of(new Finding(rule.code(), rule.name(), severity, file, range, message, fix, confidence))));
    }

    /**
     * As {@link #report(Node, Function, Fix)} for a question that many calls of a file ask
     * ({@code question}, e.g. the callee's project-wide path): the running rule's anchors with the
     * same question share one decision, and each waits as no more than its range and fix. A
     * project-wide analysis defers this for most calls of most files (every module counts as part
     * of the project), so the record is kept small. {@code decide} must depend on the question alone.
     */
    public void report(Node anchor, String question, Function<ProjectSummaries, String> decide, Fix fix) {
        report(anchor, question, decide, fix, Confidence.HIGH);
    }

    /** As {@link #report(Node, String, Function, Fix)}, with this anchor's confidence. */
    public void report(Node anchor, String question, Function<ProjectSummaries, String> decide, Fix fix,
                       Confidence confidence) {
        RuleMetadata rule = reporter.runningRule();
        if (!defersFor(rule, anchor)) return;
        var byQuestion = deferredQuestions.computeIfAbsent(rule, r -> new HashMap<>());
        SharedDecision shared = byQuestion.get(question);
        if (shared == null) {
            shared = new SharedDecision(rule, options.severity(rule.code()), path);
            byQuestion.put(question, shared);
            project.project().defer(new ProjectSummaries.Pending(path, decide, shared::findings));
        }
        shared.add(anchor.range(), fix, confidence);
    }

    private boolean defersFor(RuleMetadata rule, Node anchor) {
        if (project == null) return false;
        // Rules defer many calls of a file, the eight blocking rules each in turn at the same call:
        // whether a rule may, asked once a file.
        Boolean defers = rulesDefer.get(rule);
        if (defers == null) {
            defers = options.severity(rule.code()) != null && rule.mattersIn(role);
            rulesDefer.put(rule, defers);
        }
        if (!defers || reporter.cannotRun(rule, anchor.range())) return false;
        return suppressions == null || !suppressions.suppresses(rule, anchor.range().startLine());
    }

    private final Map<RuleMetadata, Boolean> rulesDefer = new IdentityHashMap<>();

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
