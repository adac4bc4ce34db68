package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Applicability;
import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.FrameKind;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.analysis.project.ModuleIndex;
import dev.asyncguard.analysis.project.ArgumentShapes;
import dev.asyncguard.analysis.project.BlockingChain;
import dev.asyncguard.analysis.project.ProjectSummaries;
import dev.asyncguard.analysis.fix.Offload;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.SourceRange;
import dev.asyncguard.python.ast.Stmt;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape shared by the AG2xx rules: a call, lexically in a coroutine, that blocks the thread
 * the event loop runs on. A subclass says which calls block ({@link #match}); the fix is the
 * rule's own where it has one, else {@code await asyncio.to_thread(...)} where that is a safe
 * edit, else the rule's example.
 *
 * <p>Offloaded work is not in a coroutine by construction: {@code asyncio.to_thread(time.sleep, 1)}
 * passes a reference, and the bodies of lambdas and nested defs are frames of their own.
 *
 * <p>Beyond one function: a call in a coroutine of a plain (undecorated, non-generator) sync
 * function of this file (cached helpers, {@code @lru_cache}, block once and are left out) that blocks, directly or through further such helpers, is reported at
 * that call with the chain down to the blocking line.
 */
public abstract class BlockingCallRule implements Rule {
    private static final int MAX_CHAIN = 6;
    /**
     * The longest chain of functions (the one called, down to the one that blocks) that is HIGH.
     * Each further call is a branch the arguments given may skip (a passphrase of None, a flag
     * that is off), which the chain does not see: a longer chain is weak evidence, LOW.
     */
    private static final int MAX_SURE_CHAIN = 4;

    /**
     * What blocks: a short description for the message (e.g. {@code time.sleep()}), how safe
     * offloading it is, how sure the rule is that it costs enough to matter, and whether it
     * {@code returnsSoon}: it does block, but as a rule only briefly (a process started without
     * waiting for it, a query on a local-file database). Called by a coroutine itself it is
     * reported as sure as {@code confidence} says; at the end of a chain of calls through a
     * method of an instance (whose type an annotation or a constructor gave) it is weak evidence:
     * LOW (see {@link BlockingChain#weak()}).
     */
    public record Blocking(String what, Applicability offload, Confidence confidence, boolean returnsSoon, String kind) {
        public Blocking(String what, Applicability offload, Confidence confidence, boolean returnsSoon) {
            this(what, offload, confidence, returnsSoon, null);
        }

        public Blocking(String what, Applicability offload, Confidence confidence) {
            this(what, offload, confidence, false);
        }

        public Blocking(String what, Applicability offload) {
            this(what, offload, Confidence.HIGH);
        }

        /** A call that blocks only briefly as a rule, though it is worth a comment where a coroutine makes it itself. */
        public static Blocking returnsSoon(String what, Applicability offload) {
            return new Blocking(what, offload, Confidence.HIGH, true);
        }

        /** Whether this is stronger evidence than {@code other}: sure, and not a call that returns soon. */
        boolean strongerThan(Blocking other) {
            return rank() > other.rank();
        }

        private int rank() {
            return confidence == Confidence.LOW ? 0 : returnsSoon ? 1 : 2;
        }

        public static Blocking of(String what) {
            return new Blocking(what, Applicability.SAFE);
        }

        /** A call that blocks only briefly as a rule (a stat, an exists): LOW, worth a look, not a comment. */
        public static Blocking brief(String what) {
            return new Blocking(what, Applicability.SAFE, Confidence.LOW);
        }

        /** The same, of a kind the rule words its message and fix for (see {@link BlockingCallRule#consequence(Blocking)}). */
        public Blocking ofKind(String kind) {
            return new Blocking(what, offload, confidence, returnsSoon, kind);
        }
    }

    /** The first blocking call directly in a sync function. */
    private record Direct(Blocking blocking, int line, String needs) {}

    /** A call in a coroutine of a helper of this file, decided once all helpers are known. */
    private record HelperCall(Expr.Call call, Stmt.FunctionDef helper, Fix fix, Confidence context, RunAlone alone) {}

    private final Map<Stmt.FunctionDef, Direct> direct = new IdentityHashMap<>();
    private final Map<Stmt.FunctionDef, List<Stmt.FunctionDef>> helpersCalled = new IdentityHashMap<>();
    /** Per function, per helper it calls, what its calls pass ({@link ArgumentShapes#shapeOf}, merged). */
    private final Map<Stmt.FunctionDef, Map<Stmt.FunctionDef, String>> helperArguments = new IdentityHashMap<>();
    private final List<HelperCall> helperCalls = new ArrayList<>();

    @Override
    public final boolean summarizesFunctions() {
        return true;
    }

    @Override
    public final void subscribe(Subscriptions on) {
        on.on(Expr.Call.class, this::check);
        on.onFileEnd(this::reportHelperCalls);
    }

    private void check(Expr.Call call, RuleContext ctx) {
        if (sites == null) sites = BlockingCallSites.of(ctx);
        BlockingCallSites.Site site = sites.at(call, ctx);
        if (!site.relevant) return;
        Blocking blocking = site.mayBlock ? match(call, ctx) : null;
        if (blocking != null && Calls.receiver(call) instanceof Expr.Call inner && match(inner, ctx) != null) {
            // conn.execute(q).fetchall(): one finding, at the innermost blocking call of the chain.
            return;
        }
        if (site.frame == FrameKind.FUNCTION) {
            Stmt.FunctionDef function = site.function;
            if (blocking != null) {
                if (blocking.confidence() == Confidence.HIGH && SourceRemarks.blockingMeantIn(ctx, function, call)) {
                    // Its author says the function blocks on purpose: weak evidence for a chain ending here.
                    blocking = new Blocking(blocking.what(), blocking.offload(), Confidence.LOW, blocking.returnsSoon(),
                            blocking.kind());
                }
                // The line runs only when this parameter is not None (a call passing None cannot reach it).
                String needs = ArgumentShapes.guardedParameter(function, withNode(ctx.walk().ancestors(), call));
                // The strongest evidence in the function stands for it: a stat before an open() is not what it does.
                if (site.local) direct.merge(function, new Direct(blocking, call.range().startLine(), needs),
                        (known, later) -> later.blocking().strongerThan(known.blocking()) ? later : known);
                if (site.summarized) {
                    ctx.deferral().project().recordBlocking(code(), function, blocking.what(), call.range().startLine(),
                            blocking.confidence(), blocking.returnsSoon(), underParameterTest(function, call, ctx), needs);
                }
            } else if (site.local) {
                Stmt.FunctionDef helper = sites.plainHelper(site, ctx);
                if (helper != null) {
                    helpersCalled.computeIfAbsent(function, k -> new ArrayList<>()).add(helper);
                    helperArguments.computeIfAbsent(function, k -> new IdentityHashMap<>())
                            .merge(helper, ArgumentShapes.guarded(ArgumentShapes.shapeOf(call, ArgumentShapes.parameterNames(function), function),
                                    ArgumentShapes.guardedParameter(function, withNode(ctx.walk().ancestors(), call))),
                                    ArgumentShapes::merge);
                }
            }
            return;
        }
        // Code of a program that runs one coroutine alone on its loop, where the call is not repeated by a
        // loop that also suspends (that would let other work in): a blocking call stalls nothing else, as in
        // a script, where these rules are off. A command of a CLI framework is known here; a method run by
        // asyncio.run(self.method()) in a plain method of its class or a base is known at the project's end
        // (in a loop that suspends, such a method's call is LOW: what else may run there is not known).
        Stmt.FunctionDef coroutine = ctx.walk().enclosingFunction();
        boolean once = !sites.inLoopThatSuspends(site, ctx);
        if (once && ctx.facts().get(CommandCoroutines.class, CommandCoroutines::of).runsAlone(coroutine)) return;
        RunAlone alone = RunAlone.of(ctx, coroutine, once);
        if (blocking != null) {
            // A brief call (a stat) in a loop that yields to the loop on purpose (await sleep(0)): weighed by its author.
            if (blocking.confidence() == Confidence.LOW && inLoopThatYields(ctx)) return;
            Fix fix = specificFix(call, ctx);
            if (fix == null) fix = Offload.toThread(ctx, call, blocking.offload());
            if (fix == null) fix = displayFix(blocking);
            String message = blocking.what() + " " + consequence(blocking);
            Confidence confidence = sites.confidence(site, lower(blocking.confidence(), baseConfidence(call, ctx)), ctx);
            if (alone == null) ctx.reporter().report(call, message, fix, confidence);
            else ctx.deferral().report(call, project -> RunAlone.decide(alone, project, () -> message), fix, confidence);
            return;
        }
        // A hook that may be sync or async, awaited when its result is awaitable: what blocks is its default.
        if (awaitedIfAwaitable(call, coroutine, ctx)) return;
        ModuleIndex index = ctx.deferral().project();
        Stmt.FunctionDef helper = sites.plainHelper(site, ctx);
        if (helper != null) {
            helperCalls.add(new HelperCall(call, helper, helperFix(site, ctx),
                    sites.confidence(site, baseConfidence(call, ctx), ctx), alone));
        } else if (index != null && sites.onProjectObject(site, ctx)) {
            reportIfProjectTypeBlocks(ctx, call, site, alone);
        } else if (sites.calleePath(site, ctx) instanceof String callee) {
            reportIfProjectBlocks(ctx, call, site, callee, helperFix(site, ctx), sites.confidence(site, baseConfidence(call, ctx), ctx), alone);
        }
    }

    /**
     * A coroutine method ({@code method} of class {@code cls}, project-wide names) that starts no
     * concurrent work of its own, and may be run alone: decided at the project's end
     * ({@link ProjectSummaries#runsAlone}). {@code once}: the call is not repeated by a loop of the
     * method that suspends.
     */
    private record RunAlone(String cls, String method, boolean once) {
        static RunAlone of(RuleContext ctx, Stmt.FunctionDef coroutine, boolean once) {
            ModuleIndex index = ctx.deferral().project();
            Stmt.ClassDef owner = ctx.walk().enclosingClass();
            if (index == null || coroutine == null || !coroutine.isAsync() || owner == null || owner.bases().isEmpty()
                    || !FrameNodes.containsSame(owner.body(), coroutine) || BlockingCallSites.of(ctx).startsConcurrentWork(coroutine)) {
                return null;
            }
            String qn = index.qualifiedName(coroutine);
            return qn == null || qn.lastIndexOf('.') < 0 ? null
                    : new RunAlone(qn.substring(0, qn.lastIndexOf('.')), coroutine.name(), once);
        }

        /**
         * The decided {@code message} of a call in this method: where the method runs alone, no
         * finding for a call made once, and LOW for one in a loop that suspends (the loop lets in only
         * what the method's own awaits start: a polling loop's sleeps, as a rule; a library's
         * background work, at times). Elsewhere the message as it is.
         */
        static String decide(RunAlone alone, ProjectSummaries project, java.util.function.Supplier<String> message) {
            if (alone == null || !project.runsAlone(alone.cls(), alone.method())) return message.get();
            if (alone.once()) return null;
            String decided = message.get();
            if (decided != null) project.decidedLessSure();
            return decided;
        }
    }

    /**
     * Whether the visited call is in a loop of its function whose body yields to the event loop on
     * purpose, {@code await asyncio.sleep(0)} (every turn, or every few: {@code if i % 10 == 0:}):
     * its author weighed what each turn costs.
     */
    private static boolean inLoopThatYields(RuleContext ctx) {
        List<dev.asyncguard.python.ast.Node> up = ctx.walk().ancestors();
        for (int i = up.size() - 1; i >= 0; i--) {
            dev.asyncguard.python.ast.Node a = up.get(i);
            if (a instanceof Stmt.FunctionDef || a instanceof Stmt.ClassDef) return false;
            List<Stmt> body = a instanceof Stmt.For f ? f.body() : a instanceof Stmt.While w ? w.body() : null;
            if (body != null && FrameNodes.any(body, n -> n instanceof Expr.Await aw && aw.value() instanceof Expr.Call c
                    && ("sleep".equals(Calls.method(c)) || c.func() instanceof Expr.Name nm && nm.id().equals("sleep"))
                    && c.args().size() == 1 && Calls.isZero(c.args().get(0)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code result = self._server.open(path)} followed in the coroutine by
     * {@code if inspect.isawaitable(result): result = await result}: a hook that a program may
     * make sync or async (asyncssh's SFTP server, plugin interfaces); a blocking chain through it
     * is its default implementation's, synchronous by design.
     */
    private static boolean awaitedIfAwaitable(Expr.Call call, Stmt.FunctionDef coroutine, RuleContext ctx) {
        if (coroutine == null || !(ctx.walk().parent() instanceof Stmt.Assign assign) || assign.value() != call
                || assign.targets().size() != 1 || !(assign.targets().get(0) instanceof Expr.Name target)) {
            return false;
        }
        return BlockingCallSites.of(ctx).awaitabilityTested(coroutine, ctx).contains(target.id());
    }

    /** This file's answers shared by the blocking rules, per call. */
    private BlockingCallSites sites;

    /** The rule's code, read once an instance (a file): asked at every call that may block. */
    private final String code = CODES.get(getClass());

    private String code() {
        return code;
    }

    private static final ClassValue<String> CODES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return type.getAnnotation(RuleInfo.class).code();
        }
    };

    /**
     * {@code get_redis().get(k)} with {@code get_redis} in another file: once every file is
     * summarized, the call is matched again with the return types of the project's functions,
     * where the project knows the return type of a function that the match asks about (otherwise
     * the answer is the one given here). That match looks at the file again, rebuilt from its text
     * ({@link ProjectDeferral#afterWalk()}): what waits until the end holds strings, not the file's tree.
     */
    private void reportIfProjectTypeBlocks(RuleContext ctx, Expr.Call call, BlockingCallSites.Site site, RunAlone alone) {
        Fix fix = specificFix(call, ctx);
        if (fix == null) fix = helperFix(site, ctx);
        String consequence = consequence();
        String code = code();
        String callee = sites.calleePath(site, ctx);
        java.util.Set<String> asked = sites.projectReturnsAsked(site, ctx);
        String arguments = ctx.deferral().project().argumentsOf(call);
        SourceRange at = call.range();
        java.util.function.Supplier<RuleContext> afterWalk = ctx.deferral().afterWalk();
        BlockingCallSites reported = sites;
        Confidence confidence = sites.confidence(site, baseConfidence(call, ctx), ctx);
        ctx.deferral().report(call, project -> RunAlone.decide(alone, project, () -> {
            // A method of a class of the project (get_store().save()) may block through its own chain.
            String chain = callee == null ? null
                    : sureOf(project, project.blockingChain(code, callee, arguments), reported, at, code, confidence);
            if (chain != null) return chain + "; " + consequence;
            if (asked.stream().noneMatch(name -> project.returnedType(name) != null || project.moduleValue(name) != null)) {
                return null;
            }
            RuleContext again = afterWalk.get();
            if (again == null) return null;   // the file changed on disk since its walk (the check says so)
            Expr.Call same = callAt(again, at);
            if (same == null) return null;
            again.names().useProjectTypes(again.deferral().project().returnTypes, again.deferral().project().valueTypes);
            Blocking blocking = match(same, again);
            if (blocking == null) return null;
            // As sure as the same call on an object of this file: a brief call (a stat) stays LOW. (The
            // call's context, weighed where it was visited, is in the deferred finding's confidence.)
            if (blocking.confidence() == Confidence.LOW) project.decidedLessSure();
            return blocking.what() + " " + consequence(blocking);
        }), fix, confidence);
    }

    /**
     * The call at {@code range} in a context's tree. A rebuilt file is asked about many of its
     * calls, one decision after another: its calls are indexed by range once, on the first.
     */
    private static Expr.Call callAt(RuleContext ctx, SourceRange range) {
        return ctx.facts().get(CallsByRange.class, CallsByRange::of).calls().get(range);
    }

    /** A file's calls by their range (the first call, should two share one). */
    private record CallsByRange(Map<SourceRange, Expr.Call> calls) {
        static CallsByRange of(RuleContext ctx) {
            var tree = ctx.walk().tree();
            Map<SourceRange, Expr.Call> calls = new java.util.HashMap<>();
            for (int i = 0, size = tree.size(); i < size; i++) {
                if (tree.node(i) instanceof Expr.Call c) calls.putIfAbsent(c.range(), c);
            }
            return new CallsByRange(calls);
        }
    }

    private Fix helperFix(BlockingCallSites.Site site, RuleContext ctx) {
        Fix fix = sites.unsafeOffload(site, ctx);
        return fix != null ? fix : displayFix();
    }

    /**
     * {@code confidence}: weighed where the call was visited (its function, the branch around it, the
     * comment above), not at the file's end, where a helper call found earlier is decided.
     */
    private void reportIfProjectBlocks(RuleContext ctx, Expr.Call call, BlockingCallSites.Site site, String callee, Fix fix, Confidence confidence,
                                       RunAlone alone) {
        String code = code();
        String consequence = consequence();
        BlockingCallSites reported = sites;
        SourceRange at = call.range();
        // What the call passes decides too: None where the chain's line needs a value cuts it.
        // The visited call's answers are shared by the eight rules (site); a helper's call decided at the file's end has none.
        String arguments = site != null ? sites.argumentsOf(site, ctx) : ctx.deferral().project().argumentsOf(call);
        java.util.function.Function<ProjectSummaries, String> decide = project -> {
            String chain = sureOf(project, project.blockingChain(code, callee, arguments), reported, at, code, confidence);
            return chain == null ? null : chain + "; " + consequence;
        };
        // A call in a method that may run alone decides alone: a decision shared by the callee would not ask.
        if (alone == null) ctx.deferral().report(call, site != null ? sites.projectQuestion(site, callee, ctx) : callee + "(" + arguments,
                decide, fix, confidence);
        else ctx.deferral().report(call, project -> RunAlone.decide(alone, project, () -> decide.apply(project)), fix, confidence);
    }

    /**
     * The chain's text, having told the project's decision that it is less sure when the chain is
     * long (see {@link #MAX_SURE_CHAIN}), or when another blocking rule reported the same call inline
     * already ({@link BlockingCallSites#firstToReport}); null for no chain, or for a weak one
     * ({@link BlockingChain#weak()}: not reported).
     */
    private static String sureOf(ProjectSummaries project, BlockingChain chain,
                                 BlockingCallSites reported, SourceRange at, String code, Confidence confidence) {
        if (chain == null || chain.weak()) return null;
        if (chain.functions() > MAX_SURE_CHAIN) {
            project.decidedLessSure();
        } else if (confidence == Confidence.HIGH && !reported.firstToReport(at, code)) {
            project.decidedLessSure();
        }
        return chain.text();
    }

    private void reportHelperCalls(RuleContext ctx) {
        for (HelperCall hc : helperCalls) {
            Reach end = reach(hc.helper(), new ArrayList<>());
            if (end != null && ArgumentShapes.through(ArgumentShapes.shapeOf(hc.call(), java.util.Set.of()),
                    ArgumentShapes.parameters(hc.helper()), end.needs()) == ArgumentShapes.CUT) {
                continue; // passes None where the line needs a value: the chain does not reach it
            }
            if (end != null) {
                // A weak chain (as BlockingChain#weak: a brief end, one its author means, a log write) is not reported.
                if (end.weak()) continue;
                Confidence confidence = end.functions() > MAX_SURE_CHAIN ? Confidence.LOW : hc.context();
                if (confidence == Confidence.HIGH && !sites.firstToReport(hc.call().range(), code())) confidence = Confidence.LOW;
                String message = end.text() + " " + consequence();
                RunAlone alone = hc.alone();
                if (alone == null) ctx.reporter().report(hc.call(), message, hc.fix(), confidence);
                else ctx.deferral().report(hc.call(), project -> RunAlone.decide(alone, project, () -> message), hc.fix(), confidence);
            } else if (ctx.deferral().project() != null && ctx.deferral().project().qualifiedName(hc.helper()) instanceof String callee) {
                // Blocks, if at all, through functions of other files.
                reportIfProjectBlocks(ctx, hc.call(), null, callee, hc.fix(), hc.context(), hc.alone());
            }
        }
        // A decision deferred to the project's end may hold this rule (for match): not the file's tree.
        direct.clear();
        helpersCalled.clear();
        helperArguments.clear();
        helperCalls.clear();
        sites = null;
    }

    /**
     * Whether the call runs only for some arguments of its function: it sits under an {@code if}
     * (or a conditional expression) whose test reads one of the function's parameters
     * ({@code if host == "localhost":}, {@code if not asynchronous:}), other than {@code self}/{@code cls}.
     */
    private static boolean underParameterTest(Stmt.FunctionDef function, Expr.Call call, RuleContext ctx) {
        Set<String> parameters = new java.util.HashSet<>();
        var a = function.args();
        for (List<dev.asyncguard.python.ast.Arg> group : List.of(a.posonlyargs(), a.args(), a.kwonlyargs())) {
            for (var arg : group) parameters.add(arg.name());
        }
        parameters.remove("self");
        parameters.remove("cls");
        if (parameters.isEmpty()) return false;
        for (dev.asyncguard.python.ast.Node n : ctx.walk().ancestors()) {
            if (n.range().startLine() <= function.range().startLine()) continue; // outside the function's body
            Expr test = n instanceof Stmt.If i ? i.test() : n instanceof Expr.IfExp e ? e.test() : null;
            if (test == null || contains(test.range(), call.range())) continue; // the call is the test, not guarded by it
            if (FrameNodes.any(List.of(test), t -> t instanceof Expr.Name name && parameters.contains(name.id()))) {
                return true;
            }
        }
        return false;
    }

    /** The walk's ancestors with the node being visited at the end. */
    private static List<dev.asyncguard.python.ast.Node> withNode(List<dev.asyncguard.python.ast.Node> ancestors,
                                                                  dev.asyncguard.python.ast.Node node) {
        List<dev.asyncguard.python.ast.Node> out = new ArrayList<>(ancestors.size() + 1);
        out.addAll(ancestors);
        out.add(node);
        return out;
    }

    private static boolean contains(SourceRange outer, SourceRange inner) {
        boolean startsInside = outer.startLine() < inner.startLine()
                || outer.startLine() == inner.startLine() && outer.startColumn() <= inner.startColumn();
        boolean endsInside = inner.endLine() < outer.endLine()
                || inner.endLine() == outer.endLine() && inner.endColumn() <= outer.endColumn();
        return startsInside && endsInside;
    }

    private static Confidence lower(Confidence a, Confidence b) {
        return a == Confidence.LOW || b == Confidence.LOW ? Confidence.LOW : Confidence.HIGH;
    }

    /**
     * How sure this rule is of a blocking call at {@code call} before the context is weighed (HIGH
     * unless a rule knows its calls are often cheap where they stand).
     */
    protected Confidence baseConfidence(Expr.Call call, RuleContext ctx) {
        return Confidence.HIGH;
    }

    /**
     * A chain of this file's helpers down to a blocking call: its text ({@code helper() → other() →
     * time.sleep() (line 12)}), the blocking call, how many functions lead to it (1: the helper blocks
     * itself), and whether one of them is named for logging ({@link BlockingChain#namesLogging}).
     */
    private record Reach(String text, Direct end, int functions, boolean throughLogging, String needs) {
        /** Weak evidence, as {@link BlockingChain#weak()} says for chains across files: not reported. */
        boolean weak() {
            return end.blocking().confidence() == Confidence.LOW || throughLogging;
        }
    }

    /**
     * The chain from the helper down to a blocking call, or null when the helper does not block: the
     * first one that is not weak, else the first weak one.
     */
    private Reach reach(Stmt.FunctionDef function, List<Stmt.FunctionDef> path) {
        if (path.stream().anyMatch(f -> f == function) || path.size() >= MAX_CHAIN) return null;
        path.add(function);
        try {
            Direct d = direct.get(function);
            boolean logs = BlockingChain.namesLogging(function.name());
            if (d != null) {
                return new Reach(function.name() + "() → " + d.blocking().what() + " (line " + d.line() + ")", d, 1, logs,
                        d.needs());
            }
            Reach found = null, sure = null;
            Map<Stmt.FunctionDef, String> passed = helperArguments.getOrDefault(function, Map.of());
            for (Stmt.FunctionDef next : helpersCalled.getOrDefault(function, List.of())) {
                Reach rest = reach(next, path);
                if (rest == null) continue;
                // A call that passes None where the line needs a value does not reach it.
                String needs = ArgumentShapes.through(passed.get(next), ArgumentShapes.parameters(next), rest.needs());
                if (needs == ArgumentShapes.CUT) continue;
                Reach through = new Reach(function.name() + "() → " + rest.text(), rest.end(), rest.functions() + 1,
                        rest.throughLogging() || logs, needs);
                if (found == null) found = through;
                if (!through.weak() && needs == null) return through;
                if (!through.weak() && sure == null) sure = through;
            }
            return sure != null ? sure : found;
        } finally {
            path.remove(path.size() - 1);
        }
    }

    /**
     * The confidence of a blocking call at {@code call}: LOW when the call is brief, or where the
     * code says blocking is meant or costs once: a coroutine that starts the program up (its name:
     * main, start, setup, init, startup, lifespan), a branch that fills a cache once
     * ({@code if self._config is None: self._config = load()}), a handler of the task's
     * cancellation or of an interrupt (the program is shutting down), a comment just above that
     * explains it, or a coroutine that a thread runs alone on a loop of its own ({@link PrivateLoopCoroutines}).
     */
    static Confidence confidence(Confidence of, Expr.Call call, RuleContext ctx) {
        if (of == Confidence.LOW) return Confidence.LOW;
        Stmt.FunctionDef def = ctx.walk().enclosingFunction();
        if (def != null && startsUp(def.name())) return Confidence.LOW;
        if (shutsDown(ctx)) return Confidence.LOW;
        if (ctx.facts().get(PrivateLoopCoroutines.class, PrivateLoopCoroutines::of).runsAlone(def)) return Confidence.LOW;
        if (fillsCacheOnce(ctx)) return Confidence.LOW;
        if (SourceRemarks.explainedAbove(ctx, call)) return Confidence.LOW;
        return Confidence.HIGH;
    }

    /** In a handler, in this function, of {@code CancelledError}, {@code KeyboardInterrupt} or {@code SystemExit}. */
    private static boolean shutsDown(RuleContext ctx) {
        java.util.List<dev.asyncguard.python.ast.Node> up = ctx.walk().ancestors();
        for (int i = up.size() - 1; i >= 0; i--) {
            dev.asyncguard.python.ast.Node a = up.get(i);
            if (a instanceof Stmt.FunctionDef || a instanceof Stmt.ClassDef) return false;
            if (a instanceof dev.asyncguard.python.ast.ExceptHandler h && h.type() != null
                    && FrameNodes.any(h.type(), n -> n instanceof Expr.Name nm && SHUTDOWN.contains(nm.id())
                        || n instanceof Expr.Attribute at && SHUTDOWN.contains(at.attr()))) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.Set<String> SHUTDOWN = java.util.Set.of("CancelledError", "KeyboardInterrupt", "SystemExit");

    private static boolean startsUp(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        while (n.startsWith("_")) n = n.substring(1);
        return n.equals("main") || n.startsWith("start") || n.startsWith("setup") || n.startsWith("init")
                || n.contains("startup") || n.equals("lifespan") || n.startsWith("bootstrap");
    }

    /** Inside {@code if X is None:} / {@code if not X:} whose body assigns X: runs once, then the cache serves. */
    private static boolean fillsCacheOnce(RuleContext ctx) {
        for (dev.asyncguard.python.ast.Node a : ctx.walk().ancestors()) {
            if (!(a instanceof Stmt.If i)) continue;
            Expr tested = i.test() instanceof Expr.UnaryOp u && "not".equals(u.op()) ? u.operand()
                    : i.test() instanceof Expr.Compare c && c.comparators().size() == 1
                      && c.comparators().get(0) instanceof Expr.Constant k && k.kind() == Expr.ConstantKind.NONE
                      && "is".equals(c.ops().get(0)) ? c.left() : null;
            if (tested == null || !(tested instanceof Expr.Name || tested instanceof Expr.Attribute)) continue;
            String text = ctx.source().slice(tested.range());
            boolean assigns = FrameNodes.any(i.body(), n -> n instanceof Stmt.Assign as && as.targets().stream()
                    .anyMatch(t -> ctx.source().slice(t.range()).equals(text)));
            if (assigns) return true;
        }
        return false;
    }

    /**
     * Whether this call blocks, as this rule defines it; null when it does not (or when unsure).
     * Asked only about calls that name a module-level function ({@link Calls#qualifiedName}) or
     * call a method of an object made by a call (a {@link Calls#receiverPath} with {@code ()}):
     * what blocks is one of those.
     */
    protected abstract Blocking match(Expr.Call call, RuleContext ctx);

    /** The rest of the message after what blocks, e.g. "blocks the event loop; use await asyncio.sleep()". */
    protected abstract String consequence();

    /** The example shown when no edit can be offered. */
    protected abstract Fix displayFix();

    /**
     * The consequence for one call the rule matched itself; by default {@link #consequence()}. A rule
     * words it for the call's {@link Blocking#kind()} (the driver whose async counterpart to name).
     * A chain of the project's functions ends in the general one.
     */
    protected String consequence(Blocking blocking) {
        return consequence();
    }

    /** The example for one call the rule matched itself; by default {@link #displayFix()}. */
    protected Fix displayFix(Blocking blocking) {
        return displayFix();
    }

    /** The match for rules that are a list of blocking functions: the callee's qualified name is one of {@code functions}. */
    protected static Blocking calledFunction(RuleContext ctx, Expr.Call call, Set<String> functions) {
        String name = Calls.qualifiedName(ctx, call);
        return name != null && functions.contains(name) ? Blocking.of(name + "()") : null;
    }

    /** A rule-specific edit (AG201's asyncio.sleep); null to fall back to to_thread. */
    protected Fix specificFix(Expr.Call call, RuleContext ctx) {
        return null;
    }
}
