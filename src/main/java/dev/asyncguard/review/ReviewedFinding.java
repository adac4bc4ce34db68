package dev.asyncguard.review;

import dev.asyncguard.diff.MarkedFinding;

/** A marked finding, its fingerprint, and where the review put it ({@code comment} is set when INLINE). */
public record ReviewedFinding(MarkedFinding marked, String fingerprint, Disposition disposition, InlineComment comment) {
    public boolean reported() {
        return disposition != Disposition.FILTERED_OUT;
    }

    /** Reported with the confidence the policy asks for: such findings alone request changes or fail the check. */
    public boolean decisive() {
        return reported() && disposition != Disposition.LOW_CONFIDENCE;
    }
}
