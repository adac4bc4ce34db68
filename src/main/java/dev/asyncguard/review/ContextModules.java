package dev.asyncguard.review;

import dev.asyncguard.analysis.project.ModuleSummary;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The unchanged Python files of the head revision, for a review that analyzes the changed files
 * together with the modules they import (a coroutine's call into an unchanged helper module).
 * The local command reads them with git, the webhook service from GitHub's tree and blob APIs.
 */
public interface ContextModules {
    /** Every Python file of the head revision (repository-relative paths). */
    List<String> pythonPaths();

    /** The contents at the head of these files; a file that cannot be read is left out. */
    Map<String, byte[]> read(Collection<String> paths);

    /**
     * The summaries of these files for a project analysis; a file that cannot be read or
     * summarized is left out. This reads and summarizes each; a source that can name a file's
     * content by a stable id (a blob SHA) may serve summaries computed by earlier reviews instead.
     */
    default Map<String, ModuleSummary> summaries(Collection<String> paths, ProjectAnalysis analysis) {
        Map<String, ModuleSummary> out = new LinkedHashMap<>();
        read(paths).forEach((path, content) -> {
            try {
                out.put(path, analysis.summarize(path, content));
            } catch (RuntimeException | StackOverflowError e) {
                // An unreadable helper module leaves the review with less context, never without a review.
            }
        });
        return out;
    }
}
