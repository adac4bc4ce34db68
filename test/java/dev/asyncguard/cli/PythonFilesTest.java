package dev.asyncguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one walker: .gitignore and .git/info/exclude as git reads them, hidden and venv folders, --exclude, unreadable files. */
class PythonFilesTest {
    static final String SLEEPY = "import time\n\nasync def f():\n    time.sleep(1)\n";

    @TempDir
    Path dir;

    private void write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private List<String> walked() throws IOException {
        PythonFiles.Walk walk = PythonFiles.walk(List.of(dir));
        return walk.files().stream().map(p -> dir.relativize(p).toString().replace('\\', '/')).toList();
    }

    @Test
    void followsGitignoreRulesInsideAWorkTree() throws IOException {
        Files.createDirectories(dir.resolve(".git/info"));
        write(".git/info/exclude", "scratch.py\n");
        write(".gitignore", """
                # build output
                build/
                *_pb2.py
                !keep_pb2.py
                /top.py
                docs/*.py
                gen   \\\s
                """);
        write("app/main.py", SLEEPY);
        write("app/api_pb2.py", SLEEPY);
        write("app/keep_pb2.py", SLEEPY);
        write("build/out.py", SLEEPY);
        write("app/build/out.py", SLEEPY);
        write("top.py", SLEEPY);
        write("app/top.py", SLEEPY);
        write("docs/conf.py", SLEEPY);
        write("docs/deep/conf.py", SLEEPY);
        write("scratch.py", SLEEPY);
        write("app/sub/.gitignore", "*.py\n!wanted.py\n");
        write("app/sub/unwanted.py", SLEEPY);
        write("app/sub/wanted.py", SLEEPY);
        write(".venv/lib/x.py", SLEEPY);
        write("env/pyvenv.cfg", "home = /usr/bin\n");
        write("env/lib/y.py", SLEEPY);
        write("app/__pycache__/z.py", SLEEPY);
        assertEquals(List.of("app/keep_pb2.py", "app/main.py", "app/sub/wanted.py", "app/top.py", "docs/deep/conf.py"), walked());
    }

    @Test
    void outsideAWorkTreeGitignoreDoesNotApply() throws IOException {
        write(".gitignore", "*.py\n");
        write("a.py", SLEEPY);
        assertEquals(List.of("a.py"), walked());
    }

    @Test
    void brokenLinksAreReportedNotSkipped() throws IOException {
        write("a.py", SLEEPY);
        Files.createSymbolicLink(dir.resolve("gone.py"), dir.resolve("nowhere.py"));
        PythonFiles.Walk walk = PythonFiles.walk(List.of(dir));
        assertEquals(List.of(dir.resolve("a.py")), walk.files());
        assertEquals(List.of(dir.resolve("gone.py") + ": cannot read: broken symbolic link"), walk.unreadable());

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(2, run(out, err, "check", dir.toString()));
        assertTrue(err.toString().contains("gone.py: error: cannot read: broken symbolic link"), err.toString());
        assertTrue(out.toString().contains("a.py:4:5: AG201"), "the other files are still checked: " + out);
    }

    @Test
    void excludeAndExtendExcludeUseThePolicysGlobs() throws IOException {
        write(".github/asyncguard.yml", "paths:\n  exclude: [\"legacy/\"]\n");
        write("app/main.py", SLEEPY);
        write("legacy/old.py", SLEEPY);
        write("gen/api.py", SLEEPY);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(1, run(out, err, "check", dir.toString()));
        assertTrue(out.toString().contains("2 findings in 2 files"), out.toString());
        assertFalse(out.toString().contains("legacy"), out.toString());

        out.getBuffer().setLength(0);
        assertEquals(1, run(out, err, "check", "--extend-exclude", "gen/", dir.toString()));
        assertTrue(out.toString().contains("1 finding in 1 file"), out.toString());

        out.getBuffer().setLength(0);
        assertEquals(1, run(out, err, "check", "--exclude", "gen/,app/", dir.toString()));
        assertTrue(out.toString().contains("legacy/old.py") && out.toString().contains("1 finding in 1 file"),
                "--exclude replaces the policy's list: " + out);

        out.getBuffer().setLength(0);
        assertEquals(0, run(out, err, "check", "--exclude", "**", dir.resolve("app").toString()));
        assertEquals(1, run(out, err, "check", "--exclude", "**", dir.resolve("app/main.py").toString()),
                "a file named on the command line is always checked");
    }

    @Test
    void aWrongExcludeGlobIsAUsageError() throws IOException {
        write("a.py", SLEEPY);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(2, run(out, err, "check", "--exclude", "src/[a-", dir.toString()));
        assertTrue(err.toString().contains("--exclude 'src/[a-': a '[' is never closed with ']'"), err.toString());
        assertEquals("", out.toString());
        assertEquals(2, run(out, err, "check", "--extend-exclude", "{a,b", dir.toString()));
        assertTrue(err.toString().contains("never closed with '}'"), err.toString());
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        CliRun cli = new CliRun();
        int status = cli.run(args);
        out.append(cli.out.toString());
        err.append(cli.err.toString());
        return status;
    }
}
