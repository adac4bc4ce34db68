package dev.asyncguard.github.fetch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Blob contents by blob SHA, least recently used first out, bounded by total bytes. A blob never
 * changes, so a later pull request of the same repository reads its unchanged modules from here
 * instead of from GitHub.
 */
public final class BlobCache {
    private final long maxBytes;
    private long bytes;
    private final LinkedHashMap<String, byte[]> blobs = new LinkedHashMap<>(64, 0.75f, true);

    public BlobCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized Optional<byte[]> get(String sha) {
        return Optional.ofNullable(blobs.get(sha));
    }

    synchronized void put(String sha, byte[] content) {
        if (content.length > maxBytes || blobs.containsKey(sha)) return;
        blobs.put(sha, content);
        bytes += content.length;
        var oldest = blobs.entrySet().iterator();
        while (bytes > maxBytes && oldest.hasNext()) {
            Map.Entry<String, byte[]> e = oldest.next();
            bytes -= e.getValue().length;
            oldest.remove();
        }
    }

    synchronized int size() {
        return blobs.size();
    }
}
