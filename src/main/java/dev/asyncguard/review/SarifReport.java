package dev.asyncguard.review;

import dev.asyncguard.analysis.Finding;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 for code-scanning tools: one run, the rules that reported something, one result per
 * reported finding with its location and our fingerprint as a partial fingerprint.
 */
public final class SarifReport {
    public static final String VERSION = "2.1.0";
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private SarifReport() {}

    public static Map<String, Object> of(List<ReviewedFinding> reported, ReviewOptions options, String toolVersion) {
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        List<Map<String, Object>> rules = new ArrayList<>();
        List<Map<String, Object>> results = new ArrayList<>();
        for (ReviewedFinding r : reported) {
            Finding f = r.marked().finding();
            Integer index = ruleIndex.get(f.code());
            if (index == null) {
                index = rules.size();
                ruleIndex.put(f.code(), index);
                rules.add(map("id", f.code(), "name", f.name(), "shortDescription", map("text", f.name()),
                        "helpUri", options.docsUrl(f.code())));
            }
            int startLine = Math.max(1, f.range().startLine());
            int endLine = Math.max(startLine, f.range().endLine());
            Map<String, Object> region = map("startLine", startLine, "startColumn", f.range().startColumn() + 1,
                    "endLine", endLine, "endColumn", Math.max(1, f.range().endColumn() + 1));
            results.add(map(
                    "ruleId", f.code(),
                    "ruleIndex", index,
                    "level", level(f),
                    "message", map("text", f.message()),
                    "locations", List.of(map("physicalLocation", map(
                            "artifactLocation", map("uri", uri(f.path()), "uriBaseId", "%SRCROOT%"),
                            "region", region))),
                    "partialFingerprints", map("asyncguard/v1", r.fingerprint())));
        }
        Map<String, Object> driver = map("name", "asyncguard", "version", toolVersion,
                "informationUri", "https://github.com/asyncguard/asyncguard", "rules", rules);
        return map("$schema", SCHEMA, "version", VERSION, "runs", List.of(map("tool", map("driver", driver), "results", results)));
    }

    private static String level(Finding f) {
        return switch (f.severity()) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }

    /** A relative URI reference for a repository path: spaces and non-ASCII characters percent-encoded. */
    static String uri(String path) {
        try {
            // A colon in the first segment would read as a URI scheme.
            int colon = path.indexOf(':'), slash = path.indexOf('/');
            String safe = colon >= 0 && (slash < 0 || colon < slash) ? "./" + path : path;
            return new URI(null, null, safe, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("path cannot be a URI: " + path, e);
        }
    }

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }
}
