package dev.asyncguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} and {@code review} find their configuration as ruff does, and stop on a bad one. */
class ProjectConfigTest {
    static final String BLOCKING = "import asyncio\nimport time\nimport requests\n\nasync def f(url):\n    time.sleep(1)\n    return requests.get(url)\n";

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    private Path write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void eachPathGetsTheNearestProjectsPolicy() throws IOException {
        write("pyproject.toml", "[project]\nname = \"mono\"\n\n[tool.asyncguard.rules]\nAG202 = \"off\"\n");
        write("svc/app.py", BLOCKING);
        // A nested project with its own .github/asyncguard.yml: its rules, not the outer ones.
        write("lib/.github/asyncguard.yml", "rules:\n  AG201: off\n");
        write("lib/pyproject.toml", "[tool.asyncguard.rules]\nAG201 = \"error\"\n");   // the YAML file wins
        write("lib/src/mod.py", BLOCKING);
        assertEquals(1, run("check", "--format", "json", dir.toString()));
        String json = out.toString();
        assertTrue(json.contains("svc/app.py") && json.contains("lib/src/mod.py"), json);
        assertEquals(2, count(json, "\"code\" : \"AG20"), json);
        assertTrue(json.matches("(?s).*lib/src/mod.py.*AG202.*svc/app.py.*AG201.*"), json);
    }

    /** Without a policy file the sub-packages of one package are one project: a coroutine function of app.sub.remote is known in app.main. */
    @Test
    void withoutAPolicyFileAPackagesSubfoldersAreOneProject() throws IOException {
        write("app/__init__.py", "");
        write("app/sub/__init__.py", "");
        write("app/sub/remote.py", "async def fetch():\n    return 1\n");
        write("app/main.py", "from app.sub.remote import fetch\n\n\nasync def run():\n    fetch()\n");
        write("app/sub/use.py", "from app.sub.remote import fetch\n\n\nasync def again():\n    fetch()\n");
        assertEquals(1, run("check", "--format", "json", dir.toString()));
        String json = out.toString();
        assertEquals(2, count(json, "\"code\" : \"AG302"), json);
        assertTrue(json.contains("app/main.py") && json.contains("app/sub/use.py"), json);
    }

    @Test
    void thePythonTargetComesFromRequiresPythonUnlessThePolicySetsIt() throws IOException {
        Path file = write("p/app.py", BLOCKING);
        write("p/pyproject.toml", "[project]\nrequires-python = \">=3.8\"\n");
        assertEquals(1, run("check", "--format", "json", file.toString()));
        assertFalse(fixOf("AG202").path("applicability").asText().equals("safe"), "3.8 has no asyncio.to_thread: " + out);

        write("p/pyproject.toml", "[project]\nrequires-python = \">=3.11\"\n");
        assertEquals(1, run("check", "--format", "json", file.toString()));
        assertEquals("safe", fixOf("AG202").path("applicability").asText(), out.toString());

        write("p/pyproject.toml", "[project]\nrequires-python = \">=3.11\"\n[tool.asyncguard]\npython = \"3.8\"\n");
        assertEquals(1, run("check", "--format", "json", file.toString()));
        assertFalse(fixOf("AG202").path("applicability").asText().equals("safe"), "the policy's python wins: " + out);

        assertEquals(1, run("check", "--format", "json", "--target-version", "3.12", file.toString()));
        assertEquals("safe", fixOf("AG202").path("applicability").asText(), "the command line wins: " + out);
    }

    @Test
    void explicitConfigAppliesToEveryPath() throws IOException {
        Path file = write("a/app.py", BLOCKING);
        write("a/.github/asyncguard.yml", "rules:\n  AG201: off\n");
        Path other = write("conf/strict.toml", "[tool.asyncguard.rules]\nAG202 = \"off\"\n");
        assertEquals(1, run("check", "--config", other.toString(), "--format", "json", file.toString()));
        assertTrue(out.toString().contains("AG201") && !out.toString().contains("AG202"), out.toString());
    }

    /**
     * A configuration is hashed by its root and policy file, not by the resolved policy it holds (the
     * record's own hash walks all of it); configurations equal in everything are still one project.
     */
    @Test
    void aConfigurationIsHashedByItsRootAndFileAndEqualOnesAreOneProject() throws Exception {
        Path a = write("h/a/app.py", BLOCKING);
        Path b = write("h/b/app.py", BLOCKING);
        Path conf = write("h/conf.yml", "rules:\n  AG201: off\n");
        ProjectConfigs configs = new ProjectConfigs(conf);
        ProjectConfigs.ProjectConfig x = configs.forPath(a);
        ProjectConfigs.ProjectConfig y = configs.forPath(b);
        assertEquals(x, y);
        assertEquals(x.hashCode(), y.hashCode());
        ProjectConfigs.ProjectConfig builtIn = new ProjectConfigs.ProjectConfig(x.root(), x.file(),
                new ProjectConfigs(null).forPath(a).resolved(), x.python(), x.pythonFrom(), x.warnings(), x.policyKey());
        assertNotEquals(x, builtIn);
        assertEquals(x.hashCode(), builtIn.hashCode(), "the policy is not hashed");
    }

    @Test
    void aBrokenPyprojectStopsTheRunWithFileAndLine() throws IOException {
        Path file = write("b/app.py", BLOCKING);
        Path toml = write("b/pyproject.toml", "[project]\nname = \"x\n\n[tool.asyncguard]\n");
        assertEquals(2, run("check", file.toString()));
        assertTrue(err.toString().contains(toml + ":2:"), err.toString());
        assertTrue(err.toString().contains("not valid TOML"), err.toString());
        assertEquals("", out.toString());

        write("b/pyproject.toml", "[tool.asyncguard.review]\nmax_comments = -3\n");
        assertEquals(2, run("check", file.toString()));
        assertTrue(err.toString().contains(toml + ":2: review.max_comments"), err.toString());

        write("b/pyproject.toml", "[project]\nrequires-python = \"python3\"\n");
        assertEquals(2, run("check", file.toString()));
        assertTrue(err.toString().contains(toml + ":2: project.requires-python"), err.toString());

        assertEquals(2, run("check", "--config", dir.resolve("missing.yml").toString(), file.toString()));
        assertTrue(err.toString().contains("missing.yml: cannot read the policy file: no such file"), err.toString());
    }

    @Test
    void reviewReadsTheRepositorysOwnConfiguration() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        git(repo, "init", "-q", "-b", "main");
        write("repo/app.py", "import asyncio\n");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "base");
        write("repo/app.py", BLOCKING);
        write("repo/pyproject.toml", "[tool.asyncguard.rules]\nAG201 = \"off\"\n");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "head");
        assertEquals(1, run("review", "--repo", repo.toString(), "--base", "HEAD~1"));
        assertTrue(out.toString().contains("AG202") && !out.toString().contains("AG201"), out.toString());

        write("repo/pyproject.toml", "[tool.asyncguard.rules\n");
        assertEquals(2, run("review", "--repo", repo.toString(), "--base", "HEAD~1"));
        assertTrue(err.toString().contains("pyproject.toml:1:"), err.toString());
    }

    private JsonNode fixOf(String code) throws IOException {
        for (JsonNode f : new ObjectMapper().readTree(out.toString())) {
            if (f.path("code").asText().equals(code)) return f.path("fix");
        }
        throw new AssertionError("no " + code + " in " + out);
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }

    private static void git(Path dir, String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("git", "-C", dir.toString()));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new AssertionError(text);
    }
}
