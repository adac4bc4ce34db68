package dev.asyncguard.analysis.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleNamesTest {
    @Test
    void packagesAreDirectoriesWithAnInit() {
        Map<String, String> names = ModuleNames.of(List.of("app/__init__.py", "app/settings.py",
                "app/sub/__init__.py", "app/sub/db.py", "scripts/run.py", "top.py", "README.md"));
        assertEquals(Map.of("app/__init__.py", "app", "app/settings.py", "app.settings",
                "app/sub/__init__.py", "app.sub", "app/sub/db.py", "app.sub.db", "scripts/run.py", "run",
                "top.py", "top"), names);
    }

    @Test
    void srcLayoutStartsAtTheFirstDirectoryWithoutAnInit() {
        assertEquals("pkg.db", ModuleNames.of(List.of("src/pkg/__init__.py", "src/pkg/db.py")).get("src/pkg/db.py"));
    }

    @Test
    void relativeImportsAreResolvedFromTheModulesPackage() {
        assertEquals("app.settings.load", ProjectSummaries.absolute(".settings.load", "app.service", false));
        assertEquals("app.settings.load", ProjectSummaries.absolute(".settings.load", "app", true));
        assertEquals("app.util", ProjectSummaries.absolute("..util", "app.sub.db", false));
        assertEquals("app", ProjectSummaries.absolute(".", "app.service", false));
        assertEquals("time.sleep", ProjectSummaries.absolute("time.sleep", "app.service", false));
        assertNull(ProjectSummaries.absolute("...too.far", "app.service", false));
    }
}
