package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.testing.PrivateBpffs;
import dev.ebpf4j.testing.VethPair;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the real-traffic tests of a running guard or firewall stand on: a veth pair between two
 * namespaces of the test's own (traffic from the outer end, the tool on the inner one), a bpffs of
 * the test's own where the tool pins its maps, and the tool started in this JVM on the inner end.
 * Closing it removes the bpffs and the namespaces, whatever the test left running.
 */
final class ToolOnVeth implements AutoCloseable {
    final VethPair veth;
    final NetworkNamespace inner;
    /** The inner end, where the tool attaches. */
    final NetworkDevice device;
    /** The bpffs of the test's own. */
    final PrivateBpffs bpffs;
    /** Where the tool pins its maps, in {@link #bpffs}. */
    final String pins;

    private ToolOnVeth(VethPair veth, PrivateBpffs bpffs) {
        this.veth = veth;
        this.inner = new NetworkNamespace(veth.innerNamespace());
        this.device = NetworkDevice.named(veth.inner(), inner);
        this.bpffs = bpffs;
        this.pins = bpffs.dir().resolve("tcpinspect").toString();
    }

    /** Makes the namespaces, the veth and the bpffs, for a test class that says {@code @RequiresBpf}. */
    static ToolOnVeth create() throws Exception {
        VethPair veth = VethPair.create();
        try {
            return new ToolOnVeth(veth, PrivateBpffs.mount());
        } catch (Exception | Error e) {
            veth.close();
            throw e;
        }
    }

    /** A port free on the host, for {@code --prometheus 127.0.0.1:PORT}. */
    static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /**
     * {@code tcpinspect TOOL <inner end> --netns <inner> ARGS… --pin-dir <pins> --json --duration 60},
     * started in this JVM; returns once it has printed its first line (it has attached everything
     * then) and the inner end carries the one XDP program of the guard or firewall (a watch beside it
     * adds none).
     */
    ToolRuns.Running start(String tool, String... args) throws InterruptedException {
        List<String> all = new ArrayList<>(List.of(tool, veth.inner(), "--netns", inner.name()));
        all.addAll(List.of(args));
        all.addAll(List.of("--pin-dir", pins, "--json", "--duration", "60"));
        ToolRuns.Running run = ToolRuns.startInProcess(all.toArray(String[]::new));
        ToolRuns.awaitFirstLine(run, 20_000);
        ToolRuns.awaitXdp(device, 1, 0);
        return run;
    }

    /** {@code tcpinspect TOOL <inner end> --netns <inner> --pin-dir <pins> ARGS…}: a change to the running tool, through its pinned maps. */
    ToolRuns.Result change(String tool, String... args) {
        List<String> all = new ArrayList<>(List.of(tool, veth.inner(), "--netns", inner.name(), "--pin-dir", pins));
        all.addAll(List.of(args));
        return ToolRuns.inProcess(all.toArray(String[]::new));
    }

    /** Once the tool has ended: its XDP program is gone from the inner end (within 2 s), and so are the maps it pinned. */
    void assertDetachedAndUnpinned() throws Exception {
        ToolRuns.awaitXdp(device, 0, 2_000);
        try (Stream<?> left = Files.list(bpffs.dir())) {
            assertEquals(List.of(), left.toList(), "the maps pinned for the run are gone with it");
        }
    }

    @Override
    public void close() throws Exception {
        try {
            bpffs.close();
        } finally {
            veth.close();
        }
    }
}
