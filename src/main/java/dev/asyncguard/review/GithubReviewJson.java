package dev.asyncguard.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of GitHub's "create a review for a pull request" endpoint
 * ({@code POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews}): {@code commit_id}, {@code event},
 * {@code body}, {@code comments[]} with {@code path}, {@code line}, {@code side}, optional
 * {@code start_line}/{@code start_side}, {@code body}. Nothing else, so GitHub sees exactly this.
 */
public final class GithubReviewJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GithubReviewJson() {}

    public static Map<String, Object> body(ReviewDraft draft) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (draft.commitId() != null) m.put("commit_id", draft.commitId());
        m.put("event", draft.event().name());
        m.put("body", draft.body());
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
        return m;
    }

    public static String write(ReviewDraft draft) {
        try {
            return JSON.writeValueAsString(body(draft));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serializes", e);
        }
    }
}
