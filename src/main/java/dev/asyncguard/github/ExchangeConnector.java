package dev.asyncguard.github;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Sends github-api's requests through {@link GitHubClient#exchange}, so that the App-auth calls
 * github-api makes go to the configured API URL with the same connect and request timeouts,
 * the same retry policy and the same metrics as every other GitHub call. github-api sees only
 * the final answer; when no answer came, it gets an {@link ExchangeFailed} that it does not retry
 * (it retries only socket-level exceptions).
 */
final class ExchangeConnector implements GitHubConnector {
    /** Headers {@link GitHubClient} sets itself, or that {@link java.net.http.HttpClient} refuses to take. */
    private static final Set<String> NOT_PASSED_ON = Set.of("accept", "authorization", "user-agent",
            "x-github-api-version", "content-type", "content-length", "accept-encoding", "connection", "host",
            "expect", "upgrade");

    private final String apiUrl;
    private final Function<GitHubCall, GitHubClient.Response> exchange;

    ExchangeConnector(String apiUrl, Function<GitHubCall, GitHubClient.Response> exchange) {
        this.apiUrl = apiUrl;
        this.exchange = exchange;
    }

    /** Our failure (the message names the call and never a token), as the IOException github-api expects. */
    static final class ExchangeFailed extends IOException {
        ExchangeFailed(GitHubException cause) {
            super(cause.getMessage(), cause);
        }
    }

    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        String url = request.url().toString();
        String path = url.startsWith(apiUrl) ? url.substring(apiUrl.length()) : url;
        byte[] body = null;
        if (request.hasBody()) {
            try (InputStream in = request.body()) {
                body = in.readAllBytes();
            }
        }
        List<String> extra = new ArrayList<>();
        for (Map.Entry<String, List<String>> h : request.allHeaders().entrySet()) {
            if (h.getKey() == null || NOT_PASSED_ON.contains(h.getKey().toLowerCase(Locale.ROOT))) continue;
            for (String value : h.getValue()) {
                extra.add(h.getKey());
                extra.add(value);
            }
        }
        String accept = request.header("Accept");
        GitHubCall call = new GitHubCall(route(path), request.method(), path,
                accept == null ? GitHubClient.JSON : accept, body, GitHubClient.JSON_BODY_LIMIT,
                request.header("Authorization"), List.copyOf(extra), null);
        GitHubClient.Response r;
        try {
            r = exchange.apply(call);
        } catch (GitHubException e) {
            throw new ExchangeFailed(e);
        }
        return new Answer(request, r.status(), r.headers().map(), r.body());
    }

    /** The metrics route of the App-auth calls github-api makes. */
    static String route(String path) {
        String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (p.equals("/app")) return "apps.get";
        if (p.matches("/app/installations/\\d+")) return "apps.installation";
        if (p.matches("/app/installations/\\d+/access_tokens")) return "apps.token";
        return "github-api";
    }

    private static final class Answer extends GitHubConnectorResponse.ByteArrayResponse {
        private final byte[] body;

        Answer(GitHubConnectorRequest request, int status, Map<String, List<String>> headers, byte[] body) {
            super(request, status, headers);
            this.body = body;
        }

        @Override
        protected InputStream rawBodyStream() {
            return new ByteArrayInputStream(body);
        }
    }
}
