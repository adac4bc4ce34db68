package dev.asyncguard.github.publish;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open check runs shared by every replica: a hash of notes and a hash of check-run ids (an id is
 * set only over the one expected, e.g. {@link OpenCheckRun#PENDING}, atomically, so a run that gave up waiting and the
 * delivery that created the check run late never both keep theirs). Small: one entry per job
 * between its accept and its end.
 */
public final class RedisOpenCheckRuns implements OpenCheckRuns {
    private static final Logger LOG = LoggerFactory.getLogger(RedisOpenCheckRuns.class);
    /** KEYS: ids; ARGV: external id, id, expected id. */
    private static final String REPLACE = """
            if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[3] then
              redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
              return 1
            end
            return 0
            """;

    private final StatefulRedisConnection<String, String> connection;
    private final String notes;
    private final String ids;

    public RedisOpenCheckRuns(StatefulRedisConnection<String, String> connection, String prefix) {
        this.connection = connection;
        this.notes = prefix + "checkruns";
        this.ids = prefix + "checkrun-ids";
    }

    private RedisCommands<String, String> redis() {
        return connection.sync();
    }

    @Override
    public void put(OpenCheckRun run) {
        redis().hset(notes, run.externalId(), OpenCheckRunJson.write(run.withId(OpenCheckRun.PENDING)));
        redis().hset(ids, run.externalId(), Long.toString(run.id()));
    }

    @Override
    public boolean replace(String externalId, long expected, long id) {
        Long r = redis().eval(REPLACE, ScriptOutputType.INTEGER, new String[] {ids}, externalId, Long.toString(id),
                Long.toString(expected));
        return r != null && r == 1;
    }

    @Override
    public Optional<OpenCheckRun> get(String externalId) {
        String note = redis().hget(notes, externalId);
        String id = redis().hget(ids, externalId);
        if (note == null || id == null) return Optional.empty();
        return Optional.of(OpenCheckRunJson.read(note).withId(Long.parseLong(id)));
    }

    @Override
    public void remove(String externalId) {
        redis().hdel(ids, externalId);
        redis().hdel(notes, externalId);
    }

    @Override
    public List<OpenCheckRun> all() {
        Map<String, String> n = redis().hgetall(notes);
        Map<String, String> i = redis().hgetall(ids);
        List<OpenCheckRun> out = new ArrayList<>();
        for (var e : n.entrySet()) {
            try {
                String id = i.get(e.getKey());
                OpenCheckRun r = OpenCheckRunJson.read(e.getValue());
                out.add(id == null ? r : r.withId(Long.parseLong(id)));
            } catch (IllegalArgumentException ex) {
                LOG.warn("dropping unreadable open check run {}: {}", e.getKey(), ex.getMessage());
                redis().hdel(notes, e.getKey());
                redis().hdel(ids, e.getKey());
            }
        }
        return out;
    }
}
