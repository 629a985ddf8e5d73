package dev.ebpf4j.processor.c;

import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.net.Ethernet;
import dev.ebpf4j.program.net.Ipv4;
import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;
import dev.ebpf4j.program.net.Udp;

/** What {@link ConstructPrograms#views()} stores, computed by the program API's own classes on the JVM. */
final class JvmViews {
    private JvmViews() {
    }

    static long[] of(byte[] frame) {
        long[] out = new long[ConstructPrograms.RESULTS];
        XdpContext ctx = XdpContext.of(frame);
        out[ConstructPrograms.LENGTH] = ctx.length();
        Ethernet eth = ctx.ethernet();
        if (eth == null) return out;
        int present = 1;
        fill(out, "ETHERNET_", eth);
        Ipv4 ip4 = eth.ipv4();
        if (ip4 != null) {
            present |= 2;
            fill(out, "IPV4_", ip4);
            Tcp tcp = ip4.tcp();
            if (tcp != null) {
                present |= 8;
                fill(out, "TCP_", tcp);
            }
            Udp udp = ip4.udp();
            if (udp != null) {
                present |= 16;
                fill(out, "UDP_", udp);
            }
        }
        Ipv6 ip6 = eth.ipv6();
        if (ip6 != null) {
            present |= 4;
            fill(out, "IPV6_", ip6);
            Tcp tcp = ip6.tcp();
            if (tcp != null) {
                present |= 8;
                fill(out, "TCP_", tcp);
            }
            Udp udp = ip6.udp();
            if (udp != null) {
                present |= 16;
                fill(out, "UDP_", udp);
            }
        }
        out[ConstructPrograms.PRESENT] = present;
        return out;
    }

    private static void fill(long[] out, String prefix, Object view) {
        for (int slot = 0; slot < ConstructPrograms.VIEW_FIELDS.size(); slot++) {
            Intrinsic field = ConstructPrograms.VIEW_FIELDS.get(slot);
            if (field.name().startsWith(prefix)) out[slot] = value(field, view);
        }
    }

    private static long value(Intrinsic field, Object view) {
        return switch (view) {
            case Ethernet e -> switch (field) {
                case ETHERNET_DESTINATION -> e.destination();
                case ETHERNET_SOURCE -> e.source();
                case ETHERNET_ETHER_TYPE -> e.etherType();
                default -> throw new IllegalArgumentException(field.name());
            };
            case Ipv4 ip -> switch (field) {
                case IPV4_HEADER_LENGTH -> ip.headerLength();
                case IPV4_TOS -> ip.tos();
                case IPV4_TOTAL_LENGTH -> ip.totalLength();
                case IPV4_IDENTIFICATION -> ip.identification();
                case IPV4_DONT_FRAGMENT -> ip.dontFragment() ? 1 : 0;
                case IPV4_MORE_FRAGMENTS -> ip.moreFragments() ? 1 : 0;
                case IPV4_FRAGMENT_OFFSET -> ip.fragmentOffset();
                case IPV4_TTL -> ip.ttl();
                case IPV4_PROTOCOL -> ip.protocol();
                case IPV4_CHECKSUM -> ip.checksum();
                case IPV4_SOURCE -> ip.source();
                case IPV4_DESTINATION -> ip.destination();
                default -> throw new IllegalArgumentException(field.name());
            };
            case Ipv6 ip -> switch (field) {
                case IPV6_TRAFFIC_CLASS -> ip.trafficClass();
                case IPV6_FLOW_LABEL -> ip.flowLabel();
                case IPV6_PAYLOAD_LENGTH -> ip.payloadLength();
                case IPV6_NEXT_HEADER -> ip.nextHeader();
                case IPV6_HOP_LIMIT -> ip.hopLimit();
                case IPV6_SOURCE_HIGH -> ip.sourceHigh();
                case IPV6_SOURCE_LOW -> ip.sourceLow();
                case IPV6_DESTINATION_HIGH -> ip.destinationHigh();
                case IPV6_DESTINATION_LOW -> ip.destinationLow();
                default -> throw new IllegalArgumentException(field.name());
            };
            case Tcp t -> switch (field) {
                case TCP_SOURCE_PORT -> t.sourcePort();
                case TCP_DESTINATION_PORT -> t.destinationPort();
                case TCP_SEQUENCE_NUMBER -> t.sequenceNumber();
                case TCP_ACKNOWLEDGMENT_NUMBER -> t.acknowledgmentNumber();
                case TCP_HEADER_LENGTH -> t.headerLength();
                case TCP_FLAGS -> t.flags();
                case TCP_SYN -> t.syn() ? 1 : 0;
                case TCP_ACK -> t.ack() ? 1 : 0;
                case TCP_FIN -> t.fin() ? 1 : 0;
                case TCP_RST -> t.rst() ? 1 : 0;
                case TCP_PSH -> t.psh() ? 1 : 0;
                case TCP_URG -> t.urg() ? 1 : 0;
                case TCP_WINDOW -> t.window();
                case TCP_CHECKSUM -> t.checksum();
                case TCP_URGENT_POINTER -> t.urgentPointer();
                default -> throw new IllegalArgumentException(field.name());
            };
            case Udp u -> switch (field) {
                case UDP_SOURCE_PORT -> u.sourcePort();
                case UDP_DESTINATION_PORT -> u.destinationPort();
                case UDP_LENGTH -> u.length();
                case UDP_CHECKSUM -> u.checksum();
                default -> throw new IllegalArgumentException(field.name());
            };
            default -> throw new IllegalArgumentException(view.toString());
        };
    }
}
