package dev.asyncguard.policy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The lowest policy layer: the built-in {@code config/default-policy.yml} (in the jar), optionally
 * overridden key by key by an operator's file (the Helm chart mounts one and names it in
 * {@code ASYNCGUARD_POLICY_DEFAULTS_FILE}), so that a deployment can change its defaults without a
 * new image. Keys the operator's file leaves out keep the built-in values.
 */
public final class PolicyDefaults {

    private final List<PolicyLayer> layers;
    private final List<PolicyProblem> warnings;

    private PolicyDefaults(List<PolicyLayer> layers, List<PolicyProblem> warnings) {
        this.layers = List.copyOf(layers);
        this.warnings = List.copyOf(warnings);
    }

    /** The defaults built into the jar. */
    public static PolicyDefaults builtIn(KnownRules known) {
        PolicyLayer builtIn = PolicyLoader.defaultsLayer(known);
        if (!builtIn.problems().isEmpty()) {
            throw new IllegalStateException("the built-in policy has problems: " + builtIn.problems());
        }
        for (PolicyKey key : PolicyKey.values()) {
            if (!builtIn.values().containsKey(key.path())) throw new IllegalStateException("the built-in policy lacks " + key.path());
        }
        return new PolicyDefaults(List.of(builtIn), List.of());
    }

    /**
     * The built-in defaults overridden by an operator's file. An error in the file is an
     * {@link IOException} naming every problem, so that a service refuses to start on a broken
     * file rather than run every review on a policy nobody meant; warnings (unknown keys) are
     * kept in {@link #warnings()} for the service to log.
     */
    public static PolicyDefaults fromFile(Path file, KnownRules known) throws IOException {
        PolicyLayer operator = PolicyLoader.localLayer(file, PolicyFile.Layer.DEFAULT, known);
        if (!operator.valid()) {
            throw new IOException("the default policy " + file + " is invalid:\n" + operator.problems().stream()
                    .map(p -> "  " + p.level().name().toLowerCase() + ": " + p).collect(Collectors.joining("\n")));
        }
        PolicyDefaults builtIn = builtIn(known);
        return new PolicyDefaults(List.of(builtIn.layers.getFirst(), operator), operator.problems());
    }

    /** Problems of the operator's file that did not stop it from applying (unknown keys). */
    public List<PolicyProblem> warnings() {
        return warnings;
    }

    /** The files, built-in first. */
    public List<PolicyFile> files() {
        return layers.stream().map(PolicyLayer::file).toList();
    }

    List<PolicyLayer> layers() {
        return layers;
    }
}
