package dev.ebpf4j.processor.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.processor.fixture.Frames;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.program.net.Tcp;
import dev.ebpf4j.testing.RequiresBpf;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The two example programs in the kernel, against their JVM twins on the same frames; prints their verified sizes. */
@RequiresBpf
class ExamplesKernelTest {
    private static List<byte[]> frames() {
        Random random = new Random(7);
        List<byte[]> frames = new java.util.ArrayList<>();
        int[] flags = {0x02, 0x12, 0x10, 0x11, 0x04, 0x14, 0x00, 0x18, 0x01};
        for (int n = 0; n < 200; n++) {
            int port = new int[] {22, 80, 443, 8080, 65535}[random.nextInt(5)];
            FrameBuilder frame = FrameBuilder.tcp(40000, port).flags(flags[random.nextInt(flags.length)]);
            frames.add((random.nextBoolean() ? frame.ipv6() : frame.ipv4Options(random.nextInt(3))).build());
        }
        for (int n = 0; n < 200; n++) frames.add(Frames.random(random));
        return frames;
    }

    @Test
    void tcpFlagCounterCountsAsTheJvmDoes() {
        try (LoadedObject o = Kernel.load(Examples.flagCounter())) {
            Map<Integer, Long> kinds = new HashMap<>();
            Map<Integer, Long> ports = new HashMap<>();
            for (byte[] frame : frames()) {
                assertEquals(Examples.PASS, o.program("count").testRun(frame, 1).retval());
                Tcp tcp = Examples.tcpOf(frame);
                if (tcp != null) {
                    kinds.merge(Examples.kind(tcp), 1L, Long::sum);
                    ports.merge(tcp.destinationPort(), 1L, Long::sum);
                }
            }
            MapHandle flagCounts = o.map("flagCounts");
            for (int k = 0; k < 6; k++) {
                assertEquals(kinds.getOrDefault(k, 0L), Kernel.getLong(flagCounts, k).orElse(0L), "kind " + k);
            }
            MapHandle portCounts = o.map("portCounts");
            assertEquals(ports.size(), portCounts.keys().size());
            for (var e : ports.entrySet()) {
                assertEquals(e.getValue(), Kernel.getLong(portCounts, e.getKey()).orElse(0L), "port " + e.getKey());
            }
            System.out.println("TcpFlagCounter.count: " + o.program("count").info().xlatedLength() / 8 + " verified instructions");
        }
    }

    @Test
    void portFilterDropsBlockedPortsAndCountsThem() {
        try (LoadedObject o = Kernel.load(Examples.portFilter())) {
            for (int port : new int[] {22, 8080}) o.map("blockedPorts").update(Kernel.key(port), new byte[] {1});
            Map<Integer, Long> dropped = new HashMap<>();
            for (byte[] frame : frames()) {
                Tcp tcp = Examples.tcpOf(frame);
                boolean blocked = tcp != null && (tcp.destinationPort() == 22 || tcp.destinationPort() == 8080);
                if (blocked) dropped.merge(tcp.destinationPort(), 1L, Long::sum);
                assertEquals(blocked ? Examples.DROP : Examples.PASS, o.program("filter").testRun(frame, 1).retval());
            }
            MapHandle counts = o.map("dropped");
            assertEquals(dropped.size(), counts.keys().size());
            for (var e : dropped.entrySet()) {
                assertEquals(e.getValue(), Kernel.getLong(counts, e.getKey()).orElseThrow(), "port " + e.getKey());
            }
            System.out.println("PortFilter.filter: " + o.program("filter").info().xlatedLength() / 8 + " verified instructions");
        }
    }
}
