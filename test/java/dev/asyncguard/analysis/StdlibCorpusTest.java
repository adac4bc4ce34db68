package dev.asyncguard.analysis;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every rule (on or off by default) over every file of CPython 3.13's standard library: no rule
 * may throw. Skipped where pyenv's CPython 3.13 is not installed. The findings per rule are
 * written to {@code target/stdlib-findings.txt} for people to read; they are not asserted (the
 * corpus is a crash test, not a precision oracle).
 */
class StdlibCorpusTest {

    static Path stdlib() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import sysconfig;print(sysconfig.get_paths()['stdlib'])")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() == 0 && out.endsWith("3.13")) return Path.of(out);
        } catch (IOException | InterruptedException e) {
            // fall through to the usual pyenv location
        }
        return Path.of(System.getProperty("user.home"), ".pyenv", "versions", "3.13.0", "lib", "python3.13");
    }

    @Test
    void noRuleThrowsOnAnyStdlibFile() throws Exception {
        Path root = stdlib();
        assumeTrue(Files.isDirectory(root), "CPython 3.13's library is not installed at " + root);
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".py") && !p.toString().contains("site-packages")).sorted().toList();
        }
        assertTrue(files.size() > 1000, "expected the whole library, found " + files.size() + " files");
        Analyzer analyzer = Analyzer.withBuiltInRules();
        AnalysisOptions all = AnalysisOptions.select(RuleRegistry.builtIn(), List.of("ALL"), List.of(),
                new PythonVersion(3, 13));
        ExecutorService pool = Executors.newFixedThreadPool(2, task -> new Thread(null, task, "stdlib", 64L << 20));
        List<Future<List<Finding>>> futures = new ArrayList<>();
        for (Path file : files) {
            futures.add(pool.submit(() -> analyzer.analyze(AnalysisInput.parse(root.relativize(file).toString(),
                    Files.readAllBytes(file), all), all)));
        }
        List<String> failures = new ArrayList<>();
        Map<String, Integer> perRule = new TreeMap<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            try {
                for (Finding f : futures.get(i).get()) {
                    perRule.merge(f.code(), 1, Integer::sum);
                    lines.add(f.path() + ":" + f.line() + ": " + f.code() + " " + f.message());
                }
            } catch (java.util.concurrent.ExecutionException e) {
                failures.add(files.get(i) + ": " + e.getCause());
            }
        }
        pool.shutdownNow();
        List<String> report = new ArrayList<>();
        report.add(files.size() + " files; findings per rule: " + perRule);
        report.addAll(lines);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "stdlib-findings.txt"), report, StandardCharsets.UTF_8);
        assertTrue(failures.isEmpty(), failures.size() + " files made a rule throw:\n" + String.join("\n", failures));
    }
}
