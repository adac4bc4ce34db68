package dev.asyncguard.analysis.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void theSameTreeAskedAgainGetsTheSameNamesAndAnotherTreeItsOwn() {
        List<String> tree = List.of("svc/__init__.py", "svc/api.py", "svc/db.py");
        Map<String, String> first = ModuleNames.of(tree);
        assertSame(first, ModuleNames.of(new java.util.ArrayList<>(tree)), "worked out once for the same paths");
        assertThrows(UnsupportedOperationException.class, () -> first.put("x.py", "x"));
        Map<String, String> more = ModuleNames.of(List.of("svc/__init__.py", "svc/api.py", "svc/db.py", "svc/new.py"));
        assertEquals("svc.new", more.get("svc/new.py"));
        assertNull(first.get("svc/new.py"));
        // A project over a map that is not one of these answers is not kept: the map may still change.
        Map<String, String> mine = new java.util.HashMap<>(first);
        assertEquals(ProjectSummaries.forPaths(tree).summaryKey("svc/db.py", "3.12"),
                new ProjectSummaries(mine).summaryKey("svc/db.py", "3.12"));
        mine.put("other/top.py", "other");
        org.junit.jupiter.api.Assertions.assertNotEquals(ProjectSummaries.forPaths(tree).summaryKey("svc/db.py", "3.12"),
                new ProjectSummaries(mine).summaryKey("svc/db.py", "3.12"), "a new top-level name changes the key");
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
