package dev.asyncguard.cli;

import dev.asyncguard.analysis.AnalysisInput;
import dev.asyncguard.analysis.AnalysisOptions;
import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.Analyzer;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.PythonVersion;
import dev.asyncguard.analysis.RuleFailure;
import dev.asyncguard.analysis.RuleRegistry;
import dev.asyncguard.analysis.project.ProjectSummaries;
import dev.asyncguard.python.Parser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code asyncguard check PATH...}: analyzes files and folders and prints the findings like a
 * compiler, as JSON or as SARIF 2.1.0. Exit status 0 without findings, 1 with findings, 2 on a
 * usage or internal error (a file that cannot be read, a rule that failed).
 */
@Command(name = "check", description = "Finds asyncio pitfalls in Python files and folders.")
public final class CheckCommand implements java.util.concurrent.Callable<Integer> {
    static final int FINDINGS = 1;
    static final int ERROR = 2;

    enum Format { text, json, sarif }

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or folders (searched for *.py and *.pyi).")
    List<Path> paths;

    @Option(names = "--format", defaultValue = "text", description = "text, json or sarif (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--select", split = ",", paramLabel = "CODES",
            description = "Rule codes or prefixes to run (AG2, AG201, ALL); default: the rules on by default.")
    List<String> select = new ArrayList<>();

    @Option(names = "--ignore", split = ",", paramLabel = "CODES", description = "Rule codes or prefixes not to run.")
    List<String> ignore = new ArrayList<>();

    @Option(names = {"--target-version", "--python"}, defaultValue = "3.14", paramLabel = "VERSION",
            description = "Python version the code targets; decides the fixes offered (default: ${DEFAULT-VALUE}).")
    String targetVersion;

    @Option(names = "--threads", defaultValue = "2", description = "Files analyzed at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--summaries", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Analyze the files together: coroutines see blocking helpers and coroutine functions "
                    + "of the other files given (default: ${DEFAULT-VALUE}; --no-summaries: each file alone).")
    boolean summaries;

    @Option(names = "--min-confidence", defaultValue = "low", paramLabel = "LEVEL", converter = ConfidenceConverter.class,
            description = "Show findings of at least this confidence: low (all; low ones are marked) or high "
                    + "(what the bot comments inline by default) (default: ${DEFAULT-VALUE}).")
    Confidence minConfidence;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final class ConfidenceConverter implements CommandLine.ITypeConverter<Confidence> {
        @Override
        public Confidence convert(String value) {
            try {
                return Confidence.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The outcome for one file: its findings, or why it could not be analyzed. */
    record FileResult(Path file, List<Finding> findings, String error) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PythonVersion version;
        List<Path> files;
        try {
            version = PythonVersion.parse(targetVersion);
            files = PythonFiles.toCheck(paths);
        } catch (IllegalArgumentException | IOException e) {
            err.println("asyncguard: " + e.getMessage());
            return ERROR;
        }
        RuleRegistry registry = RuleRegistry.builtIn();
        List<String> unknown = new ArrayList<>();
        for (String code : concat(select, ignore)) {
            String c = code.trim().toUpperCase(java.util.Locale.ROOT);
            if (!c.equals("ALL") && registry.codes().stream().noneMatch(r -> r.startsWith(c))) unknown.add(code);
        }
        if (!unknown.isEmpty()) {
            err.println("asyncguard: no rule matches " + String.join(", ", unknown) + " (codes are like AG201, or prefixes like AG2)");
            return ERROR;
        }
        AnalysisOptions options = AnalysisOptions.select(registry, select, ignore, version);
        ProjectSummaries project = summaries
                ? ProjectSummaries.forPaths(files.stream().map(Path::toString).toList()) : null;
        List<FileResult> results = analyzeAll(files, options, project);

        List<Finding> findings = new ArrayList<>();
        boolean failed = false;
        for (FileResult r : results) {
            if (r.error() != null) {
                err.println(r.file() + ": error: " + r.error());
                failed = true;
            }
            findings.addAll(r.findings());
        }
        if (project != null) findings.addAll(project.decidePending());
        findings.removeIf(f -> !f.confidence().reaches(minConfidence));
        findings.sort(Comparator.comparing(Finding::path).thenComparingInt(Finding::line)
                .thenComparingInt(f -> f.range().startColumn()).thenComparing(Finding::code));
        switch (format) {
            case text -> CheckReports.text(findings, files.size(), out);
            case json -> CheckReports.json(findings, out);
            case sarif -> {
                dev.asyncguard.review.RuleDocLinks links;
                try {
                    links = dev.asyncguard.review.RuleDocLinks.fromEnvironment(System.getenv());
                } catch (IllegalArgumentException e) {
                    err.println("asyncguard check: " + e.getMessage());
                    return ERROR;
                }
                CheckReports.sarif(findings, null, registry, links, out);
            }
        }
        out.flush();
        if (failed) return ERROR;
        return findings.isEmpty() ? 0 : FINDINGS;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private List<FileResult> analyzeAll(List<Path> files, AnalysisOptions options, ProjectSummaries project) {
        Analyzer analyzer = Analyzer.withBuiltInRules();
        // Parser threads: each file is parsed in place, and the analysis, which walks deeply nested
        // expressions recursively in places, gets the same large stack.
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), Parser.threads("asyncguard-check"));
        try {
            List<Future<FileResult>> futures = new ArrayList<>();
            for (Path file : files) futures.add(pool.submit(() -> analyzeOne(analyzer, file, options, project)));
            List<FileResult> results = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    results.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    results.add(new FileResult(files.get(i), List.of(), "internal error: " + e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    results.add(new FileResult(files.get(i), List.of(), "interrupted"));
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static FileResult analyzeOne(Analyzer analyzer, Path file, AnalysisOptions options,
                                         ProjectSummaries project) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return new FileResult(file, List.of(), "cannot read: " + e.getMessage());
        }
        try {
            AnalysisInput input = AnalysisInput.parse(file.toString(), bytes, options);
            List<Finding> found = project == null ? analyzer.analyze(input, options)
                    : analyzer.project(project, options).analyze(input);
            return new FileResult(file, found, null);
        } catch (RuleFailure e) {
            return new FileResult(file, List.of(), "internal error (please report): " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return new FileResult(file, List.of(), "internal error (please report): " + e);
        }
    }
}
