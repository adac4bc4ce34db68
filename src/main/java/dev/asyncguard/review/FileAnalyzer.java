package dev.asyncguard.review;

import dev.asyncguard.analysis.Finding;
import java.util.List;

/**
 * Analyzes one file of the head revision: its repository-relative path and its bytes (decoding is
 * the parser's job: BOM, PEP 263 coding cookies). The review pipeline only needs this; the CLI and
 * the webhook service pass the real analyzer.
 */
@FunctionalInterface
public interface FileAnalyzer {
    List<Finding> analyze(String path, byte[] content);
}
