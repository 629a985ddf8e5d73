package dev.ebpf4j.inspect;

import dev.ebpf4j.program.BpfProgram;
import dev.ebpf4j.program.Xdp;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfLpmTrie;
import dev.ebpf4j.program.maps.BpfPerCpuArray;
import dev.ebpf4j.program.maps.BpfPerCpuHashMap;
import dev.ebpf4j.program.maps.MapDef;
import dev.ebpf4j.program.net.Ethernet;
import dev.ebpf4j.program.net.Ipv4;
import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;

/**
 * A firewall by source prefix at XDP, for IPv4 and IPv6: a blocklist and an allowlist of prefixes
 * in LPM tries, changed by user space while the program runs. Each list's longest prefix holding
 * the source is its match; the longer of the two matches decides, and the allowlist wins on equal
 * lengths (an allowed /32 inside a blocked /8 passes, a blocked /32 inside an allowed /8 is
 * dropped). A rule may be limited to one TCP destination port; a rule whose port is not the
 * packet's does not match (and a shorter prefix of the same list is not tried: a trie keeps one
 * rule per prefix). Every rule counts the packets it decided.
 */
@BpfProgram(license = "Dual MIT/GPL")
public final class CidrFirewall {
    /** Indexes of {@link #verdicts}. */
    public static final int PASSED = 0, DROPPED = 1;
    /** The port of a rule that holds for every packet. */
    public static final int ANY_PORT = 0;

    /**
     * A rule of a list, stored under its prefix.
     *
     * @param id           its number in {@link #ruleHits}
     * @param prefixLength the length of the prefix it is stored under (a trie lookup gives the value, not the length)
     * @param port         the TCP destination port it is limited to, or {@link #ANY_PORT}
     */
    public record Rule(int id, int prefixLength, int port) {
    }

    /** Blocked IPv4 prefixes. */
    @MapDef(maxEntries = 4096)
    static final BpfLpmTrie<Integer, Rule> block4 = new BpfLpmTrie<>();
    /** Allowed IPv4 prefixes. */
    @MapDef(maxEntries = 4096)
    static final BpfLpmTrie<Integer, Rule> allow4 = new BpfLpmTrie<>();
    /** Blocked IPv6 prefixes. */
    @MapDef(maxEntries = 4096)
    static final BpfLpmTrie<Ipv6Address, Rule> block6 = new BpfLpmTrie<>();
    /** Allowed IPv6 prefixes. */
    @MapDef(maxEntries = 4096)
    static final BpfLpmTrie<Ipv6Address, Rule> allow6 = new BpfLpmTrie<>();

    /** Packets decided by each rule, by rule id. */
    @MapDef(maxEntries = 16384)
    static final BpfPerCpuHashMap<Integer, Long> ruleHits = new BpfPerCpuHashMap<>();

    /** Packets passed and dropped. */
    @MapDef(maxEntries = 2)
    static final BpfPerCpuArray<Long> verdicts = new BpfPerCpuArray<>();

    private CidrFirewall() {
    }

    /** Drops a packet whose source the blocklist matches longer than the allowlist; passes the rest. */
    @Xdp
    public static XdpAction filter(XdpContext ctx) {
        Ethernet ethernet = ctx.ethernet();
        if (ethernet == null) return XdpAction.PASS;
        Ipv4 ipv4 = ethernet.ipv4();
        Ipv6 ipv6 = null;
        if (ipv4 == null) ipv6 = ethernet.ipv6();
        if (ipv4 == null && ipv6 == null) return XdpAction.PASS;
        int port = -1;
        Tcp tcp = Segments.tcp(ipv4, ipv6);
        if (tcp != null) port = tcp.destinationPort();

        int blockLength = -1;
        int blockId = 0;
        int allowLength = -1;
        int allowId = 0;
        if (ipv4 != null) {
            Rule block = block4.get(ipv4.source());
            if (block != null && applies(block, port)) {
                blockLength = block.prefixLength();
                blockId = block.id();
            }
            Rule allow = allow4.get(ipv4.source());
            if (allow != null && applies(allow, port)) {
                allowLength = allow.prefixLength();
                allowId = allow.id();
            }
        } else if (ipv6 != null) {
            Ipv6Address source = new Ipv6Address(ipv6.sourceHigh(), ipv6.sourceLow());
            Rule block = block6.get(source);
            if (block != null && applies(block, port)) {
                blockLength = block.prefixLength();
                blockId = block.id();
            }
            Rule allow = allow6.get(source);
            if (allow != null && applies(allow, port)) {
                allowLength = allow.prefixLength();
                allowId = allow.id();
            }
        }
        if (blockLength > allowLength) {
            ruleHits.increment(blockId);
            verdicts.increment(DROPPED);
            return XdpAction.DROP;
        }
        if (allowLength >= 0) ruleHits.increment(allowId);
        verdicts.increment(PASSED);
        return XdpAction.PASS;
    }

    static boolean applies(Rule rule, int port) {
        return rule.port() == ANY_PORT || rule.port() == port;
    }
}
