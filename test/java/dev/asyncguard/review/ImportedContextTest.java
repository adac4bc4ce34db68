package dev.asyncguard.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which unchanged modules a review reads: only those imported (transitively), within the budget. */
class ImportedContextTest {
    static final Map<String, String> TREE = Map.of(
            "app/__init__.py", "from .settings import load\n",
            "app/settings.py", "from . import files\n",
            "app/files.py", "import os\n",
            "app/unrelated.py", "import app.files\n",
            "app/service.py", "from app.settings import load\n");

    /** The head's files, counting what is read. */
    static final class Tree implements ContextModules {
        final List<String> read = new ArrayList<>();

        @Override
        public List<String> pythonPaths() {
            return List.copyOf(TREE.keySet());
        }

        @Override
        public Map<String, byte[]> read(Collection<String> paths) {
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (String p : paths) {
                read.add(p);
                out.put(p, TREE.get(p).getBytes(StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    private static Map<String, byte[]> changed() {
        return Map.of("app/service.py", TREE.get("app/service.py").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheImportedModulesAndTheirImportsOnly() {
        Tree tree = new Tree();
        Map<String, byte[]> context = ReviewPipeline.importedModules(changed(), tree, 10);
        assertEquals(List.of("app/settings.py", "app/__init__.py", "app/files.py"), List.copyOf(context.keySet()));
        assertEquals(List.copyOf(context.keySet()), tree.read);
    }

    @Test
    void theBudgetBoundsWhatIsRead() {
        Tree tree = new Tree();
        assertEquals(1, ReviewPipeline.importedModules(changed(), tree, 1).size());
        assertEquals(1, tree.read.size());
        assertEquals(0, ReviewPipeline.importedModules(changed(), new Tree(), 0).size());
    }
}
