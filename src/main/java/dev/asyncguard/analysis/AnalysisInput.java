package dev.asyncguard.analysis;

import dev.asyncguard.python.VersionedSyntax;
import dev.asyncguard.python.ast.Comment;
import dev.asyncguard.python.ast.Module;

import java.util.List;

/**
 * One parsed file as the analyzer needs it: its path (as the caller wants it reported), its text,
 * the tree, the comments (for suppressions), the parser's syntax problems and the constructs that
 * need a newer Python than the oldest the parser knows.
 */
public record AnalysisInput(String path, String text, Module module, List<Comment> comments,
                            List<SyntaxProblem> syntaxProblems, List<VersionedSyntax> versionedSyntax) {
    public AnalysisInput {
        comments = List.copyOf(comments);
        syntaxProblems = List.copyOf(syntaxProblems);
        versionedSyntax = List.copyOf(versionedSyntax);
    }

    public AnalysisInput(String path, String text, Module module, List<Comment> comments,
                         List<SyntaxProblem> syntaxProblems) {
        this(path, text, module, comments, syntaxProblems, List.of());
    }
}
