package dev.asyncguard.diff;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Git's C-style path quoting ({@code core.quotePath}): a path with a space is written bare in
 * headers, but one with a quote, backslash, control character or (by default) any byte >= 0x80 is
 * written in double quotes with backslash escapes and octal bytes of its UTF-8 form.
 */
final class GitPathQuoting {
    private GitPathQuoting() {}

    /** A quoted token that starts at {@code start} (a '"'), decoded, and the index just after its closing quote. */
    record Token(String text, int end) {}

    static Token unquote(String s, int start) {
        if (start >= s.length() || s.charAt(start) != '"') {
            throw new DiffFormatException("expected a quoted path at column " + start + " of: " + s);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                return new Token(bytes.toString(StandardCharsets.UTF_8), i + 1);
            }
            if (c != '\\') {
                int cp = s.codePointAt(i);
                byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                bytes.writeBytes(utf8);
                i += Character.charCount(cp);
                continue;
            }
            if (i + 1 >= s.length()) break;
            char e = s.charAt(i + 1);
            switch (e) {
                case 'a' -> bytes.write(7);
                case 'b' -> bytes.write(8);
                case 't' -> bytes.write('\t');
                case 'n' -> bytes.write('\n');
                case 'v' -> bytes.write(11);
                case 'f' -> bytes.write(12);
                case 'r' -> bytes.write('\r');
                case '"' -> bytes.write('"');
                case '\\' -> bytes.write('\\');
                default -> {
                    if (e >= '0' && e <= '3' && i + 3 < s.length() && isOctal(s.charAt(i + 2)) && isOctal(s.charAt(i + 3))) {
                        bytes.write(Integer.parseInt(s.substring(i + 1, i + 4), 8));
                        i += 4;
                        continue;
                    }
                    throw new DiffFormatException("bad escape \\" + e + " in quoted path: " + s);
                }
            }
            i += 2;
        }
        throw new DiffFormatException("unterminated quoted path: " + s);
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }

    /**
     * A path as written after {@code ---}/{@code +++}, {@code rename from} and the like: quoted or
     * bare; a bare one may carry the tab git appends when the name has a space.
     */
    static String pathField(String field) {
        if (field.startsWith("\"")) return unquote(field, 0).text();
        return field.endsWith("\t") ? field.substring(0, field.length() - 1) : field;
    }
}
