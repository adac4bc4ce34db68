package dev.asyncguard.python;

import dev.asyncguard.python.ast.Expr.ConstantKind;

import java.math.BigInteger;

/** Values of number and string literals, as the Language Reference (2.4) defines them. */
final class Literals {
    /** Unicode name aliases (NameAliases.txt) that Python's \\N{} accepts and Java's names do not; the common ones. */
    private static final java.util.Map<String, Integer> NAME_ALIASES = java.util.Map.ofEntries(
            java.util.Map.entry("NULL", 0x00), java.util.Map.entry("NUL", 0x00),
            java.util.Map.entry("LINE FEED", 0x0A), java.util.Map.entry("LF", 0x0A),
            java.util.Map.entry("NEW LINE", 0x0A), java.util.Map.entry("END OF LINE", 0x0A),
            java.util.Map.entry("CARRIAGE RETURN", 0x0D), java.util.Map.entry("CR", 0x0D),
            java.util.Map.entry("CHARACTER TABULATION", 0x09), java.util.Map.entry("TAB", 0x09),
            java.util.Map.entry("HORIZONTAL TABULATION", 0x09), java.util.Map.entry("ESCAPE", 0x1B),
            java.util.Map.entry("ESC", 0x1B), java.util.Map.entry("DELETE", 0x7F), java.util.Map.entry("DEL", 0x7F),
            java.util.Map.entry("SPACE", 0x20), java.util.Map.entry("SP", 0x20),
            java.util.Map.entry("NO-BREAK SPACE", 0xA0), java.util.Map.entry("NBSP", 0xA0),
            java.util.Map.entry("ZERO WIDTH NO-BREAK SPACE", 0xFEFF), java.util.Map.entry("BYTE ORDER MARK", 0xFEFF),
            java.util.Map.entry("BOM", 0xFEFF), java.util.Map.entry("ZWNBSP", 0xFEFF),
            java.util.Map.entry("ZERO WIDTH SPACE", 0x200B), java.util.Map.entry("ZWSP", 0x200B),
            java.util.Map.entry("ZWJ", 0x200D), java.util.Map.entry("ZWNJ", 0x200C),
            java.util.Map.entry("LATIN CAPITAL LETTER GHA", 0x01A2), java.util.Map.entry("LATIN SMALL LETTER GHA", 0x01A3),
            java.util.Map.entry("FORM FEED", 0x0C), java.util.Map.entry("FF", 0x0C),
            java.util.Map.entry("BACKSPACE", 0x08), java.util.Map.entry("BEL", 0x07), java.util.Map.entry("ALERT", 0x07),
            java.util.Map.entry("LINE TABULATION", 0x0B), java.util.Map.entry("VT", 0x0B));

    private Literals() {}

    /** A decoded literal: its value, or why it is not valid. */
    record Value(ConstantKind kind, Object value, String error) {}

    static Value number(String text) {
        String s = text.indexOf('_') >= 0 ? text.replace("_", "") : text;
        char last = s.charAt(s.length() - 1);
        if (last == 'j' || last == 'J') {
            return new Value(ConstantKind.COMPLEX, Double.parseDouble(s.substring(0, s.length() - 1)), null);
        }
        if (s.length() > 1 && s.charAt(0) == '0') {
            char k = s.charAt(1);
            int radix = k == 'x' || k == 'X' ? 16 : k == 'o' || k == 'O' ? 8 : k == 'b' || k == 'B' ? 2 : 0;
            if (radix != 0) return new Value(ConstantKind.INT, new BigInteger(s.substring(2), radix), null);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') return new Value(ConstantKind.FLOAT, Double.parseDouble(s), null);
        }
        return new Value(ConstantKind.INT, s.length() < 18 ? BigInteger.valueOf(Long.parseLong(s)) : new BigInteger(s), null);
    }

    /** Length of a string token's prefix (the letters before the first quote). */
    static int prefixLength(String token) {
        int i = 0;
        while (i < token.length() && token.charAt(i) != '\'' && token.charAt(i) != '"') i++;
        return i;
    }

    /** Whether a string token's prefix makes it bytes: {@code b'...'}, {@code Rb"..."}. */
    static boolean isBytes(String token) {
        return token.substring(0, prefixLength(token)).toLowerCase(java.util.Locale.ROOT).indexOf('b') >= 0;
    }

    /** Whether the start token of an f-string-like literal ({@code t"}, {@code rT'}) starts a t-string. */
    static boolean isTemplate(String fstringStart) {
        return fstringStart.indexOf('t') >= 0 || fstringStart.indexOf('T') >= 0;
    }

    /** A complete (non f-string) string token, e.g. {@code rb'\x00'}. */
    static Value string(String token) {
        int p = prefixLength(token);
        String prefix = token.substring(0, p).toLowerCase(java.util.Locale.ROOT);
        boolean raw = prefix.indexOf('r') >= 0;
        boolean bytes = prefix.indexOf('b') >= 0;
        int q = token.length() - p >= 6 && (token.startsWith("\"\"\"", p) || token.startsWith("'''", p)) ? 3 : 1;
        String body = token.substring(p + q, token.length() - q);
        return decodeBody(body, raw, bytes);
    }

    static Value decodeBody(String body, boolean raw, boolean bytes) {
        if (bytes) {
            for (int i = 0; i < body.length(); i++) {
                if (body.charAt(i) > 127) {
                    return new Value(ConstantKind.BYTES, null, "bytes can only contain ASCII literal characters");
                }
            }
        }
        ConstantKind kind = bytes ? ConstantKind.BYTES : ConstantKind.STR;
        if (raw || body.indexOf('\\') < 0) return new Value(kind, body, null);
        StringBuilder out = new StringBuilder(body.length());
        int n = body.length();
        for (int i = 0; i < n; i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= n) {
                out.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case '\n' -> { }
                case '\\' -> out.append('\\');
                case '\'' -> out.append('\'');
                case '"' -> out.append('"');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int v = e - '0';
                    int k = 1;
                    while (k < 3 && i + 1 < n && body.charAt(i + 1) >= '0' && body.charAt(i + 1) <= '7') {
                        v = v * 8 + body.charAt(++i) - '0';
                        k++;
                    }
                    // Values above 0o377 only warn in CPython; bytes keep the low byte.
                    out.append((char) (bytes ? v & 0xff : v));
                }
                case 'x' -> {
                    int v = hex(body, i + 1, 2);
                    if (v < 0) return new Value(kind, null, "(unicode error) truncated \\xXX escape");
                    out.append((char) v);
                    i += 2;
                }
                case 'u', 'U' -> {
                    if (bytes) {
                        out.append('\\').append(e);
                        break;
                    }
                    int len = e == 'u' ? 4 : 8;
                    int v = hex(body, i + 1, len);
                    if (v < 0 || v > Character.MAX_CODE_POINT) {
                        return new Value(kind, null, "(unicode error) truncated \\" + e + " escape or illegal Unicode character");
                    }
                    out.appendCodePoint(v);
                    i += len;
                }
                case 'N' -> {
                    int close = body.indexOf('}', i);
                    if (bytes) {
                        out.append("\\N");
                    } else if (i + 1 < n && body.charAt(i + 1) == '{' && close > i + 2) {
                        String name = body.substring(i + 2, close);
                        try {
                            out.appendCodePoint(Character.codePointOf(name));
                        } catch (IllegalArgumentException unknown) {
                            Integer alias = NAME_ALIASES.get(name.toUpperCase(java.util.Locale.ROOT));
                            if (alias == null) alias = numberedName(name);
                            if (alias == null) return new Value(kind, null, "(unicode error) unknown Unicode character name '" + name + "'");
                            out.appendCodePoint(alias);
                        }
                        i = close;
                    } else {
                        return new Value(kind, null, "(unicode error) malformed \\N character escape");
                    }
                }
                default -> out.append('\\').append(e); // an invalid escape is only a warning
            }
        }
        return new Value(kind, out.toString(), null);
    }

    /**
     * Names Python derives from the code point ("CJK UNIFIED IDEOGRAPH-6574", "TANGUT
     * IDEOGRAPH-17000") and Hangul syllables ("HANGUL SYLLABLE GAG"), which Java names differently.
     */
    private static Integer numberedName(String name) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        if (upper.startsWith("HANGUL SYLLABLE ")) return hangulSyllable(upper.substring("HANGUL SYLLABLE ".length()));
        int dash = upper.lastIndexOf('-');
        if (dash < 0 || !(upper.contains("IDEOGRAPH") || upper.contains("CHARACTER"))) return null;
        int len = upper.length() - dash - 1;
        if (len < 4 || len > 6) return null;
        int v = hex(upper, dash + 1, len);
        return v < 0 || v > Character.MAX_CODE_POINT ? null : v;
    }

    private static final String[] JAMO_L = {"G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ",
            "C", "K", "T", "P", "H"};
    private static final String[] JAMO_V = {"A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO",
            "U", "WEO", "WE", "WI", "YU", "EU", "YI", "I"};
    private static final String[] JAMO_T = {"", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT",
            "LP", "LH", "M", "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H"};

    /** The Unicode algorithm for Hangul syllable names (chapter 3.12), run backwards. */
    private static Integer hangulSyllable(String jamo) {
        for (int l = 0; l < JAMO_L.length; l++) {
            if (!jamo.startsWith(JAMO_L[l])) continue;
            for (int v = 0; v < JAMO_V.length; v++) {
                if (!jamo.startsWith(JAMO_V[v], JAMO_L[l].length())) continue;
                String rest = jamo.substring(JAMO_L[l].length() + JAMO_V[v].length());
                for (int t = 0; t < JAMO_T.length; t++) {
                    if (rest.equals(JAMO_T[t])) return 0xAC00 + (l * 21 + v) * 28 + t;
                }
            }
        }
        return null;
    }

    private static int hex(String s, int from, int len) {
        if (from + len > s.length()) return -1;
        long v = 0;
        for (int i = from; i < from + len; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) return -1;
            v = v * 16 + d;
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }
}
