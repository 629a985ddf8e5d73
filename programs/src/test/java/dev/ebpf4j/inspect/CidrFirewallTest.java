package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.inspect.CidrFirewall.Rule;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.InMemoryMaps;
import dev.ebpf4j.program.net.FrameBuilder;
import java.net.InetAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CIDR firewall run on the JVM: the longest match of the two lists decides, ports limit rules, rules count. */
class CidrFirewallTest {
    @AfterEach
    void reset() {
        InMemoryMaps.clear(CidrFirewall.class);
    }

    private static XdpAction from(String source, int port) {
        InetAddress address = InetAddress.ofLiteral(source);
        InetAddress destination = InetAddress.ofLiteral(source.contains(":") ? "2001:db8::80" : "192.0.2.80");
        return CidrFirewall.filter(XdpContext.of(FrameBuilder.tcp(40000, port).addresses(address, destination).vlanTags(port % 3).build()));
    }

    private static void block4(int network, int length, int id, int port) {
        CidrFirewall.block4.put(network, length, new Rule(id, length, port));
    }

    private static void allow4(int network, int length, int id, int port) {
        CidrFirewall.allow4.put(network, length, new Rule(id, length, port));
    }

    @Test
    void theLongerMatchDecidesAndAllowWinsOnEqualLength() {
        block4(0x0a000000, 8, 1, CidrFirewall.ANY_PORT);        // 10/8 blocked
        allow4(0x0a010000, 16, 2, CidrFirewall.ANY_PORT);       // 10.1/16 allowed inside it
        block4(0x0a010200, 24, 3, CidrFirewall.ANY_PORT);       // 10.1.2/24 blocked inside that
        block4(0x0a050000, 16, 4, CidrFirewall.ANY_PORT);       // 10.5/16 blocked and allowed
        allow4(0x0a050000, 16, 5, CidrFirewall.ANY_PORT);

        assertEquals(XdpAction.DROP, from("10.9.9.9", 80));
        assertEquals(XdpAction.PASS, from("10.1.9.9", 80));
        assertEquals(XdpAction.DROP, from("10.1.2.9", 80));
        assertEquals(XdpAction.PASS, from("10.5.0.1", 80), "equal lengths: allow wins");
        assertEquals(XdpAction.PASS, from("192.168.0.1", 80), "no rule");

        assertEquals(1, CidrFirewall.ruleHits.sum(1));
        assertEquals(1, CidrFirewall.ruleHits.sum(2));
        assertEquals(1, CidrFirewall.ruleHits.sum(3));
        assertEquals(0, CidrFirewall.ruleHits.sum(4));
        assertEquals(1, CidrFirewall.ruleHits.sum(5));
        assertEquals(2, CidrFirewall.verdicts.sum(CidrFirewall.DROPPED));
        assertEquals(3, CidrFirewall.verdicts.sum(CidrFirewall.PASSED));
    }

    @Test
    void aRuleLimitedToAPortMatchesThatTcpDestinationPortOnly() {
        block4(0x0a000000, 8, 1, 22);
        assertEquals(XdpAction.DROP, from("10.0.0.1", 22));
        assertEquals(XdpAction.PASS, from("10.0.0.1", 80));
        assertEquals(XdpAction.PASS, CidrFirewall.filter(XdpContext.of(FrameBuilder.udp(40000, 22)
                .addresses(0x0a000001, 0xc0000250).build())), "a UDP datagram has no TCP port");
        assertEquals(1, CidrFirewall.ruleHits.sum(1));
    }

    @Test
    void ipv6PrefixesDecideAsIpv4Ones() {
        CidrFirewall.block6.put(new Ipv6Address(0x20010db8_00000000L, 0), 32, new Rule(7, 32, CidrFirewall.ANY_PORT));
        CidrFirewall.allow6.put(new Ipv6Address(0x20010db8_00010002L, 0), 64, new Rule(8, 64, 443));
        assertEquals(XdpAction.DROP, from("2001:db8:5::1", 80));
        assertEquals(XdpAction.PASS, from("2001:db8:1:2::1", 443));
        assertEquals(XdpAction.DROP, from("2001:db8:1:2::1", 80), "the allow rule is for 443 only");
        assertEquals(XdpAction.PASS, from("2001:db9::1", 80));
        assertEquals(2, CidrFirewall.ruleHits.sum(7));
        assertEquals(1, CidrFirewall.ruleHits.sum(8));
    }

    @Test
    void rulesChangeWhileTheProgramRuns() {
        block4(0x0a000000, 8, 1, CidrFirewall.ANY_PORT);
        assertEquals(XdpAction.DROP, from("10.0.0.1", 80));
        CidrFirewall.block4.remove(0x0a000000, 8);
        assertEquals(XdpAction.PASS, from("10.0.0.1", 80));
        allow4(0x0a000000, 8, 2, CidrFirewall.ANY_PORT);
        block4(0x0a000001, 32, 3, CidrFirewall.ANY_PORT);
        assertEquals(XdpAction.DROP, from("10.0.0.1", 80));
        assertEquals(XdpAction.PASS, from("10.0.0.2", 80));
    }
}
