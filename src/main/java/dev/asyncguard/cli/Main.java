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
        String first = args.length > 0 ? args[0] : "";
        if (PARSES.contains(first) && !(first.equals("check") && mayReadEverythingFromCache(args))) {
            dev.asyncguard.python.Parser.warmUpInBackground();
        }
        if (first.equals("check")) {
            CheckCommand check = CheckArguments.parse(args, 1);
            if (check != null) return check(check);
        }
        return forCommand(first).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    /**
     * A {@code check} read by {@link CheckArguments}, run as picocli runs commands: output in the
     * encoding picocli picks for standard output and error, an unexpected exception printed with
     * its stack trace and exit status 1.
     */
    private static int check(CheckCommand check) {
        // Started by bin/asyncguard, which prints a run's recorded output again while nothing it depended on changed.
        RunManifest manifest = RunManifest.fromEnvironment(System.getenv());
        check.manifest = manifest;
        java.io.PrintWriter out = writer(manifest != null ? manifest.stdout(System.out) : System.out, "sun.stdout.encoding");
        java.io.PrintWriter err = writer(manifest != null ? manifest.stderr(System.err) : System.err, "sun.stderr.encoding");
        int status;
        try {
            status = check.check(out, err);
        } catch (RuntimeException e) {
            e.printStackTrace(err);
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
        if (manifest != null) manifest.write(status, check.cacheDirs());
        return status;
    }

    private static java.io.PrintWriter writer(java.io.OutputStream stream, String encodingProperty) {
        java.nio.charset.Charset charset = java.nio.charset.Charset.defaultCharset();
        String name = System.getProperty(encodingProperty);
        if (name != null) {
            try {
                charset = java.nio.charset.Charset.forName(name.equalsIgnoreCase("cp65001") ? "UTF-8" : name);
            } catch (IllegalArgumentException e) {
                // the default, as picocli falls back
            }
        }
        return new java.io.PrintWriter(new java.io.BufferedWriter(new java.io.OutputStreamWriter(stream, charset)), true);
    }

    /**
     * Whether a {@code check} may find every result in its cache, and parse nothing: its parser's
     * tables are then built only once a file is to be analyzed (see {@code CheckCommand}), not on the
     * second core at start, which a re-run of unchanged files would spend for nothing.
     */
    private static boolean mayReadEverythingFromCache(String... args) {
        for (String a : args) {
            if (a.equals("--no-cache") || a.equals("--fix") || a.equals("--diff") || a.startsWith("--stdin-filename")) return false;
        }
        return true;
    }

    /** The subcommands that parse Python: their parser's tables are built on a second core while picocli reads the arguments. */
    private static final java.util.Set<String> PARSES = java.util.Set.of("check", "review", "parse", "bench");

    /**
     * Each subcommand by name, in the order {@code subcommands} above lists them (a test checks both agree).
     * When a command line starts with one of these names, only that subcommand is built: picocli reads
     * every subcommand's annotations by reflection when it builds the tree, which was a third of a small
     * file's {@code check} (picocli's classes, compiled for Java 5, cannot go into the JDK's class cache).
     */
    static final java.util.Map<String, java.util.function.Supplier<Object>> SUBCOMMANDS = subcommands();

    private static java.util.Map<String, java.util.function.Supplier<Object>> subcommands() {
        java.util.Map<String, java.util.function.Supplier<Object>> m = new java.util.LinkedHashMap<>();
        m.put("bench", BenchCommand::new);
        m.put("check", CheckCommand::new);
        m.put("parse", ParseCommand::new);
        m.put("policy", PolicyCommand::new);
        m.put("review", ReviewCommand::new);
        m.put("rule", RuleCommand::new);
        m.put("serve", ServeCommand::new);
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The command line for arguments that start with {@code first}: the whole tree, or, when
     * {@code first} names a subcommand, a parent named {@code asyncguard} with just that one (what
     * it prints and how it parses are the same: usage lines still read "asyncguard check ...").
     */
    static CommandLine forCommand(String first) {
        java.util.function.Supplier<Object> only = SUBCOMMANDS.get(first);
        if (only == null) return new CommandLine(new Main());
        CommandLine.Model.CommandSpec top = CommandLine.Model.CommandSpec.create().name("asyncguard")
                .version("asyncguard " + VERSION).mixinStandardHelpOptions(true);
        CommandLine parent = new CommandLine(top);
        parent.addSubcommand(first, new CommandLine(only.get()));
        return parent;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
