package dev.asyncguard.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of GitHub's "create a review for a pull request" endpoint
 * ({@code POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews}), byte for byte: the App posts
 * what {@link #write} returns, and {@code asyncguard review --format github-review} prints it.
 * Fields: {@code commit_id}, {@code event}, {@code body}, {@code comments[]} with {@code path},
 * {@code line}, {@code side}, optional {@code start_line}/{@code start_side}, {@code body}.
 * Nothing else, so GitHub sees exactly this. The review's body ends with the hidden
 * {@link #marker} of its head commit, by which a review of that head is found again.
 */
public final class GithubReviewJson {
    /** Compact, as sent over the wire: no indentation, fields in the order above. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private GithubReviewJson() {}

    /**
     * How much of GitHub's 65,536-character review body the marker takes (a SHA-256 commit's, the
     * longer kind): the review's own body is rendered within the rest.
     */
    public static final int MARKER_ROOM = markerLine("0".repeat(64)).length();

    /** Names our review of head {@code sha}; the body carries it in an HTML comment GitHub does not show. */
    public static String marker(String sha) {
        return "asyncguard-review:" + sha;
    }

    private static String markerLine(String sha) {
        return "\n\n<!-- " + marker(sha) + " -->";
    }

    /** The request body for {@code draft}; its {@code commitId} (the reviewed head) names the review. */
    public static String write(ReviewDraft draft) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (draft.commitId() != null) m.put("commit_id", draft.commitId());
        m.put("event", draft.event().name());
        m.put("body", draft.commitId() == null ? draft.body() : draft.body() + markerLine(draft.commitId()));
        List<Map<String, Object>> comments = new ArrayList<>();
        for (InlineComment c : draft.comments()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("path", c.path());
            if (c.startLine() != null) {
                cm.put("start_line", c.startLine());
                cm.put("start_side", c.startSide().name());
            }
            cm.put("line", c.line());
            cm.put("side", c.side().name());
            cm.put("body", c.body());
            comments.add(cm);
        }
        m.put("comments", comments);
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serializes", e);
        }
    }
}
