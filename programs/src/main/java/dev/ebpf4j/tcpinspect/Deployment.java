package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.XdpLink;
import dev.ebpf4j.links.XdpOptions;
import dev.ebpf4j.tcpinspect.source.Probe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The programs one run of the tool attached, on all its interfaces. {@link #close()} is idempotent
 * and may come from the run's end or from the shutdown hook, whichever is first: unpinned
 * attachments are detached, persisted ones stay pinned.
 */
final class Deployment implements AutoCloseable {
    private final List<Probe> probes = new ArrayList<>();
    private boolean closed;

    /**
     * Attaches, with {@code attach}, one probe to each of {@code devices}; with {@code pins}, pins
     * each link, program and map. If a device fails, what was attached before it is released again.
     */
    <P extends Probe> List<P> attachAll(Preflight.Checked checked, BiFunction<NetworkDevice, XdpOptions, P> attach) {
        List<P> attached = new ArrayList<>();
        for (NetworkDevice device : checked.devices()) {
            P probe = attach.apply(device, checked.xdp());
            add(probe);
            attached.add(probe);
            if (checked.pins() != null) {
                persist(probe, checked.pins().device(device.name()));
            }
        }
        return attached;
    }

    private static void persist(Probe probe, Path dir) {
        if (!(probe.attachment() instanceof XdpLink link)) {
            throw new ToolFailure(ExitCode.INTERNAL, "--persist needs a BPF link, and this kernel attached " + probe.attachment()
                    + " over netlink; run without --persist");
        }
        try {
            Files.createDirectories(dir.getParent());
        } catch (IOException e) {
            throw new ToolFailure(ExitCode.NO_BPFFS, "--persist: cannot create " + dir.getParent() + ": " + e.getMessage(), e);
        }
        probe.object().pinAll(dir);
        link.pin(dir.resolve(PinLayout.LINK));
    }

    synchronized void add(Probe probe) {
        if (closed) {
            probe.close();
            throw new IllegalStateException("the run is over");
        }
        probes.add(probe);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        for (Probe probe : probes.reversed()) {
            try {
                probe.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
