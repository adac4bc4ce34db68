package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Rule;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.analysis.Subscriptions;
import dev.asyncguard.python.PythonVersion;
import dev.asyncguard.python.VersionedSyntax;
import dev.asyncguard.python.ast.SourceRange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AG002: syntax that the project's declared Python does not have ({@code match} in a project that
 * declares 3.9). Files are always parsed with the newest grammar, so such code is analyzed like any
 * other; this rule says only that the declared version would not run it. With no declared version
 * (no policy {@code python}, no {@code requires-python}) it reports nothing.
 */
@RuleInfo(code = "AG002", name = "syntax-newer-than-target", severity = Severity.INFO,
        summary = "Syntax that needs a newer Python than the project declares.")
public final class SyntaxNewerThanTarget implements Rule {
    @Override
    public void subscribe(Subscriptions on) {
        on.onFileStart(ctx -> {
            PythonVersion declared = ctx.options().declaredPython();
            if (declared == null || !ctx.syntaxProblems().isEmpty()) return;
            // One finding per kind of construct, at its first use: a module of match statements is
            // one decision (raise the version or rewrite), not one comment per statement.
            Map<String, List<VersionedSyntax>> byKind = new LinkedHashMap<>();
            for (VersionedSyntax s : ctx.versionedSyntax()) {
                if (declared.olderThan(s.requires())) byKind.computeIfAbsent(s.what(), k -> new ArrayList<>()).add(s);
            }
            for (List<VersionedSyntax> uses : byKind.values()) {
                VersionedSyntax first = uses.get(0);
                String more = uses.size() == 1 ? "" : " (" + (uses.size() - 1) + " more in this file)";
                ctx.reporter().report(SourceRange.of(first.line(), first.column()), first.what() + " needs Python " + first.requires()
                        + ", but the project declares Python " + declared + " or newer" + more, null);
            }
        });
    }
}
