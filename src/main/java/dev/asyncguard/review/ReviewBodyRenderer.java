package dev.asyncguard.review;

import dev.asyncguard.analysis.Finding;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The review's own body: how many findings, the ones over the comment cap listed in full, and where
 * the others went (check run, earlier reviews). Never empty: GitHub requires a body for COMMENT and
 * REQUEST_CHANGES reviews.
 */
final class ReviewBodyRenderer {
    /** GitHub's limit for a review body. */
    static final int LIMIT = 65_536;
    private final ReviewOptions options;

    ReviewBodyRenderer(ReviewOptions options) {
        this.options = options;
    }

    String render(List<ReviewedFinding> all, List<FileProblem> problems) {
        List<ReviewedFinding> inline = of(all, Disposition.INLINE);
        List<ReviewedFinding> overCap = of(all, Disposition.OVER_CAP);
        List<ReviewedFinding> outside = of(all, Disposition.OUTSIDE_DIFF);
        List<ReviewedFinding> posted = of(all, Disposition.ALREADY_POSTED);
        List<ReviewedFinding> low = of(all, Disposition.LOW_CONFIDENCE);
        long reported = all.stream().filter(ReviewedFinding::reported).count();

        BoundedText t = new BoundedText(LIMIT - GithubReviewJson.MARKER_ROOM);   // the writer appends the head's marker
        t.line("### asyncguard: " + count(reported, "finding") + " in this change");
        t.blank();
        if (reported == 0) {
            String where = switch (options.filter()) {
                case ADDED -> "on the lines this change adds";
                case DIFF_CONTEXT -> "in the hunks of this change";
                case FILE -> "in the files this change touches";
                case NOFILTER -> "in the analyzed files";
            };
            t.line("No asyncio pitfalls found " + where + " (filter " + Markdown.code(options.filter().key()) + ").");
        }
        if (!inline.isEmpty()) t.line("- " + count(inline.size(), "finding") + " commented inline below.");
        if (!posted.isEmpty()) t.line("- " + count(posted.size(), "finding") + " already commented on by an earlier review, not repeated.");
        if (!outside.isEmpty()) t.line("- " + count(outside.size(), "finding") + " outside this diff's hunks, listed in the check run's annotations and summary.");
        if (!low.isEmpty()) t.line("- " + count(low.size(), "finding") + " of low confidence, listed in the check run's annotations and summary.");
        if (!problems.isEmpty()) t.line("- " + count(problems.size(), "file") + " could not be analyzed; the check run's summary says why.");
        if (!overCap.isEmpty()) {
            t.line("- " + count(overCap.size(), "more finding") + " over this review's limit of " + options.maxComments() + " inline comments:");
            t.blank();
            for (ReviewedFinding r : overCap) t.line("  " + item(r.marked().finding()));
        }
        return t.render("_…and %d more lines: the review body is limited to 65,536 characters. The check run lists every finding._");
    }

    static List<ReviewedFinding> of(List<ReviewedFinding> all, Disposition d) {
        return all.stream().filter(r -> r.disposition() == d)
                .sorted(Comparator.comparing((ReviewedFinding r) -> r.marked().finding().path())
                        .thenComparingInt(r -> r.marked().finding().line()))
                .toList();
    }

    /** One finding as a list item: {@code - `path` line N: **AG201** blocking-sleep (warning): message}. */
    static String item(Finding f) {
        return "- " + Markdown.code(f.path()) + " line " + f.line() + ": **" + f.code() + "** " + f.name()
                + " (" + f.severity().name().toLowerCase(Locale.ROOT) + "): " + Markdown.oneLine(f.message());
    }

    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
