package dev.asyncguard.analysis.project;

import dev.asyncguard.analysis.Confidence;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one module tells the other files of a project, computed from that file alone (its bytes,
 * its path, its module name, the project's top-level names and the target version): its functions
 * and classes by qualified name, the names it imports (aliases and star imports), and per function
 * the calls that may reach other functions of the project and the first line that blocks, per
 * blocking rule. Strings and small records only, never trees: a project keeps one per file until
 * every file is done, and the service caches them by blob SHA across reviews. Cross-file questions
 * (which function a callee names, whether it blocks transitively) are answered by
 * {@link ProjectSummaries} at decide time, so a summary never depends on which other files are in a run.
 *
 * @param imports modules this file may import from (absolute dotted names, packages included), for
 *                finding the next files to summarize; empty when not asked for
 * @param values  module-level objects of this file by qualified name, with the value path of the
 *                instance each is always bound to ({@code app.http.client -> httpx.Client()})
 * @param rebinds names of other modules of the project this file assigns ({@code h.client = ...}
 *                with {@code import app.http as h}: {@code app.http.client}), whose object is then
 *                not known wherever it is used
 */
public record ModuleSummary(String path, String module, List<Function> functions, List<ClassSummary> classes,
                            Map<String, String> aliases, List<String> starImports, List<String> imports,
                            Map<String, String> values, List<String> rebinds) {

    /** A summary without module-level objects. */
    public ModuleSummary(String path, String module, List<Function> functions, List<ClassSummary> classes,
                         Map<String, String> aliases, List<String> starImports, List<String> imports) {
        this(path, module, functions, classes, aliases, starImports, imports, Map.of(), List.of());
    }

    /**
     * The line that blocks, directly in a function: what (e.g. {@code builtins.open()}), where, how
     * sure the rule is of it, and whether it returns soon as a rule (a process started without
     * waiting, a local-file database) or runs only for some arguments (it sits under an {@code if}
     * on a parameter of its function, which a chain does not follow): weak evidence at the end of a
     * chain through an instance's method. {@code needs}: the parameter of its function that must not
     * be None for the line to run ({@link ArgumentShapes#guardedParameter}), or null.
     */
    public record Step(String what, String path, int line, Confidence confidence, boolean returnsSoon,
                       boolean dependsOnArguments, String needs) {
        public Step(String what, String path, int line) {
            this(what, path, line, Confidence.HIGH, false, false, null);
        }

        public Step(String what, String path, int line, Confidence confidence, boolean returnsSoon,
                    boolean dependsOnArguments) {
            this(what, path, line, confidence, returnsSoon, dependsOnArguments, null);
        }

        /** Whether this is stronger evidence than {@code other}: sure, and not a call that returns soon. */
        public boolean strongerThan(Step other) {
            return rank() > other.rank();
        }

        private int rank() {
            return confidence == Confidence.LOW ? 0 : returnsSoon || dependsOnArguments ? 1 : 2;
        }
    }

    /**
     * One function (module level, or a method of a class at any nesting):
     *
     * @param decorators each decorator's project-wide name ("?" when unknown)
     * @param returnsAsyncWrapper a decorator whose wrapper is an {@code async def} under {@code functools.wraps}
     * @param returns the obvious type (value path ending in {@code ()}) it returns, or null
     * @param callees project-wide value paths of what it calls that may be functions of the project
     * @param blocks per blocking rule code, the first line in its own body that blocks
     * @param parameters its parameters ({@link ArgumentShapes#parameters})
     * @param arguments per callee, what its calls of it pass ({@link ArgumentShapes#shapeOf}, merged)
     */
    public record Function(String qualified, int line, boolean isAsync, boolean generator,
                           List<String> decorators, boolean returnsAsyncWrapper, String returns,
                           List<String> callees, Map<String, Step> blocks, List<String> parameters,
                           Map<String, String> arguments) {
        public Function {
            decorators = List.copyOf(decorators);
            callees = List.copyOf(callees);
            blocks = Map.copyOf(blocks);
            parameters = List.copyOf(parameters);
            arguments = Map.copyOf(arguments);
        }

        public Function(String qualified, int line, boolean isAsync, boolean generator, List<String> decorators,
                        boolean returnsAsyncWrapper, String returns, List<String> callees, Map<String, Step> blocks) {
            this(qualified, line, isAsync, generator, decorators, returnsAsyncWrapper, returns, callees, blocks,
                    List.of(), Map.of());
        }

        /**
         * The def's own name, the last part of its qualified name (not kept apart: a project holds
         * one summary per function of every file until all are done, and the collector copies each).
         */
        public String name() {
            return qualified.substring(qualified.lastIndexOf('.') + 1);
        }
    }

    /**
     * One class: its bases' project-wide names ("?" when unknown), the names its body binds other than
     * methods (its methods are the module's functions {@code qualified.name}), {@code runAlone}: the
     * coroutine methods one of its plain methods runs as a program's only coroutine ({@code def
     * run(self): return asyncio.run(self.async_run())}), and {@code attributes}: what its instances
     * have as each attribute the class binds itself ({@code self.session = requests.Session()} in a
     * method, {@code client: httpx.Client} in its body), as a project-wide value path ending in
     * {@code ()}, or "" when bound to something not known; subclasses in other files read them.
     */
    public record ClassSummary(String qualified, List<String> bases, Set<String> otherNames, Set<String> runAlone,
                               Map<String, String> attributes) {
        public ClassSummary {
            bases = List.copyOf(bases);
            otherNames = Set.copyOf(otherNames);
            runAlone = Set.copyOf(runAlone);
            attributes = Map.copyOf(attributes);
        }

        public ClassSummary(String qualified, List<String> bases, Set<String> otherNames, Set<String> runAlone) {
            this(qualified, bases, otherNames, runAlone, Map.of());
        }

        public ClassSummary(String qualified, List<String> bases, Set<String> otherNames) {
            this(qualified, bases, otherNames, Set.of());
        }

        /** The same class with the attributes its instances have. */
        ClassSummary withAttributes(Map<String, String> attributes) {
            return new ClassSummary(qualified, bases, otherNames, runAlone, attributes);
        }
    }

    public ModuleSummary {
        functions = List.copyOf(functions);
        classes = List.copyOf(classes);
        aliases = Map.copyOf(aliases);
        starImports = List.copyOf(starImports);
        imports = List.copyOf(imports);
        values = Map.copyOf(values);
        rebinds = List.copyOf(rebinds);
    }

    /** A rough size in bytes (two per character plus object overhead), for caches bounded by memory. */
    public long estimatedBytes() {
        long bytes = 64 + chars(path) + chars(module);
        for (Function f : functions) {
            bytes += 96 + chars(f.qualified()) + chars(f.returns());
            for (String d : f.decorators()) bytes += chars(d);
            for (String c : f.callees()) bytes += chars(c);
            for (var e : f.blocks().entrySet()) bytes += 48 + chars(e.getKey()) + chars(e.getValue().what());
            for (String p : f.parameters()) bytes += chars(p);
            for (var e : f.arguments().entrySet()) bytes += 32 + chars(e.getValue());
        }
        for (ClassSummary c : classes) {
            bytes += 64 + chars(c.qualified());
            for (String b : c.bases()) bytes += chars(b);
            for (String o : c.otherNames()) bytes += chars(o);
            for (var e : c.attributes().entrySet()) bytes += chars(e.getKey()) + chars(e.getValue());
        }
        for (var e : aliases.entrySet()) bytes += chars(e.getKey()) + chars(e.getValue());
        for (String s : starImports) bytes += chars(s);
        for (String s : imports) bytes += chars(s);
        for (var e : values.entrySet()) bytes += chars(e.getKey()) + chars(e.getValue());
        for (String s : rebinds) bytes += chars(s);
        return bytes;
    }

    private static long chars(String s) {
        return s == null ? 0 : 40 + 2L * s.length();
    }
}
