package dev.asyncguard.analysis;

import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Preorder;
import dev.asyncguard.python.ast.SourceRange;

import java.util.ArrayList;
import java.util.List;

/**
 * The findings of one file's walk, each for the rule whose handler is running ({@link TreeWalker}
 * sets it around every handler) at the severity the options give it. Rules report through it
 * ({@code ctx.reporter().report(node, message)}); a finding that depends on other files goes
 * through {@link ProjectDeferral} instead.
 */
public final class Reporter {
    private final String path;
    private final AnalysisOptions options;
    /** What the file is for: a rule that does not matter there ({@link RuleMetadata#mattersIn}) reports nothing. */
    private final FileRole role;
    private final List<Finding> findings = new ArrayList<>();
    /** The file's tree, for the branches that cannot run ({@link BranchesThatCannotRun}), found on the first finding. */
    private final Preorder tree;
    private BranchesThatCannotRun cannotRun;
    RuleMetadata reportingRule;

    Reporter(String path, AnalysisOptions options, Preorder tree) {
        this.path = path;
        this.options = options;
        this.role = options.roleOf(path);
        this.tree = tree;
    }

    /**
     * Whether {@code anchor} is in a branch that cannot run ({@code else} of {@code if True:}): no rule
     * reports there, except the syntax rules (AG0xx: the parser reads every branch).
     */
    boolean cannotRun(RuleMetadata rule, SourceRange anchor) {
        if (tree == null || rule.code().startsWith("AG0")) return false;
        if (cannotRun == null) cannotRun = BranchesThatCannotRun.of(tree);
        return cannotRun.contains(anchor);
    }

    /** What the file is for ({@link AnalysisOptions#roleOf}, asked once a file: a policy's globs are matched for it). */
    FileRole role() {
        return role;
    }

    /** Records a finding of the running rule, anchored at {@code anchor}; {@code fix} may be null. */
    public void report(SourceRange anchor, String message, Fix fix, Confidence confidence) {
        RuleMetadata rule = runningRule();
        Severity severity = options.severity(rule.code());
        if (severity == null || !rule.mattersIn(role) || cannotRun(rule, anchor)) return;
        findings.add(new Finding(rule.code(), rule.name(), severity, path, anchor, message, fix, confidence));
    }

    /** As {@link #report(SourceRange, String, Fix, Confidence)}, with HIGH confidence. */
    public void report(SourceRange anchor, String message, Fix fix) {
        report(anchor, message, fix, Confidence.HIGH);
    }

    /** As {@link #report(SourceRange, String, Fix, Confidence)}, anchored at the node's range. */
    public void report(Node anchor, String message, Fix fix, Confidence confidence) {
        report(anchor.range(), message, fix, confidence);
    }

    public void report(Node anchor, String message, Fix fix) {
        report(anchor.range(), message, fix, Confidence.HIGH);
    }

    public void report(Node anchor, String message) {
        report(anchor.range(), message, null, Confidence.HIGH);
    }

    /** The rule whose handler is running; a report outside a handler is a bug. */
    RuleMetadata runningRule() {
        if (reportingRule == null) throw new IllegalStateException("report() outside a rule handler");
        return reportingRule;
    }

    List<Finding> findings() {
        return findings;
    }
}
