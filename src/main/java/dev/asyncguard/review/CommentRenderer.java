package dev.asyncguard.review;

import dev.asyncguard.analysis.Applicability;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.Fix;
import java.util.Locale;

/** The Markdown body of one inline comment: rule, why, fix, docs link, hidden fingerprint. */
final class CommentRenderer {
    private final ReviewOptions options;

    CommentRenderer(ReviewOptions options) {
        this.options = options;
    }

    String render(Finding f, FixView view, String fingerprint) {
        StringBuilder b = new StringBuilder();
        b.append("**").append(f.code()).append(" ").append(f.name()).append("** · ")
                .append(f.severity().name().toLowerCase(Locale.ROOT)).append("\n\n");
        b.append(f.message().strip()).append("\n\n");
        Fix fix = f.fix();
        switch (view) {
            case FixView.None none -> b.append("No automatic fix; the rule's page shows what to write instead.\n\n");
            case FixView.Suggestion s -> b.append("**Fix** (safe): ").append(title(fix)).append("\n\n")
                    .append(Fence.block("suggestion", s.lines().replacement())).append("\n\n");
            case FixView.Code c -> {
                b.append("**Fix** (").append(label(fix.applicability())).append("): ").append(title(fix));
                if (c.note() != null) b.append(" ").append(c.note());
                b.append("\n\n");
                if (!c.code().isEmpty()) b.append(Fence.block("python", c.code())).append("\n\n");
            }
        }
        b.append("[").append(f.code()).append(" documentation](").append(options.docsUrl(f.code())).append(")\n\n");
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
