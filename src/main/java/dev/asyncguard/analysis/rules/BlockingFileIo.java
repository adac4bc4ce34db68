package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Confidence;
import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.names.KnownTypes;
import dev.asyncguard.python.ast.Expr;

import java.util.Set;

/**
 * AG204: file I/O in a coroutine: the builtin {@code open} (not a shadowing one), {@code io.open},
 * {@code os.fdopen}, pathlib I/O methods on values known to be paths, methods of sync file
 * objects, and the {@code os.path} functions that touch the disk.
 */
@RuleInfo(code = "AG204", name = "blocking-file-io",
        inTests = false, inScripts = false,
        summary = "Synchronous file I/O (open, pathlib, file objects, os.path disk queries) in a coroutine.",
        equivalents = {"ASYNC230", "ASYNC231", "ASYNC232", "ASYNC240"})
public final class BlockingFileIo extends BlockingCallRule {
    private static final Set<String> OPENERS = Set.of("builtins.open", "io.open", "io.open_code", "os.fdopen",
            "codecs.open");
    private static final Set<String> OS_PATH_DISK = Set.of("exists", "lexists", "isfile", "isdir", "islink",
            "ismount", "isjunction", "getsize", "getmtime", "getatime", "getctime", "samefile", "realpath");
    private static final Set<String> PATH_IO = Set.of("read_text", "read_bytes", "write_text", "write_bytes", "open",
            "exists", "is_file", "is_dir", "is_symlink", "stat", "lstat", "mkdir", "rmdir", "unlink", "touch",
            "iterdir", "glob", "rglob", "rename", "replace", "chmod", "samefile");
    /** Metadata queries: one disk lookup, usually served from the page cache; LOW. */
    private static final Set<String> PATH_QUERIES = Set.of("exists", "is_file", "is_dir", "is_symlink", "stat", "lstat",
            "samefile");
    private static final Set<String> FILE_IO = Set.of("read", "readline", "readlines", "readinto", "write",
            "writelines", "flush", "truncate");

    @Override
    protected Blocking match(Expr.Call call, RuleContext ctx) {
        String name = Calls.qualifiedName(ctx, call);
        if (name != null) {
            if (OPENERS.contains(name)) return Blocking.of(name.replace("builtins.", "") + "()");
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
            return Blocking.of(Calls.shortText(ctx, call.func()) + "() on a file object");
        }
        return null;
    }

    /**
     * One open, read or write of a local file is usually small and quick (configuration, a key, a
     * certificate); what stalls the loop is file I/O repeated in a loop. Outside a loop: LOW.
     */
    @Override
    protected Confidence baseConfidence(Expr.Call call, RuleContext ctx) {
        for (dev.asyncguard.python.ast.Node block : ctx.walk().enclosingBlocks()) {
            if (block instanceof dev.asyncguard.python.ast.Stmt.For || block instanceof dev.asyncguard.python.ast.Stmt.While) {
                return Confidence.HIGH;
            }
        }
        return Confidence.LOW;
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
