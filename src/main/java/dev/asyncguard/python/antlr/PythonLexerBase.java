package dev.asyncguard.python.antlr;

import dev.asyncguard.python.ast.Comment;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.LexerNoViableAltException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.LexerATNSimulator;
import org.antlr.v4.runtime.misc.Interval;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of Python's tokenizer that a lexer grammar cannot express: INDENT/DEDENT, NEWLINE
 * only at the end of a logical line, comments filed by line, and f-string replacement fields.
 * Problems are collected as {@link LexicalError}s; the lexer never throws.
 */
public abstract class PythonLexerBase extends Lexer {
    /** CPython's tokenizer limits (MAXLEVEL, MAXINDENT); both are SyntaxErrors there too. */
    public static final int MAX_BRACKET_DEPTH = 200;
    public static final int MAX_INDENT_LEVELS = 100;
    private static final int TAB_SIZE = 8;

    /** A problem found while tokenizing, positioned as a token would be (1-based line, code point column). */
    public record LexicalError(int line, int column, String message) {}

    /** An open replacement field of an f-string: the bracket depth outside it, and whether its format spec began. */
    private static final class Field {
        final int depth;
        boolean inSpec;

        Field(int depth) {
            this.depth = depth;
        }
    }

    /** An open f-string: its quote, whether raw, and the fields open inside it. */
    private record FString(String quote, boolean raw, boolean template, int line) {}

    private final ArrayDeque<Token> pending = new ArrayDeque<>();
    private final ArrayDeque<FString> fstrings = new ArrayDeque<>();
    private final ArrayDeque<Field> fields = new ArrayDeque<>();
    private final List<Comment> comments = new ArrayList<>();
    private final List<LexicalError> errors = new ArrayList<>();
    private int[] indents = new int[16];
    private int[] altIndents = new int[16];
    private int indentTop;
    private int depth;
    private boolean atLineStart = true;
    private boolean sawLogicalLine;
    private int lineStartIndex;
    private boolean finished;
    private boolean tooDeep;
    /** Where the outermost open bracket is, for "'(' was never closed". */
    private int outermostLine;
    private int outermostColumn;
    private char outermostBracket;

    protected PythonLexerBase(CharStream input) {
        super(input);
        setTokenFactory(PythonToken.FACTORY);
    }

    public List<Comment> comments() {
        return comments;
    }

    public List<LexicalError> errors() {
        return errors;
    }

    /** True when nesting exceeded CPython's limits; the caller should not parse further. */
    public boolean tooDeep() {
        return tooDeep;
    }

    @Override
    public Token nextToken() {
        if (!pending.isEmpty()) return pending.poll();
        while (true) {
            Token t = null;
            if (_mode == DEFAULT_MODE && shortcuts) {
                skipBlanks();
                t = commonToken();
            }
            if (t == null) {
                t = super.nextToken();
                if (Keywords.isWord(t.getType())) automatonWords.add(t);
            }
            switch (t.getType()) {
                case PythonLexer.NEWLINE -> {
                    lineStartIndex = t.getStopIndex() + 1;
                    if (depth > 0 || atLineStart) continue;
                    atLineStart = true;
                    return t;
                }
                case PythonLexer.COMMENT -> {
                    comments.add(new Comment(t.getLine(), t.getCharPositionInLine(), t.getText()));
                    continue;
                }
                case Token.EOF -> {
                    return endOfFile(t);
                }
                case PythonLexer.UNTERMINATED_STRING -> {
                    error(t, "unterminated string literal (detected at line " + t.getLine() + ")");
                    return firstOfLine(t);
                }
                case PythonLexer.STRING -> {
                    checkTripleQuoteStart(t);
                    return firstOfLine(t);
                }
                case PythonLexer.ERROR_CHAR -> {
                    String s = t.getText();
                    if (s.equals("\\")) {
                        error(t, "unexpected character after line continuation character");
                    } else {
                        int cp = s.codePointAt(0);
                        error(t, String.format("invalid character '%s' (U+%04X)", s, cp));
                    }
                    return firstOfLine(t);
                }
                default -> {
                    return firstOfLine(t);
                }
            }
        }
    }

    /**
     * Steps over spaces, tabs, form feeds and line continuations (a backslash before a line end)
     * before a token, as the WS and LINE_CONTINUATION rules would, without a match of the lexer's
     * automaton and a skipped token for each run: about as many runs as tokens. Only outside
     * f-string text (there they are part of the string), where nothing else starts with these.
     * Indentation is measured later from the line's text, so it is unaffected.
     */
    private void skipBlanks() {
        if (!(_input instanceof SourceChars in) || in.units() == null) {
            skipBlanks(_input);
            return;
        }
        char[] u = in.units();
        int at = in.index();
        int size = u.length;
        if (at >= size) return;
        int c = u[at];
        if (c != ' ' && c != '\t' && c != '\f' && c != '\\') return;
        LexerATNSimulator sim = getInterpreter();
        int column = sim.getCharPositionInLine();
        int line = sim.getLine();
        while (true) {
            if (c == ' ' || c == '\t' || c == '\f') {
                at++;
                column++;
            } else if (c == '\\' && TokenEnds.peek(u, at + 1) == '\n') {
                at += 2;
                line++;
                column = 0;
            } else {
                break;
            }
            if (at == size) break;
            c = u[at];
        }
        in.seek(at);
        sim.setLine(line);
        sim.setCharPositionInLine(column);
    }

    /** {@link #skipBlanks()} on any input: text with characters beyond the BMP. */
    private void skipBlanks(CharStream in) {
        int c = in.LA(1);
        if (c != ' ' && c != '\t' && c != '\f' && c != '\\') return;
        LexerATNSimulator sim = getInterpreter();
        int column = sim.getCharPositionInLine();
        int line = sim.getLine();
        while (true) {
            if (c == ' ' || c == '\t' || c == '\f') {
                in.consume();
                column++;
            } else if (c == '\\' && in.LA(2) == '\n') {
                in.consume();
                in.consume();
                line++;
                column = 0;
            } else {
                break;
            }
            c = in.LA(1);
        }
        sim.setLine(line);
        sim.setCharPositionInLine(column);
    }

    /** Off only to compare the lexer with and without {@link #skipBlanks()} and {@link #commonToken()} (tests). */
    private boolean shortcuts = true;

    /** Every token and blank through the grammar's automaton: for tests that compare the two. */
    public void withoutShortcuts() {
        shortcuts = false;
    }

    /**
     * Keywords (hard and soft) by their text: the grammar's keyword rules win over NAME at equal
     * length. A holder of its own: the generated subclass's vocabulary exists only after this class
     * is initialized.
     */
    private static final class Keywords {
        static final java.util.Map<String, Integer> BY_TEXT = byText();
        /** By token type: whether its text is a word (a name, or a keyword: hard or soft). */
        private static final boolean[] WORD_TYPES = wordTypes();

        static boolean isWord(int type) {
            return type > 0 && type < WORD_TYPES.length && WORD_TYPES[type];
        }

        private static boolean[] wordTypes() {
            boolean[] word = new boolean[PythonLexer.VOCABULARY.getMaxTokenType() + 1];
            word[PythonLexer.NAME] = true;
            for (int type : BY_TEXT.values()) word[type] = true;
            return word;
        }

        private static java.util.Map<String, Integer> byText() {
            java.util.Map<String, Integer> out = new java.util.HashMap<>();
            for (int type = 1; type <= PythonLexer.VOCABULARY.getMaxTokenType(); type++) {
                String literal = PythonLexer.VOCABULARY.getLiteralName(type);
                if (literal != null && literal.matches("'[A-Za-z_]+'")) out.put(literal.substring(1, literal.length() - 1), type);
            }
            return out;
        }
    }

    /** ASCII characters that may start (1) or continue (2) a name. */
    private static final byte[] NAME_CHARS = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') NAME_CHARS[c] = 3;
            else if (c >= '0' && c <= '9') NAME_CHARS[c] = 2;
        }
    }

    /**
     * The token at the input, matched by hand, when the grammar's match is simple to decide: an ASCII
     * name or keyword, a line end, a comment, a string (not an f- or t-string), an operator or
     * delimiter. Null for anything else (numbers, f-strings, {@code :=}, names with non-ASCII
     * characters, stray characters), which the grammar's automaton then matches. These are about
     * 97 tokens in 100, and the automaton costs several times more per character. The token, the
     * position after it and the actions run are what the automaton gives (a test compares the two
     * on real and mutated files).
     */
    private Token commonToken() {
        if (_hitEOF || !(_input instanceof SourceChars in)) return null;
        // Read as a local array: C1's code loads nothing else per character.
        char[] u = in.units();
        if (u == null) return null;                                       // characters beyond the BMP: all by the automaton
        int at = in.index();
        int size = u.length;
        if (at >= size) return null;
        int c = u[at];
        int length = 1;
        int type;
        String text = null;
        tokenLines = 0;
        if (c < 128 && (NAME_CHARS[c] & 1) != 0) {
            int end = at + 1;
            while (end < size && u[end] < 128 && NAME_CHARS[u[end]] != 0) end++;
            int d = TokenEnds.peek(u, end);
            if (d >= 128) return null;                                    // maybe a name character beyond ASCII
            length = end - at;
            if ((d == '\'' || d == '"') && length <= 2) {
                int prefix = TokenEnds.stringPrefix(c, length == 2 ? u[at + 1] : -1);
                if (prefix == TokenEnds.FT_PREFIX) return null;           // an f- or t-string: modes and actions
                if (prefix == TokenEnds.STRING_PREFIX) {
                    int n = string(u, at, end);                           // sets stringType
                    return commonToken(in, stringType, n, null);
                }
            }
            int slot = name(u, at, length);
            text = names[slot];
            type = nameTypes[slot];
        } else {
            int d = TokenEnds.peek(u, at + 1);
            switch (c) {
                case '\n' -> type = PythonLexer.NEWLINE;
                case '(' -> type = PythonLexer.LPAR;
                case ')' -> type = PythonLexer.RPAR;
                case '[' -> type = PythonLexer.LSQB;
                case ']' -> type = PythonLexer.RSQB;
                case '{' -> type = PythonLexer.LBRACE;
                case '}' -> type = PythonLexer.RBRACE;
                case ',' -> type = PythonLexer.COMMA;
                case ';' -> type = PythonLexer.SEMI;
                case '~' -> type = PythonLexer.TILDE;
                case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> {
                    return commonToken(in, PythonLexer.NUMBER, TokenEnds.number(u, at) - at, null);
                }
                case '.' -> {
                    if (d >= '0' && d <= '9') return commonToken(in, PythonLexer.NUMBER, TokenEnds.number(u, at) - at, null);
                    type = d == '.' && TokenEnds.peek(u, at + 2) == '.' ? PythonLexer.ELLIPSIS : PythonLexer.DOT;
                }
                case ':' -> {
                    if (d == '=') return null;                            // ':=' has a predicate
                    type = PythonLexer.COLON;
                }
                case '#' -> {
                    int end = at + 1;
                    while (end < size && u[end] != '\n') end++;
                    return commonToken(in, PythonLexer.COMMENT, end - at, null);
                }
                case '\'', '"' -> {
                    int n = string(u, at, at);                            // sets stringType
                    return commonToken(in, stringType, n, null);
                }
                case '=' -> type = d == '=' ? PythonLexer.EQEQUAL : PythonLexer.EQUAL;
                case '+' -> type = d == '=' ? PythonLexer.PLUSEQUAL : PythonLexer.PLUS;
                case '%' -> type = d == '=' ? PythonLexer.PERCENTEQUAL : PythonLexer.PERCENT;
                case '&' -> type = d == '=' ? PythonLexer.AMPEREQUAL : PythonLexer.AMPER;
                case '|' -> type = d == '=' ? PythonLexer.VBAREQUAL : PythonLexer.VBAR;
                case '^' -> type = d == '=' ? PythonLexer.CIRCUMFLEXEQUAL : PythonLexer.CIRCUMFLEX;
                case '@' -> type = d == '=' ? PythonLexer.ATEQUAL : PythonLexer.AT;
                case '!' -> type = d == '=' ? PythonLexer.NOTEQUAL : PythonLexer.EXCLAMATION;
                case '-' -> type = d == '=' ? PythonLexer.MINEQUAL : d == '>' ? PythonLexer.RARROW : PythonLexer.MINUS;
                case '*' -> type = TokenEnds.doubled(u, at, d, PythonLexer.STAR, PythonLexer.STAREQUAL, PythonLexer.DOUBLESTAR, PythonLexer.DOUBLESTAREQUAL);
                case '/' -> type = TokenEnds.doubled(u, at, d, PythonLexer.SLASH, PythonLexer.SLASHEQUAL, PythonLexer.DOUBLESLASH, PythonLexer.DOUBLESLASHEQUAL);
                case '<' -> type = TokenEnds.doubled(u, at, d, PythonLexer.LESS, PythonLexer.LESSEQUAL, PythonLexer.LEFTSHIFT, PythonLexer.LEFTSHIFTEQUAL);
                case '>' -> type = TokenEnds.doubled(u, at, d, PythonLexer.GREATER, PythonLexer.GREATEREQUAL, PythonLexer.RIGHTSHIFT, PythonLexer.RIGHTSHIFTEQUAL);
                default -> {
                    return null;
                }
            }
            length = TokenEnds.OperatorLengths.BY_TYPE[type];
        }
        return commonToken(in, type, length, text);
    }

    /** The type of the last string {@link #string} matched: STRING or UNTERMINATED_STRING. */
    private int stringType;
    /** Line ends inside the token matched last, and the index after the last of them. */
    private int tokenLines;
    private int tokenLastLineStart;

    /**
     * The length of the string token at {@code at} whose quote is at {@code quote}, as the grammar's
     * longest match gives it: a triple-quoted string up to its first unescaped closing triple; else a
     * one-line string up to its closing quote (STRING), or up to the line end or a final backslash
     * (UNTERMINATED_STRING). A backslash takes the character after it, a line end included.
     */
    private int string(char[] u, int at, int quote) {
        int size = u.length;
        int q = u[quote];
        stringType = PythonLexer.STRING;
        if (TokenEnds.peek(u, quote + 1) == q && TokenEnds.peek(u, quote + 2) == q) {
            int lines = 0;
            int lastLineStart = 0;
            for (int i = quote + 3; i < size; i++) {
                int c = u[i];
                if (c == '\\') {
                    if (++i == size) break;
                    c = u[i];
                } else if (c == q && TokenEnds.peek(u, i + 1) == q && TokenEnds.peek(u, i + 2) == q) {
                    tokenLines = lines;
                    tokenLastLineStart = lastLineStart;
                    return i + 3 - at;
                }
                if (c == '\n') {
                    lines++;
                    lastLineStart = i + 1;
                }
            }
            return quote + 2 - at;                                        // never closed: the empty string ''
        }
        int lines = 0;
        int lastLineStart = 0;
        int i = quote + 1;
        while (i < size) {
            int c = u[i];
            if (c == q) {
                tokenLines = lines;
                tokenLastLineStart = lastLineStart;
                return i + 1 - at;
            }
            if (c == '\n') break;
            if (c == '\\') {
                if (i + 1 == size) break;
                if (u[i + 1] == '\n') {
                    lines++;
                    lastLineStart = i + 2;
                }
                i += 2;
            } else {
                i++;
            }
        }
        stringType = PythonLexer.UNTERMINATED_STRING;
        tokenLines = lines;
        tokenLastLineStart = lastLineStart;
        return i - at;
    }

    /** Makes the hand-matched token of {@code length} at the input: position, actions and token as the automaton would. */
    private Token commonToken(SourceChars in, int type, int length, String text) {
        LexerATNSimulator sim = getInterpreter();
        _token = null;
        _channel = Token.DEFAULT_CHANNEL;
        int start = in.index();
        _tokenStartCharIndex = start;
        _tokenStartCharPositionInLine = sim.getCharPositionInLine();
        _tokenStartLine = sim.getLine();
        _text = text;
        in.seek(start + length);
        if (type == PythonLexer.NEWLINE) {
            sim.setLine(_tokenStartLine + 1);
            sim.setCharPositionInLine(0);
        } else if (tokenLines > 0) {
            sim.setLine(_tokenStartLine + tokenLines);
            sim.setCharPositionInLine(start + length - tokenLastLineStart);
        } else {
            sim.setCharPositionInLine(_tokenStartCharPositionInLine + length);
        }
        // The grammar's actions, with the input and position after the token as when the automaton runs them.
        switch (type) {
            case PythonLexer.LPAR, PythonLexer.LSQB, PythonLexer.LBRACE -> openBracket();
            case PythonLexer.RPAR, PythonLexer.RSQB -> closeBracket();
            case PythonLexer.RBRACE -> closeBrace();
            case PythonLexer.COLON -> colon();
            default -> { }
        }
        if (start + length >= in.size()) _hitEOF = true;
        _type = type;
        // What emit() makes through the token factory, made here directly (text set only for names).
        PythonToken t = new PythonToken(_tokenFactorySourcePair, type, start, start + length - 1,
                _tokenStartLine, _tokenStartCharPositionInLine, text);
        emit(t);
        return t;
    }

    /**
     * The text of an ASCII name at {@code start}, one string per distinct name of the file: a file
     * says {@code self} thousands of times, and the tokens, the AST and the file's words then share
     * one copy, found without building the text again (the grammar's NAME tokens make theirs on demand).
     */
    private int name(char[] u, int start, int length) {
        int hash = 0;
        for (int i = start, end = start + length; i < end; i++) hash = 31 * hash + u[i];   // String.hashCode of the name
        int mask = names.length - 1;
        for (int slot = (hash ^ hash >>> 16) & mask; ; slot = (slot + 1) & mask) {
            char[] known = nameChars[slot];
            if (known == null) {
                String text = new String(u, start, length);
                Integer keyword = Keywords.BY_TEXT.get(text);
                names[slot] = text;
                nameHashes[slot] = hash;
                nameChars[slot] = text.toCharArray();
                nameTypes[slot] = keyword != null ? keyword : PythonLexer.NAME;
                if (++nameCount * 2 > names.length) {
                    rehashNames();
                    return name(u, start, length);
                }
                return slot;
            }
            if (known.length == length && nameHashes[slot] == hash && same(u, start, known)) return slot;
        }
    }

    private static boolean same(char[] u, int start, char[] known) {
        for (int i = 0; i < known.length; i++) if (u[start + i] != known[i]) return false;
        return true;
    }

    private void rehashNames() {
        String[] old = names;
        char[][] oldChars = nameChars;
        int[] oldTypes = nameTypes;
        int[] oldHashes = nameHashes;
        names = new String[old.length * 2];
        nameChars = new char[old.length * 2][];
        nameTypes = new int[old.length * 2];
        nameHashes = new int[old.length * 2];
        int mask = names.length - 1;
        for (int i = 0; i < old.length; i++) {
            if (old[i] == null) continue;
            int hash = oldHashes[i];
            int slot = (hash ^ hash >>> 16) & mask;
            while (names[slot] != null) slot = (slot + 1) & mask;
            names[slot] = old[i];
            nameChars[slot] = oldChars[i];
            nameTypes[slot] = oldTypes[i];
            nameHashes[slot] = hash;
        }
    }

    /**
     * The words (names and keywords) among the tokens this lexer made, each once, as the tokens' text
     * with the names in Python's normal form ({@code normalForm}; it sees only names the automaton
     * matched, the hand-matched ones are ASCII): the distinct names of the hand-matched tokens
     * are in the name table already, so no pass over all tokens is needed.
     */
    public java.util.Set<String> words(java.util.function.Function<Token, String> normalForm) {
        java.util.Set<String> words = new java.util.HashSet<>(Math.max(16, nameCount * 2 + automatonWords.size()));
        for (String s : names) if (s != null) words.add(s);
        for (Token t : automatonWords) words.add(normalForm.apply(t));
        return words;
    }

    /** Name and keyword tokens the grammar's automaton matched (not {@link #commonToken()}): few, mostly non-ASCII names. */
    private final List<Token> automatonWords = new ArrayList<>();

    /** The distinct names met by {@link #name}: an open-addressed table (a power of two, at most half full). */
    private String[] names = new String[512];
    /** Of each name in {@link #names}: its characters, its token type (NAME or a keyword's) and its hash. */
    private char[][] nameChars = new char[512][];
    private int[] nameTypes = new int[512];
    private int[] nameHashes = new int[512];
    private int nameCount;

    private Token firstOfLine(Token t) {
        if (!atLineStart) return t;
        atLineStart = false;
        sawLogicalLine = true;
        indentation(t);
        pending.add(t);
        return pending.poll();
    }

    /** Compares the new line's indentation with the stack, as CPython's tokenizer does (tabs to 8, and again with tabs as 1). */
    private void indentation(Token t) {
        int col = 0;
        int alt = 0;
        int start = t.getStartIndex();
        // The blanks before the token, read where they are (the input is a SourceChars in the parser).
        CharStream in = getInputStream();
        SourceChars chars = in instanceof SourceChars s ? s : new SourceChars(in.getText(Interval.of(0, start - 1)));
        for (int i = lineStartIndex; i < start; i++) {
            int c = chars.at(i);
            if (c == ' ') {
                col++;
                alt++;
            } else if (c == '\t') {
                col = (col / TAB_SIZE + 1) * TAB_SIZE;
                alt++;
            } else if (c == '\f') {
                col = 0;
                alt = 0;
            } else {
                // A backslash continuation at the start of the line: CPython counts from the last line.
                col = 0;
                alt = 0;
            }
        }
        int top = indents[indentTop];
        if (col == top) {
            if (alt != altIndents[indentTop]) tabError(t);
        } else if (col > top) {
            if (alt <= altIndents[indentTop]) tabError(t);
            if (indentTop + 1 >= MAX_INDENT_LEVELS) {
                error(t, "too many levels of indentation");
                tooDeep = true;
            }
            if (indentTop + 1 == indents.length) {
                indents = java.util.Arrays.copyOf(indents, indents.length * 2);
                altIndents = java.util.Arrays.copyOf(altIndents, altIndents.length * 2);
            }
            indentTop++;
            indents[indentTop] = col;
            altIndents[indentTop] = alt;
            pending.add(synthetic(PythonLexer.INDENT, t, ""));
        } else {
            while (indentTop > 0 && col < indents[indentTop]) {
                indentTop--;
                pending.add(synthetic(PythonLexer.DEDENT, t, ""));
            }
            if (col != indents[indentTop]) {
                error(t, "unindent does not match any outer indentation level");
            } else if (alt != altIndents[indentTop]) {
                tabError(t);
            }
        }
    }

    private void tabError(Token t) {
        error(t, "inconsistent use of tabs and spaces in indentation");
    }

    private Token endOfFile(Token eof) {
        if (finished) return eof;
        finished = true;
        if (!fstrings.isEmpty()) {
            FString f = fstrings.peek();
            errors.add(new LexicalError(f.line(), 0, f.quote().length() == 3
                    ? "unterminated triple-quoted f-string literal"
                    : "unterminated f-string literal"));
        } else if (depth > 0) {
            errors.add(new LexicalError(outermostLine, Math.max(0, outermostColumn), "'" + outermostBracket + "' was never closed"));
        }
        if (sawLogicalLine && !atLineStart) pending.add(synthetic(PythonLexer.NEWLINE, eof, "\n"));
        while (indentTop > 0) {
            indentTop--;
            pending.add(synthetic(PythonLexer.DEDENT, eof, ""));
        }
        pending.add(eof);
        return pending.poll();
    }

    private Token synthetic(int type, Token at, String text) {
        return new PythonToken(at, type, text);
    }

    private void checkTripleQuoteStart(Token t) {
        int next = _input.LA(1);
        if (next != '\'' && next != '"') return; // the common case, without building the token's text
        String s = t.getText();
        int n = s.length();
        if (n >= 2 && (s.endsWith("''") || s.endsWith("\"\""))) {
            int body = n - 2;
            char q = s.charAt(n - 1);
            boolean onlyPrefix = true;
            for (int i = 0; i < body; i++) {
                if ("rRbBuU".indexOf(s.charAt(i)) < 0) onlyPrefix = false;
            }
            if (onlyPrefix && _input.LA(1) == q) {
                error(t, "unterminated triple-quoted string literal (detected at line " + lastLine() + ")");
            }
        }
    }

    /** The last line of the file: where an unterminated triple-quoted string is detected. */
    private int lastLine() {
        int line = getLine();
        for (int i = _input.index(); i < _input.size(); i++) if (_input.LA(i - _input.index() + 1) == '\n') line++;
        return line;
    }

    private void error(Token t, String message) {
        errors.add(new LexicalError(t.getLine(), t.getCharPositionInLine(), message));
    }

    @Override
    public void notifyListeners(LexerNoViableAltException e) {
        errors.add(new LexicalError(getLine(), getCharPositionInLine(), "invalid token"));
    }

    // ---- actions called from the grammar ----

    protected void openBracket() {
        if (depth == 0) {
            outermostLine = getLine();
            outermostColumn = getCharPositionInLine() - 1;
            outermostBracket = (char) _input.LA(-1);
        }
        depth++;
        if (depth > MAX_BRACKET_DEPTH) {
            if (!tooDeep) errors.add(new LexicalError(getLine(), getCharPositionInLine(), "too many nested parentheses"));
            tooDeep = true;
        }
    }

    protected void closeBracket() {
        if (depth > 0) depth--;
    }

    /** '}' in an expression: either closes a bracket or ends the innermost replacement field. */
    protected void closeBrace() {
        if (!fields.isEmpty() && depth - 1 == fields.peek().depth) {
            fields.pop();
            depth--;
            popMode();
            return;
        }
        closeBracket();
    }

    /** ':' at the top level of a replacement field starts its format spec. */
    protected void colon() {
        if (atFieldTopLevel()) {
            fields.peek().inSpec = true;
            pushMode(PythonLexer.FORMAT_SPEC);
        }
    }

    protected boolean atFieldTopLevel() {
        Field f = fields.peek();
        return f != null && !f.inSpec && depth - 1 == f.depth;
    }

    protected void startFString() {
        String s = getText();
        int q = 0;
        while (s.charAt(q) != '\'' && s.charAt(q) != '"') q++;
        String quote = s.substring(q);
        String prefix = s.substring(0, q).toLowerCase(java.util.Locale.ROOT);
        fstrings.push(new FString(quote, prefix.indexOf('r') >= 0, prefix.indexOf('t') >= 0, getLine()));
        if (fstrings.size() + depth > MAX_BRACKET_DEPTH) {
            if (!tooDeep) errors.add(new LexicalError(getLine(), getCharPositionInLine(), "too many nested f-strings"));
            tooDeep = true;
        }
        pushMode(switch (quote) {
            case "'" -> PythonLexer.FSTRING_SINGLE_QUOTE;
            case "\"" -> PythonLexer.FSTRING_DOUBLE_QUOTE;
            case "'''" -> PythonLexer.FSTRING_TRIPLE_SINGLE_QUOTE;
            default -> PythonLexer.FSTRING_TRIPLE_DOUBLE_QUOTE;
        });
    }

    protected void endFString() {
        if (!fstrings.isEmpty()) fstrings.pop();
        popMode();
    }

    protected boolean isRawFString() {
        FString f = fstrings.peek();
        return f != null && f.raw();
    }

    protected void openField() {
        fields.push(new Field(depth));
        openBracket();
        pushMode(DEFAULT_MODE);
    }

    /** '}' ending a format spec also ends the field that owns it. */
    protected void closeFieldFromSpec() {
        popMode();
        if (!fields.isEmpty()) {
            fields.pop();
            depth--;
            popMode();
        }
    }

    protected boolean inTripleQuotedFString() {
        FString f = fstrings.peek();
        return f != null && f.quote().length() == 3;
    }

    /** A line end in the format spec of a single-quoted f-string: CPython's message, then as below. */
    protected void newlineInFormatSpec() {
        FString f = fstrings.peek();
        String kind = f != null && f.template() ? "t" : "f";
        errors.add(new LexicalError(_tokenStartLine, _tokenStartCharPositionInLine,
                kind + "-string: newlines are not allowed in format specifiers for single quoted " + kind + "-strings"));
        recoverFromLineEnd();
    }

    /** A line end inside a single-quoted f-string: report it and return to ordinary tokens. */
    protected void unterminatedFString() {
        FString f = fstrings.peek();
        errors.add(new LexicalError(getLine(), getCharPositionInLine(),
                f != null && f.quote().length() == 3 ? "unterminated triple-quoted f-string literal" : "unterminated f-string literal"));
        recoverFromLineEnd();
    }

    private void recoverFromLineEnd() {
        while (_mode != DEFAULT_MODE || !_modeStack.isEmpty()) {
            if (_modeStack.isEmpty()) {
                _mode = DEFAULT_MODE;
                break;
            }
            popMode();
        }
        fstrings.clear();
        fields.clear();
        depth = 0;
    }
}
