package dev.asyncguard.github.fetch;

import dev.asyncguard.analysis.project.ModuleSummary;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Module summaries by blob SHA and what else a summary depends on (path, module name, target
 * version, the project's top-level names), least recently used first out, bounded by entry count
 * and by estimated bytes. A blob never changes, so a later pull request of the same repository
 * neither fetches nor summarizes its unchanged modules again.
 */
public final class SummaryCache {
    private final int maxEntries;
    private final long maxBytes;
    private long bytes;
    private final LinkedHashMap<String, ModuleSummary> summaries = new LinkedHashMap<>(64, 0.75f, true);

    public SummaryCache(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    static String key(String blobSha, String summaryKey) {
        return blobSha + "|" + summaryKey;
    }

    synchronized Optional<ModuleSummary> get(String key) {
        return Optional.ofNullable(summaries.get(key));
    }

    synchronized void put(String key, ModuleSummary summary) {
        long size = summary.estimatedBytes();
        if (size > maxBytes || summaries.containsKey(key)) return;
        summaries.put(key, summary);
        bytes += size;
        var oldest = summaries.entrySet().iterator();
        while ((bytes > maxBytes || summaries.size() > maxEntries) && oldest.hasNext()) {
            Map.Entry<String, ModuleSummary> e = oldest.next();
            bytes -= e.getValue().estimatedBytes();
            oldest.remove();
        }
    }

    synchronized int size() {
        return summaries.size();
    }

    synchronized long bytes() {
        return bytes;
    }
}
