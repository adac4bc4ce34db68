package dev.asyncguard.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.asyncguard.analysis.AnalysisKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ContentKeyIndex}: a content key is known only while the file's status is the one it was read with. */
class ContentKeyIndexTest {
    @TempDir
    Path dir;

    private Path source(String name, String text, long minutesAgo) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(minutesAgo)));
        return file;
    }

    @Test
    void knownWhileTheStatusIsUnchangedAcrossRuns() throws IOException {
        Path cache = dir.resolve("cache");
        Path file = source("a.py", "x = 1\n", 10);
        byte[] key = AnalysisKey.contentKey(Files.readAllBytes(file));
        ContentKeyIndex index = new ContentKeyIndex(cache, ContentKeyIndex.RACY);
        assertNull(index.contentKey(file, ContentKeyIndex.stamp(file)), "nothing known yet");
        index.put(file, ContentKeyIndex.stamp(file), readLater(), key);
        index.save();

        ContentKeyIndex next = new ContentKeyIndex(cache, ContentKeyIndex.RACY);
        assertArrayEquals(key, next.contentKey(file, ContentKeyIndex.stamp(file)), "the next run knows it");
        BasicFileAttributes walked = Files.readAttributes(file, BasicFileAttributes.class);
        assertArrayEquals(key, next.contentKey(file, ContentKeyIndex.stamp(file, walked)), "from a walk's status too");
        assertArrayEquals(key, next.contentKey(file.getParent().resolve(".").resolve("a.py").normalize(), ContentKeyIndex.stamp(file)));

        Files.writeString(file, "x = 22\n");                       // another size
        assertNull(next.contentKey(file, ContentKeyIndex.stamp(file)));
        Files.writeString(file, "x = 1\n");                        // the old size, a new time
        assertNull(next.contentKey(file, ContentKeyIndex.stamp(file)));
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(10)));
        ContentKeyIndex.Stamp now = ContentKeyIndex.stamp(file);
        assertNull(next.contentKey(file, now), "the old size, time and inode: the status-change time moved");
        assertNull(next.contentKey(dir.resolve("other.py"), ContentKeyIndex.stamp(file)), "by path: another file's status is no key");
        assertNull(next.contentKey(file, null), "no status, no key");
    }

    /**
     * A read two seconds after now (and a little: {@link ContentKeyIndex#now} has milliseconds, file
     * times nanoseconds): the files these tests write have a status-change time of now, which no test can date back.
     */
    private static long readLater() {
        return ContentKeyIndex.now() + ContentKeyIndex.RACY + TimeUnit.MILLISECONDS.toNanos(10);
    }

    @Test
    void anEditThatKeepsSizeTimeAndInodeIsSeen() throws IOException {
        Path file = source("a.py", "x = 1\n", 10);
        java.nio.file.attribute.FileTime old = Files.getLastModifiedTime(file);
        ContentKeyIndex index = new ContentKeyIndex(dir.resolve("cache"), ContentKeyIndex.RACY);
        ContentKeyIndex.Stamp before = ContentKeyIndex.stamp(file);
        index.put(file, before, readLater(), AnalysisKey.contentKey(Files.readAllBytes(file)));
        assertNotNull(index.contentKey(file, ContentKeyIndex.stamp(file)));
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap("y".getBytes()), 0);         // in place: the same inode and size
        }
        Files.setLastModifiedTime(file, old);
        ContentKeyIndex.Stamp after = ContentKeyIndex.stamp(file);
        assertEquals(before.size(), after.size());
        assertEquals(before.modified(), after.modified());
        assertEquals(before.identity(), after.identity());
        assertNull(index.contentKey(file, after), "its status-change time moved");
    }

    @Test
    void aFileModifiedJustBeforeItWasReadIsNotTrusted() throws IOException {
        Path file = source("a.py", "x = 1\n", 0);
        ContentKeyIndex index = new ContentKeyIndex(dir.resolve("cache"), ContentKeyIndex.RACY);
        ContentKeyIndex.Stamp stamp = ContentKeyIndex.stamp(file);
        index.put(file, stamp, ContentKeyIndex.now(), AnalysisKey.contentKey(Files.readAllBytes(file)));
        assertNull(index.contentKey(file, stamp), "modified within two seconds of the read");
        long later = Math.max(stamp.modified(), stamp.changed()) + ContentKeyIndex.RACY;
        index.put(file, stamp, later, AnalysisKey.contentKey(Files.readAllBytes(file)));
        assertNotNull(index.contentKey(file, stamp), "read two seconds after its last change");
    }

    @Test
    void aDamagedIndexIsEmptyNeverAnError() throws IOException {
        Path cache = dir.resolve("cache");
        Path file = source("a.py", "x = 1\n", 10);
        ContentKeyIndex index = new ContentKeyIndex(cache, ContentKeyIndex.RACY);
        index.put(file, ContentKeyIndex.stamp(file), readLater(), AnalysisKey.contentKey(Files.readAllBytes(file)));
        index.save();
        byte[] good = Files.readAllBytes(cache.resolve(ContentKeyIndex.FILE));
        for (byte[] bad : List.of(new byte[0], "garbage".getBytes(), java.util.Arrays.copyOf(good, good.length / 2), flipped(good, good.length / 2))) {
            Files.write(cache.resolve(ContentKeyIndex.FILE), bad);
            assertNull(new ContentKeyIndex(cache, ContentKeyIndex.RACY).contentKey(file, ContentKeyIndex.stamp(file)));
        }
        Files.delete(cache.resolve(ContentKeyIndex.FILE));
        Files.createDirectories(cache.resolve(ContentKeyIndex.FILE));       // a folder in its place: cannot be read or written
        ContentKeyIndex blocked = new ContentKeyIndex(cache, ContentKeyIndex.RACY);
        assertNull(blocked.contentKey(file, ContentKeyIndex.stamp(file)));
        blocked.put(file, ContentKeyIndex.stamp(file), ContentKeyIndex.now(), AnalysisKey.contentKey(Files.readAllBytes(file)));
        blocked.save();
    }

    private static byte[] flipped(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= 0x20;
        return copy;
    }
}
