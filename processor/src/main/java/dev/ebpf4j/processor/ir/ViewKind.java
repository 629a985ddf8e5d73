package dev.ebpf4j.processor.ir;

/**
 * The packet header views of {@code dev.ebpf4j.program.net}. A value of a view type is a packet
 * pointer to the header's first byte whose fixed length ({@link #length()}) is known to fit in the
 * packet, or null. A view local may be declared or assigned the LONG {@link Expr.Constant} 0: null
 * (Java's {@code Tcp tcp = null;}).
 */
public enum ViewKind implements IrType {
    ETHERNET("Ethernet", 14),
    IPV4("Ipv4", 20),
    IPV6("Ipv6", 40),
    TCP("Tcp", 20),
    UDP("Udp", 8);

    private final String javaName;
    private final int length;

    ViewKind(String javaName, int length) {
        this.javaName = javaName;
        this.length = length;
    }

    /** The simple name of the Java class in {@code dev.ebpf4j.program.net}. */
    public String javaName() {
        return javaName;
    }

    /** The bytes known to fit from the view's start (IPv4 options are checked too, but vary). */
    public int length() {
        return length;
    }
}
