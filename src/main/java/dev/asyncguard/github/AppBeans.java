package dev.asyncguard.github;

import dev.asyncguard.service.InProcessReviewQueue;
import dev.asyncguard.service.ReviewQueue;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Beans built from settings rather than constructed by injection alone. */
@Factory
final class AppBeans {

    @Singleton
    AppCredentials credentials(GitHubAppSettings settings) {
        return AppCredentials.from(settings);
    }

    /** The in-process queue is the default; a shared implementation replaces this bean. */
    @Singleton
    @Bean(typed = ReviewQueue.class)
    ReviewQueue reviewQueue(ServiceSettings settings) {
        return new InProcessReviewQueue(settings.queueCapacity(), settings.concurrency());
    }
}
