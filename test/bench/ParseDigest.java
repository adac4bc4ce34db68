import dev.asyncguard.python.AstDump;
import dev.asyncguard.python.ParseResult;
import dev.asyncguard.python.Parser;
import dev.asyncguard.python.PythonVersion;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * One line per *.py file under the given folders: a digest of everything the parser gives the
 * analysis (the AST with every position, comments, diagnostics, versioned syntax, words), so that two
 * builds of the parser can be compared file by file over whole corpora ({@code test/bench/same-ast.sh}).
 * Parses with the newest grammar and for 3.8 (the oldest); with DIGEST_SHOW set, prints the text instead of its digest.
 *   java -cp ASYNCGUARD.jar test/bench/ParseDigest.java DIR...
 */
public final class ParseDigest {
    public static void main(String[] args) throws Exception {
        List<Path> files = new ArrayList<>();
        for (String a : args) {
            try (Stream<Path> walk = Files.walk(Path.of(a))) {
                walk.filter(p -> p.toString().endsWith(".py") && Files.isRegularFile(p)).sorted().forEach(files::add);
            }
        }
        Parser newest = new Parser(PythonVersion.NEWEST);
        Parser oldest = new Parser(PythonVersion.parse("3.8"));
        ExecutorService pool = Executors.newFixedThreadPool(2, Parser.threads("digest"));
        List<Future<String>> lines = new ArrayList<>();
        for (Path f : files) {
            lines.add(pool.submit(() -> {
                byte[] bytes = Files.readAllBytes(f);
                return digest(newest.parse(bytes)) + " " + digest(oldest.parse(bytes)) + " " + f;
            }));
        }
        StringBuilder out = new StringBuilder();
        for (Future<String> l : lines) out.append(l.get()).append('\n');
        pool.shutdown();
        System.out.print(out);
    }

    private static String digest(ParseResult r) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        StringBuilder s = new StringBuilder();
        s.append(AstDump.dumpWithPositions(r.module())).append('\n');
        s.append(r.comments()).append('\n').append(r.diagnostics()).append('\n').append(r.versionedSyntax()).append('\n');
        s.append(r.words() == null ? "null" : new TreeSet<>(r.words()).toString());
        if (System.getenv("DIGEST_SHOW") != null) return s.toString();
        return HexFormat.of().formatHex(md.digest(s.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 16)
                + (r.diagnostics().isEmpty() ? "" : "!");
    }
}
