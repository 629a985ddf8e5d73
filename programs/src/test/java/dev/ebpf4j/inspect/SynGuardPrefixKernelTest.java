package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.program.net.Tcp;
import dev.ebpf4j.testing.RequiresBpf;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The guard's IPv6 source prefix chosen at load through the skeleton's builder, in the kernel's
 * test runs: with /48 two /64s of one site share a bucket, by default they do not; the sources over
 * the limit are listed by their prefix.
 */
@RequiresBpf
class SynGuardPrefixKernelTest {
    private static byte[] syn(String source) {
        return FrameBuilder.tcp(40000, 80).flags(Tcp.SYN).addresses(InetAddress.ofLiteral(source), InetAddress.ofLiteral("2001:db8::80")).build();
    }

    private static List<Integer> verdicts(SynGuardSkeleton guard, String... sources) {
        guard.config().put(SynGuard.RATE, 0L); // no refill: one SYN a bucket, whatever the timing
        guard.config().put(SynGuard.BURST, 1L);
        return java.util.Arrays.stream(sources).map(source -> guard.guard().testRun(syn(source), 1).retval()).toList();
    }

    @Test
    void aSlash48SharesOneBucketAcrossTheSitesSubnets() throws Exception {
        int pass = XdpAction.PASS.code(), drop = XdpAction.DROP.code();
        try (SynGuardSkeleton guard = SynGuardSkeleton.builder().ipv6SourcePrefix(48).load()) {
            assertEquals(48, guard.ipv6SourcePrefix());
            assertEquals(List.of(pass, drop, pass), verdicts(guard, "2001:db8:1:2::1", "2001:db8:1:3::1", "2001:db8:2::1"));
            assertEquals(Map.of(new SynGuard.Source(0x20010db800010000L, 0), 1L), guard.overLimit().entries());
        }
        try (SynGuardSkeleton guard = SynGuardSkeleton.load()) {
            assertEquals(64, guard.ipv6SourcePrefix());
            assertEquals(List.of(pass, pass, drop), verdicts(guard, "2001:db8:1:2::1", "2001:db8:1:3::1", "2001:db8:1:3::9"));
            assertEquals(Map.of(new SynGuard.Source(0x20010db800010003L, 0), 1L), guard.overLimit().entries());
        }
    }
}
