package dev.asyncguard.github;

import java.util.Locale;
import java.util.Set;

/**
 * The policy defaults the service acts on when a repository has no policy of its own: drafts wait,
 * the owner, members and collaborators may {@code /recheck}, and every path is included.
 */
record BuiltInPolicy(boolean skipDrafts, Set<String> recheckAssociations) implements ServicePolicy {
    static final BuiltInPolicy DEFAULTS = new BuiltInPolicy(true, Set.of("OWNER", "MEMBER", "COLLABORATOR"));

    @Override
    public boolean allowsRecheck(String authorAssociation) {
        return authorAssociation != null && recheckAssociations.contains(authorAssociation.toUpperCase(Locale.ROOT));
    }

    @Override
    public boolean includes(String path) {
        return true;
    }
}
