package dev.asyncguard.github;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** One real service and one fake GitHub per test class (starting Micronaut takes seconds). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServiceTest {
    ServiceHarness service;
    GitHubFake github;

    /** Settings on top of {@link ServiceHarness}'s. */
    Map<String, Object> settings() {
        return Map.of();
    }

    @BeforeAll
    void startService() {
        service = ServiceHarness.start(settings());
        github = service.github;
    }

    @AfterAll
    void stopService() {
        service.close();
    }
}
