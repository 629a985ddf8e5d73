package dev.ebpf4j.tcpinspect;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DaemonSet of programs/deploy, parsed as YAML: one DaemonSet on the host network, the
 * capabilities tcpinspect needs and no others, the host's bpffs, the image's launcher running
 * {@code watch … --prometheus PORT}, a scrape annotation naming that port, and resources bounded.
 * DistributionTest runs the distribution with exactly these capabilities.
 */
class DaemonSetManifestTest {
    private DaemonSetManifest manifest;

    @BeforeEach
    void read() throws Exception {
        manifest = DaemonSetManifest.read();
    }

    @Test
    void oneDaemonSetWhoseSelectorMatchesItsPods() {
        assertEquals(List.of("apps/v1/DaemonSet"), manifest.kinds());
        Map<String, Object> selector = DaemonSetManifest.map(manifest.daemonSet(), "spec.selector.matchLabels");
        Map<String, Object> labels = DaemonSetManifest.map(manifest.daemonSet(), "spec.template.metadata.labels");
        assertFalse(selector.isEmpty());
        assertTrue(labels.entrySet().containsAll(selector.entrySet()), "the API server refuses a selector the template does not match: "
                + selector + " against " + labels);
    }

    @Test
    void hostNetworkSoTheNodesOwnInterfacesAreWatched() {
        assertEquals(Boolean.TRUE, DaemonSetManifest.get(manifest.podSpec(), "hostNetwork"));
    }

    @Test
    void exactlyBpfNetAdminAndPerfmonOnTopOfNothing() {
        assertEquals(List.of("BPF", "NET_ADMIN", "PERFMON"), manifest.addedCapabilities());
        assertEquals(List.of("ALL"), DaemonSetManifest.list(manifest.container(), "securityContext.capabilities.drop"));
        assertEquals(Boolean.FALSE, DaemonSetManifest.get(manifest.container(), "securityContext.allowPrivilegeEscalation"));
        assertFalse(DaemonSetManifest.map(manifest.container(), "securityContext").containsKey("privileged"), "not privileged");
        // capabilities added to a container reach a non-root process only as ambient ones, which Kubernetes does not set
        assertEquals(0, DaemonSetManifest.get(manifest.container(), "securityContext.runAsUser"));
    }

    @Test
    void theHostsBpffsIsMountedAtItsOwnPlace() {
        Map<String, Object> bpffs = volume("bpffs");
        assertEquals("/sys/fs/bpf", DaemonSetManifest.get(bpffs, "hostPath.path"));
        assertEquals("Directory", DaemonSetManifest.get(bpffs, "hostPath.type"), "a node without bpffs fails to start the pod rather than getting an empty directory");
        List<Object> mounts = DaemonSetManifest.list(manifest.container(), "volumeMounts");
        assertTrue(mounts.contains(Map.of("name", "bpffs", "mountPath", "/sys/fs/bpf")), "mounts: " + mounts);
    }

    @Test
    void theCommandIsTheImagesLauncherWatchingWithPrometheusOnTheAnnotatedPort() throws Exception {
        List<String> command = manifest.command();
        assertEquals(Containerfile.read().entrypoint(), command.subList(0, 1), "the image's entry point, the distribution's bin/tcpinspect");
        assertEquals("/opt/tcpinspect/bin/tcpinspect", command.getFirst());
        assertEquals("watch", command.get(1));
        int option = command.indexOf("--prometheus");
        assertTrue(option > 2 && option + 1 < command.size(), "watch DEV… --prometheus PORT: " + command);
        assertFalse(command.subList(2, option).isEmpty(), "at least one interface: " + command);
        String port = command.get(option + 1);
        assertTrue(port.matches("\\d+"), "--prometheus PORT on every address of the node: " + port);

        Map<String, Object> annotations = DaemonSetManifest.map(manifest.daemonSet(), "spec.template.metadata.annotations");
        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals(port, annotations.get("prometheus.io/port"));
        assertEquals("/metrics", annotations.get("prometheus.io/path"));
        List<Object> ports = DaemonSetManifest.list(manifest.container(), "ports");
        assertEquals(1, ports.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> declared = (Map<String, Object>) ports.getFirst();
        assertEquals(Integer.parseInt(port), declared.get("containerPort"), "with the host network the declared port is the node's");
    }

    @Test
    void requestsAndLimitsAreSet() {
        for (String kind : List.of("requests", "limits")) {
            Map<String, Object> resources = DaemonSetManifest.map(manifest.container(), "resources." + kind);
            assertEquals(List.of("cpu", "memory"), resources.keySet().stream().sorted().toList(), kind + ": " + resources);
        }
        String memory = (String) DaemonSetManifest.get(manifest.container(), "resources.limits.memory");
        assertTrue(memory.matches("\\d+Mi"), "memory limit in Mi: " + memory);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> volume(String name) {
        return DaemonSetManifest.list(manifest.podSpec(), "volumes").stream().map(v -> (Map<String, Object>) v)
                .filter(v -> name.equals(v.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(DaemonSetManifest.FILE + ": no volume " + name));
    }
}
