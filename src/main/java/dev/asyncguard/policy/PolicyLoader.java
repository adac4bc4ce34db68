package dev.asyncguard.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Policy from local files, for the command line: {@code check} / {@code review --config FILE}
 * and {@code policy explain --org FILE --repo FILE}. Also the built-in defaults, which ship in the
 * jar as {@code dev/asyncguard/policy/default-policy.yml} (copied from
 * {@code config/default-policy.yml} by the build).
 */
public final class PolicyLoader {

    static final String DEFAULTS_RESOURCE = "default-policy.yml";

    private PolicyLoader() {
    }

    /** The built-in defaults alone. */
    public static ResolvedPolicy defaults(KnownRules known) {
        return PolicyMerge.merge(PolicyDefaults.builtIn(known), null, null, known);
    }

    /**
     * A repository-style policy file over the defaults ({@code --config FILE}). Problems in the
     * file come back in {@link ResolvedPolicy#problems()}; a file with errors is not applied.
     *
     * @throws IOException when the file cannot be read, is not UTF-8 or is far too large
     */
    public static ResolvedPolicy fromFile(Path config, KnownRules known) throws IOException {
        return fromFiles(null, config, known);
    }

    /**
     * An org file and a repository file over the defaults, as the service would merge them
     * ({@code policy explain}). Either may be null.
     */
    public static ResolvedPolicy fromFiles(Path orgFile, Path repoFile, KnownRules known) throws IOException {
        return fromFiles(PolicyDefaults.builtIn(known), orgFile, repoFile, known);
    }

    /** {@link #fromFiles(Path, Path, KnownRules)} over other defaults (an operator's file). */
    public static ResolvedPolicy fromFiles(PolicyDefaults defaults, Path orgFile, Path repoFile, KnownRules known)
            throws IOException {
        PolicyLayer org = orgFile == null ? null : localLayer(orgFile, PolicyFile.Layer.ORG, known);
        PolicyLayer repo = repoFile == null ? null : localLayer(repoFile, PolicyFile.Layer.REPO, known);
        return PolicyMerge.merge(defaults, org, repo, known);
    }

    static PolicyLayer defaultsLayer(KnownRules known) {
        return PolicyParser.parse(defaultsText(), PolicyFile.defaults(), known);
    }

    /** The text of the built-in policy, as shipped in the jar. */
    static String defaultsText() {
        try (InputStream in = PolicyLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) throw new IllegalStateException("the jar lacks " + DEFAULTS_RESOURCE + "; the build copies it from config/");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A local policy file: YAML ({@code .github/asyncguard.yml}), or a {@code pyproject.toml}'s
     * {@code [tool.asyncguard]} table (any file whose name ends in {@code .toml}).
     *
     * @throws PyprojectToml.SyntaxError when a TOML file is not valid TOML
     */
    static PolicyLayer localLayer(Path path, PolicyFile.Layer layer, KnownRules known) throws IOException {
        if (path.getFileName() != null && path.getFileName().toString().endsWith(".toml")) {
            return PyprojectToml.read(path).policyLayer(layer, known);
        }
        // Four bytes per character at most: anything larger is refused by the parser anyway.
        if (Files.size(path) > 4L * PolicyParser.MAX_CHARS) {
            throw new IOException(path + ": " + Files.size(path) + " bytes is too large for a policy file");
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IOException(path + ": not UTF-8 text", e);
        }
        return PolicyParser.parse(text, new PolicyFile(layer, null, path.toString(), null), known);
    }
}
