package dev.asyncguard.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's first command's core, {@code examples/app-demo/AppDemo.java}, as the script
 * does (the JDK's source launcher), on this build's classes: the real service in its own JVM, the
 * stand-in GitHub, a signed pull_request delivery and a /recheck.
 */
class AppDemoTest {
    @Test
    void theAppReviewsThePullRequestAndRechecksWithoutRepeatingItself() throws Exception {
        Path demo = Path.of("examples/app-demo");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path out = Files.createTempFile("app-demo", ".out");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                demo.resolve("AppDemo.java").toString(), "examples/review-demo/base", "examples/review-demo/head",
                demo.resolve("events").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the demo finished");
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("GitHub received the review"), text);
        assertTrue(text.contains("```suggestion\n  │     await asyncio.sleep(1)"), text);
        assertTrue(text.contains("app/worker.py:23 (RIGHT)"), text);
        assertTrue(text.contains("GitHub received the check run") && text.contains("completed, conclusion neutral"), text);
        assertTrue(text.contains("reviews posted in all: 1 (the comments are already on the PR: none repeated)"), text);
        assertTrue(text.contains("201 POST /repos/Codertocat/Hello-World/issues/comments/"), "the recheck got a reaction: " + text);
        Files.delete(out);
    }

    @Test
    void saysWhatIsWrongWhenTheArgumentsAreMissing() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "examples/app-demo/AppDemo.java").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor());
        assertTrue(text.contains("usage:"), text);
    }
}
