package dev.asyncguard.github;

import dev.asyncguard.service.InProcessReviewQueue;
import dev.asyncguard.service.ReviewQueue;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import dev.asyncguard.review.RuleDocLinks;
import jakarta.inject.Singleton;

/** Beans built from settings rather than constructed by injection alone. */
@Factory
final class AppBeans {

    @Singleton
    AppCredentials credentials(GitHubAppSettings settings) {
        return AppCredentials.from(settings);
    }

    /**
     * Where comments link rule pages: {@code asyncguard.public-url} ({@code ASYNCGUARD_PUBLIC_URL},
     * this service's own {@code /rules/} pages) or {@code asyncguard.docs-url}
     * ({@code ASYNCGUARD_DOCS_URL}); neither, no links. {@link RuleDocLinks} decides, as for the CLI.
     */
    @Singleton
    RuleDocLinks ruleDocLinks(@Value("${asyncguard.public-url:}") String publicUrl,
                              @Value("${asyncguard.docs-url:}") String docsUrl) {
        try {
            return RuleDocLinks.of(publicUrl, docsUrl);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
    }

    /** The in-process queue is the default; a shared implementation replaces this bean. */
    @Singleton
    @Bean(typed = ReviewQueue.class)
    ReviewQueue reviewQueue(ServiceSettings settings) {
        return new InProcessReviewQueue(settings.queueCapacity(), settings.concurrency());
    }
}
