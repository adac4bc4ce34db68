package dev.asyncguard.github.publish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncguard.github.GitHubClient;
import dev.asyncguard.github.GitHubException;
import dev.asyncguard.github.GitHubRateLimited;
import dev.asyncguard.github.RepoRef;
import dev.asyncguard.review.GithubReviewJson;
import dev.asyncguard.review.InlineComment;
import dev.asyncguard.review.ReviewDraft;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our pull-request review of a head: posted once (a hidden marker with the head SHA lets a run
 * again find it), with the inline comments moved into the body when GitHub refuses to place one,
 * and our earlier {@code REQUEST_CHANGES} reviews dismissed once a later one no longer requests changes.
 */
@Singleton
public class ReviewPosting {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewPosting.class);

    private final GitHubClient github;

    public ReviewPosting(GitHubClient github) {
        this.github = github;
    }

    /** Marks our review of a head; the PR's reviews are searched for it so that a head is not reviewed twice. */
    public static String reviewMarker(String sha) {
        return GithubReviewJson.marker(sha);
    }

    /** Whether a review of ours for this head is among the PR's reviews ({@link GitHubClient#reviews}). */
    public boolean alreadyReviewed(List<JsonNode> reviews, String sha) {
        String marker = reviewMarker(sha);
        return ours(reviews).anyMatch(r -> r.path("body").asText("").contains(marker));
    }

    /** Whether any of the PR's reviews is ours: only then can its review comments carry our fingerprints. */
    public boolean anyOurs(List<JsonNode> reviews) {
        return ours(reviews).findAny().isPresent();
    }

    /** The reviews our own App's bot wrote; only those count, as for fingerprints. */
    private java.util.stream.Stream<JsonNode> ours(List<JsonNode> reviews) {
        if (reviews.isEmpty()) return java.util.stream.Stream.empty();     // no need to know our login
        String bot = github.botLogin();
        return reviews.stream().filter(r -> bot.equalsIgnoreCase(r.path("user").path("login").asText()));
    }

    /** Posts the review with its fresh comments, named by the head's marker. */
    public void post(long inst, RepoRef repo, int number, String sha, PullRequestReview draft, List<InlineComment> fresh) {
        // Names the review of this head: a retry after an ambiguous failure finds it among the
        // PR's reviews instead of posting it again.
        String marker = reviewMarker(sha);
        try {
            github.createReview(inst, repo, number, reviewBody(sha, draft, fresh), marker);
        } catch (GitHubException e) {
            if (e.status() != 422 || fresh.isEmpty()) throw e;
            // GitHub refuses the whole review when one comment cannot be placed (a line it does
            // not consider part of the diff); the findings still reach the author, in the body.
            LOG.warn("GitHub refused the inline comments ({}); posting them in the review body", e.getMessage());
            github.createReview(inst, repo, number, reviewBody(sha, withCommentsInBody(draft, fresh, e.getMessage()),
                    List.of()), marker);
        }
    }

    /**
     * Dismisses our own earlier {@code REQUEST_CHANGES} reviews of this PR once a review of a newer
     * head no longer requests changes, so that a fixed PR is not left blocked by us. Reviews of
     * anyone else are never touched. A dismissal that fails is logged: the new review stands.
     *
     * @param reviews the PR's reviews as listed before this run posted (its own review does not request changes)
     */
    public void dismissEarlierRequests(long inst, RepoRef repo, int number, String sha, List<JsonNode> reviews) {
        try {
            for (JsonNode r : ours(reviews).toList()) {
                if (!"CHANGES_REQUESTED".equals(r.path("state").asText())) {
                    continue;
                }
                github.dismissReview(inst, repo, number, r.path("id").asLong(),
                        "asyncguard reviewed " + sha.substring(0, Math.min(7, sha.length()))
                                + " and no longer requests changes.");
                LOG.info("dismissed our earlier REQUEST_CHANGES review {} on {}#{}", r.path("id").asLong(), repo, number);
            }
        } catch (GitHubRateLimited e) {
            throw e;
        } catch (GitHubException e) {
            LOG.warn("could not dismiss earlier reviews on {}#{}: {}", repo, number, e.getMessage());
        }
    }

    /**
     * The create-review body as {@link GithubReviewJson} writes it (its body ends with the head's
     * marker), the same bytes {@code review --format github-review} prints for this change.
     */
    private static String reviewBody(String sha, PullRequestReview draft, List<InlineComment> comments) {
        ReviewDraft review = draft.review();
        return GithubReviewJson.write(new ReviewDraft(sha, review.event(), review.body(), comments));
    }

    private static PullRequestReview withCommentsInBody(PullRequestReview draft, List<InlineComment> comments, String why) {
        ReviewDraft review = draft.review();
        ReviewDraft moved = new ReviewDraft(review.commitId(), review.event(), review.body(), comments).withCommentsInBody(why);
        return new PullRequestReview(moved, draft.conclusion(), draft.title(), draft.summary(), draft.annotations(), draft.findings());
    }
}
