package dev.asyncguard.policy;

import dev.asyncguard.policy.PolicyLayer.Setting;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one policy file into a {@link PolicyLayer}, collecting every problem with its line.
 *
 * <p>Safety: the YAML is only composed into SnakeYAML's node graph; no constructor ever runs, so
 * no tag can instantiate a Java type, and any tag other than YAML's plain ones is reported. Size,
 * nesting and alias counts are limited, and the node graph is walked once per node, so an alias
 * bomb ("billion laughs") costs nothing.
 */
final class PolicyParser {

    static final int MAX_CHARS = 64 * 1024;
    static final int MAX_ALIASES = 20;
    static final int MAX_DEPTH = 16;

    private static final java.util.regex.Pattern PLAIN_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,60}");

    private static final Set<Tag> PLAIN_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL,
            Tag.TIMESTAMP, Tag.SEQ, Tag.MAP, Tag.MERGE);

    private final PolicyFile file;
    private final KnownRules known;
    private final Map<String, Setting> values = new LinkedHashMap<>();
    private final Map<String, Integer> enforce = new LinkedHashMap<>();
    private final List<PolicyProblem> problems = new ArrayList<>();

    private PolicyParser(PolicyFile file, KnownRules known) {
        this.file = file;
        this.known = known;
    }

    static PolicyLayer parse(String text, PolicyFile file, KnownRules known) {
        PolicyParser parser = new PolicyParser(file, known);
        parser.read(text);
        return new PolicyLayer(file, parser.values, parser.enforce, parser.problems);
    }

    /** Every key path an {@code enforce:} entry may name. */
    static Set<String> enforceablePaths(KnownRules known) {
        Set<String> paths = new LinkedHashSet<>(PolicyKey.topLevel());
        paths.remove(PolicyKey.ENFORCE);
        for (PolicyKey k : PolicyKey.values()) paths.add(k.path());
        for (String code : known.codes()) {
            paths.add(PolicyKey.RULES + "." + code);
            paths.add(PolicyKey.ruleSeverity(code));
            paths.add(PolicyKey.rulePreview(code));
            paths.add(PolicyKey.ruleInlineConfidence(code));
        }
        return paths;
    }

    private void read(String text) {
        if (text.length() > MAX_CHARS) {
            error(0, "", "the file has " + text.length() + " characters; a policy file may have at most " + MAX_CHARS);
            return;
        }
        Node root;
        try {
            root = compose(text);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            String problem = ValueKind.escape(String.valueOf(e.getProblem() == null ? e.getMessage() : e.getProblem()));
            // SnakeYAML's own tag inspector refuses global tags while composing; say it our way.
            String refused = "Global tag is not allowed: ";
            error(line, "", problem.startsWith(refused)
                    ? unsupportedTag(problem.substring(refused.length()))
                    : "not valid YAML: " + problem);
            return;
        } catch (YAMLException e) {
            String m = ValueKind.escape(String.valueOf(e.getMessage()));
            error(0, "", m.contains("aliases")
                    ? "the file uses YAML aliases (*name) of lists or mappings more than " + MAX_ALIASES
                      + " times; policy files need few or none (the limit stops alias bombs)"
                    : "not valid YAML: " + m);
            return;
        } catch (RuntimeException e) {
            // Whatever else the YAML library throws is still a bad file, not a failed review.
            error(0, "", "not valid YAML (" + e.getClass().getSimpleName() + ")");
            return;
        }
        if (root == null || !onlyPlainTags(root)) return;
        if (!(root instanceof MappingNode map)) {
            error(line(root), "", "expected a mapping of policy keys (" + String.join(", ", PolicyKey.topLevel())
                    + "); got " + describe(root));
            return;
        }
        for (Entry e : entries(map, "")) {
            switch (e.name) {
                case "python" -> leaf(PolicyKey.PYTHON, e);
                case PolicyKey.RULES -> rules(e);
                case PolicyKey.ENFORCE -> enforce(e);
                default -> {
                    if (PolicyKey.topLevel().contains(e.name)) section(e);
                    else unknownKey(e.line, join("", e.name), e.name, PolicyKey.topLevel());
                }
            }
        }
    }

    private static Node compose(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CHARS + 1);
        Composer composer = new Composer(new ParserImpl(new StreamReader(text), options), new Resolver(), options);
        return composer.getSingleNode();
    }

    /** Reports the first node with a tag that is not one of YAML's plain ones. */
    private boolean onlyPlainTags(Node root) {
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (!seen.add(n)) continue;
            if (!PLAIN_TAGS.contains(n.getTag())) {
                error(line(n), "", unsupportedTag(n.getTag().getValue()));
                return false;
            }
            if (n instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    todo.push(t.getKeyNode());
                    todo.push(t.getValueNode());
                }
            } else if (n instanceof SequenceNode s) {
                s.getValue().forEach(todo::push);
            }
        }
        return true;
    }

    private static String unsupportedTag(String tag) {
        String shown = ValueKind.escape(tag.startsWith(Tag.PREFIX) ? "!!" + tag.substring(Tag.PREFIX.length()) : tag);
        return "unsupported YAML tag " + shown + "; policy files hold only strings, numbers, booleans, lists and mappings";
    }

    // --- sections ---

    private record Entry(String name, int line, Node value) {
    }

    /** The entries of a mapping; keys that are not plain names, and duplicates, are errors. */
    private List<Entry> entries(MappingNode map, String prefix) {
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (NodeTuple t : map.getValue()) {
            Node keyNode = t.getKeyNode();
            int line = line(keyNode);
            if (!(keyNode instanceof ScalarNode k) || k.getTag().equals(Tag.NULL)) {
                error(line, prefix, "keys must be plain names; got " + describe(keyNode));
                continue;
            }
            String name = k.getValue();
            Integer first = firstLine.putIfAbsent(name, line);
            if (first != null) {
                error(line, join(prefix, name), "duplicate key (first set on line " + first + ")");
                continue;
            }
            entries.add(new Entry(name, line, t.getValueNode()));
        }
        return entries;
    }

    private void section(Entry section) {
        if (isNull(section.value)) return;
        List<String> children = PolicyKey.childrenOf(section.name);
        if (!(section.value instanceof MappingNode map)) {
            error(section.line, section.name, "expected a mapping with the keys " + String.join(", ", children)
                    + "; got " + describe(section.value));
            return;
        }
        for (Entry e : entries(map, section.name)) {
            Optional<PolicyKey> key = PolicyKey.byPath(section.name + "." + e.name);
            if (key.isPresent()) leaf(key.get(), e);
            else unknownKey(e.line, join(section.name, e.name), e.name, children);
        }
    }

    private void rules(Entry rules) {
        if (isNull(rules.value)) return;
        if (!(rules.value instanceof MappingNode map)) {
            error(rules.line, PolicyKey.RULES, "expected a mapping of rule codes to levels, e.g. {AG201: error}; got "
                    + describe(rules.value));
            return;
        }
        for (Entry e : entries(map, PolicyKey.RULES)) {
            String key = join(PolicyKey.RULES, e.name);
            if (!known.isKnown(e.name)) {
                warning(e.line, key, "unknown rule code" + DidYouMean.suffix(e.name, known.codes()));
            } else if (e.value instanceof MappingNode m) {
                for (Entry field : entries(m, key)) {
                    switch (field.name) {
                        case PolicyKey.SEVERITY -> scalar(PolicyKey.ruleSeverity(e.name), ValueKind.RULE_LEVEL, field);
                        case PolicyKey.PREVIEW -> scalar(PolicyKey.rulePreview(e.name), ValueKind.BOOLEAN, field);
                        case PolicyKey.INLINE_CONFIDENCE ->
                                scalar(PolicyKey.ruleInlineConfidence(e.name), ValueKind.CONFIDENCE, field);
                        default -> unknownKey(field.line, join(key, field.name), field.name,
                                List.of(PolicyKey.SEVERITY, PolicyKey.PREVIEW, PolicyKey.INLINE_CONFIDENCE));
                    }
                }
            } else if (e.value instanceof ScalarNode s && !isNull(s)) {
                // The shorthand `AG201: error`: problems name the key as written.
                read(key, ValueKind.RULE_LEVEL, s)
                        .ifPresent(v -> values.put(PolicyKey.ruleSeverity(e.name), new Setting(v, e.line)));
            } else {
                error(e.line, key, "expected " + ValueKind.RULE_LEVEL.expected()
                        + ", or a mapping such as {severity: warning, preview: true}; got " + describe(e.value));
            }
        }
    }

    private void enforce(Entry entry) {
        List<String> paths = list(PolicyKey.ENFORCE, ValueKind.KEY_PATHS, entry, String.class);
        if (paths == null || paths.isEmpty()) return;
        if (file.layer() != PolicyFile.Layer.ORG) {
            warning(entry.line, PolicyKey.ENFORCE, "only the org policy (.github/asyncguard.yml in the org's .github "
                    + "repository) can enforce keys; ignored");
            return;
        }
        Set<String> enforceable = enforceablePaths(known);
        List<Node> items = ((SequenceNode) entry.value).getValue();
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            if (enforceable.contains(path)) enforce.putIfAbsent(path, line(items.get(i)));
            else warning(line(items.get(i)), PolicyKey.ENFORCE, "unknown key " + ValueKind.quote(path)
                    + DidYouMean.suffix(path, enforceable) + "; not enforced");
        }
    }

    // --- values ---

    private void leaf(PolicyKey key, Entry e) {
        if (key.kind().isList()) {
            List<Object> items = list(key.path(), key.kind(), e, Object.class);
            if (items != null) values.put(key.path(), new Setting(items, e.line));
        } else {
            scalar(key.path(), key.kind(), e);
        }
    }

    private void scalar(String path, ValueKind kind, Entry e) {
        if (!(e.value instanceof ScalarNode s) || isNull(s)) {
            error(e.line, path, "expected " + kind.expected() + "; got " + describe(e.value));
            return;
        }
        read(path, kind, s).ifPresent(v -> values.put(path, new Setting(v, e.line)));
    }

    /** A list value; null (after reporting) when it is not a list of fitting scalars. */
    private <T> List<T> list(String path, ValueKind kind, Entry e, Class<T> type) {
        if (!(e.value instanceof SequenceNode seq)) {
            error(e.line, path, "expected " + kind.expected() + "; got " + describe(e.value));
            return null;
        }
        if (seq.getValue().size() > ValueKind.MAX_LIST) {
            error(e.line, path, "expected a list of at most " + ValueKind.MAX_LIST + " entries; got " + seq.getValue().size());
            return null;
        }
        List<T> items = new ArrayList<>();
        boolean ok = true;
        for (Node item : seq.getValue()) {
            if (!(item instanceof ScalarNode s) || isNull(s)) {
                error(line(item), path, "expected " + kind.expected() + "; got an entry that is " + describe(item));
                ok = false;
                continue;
            }
            Optional<Object> v = read(path, kind, s);
            if (v.isPresent()) items.add(type.cast(v.get()));
            else ok = false;
        }
        return ok ? List.copyOf(items) : null;
    }

    private Optional<Object> read(String path, ValueKind kind, ScalarNode s) {
        try {
            return Optional.of(kind.readScalar(s.getValue()));
        } catch (IllegalArgumentException ex) {
            String got = ValueKind.quote(shorten(s.getValue()));
            error(line(s), path, kind == ValueKind.GLOBS
                    ? "invalid glob pattern " + got + ": " + ValueKind.escape(ex.getMessage())
                    : "expected " + kind.expected() + "; got " + got + DidYouMean.suffix(s.getValue(), kind.choices()));
            return Optional.empty();
        }
    }

    // --- reporting ---

    private void unknownKey(int line, String path, String name, java.util.Collection<String> siblings) {
        warning(line, path, "unknown key" + DidYouMean.suffix(name, siblings));
    }

    private void error(int line, String key, String message) {
        problems.add(PolicyProblem.error(file, line, key, message));
    }

    private void warning(int line, String key, String message) {
        problems.add(PolicyProblem.warning(file, line, key, message));
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    private static String describe(Node n) {
        if (n instanceof MappingNode) return "a mapping";
        if (n instanceof SequenceNode) return "a list";
        if (isNull(n)) return "nothing";
        return ValueKind.quote(shorten(((ScalarNode) n).getValue()));
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    /**
     * A key path from a prefix and a name read from the file. A name that is not a plain word is
     * shown quoted and escaped, so that no key can smuggle control characters or line breaks into
     * a terminal or a check run.
     */
    private static String join(String prefix, String name) {
        String shown = PLAIN_NAME.matcher(name).matches() ? name : ValueKind.quote(shorten(name));
        return prefix.isEmpty() ? shown : prefix + "." + shown;
    }
}
