package dev.asyncguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@link RunManifest}: statuses as GNU find prints them, and no record for a run that cannot be replayed as it was. */
@EnabledOnOs(OS.LINUX)
class RunManifestTest {
    @TempDir
    Path dir;

    @Test
    void statusLinesAreWhatFindPrints() throws Exception {
        Path file = Files.writeString(dir.resolve("a.py"), "x = 1\n");
        Path folder = Files.createDirectories(dir.resolve("pkg"));
        Path git = Files.createDirectories(dir.resolve(".git"));
        Path link = Files.createSymbolicLink(dir.resolve("link.py"), file);
        Path broken = Files.createSymbolicLink(dir.resolve("broken.py"), dir.resolve("nowhere.py"));
        Path absent = dir.resolve("pyproject.toml");
        Path underFile = file.resolve("x");
        List<Path> paths = List.of(file, folder, git, link, broken, absent, underFile, dir);
        List<String> command = new ArrayList<>(List.of("find", "-L"));
        paths.forEach(p -> command.add(p.toString()));
        command.addAll(List.of("-maxdepth", "0", "(", "-name", ".git", "-printf", unescape(RunManifest.FIND_FORMAT_GIT),
                "-o", "-printf", unescape(RunManifest.FIND_FORMAT), ")"));
        Process find = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String printed = new String(find.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        find.waitFor();
        StringBuilder expected = new StringBuilder();
        for (Path p : paths) {
            RunManifest.Status s = RunManifest.Status.of(p);
            if (s != null) expected.append(s.line(p)).append('\n');
        }
        assertEquals(printed, expected.toString());
        assertEquals(null, RunManifest.Status.of(absent));
        assertEquals(null, RunManifest.Status.of(underFile), "not a folder: find prints nothing either");
        assertEquals('l', RunManifest.Status.of(broken).type());
    }

    @Test
    void theLauncherUsesTheSameFormats() throws IOException {
        String launcher = Files.readString(Path.of("bin/asyncguard"));
        assertTrue(launcher.contains("-name .git -printf '" + RunManifest.FIND_FORMAT_GIT + "' -o -printf '" + RunManifest.FIND_FORMAT + "'"));
        assertTrue(launcher.contains("\"" + RunManifest.MAGIC + "\""));
        assertTrue(launcher.contains(RunManifest.FILE_ENV) && launcher.contains(RunManifest.CONTEXT_ENV)
                && launcher.contains(RunManifest.SOURCES_ENV) && launcher.contains(RunManifest.PREFIX));
    }

    private static String unescape(String format) {
        return format.replace("\\t", "\t").replace("\\n", "\n");
    }

    /** A record asked for in {@code cache}, of a run that read {@code source}, started {@code afterChangeMillis} after the source's last change. */
    private RunManifest manifest(Path cache, Path source, long afterChangeMillis) throws IOException {
        long changed = RunManifest.Status.of(source).changed();
        RunManifest m = new RunManifest(cache.resolve(RunManifest.PREFIX + "1"), "1 -- check .", changed + afterChangeMillis * 1_000_000);
        m.dependsOn(source);
        return m;
    }

    private static void print(OutputStream stream, String text) throws IOException {
        stream.write(text.getBytes(StandardCharsets.UTF_8));
        stream.flush();
    }

    @Test
    void writtenForAPlainRunOfTrustedFiles() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Path source = Files.writeString(dir.resolve("a.py"), "x = 1\n");
        Files.setLastModifiedTime(source, FileTime.fromMillis(0));
        RunManifest m = manifest(cache, source, 5_000);
        print(m.stderr(OutputStream.nullOutputStream()), "warning\n");
        print(m.stdout(OutputStream.nullOutputStream()), "a.py:1:1: AG201 ...\n1 finding in 1 file.\n");
        m.write(1, Set.of(cache));
        Record r = Record.read(cache.resolve(RunManifest.PREFIX + "1"));
        assertEquals(List.of(RunManifest.MAGIC, "1 -- check .", "1"), r.lines().subList(0, 3));
        assertEquals(List.of("1", "warning", "2", "a.py:1:1: AG201 ...", "1 finding in 1 file.", "end"), r.lines().subList(4, 10));
        assertTrue(r.paths().contains(source.toString()), r.paths().toString());
        String status = RunManifest.Status.of(source).line(source);
        assertTrue(status.startsWith(source + "\tf 6 ") && status.contains(" 0.0000000000 "), status);
        // The digest is of what find prints for the recorded paths, in their order.
        assertEquals(r.lines().get(3), md5(find(r.paths())));
    }

    @Test
    void absentEntriesOfAListedFolderAreLeftOutTheOthersKept() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Path project = Files.createDirectories(dir.resolve("project"));
        Path source = Files.writeString(project.resolve("a.py"), "x = 1\n");
        Path git = Files.createDirectories(project.resolve(".git"));
        for (Path p : List.of(source, git, project)) Files.setLastModifiedTime(p, FileTime.fromMillis(0));
        RunManifest m = manifest(cache, source, 5_000);
        Path ignore = project.resolve(".gitignore");                                 // an entry of a listed folder
        Path policy = project.resolve(".github/asyncguard.yml");                     // under an absent entry of one
        Path underGit = project.resolve(".git/info/exclude");                        // .git is listed by its type alone
        Path outside = dir.resolve("pyproject.toml");                                // dir is not listed
        Path underFile = source.resolve("x");                                        // not a folder: not "absent"
        Path pkg = Files.createDirectories(project.resolve("pkg"));
        Files.setLastModifiedTime(pkg, FileTime.fromMillis(0));
        Path walked = project.resolve(".").resolve("pkg");                            // as a walk from "." names it
        Path inPkg = pkg.resolve("pyproject.toml");                                  // an entry of the same folder
        for (Path p : List.of(project, git, ignore, policy, underGit, outside, underFile, walked, inPkg)) m.dependsOn(p);
        m.write(0, Set.of(cache));
        Record r = Record.read(cache.resolve(RunManifest.PREFIX + "1"));
        assertEquals(List.of(source.toString(), project.toString(), git.toString(), underGit.toString(), outside.toString(), underFile.toString(),
                walked.toString()), r.paths().subList(r.paths().size() - 7, r.paths().size()));
        assertFalse(r.paths().contains(ignore.toString()) || r.paths().contains(policy.toString()) || r.paths().contains(inPkg.toString()),
                r.paths().toString());
        assertEquals(r.lines().get(3), md5(find(r.paths())));
    }

    /** A record: its lines up to {@code end}, and the NUL-ended paths after them. */
    record Record(List<String> lines, List<String> paths) {
        static Record read(Path file) throws IOException {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.indexOf("\nend\n") + "\nend\n".length();
            List<String> paths = List.of(text.substring(end).split("\0"));
            assertTrue(text.endsWith("\0"));
            return new Record(List.of(text.substring(0, end).split("\n")), paths);
        }
    }

    /** What the launcher's find prints for these paths. */
    private static String find(List<String> paths) throws Exception {
        List<String> command = new ArrayList<>(List.of("find", "-L"));
        command.addAll(paths);
        command.addAll(List.of("-maxdepth", "0", "(", "-name", ".git", "-printf", unescape(RunManifest.FIND_FORMAT_GIT),
                "-o", "-printf", unescape(RunManifest.FIND_FORMAT), ")"));
        Process find = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String printed = new String(find.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        find.waitFor();
        return printed;
    }

    private static String md5(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void noRecordForWhatCannotBeReplayedAsItWas() throws IOException {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Path source = Files.writeString(dir.resolve("a.py"), "x = 1\n");
        Path record = cache.resolve(RunManifest.PREFIX + "1");

        RunManifest racy = manifest(cache, source, 1_000);          // changed a second before the run began
        racy.write(0, Set.of(cache));
        assertFalse(Files.exists(record), "a file changed within two seconds of the run");

        RunManifest failed = manifest(cache, source, 5_000);
        failed.write(CheckCommand.ERROR, Set.of(cache));
        assertFalse(Files.exists(record), "exit status 2");

        RunManifest elsewhere = manifest(cache, source, 5_000);
        elsewhere.write(0, Set.of(dir));
        assertFalse(Files.exists(record), "not a cache folder the run used");

        RunManifest interleaved = manifest(cache, source, 5_000);
        print(interleaved.stdout(OutputStream.nullOutputStream()), "out\n");
        print(interleaved.stderr(OutputStream.nullOutputStream()), "err\n");
        interleaved.write(1, Set.of(cache));
        assertFalse(Files.exists(record), "standard error after standard output");

        RunManifest unfinished = manifest(cache, source, 5_000);
        print(unfinished.stdout(OutputStream.nullOutputStream()), "no line break");
        unfinished.write(1, Set.of(cache));
        assertFalse(Files.exists(record), "output not ending in a line break");

        RunManifest fixing = manifest(cache, source, 5_000);
        fixing.notReplayable();
        fixing.write(0, Set.of(cache));
        assertFalse(Files.exists(record), "--fix, --no-cache, standard input");

        RunManifest plain = manifest(cache, source, 5_000);
        plain.write(0, Set.of(cache));
        assertTrue(Files.exists(record));
    }
}
