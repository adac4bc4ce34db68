package dev.asyncguard.python;

import dev.asyncguard.python.antlr.PythonLexer;
import dev.asyncguard.python.antlr.SourceChars;
import dev.asyncguard.python.antlr.TokenArray;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lexer's hand-matched common tokens ({@code PythonLexerBase#commonToken}) give exactly what the
 * grammar's automaton gives: the same tokens (type, text, line, column, offsets, channel), comments,
 * lexical errors and nesting verdict, on our Python test cases, the rule fixtures, CPython's asyncio
 * package (where pyenv's 3.13 is installed) and mutants of them all (the mutation fuzz's edits:
 * broken strings, stray brackets, tabs, non-ASCII bytes). {@code -Dlexer.corpus=DIR[:DIR...]} compares
 * every {@code .py} file under those folders instead (by hand, on large code bases). Either way, the words the
 * lexer collects for {@link ParseResult#words()} are those of its tokens.
 */
class LexerShortcutsTest {
    private static final int MUTANTS_PER_FILE = 6;

    @Test
    void shortcutsLexExactlyAsTheAutomaton() throws IOException {
        String corpus = System.getProperty("lexer.corpus");
        List<byte[]> seeds = new ArrayList<>();
        if (corpus != null) {
            int files = 0;
            for (String dir : corpus.split(java.io.File.pathSeparator)) {
                try (Stream<Path> all = Files.walk(Path.of(dir).toRealPath())) {
                    for (Path f : all.filter(p -> p.toString().endsWith(".py") && Files.isRegularFile(p)).sorted().toList()) {
                        byte[] bytes = Files.readAllBytes(f);
                        try {
                            compare(bytes);
                        } catch (AssertionError e) {
                            throw new AssertionError(f + ": " + e.getMessage().substring(0, Math.min(2000, e.getMessage().length())), e);
                        }
                        files++;
                    }
                }
            }
            System.out.println("lexer shortcuts: " + files + " files lexed the same both ways");
            return;
        } else {
            for (String name : List.of("ast-cases.py", "accepted-cases.py", "rejected-cases.py")) {
                seeds.add(CpythonAstTest.resource(name).getBytes(StandardCharsets.UTF_8));
            }
            seeds.addAll(pythonFiles(Path.of("test/resources/fixtures"), 50_000));
            Path asyncio = Path.of(System.getProperty("user.home"), ".pyenv/versions/3.13.0/lib/python3.13/asyncio");
            if (Files.isDirectory(asyncio)) seeds.addAll(pythonFiles(asyncio, 200_000));
        }
        Random random = new Random(20261207L);
        int compared = 0;
        for (byte[] seed : seeds) {
            compare(seed);
            compared++;
            for (int i = 0; i < MUTANTS_PER_FILE; i++) {
                compare(MutationFuzzTest.mutate(seed, random));
                compared++;
            }
        }
        assertTrue(compared >= 100, "compared " + compared);
    }

    @Test
    void edgesOfTheCommonTokens() {
        for (String source : List.of("", "x", "x\n", "#", "# c", "a.b", "a..b", "a...", ".5", "x.5", "a:=1", "a:b", "a==b",
                "a=b", "r'x'", "rb'x'", "br\"x\"", "xyz'a'", "f'{a:>{b}}'", "f'{a=}'", "f'{x:=1}'", "f'{(x:=1)}'",
                "f'''{\na\n}'''", "é = 1", "aé = 1", "a\u00b7 = 1", "(\n)", "}", "{{", "if a:\n\tb\n", "a\\\nb", "x # c\n#d",
                "match x:\n case 1: pass\n", "type X = int", "True False None and or not", "_ __ _a1", "a\r\nb",
                "u'x' U\"y\" R'z' Rb'w'", "x;y;", "x[1:2, ::3]", "@d\ndef f(): ...", "🐍 = 1", "a = '🐍'\nb",
                // strings: prefixes, escapes, line ends, unterminated ones, triple quotes that never close
                "''", "'''a'''", "'''a''''", "''''''", "'''''", "'''a", "'a\\'b'", "'a\\\nb'", "'a\nb'", "'a", "'a\\",
                "\"a\\", "'''a\\", "\"\"\"a\nb\"\"\" x", "\"\"\"\\\"\"\"\"\"", "ub'x'", "bu'x'", "rr'x'", "Br'x' bR'y' RB\"z\"",
                "x = '''\n  a\n''' + b", "'é' + \"\u00ff\"", "b'''x", "'''x'''y'''", "\"'\" '\"'", "x = ''\n'''", "f'a' rb''",
                // numbers: every NUMBER alternative and where each stops
                "0 00 0_0 007 0_7 1 1_000 1__0 1_ 12_3_4", "0x 0x1 0X_f 0x_ 0xg 0o7 0o8 0O_7 0b1 0b2 0B_1 0b",
                "1. 1.5 .5 1.e5 1.5e-3 1e 1e+ 1e+5 1E5 1_0.0_1e1_0 1.__class__ 1..2 1.j 1j 1J .5j 1e5j 1.5ej 0j 00j 0e0",
                "1if x else 2", "x.5", "x[1:.5]", "...5", "1 .5", "1._5", "1.5_", "0x1j", "1e5e5", "1.2.3", "0_", "0x_1_", "9", "1e",
                // operators: longest match
                "a<<=b>>=c**=d//=e->f!=g<>h<=i>=j==k:=l", "a<<b>>c**d//e", "a+=b-=c*=d/=e%=f&=g|=h^=i@=j", "!x", "a!b", "~a ^ b | c & d",
                "a-", "a*", "a<", "a/", "a..", "a.",
                // line continuations and blanks
                "a \\\n b", "x = 1 \\\n\t+ 2", "\\\nx", "if a:\n  \\\n  b\n", "a\\", "a \\ b", "x\\\n", "\t\f x", "x \\\n")) {
            compare(source.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static List<byte[]> pythonFiles(Path dir, long maxBytes) throws IOException {
        List<byte[]> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".py") && Files.isRegularFile(p)).sorted().toList()) {
                if (Files.size(f) <= maxBytes) out.add(Files.readAllBytes(f));
            }
        }
        return out;
    }

    private static void compare(byte[] bytes) {
        SourceDecoder.Decoded decoded = SourceDecoder.decode(bytes);
        if (decoded.error() != null) return;
        String text = decoded.text();
        assertEquals(lex(text, false), lex(text, true), () -> "differs on:\n" + text);
    }

    /** Everything the parser and the analysis read from the lexer, as text. */
    private static String lex(String text, boolean shortcuts) {
        PythonLexer lexer = new PythonLexer(new SourceChars(text));
        lexer.removeErrorListeners();
        if (!shortcuts) lexer.withoutShortcuts();
        TokenArray tokens = new TokenArray(lexer);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            out.append(t.getType()).append(' ').append(t.getLine()).append(':').append(t.getCharPositionInLine())
                    .append(' ').append(t.getStartIndex()).append('-').append(t.getStopIndex()).append(' ')
                    .append(t.getChannel()).append(' ').append(t.getTokenIndex()).append(' ')
                    .append(t.getText()).append('\n');
        }
        // The words the lexer collects on the way (its name table and the automaton's words) are those of its tokens.
        java.util.Set<String> words = new java.util.TreeSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            String literal = PythonLexer.VOCABULARY.getLiteralName(t.getType());
            if (t.getType() == PythonLexer.NAME || literal != null && literal.matches("'[A-Za-z_]+'")) words.add(ExprBuilder.name(t));
        }
        assertEquals(words, new java.util.TreeSet<>(lexer.words(ExprBuilder::name)), () -> "words differ on:\n" + text);
        out.append("comments ").append(lexer.comments()).append('\n');
        out.append("errors ").append(lexer.errors()).append('\n');
        out.append("too deep ").append(lexer.tooDeep()).append('\n');
        return out.toString();
    }
}
