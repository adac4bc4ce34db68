package dev.asyncguard.analysis.project;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The dotted module name of each Python file of a set, from its path: directories that hold an
 * {@code __init__.py} in the set are packages ({@code pkg/settings.py} is {@code pkg.settings},
 * {@code pkg/__init__.py} is {@code pkg}); the first directory without one is the import root, so
 * {@code src/pkg/db.py} (src-layout) is {@code pkg.db}. Namespace packages are not guessed.
 */
public final class ModuleNames {
    private ModuleNames() {}

    public static Map<String, String> of(Collection<String> paths) {
        // The service asks for the same tree's names on every review of a repository (and twice a
        // review); a repository of thousands of files made that a good part of a review's CPU.
        java.util.List<String> key = java.util.List.copyOf(paths);
        synchronized (RECENT) {
            Map<String, String> known = RECENT.get(key);
            if (known != null) return known;
        }
        Map<String, String> made = java.util.Collections.unmodifiableMap(compute(key));
        synchronized (RECENT) {
            RECENT.put(key, made);
        }
        return made;
    }

    /** Whether {@code names} is one of this class's answers (unmodifiable: what is derived from it may be kept). */
    static boolean isAnswer(Map<String, String> names) {
        synchronized (RECENT) {
            for (Map<String, String> m : RECENT.values()) if (m == names) return true;
        }
        return false;
    }

    /** The names of the last few sets of paths asked for (unmodifiable), least recently used first out. */
    private static final Map<java.util.List<String>, Map<String, String>> RECENT = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<java.util.List<String>, Map<String, String>> eldest) {
            return size() > 8;
        }
    };

    private static Map<String, String> compute(Collection<String> paths) {
        Set<String> inits = new HashSet<>();
        for (String p : paths) {
            String n = normalize(p);
            if (n.endsWith("/__init__.py") || n.equals("__init__.py")) inits.add(parent(n));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : paths) {
            String n = normalize(p);
            if (!n.endsWith(".py")) continue;
            String stem = n.substring(n.lastIndexOf('/') + 1, n.length() - 3);
            StringBuilder name = new StringBuilder(stem.equals("__init__") ? "" : stem);
            String dir = parent(n);
            while (!dir.isEmpty() && inits.contains(dir)) {
                String last = dir.substring(dir.lastIndexOf('/') + 1);
                name.insert(0, name.isEmpty() ? last : last + ".");
                dir = parent(dir);
            }
            if (!name.isEmpty()) out.put(p, name.toString());
        }
        return out;
    }

    /** Whether the module is a package's {@code __init__} (relative imports then start at the module itself). */
    public static boolean isPackageInit(String path) {
        String n = normalize(path);
        return n.endsWith("/__init__.py") || n.equals("__init__.py");
    }

    private static String normalize(String p) {
        String n = p.replace('\\', '/');
        while (n.startsWith("./")) n = n.substring(2);
        return n;
    }

    private static String parent(String n) {
        int slash = n.lastIndexOf('/');
        return slash < 0 ? "" : n.substring(0, slash);
    }
}
