package dev.asyncguard.github;

/**
 * The parts of a repository's policy that the service itself acts on (the reviewer reads the rest
 * through {@link #source()}).
 */
public interface ServicePolicy {
    /** {@code review.skip_drafts}: whether draft pull requests wait until they are ready. */
    boolean skipDrafts();

    /** {@code recheck.allowed}: whether a commenter with this {@code author_association} may ask. */
    boolean allowsRecheck(String authorAssociation);

    /** {@code paths.include} / {@code paths.exclude} for a repository-relative path. */
    boolean includes(String path);

    /** The resolved policy object the reviewer understands, or null for built-in defaults. */
    default Object source() {
        return null;
    }
}
