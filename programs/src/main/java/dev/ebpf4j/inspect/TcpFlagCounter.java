package dev.ebpf4j.inspect;

import dev.ebpf4j.program.BpfProgram;
import dev.ebpf4j.program.Config;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.Xdp;
import dev.ebpf4j.program.maps.BpfPerCpuArray;
import dev.ebpf4j.program.maps.BpfPerCpuHashMap;
import dev.ebpf4j.program.maps.MapDef;
import dev.ebpf4j.program.net.Ethernet;
import dev.ebpf4j.program.net.Ipv4;
import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;

/**
 * Counts incoming TCP segments, over IPv4 and IPv6, by flag combination and by destination port,
 * and passes every frame on. Counters are per CPU: no atomics on the hot path, summed on read.
 * Counting by port is configuration ({@link #countPorts}): load with it off
 * ({@code TcpFlagCounterSkeleton.builder().countPorts(false).load()}) and the verifier drops the
 * port map's update from the program.
 */
@BpfProgram(license = "Dual MIT/GPL")
public final class TcpFlagCounter {
    /** Indexes of {@link #flagCounts}: the combination a segment's flags make. */
    public static final int SYN = 0, SYN_ACK = 1, ACK = 2, FIN = 3, RST = 4, OTHER = 5;
    /** The number of flag combinations counted. */
    public static final int COMBINATIONS = 6;

    /** Segments by flag combination ({@link #SYN} ... {@link #OTHER}). */
    @MapDef(maxEntries = COMBINATIONS)
    static final BpfPerCpuArray<Long> flagCounts = new BpfPerCpuArray<>();

    /** Segments by destination port. */
    @MapDef(maxEntries = 4096)
    static final BpfPerCpuHashMap<Integer, Long> portCounts = new BpfPerCpuHashMap<>();

    /** Whether segments are counted by destination port as well; set before load, a constant to the verifier. */
    @Config
    static boolean countPorts = true;

    private TcpFlagCounter() {
    }

    /** Counts the frame if it carries a TCP segment; passes it either way. */
    @Xdp
    public static XdpAction count(XdpContext ctx) {
        Ethernet ethernet = ctx.ethernet();
        if (ethernet == null) return XdpAction.PASS;
        Ipv4 ipv4 = ethernet.ipv4();
        if (ipv4 != null) {
            Tcp tcp = ipv4.tcp();
            if (tcp != null) record(tcp);
            return XdpAction.PASS;
        }
        Ipv6 ipv6 = ethernet.ipv6();
        if (ipv6 != null) {
            Tcp tcp = ipv6.tcp();
            if (tcp != null) record(tcp);
        }
        return XdpAction.PASS;
    }

    static void record(Tcp tcp) {
        flagCounts.increment(combination(tcp.flags()));
        if (countPorts) portCounts.increment(tcp.destinationPort());
    }

    /**
     * The combination a segment with {@code flags} counts as: RST wins over FIN, FIN over SYN; a
     * SYN with ACK is SYN_ACK; ACK alone (PSH or URG may be set) is ACK; anything else is OTHER.
     */
    public static int combination(int flags) {
        if ((flags & Tcp.RST) != 0) return RST;
        if ((flags & Tcp.FIN) != 0) return FIN;
        if ((flags & Tcp.SYN) != 0) return (flags & Tcp.ACK) != 0 ? SYN_ACK : SYN;
        if ((flags & Tcp.ACK) != 0) return ACK;
        return OTHER;
    }
}
