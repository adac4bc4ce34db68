package dev.asyncguard.analysis;

import dev.asyncguard.python.ParseResult;
import dev.asyncguard.python.Parser;
import dev.asyncguard.python.SyntaxDiagnostic;
import dev.asyncguard.python.ast.Comment;
import dev.asyncguard.python.ast.Module;
import dev.asyncguard.python.ast.SourceRange;

import java.util.ArrayList;
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

    /**
     * Parses {@code source} (bytes as read from disk or git: the parser decodes them) under the
     * options' target version.
     */
    public static AnalysisInput parse(String path, byte[] source, AnalysisOptions options) {
        return of(path, new Parser(parserVersion(options.targetVersion())).parse(source));
    }

    /** Parses a file's text under the options' target version. */
    public static AnalysisInput parse(String path, String text, AnalysisOptions options) {
        return of(path, new Parser(parserVersion(options.targetVersion())).parse(text));
    }

    /** A file as the parser returned it; {@code path} is how findings name the file. */
    public static AnalysisInput of(String path, ParseResult parsed) {
        List<SyntaxProblem> problems = new ArrayList<>();
        for (SyntaxDiagnostic d : parsed.diagnostics()) {
            problems.add(new SyntaxProblem(SourceRange.of(Math.max(1, d.line()), Math.max(0, d.column())), d.message()));
        }
        return new AnalysisInput(path, parsed.source().text(), parsed.module(), parsed.comments(), problems);
    }

    /** The parser's version for a target; versions the grammar does not know parse as the newest it does. */
    static dev.asyncguard.python.PythonVersion parserVersion(PythonVersion target) {
        for (dev.asyncguard.python.PythonVersion v : dev.asyncguard.python.PythonVersion.values()) {
            if (v.toString().equals(target.toString())) return v;
        }
        return target.compareTo(new PythonVersion(3, 8)) < 0 ? dev.asyncguard.python.PythonVersion.PY38
                : dev.asyncguard.python.PythonVersion.DEFAULT;
    }
}
