package dev.asyncguard.cli;

import dev.asyncguard.python.Parser;
import dev.asyncguard.python.PythonVersion;
import dev.asyncguard.python.SyntaxDiagnostic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code asyncguard parse DIR...}: which Python files do not parse, and why. Exit code 1 when any. */
@Command(name = "parse", mixinStandardHelpOptions = true, description = "Reports the Python files that do not parse, and why.")
public final class ParseCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or folders (searched for *.py).")
    List<Path> paths;

    @Option(names = "--target", defaultValue = "3.14", description = "Python version whose syntax applies (3.8 to 3.14).")
    String target;

    @Option(names = "--all", description = "Also print the files that parse (as 'ok PATH').")
    boolean all;

    @Option(names = "--threads", description = "Files parsed in parallel (default: one per processor).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws IOException, InterruptedException, ExecutionException {
        PythonVersion version = PythonVersion.parse(target);
        Parser parser = new Parser(version);
        PrintStream out = System.out;
        int bad = 0;
        PythonFiles.Walk walk = PythonFiles.walk(paths);
        walk.unreadable().forEach(System.err::println);
        bad += walk.unreadable().size();
        List<Path> files = walk.files();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), Parser.threads("asyncguard-parse"));
        try {
            // Each task keeps only the first diagnostic, so no tree outlives its parse.
            List<Future<Optional<SyntaxDiagnostic>>> results = new ArrayList<>(files.size());
            for (Path file : files) {
                results.add(pool.submit(() -> parser.parse(Files.readAllBytes(file)).diagnostics().stream().findFirst()));
            }
            // Printed in file order, whatever order the parses finish in.
            for (int i = 0; i < files.size(); i++) {
                Optional<SyntaxDiagnostic> first = results.get(i).get();
                Path file = files.get(i);
                if (first.isEmpty()) {
                    if (all) out.println("ok " + file);
                    continue;
                }
                bad++;
                SyntaxDiagnostic d = first.get();
                out.println(file + ":" + d.line() + ":" + d.column() + ": " + d.message());
            }
        } finally {
            pool.shutdownNow();
        }
        out.println(files.size() + " files, " + bad + " with syntax errors (target " + version + ")");
        return bad == 0 ? 0 : 1;
    }
}
