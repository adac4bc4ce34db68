package dev.asyncguard.analysis.project;

import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.names.NameResolver;
import dev.asyncguard.python.ast.Module;
import dev.asyncguard.python.ast.Node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What the files of one analysis run know about each other's functions: one {@link ModuleSummary}
 * per file, recorded while that file is analyzed (each file is parsed and walked once) or handed
 * in ready-made (a cached summary of an unchanged module), read when every file is done. Findings
 * that depend on other files are recorded as {@link Pending} and decided at the end, so the cost
 * stays one walk per file plus a pass over the call graph, in which each function's answer is
 * computed once (cycles and depth bounded).
 *
 * <p>Only strings are kept across files (qualified names, lines), never trees. Files may be
 * analyzed on several threads: a file's summary is built without locks and merged at its end. The
 * answers never depend on the order in which the files end: a name two summaries define (two files
 * of one module name) is settled by their paths before the first question, and the pending findings
 * are decided file by file in path order.
 */
public final class ProjectSummaries {
    /** How many calls deep a blocking chain is followed across functions. */
    public static final int MAX_CHAIN = 8;
    private static final int MAX_ALIASES = 6;
    /** How many classes an MRO may have before the lookup gives up (unknown, not absent). */
    private static final int MAX_MRO = 32;
    /** Marks a {@code super().attr} callee: {@code pkg.m.Sub#super.attr} is looked up after {@code Sub} in its MRO. */
    static final String SUPER = "#super";
    private static final Set<String> TRANSPARENT_DECORATORS = Set.of("builtins.staticmethod",
            "builtins.classmethod", "abc.abstractmethod", "typing.override", "typing_extensions.override",
            "functools.wraps");

    /**
     * Findings decided once every file is summarized: {@code decide} returns their message, or null
     * for none; {@code findings} makes them (one per anchor that waited for this decision). {@code path}:
     * the file whose walk deferred them (decisions are made in the order of their files' paths).
     */
    public record Pending(String path, Function<ProjectSummaries, String> decide, Function<String, List<Finding>> findings) {}

    private final Map<String, String> moduleOfPath;
    private final Set<String> roots;
    // Sized for the files' functions (about 25 per file on CPython's library): filled by every file, never shrunk.
    private final Map<String, ModuleSummary.Function> functions;
    private final Map<String, ModuleSummary.ClassSummary> classes = new HashMap<>();
    private final Map<String, String> aliases = new HashMap<>();
    private final Map<String, List<String>> starImports = new HashMap<>();
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> rebound = new HashSet<>();
    private final Map<String, Map<String, Optional<BlockingChain>>> chains = new HashMap<>();
    private final Map<String, Optional<List<String>>> mros = new HashMap<>();
    private final Map<String, Optional<String>> resolved = new HashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private boolean truncated;

    /** {@code moduleOfPath}: each file's module name, as {@link ModuleNames#of} gives. */
    public ProjectSummaries(Map<String, String> moduleOfPath) {
        Names names = Names.of(moduleOfPath);
        this.moduleOfPath = names.moduleOfPath();
        this.roots = names.roots();
        this.modules = names.modules();
        // Sized for the files that will be summarized, at most a few hundred at first: a review knows a
        // tree of thousands of paths but summarizes a dozen of them.
        this.functions = HashMap.newHashMap(32 * Math.min(moduleOfPath.size(), 512));
    }

    /**
     * A tree's module names, top-level names and modules, fixed for a project: made once for the
     * same names (the very same map, as {@link ModuleNames#of} answers for the same paths), since
     * the service lays every review of a repository on the same tree of maybe thousands of files.
     */
    private record Names(Map<String, String> moduleOfPath, Set<String> roots, Set<String> modules) {
        private static final Map<Map<String, String>, Names> RECENT = new java.util.IdentityHashMap<>();
        private static final java.util.ArrayDeque<Map<String, String>> ORDER = new java.util.ArrayDeque<>();

        static Names of(Map<String, String> moduleOfPath) {
            synchronized (RECENT) {
                Names known = RECENT.get(moduleOfPath);
                if (known != null) return known;
            }
            Set<String> roots = new HashSet<>();
            for (String m : moduleOfPath.values()) roots.add(m.contains(".") ? m.substring(0, m.indexOf('.')) : m);
            Names made = new Names(Map.copyOf(moduleOfPath), Set.copyOf(roots), Set.copyOf(moduleOfPath.values()));
            // Only ModuleNames' own answers are kept by identity: any other map may still change.
            if (!ModuleNames.isAnswer(moduleOfPath)) return made;
            synchronized (RECENT) {
                if (RECENT.put(moduleOfPath, made) == null) ORDER.addLast(moduleOfPath);
                while (ORDER.size() > 8) RECENT.remove(ORDER.removeFirst());
            }
            return made;
        }
    }

    /** A project of these files, module names from their paths. */
    public static ProjectSummaries forPaths(java.util.Collection<String> paths) {
        return new ProjectSummaries(ModuleNames.of(paths));
    }

    public String moduleOf(String path) {
        return moduleOfPath.get(path);
    }

    /** Whether a qualified name is one of the analyzed modules (or packages). */
    public boolean isModule(String qualified) {
        return modules.contains(qualified);
    }

    private final Set<String> modules;

    /**
     * What a summary of {@code path} depends on besides its bytes: its module name, the project's
     * top-level names (which callees are kept) and the target version. With the blob SHA, the key
     * under which a summary may be reused by a later run.
     */
    public String summaryKey(String path, Object targetVersion) {
        return path + "|" + moduleOfPath.get(path) + "|" + targetVersion + "|" + rootsDigest();
    }

    /** The top-level names' digest, made once (they are fixed by the constructor; asked for per file). */
    private String rootsDigest() {
        String d = rootsDigest;
        if (d != null) return d;
        List<String> sorted = new ArrayList<>(roots);
        java.util.Collections.sort(sorted);
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(String.join(",", sorted).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            d = java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        rootsDigest = d;
        return d;
    }

    private volatile String rootsDigest;

    /**
     * One copy of a name that many files record (an import alias's target, a decorator, what
     * blocks): the project keeps every file's summary until the end, so a copy per file would be
     * kept (and copied by each collection) as many times. Callees are not passed here: there are
     * too many for the lookup to pay for itself.
     */
    public String shared(String name) {
        if (name == null) return null;
        String known = sharedNames.putIfAbsent(name, name);
        return known == null ? name : known;
    }

    private final java.util.concurrent.ConcurrentHashMap<String, String> sharedNames = new java.util.concurrent.ConcurrentHashMap<>();

    /** Whether a qualified name can refer to something of the analyzed files (its top-level module is one of theirs). */
    public boolean mayBeProjectName(String qualified) {
        if (qualified == null) return false;
        int dot = qualified.indexOf('.');
        int end = dot < 0 ? qualified.length() : dot;
        // Asked for every call of every summarized function: a plain root is looked up without copying.
        int paren = qualified.indexOf('(');
        if (paren < 0 || paren > end) return roots.contains(dot < 0 ? qualified : qualified.substring(0, dot));
        return roots.contains(qualified.substring(0, end).replace("()", ""));
    }

    /** {@code .settings.load} in module {@code pkg.api} is {@code pkg.settings.load}; absolute names stay. */
    public static String absolute(String name, String module, boolean packageInit) {
        if (name == null || !name.startsWith(".")) return name;
        int level = 0;
        while (level < name.length() && name.charAt(level) == '.') level++;
        // The package the dots count from: the module itself for a package's __init__, else its
        // parent; each further dot goes one package up. Asked for many calls of a file: no copies.
        int end = packageInit ? module.length() : Math.max(module.lastIndexOf('.'), 0);
        for (int up = 1; up < level; up++) {
            if (end == 0) return null;
            end = Math.max(module.lastIndexOf('.', end - 1), 0);
        }
        String rest = name.substring(level);
        String base = module.substring(0, end);
        if (rest.isEmpty()) return base.isEmpty() ? null : base;
        return base.isEmpty() ? rest : base + "." + rest;
    }

    // ---- recording, while each file is analyzed ----

    /**
     * Indexes the functions, classes and imports of one file (classes at any nesting, defs at module
     * level and in classes); the index answers for that file's walk and collects its summary. No lock:
     * only this project's fixed module names are read.
     */
    public ModuleIndex indexModule(String path, Module module, NameResolver names) {
        return indexModule(path, module, names, null);
    }

    /**
     * As {@link #indexModule(String, Module, NameResolver)}, given the words of the file's code
     * ({@code ParseResult#words()}; null when not known): what only a file with certain words can
     * hold is not looked for in the others (a method running {@code asyncio.run(self.m())} names asyncio).
     */
    public ModuleIndex indexModule(String path, Module module, NameResolver names, Set<String> words) {
        return Declarations.index(this, path, moduleOfPath.get(path), module, names, words);
    }

    /**
     * Whether a plain method of {@code cls}, or of a class of its MRO before the first one not known,
     * runs {@code method} as its program's only coroutine ({@code asyncio.run(self.method())}).
     */
    public synchronized boolean runsAlone(String cls, String method) {
        settle();
        if (!classes.containsKey(cls)) return false;
        List<String> mro = mro(cls);
        if (mro == null) return false;
        for (String c : mro) {
            ModuleSummary.ClassSummary info = c == null ? null : classes.get(c);
            if (info == null) return false;
            if (info.runAlone().contains(method)) return true;
        }
        return false;
    }

    /** One file's summary, computed by its walk or served from a cache. */
    public synchronized void add(ModuleSummary summary) {
        added.add(summary);
        for (ModuleSummary.Function f : summary.functions()) {
            if (functions.put(f.qualified(), f) != null) contested.add(f.qualified());
            if (f.isAsync() || !f.decorators().isEmpty()) coroutineCandidates.add(f.name());
        }
        for (ModuleSummary.ClassSummary c : summary.classes()) {
            if (classes.put(c.qualified(), c) != null) contested.add(c.qualified());
        }
        for (Map.Entry<String, String> alias : summary.aliases().entrySet()) {
            if (aliases.put(alias.getKey(), alias.getValue()) != null) contested.add(alias.getKey());
            coroutineCandidates.add(alias.getKey().substring(alias.getKey().lastIndexOf('.') + 1));
        }
        if (!summary.starImports().isEmpty() && starImports.put(summary.module(), summary.starImports()) != null) {
            contested.add(summary.module());
        }
        for (Map.Entry<String, String> value : summary.values().entrySet()) {
            if (values.put(value.getKey(), value.getValue()) != null) contested.add(value.getKey());
        }
        rebound.addAll(summary.rebinds());
        chains.clear();
        mros.clear();
        resolved.clear();
    }

    /**
     * Every summary added, in the order added: where two define the same name (two files of one
     * module name, such as {@code conftest.py} in folders without an {@code __init__.py}), which one
     * stands for it is settled from these by their paths ({@link #settle}).
     */
    private final List<ModuleSummary> added = new ArrayList<>();
    /** The names more than one summary defined since the last {@link #settle}. */
    private final Set<String> contested = new HashSet<>();
    /** The summaries added without their calls, with how to complete each. */
    private final Map<ModuleSummary, Completion> completions = new java.util.IdentityHashMap<>();

    /**
     * Each name several summaries define gets the definition of the summary whose path sorts last (of
     * one path, the one added last), as if the files had been added one by one in path order: files
     * are analyzed on several threads and their summaries arrive in the order their walks end, which
     * must not decide a finding. Called before every question; nothing to do unless names collided.
     */
    private void settle() {
        if (contested.isEmpty()) return;
        Map<String, ModuleSummary> owner = new HashMap<>();
        Map<String, ModuleSummary.Function> function = new HashMap<>();
        Map<String, ModuleSummary.ClassSummary> cls = new HashMap<>();
        Map<String, String> alias = new HashMap<>();
        Map<String, String> value = new HashMap<>();
        Map<String, List<String>> star = new HashMap<>();
        // A summary's names all start with its module's ({@code pkg.m.f}, {@code pkg.m.Cls.f}): only the
        // summaries of a module some contested name starts with are looked at again.
        Set<String> modules = new HashSet<>();
        for (String name : contested) {
            for (int dot = name.length(); dot > 0; dot = name.lastIndexOf('.', dot - 1)) modules.add(name.substring(0, dot));
        }
        for (ModuleSummary s : added) {
            if (s.module() != null && !modules.contains(s.module())) continue;
            for (ModuleSummary.Function f : s.functions()) {
                if (contested.contains(f.qualified()) && standsFor(s, "f" + f.qualified(), owner)) function.put(f.qualified(), f);
            }
            for (ModuleSummary.ClassSummary c : s.classes()) {
                if (contested.contains(c.qualified()) && standsFor(s, "c" + c.qualified(), owner)) cls.put(c.qualified(), c);
            }
            for (Map.Entry<String, String> a : s.aliases().entrySet()) {
                if (contested.contains(a.getKey()) && standsFor(s, "a" + a.getKey(), owner)) alias.put(a.getKey(), a.getValue());
            }
            for (Map.Entry<String, String> v : s.values().entrySet()) {
                if (contested.contains(v.getKey()) && standsFor(s, "v" + v.getKey(), owner)) value.put(v.getKey(), v.getValue());
            }
            if (!s.starImports().isEmpty() && contested.contains(s.module()) && standsFor(s, "s" + s.module(), owner)) {
                star.put(s.module(), s.starImports());
            }
        }
        function.forEach((qn, f) -> {
            Completion completion = completions.get(owner.get("f" + qn));
            ModuleSummary.Function whole = completion == null ? null : completion.completed(qn);
            functions.put(qn, whole != null ? whole : f);
            if (completion != null && !completion.taken()) withoutCalls.put(qn, completion);
            else withoutCalls.remove(qn);
        });
        classes.putAll(cls);
        aliases.putAll(alias);
        values.putAll(value);
        starImports.putAll(star);
        contested.clear();
        chains.clear();
        mros.clear();
        resolved.clear();
    }

    /** Whether {@code summary} takes over {@code key} from the one that had it so far (added in order: of one path, the later). */
    private static boolean standsFor(ModuleSummary summary, String key, Map<String, ModuleSummary> owner) {
        ModuleSummary before = owner.get(key);
        if (before != null && PATH_ORDER.compare(summary.path(), before.path()) < 0) return false;
        owner.put(key, summary);
        return true;
    }

    private static final java.util.Comparator<String> PATH_ORDER = java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder());

    /**
     * One file's summary without what its functions call and where they block (the rules that record
     * that did not walk it): {@code complete} summarizes the file whole, and is asked the first time a
     * blocking chain reaches one of its functions. Everything else the summary says is complete.
     */
    public synchronized void add(ModuleSummary summary, java.util.function.Supplier<ModuleSummary> complete) {
        add(summary);
        Completion completion = new Completion(summary, complete);
        completions.put(summary, completion);
        for (ModuleSummary.Function f : summary.functions()) withoutCalls.put(f.qualified(), completion);
    }

    /** A file's full summary, made once when first needed. */
    private static final class Completion {
        /** The summary added without calls: its functions are replaced only where they are still the ones in use. */
        final ModuleSummary partial;
        private java.util.function.Supplier<ModuleSummary> make;

        Completion(ModuleSummary partial, java.util.function.Supplier<ModuleSummary> make) {
            this.partial = partial;
            this.make = make;
        }

        /** The full summary once made: what a function of it is, should it stand for its name again ({@link #settle}). */
        private ModuleSummary full;

        /** The full summary the first time; null after, or when the file could not be summarized (no calls known, as before). */
        ModuleSummary take() {
            var m = make;
            make = null;
            try {
                full = m == null ? null : m.get();
                return full;
            } catch (RuntimeException e) {
                return null;
            }
        }

        boolean taken() {
            return make == null;
        }

        /** The function {@code qn} of the full summary, if it was made. */
        ModuleSummary.Function completed(String qn) {
            if (full == null) return null;
            for (ModuleSummary.Function f : full.functions()) if (f.qualified().equals(qn)) return f;
            return null;
        }
    }

    /** Functions whose calls and blocking lines are not summarized yet, with how to complete their file's summary. */
    private final Map<String, Completion> withoutCalls = new HashMap<>();

    /**
     * The function's summary with its calls and blocking lines. Completing a file changes only those
     * of its functions (what they are, yield, return and how they are decorated was known), so the
     * answers kept for names, classes and coroutine functions stay.
     */
    private ModuleSummary.Function withCalls(String qn) {
        Completion completion = withoutCalls.remove(qn);
        if (completion != null) {
            ModuleSummary full = completion.take();
            if (full != null) {
                Map<String, ModuleSummary.Function> now = new HashMap<>();
                for (ModuleSummary.Function f : full.functions()) now.put(f.qualified(), f);
                for (ModuleSummary.Function f : completion.partial.functions()) {
                    withoutCalls.remove(f.qualified(), completion);   // not another file's, of the same name
                    ModuleSummary.Function whole = now.get(f.qualified());
                    if (whole != null && functions.get(f.qualified()) == f) functions.put(f.qualified(), whole);
                }
            }
        }
        return functions.get(qn);
    }

    public synchronized void defer(Pending p) {
        pending.add(p);
    }

    // ---- questions, once every file is recorded ----

    /**
     * The findings that waited for the whole project, decided now: file by file in path order, each
     * file's in the order its walk deferred them. What one decision learns (a function's chain) is kept
     * for the next, so the order is fixed, not the one in which the files' walks ended.
     */
    public synchronized List<Finding> decidePending() {
        settle();
        pending.sort(java.util.Comparator.comparing(Pending::path, PATH_ORDER));   // stable: each file's own order stays
        List<Finding> out = new ArrayList<>();
        for (Pending p : pending) {
            decidedLessSure = false;
            String message = p.decide().apply(this);
            if (message == null) continue;
            for (Finding f : p.findings().apply(message)) {
                out.add(decidedLessSure && !f.lowConfidence() ? new Finding(f.code(), f.name(), f.severity(), f.path(),
                        f.range(), f.message(), f.fix(), Confidence.LOW) : f);
            }
        }
        pending.clear();
        return out;
    }

    /** Whether the decision being made found weaker evidence than its finding had when deferred. */
    private boolean decidedLessSure;

    /**
     * Called by a {@link Pending#decide} that found its evidence weaker than it was when the
     * finding was deferred (e.g. a long chain of calls): the findings of this decision are LOW.
     */
    public synchronized void decidedLessSure() {
        decidedLessSure = true;
    }

    /**
     * {@code load_settings() blocks: it calls builtins.open() at pkg/settings.py:14} when the
     * project function a call refers to blocks for rule {@code code}; null when it does not (or
     * when that is not known).
     */
    public synchronized BlockingChain blockingChain(String code, String calleePath) {
        return blockingChain(code, calleePath, null);
    }

    /** As {@link #blockingChain(String, String)}, for a call that passes {@code arguments} ({@link ArgumentShapes#shapeOf}): none where None cuts the chain. */
    public synchronized BlockingChain blockingChain(String code, String calleePath, String arguments) {
        settle();
        String qn = BlockingChain.throughInstanceAttribute(calleePath) ? null : resolveFunction(calleePath, 0);
        if (qn == null) return null;
        BlockingChain rest = chainFrom(code, qn, new ArrayDeque<>());
        if (rest != null && ArgumentShapes.through(arguments, functions.get(qn).parameters(), rest.needs()) == ArgumentShapes.CUT) {
            return null;
        }
        return rest == null ? null : new BlockingChain(functions.get(qn).name() + "() blocks: it calls " + rest.text(),
                rest.functions(), rest.end(), rest.throughInstance() || BlockingChain.callsInstanceMethod(calleePath),
                rest.throughLogging());
    }

    /** What the function calls down to the blocking line, e.g. {@code read() → builtins.open() at a.py:3}. */
    private BlockingChain chainFrom(String code, String qn, Deque<String> stack) {
        Map<String, Optional<BlockingChain>> memo = chains.computeIfAbsent(code, k -> new HashMap<>());
        Optional<BlockingChain> known = memo.get(qn);
        if (known != null) return known.orElse(null);
        if (stack.size() >= MAX_CHAIN || stack.contains(qn)) {
            truncated = true;
            return null;
        }
        boolean outer = truncated;
        truncated = false;
        stack.push(qn);
        BlockingChain result = null;
        try {
            ModuleSummary.Function f = withCalls(qn);
            if (isPlain(f)) {
                ModuleSummary.Step direct = f.blocks().get(code);
                boolean logs = BlockingChain.namesLogging(f.name());
                if (direct != null) {
                    result = new BlockingChain(direct.what() + " at " + direct.path() + ":" + direct.line(), 1, direct, false, logs,
                            direct.needs());
                } else {
                    // The first chain that is not weak and runs for any arguments stands for the function; else the
                    // first that is not weak; else the first weak one.
                    boolean sure = false;
                    for (String callee : f.callees()) {
                        String next = BlockingChain.throughInstanceAttribute(callee) ? null : resolveFunction(callee, 0);
                        if (next == null) continue;
                        BlockingChain rest = chainFrom(code, next, stack);
                        // A call that passes None where the chain's line needs a value does not reach it.
                        String needs = rest == null ? null
                                : ArgumentShapes.through(f.arguments().get(callee), functions.get(next).parameters(), rest.needs());
                        if (rest != null && needs != ArgumentShapes.CUT) {
                            BlockingChain through = new BlockingChain(functions.get(next).name() + "() → " + rest.text(), rest.functions() + 1,
                                    rest.end(), rest.throughInstance() || BlockingChain.callsInstanceMethod(callee),
                                    rest.throughLogging() || logs, needs);
                            if (result == null) result = through;
                            if (!through.weak() && !sure) {
                                result = through;
                                sure = true;
                            }
                            if (!through.weak() && needs == null) {
                                result = through;
                                break;
                            }
                        }
                    }
                }
            }
        } finally {
            stack.pop();
        }
        if (!truncated || result != null) memo.put(qn, Optional.ofNullable(result));
        truncated |= outer;
        return result;
    }

    /** A sync function that runs its body when called: not a generator, no decorator that could wrap it. */
    private static boolean isPlain(ModuleSummary.Function f) {
        return f != null && !f.isAsync() && !f.generator() && TRANSPARENT_DECORATORS.containsAll(f.decorators());
    }

    /**
     * The name of the project's coroutine function a call refers to ({@code fetch}), or null:
     * {@code async def} (not a generator) under transparent decorators, or any def under a decorator
     * of the project that returns an {@code async def} wrapped with {@code functools.wraps}.
     */
    public synchronized String coroutineFunction(String calleePath) {
        settle();
        if (calleePath == null || !mayNameCoroutineFunction(calleePath.substring(calleePath.lastIndexOf('.') + 1))) {
            return null;
        }
        String qn = resolveFunction(calleePath, 0);
        if (qn == null) return null;
        ModuleSummary.Function f = functions.get(qn);
        for (String d : f.decorators()) {
            String decorator = resolveFunction(d, 0);
            if (decorator != null && functions.get(decorator).returnsAsyncWrapper()) return f.name();
        }
        if (!f.isAsync() || f.generator() || !TRANSPARENT_DECORATORS.containsAll(f.decorators())) return null;
        return f.name();
    }

    /**
     * Whether a callee path ending in {@code attr} can resolve to a coroutine function: one named
     * {@code attr} that is an {@code async def} or has a decorator, or one reached through an
     * import alias (the only step of {@link #resolveFunction} that changes the name). Most calls
     * a project defers (methods of every class, when every module is part of the project) are
     * answered by this, without resolving them.
     */
    private boolean mayNameCoroutineFunction(String attr) {
        return coroutineCandidates.contains(attr);
    }

    /**
     * Names that {@link #mayNameCoroutineFunction} accepts, collected as each file's summary is added
     * (in parallel with the other files' analysis, not all at once when the first decision asks). A
     * function a later summary replaces keeps its name here: a name too many costs one resolution,
     * whose answer is the same (resolving to a coroutine function implies its name, or its alias's, is here).
     */
    private final Set<String> coroutineCandidates = new HashSet<>();

    /**
     * The project function a value path refers to: through re-exports, star imports, classes,
     * inheritance (the MRO), {@code super()} and cheap return types.
     */
    String resolveFunction(String path, int depth) {
        if (path == null || depth > MAX_ALIASES) return null;
        if (depth == 0) {
            // Many calls name the same callee: answer each once (deeper answers are bounded, not memoized).
            Optional<String> known = resolved.get(path);
            if (known == null) {
                known = Optional.ofNullable(resolveFunction(path, 1));
                resolved.put(path, known);
            }
            return known.orElse(null);
        }
        if (functions.containsKey(path)) return path;
        String alias = aliases.get(path);
        if (alias != null) return resolveFunction(alias, depth + 1);
        int dot = path.lastIndexOf('.');
        if (dot < 0) return null;
        String owner = path.substring(0, dot);
        String attr = path.substring(dot + 1);
        if (owner.endsWith(SUPER)) {
            String cls = owner.substring(0, owner.length() - SUPER.length());
            return classes.containsKey(cls) ? method(cls, attr, true) : null;
        }
        int instance = owner.lastIndexOf("().");
        if (instance > 0 && owner.indexOf('.', instance + 3) < 0 && !owner.endsWith("()")) {
            // pkg.sub.Sub().worker.stop: the method of what Sub's instances have as worker (set in a base class).
            String value = instanceAttribute(owner.substring(0, instance), owner.substring(instance + 3));
            return value == null ? null : resolveFunction(value + "." + attr, depth + 1);
        }
        if (owner.endsWith("()")) {
            String made = owner.substring(0, owner.length() - 2);
            String cls = resolveClass(made, depth + 1);
            if (cls != null) return method(cls, attr, false);
            String factory = resolveFunction(made, depth + 1);
            String returned = factory == null ? null : functions.get(factory).returns();
            return returned == null ? null : resolveFunction(returned + "." + attr, depth + 1);
        }
        String cls = resolveClass(owner, depth + 1);
        if (cls != null) return method(cls, attr, false);
        for (String star : starImports.getOrDefault(owner, List.of())) {
            if (attr.startsWith("_")) break;
            String found = resolveFunction(star + "." + attr, depth + 1);
            if (found != null) return found;
        }
        return null;
    }

    private String resolveClass(String path, int depth) {
        if (path == null || depth > MAX_ALIASES) return null;
        if (classes.containsKey(path)) return path;
        String alias = aliases.get(path);
        if (alias != null) return resolveClass(alias, depth + 1);
        int dot = path.lastIndexOf('.');
        if (dot < 0) return null;
        String owner = path.substring(0, dot);
        String attr = path.substring(dot + 1);
        if (attr.startsWith("_")) return null;
        for (String star : starImports.getOrDefault(owner, List.of())) {
            String found = resolveClass(star + "." + attr, depth + 1);
            if (found != null) return found;
        }
        return null;
    }

    /**
     * The method {@code name} found along the class's MRO (after the class itself when
     * {@code afterSelf}, as {@code super()} looks); null when absent or when a class before it is
     * not known (a base outside the analyzed code may define it).
     */
    private String method(String cls, String name, boolean afterSelf) {
        List<String> mro = mro(cls);
        if (mro == null) return null;
        for (int i = afterSelf ? 1 : 0; i < mro.size(); i++) {
            ModuleSummary.ClassSummary info = classes.get(mro.get(i));
            if (info == null || info.otherNames().contains(name)) return null;
            String method = mro.get(i) + "." + name;
            if (functions.containsKey(method)) return method;
        }
        return null;
    }

    /**
     * The class's method resolution order over the analyzed code (C3, as Python computes it). A
     * base that is not a class of the project ends the list with a null entry: nothing after it
     * is certain. Null when the hierarchy is inconsistent or too large.
     */
    private List<String> mro(String cls) {
        Optional<List<String>> known = mros.get(cls);
        if (known != null) return known.orElse(null);
        mros.put(cls, Optional.empty()); // a cycle in the bases reads as unknown
        List<String> result = computeMro(cls);
        mros.put(cls, Optional.ofNullable(result));
        return result;
    }

    private List<String> computeMro(String cls) {
        ModuleSummary.ClassSummary info = classes.get(cls);
        List<List<String>> sequences = new ArrayList<>();
        List<String> direct = new ArrayList<>();
        for (String base : info.bases()) {
            String b = resolveClass(base, 0);
            if (b == null) {
                // Unknown base: what follows it in the MRO cannot be known.
                List<String> out = new ArrayList<>(List.of(cls));
                for (String before : direct) {
                    List<String> m = mro(before);
                    if (m == null) return null;
                    for (String c : m) if (c == null || !out.contains(c)) out.add(c);
                    if (out.contains(null)) break;
                }
                if (!out.contains(null)) out.add(null);
                return out;
            }
            List<String> m = mro(b);
            if (m == null) return null;
            sequences.add(new ArrayList<>(m));
            direct.add(b);
        }
        sequences.add(new ArrayList<>(direct));
        List<String> out = new ArrayList<>(List.of(cls));
        while (out.size() <= MAX_MRO) {
            sequences.removeIf(List::isEmpty);
            if (sequences.isEmpty()) return out;
            String next = null;
            for (List<String> seq : sequences) {
                String head = seq.get(0);
                if (head == null) {
                    out.add(null); // an unknown class somewhere in the bases: stop there
                    return out;
                }
                if (sequences.stream().noneMatch(s -> s.indexOf(head) > 0)) {
                    next = head;
                    break;
                }
            }
            if (next == null) return null;
            out.add(next);
            for (List<String> seq : sequences) if (!seq.isEmpty() && next.equals(seq.get(0))) seq.remove(0);
        }
        return null;
    }

    /** The type a function of the project returns, when obvious (for rules that match on value paths). */
    public synchronized String returnedType(String functionPath) {
        settle();
        String qn = resolveFunction(functionPath, 0);
        return qn == null ? null : functions.get(qn).returns();
    }

    /**
     * The instance a module-level object of the project is ({@code httpx.Client()} for {@code
     * app.http.client}, also through re-exports), or null: not such an object, or assigned by
     * another file.
     */
    public synchronized String moduleValue(String path) {
        settle();
        int made = path.lastIndexOf("().");
        if (made > 0 && path.indexOf('.', made + 3) < 0 && !path.endsWith("()")) return instanceAttribute(path.substring(0, made), path.substring(made + 3));
        String p = path;
        for (int i = 0; p != null && i <= MAX_ALIASES; i++) {
            if (rebound.contains(p)) return null;
            String value = values.get(p);
            if (value != null) return value;
            p = aliases.get(p);
        }
        return null;
    }

    /**
     * What instances of the class {@code cls} (a project-wide name, also through re-exports) have as
     * {@code attr}: the value path the first class of its MRO that binds it gives ({@code
     * requests.Session()} for {@code self.session = requests.Session()} in a base's {@code __init__});
     * null when that class binds it to something not known, when a class before it is not known, or
     * when no class binds it.
     */
    private String instanceAttribute(String cls, String attr) {
        String c = resolveClass(cls, 0);
        List<String> mro = c == null ? null : mro(c);
        if (mro == null) return null;
        for (String k : mro) {
            ModuleSummary.ClassSummary info = k == null ? null : classes.get(k);
            if (info == null) return null;
            String value = info.attributes().get(attr);
            if (value != null) return value.isEmpty() ? null : value;
            if (info.otherNames().contains(attr) || functions.containsKey(k + "." + attr)) return null;
        }
        return null;
    }

    /** For messages and tests: the number of functions summarized. */
    public synchronized int functionCount() {
        settle();
        return functions.size();
    }
}
