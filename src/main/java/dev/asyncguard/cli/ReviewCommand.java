package dev.asyncguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.diff.DiffFormatException;
import dev.asyncguard.diff.FilterMode;
import dev.asyncguard.diff.GitRepository;
import dev.asyncguard.review.FileAnalyzer;
import dev.asyncguard.review.FileProblem;
import dev.asyncguard.review.FindingsReport;
import dev.asyncguard.review.GithubReviewJson;
import dev.asyncguard.review.LocalChanges;
import dev.asyncguard.review.ReviewEvent;
import dev.asyncguard.review.ReviewOptions;
import dev.asyncguard.review.ReviewPipeline;
import dev.asyncguard.review.ReviewPreview;
import dev.asyncguard.review.ReviewResult;
import dev.asyncguard.review.ReviewedFinding;
import dev.asyncguard.review.SarifReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code asyncguard review}: the review the bot would post, produced locally from two revisions of
 * a git repository, through the same pipeline as the webhook service.
 */
@Command(name = "review",
        mixinStandardHelpOptions = true,
        description = {
                "Reviews the Python files changed between two revisions of a git repository and reports "
                        + "what the diff filter keeps (the bot's review, without GitHub).",
                "Exit status: 0 nothing reported, 1 findings reported, 2 error."})
public final class ReviewCommand implements Callable<Integer> {
    static final String VERSION = "0.1.0";

    enum Format { text, markdown, json, sarif, github }

    @Option(names = "--repo", defaultValue = ".", description = "The repository's directory (default: ${DEFAULT-VALUE}).")
    Path repo;

    @Option(names = "--base", required = true, description = "The revision the change starts from (a branch, tag or commit); as on GitHub, the change is what HEAD added since it forked from this.")
    String base;

    @Option(names = "--head", defaultValue = "HEAD", description = "The revision with the change (default: ${DEFAULT-VALUE}).")
    String head;

    @Option(names = "--filter", defaultValue = "added", converter = FilterModeConverter.class,
            description = "Which findings to report: added (default), diff_context, file, nofilter.")
    FilterMode filter;

    @Option(names = "--format", defaultValue = "text",
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). markdown shows the review as GitHub would; github prints the body of GitHub's create-review request.")
    Format format;

    @Option(names = "--max-comments", defaultValue = "25", description = "Inline comments per review (default: ${DEFAULT-VALUE}).")
    int maxComments;

    @Option(names = "--event", defaultValue = "COMMENT", description = "The review's event for --format github: COMMENT or REQUEST_CHANGES.")
    ReviewEvent event;

    @Option(names = "--no-suggestions", description = "Show safe fixes as code instead of ```suggestion blocks.")
    boolean noSuggestions;

    @Option(names = "--docs-base-url", defaultValue = ReviewOptions.DEFAULT_DOCS_BASE_URL,
            description = "Where rule pages live; AGnnn.md is appended (default: ${DEFAULT-VALUE}).")
    String docsBaseUrl;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final FileAnalyzer analyzer;

    /** The command as the CLI runs it: with the analyzer this build ships. */
    public ReviewCommand() {
        this(BuiltInAnalyzer.fileAnalyzer());
    }

    /** The command with a given analyzer (null: none available, the command says so). */
    public ReviewCommand(FileAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    static final class FilterModeConverter implements CommandLine.ITypeConverter<FilterMode> {
        @Override
        public FilterMode convert(String value) {
            try {
                return FilterMode.parse(value.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (maxComments < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--max-comments must not be negative");
        if (analyzer == null) {
            err.println("asyncguard review: this build has no analyzer yet (dev.asyncguard.analysis.Analyzer has not been merged), "
                    + "so there is nothing to report findings from.");
            return 2;
        }
        if (!Files.isDirectory(repo)) {
            err.println("asyncguard review: --repo " + repo + " is not a directory");
            return 2;
        }
        LocalChanges changes;
        try {
            changes = LocalChanges.load(new GitRepository(repo), base, head);
        } catch (GitRepository.GitException | DiffFormatException e) {
            err.println("asyncguard review: " + e.getMessage());
            return 2;
        }
        ReviewOptions options = ReviewOptions.defaults()
                .withFilter(filter)
                .withMaxComments(maxComments)
                .withSuggestions(!noSuggestions)
                .withDocsBaseUrl(docsBaseUrl)
                .withEvent(event)
                .withCommitId(changes.headCommit())
                .withPolicyText("Filter `" + filter.key() + "` · comment limit " + maxComments
                        + " · suggestions " + (noSuggestions ? "off" : "on") + " (command-line options of `asyncguard review`)");
        ReviewResult result = new ReviewPipeline(analyzer).review(changes.files(), options);
        for (FileProblem p : result.problems()) {
            err.println("asyncguard review: could not analyze " + p.path() + ": " + p.message());
        }
        switch (format) {
            case text -> printText(out, result);
            case markdown -> out.print(ReviewPreview.render(result));
            case json -> out.println(json(FindingsReport.of(result, options, changes.baseCommit(), changes.headCommit())));
            case sarif -> out.println(json(SarifReport.of(result.reported(), options, VERSION)));
            case github -> out.println(GithubReviewJson.write(result.draft()));
        }
        out.flush();
        return result.reported().isEmpty() ? 0 : 1;
    }

    private void printText(PrintWriter out, ReviewResult result) {
        for (ReviewedFinding r : result.reported()) {
            Finding f = r.marked().finding();
            out.println(f.path() + ":" + f.line() + ":" + (f.range().startColumn() + 1) + ": " + f.code() + " "
                    + f.name() + " [" + f.severity().name().toLowerCase(Locale.ROOT) + "] " + f.message()
                    + (f.fix() != null ? " (fix: " + f.fix().title() + ")" : ""));
        }
        int left = result.findings().size() - result.reported().size();
        out.println(result.reported().size() + " finding" + (result.reported().size() == 1 ? "" : "s")
                + " reported under the filter " + filter.key()
                + (left > 0 ? "; " + left + " more in the changed files are outside it (--filter file shows them)" : "") + ".");
    }

    private static String json(Object value) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain maps and lists always serialize", e);
        }
    }
}
