package dev.asyncguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.RuleRegistry;
import dev.asyncguard.diff.DiffFormatException;
import dev.asyncguard.diff.FilterMode;
import dev.asyncguard.diff.GitRepository;
import dev.asyncguard.policy.Policy;
import dev.asyncguard.policy.PolicyReview;
import dev.asyncguard.policy.ResolvedPolicy;
import dev.asyncguard.review.FileAnalyzer;
import dev.asyncguard.review.FileProblem;
import dev.asyncguard.review.FindingsReport;
import dev.asyncguard.review.GithubReviewJson;
import dev.asyncguard.review.LocalChanges;
import dev.asyncguard.review.ReviewEvent;
import dev.asyncguard.review.ReviewOptions;
import dev.asyncguard.review.ReviewPipeline;
import dev.asyncguard.review.ReviewPreview;
import dev.asyncguard.review.RuleDocLinks;
import dev.asyncguard.review.ReviewResult;
import dev.asyncguard.review.ReviewedFinding;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code asyncguard review}: the review the bot would post, produced locally from two revisions of
 * a git repository, through the same pipeline as the webhook service, under the built-in policy or
 * a policy file; command-line options override the policy's review keys.
 */
@Command(name = "review",
        mixinStandardHelpOptions = true,
        description = {
                "Reviews the Python files changed between two revisions of a git repository and reports "
                        + "what the diff filter keeps (the bot's review, without GitHub).",
                "Exit status: 0 nothing reported, 1 findings reported, 2 error."})
public final class ReviewCommand implements Callable<Integer> {
    enum Format {
        text, markdown, json, sarif, github,
        /** The body of GitHub's create-review request, byte for byte as the App posts it. */
        github_review;

        @Override
        public String toString() {
            return name().replace('_', '-');
        }
    }

    @Option(names = "--repo", defaultValue = ".", description = "The repository's directory (default: ${DEFAULT-VALUE}).")
    Path repo;

    @Option(names = "--base", required = true,
            description = "The revision the change starts from (a branch, tag or commit); as on GitHub, the change is what the head added since it forked from this.")
    String base;

    @Option(names = "--head", defaultValue = "HEAD", description = "The revision with the change (default: ${DEFAULT-VALUE}).")
    String head;

    @Option(names = "--head-sha", paramLabel = "SHA",
            description = "The pull request's head commit, named in github-review's commit_id and the review's hidden marker "
                    + "(default: the commit of --head; pass the PR's head where the checkout is another commit, e.g. a merge commit in CI).")
    String headSha;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A policy file (.github/asyncguard.yml, or a pyproject.toml with [tool.asyncguard]) over the built-in "
                    + "defaults; default: the repository's own, found as check finds it.")
    Path config;

    @Option(names = "--filter", converter = FilterModeConverter.class,
            description = "Which findings to report: added, diff_context, file, nofilter (default: the policy's review.filter, added).")
    FilterMode filter;

    @Option(names = "--format", defaultValue = "text", converter = FormatConverter.class,
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). markdown shows the review as GitHub would; "
                    + "github prints GitHub Actions workflow commands (annotations); github-review the body of GitHub's create-review request.")
    Format format;

    @Option(names = "--max-comments", description = "Inline comments per review (default: the policy's review.max_comments, 25).")
    Integer maxComments;

    @Option(names = "--event",
            description = "The review's event: COMMENT or REQUEST_CHANGES (default: from the policy's review.request_changes_on).")
    ReviewEvent event;

    @Option(names = "--max-context-files",
            description = "Unchanged modules of the head that the changed files import, read so that calls into them "
                    + "are followed (0: each changed file alone; default: the policy's review.max_context_files, 200).")
    Integer maxContextFiles;

    @Option(names = "--no-suggestions", description = "Show safe fixes as code instead of ```suggestion blocks.")
    boolean noSuggestions;

    @Option(names = "--docs-url",
            description = "Where rule pages live, {code} standing for the rule code (default: ASYNCGUARD_DOCS_URL; "
                    + "ASYNCGUARD_PUBLIC_URL of an asyncguard App links to its /rules/ pages; neither: no links).")
    String docsUrl;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Function<Policy, FileAnalyzer> analyzerFor;

    /** The command as the CLI runs it: the built-in rules, as the policy selects them. */
    public ReviewCommand() {
        this(PolicyReview::fileAnalyzer);
    }

    /** The command with another analyzer for a policy (tests). */
    ReviewCommand(Function<Policy, FileAnalyzer> analyzerFor) {
        this.analyzerFor = analyzerFor;
    }

    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            for (Format f : Format.values()) if (f.toString().equalsIgnoreCase(value.strip())) return f;
            throw new CommandLine.TypeConversionException("expected one of " + java.util.Arrays.toString(Format.values()) + ", got '" + value + "'");
        }
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
        if (maxComments != null && maxComments < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-comments must not be negative");
        }
        if (headSha != null && !headSha.matches("[0-9a-f]{40}|[0-9a-f]{64}")) {
            err.println("asyncguard review: --head-sha must be a full commit SHA (40 or 64 lowercase hex digits), got '" + headSha + "'");
            return 2;
        }
        if (!Files.isDirectory(repo)) {
            err.println("asyncguard review: --repo " + repo + " is not a directory");
            return 2;
        }
        // --config FILE, else the repository's own .github/asyncguard.yml or pyproject.toml [tool.asyncguard].
        ProjectConfigs.ProjectConfig project;
        try {
            project = new ProjectConfigs(config).forPath(repo);
        } catch (ProjectConfigs.ConfigException e) {
            e.problems.forEach(p -> err.println("asyncguard review: " + p));
            err.println("asyncguard review: the policy file has errors (above); fix them or pass another --config");
            return 2;
        }
        project.warnings().forEach(w -> err.println("asyncguard review: warning: " + w));
        ResolvedPolicy resolved = project.resolved();
        LocalChanges changes;
        try {
            changes = LocalChanges.load(new GitRepository(repo), base, head);
        } catch (GitRepository.GitException | DiffFormatException e) {
            err.println("asyncguard review: " + e.getMessage());
            return 2;
        }
        RuleDocLinks links;
        try {
            links = docsUrl != null ? RuleDocLinks.of(null, docsUrl) : RuleDocLinks.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            err.println("asyncguard review: " + e.getMessage());
            return 2;
        }
        Policy policy = project.policy();
        Policy.Review review = policy.review();
        // What the policy asks, as the App does it; then this command's overrides.
        ReviewOptions options = PolicyReview.options(resolved, headSha != null ? headSha : changes.headCommit())
                .withRuleLinks(links);
        if (filter != null) options = options.withFilter(filter);
        if (maxComments != null) options = options.withMaxComments(maxComments);
        if (noSuggestions) options = options.withSuggestions(false);
        options = options.withPolicyText(options.policyText() + overrides());
        ReviewPipeline pipeline = new ReviewPipeline(analyzerFor.apply(policy),
                path -> ReviewPipeline.isPython(path) && policy.includes(path));
        GitRepository git = new GitRepository(repo);
        String headCommit = changes.headCommit();
        dev.asyncguard.review.ContextModules context = new dev.asyncguard.review.ContextModules() {
            @Override
            public List<String> pythonPaths() {
                return git.listFiles(headCommit).stream().filter(ReviewPipeline::isPython)
                        .filter(policy::includes).toList();
            }

            @Override
            public java.util.Map<String, byte[]> read(java.util.Collection<String> paths) {
                return git.showAll(headCommit, List.copyOf(paths));
            }
        };
        ReviewResult result;
        try {
            int budget = maxContextFiles != null ? maxContextFiles : review.maxContextFiles();
            result = pipeline.review(changes.files(), options, budget > 0 ? context : null, budget);
        } catch (GitRepository.GitException e) {
            err.println("asyncguard review: " + e.getMessage());
            return 2;
        }
        result = result.withEvent(event != null ? event : PolicyReview.event(policy, result.reported()));

        for (FileProblem p : result.problems()) {
            err.println("asyncguard review: could not analyze " + p.path() + ": " + p.message());
        }
        switch (format) {
            case text -> printText(out, result, options);
            case markdown -> out.print(ReviewPreview.render(result));
            case json -> out.println(json(FindingsReport.of(result, options, changes.baseCommit(), changes.headCommit())));
            case sarif -> CheckReports.sarif(result.reported().stream().map(r -> r.marked().finding()).toList(),
                    result.reported().stream().map(ReviewedFinding::fingerprint).toList(), RuleRegistry.builtIn(),
                    options.ruleLinks(), out);
            case github -> CheckReports.github(result.reported().stream().map(r -> r.marked().finding()).toList(), out);
            // The request body's bytes and nothing else (no newline): what the App posts for this change.
            case github_review -> out.print(GithubReviewJson.write(result.draft()));
        }
        out.flush();
        return result.reported().isEmpty() ? 0 : 1;
    }

    /** The command-line options that override the policy, for the summary's policy section. */
    private String overrides() {
        List<String> set = new ArrayList<>();
        if (filter != null) set.add("`--filter " + filter.key() + "`");
        if (maxComments != null) set.add("`--max-comments " + maxComments + "`");
        if (noSuggestions) set.add("`--no-suggestions`");
        if (event != null) set.add("`--event " + event + "`");
        return set.isEmpty() ? "" : "\nOverridden on the command line: " + String.join(", ", set) + ".\n";
    }

    private static void printText(PrintWriter out, ReviewResult result, ReviewOptions options) {
        for (ReviewedFinding r : result.reported()) {
            Finding f = r.marked().finding();
            // The same line shape as `check`, with the severity the policy gave it.
            out.println(f.path() + ":" + f.line() + ":" + (f.range().startColumn() + 1) + ": " + f.code() + " ["
                    + f.name() + "] " + f.severity().name().toLowerCase(Locale.ROOT) + ": " + f.message()
                    + (f.fix() != null ? " (fix: " + f.fix().title() + ")" : ""));
        }
        int left = result.findings().size() - result.reported().size();
        out.println(result.reported().size() + " finding" + (result.reported().size() == 1 ? "" : "s")
                + " reported under the filter " + options.filter().key()
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
