package dev.asyncguard.review;

/**
 * The whole review as a person reads it, in one Markdown text: the review body, each inline comment
 * under its place, the annotations and the check-run summary. What {@code review --format markdown}
 * prints and what the golden files hold.
 */
public final class ReviewPreview {
    private ReviewPreview() {}

    public static String render(ReviewResult r) {
        StringBuilder b = new StringBuilder();
        b.append("# Review (").append(r.draft().event()).append(")\n\n").append(r.draft().body()).append("\n");
        for (InlineComment c : r.draft().comments()) {
            b.append("\n---\n\n## ").append(c.path()).append(", line ")
                    .append(c.startLine() == null ? "" : c.startLine() + "-").append(c.line()).append(" (").append(c.side())
                    .append(")\n\n").append(c.body()).append("\n");
        }
        b.append("\n---\n\n# Check run: ").append(r.summary().title()).append("\n\n");
        if (!r.annotations().isEmpty()) {
            b.append("Annotations:\n\n");
            for (Annotation a : r.annotations()) {
                b.append("- ").append(a.path()).append(":").append(a.startLine()).append("-").append(a.endLine()).append(" ")
                        .append(a.level().key()).append(" [").append(a.title()).append("] ")
                        .append(a.message().replace("\n", " / ")).append("\n");
            }
            b.append("\n");
        }
        b.append(r.summary().summary()).append("\n");
        return b.toString();
    }
}
