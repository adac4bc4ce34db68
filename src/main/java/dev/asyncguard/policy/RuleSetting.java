package dev.asyncguard.policy;

import dev.asyncguard.analysis.Confidence;
import java.util.Optional;

/**
 * The effective policy for one rule code. {@code rules.AG201: error} is shorthand for
 * {@code rules.AG201: {severity: error}}; the two keys merge separately across layers, so an org
 * can set a severity and a repo can still opt into a preview rule.
 *
 * @param level   the level the policy sets; empty means "the rule's own default severity"
 * @param preview whether an off-by-default (preview) rule is switched on
 * @param inlineConfidence the lowest confidence of the rule's findings posted inline; empty: HIGH
 */
public record RuleSetting(Optional<RuleLevel> level, boolean preview, Optional<Confidence> inlineConfidence) {
    public static final RuleSetting UNSET = new RuleSetting(Optional.empty(), false, Optional.empty());

    public RuleSetting(Optional<RuleLevel> level, boolean preview) {
        this(level, preview, Optional.empty());
    }
}
