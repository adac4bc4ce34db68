package dev.asyncguard.analysis;

import java.util.List;

/** The data of a {@link RuleInfo}, as a value that can be listed, compared and serialized. */
public record RuleMetadata(String code, String name, Severity defaultSeverity, String summary,
                           boolean enabledByDefault, boolean preview, List<String> equivalents) {
    public RuleMetadata {
        equivalents = List.copyOf(equivalents);
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
                info.enabledByDefault(), info.preview(), List.of(info.equivalents()));
    }
}
