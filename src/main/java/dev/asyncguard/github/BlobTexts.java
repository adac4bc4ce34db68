package dev.asyncguard.github;

import java.util.Map;

/**
 * What one GraphQL query for blobs brought back ({@link GitHubClient#blobTexts}): the complete
 * contents by requested object (a blob that is missing, binary, truncated, larger than asked or
 * not faithfully UTF-8 is not there: it is read over REST), and the points GitHub charged for the
 * query ({@code rateLimit.cost}).
 */
public record BlobTexts(Map<String, byte[]> complete, int cost) {}
