package dev.asyncguard.review;

/** How a finding's fix appears in its comment. */
sealed interface FixView {
    /** No fix proposed. */
    record None() implements FixView {}

    /** A one-click ```suggestion replacing exactly the comment's lines. */
    record Suggestion(EditedLines lines) implements FixView {}

    /** Code to read, not apply: a ```python block, with an optional note on why it is not a suggestion. */
    record Code(String code, String note) implements FixView {}
}
