package dev.ebpf4j.inspect;

import dev.ebpf4j.testing.TcpdumpCapture;

/**
 * The capture buffer the tests give tcpdump ({@code -B}, in KiB) where they run it themselves (to
 * a pcap file, say) rather than through {@link TcpdumpCapture}: the same 16 MiB, for the same
 * reason. Its default of 2 MiB filled on a loaded machine before tcpdump had printed what it held,
 * and a capture that lost packets is no exact oracle (the tests refuse it).
 */
public final class TcpdumpBuffer {
    /** {@code -B}'s argument. */
    public static final String KIB = TcpdumpCapture.BUFFER_KIB;

    private TcpdumpBuffer() {
    }
}
