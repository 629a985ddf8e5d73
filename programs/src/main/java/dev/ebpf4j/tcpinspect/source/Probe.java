package dev.ebpf4j.tcpinspect.source;

import dev.ebpf4j.links.Attachment;
import dev.ebpf4j.links.Direction;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.TcAttachment;
import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.programs.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A program of the TCP suite loaded and attached to one interface on behalf of the tool (a tc
 * program at ingress and egress, or an XDP program). {@link #close()} releases the program, its
 * maps and the attachments: an unpinned attachment is detached by it, a pinned one stays for
 * {@code tcpinspect stop}.
 */
public interface Probe extends AutoCloseable {
    /** The program's class name ({@code TrafficCounters}, ...): the directory its pins go to. */
    String program();

    /** The interface. */
    NetworkDevice networkDevice();

    /** The attachments on the interface, one per hook. */
    List<Attachment> attachments();

    /** The loaded object, for pinning its programs and maps. */
    LoadedObject object();

    @Override
    void close();

    /**
     * Attaches a loaded tc program pair at ingress and egress of {@code device}; if that fails,
     * detaches what was attached and runs {@code unload}, so that nothing of the probe stays.
     */
    static List<Attachment> attachAtTc(NetworkDevice device, Program ingress, Program egress, Runnable unload) {
        try {
            return attachEach(device,
                    d -> TcAttachment.attach(ingress, d, Direction.INGRESS),
                    d -> TcAttachment.attach(egress, d, Direction.EGRESS));
        } catch (RuntimeException e) {
            unload.run();
            throw e;
        }
    }

    /**
     * Attaches with each of {@code attach}, in order; if one fails, closes those attached before and
     * rethrows, so that a failed start leaves nothing on the interface.
     */
    @SafeVarargs
    static List<Attachment> attachEach(NetworkDevice device, Function<NetworkDevice, ? extends Attachment>... attach) {
        List<Attachment> attached = new ArrayList<>();
        try {
            for (Function<NetworkDevice, ? extends Attachment> one : attach) {
                attached.add(one.apply(device));
            }
            return List.copyOf(attached);
        } catch (RuntimeException e) {
            attached.reversed().forEach(Attachment::close);
            throw e;
        }
    }

    /** Closes {@code attachments} (last first), then {@code object}, even if a close fails. */
    static void release(List<Attachment> attachments, AutoCloseable object) {
        try {
            attachments.reversed().forEach(Attachment::close);
        } finally {
            try {
                object.close();
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }
    }
}
