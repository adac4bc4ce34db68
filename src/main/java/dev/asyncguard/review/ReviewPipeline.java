package dev.asyncguard.review;

import dev.asyncguard.analysis.SourceLines;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.project.ImportedModules;
import dev.asyncguard.analysis.project.ModuleSummary;
import dev.asyncguard.diff.DiffFilter;
import dev.asyncguard.diff.FileDiff;
import dev.asyncguard.diff.FileStatus;
import dev.asyncguard.diff.MarkedFinding;
import dev.asyncguard.diff.UnifiedDiff;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The review of one change, shared by the local {@code review} command and the webhook service:
 * analyze each changed Python file of the head, mark the findings against the diff, compose the
 * review, the check-run summary and the annotations. A file that cannot be read or analyzed becomes
 * a {@link FileProblem} in the result; it never stops the others.
 */
public final class ReviewPipeline {
    private final FileAnalyzer analyzer;
    private final Predicate<String> reviewed;

    /** A pipeline that reviews every changed Python file. */
    public ReviewPipeline(FileAnalyzer analyzer) {
        this(analyzer, ReviewPipeline::isPython);
    }

    /** A pipeline that reviews the changed files whose path {@code reviewed} accepts (policy's paths). */
    public ReviewPipeline(FileAnalyzer analyzer, Predicate<String> reviewed) {
        this.analyzer = analyzer;
        this.reviewed = reviewed;
    }

    public static boolean isPython(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.endsWith(".py") || p.endsWith(".pyi");
    }

    public ReviewResult review(List<ChangedFile> files, ReviewOptions options) {
        return review(files, options, null, 0);
    }

    /**
     * Reviews the changed files analyzed together with the unchanged modules of the head that they
     * import (transitively, at most {@code maxContextFiles} of them read from {@code context}), so
     * that findings through helpers of other modules appear; only the changed files are reported.
     * A null context analyzes each changed file alone.
     */
    public ReviewResult review(List<ChangedFile> files, ReviewOptions options, ContextModules context,
                               int maxContextFiles) {
        List<FileDiff> diffs = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        Map<String, SourceLines> sources = new HashMap<>();
        Map<String, byte[]> analyzed = new LinkedHashMap<>();
        List<FileProblem> problems = new ArrayList<>();
        for (ChangedFile file : files) {
            diffs.add(file.diff());
            FileDiff d = file.diff();
            if (d.status() == FileStatus.DELETED || d.binary() || !reviewed.test(file.path())) continue;
            if (file.headContent() == null) {
                problems.add(new FileProblem(file.path(), "its content at the head revision is not available"));
                continue;
            }
            sources.put(file.path(), sourceLines(file.headContent()));
            analyzed.put(file.path(), file.headContent());
        }
        Map<String, List<Finding>> together = null;
        if (context != null && !analyzed.isEmpty()) {
            try {
                Set<String> treePaths = new LinkedHashSet<>(context.pythonPaths());
                treePaths.addAll(analyzed.keySet());
                List<String> tree = List.copyOf(treePaths);
                ProjectAnalysis project = analyzer.projectAnalysis(tree);
                if (project != null) {
                    together = project.analyze(analyzed,
                            importedSummaries(analyzed, context, project, tree, maxContextFiles).values());
                } else {
                    Map<String, byte[]> all = new LinkedHashMap<>(analyzed);
                    all.putAll(importedModules(analyzed, context, maxContextFiles));
                    together = analyzer.analyzeTogether(all);
                }
            } catch (RuntimeException | StackOverflowError e) {
                together = null; // each file alone below: a failure then names its file
            }
        }
        for (Map.Entry<String, byte[]> file : analyzed.entrySet()) {
            try {
                List<Finding> found = together != null ? together.getOrDefault(file.getKey(), List.of())
                        : analyzer.analyze(file.getKey(), file.getValue());
                for (Finding f : found) {
                    // The analyzer speaks for this file only; a finding elsewhere would be misplaced.
                    findings.add(f.path().equals(file.getKey()) ? f
                            : new Finding(f.code(), f.name(), f.severity(), file.getKey(), f.range(), f.message(), f.fix(),
                                    f.confidence()));
                }
            } catch (RuntimeException | StackOverflowError e) {
                problems.add(new FileProblem(file.getKey(), "the analyzer failed: " + e));
            }
        }
        // Problems in the order of the change's files, whichever step found them.
        List<String> order = files.stream().map(ChangedFile::path).toList();
        problems.sort(java.util.Comparator.comparingInt(p -> order.indexOf(p.path())));
        UnifiedDiff diff = new UnifiedDiff(diffs);
        List<MarkedFinding> marked = new DiffFilter(diff, options.filter()).mark(findings);
        return new ReviewComposer(options).compose(marked, sources, diff, problems);
    }

    /** How many rounds of imports of imports are followed. */
    private static final int IMPORT_ROUNDS = 3;

    /** The unchanged modules the changed files import, and those they import, within the budget. */
    static Map<String, byte[]> importedModules(Map<String, byte[]> changed, ContextModules context, int budget) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (budget <= 0) return out;
        ImportedModules imports = new ImportedModules(context.pythonPaths());
        Map<String, byte[]> frontier = changed;
        for (int round = 0; round < IMPORT_ROUNDS && !frontier.isEmpty() && out.size() < budget; round++) {
            Set<String> wanted = new LinkedHashSet<>();
            frontier.forEach((path, content) -> wanted.addAll(imports.of(path, content)));
            wanted.removeAll(changed.keySet());
            wanted.removeAll(out.keySet());
            List<String> next = wanted.stream().limit(budget - out.size()).toList();
            if (next.isEmpty()) break;
            frontier = context.read(next);
            out.putAll(frontier);
        }
        return out;
    }

    /**
     * The summaries of the unchanged modules the changed files import, and of those they import,
     * within the budget: the changed files' imports are read from their source, the next rounds'
     * from the summaries (which record their file's imports), so a summary served from a cache
     * needs no file at all.
     */
    static Map<String, ModuleSummary> importedSummaries(Map<String, byte[]> changed, ContextModules context,
                                                        ProjectAnalysis project, List<String> tree, int budget) {
        Map<String, ModuleSummary> out = new LinkedHashMap<>();
        if (budget <= 0) return out;
        ImportedModules imports = new ImportedModules(tree);
        Set<String> wanted = new LinkedHashSet<>();
        changed.forEach((path, content) -> wanted.addAll(project.importsOf(imports, path, content)));
        for (int round = 0; round < IMPORT_ROUNDS && out.size() < budget; round++) {
            wanted.removeAll(changed.keySet());
            wanted.removeAll(out.keySet());
            List<String> next = wanted.stream().limit(budget - out.size()).toList();
            if (next.isEmpty()) break;
            Map<String, ModuleSummary> got = context.summaries(next, project);
            out.putAll(got);
            wanted.clear();
            for (ModuleSummary s : got.values()) wanted.addAll(imports.paths(s.imports()));
        }
        return out;
    }

    /**
     * The file's lines for suggestions and fingerprints. Suggestions must reproduce the untouched
     * part of a line byte for byte, so a file that is not UTF-8 (a PEP 263 cookie may declare
     * another encoding) gets no lines: its fixes show as code, never as suggestions.
     */
    private static SourceLines sourceLines(byte[] content) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
            // The parser drops a BOM, so columns count from after it.
            return new SourceLines(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (CharacterCodingException e) {
            return new SourceLines("");
        }
    }
}
