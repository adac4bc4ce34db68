package dev.asyncguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} with settings missing or wrong: one line naming the setting, exit code 2. */
class ServeCommandTest {

    record Run(int code, String stderr) {}

    static Run serve(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 2];
            all[0] = "serve";
            all[1] = "--micronaut.server.port=-1";
            System.arraycopy(args, 0, all, 2, args.length);
            return new Run(Main.run(all), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    static String serveLine(Run r) {
        return r.stderr().lines().filter(l -> l.startsWith("asyncguard serve:")).findFirst().orElse("");
    }

    @Test
    void missingAppIdIsNamed() {
        Run r = serve("--asyncguard.github.webhook-secret=s");
        assertEquals(2, r.code());
        assertEquals("asyncguard serve: asyncguard.github.app-id is not set (ASYNCGUARD_GITHUB_APP_ID): "
                + "the numeric App ID from the App's settings page", serveLine(r));
        assertFalse(r.stderr().contains("\tat "), "no stack trace: " + r.stderr());
    }

    @Test
    void invalidValuesAreNamed(@TempDir Path dir) throws Exception {
        assertTrue(serveLine(serve("--asyncguard.github.app-id=abc")).contains("asyncguard.github.app-id 'abc' is not a positive number"));
        assertTrue(serveLine(serve("--asyncguard.github.app-id=1")).contains("asyncguard.github.private-key-file is not set"));
        Path notAKey = Files.writeString(dir.resolve("key.pem"), "hello");
        Run r = serve("--asyncguard.github.app-id=1", "--asyncguard.github.private-key-file=" + notAKey);
        assertEquals(2, r.code());
        assertTrue(serveLine(r).contains("asyncguard.github.private-key-file '" + notAKey + "' is not an RSA private key"), r.stderr());
        assertTrue(serveLine(serve("--asyncguard.github.app-id=1", "--asyncguard.github.private-key-file=" + dir.resolve("none.pem")))
                .contains("cannot be read"));
        assertTrue(serveLine(serve("--asyncguard.github.api-url=ftp://x")).contains("asyncguard.github.api-url 'ftp://x' is not an http(s) URL"));
        assertEquals(2, serve("positional").code());
    }
}
