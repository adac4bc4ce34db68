package dev.asyncguard.github;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The App's settings as the operator gives them (properties or environment variables such as
 * {@code ASYNCGUARD_GITHUB_APP_ID}). Raw strings on purpose: {@link AppCredentials#from} checks them
 * and names the setting that is wrong, instead of a binding error deep inside the framework.
 */
@ConfigurationProperties("asyncguard.github")
public record GitHubAppSettings(
        @Bindable(defaultValue = "https://api.github.com") String apiUrl,
        @Nullable String appId,
        @Nullable String privateKeyFile,
        @Nullable String webhookSecret) {

    @Override
    public String toString() {
        // The secret must never reach a log line, even through a debug dump of this record.
        return "GitHubAppSettings[apiUrl=" + apiUrl + ", appId=" + appId + ", privateKeyFile=" + privateKeyFile
                + ", webhookSecret=" + (webhookSecret == null ? "unset" : "***") + "]";
    }
}
