package dev.asyncguard.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The old rule-page base, a repository that does not exist, appears nowhere in the repository any more. */
class NoDeadRuleLinksTest {
    /** Spelled in two parts so that this file does not match itself. */
    static final String DEAD = "github.com/asyncguard" + "/asyncguard";

    @Test
    void noFileMentionsTheNonexistentRepository() throws IOException {
        List<String> found;
        try (Stream<Path> files = Files.walk(Path.of(""))) {
            found = files.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith("target") && !p.startsWith(".git") && !p.toString().contains("node_modules"))
                    .filter(p -> contains(p))
                    .map(Path::toString).sorted().toList();
        }
        assertEquals(List.of(), found);
    }

    private static boolean contains(Path p) {
        try {
            if (Files.size(p) > 4_000_000) return false;
            return Files.readString(p, StandardCharsets.UTF_8).contains(DEAD);
        } catch (MalformedInputException e) {
            return false;    // binary
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
