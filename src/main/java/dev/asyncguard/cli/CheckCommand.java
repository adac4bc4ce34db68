package dev.asyncguard.cli;

import dev.asyncguard.analysis.AnalysisInput;
import dev.asyncguard.analysis.AnalysisOptions;
import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.Analyzer;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.python.PythonVersion;
import dev.asyncguard.analysis.RuleFailure;
import dev.asyncguard.analysis.RuleRegistry;
import dev.asyncguard.analysis.project.ProjectSummaries;
import dev.asyncguard.policy.Glob;
import dev.asyncguard.python.Parser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code asyncguard check PATH...}: analyzes files and folders and prints the findings like a
 * compiler, as JSON or as SARIF 2.1.0. Exit status 0 without findings, 1 with findings, 2 on a
 * usage or internal error (a file that cannot be read, a rule that failed).
 */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Finds asyncio pitfalls in Python files and folders.")
public final class CheckCommand implements java.util.concurrent.Callable<Integer> {
    static final int FINDINGS = 1;
    static final int ERROR = 2;

    enum Format { text, json, sarif, github }

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Files or folders (searched for *.py and *.pyi).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--stdin-filename", paramLabel = "NAME",
            description = "Read the source from standard input and report it as NAME (its configuration is found from NAME); "
                    + "with --fix, the fixed source goes to standard output.")
    Path stdinFilename;

    @Option(names = "--statistics", description = "Print how many findings each rule has, instead of the findings.")
    boolean statistics;

    @Option(names = "--format", defaultValue = "text",
            description = "text, json, sarif, or github (GitHub Actions workflow commands: annotations on the PR) (default: ${DEFAULT-VALUE}).")
    Format format = Format.text;

    @Option(names = "--select", split = ",", paramLabel = "CODES",
            description = "Rule codes or prefixes to run (AG2, AG201, ALL); default: the rules on by default.")
    List<String> select = new ArrayList<>();

    @Option(names = "--ignore", split = ",", paramLabel = "CODES", description = "Rule codes or prefixes not to run.")
    List<String> ignore = new ArrayList<>();

    @Option(names = {"--target-version", "--python"}, paramLabel = "VERSION",
            description = "Python version the code targets; decides the fixes offered (default: the policy's python, "
                    + "else pyproject.toml's requires-python, else the built-in policy's).")
    String targetVersion;

    @Option(names = "--exclude", split = ",", paramLabel = "GLOBS",
            description = "Patterns of files not to check, instead of the policy's paths.exclude (the policy's glob rules, "
                    + "relative to the project root: migrations/, **/*_pb2.py).")
    List<String> exclude;

    @Option(names = "--extend-exclude", split = ",", paramLabel = "GLOBS",
            description = "Patterns of files not to check, on top of the policy's paths.exclude.")
    List<String> extendExclude = new ArrayList<>();

    @Option(names = "--fix", description = "Apply the safe fixes in place, then report what remains.")
    boolean fix;

    @Option(names = "--unsafe-fixes", description = "With --fix or --diff: apply the unsafe fixes too (they may change behaviour).")
    boolean unsafeFixes;

    @Option(names = "--diff", description = "Print the fixes --fix would make as a unified diff, and write nothing.")
    boolean diff;

    @Option(names = "--exit-zero", description = "Exit 0 even when findings remain (errors still exit 2).")
    boolean exitZero;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A policy file (.github/asyncguard.yml, or a pyproject.toml with [tool.asyncguard]) for every path; "
                    + "default: the nearest one at or above each path.")
    Path config;

    @Option(names = "--threads", defaultValue = "2", description = "Files analyzed at once (default: ${DEFAULT-VALUE}).")
    int threads = 2;

    @Option(names = "--summaries", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Analyze the files together: coroutines see blocking helpers and coroutine functions "
                    + "of the other files given (default: ${DEFAULT-VALUE}; --no-summaries: each file alone).")
    boolean summaries = true;

    @Option(names = "--min-confidence", defaultValue = "low", paramLabel = "LEVEL", converter = ConfidenceConverter.class,
            description = "Show findings of at least this confidence: low (all; low ones are marked) or high "
                    + "(what the bot comments inline by default) (default: ${DEFAULT-VALUE}).")
    Confidence minConfidence = Confidence.LOW;

    @Option(names = "--cache", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Reuse the results of files unchanged since the last run (in .asyncguard_cache/ of the project "
                    + "root, or --cache-dir); --no-cache analyzes everything afresh and leaves the cache alone.")
    boolean cache = true;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where the result cache lives (default: $ASYNCGUARD_CACHE_DIR, else .asyncguard_cache/ in the "
                    + "project root: the folder of its policy file, else the current folder).")
    Path cacheDir;

    /** asyncguard's build as the cache keys see it; tests set another to stand for a new release. */
    String cacheVersion;
    /** How soon after a change a file's content key is not trusted from its status (tests set 0). */
    long racyNanos = ContentKeyIndex.RACY;
    /** Source files read from disk by this run for their analysis (tests: a re-run of unchanged files reads none). */
    final java.util.concurrent.atomic.AtomicInteger sourcesRead = new java.util.concurrent.atomic.AtomicInteger();
    /** The result caches of this run, one per folder. */
    private final Map<Path, ResultCache> caches = new HashMap<>();
    /** What this run's output depends on, for bin/asyncguard to print it again without a JVM; null when not asked for. */
    RunManifest manifest;
    /** Where ASYNCGUARD_CACHE_DIR is read from; tests set their own. */
    Map<String, String> environment = System.getenv();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The status of each regular file the folder walk found, as the walk read it. */
    private Map<Path, java.nio.file.attribute.BasicFileAttributes> walked = Map.of();
    private byte[] stdin;
    private Path stdinPath;

    static final class ConfidenceConverter implements CommandLine.ITypeConverter<Confidence> {
        @Override
        public Confidence convert(String value) {
            try {
                return Confidence.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The outcome for one file: its findings, or why it could not be analyzed. */
    record FileResult(Path file, List<Finding> findings, String error, PythonVersion version) {}

    static final int MAX_FIX_PASSES = 10;

    @Override
    public Integer call() {
        if (paths.isEmpty() && stdinFilename == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: 'PATH' (or --stdin-filename NAME)");
        }
        if (stdinFilename != null && !paths.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--stdin-filename reads one source from standard input; give no PATH with it");
        }
        return check(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * Runs the check whose options are set (by picocli, or by {@link CheckArguments}, which leaves
     * the usage errors above to picocli) and returns the exit status.
     */
    int check(PrintWriter out, PrintWriter err) {
        // Only what the result cache holds is replayed: a plain run over the files on disk.
        if (manifest != null && (!cache || fix || diff || stdinFilename != null)) manifest.notReplayable();
        java.util.function.Consumer<Path> dependsOn = manifest != null ? manifest.dependencies() : path -> {};
        PythonVersion override = null;
        // The rules, the built-in policy and the pyproject.toml files are read on a second core meanwhile.
        SetUpAhead ahead = new SetUpAhead(stdinFilename != null ? List.of(stdinFilename) : paths);
        PythonFiles.Walk walk;
        List<Glob> excludes = new ArrayList<>();
        try {
            if (targetVersion != null) override = PythonVersion.parse(targetVersion);
            for (String g : concat(exclude == null ? List.of() : exclude, extendExclude)) excludes.add(compileGlob(g));
            if (stdinFilename != null) {
                stdin = System.in.readAllBytes();
                stdinPath = stdinFilename;
                walk = new PythonFiles.Walk(List.of(stdinPath), List.of());
            } else {
                walk = PythonFiles.walk(paths, dependsOn, ahead::readPyproject);
                walked = walk.attributes();
            }
        } catch (IllegalArgumentException | IOException e) {
            err.println("asyncguard: " + e.getMessage());
            return ERROR;
        }
        RuleRegistry registry = RuleRegistry.builtIn();
        List<String> unknown = new ArrayList<>();
        for (String code : concat(select, ignore)) {
            String c = code.trim().toUpperCase(java.util.Locale.ROOT);
            if (!c.equals("ALL") && registry.codes().stream().noneMatch(r -> r.startsWith(c))) unknown.add(code);
        }
        if (!unknown.isEmpty()) {
            err.println("asyncguard: no rule matches " + String.join(", ", unknown) + " (codes are like AG201, or prefixes like AG2)");
            return ERROR;
        }
        // Each file under the configuration of its project; files of one project are analyzed together.
        Map<ProjectConfigs.ProjectConfig, List<Path>> projects = new LinkedHashMap<>();
        // The configurations are made once per folder: each file's project is found by identity first,
        // without hashing the whole policy again (a record's hash) for every file of a large tree.
        Map<ProjectConfigs.ProjectConfig, List<Path>> projectFiles = new java.util.IdentityHashMap<>();
        ProjectConfigs configs = new ProjectConfigs(config, dependsOn, ahead);
        Set<Path> named = new HashSet<>();
        for (Path p : paths) if (Files.isRegularFile(p)) named.add(p);
        if (stdinPath != null) named.add(stdinPath);
        List<Path> files = new ArrayList<>();
        try {
            for (Path file : walk.files()) {
                ProjectConfigs.ProjectConfig project = walked.containsKey(file) ? configs.forFile(file) : configs.forPath(file);
                // Files found in folders pass the project's paths.include / paths.exclude (or --exclude
                // instead of its exclude list, --extend-exclude on top); files named on the command line always run.
                if (!named.contains(file) && !selected(project, file, excludes)) continue;
                files.add(file);
                projectFiles.computeIfAbsent(project, c -> projects.computeIfAbsent(c, k -> new ArrayList<>())).add(file);
            }
            if (files.isEmpty() && config != null) configs.forPath(Path.of("."));   // a bad --config still stops the run
        } catch (ProjectConfigs.ConfigException e) {
            e.problems.forEach(p -> err.println("asyncguard: " + p));
            return ERROR;
        }
        Set<String> warned = new HashSet<>();
        for (ProjectConfigs.ProjectConfig c : projects.keySet()) {
            c.warnings().stream().filter(warned::add).forEach(w -> err.println("asyncguard: warning: " + w));
        }
        Map<Path, byte[]> contents = new HashMap<>();       // fixed texts not written (--diff), and standard input
        if (stdinPath != null) contents.put(stdinPath, stdin);
        List<FileResult> results = analyze(projects, override, registry, contents);
        boolean failed = !walk.unreadable().isEmpty();
        walk.unreadable().forEach(u -> err.println(u.replaceFirst(": cannot ", ": error: cannot ")));
        int fixed = 0;
        if (fix || diff) {
            Map<Path, String> originals = new LinkedHashMap<>();
            Set<String> refusals = new HashSet<>();
            // Fix, re-analyze, and again while fixes apply (a fix held back by an overlapping one gets its turn).
            for (int pass = 0; pass < MAX_FIX_PASSES; pass++) {
                int applied = 0;
                for (FileResult r : results) {
                    if (r.error() != null || r.findings().stream().noneMatch(f -> SourceFixes.applicable(f, unsafeFixes))) continue;
                    String text;
                    try {
                        text = SourceFixes.decode(contents.containsKey(r.file()) ? contents.get(r.file()) : Files.readAllBytes(r.file()));
                    } catch (IOException e) {
                        err.println(r.file() + ": fixes not applied: " + (e instanceof java.nio.charset.CharacterCodingException
                                ? "the file is not UTF-8" : "cannot read: " + e.getMessage()));
                        continue;
                    }
                    boolean bom = text.startsWith("\uFEFF");
                    String body = bom ? text.substring(1) : text;
                    SourceFixes.Outcome outcome = SourceFixes.apply(body, r.findings(), unsafeFixes,
                            r.version());
                    outcome.refused().stream().filter(refusals::add).forEach(err::println);
                    if (outcome.applied().isEmpty()) continue;
                    String result = bom ? "\uFEFF" + outcome.text() : outcome.text();
                    originals.putIfAbsent(r.file(), text);
                    if (diff || r.file().equals(stdinPath)) {
                        contents.put(r.file(), result.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    } else {
                        try {
                            SourceFixes.write(r.file(), result);
                        } catch (IOException e) {
                            err.println(r.file() + ": error: cannot write the fixes: " + e.getMessage());
                            failed = true;
                            continue;
                        }
                    }
                    applied += outcome.applied().size();
                }
                if (applied == 0) break;
                fixed += applied;
                results = analyze(projects, override, registry, contents);
            }
            if (diff) {
                for (Map.Entry<Path, String> e : originals.entrySet()) {
                    String name = e.getKey().toString().replace(java.io.File.separatorChar, '/');
                    out.print(dev.asyncguard.diff.TextDiff.unified("a/" + name, "b/" + name, e.getValue(),
                            new String(contents.get(e.getKey()), java.nio.charset.StandardCharsets.UTF_8)));
                }
                out.flush();
                err.println(fixed == 0 ? "No fixes to apply." : "Would fix " + fixed + " finding" + (fixed == 1 ? "" : "s")
                        + " in " + originals.size() + " file" + (originals.size() == 1 ? "" : "s") + " (--fix writes them).");
                if (failed) return ERROR;
                return fixed == 0 || exitZero ? 0 : FINDINGS;
            }
        }

        List<Finding> findings = new ArrayList<>();
        for (FileResult r : results) {
            if (r.error() != null) {
                err.println(r.file() + ": error: " + r.error());
                failed = true;
            }
            findings.addAll(r.findings());
        }
        findings.removeIf(f -> !f.confidence().reaches(minConfidence));
        findings.sort(Comparator.comparing(Finding::path).thenComparingInt(Finding::line)
                .thenComparingInt(f -> f.range().startColumn()).thenComparing(Finding::code));
        if (stdinFilename != null && fix) {
            // As ruff: the fixed source goes to stdout for the editor, the findings that remain to stderr.
            out.print(new String(contents.getOrDefault(stdinPath, stdin), java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            out = err;
        }
        if (statistics) {
            CheckReports.statistics(findings, out);
        } else switch (format) {
            case text -> CheckReports.text(findings, files.size(), out);
            case json -> CheckReports.json(findings, out);
            case sarif -> {
                dev.asyncguard.review.RuleDocLinks links;
                try {
                    links = dev.asyncguard.review.RuleDocLinks.fromEnvironment(System.getenv());
                } catch (IllegalArgumentException e) {
                    err.println("asyncguard check: " + e.getMessage());
                    return ERROR;
                }
                CheckReports.sarif(findings, fingerprints(findings, contents), registry, links, out);
            }
            case github -> CheckReports.github(findings, out);
        }
        if (fix) {
            long fixable = findings.stream().filter(f -> SourceFixes.applicable(f, true)).count();
            out.println("Fixed " + fixed + " finding" + (fixed == 1 ? "" : "s") + "; " + findings.size() + " remaining"
                    + (fixable > 0 && !unsafeFixes ? " (" + fixable + " with unsafe fixes: --unsafe-fixes applies them)" : "") + ".");
        }
        out.flush();
        if (failed) return ERROR;
        return findings.isEmpty() || exitZero ? 0 : FINDINGS;
    }

    /**
     * Each finding's fingerprint, as reviews compute it (rule, the line's text, the lines around it),
     * aligned with {@code findings}: SARIF's {@code partialFingerprints}, so that code scanning
     * matches a result across runs when lines move.
     */
    private static List<String> fingerprints(List<Finding> findings, Map<Path, byte[]> contents) {
        Map<String, List<Integer>> byFile = new LinkedHashMap<>();
        for (int i = 0; i < findings.size(); i++) byFile.computeIfAbsent(findings.get(i).path(), k -> new ArrayList<>()).add(i);
        String[] out = new String[findings.size()];
        for (Map.Entry<String, List<Integer>> file : byFile.entrySet()) {
            String text;
            try {
                Path path = Path.of(file.getKey());
                byte[] bytes = contents.containsKey(path) ? contents.get(path) : Files.readAllBytes(path);
                text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            } catch (IOException | java.nio.file.InvalidPathException e) {
                text = "";                   // still a fingerprint: of the rule and position alone
            }
            List<Finding> ofFile = file.getValue().stream().map(findings::get).toList();
            List<String> prints = dev.asyncguard.review.Fingerprints.of(ofFile, new dev.asyncguard.analysis.SourceLines(text));
            for (int k = 0; k < ofFile.size(); k++) out[file.getValue().get(k)] = prints.get(k);
        }
        return List.of(out);
    }

    /**
     * Analyzes each project's files under its configuration; project summaries' findings go to the
     * file they concern. The files of all projects go to one pool, so that a folder's last large
     * file does not leave the other threads idle before the next folder starts.
     */
    private List<FileResult> analyze(Map<ProjectConfigs.ProjectConfig, List<Path>> projects, PythonVersion override,
                                     RuleRegistry registry, Map<Path, byte[]> contents) {
        // The cache holds what a plain run reports; fixing, and sources that are not the files on disk, go without it.
        boolean caching = cache && !fix && !diff && stdinPath == null && contents.isEmpty();
        // Made when a group is to be analyzed after all: a re-run that the cache answers never loads the analysis.
        Analyzer[] made = new Analyzer[1];
        java.util.function.Supplier<Analyzer> analyzer = () -> made[0] != null ? made[0] : (made[0] = new Analyzer(registry));
        // Parser threads: each file is parsed in place, and the analysis, which walks deeply nested
        // expressions recursively in places, gets the same large stack.
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), Parser.threads("asyncguard-check"));
        try {
            List<Group> groups = new ArrayList<>();
            for (Map.Entry<ProjectConfigs.ProjectConfig, List<Path>> project : projects.entrySet()) {
                groups.add(start(analyzer, pool, project.getKey(), project.getValue(), override, registry, contents, caching));
            }
            List<FileResult> results = new ArrayList<>();
            for (Group g : groups) results.addAll(g.finish());
            caches.values().forEach(c -> c.contentKeys().save());
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One project's files under way: its results from the cache, or its files submitted to the pool. */
    private final class Group {
        final List<Path> files;
        final PythonVersion version;
        /** The version a file that only pending findings name is reported with (the project's declared one). */
        final PythonVersion declared;
        /** The project's cross-file summaries; made only once its files are to be analyzed (not for a cache hit). */
        ProjectSummaries summaries;
        final List<Future<FileResult>> futures = new ArrayList<>();
        /** Files a deferred decision read again and found changed since their analysis ({@link SourceOnDisk}). */
        final Set<Path> changed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<FileResult> cached;
        ResultCache store;
        String key;
        /**
         * When nothing stored could answer the group ({@link ResultCache#holdsResults}): each file's content
         * key, as its analysis read the file, and the key's settings part: the key the results are stored under.
         */
        byte[][] contentKeys;
        /**
         * When the key was made before the analysis: the content keys it took from the index without
         * reading the file (each file read for the key is analyzed from those bytes instead).
         */
        Map<Path, byte[]> indexed;
        /** Whether a file's bytes, read for its analysis, are not those its content key in the key stood for. */
        volatile boolean stale;
        java.util.function.Supplier<dev.asyncguard.analysis.AnalysisKey> settings;

        Group(List<Path> files, PythonVersion version, PythonVersion declared) {
            this.files = files;
            this.version = version;
            this.declared = declared;
        }

        /** Every file's result, with the findings that waited for the whole project; stored in the cache when all went well. */
        List<FileResult> finish() {
            if (cached != null) return cached;
            List<FileResult> out = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    out.add(new FileResult(files.get(i), List.of(), "internal error: " + e.getCause(), version));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    out.add(new FileResult(files.get(i), List.of(), "interrupted", version));
                }
            }
            if (summaries != null) out = withPending(out, summaries, declared);
            if (!changed.isEmpty()) out = withChanged(out, changed);
            if (key == null && contentKeys != null && java.util.Arrays.stream(contentKeys).allMatch(java.util.Objects::nonNull)) {
                dev.asyncguard.analysis.AnalysisKey k = settings.get();
                for (int i = 0; i < contentKeys.length; i++) k.fileWithContentKey(files.get(i).toString(), contentKeys[i]);
                key = k.hex();
            }
            if (key != null && !stale && out.stream().allMatch(r -> r.error() == null)) store.write(key, out);
            return out;
        }
    }

    private Group start(java.util.function.Supplier<Analyzer> analyzers, ExecutorService pool, ProjectConfigs.ProjectConfig c, List<Path> files,
                        PythonVersion override, RuleRegistry registry, Map<Path, byte[]> contents, boolean caching) {
        PythonVersion version = override != null ? override : c.python();
        AnalysisOptions options = options(registry, c, version);
        Group group = new Group(files, options.targetVersion(), version);
        Map<Path, byte[]> sources = contents;
        if (caching) {
            ResultCache store = cacheFor(c);
            // Every file's content key known from its unchanged status: the results looked up without reading a source.
            String known = knownKey(store, c, options, files, walked);
            if (known != null) {
                group.cached = store.read(known, options.targetVersion());
                if (group.cached != null) return group;
            }
            Map<Path, byte[]> read = new java.util.concurrent.ConcurrentHashMap<>();
            Map<Path, byte[]> indexed = new HashMap<>();
            // Nothing stored can answer (a first run, in CI): no file is read ahead, on this one core, to look;
            // each is read by its analysis, on both, which keys the bytes it analyzes.
            String key = store.holdsResults() ? cacheKey(store, c, options, files, walked, read, indexed) : null;
            if (!store.holdsResults()) {
                group.store = store;
                group.contentKeys = new byte[files.size()][];
                group.settings = () -> settingsKey(store, c, options);
            } else if (key != null) {
                group.cached = store.read(key, options.targetVersion());
                if (group.cached != null) return group;
                group.store = store;
                group.key = key;
                group.indexed = indexed;
                sources = read;
            }
        }
        Parser.warmUpInBackground();   // files to parse after all (Main leaves it to us when the cache may answer)
        ProjectSummaries project = summaries ? ProjectSummaries.forPaths(files.stream().map(Path::toString).toList()) : null;
        group.summaries = project;
        Analyzer analyzer = analyzers.get();
        Map<Path, byte[]> given = sources;
        // Bytes read for the cache key are the ones analyzed (a file changed meanwhile is not cached under
        // the old key), and are let go once analyzed.
        boolean release = given != contents;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            int at = i;
            group.futures.add(pool.submit(() -> {
                byte[] content = release ? given.remove(file) : given.get(file);
                // Read from disk (for the cache key, or below): read again there if a deferred decision needs it.
                boolean onDisk = release || content == null;
                if (content == null && group.contentKeys != null) content = readKeyed(group, at);
                else if (content == null && group.indexed != null) content = readIndexed(group, file);
                return analyzeOne(analyzer, file, options, project, content, onDisk ? group.changed::add : null);
            }));
        }
        return group;
    }

    /**
     * The group's file {@code at}, read for its analysis, with its content key kept for the group's key
     * and the index (its status taken before the read, as {@link #cacheKey} does); null when it cannot be
     * read (the analysis reads it again and says why).
     */
    private byte[] readKeyed(Group group, int at) {
        Path file = group.files.get(at);
        ContentKeyIndex index = group.store.contentKeys();
        long readAt = ContentKeyIndex.now();
        ContentKeyIndex.Stamp before = ContentKeyIndex.stamp(file);
        byte[] bytes = readSource(file);
        if (bytes == null) return null;
        byte[] contentKey = dev.asyncguard.analysis.AnalysisKey.contentKey(bytes);
        group.contentKeys[at] = contentKey;
        index.put(file, before, readAt, contentKey);
        return bytes;
    }

    /**
     * A file of a group whose key took its content key from the index (its status unchanged), read for
     * its analysis: bytes of another content key (the file changed since the key was made) leave the
     * group's results unstored. Null when it cannot be read (the analysis reads it again and says why).
     */
    private byte[] readIndexed(Group group, Path file) {
        byte[] expected = group.indexed.get(file);
        byte[] bytes = expected == null ? null : readSource(file);
        if (bytes == null) return null;
        if (!java.util.Arrays.equals(expected, dev.asyncguard.analysis.AnalysisKey.contentKey(bytes))) group.stale = true;
        return bytes;
    }

    /** A source read for its analysis (counted), or null when it cannot be read (the analysis reads it again and says why). */
    private byte[] readSource(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            sourcesRead.incrementAndGet();
            return bytes;
        } catch (IOException | OutOfMemoryError e) {
            return null;
        }
    }

    /** A project's results with the findings decided once all its files were analyzed, each added to its file. */
    private static List<FileResult> withPending(List<FileResult> groupResults, ProjectSummaries summaries, PythonVersion version) {
        List<FileResult> results = new ArrayList<>();
        Map<String, List<Finding>> pending = new HashMap<>();
        for (Finding f : summaries.decidePending()) pending.computeIfAbsent(f.path(), k -> new ArrayList<>()).add(f);
        for (FileResult r : groupResults) {
            List<Finding> more = pending.remove(r.file().toString());
            if (more == null) {
                results.add(r);
            } else {
                List<Finding> all = new ArrayList<>(r.findings());
                all.addAll(more);
                results.add(new FileResult(r.file(), all, r.error(), r.version()));
            }
        }
        pending.values().forEach(rest -> results.add(new FileResult(Path.of(rest.get(0).path()), rest, null, version)));
        return results;
    }

    /**
     * The results with an error on each file that changed while the check ran (found so when a decision
     * read it again): its findings stay, those that depend on it may be missing, and nothing is cached.
     */
    private static List<FileResult> withChanged(List<FileResult> results, Set<Path> changed) {
        List<FileResult> out = new ArrayList<>(results.size());
        for (FileResult r : results) {
            out.add(!changed.contains(r.file()) || r.error() != null ? r : new FileResult(r.file(), r.findings(),
                    "changed while it was checked: findings that depend on it may be missing; check again", r.version()));
        }
        return out;
    }

    /** The result cache folders this run used. */
    java.util.Set<Path> cacheDirs() {
        return caches.keySet();
    }

    /** Where a project's results are cached: --cache-dir, $ASYNCGUARD_CACHE_DIR, else its root's (the working folder's without a policy file). */
    private ResultCache cacheFor(ProjectConfigs.ProjectConfig project) {
        Path dir = cacheDir;
        String env = environment.get("ASYNCGUARD_CACHE_DIR");
        if (dir == null && env != null && !env.isBlank()) dir = Path.of(env);
        if (dir == null) dir = (project.file() != null ? project.root() : Path.of("")).resolve(ResultCache.FOLDER);
        if (cacheVersion == null) cacheVersion = ResultCache.buildVersion();
        return caches.computeIfAbsent(dir, d -> new ResultCache(d, cacheVersion, racyNanos));
    }

    /**
     * The key of a group's results: the build, the analysis settings and the policy, and every
     * file's path and content key: the index's for a file whose status is unchanged (into
     * {@code indexed}), else from its bytes (read into {@code read}, which the analysis then uses);
     * null when a file cannot be read (the run reports it, and nothing is cached).
     */
    private String cacheKey(ResultCache store, ProjectConfigs.ProjectConfig project, AnalysisOptions options, List<Path> group,
                            Map<Path, java.nio.file.attribute.BasicFileAttributes> attributes, Map<Path, byte[]> read,
                            Map<Path, byte[]> indexed) {
        dev.asyncguard.analysis.AnalysisKey key = settingsKey(store, project, options);
        ContentKeyIndex index = store.contentKeys();
        for (Path file : group) {
            java.nio.file.attribute.BasicFileAttributes walkedStatus = attributes.get(file);
            byte[] known = index.contentKey(file, walkedStatus != null ? ContentKeyIndex.stamp(file, walkedStatus) : ContentKeyIndex.stamp(file));
            if (known != null) {
                indexed.put(file, known);
                key.fileWithContentKey(file.toString(), known);
                continue;
            }
            byte[] bytes;
            // The status before the read, and the time before that: a change after it makes the status differ next time.
            long readAt = ContentKeyIndex.now();
            ContentKeyIndex.Stamp before = ContentKeyIndex.stamp(file);
            try {
                bytes = Files.readAllBytes(file);
                sourcesRead.incrementAndGet();
            } catch (IOException | OutOfMemoryError e) {
                return null;
            }
            read.put(file, bytes);
            byte[] contentKey = dev.asyncguard.analysis.AnalysisKey.contentKey(bytes);
            index.put(file, before, readAt, contentKey);
            key.fileWithContentKey(file.toString(), contentKey);
        }
        return key.hex();
    }

    /**
     * The same key as {@link #cacheKey}, from the content keys of files whose status is unchanged
     * since they were read; null when any file must be read.
     */
    private String knownKey(ResultCache store, ProjectConfigs.ProjectConfig project, AnalysisOptions options, List<Path> group,
                            Map<Path, java.nio.file.attribute.BasicFileAttributes> attributes) {
        ContentKeyIndex index = store.contentKeys();
        dev.asyncguard.analysis.AnalysisKey key = settingsKey(store, project, options);
        for (Path file : group) {
            java.nio.file.attribute.BasicFileAttributes walked = attributes.get(file);
            byte[] contentKey = index.contentKey(file, walked != null ? ContentKeyIndex.stamp(file, walked) : ContentKeyIndex.stamp(file));
            if (contentKey == null) return null;
            key.fileWithContentKey(file.toString(), contentKey);
        }
        return key.hex();
    }

    /** The key's part before the files: the build, the analysis settings and the policy, the project. */
    private dev.asyncguard.analysis.AnalysisKey settingsKey(ResultCache store, ProjectConfigs.ProjectConfig project,
                                                          AnalysisOptions options) {
        return store.newKey()
                .settings(summaries, options, project.policyKey())
                .add(project.root().toString())
                .add(String.valueOf(project.file()));
    }

    private boolean selected(ProjectConfigs.ProjectConfig project, Path file, List<Glob> excludes) {
        String[] relative = Glob.parts(project.relative(file));     // split once for every pattern
        dev.asyncguard.policy.Policy.Paths policyPaths = project.resolved().policy().paths();
        if (policyPaths.include().stream().noneMatch(g -> g.matches(relative))) return false;
        List<Glob> exclusions = exclude != null ? List.of() : policyPaths.exclude();
        return exclusions.stream().noneMatch(g -> g.matches(relative)) && excludes.stream().noneMatch(g -> g.matches(relative));
    }

    private static Glob compileGlob(String pattern) {
        try {
            return Glob.compile(pattern.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--exclude '" + pattern + "': " + e.getMessage()
                    + " (patterns follow .gitignore: *, **, ?, [a-z], {a,b}, a trailing / for a folder)");
        }
    }

    /** The policy's rules and severities, narrowed by {@code --select} / {@code --ignore}, for one project. */
    private AnalysisOptions options(RuleRegistry registry, ProjectConfigs.ProjectConfig project, PythonVersion version) {
        AnalysisOptions policyOptions = dev.asyncguard.policy.PolicyReview.analysisOptions(registry, project.policy());
        AnalysisOptions base = select.isEmpty() ? policyOptions : AnalysisOptions.select(registry, select, List.of(), version);
        AnalysisOptions narrowed = AnalysisOptions.select(registry, List.of("ALL"), ignore, version);
        Map<String, dev.asyncguard.analysis.Severity> kept = new LinkedHashMap<>();
        base.severities().forEach((code, severity) -> {
            if (narrowed.isEnabled(code)) kept.put(code, severity);
        });
        return new AnalysisOptions(kept, version, policyOptions.fileRoles());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * One file's findings. {@code changed}: for a file whose bytes come from disk, where to tell that it
     * changed when a decision deferred to the project's end reads it again (then its text is not kept
     * until that end); null for bytes that are not on disk (standard input, fixes not written).
     */
    private FileResult analyzeOne(Analyzer analyzer, Path file, AnalysisOptions options,
                                         ProjectSummaries project, byte[] content, java.util.function.Consumer<Path> changed) {
        byte[] bytes = content;
        PythonVersion v = options.targetVersion();
        if (bytes == null) {
            try {
                bytes = Files.readAllBytes(file);
                sourcesRead.incrementAndGet();
            } catch (IOException e) {
                return new FileResult(file, List.of(), "cannot read: " + e.getMessage(), v);
            }
        }
        try {
            AnalysisInput input = AnalysisInput.parse(file.toString(), bytes, options);
            List<Finding> found = project == null ? analyzer.analyze(input, options)
                    : analyzer.project(project, options).analyze(input,
                            changed == null ? null : new SourceOnDisk(file, bytes, options, changed));
            return new FileResult(file, found, null, v);
        } catch (RuleFailure e) {
            return new FileResult(file, List.of(), "internal error (please report): " + e.getMessage(), v);
        } catch (RuntimeException | StackOverflowError e) {
            return new FileResult(file, List.of(), "internal error (please report): " + e, v);
        }
    }
}
