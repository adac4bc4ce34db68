package dev.asyncguard.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asyncguard.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The pre-commit hook and the GitHub Action, as far as this machine can run them: both files
 * parse and say what their runners need; the hook's entry runs on a repository's staged files;
 * the action's check step runs under bash with the environment a runner gives it.
 */
class EntryPointsTest {
    static final String SLEEPY = "import asyncio\nimport time\n\nasync def f():\n    time.sleep(1)\n";

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void preCommitHookRunsTheEntryOnStagedPythonFiles() throws Exception {
        List<Map<String, Object>> hooks = new Yaml().load(Files.readString(Path.of(".pre-commit-hooks.yaml")));
        assertEquals(1, hooks.size());
        Map<String, Object> hook = hooks.get(0);
        assertEquals("asyncguard", hook.get("id"));
        assertEquals("script", hook.get("language"));
        assertEquals(List.of("python", "pyi"), hook.get("types_or"));
        List<String> entry = Arrays.asList(((String) hook.get("entry")).split(" "));
        assertEquals("bin/asyncguard", entry.get(0));
        assertTrue(Files.isExecutable(Path.of(entry.get(0))), "a script hook's entry is run from the hook repository");

        // A repository with staged changes, as pre-commit sees it: it passes the staged files of the hook's types.
        git(dir, "init", "-q", "-b", "main");
        Files.writeString(dir.resolve("job.py"), SLEEPY);
        Files.writeString(dir.resolve("notes.txt"), "time.sleep(1)\n");
        Files.writeString(dir.resolve("unstaged.py"), SLEEPY);
        git(dir, "add", "job.py", "notes.txt");
        List<String> staged = new ArrayList<>();
        for (String f : git(dir, "diff", "--cached", "--name-only").split("\n")) {
            if (f.endsWith(".py") || f.endsWith(".pyi")) staged.add(dir.resolve(f).toString());
        }
        assertEquals(List.of(dir.resolve("job.py").toString()), staged);
        List<String> args = new ArrayList<>(entry.subList(1, entry.size()));
        args.addAll(staged);
        String out = captured(() -> assertEquals(1, Main.run(args.toArray(String[]::new)), "findings fail the hook"));
        assertTrue(out.contains("job.py:5:5: AG201"), out);
        assertFalse(out.contains("unstaged.py"), out);

        List<String> fix = new ArrayList<>(entry.subList(1, entry.size()));
        fix.add("--fix");
        fix.addAll(staged);
        captured(() -> assertEquals(0, Main.run(fix.toArray(String[]::new)), "args: [--fix] fixes what it can"));
        assertTrue(Files.readString(dir.resolve("job.py")).contains("await asyncio.sleep(1)"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void actionIsACompositeWhoseCheckStepRunsUnderBash() throws Exception {
        Map<String, Object> action = new Yaml().load(Files.readString(Path.of("action.yml")));
        Map<String, Object> runs = (Map<String, Object>) action.get("runs");
        assertEquals("composite", runs.get("using"));
        Map<String, Object> inputs = (Map<String, Object>) action.get("inputs");
        String text = Files.readString(Path.of("action.yml"));
        Matcher used = Pattern.compile("inputs\\.([a-z-]+)").matcher(text);
        while (used.find()) assertTrue(inputs.containsKey(used.group(1)), "undeclared input " + used.group(1));
        Map<String, Object> check = null;
        for (Map<String, Object> step : (List<Map<String, Object>>) runs.get("steps")) {
            if (step.containsKey("run")) {
                assertEquals("bash", step.get("shell"), "composite run steps must name their shell");
                assertFalse(((String) step.get("run")).contains("${{"), "inputs reach scripts through env, never spliced in");
            }
            if ("check".equals(step.get("id"))) check = step;
        }
        assertTrue(check != null);
        String script = (String) check.get("run");

        // The step as a runner runs it: GITHUB_ACTION_PATH is the action's checkout, whose bin/asyncguard
        // is replaced by a launcher of this build's classes (the real one would build the jar first).
        Path action2 = Files.createDirectories(dir.resolve("action/bin"));
        Path launcher = action2.resolve("asyncguard");
        Files.writeString(launcher, "#!/usr/bin/env bash\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -cp '" + System.getProperty("java.class.path") + "' dev.asyncguard.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("job.py"), SLEEPY);
        Path output = work.resolve("github_output");

        Result annotations = bash(script, work, Map.of("GITHUB_ACTION_PATH", dir.resolve("action").toString(),
                "GITHUB_OUTPUT", output.toString(), "AG_PATHS", ".", "AG_ARGS", "", "AG_FORMAT", "github",
                "AG_SARIF", "asyncguard.sarif", "AG_FAIL", "true"));
        assertEquals(1, annotations.status, annotations.out);
        assertTrue(annotations.out.contains("::warning file=job.py,line=5,col=5,"), annotations.out);

        Result sarif = bash(script, work, Map.of("GITHUB_ACTION_PATH", dir.resolve("action").toString(),
                "GITHUB_OUTPUT", output.toString(), "AG_PATHS", "job.py", "AG_ARGS", "--select AG2", "AG_FORMAT", "sarif",
                "AG_SARIF", "out.sarif", "AG_FAIL", "true"));
        assertEquals(0, sarif.status, "the upload step runs before findings fail the job: " + sarif.out);
        assertTrue(Files.readString(work.resolve("out.sarif")).contains("\"ruleId\" : \"AG201\""));
        assertTrue(Files.readString(output).contains("sarif-file=out.sarif\nstatus=1\n"), Files.readString(output));

        Result bad = bash(script, work, Map.of("GITHUB_ACTION_PATH", dir.resolve("action").toString(),
                "GITHUB_OUTPUT", output.toString(), "AG_PATHS", ".", "AG_ARGS", "", "AG_FORMAT", "xml",
                "AG_SARIF", "x", "AG_FAIL", "true"));
        assertEquals(2, bad.status);
        assertTrue(bad.out.contains("::error title=asyncguard::format must be github or sarif"), bad.out);
    }

    record Result(int status, String out) {}

    private static Result bash(String script, Path cwd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    private static String captured(Runnable body) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=t", "-c", "user.email=t@example.invalid"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new AssertionError(out);
        return out;
    }
}
