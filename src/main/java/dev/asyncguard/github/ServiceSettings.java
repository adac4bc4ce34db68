package dev.asyncguard.github;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How the service works through deliveries.
 *
 * @param maxBodyBytes      largest webhook body accepted (413 above); GitHub caps payloads at 25 MB
 *                          and PR events are far smaller. {@code micronaut.server.max-request-size}
 *                          is set from the same property in application.yml.
 * @param queueCapacity     waiting review jobs before deliveries get 503
 * @param concurrency       reviews running at once (most of a review's time is waiting on GitHub:
 *                          at GitHub's 50-150 ms a call, a worker serves about 2 reviews a second)
 * @param shutdownGrace     how long a shutdown waits for running reviews
 * @param deliveryMemory    how many delivery ids are remembered to spot redeliveries
 * @param deliveryTtl       and for how long
 * @param maxFileBytes      files larger than this are skipped with a note
 * @param fetchConcurrency  file contents fetched in parallel within one run
 * @param maxRunFiles       files one run fetches at most (changed files and imported modules);
 *                          the rest become skipped-file notices
 * @param maxRunBytes       bytes of file content one run fetches at most, likewise: a PR listing
 *                          3,000 one-MiB files cannot fill a pod's memory
 * @param runDeadline       how long one run may take, all its GitHub calls included; past it the
 *                          run stops and its check run says so
 * @param blobCacheBytes    file contents kept by blob SHA for later reviews of the installation's
 *                          repositories (changed files and imported modules), so that no blob is
 *                          fetched twice while it is kept; 0 keeps none
 * @param inProgressAfter   a job that waited longer than this in the queue moves its {@code queued}
 *                          check run to {@code in_progress} when it starts; a job started sooner
 *                          goes from {@code queued} straight to {@code completed}, one call less
 *                          per review (GitHub accepts that step; the user sees no difference)
 * @param findingsCacheBytes findings of earlier reviews kept for a later review of the same files
 *                          with the same inputs (policy, imported modules' blobs), which then
 *                          neither parses nor analyzes them again; 0 keeps none
 * @param analysisConcurrency reviews analyzing at once, of those running (the part that takes CPU
 *                          and holds parse trees); 0: one per available processor
 * @param reviewMemoryBytes bytes of file content the running reviews hold together at most (each
 *                          within its own {@code maxRunBytes}); a review that would pass it waits for
 *                          room or is deferred and run again later; a file larger than it is noted as
 *                          not analyzed. 0: a quarter of the JVM's largest heap
 * @param conditionalCacheBytes bodies of GitHub's answers kept with their ETags, so that a 304 (free of
 *                          rate limit) answers from here; 0: a sixteenth of the JVM's largest heap
 */
@ConfigurationProperties("asyncguard.service")
public record ServiceSettings(
        @Bindable(defaultValue = "5242880") long maxBodyBytes,
        @Bindable(defaultValue = "1000") int queueCapacity,
        @Bindable(defaultValue = "4") int concurrency,
        @Bindable(defaultValue = "25s") Duration shutdownGrace,
        @Bindable(defaultValue = "10000") int deliveryMemory,
        @Bindable(defaultValue = "24h") Duration deliveryTtl,
        @Bindable(defaultValue = "1048576") long maxFileBytes,
        @Bindable(defaultValue = "4") int fetchConcurrency,
        @Bindable(defaultValue = "400") int maxRunFiles,
        @Bindable(defaultValue = "67108864") long maxRunBytes,
        @Bindable(defaultValue = "10m") Duration runDeadline,
        @Bindable(defaultValue = "33554432") long blobCacheBytes,
        @Bindable(defaultValue = "3s") Duration inProgressAfter,
        @Bindable(defaultValue = "16777216") long findingsCacheBytes,
        @Bindable(defaultValue = "0") int analysisConcurrency,
        @Bindable(defaultValue = "0") long reviewMemoryBytes,
        @Bindable(defaultValue = "0") long conditionalCacheBytes) {

    /** Reviews analyzing at once: {@link #analysisConcurrency}, or one per available processor. */
    public int analysesAtOnce() {
        return analysisConcurrency > 0 ? analysisConcurrency : Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
