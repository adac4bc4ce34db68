package dev.asyncguard.review;

import dev.asyncguard.analysis.SourceLines;
import dev.asyncguard.analysis.Applicability;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.diff.ChangedLines;
import dev.asyncguard.diff.FileDiff;
import dev.asyncguard.diff.MarkedFinding;
import dev.asyncguard.diff.UnifiedDiff;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns marked findings into the review GitHub will show: where each finding can be placed
 * (inline on the RIGHT side inside one hunk, or not), its comment with fix and fingerprint, the
 * comment cap, the annotations for what cannot be inline, the review body and the check-run summary.
 * Every finding leaves with a {@link Disposition}; none is lost.
 */
public final class ReviewComposer {
    private static final SourceLines NO_SOURCE = new SourceLines("");
    private static final Comparator<ReviewedFinding> BY_PLACE = Comparator
            .comparing((ReviewedFinding r) -> r.marked().finding().path())
            .thenComparingInt(r -> r.marked().finding().range().startLine())
            .thenComparingInt(r -> r.marked().finding().range().startColumn());

    private final ReviewOptions options;
    private final CommentRenderer comments;

    public ReviewComposer(ReviewOptions options) {
        this.options = options;
        this.comments = new CommentRenderer(options);
    }

    /** Where a comment goes and what fix it shows. */
    private record Placement(int startLine, int line, FixView fix) {}

    public ReviewResult compose(List<MarkedFinding> marked, Map<String, SourceLines> sources, UnifiedDiff diff,
                                List<FileProblem> problems) {
        List<String> fingerprints = fingerprints(marked, sources);
        Map<String, ChangedLines> changed = new HashMap<>();
        for (FileDiff f : diff.files()) {
            if (f.newPath() != null && !f.binary()) changed.put(f.newPath(), f.changedLines());
        }

        ReviewedFinding[] out = new ReviewedFinding[marked.size()];
        Placement[] placements = new Placement[marked.size()];
        List<Integer> placeable = new ArrayList<>();
        java.util.Set<Integer> secondOnSameCode = secondOnSameCode(marked, fingerprints);
        for (int i = 0; i < marked.size(); i++) {
            MarkedFinding m = marked.get(i);
            String fp = fingerprints.get(i);
            if (!m.reported()) {
                out[i] = new ReviewedFinding(m, fp, Disposition.FILTERED_OUT, null);
            } else if (options.alreadyPosted().contains(fp)) {
                out[i] = new ReviewedFinding(m, fp, Disposition.ALREADY_POSTED, null);
            } else if (!options.inlineWorthy(m.finding()) || secondOnSameCode.contains(i)) {
                // When unsure, the finding goes to the check run, not into the conversation; so does a
                // second finding on the very same code (one comment per call: a helper reaching an HTTP
                // request, a subprocess and a database through its chains is one thing to fix).
                out[i] = new ReviewedFinding(m, fp, Disposition.LOW_CONFIDENCE, null);
            } else {
                Optional<Placement> p = place(m.finding(), changed.get(m.finding().path()),
                        sources.getOrDefault(m.finding().path(), NO_SOURCE));
                if (p.isPresent()) {
                    placements[i] = p.get();
                    placeable.add(i);
                } else {
                    out[i] = new ReviewedFinding(m, fp, Disposition.OUTSIDE_DIFF, null);
                }
            }
        }
        // Under the cap, the most severe findings go inline first.
        placeable.sort(Comparator
                .comparing((Integer i) -> marked.get(i).finding().severity(), Comparator.reverseOrder())
                .thenComparing(i -> marked.get(i).finding().path())
                .thenComparingInt(i -> marked.get(i).finding().line())
                .thenComparingInt(i -> i));
        for (int k = 0; k < placeable.size(); k++) {
            int i = placeable.get(k);
            MarkedFinding m = marked.get(i);
            if (k < options.maxComments()) {
                Placement p = placements[i];
                Finding f = m.finding();
                boolean range = p.startLine() < p.line();
                InlineComment c = new InlineComment(f.path(), range ? p.startLine() : null, range ? Side.RIGHT : null,
                        p.line(), Side.RIGHT, comments.render(f, p.fix(), fingerprints.get(i)), fingerprints.get(i), f);
                out[i] = new ReviewedFinding(m, fingerprints.get(i), Disposition.INLINE, c);
            } else {
                out[i] = new ReviewedFinding(m, fingerprints.get(i), Disposition.OVER_CAP, null);
            }
        }

        List<ReviewedFinding> all = List.of(out);
        List<InlineComment> inline = all.stream().filter(r -> r.disposition() == Disposition.INLINE)
                .sorted(BY_PLACE).map(ReviewedFinding::comment).toList();
        List<Annotation> annotations = all.stream()
                .filter(r -> r.disposition() == Disposition.OVER_CAP || r.disposition() == Disposition.OUTSIDE_DIFF
                        || r.disposition() == Disposition.LOW_CONFIDENCE)
                .sorted(BY_PLACE).map(r -> annotation(r.marked().finding())).toList();
        String body = new ReviewBodyRenderer(options).render(all, problems);
        CheckRunSummary summary = new CheckRunSummaryRenderer(options).render(all, problems);
        return new ReviewResult(new ReviewDraft(options.commitId(), options.event(), body, inline), summary,
                annotations, all, problems);
    }

    /**
     * The inline-worthy findings that share their exact place (path and range) with another one
     * that is commented instead: one posted by an earlier review, else the most severe, then the
     * lowest code.
     */
    private java.util.Set<Integer> secondOnSameCode(List<MarkedFinding> marked, List<String> fingerprints) {
        Map<String, List<Integer>> byPlace = new HashMap<>();
        for (int i = 0; i < marked.size(); i++) {
            MarkedFinding m = marked.get(i);
            if (!m.reported() || !options.inlineWorthy(m.finding())) continue;
            byPlace.computeIfAbsent(m.finding().path() + ":" + m.finding().range(), k -> new ArrayList<>()).add(i);
        }
        java.util.Set<Integer> second = new java.util.HashSet<>();
        for (List<Integer> same : byPlace.values()) {
            if (same.size() < 2) continue;
            int keep = same.stream().min(Comparator
                    .comparing((Integer i) -> !options.alreadyPosted().contains(fingerprints.get(i)))
                    .thenComparing(i -> marked.get(i).finding().severity(), Comparator.reverseOrder())
                    .thenComparing(i -> marked.get(i).finding().code())).orElseThrow();
            for (int i : same) if (i != keep) second.add(i);
        }
        return second;
    }

    private static List<String> fingerprints(List<MarkedFinding> marked, Map<String, SourceLines> sources) {
        Map<String, List<Integer>> byPath = new HashMap<>();
        for (int i = 0; i < marked.size(); i++) {
            byPath.computeIfAbsent(marked.get(i).finding().path(), p -> new ArrayList<>()).add(i);
        }
        String[] out = new String[marked.size()];
        byPath.forEach((path, indexes) -> {
            List<Finding> findings = indexes.stream().map(i -> marked.get(i).finding()).toList();
            List<String> fps = Fingerprints.of(findings, sources.getOrDefault(path, NO_SOURCE));
            for (int k = 0; k < indexes.size(); k++) out[indexes.get(k)] = fps.get(k);
        });
        return List.of(out);
    }

    private Optional<Placement> place(Finding f, ChangedLines lines, SourceLines source) {
        if (lines == null) return Optional.empty();
        Fix fix = f.fix();
        Optional<EditedLines> edited = fix == null ? Optional.empty() : EditedLines.of(fix.edits(), source);
        boolean safe = fix != null && fix.applicability() == Applicability.SAFE;
        if (safe && options.suggestions() && edited.isPresent()
                && lines.inOneHunk(edited.get().first(), edited.get().last())) {
            EditedLines e = edited.get();
            return Optional.of(new Placement(e.first(), e.last(), new FixView.Suggestion(e)));
        }
        FixView view;
        if (fix == null) {
            view = new FixView.None();
        } else {
            String code = fix.example() != null ? fix.example() : edited.map(EditedLines::replacement).orElse("");
            String note = safe && options.suggestions() && edited.isPresent()
                    ? "It is shown as code, not as a suggestion, because the lines it changes are not all inside one hunk of this diff."
                    : null;
            view = new FixView.Code(code, note);
        }
        int start = f.range().startLine();
        int end = lastLine(f);
        if (end > start && lines.inOneHunk(start, end)) return Optional.of(new Placement(start, end, view));
        if (lines.inHunk(start)) return Optional.of(new Placement(start, start, view));
        return Optional.empty();
    }

    /** The last line a finding's range covers (a range ending at column 0 stops on the line before). */
    static int lastLine(Finding f) {
        var r = f.range();
        return r.endColumn() == 0 && r.endLine() > r.startLine() ? r.endLine() - 1 : r.endLine();
    }

    private static Annotation annotation(Finding f) {
        int start = Math.max(1, f.range().startLine());
        int end = Math.max(start, lastLine(f));
        String message = f.message().strip();
        if (f.fix() != null && f.fix().title() != null && !f.fix().title().isBlank()) {
            message += "\nFix: " + f.fix().title().strip();
        }
        // GitHub: a message up to 64 KB, a title up to 255 characters.
        if (message.length() > 64_000) message = message.substring(0, 64_000) + "…";
        String title = f.code() + " " + f.name();
        return new Annotation(f.path(), start, end, Annotation.Level.of(f.severity()), message,
                title.length() > 255 ? title.substring(0, 255) : title);
    }
}
