package dev.asyncguard.review;

import dev.asyncguard.analysis.Finding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Analyzes one file of the head revision: its repository-relative path and its bytes (decoding is
 * the parser's job: BOM, PEP 263 coding cookies). The review pipeline only needs this; the CLI and
 * the webhook service pass the real analyzer.
 */
@FunctionalInterface
public interface FileAnalyzer {
    List<Finding> analyze(String path, byte[] content);

    /**
     * Analyzes files together, so that each sees the functions of the others; the findings per
     * path. An analyzer without project analysis analyzes each file alone.
     */
    default Map<String, List<Finding>> analyzeTogether(Map<String, byte[]> files) {
        Map<String, List<Finding>> out = new LinkedHashMap<>();
        files.forEach((path, content) -> out.put(path, analyze(path, content)));
        return out;
    }

    /**
     * A project analysis over a tree of these Python files (repository-relative paths: module names
     * come from them), or null when this analyzer analyzes each file alone (then
     * {@link #analyzeTogether} is used with the imported modules' contents).
     */
    default ProjectAnalysis projectAnalysis(java.util.Collection<String> treePaths) {
        return null;
    }
}
