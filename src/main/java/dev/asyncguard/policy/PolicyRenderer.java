package dev.asyncguard.policy;

import dev.asyncguard.policy.ResolvedPolicy.EffectiveValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a {@link ResolvedPolicy} for people: {@link #explain} for {@code policy explain} (a valid
 * policy file whose comments say where each value came from) and {@link #summaryMarkdown} for the
 * check run's summary.
 */
public final class PolicyRenderer {

    /** Problems listed in a check-run summary at most; its whole text is limited to 65,535 characters. */
    static final int MAX_SUMMARY_PROBLEMS = 30;
    private static final int COMMENT_COLUMN = 44;

    private PolicyRenderer() {
    }

    /** The effective policy as YAML, each value commented with its source, then the problems. */
    public static String explain(ResolvedPolicy resolved) {
        StringBuilder out = new StringBuilder("# Effective asyncguard policy. Files, each overriding the ones above it:\n");
        for (PolicyFile f : resolved.applied()) {
            out.append("#   ").append(pad(f.layer().label(), 8)).append(f.describe())
                    .append(f.equals(PolicyFile.defaults()) ? " (built in)" : "").append('\n');
        }
        for (PolicyFile f : resolved.rejected()) {
            out.append("#   ").append(pad(f.layer().label(), 8)).append(f.describe())
                    .append(" -- NOT APPLIED, it has errors (see the problems below)\n");
        }
        out.append('\n');
        String section = "";
        String rule = "";
        boolean anyRule = false;
        for (Map.Entry<String, EffectiveValue> e : resolved.values().entrySet()) {
            String path = e.getKey();
            String[] parts = path.split("\\.");
            if (parts[0].equals(PolicyKey.RULES)) {
                if (!anyRule) out.append(PolicyKey.RULES).append(":\n");
                anyRule = true;
                if (!parts[1].equals(rule)) out.append("  ").append(parts[1]).append(":\n");
                rule = parts[1];
                line(out, "    " + parts[2] + ": ", e.getValue());
                continue;
            }
            if (!anyRule && !parts[0].equals(PolicyKey.PYTHON.path())) {
                out.append("rules: {}").append(" ".repeat(COMMENT_COLUMN - 9))
                        .append("# no file sets a rule: each keeps its own default severity\n");
                anyRule = true;
            }
            if (parts.length == 1) {
                line(out, parts[0] + ": ", e.getValue());
            } else {
                if (!parts[0].equals(section)) out.append(parts[0]).append(":\n");
                section = parts[0];
                line(out, "  " + parts[1] + ": ", e.getValue());
            }
        }
        out.append("\n# Enforced by the org (repositories cannot change these):\n");
        if (resolved.enforced().isEmpty()) {
            out.append("enforce: []\n");
        } else {
            out.append("enforce:\n");
            resolved.enforced().forEach((path, at) -> {
                String item = "  - " + path;
                out.append(pad(item, COMMENT_COLUMN)).append("# ").append(at.describe()).append('\n');
            });
        }
        if (!resolved.problems().isEmpty()) {
            out.append("\n# Problems:\n");
            for (PolicyProblem p : resolved.problems()) {
                out.append("#   ").append(p.level().name().toLowerCase()).append(": ").append(p).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * A section for the check run's summary: the policy in force (files and commits), the keys
     * the org enforces, and the problems, each in a code span so that nothing from a policy file
     * renders as Markdown.
     */
    public static String summaryMarkdown(ResolvedPolicy resolved) {
        StringBuilder out = new StringBuilder("### Policy\n\n");
        List<String> layers = new ArrayList<>();
        for (PolicyFile f : resolved.applied()) {
            layers.add(f.equals(PolicyFile.defaults())
                    ? "built-in defaults"
                    : f.layer().label() + " " + code(f.name()) + (f.commit() == null ? "" : " at " + code(f.shortCommit())));
        }
        out.append("In force: ").append(String.join(" < ", layers)).append(".\n");
        for (PolicyFile f : resolved.rejected()) {
            out.append("\n**Not applied:** ").append(f.layer().label()).append(' ').append(code(f.name()))
                    .append(f.commit() == null ? "" : " at " + code(f.shortCommit()))
                    .append(" has errors (below); this review ran without it.\n");
        }
        if (!resolved.enforced().isEmpty()) {
            out.append("\nEnforced by the org: ")
                    .append(resolved.enforced().keySet().stream().map(PolicyRenderer::code).collect(Collectors.joining(", ")))
                    .append(".\n");
        }
        List<PolicyProblem> problems = resolved.problems();
        if (!problems.isEmpty()) {
            out.append("\n**Problems in policy files:**\n\n");
            for (PolicyProblem p : problems.subList(0, Math.min(problems.size(), MAX_SUMMARY_PROBLEMS))) {
                out.append("- ").append(p.isError() ? "error" : "warning").append(": ").append(code(p.toString())).append('\n');
            }
            if (problems.size() > MAX_SUMMARY_PROBLEMS) {
                out.append("- and ").append(problems.size() - MAX_SUMMARY_PROBLEMS)
                        .append(" more (run `asyncguard policy explain` on the file to see all)\n");
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String prefix, EffectiveValue v) {
        out.append(pad(prefix + ValueKind.render(v.value()), COMMENT_COLUMN)).append("# ").append(v.source().describe());
        if (v.enforced()) out.append(", enforced");
        out.append('\n');
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    /** A Markdown code span that holds any text: the fence is longer than any run of backticks in it. */
    static String code(String text) {
        String oneLine = text.replace('\n', ' ').replace('\r', ' ');
        int longest = 0;
        int run = 0;
        for (char c : oneLine.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = oneLine.startsWith("`") || oneLine.endsWith("`") ? " " : "";
        return fence + pad + oneLine + pad + fence;
    }
}
