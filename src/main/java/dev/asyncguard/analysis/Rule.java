package dev.asyncguard.analysis;

/**
 * One check. A rule class carries {@link RuleInfo} and says, in {@link #subscribe}, which node
 * types it wants to see; the {@link Analyzer} walks each file once and calls every subscribed
 * handler with the node and a {@link RuleContext} that knows where the walk is.
 *
 * <p>A fresh instance is created for every file (see {@link RuleRegistry}), so a rule may keep
 * per-file state in fields and collect facts until {@link Subscriptions#onFileEnd}.
 */
public interface Rule {
    void subscribe(Subscriptions on);

    /**
     * Whether the rule records facts into the project's summaries (what blocks in a sync function).
     * Such rules also walk the files that are only summarized ({@link ProjectDeferral#summaryOnly()}),
     * where they record and report nothing.
     */
    default boolean summarizesFunctions() {
        return false;
    }
}
