package dev.asyncguard.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A path pattern from {@code paths.include} / {@code paths.exclude}, matched against
 * repository-relative, '/'-separated paths. The rules follow {@code .gitignore}, which people
 * already know:
 * <ul>
 *   <li>{@code *} matches any run of characters except '/', {@code ?} one character except '/',
 *       {@code [abc]}, {@code [a-z]}, {@code [!abc]} one character of (not of) a set;</li>
 *   <li>{@code **} as a whole segment matches any number of directories, none included
 *       ({@code src/**}{@code /test_*.py});</li>
 *   <li>{@code {a,b}} matches either alternative ({@code **}{@code /*.{py,pyi}});</li>
 *   <li>a pattern without '/' matches the file or directory name at any depth
 *       ({@code conftest.py}); a leading '/' anchors it at the root instead ({@code /setup.py});</li>
 *   <li>a trailing '/' means "everything below this directory" ({@code build/});</li>
 *   <li>{@code \} makes the next character literal.</li>
 * </ul>
 * Matching is linear in the path per pattern segment (no regular expressions), so a hostile
 * pattern in a policy file cannot make a review backtrack for minutes.
 */
public final class Glob {

    static final int MAX_LENGTH = 1000;
    static final int MAX_ALTERNATIVES = 256;

    private final String pattern;
    /** One list of segments per brace alternative; a null segment stands for {@code **}. */
    private final List<List<Segment>> alternatives;

    private Glob(String pattern, List<List<Segment>> alternatives) {
        this.pattern = pattern;
        this.alternatives = alternatives;
    }

    /**
     * Compiles a pattern; throws {@link IllegalArgumentException} whose message says what is
     * wrong with it (for a policy problem).
     */
    public static Glob compile(String pattern) {
        if (pattern.isBlank()) throw new IllegalArgumentException("empty pattern");
        if (pattern.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("pattern longer than " + MAX_LENGTH + " characters");
        }
        List<String> expanded = new ArrayList<>();
        expandBraces(pattern, expanded);
        List<List<Segment>> alternatives = new ArrayList<>();
        for (String alternative : expanded) alternatives.add(segments(alternative));
        return new Glob(pattern, List.copyOf(alternatives));
    }

    /** Whether a repository-relative path ({@code src/app/main.py}) matches. */
    public boolean matches(String path) {
        return matches(parts(path));
    }

    /**
     * A repository-relative path split as {@link #matches(String)} splits it ({@code [src, app, main.py]}),
     * for callers that match one path against many patterns (an ignore file's, a policy's paths).
     */
    public static String[] parts(String path) {
        String p = path.startsWith("./") ? path.substring(2) : path;
        while (p.startsWith("/")) p = p.substring(1);
        return p.split("/", -1);
    }

    /** Whether a path split by {@link #parts(String)} matches. */
    public boolean matches(String[] parts) {
        for (List<Segment> segments : alternatives) {
            if (matchSegments(segments, parts)) return true;
        }
        return false;
    }

    public String pattern() {
        return pattern;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Glob g && g.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }

    // --- compiling ---

    private static void expandBraces(String s, List<String> out) {
        int open = -1;
        int depth = 0;
        boolean inClass = false;
        List<Integer> commas = new ArrayList<>();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                if (c == ']') inClass = false;
            } else if (c == '[') {
                inClass = true;
                // A ']' right after '[' or '[!' belongs to the set.
                if (i + 1 < s.length() && (s.charAt(i + 1) == '!' || s.charAt(i + 1) == '^')) i++;
                if (i + 1 < s.length() && s.charAt(i + 1) == ']') i++;
            } else if (c == '{') {
                if (depth++ == 0) open = i;
            } else if (c == ',' && depth == 1) {
                commas.add(i);
            } else if (c == '}' && depth > 0 && --depth == 0) {
                String prefix = s.substring(0, open);
                String suffix = s.substring(i + 1);
                int from = open + 1;
                commas.add(i);
                for (int end : commas) {
                    expandBraces(prefix + s.substring(from, end) + suffix, out);
                    from = end + 1;
                }
                return;
            }
        }
        if (depth > 0) throw new IllegalArgumentException("'{' at position " + (open + 1) + " is never closed with '}'");
        if (out.size() >= MAX_ALTERNATIVES) {
            throw new IllegalArgumentException("{...} alternatives expand to more than " + MAX_ALTERNATIVES + " patterns");
        }
        out.add(s);
    }

    private static List<Segment> segments(String alternative) {
        String p = alternative;
        boolean anchored = p.startsWith("/");
        if (anchored) p = p.substring(1);
        boolean below = p.endsWith("/") && !p.endsWith("\\/");
        if (below) p = p.substring(0, p.length() - 1);
        if (p.isEmpty()) throw new IllegalArgumentException("the pattern names no path");
        List<Segment> segments = new ArrayList<>();
        if (!anchored && !p.contains("/")) segments.add(null);
        for (String part : p.split("/", -1)) {
            if (part.isEmpty()) throw new IllegalArgumentException("empty path segment ('//')");
            if (part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("'" + part + "' segments never occur in repository paths");
            }
            segments.add(part.equals("**") ? null : Segment.parse(part));
        }
        if (below) segments.add(null);
        return Collections.unmodifiableList(segments);
    }

    // --- matching ---

    private static boolean matchSegments(List<Segment> segments, String[] parts) {
        int n = segments.size();
        int m = parts.length;
        // Most patterns have no '**' ({@code /setup.py}, {@code src/*.py}), or only a leading one (a
        // name at any depth: {@code *.pyc}) or a trailing one ({@code build/}): matched part by part,
        // without the table below (asked for every file a folder walk finds, against every pattern).
        int wild = 0;
        for (int i = 0; i < n; i++) if (segments.get(i) == null) wild++;
        if (wild == 0 || (wild == 1 && (segments.get(0) == null || segments.get(n - 1) == null))) {
            boolean leading = wild == 1 && segments.get(0) == null;
            int fixed = n - wild;
            if (wild == 0 ? m != n : m < fixed) return false;
            int offset = leading ? m - fixed - 1 : 0;       // parts[offset + i] for segment i
            for (int i = leading ? 1 : 0; i < (leading ? n : fixed); i++) {
                if (!segments.get(i).matches(parts[offset + i])) return false;
            }
            return true;
        }
        // matched[i][j]: segments from i on match parts from j on. Filled from the end, so that
        // several '**' cost n*m steps, not an exponential search; one row of it at a time.
        boolean[] next = new boolean[m + 1];
        boolean[] row = new boolean[m + 1];
        next[m] = true;
        for (int i = n - 1; i >= 0; i--) {
            Segment seg = segments.get(i);
            for (int j = m; j >= 0; j--) {
                if (seg == null) {
                    row[j] = next[j] || (j < m && row[j + 1]);
                } else {
                    row[j] = j < m && next[j + 1] && seg.matches(parts[j]);
                }
            }
            boolean[] done = next;
            next = row;
            row = done;
        }
        return next[0];
    }

    /** One path segment's pattern: literals, '?', '*' and character sets. */
    private record Segment(List<Token> tokens) {

        static Segment parse(String part) {
            List<Token> tokens = new ArrayList<>();
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                switch (c) {
                    case '\\' -> {
                        if (i + 1 == part.length()) throw new IllegalArgumentException("a '\\' at the end escapes nothing");
                        tokens.add(new Token.Literal(part.charAt(++i)));
                    }
                    case '*' -> {
                        if (tokens.isEmpty() || !(tokens.getLast() instanceof Token.Star)) tokens.add(new Token.Star());
                    }
                    case '?' -> tokens.add(new Token.AnyChar());
                    case '[' -> i = parseSet(part, i, tokens);
                    default -> tokens.add(new Token.Literal(c));
                }
            }
            return new Segment(List.copyOf(tokens));
        }

        private static int parseSet(String part, int open, List<Token> tokens) {
            int i = open + 1;
            boolean negated = i < part.length() && (part.charAt(i) == '!' || part.charAt(i) == '^');
            if (negated) i++;
            StringBuilder ranges = new StringBuilder();
            boolean first = true;
            while (i < part.length() && (first || part.charAt(i) != ']')) {
                char lo = part.charAt(i);
                if (lo == '\\' && i + 1 < part.length()) lo = part.charAt(++i);
                char hi = lo;
                if (i + 2 < part.length() && part.charAt(i + 1) == '-' && part.charAt(i + 2) != ']') {
                    hi = part.charAt(i + 2);
                    i += 2;
                    if (hi < lo) throw new IllegalArgumentException("range " + lo + "-" + hi + " is backwards");
                }
                ranges.append(lo).append(hi);
                i++;
                first = false;
            }
            if (i >= part.length()) throw new IllegalArgumentException("a '[' is never closed with ']'");
            tokens.add(new Token.CharSet(ranges.toString(), negated));
            return i;
        }

        /** Greedy matching with one remembered '*': linear for patterns without '*'. */
        boolean matches(String s) {
            int t = 0;
            int c = 0;
            int starT = -1;
            int starC = -1;
            while (c < s.length()) {
                if (t < tokens.size() && tokens.get(t) instanceof Token.Star) {
                    starT = t++;
                    starC = c;
                } else if (t < tokens.size() && tokens.get(t).matches(s.charAt(c))) {
                    t++;
                    c++;
                } else if (starT >= 0) {
                    t = starT + 1;
                    c = ++starC;
                } else {
                    return false;
                }
            }
            while (t < tokens.size() && tokens.get(t) instanceof Token.Star) t++;
            return t == tokens.size();
        }
    }

    private sealed interface Token {
        /** Whether this single-character token matches c ('*' is handled by the caller). */
        boolean matches(char c);

        record Literal(char ch) implements Token {
            public boolean matches(char c) {
                return c == ch;
            }
        }

        record AnyChar() implements Token {
            public boolean matches(char c) {
                return true;
            }
        }

        record Star() implements Token {
            public boolean matches(char c) {
                return false;
            }
        }

        /** Pairs of characters in {@code ranges}: lo, hi, lo, hi, ... */
        record CharSet(String ranges, boolean negated) implements Token {
            public boolean matches(char c) {
                boolean in = false;
                for (int i = 0; i + 1 < ranges.length() && !in; i += 2) {
                    in = ranges.charAt(i) <= c && c <= ranges.charAt(i + 1);
                }
                return in != negated;
            }
        }
    }
}
