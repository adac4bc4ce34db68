package dev.asyncguard.github;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * {@link ServiceTest}'s own lifecycle: when its {@code @BeforeAll} aborted before a service existed (the
 * Redis pass on a machine without redis-server: {@code Assumptions.abort}), JUnit still runs its
 * {@code @AfterAll}, which must then have nothing to do, so that the class reads as skipped and not as an error.
 */
class ServiceTestLifecycleTest {
    @Test
    void stoppingAServiceThatNeverStartedIsNothing() {
        ServiceTest aborted = new ServiceTest() {};
        assertNull(aborted.service);
        assertDoesNotThrow(aborted::stopService);
    }
}
