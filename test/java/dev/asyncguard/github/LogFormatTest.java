package dev.asyncguard.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncguard.queue.ReviewWorker;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The shipped logback.xml: text lines by default, one JSON object per event with ASYNCGUARD_LOG_FORMAT=json. */
class LogFormatTest {

    /**
     * One event through the appender the configuration picks, encoded by its encoder. (The
     * console appender binds System.err when Logback first loads, so the test reads the encoder's
     * bytes rather than the stream.)
     */
    private static String logOnce(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        if (format != null) context.putProperty("ASYNCGUARD_LOG_FORMAT", format);
        try {
            JoranConfigurator config = new JoranConfigurator();
            config.setContext(context);
            config.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
            ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            var appenders = root.iteratorForAppenders();
            var appender = (ch.qos.logback.core.OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent>) appenders.next();
            assertTrue(!appenders.hasNext(), "one appender");
            assertEquals(format == null ? "text" : format, appender.getName());
            context.getMDCAdapter().put("delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958");
            ch.qos.logback.classic.Logger log = context.getLogger("dev.asyncguard.queue.ReviewWorker");
            var event = new ch.qos.logback.classic.spi.LoggingEvent(LogFormatTest.class.getName(), log,
                    ch.qos.logback.classic.Level.INFO, "review posted for {} with {} comments", null,
                    new Object[] {"Codertocat/Hello-World#2", 3});
            return new String(appender.getEncoder().encode(event), StandardCharsets.UTF_8);
        } finally {
            context.stop();
        }
    }

    @Test
    void jsonOnRequest() throws Exception {
        String out = logOnce("json").strip();
        assertEquals(1, out.lines().count(), out);
        JsonNode event = new ObjectMapper().readTree(out);
        assertEquals("INFO", event.path("level").asText(), out);
        assertEquals("dev.asyncguard.queue.ReviewWorker", event.path("loggerName").asText(), out);
        assertEquals("review posted for Codertocat/Hello-World#2 with 3 comments", event.path("formattedMessage").asText(), out);
        assertTrue(out.contains("72d3162e-cc78-11e3-81ab-4c9367dc0958"), "the delivery id from the MDC: " + out);
        assertTrue(event.path("timestamp").asLong() > 0, out);
    }

    @Test
    void textByDefault() throws Exception {
        String out = logOnce(null);
        assertTrue(out.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.*\\] .*ReviewWorker delivery=72d3162e-cc78-11e3-81ab-4c9367dc0958"
                + "  - review posted for Codertocat/Hello-World#2 with 3 comments\\n"), out);
    }

    @Test
    void serveRefusesAnUnknownLogFormat() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.asyncguard.cli.Main", "serve").redirectErrorStream(true);
        pb.environment().put("ASYNCGUARD_LOG_FORMAT", "xml");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), out);
        assertTrue(out.contains("asyncguard serve: ASYNCGUARD_LOG_FORMAT must be text or json, not 'xml'"), out);
    }
}
