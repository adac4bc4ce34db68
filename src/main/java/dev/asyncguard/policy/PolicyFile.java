package dev.asyncguard.policy;

/**
 * One policy file that took part in a resolution: which layer, where it came from, and at which
 * commit it was read (null for built-in defaults and local files).
 *
 * @param repository "owner/name" of the repository it was read from; null for local files
 * @param path       the file's path ({@code .github/asyncguard.yml}, or a local path)
 */
public record PolicyFile(Layer layer, String repository, String path, String commit) {

    /** Where a layer sits in the order defaults &lt; org &lt; repo. */
    public enum Layer {
        DEFAULT("default"), ORG("org"), REPO("repo");

        private final String label;

        Layer(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static final String POLICY_PATH = ".github/asyncguard.yml";
    /** Read for {@code requires-python} when the policy's {@code python} is {@code auto}. */
    public static final String PYPROJECT_PATH = "pyproject.toml";
    public static final String DEFAULTS_PATH = "config/default-policy.yml";

    static PolicyFile defaults() {
        return new PolicyFile(Layer.DEFAULT, null, DEFAULTS_PATH, null);
    }

    /**
     * The name used in problems and explanations. The repo's own file needs no repository (the
     * reader is looking at that repository); the org's file does, since its path is the same.
     */
    public String name() {
        return layer == Layer.ORG && repository != null ? repository + ":" + path : path;
    }

    /** {@link #name()} plus the short commit, e.g. {@code acme/.github:.github/asyncguard.yml @ 1a2b3c4}. */
    public String describe() {
        return commit == null ? name() : name() + " @ " + shortCommit();
    }

    public String shortCommit() {
        return commit == null ? null : commit.substring(0, Math.min(7, commit.length()));
    }
}
