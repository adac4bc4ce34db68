package dev.asyncguard.review;

import java.util.List;

/**
 * Everything a review run produces: the review to post, the check run's summary and annotations,
 * every finding with its disposition (input order), and the files that could not be analyzed.
 */
public record ReviewResult(ReviewDraft draft, CheckRunSummary summary, List<Annotation> annotations,
                           List<ReviewedFinding> findings, List<FileProblem> problems) {
    public ReviewResult {
        annotations = List.copyOf(annotations);
        findings = List.copyOf(findings);
        problems = List.copyOf(problems);
    }

    /** The same result with the review's event decided by the caller (policy: request changes from a severity). */
    public ReviewResult withEvent(ReviewEvent event) {
        ReviewDraft d = new ReviewDraft(draft.commitId(), event, draft.body(), draft.comments());
        return new ReviewResult(d, summary, annotations, findings, problems);
    }

    /** The findings the filter reports, in input order. */
    public List<ReviewedFinding> reported() {
        return findings.stream().filter(ReviewedFinding::reported).toList();
    }
}
