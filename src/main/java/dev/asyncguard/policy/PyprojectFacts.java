package dev.asyncguard.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.asyncguard.python.PythonVersion;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What asyncguard reads from a project's {@code pyproject.toml}: {@code [project] requires-python}
 * (whose lower bound is the oldest Python the project declares) and the {@code [tool.asyncguard]}
 * table (policy keys for the command line). Parsed with Jackson's TOML reader; a file that is not
 * valid TOML is an {@link Invalid} naming the file and the line, never a crash.
 *
 * @param file           the file's name as people see it ({@code pyproject.toml})
 * @param requiresPython the specifier as written ({@code ">=3.9,<4"}), if any
 * @param toolAsyncguard the {@code [tool.asyncguard]} table as plain maps, lists and scalars; empty when absent
 */
public record PyprojectFacts(String file, Optional<String> requiresPython, Map<String, Object> toolAsyncguard) {

    /** Larger files are refused: a pyproject.toml is a few kilobytes. */
    public static final int MAX_BYTES = 1 << 20;

    private static final TomlMapper TOML = new TomlMapper();
    /** One clause of a PEP 440 specifier: operator and version ({@code >=3.9}, {@code ~=3.10.1}, {@code ==3.11.*}). */
    private static final Pattern CLAUSE = Pattern.compile("\\s*(~=|===|==|!=|<=|>=|<|>)\\s*v?(\\d{1,4})(?:\\.(\\d{1,4}))?(?:\\.\\d+)*(?:\\.\\*)?(?:\\.?(?:a|b|rc|post|dev)\\d*)*\\s*");

    public PyprojectFacts {
        toolAsyncguard = Map.copyOf(toolAsyncguard);
    }

    /** A pyproject.toml that cannot be read: {@code pyproject.toml:3: ...}. */
    public static final class Invalid extends IllegalArgumentException {
        private final String file;
        private final int line;

        Invalid(String file, int line, String message) {
            super(file + (line > 0 ? ":" + line : "") + ": " + message);
            this.file = file;
            this.line = line;
        }

        public String file() {
            return file;
        }

        /** 1-based; 0 when the problem concerns the whole file. */
        public int line() {
            return line;
        }
    }

    public static PyprojectFacts parse(String file, byte[] content) {
        if (content.length > MAX_BYTES) {
            throw new Invalid(file, 0, "too large (" + content.length + " bytes; the limit is " + MAX_BYTES + ")");
        }
        return parse(file, new String(content, StandardCharsets.UTF_8));
    }

    /** Reads the text of a pyproject.toml; throws {@link Invalid} when it is not valid TOML or a key has the wrong type. */
    @SuppressWarnings("unchecked")
    public static PyprojectFacts parse(String file, String text) {
        JsonNode root;
        try {
            root = TOML.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new Invalid(file, at == null ? 0 : Math.max(0, at.getLineNr()), e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) return new PyprojectFacts(file, Optional.empty(), Map.of());
        JsonNode requires = root.path("project").path("requires-python");
        Optional<String> spec = Optional.empty();
        if (!requires.isMissingNode()) {
            if (!requires.isTextual()) {
                throw new Invalid(file, lineOf(text, "requires-python"), "project.requires-python: expected a string such as \">=3.9\"");
            }
            spec = Optional.of(requires.textValue());
        }
        JsonNode tool = root.path("tool").path("asyncguard");
        Map<String, Object> table = Map.of();
        if (!tool.isMissingNode()) {
            if (!tool.isObject()) throw new Invalid(file, lineOf(text, "asyncguard"), "tool.asyncguard: expected a table");
            table = TOML.convertValue(tool, Map.class);
        }
        return new PyprojectFacts(file, spec, table);
    }

    /**
     * The oldest Python {@code requires-python} allows, to the minor version: {@code ">=3.9,<4"} →
     * 3.9, {@code "~=3.10"} → 3.10, {@code ">3.8"} → 3.8 (3.8.1 is allowed), {@code "==3.11.*"} →
     * 3.11. Empty when there is no specifier, it sets no lower bound ({@code "<4"}), or it cannot be
     * read (a wrong specifier is the project's packaging problem; with no version known nothing
     * version-dependent is reported).
     */
    public Optional<PythonVersion> declaredPython() {
        return requiresPython.flatMap(PyprojectFacts::lowerBound);
    }

    static Optional<PythonVersion> lowerBound(String specifier) {
        PythonVersion best = null;
        for (String clause : specifier.split(",")) {
            if (clause.isBlank()) continue;
            Matcher m = CLAUSE.matcher(clause);
            if (!m.matches()) return Optional.empty();
            String op = m.group(1);
            if (op.equals("<") || op.equals("<=") || op.equals("!=")) continue;
            int major = Integer.parseInt(m.group(2));
            if (major != 3) {
                if (major < 3) continue; // ">=2.7": no bound among Python 3 versions
                return Optional.empty(); // ">=4": none we know
            }
            int minor = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            if (minor > 99) return Optional.empty();
            PythonVersion v = PythonVersion.of(3, minor);
            if (best == null || v.compareTo(best) > 0) best = v;
        }
        return Optional.ofNullable(best);
    }

    /** The first line that mentions {@code key}, for a message; 0 when none does. */
    private static int lineOf(String text, String key) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(key)) return i + 1;
        }
        return 0;
    }
}
