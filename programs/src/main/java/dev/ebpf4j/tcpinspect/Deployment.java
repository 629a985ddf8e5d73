package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.links.Attachment;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.TcxLink;
import dev.ebpf4j.links.XdpLink;
import dev.ebpf4j.loader.LoadException;
import dev.ebpf4j.tcpinspect.source.Probe;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The programs one run of the tool attached, on all its interfaces, and what it pinned.
 * {@link #close()} is idempotent and may come from the run's end or from the shutdown hook,
 * whichever is first: unpinned attachments are detached and the maps pinned for the run's own sake
 * are unpinned; with {@code --persist} everything stays pinned.
 */
final class Deployment implements AutoCloseable {
    private final List<Probe> probes = new ArrayList<>();
    private final List<PinLayout.RunPins> runPins = new ArrayList<>();
    private final PrintWriter err;
    private boolean closed;

    Deployment(PrintWriter err) {
        this.err = err;
    }

    /**
     * Attaches, with {@code attach}, one probe to each of {@code devices}. With {@code --persist},
     * pins each probe's links, programs and maps; else, if {@code pinMaps}, pins its programs and
     * maps for the run's time, so that another {@code tcpinspect} can change them (the firewall's
     * rules). If a device fails, what was attached before stays in this deployment and is released
     * with it.
     */
    <P extends Probe> List<P> attachAll(Preflight.Checked checked, Function<NetworkDevice, P> attach, boolean pinMaps) {
        List<P> attached = new ArrayList<>();
        for (NetworkDevice device : checked.devices()) {
            P probe = attach.apply(device);
            add(probe);
            attached.add(probe);
            Path dir = checked.pins().program(device.name(), probe.program());
            if (checked.persist()) {
                persist(probe, dir);
            } else if (pinMaps) {
                pinForTheRun(probe, checked.pins(), dir);
            }
        }
        return attached;
    }

    private static void persist(Probe probe, Path dir) {
        for (Attachment attachment : probe.attachments()) {
            if (!(attachment instanceof XdpLink) && !(attachment instanceof TcxLink)) {
                throw new ToolFailure(ExitCode.INTERNAL, "--persist needs BPF links, and this kernel attached " + attachment
                        + " over netlink; run without --persist");
            }
        }
        probe.object().pinAll(dir);
        for (Attachment attachment : probe.attachments()) {
            switch (attachment) {
                case XdpLink link -> link.pin(dir.resolve(PinLayout.XDP_LINK));
                case TcxLink link -> link.pin(dir.resolve(PinLayout.TC_LINK_PREFIX + link.direction().name().toLowerCase(Locale.ROOT)));
                default -> throw new IllegalStateException("checked above: " + attachment);
            }
        }
    }

    private synchronized void pinForTheRun(Probe probe, PinLayout pins, Path dir) {
        try {
            PinLayout.RunPins pinned = pins.pinForTheRun(probe.object(), dir);
            runPins.add(pinned);
            err.println("tcpinspect: " + probe.program() + " on " + probe.networkDevice().name() + ": maps pinned under " + dir.resolve("maps")
                    + " while it runs");
        } catch (LoadException | ToolFailure e) {
            err.println("tcpinspect: " + probe.program() + " on " + probe.networkDevice().name() + " runs without pinned maps, so its rules"
                    + " cannot be changed while it runs: " + e.getMessage() + " (choose a directory on a bpffs with --pin-dir)");
        }
        err.flush();
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
        for (PinLayout.RunPins pins : runPins.reversed()) {
            try {
                pins.remove();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
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
