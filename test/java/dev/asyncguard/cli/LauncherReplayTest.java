package dev.asyncguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/asyncguard}'s replay of a recorded {@code check} ({@link RunManifest}), run for real: the
 * launcher script and its {@code find}, on temporary projects, with a jar of this build. Unchanged,
 * a re-run prints the recorded bytes without starting a JVM (the launcher says which way it went in
 * {@code ASYNCGUARD_LAUNCH_LOG}); after each kind of change the JVM runs and prints what the change
 * means. The projects are recorded once, after waiting out the two seconds in which a just-written
 * file is not trusted; each test then makes its change and runs again.
 */
@EnabledOnOs(OS.LINUX)
class LauncherReplayTest {
    @TempDir
    static Path tmp;
    static Path launcher;
    static final Map<String, Run> recorded = new HashMap<>();
    static final List<String> PROJECTS = List.of("unchanged", "edited", "inPlace", "added", "removed", "renamed",
            "replacedByMv", "policyAdded", "ignored", "ignoredInSubfolder", "otherArguments", "otherLocale", "warning", "noCache", "linked",
            "relinked", "olderFind");
    static final String APP = "import asyncio\nimport time\n\n\nasync def handler():\n    time.sleep(1)\n    await asyncio.sleep(0)\n";
    /** {@link #APP} with another name in place of the blocking call: the same size, no finding. */
    static final String APP_CLEAN = APP.replace("time.sleep(1)", "tame.sleep(1)");
    static final FileTime OLD = FileTime.fromMillis(946_684_800_000L);

    record Run(int status, String out, String err, String way) {}

    @BeforeAll
    static void recordEachProject() throws Exception {
        launcher = install(tmp.resolve("install"));
        for (String name : PROJECTS) project(tmp.resolve(name));
        Path target = Files.createDirectories(tmp.resolve("linked/real")).resolve("impl.py");
        Files.writeString(target, APP);
        Files.setLastModifiedTime(target, OLD);
        Files.delete(tmp.resolve("linked/app.py"));
        Files.createSymbolicLink(tmp.resolve("linked/app.py"), Path.of("real/impl.py"));
        Files.writeString(tmp.resolve("linked/.gitignore"), "real/\n");
        // A working folder reached through a link, with a cache folder beside it: the link then points to another project.
        Files.move(tmp.resolve("relinked"), tmp.resolve("relinked-1"));
        project(tmp.resolve("relinked-2"));
        Files.writeString(tmp.resolve("relinked-2/app.py"), APP_CLEAN);
        Files.setLastModifiedTime(tmp.resolve("relinked-2/app.py"), OLD);
        Files.createSymbolicLink(tmp.resolve("relinked"), Path.of("relinked-1"));
        Path module = Files.createDirectories(tmp.resolve("ignoredInSubfolder/pkg")).resolve("mod.py");
        Files.writeString(module, APP);
        Files.setLastModifiedTime(module, OLD);
        Files.createDirectories(tmp.resolve("warning/.github"));
        Files.writeString(tmp.resolve("warning/.github/asyncguard.yml"), "python: \"3.11\"\nnot_a_key: 1\n");
        // What was written in the last two seconds is not trusted by a record (it may change unseen while read).
        Thread.sleep(ContentKeyIndex.RACY / 1_000_000 + 200);
        for (String name : PROJECTS) {
            String[] args = arguments(name);
            Run first = run(tmp.resolve(name), Map.of(), args);
            assertEquals("jvm", first.way(), name);
            recorded.put(name, first);
            if (!name.equals("noCache")) {
                Run again = run(tmp.resolve(name), Map.of(), args);
                assertEquals(new Run(first.status(), first.out(), first.err(), "replayed"), again, name + ": replayed as recorded");
            }
        }
    }

    private static String[] arguments(String project) {
        return switch (project) {
            case "noCache" -> new String[] {"check", "--no-cache", "."};
            case "otherArguments" -> new String[] {"check", "--cache-dir", "../otherArguments-cache", "app.py", "other.py"};
            case "relinked" -> new String[] {"check", "--cache-dir", "../relinked-cache", "."};
            default -> new String[] {"check", "."};
        };
    }

    /** A project with one finding in app.py, a clean module and a pyproject.toml, in a git work tree, dated back. */
    private static void project(Path dir) throws IOException {
        Files.createDirectories(dir.resolve(".git"));
        Files.createDirectories(dir.resolve(ResultCache.FOLDER));    // made beforehand: its making would date the project folder
        Files.writeString(dir.resolve("app.py"), APP);
        Files.writeString(dir.resolve("other.py"), "def helper():\n    return 1\n");
        Files.writeString(dir.resolve("pyproject.toml"), "[project]\nname = \"demo\"\nrequires-python = \">=3.10\"\n");
        for (String f : List.of("app.py", "other.py", "pyproject.toml")) Files.setLastModifiedTime(dir.resolve(f), OLD);
    }

    /** bin/asyncguard and bin/env.sh of this checkout, beside a jar that runs this build's classes. */
    private static Path install(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String script : List.of("asyncguard", "env.sh")) {
            Files.copy(Path.of("bin", script), bin.resolve(script), StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(bin.resolve(script), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        StringBuilder classPath = new StringBuilder();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : cp.split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) classPath.append(Path.of(entry).toAbsolutePath().toUri()).append(' ');
        }
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath.toString().trim());
        Path jar = Files.createDirectories(dir.resolve("target")).resolve("asyncguard.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            // the classes come from the class path above
        }
        Files.setLastModifiedTime(jar, OLD);
        return bin.resolve("asyncguard");
    }

    /** Runs the launcher in {@code cwd} with standard output and error to files (not terminals), and says which way it went. */
    static Run run(Path cwd, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        Path log = tmp.resolve("launch.log");
        Path out = tmp.resolve("out");
        Path err = tmp.resolve("err");
        Files.deleteIfExists(log);
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("ASYNCGUARD_"));
        pb.environment().put("ASYNCGUARD_AOT", "0");
        pb.environment().put("ASYNCGUARD_LAUNCH_LOG", log.toString());
        pb.environment().put("PWD", cwd.toString());      // as a shell that went there by this path has it
        pb.environment().putAll(env);
        int status = pb.start().waitFor();
        String way = Files.exists(log) ? Files.readString(log).strip() : "none";
        return new Run(status, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), way);
    }

    private static Run again(String project) throws Exception {
        return run(tmp.resolve(project), Map.of(), arguments(project));
    }

    @Test
    void unchangedIsReplayedWithTheRecordedOutputAndStatus() throws Exception {
        Run first = recorded.get("unchanged");
        assertEquals(1, first.status());
        assertTrue(first.out().contains("./app.py:6:5: AG201"), first.out());
        assertTrue(first.out().endsWith("1 finding in 2 files (1 with a safe fix).\n"), first.out());
        for (int i = 0; i < 2; i++) assertEquals(new Run(1, first.out(), first.err(), "replayed"), again("unchanged"));
    }

    @Test
    void anEditedFileRunsTheJvm() throws Exception {
        Files.writeString(tmp.resolve("edited/app.py"), APP.replace("time.sleep(1)", "await asyncio.sleep(1)"));
        Run r = again("edited");
        assertEquals(new Run(0, "0 findings in 2 files.\n", "", "jvm"), r);
    }

    @Test
    void anEditKeepingSizeModificationTimeAndInodeRunsTheJvmAndIsSeenThere() throws Exception {
        Path app = tmp.resolve("inPlace/app.py");
        Object inode = Files.readAttributes(app, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        try (var channel = java.nio.channels.FileChannel.open(app, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(APP_CLEAN.getBytes(StandardCharsets.UTF_8)), 0);
        }
        Files.setLastModifiedTime(app, OLD);
        assertEquals(inode, Files.readAttributes(app, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
        assertEquals(APP.length(), Files.size(app));
        // The JVM's own index of content keys compares the status-change time too: it reads the file again.
        assertEquals(new Run(0, "0 findings in 2 files.\n", "", "jvm"), again("inPlace"));
    }

    @Test
    void anAddedFileRunsTheJvm() throws Exception {
        Files.writeString(tmp.resolve("added/more.py"), APP);
        Run r = again("added");
        assertEquals("jvm", r.way());
        assertEquals(1, r.status());
        assertTrue(r.out().contains("./more.py:6:5: AG201") && r.out().endsWith("2 findings in 3 files (2 with a safe fix).\n"), r.out());
    }

    @Test
    void aRemovedFileRunsTheJvm() throws Exception {
        Files.delete(tmp.resolve("removed/app.py"));
        assertEquals(new Run(0, "0 findings in 1 file.\n", "", "jvm"), again("removed"));
    }

    @Test
    void aRenamedFileRunsTheJvm() throws Exception {
        Files.move(tmp.resolve("renamed/app.py"), tmp.resolve("renamed/service.py"));
        Run r = again("renamed");
        assertEquals("jvm", r.way());
        assertTrue(r.out().startsWith("./service.py:6:5: AG201"), r.out());
    }

    @Test
    void aFileReplacedByMvWithTheSameSizeAndTimeRunsTheJvm() throws Exception {
        Path fresh = tmp.resolve("replacedByMv/app.py.new");
        Files.writeString(fresh, APP_CLEAN);
        Files.setLastModifiedTime(fresh, OLD);
        Files.move(fresh, tmp.resolve("replacedByMv/app.py"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertEquals(new Run(0, "0 findings in 2 files.\n", "", "jvm"), again("replacedByMv"));
    }

    @Test
    void aPolicyFileWhereNoneWasRunsTheJvm() throws Exception {
        Files.createDirectories(tmp.resolve("policyAdded/.github"));
        Files.writeString(tmp.resolve("policyAdded/.github/asyncguard.yml"), "rules:\n  AG201: off\n");
        assertEquals(new Run(0, "0 findings in 2 files.\n", "", "jvm"), again("policyAdded"));
    }

    @Test
    void aNewGitignoreRunsTheJvm() throws Exception {
        Files.writeString(tmp.resolve("ignored/.gitignore"), "app.py\n");
        assertEquals(new Run(0, "0 findings in 1 file.\n", "", "jvm"), again("ignored"));
    }

    @Test
    void aGitignoreAppearingInASubfolderRunsTheJvm() throws Exception {
        // The record leaves out pkg/.gitignore, absent: pkg's own times, which it holds, move when an entry appears.
        assertTrue(recorded.get("ignoredInSubfolder").out().contains("./pkg/mod.py:6:5: AG201"), recorded.get("ignoredInSubfolder").out());
        Files.writeString(tmp.resolve("ignoredInSubfolder/pkg/.gitignore"), "mod.py\n");
        Run r = again("ignoredInSubfolder");
        assertEquals("jvm", r.way());
        assertTrue(!r.out().contains("pkg/mod.py") && r.out().endsWith("1 finding in 2 files (1 with a safe fix).\n"), r.out());
    }

    @Test
    void aFindWithoutFiles0FromGetsThePathsAsArguments() throws Exception {
        // findutils before 4.9: -files0-from is an unknown predicate; the launcher passes the record's paths as arguments.
        Path shims = Files.createDirectories(tmp.resolve("older-find"));
        Path find = shims.resolve("find");
        Files.writeString(find, "#!/bin/sh\nfor a; do [ \"$a\" = -files0-from ] && { echo \"find: unknown predicate \\`$a'\" >&2; exit 1; }; done\n"
                + "exec /usr/bin/find \"$@\"\n");
        Files.setPosixFilePermissions(find, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> olderFind = Map.of("PATH", shims + ":" + System.getenv("PATH"));
        Run first = recorded.get("olderFind");
        assertEquals(new Run(first.status(), first.out(), first.err(), "replayed"), run(tmp.resolve("olderFind"), olderFind, arguments("olderFind")));
        Files.writeString(tmp.resolve("olderFind/app.py"), APP_CLEAN);
        assertEquals(new Run(0, "0 findings in 2 files.\n", "", "jvm"), run(tmp.resolve("olderFind"), olderFind, arguments("olderFind")));
    }

    @Test
    void otherArgumentsOrFormatRunTheJvm() throws Exception {
        Path project = tmp.resolve("otherArguments");
        Run json = run(project, Map.of(), "check", "--cache-dir", "../otherArguments-cache", "--format", "json", "app.py", "other.py");
        assertEquals("jvm", json.way());
        assertTrue(json.out().contains("\"code\" : \"AG201\""), json.out());
        Run fewer = run(project, Map.of(), "check", "--cache-dir", "../otherArguments-cache", "other.py");
        assertEquals(new Run(0, "0 findings in 1 file.\n", "", "jvm"), fewer);
        assertEquals("replayed", again("otherArguments").way(), "its own record still holds");
    }

    @Test
    void anotherLocaleOrSettingRunsTheJvm() throws Exception {
        Run first = recorded.get("otherLocale");
        Run other = run(tmp.resolve("otherLocale"), Map.of("LC_ALL", "C"), arguments("otherLocale"));
        assertEquals(new Run(1, first.out(), first.err(), "jvm"), other);
        Run docs = run(tmp.resolve("otherLocale"), Map.of("ASYNCGUARD_DOCS_URL", "https://docs.example.com/{code}"), arguments("otherLocale"));
        assertEquals("jvm", docs.way());
    }

    @Test
    void warningsOnStandardErrorAreReplayedToo() throws Exception {
        Run first = recorded.get("warning");
        assertTrue(first.err().contains("warning") && first.err().contains("not_a_key"), first.err());
        assertEquals(new Run(first.status(), first.out(), first.err(), "replayed"), again("warning"));
    }

    /** An AOT cache the JVM cannot use (here: missing; in the field: a copied jar newer than its cache) makes it log errors; they go to standard error, the JSON on standard output stays clean. */
    @Test
    void theJvmsOwnWarningsGoToStandardErrorNotIntoTheFindings() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 25, "AOT caches: JDK 25+");
        String[] args = {"check", "--no-cache", "--format", "json", "."};
        Run clean = run(tmp.resolve("noCache"), Map.of(), args);
        Run warned = run(tmp.resolve("noCache"), Map.of("JDK_JAVA_OPTIONS", "-XX:AOTCache=" + tmp.resolve("missing.aot")), args);
        assertTrue(clean.out().startsWith("["), clean.out());
        assertEquals(clean.out(), warned.out(), "the JVM's log stays off standard output");
        assertEquals(clean.status(), warned.status());
        assertTrue(warned.err().contains("[aot]"), "the JVM's complaint is still shown: " + warned.err());
    }

    @Test
    void noCacheAlwaysRunsTheJvm() throws Exception {
        assertEquals("jvm", again("noCache").way());
        assertTrue(Files.list(tmp.resolve("noCache/" + ResultCache.FOLDER)).findAny().isEmpty(), "nothing recorded or cached");
    }

    @Test
    void aLinkToAnotherFileRunsTheJvm() throws Exception {
        Path other = tmp.resolve("linked/real/clean.py");
        Files.writeString(other, APP_CLEAN);
        Files.setLastModifiedTime(other, OLD);
        Files.delete(tmp.resolve("linked/app.py"));
        Files.createSymbolicLink(tmp.resolve("linked/app.py"), Path.of("real/clean.py"));
        assertEquals(new Run(0, "0 findings in 2 files.\n", "", "jvm"), again("linked"));
    }

    @Test
    void aWorkingFolderLinkPointedElsewhereRunsTheJvm() throws Exception {
        Files.delete(tmp.resolve("relinked"));
        Files.createSymbolicLink(tmp.resolve("relinked"), Path.of("relinked-2"));
        assertEquals(new Run(0, "0 findings in 2 files.\n", "", "jvm"), again("relinked"));
    }
}
