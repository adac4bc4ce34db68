package dev.asyncguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.asyncguard.analysis.Applicability;
import dev.asyncguard.analysis.Edit;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.RuleMetadata;
import dev.asyncguard.analysis.RuleRegistry;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.review.RuleDocLinks;
import dev.asyncguard.python.ast.SourceRange;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;


/** The three shapes {@code check} prints findings in: compiler-style text, JSON, SARIF 2.1.0. */
final class CheckReports {
    /** Made on first use: building a mapper loads much of Jackson, which text output does not need. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private CheckReports() {}

    /** {@code path:line:col: AG201 [blocking-sleep] message}, columns 1-based, with the fix below. */
    static void text(List<Finding> findings, int files, PrintWriter out) {
        int fixable = 0;
        for (Finding f : findings) {
            out.println(f.path() + ":" + f.line() + ":" + (f.range().startColumn() + 1) + ": " + f.code() + " ["
                    + f.name() + "] " + (f.lowConfidence() ? "(low confidence) " : "") + f.message());
            if (f.fix() == null) continue;
            String kind = f.fix().applicability().name().toLowerCase(Locale.ROOT).replace('_', '-');
            out.println("    fix (" + kind + "): " + f.fix().title());
            if (f.fix().applicability() == Applicability.SAFE) fixable++;
            for (Edit e : f.fix().edits()) out.println(indent(e.replacement(), "      "));
            if (f.fix().edits().isEmpty() && f.fix().example() != null) out.println(indent(f.fix().example(), "      "));
        }
        out.println(findings.size() + (findings.size() == 1 ? " finding" : " findings") + " in " + files
                + (files == 1 ? " file" : " files") + (fixable > 0 ? " (" + fixable + " with a safe fix)" : "") + ".");
    }

    /**
     * GitHub Actions workflow commands, one per finding, which the runner turns into annotations
     * on the pull request: {@code ::warning file=app.py,line=6,col=5,endLine=6,endColumn=18,title=AG201 blocking-sleep::message}.
     * Escaped as GitHub's toolkit does: {@code %}, CR and LF in the message; also {@code :} and
     * {@code ,} in properties.
     */
    static void github(List<Finding> findings, PrintWriter out) {
        for (Finding f : findings) {
            String command = switch (f.severity()) {
                case ERROR -> "error";
                case WARNING -> "warning";
                case INFO -> "notice";
            };
            SourceRange r = f.range();
            String path = f.path().replace('\\', '/');
            while (path.startsWith("./")) path = path.substring(2);     // `check .` names files ./x.py; GitHub wants x.py
            out.println("::" + command + " file=" + property(path) + ",line=" + r.startLine()
                    + ",col=" + (r.startColumn() + 1) + ",endLine=" + r.endLine() + ",endColumn=" + (r.endColumn() + 1)
                    + ",title=" + property(f.code() + " " + f.name()) + "::" + data(f.message()));
        }
    }

    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }

    /** One line per rule: how many findings, the code, the name, and how many have a safe fix, most frequent first. */
    static void statistics(List<Finding> findings, PrintWriter out) {
        Map<String, int[]> counts = new java.util.TreeMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (Finding f : findings) {
            int[] c = counts.computeIfAbsent(f.code(), k -> new int[2]);
            c[0]++;
            if (f.fix() != null && f.fix().applicability() == Applicability.SAFE && !f.fix().edits().isEmpty()) c[1]++;
            names.putIfAbsent(f.code(), f.name());
        }
        counts.entrySet().stream().sorted((a, b) -> Integer.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> out.println(String.format(Locale.ROOT, "%5d  %s  %-32s %s", e.getValue()[0], e.getKey(),
                        names.get(e.getKey()), e.getValue()[1] > 0 ? "[" + e.getValue()[1] + " fixable]" : "").stripTrailing()));
        out.println(findings.size() + (findings.size() == 1 ? " finding." : " findings."));
    }

    private static String indent(String text, String by) {
        return by + text.replace("\n", "\n" + by);
    }

    static void json(List<Finding> findings, PrintWriter out) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", f.path());
            m.put("code", f.code());
            m.put("name", f.name());
            m.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
            m.put("message", f.message());
            m.put("confidence", f.confidence().key());
            m.put("range", range(f.range()));
            if (f.fix() != null) {
                Map<String, Object> fix = new LinkedHashMap<>();
                fix.put("title", f.fix().title());
                fix.put("applicability", f.fix().applicability().name().toLowerCase(Locale.ROOT));
                List<Map<String, Object>> edits = new ArrayList<>();
                for (Edit e : f.fix().edits()) edits.add(ordered("range", range(e.range()), "replacement", e.replacement()));
                fix.put("edits", edits);
                if (f.fix().example() != null) fix.put("example", f.fix().example());
                m.put("fix", fix);
            }
            list.add(m);
        }
        write(list, out);
    }

    /** A JSON object whose keys keep the order given: {@code Map.of}'s order changes from one run to the next. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }

    /** Lines 1-based, columns 1-based (as editors show them), end exclusive. */
    private static Map<String, Object> range(SourceRange r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("startLine", r.startLine());
        m.put("startColumn", r.startColumn() + 1);
        m.put("endLine", r.endLine());
        m.put("endColumn", r.endColumn() + 1);
        return m;
    }

    /** SARIF 2.1.0: the rules that ran in {@code tool.driver.rules}, one result per finding, SAFE fixes as {@code fixes}. */
    static void sarif(List<Finding> findings, RuleRegistry registry, PrintWriter out) {
        sarif(findings, null, registry, out);
    }

    /**
     * {@link #sarif(List, RuleRegistry, PrintWriter)} with each finding's review fingerprint (aligned
     * with {@code findings}, or null) as {@code partialFingerprints}, so code-scanning tools match
     * results across runs the way re-reviews do.
     */
    static void sarif(List<Finding> findings, List<String> fingerprints, RuleRegistry registry, PrintWriter out) {
        sarif(findings, fingerprints, registry, RuleDocLinks.fromEnvironment(System.getenv()), out);
    }

    /** SARIF with each rule's {@code helpUri} where {@link RuleDocLinks} says a page exists, and none otherwise. */
    static void sarif(List<Finding> findings, List<String> fingerprints, RuleRegistry registry, RuleDocLinks links,
                      PrintWriter out) {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (RuleMetadata r : registry.rules()) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("id", r.code());
            rule.put("name", r.name());
            rule.put("shortDescription", Map.of("text", r.summary()));
            java.util.Optional<String> page = RuleCommand.page(r.code());
            rule.put("fullDescription", Map.of("text", page.map(CheckReports::whatItDoes).orElse(r.summary())));
            page.ifPresent(md -> rule.put("help", ordered("text", md, "markdown", md)));
            links.url(r.code()).ifPresent(url -> rule.put("helpUri", url));
            rule.put("defaultConfiguration", Map.of("level", level(r.defaultSeverity())));
            rules.add(rule);
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ruleId", f.code());
            result.put("level", level(f.severity()));
            result.put("message", Map.of("text", f.message()));
            Map<String, Object> artifact = ordered("uri", uri(relativeToRoot(f.path())), "uriBaseId", SRCROOT);
            result.put("locations", List.of(Map.of("physicalLocation",
                    ordered("artifactLocation", artifact, "region", range(f.range())))));
            if (f.fix() != null && f.fix().applicability() == Applicability.SAFE && !f.fix().edits().isEmpty()) {
                List<Map<String, Object>> replacements = new ArrayList<>();
                for (Edit e : f.fix().edits()) {
                    replacements.add(ordered("deletedRegion", range(e.range()),
                            "insertedContent", Map.of("text", e.replacement())));
                }
                result.put("fixes", List.of(ordered("description", Map.of("text", f.fix().title()),
                        "artifactChanges", List.of(ordered("artifactLocation", artifact, "replacements", replacements)))));
            }
            result.put("properties", Map.of("confidence", f.confidence().key()));
            if (fingerprints != null) result.put("partialFingerprints", Map.of("asyncguard/v1", fingerprints.get(i)));
            results.add(result);
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "asyncguard");
        driver.put("version", Main.VERSION);
        driver.put("semanticVersion", Main.VERSION);
        driver.put("rules", rules);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        // Paths are relative to the directory asyncguard ran in (the repository's root in CI), named by
        // a uriBaseId as code scanning expects; originalUriBaseIds says where that was.
        String root = java.nio.file.Path.of("").toAbsolutePath().toUri().toString();
        run.put("originalUriBaseIds", Map.of(SRCROOT, Map.of("uri", root.endsWith("/") ? root : root + "/")));
        run.put("results", results);
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("version", "2.1.0");
        log.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        log.put("runs", List.of(run));
        write(log, out);
    }

    static final String SRCROOT = "%SRCROOT%";

    /** A path relative to the working directory when it lies under it ({@code /repo/app/x.py} → {@code app/x.py}). */
    static String relativeToRoot(String path) {
        try {
            java.nio.file.Path p = java.nio.file.Path.of(path);
            java.nio.file.Path cwd = java.nio.file.Path.of("").toAbsolutePath();
            java.nio.file.Path abs = p.toAbsolutePath().normalize();
            return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : path;
        } catch (java.nio.file.InvalidPathException e) {
            return path;
        }
    }

    /** The first paragraph under "What it does" of a rule page, as plain-ish text. */
    static String whatItDoes(String page) {
        int at = page.indexOf("## What it does");
        if (at < 0) return page.strip();
        String rest = page.substring(page.indexOf('\n', at) + 1).strip();
        int end = rest.indexOf("\n\n");
        int next = rest.indexOf("\n#");
        int cut = end < 0 ? next : next < 0 ? end : Math.min(end, next);
        return (cut < 0 ? rest : rest.substring(0, cut)).replace('\n', ' ').strip();
    }

    private static String level(Severity s) {
        return switch (s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }

    /**
     * A path as given on the command line, as a URI reference: '/'-separated, relative stays
     * relative; spaces, '%', '#', '?' and non-ASCII characters (as UTF-8 bytes) percent-encoded.
     */
    static String uri(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.replace('\\', '/').getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= ' ' || c >= 0x7f || c == '%' || c == '#' || c == '?') out.append(String.format("%%%02X", c));
            else out.append((char) c);
        }
        return out.toString();
    }

    private static void write(Object value, PrintWriter out) {
        try {
            out.println(Json.MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

}
