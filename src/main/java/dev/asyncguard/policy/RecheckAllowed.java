package dev.asyncguard.policy;

import java.util.Locale;
import java.util.Set;

/**
 * Who may ask for a new review ({@code recheck.allowed}), as GitHub's {@code author_association}
 * values of the person who asks. GitHub reports an organization member as {@code MEMBER} even
 * when they are also a collaborator, so {@code collaborators} includes members.
 */
public enum RecheckAllowed {
    /** The repository's owner only. */
    MAINTAINERS(Set.of("OWNER")),
    /** The owner and members of the organization that owns the repository. */
    MEMBERS(Set.of("OWNER", "MEMBER")),
    /** The owner, organization members and invited collaborators. */
    COLLABORATORS(Set.of("OWNER", "MEMBER", "COLLABORATOR")),
    /** Everyone, first-time contributors included. */
    ANYONE(Set.of("OWNER", "MEMBER", "COLLABORATOR", "CONTRIBUTOR", "FIRST_TIMER",
            "FIRST_TIME_CONTRIBUTOR", "MANNEQUIN", "NONE"));

    private final Set<String> associations;

    RecheckAllowed(Set<String> associations) {
        this.associations = associations;
    }

    /** The {@code author_association} values that may ask for a recheck. */
    public Set<String> authorAssociations() {
        return associations;
    }

    /** Whether a person with this {@code author_association} (e.g. {@code "MEMBER"}) may ask. */
    public boolean allows(String authorAssociation) {
        return authorAssociation != null && associations.contains(authorAssociation.toUpperCase(Locale.ROOT));
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
