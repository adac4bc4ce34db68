package dev.asyncguard.review;

import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.project.ImportedModules;
import dev.asyncguard.analysis.project.ModuleSummary;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One review's analysis of the changed files together with summaries of the unchanged modules
 * they import. Unchanged modules are only summarized (no findings are made for them), and a
 * summary depends on nothing but the file's content and {@link #summaryKey}, so a caller may keep
 * summaries across reviews under (blob, key) and hand them back instead of the file.
 */
public interface ProjectAnalysis {
    /** What a summary of {@code path} depends on besides its content (module name, target version, ...). */
    String summaryKey(String path);

    /** The summary of an unchanged module: parsed and walked once, no findings. */
    ModuleSummary summarize(String path, byte[] content);

    /**
     * The files of the tree ({@code imports} knows its modules) that {@code path} imports from: a
     * parse of the file. A caller that saw the same file in the same tree before may answer from that.
     */
    default Set<String> importsOf(ImportedModules imports, String path, byte[] content) {
        return imports.of(path, content);
    }

    /** The changed files' findings (per path), analyzed with the given summaries of other modules. */
    Map<String, List<Finding>> analyze(Map<String, byte[]> changed, Collection<ModuleSummary> context);
}
