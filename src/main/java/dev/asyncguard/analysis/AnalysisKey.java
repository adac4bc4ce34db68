package dev.asyncguard.analysis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The key of analysis results kept for reuse: everything the findings of a group of files analyzed
 * together depend on: asyncguard's build, the analysis settings (cross-file summaries on or off,
 * target version, rules and severities, the policy) and each file's path and content, plus what a
 * caller adds (a project root, the summaries of modules the files import). One key for both
 * result caches: {@code check}'s {@code .asyncguard_cache/} and the webhook service's findings of
 * earlier reviews. Each part is length-prefixed, so no two sequences of parts collide; the key is
 * the SHA-256 of them.
 */
public final class AnalysisKey {
    private final MessageDigest digest;

    private AnalysisKey(String build) {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        add(build);
    }

    /** A key of results computed by {@code build} (results of another build never match). */
    public static AnalysisKey of(String build) {
        return new AnalysisKey(build);
    }

    /**
     * The analysis settings: whether files see each other's summaries, the target version, each
     * enabled rule's severity, and the policy (its text form, which names every setting).
     */
    public AnalysisKey settings(boolean summaries, AnalysisOptions options, Object policy) {
        return add(summaries ? "summaries" : "alone")
                .add(String.valueOf(options.targetVersion()))
                .add(new TreeMap<>(options.severities()).toString())
                .add(String.valueOf(policy));
    }

    /** One file analyzed: its path and (by {@link #contentKey}) its bytes. */
    public AnalysisKey file(String path, byte[] content) {
        return fileWithContentKey(path, contentKey(content));
    }

    /** One file analyzed, by its path and the {@link #contentKey} of its bytes (known from before: the CLI's index of them). */
    public AnalysisKey fileWithContentKey(String path, byte[] contentKey) {
        return add(path).add(contentKey);
    }

    public AnalysisKey add(String part) {
        return add(part == null ? new byte[] {(byte) 0xff} : part.getBytes(StandardCharsets.UTF_8));
    }

    public AnalysisKey add(byte[] part) {
        int n = part.length;
        digest.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        digest.update(part);
        return this;
    }

    /** The key, 64 hex digits; the key is used up. */
    public String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * What a file's bytes add to a key: their length and two checksums of them (CRC-32C and
     * CRC-32, 64 bits in all). The JDK computes both with the processor's CRC instructions from
     * the first call, where SHA-256 of CPython's library took a quarter of a cached run under the
     * C1 compiler; an accidental change that keeps the length and both checksums is a chance
     * of about 1 in 2^64.
     */
    public static byte[] contentKey(byte[] bytes) {
        CRC32C c = new CRC32C();
        c.update(bytes);
        CRC32 d = new CRC32();
        d.update(bytes);
        return java.nio.ByteBuffer.allocate(20).putInt(bytes.length).putLong(c.getValue()).putLong(d.getValue()).array();
    }
}
