package dev.asyncguard.analysis;

import java.util.List;

/** The data of a {@link RuleInfo}, as a value that can be listed, compared and serialized. */
public record RuleMetadata(String code, String name, Severity defaultSeverity, String summary,
                           boolean enabledByDefault, boolean preview, List<String> equivalents,
                           boolean inTests, boolean inScripts) {
    public RuleMetadata {
        equivalents = List.copyOf(equivalents);
    }

    /** A rule that matters in every file. */
    public RuleMetadata(String code, String name, Severity defaultSeverity, String summary,
                        boolean enabledByDefault, boolean preview, List<String> equivalents) {
        this(code, name, defaultSeverity, summary, enabledByDefault, preview, equivalents, true, true);
    }

    /** Whether the rule's findings matter in a file of this role ({@link RuleInfo#inTests()}). */
    public boolean mattersIn(FileRole role) {
        return switch (role) {
            case CODE -> true;
            case TEST -> inTests;
            case SCRIPT -> inScripts;
        };
    }

    /** Runs only where a policy or a selection turns it on: off by default, or in preview. */
    public boolean offByDefault() {
        return !enabledByDefault || preview;
    }

    public static RuleMetadata of(Class<? extends Rule> ruleClass) {
        RuleInfo info = ruleClass.getAnnotation(RuleInfo.class);
        if (info == null) {
            throw new IllegalArgumentException(ruleClass.getName() + " lacks @RuleInfo");
        }
        return new RuleMetadata(info.code(), info.name(), info.severity(), info.summary(),
                info.enabledByDefault(), info.preview(), List.of(info.equivalents()), info.inTests(), info.inScripts());
    }
}
