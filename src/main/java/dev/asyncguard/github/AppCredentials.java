package dev.asyncguard.github;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The checked form of {@link GitHubAppSettings}: the API base URL, the App id, its private key and
 * the webhook secret. {@link #toString} never shows the key or the secret.
 */
public final class AppCredentials {
    private final URI apiUrl;
    private final long appId;
    private final RSAPrivateKey privateKey;
    private final List<byte[]> webhookSecrets;
    private final String appSlug;

    public AppCredentials(URI apiUrl, long appId, RSAPrivateKey privateKey, byte[] webhookSecret) {
        this(apiUrl, appId, privateKey, List.of(webhookSecret));
    }

    /** With every webhook secret currently accepted: the current one first, then one being rotated out. */
    public AppCredentials(URI apiUrl, long appId, RSAPrivateKey privateKey, List<byte[]> webhookSecrets) {
        this(apiUrl, appId, privateKey, webhookSecrets, null);
    }

    /** @param appSlug the App's slug when configured ({@code <slug>[bot]} is its bot user); null: asked from GitHub */
    public AppCredentials(URI apiUrl, long appId, RSAPrivateKey privateKey, List<byte[]> webhookSecrets, String appSlug) {
        if (webhookSecrets.isEmpty()) throw new IllegalArgumentException("at least one webhook secret");
        this.apiUrl = apiUrl;
        this.appId = appId;
        this.privateKey = privateKey;
        this.webhookSecrets = webhookSecrets.stream().map(byte[]::clone).toList();
        this.appSlug = appSlug == null || appSlug.isBlank() ? null : appSlug.strip();
    }

    /** Checks every setting; the first problem becomes a {@link SettingsException} naming it. */
    public static AppCredentials from(GitHubAppSettings s) {
        URI api = parseApiUrl(s.apiUrl());
        long appId = parseAppId(s.appId());
        RSAPrivateKey key = readKey(s.privateKeyFile());
        String secret = s.webhookSecret();
        if (secret == null || secret.isBlank()) {
            throw new SettingsException("asyncguard.github.webhook-secret is not set "
                    + "(ASYNCGUARD_GITHUB_WEBHOOK_SECRET): the secret entered when the App was registered");
        }
        List<byte[]> secrets = new ArrayList<>();
        secrets.add(secret.getBytes(StandardCharsets.UTF_8));
        String previous = s.webhookSecretPrevious();
        if (previous != null && !previous.isBlank() && !previous.equals(secret)) {
            secrets.add(previous.getBytes(StandardCharsets.UTF_8));
        }
        String slug = s.appSlug();
        if (slug != null && !slug.isBlank() && !slug.strip().matches("[a-z0-9][a-z0-9-]*")) {
            throw new SettingsException("asyncguard.github.app-slug '" + slug + "' is not an App slug "
                    + "(ASYNCGUARD_GITHUB_APP_SLUG): the lower-case name in the App's URL, github.com/apps/<slug>");
        }
        return new AppCredentials(api, appId, key, secrets, slug);
    }

    private static URI parseApiUrl(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new SettingsException("asyncguard.github.api-url is empty (ASYNCGUARD_GITHUB_API_URL); "
                    + "expected e.g. https://api.github.com");
        }
        try {
            URI uri = new URI(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(raw, "not an http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new SettingsException("asyncguard.github.api-url '" + raw + "' is not an http(s) URL "
                    + "(ASYNCGUARD_GITHUB_API_URL); expected e.g. https://api.github.com");
        }
    }

    private static long parseAppId(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new SettingsException("asyncguard.github.app-id is not set (ASYNCGUARD_GITHUB_APP_ID): "
                    + "the numeric App ID from the App's settings page");
        }
        try {
            long id = Long.parseLong(raw.strip());
            if (id <= 0) throw new NumberFormatException();
            return id;
        } catch (NumberFormatException e) {
            throw new SettingsException("asyncguard.github.app-id '" + raw + "' is not a positive number "
                    + "(ASYNCGUARD_GITHUB_APP_ID)");
        }
    }

    private static RSAPrivateKey readKey(String file) {
        if (file == null || file.isBlank()) {
            throw new SettingsException("asyncguard.github.private-key-file is not set "
                    + "(ASYNCGUARD_GITHUB_PRIVATE_KEY_FILE): the path of the App's .pem private key");
        }
        String pem;
        try {
            pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new SettingsException("asyncguard.github.private-key-file '" + file + "' cannot be read: "
                    + e.getClass().getSimpleName());
        }
        try {
            return PemPrivateKeys.parse(pem);
        } catch (IllegalArgumentException e) {
            throw new SettingsException("asyncguard.github.private-key-file '" + file + "' is not an RSA private key: "
                    + e.getMessage());
        }
    }

    public URI apiUrl() {
        return apiUrl;
    }

    /**
     * GitHub's GraphQL endpoint beside the REST API: {@code https://api.github.com/graphql}; GitHub
     * Enterprise Server serves REST under {@code /api/v3} and GraphQL at {@code /api/graphql}.
     */
    public String graphQlUrl() {
        String api = apiUrl.toString();
        return api.endsWith("/api/v3") ? api.substring(0, api.length() - "/v3".length()) + "/graphql" : api + "/graphql";
    }

    public long appId() {
        return appId;
    }

    /** The configured App slug, or null when it is read from {@code GET /app}. */
    public String appSlug() {
        return appSlug;
    }

    /**
     * Signs a JWT for the App as a token request does, and sends it nowhere: the service's warm-up runs
     * the signing so that a new replica's first token request finds it compiled.
     */
    public void signOnce() throws java.io.IOException {
        new org.kohsuke.github.extras.authorization.JWTTokenProvider(Long.toString(appId()), privateKey()).getEncodedAuthorization();
    }

    RSAPrivateKey privateKey() {
        return privateKey;
    }

    /** The secrets a delivery may be signed with (two during a rotation). */
    public List<byte[]> webhookSecrets() {
        return webhookSecrets.stream().map(byte[]::clone).toList();
    }

    @Override
    public String toString() {
        return "AppCredentials[apiUrl=" + apiUrl + ", appId=" + appId + "]";
    }
}
