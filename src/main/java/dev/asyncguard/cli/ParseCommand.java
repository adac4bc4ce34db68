package dev.asyncguard.cli;

import dev.asyncguard.python.ParseResult;
import dev.asyncguard.python.Parser;
import dev.asyncguard.python.PythonVersion;
import dev.asyncguard.python.SyntaxDiagnostic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code asyncguard parse DIR...}: which Python files do not parse, and why. Exit code 1 when any. */
@Command(name = "parse", description = "Reports the Python files that do not parse, and why.")
public final class ParseCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or folders (searched for *.py).")
    List<Path> paths;

    @Option(names = "--target", defaultValue = "3.14", description = "Python version whose syntax applies (3.8 to 3.14).")
    String target;

    @Option(names = "--all", description = "Also print the files that parse (as 'ok PATH').")
    boolean all;

    @Override
    public Integer call() throws IOException {
        PythonVersion version = PythonVersion.parse(target);
        Parser parser = new Parser(version);
        PrintStream out = System.out;
        int bad = 0;
        List<Path> files = PythonFiles.under(paths);
        for (Path file : files) {
            ParseResult r = parser.parse(Files.readAllBytes(file));
            if (r.ok()) {
                if (all) out.println("ok " + file);
                continue;
            }
            bad++;
            SyntaxDiagnostic d = r.diagnostics().get(0);
            out.println(file + ":" + d.line() + ":" + d.column() + ": " + d.message());
        }
        out.println(files.size() + " files, " + bad + " with syntax errors (target " + version + ")");
        return bad == 0 ? 0 : 1;
    }
}
