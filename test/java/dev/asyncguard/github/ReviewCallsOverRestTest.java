package dev.asyncguard.github;

import java.util.Map;

/** {@link ReviewCallsTest} with GraphQL off ({@code blobs-per-query: 0}): each file is one REST call. */
class ReviewCallsOverRestTest extends ReviewCallsTest {
    @Override
    Map<String, Object> settings() {
        return Map.of("asyncguard.github.graphql.blobs-per-query", 0, "asyncguard.jobs.check-run-after", "2s");
    }

    @Override
    boolean graphQl() {
        return false;
    }
}
