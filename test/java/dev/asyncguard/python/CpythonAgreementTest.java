package dev.asyncguard.python;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our parser accepts a file exactly when CPython's {@code ast.parse} does, for every .py file of
 * CPython's own library and test suite. CPython's verdicts come from the pyenv interpreter
 * running {@code test/cpython/verdicts.py}; the test is skipped where that interpreter is absent.
 * The same check as a script: {@code test/cpython-agreement.sh}.
 */
class CpythonAgreementTest {

    @ParameterizedTest(name = "CPython {0}")
    @CsvSource({"3.13.0, 3.13", "3.12.1, 3.12"})
    void acceptsExactlyWhatCpythonAccepts(String cpython, String targetVersion) throws Exception {
        PythonVersion target = PythonVersion.parse(targetVersion);
        Path python = Path.of(System.getProperty("user.home"), ".pyenv", "versions", cpython, "bin", "python3");
        Assumptions.assumeTrue(Files.isExecutable(python), "CPython " + cpython + " is not installed by pyenv");
        String lib = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])").strip();
        Map<String, Boolean> cpythonAccepts = new TreeMap<>();
        for (String line : run(python, Path.of("test/cpython/verdicts.py").toAbsolutePath().toString(), lib).split("\n")) {
            if (line.isEmpty()) continue;
            String[] f = line.split("\t");
            cpythonAccepts.put(f[1], f[0].equals("OK"));
        }
        assertTrue(cpythonAccepts.size() > 1000, "CPython's library should have over 1000 files");

        Parser parser = new Parser(target);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Map<String, Future<ParseResult>> ours = new TreeMap<>();
        for (String file : cpythonAccepts.keySet()) {
            ours.put(file, pool.submit(() -> parser.parse(Files.readAllBytes(Path.of(file)))));
        }
        List<String> disagreements = new ArrayList<>();
        int rejected = 0;
        for (var e : ours.entrySet()) {
            ParseResult r = e.getValue().get(5, TimeUnit.MINUTES);
            boolean cpythonOk = cpythonAccepts.get(e.getKey());
            if (!cpythonOk) {
                rejected++;
                assertTrue(!r.diagnostics().isEmpty());
            }
            if (r.ok() != cpythonOk) {
                disagreements.add((cpythonOk ? "we reject, CPython accepts: " + r.diagnostics().get(0) : "we accept, CPython rejects")
                        + " " + e.getKey());
            }
        }
        pool.shutdown();
        System.out.printf("CPython %s: %d files, CPython rejects %d, disagreements %d%n",
                cpython, cpythonAccepts.size(), rejected, disagreements.size());
        assertEquals(List.of(), disagreements);
    }

    private static String run(Path python, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(python.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "python failed: " + cmd);
        return out;
    }
}
