package dev.asyncguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.Severity;
import dev.asyncguard.python.ast.SourceRange;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What Python developers expect of a linter's command line: --help everywhere, --exit-zero, --statistics, stdin, rule pages, Actions annotations. */
class CliConventionsTest {
    static final String SLEEPY = "import asyncio\nimport time\n\nasync def f():\n    time.sleep(1)\n";

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void everySubcommandHasHelp() {
        CommandLine main = new CommandLine(new Main());
        for (String name : main.getSubcommands().keySet()) {
            if (name.equals("help")) continue;
            CommandLine sub = main.getSubcommands().get(name);
            for (var nested : sub.getSubcommands().keySet()) {
                assertEquals(0, run(name, nested, "--help"), name + " " + nested + " --help");
            }
            assertEquals(0, run(name, "--help"), name + " --help: " + err);
            assertTrue(out.toString().startsWith("Usage: asyncguard " + name), name + ": " + out);
        }
    }

    @Test
    void aCommandLineBuiltForOneSubcommandParsesAndPrintsAsTheWholeTree() {
        CommandLine whole = new CommandLine(new Main());
        java.util.List<String> names = new java.util.ArrayList<>(whole.getSubcommands().keySet());
        names.remove("help");
        assertEquals(names, java.util.List.copyOf(Main.SUBCOMMANDS.keySet()), "Main.SUBCOMMANDS lists the annotation's subcommands");
        for (String name : names) {
            CommandLine one = Main.forCommand(name);
            assertEquals(java.util.List.of(name), java.util.List.copyOf(one.getSubcommands().keySet()));
            CommandLine sub = one.getSubcommands().get(name);
            assertEquals(whole.getSubcommands().get(name).getUsageMessage(), sub.getUsageMessage(), name + "'s usage");
            assertEquals(whole.getSubcommands().get(name).getCommandSpec().qualifiedName(), sub.getCommandSpec().qualifiedName());
        }
        assertEquals(whole.getUsageMessage(), Main.forCommand("--help").getUsageMessage(), "anything else gets the whole tree");
    }

    @Test
    void exitZeroAndStatistics() throws Exception {
        Path file = Files.writeString(dir.resolve("a.py"), SLEEPY + "    time.sleep(2)\n");
        assertEquals(1, run("check", file.toString()));
        assertEquals(0, run("check", "--exit-zero", file.toString()));
        assertTrue(out.toString().contains("AG201"), "findings are still printed: " + out);
        assertEquals(2, run("check", "--exit-zero", dir.resolve("missing.py").toString()), "errors still exit 2");

        assertEquals(1, run("check", "--statistics", file.toString()));
        assertEquals("    2  AG201  blocking-sleep                   [2 fixable]\n2 findings.\n", out.toString());
    }

    @Test
    void stdinFilenameReadsTheSourceFromStandardInput() throws Exception {
        Files.writeString(dir.resolve("pyproject.toml"), "[tool.asyncguard.rules]\nAG201 = \"error\"\n");
        String name = dir.resolve("pkg/editor.py").toString();
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(SLEEPY.getBytes(StandardCharsets.UTF_8)));
            assertEquals(1, run("check", "--stdin-filename", name, "--format", "json"));
            assertTrue(out.toString().contains("\"path\" : \"" + name + "\"") && out.toString().contains("\"severity\" : \"error\""),
                    "reported under the name, with its project's configuration: " + out);

            System.setIn(new ByteArrayInputStream(SLEEPY.getBytes(StandardCharsets.UTF_8)));
            assertEquals(0, run("check", "--stdin-filename", name, "--fix"));
            assertEquals(SLEEPY.replace("time.sleep(1)", "await asyncio.sleep(1)"), out.toString(), "the fixed source on stdout");
            assertTrue(err.toString().contains("Fixed 1 finding; 0 remaining."), err.toString());
            assertTrue(!Files.exists(dir.resolve("pkg/editor.py")), "nothing written");
        } finally {
            System.setIn(saved);
        }
        assertEquals(2, run("check", "--stdin-filename", name, dir.toString()));
        assertEquals(2, run("check"));
        assertTrue(err.toString().contains("Missing required parameter: 'PATH'"), err.toString());
    }

    @Test
    void ruleCommandPrintsTheRulesPage() throws Exception {
        assertEquals(0, run("rule", "ag201"));
        assertEquals(Files.readString(Path.of("docs/rules/AG201.md")), out.toString());
        assertEquals(2, run("rule", "AG2O1"));
        assertTrue(err.toString().contains("no rule AG2O1; did you mean AG201?"), err.toString());
    }

    @Test
    void githubFormatPrintsWorkflowCommandsEscapedAsTheToolkitDoes() throws Exception {
        Path file = Files.writeString(dir.resolve("a.py"), SLEEPY);
        assertEquals(1, run("check", "--format", "github", file.toString()));
        assertEquals("::warning file=" + file + ",line=5,col=5,endLine=5,endColumn=18,title=AG201 blocking-sleep::"
                + "time.sleep() blocks the event loop; use await asyncio.sleep()\n", out.toString());

        StringWriter w = new StringWriter();
        CheckReports.github(List.of(new Finding("AG101", "x", Severity.ERROR, "dir,1/a:b.py", new SourceRange(2, 0, 3, 4),
                "100% sure\r\nsecond line", null)), new PrintWriter(w, true));
        assertEquals("::error file=dir%2C1/a%3Ab.py,line=2,col=1,endLine=3,endColumn=5,title=AG101 x::100%25 sure%0D%0Asecond line\n",
                w.toString());
    }
}
