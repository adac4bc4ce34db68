package dev.asyncguard.cli;

import dev.asyncguard.analysis.AnalysisKey;
import dev.asyncguard.analysis.Applicability;
import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.Edit;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.python.PythonVersion;
import dev.asyncguard.python.ast.SourceRange;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * {@code check}'s results kept between runs, as ruff keeps its own: in {@code .asyncguard_cache/}
 * of the project root (a folder git ignores by the {@code .gitignore} inside it), one entry per
 * group of files analyzed together, keyed ({@link AnalysisKey}) by everything the results depend on: asyncguard's
 * build, the analysis settings (rules and severities, Python target, the policy, cross-file
 * summaries on or off), and each file's path and content. A group's findings depend on all its
 * files (a coroutine in one sees blocking helpers of another), so one changed file is a miss for
 * its group.
 *
 * <p>An entry that cannot be read, is cut short or fails its checksum is a miss, never an error;
 * one that cannot be written is skipped. Entries are written under a temporary name and moved
 * into place, so a run never reads half an entry written by another.
 */
final class ResultCache {
    /** The cache folder's name in a project root. */
    static final String FOLDER = ".asyncguard_cache";
    private static final int MAGIC = 0x41475243;     // "AGRC"
    private static final int FORMAT = 1;

    private final Path dir;
    private final String version;
    private final ContentKeyIndex contentKeys;

    /**
     * @param dir     the cache folder ({@code .asyncguard_cache} of a project root, or {@code --cache-dir})
     * @param version asyncguard's build (see {@link #buildVersion}): entries of another build are never read
     */
    ResultCache(Path dir, String version) {
        this(dir, version, ContentKeyIndex.RACY);
    }

    /** @param racy how soon after a change a file's content key is not trusted from its status (tests: 0) */
    ResultCache(Path dir, String version, long racy) {
        this.dir = dir;
        this.version = version;
        this.contentKeys = new ContentKeyIndex(dir, racy);
    }

    /** The content keys of files read before, by their status: what lets a re-run read no source (see {@link ContentKeyIndex}). */
    ContentKeyIndex contentKeys() {
        return contentKeys;
    }

    Path dir() {
        return dir;
    }

    /** A key of this build's results ({@link AnalysisKey}, shared with the webhook service's cache of findings). */
    AnalysisKey newKey() {
        return AnalysisKey.of(version);
    }

    /**
     * Whether the folder holds any stored results (of any build or project), as it did when first
     * asked in this run: where it holds none, no key finds any, and a run need not read its files
     * ahead to look one up.
     */
    boolean holdsResults() {
        if (holdsResults == null) {
            try (var files = Files.list(dir)) {
                holdsResults = files.anyMatch(p -> p.getFileName().toString().matches("[0-9a-f]{64}"));
            } catch (IOException | RuntimeException e) {
                holdsResults = false;     // no folder yet
            }
        }
        return holdsResults;
    }

    private Boolean holdsResults;

    /** The results stored under {@code key}, or null when there are none usable. */
    List<CheckCommand.FileResult> read(String key, PythonVersion version) {
        Path entry = dir.resolve(key);
        try {
            DataInputStream in = checked(entry);
            if (in == null) return null;
            if (in.readInt() != MAGIC || in.readInt() != FORMAT || !in.readUTF().equals(key)) return null;
            int files = in.readInt();
            List<CheckCommand.FileResult> out = new ArrayList<>(files);
            for (int i = 0; i < files; i++) {
                Path file = Path.of(in.readUTF());
                int count = in.readInt();
                List<Finding> findings = new ArrayList<>(count);
                for (int k = 0; k < count; k++) findings.add(finding(in));
                out.add(new CheckCommand.FileResult(file, List.copyOf(findings), null, version));
            }
            if (in.available() != 0) return null;
            touch(entry);
            return out;
        } catch (IOException | RuntimeException e) {
            return null;    // cut short, or not ours: a miss
        }
    }

    /** Stores {@code results} under {@code key}; any failure leaves the cache as it was. */
    void write(String key, List<CheckCommand.FileResult> results) {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(buffer);
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(key);
            out.writeInt(results.size());
            for (CheckCommand.FileResult r : results) {
                out.writeUTF(r.file().toString());
                out.writeInt(r.findings().size());
                for (Finding f : r.findings()) finding(out, f);
            }
            prepare();
            replace(dir.resolve(key), key.substring(0, 16) + ".", out, buffer);
            prune();
        } catch (IOException | RuntimeException e) {
            // a cache that cannot be written only costs the next run its time
        }
    }

    /**
     * The payload of a file this cache wrote ({@link #replace}), or null when it cannot be read or
     * its checksum (CRC-32 of the rest, in its last 8 bytes) does not match: cut short, damaged, or not ours.
     */
    static DataInputStream checked(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            return null;
        }
        if (bytes.length < 8) return null;
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = 0;
        for (int i = bytes.length - 8; i < bytes.length; i++) stored = (stored << 8) | (bytes[i] & 0xff);
        if (stored != crc.getValue()) return null;
        return new DataInputStream(new java.io.ByteArrayInputStream(bytes, 0, bytes.length - 8));
    }

    /**
     * Ends what {@code out} wrote into {@code buffer} with its checksum, writes it to a temporary
     * file named {@code prefix...tmp} beside {@code target} and moves that onto {@code target}: a
     * reader sees the old file or the new one, never half; nothing is left behind on failure.
     */
    static void replace(Path target, String prefix, DataOutputStream out, ByteArrayOutputStream buffer) throws IOException {
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(buffer.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        writeAtomically(target, prefix, buffer.toByteArray());
    }

    /**
     * Writes {@code bytes} to a temporary file named {@code prefix...tmp} beside {@code target} and
     * moves it onto {@code target}: a reader sees the old file or the new one, never half; nothing
     * is left behind on failure.
     */
    static void writeAtomically(Path target, String prefix, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), prefix, ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } finally {
            if (tmp != null) Files.deleteIfExists(tmp);
        }
    }

    /** Entries neither written nor read for this long are deleted when a run writes (ruff has {@code ruff clean}; we tidy as we go). */
    static final java.time.Duration UNUSED = java.time.Duration.ofDays(30);
    private boolean pruned;

    /** A hit marks its entry as used, so that {@link #prune} keeps it. */
    private static void touch(Path entry) {
        try {
            Files.setLastModifiedTime(entry, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException | RuntimeException e) {
            // read-only caches still serve
        }
    }

    /** Deletes entries, records of runs ({@link RunManifest}) and temporary files of runs that died, unused for {@link #UNUSED}; once per run and folder. */
    void prune() {
        if (pruned) return;
        pruned = true;
        long cutoff = System.currentTimeMillis() - UNUSED.toMillis();
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (!name.matches("[0-9a-f]{64}|([0-9a-f]{16}|" + ContentKeyIndex.FILE + ")\\..*\\.tmp")
                        && !name.startsWith(RunManifest.PREFIX)) continue;
                try {
                    if (Files.getLastModifiedTime(p).toMillis() < cutoff) Files.deleteIfExists(p);
                } catch (IOException | RuntimeException e) {
                    // another run got there first
                }
            }
        } catch (IOException | RuntimeException e) {
            // nothing to tidy
        }
    }

    /** The folder, with a {@code .gitignore} that ignores all of it and a {@code CACHEDIR.TAG} for backup tools. */
    private void prepare() throws IOException {
        Files.createDirectories(dir);
        writeOnce(dir.resolve(".gitignore"), "# Created by asyncguard: its result cache, safe to delete.\n*\n");
        writeOnce(dir.resolve("CACHEDIR.TAG"), "Signature: 8a477f597d28d172789f06886806bc55\n"
                + "# This file is a cache directory tag created by asyncguard.\n");
    }

    private static void writeOnce(Path file, String text) throws IOException {
        if (Files.exists(file)) return;
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void finding(DataOutputStream out, Finding f) throws IOException {
        out.writeUTF(f.code());
        out.writeUTF(f.name());
        out.writeUTF(f.severity().name());
        out.writeUTF(f.path());
        range(out, f.range());
        text(out, f.message());
        out.writeUTF(f.confidence().name());
        Fix fix = f.fix();
        out.writeBoolean(fix != null);
        if (fix == null) return;
        text(out, fix.title());
        out.writeUTF(fix.applicability().name());
        nullable(out, fix.example());
        out.writeInt(fix.edits().size());
        for (Edit e : fix.edits()) {
            range(out, e.range());
            text(out, e.replacement());
        }
    }

    private static Finding finding(DataInputStream in) throws IOException {
        String code = in.readUTF();
        String name = in.readUTF();
        Severity severity = Severity.valueOf(in.readUTF());
        String path = in.readUTF();
        SourceRange range = range(in);
        String message = text(in);
        Confidence confidence = Confidence.valueOf(in.readUTF());
        Fix fix = null;
        if (in.readBoolean()) {
            String title = text(in);
            Applicability applicability = Applicability.valueOf(in.readUTF());
            String example = nullable(in);
            int n = in.readInt();
            List<Edit> edits = new ArrayList<>(n);
            for (int i = 0; i < n; i++) edits.add(new Edit(range(in), text(in)));
            fix = new Fix(title, List.copyOf(edits), applicability, example);
        }
        return new Finding(code, name, severity, path, range, message, fix, confidence);
    }

    private static void range(DataOutputStream out, SourceRange r) throws IOException {
        out.writeInt(r.startLine());
        out.writeInt(r.startColumn());
        out.writeInt(r.endLine());
        out.writeInt(r.endColumn());
    }

    private static SourceRange range(DataInputStream in) throws IOException {
        return new SourceRange(in.readInt(), in.readInt(), in.readInt(), in.readInt());
    }

    /** Text of any length (writeUTF stops at 64 KiB), as UTF-8. */
    private static void text(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String text(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) throw new IOException("bad length");
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    private static void nullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) text(out, s);
    }

    private static String nullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? text(in) : null;
    }

    /**
     * asyncguard's version and which build of it runs: the jar's size and time, or, running from
     * compiled classes (tests, an IDE), the newest class file's time. A rebuilt jar with new rules
     * never reads the results of the old one.
     */
    static String buildVersion() {
        String stamp = "unknown";
        try {
            java.security.CodeSource source = ResultCache.class.getProtectionDomain().getCodeSource();
            Path where = source == null ? null : Path.of(source.getLocation().toURI());
            if (where != null && Files.isRegularFile(where)) {
                stamp = Files.size(where) + "." + Files.getLastModifiedTime(where).toMillis();
            } else if (where != null && Files.isDirectory(where)) {
                try (var files = Files.walk(where)) {
                    stamp = "classes." + files.filter(Files::isRegularFile).mapToLong(p -> {
                        try {
                            return Files.getLastModifiedTime(p).toMillis();
                        } catch (IOException e) {
                            return Long.MAX_VALUE;
                        }
                    }).max().orElse(0);
                }
            }
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            stamp = "unknown." + System.nanoTime();    // never matches: no cache rather than a wrong one
        }
        return Main.VERSION + "+" + stamp;
    }
}
