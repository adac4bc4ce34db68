package dev.asyncguard.cli;

import dev.asyncguard.policy.KnownRules;
import dev.asyncguard.policy.PolicyLoader;
import dev.asyncguard.policy.ResolvedPolicy;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code --config FILE} for {@code check} and {@code review} ({@code @Mixin ConfigOption config;}):
 * a repository-style policy file applied over the built-in defaults.
 */
public final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "a policy file (like .github/asyncguard.yml) applied over the built-in defaults")
    Path config;

    /** The policy to run under: the file over the defaults, or the defaults alone without {@code --config}. */
    public ResolvedPolicy load() throws IOException {
        return config == null ? PolicyLoader.defaults(KnownRules.builtIn()) : PolicyLoader.fromFile(config, KnownRules.builtIn());
    }
}
