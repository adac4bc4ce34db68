package dev.asyncguard.python.antlr;

import org.antlr.v4.runtime.CharStream;

/**
 * Where the tokens that {@link PythonLexerBase} matches by hand end, read from the text as a
 * {@code char[]}: numbers, operators, string prefixes. Each follows the grammar's rule and its
 * longest match exactly ({@code LexerShortcutsTest} compares them with the automaton).
 */
final class TokenEnds {
    private TokenEnds() {}

    /** The character at {@code index}, or EOF past the end. */
    static int peek(char[] u, int index) {
        return index < u.length ? u[index] : CharStream.EOF;
    }

    /** Digit classes of {@link #digits}: as the grammar's NUMBER spells them. */
    private static final int DECIMAL = 10;
    private static final int HEX = 16;
    private static final int OCTAL = 8;
    private static final int BINARY = 2;
    private static final int ZERO = 0;

    private static boolean isDigit(int c, int kind) {
        return switch (kind) {
            case DECIMAL -> c >= '0' && c <= '9';
            case HEX -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            case OCTAL -> c >= '0' && c <= '7';
            case BINARY -> c == '0' || c == '1';
            default -> c == '0';
        };
    }

    /** The end of {@code ('_'? D)*} from {@code i}, D a digit of {@code kind}: digits with single underscores between them. */
    private static int digits(char[] u, int i, int kind) {
        while (true) {
            int c = peek(u, i);
            if (isDigit(c, kind)) {
                i++;
            } else if (c == '_' && isDigit(peek(u, i + 1), kind)) {
                i += 2;
            } else {
                return i;
            }
        }
    }

    /** The end of the grammar's EXPONENT at {@code i}, or -1 when there is none. */
    private static int exponent(char[] u, int i) {
        int c = peek(u, i);
        if (c != 'e' && c != 'E') return -1;
        int j = i + 1;
        if (peek(u, j) == '+' || peek(u, j) == '-') j++;
        return isDigit(peek(u, j), DECIMAL) ? digits(u, j + 1, DECIMAL) : -1;
    }

    private static boolean isImaginary(int c) {
        return c == 'j' || c == 'J';
    }

    /**
     * The end of the NUMBER at {@code at} (a digit, or '.' before a digit): the longest of the
     * grammar's alternatives that match there (DEC_INTEGER, the prefixed integers, FLOAT_NUMBER, the
     * imaginary forms), as the automaton's longest match takes it. Each digit run is taken whole:
     * a shorter one is followed by a digit or '_', which nothing after it in NUMBER accepts.
     */
    static int number(char[] u, int at) {
        int c = u[at];
        int end = -1;
        int fraction;                                                     // end of a float before its exponent, or -1
        if (c == '.') {
            fraction = digits(u, at + 2, DECIMAL);
        } else {
            end = c == '0' ? digits(u, at + 1, ZERO) : digits(u, at + 1, DECIMAL);    // DEC_INTEGER
            int x = peek(u, at + 1) | 0x20;
            int kind = c != '0' ? -1 : x == 'x' ? HEX : x == 'o' ? OCTAL : x == 'b' ? BINARY : -1;
            if (kind > 0) end = Math.max(end, digits(u, at + 2, kind) > at + 2 ? digits(u, at + 2, kind) : -1);
            int part = digits(u, at + 1, DECIMAL);                        // DIGIT_PART
            if (isImaginary(peek(u, part))) end = Math.max(end, part + 1);
            if (peek(u, part) == '.') {
                fraction = isDigit(peek(u, part + 1), DECIMAL) ? digits(u, part + 2, DECIMAL) : part + 1;
            } else {
                fraction = -1;
                int exp = exponent(u, part);
                if (exp > 0) end = Math.max(end, isImaginary(peek(u, exp)) ? exp + 1 : exp);
            }
        }
        if (fraction > 0) {
            int exp = exponent(u, fraction);
            int f = exp > 0 ? exp : fraction;
            end = Math.max(end, isImaginary(peek(u, f)) ? f + 1 : f);
        }
        return end;
    }

    /** The operator {@code c} at {@code at}, with {@code d} after it: c, c=, cc or cc= (as {@code * *= ** **=}). */
    static int doubled(char[] u, int at, int d, int single, int assign, int twice, int twiceAssign) {
        if (d == '=') return assign;
        if (d != u[at]) return single;
        return peek(u, at + 2) == '=' ? twiceAssign : twice;
    }

    /**
     * The length of each operator and delimiter token the hand matcher makes, by type: its literal in
     * the grammar. A holder of its own: the generated lexer's vocabulary exists only after PythonLexerBase is initialized.
     */
    static final class OperatorLengths {
        static final int[] BY_TYPE = byType();

        private static int[] byType() {
            int[] lengths = new int[PythonLexer.VOCABULARY.getMaxTokenType() + 1];
            for (int type = 1; type < lengths.length; type++) {
                String literal = PythonLexer.VOCABULARY.getLiteralName(type);
                lengths[type] = literal == null ? 1 : literal.length() - 2;   // the quotes around it
            }
            lengths[PythonLexer.NEWLINE] = 1;
            return lengths;
        }
    }

    static final int NO_PREFIX = 0;
    static final int STRING_PREFIX = 1;
    static final int FT_PREFIX = 2;

    /** What the one or two letters before a quote make of it, as the grammar's STRING_PREFIX and FT_PREFIX say. */
    static int stringPrefix(int a, int b) {
        a |= 0x20;                                                        // ASCII letters to lower case
        if (b < 0) {
            return a == 'r' || a == 'u' || a == 'b' ? STRING_PREFIX : a == 'f' || a == 't' ? FT_PREFIX : NO_PREFIX;
        }
        b |= 0x20;
        if (a == 'b' && b == 'r' || a == 'r' && b == 'b') return STRING_PREFIX;
        if ((a == 'f' || a == 't') && b == 'r' || a == 'r' && (b == 'f' || b == 't')) return FT_PREFIX;
        return NO_PREFIX;
    }

}
