package dev.asyncguard.python;

import dev.asyncguard.python.ast.Comment;
import dev.asyncguard.python.ast.Module;

import java.util.List;

/**
 * What the parser made of one file: the decoded text, the module (as much of it as could be
 * built when there are errors), the comments by position, and the syntax diagnostics.
 */
public record ParseResult(SourceText source, Module module, List<Comment> comments,
                          List<SyntaxDiagnostic> diagnostics) {
    public ParseResult {
        comments = List.copyOf(comments);
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean ok() {
        return diagnostics.isEmpty();
    }
}
