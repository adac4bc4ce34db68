package dev.asyncguard.review;

import dev.asyncguard.analysis.Applicability;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.Fix;
import java.util.Locale;

/**
 * The Markdown body of one inline comment: rule, message, fix, a collapsed "Why is this a problem?"
 * from the rule's page (so the comment stands on its own), the page's link where one exists, and
 * the hidden fingerprint.
 */
final class CommentRenderer {
    private final ReviewOptions options;

    CommentRenderer(ReviewOptions options) {
        this.options = options;
    }

    /** The footer's invitation: the App counts these reactions per rule (asyncguard_comment_feedback_total). */
    static final String FEEDBACK = "Was this useful? React with 👍 or 👎: it tells us which rules to improve.";

    /** GitHub's limit for a comment body. */
    static final int LIMIT = 65_536;

    /** The explanation's share of a comment: it is a reminder, not the whole page. */
    static final int EXPLANATION_LIMIT = 4_000;

    /**
     * The comment. One that would pass GitHub's limit (a huge message or example) drops the
     * explanation first, then its code block, then shortens the message; the rule, the link and
     * the fingerprint always stay.
     */
    String render(Finding f, FixView view, String fingerprint) {
        String why = explanation(f.code());
        String body = render(f, view, fingerprint, f.message().strip(), why);
        if (body.length() <= LIMIT) return body;
        body = render(f, view, fingerprint, f.message().strip(), "");
        if (body.length() <= LIMIT) return body;
        FixView noCode = f.fix() == null ? view : new FixView.Code("", "(too long to show in a comment; see the check run)");
        body = render(f, noCode, fingerprint, f.message().strip(), "");
        if (body.length() <= LIMIT) return body;
        String message = f.message().strip();
        int keep = Math.max(0, message.length() - (body.length() - LIMIT) - 1);
        if (keep > 0 && Character.isHighSurrogate(message.charAt(keep - 1))) keep--;
        return render(f, noCode, fingerprint, message.substring(0, keep) + "…", "");
    }

    /**
     * The rule page's "Why is this bad" and "Use instead", collapsed; empty when the rule has no
     * page, and without "Use instead" when both would pass {@link #EXPLANATION_LIMIT}.
     */
    static String explanation(String code) {
        // The same for every finding of a rule (the built-in pages do not change): made once per rule.
        return EXPLANATIONS.computeIfAbsent(code, CommentRenderer::explanationOf);
    }

    private static final java.util.Map<String, String> EXPLANATIONS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String explanationOf(String code) {
        return RuleDocs.builtIn().of(code).map(doc -> {
            String why = Markdown.unwrapped(doc.why());
            if (why.isEmpty()) return "";
            String full = why + (doc.useInstead().isEmpty() ? "" : "\n\n**Use instead**\n\n" + Markdown.unwrapped(doc.useInstead()));
            String shown = full.length() <= EXPLANATION_LIMIT ? full
                    : why.length() <= EXPLANATION_LIMIT ? why : "";
            return shown.isEmpty() ? "" : "<details><summary>Why is this a problem?</summary>\n\n" + shown + "\n\n</details>";
        }).orElse("");
    }

    private String render(Finding f, FixView view, String fingerprint, String message, String why) {
        StringBuilder b = new StringBuilder();
        b.append("**").append(f.code()).append(" ").append(f.name()).append("** · ")
                .append(f.severity().name().toLowerCase(Locale.ROOT)).append("\n\n");
        b.append(message).append("\n\n");
        Fix fix = f.fix();
        switch (view) {
            case FixView.None none -> b.append(why.isEmpty() ? "No automatic fix.\n\n"
                    : "No automatic fix; *Why is this a problem?* below shows what to write instead.\n\n");
            case FixView.Suggestion s -> b.append("**Fix** (safe): ").append(title(fix)).append("\n\n")
                    .append(Fence.block("suggestion", s.lines().replacement())).append("\n\n");
            case FixView.Code c -> {
                b.append("**Fix** (").append(label(fix.applicability())).append("): ").append(title(fix));
                if (c.note() != null) b.append(" ").append(c.note());
                b.append("\n\n");
                if (!c.code().isEmpty()) b.append(Fence.block("python", c.code())).append("\n\n");
            }
        }
        if (!why.isEmpty()) b.append(why).append("\n\n");
        options.docsUrl(f.code()).ifPresent(url ->
                b.append("[").append(f.code()).append(" documentation](").append(url).append(")\n\n"));
        b.append(FEEDBACK).append("\n\n");
        b.append(Fingerprints.marker(fingerprint));
        return b.toString();
    }

    private static String title(Fix fix) {
        String t = Markdown.oneLine(fix.title());
        return t.isEmpty() ? "see below." : t;
    }

    private static String label(Applicability a) {
        return switch (a) {
            case SAFE -> "safe";
            case UNSAFE -> "unsafe: it may change behaviour, check before applying";
            case DISPLAY_ONLY -> "example: adapt it by hand";
        };
    }
}
