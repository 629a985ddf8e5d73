package dev.ebpf4j.inspect;

import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Java half of {@code bin/demo}: {@link PortFilter}, compiled by the processor at build time,
 * loaded through its generated skeleton and test-run in the kernel on a few frames — and the same
 * class run as plain Java on the JVM, side by side. Needs root (or CAP_BPF).
 */
public final class PortFilterDemo {
    private PortFilterDemo() {
    }

    public static void main(String[] args) {
        Map<String, byte[]> frames = new LinkedHashMap<>();
        frames.put("IPv4 SYN to port 23", FrameBuilder.tcp(40000, 23).flags(Tcp.SYN).build());
        frames.put("IPv4 SYN to port 80", FrameBuilder.tcp(40000, 80).flags(Tcp.SYN).build());
        frames.put("IPv6 (hop-by-hop, routing) to 23", FrameBuilder.tcp(40000, 23).ipv6()
                .extensionHeaders(Ipv6.HOP_BY_HOP, Ipv6.ROUTING).build());
        frames.put("VLAN-tagged IPv4 with options to 23", FrameBuilder.tcp(40000, 23).vlanTags(1).ipv4Options(2).build());
        frames.put("UDP to port 23", FrameBuilder.udp(40000, 23).build());

        PortFilter.blockedPorts.put(23, (byte) 1);
        try (PortFilterSkeleton kernel = PortFilterSkeleton.load()) {
            kernel.blockedPorts().put(23, (byte) 1);
            System.out.printf("%-38s %-8s %-8s %s%n", "frame", "kernel", "JVM", "ns/run (kernel)");
            for (var frame : frames.entrySet()) {
                var run = kernel.filter().testRun(frame.getValue(), 100_000);
                XdpAction inKernel = XdpAction.ofCode(run.retval());
                XdpAction onJvm = PortFilter.filter(XdpContext.of(frame.getValue()));
                System.out.printf("%-38s %-8s %-8s %d%n", frame.getKey(), inKernel, onJvm, run.durationNanos());
            }
            System.out.println("droppedByPort in the kernel: " + kernel.droppedByPort().entries()
                    + " (100,000 runs a frame); on the JVM: " + PortFilter.droppedByPort.entries());
        }
    }
}
