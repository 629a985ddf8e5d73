package dev.ebpf4j.inspect;

/**
 * The capture buffer the tests give tcpdump ({@code -B}, in KiB). Its default of 2 MiB filled on a
 * loaded machine before tcpdump had printed what it held, and a capture that lost packets is no
 * exact oracle (the tests refuse it); 16 MiB holds every burst the tests send.
 */
public final class TcpdumpBuffer {
    /** {@code -B}'s argument. */
    public static final String KIB = "16384";

    private TcpdumpBuffer() {
    }
}
