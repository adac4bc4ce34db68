package dev.asyncguard.github.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open check runs of this process (the in-process queue). With a journal directory each note is
 * also a small file there (written atomically, deleted when the check run completes), so that the
 * notes of a process that died are read back at start-up and its check runs can be completed.
 */
public final class LocalOpenCheckRuns implements OpenCheckRuns {
    private static final Logger LOG = LoggerFactory.getLogger(LocalOpenCheckRuns.class);

    private final Map<String, OpenCheckRun> runs = new ConcurrentHashMap<>();
    private final Path journal;

    /** @param journal the journal directory (created if missing), or null for memory only */
    public LocalOpenCheckRuns(Path journal) {
        this.journal = journal;
        if (journal == null) return;
        try {
            Files.createDirectories(journal);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the check-run journal directory " + journal + ": " + e.getMessage(), e);
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(journal, "*.json")) {
            for (Path f : files) {
                try {
                    OpenCheckRun r = OpenCheckRunJson.read(Files.readString(f, StandardCharsets.UTF_8));
                    runs.put(r.externalId(), r);
                } catch (IOException | IllegalArgumentException e) {
                    LOG.warn("ignoring unreadable check-run journal file {}: {}", f.getFileName(), e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the check-run journal directory " + journal + ": " + e.getMessage(), e);
        }
        if (!runs.isEmpty()) LOG.info("check-run journal: {} check run(s) left open by an earlier process", runs.size());
    }

    @Override
    public void put(OpenCheckRun run) {
        runs.put(run.externalId(), run);
        write(run);
    }

    @Override
    public boolean replace(String externalId, long expected, long id) {
        OpenCheckRun[] resolved = new OpenCheckRun[1];
        runs.computeIfPresent(externalId, (k, r) -> r.id() == expected ? (resolved[0] = r.withId(id)) : r);
        if (resolved[0] == null) return false;
        write(resolved[0]);
        return true;
    }

    @Override
    public Optional<OpenCheckRun> get(String externalId) {
        return Optional.ofNullable(runs.get(externalId));
    }

    @Override
    public void remove(String externalId) {
        if (runs.remove(externalId) == null || journal == null) return;
        try {
            Files.deleteIfExists(file(externalId));
        } catch (IOException e) {
            LOG.warn("could not delete check-run journal file for {}: {}", externalId, e.getMessage());
        }
    }

    @Override
    public List<OpenCheckRun> all() {
        return new ArrayList<>(runs.values());
    }

    private void write(OpenCheckRun run) {
        if (journal == null) return;
        Path target = file(run.externalId());
        try {
            Path tmp = Files.createTempFile(journal, "open-", ".tmp");
            Files.writeString(tmp, OpenCheckRunJson.write(run), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // The check run itself is fine; only a restart before it completes would leave it open.
            LOG.warn("could not write check-run journal file for {}: {}", run.externalId(), e.getMessage());
        }
    }

    /** The external id comes from a delivery header: hashed, it never becomes a path of its own. */
    private Path file(String externalId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(externalId.getBytes(StandardCharsets.UTF_8));
            return journal.resolve(HexFormat.of().formatHex(d, 0, 16) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
