package dev.asyncguard.github.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncguard.review.ReviewPipeline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Python files of commits whose tree was read lately (path, blob SHA, size), by installation,
 * repository and commit. A commit's tree never changes, so the default branch's head, on which
 * every pull request's changes are laid, is read from GitHub once per commit, not once per review.
 * A commit whose tree could not be used (missing, truncated) is remembered as such. Least recently
 * used first out, bounded by the number of paths held.
 */
public final class CommitTrees {
    record Entry(String path, String sha, long size) {}

    private static final long MAX_PATHS = 500_000;
    private final LinkedHashMap<String, Optional<List<Entry>>> trees = new LinkedHashMap<>(16, 0.75f, true);
    private long paths;

    /** Null when the commit's tree was not read yet; empty when it is known not to be usable. */
    synchronized Optional<List<Entry>> get(long installation, String repository, String commit) {
        return trees.get(key(installation, repository, commit));
    }

    synchronized void put(long installation, String repository, String commit, Optional<List<Entry>> tree) {
        Optional<List<Entry>> old = trees.put(key(installation, repository, commit), tree);
        paths += tree.map(List::size).orElse(0) - (old == null ? 0 : old.map(List::size).orElse(0));
        var oldest = trees.entrySet().iterator();
        while (paths > MAX_PATHS && oldest.hasNext()) {
            Map.Entry<String, Optional<List<Entry>>> e = oldest.next();
            paths -= e.getValue().map(List::size).orElse(0);
            oldest.remove();
        }
    }

    /** The Python blobs of GitHub's {@code git/trees/{sha}?recursive=1} answer; empty when GitHub truncated it. */
    static Optional<List<Entry>> pythonFiles(JsonNode tree) {
        if (tree.path("truncated").asBoolean(false)) return Optional.empty();
        List<Entry> out = new java.util.ArrayList<>();
        for (JsonNode entry : tree.path("tree")) {
            String path = entry.path("path").asText();
            if ("blob".equals(entry.path("type").asText()) && ReviewPipeline.isPython(path)) {
                out.add(new Entry(path, entry.path("sha").asText(), entry.path("size").asLong(0)));
            }
        }
        return Optional.of(List.copyOf(out));
    }

    /**
     * A commit's files that a policy includes (within the size limit), path to blob SHA, made once
     * per commit and policy ({@code by}, compared by identity: the policies of a repository whose
     * default branches did not move are the very same object) instead of once per review: a
     * repository of thousands of files costs every review a policy match per file otherwise.
     * {@code make} is asked when it is not kept; the answer is unmodifiable.
     */
    Map<String, String> included(long installation, String repository, String commit, Object by,
                                 java.util.function.Supplier<Map<String, String>> make) {
        String key = key(installation, repository, commit);
        synchronized (this) {
            Included known = included.get(key);
            if (known != null && known.by() == by) return known.blobOfPath();
        }
        Map<String, String> made = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(make.get()));
        synchronized (this) {
            included.put(key, new Included(by, made));
        }
        return made;
    }

    private record Included(Object by, Map<String, String> blobOfPath) {}

    /** At most this many commits' included files are kept (each up to a tree's paths). */
    private static final int MAX_INCLUDED = 32;
    private final LinkedHashMap<String, Included> included = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Included> eldest) {
            return size() > MAX_INCLUDED;
        }
    };

    private static String key(long installation, String repository, String commit) {
        return installation + " " + repository + " " + commit;
    }

    synchronized int size() {
        return trees.size();
    }

    /** For tests: the number of paths held. */
    synchronized long paths() {
        return paths;
    }
}
