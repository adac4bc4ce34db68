package dev.asyncguard.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code test/resources/golden/}: the test compares rendered text with the file;
 * {@code -Dgolden.update=true} rewrites the files instead (review the change in the diff).
 */
public final class Golden {
    private static final Path ROOT = Path.of("test", "resources", "golden");

    private Golden() {}

    public static void assertMatches(String relative, String actual) {
        Path file = ROOT.resolve(relative);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(file)) {
                fail("golden file " + file + " is missing; run the test with -Dgolden.update=true to create it");
            }
            assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual,
                    "rendering differs from " + file + " (rerun with -Dgolden.update=true if the change is intended)");
        } catch (IOException e) {
            throw new AssertionError("cannot read or write " + file, e);
        }
    }
}
