package dev.asyncguard.github;

import java.util.List;
import java.util.Optional;

/**
 * Hunks for files whose {@code patch} GitHub left out of the file list (it does so for large
 * diffs): cut from the whole PR's unified diff, or for an added file, every line as added.
 */
final class PullRequestDiffs {
    private PullRequestDiffs() {}

    /**
     * The hunks (from the first {@code @@}) of {@code path} in a multi-file {@code git diff},
     * in the same form as GitHub's per-file {@code patch}.
     */
    static Optional<String> patchOf(String unifiedDiff, String path) {
        List<String> lines = unifiedDiff.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("diff --git ")) continue;
            int j = i + 1;
            boolean ours = false;
            for (; j < lines.size() && !lines.get(j).startsWith("diff --git ") && !lines.get(j).startsWith("@@"); j++) {
                String l = lines.get(j);
                if (l.startsWith("+++ ") && stripPrefix(l.substring(4)).equals(path)) ours = true;
            }
            if (!ours) continue;
            StringBuilder patch = new StringBuilder();
            for (; j < lines.size() && !lines.get(j).startsWith("diff --git "); j++) {
                if (!patch.isEmpty()) patch.append('\n');
                patch.append(lines.get(j));
            }
            return patch.isEmpty() ? Optional.empty() : Optional.of(patch.toString());
        }
        return Optional.empty();
    }

    private static String stripPrefix(String s) {
        String p = s.strip();
        if (p.startsWith("\"") && p.endsWith("\"") && p.length() > 1) p = p.substring(1, p.length() - 1);
        return p.startsWith("b/") ? p.substring(2) : p;
    }

    /** An added file's whole content as one hunk of added lines. */
    static String allAdded(String content) {
        List<String> lines = content.lines().toList();
        StringBuilder sb = new StringBuilder("@@ -0,0 +1," + lines.size() + " @@");
        for (String l : lines) sb.append("\n+").append(l);
        return sb.toString();
    }
}
