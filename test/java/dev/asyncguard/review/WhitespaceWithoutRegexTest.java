package dev.asyncguard.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Fingerprints#normalize} and {@link Markdown#oneLine} skip their regular expression when it has
 * nothing to replace: their answers stay those of the expressions (fingerprints already posted must
 * match the next run's), for lines of code, messages and any mix of whitespace, Unicode's included.
 */
class WhitespaceWithoutRegexTest {
    private static List<String> samples() {
        List<String> out = new ArrayList<>(List.of("", " ", "x", "  await asyncio.sleep(1)  ", "a  b", "a\tb", "a \tb",
                "\tx = 1\t", "a\u000Bb", "a\fb", "a\rb", "a\r\nb", "line one\n  line two", "a\u00A0\u00A0b", "\u2003a\u2003",
                "a\u2028b", "a \u2029 b", "a\u0085b", "end \n", "\n", "x  \n  y  \n  z", "if x:  # two  spaces"));
        Random random = new Random(20);
        char[] alphabet = {'a', 'b', ' ', ' ', '\t', '\n', '\r', '\u000B', '\f', '\u0085', '\u00A0', '\u2028', '\u2029', '\u3000', '|'};
        for (int n = 0; n < 5_000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) sb.append(alphabet[random.nextInt(alphabet.length)]);
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void normalizeIsTheRegexReplacement() {
        for (String s : samples()) {
            assertEquals(s.strip().replaceAll("\\s+", " "), Fingerprints.normalize(s), () -> s.chars().mapToObj(Integer::toHexString).toList().toString());
        }
    }

    @Test
    void oneLineIsTheRegexReplacement() {
        for (String s : samples()) {
            assertEquals(s.replaceAll("\\s*\\R\\s*", " ").strip(), Markdown.oneLine(s), () -> s.chars().mapToObj(Integer::toHexString).toList().toString());
        }
    }
}
