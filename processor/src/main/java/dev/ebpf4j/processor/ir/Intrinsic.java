package dev.ebpf4j.processor.ir;

/**
 * The methods of the program API (and a few of the JDK) that compile to fixed instruction
 * sequences rather than calls: context and view accessors, helpers, byte order. Each names its
 * Java owner and method, its result type and its arity (the receiver counts as the first
 * argument). The semantics of each is its Java method's (see {@code dev.ebpf4j.program}); the
 * back ends implement every one.
 */
public enum Intrinsic {
    // contexts
    XDP_ETHERNET("XdpContext", "ethernet", ViewKind.ETHERNET, 1),
    XDP_LENGTH("XdpContext", "length", Prim.INT, 1),
    XDP_INGRESS_INTERFACE("XdpContext", "ingressInterface", Prim.INT, 1),
    XDP_RX_QUEUE("XdpContext", "rxQueue", Prim.INT, 1),
    TC_ETHERNET("TcContext", "ethernet", ViewKind.ETHERNET, 1),
    TC_LENGTH("TcContext", "length", Prim.INT, 1),
    TC_MARK("TcContext", "mark", Prim.INT, 1),
    TC_VLAN_PRESENT("TcContext", "vlanPresent", Prim.BOOLEAN, 1),
    SOCKET_LENGTH("SocketContext", "length", Prim.INT, 1),

    // Ethernet
    ETHERNET_DESTINATION("Ethernet", "destination", Prim.LONG, 1),
    ETHERNET_SOURCE("Ethernet", "source", Prim.LONG, 1),
    ETHERNET_ETHER_TYPE("Ethernet", "etherType", Prim.INT, 1),
    ETHERNET_IPV4("Ethernet", "ipv4", ViewKind.IPV4, 1),
    ETHERNET_IPV6("Ethernet", "ipv6", ViewKind.IPV6, 1),

    // IPv4
    IPV4_HEADER_LENGTH("Ipv4", "headerLength", Prim.INT, 1),
    IPV4_TOS("Ipv4", "tos", Prim.INT, 1),
    IPV4_TOTAL_LENGTH("Ipv4", "totalLength", Prim.INT, 1),
    IPV4_IDENTIFICATION("Ipv4", "identification", Prim.INT, 1),
    IPV4_DONT_FRAGMENT("Ipv4", "dontFragment", Prim.BOOLEAN, 1),
    IPV4_MORE_FRAGMENTS("Ipv4", "moreFragments", Prim.BOOLEAN, 1),
    IPV4_FRAGMENT_OFFSET("Ipv4", "fragmentOffset", Prim.INT, 1),
    IPV4_TTL("Ipv4", "ttl", Prim.INT, 1),
    IPV4_PROTOCOL("Ipv4", "protocol", Prim.INT, 1),
    IPV4_CHECKSUM("Ipv4", "checksum", Prim.INT, 1),
    IPV4_SOURCE("Ipv4", "source", Prim.INT, 1),
    IPV4_DESTINATION("Ipv4", "destination", Prim.INT, 1),
    IPV4_TCP("Ipv4", "tcp", ViewKind.TCP, 1),
    IPV4_UDP("Ipv4", "udp", ViewKind.UDP, 1),

    // IPv6
    IPV6_TRAFFIC_CLASS("Ipv6", "trafficClass", Prim.INT, 1),
    IPV6_FLOW_LABEL("Ipv6", "flowLabel", Prim.INT, 1),
    IPV6_PAYLOAD_LENGTH("Ipv6", "payloadLength", Prim.INT, 1),
    IPV6_NEXT_HEADER("Ipv6", "nextHeader", Prim.INT, 1),
    IPV6_HOP_LIMIT("Ipv6", "hopLimit", Prim.INT, 1),
    IPV6_SOURCE_HIGH("Ipv6", "sourceHigh", Prim.LONG, 1),
    IPV6_SOURCE_LOW("Ipv6", "sourceLow", Prim.LONG, 1),
    IPV6_DESTINATION_HIGH("Ipv6", "destinationHigh", Prim.LONG, 1),
    IPV6_DESTINATION_LOW("Ipv6", "destinationLow", Prim.LONG, 1),
    IPV6_TCP("Ipv6", "tcp", ViewKind.TCP, 1),
    IPV6_UDP("Ipv6", "udp", ViewKind.UDP, 1),

    // TCP
    TCP_SOURCE_PORT("Tcp", "sourcePort", Prim.INT, 1),
    TCP_DESTINATION_PORT("Tcp", "destinationPort", Prim.INT, 1),
    TCP_SEQUENCE_NUMBER("Tcp", "sequenceNumber", Prim.LONG, 1),
    TCP_ACKNOWLEDGMENT_NUMBER("Tcp", "acknowledgmentNumber", Prim.LONG, 1),
    TCP_HEADER_LENGTH("Tcp", "headerLength", Prim.INT, 1),
    TCP_FLAGS("Tcp", "flags", Prim.INT, 1),
    TCP_SYN("Tcp", "syn", Prim.BOOLEAN, 1),
    TCP_ACK("Tcp", "ack", Prim.BOOLEAN, 1),
    TCP_FIN("Tcp", "fin", Prim.BOOLEAN, 1),
    TCP_RST("Tcp", "rst", Prim.BOOLEAN, 1),
    TCP_PSH("Tcp", "psh", Prim.BOOLEAN, 1),
    TCP_URG("Tcp", "urg", Prim.BOOLEAN, 1),
    TCP_WINDOW("Tcp", "window", Prim.INT, 1),
    TCP_CHECKSUM("Tcp", "checksum", Prim.INT, 1),
    TCP_URGENT_POINTER("Tcp", "urgentPointer", Prim.INT, 1),
    /** The TCP options: one bounded walk of the options for each (see {@code Tcp}'s class comment). */
    TCP_MSS("Tcp", "mss", Prim.INT, 1),
    TCP_WINDOW_SCALE("Tcp", "windowScale", Prim.INT, 1),
    TCP_SACK_PERMITTED("Tcp", "sackPermitted", Prim.BOOLEAN, 1),
    TCP_TIMESTAMP_VALUE("Tcp", "timestampValue", Prim.LONG, 1),
    TCP_TIMESTAMP_ECHO("Tcp", "timestampEcho", Prim.LONG, 1),

    // UDP
    UDP_SOURCE_PORT("Udp", "sourcePort", Prim.INT, 1),
    UDP_DESTINATION_PORT("Udp", "destinationPort", Prim.INT, 1),
    UDP_LENGTH("Udp", "length", Prim.INT, 1),
    UDP_CHECKSUM("Udp", "checksum", Prim.INT, 1),

    // helpers
    NANO_TIME("Bpf", "nanoTime", Prim.LONG, 0),
    RANDOM("Bpf", "random", Prim.INT, 0),
    CPU("Bpf", "cpu", Prim.INT, 0),

    // the JDK's byte order and unsigned helpers
    REVERSE_BYTES_SHORT("Short", "reverseBytes", Prim.SHORT, 1),
    REVERSE_BYTES_CHAR("Character", "reverseBytes", Prim.CHAR, 1),
    REVERSE_BYTES_INT("Integer", "reverseBytes", Prim.INT, 1),
    REVERSE_BYTES_LONG("Long", "reverseBytes", Prim.LONG, 1),
    INT_TO_UNSIGNED_LONG("Integer", "toUnsignedLong", Prim.LONG, 1),
    INT_COMPARE_UNSIGNED("Integer", "compareUnsigned", Prim.INT, 2),
    LONG_COMPARE_UNSIGNED("Long", "compareUnsigned", Prim.INT, 2);

    private final String owner;
    private final String method;
    private final IrType type;
    private final int arity;

    Intrinsic(String owner, String method, IrType type, int arity) {
        this.owner = owner;
        this.method = method;
        this.type = type;
        this.arity = arity;
    }

    /** The simple name of the Java class that declares the method. */
    public String owner() {
        return owner;
    }

    /** The Java method's name. */
    public String method() {
        return method;
    }

    /** The type of the value. */
    public IrType type() {
        return type;
    }

    /** The number of arguments, the receiver first for instance methods. */
    public int arity() {
        return arity;
    }

    /** The intrinsic for {@code owner.method} with {@code arity} arguments, or null. */
    public static Intrinsic find(String owner, String method, int arity) {
        for (Intrinsic intrinsic : values()) {
            if (intrinsic.owner.equals(owner) && intrinsic.method.equals(method) && intrinsic.arity == arity) {
                return intrinsic;
            }
        }
        return null;
    }
}
