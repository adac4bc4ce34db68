package dev.asyncguard.github.fetch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The in-process {@link BlobStore}: blob contents by installation and blob SHA, least recently used
 * first out, bounded by total bytes. Keyed per installation so that content one installation could
 * read is never served to another.
 */
public final class BlobCache implements BlobStore {
    private final long maxBytes;
    private long bytes;
    private final LinkedHashMap<String, byte[]> blobs = new LinkedHashMap<>(64, 0.75f, true);

    public BlobCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public synchronized Optional<byte[]> get(long installation, String sha) {
        return Optional.ofNullable(blobs.get(installation + ":" + sha));
    }

    @Override
    public synchronized void put(long installation, String sha, byte[] content) {
        String key = installation + ":" + sha;
        if (content.length > maxBytes || blobs.containsKey(key)) return;
        blobs.put(key, content);
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
