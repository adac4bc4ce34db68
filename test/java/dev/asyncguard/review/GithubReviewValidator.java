package dev.asyncguard.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncguard.diff.FileDiff;
import dev.asyncguard.diff.Hunk;
import dev.asyncguard.diff.UnifiedDiff;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a create-review request body the way GitHub does before it answers 422: known fields,
 * a valid event and a body where the event needs one, and for each comment a path in the diff, a
 * RIGHT-side {@code line} inside a hunk, {@code start_line} before {@code line} in the same hunk, and
 * at most one well-formed ```suggestion block. Reusable by any test that produces a review.
 */
public final class GithubReviewValidator {
    private static final Set<String> TOP_FIELDS = Set.of("commit_id", "event", "body", "comments");
    private static final Set<String> COMMENT_FIELDS = Set.of("path", "line", "side", "start_line", "start_side", "body");
    private static final Set<String> EVENTS = Set.of("APPROVE", "REQUEST_CHANGES", "COMMENT");
    private static final int BODY_LIMIT = 65_536;
    private static final Pattern SUGGESTION_OPEN = Pattern.compile("(?m)^(`{3,})suggestion[ \\t]*$");

    /** A suggestion found in a comment: the file lines it replaces and the new content. */
    public record Suggestion(String path, int first, int last, String content) {}

    private GithubReviewValidator() {}

    /** Every rule the request breaks, as readable messages; empty when GitHub would accept it. */
    public static List<String> violations(String json, UnifiedDiff diff) {
        List<String> out = new ArrayList<>();
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) return List.of("the body is not a JSON object");
        unknownFields(root, TOP_FIELDS, "review", out);
        JsonNode commit = root.get("commit_id");
        if (commit != null && !(commit.isTextual() && commit.asText().matches("[0-9a-f]{40}|[0-9a-f]{64}"))) {
            out.add("commit_id is not a commit SHA: " + commit);
        }
        String event = root.path("event").asText("");
        if (!EVENTS.contains(event)) out.add("event must be one of " + EVENTS + ", was '" + event + "'");
        JsonNode body = root.get("body");
        if ((event.equals("COMMENT") || event.equals("REQUEST_CHANGES"))
                && (body == null || !body.isTextual() || body.asText().isBlank())) {
            out.add("a " + event + " review needs a non-empty body");
        }
        if (body != null && body.asText().length() > BODY_LIMIT) out.add("review body longer than " + BODY_LIMIT);
        JsonNode comments = root.get("comments");
        if (comments == null) return out;
        if (!comments.isArray()) {
            out.add("comments must be an array");
            return out;
        }
        for (int i = 0; i < comments.size(); i++) {
            comment(comments.get(i), "comments[" + i + "]", diff, out);
        }
        return out;
    }

    private static void comment(JsonNode c, String where, UnifiedDiff diff, List<String> out) {
        if (!c.isObject()) {
            out.add(where + " is not an object");
            return;
        }
        unknownFields(c, COMMENT_FIELDS, where, out);
        String path = c.path("path").asText(null);
        String body = c.path("body").asText("");
        if (body.isBlank()) out.add(where + ": body is empty");
        if (body.length() > BODY_LIMIT) out.add(where + ": body longer than " + BODY_LIMIT);
        if (!c.path("line").isInt() || c.get("line").asInt() < 1) {
            out.add(where + ": line must be a positive integer");
            return;
        }
        int line = c.get("line").asInt();
        if (!"RIGHT".equals(c.path("side").asText(null))) out.add(where + ": side must be RIGHT, was " + c.get("side"));
        Optional<FileDiff> file = path == null ? Optional.empty() : diff.file(path);
        if (file.isEmpty() || file.get().newPath() == null || file.get().binary()) {
            out.add(where + ": path '" + path + "' is not a file with a new side in the diff");
            return;
        }
        Optional<Hunk> hunk = file.get().changedLines().hunkContaining(line);
        if (hunk.isEmpty()) out.add(where + ": line " + line + " of " + path + " is not inside any hunk");
        boolean hasStart = c.has("start_line") && !c.get("start_line").isNull();
        boolean hasStartSide = c.has("start_side") && !c.get("start_side").isNull();
        int first = line;
        if (hasStart) {
            if (!c.get("start_line").isInt()) {
                out.add(where + ": start_line must be an integer");
                return;
            }
            first = c.get("start_line").asInt();
            if (first >= line) out.add(where + ": start_line " + first + " must be before line " + line);
            if (!"RIGHT".equals(c.path("start_side").asText(null))) out.add(where + ": start_side must be RIGHT with start_line");
            if (hunk.isPresent() && !hunk.get().coversNewLine(first)) {
                out.add(where + ": start_line " + first + " is not in the same hunk as line " + line);
            }
        } else if (hasStartSide) {
            out.add(where + ": start_side without start_line");
        }
        suggestion(body, where, out);
    }

    /** The content of the one suggestion block in a comment body, if any; malformed blocks are reported. */
    private static Optional<String> suggestion(String body, String where, List<String> out) {
        Matcher open = SUGGESTION_OPEN.matcher(body);
        if (!open.find()) return Optional.empty();
        int fence = open.group(1).length();
        if (open.find()) out.add(where + ": more than one suggestion block");
        open.reset().find();
        String[] rest = body.substring(Math.min(open.end() + 1, body.length())).split("\n", -1);
        List<String> lines = new ArrayList<>();
        for (String l : rest) {
            // CommonMark: a line of at least as many backticks (and nothing else) closes the block.
            if (l.strip().matches("`{" + fence + ",}")) return Optional.of(String.join("\n", lines));
            if (l.contains("`".repeat(fence))) out.add(where + ": suggestion content holds a backtick run as long as its fence");
            lines.add(l);
        }
        out.add(where + ": suggestion block is never closed");
        return Optional.empty();
    }

    /** Every suggestion in the request, with the lines its comment covers (start_line or line .. line). */
    public static List<Suggestion> suggestions(String json) {
        try {
            List<Suggestion> out = new ArrayList<>();
            for (JsonNode c : new ObjectMapper().readTree(json).path("comments")) {
                int line = c.get("line").asInt();
                int first = c.has("start_line") ? c.get("start_line").asInt() : line;
                suggestion(c.get("body").asText(), "", new ArrayList<>())
                        .ifPresent(s -> out.add(new Suggestion(c.get("path").asText(), first, line, s)));
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The file after GitHub applies a suggestion: lines first..last replaced by its content. */
    public static String apply(String text, Suggestion s) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        boolean endsWithNewline = text.endsWith("\n");
        if (endsWithNewline) lines.remove(lines.size() - 1);
        List<String> replacement = s.content().isEmpty() ? List.of() : List.of(s.content().split("\n", -1));
        List<String> result = new ArrayList<>(lines.subList(0, s.first() - 1));
        result.addAll(replacement);
        result.addAll(lines.subList(s.last(), lines.size()));
        return String.join("\n", result) + (endsWithNewline ? "\n" : "");
    }

    private static void unknownFields(JsonNode node, Set<String> allowed, String where, List<String> out) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) out.add(where + ": unknown field '" + f + "'");
        }
    }
}
