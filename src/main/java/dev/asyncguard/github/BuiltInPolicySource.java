package dev.asyncguard.github;

import jakarta.inject.Singleton;

/** Every repository gets the built-in defaults (the policy module's GitHub source replaces this bean). */
@Singleton
class BuiltInPolicySource implements ServicePolicySource {
    @Override
    public ServicePolicy forRepository(long installationId, RepoRef repo) {
        return BuiltInPolicy.DEFAULTS;
    }
}
