package dev.asyncguard.policy;

import dev.asyncguard.python.PythonVersion;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.diff.FilterMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static dev.asyncguard.policy.GitRepositoriesSource.commitPolicy;
import static dev.asyncguard.policy.GitRepositoriesSource.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyResolverTest {

    @TempDir
    Path root;

    @Test
    void mergesTheOrgsAndTheReposFilesAtTheirHeads() throws IOException {
        GitRepositoriesSource source = new GitRepositoriesSource(root);
        String orgSha = commitPolicy(source.create("acme/.github"), "review: {max_comments: 9}\nenforce: [rules.AG201]\nrules: {AG201: error}\n");
        String repoSha = commitPolicy(source.create("acme/shop"), "review: {filter: file}\nrules: {AG201: off}\n");

        ResolvedPolicy r = new PolicyResolver(source, Policies.KNOWN).resolve("acme/shop");

        assertEquals(9, r.policy().review().maxComments());
        assertEquals(FilterMode.FILE, r.policy().review().filter());
        assertEquals(Optional.of(Severity.ERROR), r.policy().severityFor("AG201", Severity.WARNING));
        assertEquals(List.of(PolicyFile.defaults(),
                        new PolicyFile(PolicyFile.Layer.ORG, "acme/.github", PolicyFile.POLICY_PATH, orgSha),
                        new PolicyFile(PolicyFile.Layer.REPO, "acme/shop", PolicyFile.POLICY_PATH, repoSha)),
                r.applied());
        assertEquals(List.of(".github/asyncguard.yml:2: rules.AG201.severity: enforced by the org policy "
                + "(acme/.github:.github/asyncguard.yml:2); the org's value stands: error"),
                r.problems().stream().map(PolicyProblem::toString).toList());
    }

    @Test
    void aMissingOrgRepositoryIsNotAProblem() throws IOException {
        GitRepositoriesSource source = new GitRepositoriesSource(root);
        commitPolicy(source.create("solo/app"), "python: \"3.12\"\n");

        ResolvedPolicy r = new PolicyResolver(source, Policies.KNOWN).resolve("solo/app");

        assertEquals(PythonVersion.of(3, 12), r.policy().python());
        assertEquals(List.of(), r.problems());
        assertEquals(2, r.applied().size());
    }

    @Test
    void anOrgRepositoryWithoutAPolicyFileAndARepoWithoutOneGiveTheDefaults() throws IOException {
        GitRepositoriesSource source = new GitRepositoriesSource(root);
        Path org = source.create("acme/.github");
        Files.writeString(org.resolve("README.md"), "org profile\n");
        git(org, "add", "-A");
        git(org, "commit", "-q", "-m", "readme");
        Path repo = source.create("acme/shop");
        Files.writeString(repo.resolve("app.py"), "import asyncio\n");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "code");

        ResolvedPolicy r = new PolicyResolver(source, Policies.KNOWN).resolve("acme/shop");

        assertEquals(List.of(PolicyFile.defaults()), r.applied());
        assertEquals(PolicyLoader.defaults(Policies.KNOWN).policy(), r.policy());
    }

    @Test
    void pythonAutoTakesTheLowerBoundOfRequiresPythonAtTheDefaultBranch() throws IOException {
        GitRepositoriesSource source = new GitRepositoriesSource(root);
        Path repo = source.create("acme/bot");
        Files.writeString(repo.resolve("pyproject.toml"), "[project]\nname = \"bot\"\nrequires-python = \">=3.10\"\n");
        commitPolicy(repo, "review: {filter: file}\n");
        // A pull request's branch cannot change the declared version: only the default branch is read.
        git(repo, "checkout", "-q", "-b", "claims-newer");
        Files.writeString(repo.resolve("pyproject.toml"), "[project]\nrequires-python = \">=3.13\"\n");
        git(repo, "commit", "-q", "-am", "newer");
        git(repo, "checkout", "-q", "main");

        ResolvedPolicy r = new PolicyResolver(source, Policies.KNOWN).resolve("acme/bot");

        assertEquals(null, r.policy().python(), "the policy still says auto");
        assertEquals(Optional.of(PythonVersion.of(3, 10)), r.declaredPython());
        assertEquals(List.of(), r.problems());
    }

    @Test
    void thePolicysPythonWinsAndThePyprojectIsNotRead() throws IOException {
        GitRepositoriesSource source = new GitRepositoriesSource(root);
        Path repo = source.create("acme/bot");
        Files.writeString(repo.resolve("pyproject.toml"), "[project]\nrequires-python = \">=3.10\"\n");
        commitPolicy(repo, "python: \"3.12\"\n");

        ResolvedPolicy r = new PolicyResolver(source, Policies.KNOWN).resolve("acme/bot");

        assertEquals(Optional.of(PythonVersion.of(3, 12)), r.declaredPython());
        assertEquals(1, source.readCalls.get(), "only the repository's policy file (no org repository here)");
    }

    @Test
    void aBrokenPyprojectIsAWarningWithItsLineAndNoVersion() throws IOException {
        GitRepositoriesSource source = new GitRepositoriesSource(root);
        Path repo = source.create("acme/bot");
        Files.writeString(repo.resolve("pyproject.toml"), "[project]\nname = \"bot\"\nrequires-python = >=3.10\n");
        commitPolicy(repo, "review: {filter: file}\n");

        ResolvedPolicy r = new PolicyResolver(source, Policies.KNOWN).resolve("acme/bot");

        assertEquals(Optional.empty(), r.declaredPython());
        assertEquals(1, r.problems().size(), r.problems()::toString);
        PolicyProblem p = r.problems().get(0);
        assertEquals(PolicyProblem.Level.WARNING, p.level());
        assertEquals(3, p.line());
        assertTrue(p.toString().startsWith("pyproject.toml:3: not read, so requires-python does not apply: "), p.toString());
        assertEquals(FilterMode.FILE, r.policy().review().filter(), "the policy itself still applies");
    }

    @Test
    void readsEachFileOncePerCommitAndPicksUpAPush() throws IOException {
        GitRepositoriesSource source = new GitRepositoriesSource(root);
        Path org = source.create("acme/.github");
        commitPolicy(org, "review: {request_changes_on: never}\n");
        commitPolicy(source.create("acme/shop"), "review: {filter: file}\n");
        PolicyResolver resolver = new PolicyResolver(source, Policies.KNOWN);

        assertEquals(SeverityThreshold.NEVER, resolver.resolve("acme/shop").policy().review().requestChangesOn());
        assertEquals(3, source.readCalls.get(), "both policy files, and the repository's pyproject.toml (python: auto)");
        assertEquals(2, source.headCalls.get());

        ResolvedPolicy again = resolver.resolve("acme/shop");
        assertEquals(SeverityThreshold.NEVER, again.policy().review().requestChangesOn());
        assertEquals(3, source.readCalls.get(), "same commits: no file is read again");
        assertEquals(4, source.headCalls.get(), "the heads are asked every time (a conditional request)");

        String pushed = commitPolicy(org, "review: {request_changes_on: error}\n");
        ResolvedPolicy afterPush = resolver.resolve("acme/shop");
        assertEquals(SeverityThreshold.ERROR, afterPush.policy().review().requestChangesOn(), "the push takes effect");
        assertEquals(pushed, afterPush.sourceOf("review.request_changes_on").orElseThrow().file().commit());
        assertEquals(4, source.readCalls.get(), "only the org's file, at its new commit, is read");
    }

    @Test
    void aPolicyOnAPullRequestBranchIsIgnored() throws IOException {
        GitRepositoriesSource source = new GitRepositoriesSource(root);
        Path repo = source.create("acme/shop");
        commitPolicy(repo, "rules: {AG201: error}\n");
        git(repo, "checkout", "-q", "-b", "loosen-rules");
        commitPolicy(repo, "rules: {AG201: off}\npaths: {exclude: [\"**\"]}\n");
        git(repo, "checkout", "-q", "main");

        Policy p = new PolicyResolver(source, Policies.KNOWN).resolve("acme/shop").policy();

        assertEquals(Optional.of(Severity.ERROR), p.severityFor("AG201", Severity.WARNING));
        assertTrue(p.includes("src/app.py"));
    }

    @Test
    void anInvalidRepoFileStillResolvesOnTheOrgsPolicy() throws IOException {
        GitRepositoriesSource source = new GitRepositoriesSource(root);
        commitPolicy(source.create("acme/.github"), "review: {max_comments: 3}\n");
        commitPolicy(source.create("acme/shop"), "review: {max_comments: 3\n");

        ResolvedPolicy r = new PolicyResolver(source, Policies.KNOWN).resolve("acme/shop");

        assertEquals(3, r.policy().review().maxComments());
        assertEquals(1, r.rejected().size());
        assertTrue(r.problems().getFirst().toString().startsWith(".github/asyncguard.yml:2: not valid YAML: "), r.problems().toString());
    }

    @Test
    void theOrgsOwnDotGithubRepositoryReadsItsFileOnce() throws IOException {
        GitRepositoriesSource source = new GitRepositoriesSource(root);
        commitPolicy(source.create("acme/.github"), "review: {max_comments: 4}\nenforce: [review]\n");

        ResolvedPolicy r = new PolicyResolver(source, Policies.KNOWN).resolve("acme/.github");

        assertEquals(4, r.policy().review().maxComments());
        assertEquals(List.of(), r.problems());
        assertEquals(1, source.readCalls.get());
    }

    @Test
    void sourceFailuresReachTheCallerAndBadNamesAreRefused() {
        PolicySource down = new PolicySource() {
            @Override
            public Optional<String> defaultBranchHead(String repository) throws IOException {
                throw new IOException("GitHub unreachable");
            }

            @Override
            public Optional<String> read(String repository, String commit, String path) {
                throw new AssertionError("not reached");
            }
        };
        PolicyResolver resolver = new PolicyResolver(down, Policies.KNOWN);
        assertEquals("GitHub unreachable", assertThrows(IOException.class, () -> resolver.resolve("acme/shop")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> resolver.resolve("acme"));
        assertThrows(IllegalArgumentException.class, () -> resolver.resolve("acme/shop/x"));
    }

    @Test
    void theCacheIsBounded() throws IOException {
        GitRepositoriesSource source = new GitRepositoriesSource(root);
        commitPolicy(source.create("acme/a"), "python: \"3.11\"\n");
        commitPolicy(source.create("acme/b"), "python: \"3.12\"\n");
        PolicyResolver resolver = new PolicyResolver(source, Policies.KNOWN, PolicyDefaults.builtIn(Policies.KNOWN), 1);

        resolver.resolve("acme/a");
        resolver.resolve("acme/b");
        assertEquals(2, source.readCalls.get());
        resolver.resolve("acme/a");
        assertEquals(3, source.readCalls.get(), "a's entry was evicted by b's");
    }

    @Test
    void oneResolverServesManySourcesWithOneCache() throws IOException, InterruptedException {
        GitRepositoriesSource first = new GitRepositoriesSource(root);
        commitPolicy(first.create("acme/.github"), "review: {max_comments: 6}\n");
        commitPolicy(first.create("acme/shop"), "review: {filter: file}\n");
        GitRepositoriesSource second = new GitRepositoriesSource(root);
        PolicyResolver resolver = new PolicyResolver(Policies.KNOWN);

        assertEquals(6, resolver.resolve("acme/shop", first).policy().review().maxComments());
        assertEquals(6, resolver.resolve("acme/shop", second).policy().review().maxComments());
        assertEquals(0, second.readCalls.get(), "the same commits, read by another source: cached");
        assertThrows(IllegalStateException.class, () -> resolver.resolve("acme/shop"));

        // Many reviews at once (the service runs them on virtual threads) see one consistent policy.
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.Queue<ResolvedPolicy> results = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.Queue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int i = 0; i < 16; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    results.add(resolver.resolve("acme/shop", second));
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertEquals(List.of(), List.copyOf(failures));
        assertEquals(1, results.stream().map(ResolvedPolicy::policy).distinct().count());
        assertEquals(0, second.readCalls.get());
    }
}
