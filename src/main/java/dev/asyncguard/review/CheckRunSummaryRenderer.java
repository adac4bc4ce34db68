package dev.asyncguard.review;

import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The check run's title and Markdown summary: counts by severity and rule, the files, the policy in
 * force, and every reported finding that is not an inline comment. Kept under GitHub's limit
 * (65,535 characters) by dropping whole lines from the end with a note.
 */
final class CheckRunSummaryRenderer {
    static final int LIMIT = 65_535;
    private final ReviewOptions options;
    private final int limit;

    CheckRunSummaryRenderer(ReviewOptions options) {
        this(options, LIMIT);
    }

    CheckRunSummaryRenderer(ReviewOptions options, int limit) {
        this.options = options;
        this.limit = limit;
    }

    CheckRunSummary render(List<ReviewedFinding> all, List<FileProblem> problems) {
        List<Finding> reported = all.stream().filter(ReviewedFinding::reported).map(r -> r.marked().finding()).toList();
        long filteredOut = all.size() - reported.size();
        Map<Severity, Integer> bySeverity = new TreeMap<>(java.util.Comparator.reverseOrder());
        Map<String, Integer> byRule = new TreeMap<>();
        Map<String, String> ruleNames = new TreeMap<>();
        Map<String, Integer> byFile = new TreeMap<>();
        for (Finding f : reported) {
            bySeverity.merge(f.severity(), 1, Integer::sum);
            byRule.merge(f.code(), 1, Integer::sum);
            ruleNames.putIfAbsent(f.code(), f.name());
            byFile.merge(f.path(), 1, Integer::sum);
        }

        BoundedText t = new BoundedText(limit);
        t.line("## asyncguard");
        t.blank();
        t.line("**" + ReviewBodyRenderer.count(reported.size(), "finding") + "** reported under the filter "
                + Markdown.code(options.filter().key()) + ": "
                + of(all, Disposition.INLINE) + " inline, "
                + of(all, Disposition.OVER_CAP) + " over the comment limit, "
                + of(all, Disposition.OUTSIDE_DIFF) + " outside the diff's hunks, "
                + of(all, Disposition.LOW_CONFIDENCE) + " of low confidence, "
                + of(all, Disposition.ALREADY_POSTED) + " already commented on.");
        if (filteredOut > 0) {
            t.blank();
            t.line(ReviewBodyRenderer.count(filteredOut, "more finding") + " in the analyzed files "
                    + (filteredOut == 1 ? "is" : "are") + " outside what this filter reports (not shown).");
        }
        if (!reported.isEmpty()) {
            t.blank().line("### By severity").blank().line("| Severity | Findings |").line("|---|---:|");
            bySeverity.forEach((s, n) -> t.line("| " + s.name().toLowerCase(Locale.ROOT) + " | " + n + " |"));
            t.blank().line("### By rule").blank().line("| Rule | Name | Findings |").line("|---|---|---:|");
            byRule.forEach((code, n) -> t.line("| " + options.docsUrl(code).map(url -> "[" + code + "](" + url + ")").orElse(code) + " | "
                    + Markdown.cell(ruleNames.get(code)) + " | " + n + " |"));
        }
        if (!options.policyText().isBlank()) {
            t.blank().line("### Policy in force").blank();
            options.policyText().strip().lines().forEach(t::line);
        }
        if (!problems.isEmpty()) {
            t.blank().line("### Files that could not be analyzed").blank();
            for (FileProblem p : problems) t.line("- " + Markdown.code(p.path()) + ": " + Markdown.oneLine(p.message()));
        }
        if (!byFile.isEmpty()) {
            t.blank().line("### Files").blank().line("| File | Findings |").line("|---|---:|");
            byFile.forEach((path, n) -> t.line("| " + Markdown.code(Markdown.cell(path)) + " | " + n + " |"));
        }
        List<ReviewedFinding> notInline = all.stream()
                .filter(r -> r.disposition() == Disposition.OUTSIDE_DIFF || r.disposition() == Disposition.OVER_CAP
                        || r.disposition() == Disposition.LOW_CONFIDENCE)
                .toList();
        if (!notInline.isEmpty()) {
            t.blank().line("### Not commented inline").blank();
            for (ReviewedFinding r : ReviewBodyRenderer.of(notInline, Disposition.OUTSIDE_DIFF)) {
                t.line(ReviewBodyRenderer.item(r.marked().finding()) + " _(outside the diff)_");
            }
            for (ReviewedFinding r : ReviewBodyRenderer.of(notInline, Disposition.OVER_CAP)) {
                t.line(ReviewBodyRenderer.item(r.marked().finding()) + " _(over the comment limit)_");
            }
            for (ReviewedFinding r : ReviewBodyRenderer.of(notInline, Disposition.LOW_CONFIDENCE)) {
                t.line(ReviewBodyRenderer.item(r.marked().finding()) + " _(low confidence: worth a look, not a comment)_");
            }
        }
        String text = t.render("_…%d more lines not shown: GitHub limits a check-run summary to 65,535 characters. "
                + "Run `asyncguard review` locally for the full list._");
        return new CheckRunSummary(title(reported, bySeverity), text, t.truncated());
    }

    private static long of(List<ReviewedFinding> all, Disposition d) {
        return all.stream().filter(r -> r.disposition() == d).count();
    }

    private static String title(List<Finding> reported, Map<Severity, Integer> bySeverity) {
        if (reported.isEmpty()) return "No asyncio pitfalls in the changed lines";
        StringBuilder b = new StringBuilder(ReviewBodyRenderer.count(reported.size(), "asyncio pitfall")).append(" (");
        String sep = "";
        for (Map.Entry<Severity, Integer> e : bySeverity.entrySet()) {
            String level = e.getKey().name().toLowerCase(Locale.ROOT);
            b.append(sep).append(e.getKey() == Severity.INFO ? e.getValue() + " " + level : ReviewBodyRenderer.count(e.getValue(), level));
            sep = ", ";
        }
        return b.append(")").toString();
    }
}
