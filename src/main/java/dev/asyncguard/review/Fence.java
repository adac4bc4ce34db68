package dev.asyncguard.review;

/** Markdown code fences that the content cannot close: one backtick longer than its longest run. */
public final class Fence {
    private Fence() {}

    public static String block(String info, String content) {
        int longest = 0, run = 0;
        for (int i = 0; i < content.length(); i++) {
            run = content.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        return fence + info + "\n" + content + (content.isEmpty() ? "" : "\n") + fence;
    }
}
