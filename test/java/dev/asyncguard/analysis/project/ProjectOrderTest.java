package dev.asyncguard.analysis.project;

import dev.asyncguard.analysis.AnalysisInput;
import dev.asyncguard.analysis.AnalysisOptions;
import dev.asyncguard.analysis.Analyzer;
import dev.asyncguard.analysis.Finding;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A project's findings do not depend on the order its files' analyses end in (the check runs them on
 * several threads): files that share a module name (two {@code helpers.py} in folders without an
 * {@code __init__.py}) settle by their paths, the one that sorts last standing for the name, and the
 * decisions that wait for the whole project are made file by file in path order. Each test analyzes
 * the same files in every order, as the threads could finish them.
 */
class ProjectOrderTest {
    private static final Analyzer ANALYZER = Analyzer.withBuiltInRules();
    private static final AnalysisOptions OPTIONS = AnalysisOptions.defaults(ANALYZER.registry());

    /** The findings of the files analyzed one after another in {@code order}, then the decisions that waited. */
    private static List<String> inOrder(Map<String, String> files, List<String> order) {
        ProjectSummaries summaries = ProjectSummaries.forPaths(files.keySet());
        Analyzer.Project project = ANALYZER.project(summaries, OPTIONS);
        List<Finding> found = new ArrayList<>();
        for (String path : order) {
            found.addAll(project.analyze(AnalysisInput.parse(path, files.get(path).getBytes(StandardCharsets.UTF_8), OPTIONS)));
        }
        found.addAll(project.decidePending());
        return found.stream().map(f -> f.path() + ":" + f.line() + ": " + f.code() + " " + f.message()).sorted().toList();
    }

    /** The findings in every order of the files: all the same, returned once. */
    private static List<String> inEveryOrder(Map<String, String> files) {
        List<List<String>> orders = new ArrayList<>();
        permutations(new ArrayList<>(files.keySet()), 0, orders);
        List<String> first = inOrder(files, orders.get(0));
        for (List<String> order : orders) {
            assertEquals(first, inOrder(files, order), "files analyzed in the order " + order + " against " + orders.get(0));
        }
        return first;
    }

    private static void permutations(List<String> items, int from, List<List<String>> out) {
        if (from == items.size()) {
            out.add(List.copyOf(items));
            return;
        }
        for (int i = from; i < items.size(); i++) {
            java.util.Collections.swap(items, from, i);
            permutations(items, from + 1, out);
            java.util.Collections.swap(items, from, i);
        }
    }

    private static Map<String, String> files(String... pathsAndSources) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndSources.length; i += 2) files.put(pathsAndSources[i], pathsAndSources[i + 1]);
        return files;
    }

    private static final String CALLER = """
            from helpers import load


            async def handler():
                load()
            """;

    @Test
    void twoFilesOfOneModuleNameSettleByPathTheLastStandingForIt() {
        // Both helpers.py are module "helpers" (no __init__.py): the one in b/ stands for it, in any order.
        List<String> found = inEveryOrder(files(
                "a/helpers.py", "def load():\n    return 1\n",
                "b/helpers.py", "import time\n\n\ndef load():\n    time.sleep(1)\n",
                "app.py", CALLER));
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("app.py:5: AG201 ") && found.get(0).contains("b/helpers.py:5"), found.toString());

        // The other way round: a/'s blocks, b/'s does not, and b/'s still stands for the module.
        assertEquals(List.of(), inEveryOrder(files(
                "a/helpers.py", "import time\n\n\ndef load():\n    time.sleep(1)\n",
                "b/helpers.py", "def load():\n    return 1\n",
                "app.py", CALLER)));
    }

    @Test
    void theSameHoldsForFilesWalkedWholeAndForClassesAndImports() {
        // Helpers with coroutines of their own are walked by every rule (not summarized on demand); the
        // name comes through a class's method and a re-export.
        String blocking = """
                import time


                class Store:
                    def load(self):
                        time.sleep(1)


                async def unused():
                    pass
                """;
        String harmless = """
                class Store:
                    def load(self):
                        return 1


                async def unused():
                    pass
                """;
        String caller = """
                from reexport import Store


                async def handler():
                    Store().load()
                """;
        List<String> found = inEveryOrder(files(
                "x/helpers.py", harmless,
                "y/helpers.py", blocking,
                "x/reexport.py", "from helpers import Store\n",
                "y/reexport.py", "from nowhere import Store\n",
                "app.py", caller));
        assertEquals(List.of(), found, "y/reexport.py stands for reexport: its Store is not the project's");
        found = inEveryOrder(files(
                "x/helpers.py", harmless,
                "y/helpers.py", blocking,
                "x/reexport.py", "from nowhere import Store\n",
                "y/reexport.py", "from helpers import Store\n",
                "app.py", caller));
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("app.py:5: AG201 ") && found.get(0).contains("y/helpers.py:6"), found.toString());
    }

    @Test
    void decisionsThatWaitedAreMadeInPathOrderWhateverTheOrderTheFilesEnded() {
        // first() and second() call each other: which chain a decision finds for one depends on whether
        // the other was decided before it (what is known of a function met again on the way is kept).
        // The decisions of one.py come before those of two.py, whichever file was analyzed first.
        String helpers = """
                import time


                def first():
                    second()
                    pause()


                def second():
                    first()
                    wait()


                def pause():
                    time.sleep(1)


                def wait():
                    time.sleep(2)
                """;
        List<String> found = inEveryOrder(files(
                "pkg/__init__.py", "",
                "pkg/helpers.py", helpers,
                "pkg/one.py", "from pkg.helpers import first\n\n\nasync def a():\n    first()\n",
                "pkg/two.py", "from pkg.helpers import second\n\n\nasync def b():\n    second()\n"));
        assertEquals(2, found.size(), found.toString());
    }
}
