package dev.ebpf4j.program.net;

/**
 * An Ethernet II header (14 bytes): destination, source, EtherType; followed by up to two VLAN
 * tags (802.1Q {@code 0x8100}, 802.1ad {@code 0x88A8}) that {@link #ipv4()} and {@link #ipv6()}
 * step over.
 */
public final class Ethernet {
    /** The length of the header without VLAN tags. */
    public static final int LENGTH = 14;
    /** The EtherType of IPv4. */
    public static final int IPV4 = 0x0800;
    /** The EtherType of IPv6. */
    public static final int IPV6 = 0x86DD;
    /** The EtherType of an 802.1Q VLAN tag. */
    public static final int VLAN = 0x8100;
    /** The EtherType of an 802.1ad (QinQ) service VLAN tag. */
    public static final int QINQ = 0x88A8;
    /** How many VLAN tags the way to the network header steps over. */
    public static final int MAX_VLAN_TAGS = 2;

    private final Frame frame;

    private Ethernet(Frame frame) {
        this.frame = frame;
    }

    /** The header at the start of {@code frame}, or {@code null} if the frame is too short. */
    public static Ethernet at(Frame frame) {
        return frame.fits(0, LENGTH) ? new Ethernet(frame) : null;
    }

    /** The destination MAC address in its 48 low bits. */
    public long destination() {
        return frame.u48(0);
    }

    /** The source MAC address in its 48 low bits. */
    public long source() {
        return frame.u48(6);
    }

    /** The EtherType field of this header (a VLAN tag's type if the frame is tagged). */
    public int etherType() {
        return frame.u16(12);
    }

    /**
     * The IPv4 header after this one and up to two VLAN tags, or {@code null} unless the payload is
     * IPv4 (EtherType {@code 0x0800}, version 4, header length at least 20) and its whole header,
     * options included, fits in the frame.
     */
    public Ipv4 ipv4() {
        int offset = networkOffset(IPV4);
        return offset < 0 ? null : Ipv4.at(frame, offset);
    }

    /**
     * The IPv6 header after this one and up to two VLAN tags, or {@code null} unless the payload is
     * IPv6 (EtherType {@code 0x86DD}, version 6) and its 40 bytes fit in the frame.
     */
    public Ipv6 ipv6() {
        int offset = networkOffset(IPV6);
        return offset < 0 ? null : Ipv6.at(frame, offset);
    }

    /** The offset of the network header if its EtherType (after VLAN tags) is {@code wanted}, else -1. */
    private int networkOffset(int wanted) {
        int offset = LENGTH;
        int type = etherType();
        for (int tag = 0; tag < MAX_VLAN_TAGS; tag++) {
            if (type != VLAN && type != QINQ) break;
            if (!frame.fits(offset, 4)) return -1;
            type = frame.u16(offset + 2);
            offset += 4;
        }
        return type == wanted ? offset : -1;
    }
}
