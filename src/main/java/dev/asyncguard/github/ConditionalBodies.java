package dev.asyncguard.github;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bodies of GitHub's answers to conditional GETs, with their ETags, by request: a later
 * {@code If-None-Match} that GitHub answers 304 (which costs no rate limit) is answered from here.
 * Least recently used first out, bounded by the bytes of the bodies it holds.
 */
final class ConditionalBodies {
    /** An answer: its ETag, body and headers (a listing's {@code Link} to its next page among them). */
    record Entry(String etag, byte[] body, java.net.http.HttpHeaders headers) {}

    private final long maxBytes;
    private long bytes;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);

    /**
     * What the cache holds at most, in bytes of bodies: {@code asyncguard.service.conditional-cache-bytes},
     * or when that is 0 a sixteenth of the largest heap (10 MiB of the chart's 169 MB): it keeps every
     * pull request's listings (files with their patches, reviews), which only a later delivery for
     * the same pull request asks again.
     */
    static long bytesFor(long configured, long maxHeap) {
        return configured > 0 ? configured : Math.max(1 << 20, maxHeap / 16);
    }

    ConditionalBodies(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized Entry get(String key) {
        return entries.get(key);
    }

    synchronized void put(String key, String etag, byte[] body, java.net.http.HttpHeaders headers) {
        if (body.length > maxBytes) return;
        Entry old = entries.put(key, new Entry(etag, body, headers));
        if (old != null) bytes -= old.body().length;
        bytes += body.length;
        var oldest = entries.entrySet().iterator();
        while (bytes > maxBytes && oldest.hasNext()) {
            Map.Entry<String, Entry> e = oldest.next();
            bytes -= e.getValue().body().length;
            oldest.remove();
        }
    }

    synchronized long bytes() {
        return bytes;
    }
}
