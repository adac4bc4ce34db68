package dev.asyncguard.python;

import dev.asyncguard.python.ast.Comment;
import dev.asyncguard.python.ast.Module;

import java.util.List;
import java.util.Set;

/**
 * What the parser made of one file: the decoded text, the module (as much of it as could be
 * built when there are errors), the comments by position, the syntax diagnostics, and the
 * constructs that need a newer Python than the oldest we know (errors only when newer than the
 * parser's target; listed whatever the target), and the words of its code: every name and keyword
 * as the AST spells it (NFKC), not the contents of strings or comments; null when not known.
 */
public record ParseResult(SourceText source, Module module, List<Comment> comments,
                          List<SyntaxDiagnostic> diagnostics, List<VersionedSyntax> versionedSyntax, Set<String> words) {
    public ParseResult {
        comments = List.copyOf(comments);
        diagnostics = List.copyOf(diagnostics);
        versionedSyntax = List.copyOf(versionedSyntax);
    }

    /** A result whose words are not known (see {@link #words()}): every rule looks at it. */
    public ParseResult(SourceText source, Module module, List<Comment> comments, List<SyntaxDiagnostic> diagnostics,
                       List<VersionedSyntax> versionedSyntax) {
        this(source, module, comments, diagnostics, versionedSyntax, null);
    }

    public ParseResult(SourceText source, Module module, List<Comment> comments, List<SyntaxDiagnostic> diagnostics) {
        this(source, module, comments, diagnostics, List.of());
    }

    /** Whether the file was refused for its size ({@link Parser#MAX_SOURCE_BYTES}): not parsed, and no syntax error. */
    public boolean skippedForSize() {
        return diagnostics.size() == 1 && source.text().isEmpty() && diagnostics.get(0).message().startsWith(Parser.TOO_LARGE);
    }

    public boolean ok() {
        return diagnostics.isEmpty();
    }
}
