package dev.asyncguard.github.fetch;

import java.util.Optional;

/**
 * File contents by git blob SHA, within one installation: a blob never changes, so content read
 * for one pull request serves every later one of the installation's repositories (changed files
 * and the unchanged modules they import alike) without a call to GitHub. {@link BlobCache} keeps
 * them in the process; a shared store (e.g. Redis) can implement the same two methods.
 */
public interface BlobStore {
    /** The content of blob {@code sha} as the installation read it before, if kept. */
    Optional<byte[]> get(long installation, String sha);

    /** Keeps the complete content of blob {@code sha}; a store may decline (too large, full). */
    void put(long installation, String sha, byte[] content);
}
