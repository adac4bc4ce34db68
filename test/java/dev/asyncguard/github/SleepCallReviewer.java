package dev.asyncguard.github;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately small reviewer for the service's tests, so they can assert the exact requests
 * GitHub receives without depending on the analyzer: every added line calling {@code time.sleep(}
 * gets a comment with a suggestion, a hidden fingerprint, and an annotation. A file containing
 * {@code SYNTAX ERROR} gets an AG001 note instead, like a file that does not parse.
 */
@Singleton
@Requires(property = "asyncguard.test.reviewer", value = "sleep-calls")
final class SleepCallReviewer implements PullRequestReviewer {
    private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(?:,\\d+)? \\+(\\d+)(?:,\\d+)? @@");

    @Override
    public ReviewDraft review(PullRequestSnapshot pr) {
        List<ReviewDraft.Comment> comments = new ArrayList<>();
        List<ReviewDraft.Annotation> annotations = new ArrayList<>();
        for (ChangedFile f : pr.files()) {
            String[] lines = f.content().split("\n", -1);
            if (f.content().contains("SYNTAX ERROR")) {
                annotations.add(new ReviewDraft.Annotation(f.path(), 1, 1, "failure", "AG001 syntax-error",
                        "this file does not parse; it was not analyzed"));
                continue;
            }
            for (int line : addedLines(f.patch())) {
                String text = lines[line - 1];
                if (!text.contains("time.sleep(")) continue;
                String fp = "AG201-" + Integer.toHexString((f.path() + ":" + text.strip()).hashCode());
                String body = "**AG201** `time.sleep()` blocks the event loop.\n\n```suggestion\n"
                        + text.replace("time.sleep(", "await asyncio.sleep(") + "\n```\n<!-- asyncguard:" + fp + " -->";
                comments.add(new ReviewDraft.Comment(f.path(), line, null, body, fp));
                annotations.add(new ReviewDraft.Annotation(f.path(), line, line, "warning", "AG201 blocking-sleep",
                        "time.sleep() blocks the event loop"));
            }
        }
        int findings = annotations.size();
        String summary = findings + " finding(s) in " + pr.files().size() + " file(s)"
                + (pr.skipped().isEmpty() ? "" : "; skipped: " + pr.skipped());
        return new ReviewDraft("COMMENT", "asyncguard found " + comments.size() + " new pitfall(s).", comments,
                findings == 0 ? "success" : "neutral", findings + " asyncio pitfall(s)", summary, annotations, findings);
    }

    static List<Integer> addedLines(String patch) {
        List<Integer> out = new ArrayList<>();
        if (patch == null) return out;
        int next = 0;
        for (String l : patch.split("\n")) {
            Matcher m = HUNK.matcher(l);
            if (m.find()) {
                next = Integer.parseInt(m.group(1));
            } else if (l.startsWith("+")) {
                out.add(next++);
            } else if (l.startsWith(" ")) {
                next++;
            }
        }
        return out;
    }
}
