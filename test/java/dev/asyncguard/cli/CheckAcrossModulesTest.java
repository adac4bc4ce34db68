package dev.asyncguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code check} over a folder analyzes its files together, and a file without any async code takes
 * part in findings of other files: what its functions block on, the coroutine functions of other
 * modules it calls, the coroutine a base class of it runs alone. However little of such a file the
 * run looks at (rules walk only the files with a word they need), it reports what it reports on its
 * own, and other files' findings through it stay.
 */
class CheckAcrossModulesTest {
    @TempDir
    Path dir;

    private String text(String... paths) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        String[] args = new String[paths.length + 2];
        args[0] = "check";
        args[1] = "--no-cache";
        for (int i = 0; i < paths.length; i++) args[i + 2] = dir.resolve(paths[i]).toString();
        cli.execute(args);
        return out.toString();
    }

    private void write(String relative, String code) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, code);
    }

    private List<String> lines(String output, String file) {
        return Arrays.stream(output.split("\n")).filter(l -> l.contains(file)).toList();
    }

    @Test
    void aSyntaxErrorInAFileWithoutAsyncCodeIsReportedAsWhenTheFileIsCheckedAlone() throws IOException {
        write("app/__init__.py", "");
        write("app/svc.py", "import asyncio\n\n\nasync def go():\n    await asyncio.sleep(0)\n");
        write("app/bad.py", "import os\n\n\ndef broken(:\n    pass\n");
        List<String> inProject = lines(text("app"), "bad.py:");
        assertEquals(List.of(dir.resolve("app/bad.py") + ":4:11: AG001 [syntax-error] syntax error: '(' was never closed"), inProject);
        assertEquals(inProject, lines(text("app/bad.py"), "bad.py:"));
    }

    @Test
    void aSyncModuleThatBlocksFeedsTheChainOfACoroutineInAnotherModule() throws IOException {
        write("app/__init__.py", "");
        write("app/util.py", "import time\n\n\ndef pause():\n    time.sleep(1)\n");
        write("app/svc.py", "from app.util import pause\n\n\nasync def go():\n    pause()\n");
        String out = text("app");
        assertEquals(List.of(dir.resolve("app/svc.py") + ":5:5: AG201 [blocking-sleep] pause() blocks: it calls time.sleep() at "
                + dir.resolve("app/util.py") + ":5; blocks the event loop; use await asyncio.sleep()"), lines(out, ": AG"));
        // Alone, the coroutine's file does not know what pause() does.
        assertEquals(List.of(), lines(text("app/svc.py"), ": AG"));
    }

    @Test
    void aSyncModuleCallingACoroutineFunctionOfAnotherModuleGetsAG302() throws IOException {
        write("app/__init__.py", "");
        write("app/jobs.py", "async def refresh():\n    return 1\n");
        write("app/cron.py", "from app.jobs import refresh\n\n\ndef tick():\n    refresh()\n");
        assertEquals(List.of(dir.resolve("app/cron.py") + ":5:5: AG302 [unawaited-coroutine] refresh() creates a coroutine "
                + "that is never awaited, so its body never runs"), lines(text("app"), ": AG"));
        // Through a re-export under another name in a package's __init__ without async code, too.
        write("app/__init__.py", "from app.jobs import refresh as renew\n");
        write("app/cron.py", "import app\n\n\ndef tick():\n    app.renew()\n");
        assertEquals(List.of(dir.resolve("app/cron.py") + ":5:5: AG302 [unawaited-coroutine] refresh() creates a coroutine "
                + "that is never awaited, so its body never runs"), lines(text("app"), ": AG"));
    }

    @Test
    void onlyABaseClassThatRunsTheCoroutineWithAsyncioRunMakesItTheProgramsOnlyOne() throws IOException {
        write("app/__init__.py", "");
        write("app/sub.py", """
                import asyncio
                import time

                from app.base import Command


                class Sub(Command):
                    async def main(self):
                        time.sleep(1)
                        await asyncio.sleep(0)
                """);
        // A run() of the module's own (it never names asyncio): the coroutine may share its loop.
        write("app/base.py", "def run(coro):\n    return coro\n\n\nclass Command:\n    def go(self):\n        return run(self.main())\n");
        List<String> found = lines(text("app"), ": AG");
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).startsWith(dir.resolve("app/sub.py") + ":9:9: AG201 [blocking-sleep]"), found.get(0));
        for (String runs : List.of("import asyncio\n\nrun = None\n", "from asyncio import run as start\n")) {
            String call = runs.contains("start") ? "start" : "asyncio.run";
            write("app/base.py", runs + "\n\nclass Command:\n    def go(self):\n        return " + call + "(self.main())\n");
            assertEquals(List.of(), lines(text("app"), ": AG"), runs);
        }
    }
}
