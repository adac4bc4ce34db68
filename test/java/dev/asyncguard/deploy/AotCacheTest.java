package dev.asyncguard.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The image's ahead-of-time cache, made as the Dockerfile makes it ({@code deploy/aot-cache.sh prepare},
 * {@code train}, {@code check}) with the chart's JVM options, on this build: the service trained against the
 * stand-in GitHub leaves a cache, starts with it required ({@code -XX:AOTMode=on}), loads most of its classes
 * from it and reviews; it also starts and reviews with no cache. JDK 25+ (the image's): older JDKs have no
 * AOT cache.
 */
class AotCacheTest {

    @TempDir
    Path dir;

    @Test
    void theTrainedCacheIsUsedAndTheServiceStartsWithoutIt() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "an AOT cache needs JDK 25+; the image runs 25");
        Path jar = thisBuildAsAJar(dir.resolve("asyncguard.jar"));
        Path generator = dir.resolve("generator");
        String options = RenderedChart.render(Map.of()).plainEnv().get("JAVA_TOOL_OPTIONS");
        assertTrue(options.contains("-XX:AOTCache=/app/asyncguard.aot"), options);

        script(Map.of("AOT_BUILD_JAR", jar.toString(), "WIREMOCK_JAR", jarOnClassPath("wiremock-standalone")),
                "prepare", generator.toString());
        Path cache = dir.resolve("asyncguard.aot");
        String trained = script(Map.of("AOT_JVM_OPTIONS", options, "AOT_TRAIN_SECONDS", "2", "AOT_TRAIN_WARMUP", "1"),
                "train", jar.toString(), cache.toString(), generator.toString());
        assertTrue(Files.size(cache) > 10 << 20, trained);
        assertTrue(trained.contains("-XX:+UseCompactObjectHeaders") && !trained.contains("AOTCache=/app"),
                "trained with the chart's options less its cache: " + trained);

        String checked = script(Map.of("AOT_JVM_OPTIONS", options), "check", jar.toString(), cache.toString(), generator.toString());
        assertTrue(checked.matches("(?s).*with \\S+: [1-9]\\d* reviews, \\d{4,} classes from the cache.*"), checked);
        assertTrue(checked.matches("(?s).*without a cache: [1-9]\\d* reviews.*"), checked);
    }

    @Test
    void aCacheTheJvmCannotUseStopsItOnlyWhereRequired() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "an AOT cache needs JDK 25+");
        Path jar = thisBuildAsAJar(dir.resolve("asyncguard.jar"));
        Path cache = dir.resolve("asyncguard.aot");
        Files.write(cache, new byte[4096]);   // not a cache at all

        Process p = new ProcessBuilder(java(), "-XX:AOTMode=on", "-XX:AOTCache=" + cache, "-jar", jar.toString(), "--version")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(p.exitValue() != 0, "check relies on AOTMode=on stopping a JVM that cannot use the cache: " + out);

        // The image's options (auto mode): the same unusable cache costs one message, not the start.
        p = new ProcessBuilder(java(), "-XX:AOTCache=" + cache, "-jar", jar.toString(), "--version").redirectErrorStream(true).start();
        out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    private String script(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "deploy/aot-cache.sh"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Path out = dir.resolve(args[0] + ".out");
        Process p = pb.redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "aot-cache.sh " + args[0] + " finished");
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "aot-cache.sh " + String.join(" ", args) + ":\n" + text);
        return text;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String jarOnClassPath(String name) {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> Path.of(e).getFileName().toString().startsWith(name) && e.endsWith(".jar"))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not on the test class path"));
    }

    /**
     * The service as {@code java -jar} runs it, without the package phase: this build's classes in a jar whose
     * manifest names the main class and the dependencies (an AOT cache takes jars only, no class folders), as a
     * shaded jar would hold them.
     */
    private static Path thisBuildAsAJar(Path jar) throws IOException {
        Path classes = Path.of("target/classes").toAbsolutePath();
        List<String> dependencies = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            // Relative to the jar: the JVM's class-data sharing reads Class-Path entries as paths next to the jar.
            if (e.endsWith(".jar")) dependencies.add(jar.toAbsolutePath().getParent().relativize(Path.of(e).toAbsolutePath()).toString());
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.asyncguard.cli.Main");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", dependencies));
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(f -> !f.equals(classes)).sorted()::iterator) {
                String name = classes.relativize(f).toString().replace(File.separatorChar, '/');
                if (name.equals("META-INF") || name.equals("META-INF/MANIFEST.MF")) continue;
                // Folders too: Micronaut finds its bean definitions by listing META-INF/micronaut/... folders.
                out.putNextEntry(new JarEntry(Files.isDirectory(f) ? name + "/" : name));
                if (Files.isRegularFile(f)) Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
