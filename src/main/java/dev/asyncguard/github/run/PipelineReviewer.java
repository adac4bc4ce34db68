package dev.asyncguard.github.run;

import dev.asyncguard.github.fetch.PullRequestSnapshot;
import dev.asyncguard.github.fetch.ServicePolicy;
import dev.asyncguard.github.fetch.SkippedFile;
import dev.asyncguard.github.publish.PullRequestReview;
import dev.asyncguard.policy.PolicyReview;
import dev.asyncguard.review.ReviewOptions;
import dev.asyncguard.review.ReviewPipeline;
import dev.asyncguard.review.ReviewResult;
import dev.asyncguard.review.ReviewedFinding;
import dev.asyncguard.review.RuleDocLinks;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The production reviewer: the same {@link ReviewPipeline} and {@link PolicyReview} as the local
 * {@code review} command, with the repository's policy.
 */
@Singleton
public class PipelineReviewer implements PullRequestReviewer {
    private final RuleDocLinks links;

    public PipelineReviewer(RuleDocLinks links) {
        this.links = links;
    }

    @Override
    public PullRequestReview review(PullRequestSnapshot pr) {
        ServicePolicy policy = pr.policy();
        int budget = policy.policy().review().maxContextFiles();
        ReviewResult result = new ReviewPipeline(policy.analyzer(), policy::includes)
                .review(pr.files(), options(pr), budget > 0 ? pr.context() : null, budget);
        List<ReviewedFinding> reported = result.reported();
        result = result.withEvent(PolicyReview.event(policy.policy(), reported));
        StringBuilder summary = new StringBuilder(result.summary().summary());
        if (!pr.skipped().isEmpty()) {
            summary.append("\n\n### Files not fully reviewed\n");
            for (SkippedFile s : pr.skipped()) {
                summary.append("- `").append(s.path()).append("`: ").append(s.reason()).append('\n');
            }
        }
        return new PullRequestReview(result.draft(), PolicyReview.conclusion(policy.policy(), reported),
                result.summary().title(), summary.toString(), result.annotations(), reported.size());
    }

    private ReviewOptions options(PullRequestSnapshot pr) {
        return PolicyReview.options(pr.policy().resolved(), pr.headSha()).withAlreadyPosted(pr.postedFingerprints())
                .withRuleLinks(links);
    }
}
