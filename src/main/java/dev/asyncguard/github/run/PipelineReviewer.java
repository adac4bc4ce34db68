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
import dev.asyncguard.python.Parser;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.MDC;

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
            return onAnalysisThread(pr);
        } finally {
            analyzing.release();
        }
    }

    /**
     * Threads with the parser's large stack ({@link Parser#threads}): a review's parses and analyses
     * run on one of them in place, where on the run's own (virtual) thread each file's parse and each
     * analysis would be handed to a worker of its own and waited for (two hand-offs a file, plus one
     * a summary). At most {@link #analyzing} of them are busy at a time.
     */
    private static final java.util.concurrent.ExecutorService ANALYSIS_THREADS =
            java.util.concurrent.Executors.newCachedThreadPool(Parser.threads("review-analysis"));

    /** {@link #analyzed} on an analysis thread, with the run's log context; an interrupt of the run stops it. */
    private PullRequestReview onAnalysisThread(PullRequestSnapshot pr) {
        java.util.Map<String, String> context = MDC.getCopyOfContextMap();
        java.util.concurrent.Future<PullRequestReview> job = ANALYSIS_THREADS.submit(() -> {
            if (context != null) MDC.setContextMap(context);
            try {
                return analyzed(pr);
            } finally {
                MDC.clear();
            }
        });
        try {
            return job.get();
        } catch (InterruptedException e) {
            job.cancel(true);
            Thread.currentThread().interrupt();
            throw new dev.asyncguard.github.GitHubException("interrupted while analyzing", 0);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
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
