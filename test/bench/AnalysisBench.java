import dev.asyncguard.analysis.AnalysisInput;
import dev.asyncguard.analysis.AnalysisOptions;
import dev.asyncguard.analysis.Analyzer;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.project.ModuleSummary;
import dev.asyncguard.analysis.project.ProjectSummaries;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analysis after parsing, in process (run from source against a jar: {@code java -cp JAR
 * AnalysisBench.java ...}, so that an older jar is measured by the same harness). Every file is
 * parsed once before timing; each pass then analyzes the changed files as one project, as the bot
 * does for a pull request (a fresh {@link ProjectSummaries} of the tree's paths, the unchanged
 * modules' summaries as context, every changed file analyzed, then the decisions that waited for
 * all of them), and its thread CPU time is taken. Prints the median and best CPU per pass and a digest of the
 * findings (it must not differ between jars).
 *   java -cp JAR AnalysisBench.java [--warmup N] [--iterations N] --pr SERVICE_LOAD_JAVA
 *       the bench PR of test/bench/ServiceLoad.java: its 10 modules (text blocks read from that file)
 *       changed, app/util.py, app/db.py, app/cache.py as context
 *   java -cp JAR AnalysisBench.java [--warmup N] [--iterations N] --root DIR FILE...
 *       FILEs (under DIR; module names from their paths relative to DIR) all changed, no context
 */
public final class AnalysisBench {
    public static void main(String[] args) throws Exception {
        // On a parser thread, as check and bench run: the analysis runs in place (not handed to a worker), so this thread's CPU is its CPU.
        var thread = java.util.concurrent.Executors.newSingleThreadExecutor(dev.asyncguard.python.Parser.threads("analysis-bench"));
        try {
            thread.submit(() -> { run(args); return null; }).get();
        } finally {
            thread.shutdown();
        }
    }

    private static void run(String[] args) throws Exception {
        int warmup = 30;
        int iterations = 30;
        Map<String, byte[]> changed = new LinkedHashMap<>();
        Map<String, byte[]> context = new LinkedHashMap<>();
        Path root = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--pr" -> benchPr(Files.readString(Path.of(args[++i])), changed, context);
                case "--root" -> root = Path.of(args[++i]);
                default -> {
                    Path file = Path.of(args[i]);
                    String path = (root == null ? file : root.relativize(file)).toString().replace('\\', '/');
                    changed.put(path, Files.readAllBytes(file));
                }
            }
        }
        if (changed.isEmpty()) throw new IllegalArgumentException("no files: give --pr ServiceLoad.java or --root DIR FILE...");

        Analyzer analyzer = Analyzer.withBuiltInRules();
        AnalysisOptions options = AnalysisOptions.defaults(analyzer.registry());
        List<String> tree = new ArrayList<>(context.keySet());
        tree.addAll(changed.keySet());
        // The unchanged modules' summaries: the bot keeps them by blob, so a review does not make them again.
        List<ModuleSummary> summaries = new ArrayList<>();
        Analyzer.Project summarizer = analyzer.project(ProjectSummaries.forPaths(tree), options);
        context.forEach((path, bytes) -> summaries.add(summarizer.summarize(AnalysisInput.parse(path, bytes, options))));
        Map<String, AnalysisInput> parsed = new LinkedHashMap<>();
        long lines = 0;
        for (Map.Entry<String, byte[]> e : changed.entrySet()) {
            parsed.put(e.getKey(), AnalysisInput.parse(e.getKey(), e.getValue(), options));
            lines += new String(e.getValue(), StandardCharsets.UTF_8).lines().count();
        }

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Finding> last = List.of();
        long[] cpu = new long[iterations];
        for (int i = 0; i < warmup + iterations; i++) {
            long start = threads.getCurrentThreadCpuTime();
            Analyzer.Project run = analyzer.project(ProjectSummaries.forPaths(tree), options);
            last = run.analyzeAll(changed, summaries, (path, bytes) -> parsed.get(path));
            long took = threads.getCurrentThreadCpuTime() - start;
            if (i >= warmup) cpu[i - warmup] = took;
        }
        long[] sorted = cpu.clone();
        Arrays.sort(sorted);
        StringBuilder all = new StringBuilder();
        for (Finding f : last) all.append(f.path()).append(':').append(f.line()).append(' ').append(f.code()).append(' ').append(f.message()).append('\n');
        System.out.printf("%d files, %d lines, %d findings (digest %08x); analysis CPU per pass over %d passes after %d warm-up: median %.2f ms, best %.2f ms%n",
                changed.size(), lines, last.size(), all.toString().hashCode(), iterations, warmup,
                sorted[iterations / 2] / 1e6, sorted[0] / 1e6);
        if (System.getenv("ANALYSIS_BENCH_FINDINGS") != null) System.out.print(all);
    }

    /** The PR of ServiceLoad.java: its text blocks TEMPLATE (10 modules), UTIL, DB and CACHE, read from its source. */
    private static void benchPr(String source, Map<String, byte[]> changed, Map<String, byte[]> context) {
        String template = textBlock(source, "TEMPLATE");
        for (int i = 0; i < 10; i++) changed.put("app/mod" + i + ".py", template.formatted(i, 1).getBytes(StandardCharsets.UTF_8));
        context.put("app/__init__.py", new byte[0]);
        context.put("app/util.py", textBlock(source, "UTIL").getBytes(StandardCharsets.UTF_8));
        context.put("app/db.py", textBlock(source, "DB").getBytes(StandardCharsets.UTF_8));
        context.put("app/cache.py", textBlock(source, "CACHE").getBytes(StandardCharsets.UTF_8));
    }

    /** The value of {@code static final String NAME = """...""";} in Java source, as the compiler makes it. */
    private static String textBlock(String source, String name) {
        String open = "static final String " + name + " = \"\"\"\n";
        int start = source.indexOf(open);
        if (start < 0) throw new IllegalArgumentException("no text block " + name + " in the load generator's source");
        start += open.length();
        int end = source.indexOf("\"\"\";", start);
        return source.substring(start, end).stripIndent().translateEscapes();
    }
}
