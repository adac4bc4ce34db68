package dev.asyncguard.cli;

import dev.asyncguard.policy.KnownRules;

import java.util.Set;

/**
 * The rule codes the command line validates policy files against.
 *
 * <p>Transitional: this is the v1 catalogue's code list (docs RULES.md; codes are never
 * renumbered). When the analyzer's rule registry is merged, {@link #known()} must return the
 * registry's codes and off-by-default set instead, so that there is one list.
 */
public final class RuleCodes {

    private static final KnownRules CATALOGUE_V1 = new KnownRules(Set.of(
            "AG001", "AG002",
            "AG101", "AG102", "AG103", "AG104", "AG105", "AG106",
            "AG201", "AG202", "AG203", "AG204", "AG205", "AG206", "AG207", "AG208",
            "AG301", "AG302", "AG303", "AG304", "AG305", "AG306", "AG307",
            "AG401", "AG402", "AG403", "AG404", "AG405",
            "AG501", "AG502", "AG503",
            "AG601", "AG602"),
            Set.of("AG602"));

    private RuleCodes() {
    }

    public static KnownRules known() {
        return CATALOGUE_V1;
    }
}
