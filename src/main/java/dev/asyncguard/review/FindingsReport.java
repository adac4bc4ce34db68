package dev.asyncguard.review;

import dev.asyncguard.analysis.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reported findings as plain data (for {@code --format json}): each with its place, fix,
 * marks against the diff, disposition and fingerprint; plus how many the filter left out and which
 * files could not be analyzed.
 */
public final class FindingsReport {
    private FindingsReport() {}

    public static Map<String, Object> of(ReviewResult result, ReviewOptions options, String baseCommit, String headCommit) {
        List<Map<String, Object>> findings = new ArrayList<>();
        for (ReviewedFinding r : result.reported()) {
            Finding f = r.marked().finding();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", f.code());
            m.put("name", f.name());
            m.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
            m.put("path", f.path());
            m.put("line", f.range().startLine());
            m.put("column", f.range().startColumn() + 1);
            m.put("endLine", f.range().endLine());
            m.put("endColumn", f.range().endColumn() + 1);
            m.put("message", f.message());
            m.put("confidence", f.confidence().key());
            if (f.fix() != null) {
                Map<String, Object> fix = new LinkedHashMap<>();
                fix.put("title", f.fix().title());
                fix.put("applicability", f.fix().applicability().name().toLowerCase(Locale.ROOT));
                m.put("fix", fix);
            }
            m.put("onAddedLine", r.marked().onAddedLine());
            m.put("inHunk", r.marked().inHunk());
            m.put("disposition", r.disposition().name().toLowerCase(Locale.ROOT));
            m.put("fingerprint", r.fingerprint());
            findings.add(m);
        }
        List<Map<String, Object>> problems = new ArrayList<>();
        for (FileProblem p : result.problems()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", p.path());
            m.put("message", p.message());
            problems.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("base", baseCommit);
        out.put("head", headCommit);
        out.put("filter", options.filter().key());
        out.put("findings", findings);
        out.put("notReportedByFilter", result.findings().size() - result.reported().size());
        out.put("problems", problems);
        return out;
    }
}
