package dev.ebpf4j.program;

import dev.ebpf4j.program.net.Ethernet;
import dev.ebpf4j.program.net.Frame;

/**
 * What an {@link Xdp} program sees: the received frame, from its first byte to its end.
 *
 * <p>In the kernel this is {@code struct xdp_md}; the compiler turns {@link #ethernet()} into a
 * load of {@code data} and {@code data_end} and the bounds check the verifier wants. On the JVM it
 * wraps a byte array: {@code XdpContext.of(frame)}.
 */
public final class XdpContext {
    private final Frame frame;
    private final int ingressInterface;
    private final int rxQueue;

    private XdpContext(Frame frame, int ingressInterface, int rxQueue) {
        this.frame = frame;
        this.ingressInterface = ingressInterface;
        this.rxQueue = rxQueue;
    }

    /** A context for running an entry method on the JVM over {@code frame} (not copied). */
    public static XdpContext of(byte[] frame) {
        return new XdpContext(new Frame(frame), 0, 0);
    }

    /** As {@link #of(byte[])}, arriving on interface {@code ifindex}, receive queue {@code rxQueue}. */
    public static XdpContext of(byte[] frame, int ifindex, int rxQueue) {
        return new XdpContext(new Frame(frame), ifindex, rxQueue);
    }

    /** The Ethernet header at the start of the frame, or {@code null} if the frame is shorter than one. */
    public Ethernet ethernet() {
        return Ethernet.at(frame);
    }

    /** The frame's length in bytes ({@code data_end - data}). */
    public int length() {
        return frame.length();
    }

    /** The index of the interface the frame arrived on ({@code ingress_ifindex}). */
    public int ingressInterface() {
        return ingressInterface;
    }

    /** The receive queue the frame arrived on ({@code rx_queue_index}). */
    public int rxQueue() {
        return rxQueue;
    }
}
