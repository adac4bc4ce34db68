package dev.asyncguard.python;

import dev.asyncguard.python.antlr.PythonLexer;
import dev.asyncguard.python.antlr.PythonLexerBase;
import dev.asyncguard.python.antlr.PythonParser;
import dev.asyncguard.python.antlr.SourceChars;
import dev.asyncguard.python.antlr.TokenArray;
import dev.asyncguard.python.ast.Module;
import dev.asyncguard.python.ast.SourceRange;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.misc.ParseCancellationException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Python source to our AST. Never throws for bad input: every problem is a {@link
 * SyntaxDiagnostic} in the result, and as much of the module as could be built is kept.
 *
 * <p>Parsing runs SLL prediction first and falls back to full LL only when SLL fails. It runs on
 * a thread with a large stack (in place on one of {@link #threads}, else handed to a worker), so
 * deeply nested input ends in a diagnostic rather than a {@link StackOverflowError} of the caller.
 */
public final class Parser {
    /** Larger files are refused with a diagnostic; the largest file in CPython's library is under 1 MB. */
    public static final int MAX_SOURCE_BYTES = 16 << 20;
    /** The diagnostic of a file refused for its size: a notice for the user, not a syntax error. */
    static final String TOO_LARGE = "file too large to parse";
    private static final long STACK_BYTES = 256L << 20;
    private static final int MAX_PARSER_DIAGNOSTICS = 10;

    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(threads("python-parser"));

    /** A thread with the stack parsing needs: {@link #parse} runs on it in place, without a handoff. */
    private static final class ParserThread extends Thread {
        ParserThread(Runnable task, String name) {
            super(null, task, name, STACK_BYTES);
            setDaemon(true);
        }
    }

    /** Whether the current thread is one of {@link #threads}: deep recursion is safe on it, no handoff needed. */
    public static boolean onParserThread() {
        return Thread.currentThread() instanceof ParserThread;
    }

    /**
     * Daemon threads with the stack parsing needs. Callers that parse many files (check, bench)
     * run their pools on these, so each parse runs in place instead of on a worker thread.
     */
    public static ThreadFactory threads(String name) {
        return task -> new ParserThread(task, name);
    }

    /**
     * Builds the lexer's and the parser's tables (ANTLR deserializes its state machines when the
     * generated classes initialize, about a third of a small file's parse at start-up) on a daemon
     * thread, so that a command does it on the second core while it reads its arguments and its
     * configuration. A parse that starts meanwhile waits for the tables, as it would have built them.
     */
    public static void warmUpInBackground() {
        if (!WARMING.compareAndSet(false, true)) return;
        Thread t = new Thread(() -> {
            try {
                Class.forName(PythonLexer.class.getName(), true, Parser.class.getClassLoader());
                Class.forName(PythonParser.class.getName(), true, Parser.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                // the parse that needs them reports the problem
            }
        }, "python-parser-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Whether {@link #warmUpInBackground} was asked (once is enough). */
    private static final java.util.concurrent.atomic.AtomicBoolean WARMING = new java.util.concurrent.atomic.AtomicBoolean();

    private final PythonVersion target;
    /** Null unless phase times are wanted (the benchmark). */
    private final ParsePhases phases;

    /** The newest grammar: what the analysis always parses with (see {@link PythonVersion#NEWEST}). */
    public Parser() {
        this(PythonVersion.NEWEST);
    }

    public Parser(PythonVersion target) {
        this(target, null);
    }

    /** A parser that adds the time of each phase of every parse to {@code phases}. */
    public Parser(PythonVersion target, ParsePhases phases) {
        this.target = target;
        this.phases = phases;
    }

    private long clock() {
        return phases == null ? 0 : ParsePhases.threadCpuNanos();
    }

    public static ParseResult parse(byte[] source, PythonVersion target) {
        return new Parser(target).parse(source);
    }

    /** Text that is already decoded: as CPython's {@code ast.parse(str)}, a coding cookie is not applied. */
    public ParseResult parse(String source) {
        if (source.length() > MAX_SOURCE_BYTES) return parse(source.getBytes(StandardCharsets.UTF_8));
        return parseDecoded(SourceDecoder.fromText(source));
    }

    public ParseResult parse(byte[] bytes) {
        if (bytes.length > MAX_SOURCE_BYTES) {
            return failed("", new SyntaxDiagnostic(1, 0, TOO_LARGE + " (" + bytes.length
                    + " bytes; the limit is " + MAX_SOURCE_BYTES + ")"));
        }
        long start = clock();
        SourceDecoder.Decoded decoded = SourceDecoder.decode(bytes);
        if (phases != null) phases.addDecode(clock() - start);
        return parseDecoded(decoded);
    }

    private ParseResult parseDecoded(SourceDecoder.Decoded decoded) {
        if (decoded.error() != null) return failed("", decoded.error());
        String text = decoded.text();
        if (onParserThread()) {
            try {
                return parseText(text);
            } catch (StackOverflowError | OutOfMemoryError | RuntimeException e) {
                return failed(text, new SyntaxDiagnostic(1, 0, whyFailed(e)));
            }
        }
        Future<ParseResult> job = WORKERS.submit(() -> parseText(text));
        try {
            return job.get();
        } catch (InterruptedException e) {
            job.cancel(true);
            Thread.currentThread().interrupt();
            return failed(text, new SyntaxDiagnostic(1, 0, "parsing was interrupted"));
        } catch (ExecutionException e) {
            return failed(text, new SyntaxDiagnostic(1, 0, whyFailed(e.getCause())));
        }
    }

    private static String whyFailed(Throwable cause) {
        return cause instanceof StackOverflowError ? "too deeply nested to parse"
                : cause instanceof OutOfMemoryError ? "too large or complex to parse"
                : "internal parser error: " + cause;
    }

    private static ParseResult failed(String text, SyntaxDiagnostic why) {
        return new ParseResult(new SourceText(text), new Module(List.of(), new SourceRange(1, 0, 1, 0)), List.of(), List.of(why));
    }

    private ParseResult parseText(String text) {
        long start = clock();
        SourceText source = new SourceText(text);
        long lexStart = clock();
        List<SyntaxDiagnostic> diagnostics = new ArrayList<>();
        PythonLexer lexer = new PythonLexer(new SourceChars(text, source.hasSupplementary()));
        lexer.removeErrorListeners();
        TokenArray tokens = new TokenArray(lexer);
        long parseStart = clock();
        if (phases != null) {
            phases.addDecode(lexStart - start);
            phases.addLex(parseStart - lexStart);
        }
        for (PythonLexerBase.LexicalError e : lexer.errors()) {
            diagnostics.add(new SyntaxDiagnostic(e.line(), source.utf16Column(e.line(), e.column()), e.message()));
        }
        if (lexer.tooDeep()) {
            return new ParseResult(source, new Module(List.of(), new SourceRange(1, 0, 1, 0)), lexer.comments(), diagnostics);
        }
        PythonParser parser = new PythonParser(tokens);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        PythonParser.File_inputContext tree;
        try {
            tree = parser.file_input();
        } catch (ParseCancellationException sllFailed) {
            tokens.seek(0);
            parser.reset();
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            parser.setErrorHandler(new DefaultErrorStrategy());
            // When SLL only failed for want of full context, LL succeeds and reports nothing.
            parser.addErrorListener(new Diagnostics(source, diagnostics, !lexer.errors().isEmpty()));
            tree = parser.file_input();
        }
        long astStart = clock();
        AstBuilder builder = new AstBuilder(source, target, diagnostics);
        Module module = builder.module(tree);
        if (phases != null) {
            phases.addParse(astStart - parseStart);
            phases.addAst(clock() - astStart);
        }
        return new ParseResult(source, module, lexer.comments(), diagnostics, builder.versionedSyntax(),
                lexer.words(ExprBuilder::name));
    }

    /** Syntax errors from the LL pass as diagnostics a person can read. */
    private static final class Diagnostics extends BaseErrorListener {
        private final SourceText source;
        private final List<SyntaxDiagnostic> out;
        private final boolean lexerReported;
        private int count;

        Diagnostics(SourceText source, List<SyntaxDiagnostic> out, boolean lexerReported) {
            this.source = source;
            this.out = out;
            this.lexerReported = lexerReported;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int column, String msg,
                                RecognitionException e) {
            // After a lexical error the parser's complaints are consequences; one is enough.
            if (count++ >= (lexerReported ? 1 : MAX_PARSER_DIAGNOSTICS)) return;
            Token t = (Token) offending;
            IntervalSet expected = null;
            try {
                expected = e != null ? e.getExpectedTokens() : ((PythonParser) recognizer).getExpectedTokens();
            } catch (RuntimeException ignored) {
                // the expected set is a nicety; the position is what matters
            }
            out.add(new SyntaxDiagnostic(line, source.utf16Column(line, column), message(t, expected)));
        }

        private static String message(Token t, IntervalSet expected) {
            int type = t == null ? Token.INVALID_TYPE : t.getType();
            if (type == PythonLexer.INDENT) return "unexpected indent";
            if (expected != null && expected.contains(PythonLexer.INDENT)) return "expected an indented block";
            if (type == PythonLexer.DEDENT) return "invalid syntax: unexpected end of block";
            if (type == Token.EOF) return "invalid syntax: unexpected end of file";
            String near = type == PythonLexer.NEWLINE ? "end of line" : "'" + shorten(t.getText()) + "'";
            if (expected != null && expected.size() == 1) {
                String name = PythonParser.VOCABULARY.getLiteralName(expected.getMinElement());
                if (name != null) return "invalid syntax: expected " + name + " before " + near;
            }
            return "invalid syntax at " + near;
        }

        private static String shorten(String s) {
            s = s.replace("\n", "\\n");
            return s.length() > 30 ? s.substring(0, 27) + "..." : s;
        }
    }
}
