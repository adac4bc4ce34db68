package dev.asyncguard.review;

import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.diff.FilterMode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the caller (policy, CLI flags, the webhook's re-run state) decides about one review.
 *
 * @param filter        which findings are reported, relative to the diff
 * @param maxComments   inline comments per review; the rest are listed in the review body
 * @param suggestions   whether SAFE fixes may become ```suggestion blocks
 * @param alreadyPosted fingerprints found in comments posted by earlier runs; not posted again
 * @param ruleLinks     where rule pages are linked, if anywhere ({@link RuleDocLinks} decides)
 * @param policyText    Markdown describing the policy in force (no heading: the summary gives it one)
 * @param event         the review's event
 * @param commitId      the head commit the review is about (GitHub's {@code commit_id}); may be null locally
 * @param inlineConfidence per rule code, the lowest confidence posted inline (rules not named: HIGH); findings
 *                      below it go to the check run's summary and annotations
 */
public record ReviewOptions(FilterMode filter, int maxComments, boolean suggestions, Set<String> alreadyPosted,
                            RuleDocLinks ruleLinks, String policyText, ReviewEvent event, String commitId,
                            Map<String, Confidence> inlineConfidence) {
    public static final int DEFAULT_MAX_COMMENTS = 25;

    public ReviewOptions {
        if (filter == null || event == null) throw new IllegalArgumentException("filter and event are required");
        if (maxComments < 0) throw new IllegalArgumentException("maxComments must not be negative: " + maxComments);
        alreadyPosted = Set.copyOf(alreadyPosted);
        ruleLinks = ruleLinks == null ? RuleDocLinks.none() : ruleLinks;
        policyText = policyText == null ? "" : policyText;
        inlineConfidence = inlineConfidence == null ? Map.of() : Map.copyOf(inlineConfidence);
    }

    public static ReviewOptions defaults() {
        return new ReviewOptions(FilterMode.ADDED, DEFAULT_MAX_COMMENTS, true, Set.of(), RuleDocLinks.none(), "",
                ReviewEvent.COMMENT, null, Map.of());
    }

    public ReviewOptions withFilter(FilterMode f) {
        return new ReviewOptions(f, maxComments, suggestions, alreadyPosted, ruleLinks, policyText, event, commitId, inlineConfidence);
    }

    public ReviewOptions withMaxComments(int n) {
        return new ReviewOptions(filter, n, suggestions, alreadyPosted, ruleLinks, policyText, event, commitId, inlineConfidence);
    }

    public ReviewOptions withSuggestions(boolean on) {
        return new ReviewOptions(filter, maxComments, on, alreadyPosted, ruleLinks, policyText, event, commitId, inlineConfidence);
    }

    public ReviewOptions withAlreadyPosted(Set<String> fingerprints) {
        return new ReviewOptions(filter, maxComments, suggestions, fingerprints, ruleLinks, policyText, event, commitId, inlineConfidence);
    }

    public ReviewOptions withRuleLinks(RuleDocLinks links) {
        return new ReviewOptions(filter, maxComments, suggestions, alreadyPosted, links, policyText, event, commitId, inlineConfidence);
    }

    public ReviewOptions withPolicyText(String text) {
        return new ReviewOptions(filter, maxComments, suggestions, alreadyPosted, ruleLinks, text, event, commitId, inlineConfidence);
    }

    public ReviewOptions withEvent(ReviewEvent e) {
        return new ReviewOptions(filter, maxComments, suggestions, alreadyPosted, ruleLinks, policyText, e, commitId, inlineConfidence);
    }

    public ReviewOptions withCommitId(String id) {
        return new ReviewOptions(filter, maxComments, suggestions, alreadyPosted, ruleLinks, policyText, event, id, inlineConfidence);
    }

    /** The rule's page, or empty when there is none to link. */
    public Optional<String> docsUrl(String code) {
        return ruleLinks.url(code);
    }

    /** The bar per rule code for inline comments (rules not named: HIGH). */
    public ReviewOptions withInlineConfidence(Map<String, Confidence> bars) {
        return new ReviewOptions(filter, maxComments, suggestions, alreadyPosted, ruleLinks, policyText, event, commitId, bars);
    }

    /** Whether a finding is sure enough to be posted inline under this review's bar for its rule. */
    public boolean inlineWorthy(Finding f) {
        return f.confidence().reaches(inlineConfidence.getOrDefault(f.code(), Confidence.HIGH));
    }
}
