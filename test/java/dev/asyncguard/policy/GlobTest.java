package dev.asyncguard.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            // '*' stays within a segment
            "src/*.py | src/app.py | true",
            "src/*.py | src/pkg/app.py | false",
            "src/*.py | src/.hidden.py | true",
            // '**' spans directories, none included
            "src/**/*.py | src/app.py | true",
            "src/**/*.py | src/a/b/c/app.py | true",
            "src/**/*.py | lib/src/app.py | false",
            "**/*.py | app.py | true",
            "**/*.py | a/b/app.py | true",
            "**/*.py | a/b/app.pyc | false",
            "tests/** | tests/unit/test_a.py | true",
            "tests/** | src/tests/test_a.py | false",
            "a/**/b/**/c.py | a/x/b/y/z/c.py | true",
            "a/**/b/**/c.py | a/b/c.py | true",
            "a/**/b/**/c.py | a/x/y/c.py | false",
            // no '/': a name at any depth; leading '/': anchored at the root
            "conftest.py | conftest.py | true",
            "conftest.py | tests/unit/conftest.py | true",
            "*_pb2.py | api/v1/user_pb2.py | true",
            "/setup.py | setup.py | true",
            "/setup.py | pkg/setup.py | false",
            // trailing '/': everything below
            "vendor/ | vendor/lib/x.py | true",
            "vendor/ | src/vendor/x.py | true",
            "/vendor/ | src/vendor/x.py | false",
            "build/out/ | build/out/gen/x.py | true",
            "build/out/ | build/outside.py | false",
            // '?', sets, ranges, negation
            "test_?.py | test_a.py | true",
            "test_?.py | test_ab.py | false",
            "src/?/x.py | src/a/x.py | true",
            "v[0-9].py | v7.py | true",
            "v[0-9].py | vx.py | false",
            "v[!0-9].py | vx.py | true",
            "v[!0-9].py | v7.py | false",
            "v[]x].py | v].py | true",
            // braces
            "**/*.{py,pyi} | pkg/mod.pyi | true",
            "**/*.{py,pyi} | pkg/mod.pyx | false",
            "{src,lib}/**/*.py | lib/a/b.py | true",
            "{src,lib}/**/*.py | app/a/b.py | false",
            "a{b,c{d,e}}f | acef | true",
            "a{b,c{d,e}}f | acf | false",
            // escapes
            "x\\*.py | x*.py | true",
            "x\\*.py | xy.py | false",
            // star backtracking inside a segment
            "*a*b*c | xxaxxbxxbxc | true",
            "*a*b*c | xxaxxbxxbx | false",
            // './' and '/' at the start of the path are ignored
            "src/*.py | ./src/app.py | true",
    })
    void matches(String pattern, String path, boolean expected) {
        assertEquals(expected, Glob.compile(pattern).matches(path));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "src/[a.py       | a '[' is never closed with ']'",
            "{src,lib/*.py   | '{' at position 1 is never closed with '}'",
            "src//a.py       | empty path segment ('//')",
            "../outside.py   | '..' segments never occur in repository paths",
            "x\\             | a '\\' at the end escapes nothing",
            "[z-a].py        | range z-a is backwards",
            "/               | the pattern names no path",
    })
    void rejectsBadPatternsWithAReason(String pattern, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Glob.compile(pattern.strip()));
        assertEquals(message, e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void limitsBraceExpansion() {
        String nine = "{a,b}".repeat(9); // 512 alternatives
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Glob.compile(nine));
        assertEquals("{...} alternatives expand to more than 256 patterns", e.getMessage());
        assertTrue(Glob.compile("{a,b}".repeat(8)).matches("abababab"));
    }

    @org.junit.jupiter.api.Test
    void equalityIsByPattern() {
        assertEquals(Glob.compile("**/*.py"), Glob.compile("**/*.py"));
        assertEquals("**/*.py", Glob.compile("**/*.py").toString());
    }

    /** Any pattern either compiles or is refused with a reason; a compiled one matches without failing. */
    @org.junit.jupiter.api.Test
    void randomPatternsNeverFailOtherwise() {
        String alphabet = "*?[]{}!^-,/\\ab.";
        java.util.Random random = new java.util.Random(7);
        java.util.List<String> paths = java.util.List.of("a", "a/b", "ab/ba.b", ".a/b/", "a//b", "", "b/a/a/a/a/b");
        int compiled = 0;
        for (int i = 0; i < 5000; i++) {
            StringBuilder p = new StringBuilder();
            for (int n = 1 + random.nextInt(12); n > 0; n--) p.append(alphabet.charAt(random.nextInt(alphabet.length())));
            Glob glob;
            try {
                glob = Glob.compile(p.toString());
            } catch (IllegalArgumentException refused) {
                assertTrue(refused.getMessage() != null && !refused.getMessage().isBlank(), p.toString());
                continue;
            }
            compiled++;
            for (String path : paths) glob.matches(path);
        }
        assertTrue(compiled > 500, "compiled " + compiled);
    }

    /**
     * Patterns without '**', or with one at either end only, are matched part by part, the others
     * by a table: both answer as a plain search over the segments (written out here) does, for
     * random patterns of literals, '*', '**', anchors and trailing '/' against random paths.
     */
    @org.junit.jupiter.api.Test
    void everyShapeOfPatternMatchesAsASearchOverItsSegments() {
        String[] segments = {"a", "b", "*", "a*", "*b", "**"};
        String[] names = {"a", "b", "ab", "ba", "bb"};
        java.util.Random random = new java.util.Random(11);
        int matched = 0;
        for (int i = 0; i < 4000; i++) {
            java.util.List<String> segs = new java.util.ArrayList<>();
            for (int n = 1 + random.nextInt(4); n > 0; n--) segs.add(segments[random.nextInt(segments.length)]);
            if (segs.stream().allMatch("**"::equals)) continue;
            boolean anchored = random.nextInt(3) == 0;
            boolean below = random.nextInt(4) == 0;
            String pattern = (anchored ? "/" : "") + String.join("/", segs) + (below ? "/" : "");
            // As the policy reads it: no '/' but a trailing one is a name at any depth; a trailing '/' is everything below.
            java.util.List<String> search = new java.util.ArrayList<>(segs);
            if (!anchored && segs.size() == 1) search.addFirst("**");
            if (below) search.add("**");
            Glob glob = Glob.compile(pattern);
            for (int k = 0; k < 6; k++) {
                String[] parts = new String[1 + random.nextInt(5)];
                for (int j = 0; j < parts.length; j++) parts[j] = names[random.nextInt(names.length)];
                boolean expected = search(search, 0, parts, 0);
                assertEquals(expected, glob.matches(String.join("/", parts)), pattern + " ~ " + String.join("/", parts));
                assertEquals(expected, glob.matches(parts), pattern + " ~ " + java.util.Arrays.toString(parts));
                if (expected) matched++;
            }
        }
        assertTrue(matched > 1000, "matched " + matched);
    }

    private static boolean search(java.util.List<String> segs, int i, String[] parts, int j) {
        if (i == segs.size()) return j == parts.length;
        String seg = segs.get(i);
        if (seg.equals("**")) return search(segs, i + 1, parts, j) || (j < parts.length && search(segs, i, parts, j + 1));
        return j < parts.length && parts[j].matches(seg.replace("*", "[^/]*")) && search(segs, i + 1, parts, j + 1);
    }
}
