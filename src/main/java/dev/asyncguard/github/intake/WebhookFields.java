package dev.asyncguard.github.intake;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.filter.FilteringParserDelegate;
import com.fasterxml.jackson.core.filter.TokenFilter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/**
 * A webhook payload read as a tree of only the fields {@link WebhookEvents} decides by: a
 * {@code pull_request} delivery is 20-30 KB of JSON (the repository, the users, every URL), of which
 * a dozen values matter. The rest is skipped while it is read, its strings never decoded nor made
 * into nodes. Where a field is missing or of another type the tree has what the whole payload has.
 */
final class WebhookFields {
    /** The fields read, as nested names; {@link #ALL}: the whole value. */
    private static final Object ALL = new Object();
    private static final Map<String, Object> READ = Map.of(
            "action", ALL,
            "number", ALL,
            "installation", Map.of("id", ALL),
            "repository", Map.of("name", ALL, "default_branch", ALL, "owner", Map.of("login", ALL)),
            "pull_request", Map.of("number", ALL, "draft", ALL, "state", ALL, "head", Map.of("sha", ALL),
                    "labels", Map.of("name", ALL)),
            "label", Map.of("name", ALL),
            "issue", Map.of("number", ALL, "pull_request", ALL),
            "comment", Map.of("id", ALL, "body", ALL, "author_association", ALL, "user", Map.of("type", ALL, "login", ALL)),
            "check_run", Map.of("name", ALL, "app", Map.of("id", ALL), "pull_requests", Map.of("number", ALL)));

    private static final TokenFilter FILTER = new Fields(READ);

    private WebhookFields() {}

    /** The payload's tree of the fields read; null for an empty body. */
    static JsonNode read(ObjectMapper json, byte[] body) throws IOException {
        try (JsonParser parser = new FilteringParserDelegate(json.getFactory().createParser(body), FILTER,
                TokenFilter.Inclusion.INCLUDE_ALL_AND_PATH, true)) {
            return json.readTree(parser);
        }
    }

    /** Keeps the named properties of an object (and of each object of an array), each by its own filter. */
    private static final class Fields extends TokenFilter {
        private final Map<String, TokenFilter> children = new java.util.HashMap<>();

        @SuppressWarnings("unchecked")
        Fields(Map<String, Object> names) {
            names.forEach((name, sub) -> children.put(name, sub == ALL ? TokenFilter.INCLUDE_ALL : new Fields((Map<String, Object>) sub)));
        }

        @Override
        public TokenFilter includeProperty(String name) {
            return children.get(name);
        }

        /** An object none of whose fields are read stays an (empty) object, as the payload has it, not nothing. */
        @Override
        public boolean includeEmptyObject(boolean contentsFiltered) {
            return true;
        }

        @Override
        public boolean includeEmptyArray(boolean contentsFiltered) {
            return true;
        }
    }
}
