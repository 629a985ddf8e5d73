package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ebpf4j.program.JvmEnvironment;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.InMemoryMaps;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.program.net.Tcp;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SYN guard run on the JVM, on a clock the test moves: each source's bucket, the allowlist, the counters. */
class SynGuardTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @BeforeEach
    void clock() {
        JvmEnvironment.current().clock(now::get);
    }

    @AfterEach
    void reset() {
        InMemoryMaps.clear(SynGuard.class);
        JvmEnvironment.current().clock(System::nanoTime);
    }

    private static void configure(long rate, long burst) {
        SynGuard.config.put(SynGuard.RATE, rate);
        SynGuard.config.put(SynGuard.BURST, burst);
    }

    private static XdpAction guard(FrameBuilder frame) {
        return SynGuard.guard(XdpContext.of(frame.build()));
    }

    private static FrameBuilder syn(String source) {
        return FrameBuilder.tcp(40000, 80).flags(Tcp.SYN).addresses(InetAddress.ofLiteral(source),
                InetAddress.ofLiteral(source.contains(":") ? "2001:db8::80" : "10.9.9.9"));
    }

    @Test
    void eachSourceHasItsBurstAndTheSynsOverItAreDroppedAndCounted() {
        configure(0, 3);
        for (int i = 0; i < 3; i++) assertEquals(XdpAction.PASS, guard(syn("10.0.0.1")), "SYN " + i);
        assertEquals(XdpAction.DROP, guard(syn("10.0.0.1")));
        assertEquals(XdpAction.DROP, guard(syn("10.0.0.1").vlanTags(2)));
        assertEquals(XdpAction.PASS, guard(syn("10.0.0.2")), "another source has its own bucket");

        assertEquals(4, SynGuard.synCounts.sum(SynGuard.PASSED));
        assertEquals(2, SynGuard.synCounts.sum(SynGuard.DROPPED));
        assertEquals(2L, SynGuard.overLimit.get(new SynGuard.Source(0, Segments.mapped(0x0a000001))));
        assertNull(SynGuard.overLimit.get(new SynGuard.Source(0, Segments.mapped(0x0a000002))));
    }

    @Test
    void onlySynsWithoutAckAreLimited() {
        configure(0, 1);
        assertEquals(XdpAction.PASS, guard(syn("10.0.0.1")));
        assertEquals(XdpAction.PASS, guard(syn("10.0.0.1").flags(Tcp.SYN | Tcp.ACK)));
        assertEquals(XdpAction.PASS, guard(syn("10.0.0.1").flags(Tcp.ACK)));
        assertEquals(XdpAction.PASS, guard(FrameBuilder.udp(53, 53)));
        assertEquals(XdpAction.DROP, guard(syn("10.0.0.1")));
        assertEquals(1, SynGuard.synCounts.sum(SynGuard.PASSED));
    }

    @Test
    void ipv6SourcesAreLimitedByTheirSlash64() {
        configure(0, 2);
        assertEquals(XdpAction.PASS, guard(syn("2001:db8:1:2::1")));
        assertEquals(XdpAction.PASS, guard(syn("2001:db8:1:2:ffff::9").vlanTags(1)));
        assertEquals(XdpAction.DROP, guard(syn("2001:db8:1:2::3")), "the same /64: the same bucket");
        assertEquals(XdpAction.PASS, guard(syn("2001:db8:1:3::1")), "the next /64");
        assertEquals(1L, SynGuard.overLimit.get(new SynGuard.Source(0x20010db800010002L, 0)));
    }

    @Test
    void theIpv6PrefixChosenAtLoadDecidesWhichSourcesShareABucket() {
        configure(0, 1);
        SynGuard.ipv6SourcePrefix = 48;
        assertEquals(XdpAction.PASS, guard(syn("2001:db8:1:2::1")));
        assertEquals(XdpAction.DROP, guard(syn("2001:db8:1:3::1")), "the same /48");
        assertEquals(XdpAction.PASS, guard(syn("2001:db8:2::1")), "the next /48");
        assertEquals(1L, SynGuard.overLimit.get(new SynGuard.Source(0x20010db800010000L, 0)));
        SynGuard.ipv6SourcePrefix = 128;
        assertEquals(XdpAction.PASS, guard(syn("2001:db8:9::1")));
        assertEquals(XdpAction.PASS, guard(syn("2001:db8:9::2")), "each address its own bucket");
        assertEquals(XdpAction.DROP, guard(syn("2001:db8:9::2")));
        SynGuard.ipv6SourcePrefix = 120;
        assertEquals(XdpAction.PASS, guard(syn("2001:db8:a::1")));
        assertEquals(XdpAction.DROP, guard(syn("2001:db8:a::ff")), "the same /120");
        assertEquals(1L, SynGuard.overLimit.get(new SynGuard.Source(0x20010db8000a0000L, 0)));
        InMemoryMaps.clear(SynGuard.class);
        assertEquals(64, SynGuard.ipv6SourcePrefix, "clearing puts the configuration back");
    }

    @Test
    void allowlistedPrefixesAreNeverLimited() {
        configure(0, 1);
        SynGuard.allow4.put(0x0a010000, 16, (byte) 1);
        SynGuard.allow6.put(new Ipv6Address(0x20010db8_00aa0000L, 0), 32, (byte) 1);
        for (int i = 0; i < 5; i++) {
            assertEquals(XdpAction.PASS, guard(syn("10.1.2.3")));
            assertEquals(XdpAction.PASS, guard(syn("2001:db8:aa::7")));
        }
        assertEquals(XdpAction.PASS, guard(syn("10.2.0.1")));
        assertEquals(XdpAction.DROP, guard(syn("10.2.0.1")), "outside the allowlisted /16");
        assertEquals(10, SynGuard.synCounts.sum(SynGuard.ALLOWLISTED));
        assertEquals(1, SynGuard.synCounts.sum(SynGuard.PASSED));
        assertEquals(1, SynGuard.synCounts.sum(SynGuard.DROPPED));
    }

    @Test
    void bucketsRefillAtTheRateUpToTheBurst() {
        configure(10, 1); // 10 SYNs a second: one every 100 ms
        assertEquals(XdpAction.PASS, guard(syn("10.0.0.1")));
        now.addAndGet(50_000_000L);
        assertEquals(XdpAction.DROP, guard(syn("10.0.0.1")), "half a token after 50 ms");
        now.addAndGet(50_000_000L);
        assertEquals(XdpAction.PASS, guard(syn("10.0.0.1")), "a whole token after 100 ms");
        now.addAndGet(3_600_000_000_000L);
        assertEquals(XdpAction.PASS, guard(syn("10.0.0.1")), "an hour later: full, at most the burst");
        assertEquals(XdpAction.DROP, guard(syn("10.0.0.1")));
    }

    @Test
    void anUnsetConfigurationTakesTheDefaults() {
        for (int i = 0; i < SynGuard.DEFAULT_BURST; i++) assertEquals(XdpAction.PASS, guard(syn("10.0.0.1")));
        assertEquals(XdpAction.DROP, guard(syn("10.0.0.1")));
    }

    @Test
    void refillNeverOverflowsNorGoesBackwards() {
        long capacity = 1_000 * SynGuard.TOKEN;
        assertEquals(capacity, SynGuard.refill(0, Long.MAX_VALUE, 1_000_000, capacity));
        assertEquals(5, SynGuard.refill(5, -100, 1_000_000, capacity), "a clock read earlier on another CPU");
        assertEquals(5 + 30, SynGuard.refill(5, 3, 10, capacity));
        assertEquals(capacity, SynGuard.refill(capacity - 1, 1, 7, capacity));
    }
}
