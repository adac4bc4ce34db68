package dev.asyncguard.review;

/** Small Markdown escapes for text we did not write (paths, messages). */
final class Markdown {
    private Markdown() {}

    /** An inline code span that a backtick in {@code s} cannot end early. */
    static String code(String s) {
        int longest = 0, run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = s.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String ticks = "`".repeat(longest + 1);
        String pad = longest > 0 ? " " : "";
        return ticks + pad + s + pad + ticks;
    }

    /** Text on one line, safe inside a table cell. */
    static String cell(String s) {
        return oneLine(s).replace("|", "\\|");
    }

    static String oneLine(String s) {
        if (s == null) return "";
        for (int i = 0; i < s.length(); i++) {
            if (isLineBreak(s.charAt(i))) return LINE_BREAK.matcher(s).replaceAll(" ").strip();
        }
        return s.strip();   // no line break for the pattern to find: most messages
    }

    private static final java.util.regex.Pattern LINE_BREAK = java.util.regex.Pattern.compile("\\s*\\R\\s*");

    /** A character {@code \R} can start with. */
    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    /**
     * Paragraphs joined onto one line each, code fences and list items left as they are: the rule
     * pages wrap at 100 columns, and a GitHub comment would show each of those breaks.
     */
    static String unwrapped(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean fenced = false;
        boolean inParagraph = false;
        for (String line : markdown.lines().toList()) {
            boolean fence = line.startsWith("```");
            if (fence) fenced = !fenced;
            boolean text = !fence && !fenced && !line.isBlank();
            boolean starts = line.startsWith("#") || line.startsWith("|") || line.startsWith(">")
                    || line.matches("\\s*([-*+]|\\d+\\.)\\s.*");
            if (text && inParagraph && !starts) {
                out.append(' ').append(line.strip());
                continue;
            }
            if (!out.isEmpty()) out.append('\n');
            out.append(line);
            inParagraph = text && !line.startsWith("#") && !line.startsWith("|");
        }
        return out.toString();
    }
}
