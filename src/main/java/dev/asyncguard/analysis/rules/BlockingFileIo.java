package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.names.KnownTypes;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.Node;
import dev.asyncguard.python.ast.Stmt;

import java.util.List;
import java.util.Set;

/**
 * AG204: file I/O in a coroutine: the builtin {@code open} (not a shadowing one), {@code io.open},
 * {@code os.fdopen}, pathlib I/O methods on values known to be paths, methods of sync file objects, the {@code os.path} functions that touch the disk, and the
 * {@code os}/{@code shutil}/{@code glob} functions that list or change the file system where a
 * suspending loop repeats them.
 */
@RuleInfo(code = "AG204", name = "blocking-file-io", needs = "async",
        inTests = false, inScripts = false,
        summary = "Synchronous file I/O (open, pathlib, file objects, os.path disk queries) in a coroutine.",
        equivalents = {"ASYNC230", "ASYNC231", "ASYNC232", "ASYNC233", "ASYNC240"})
public final class BlockingFileIo extends BlockingCallRule {
    static final Set<String> OPENERS = Set.of("builtins.open", "io.open", "io.open_code", "os.fdopen",
            "codecs.open", "gzip.open", "bz2.open", "lzma.open");
    /**
     * The os, shutil and glob functions that list or change the file system: the os spellings of
     * the pathlib methods below. One of them, once, is a brief call nobody would move off the loop
     * (a makedirs at start-up, a stale socket removed); they are reported only where a loop that
     * also suspends repeats them, so that the loop's other tasks wait on each turn.
     */
    private static final Set<String> FILE_SYSTEM = Set.of("os.listdir", "os.scandir", "os.walk", "os.remove",
            "os.unlink", "os.rename", "os.replace", "os.mkdir", "os.makedirs", "os.rmdir", "shutil.copy",
            "shutil.copy2", "shutil.copyfile", "shutil.copytree", "shutil.rmtree", "shutil.move", "glob.glob",
            "glob.iglob");
    private static final Set<String> LAZY = Set.of("os.walk", "glob.iglob");
    /** What runs an iterator to its end where it is made: a loop, a comprehension, a list or sorted call. */
    private static final Set<String> DRAINS = Set.of("builtins.list", "builtins.sorted", "builtins.tuple",
            "builtins.set", "builtins.next", "builtins.any", "builtins.all", "builtins.sum", "builtins.dict");

    /** Whether the generator {@code call} makes is iterated in the same statement: the iterable of a loop, a comprehension, or a call that drains it. */
    private static boolean iteratedHere(RuleContext ctx, Expr.Call call) {
        Node parent = ctx.walk().parent();
        if (parent instanceof Stmt.For f) return f.iter() == call;
        if (parent instanceof dev.asyncguard.python.ast.Comprehension c) return c.iter() == call;
        return parent instanceof Expr.Call outer && outer.args().size() == 1 && outer.args().get(0) == call
                && DRAINS.contains(String.valueOf(ctx.names().qualifiedName(outer.func())));
    }


    private static final Set<String> OS_PATH_DISK = Set.of("exists", "lexists", "isfile", "isdir", "islink",
            "ismount", "isjunction", "isdevdrive", "getsize", "getmtime", "getatime", "getctime", "samefile",
            "sameopenfile", "realpath");
    private static final Set<String> PATH_IO = Set.of("read_text", "read_bytes", "write_text", "write_bytes", "open",
            "exists", "is_file", "is_dir", "is_symlink", "stat", "lstat", "mkdir", "rmdir", "unlink", "touch",
            "iterdir", "glob", "rglob", "rename", "replace", "chmod", "samefile");
    /** Metadata queries: one disk lookup, usually served from the page cache; LOW. */
    private static final Set<String> PATH_QUERIES = Set.of("exists", "is_file", "is_dir", "is_symlink", "stat", "lstat",
            "samefile");
    private static final Set<String> FILE_IO = Set.of("read", "readline", "readlines", "readinto", "write",
            "writelines", "flush", "truncate", "read1", "readinto1", "peek");
    /**
     * Methods of a file object that ask the object itself, never the disk; and close(), seek() and
     * tell(), which flush at most what the write calls (reported themselves) left in the buffer.
     */
    private static final Set<String> FILE_LOCAL = Set.of("fileno", "isatty", "readable", "writable", "seekable",
            "detach", "close", "seek", "tell");

    @Override
    protected Blocking match(Expr.Call call, RuleContext ctx) {
        String name = Calls.qualifiedName(ctx, call);
        if (name != null) {
            if (OPENERS.contains(name)) {
                // gzip.open(io.BytesIO(data)): decompresses in memory.
                if (KnownTypes.MEMORY_STREAM.equals(ctx.names().valuePath(call))) return null;
                return Blocking.of(name.replace("builtins.", "") + "()");
            }
            if (FILE_SYSTEM.contains(name)) {
                // os.walk() and glob.iglob() make generators: the directories are read as they are iterated.
                if (LAZY.contains(name) && !iteratedHere(ctx, call)) return null;
                return inSuspendingLoop(ctx, call) ? Blocking.of(name + "()") : null;
            }
            if ((name.startsWith("os.path.") || name.startsWith("posixpath.") || name.startsWith("ntpath."))
                    && OS_PATH_DISK.contains(name.substring(name.lastIndexOf('.') + 1))) {
                return Blocking.brief(name + "()");
            }
            if (name.startsWith("pathlib.Path.") && PATH_IO.contains(name.substring("pathlib.Path.".length()))) {
                String method = name.substring("pathlib.Path.".length());
                String what = name.substring("pathlib.".length()) + "()";
                return PATH_QUERIES.contains(method) ? Blocking.brief(what) : Blocking.of(what);
            }
            return null;
        }
        String method = Calls.method(call);
        if (method == null || ctx.walk().isAwaited()) return null;
        String receiver = Calls.receiverPath(ctx, call);
        if (KnownTypes.PATH.equals(receiver) && PATH_IO.contains(method)) {
            return PATH_QUERIES.contains(method) ? Blocking.brief("Path." + method + "()") : Blocking.of("Path." + method + "()");
        }
        if (KnownTypes.FILE.equals(receiver) && FILE_IO.contains(method)) {
            String what = Calls.shortText(ctx, call.func()) + "() on a file object";
            return optionalFile(ctx, call) || openedUnderSuppression(ctx, call) ? Blocking.brief(what) : Blocking.of(what);
        }
        // Any other method of a file object (a subclass's or wrapper's own): maybe I/O, LOW.
        if (KnownTypes.FILE.equals(receiver) && !FILE_LOCAL.contains(method) && !method.startsWith("_")) {
            return Blocking.brief(Calls.shortText(ctx, call.func()) + "() on a file object");
        }
        return null;
    }

    /** The file's suppression comments, read once per file. */
    private record FileSuppressions(dev.asyncguard.analysis.Suppressions of) {
        static FileSuppressions of(RuleContext ctx) {
            return new FileSuppressions(new dev.asyncguard.analysis.Suppressions(ctx.comments()));
        }
    }

    private static final dev.asyncguard.analysis.RuleMetadata AG204 = dev.asyncguard.analysis.RuleMetadata.of(BlockingFileIo.class);

    /**
     * Whether the file object the call uses (a name) was opened, in the same function, on a line where
     * the authors suppress this rule or its equivalents ({@code out = open(p, "wb")  # noqa: ASYNC230}):
     * reading and writing it is the same accepted choice. LOW, and weak at the end of a chain.
     */
    private static boolean openedUnderSuppression(RuleContext ctx, Expr.Call call) {
        if (!(Calls.receiver(call) instanceof Expr.Name file) || ctx.comments().isEmpty()) return false;
        Stmt.FunctionDef def = ctx.walk().enclosingFunction();
        if (def == null) return false;
        dev.asyncguard.analysis.Suppressions suppressions = ctx.facts().get(FileSuppressions.class, FileSuppressions::of).of();
        return FrameNodes.any(def.body(), n -> {
            Expr value = null;
            if (n instanceof Stmt.Assign a && a.targets().size() == 1 && a.targets().get(0) instanceof Expr.Name t
                    && t.id().equals(file.id())) {
                value = a.value();
            } else if (n instanceof dev.asyncguard.python.ast.WithItem w && w.optionalVars() instanceof Expr.Name t
                    && t.id().equals(file.id())) {
                value = w.contextExpr();
            }
            return value instanceof Expr.Call opener && Calls.qualifiedName(ctx, opener) instanceof String name && OPENERS.contains(name)
                    && suppressions.suppresses(AG204, opener.range().startLine());
        });
    }

    /**
     * Whether the call is under {@code if self.trace_file:} (or {@code if f is not None:}) testing the very
     * file object it uses: a file that the configuration may leave unopened (a trace, a debug copy of the
     * traffic, an optional log), not the work itself. LOW, and weak evidence at the end of a chain.
     */
    private static boolean optionalFile(RuleContext ctx, Expr.Call call) {
        Expr receiver = Calls.receiver(call);
        if (!(receiver instanceof Expr.Attribute) && !(receiver instanceof Expr.Name)) return false;
        String text = ctx.source().slice(receiver.range());
        List<Node> up = ctx.walk().ancestors();
        for (int i = up.size() - 1; i >= 0; i--) {
            Node a = up.get(i);
            if (a instanceof Stmt.FunctionDef || a instanceof Stmt.ClassDef) return false;
            if (a instanceof Stmt.If branch && !branch.body().isEmpty()
                    && within(call.range(), branch.body().get(0).range().union(branch.body().get(branch.body().size() - 1).range()))
                    && testsPresence(ctx, branch.test(), text)) {
                return true;
            }
        }
        return false;
    }

    /** {@code x}, {@code x is not None} or {@code x != None}, with {@code x} the text given. */
    private static boolean testsPresence(RuleContext ctx, Expr test, String text) {
        if (test instanceof Expr.Compare c && c.comparators().size() == 1 && (c.ops().get(0).equals("is not") || c.ops().get(0).equals("!="))
                && c.comparators().get(0) instanceof Expr.Constant k && k.kind() == Expr.ConstantKind.NONE) {
            test = c.left();
        }
        return (test instanceof Expr.Attribute || test instanceof Expr.Name) && ctx.source().slice(test.range()).equals(text);
    }

    /**
     * One open, read or write of a local file is usually small and quick (configuration, a key, a
     * certificate); what stalls the loop is file I/O repeated in a loop. Outside a loop: LOW. A loop
     * in which the call runs once (a retry until it succeeds: {@code try: ... else: break}, or
     * {@code if ok: write(); break}) counts as outside,
     * and so does a loop that reads or writes an open file without ever suspending: it does the
     * I/O of one larger read or write. A loop that suspends between its reads or writes (a stream
     * written to disk as it arrives) or that opens files is HIGH.
     */
    @Override
    protected Confidence baseConfidence(Expr.Call call, RuleContext ctx) {
        List<Node> blocks = ctx.walk().enclosingBlocks();
        boolean onOpenFile = Calls.method(call) != null && KnownTypes.FILE.equals(Calls.receiverPath(ctx, call));
        for (int i = 0; i < blocks.size(); i++) {
            Node block = blocks.get(i);
            if (!(block instanceof Stmt.For) && !(block instanceof Stmt.While)) continue;
            // The iterable of a for is made once: a listing that the loop then walks.
            if (block instanceof Stmt.For f && within(call.range(), f.iter().range())) continue;
            if (runsOnceInLoop(ctx, block)) continue;
            if (onOpenFile && openedBefore(ctx, call, block) && !FrameNodes.suspends(List.of(block))) continue;
            return Confidence.HIGH;
        }
        return Confidence.LOW;
    }

    private static boolean within(dev.asyncguard.python.ast.SourceRange inner, dev.asyncguard.python.ast.SourceRange outer) {
        return (inner.startLine() > outer.startLine()
                        || (inner.startLine() == outer.startLine() && inner.startColumn() >= outer.startColumn()))
                && (inner.endLine() < outer.endLine()
                        || (inner.endLine() == outer.endLine() && inner.endColumn() <= outer.endColumn()));
    }

    /** Whether the call is repeated by a loop (not only its iterable, not once per run) that also suspends. */
    private static boolean inSuspendingLoop(RuleContext ctx, Expr.Call call) {
        for (Node block : ctx.walk().enclosingBlocks()) {
            if (!(block instanceof Stmt.For) && !(block instanceof Stmt.While)) continue;
            if (block instanceof Stmt.For f && within(call.range(), f.iter().range())) continue;
            if (!runsOnceInLoop(ctx, block) && FrameNodes.suspends(List.of(block))) return true;
        }
        return false;
    }

    /**
     * Whether the file object the call uses is a name bound before the loop starts, or an attribute
     * ({@code self.file}, opened by another method) that the loop does not assign: one file, not one per turn.
     */
    private static boolean openedBefore(RuleContext ctx, Expr.Call call, Node loop) {
        if (Calls.receiver(call) instanceof Expr.Attribute attribute) {
            String text = ctx.source().slice(attribute.range());
            return !FrameNodes.any(List.of(loop), n -> n instanceof Stmt.Assign as && as.targets().stream()
                    .anyMatch(t -> ctx.source().slice(t.range()).equals(text)));
        }
        if (!(Calls.receiver(call) instanceof Expr.Name n)) return false;
        var binding = ctx.names().binding(n);
        return binding != null && binding.range().startLine() < loop.range().startLine();
    }

    /**
     * Whether the call runs at most once per run of the loop: some block between the loop and the
     * call ends by leaving the loop ({@code if ok: write(); break}, a loop body ending in
     * {@code break}), or the call is in a {@code try} whose {@code else:} leaves it (a retry until
     * the call succeeds), and the loop has no {@code continue} that goes round again on success.
     */
    private static boolean runsOnceInLoop(RuleContext ctx, Node loop) {
        List<Node> ancestors = ctx.walk().ancestors();
        int at = -1;
        for (int i = 0; i < ancestors.size(); i++) if (ancestors.get(i) == loop) at = i;
        if (at < 0 || continuesAfterSuccess(bodiesOf(loop))) return false;
        for (int i = at; i < ancestors.size() - 1; i++) {
            Node outer = ancestors.get(i), inner = ancestors.get(i + 1);
            if (i > at && (outer instanceof Stmt.For || outer instanceof Stmt.While)) return false;
            for (List<Stmt> body : bodiesOf(outer)) {
                if (holds(body, inner) && leaves(body)) return true;
            }
            if (outer instanceof Stmt.Try t && holds(t.body(), inner) && leaves(t.orelse())) return true;
        }
        return false;
    }

    /**
     * A {@code continue} of this loop outside an except handler (a redirect loop that goes round
     * again on success); one in a handler only retries what failed. Nested loops and defs have their own.
     */
    private static boolean continuesAfterSuccess(List<List<Stmt>> bodies) {
        for (List<Stmt> body : bodies) {
            for (Stmt s : body) {
                boolean found = switch (s) {
                    case Stmt.Continue c -> true;
                    case Stmt.For f -> false;
                    case Stmt.While w -> false;
                    case Stmt.Try t -> continuesAfterSuccess(List.of(t.body(), t.orelse(), t.finalbody()));
                    default -> continuesAfterSuccess(bodiesOf(s));
                };
                if (found) return true;
            }
        }
        return false;
    }

    private static boolean holds(List<Stmt> body, Node n) {
        for (Stmt s : body) if (s == n) return true;
        return false;
    }

    private static List<List<Stmt>> bodiesOf(Node n) {
        return switch (n) {
            case Stmt.For f -> List.of(f.body());
            case Stmt.While w -> List.of(w.body());
            case Stmt.If i -> List.of(i.body(), i.orelse());
            case Stmt.With w -> List.of(w.body());
            case Stmt.Try t -> List.of(t.body(), t.orelse(), t.finalbody());
            case dev.asyncguard.python.ast.ExceptHandler h -> List.of(h.body());
            default -> List.of();
        };
    }

    /** A body that ends by leaving the loop: its last statement is {@code break}, {@code return} or a {@code with} that does. */
    private static boolean leaves(List<Stmt> body) {
        if (body.isEmpty()) return false;
        Stmt last = body.get(body.size() - 1);
        return last instanceof Stmt.Break || last instanceof Stmt.Return || last instanceof Stmt.With w && leaves(w.body());
    }

    @Override
    protected String consequence() {
        return "does file I/O that blocks the event loop; use asyncio.to_thread(), aiofiles or anyio.Path";
    }

    @Override
    protected Fix displayFix() {
        return Fix.display("Do the file I/O off the event loop",
                "content = await asyncio.to_thread(path.read_text)\n"
                        + "# or: async with aiofiles.open(path) as f: content = await f.read()");
    }
}
