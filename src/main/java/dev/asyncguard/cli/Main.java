package dev.asyncguard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code asyncguard} command line: one entry point for the local commands and the service, so
 * that the CLI and the GitHub App run the same pipeline.
 */
@Command(name = "asyncguard",
        mixinStandardHelpOptions = true,
        version = "asyncguard " + Main.VERSION,
        description = "Finds asyncio pitfalls in Python code and reviews pull requests.",
        subcommands = {
                // Each subcommand is one class in this package; keep this list sorted.
                CommandLine.HelpCommand.class,
                BenchCommand.class,
                CheckCommand.class,
                ParseCommand.class,
                PolicyCommand.class,
                ReviewCommand.class,
                RuleCommand.class,
                ServeCommand.class,
        })
public final class Main implements Runnable {
    /** The tool's version, as --version and SARIF's tool.driver.version say it. */
    public static final String VERSION = "0.1.0";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code; tests call this instead of {@link #main}. */
    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
