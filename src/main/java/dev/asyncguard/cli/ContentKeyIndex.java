package dev.asyncguard.cli;

import dev.asyncguard.analysis.AnalysisKey;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The content keys ({@link AnalysisKey#contentKey}) of the files a run read, each with the file's
 * status when it was read (size, modification and status-change time in nanoseconds, device and
 * inode), so that a re-run finds the key of a file whose status is unchanged without reading it, as
 * git's index does (ruff's cache compares size and modification time): a re-run over an unchanged
 * project then reads one entry of the result cache and no source, and the status comes from the
 * folder walk's own and one {@code ctime} read per file. The results stay keyed by content: this
 * only remembers what a content key was. An edit that keeps a file's size, inode and modification
 * time (one followed by {@code touch -d} to the old time) still moves its status-change time, which
 * only the kernel sets: seen (only setting the system clock back could hide a change).
 *
 * <p>A file changed (either time) within {@link #RACY} of being read is read again next time (its
 * times may not have moved on a file system with coarse timestamps: git's "racily clean" entries). Where the
 * file system gives no file identity, nothing is remembered and every file is read. The index is one file in the cache folder, written only when it changed, under a
 * temporary name and moved into place; one that cannot be read is empty.
 */
final class ContentKeyIndex {
    static final String FILE = "content-keys";
    private static final int MAGIC = 0x4147434b;     // "AGCK"
    private static final int FORMAT = 2;
    /** Modified this close to being read: not trusted next time. */
    static final long RACY = TimeUnit.SECONDS.toNanos(2);
    /** Entries not refreshed for this long are dropped when the index is written. */
    private static final long UNUSED = TimeUnit.DAYS.toNanos(30);

    /**
     * A file's status as the index compares it: size, modification and status-change time (epoch
     * nanoseconds), and its identity (device and inode). The status-change time (ctime) is what
     * git's index compares too: the kernel sets it on every write, rename or change of times, and
     * nobody can set it back, so an edit that keeps size, modification time and inode (an edit
     * followed by {@code touch -d} to the old time) still changes it.
     */
    record Stamp(long size, long modified, long changed, String identity) {}

    private record Entry(Stamp stamp, long readAt, byte[] contentKey) {}

    private final Path file;
    private final long racy;
    // Guarded by this: a first run's analyses add to it on their threads while the main thread looks up other groups.
    private Map<String, Entry> entries;
    private boolean changed;

    /** @param racy how soon after a change a file's key is not trusted from its status ({@link #RACY}; tests: 0) */
    ContentKeyIndex(Path cacheDir, long racy) {
        this.file = cacheDir.resolve(FILE);
        this.racy = racy;
    }

    /** A file's status now, or null when it cannot be had (no such file, no file identity, no status-change time). */
    static Stamp stamp(Path path) {
        try {
            return stamp(path, Files.readAttributes(path, BasicFileAttributes.class));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The status of {@code path} from {@code attributes} (a folder walk's) and its status-change
     * time (which those lack: one more system call), or null without a file identity or ctime.
     */
    static Stamp stamp(Path path, BasicFileAttributes attributes) {
        Object identity = attributes.fileKey();
        if (identity == null) return null;
        long changed;
        try {
            changed = ((java.nio.file.attribute.FileTime) Files.getAttribute(path, "unix:ctime")).to(TimeUnit.NANOSECONDS);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return new Stamp(attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS), changed, identity.toString());
    }

    /** The content key of {@code path} when its status is {@code now} as when it was read, else null. */
    synchronized byte[] contentKey(Path path, Stamp now) {
        if (now == null) return null;
        Entry e = load().get(key(path));
        if (e == null || !e.stamp().equals(now)) return null;
        // Written so soon before it was read that a later write may have left its times as they were.
        if (e.readAt() - now.modified() < racy || e.readAt() - now.changed() < racy) return null;
        return e.contentKey();
    }

    /** The time a file is read at, as {@link #put} wants it: taken before its {@link #stamp}, which is taken before the read. */
    static long now() {
        return TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    }

    /**
     * Remembers the content key of the bytes read from {@code path}, whose status was {@code before},
     * taken after {@code readAt} ({@link #now}) and before the read: a file modified at least
     * {@link #RACY} before {@code readAt} gets a later modification or status-change time from any later write.
     */
    synchronized void put(Path path, Stamp before, long readAt, byte[] contentKey) {
        if (before == null) return;
        String k = key(path);
        Entry old = load().get(k);
        if (old != null && old.stamp().equals(before) && Arrays.equals(old.contentKey(), contentKey)
                && old.readAt() - before.modified() >= racy && old.readAt() - before.changed() >= racy) {
            return;     // already trusted: nothing to write
        }
        entries.put(k, new Entry(before, readAt, contentKey));
        changed = true;
    }

    private static String key(Path path) {
        return path.toAbsolutePath().toString();
    }

    private synchronized Map<String, Entry> load() {
        if (entries != null) return entries;
        entries = new HashMap<>();
        try {
            DataInputStream in = ResultCache.checked(file);
            if (in == null || in.readInt() != MAGIC || in.readInt() != FORMAT) return entries;
            int n = in.readInt();
            Map<String, Entry> read = new HashMap<>(Math.max(16, n * 2));
            for (int i = 0; i < n; i++) {
                String path = in.readUTF();
                Stamp s = new Stamp(in.readLong(), in.readLong(), in.readLong(), in.readUTF());
                long readAt = in.readLong();
                byte[] key = new byte[in.readUnsignedByte()];
                in.readFully(key);
                read.put(path, new Entry(s, readAt, key));
            }
            if (in.available() == 0) entries = read;
        } catch (IOException | RuntimeException e) {
            // cut short or not ours: empty
        }
        return entries;
    }

    /** Writes the index if this run changed it; any failure leaves the old one (or none). */
    synchronized void save() {
        if (!changed) return;
        changed = false;
        try {
            long cutoff = now() - UNUSED;
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(buffer);
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            Map<String, Entry> kept = new HashMap<>(entries);
            kept.values().removeIf(e -> e.readAt() < cutoff);
            kept.keySet().removeIf(p -> p.length() > 16_000);     // writeUTF's limit, with room for any characters
            out.writeInt(kept.size());
            for (Map.Entry<String, Entry> e : kept.entrySet()) {
                out.writeUTF(e.getKey());
                Stamp s = e.getValue().stamp();
                out.writeLong(s.size());
                out.writeLong(s.modified());
                out.writeLong(s.changed());
                out.writeUTF(s.identity());
                out.writeLong(e.getValue().readAt());
                out.writeByte(e.getValue().contentKey().length);
                out.write(e.getValue().contentKey());
            }
            Files.createDirectories(file.getParent());
            ResultCache.replace(file, FILE + ".", out, buffer);
        } catch (IOException | RuntimeException e) {
            // the next run reads the files once more
        }
    }
}
