package dev.asyncguard.diff;

import dev.asyncguard.analysis.Finding;

/**
 * A finding with where it sits relative to the diff, and whether the filter mode reports it. Nothing
 * is dropped: a finding the filter does not report is still here, with {@code reported} false.
 */
public record MarkedFinding(Finding finding, boolean inChangedFile, boolean onAddedLine, boolean inHunk,
                            boolean reported) {}
