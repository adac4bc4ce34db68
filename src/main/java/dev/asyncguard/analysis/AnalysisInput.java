package dev.asyncguard.analysis;

import dev.asyncguard.python.ParseResult;
import dev.asyncguard.python.Parser;
import dev.asyncguard.python.SyntaxDiagnostic;
import dev.asyncguard.python.VersionedSyntax;
import dev.asyncguard.python.ast.Comment;
import dev.asyncguard.python.ast.Module;
import dev.asyncguard.python.ast.SourceRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One parsed file as the analyzer needs it: its path (as the caller wants it reported), its text,
 * the tree, the comments (for suppressions), the parser's syntax problems, and the words of its code
 * (null when not known), which decide the rules that can report in it ({@link RuleInfo#needs()}).
 */
public record AnalysisInput(String path, String text, Module module, List<Comment> comments,
                            List<SyntaxProblem> syntaxProblems, List<VersionedSyntax> versionedSyntax, Set<String> words) {
    public AnalysisInput {
        comments = List.copyOf(comments);
        syntaxProblems = List.copyOf(syntaxProblems);
        versionedSyntax = List.copyOf(versionedSyntax);
    }

    /** A file whose words are not known: every rule looks at it (see {@link ParseResult#words()}). */
    public AnalysisInput(String path, String text, Module module, List<Comment> comments,
                         List<SyntaxProblem> syntaxProblems, List<VersionedSyntax> versionedSyntax) {
        this(path, text, module, comments, syntaxProblems, versionedSyntax, null);
    }

    public AnalysisInput(String path, String text, Module module, List<Comment> comments,
                         List<SyntaxProblem> syntaxProblems) {
        this(path, text, module, comments, syntaxProblems, List.of());
    }

    /**
     * Parses {@code source} (bytes as read from disk or git: the parser decodes them) with the newest
     * grammar: syntax newer than the project's declared Python is not a syntax error (AG002 reports
     * it where that version is known).
     */
    public static AnalysisInput parse(String path, byte[] source, AnalysisOptions options) {
        return of(path, new Parser().parse(source));
    }

    /** Parses a file's text with the newest grammar. */
    public static AnalysisInput parse(String path, String text, AnalysisOptions options) {
        return of(path, new Parser().parse(text));
    }

    /** A file as the parser returned it; {@code path} is how findings name the file. */
    public static AnalysisInput of(String path, ParseResult parsed) {
        List<SyntaxProblem> problems = new ArrayList<>();
        // A file refused for its size is a notice where the caller lists files (check, the check
        // run's summary), not a syntax error.
        if (!parsed.skippedForSize()) for (SyntaxDiagnostic d : parsed.diagnostics()) {
            problems.add(new SyntaxProblem(SourceRange.of(Math.max(1, d.line()), Math.max(0, d.column())), d.message()));
        }
        return new AnalysisInput(path, parsed.source().text(), parsed.module(), parsed.comments(), problems,
                parsed.versionedSyntax(), parsed.words());
    }
}
