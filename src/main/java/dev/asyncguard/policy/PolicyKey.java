package dev.asyncguard.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The fixed keys of a policy file, in the order they are explained, each with the kind of value it
 * takes. Rule keys ({@code rules.AGnnn.severity}, {@code rules.AGnnn.preview}) depend on the known
 * rules and are handled beside these. One table serves parsing, validation, {@code enforce:}
 * paths and {@code policy explain}.
 */
enum PolicyKey {
    PYTHON("python", ValueKind.PYTHON_VERSION),
    PATHS_INCLUDE("paths.include", ValueKind.GLOBS),
    PATHS_EXCLUDE("paths.exclude", ValueKind.GLOBS),
    PATHS_TESTS("paths.tests", ValueKind.GLOBS),
    PATHS_SCRIPTS("paths.scripts", ValueKind.GLOBS),
    REVIEW_FILTER("review.filter", ValueKind.FILTER),
    REVIEW_MAX_COMMENTS("review.max_comments", ValueKind.COMMENT_COUNT),
    REVIEW_MAX_CONTEXT_FILES("review.max_context_files", ValueKind.FILE_COUNT),
    REVIEW_SUGGESTIONS("review.suggestions", ValueKind.BOOLEAN),
    REVIEW_REQUEST_CHANGES_ON("review.request_changes_on", ValueKind.THRESHOLD),
    REVIEW_SKIP_DRAFTS("review.skip_drafts", ValueKind.BOOLEAN),
    REVIEW_SKIP_LABELS("review.skip_labels", ValueKind.LABELS),
    CHECK_FAIL_ON("check.fail_on", ValueKind.THRESHOLD),
    RECHECK_ALLOWED("recheck.allowed", ValueKind.RECHECK);

    static final String RULES = "rules";
    static final String ENFORCE = "enforce";
    static final String SEVERITY = "severity";
    static final String PREVIEW = "preview";
    static final String INLINE_CONFIDENCE = "inline_confidence";

    private final String path;
    private final ValueKind kind;

    PolicyKey(String path, ValueKind kind) {
        this.path = path;
        this.kind = kind;
    }

    String path() {
        return path;
    }

    ValueKind kind() {
        return kind;
    }

    /** The section a key sits in ({@code review}), or the key itself when it is top-level. */
    String section() {
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(0, dot);
    }

    static Optional<PolicyKey> byPath(String path) {
        for (PolicyKey k : values()) {
            if (k.path.equals(path)) return Optional.of(k);
        }
        return Optional.empty();
    }

    /** Top-level keys a file may have, in order. */
    static Set<String> topLevel() {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(PYTHON.path);
        keys.add(RULES);
        for (PolicyKey k : values()) keys.add(k.section());
        keys.add(ENFORCE);
        return keys;
    }

    /** The keys of one section ({@code filter}, {@code max_comments}, ... for {@code review}). */
    static List<String> childrenOf(String section) {
        List<String> children = new ArrayList<>();
        for (PolicyKey k : values()) {
            if (!k.path.equals(k.section()) && k.section().equals(section)) {
                children.add(k.path.substring(section.length() + 1));
            }
        }
        return children;
    }

    static String ruleSeverity(String code) {
        return RULES + "." + code + "." + SEVERITY;
    }

    static String rulePreview(String code) {
        return RULES + "." + code + "." + PREVIEW;
    }

    static String ruleInlineConfidence(String code) {
        return RULES + "." + code + "." + INLINE_CONFIDENCE;
    }
}
