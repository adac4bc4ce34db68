package dev.asyncguard.analysis;

import dev.asyncguard.analysis.names.NameResolver;
import dev.asyncguard.python.VersionedSyntax;
import dev.asyncguard.python.ast.Comment;
import dev.asyncguard.python.ast.Module;

import java.util.List;

/**
 * What a rule handler is given: the file (path, text, tree, comments, syntax problems, names, the
 * options) and the parts the analysis keeps for it, each asked directly: where the walk is
 * ({@link #walk()}), the findings it reports ({@link #reporter()}), the file's part in a project
 * analysis ({@link #deferral()}) and facts several rules share ({@link #facts()}). It holds them
 * and nothing else; only {@link Analyzer} and {@link TreeWalker} move the parts.
 */
public final class RuleContext {
    private final String path;
    private final String text;
    /** Made on first use: most files get no finding and need no text slice. */
    private SourceLines source;
    private final Module module;
    private final List<Comment> comments;
    private final List<SyntaxProblem> syntaxProblems;
    private final List<VersionedSyntax> versionedSyntax;
    private final NameResolver names;
    private final AnalysisOptions options;
    private final WalkPosition walk;
    private final Reporter reporter;
    private final ProjectDeferral deferral;
    private final FileFacts facts = new FileFacts(this);

    RuleContext(String path, String text, Module module, List<Comment> comments,
                List<SyntaxProblem> syntaxProblems, List<VersionedSyntax> versionedSyntax, NameResolver names,
                AnalysisOptions options, WalkPosition walk, Reporter reporter, ProjectDeferral deferral) {
        this.path = path;
        this.text = text;
        this.module = module;
        this.comments = comments;
        this.syntaxProblems = syntaxProblems;
        this.versionedSyntax = versionedSyntax;
        this.names = names;
        this.options = options;
        this.walk = walk;
        this.reporter = reporter;
        this.deferral = deferral;
    }

    public String path() {
        return path;
    }

    public SourceLines source() {
        if (source == null) source = new SourceLines(text);
        return source;
    }

    public Module module() {
        return module;
    }

    public List<Comment> comments() {
        return comments;
    }

    /** The syntax errors the parser reported; the tree is what its error recovery built. */
    public List<SyntaxProblem> syntaxProblems() {
        return syntaxProblems;
    }

    /** The constructs of the file that need a newer Python than the oldest the parser knows. */
    public List<VersionedSyntax> versionedSyntax() {
        return versionedSyntax;
    }

    public NameResolver names() {
        return names;
    }

    /** Which rules run at which severity, the target Python version, what the file is for. */
    public AnalysisOptions options() {
        return options;
    }

    /** Where the walk is: the current node's index, ancestors, frame, enclosing function, class and blocks. */
    public WalkPosition walk() {
        return walk;
    }

    /** Where the running rule's findings go. */
    public Reporter reporter() {
        return reporter;
    }

    /** The file's part in a project analysis: the project's view, and findings that wait for every file. */
    public ProjectDeferral deferral() {
        return deferral;
    }

    /** Facts about the whole file that several rules share. */
    public FileFacts facts() {
        return facts;
    }
}
