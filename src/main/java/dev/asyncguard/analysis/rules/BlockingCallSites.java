package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Applicability;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.FrameKind;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.fix.Offload;
import dev.asyncguard.analysis.project.ModuleIndex;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Stmt;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What every AG2xx rule ({@link BlockingCallRule}) asks about a call before its own match, answered
 * once per call for all of them: the eight rules see every call of a file one after the other, and
 * in a project analysis every call of every summarized sync function. One per file (a
 * {@link FileFacts#get}); the walk hands the rules one call at a time, so the latest call's
 * answers are all that is kept. The first rule to see a call of a summarized function also records
 * that call into the file's summary, for all of them.
 */
final class BlockingCallSites {
    private static final Set<String> TRANSPARENT_DECORATORS = Set.of("staticmethod", "classmethod",
            "functools.wraps", "typing.override", "typing_extensions.override");

    /** One call's answers; {@code relevant} false when no blocking rule looks at a call in that frame. */
    static final class Site {
        Expr.Call call;
        boolean relevant;
        FrameKind frame;
        /** The sync function the call is directly in (frame FUNCTION), else null. */
        Stmt.FunctionDef function;
        /** The call's sync function matters to coroutines of this file (helper chains within the file). */
        boolean local;
        /** The call's sync function is part of the file's project summary. */
        boolean summarized;
        /**
         * Whether any blocking rule can match the call: it names a module-level function (a
         * qualified name), or it is a method of an object made by a call (a receiver path with
         * {@code ()}, as every blocking receiver type is). Other calls skip every rule's match.
         */
        boolean mayBlock;
        private boolean helperKnown;
        private Stmt.FunctionDef helper;
        private Set<String> projectReturnsAsked;
        private boolean offloadKnown;
        private Fix offload;
        /** The rule-independent answers of {@link BlockingCallRule}'s check, asked by each of the eight rules. */
        private Boolean inLoopThatSuspends;
        private dev.asyncguard.analysis.Confidence sureInContext;
        private boolean calleeKnown;
        private String callee;
        private Boolean projectObject;
        private String arguments;
        private String questionOf;
        private String question;
    }

    private final Site site = new Site();

    /**
     * The calls of coroutines that a blocking rule reported inline through a chain of calls (a
     * helper that blocks), by that rule's code: one call that blocks in several ways gets one
     * comment, from the first rule of the catalogue to report it; the others go LOW. Kept after
     * the walk: the project's decisions come later.
     */
    private final Map<dev.asyncguard.python.ast.SourceRange, String> reportedInline = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Stmt.FunctionDef, Boolean> helperVerdicts = new IdentityHashMap<>();

    /** Whether rule {@code code} is the first to report the call at {@code at} inline (and now it has). */
    boolean firstToReport(dev.asyncguard.python.ast.SourceRange at, String code) {
        return code.equals(reportedInline.computeIfAbsent(at, k -> code));
    }

    static BlockingCallSites of(RuleContext ctx) {
        return ctx.facts().get(BlockingCallSites.class, c -> new BlockingCallSites());
    }

    /** The answers for the call being visited (computed by the first rule that asks). */
    Site at(Expr.Call call, RuleContext ctx) {
        Site s = site;
        if (s.call == call) return s;
        s.call = call;
        s.helperKnown = false;
        s.helper = null;
        s.projectReturnsAsked = null;
        s.offloadKnown = false;
        s.offload = null;
        s.inLoopThatSuspends = null;
        s.sureInContext = null;
        s.calleeKnown = false;
        s.callee = null;
        s.projectObject = null;
        s.arguments = null;
        s.questionOf = null;
        s.question = null;
        s.function = null;
        s.local = false;
        s.summarized = false;
        FrameKind frame = ctx.walk().frame();
        s.frame = frame;
        s.relevant = false;
        if (frame == FrameKind.COROUTINE) {
            s.relevant = !ctx.deferral().summaryOnly() && !typeCheckingOnly(call, ctx);
            if (s.relevant) s.mayBlock = mayBlock(call, ctx);
            return s;
        }
        if (frame != FrameKind.FUNCTION) return s;
        ModuleIndex index = ctx.deferral().project();
        // Helper summaries matter to coroutines of the same file; in a project analysis, the sync
        // functions other files can call (module level, methods) are summarized too.
        Stmt.FunctionDef function = ctx.walk().enclosingFunction();
        s.function = function;
        s.local = ctx.names().hasCoroutines() && !ctx.deferral().summaryOnly();
        s.summarized = index != null && index.summarizes(function);
        s.relevant = s.local || s.summarized;
        if (s.summarized) index.recordCall(function, call, ctx.walk().enclosingClass(), ctx.walk().ancestors());
        if (s.relevant) s.mayBlock = mayBlock(call, ctx);
        return s;
    }

    /**
     * Whether the call is in the body of an {@code if TYPE_CHECKING:} (a coroutine defined there for
     * type checkers only): that code never runs.
     */
    private static boolean typeCheckingOnly(Expr.Call call, RuleContext ctx) {
        java.util.List<dev.asyncguard.python.ast.Node> ancestors = ctx.walk().ancestors();
        for (int i = 0; i < ancestors.size() - 1; i++) {
            if (ancestors.get(i) instanceof Stmt.If test && isTypeChecking(test.test(), ctx)) {
                // Identity: statements are records whose equals would compare whole subtrees.
                for (Stmt st : test.body()) if (st == ancestors.get(i + 1)) return true;
            }
        }
        return false;
    }

    private static boolean isTypeChecking(Expr test, RuleContext ctx) {
        if (!(test instanceof Expr.Name) && !(test instanceof Expr.Attribute)) return false;
        String name = ctx.names().qualifiedName(test);
        return name != null && (name.equals("typing.TYPE_CHECKING") || name.equals("typing_extensions.TYPE_CHECKING")
                || name.equals("TYPE_CHECKING"));
    }

    private static boolean mayBlock(Expr.Call call, RuleContext ctx) {
        if (Calls.qualifiedName(ctx, call) != null) return true;
        String receiver = Calls.receiverPath(ctx, call);
        return receiver != null && receiver.contains("()");
    }

    /**
     * The functions of the project (absolute names) whose return types a blocking rule's match of
     * this call asks about (its callee's and its receiver's value paths): when the project knows
     * none of them, the match is what it was without the project.
     */
    Set<String> projectReturnsAsked(Site s, RuleContext ctx) {
        if (s.projectReturnsAsked == null) {
            ModuleIndex index = ctx.deferral().project();
            Expr receiver = Calls.receiver(s.call);
            Expr[] asked = receiver == null ? new Expr[] {s.call.func()} : new Expr[] {s.call.func(), receiver};
            s.projectReturnsAsked = Set.copyOf(ctx.names().projectReturnsAsked(name -> {
                String absolute = index.absolute(name);
                return index.project().mayBeProjectName(absolute) ? absolute : null;
            }, asked));
        }
        return s.projectReturnsAsked;
    }

    /**
     * {@code await asyncio.to_thread(...)} as an unsafe edit of the call, where one can be made: the
     * fix for a call that blocks through a helper, the same whichever rule reports it.
     */
    Fix unsafeOffload(Site s, RuleContext ctx) {
        if (!s.offloadKnown) {
            s.offload = Offload.toThread(ctx, s.call, Applicability.UNSAFE);
            s.offloadKnown = true;
        }
        return s.offload;
    }

    /**
     * Whether the call is in a loop of its function whose body also suspends (other work runs
     * meanwhile): asked once a call; each loop's answer kept for the file.
     */
    boolean inLoopThatSuspends(Site s, RuleContext ctx) {
        if (s.inLoopThatSuspends == null) {
            boolean found = false;
            java.util.List<dev.asyncguard.python.ast.Node> up = ctx.walk().ancestors();
            for (int i = up.size() - 1; i >= 0; i--) {
                dev.asyncguard.python.ast.Node a = up.get(i);
                if (a instanceof Stmt.FunctionDef || a instanceof Stmt.ClassDef) break;
                if ((a instanceof Stmt.For || a instanceof Stmt.While)
                        && loopSuspends.computeIfAbsent(a, loop -> FrameNodes.suspends(java.util.List.of(loop)))) {
                    found = true;
                    break;
                }
            }
            s.inLoopThatSuspends = found;
        }
        return s.inLoopThatSuspends;
    }

    private final Map<dev.asyncguard.python.ast.Node, Boolean> loopSuspends = new IdentityHashMap<>();

    /**
     * The names that {@code coroutine}'s own frame passes alone to {@code inspect.isawaitable()} (or
     * {@code inspect.iscoroutine}, {@code asyncio.iscoroutine}): its frame scanned once for every call
     * of it and every blocking rule.
     */
    Set<String> awaitabilityTested(Stmt.FunctionDef coroutine, RuleContext ctx) {
        if (fileTestsAwaitability == null) {
            // Most files test nothing: their text never names the tests (an import or an alias would), or one loop
            // over the file's preorder finds no test; either answers for all of its coroutines.
            String text = ctx.source().text();
            boolean[] found = {false};
            if (text.contains("isawaitable") || text.contains("iscoroutine")) {
                FrameNodes.wholeFile(ctx, n -> {
                    if (!found[0] && isAwaitabilityTest(n, ctx)) found[0] = true;
                });
            }
            fileTestsAwaitability = found[0];
        }
        if (!fileTestsAwaitability) return Set.of();
        return awaitabilityTested.computeIfAbsent(coroutine, def -> {
            Set<String> names = new java.util.HashSet<>();
            FrameNodes.walk(def.body(), n -> {
                if (isAwaitabilityTest(n, ctx)) names.add(((Expr.Name) ((Expr.Call) n).args().get(0)).id());
            });
            return names.isEmpty() ? Set.of() : names;
        });
    }

    private static boolean isAwaitabilityTest(dev.asyncguard.python.ast.Node n, RuleContext ctx) {
        return n instanceof Expr.Call c && c.args().size() == 1 && c.args().get(0) instanceof Expr.Name
                && (c.func() instanceof Expr.Name || c.func() instanceof Expr.Attribute)
                && AWAITABLE_TESTS.contains(String.valueOf(ctx.names().qualifiedName(c.func())));
    }

    private Boolean fileTestsAwaitability;
    private final Map<Stmt.FunctionDef, Set<String>> awaitabilityTested = new IdentityHashMap<>();

    /** {@link PrivateLoopCoroutines#startsConcurrentWork} of a coroutine, asked once for all its calls and rules. */
    boolean startsConcurrentWork(Stmt.FunctionDef coroutine) {
        return startsConcurrentWork.computeIfAbsent(coroutine, PrivateLoopCoroutines::startsConcurrentWork);
    }

    private final Map<Stmt.FunctionDef, Boolean> startsConcurrentWork = new IdentityHashMap<>();
    private static final Set<String> AWAITABLE_TESTS = Set.of("inspect.isawaitable", "inspect.iscoroutine",
            "asyncio.iscoroutine");

    /** {@link BlockingCallRule#confidence} of the call, starting from {@code of}: the context's part asked once a call. */
    dev.asyncguard.analysis.Confidence confidence(Site s, dev.asyncguard.analysis.Confidence of, RuleContext ctx) {
        if (of == dev.asyncguard.analysis.Confidence.LOW) return of;
        if (s.sureInContext == null) s.sureInContext = BlockingCallRule.confidence(of, s.call, ctx);
        return s.sureInContext;
    }

    /** {@code ctx.deferral().calleePath(call.func())}, asked once a call. */
    String calleePath(Site s, RuleContext ctx) {
        if (!s.calleeKnown) {
            s.callee = ctx.deferral().calleePath(s.call.func());
            s.calleeKnown = true;
        }
        return s.callee;
    }

    /** What the call passes ({@code ModuleIndex#argumentsOf}), asked once a call. */
    String argumentsOf(Site s, RuleContext ctx) {
        if (s.arguments == null) s.arguments = ctx.deferral().project().argumentsOf(s.call);
        return s.arguments;
    }

    /** The question the call's project-wide decision is shared by: its callee's path and what it passes, made once a call. */
    String projectQuestion(Site s, String callee, RuleContext ctx) {
        if (s.question == null || !callee.equals(s.questionOf)) {
            s.question = callee + "(" + argumentsOf(s, ctx);
            s.questionOf = callee;
        }
        return s.question;
    }

    /**
     * Whether the call's receiver is made by a function of the project, names an object of it or a member a
     * class of another file may set, asked once a call (in a project analysis).
     */
    boolean onProjectObject(Site s, RuleContext ctx) {
        if (s.projectObject == null) {
            Expr receiver = Calls.receiver(s.call);
            s.projectObject = madeByProjectFunction(receiver, ctx) || namesProjectObject(receiver, ctx)
                    || ctx.deferral().project().inheritedMember(receiver) != null;
        }
        return s.projectObject;
    }

    /** {@code get_redis()} or a name bound to it, where {@code get_redis} is a function of the project. */
    private static boolean madeByProjectFunction(Expr receiver, RuleContext ctx) {
        Expr made = receiver;
        if (receiver instanceof Expr.Name n && ctx.names().binding(n) instanceof dev.asyncguard.analysis.names.Binding b) {
            made = b.value();
        }
        return made instanceof Expr.Call c && ctx.deferral().calleePath(c.func()) != null;
    }

    /**
     * {@code client} (imported) or {@code h.client} (a module imported as {@code h}): a name of another
     * file of the project, which may be a module-level object there ({@code client = httpx.Client()}).
     */
    private static boolean namesProjectObject(Expr receiver, RuleContext ctx) {
        if (!(receiver instanceof Expr.Name) && !(receiver instanceof Expr.Attribute)) return false;
        String path = ctx.deferral().project().absolute(ctx.names().valuePath(receiver));
        return path != null && path.indexOf('(') < 0 && ctx.deferral().project().project().mayBeProjectName(path)
                && !ctx.deferral().project().project().isModule(path);
    }


    /** The sync function of this file that the call runs right away: not async, not a generator, no wrapping decorator. */
    Stmt.FunctionDef plainHelper(Site s, RuleContext ctx) {
        if (!s.helperKnown) {
            s.helper = findPlainHelper(s.call, ctx);
            s.helperKnown = true;
        }
        return s.helper;
    }

    private Stmt.FunctionDef findPlainHelper(Expr.Call call, RuleContext ctx) {
        if (!(call.func() instanceof Expr.Name) && !(call.func() instanceof Expr.Attribute a
                && a.value() instanceof Expr.Name)) {
            return null;
        }
        if (!(ctx.names().definition(call.func()) instanceof Stmt.FunctionDef def) || def.isAsync()) return null;
        return helperVerdicts.computeIfAbsent(def, d -> isPlainHelper(d, ctx)) ? def : null;
    }

    private static boolean isPlainHelper(Stmt.FunctionDef def, RuleContext ctx) {
        for (Expr decorator : def.decorators()) {
            Expr target = decorator instanceof Expr.Call c ? c.func() : decorator;
            String name = ctx.names().qualifiedName(target);
            if (name == null || !TRANSPARENT_DECORATORS.contains(name.replace("builtins.", ""))) return false;
        }
        return !AsyncGenerators.yields(def);
    }
}
