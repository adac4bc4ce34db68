package dev.asyncguard.review;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that decides where a rule's page is linked, for review comments, check-run
 * summaries and SARIF's {@code helpUri} alike. A link is written only where a page exists:
 * <ol>
 *   <li>{@code ASYNCGUARD_PUBLIC_URL} set: the App serves the pages itself, at
 *       {@code <public url>/rules/AG201};</li>
 *   <li>else {@code ASYNCGUARD_DOCS_URL} set: a docs site of the operator's, its URL with
 *       {@code {code}} replaced by the code (without {@code {code}}, {@code /AG201} is appended);</li>
 *   <li>neither: no link at all (the comment carries its explanation inline).</li>
 * </ol>
 */
public final class RuleDocLinks {
    public static final String PUBLIC_URL_ENV = "ASYNCGUARD_PUBLIC_URL";
    public static final String DOCS_URL_ENV = "ASYNCGUARD_DOCS_URL";
    /** The path under the public URL where the App serves rule pages. */
    public static final String PAGES_PATH = "/rules/";

    private static final RuleDocLinks NONE = new RuleDocLinks(null);
    private final String template;

    private RuleDocLinks(String template) {
        this.template = template;
    }

    /** No links anywhere. */
    public static RuleDocLinks none() {
        return NONE;
    }

    /**
     * The decision from the two settings (null or blank: unset). An unusable URL is refused with
     * an {@link IllegalArgumentException} that names the setting, never silently ignored.
     */
    public static RuleDocLinks of(String publicUrl, String docsUrl) {
        if (publicUrl != null && !publicUrl.isBlank()) {
            String base = checked(PUBLIC_URL_ENV, publicUrl.strip());
            if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
            return new RuleDocLinks(base + PAGES_PATH + "{code}");
        }
        if (docsUrl != null && !docsUrl.isBlank()) {
            String url = checked(DOCS_URL_ENV, docsUrl.strip());
            if (!url.contains("{code}")) url = (url.endsWith("/") ? url : url + "/") + "{code}";
            return new RuleDocLinks(url);
        }
        return NONE;
    }

    /** The decision from the process environment, as the CLI and the service see it. */
    public static RuleDocLinks fromEnvironment(Map<String, String> env) {
        return of(env.get(PUBLIC_URL_ENV), env.get(DOCS_URL_ENV));
    }

    private static String checked(String setting, String url) {
        try {
            URI uri = new URI(url.replace("{code}", "AG000"));
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(url, "not an http(s) URL with a host");
            }
            if (uri.getUserInfo() != null) {
                throw new URISyntaxException(url, "credentials in the URL would be published in every comment");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(setting + " '" + url + "' is not usable: " + e.getReason()
                    + " (expected e.g. https://asyncguard.example.com)");
        }
        return url;
    }

    /** The page of {@code code}, or empty when no page is configured or the code has none. */
    public Optional<String> url(String code) {
        if (template == null || RuleDocs.builtIn().of(code).isEmpty()) return Optional.empty();
        return Optional.of(template.replace("{code}", code));
    }

    /** Whether any link is written at all. */
    public boolean enabled() {
        return template != null;
    }

    @Override
    public String toString() {
        return template == null ? "RuleDocLinks[none]" : "RuleDocLinks[" + template + "]";
    }
}
