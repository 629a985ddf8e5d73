package dev.ebpf4j.processor.frontend;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The null-state flow analysis: the checks a program writes make views and map values usable. */
class NullFlowTest {
    private static final String MEMBERS = "@MapDef(maxEntries = 4) static final BpfHashMap<Integer, Long> m = new BpfHashMap<>();"
            + " static int type(Ethernet e) { return e.etherType(); }"
            + " static int both(Ethernet e, boolean found) { return found ? e.etherType() : 0; }";

    @ParameterizedTest
    @ValueSource(strings = {
            "Ethernet eth = ctx.ethernet(); if (eth == null) return XdpAction.PASS; int t = eth.etherType(); return XdpAction.PASS;",
            "Ethernet eth = ctx.ethernet(); if (eth != null) { int t = eth.etherType(); } return XdpAction.PASS;",
            "Ethernet eth = ctx.ethernet(); if (eth != null && eth.etherType() == 0x800) return XdpAction.DROP; return XdpAction.PASS;",
            "Ethernet eth = ctx.ethernet(); if (eth == null || eth.etherType() != 0x800) return XdpAction.PASS; Ipv4 ip = eth.ipv4(); return XdpAction.PASS;",
            "Ethernet eth = ctx.ethernet(); if (!(eth != null)) return XdpAction.PASS; int t = eth.etherType(); return XdpAction.PASS;",
            "Ethernet eth = ctx.ethernet(); int x; if (eth == null) { return XdpAction.PASS; } else { x = 1; } int t = eth.etherType(); return XdpAction.PASS;",
            "Ethernet eth = ctx.ethernet(); int t = eth != null ? eth.etherType() : 0; return XdpAction.PASS;",
            "Ethernet eth = ctx.ethernet(); if (eth == null) return XdpAction.PASS; Ethernet same = eth; int t = same.etherType(); return XdpAction.PASS;",
            "Ethernet eth = ctx.ethernet(); if (eth == null) return XdpAction.PASS; int t = type(eth); return XdpAction.PASS;",
            "Ethernet eth = ctx.ethernet(); for (int i = 0; i < 4 && eth != null && eth.etherType() > 5; i++) { } return XdpAction.PASS;",
            "Ethernet eth = ctx.ethernet(); a: { if (eth == null) break a; int t = eth.etherType(); } return XdpAction.PASS;",
            "Long v = m.get(1); if (v == null) return XdpAction.PASS; long x = v + 1; return XdpAction.PASS;",
            "Long v = m.get(1); if (v != null) m.put(2, v + 1); return XdpAction.PASS;",
            "Long v = m.get(1); if (v == null) v = 0L; long x = v; return XdpAction.PASS;",
            "Long v = m.get(1); long x = v != null ? v : 0; return XdpAction.PASS;",
            "if (m.get(3) != null) return XdpAction.DROP; return XdpAction.PASS;",
            "Ethernet eth = ctx.ethernet(); if (eth == null) return XdpAction.PASS; int t = both(eth, m.containsKey(1)); return XdpAction.PASS;",
            "Ethernet eth = ctx.ethernet(); if (eth == null || !m.containsKey(eth.etherType())) return XdpAction.PASS; Ipv4 ip = eth.ipv4(); return XdpAction.PASS;",
            "Ethernet eth = ctx.ethernet(); if (eth != null && m.containsKey(eth.etherType())) { Ipv4 ip = eth.ipv4(); } return XdpAction.PASS;",
    })
    void accepted(String body) {
        Compiler.xdp(MEMBERS, body).unit();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
            "Ethernet eth = ctx.ethernet(); if (eth != null) { } int t = eth.etherType(); return XdpAction.PASS; # 9 # 61 # 'eth' may be null",
            "Ethernet eth = ctx.ethernet(); if (eth != null || ctx.length() > 3) { int t = eth.etherType(); } return XdpAction.PASS; # 9 # 79 # 'eth' may be null",
            "Ethernet eth = ctx.ethernet(); if (eth == null) return XdpAction.PASS; for (int i = 0; i < 2; i++) { int t = eth.etherType(); eth = ctx.ethernet(); } return XdpAction.PASS; # 9 # 110 # 'eth' may be null",
            "Ethernet eth = ctx.ethernet(); if (eth == null) return XdpAction.PASS; eth = ctx.ethernet(); int t = eth.etherType(); return XdpAction.PASS; # 9 # 102 # 'eth' may be null",
            "Ethernet eth = ctx.ethernet(); int t = type(eth); return XdpAction.PASS; # 7 # 125 # 'e' may be null",
            "Long v = m.get(1); if (v == null) { v = m.get(2); } long x = v; return XdpAction.PASS; # 9 # 62 # 'v' may be null",
            "Ethernet eth = ctx.ethernet(); a: { if (eth != null) break a; int t = 1; } int t = eth.etherType(); return XdpAction.PASS; # 9 # 84 # 'eth' may be null",
    })
    void rejected(String body, long line, long column, String message) {
        Compiler.xdp(MEMBERS, body).assertError(line, column, message);
    }
}
