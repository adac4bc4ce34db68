package dev.asyncguard.python;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Source bytes to text as CPython reads them: a UTF-8 BOM, a PEP 263 coding cookie on line 1 or
 * 2 (line 2 only after a comment-only line), UTF-8 by default, and universal newlines.
 */
final class SourceDecoder {
    private static final Pattern COOKIE = Pattern.compile("^[ \\t\\f]*#.*?coding[:=][ \\t]*([-\\w.]+)");

    /** The decoded text, or the reason there is none (with the 1-based line it concerns). */
    record Decoded(String text, SyntaxDiagnostic error) {}

    private SourceDecoder() {}

    static Decoded decode(byte[] bytes) {
        int offset = 0;
        boolean bom = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF;
        if (bom) offset = 3;
        String cookie = null;
        int cookieLine = 0;
        int lineStart = offset;
        for (int line = 1; line <= 2 && lineStart < bytes.length; line++) {
            int end = lineStart;
            while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') end++;
            String text = new String(bytes, lineStart, end - lineStart, StandardCharsets.ISO_8859_1);
            Matcher m = COOKIE.matcher(text);
            if (m.find()) {
                cookie = m.group(1);
                cookieLine = line;
                break;
            }
            String stripped = text.strip();
            if (!(stripped.isEmpty() || stripped.startsWith("#"))) break;
            lineStart = end;
            if (lineStart < bytes.length && bytes[lineStart] == '\r') lineStart++;
            if (lineStart < bytes.length && bytes[lineStart] == '\n') lineStart++;
        }
        Charset charset = StandardCharsets.UTF_8;
        if (cookie != null) {
            String normal = normalName(cookie);
            if (bom && !normal.equals("utf-8")) {
                return new Decoded(null, new SyntaxDiagnostic(cookieLine, 0, "encoding problem: " + cookie + " with BOM"));
            }
            charset = charsetFor(normal);
            if (charset == null) {
                return new Decoded(null, new SyntaxDiagnostic(cookieLine, 0, "unknown encoding: " + cookie));
            }
        }
        String text;
        if (charset == StandardCharsets.UTF_8) {
            // One pass over the bytes instead of three over the text (the decoder's, '\r' and NUL:
            // C1 compiles none of them to vector code). CR and NUL bytes are never part of a longer
            // UTF-8 sequence, and text of ASCII bytes only is those bytes as they are.
            int or = 0;
            boolean crOrNul = false;
            for (int i = offset; i < bytes.length; i++) {
                byte b = bytes[i];
                or |= b;
                if (b == '\r' || b == 0) {
                    crOrNul = true;
                    break;
                }
            }
            if (!crOrNul && or >= 0) return new Decoded(new String(bytes, offset, bytes.length - offset, StandardCharsets.ISO_8859_1), null);
            // The JDK's replacing UTF-8 decode is much faster than a CharsetDecoder. Bad bytes turn
            // into U+FFFD; only then is the strict decoder needed, to tell them from a real U+FFFD.
            text = new String(bytes, offset, bytes.length - offset, StandardCharsets.UTF_8);
            if (text.indexOf('\uFFFD') < 0) return crOrNul ? fromDecodedText(text) : new Decoded(text, null);
        }
        try {
            CharsetDecoder decoder = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            text = decoder.decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset)).toString();
        } catch (CharacterCodingException e) {
            return new Decoded(null, badBytes(bytes, offset, charset));
        }
        return fromDecodedText(text);
    }

    /** Text that is already decoded (a String handed to the parser): BOM, newlines and NUL only. */
    static Decoded fromText(String text) {
        return fromDecodedText(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    private static Decoded fromDecodedText(String decoded) {
        String text = universalNewlines(decoded);
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            return new Decoded(null, new SyntaxDiagnostic(lineOf(text, nul), 0, "source code cannot contain null bytes"));
        }
        return new Decoded(text, null);
    }

    /** Where the undecodable bytes are: the line and column of the first bad byte. */
    private static SyntaxDiagnostic badBytes(byte[] bytes, int offset, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        int bad = in.position();
        int line = 1;
        int lineStart = offset;
        for (int i = offset; i < bad; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SyntaxDiagnostic(line, bad - lineStart, String.format(
                "(unicode error) '%s' codec can't decode byte 0x%02x in line %d",
                charset.name().toLowerCase(Locale.ROOT), bytes[bad] & 0xff, line));
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) if (text.charAt(i) == '\n') line++;
        return line;
    }

    /** CPython's get_normal_name: only utf-8 and latin-1 spellings are folded. */
    static String normalName(String name) {
        String s = name.toLowerCase(Locale.ROOT).replace('_', '-');
        if (s.equals("utf-8") || s.startsWith("utf-8-")) return "utf-8";
        if (s.equals("latin-1") || s.equals("iso-8859-1") || s.equals("iso-latin-1")
                || s.startsWith("latin-1-") || s.startsWith("iso-8859-1-") || s.startsWith("iso-latin-1-")) {
            return "iso-8859-1";
        }
        return s;
    }

    private static Charset charsetFor(String normal) {
        String[] candidates = {normal, normal.replace("-", ""), normal.replace("-", "_"),
                normal.startsWith("cp") ? "windows-" + normal.substring(2) : normal,
                normal.startsWith("latin") ? "ISO-8859-" + normal.replaceAll("\\D", "") : normal,
                normal.equals("utf8") ? "UTF-8" : normal};
        for (String c : candidates) {
            try {
                if (Charset.isSupported(c)) return Charset.forName(c);
            } catch (IllegalArgumentException ignored) {
                // not a legal charset name in Java; try the next spelling
            }
        }
        return null;
    }

    private static String universalNewlines(String text) {
        if (text.indexOf('\r') < 0) return text;
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                sb.append('\n');
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
