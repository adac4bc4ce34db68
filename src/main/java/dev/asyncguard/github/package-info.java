/**
 * The GitHub App. Its parts follow a review job's path, each with one job:
 * <ul>
 *   <li>{@code intake}: {@code POST /github/webhook}: the signature check, reading the event,
 *       delivery-id dedupe, {@code /recheck}; it hands jobs to the {@link dev.asyncguard.queue queue}
 *       and answers 202 once a job is durably queued;</li>
 *   <li>{@code run}: one review of one pull request at one head, taken from the queue (the queue's
 *       worker), with the run's deadline and its outcome;</li>
 *   <li>{@code fetch}: what a run reads from GitHub, the pull request's snapshot: changed files and
 *       their diff, unchanged modules they import, blob and summary caches, the per-run fetch budget,
 *       the repository's policy;</li>
 *   <li>{@code publish}: what a run writes to GitHub: the review (once per head) and the check run.</li>
 * </ul>
 * This package itself holds what they share: {@link dev.asyncguard.github.GitHubClient} (every
 * REST call, retries, rate limits, conditional reads), the App's credentials and installation
 * tokens, the service's settings and metrics, the Redis connection. {@code ArchitectureTest}
 * enforces the direction: intake and run may use fetch and publish, which use neither each other
 * nor intake or run.
 */
package dev.asyncguard.github;
