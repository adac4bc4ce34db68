package dev.asyncguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@link CheckArguments} reads {@code check}'s command lines as picocli does, and leaves it everything else. */
class CheckArgumentsTest {

    /** The fields picocli sets: every option and the paths. */
    private static List<Field> optionFields() {
        List<Field> fields = new ArrayList<>();
        for (Field f : CheckCommand.class.getDeclaredFields()) {
            if (f.isAnnotationPresent(CommandLine.Option.class) || f.isAnnotationPresent(CommandLine.Parameters.class)) {
                f.setAccessible(true);
                fields.add(f);
            }
        }
        return fields;
    }

    private static CheckCommand picocli(String... args) {
        CheckCommand c = new CheckCommand();
        new CommandLine(c).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        return c;
    }

    private static CheckCommand fast(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "check";
        System.arraycopy(args, 0, all, 1, args.length);
        return CheckArguments.parse(all, 1);
    }

    private static void assertSameAsPicocli(String... args) throws IllegalAccessException {
        CheckCommand mine = fast(args);
        assertNotNull(mine, "read without picocli: " + List.of(args));
        CheckCommand theirs = picocli(args);
        for (Field f : optionFields()) {
            assertEquals(f.get(theirs), f.get(mine), f.getName() + " of " + List.of(args));
        }
    }

    @Test
    void everyOptionCheckDeclaresIsReadAsPicocliReadsIt() throws IllegalAccessException {
        List<String> names = new ArrayList<>();
        for (Field f : optionFields()) {
            CommandLine.Option o = f.getAnnotation(CommandLine.Option.class);
            if (o == null) continue;
            for (String name : o.names()) {
                names.add(name);
                if (f.getType() == boolean.class) {
                    assertSameAsPicocli(name, "app.py");
                    if (o.negatable()) {
                        names.add("--no-" + name.substring(2));
                        assertSameAsPicocli("--no-" + name.substring(2), "app.py");
                    }
                } else {
                    String value = switch (f.getName()) {
                        case "format" -> "JSON";
                        case "threads" -> "4";
                        case "minConfidence" -> "high";
                        case "targetVersion" -> "3.11";
                        case "select", "ignore", "exclude", "extendExclude" -> "AG2,AG301";
                        default -> "some/where.py";
                    };
                    boolean stdin = f.getName().equals("stdinFilename");
                    assertSameAsPicocli(stdin ? new String[] {name, value} : new String[] {name, value, "app.py"});
                    assertSameAsPicocli(stdin ? new String[] {name + "=" + value} : new String[] {"app.py", name + "=" + value});
                }
            }
        }
        assertTrue(names.size() >= 20, "all of check's options were tried: " + names);
    }

    @Test
    void defaultsRepeatedListsAndPathsAnywhere() throws IllegalAccessException {
        assertSameAsPicocli("app.py");
        assertSameAsPicocli("a.py", "src", "--select", "AG2", "--select=AG301,AG4", "b.py", "--ignore", "AG105");
        assertSameAsPicocli("--no-cache", "--cache-dir", "/tmp/x", "--format", "sarif", "--exit-zero", "--threads", "1", ".");
        assertSameAsPicocli("--exclude", "migrations/", "--exclude", "**/*_pb2.py", "--extend-exclude", "a/,b/", "proj");
        assertSameAsPicocli("--stdin-filename", "pkg/mod.py", "--fix", "--unsafe-fixes");
        assertSameAsPicocli("--python", "3.9", "--min-confidence", "LOW", "--no-summaries", "x.py");
    }

    @Test
    void whatPicocliMustDecideIsLeftToIt() {
        for (String[] args : new String[][] {
                {}, {"--help"}, {"-h"}, {"--version"}, {"-V"}, {"--bogus", "a.py"}, {"-x", "a.py"},
                {"--format", "json", "--format", "text", "a.py"}, {"--fix", "--fix", "a.py"}, {"--cache", "--no-cache", "a.py"},
                {"--format", "yaml", "a.py"}, {"--threads", "two", "a.py"}, {"--threads", "0x10", "a.py"},
                {"--min-confidence", "medium", "a.py"}, {"--select", "", "a.py"}, {"--select", "AG2,,AG3", "a.py"},
                {"--select", "AG2,", "a.py"}, {"--select", "\"AG2,AG3\"", "a.py"}, {"--config"}, {"--config", "--fix", "a.py"},
                {"--", "a.py"}, {"-", "a.py"}, {"@args.txt"}, {"--fix=true", "a.py"}, {"--stdin-filename", "x.py", "a.py"},
                {"a.py", "\0bad"}, {""},
        }) {
            assertNull(fast(args), "left to picocli: " + List.of(args));
        }
    }

    @Test
    void aRunReadByEitherPrintsTheSame() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("check-args");
        try {
            java.nio.file.Path file = dir.resolve("app.py");
            java.nio.file.Files.writeString(file, ResultCacheTest.SLEEPY);
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            CheckCommand mine = fast("--no-cache", "--format", "json", file.toString());
            int exit = mine.check(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
            CliRun picocli = new CliRun();
            assertEquals(picocli.run("check", "--no-cache", "--format", "json", file.toString()), exit);
            assertEquals(picocli.out.toString(), out.toString());
            assertEquals(picocli.err.toString(), err.toString());
            assertTrue(out.toString().contains("AG201"), out.toString());
        } finally {
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
