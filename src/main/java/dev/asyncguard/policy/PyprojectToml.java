package dev.asyncguard.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.asyncguard.python.PythonVersion;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A project's {@code pyproject.toml}, as far as asyncguard reads it: {@code [project]
 * requires-python} (the oldest Python the code supports) and the {@code [tool.asyncguard]} table,
 * which holds the same keys as a policy file ({@code python}, {@code [tool.asyncguard.rules]},
 * {@code [tool.asyncguard.paths]}, ...). The TOML is read by Jackson's TOML parser; the table is
 * handed to the policy parser as YAML, with every problem's line mapped back to the TOML file.
 */
public final class PyprojectToml {
    public static final String FILE_NAME = "pyproject.toml";
    static final String TABLE = "tool.asyncguard";

    private static final TomlMapper TOML = new TomlMapper();

    private final Path path;
    private final JsonNode root;
    private final Map<String, Integer> keyLines;

    private PyprojectToml(Path path, JsonNode root, Map<String, Integer> keyLines) {
        this.path = path;
        this.root = root;
        this.keyLines = keyLines;
    }

    /** Larger files are refused: a pyproject.toml is a few kilobytes. */
    public static final int MAX_BYTES = 1 << 20;

    /** A TOML file that is not valid TOML: the message says where ({@code pyproject.toml:3:7: ...}). */
    public static final class SyntaxError extends IOException {
        private final int line;

        SyntaxError(String message, int line) {
            super(message);
            this.line = line;
        }

        /** 1-based; 0 when the problem concerns the whole file. */
        public int line() {
            return line;
        }
    }

    /**
     * Reads and parses the file.
     *
     * @throws SyntaxError when it is not valid TOML (with file, line and column)
     * @throws IOException when it cannot be read or is not UTF-8
     */
    public static PyprojectToml read(Path path) throws IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IOException(path + ": not UTF-8 text", e);
        }
        return parse(path, text);
    }

    /**
     * Parses the text of a pyproject.toml read elsewhere (the App reads it at the default branch's
     * head); {@code file} names it in messages.
     */
    public static PyprojectToml parse(String file, String text) throws SyntaxError {
        if (text.length() > MAX_BYTES) {
            throw new SyntaxError(file + ": too large (" + text.length() + " characters; the limit is " + MAX_BYTES + ")", 0);
        }
        return parse(Path.of(file), text);
    }

    static PyprojectToml parse(Path path, String text) throws SyntaxError {
        JsonNode root;
        try {
            root = TOML.readTree(text);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new SyntaxError(path + where + ": not valid TOML: " + e.getOriginalMessage(),
                    at == null ? 0 : Math.max(0, at.getLineNr()));
        }
        return new PyprojectToml(path, root == null ? TOML.createObjectNode() : root, keyLines(text));
    }

    public Path path() {
        return path;
    }

    /** Whether the file has a {@code [tool.asyncguard]} table (an empty one counts, as with ruff). */
    public boolean hasPolicy() {
        return root.path("tool").path("asyncguard").isObject();
    }

    /** {@code [project] requires-python}, as written ({@code ">=3.10"}). */
    public Optional<String> requiresPython() {
        JsonNode v = root.path("project").path("requires-python");
        return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }

    /**
     * The oldest Python {@code requires-python} admits, as the App and the CLI both read it; empty
     * when there is none, it sets no lower bound, or it cannot be read (the App then reports nothing
     * version-dependent; the CLI, which can stop, calls {@link #lowestPython} itself to say why).
     */
    public Optional<PythonVersion> declaredPython() {
        return requiresPython().flatMap(spec -> {
            try {
                return lowestPython(spec);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /** The line of {@code requires-python}, for messages; 0 when unknown. */
    public int requiresPythonLine() {
        return keyLines.getOrDefault("project.requires-python", 0);
    }

    /** One clause of a PEP 440 specifier: operator and version ({@code >=3.9}, {@code ~=3.10.1}, {@code ==3.11.*}, {@code >=3.9rc1}). */
    private static final Pattern CLAUSE = Pattern.compile(
            "\\s*(~=|===|==|!=|<=|>=|<|>)\\s*v?(\\d{1,4})(?:\\.(\\d{1,4}))?(?:\\.\\d+)*(?:\\.\\*)?(?:\\.?(?:a|b|rc|post|dev)\\d*)*\\s*");

    /**
     * The oldest Python a {@code requires-python} specifier admits ({@code ">=3.10,<4"} → 3.10,
     * {@code "~=3.9"} → 3.9, {@code ">3.8"} → 3.8, as 3.8.1 is admitted), clamped to the versions we
     * support, or empty when it names no lower bound.
     *
     * @throws IllegalArgumentException when a clause is not a version specifier
     */
    public static Optional<PythonVersion> lowestPython(String specifier) {
        PythonVersion lowest = null;
        for (String clause : specifier.split(",")) {
            if (clause.isBlank()) continue;
            Matcher m = CLAUSE.matcher(clause);
            if (!m.matches()) throw new IllegalArgumentException("'" + clause.strip() + "' is not a version specifier (like >=3.10)");
            String op = m.group(1);
            if (!op.startsWith(">") && !op.startsWith("=") && !op.equals("~=")) continue;
            int major = Integer.parseInt(m.group(2));
            int minor = m.group(3) == null || m.group(3).equals("*") ? 0 : Integer.parseInt(m.group(3));
            // ">3.8" still admits 3.8.1 (PEP 440), so its lowest minor version is 3.8.
            PythonVersion v = PythonVersion.of(major, minor);
            if (v.compareTo(PythonVersion.OLDEST) < 0) v = PythonVersion.OLDEST;
            if (v.compareTo(PythonVersion.NEWEST) > 0) v = PythonVersion.NEWEST;
            if (lowest == null || v.compareTo(lowest) > 0) lowest = v;   // clauses are and-ed: the tightest bound
        }
        return Optional.ofNullable(lowest);
    }

    /**
     * The {@code [tool.asyncguard]} table as a policy layer, validated as a policy file is, with
     * lines that point into this TOML file.
     */
    PolicyLayer policyLayer(PolicyFile.Layer layer, KnownRules known) {
        JsonNode table = root.path("tool").path("asyncguard");
        StringBuilder yaml = new StringBuilder();
        List<Integer> lineMap = new ArrayList<>();
        lineMap.add(0);                                   // lines are 1-based
        emit(table, TABLE, 0, yaml, lineMap);
        if (yaml.isEmpty()) {
            yaml.append("{}\n");
            lineMap.add(keyLines.getOrDefault(TABLE, 0));
        }
        PolicyFile file = new PolicyFile(layer, null, path.toString(), null);
        PolicyLayer parsed = PolicyParser.parse(yaml.toString(), file, known);
        return parsed.withLines(line -> line > 0 && line < lineMap.size() ? lineMap.get(line) : 0);
    }

    /** One YAML line per key and per list item, in block style; {@code lineMap} gets each line's TOML line. */
    private void emit(JsonNode node, String path, int depth, StringBuilder yaml, List<Integer> lineMap) {
        String indent = "  ".repeat(depth);
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String keyPath = path + "." + e.getKey();
            JsonNode value = e.getValue();
            int tomlLine = lineOf(keyPath);
            yaml.append(indent).append(quote(e.getKey())).append(':');
            if (value.isObject() && !value.isEmpty()) {
                yaml.append('\n');
                lineMap.add(tomlLine);
                emit(value, keyPath, depth + 1, yaml, lineMap);
            } else if (value.isArray() && !value.isEmpty() && containerFree(value)) {
                yaml.append('\n');
                lineMap.add(tomlLine);
                for (JsonNode item : value) {
                    yaml.append(indent).append("  - ").append(scalar(item)).append('\n');
                    lineMap.add(tomlLine);
                }
            } else {
                yaml.append(' ').append(value.isContainerNode() ? value.toString() : scalar(value)).append('\n');
                lineMap.add(tomlLine);
            }
        }
    }

    private static boolean containerFree(JsonNode array) {
        for (JsonNode item : array) if (item.isContainerNode()) return false;
        return true;
    }

    /** JSON's spelling of a scalar, which YAML reads the same way (strings double-quoted). */
    private static String scalar(JsonNode v) {
        if (v.isTextual()) return quote(v.asText());
        if (v.isNull()) return "null";
        return v.toString();
    }

    private static String quote(String s) {
        return TOML.getNodeFactory().textNode(s).toString();
    }

    /** The line that set a key path, or the nearest enclosing key's or table's line. */
    private int lineOf(String keyPath) {
        for (String p = keyPath; ; p = p.substring(0, p.lastIndexOf('.'))) {
            Integer line = keyLines.get(p);
            if (line != null) return line;
            if (p.indexOf('.') < 0) return 0;
        }
    }

    private static final Pattern HEADER = Pattern.compile("\\s*\\[\\[?\\s*([^\\]]+?)\\s*\\]\\]?\\s*(#.*)?");
    private static final Pattern KEY = Pattern.compile("\\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\\s*\\.\\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\\s*=.*");

    /**
     * Where each table header and key is, by dotted path ({@code tool.asyncguard.rules.AG201}):
     * a line scan good enough for messages (the parser has already accepted the file). Lines
     * inside a multi-line array or string are not keys.
     */
    static Map<String, Integer> keyLines(String text) {
        Map<String, Integer> lines = new HashMap<>();
        String table = "";
        int open = 0;
        boolean inMultiline = false;
        String[] all = text.split("\n", -1);
        for (int i = 0; i < all.length; i++) {
            String line = all[i];
            int quotes = count(line, "\"\"\"") + count(line, "'''");
            if (inMultiline) {
                if (quotes % 2 == 1) inMultiline = false;
                continue;
            }
            if (open > 0) {
                open += brackets(line);
                continue;
            }
            Matcher h = HEADER.matcher(line);
            if (h.matches()) {
                table = dotted(h.group(1));
                lines.putIfAbsent(table, i + 1);
                continue;
            }
            Matcher k = KEY.matcher(line);
            if (k.matches()) {
                String key = (table.isEmpty() ? "" : table + ".") + dotted(k.group(1));
                lines.putIfAbsent(key, i + 1);
                String value = line.substring(line.indexOf('=') + 1);
                if (quotes % 2 == 1) inMultiline = true;
                else open = Math.max(0, brackets(value));
            }
        }
        return lines;
    }

    private static String dotted(String key) {
        StringBuilder out = new StringBuilder();
        for (String part : key.split("\\.(?=(?:[^\"']*[\"'][^\"']*[\"'])*[^\"']*$)")) {
            String p = part.strip();
            if (p.length() >= 2 && (p.startsWith("\"") || p.startsWith("'"))) p = p.substring(1, p.length() - 1);
            if (!out.isEmpty()) out.append('.');
            out.append(p);
        }
        return out.toString();
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) n++;
        return n;
    }

    /** Opening minus closing brackets outside strings and comments. */
    private static int brackets(String s) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') i++;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') quote = c;
            else if (c == '#') break;
            else if (c == '[' || c == '{') depth++;
            else if (c == ']' || c == '}') depth--;
        }
        return depth;
    }

    /** For tests: the table as Jackson parsed it. */
    ObjectNode table() {
        JsonNode t = root.path("tool").path("asyncguard");
        return t.isObject() ? (ObjectNode) t : TOML.createObjectNode();
    }
}
