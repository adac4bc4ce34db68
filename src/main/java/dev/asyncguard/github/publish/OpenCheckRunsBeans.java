package dev.asyncguard.github.publish;

import dev.asyncguard.github.JobSettings;
import dev.asyncguard.github.RedisConnections;
import dev.asyncguard.github.RedisSettings;
import dev.asyncguard.github.SettingsException;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** Where open check runs are noted: in Redis with it (every replica sees them), in this process (and the journal) without. */
@Factory
final class OpenCheckRunsBeans {
    @Singleton
    @Bean(typed = OpenCheckRuns.class)
    OpenCheckRuns openCheckRuns(JobSettings jobs, RedisSettings redisSettings, BeanProvider<RedisConnections> redis) {
        if (redisSettings.enabled()) {
            return new RedisOpenCheckRuns(redis.get().commands, redisSettings.keyPrefix());
        }
        String dir = jobs.journalDir();
        try {
            return new LocalOpenCheckRuns(dir == null || dir.isBlank() ? null : Path.of(dir));
        } catch (IllegalArgumentException e) {
            throw new SettingsException("asyncguard.jobs.journal-dir: " + e.getMessage());
        }
    }
}
