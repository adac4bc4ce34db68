package dev.asyncguard.cli;

import dev.asyncguard.analysis.AnalysisInput;
import dev.asyncguard.analysis.AnalysisOptions;
import dev.asyncguard.analysis.project.ProjectSummaries;
import dev.asyncguard.analysis.Analyzer;
import dev.asyncguard.python.ParsePhases;
import dev.asyncguard.python.ParseResult;
import dev.asyncguard.python.Parser;
import dev.asyncguard.python.PythonVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code asyncguard bench DIR...}: parse-only throughput over a folder. The first pass is the cold
 * figure (a fresh JVM, nothing compiled yet); then {@code --warmup} untimed passes and
 * {@code --iterations} timed ones give the warm figure. Files are read into memory first, so disk
 * time is not measured.
 */
@Command(name = "bench", description = "Measures parse speed over Python files (parse only).")
public final class BenchCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or folders (searched for *.py).")
    List<Path> paths;

    @Option(names = "--target", defaultValue = "3.14", description = "Python version whose syntax applies.")
    String target;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed passes after the cold one.")
    int warmup;

    @Option(names = "--iterations", defaultValue = "5", description = "Timed warm passes.")
    int iterations;

    @Option(names = "--threads", defaultValue = "1", description = "Files parsed in parallel.")
    int threads;

    @Option(names = "--phases",
            description = "Also report the time of each parse phase (decode, lex, parse, AST), summed over threads.")
    boolean phases;

    @Option(names = "--analyze", description = "Also run all rules (on and off by default) on each parsed file.")
    boolean analyze;

    @Option(names = "--summaries", negatable = true, defaultValue = "false",
            description = "With --analyze: analyze all files as one project, with function summaries across modules.")
    boolean summaries;

    @Option(names = "--compare-summaries",
            description = "Analyze with and without project summaries in alternating passes of one JVM and report "
                    + "the cost of summaries as the ratio of the two (implies --analyze; each timed pass starts after a full GC).")
    boolean compareSummaries;

    @Option(names = "--select", split = ",", defaultValue = "ALL",
            description = "With --analyze: the rule codes or prefixes to run (default: ${DEFAULT-VALUE}).")
    List<String> select;

    /** One file's bytes and line count, read before timing starts. */
    record Source(Path path, byte[] bytes, int lines) {}

    /** Findings of the last pass that needed other files (with --summaries). */
    private int lastProjectFindings;

    /** What one pass over all files measured. */
    record Pass(long nanos, long cpuNanos, int failed, long decideNanos, long gcMillis) {}

    @Override
    public Integer call() throws Exception {
        if (compareSummaries) analyze = true;
        ParsePhases phaseTimes = phases ? new ParsePhases() : null;
        Parser parser = new Parser(PythonVersion.parse(target), phaseTimes);
        List<Source> sources = read(PythonFiles.under(paths));
        long bytes = 0;
        long lines = 0;
        for (Source s : sources) {
            bytes += s.bytes().length;
            lines += s.lines();
        }
        PrintStream out = System.out;
        out.printf("files %d, lines %d, bytes %d, threads %d%s%n", sources.size(), lines, bytes, threads,
                analyze ? ", parse + rules " + select + (summaries ? " + project summaries" : "") : ", parse only");
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), Parser.threads("asyncguard-bench"));
        try {
            if (compareSummaries) {
                compare(out, parser, sources, pool, lines);
                return 0;
            }
            Pass cold = pass(parser, sources, pool);
            out.printf("cold pass: %.3f s (cpu %.3f s), %.0f lines/s, %d files with syntax errors%n",
                    cold.nanos() / 1e9, cold.cpuNanos() / 1e9, lines / (cold.nanos() / 1e9), cold.failed());
            if (phaseTimes != null) printPhases(out, "cold pass", phaseTimes.takeTotals(), 1);
            for (int i = 0; i < warmup; i++) pass(parser, sources, pool);
            if (phaseTimes != null) phaseTimes.takeTotals();
            long best = Long.MAX_VALUE;
            long total = 0;
            long cpu = 0;
            for (int i = 0; i < iterations; i++) {
                Pass p = pass(parser, sources, pool);
                best = Math.min(best, p.nanos());
                total += p.nanos();
                cpu += p.cpuNanos();
            }
            if (iterations > 0) {
                double mean = total / 1e9 / iterations;
                out.printf("warm (%d iterations after %d warm-up): mean %.3f s (cpu %.3f s), best %.3f s, %.0f lines/s (mean), %.0f lines/s (best), %.1f MB/s%n",
                        iterations, warmup, mean, cpu / 1e9 / iterations, best / 1e9, lines / mean, lines / (best / 1e9), bytes / mean / 1e6);
                if (phaseTimes != null) printPhases(out, "warm pass (mean)", phaseTimes.takeTotals(), iterations);
            }
        } finally {
            pool.shutdownNow();
        }
        if (summaries) out.printf("findings that needed other modules (last pass): %d%n", lastProjectFindings);
        Runtime rt = Runtime.getRuntime();
        out.printf("heap in use at end: %d MB%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
        return 0;
    }

    /**
     * Passes without and with summaries, alternating in one JVM: the machine's speed drifts over
     * minutes, so two figures taken one after the other in separate runs differ by more than the
     * cost measured. Each round runs both, in turn first; the cost is the median of the rounds'
     * ratios (and the ratio of the medians, which should agree).
     */
    private void compare(PrintStream out, Parser parser, List<Source> sources, ExecutorService pool, long lines)
            throws Exception {
        Pass coldWithout = pass(parser, sources, pool, false);
        Pass coldWith = pass(parser, sources, pool, true);
        out.printf("cold passes: without summaries %.3f s, then with summaries %.3f s%n",
                coldWithout.nanos() / 1e9, coldWith.nanos() / 1e9);
        for (int i = 0; i < warmup; i++) {
            pass(parser, sources, pool, false);
            pass(parser, sources, pool, true);
        }
        long[][] wall = new long[2][iterations];
        long[][] cpu = new long[2][iterations];
        long[] decide = new long[iterations];
        long[][] gc = new long[2][iterations];
        for (int i = 0; i < iterations; i++) {
            for (int k = 0; k < 2; k++) {
                int mode = (i + k) % 2; // round 0: without first; round 1: with first; ...
                System.gc();
                Pass p = pass(parser, sources, pool, mode == 1);
                wall[mode][i] = p.nanos();
                cpu[mode][i] = p.cpuNanos();
                gc[mode][i] = p.gcMillis();
                if (mode == 1) decide[i] = p.decideNanos();
            }
        }
        if (iterations == 0) return;
        String[] label = {"without summaries", "with summaries"};
        for (int mode = 0; mode < 2; mode++) {
            out.printf("%-17s (%d passes after %d warm-up rounds): median %.3f s (cpu %.3f s), best %.3f s, %.0f lines/s (median)%n",
                    label[mode], iterations, warmup, median(wall[mode]) / 1e9, median(cpu[mode]) / 1e9,
                    java.util.Arrays.stream(wall[mode]).min().orElseThrow() / 1e9, lines / (median(wall[mode]) / 1e9));
        }
        double[] wallRatios = new double[iterations];
        double[] cpuRatios = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            wallRatios[i] = (double) wall[1][i] / wall[0][i];
            cpuRatios[i] = cpu[0][i] == 0 ? 0 : (double) cpu[1][i] / cpu[0][i];
        }
        java.util.Arrays.sort(wallRatios);
        out.printf("summaries cost: %.2fx wall (median of %d rounds; range %.2fx-%.2fx), %.2fx of median wall, %.2fx cpu (median)%n",
                median(wallRatios), iterations, wallRatios[0], wallRatios[iterations - 1],
                (double) median(wall[1]) / median(wall[0]), median(cpuRatios));
        out.printf("of which the project's end (deferred decisions, one thread): median %.3f s; "
                + "collector time per pass: median %.3f s without, %.3f s with summaries%n",
                median(decide) / 1e9, median(gc[0]) / 1e3, median(gc[1]) / 1e3);
        out.printf("findings that needed other modules (last pass): %d%n", lastProjectFindings);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** One line of phase times per pass; thread time summed over the pool, so with threads > 1 it can exceed wall time. */
    private static void printPhases(PrintStream out, String label, ParsePhases.Totals t, int passes) {
        double total = t.sumNanos();
        out.printf("%s phases (thread time): decode %.3f s (%.0f%%), lex %.3f s (%.0f%%), parse %.3f s (%.0f%%), ast %.3f s (%.0f%%)%n",
                label,
                t.decodeNanos() / 1e9 / passes, 100 * t.decodeNanos() / total,
                t.lexNanos() / 1e9 / passes, 100 * t.lexNanos() / total,
                t.parseNanos() / 1e9 / passes, 100 * t.parseNanos() / total,
                t.astNanos() / 1e9 / passes, 100 * t.astNanos() / total);
    }

    private static List<Source> read(List<Path> files) throws IOException {
        List<Source> out = new ArrayList<>();
        for (Path f : files) {
            byte[] b = Files.readAllBytes(f);
            int lines = 0;
            for (byte x : b) if (x == '\n') lines++;
            if (b.length > 0 && b[b.length - 1] != '\n') lines++;
            out.add(new Source(f, b, lines));
        }
        return out;
    }

    private Pass pass(Parser parser, List<Source> sources, ExecutorService pool) throws Exception {
        return pass(parser, sources, pool, analyze && summaries);
    }

    /**
     * One pass over every file. Like {@code check}, it keeps no tree past its file: only whether
     * the file parsed comes back (holding every tree to the end would make each pass's collections
     * copy the whole folder's trees, which no command does).
     */
    private Pass pass(Parser parser, List<Source> sources, ExecutorService pool, boolean withSummaries) throws Exception {
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        long gcStart = gcMillis();
        Analyzer analyzer = Analyzer.withBuiltInRules();
        AnalysisOptions allRules = AnalysisOptions.select(analyzer.registry(), select, List.of(),
                dev.asyncguard.analysis.PythonVersion.parse(target));
        List<Future<Boolean>> results = new ArrayList<>(sources.size());
        ProjectSummaries project = analyze && withSummaries
                ? ProjectSummaries.forPaths(sources.stream().map(s -> s.path().toString()).toList()) : null;
        for (Source s : sources) {
            results.add(pool.submit(() -> {
                ParseResult parsed = parser.parse(s.bytes());
                if (analyze) {
                    AnalysisInput input = AnalysisInput.of(s.path().toString(), parsed);
                    if (project == null) analyzer.analyze(input, allRules);
                    else analyzer.project(project, allRules).analyze(input);
                }
                return parsed.ok();
            }));
        }
        int failed = 0;
        for (Future<Boolean> f : results) if (!f.get()) failed++;
        long decideStart = System.nanoTime();
        if (project != null) lastProjectFindings = project.decidePending().size();
        long end = System.nanoTime();
        return new Pass(end - start, processCpuNanos() - cpuStart, failed, end - decideStart, gcMillis() - gcStart);
    }

    /** Time the collectors report spent collecting, summed over them (G1: its pauses, and on JDK 21+ its concurrent cycles too). */
    private static long gcMillis() {
        long total = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** CPU time of the whole process: on a shared machine it says more than wall time. */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }
}
