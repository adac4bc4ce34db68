package dev.asyncguard.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything a {@code check}'s output depended on, with the output itself, for {@code bin/asyncguard}
 * to print again without starting a JVM: a re-run over unchanged files then costs a {@code find}
 * over the recorded paths (what Ruff's cached re-run costs: the status of every file), where a JVM
 * start alone is several times that.
 *
 * <p>The launcher passes, in {@link #FILE_ENV} and {@link #CONTEXT_ENV}, where to write the record
 * and one line that names everything of the command line it sees (arguments, working directory,
 * JDK, the environment variables that change output, whether standard output and error are
 * terminals). This run adds every path its output depended on: the working directory, the jar and
 * the JDK, each file and folder of the folder walk, each {@code .gitignore}, {@code .git} and
 * configuration file read or looked for (present or not: a file that appears later changes the
 * outcome), and each source analyzed. The record holds those paths, and the MD5 digest of their
 * statuses as GNU {@code find -L -printf} prints them: type, size, inode, device, modification and
 * status-change time in nanoseconds ({@code .git} by its type alone: git rewrites its contents all
 * the time). The launcher prints the recorded output and exits with the recorded status only when
 * {@code find} prints lines of the same digest; anything else runs the JVM, which stays the
 * reference. An absent path that is an entry of a listed folder is left out (see {@link
 * #absenceImplied}): the folder's times say it is still absent.
 *
 * <p>The record: lines {@link #MAGIC}, the context, the exit status, the digest, the number of
 * standard error's lines and those lines, the same for standard output, {@code end}; then the
 * paths to the end of the file, each ended by a NUL, which the launcher's {@code find
 * -files0-from -} reads where its shell's {@code read} stopped: the launcher reads the record once
 * and holds neither the paths nor their statuses in shell variables (with two thousand paths that
 * costs more than the {@code find}).
 *
 * <p>Sound because the status-change time (ctime) moves on every change of a file, its contents,
 * times, name or links, and nobody sets it but the kernel: an edit that keeps size, modification
 * time and inode still moves it, and a file replaced by {@code mv} is another inode. A path whose
 * modification or status-change time is within {@link ContentKeyIndex#RACY} of this run's start
 * may have changed while it was read: no record is written (git's racily-clean rule). Written
 * only for a run whose output can be replayed as it was: exit status 0 or 1, standard error
 * entirely before standard output, each empty or ending in a line break, no NUL byte, paths
 * without line breaks; then under a temporary name and moved into place, in a result cache folder
 * this run used.
 */
final class RunManifest {
    /** The record's file, chosen by the launcher (a name in the result cache folder). */
    static final String FILE_ENV = "ASYNCGUARD_RUN_MANIFEST";
    /** Folders and files (separated by {@code :}) whose every file the record holds too: a checkout's sources, which the jar is built from. */
    static final String SOURCES_ENV = "ASYNCGUARD_RUN_SOURCES";
    /** The launcher's line for the command line, copied into the record for it to compare. */
    static final String CONTEXT_ENV = "ASYNCGUARD_RUN_CONTEXT";
    static final String MAGIC = "asyncguard-run 2";
    /** Records of a cache folder: ResultCache's tidying deletes those unused for a month. */
    static final String PREFIX = "launch-";
    /** The status line of a path as {@code find -L PATH -maxdepth 0 -printf} prints it; {@code bin/asyncguard} uses the same. */
    static final String FIND_FORMAT = "%p\\t%y %s %i %D %T@ %C@\\n";
    /** {@code .git} by its type alone. */
    static final String FIND_FORMAT_GIT = "%p\\t%y\\n";

    private final Path file;
    private final String context;
    private final long startedAt;
    private final Set<Path> paths = new LinkedHashSet<>();
    private final List<Path> trees = new ArrayList<>();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    /** Standard error written after standard output: a replay could not keep the order. */
    private boolean interleaved;
    private boolean replayable = true;

    RunManifest(Path file, String context, long startedAt) {
        this.file = file;
        this.context = context;
        this.startedAt = startedAt;
        dependsOn(Path.of(""));
        String home = System.getProperty("java.home");
        if (home != null) {
            dependsOn(Path.of(home, "release"));
            dependsOn(Path.of(home, "lib", "modules"));
        }
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) dependsOn(Path.of(entry));
        }
    }

    /** The record the launcher asked for, or null (run directly, or not by the launcher). */
    static RunManifest fromEnvironment(Map<String, String> env) {
        String file = env.get(FILE_ENV);
        String context = env.get(CONTEXT_ENV);
        if (file == null || context == null || context.isEmpty() || context.indexOf('\n') >= 0) return null;
        try {
            Path p = Path.of(file);
            if (!p.isAbsolute() || p.getFileName() == null || !p.getFileName().toString().startsWith(PREFIX)) return null;
            RunManifest manifest = new RunManifest(p, context, ContentKeyIndex.now());
            // The JDK as the launcher names it: a JAVA_HOME that is a link re-pointed to another JDK leads to another release file.
            String javaHome = env.get("JAVA_HOME");
            if (javaHome != null && !javaHome.isEmpty()) manifest.dependsOn(Path.of(javaHome, "release"));
            String sources = env.getOrDefault(SOURCES_ENV, "");
            for (String root : sources.isEmpty() ? new String[0] : sources.split(":")) manifest.dependsOnAll(Path.of(root));
            return manifest;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Adds a path the output depended on: read, walked, or looked for and absent. */
    void dependsOn(Path path) {
        try {
            paths.add(path.toAbsolutePath());
        } catch (RuntimeException e) {
            replayable = false;
        }
    }

    /** {@code root} and, for a folder, everything in it (links not followed); walked when the record is written. */
    void dependsOnAll(Path root) {
        trees.add(root);
    }

    /** What {@link #dependsOn} takes, for code that also runs without a record. */
    Consumer<Path> dependencies() {
        return this::dependsOn;
    }

    /** Nothing is recorded for this run (fixes, standard input, no cache). */
    void notReplayable() {
        replayable = false;
    }

    /** {@code real} with a copy of what goes through it kept for the record. */
    OutputStream stdout(OutputStream real) {
        return new Copy(real, stdout, false);
    }

    /** {@code real} with a copy of what goes through it kept for the record. */
    OutputStream stderr(OutputStream real) {
        return new Copy(real, stderr, true);
    }

    private final class Copy extends OutputStream {
        private final OutputStream real;
        private final ByteArrayOutputStream copy;
        private final boolean error;

        Copy(OutputStream real, ByteArrayOutputStream copy, boolean error) {
            this.real = real;
            this.copy = copy;
            this.error = error;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) return;
            if (error && stdout.size() > 0) interleaved = true;
            real.write(b, off, len);
            copy.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            real.flush();
        }
    }

    /**
     * Writes the record of a run that ended with {@code status}, if it can be replayed and its
     * folder is one of the result cache folders it used ({@code cacheDirs}); else leaves any older
     * one, which the launcher then finds different from this state (or the run's context).
     */
    void write(int status, Collection<Path> cacheDirs) {
        if (!replayable || interleaved || (status != 0 && status != CheckCommand.FINDINGS)) return;
        Path folder = file.getParent();
        if (cacheDirs.stream().noneMatch(d -> sameFolder(d, folder))) return;
        byte[] out = stdout.toByteArray();
        byte[] err = stderr.toByteArray();
        if (!lines(out) || !lines(err)) return;
        for (Path root : trees) {
            dependsOn(root);
            if (!Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) continue;
            try (var all = Files.walk(root)) {
                all.forEach(this::dependsOn);
            } catch (IOException | RuntimeException e) {
                return;
            }
        }
        boolean utf8 = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", ""));
        Map<Path, Status> statuses = new HashMap<>();
        long trusted = startedAt - ContentKeyIndex.RACY;
        for (Path p : paths) {
            String name = p.toString();
            if (name.indexOf('\n') >= 0 || (!utf8 && !name.chars().allMatch(c -> c < 0x80))) return;
            Status s = Status.of(p);
            if (s == Status.UNKNOWN) return;
            if (s == null) continue;                // absent: find prints nothing for it
            if (s.modified() >= trusted || s.changed() >= trusted) return;    // may have changed as it was read
            statuses.put(p, s);
        }
        if (statuses.isEmpty()) return;
        Set<Path> folders = new java.util.HashSet<>();      // listed folders whose times the listing compares
        statuses.forEach((p, s) -> {
            if (s.type() == 'd' && !isGit(p)) folders.add(withoutDots(p));
        });
        try {
            MessageDigest listing = MessageDigest.getInstance("MD5");
            ByteArrayOutputStream looked = new ByteArrayOutputStream();
            for (Path p : paths) {
                Status s = statuses.get(p);
                if (s != null) listing.update((s.line(p) + "\n").getBytes(StandardCharsets.UTF_8));
                else if (absenceImplied(p, folders)) continue;
                looked.writeBytes(p.toString().getBytes(StandardCharsets.UTF_8));
                looked.write(0);
            }
            ByteArrayOutputStream record = new ByteArrayOutputStream();
            line(record, MAGIC);
            line(record, context);
            line(record, Integer.toString(status));
            line(record, HexFormat.of().formatHex(listing.digest()));
            line(record, Long.toString(count(err)));
            record.write(err);
            line(record, Long.toString(count(out)));
            record.write(out);
            line(record, "end");
            looked.writeTo(record);
            ResultCache.writeAtomically(file, PREFIX, record.toByteArray());
        } catch (IOException | RuntimeException | java.security.NoSuchAlgorithmException e) {
            // no record: the next run starts the JVM, as without one
        }
    }

    /**
     * Whether {@code path}, absent, stays absent while the listed statuses hold, so that the launcher
     * need not look for it: it is an entry of a listed folder, or under an absent entry of one
     * ({@code pkg/.github/asyncguard.yml} with no {@code pkg/.github}). An entry cannot appear in a
     * folder without moving the folder's modification and status-change times, which the listing
     * compares, and the folder's times are older than the run ({@link ContentKeyIndex#RACY}), so the
     * entry was absent all through it. Not {@code .git}, listed by its type alone.
     */
    private static boolean absenceImplied(Path path, Set<Path> folders) {
        for (Path entry = path; ; entry = entry.getParent()) {
            Path folder = entry.getParent();
            if (folder == null || !absentEntry(entry)) return false;
            if (folders.contains(withoutDots(folder))) return true;
        }
    }

    /** {@code path} without its {@code .} components ({@code /p/./pkg} is {@code /p/pkg}; {@code ..} kept: through a link it is not the parent). */
    private static Path withoutDots(Path path) {
        Path result = path.getRoot();
        for (Path part : path) {
            if (!part.toString().equals(".")) result = result == null ? part : result.resolve(part);
        }
        return result == null ? path : result;
    }

    /** No entry of that name in its folder, not even a link to nowhere (any other failure: not known absent). */
    private static boolean absentEntry(Path entry) {
        try {
            Files.readAttributes(entry, java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            return false;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isGit(Path path) {
        return path.getFileName() != null && path.getFileName().toString().equals(".git");
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Empty, or lines each ending in a line break, without NUL: what the launcher's {@code printf '%s\n'} prints back. */
    private static boolean lines(byte[] bytes) {
        if (bytes.length == 0) return true;
        if (bytes[bytes.length - 1] != '\n') return false;
        for (byte b : bytes) if (b == 0) return false;
        return true;
    }

    private static long count(byte[] bytes) {
        long n = 0;
        for (byte b : bytes) if (b == '\n') n++;
        return n;
    }

    private static void line(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    /**
     * A path's status as {@code find -L} sees it: the file a link leads to, or the link itself
     * when it leads nowhere. {@code of} gives null for an absent path, {@link #UNKNOWN} when it
     * cannot be had as find would print it.
     */
    record Status(char type, long size, long inode, long device, long modified, long changed) {
        static final Status UNKNOWN = new Status('?', 0, 0, 0, 0, 0);

        static Status of(Path path) {
            Map<String, Object> a;
            String attributes = "unix:mode,size,ino,dev,lastModifiedTime,ctime";
            try {
                try {
                    a = Files.readAttributes(path, attributes);
                } catch (NoSuchFileException e) {
                    if (!Files.isSymbolicLink(path)) return null;
                    a = Files.readAttributes(path, attributes, java.nio.file.LinkOption.NOFOLLOW_LINKS);     // a link to nowhere
                }
            } catch (IOException e) {
                return null;       // absent, not a folder, not allowed: find prints no line either
            } catch (RuntimeException e) {
                return UNKNOWN;    // no unix view: no record
            }
            char type = switch ((Integer) a.get("mode") & 0170000) {
                case 0100000 -> 'f';
                case 0040000 -> 'd';
                case 0120000 -> 'l';
                case 0010000 -> 'p';
                case 0140000 -> 's';
                case 0020000 -> 'c';
                case 0060000 -> 'b';
                default -> '?';
            };
            if (type == '?') return UNKNOWN;
            long modified = nanos((FileTime) a.get("lastModifiedTime"));
            long changed = nanos((FileTime) a.get("ctime"));
            if (modified < 0 || changed < 0) return UNKNOWN;
            return new Status(type, (Long) a.get("size"), (Long) a.get("ino"), (Long) a.get("dev"), modified, changed);
        }

        private static long nanos(FileTime t) {
            java.time.Instant i = t.toInstant();
            if (i.getEpochSecond() < 0 || i.getEpochSecond() > Long.MAX_VALUE / 1_000_000_000L - 1) return -1;
            return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        }

        /** The line {@link #FIND_FORMAT} (or {@link #FIND_FORMAT_GIT} for {@code .git}) prints for this status. */
        String line(Path path) {
            if (isGit(path)) return path + "\t" + type;
            return path + "\t" + type + " " + size + " " + inode + " " + device + " " + time(modified) + " " + time(changed);
        }

        /** find's {@code %T@}: seconds, a point, nine digits of nanoseconds and a tenth digit that is always 0. */
        private static String time(long nanos) {
            return (nanos / 1_000_000_000L) + "." + String.format("%09d", nanos % 1_000_000_000L) + "0";
        }
    }
}
