package dev.asyncguard.github.run;

import dev.asyncguard.github.ServiceMetrics;
import dev.asyncguard.github.ServiceSettings;
import dev.asyncguard.github.fetch.GitHubContextModules;
import dev.asyncguard.github.fetch.PullRequestSnapshot;
import dev.asyncguard.github.fetch.ServicePolicy;
import dev.asyncguard.github.fetch.SkippedFile;
import dev.asyncguard.github.publish.PullRequestReview;
import dev.asyncguard.policy.PolicyReview;
import dev.asyncguard.review.FileAnalyzer;
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
    /** The findings of earlier reviews, for a review of the same files with the same inputs. */
    private final FindingsCache findings;
    private final ServiceMetrics metrics;

    /**
     * Reviews analyzing at once ({@code asyncguard.service.analysis-concurrency}): many runs may wait
     * on GitHub side by side, but only this many parse and analyze (CPU and parse trees) at a time.
     */
    private final java.util.concurrent.Semaphore analyzing;

    public PipelineReviewer(RuleDocLinks links, ServiceSettings settings, ServiceMetrics metrics) {
        this.links = links;
        this.metrics = metrics;
        this.findings = new FindingsCache(100_000, settings.findingsCacheBytes());
        this.analyzing = new java.util.concurrent.Semaphore(settings.analysesAtOnce(), true);
    }

    @Override
    public PullRequestReview review(PullRequestSnapshot pr) {
        try {
            analyzing.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to analyze", e);
        }
        try {
            return analyzed(pr);
        } finally {
            analyzing.release();
        }
    }

    private PullRequestReview analyzed(PullRequestSnapshot pr) {
        ServicePolicy policy = pr.policy();
        int budget = policy.policy().review().maxContextFiles();
        // Imported modules are named by blob SHA only by GitHub's tree; any other source's analyses are not kept.
        FileAnalyzer analyzer = pr.context() instanceof GitHubContextModules github
                ? findings.reusing(github.installation(), policy, github::blobSha, metrics::findingsCache)
                : policy.analyzer();
        ReviewResult result = new ReviewPipeline(analyzer, policy::includes)
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
