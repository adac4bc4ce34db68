package dev.asyncguard.policy;

import dev.asyncguard.analysis.RuleMetadata;
import dev.asyncguard.analysis.RuleRegistry;

import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rule codes a policy may name, and which of them are off by default (preview rules that a
 * policy must switch on with {@code preview: true}): the policy's view of a {@link RuleRegistry},
 * derived from it, never listed by hand.
 */
public record KnownRules(Set<String> codes, Set<String> offByDefault) {

    /** The spelling of a rule code: AG and three digits. */
    static final Pattern CODE = Pattern.compile("AG\\d{3}");

    public KnownRules {
        codes = Set.copyOf(codes);
        offByDefault = Set.copyOf(offByDefault);
        for (String code : codes) {
            if (!CODE.matcher(code).matches()) throw new IllegalArgumentException("not a rule code: " + code);
        }
        if (!codes.containsAll(offByDefault)) {
            throw new IllegalArgumentException("off-by-default codes that are not known: " + offByDefault);
        }
    }

    private static final KnownRules BUILT_IN = of(RuleRegistry.builtIn());

    /** The codes of the built-in rules, as the registry has them. */
    public static KnownRules builtIn() {
        return BUILT_IN;
    }

    /** The codes of a registry's rules, and those that are off by default or in preview. */
    public static KnownRules of(RuleRegistry registry) {
        return new KnownRules(Set.copyOf(registry.codes()), registry.rules().stream()
                .filter(RuleMetadata::offByDefault).map(RuleMetadata::code).collect(Collectors.toSet()));
    }

    public boolean isKnown(String code) {
        return codes.contains(code);
    }

    public boolean isOffByDefault(String code) {
        return offByDefault.contains(code);
    }
}
