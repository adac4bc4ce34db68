package dev.asyncguard.analysis;

import dev.asyncguard.python.ast.Comment;
import dev.asyncguard.python.ast.Module;

import java.util.List;

/**
 * One parsed file as the analyzer needs it: its path (as the caller wants it reported), its text,
 * the tree, the comments (for suppressions) and the parser's syntax problems.
 */
public record AnalysisInput(String path, String text, Module module, List<Comment> comments,
                            List<SyntaxProblem> syntaxProblems) {
    public AnalysisInput {
        comments = List.copyOf(comments);
        syntaxProblems = List.copyOf(syntaxProblems);
    }
}
