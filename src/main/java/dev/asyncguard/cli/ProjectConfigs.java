package dev.asyncguard.cli;

import dev.asyncguard.policy.KnownRules;
import dev.asyncguard.policy.PolicyFile;
import dev.asyncguard.policy.PolicyLoader;
import dev.asyncguard.policy.PolicyProblem;
import dev.asyncguard.python.PythonVersion;
import dev.asyncguard.policy.PyprojectToml;
import dev.asyncguard.policy.ResolvedPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration each path is checked under, found as ruff finds its own: the nearest folder at
 * or above the path with {@code .github/asyncguard.yml} or a {@code pyproject.toml} that has a
 * {@code [tool.asyncguard]} table (the YAML file wins in the same folder, as the App reads it), or
 * the one file given with {@code --config}. The Python target is the policy's {@code python} when
 * a file sets it, else {@code requires-python} of the nearest {@code pyproject.toml}, else the
 * built-in policy's default (the App's default, so that the bot and the CLI agree).
 */
final class ProjectConfigs {

    /** A configuration file that stops the run: every problem, each with its file and line. */
    static final class ConfigException extends Exception {
        final List<String> problems;

        ConfigException(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }
    }

    /**
     * One project's configuration.
     *
     * @param root       the folder the policy's path globs are relative to
     * @param file       the policy file, or null for the built-in defaults
     * @param python     the Python target
     * @param pythonFrom where the target came from, for {@code --verbose}-style messages
     * @param warnings   problems that did not stop the run (a key ignored)
     * @param policyKey  what the policy depends on beyond asyncguard's build, for the result cache's keys:
     *                   the policy file's path and the content key of its bytes (the built-in defaults are
     *                   part of the build); the Python target is keyed on its own
     */
    record ProjectConfig(Path root, Path file, ResolvedPolicy resolved, PythonVersion python, String pythonFrom,
                         List<String> warnings, String policyKey) {
        /**
         * By the root and the policy file, which equal configurations share, not by the record's own hash of
         * every component: that walks the whole resolved policy, and links the generated hash method of each
         * record in it on first use (a small file's {@code check} spent about a tenth of its Java CPU there).
         * Equality is the record's: configurations equal in all components are one project.
         */
        @Override
        public int hashCode() {
            return 31 * root.hashCode() + java.util.Objects.hashCode(file);
        }

        /** The policy with its Python target decided (the policy's own, else requires-python). */
        dev.asyncguard.policy.Policy policy() {
            dev.asyncguard.policy.Policy p = resolved.policy();
            return java.util.Objects.equals(p.python(), python) ? p
                    : new dev.asyncguard.policy.Policy(python, p.rules(), p.paths(), p.review(), p.check(), p.recheck());
        }

        /** A path relative to the root with {@code /} separators, as the policy's globs see it. */
        String relative(Path path) {
            Path abs = path.toAbsolutePath().normalize();
            Path rel = abs.startsWith(root) ? root.relativize(abs) : abs.getFileName();
            return rel.toString().replace(java.io.File.separatorChar, '/');
        }
    }

    private final Path explicit;
    private final SetUpAhead ahead;
    private final Map<Path, ProjectConfig> byFolder = new HashMap<>();
    private final Map<Path, Optional<Path>> configIn = new HashMap<>();

    /** Told every file read or looked for (see {@link RunManifest}). */
    private final java.util.function.Consumer<Path> dependsOn;

    /** @param explicit the {@code --config} file, or null to discover one per path */
    ProjectConfigs(Path explicit) {
        this(explicit, path -> {});
    }

    /** @param dependsOn told every file and folder the configurations depend on: read, or looked for and absent */
    ProjectConfigs(Path explicit, java.util.function.Consumer<Path> dependsOn) {
        this(explicit, dependsOn, null);
    }

    /** @param ahead the built-in policy and pyproject.toml files read on another thread meanwhile, or null */
    ProjectConfigs(Path explicit, java.util.function.Consumer<Path> dependsOn, SetUpAhead ahead) {
        this.explicit = explicit == null ? null : explicit.toAbsolutePath().normalize();
        this.dependsOn = dependsOn;
        this.ahead = ahead;
        if (this.explicit != null) dependsOn.accept(this.explicit);
    }

    /** The configuration for a file or folder. */
    ProjectConfig forPath(Path path) throws ConfigException {
        Path abs = path.toAbsolutePath().normalize();
        dependsOn.accept(abs);
        return forFolder(Files.isDirectory(abs) ? abs : abs.getParent(), abs);
    }

    /** The configuration for a file known to be one (a folder walk found it): no system call for files of a folder seen before. */
    ProjectConfig forFile(Path file) throws ConfigException {
        Path abs = file.toAbsolutePath().normalize();
        return forFolder(abs.getParent(), abs);
    }

    private ProjectConfig forFolder(Path parent, Path abs) throws ConfigException {
        Path folder = parent == null ? abs : parent;
        ProjectConfig known = byFolder.get(folder);
        if (known != null) return known;
        ProjectConfig config;
        if (explicit != null) {
            Path root = explicit.getParent() != null && explicit.getParent().getFileName() != null
                    && explicit.getParent().getFileName().toString().equals(".github")
                    ? explicit.getParent().getParent() : explicit.getParent();
            config = load(root == null ? folder : root, explicit, folder);
        } else {
            Path found = null;
            for (Path d = folder; d != null; d = d.getParent()) {
                Optional<Path> file = configIn(d);
                if (file.isPresent()) {
                    found = file.get();
                    config = byFolder.get(d);
                    if (config == null) config = load(d, found, d);
                    byFolder.put(d, config);
                    byFolder.put(folder, config);
                    return config;
                }
            }
            // No policy file: one project with the built-in policy for every folder under the same
            // root (the nearest pyproject.toml's folder, else the working directory), so that the
            // modules of a package's sub-folders are analyzed together and globs see the same paths.
            Path root = defaultRoot(folder);
            config = byDefaultRoot.get(root);
            if (config == null) {
                config = load(root, null, folder);
                byDefaultRoot.put(root, config);
            }
        }
        byFolder.put(folder, config);
        return config;
    }

    private final Map<Path, ProjectConfig> byDefaultRoot = new HashMap<>();

    /**
     * The root of a folder without a policy file: its nearest pyproject.toml's folder, else the
     * working directory above it, else the folder its package is imported from (the first one up
     * without an {@code __init__.py}).
     */
    private Path defaultRoot(Path folder) {
        Path pyproject = nearestPyproject(folder);
        if (pyproject != null) return pyproject.getParent();
        Path cwd = Path.of("").toAbsolutePath().normalize();
        if (folder.startsWith(cwd)) return cwd;
        Path root = folder;
        while (root.getParent() != null) {
            dependsOn.accept(root.resolve("__init__.py"));
            if (!Files.isRegularFile(root.resolve("__init__.py"))) break;
            root = root.getParent();
        }
        return root;
    }

    /** The policy file that makes {@code dir} a project root, if any. */
    private Optional<Path> configIn(Path dir) throws ConfigException {
        Optional<Path> cached = configIn.get(dir);
        if (cached != null) return cached;
        Optional<Path> found = Optional.empty();
        Path yml = dir.resolve(PolicyFile.POLICY_PATH);
        Path toml = dir.resolve(PyprojectToml.FILE_NAME);
        dependsOn.accept(yml);
        dependsOn.accept(toml);
        if (Files.isRegularFile(yml)) {
            found = Optional.of(yml);
        } else if (Files.isRegularFile(toml) && pyproject(toml).hasPolicy()) {
            found = Optional.of(toml);
        }
        configIn.put(dir, found);
        return found;
    }

    private final Map<Path, PyprojectToml> pyprojects = new HashMap<>();
    private ResolvedPolicy defaults;

    private PyprojectToml pyproject(Path file) throws ConfigException {
        PyprojectToml p = pyprojects.get(file);
        if (p != null) return p;
        try {
            p = ahead != null ? ahead.pyproject(file) : PyprojectToml.read(file);
        } catch (IOException e) {
            throw new ConfigException(List.of(message(file, e)));
        }
        pyprojects.put(file, p);
        return p;
    }

    private static String message(Path file, IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e instanceof PyprojectToml.SyntaxError || m.startsWith(file.toString()) ? m : file + ": cannot read: " + m;
    }

    /** See {@link ProjectConfig#policyKey}: a file that cannot be read again keys as never equal. */
    private static String policyKey(Path file) {
        if (file == null) return "built-in";
        try {
            return file + "\n" + java.util.HexFormat.of().formatHex(dev.asyncguard.analysis.AnalysisKey.contentKey(Files.readAllBytes(file)));
        } catch (IOException | RuntimeException e) {
            return file + "\nunreadable " + System.nanoTime();
        }
    }

    private ProjectConfig load(Path root, Path file, Path from) throws ConfigException {
        ResolvedPolicy resolved;
        if (file == null) {
            // The same for every folder without a policy: read once per run (a library has hundreds of folders).
            if (defaults == null) defaults = ahead != null ? ahead.defaults() : PolicyLoader.defaults(KnownRules.builtIn());
            resolved = defaults;
        } else {
            if (!Files.isRegularFile(file)) throw new ConfigException(List.of(file + ": cannot read the policy file: no such file"));
            try {
                resolved = PolicyLoader.fromFile(file, KnownRules.builtIn());
            } catch (IOException e) {
                throw new ConfigException(List.of(message(file, e)));
            }
        }
        List<String> errors = resolved.problems().stream().filter(PolicyProblem::isError).map(PolicyProblem::toString).toList();
        if (!errors.isEmpty()) throw new ConfigException(errors);
        List<String> warnings = resolved.problems().stream().filter(p -> !p.isError()).map(PolicyProblem::toString).toList();

        PythonVersion python = resolved.policy().python();
        String pythonFrom = "the built-in default";
        boolean fromFile = resolved.sourceOf("python").map(p -> p.file().layer() != PolicyFile.Layer.DEFAULT).orElse(false);
        if (fromFile) {
            pythonFrom = resolved.sourceOf("python").get().describe();
        } else {
            Path pyproject = file != null && file.getFileName().toString().endsWith(".toml") ? file : nearestPyproject(from);
            if (pyproject != null) {
                PyprojectToml p = pyproject(pyproject);
                Optional<String> spec = p.requiresPython();
                if (spec.isPresent()) {
                    try {
                        Optional<PythonVersion> lowest = PyprojectToml.lowestPython(spec.get());
                        if (lowest.isPresent()) {
                            python = lowest.get();
                            pythonFrom = pyproject + ":" + p.requiresPythonLine() + " (requires-python)";
                        }
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(List.of(pyproject + ":" + p.requiresPythonLine()
                                + ": project.requires-python: " + e.getMessage()));
                    }
                }
            }
        }
        return new ProjectConfig(root, file, resolved, python, pythonFrom, warnings, policyKey(file));
    }

    /** The nearest pyproject.toml at or above each folder asked, remembered: a library has hundreds of folders. */
    private final Map<Path, Optional<Path>> nearestPyproject = new HashMap<>();

    private Path nearestPyproject(Path from) {
        if (from == null) return null;
        Optional<Path> known = nearestPyproject.get(from);
        if (known != null) return known.orElse(null);
        Path p = from.resolve(PyprojectToml.FILE_NAME);
        dependsOn.accept(p);
        Path found = Files.isRegularFile(p) ? p : nearestPyproject(from.getParent());
        nearestPyproject.put(from, Optional.ofNullable(found));
        return found;
    }
}
