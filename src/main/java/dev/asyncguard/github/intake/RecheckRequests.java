package dev.asyncguard.github.intake;

import dev.asyncguard.github.GitHubClient;
import dev.asyncguard.github.RepoRef;
import dev.asyncguard.github.ServiceMetrics;
import dev.asyncguard.github.fetch.RepositoryPolicies;
import dev.asyncguard.github.fetch.ServicePolicy;
import dev.asyncguard.queue.ReviewQueue;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Answers a {@code /recheck} comment off the request thread: checks the commenter against the
 * repository's {@code recheck.allowed}, acknowledges with a 👀 reaction at once (not after the
 * review, which may wait behind another), and queues a review of the PR's current head.
 */
@Singleton
class RecheckRequests {
    private static final Logger LOG = LoggerFactory.getLogger(RecheckRequests.class);

    private final GitHubClient github;
    private final RepositoryPolicies policies;
    private final ReviewQueue queue;
    private final ServiceMetrics metrics;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    RecheckRequests(GitHubClient github, RepositoryPolicies policies, ReviewQueue queue, ServiceMetrics metrics) {
        this.github = github;
        this.policies = policies;
        this.queue = queue;
        this.metrics = metrics;
    }

    void submit(WebhookDecision.Recheck recheck) {
        executor.execute(() -> {
            MDC.put("delivery", recheck.job().deliveryId());
            try {
                handle(recheck);
            } catch (RuntimeException e) {
                LOG.warn("/recheck on {} not handled: {}", recheck.job().pullRequest(), e.getMessage());
                metrics.delivery("issue_comment", "recheck_failed");
            } finally {
                MDC.clear();
            }
        });
    }

    private void handle(WebhookDecision.Recheck recheck) {
        var job = recheck.job();
        RepoRef repo = new RepoRef(job.pullRequest().owner(), job.pullRequest().repo());
        ServicePolicy policy = policies.forRepository(job.installationId(), repo, job.defaultBranch());
        if (!policy.allowsRecheck(recheck.authorAssociation())) {
            LOG.info("/recheck on {} by {} ({}) is not allowed by recheck.allowed", job.pullRequest(),
                    recheck.login(), recheck.authorAssociation());
            metrics.delivery("issue_comment", "recheck_denied");
            return;
        }
        github.addReaction(job.installationId(), repo, recheck.commentId(), "eyes");
        ReviewQueue.Offer offer = queue.offer(job);
        LOG.info("/recheck on {} by {}: {}", job.pullRequest(), recheck.login(), offer);
        metrics.delivery("issue_comment", "recheck_" + offer.name().toLowerCase(java.util.Locale.ROOT));
    }

    @PreDestroy
    void close() {
        executor.shutdown();
    }
}
