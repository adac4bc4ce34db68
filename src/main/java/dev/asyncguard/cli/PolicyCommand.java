package dev.asyncguard.cli;

import dev.asyncguard.policy.KnownRules;
import dev.asyncguard.policy.PolicyDefaults;
import dev.asyncguard.policy.PolicyLoader;
import dev.asyncguard.policy.PolicyRenderer;
import dev.asyncguard.policy.ResolvedPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code asyncguard policy ...}: working with policy files locally. */
@Command(name = "policy",
        mixinStandardHelpOptions = true,
        description = "Shows how policy files combine.",
        subcommands = {PolicyCommand.Explain.class, CommandLine.HelpCommand.class})
public final class PolicyCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code policy explain [--org FILE] [--repo FILE]}: the effective policy with the source of
     * every value. Exit 0 when the files are valid (warnings allowed), 1 when a file has errors
     * (so CI can check a policy file before it is merged), 2 when a file cannot be read.
     */
    @Command(name = "explain",
            mixinStandardHelpOptions = true,
            description = "Prints the effective policy (built-in defaults < the org's file < the repo's file) "
                    + "with the source of each value, the keys the org enforces, and any problems.",
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:the files are valid (warnings allowed)", "1:a file has errors and would not be applied",
                    "2:a file cannot be read, or the --defaults file is invalid"})
    static final class Explain implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--org", paramLabel = "FILE",
                description = "the org's policy (.github/asyncguard.yml of the org's .github repository)")
        Path org;

        @Option(names = "--repo", paramLabel = "FILE", description = "the repository's .github/asyncguard.yml")
        Path repo;

        @Option(names = "--defaults", paramLabel = "FILE",
                description = "an operator's default policy over the built-in one (the service's ASYNCGUARD_POLICY_DEFAULTS_FILE)")
        Path defaults;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ResolvedPolicy resolved;
            try {
                PolicyDefaults base = defaults == null
                        ? PolicyDefaults.builtIn(KnownRules.builtIn())
                        : PolicyDefaults.fromFile(defaults, KnownRules.builtIn());
                base.warnings().forEach(w -> err.println("asyncguard: warning: " + w));
                resolved = PolicyLoader.fromFiles(base, org, repo, KnownRules.builtIn());
            } catch (NoSuchFileException e) {
                err.println("asyncguard: " + e.getFile() + ": no such file");
                return 2;
            } catch (IOException e) {
                err.println("asyncguard: cannot read the policy: " + e.getMessage());
                return 2;
            }
            out.print(PolicyRenderer.explain(resolved));
            out.flush();
            return resolved.hasErrors() ? 1 : 0;
        }
    }
}
