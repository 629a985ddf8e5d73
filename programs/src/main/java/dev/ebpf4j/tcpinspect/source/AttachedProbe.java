package dev.ebpf4j.tcpinspect.source;

import dev.ebpf4j.links.Attachment;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.loader.LoadedObject;
import java.util.List;

/**
 * What every probe holds and how it lets go: the program's name, the interface, the attachments on
 * it and the loaded object (its skeleton's), released together by {@link #close()}. A probe adds
 * only what it reads from its program's maps.
 */
abstract class AttachedProbe implements Probe {
    private final String program;
    private final NetworkDevice device;
    private final LoadedObject object;
    private final AutoCloseable unload;
    private final List<Attachment> attachments;

    /**
     * @param program     the program's class name
     * @param object      the loaded object, which {@code unload} (its skeleton) closes
     * @param attachments the attachments on {@code device}, already made
     */
    AttachedProbe(String program, NetworkDevice device, LoadedObject object, AutoCloseable unload, List<Attachment> attachments) {
        this.program = program;
        this.device = device;
        this.object = object;
        this.unload = unload;
        this.attachments = List.copyOf(attachments);
    }

    /** The interface's name. */
    public final String device() {
        return device.name();
    }

    @Override
    public final String program() {
        return program;
    }

    @Override
    public final NetworkDevice networkDevice() {
        return device;
    }

    @Override
    public final List<Attachment> attachments() {
        return attachments;
    }

    @Override
    public final LoadedObject object() {
        return object;
    }

    @Override
    public final void close() {
        Probe.release(attachments, unload);
    }
}
