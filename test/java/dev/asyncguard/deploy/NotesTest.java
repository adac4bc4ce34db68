package dev.asyncguard.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NOTES.txt, as {@code helm install} prints it (a client-side dry run: no cluster involved). */
class NotesTest {

    static String notes(List<Path> valuesFiles, Map<String, Object> sets) {
        InstallCommand install = new Helm(RenderedChart.CHART).install()
                .withName(RenderedChart.RELEASE)
                .withNamespace(RenderedChart.NAMESPACE)
                .withKubeVersion(RenderedChart.KUBE_VERSION)
                .clientOnly()
                .dryRun();
        for (Path file : valuesFiles) {
            install = install.withValuesFile(file.toAbsolutePath());
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            install = install.set(set.getKey(), set.getValue());
        }
        String output = install.call().getOutput();
        int start = output.indexOf("NOTES:");
        assertTrue(start >= 0, "no NOTES in: " + output);
        return output.substring(start);
    }

    @Test
    void productionNotesGiveTheHttpsWebhookUrlOfTheIngress() {
        String notes = notes(List.of(RenderedChart.PRODUCTION_VALUES), Map.of());

        assertMentions(notes, "https://asyncguard.example.com/github/webhook",
                "Secret \"asyncguard-github-app\", key private-key.pem",
                "Secret \"asyncguard-github-webhook\", key webhook-secret");
        assertFalse(notes.contains("WARNING"), notes);
    }

    @Test
    void withoutIngressTheNotesExplainPortForwarding() {
        String notes = notes(List.of(), Map.of());

        assertMentions(notes, "https://<ingress host>/github/webhook",
                "kubectl --namespace reviews port-forward service/ag-asyncguard 8080:80",
                "curl -s http://localhost:8080/health",
                "github.appId is empty");
    }

    @Test
    void anIngressWithoutTlsIsFlagged() {
        String notes = notes(List.of(), Map.of("ingress.enabled", true, "ingress.host", "hooks.example.org", "github.appId", 42));

        assertMentions(notes, "http://hooks.example.org/github/webhook", "WARNING: ingress.tls.enabled is false");
        assertFalse(notes.contains("github.appId is empty"), notes);
    }

    private static void assertMentions(String notes, String... phrases) {
        for (String phrase : phrases) {
            assertTrue(notes.contains(phrase), () -> "NOTES should mention '" + phrase + "':\n" + notes);
        }
    }
}
