package dev.asyncguard.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Dockerfile cannot be built here (no container engine, no registry), so its shape is checked
 * as text, and against the chart and the pom it has to agree with.
 */
class DockerfileTest {

    private static List<Instruction> instructions;
    private static Map<String, Object> chartValues;

    record Instruction(String keyword, String arguments) {
    }

    @BeforeAll
    static void read() throws IOException {
        instructions = parse(Files.readString(Path.of("Dockerfile")));
        chartValues = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(RenderedChart.CHART.resolve("values.yaml")));
    }

    /** Instructions with comments dropped and continuation lines joined. */
    static List<Instruction> parse(String dockerfile) {
        List<Instruction> parsed = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed.substring(0, trimmed.length() - 1).strip()).append(' ');
                continue;
            }
            current.append(trimmed);
            String[] parts = current.toString().split("\\s+", 2);
            parsed.add(new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1].strip() : ""));
            current.setLength(0);
        }
        return parsed;
    }

    private static List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    private static Instruction last(String keyword) {
        List<Instruction> found = all(keyword);
        assertFalse(found.isEmpty(), "no " + keyword);
        return found.getLast();
    }

    @Test
    void buildsOnAJdk21AndRunsOnAJre25() {
        List<Instruction> stages = all("FROM");

        assertTrue(stages.size() >= 2, "multi-stage: " + stages);
        assertTrue(stages.getFirst().arguments().matches(".*(jdk|maven).*21.*|.*21.*(jdk|maven).*"), stages.getFirst().arguments());
        assertTrue(baseImage(stages.getLast()).matches("eclipse-temurin:25-jre\\S*"),
                "the chart's JVM options use JDK 25's compact object headers: " + stages.getLast().arguments());
    }

    @Test
    void trainsTheAotCacheInTheRuntimesOwnImageAndShipsItWhereTheOptionsNameIt() {
        List<Instruction> stages = all("FROM");
        Instruction train = stages.stream().filter(s -> s.arguments().endsWith(" AS train")).findFirst().orElseThrow();
        Instruction runtime = stages.getLast();

        // A cache serves only the JDK and the jar it was made with: the training runs on the runtime's own stage.
        assertEquals(runtime.arguments().split("\\s+")[0], train.arguments().split("\\s+")[0],
                "train and runtime start from one stage: " + stages);
        assertTrue(all("RUN").stream().anyMatch(r -> r.arguments().contains("aot-cache.sh train /app/asyncguard.jar /aot-train/asyncguard.aot")
                        && r.arguments().contains("aot-cache.sh check /app/asyncguard.jar /aot-train/asyncguard.aot")),
                "trained on the jar where the service runs it, and checked: " + all("RUN"));
        assertTrue(all("COPY").stream().anyMatch(c -> c.arguments().startsWith("--from=train")
                && c.arguments().endsWith("/aot-train/asyncguard.aot /app/asyncguard.aot")), all("COPY").toString());
        assertTrue(last("ENV").arguments().contains("-XX:AOTCache=/app/asyncguard.aot"), last("ENV").arguments());
        String ignored = "";
        try {
            ignored = Files.readString(Path.of(".dockerignore"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        for (String needed : List.of("deploy/aot-cache.sh", "test/bench/ServiceLoad.java", "test/resources/github/opened.payload.json")) {
            assertTrue(Files.exists(Path.of(needed)), needed);
            assertTrue(ignored.contains("\n!" + needed + "\n"), "the build context keeps " + needed);
        }
    }

    /** The image a stage starts from, following stages named in FROM back to a registry image. */
    private static String baseImage(Instruction from) {
        String image = from.arguments().split("\\s+")[0];
        for (Instruction stage : all("FROM")) {
            if (stage.arguments().endsWith(" AS " + image) && stage != from) {
                return baseImage(stage);
            }
        }
        return image;
    }

    @Test
    void copiesTheShadedJarThePomProduces() throws IOException {
        Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(finalName.find());
        String jar = "target/" + finalName.group(1) + ".jar";

        assertTrue(all("COPY").stream().anyMatch(c -> c.arguments().startsWith("--from=build")
                        && c.arguments().contains(jar) && c.arguments().endsWith("/app/asyncguard.jar")),
                "COPY --from=build ... " + jar + " /app/asyncguard.jar");
    }

    @Test
    void runsAsTheNonRootUserTheChartExpects() {
        String user = last("USER").arguments().split(":")[0];
        @SuppressWarnings("unchecked")
        Map<String, Object> podSecurity = (Map<String, Object>) chartValues.get("podSecurityContext");

        assertEquals(String.valueOf(podSecurity.get("runAsUser")), user);
        assertEquals("10001", user);
    }

    @Test
    void hasNoHealthcheck() {
        assertTrue(all("HEALTHCHECK").isEmpty(), "Kubernetes probes check health; a HEALTHCHECK only costs a JVM fork");
    }

    @Test
    void entrypointStartsTheServiceAsPidOne() {
        String entrypoint = last("ENTRYPOINT").arguments();

        assertEquals("[\"java\", \"-jar\", \"/app/asyncguard.jar\", \"serve\"]", entrypoint,
                "exec form (SIGTERM reaches java), JVM flags in JAVA_TOOL_OPTIONS so the chart can override them");
        assertTrue(all("CMD").isEmpty());
    }

    @Test
    void listensAndTunesTheJvmLikeTheChart() {
        assertEquals(String.valueOf(chartValues.get("containerPort")), last("EXPOSE").arguments());
        String env = last("ENV").arguments();
        @SuppressWarnings("unchecked")
        String chartOptions = (String) ((Map<String, Object>) chartValues.get("jvm")).get("toolOptions");

        assertTrue(env.contains("JAVA_TOOL_OPTIONS=\"" + chartOptions.strip() + "\""),
                "the image and the chart default to the same JVM flags: " + env);
        @SuppressWarnings("unchecked")
        Object arenas = ((Map<String, Object>) chartValues.get("jvm")).get("mallocArenaMax");
        assertTrue(env.contains("MALLOC_ARENA_MAX=" + arenas + " "), "and the same malloc arenas: " + env);
        assertTrue(env.contains("MICRONAUT_SERVER_PORT=" + chartValues.get("containerPort")), env);
    }

    @Test
    void parserJoinsContinuationsAndSkipsComments() {
        List<Instruction> parsed = parse("# c\nFROM a AS b\nRUN x \\\n    && y\n\nUSER 1\n");

        assertEquals(List.of(new Instruction("FROM", "a AS b"), new Instruction("RUN", "x && y"),
                new Instruction("USER", "1")), parsed);
    }
}
