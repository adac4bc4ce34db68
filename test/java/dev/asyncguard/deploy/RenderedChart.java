package dev.asyncguard.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The manifests that {@code helm template} renders from our chart, parsed, with the look-ups the
 * chart tests need. Rendering runs Helm in-process (helm-java), offline.
 */
public record RenderedChart(List<Map<String, Object>> manifests) {

    static final Path CHART = Path.of("deploy/helm/asyncguard");
    static final Path PRODUCTION_VALUES = Path.of("config/values-production.yaml");
    static final String RELEASE = "ag";
    static final String NAMESPACE = "reviews";
    /**
     * helm-java's library was built without Helm's version flags, so its default cluster version is
     * 1.20, below the chart's kubeVersion; the tests say which cluster they render for.
     */
    static final String KUBE_VERSION = "1.31.0";

    /** Renders the chart; {@code sets} are {@code --set key=value} pairs, applied after the values files. */
    static RenderedChart render(List<Path> valuesFiles, Map<String, Object> sets) {
        return parse(template(valuesFiles, sets, KUBE_VERSION));
    }

    public static RenderedChart render(Map<String, Object> sets) {
        return render(List.of(), sets);
    }

    static RenderedChart renderForKubeVersion(String kubeVersion, Map<String, Object> sets) {
        return parse(template(List.of(), sets, kubeVersion));
    }

    /** The raw {@code helm template} output; throws with Helm's message when rendering fails. */
    static String template(List<Path> valuesFiles, Map<String, Object> sets, String kubeVersion) {
        TemplateCommand command = new Helm(CHART).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(kubeVersion);
        for (Path file : valuesFiles) {
            command = command.withValuesFile(file.toAbsolutePath());
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        return command.call();
    }

    @SuppressWarnings("unchecked")
    static RenderedChart parse(String rendered) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (Object document : yaml.loadAll(rendered)) {
            if (document != null) {
                manifests.add((Map<String, Object>) document);
            }
        }
        return new RenderedChart(List.copyOf(manifests));
    }

    List<Map<String, Object>> ofKind(String kind) {
        return manifests.stream().filter(m -> kind.equals(m.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(m -> name.equals(map(m, "metadata").get("name"))).findFirst();
    }

    Map<String, Object> single(String kind) {
        List<Map<String, Object>> found = ofKind(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + found.size() + " in " + kinds());
        }
        return found.getFirst();
    }

    List<String> kinds() {
        return manifests.stream().map(m -> (String) m.get("kind")).toList();
    }

    Map<String, Object> podSpec() {
        return map(map(map(single("Deployment"), "spec"), "template"), "spec");
    }

    Map<String, Object> container() {
        List<Map<String, Object>> containers = list(podSpec(), "containers");
        if (containers.size() != 1) {
            throw new AssertionError("expected one container, found " + containers.size());
        }
        return containers.getFirst();
    }

    /** The container's plain environment values (entries with {@code valueFrom} map to null). */
    public Map<String, String> plainEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> entry : list(container(), "env")) {
            env.put((String) entry.get("name"), (String) entry.get("value"));
        }
        return env;
    }

    Map<String, Object> envEntry(String name) {
        return list(container(), "env").stream()
                .filter(e -> name.equals(e.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env entry " + name));
    }

    /** What the container sees under a name: the env entry, else a key of a ConfigMap it takes through envFrom. */
    String settingSeenByContainer(String name) {
        for (Map<String, Object> entry : list(container(), "env")) {
            if (name.equals(entry.get("name"))) {
                return (String) entry.get("value");
            }
        }
        for (Map<String, Object> source : list(container(), "envFrom")) {
            String configMap = (String) map(source, "configMapRef").get("name");
            Map<String, Object> data = map(find("ConfigMap", configMap)
                    .orElseThrow(() -> new AssertionError("envFrom names a missing ConfigMap " + configMap)), "data");
            if (data.containsKey(name)) {
                return (String) data.get(name);
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof Map)) {
            throw new AssertionError("expected a map at '" + key + "', found " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof List)) {
            throw new AssertionError("expected a list at '" + key + "', found " + value);
        }
        return (List<Map<String, Object>>) value;
    }
}
