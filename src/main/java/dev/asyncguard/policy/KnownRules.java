package dev.asyncguard.policy;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rule codes a policy may name, and which of them are off by default (preview rules that a
 * policy must switch on with {@code preview: true}). The analyzer's rule registry supplies this;
 * the policy package does not know the rules themselves.
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

    public boolean isKnown(String code) {
        return codes.contains(code);
    }

    public boolean isOffByDefault(String code) {
        return offByDefault.contains(code);
    }
}
