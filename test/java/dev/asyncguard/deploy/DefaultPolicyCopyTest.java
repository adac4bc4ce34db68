package dev.asyncguard.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Helm packages only files inside the chart, so the chart carries a copy of the built-in default
 * policy. The copy must not drift from config/default-policy.yml, the one the service ships.
 */
class DefaultPolicyCopyTest {

    private static final Path SOURCE = Path.of("config/default-policy.yml");
    private static final Path CHART_COPY = RenderedChart.CHART.resolve("files/default-policy.yml");

    @Test
    void chartCopyEqualsConfigDefaultPolicy() throws IOException {
        assumeTrue(Files.exists(SOURCE), SOURCE + " is not on this branch yet (written with the policy work)");

        assertEquals(Files.readString(SOURCE), Files.readString(CHART_COPY),
                "run: cp " + SOURCE + " " + CHART_COPY);
    }
}
