package dev.asyncguard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Imports run one way, down the pipeline: python → analysis → diff → review → policy → queue →
 * github → cli. A package may use the packages before it, never one after it; so there are no
 * cycles between packages either. A shared piece that a lower package needs moves down.
 *
 * <p>Inside {@code github} the parts follow a review job's path: {@code intake} (verify, dedupe,
 * enqueue) hands jobs to the {@code queue}; {@code run} takes them from it, reads the pull request's
 * snapshot through {@code fetch} and posts through {@code publish}. {@code fetch} and
 * {@code publish} know nothing of each other, of the run or of intake; {@code github} itself holds
 * what they all share (the API client, the App's credentials, settings, metrics).
 */
class ArchitectureTest {
    /** Lowest first. */
    static final List<String> LAYERS = List.of("python", "analysis", "diff", "review", "policy", "queue", "github", "cli");
    /** The parts of {@code github}: the shared package itself, then the job's path. */
    static final List<String> GITHUB_PARTS = List.of("fetch", "publish", "run", "intake");

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.asyncguard");

    @Test
    void importsRunDownThePipeline() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String layer : LAYERS) layers = layers.layer(layer).definedBy("dev.asyncguard." + layer + "..");
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            layers = layers.whereLayer(LAYERS.get(i))
                    .mayOnlyBeAccessedByLayers(LAYERS.subList(i + 1, LAYERS.size()).toArray(String[]::new));
        }
        layers = layers.whereLayer(LAYERS.getLast()).mayNotBeAccessedByAnyLayer();
        layers.check(MAIN);
    }

    @Test
    void githubPartsFollowTheJobsPath() {
        String base = "dev.asyncguard.github";
        LayeredArchitecture parts = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("shared").definedBy(base)
                .layer("fetch").definedBy(base + ".fetch..")
                .layer("publish").definedBy(base + ".publish..")
                .layer("run").definedBy(base + ".run..")
                .layer("intake").definedBy(base + ".intake..")
                .whereLayer("shared").mayOnlyBeAccessedByLayers("fetch", "publish", "run", "intake")
                .whereLayer("fetch").mayOnlyBeAccessedByLayers("run", "intake")
                .whereLayer("publish").mayOnlyBeAccessedByLayers("run", "intake")
                .whereLayer("run").mayNotBeAccessedByAnyLayer()
                .whereLayer("intake").mayNotBeAccessedByAnyLayer();
        parts.check(MAIN);
    }

    /** Intake only enqueues: the queue runs jobs through its worker interface, never the other way round. */
    @Test
    void theQueueKnowsNothingOfGitHub() {
        noClasses().that().resideInAPackage("dev.asyncguard.queue..")
                .should().dependOnClassesThat().resideInAPackage("dev.asyncguard.github..")
                .check(MAIN);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.asyncguard.(*)..").should().beFreeOfCycles().check(MAIN);
        slices().matching("dev.asyncguard.github.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void everyPackageIsInALayer() {
        for (var c : MAIN) {
            String pkg = c.getPackageName() + ".";
            String top = pkg.startsWith("dev.asyncguard.") ? pkg.substring("dev.asyncguard.".length()).split("\\.")[0] : "";
            if (!LAYERS.contains(top)) {
                throw new AssertionError(c.getName() + " is in no layer: put it in one, or add its package to LAYERS");
            }
            if (top.equals("github") && !pkg.equals("dev.asyncguard.github.")) {
                String part = pkg.substring("dev.asyncguard.github.".length()).split("\\.")[0];
                if (!GITHUB_PARTS.contains(part)) {
                    throw new AssertionError(c.getName() + " is in no part of github: put it in one of " + GITHUB_PARTS);
                }
            }
        }
    }

    /** A class a newcomer can read: a main source file over 800 lines says that it does several things. */
    @Test
    void noMainSourceFileIsOver800Lines() throws java.io.IOException {
        List<String> long_ = new java.util.ArrayList<>();
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src", "main", "java"))) {
            for (var f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                long lines = java.nio.file.Files.readAllLines(f).size();
                if (lines > 800) long_.add(f + " (" + lines + " lines)");
            }
        }
        if (!long_.isEmpty()) throw new AssertionError("split these by what they do: " + long_);
    }

    @Test
    void antlrStaysInsideThePythonPackage() {
        noClasses().that().resideOutsideOfPackage("dev.asyncguard.python..")
                .should().dependOnClassesThat().resideInAPackage("org.antlr..")
                .because("the parser's isolation: rules see our AST, never ANTLR types").check(MAIN);
    }
}
