package dev.asyncguard.python;

import dev.asyncguard.python.ast.Comment;
import dev.asyncguard.python.ast.Expr;
import dev.asyncguard.python.ast.SourceRange;
import dev.asyncguard.python.ast.Stmt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parser behaviour beyond CPython 3.13's trees: 3.14 syntax, version gates, decoding, comments, recovery. */
class ParserTest {

    static String dump(String source, PythonVersion target) {
        ParseResult r = Parser.parse(source.getBytes(StandardCharsets.UTF_8), target);
        assertTrue(r.ok(), () -> "unexpected " + r.diagnostics());
        return AstDump.dump(r.module());
    }

    static List<SyntaxDiagnostic> diagnostics(String source, PythonVersion target) {
        return Parser.parse(source.getBytes(StandardCharsets.UTF_8), target).diagnostics();
    }

    @Test
    void templateStringsArePep750Trees() {
        assertEquals("Module(body=[Expr(value=TemplateStr(values=[Constant(value='hello '), "
                        + "Interpolation(value=Name(id='name', ctx=Load()), str='name', conversion=114, "
                        + "format_spec=JoinedStr(values=[Constant(value='>'), FormattedValue(value=Name(id='w', ctx=Load()), conversion=-1)]))]))])",
                dump("t'hello {name!r:>{w}}'", PythonVersion.PY314));
        assertEquals("Module(body=[Expr(value=TemplateStr(values=[Interpolation(value=BinOp(left=Name(id='a', ctx=Load()), op=Add(), "
                        + "right=Constant(value=1)), str='a + 1', conversion=-1)]))])",
                dump("T\"\"\"{a + 1}\"\"\"", PythonVersion.PY314));
    }

    @Test
    void templateStringsNeedPython314AndCannotMixWithStrings() {
        assertFalse(diagnostics("t'{x}'", PythonVersion.PY313).isEmpty());
        assertTrue(diagnostics("t'{x}' 'y'", PythonVersion.PY314).get(0).message().contains("cannot mix t-string"));
    }

    @Test
    void unparenthesizedExceptTypesArePython314() {
        String source = "try:\n    pass\nexcept A, B:\n    pass\n";
        assertEquals("Module(body=[Try(body=[Pass()], handlers=[ExceptHandler(type=Tuple(elts=[Name(id='A', ctx=Load()), "
                + "Name(id='B', ctx=Load())], ctx=Load()), body=[Pass()])])])", dump(source, PythonVersion.PY314));
        List<SyntaxDiagnostic> old = diagnostics(source, PythonVersion.PY313);
        assertEquals(1, old.size());
        assertTrue(old.get(0).message().contains("must be parenthesized"), old::toString);
        assertEquals(3, old.get(0).line());
        assertFalse(diagnostics("try:\n    pass\nexcept A, B as e:\n    pass\n", PythonVersion.PY314).isEmpty());
    }

    @ParameterizedTest(name = "{0} needs 3.{1}")
    @CsvSource(delimiter = '|', value = {
            "match x:\\n    case 1: pass|10",
            "def f[T](): pass|12",
            "class A[T]: pass|12",
            "type X = int|12",
            "def f[T = int](): pass|13",
            "try:\\n    pass\\nexcept* E:\\n    pass|11",
            "a[*b]|11",
            "def f(*a: *Ts): pass|11",
            "a[x := 1]|10",
            "with (open(a) as f, open(b) as g): pass|9",
            "@x[0]\\ndef f(): pass|9",
            "f'{f'{x}'}'|12",
            "f'{\"\\\\n\".join(x)}'|12",
    })
    void newerSyntaxIsADiagnosticForOlderTargets(String source, int minor) {
        String code = source.replace("\\n", "\n");
        PythonVersion needed = PythonVersion.of(3, minor);
        PythonVersion older = PythonVersion.of(3, minor - 1);
        assertEquals(List.of(), diagnostics(code, needed), "accepted by 3." + minor);
        assertFalse(diagnostics(code, older).isEmpty(), "rejected by " + older);
        // Whatever the target, the construct is listed with the version it needs (AG002 reports it).
        ParseResult newest = new Parser().parse(code);
        assertEquals(List.of(), newest.diagnostics());
        assertTrue(newest.versionedSyntax().stream().anyMatch(v -> v.requires().equals(needed)), newest::toString);
    }

    @Test
    void beforePython312OnlyTheEnclosingDelimiterIsForbiddenInFields() {
        assertEquals(List.of(), diagnostics("f\"\"\"{\"a\" + x}\"\"\"\nf'{\"b\"}'\n", PythonVersion.PY311));
        assertFalse(diagnostics("f\"{\"a\"}\"\n", PythonVersion.PY311).isEmpty());
        assertFalse(diagnostics("f'''{'''a'''}'''\n", PythonVersion.PY311).isEmpty());
    }

    @Test
    void namedUnicodeEscapes() {
        String source = "x = '\\N{BULLET}\\N{CJK UNIFIED IDEOGRAPH-6574}\\N{HANGUL SYLLABLE GAG}\\N{HANGUL SYLLABLE A}\\N{NBSP}'\n";
        ParseResult r = Parser.parse(source.getBytes(StandardCharsets.UTF_8), PythonVersion.PY313);
        assertTrue(r.ok(), r.diagnostics()::toString);
        assertEquals("\u2022\u6574\uAC01\uC544\u00A0", ((Expr.Constant) ((Stmt.Assign) r.module().body().get(0)).value()).value());
        assertTrue(diagnostics("'\\N{NO SUCH NAME}'\n", PythonVersion.PY313).get(0).message().contains("unknown Unicode character name"));
    }

    @Test
    void softKeywordsStayNames() {
        assertEquals("Module(body=[Assign(targets=[Name(id='match', ctx=Store())], value=Constant(value=1)), "
                        + "Expr(value=Call(func=Name(id='type', ctx=Load()), args=[Name(id='case', ctx=Load())])), "
                        + "Expr(value=Call(func=Name(id='print', ctx=Load()), args=[Name(id='_', ctx=Load())]))])",
                dump("match = 1\ntype(case)\nprint(_)\n", PythonVersion.PY314));
    }

    @Test
    void commentsAreKeptByLine() {
        ParseResult r = new Parser().parse("x = 1  # noqa: AG101\n# asyncguard: ignore\nf(a,  # inside\n  b)\ns = '# not a comment'\n");
        assertTrue(r.ok());
        assertEquals(List.of(new Comment(1, 7, "# noqa: AG101"), new Comment(2, 0, "# asyncguard: ignore"),
                new Comment(3, 6, "# inside")), r.comments());
    }

    @Test
    void encodingCookieBomAndLineEnds() {
        byte[] latin1 = "# -*- coding: latin-1 -*-\nx = 'caf\u00e9'\n".getBytes(StandardCharsets.ISO_8859_1);
        ParseResult r = Parser.parse(latin1, PythonVersion.PY313);
        assertTrue(r.ok(), r.diagnostics()::toString);
        assertEquals("caf\u00e9", ((Expr.Constant) ((Stmt.Assign) r.module().body().get(0)).value()).value());

        byte[] bom = "\uFEFFx = 1\r\ny = 2\rz = 3".getBytes(StandardCharsets.UTF_8);
        ParseResult b = Parser.parse(bom, PythonVersion.PY313);
        assertTrue(b.ok(), b.diagnostics()::toString);
        assertEquals(List.of(1, 2, 3), b.module().body().stream().map(s -> s.range().startLine()).toList());
        assertEquals("y = 2", b.source().line(2));

        assertTrue(Parser.parse("\uFEFF# coding: latin-1\nx = 1\n".getBytes(StandardCharsets.UTF_8), PythonVersion.PY313)
                .diagnostics().get(0).message().contains("with BOM"));
        assertTrue(Parser.parse("# coding: klingon\n".getBytes(StandardCharsets.UTF_8), PythonVersion.PY313)
                .diagnostics().get(0).message().contains("unknown encoding"));
        SyntaxDiagnostic bad = Parser.parse(new byte[] {'x', '=', '\'', (byte) 0xf6, '\'', '\n'}, PythonVersion.PY313)
                .diagnostics().get(0);
        assertEquals(1, bad.line());
        assertTrue(bad.message().contains("can't decode byte 0xf6"), bad::toString);
        assertTrue(new Parser().parse("x = 1\0\n").diagnostics().get(0).message().contains("null bytes"));
    }

    @Test
    void tabsFormFeedsAndContinuations() {
        assertEquals("Module(body=[If(test=Name(id='x', ctx=Load()), body=[If(test=Name(id='y', ctx=Load()), body=[Pass()]), "
                        + "Pass()])])",
                dump("if x:\n\tif y:\n\t\tpass\n\tpass\n", PythonVersion.PY313));
        assertEquals("Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=BinOp(left=Constant(value=1), op=Add(), "
                        + "right=Constant(value=2)))])",
                dump("\fx = 1 + \\\n    2\n", PythonVersion.PY313));
        assertTrue(diagnostics("if x:\n        a\n\tb\n", PythonVersion.PY313).get(0).message().contains("inconsistent use of tabs"));
    }

    @Test
    void rangesCountUtf16AndNamesAreNfkcNormalized() {
        ParseResult r = new Parser().parse("s = '\uD835\uDD18'; \uD835\uDD18\uD835\uDD2B = 1\n");
        assertTrue(r.ok(), r.diagnostics()::toString);
        Stmt.Assign second = (Stmt.Assign) r.module().body().get(1);
        Expr.Name name = (Expr.Name) second.targets().get(0);
        assertEquals("Un", name.id());
        assertEquals(new SourceRange(1, 10, 1, 14), name.range());
    }

    @Test
    void recoveryKeepsStatementsAroundABrokenOne() {
        ParseResult r = new Parser().parse("import os\nx = = 1\ndef f():\n    return os\n");
        assertFalse(r.ok());
        assertEquals(2, r.diagnostics().get(0).line());
        List<String> kinds = r.module().body().stream().map(s -> s.getClass().getSimpleName()).toList();
        assertTrue(kinds.contains("Import") && kinds.contains("FunctionDef"), kinds::toString);
    }

    @Test
    void syntaxErrorMessagesSayWhatIsWrong() {
        assertEquals(new SyntaxDiagnostic(1, 4, "invalid syntax: expected ':' before end of line"),
                diagnostics("if x\n    pass\n", PythonVersion.PY313).get(0));
        assertEquals(new SyntaxDiagnostic(2, 0, "expected an indented block"),
                diagnostics("def f():\npass\n", PythonVersion.PY313).get(0));
        assertEquals(new SyntaxDiagnostic(1, 2, "unexpected indent"), diagnostics("  x = 1\n", PythonVersion.PY313).get(0));
        assertEquals(new SyntaxDiagnostic(3, 1, "unindent does not match any outer indentation level"),
                diagnostics("if x:\n  a\n b\n", PythonVersion.PY313).get(0));
        assertEquals(new SyntaxDiagnostic(2, 4, "'(' was never closed"), diagnostics("a = 1\nb = (\nc = 3\n", PythonVersion.PY313).get(0));
        assertEquals(new SyntaxDiagnostic(1, 0, "cannot assign to function call"), diagnostics("f() = 1\n", PythonVersion.PY313).get(0));
        assertTrue(diagnostics("'abc\n", PythonVersion.PY313).get(0).message().startsWith("unterminated string literal"));
        assertTrue(diagnostics("x = '''abc\n\n", PythonVersion.PY313).get(0).message().startsWith("unterminated triple-quoted string"));
    }

    @Test
    void aLineEndInAFormatSpecIsTextInTripleQuotesAndAnErrorInSingleQuotes() {
        // As CPython 3.13.4+ and 3.14 (gh-129958); the ranges of the triple-quoted case are in ast-cases.py.
        assertEquals("Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Name(id='y', ctx=Load()), conversion=-1, "
                        + "format_spec=JoinedStr(values=[Constant(value='abc\\ndef')]))]))])",
                dump("f\"\"\"{y:abc\ndef}\"\"\"", PythonVersion.PY313));
        assertEquals(new SyntaxDiagnostic(1, 5, "f-string: newlines are not allowed in format specifiers for single quoted f-strings"),
                diagnostics("f'{y:\n}'\n", PythonVersion.PY313).get(0));
        assertEquals("t-string: newlines are not allowed in format specifiers for single quoted t-strings",
                diagnostics("t\"{y:>\n}\"\n", PythonVersion.PY314).get(0).message());
    }

    @Test
    void utf8FastPathKeepsARealReplacementCharacterAndFindsBadBytesAfterIt() {
        // A U+FFFD written in the file is text; a bad byte after it is still reported where it is.
        ParseResult ok = Parser.parse("s = '\uFFFD'\n".getBytes(StandardCharsets.UTF_8), PythonVersion.PY313);
        assertTrue(ok.ok(), ok.diagnostics()::toString);
        assertEquals("s = '\uFFFD'", ok.source().line(1));
        byte[] mixed = "a = '\uFFFD'\nb = 'x'\n".getBytes(StandardCharsets.UTF_8);
        mixed[mixed.length - 3] = (byte) 0xC3;
        SyntaxDiagnostic bad = Parser.parse(mixed, PythonVersion.PY313).diagnostics().get(0);
        assertEquals(2, bad.line());
        assertTrue(bad.message().contains("can't decode byte 0xc3"), bad::toString);
    }

    @Test
    void columnsAfterAnAstralCharacterCountUtf16Units() {
        // An emoji is one code point for the lexer and two UTF-16 units in our ranges (10 would be code points).
        ParseResult r = new Parser(PythonVersion.PY313).parse("x = '\uD83D\uDE00' + y\n");
        Stmt.Assign a = assertInstanceOf(Stmt.Assign.class, r.module().body().get(0));
        Expr.BinOp op = assertInstanceOf(Expr.BinOp.class, a.value());
        assertEquals(new SourceRange(1, 11, 1, 12), op.right().range());
        // An empty string followed by a newline is no unterminated triple-quoted string.
        assertTrue(diagnostics("x = '''abc\n'''\ny = ''\nz = \"\"\n", PythonVersion.PY313).isEmpty());
    }
    /**
     * Call arguments and assignment sides are written out in their statement's or call's rule (no
     * context per argument or per side): the errors CPython reports there keep their messages and
     * places (as the grammar with those contexts gave them).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "f(a, x for x in y)|[1:5: Generator expression must be parenthesized]",
            "f(*a, b=1, c)|[1:11: positional argument follows keyword argument]",
            "f(**a, *b, c=1)|[1:7: iterable argument unpacking follows keyword argument unpacking]",
            "g(**k, a)|[1:7: positional argument follows keyword argument unpacking]",
            "f(a.b=1)|[1:2: expression cannot contain assignment, perhaps you meant \"==\"?]",
            "f(a b)|[1:4: invalid syntax: expected ')' before 'b']",
            "f(a=)|[1:4: invalid syntax at ')']",
            "f(a,, b)|[1:4: invalid syntax: expected ')' before ',', 1:7: invalid syntax at ')']",
            "class A(x for x in y): pass|[1:8: invalid syntax: a class cannot take a generator expression as base]",
            "a, b = = c|[1:7: invalid syntax at '=']",
            "a = b =|[1:7: invalid syntax at end of line]",
            "f(a)(b for b in c, d)|[1:5: Generator expression must be parenthesized]",
            "(a, b) += c, d|[1:0: 'tuple' is an illegal expression for augmented assignment]",
            "a = yield = b|[1:4: cannot assign to yield expression]",
    })
    void argumentAndAssignmentErrorsKeepTheirPlaces(String source, String expected) {
        assertEquals(expected, diagnostics(source, PythonVersion.NEWEST).toString());
    }
}
