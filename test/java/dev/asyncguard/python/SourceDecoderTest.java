package dev.asyncguard.python;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Source bytes to text as CPython reads them, on each path the decoder takes: ASCII bytes (used as
 * they are), UTF-8 beyond ASCII, CR and CRLF line ends, NUL bytes, a BOM, a coding cookie, bytes
 * that are not UTF-8, and a real U+FFFD in the file.
 */
class SourceDecoderTest {

    private static String decoded(byte[] bytes) {
        SourceDecoder.Decoded d = SourceDecoder.decode(bytes);
        assertNull(d.error(), () -> "unexpected error " + d.error());
        return d.text();
    }

    private static String decoded(String utf8) {
        return decoded(utf8.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void textIsTheFileWithUniversalNewlines() {
        for (String s : List.of("", "x = 1\n", "x = 1", "a\tb\f\n", "é = 'ü'\n", "s = '🐍'\n", "a = '\uFFFD'\n",
                "x = '日本'\r\ny = 2\r\n", "a\rb\r\nc\n\rd", "\r", "\r\n", "x = 1\r", "é\r")) {
            assertEquals(s.replace("\r\n", "\n").replace('\r', '\n'), decoded(s), () -> "on " + s.replace("\r", "\\r"));
        }
    }

    @Test
    void byteOrderMarkIsDropped() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'x', '\r', '\n'};
        assertEquals("x\n", decoded(bom));
        byte[] only = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        assertEquals("", decoded(only));
    }

    @Test
    void nullBytesAreReportedWithTheirLine() {
        for (String s : List.of("x = 1\n\0\n", "é\n\0", "a\r\nb\r\n\0")) {
            SourceDecoder.Decoded d = SourceDecoder.decode(s.getBytes(StandardCharsets.UTF_8));
            assertNull(d.text());
            assertEquals("source code cannot contain null bytes", d.error().message());
            assertEquals(s.startsWith("a") ? 3 : 2, d.error().line());
        }
    }

    @Test
    void bytesThatAreNotUtf8AreReportedWhereTheyAre() {
        byte[] bad = {'x', '\n', 'y', ' ', '=', ' ', (byte) 0xFF, '\n'};
        SourceDecoder.Decoded d = SourceDecoder.decode(bad);
        assertNull(d.text());
        assertEquals(2, d.error().line());
        assertEquals(4, d.error().column());
        assertTrue(d.error().message().contains("can't decode byte 0xff"), d.error().message());
        byte[] badWithCr = {'x', '\r', '\n', (byte) 0xC3, '\n'};
        assertTrue(SourceDecoder.decode(badWithCr).error().message().contains("0xc3"));
    }

    @Test
    void codingCookieDecidesTheCharset() {
        byte[] latin1 = {'#', ' ', '-', '*', '-', ' ', 'c', 'o', 'd', 'i', 'n', 'g', ':', ' ', 'l', 'a', 't', 'i', 'n', '-', '1',
                ' ', '-', '*', '-', '\r', '\n', 'x', ' ', '=', ' ', '\'', (byte) 0xE9, '\'', '\r', '\n'};
        assertEquals("# -*- coding: latin-1 -*-\nx = 'é'\n", decoded(latin1));
        byte[] ascii = "# coding: ascii\nx = 1\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals("# coding: ascii\nx = 1\n", decoded(ascii));
    }
}
