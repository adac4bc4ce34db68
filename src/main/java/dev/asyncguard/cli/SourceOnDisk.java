package dev.asyncguard.cli;

import dev.asyncguard.analysis.AnalysisInput;
import dev.asyncguard.analysis.AnalysisOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * A source file as its analysis read it, parsed again from disk when a decision deferred to the end
 * of its project needs the file once more (a project type matched again, a file summarized whole
 * only when a blocking chain reaches it): only the length and CRC-32C of the bytes are kept, not the
 * text, which a check of a large tree (45 MB over CPython's library) would otherwise hold to its end.
 * Bytes that differ from those read first (the file changed meanwhile) are not parsed: the decision
 * gets null, finds nothing, and {@code changed} is told, so that the check says so and caches nothing.
 */
final class SourceOnDisk implements Supplier<AnalysisInput> {
    private final Path file;
    private final int length;
    private final int checksum;
    private final AnalysisOptions options;
    private final Consumer<Path> changed;

    SourceOnDisk(Path file, byte[] bytes, AnalysisOptions options, Consumer<Path> changed) {
        this.file = file;
        this.length = bytes.length;
        this.checksum = checksum(bytes);
        this.options = options;
        this.changed = changed;
    }

    @Override
    public AnalysisInput get() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | OutOfMemoryError e) {
            changed.accept(file);
            return null;
        }
        if (bytes.length != length || checksum(bytes) != checksum) {
            changed.accept(file);
            return null;
        }
        return AnalysisInput.parse(file.toString(), bytes, options);
    }

    /** CRC-32C: computed by the processor's own instruction (an intrinsic of both JIT compilers), a few ms for CPython's library. */
    private static int checksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length);
        return (int) crc.getValue();
    }
}
