package dev.asyncguard.github;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * What happens to a review job between its delivery and its end, beyond the queue itself.
 *
 * @param journalDir     without Redis: a directory where the check runs of accepted jobs are noted
 *                       until they complete, so that after a restart (which loses the in-process
 *                       queue) the sweeper can complete them. Unset: no journal, and check runs of
 *                       jobs lost with the process stay open (with Redis the note lives there)
 * @param sweepEvery     how often the sweeper looks for check runs whose job is gone (0: only at start-up)
 * @param sweepAfter     a check run younger than this is never swept (its job may be on its way into the queue)
 * @param acceptWait     how long a run waits for the check run its delivery is still creating
 * @param maxDeferrals   a job deferred (GitHub's rate limit) this many times fails for good
 * @param maxDeferredAge a job received longer ago than this fails for good instead of another deferral
 * @param checkRunAfter  a job's check run shows on the pull request once the job has taken this long since
 *                       its delivery ({@code queued} while it waits, {@code in_progress} while it runs); a
 *                       job done sooner gets its check run created already completed, in one request
 *                       instead of two or three. 0: {@code queued} at the delivery, as GitHub's examples do
 */
@ConfigurationProperties("asyncguard.jobs")
public record JobSettings(
        @Nullable String journalDir,
        @Bindable(defaultValue = "1m") Duration sweepEvery,
        @Bindable(defaultValue = "2m") Duration sweepAfter,
        @Bindable(defaultValue = "10s") Duration acceptWait,
        @Bindable(defaultValue = "5") int maxDeferrals,
        @Bindable(defaultValue = "6h") Duration maxDeferredAge,
        @Bindable(defaultValue = "2s") Duration checkRunAfter) {}
