package dev.asyncguard.review;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The rule pages, {@code docs/rules/AGnnn.md}, as the build packages them into the jar
 * ({@code dev/asyncguard/rules/AGnnn.md}): the one loader behind the explanation in review
 * comments and the App's {@code /rules/AGnnn} pages, so both show the same text.
 */
public final class RuleDocs {
    /** A rule code as the catalogue writes it; anything else is never looked up (no path from a request reaches the classpath). */
    public static final Pattern CODE = Pattern.compile("AG\\d{3}");
    private static final String DIR = "/dev/asyncguard/rules/";
    private static final RuleDocs BUILT_IN = new RuleDocs();

    private final Map<String, Optional<RuleDoc>> loaded = new ConcurrentHashMap<>();

    private RuleDocs() {}

    /** The pages packaged with this build. */
    public static RuleDocs builtIn() {
        return BUILT_IN;
    }

    /** The page of {@code code}, or empty when the code is malformed or has no page. */
    public Optional<RuleDoc> of(String code) {
        if (code == null || !CODE.matcher(code).matches()) return Optional.empty();
        return loaded.computeIfAbsent(code, RuleDocs::load);
    }

    private static Optional<RuleDoc> load(String code) {
        try (InputStream in = RuleDocs.class.getResourceAsStream(DIR + code + ".md")) {
            if (in == null) return Optional.empty();
            return Optional.of(RuleDoc.parse(code, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the packaged page of " + code, e);
        }
    }

    /**
     * One rule page: its title line ({@code # AG201 blocking-sleep}), the whole Markdown, and its
     * {@code ## } sections by heading (headings inside code fences do not count).
     */
    public record RuleDoc(String code, String title, String markdown, Map<String, String> sections) {
        public RuleDoc {
            sections = Map.copyOf(sections);
        }

        static RuleDoc parse(String code, String markdown) {
            String title = code;
            Map<String, StringBuilder> sections = new LinkedHashMap<>();
            StringBuilder current = null;
            boolean fenced = false;
            for (String line : markdown.lines().toList()) {
                if (line.startsWith("```")) fenced = !fenced;
                if (!fenced && line.startsWith("# ")) {
                    title = line.substring(2).strip();
                    continue;
                }
                if (!fenced && line.startsWith("## ")) {
                    current = new StringBuilder();
                    sections.put(line.substring(3).strip().replaceAll("\\?$", ""), current);
                    continue;
                }
                if (current != null) current.append(line).append('\n');
            }
            Map<String, String> out = new LinkedHashMap<>();
            sections.forEach((k, v) -> out.put(k, v.toString().strip()));
            return new RuleDoc(code, title, markdown, out);
        }

        /** The "Why is this bad" section, or empty. */
        public String why() {
            return sections.getOrDefault("Why is this bad", "");
        }

        /** The "Use instead" section, or empty. */
        public String useInstead() {
            return sections.getOrDefault("Use instead", "");
        }
    }
}
