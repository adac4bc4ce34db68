package dev.asyncguard.github.fetch;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * @param defaultsFile an operator's default policy over the built-in one
 *                     ({@code ASYNCGUARD_POLICY_DEFAULTS_FILE}; the Helm chart mounts it)
 * @param cacheSize    parsed policy files kept (by repository and commit)
 */
@ConfigurationProperties("asyncguard.policy")
public record PolicySettings(@Nullable String defaultsFile, @Bindable(defaultValue = "4096") int cacheSize) {}
