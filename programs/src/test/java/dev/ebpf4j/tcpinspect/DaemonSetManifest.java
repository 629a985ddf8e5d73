package dev.ebpf4j.tcpinspect;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code programs/deploy/tcpinspect-daemonset.yaml} read with a YAML parser (SnakeYAML, safe
 * constructor: plain maps, lists and scalars), every document of it, with paths into it that fail
 * with the place and the problem rather than a NullPointerException.
 */
final class DaemonSetManifest {
    static final Path FILE = Path.of("deploy", "tcpinspect-daemonset.yaml");

    private final List<Map<String, Object>> documents;

    private DaemonSetManifest(List<Map<String, Object>> documents) {
        this.documents = documents;
    }

    @SuppressWarnings("unchecked")
    static DaemonSetManifest read() throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(FILE)) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                if (!(document instanceof Map<?, ?> map)) {
                    throw new AssertionError(FILE + ": a document that is not a mapping: " + document);
                }
                documents.add((Map<String, Object>) map);
            }
        }
        return new DaemonSetManifest(documents);
    }

    /** Each document's {@code apiVersion/kind}, in order. */
    List<String> kinds() {
        return documents.stream().map(d -> d.get("apiVersion") + "/" + d.get("kind")).toList();
    }

    /** The DaemonSet document. */
    Map<String, Object> daemonSet() {
        return documents.stream().filter(d -> "DaemonSet".equals(d.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError(FILE + ": no DaemonSet"));
    }

    /** The pod template's spec. */
    Map<String, Object> podSpec() {
        return map(daemonSet(), "spec.template.spec");
    }

    /** The one container of the pod. */
    Map<String, Object> container() {
        List<Object> containers = list(podSpec(), "containers");
        if (containers.size() != 1) {
            throw new AssertionError(FILE + ": spec.template.spec.containers: expected one container, found " + containers.size());
        }
        return asMap(containers.getFirst(), "spec.template.spec.containers[0]");
    }

    /** The container's {@code command}, as strings. */
    List<String> command() {
        return list(container(), "command").stream().map(String::valueOf).toList();
    }

    /** The capabilities the container adds. */
    List<String> addedCapabilities() {
        return list(container(), "securityContext.capabilities.add").stream().map(String::valueOf).toList();
    }

    /** The value at a dotted {@code path} below {@code from}, which must be a mapping. */
    static Map<String, Object> map(Map<String, Object> from, String path) {
        return asMap(get(from, path), path);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> from, String path) {
        Object value = get(from, path);
        if (!(value instanceof List<?> list)) {
            throw new AssertionError(FILE + ": " + path + " is not a list: " + value);
        }
        return (List<Object>) list;
    }

    /** The value at a dotted {@code path} below {@code from}; fails naming the first missing step. */
    static Object get(Map<String, Object> from, String path) {
        Object at = from;
        String walked = "";
        for (String step : path.split("\\.")) {
            Map<String, Object> map = asMap(at, walked.isEmpty() ? "the document" : walked);
            walked = walked.isEmpty() ? step : walked + "." + step;
            if (!map.containsKey(step)) {
                throw new AssertionError(FILE + ": " + walked + " is missing");
            }
            at = map.get(step);
        }
        return at;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value, String path) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new AssertionError(FILE + ": " + path + " is not a mapping: " + value);
        }
        return (Map<String, Object>) map;
    }
}
