package dev.asyncguard.cli;

import dev.asyncguard.analysis.RuleMetadata;
import dev.asyncguard.analysis.RuleRegistry;
import dev.asyncguard.review.RuleDocs;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code asyncguard rule AG201}: the rule's page (docs/rules/AG201.md, shipped in the jar), as ruff's {@code rule}. */
@Command(name = "rule", mixinStandardHelpOptions = true,
        description = {"Prints a rule's documentation: what it does, why it is bad, an example, what to use instead, fix safety.",
                "Exit status: 0 printed, 2 no such rule."})
public final class RuleCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CODE", description = "A rule code, e.g. AG201.")
    String code;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String wanted = code.strip().toUpperCase(Locale.ROOT);
        RuleRegistry registry = RuleRegistry.builtIn();
        Optional<RuleMetadata> rule = registry.rules().stream().filter(r -> r.code().equals(wanted)).findFirst();
        if (rule.isEmpty()) {
            err.println("asyncguard rule: no rule " + code + dev.asyncguard.policy.DidYouMean.suffix(wanted, registry.codes())
                    + " (codes are like AG201; docs/rules/README.md lists them all)");
            return 2;
        }
        Optional<String> page = page(wanted);
        if (page.isEmpty()) {
            // A registered rule always has a page (RuleFixturesTest); a jar built without docs/ does not.
            RuleMetadata r = rule.get();
            out.println("# " + r.code() + " " + r.name() + "\n\n" + r.summary());
        } else {
            out.print(page.get());
        }
        out.flush();
        return 0;
    }

    /** The Markdown page of a rule, from the jar (one loader: {@link RuleDocs}). */
    static Optional<String> page(String code) {
        return RuleDocs.builtIn().of(code).map(RuleDocs.RuleDoc::markdown);
    }
}
