package dev.asyncguard.review;

/** Where a finding ended up in the review. Every finding gets exactly one. */
public enum Disposition {
    /** Posted as an inline review comment. */
    INLINE,
    /** Could be placed inline, but the comment cap was reached: listed in the review body and annotated. */
    OVER_CAP,
    /** Reported, but its lines are not inside a hunk (or not in the diff): annotated and in the summary. */
    OUTSIDE_DIFF,
    /** Its confidence is below the policy's bar for its rule: annotated and in the summary, never inline. */
    LOW_CONFIDENCE,
    /** An earlier run already posted a comment with this fingerprint. */
    ALREADY_POSTED,
    /** The filter mode does not report it (counted in the summary, not shown). */
    FILTERED_OUT
}
