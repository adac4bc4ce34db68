package dev.asyncguard.python;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutates real Python files (deletes, duplicates and swaps byte ranges, tokens and single bytes)
 * with a fixed seed and parses each mutant: no exception, no hang (ten seconds per file: a guard against
 * endless loops, not a speed test; one second failed on a machine running seven builds), and
 * every diagnostic has a position. The seeds are our own test cases plus, where pyenv's CPython
 * 3.13 is installed, small files of its library (read in place).
 */
class MutationFuzzTest {
    /** More with -Dfuzz.mutants=N for a longer run by hand. */
    private static final int MUTANTS_PER_FILE = Integer.getInteger("fuzz.mutants", 12);
    private static final int MAX_FILE_BYTES = 20_000;

    @Test
    void mutantsNeverCrashOrHang() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : List.of("ast-cases.py", "accepted-cases.py", "rejected-cases.py")) {
            seeds.add(CpythonAstTest.resource(name).getBytes(StandardCharsets.UTF_8));
        }
        Path asyncio = Path.of(System.getProperty("user.home"), ".pyenv/versions/3.13.0/lib/python3.13/asyncio");
        if (Files.isDirectory(asyncio)) {
            try (Stream<Path> files = Files.list(asyncio)) {
                for (Path f : files.sorted().toList()) {
                    if (f.toString().endsWith(".py") && Files.size(f) < MAX_FILE_BYTES) seeds.add(Files.readAllBytes(f));
                }
            }
        }
        Random random = new Random(20261122L);
        Parser parser = new Parser(PythonVersion.PY313);
        int parsed = 0;
        for (byte[] seed : seeds) {
            // Untimed: the first parses of a JVM load classes and build the prediction caches.
            parser.parse(seed);
            parser.parse(mutate(seed, new Random(seed.length)));
            for (int i = 0; i < MUTANTS_PER_FILE; i++) {
                byte[] mutant = mutate(seed, random);
                ParseResult r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> parser.parse(mutant),
                        () -> "hang on mutant:\n" + new String(mutant, StandardCharsets.UTF_8));
                assertNotNull(r.module());
                for (SyntaxDiagnostic d : r.diagnostics()) {
                    assertTrue(d.line() >= 1 && d.column() >= 0 && !d.message().isBlank(), d::toString);
                    assertTrue(!d.message().startsWith("internal parser error"),
                            () -> d + " on mutant:\n" + new String(mutant, StandardCharsets.UTF_8));
                }
                parsed++;
            }
        }
        assertTrue(parsed >= 36);
    }

    static byte[] mutate(byte[] src, Random random) {
        byte[] b = src.clone();
        int rounds = 1 + random.nextInt(4);
        for (int k = 0; k < rounds && b.length > 2; k++) {
            int a = random.nextInt(b.length);
            int len = 1 + random.nextInt(Math.min(40, b.length - a));
            b = switch (random.nextInt(6)) {
                case 0 -> concat(slice(b, 0, a), slice(b, a + len, b.length));                    // delete a range
                case 1 -> concat(slice(b, 0, a + len), slice(b, a, b.length));                    // duplicate a range
                case 2 -> swapBytes(b, a, random.nextInt(b.length));                              // swap two bytes
                case 3 -> swapTokens(b, random);                                                  // swap two tokens
                case 4 -> concat(concat(slice(b, 0, a), new byte[] {pick(random)}), slice(b, a, b.length)); // insert one
                default -> {                                                                      // overwrite a byte
                    byte[] c = b.clone();
                    c[a] = (byte) random.nextInt(256);
                    yield c;
                }
            };
        }
        return b;
    }

    private static byte pick(Random random) {
        String interesting = "()[]{}'\"\\:=#\n\t\f*@!fr ";
        return (byte) interesting.charAt(random.nextInt(interesting.length()));
    }

    private static byte[] swapBytes(byte[] b, int i, int j) {
        byte[] c = b.clone();
        byte t = c[i];
        c[i] = c[j];
        c[j] = t;
        return c;
    }

    /** Swaps two whitespace-separated words. */
    private static byte[] swapTokens(byte[] b, Random random) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        String[] words = s.split("(?<=\\s)|(?=\\s)");
        if (words.length < 3) return b;
        int i = random.nextInt(words.length);
        int j = random.nextInt(words.length);
        String t = words[i];
        words[i] = words[j];
        words[j] = t;
        return String.join("", words).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, Math.min(from, b.length), Math.min(Math.max(from, to), b.length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
