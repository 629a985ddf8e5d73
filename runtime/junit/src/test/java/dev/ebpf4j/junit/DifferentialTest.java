package dev.ebpf4j.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.inspect.PortFilterAccess;
import dev.ebpf4j.inspect.PortFilterSkeleton;
import dev.ebpf4j.inspect.TcpFlagCounterSkeleton;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.program.net.Tcp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The differential check on the example programs, whose JVM and kernel builds agree (the project's
 * own differential properties say so): it finds them agreeing on mixed frames, with hash maps copied
 * from the JVM and per-CPU maps compared by sums; and it finds and names a difference when the
 * kernel's maps are left different from the JVM's.
 */
@KernelTest
class DifferentialTest {
    private static final int[] PORTS = {22, 23, 80, 443, 8080};

    /** TCP and UDP over IPv4 and IPv6, VLAN tags, IPv4 options and fragments, IPv6 extension headers, truncations. */
    static List<byte[]> mixedFrames(long seed, int count) {
        Random random = new Random(seed);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int port = PORTS[random.nextInt(PORTS.length)];
            FrameBuilder builder = random.nextInt(4) == 0 ? FrameBuilder.udp(40000 + i, port) : FrameBuilder.tcp(40000 + i, port)
                    .flags(random.nextBoolean() ? Tcp.SYN : Tcp.ACK);
            if (random.nextInt(3) == 0) builder.vlanTags(1 + random.nextInt(2));
            if (random.nextInt(3) == 0) {
                builder.ipv6();
                if (random.nextBoolean()) builder.extensionHeaders(0);
            } else {
                if (random.nextInt(4) == 0) builder.ipv4Options(1 + random.nextInt(3));
                if (random.nextInt(6) == 0) builder.fragmentOffset(8);
            }
            byte[] frame = builder.payload(random.nextInt(64)).build();
            // The kernel test-runs frames of an Ethernet header or more.
            frames.add(random.nextInt(8) == 0 ? Arrays.copyOf(frame, 14 + random.nextInt(frame.length - 14)) : frame);
        }
        return frames;
    }

    @Test
    void portFilterAgreesOnMixedFramesWithTheJvmsBlockedPortsCopiedToTheKernel(PortFilterSkeleton filter) {
        PortFilterAccess.block(23, 80);
        DifferentialResult result = Differential.of(filter, "filter").run(mixedFrames(7, 200));
        assertTrue(result.agrees(), result::toString);
        Map<Integer, Long> dropped = filter.droppedByPort().entries();
        assertFalse(dropped.isEmpty(), "no frame was dropped: the maps were compared empty");
        assertEquals(PortFilterAccess.dropped(), dropped);
    }

    @Test
    void tcpFlagCounterAgreesWithItsPerCpuCountersComparedBySums(TcpFlagCounterSkeleton counter) {
        DifferentialResult result = Differential.of(counter, "count").run(mixedFrames(11, 200));
        assertTrue(result.agrees(), result::toString);
        assertTrue(counter.flagCounts().sums().values().stream().mapToLong(Long::longValue).sum() > 0, "nothing was counted");
    }

    @Test
    void aDifferenceInTheMapsIsFoundAndNamed(PortFilterSkeleton filter) {
        filter.blockedPorts().put(23, (byte) 1);   // in the kernel only
        List<byte[]> frames = List.of(FrameBuilder.tcp(40000, 23).build(), FrameBuilder.tcp(40000, 22).build());
        DifferentialResult result = Differential.of(filter, "filter").keepingKernelMaps().run(frames);
        assertFalse(result.agrees());
        assertTrue(result.disagreements().getFirst().startsWith("frame 0: verdict 2 on the JVM, 1 in the kernel; frame "), result::toString);
        assertTrue(result.disagreements().contains("blockedPorts[23]: absent on the JVM, 1 in the kernel"), result::toString);
        assertTrue(result.disagreements().contains("droppedByPort[23]: absent on the JVM, 1 in the kernel"), result::toString);
        assertEquals(3, result.disagreements().size(), result::toString);
        AssertionError error = assertThrows(AssertionError.class, result::assertAgree);
        assertTrue(error.getMessage().startsWith("PortFilter.filter: the JVM and the kernel disagree in 3 places over 2 frames\n"), error::getMessage);

        // Copying the JVM's maps (empty) to the kernel makes them agree again.
        assertTrue(Differential.of(filter, "filter").run(frames).agrees());
    }

    @Test
    void aFrameTooShortToTestRunIsAOneLineError(PortFilterSkeleton filter) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Differential.of(filter, "filter").run(List.of(FrameBuilder.tcp(1, 2).build(), new byte[5])));
        assertEquals("Differential: frame 1 is 5 bytes; the kernel test-runs frames of 14 bytes (an Ethernet header) or more", e.getMessage());
    }

    @Test
    void anEntryTheProgramDoesNotHaveIsAOneLineError(PortFilterSkeleton filter) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Differential.of(filter, "count"));
        assertEquals("Differential: dev.ebpf4j.inspect.PortFilter has no static entry method count(XdpContext) or count(TcContext)", e.getMessage());
    }
}
