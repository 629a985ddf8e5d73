package dev.ebpf4j.processor.frontend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Views set to null (the pointer 0) and assigned on some paths: usable where a check proves them non-null. Bodies start on line 9. */
class NullViewTest {
    private static final String MEMBERS = "static Ipv4 ip(XdpContext ctx) { Ethernet e = ctx.ethernet(); if (e == null) return null; return e.ipv4(); }"
            + " static int type(Ethernet e) { return e == null ? 0 : e.etherType(); }";

    @Test
    void nullIsTheLongZeroAssignedToTheViewLocal() {
        String ir = Compiler.xdp(MEMBERS, """
                Ethernet eth = ctx.ethernet();
                Ipv4 ip = null;
                if (eth != null) ip = eth.ipv4();
                return ip != null && ip.ttl() > 3 ? XdpAction.DROP : XdpAction.PASS;""").ir("run");
        assertTrue(ir.contains("Ipv4 ip = 0L"), ir);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Ethernet eth = ctx.ethernet(); Ipv4 ip = null; if (eth != null) ip = eth.ipv4(); if (ip != null) { int t = ip.ttl(); } return XdpAction.PASS;",
            "Tcp t = null; Ethernet eth = ctx.ethernet(); if (eth != null) { Ipv4 v4 = eth.ipv4(); if (v4 != null) t = v4.tcp(); else { Ipv6 v6 = eth.ipv6(); if (v6 != null) t = v6.tcp(); } } if (t == null) return XdpAction.PASS; int p = t.destinationPort(); return XdpAction.PASS;",
            "Ethernet eth = ctx.ethernet(); Ipv4 ip = eth != null ? eth.ipv4() : null; return ip != null && ip.ttl() > 3 ? XdpAction.DROP : XdpAction.PASS;",
            "Ipv4 ip = ip(ctx); if (ip == null) return XdpAction.PASS; int t = ip.ttl(); return XdpAction.PASS;",
            "Ethernet eth = ctx.ethernet(); if (eth != null) eth = null; return eth == null ? XdpAction.PASS : XdpAction.DROP;",
    })
    void accepted(String body) {
        Compiler.xdp(MEMBERS, body).unit();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
            "Ethernet eth = ctx.ethernet(); Ipv4 ip = null; if (eth != null) ip = eth.ipv4(); int t = ip.ttl(); return XdpAction.PASS; # 9 # 90 # 'ip' may be null",
            "Ethernet eth = ctx.ethernet(); if (eth == null) return XdpAction.PASS; eth = null; int t = eth.etherType(); return XdpAction.PASS; # 9 # 92 # 'eth' may be null",
            "int x = type(null); return XdpAction.PASS; # 9 # 14 # null is only allowed in comparisons with views and map values",
    })
    void rejected(String body, long line, long column, String message) {
        Compiler.xdp(MEMBERS, body).assertError(line, column, message);
    }
}
