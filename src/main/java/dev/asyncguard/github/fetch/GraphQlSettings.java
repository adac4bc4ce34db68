package dev.asyncguard.github.fetch;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * How a run reads file contents through GitHub's GraphQL API ({@link GraphQlBlobs}).
 *
 * @param blobsPerQuery the most blobs asked for in one GraphQL query ({@code ASYNCGUARD_GITHUB_GRAPHQL_BLOBS_PER_QUERY});
 *                      a run that needs two or more blobs asks for them in queries of at most this many
 *                      instead of one REST call each; 0 reads every blob over REST
 */
@ConfigurationProperties("asyncguard.github.graphql")
public record GraphQlSettings(@Bindable(defaultValue = "50") int blobsPerQuery) {}
