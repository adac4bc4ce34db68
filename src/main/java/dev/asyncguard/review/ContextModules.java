package dev.asyncguard.review;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The unchanged Python files of the head revision, for a review that analyzes the changed files
 * together with the modules they import (a coroutine's call into an unchanged helper module).
 * The local command reads them with git, the webhook service from GitHub's tree and blob APIs.
 */
public interface ContextModules {
    /** Every Python file of the head revision (repository-relative paths). */
    List<String> pythonPaths();

    /** The contents at the head of these files; a file that cannot be read is left out. */
    Map<String, byte[]> read(Collection<String> paths);
}
