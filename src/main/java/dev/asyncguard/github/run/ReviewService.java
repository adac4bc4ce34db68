package dev.asyncguard.github.run;

import dev.asyncguard.github.ServiceMetrics;
import dev.asyncguard.github.ServiceSettings;
import dev.asyncguard.queue.ReviewJob;
import dev.asyncguard.queue.ReviewQueue;
import io.micronaut.context.annotation.Context;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the queue to the review runs for the life of the application, and stops it cleanly:
 * no new jobs once shutdown starts, running reviews get {@code asyncguard.service.shutdown-grace}
 * to finish, and whatever could not run is logged so that someone can {@code /recheck} it.
 */
@Context
public class ReviewService implements GracefulShutdownCapable {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewService.class);

    private final ReviewQueue queue;
    private final PullRequestReviewRun run;
    private final ServiceSettings settings;
    /** Completes when the queue has stopped; whoever asks first (graceful shutdown or @PreDestroy) does the work. */
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final AtomicBoolean stopping = new AtomicBoolean();

    public ReviewService(ReviewQueue queue, PullRequestReviewRun run, ServiceSettings settings, ServiceMetrics metrics) {
        this.queue = queue;
        this.run = run;
        this.settings = settings;
        metrics.queueDepth(queue::depth);
    }

    @PostConstruct
    void start() {
        queue.start(run);
    }

    public ReviewQueue.Offer submit(ReviewJob job) {
        return queue.offer(job);
    }

    public boolean accepting() {
        return queue.accepting();
    }

    @Override
    public CompletionStage<?> shutdownGracefully() {
        return CompletableFuture.runAsync(this::stop, task -> Thread.ofVirtual().name("review-shutdown").start(task));
    }

    @PreDestroy
    void stop() {
        if (!stopping.compareAndSet(false, true)) {
            stopped.join();     // the context must not close under reviews that are still finishing
            return;
        }
        try {
            LOG.info("stopping: {} review(s) running, {} waiting", queue.running(), queue.depth());
            List<ReviewJob> handedBack = queue.shutdown(settings.shutdownGrace());
            for (ReviewJob job : handedBack) {
                if (queue.handsBackToOthers()) {
                    LOG.info("handed back to the shared queue for another replica: {} ({}, delivery {})",
                            job.pullRequest(), job.trigger(), job.deliveryId());
                } else {
                    LOG.warn("not reviewed before shutdown: {} ({}, delivery {}); comment /recheck on it to review it",
                            job.pullRequest(), job.trigger(), job.deliveryId());
                }
            }
        } finally {
            stopped.complete(null);
        }
    }
}
