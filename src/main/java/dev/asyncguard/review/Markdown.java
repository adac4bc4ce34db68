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
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
