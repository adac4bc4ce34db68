package dev.asyncguard.github;

import dev.asyncguard.analysis.Severity;
import dev.asyncguard.review.Annotation;
import dev.asyncguard.review.InlineComment;
import dev.asyncguard.review.ReviewEvent;
import dev.asyncguard.review.ReviewOptions;
import dev.asyncguard.review.ReviewPipeline;
import dev.asyncguard.review.ReviewResult;
import dev.asyncguard.review.ReviewedFinding;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * The production reviewer: the same {@link ReviewPipeline} as the local {@code review} command,
 * with options from the repository's policy.
 */
@Singleton
public class PipelineReviewer implements PullRequestReviewer {

    @Override
    public ReviewDraft review(PullRequestSnapshot pr) {
        ServicePolicy policy = pr.policy();
        int budget = policy.policy().review().maxContextFiles();
        ReviewResult result = new ReviewPipeline(policy.analyzer(), policy::includes)
                .review(pr.files(), options(pr), budget > 0 ? pr.context() : null, budget);
        List<ReviewedFinding> reported = result.reported();
        // The pipeline renders; whether this review requests changes is the policy's call.
        // Findings below the confidence bar are shown, but never request changes or fail the check.
        ReviewEvent event = reported.stream().filter(ReviewedFinding::decisive).anyMatch(f -> policy.requestsChangesFor(severity(f)))
                ? ReviewEvent.REQUEST_CHANGES : ReviewEvent.COMMENT;
        String conclusion = reported.stream().filter(ReviewedFinding::decisive).anyMatch(f -> policy.failsOn(severity(f))) ? "failure"
                : reported.isEmpty() ? "success" : "neutral";

        List<ReviewDraft.Comment> comments = new ArrayList<>();
        for (InlineComment c : result.draft().comments()) {
            comments.add(new ReviewDraft.Comment(c.path(), c.line(), c.startLine(), c.side().name(), c.body(), c.fingerprint()));
        }
        List<ReviewDraft.Annotation> annotations = new ArrayList<>();
        for (Annotation a : result.annotations()) {
            annotations.add(new ReviewDraft.Annotation(a.path(), a.startLine(), a.endLine(), a.level().key(), a.title(), a.message()));
        }
        StringBuilder summary = new StringBuilder(result.summary().summary());
        if (!pr.skipped().isEmpty()) {
            summary.append("\n\n### Files not fully reviewed\n");
            for (SkippedFile s : pr.skipped()) {
                summary.append("- `").append(s.path()).append("`: ").append(s.reason()).append('\n');
            }
        }
        return new ReviewDraft(event.name(), result.draft().body(), comments, conclusion,
                result.summary().title(), summary.toString(), annotations, reported.size());
    }

    private static ReviewOptions options(PullRequestSnapshot pr) {
        ServicePolicy p = pr.policy();
        var review = p.policy().review();
        return ReviewOptions.defaults().withFilter(review.filter()).withMaxComments(review.maxComments())
                .withSuggestions(review.suggestions()).withAlreadyPosted(pr.postedFingerprints())
                .withPolicyText(p.describe()).withCommitId(pr.headSha())
                .withInlineConfidence(p.policy().inlineConfidence());
    }

    private static Severity severity(ReviewedFinding f) {
        return f.marked().finding().severity();
    }
}
