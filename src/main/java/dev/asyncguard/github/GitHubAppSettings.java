package dev.asyncguard.github;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code webhookSecretPrevious} ({@code ASYNCGUARD_GITHUB_WEBHOOK_SECRET_PREVIOUS}) is the secret
 * being rotated out: while it is set, deliveries signed with either secret are accepted.
 * {@code appSlug} ({@code ASYNCGUARD_GITHUB_APP_SLUG}) names the App's bot user,
 * {@code <slug>[bot]}; unset, it is read from {@code GET /app}.
 *
 * <p>The App's settings as the operator gives them (properties or environment variables such as
 * {@code ASYNCGUARD_GITHUB_APP_ID}). Raw strings on purpose: {@link AppCredentials#from} checks them
 * and names the setting that is wrong, instead of a binding error deep inside the framework.
 */
@ConfigurationProperties("asyncguard.github")
public record GitHubAppSettings(
        @Bindable(defaultValue = "https://api.github.com") String apiUrl,
        @Nullable String appId,
        @Nullable String privateKeyFile,
        @Nullable String webhookSecret,
        @Nullable String webhookSecretPrevious,
        @Nullable String appSlug) {

    @Override
    public String toString() {
        // The secret must never reach a log line, even through a debug dump of this record.
        // (and the previous one, during a rotation)
        return "GitHubAppSettings[apiUrl=" + apiUrl + ", appId=" + appId + ", privateKeyFile=" + privateKeyFile
                + ", webhookSecret=" + (webhookSecret == null ? "unset" : "***")
                + ", webhookSecretPrevious=" + (webhookSecretPrevious == null ? "unset" : "***") + "]";
    }
}
