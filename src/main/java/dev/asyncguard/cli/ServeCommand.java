package dev.asyncguard.cli;

import dev.asyncguard.github.AppCredentials;
import dev.asyncguard.github.GitHubAppSettings;
import dev.asyncguard.github.SettingsException;
import dev.asyncguard.github.fetch.RepositoryPolicies;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code asyncguard serve}: the GitHub App's webhook service. Settings come from Micronaut's
 * sources (application.yml, {@code ASYNCGUARD_GITHUB_*} environment variables, system properties,
 * and {@code --name=value} arguments). A missing or invalid setting stops start-up with one line
 * that names it, and exit code 2.
 */
@Command(name = "serve",
        description = {"Runs the GitHub App webhook service (POST /github/webhook, /health, /prometheus).",
                "Settings: asyncguard.github.app-id, .private-key-file, .webhook-secret, .api-url and",
                "micronaut.server.port, as properties (--name=value) or environment variables",
                "(ASYNCGUARD_GITHUB_APP_ID, ..., MICRONAUT_SERVER_PORT)."},
        mixinStandardHelpOptions = true)
public final class ServeCommand implements java.util.concurrent.Callable<Integer> {

    @Unmatched
    List<String> properties = new ArrayList<>();

    @Override
    public Integer call() {
        String logFormat = System.getenv("ASYNCGUARD_LOG_FORMAT");
        if (logFormat != null && !logFormat.equals("text") && !logFormat.equals("json")) {
            System.err.println("asyncguard serve: ASYNCGUARD_LOG_FORMAT must be text or json, not '" + logFormat + "'");
            return 2;
        }
        for (String p : properties) {
            if (!p.startsWith("--") || !p.contains("=")) {
                System.err.println("asyncguard serve: unexpected argument '" + p + "'; settings are given as --name=value");
                return 2;
            }
        }
        String[] args = properties.toArray(String[]::new);
        ApplicationContext context = Micronaut.build(args).mainClass(ServeCommand.class).banner(false).build();
        try {
            context.start();
            // Settings are checked before any port opens, so a bad one costs one clear line.
            AppCredentials.from(context.getBean(GitHubAppSettings.class));
            context.getBean(RepositoryPolicies.class);    // reads an operator's defaults file, if any
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            server.start();
            System.err.println("asyncguard serve: listening on " + server.getURL() + "/github/webhook");
        } catch (RuntimeException e) {
            SettingsException settings = settingsProblem(e);
            if (context.isRunning()) context.close();
            if (settings != null) {
                System.err.println("asyncguard serve: " + settings.getMessage());
                return 2;
            }
            System.err.println("asyncguard serve: cannot start: " + rootMessage(e));
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            if (context.isRunning()) context.close();
            stopped.countDown();
        }, "asyncguard-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.close();
        }
        return 0;
    }

    private static SettingsException settingsProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SettingsException s) return s;
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
