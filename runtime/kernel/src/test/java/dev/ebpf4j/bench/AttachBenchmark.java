package dev.ebpf4j.bench;

import dev.ebpf4j.links.Attachment;
import dev.ebpf4j.links.Direction;
import dev.ebpf4j.links.Mechanism;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.links.TcAttachment;
import dev.ebpf4j.links.TcOptions;
import dev.ebpf4j.links.XdpAttachment;
import dev.ebpf4j.links.XdpOptions;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.testing.VethPair;
import dev.ebpf4j.types.ProgramType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Attaching a program to a veth and detaching it again, by each mechanism: XDP by BPF link and
 * over netlink (both read the mode back over netlink), tc by TCX link and by cls_bpf filter (whose
 * detach first checks the filter still runs our program). The veth is in a namespace of the
 * benchmark's own, so each operation also pays for a thread entering it: {@code namespaceHop} is
 * that cost alone. The round trips ({@code xdpByLink} ...) time attach and detach together;
 * {@code attach} and {@code detach}, per {@code mechanism}, time each alone (the other half runs in
 * a per-invocation setup or tear-down, outside the measurement).
 *
 * <pre>
 * bin/bench -f 1 -wi 3 -i 5 -w 1s -r 1s AttachBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AttachBenchmark {
    private static final byte[] XDP_PASS = {(byte) 0xb7, 0, 0, 0, 2, 0, 0, 0, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0};
    private static final byte[] TC_NEXT = {(byte) 0xb7, 0, 0, 0, -1, -1, -1, -1, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0};

    VethPair veth;
    NetworkNamespace namespace;
    NetworkDevice device;
    Program xdp;
    Program tc;
    XdpOptions xdpLink = XdpOptions.defaults().withMechanism(Mechanism.BPF_LINK);
    XdpOptions xdpNetlink = XdpOptions.defaults().withMechanism(Mechanism.NETLINK);
    TcOptions tcx = TcOptions.defaults().withMechanism(Mechanism.BPF_LINK);
    TcOptions tcFilter = TcOptions.defaults().withMechanism(Mechanism.NETLINK);

    @Setup
    public void veth() throws Exception {
        veth = VethPair.create();
        namespace = new NetworkNamespace(veth.innerNamespace());
        device = NetworkDevice.named(veth.inner(), namespace);
        xdp = Program.load(ProgramType.XDP, XDP_PASS, "GPL", "bench_xdp");
        tc = Program.load(ProgramType.SCHED_CLS, TC_NEXT, "GPL", "bench_tc");
    }

    @TearDown
    public void remove() throws Exception {
        xdp.close();
        tc.close();
        veth.close();
    }

    /** The mechanism {@link #attach} and {@link #detach} time (a state of its own, so the round trips run once). */
    @State(Scope.Benchmark)
    public static class Which {
        @Param({"XDP_LINK", "XDP_NETLINK", "TCX_LINK", "CLS_BPF_FILTER"})
        public String mechanism;
    }

    Attachment attachBy(String mechanism) {
        return switch (mechanism) {
            case "XDP_LINK" -> XdpAttachment.attach(xdp, device, xdpLink);
            case "XDP_NETLINK" -> XdpAttachment.attach(xdp, device, xdpNetlink);
            case "TCX_LINK" -> TcAttachment.attach(tc, device, Direction.INGRESS, tcx);
            case "CLS_BPF_FILTER" -> TcAttachment.attach(tc, device, Direction.INGRESS, tcFilter);
            default -> throw new IllegalArgumentException(mechanism);
        };
    }

    /** An attachment {@link #attach} made, detached after each invocation, outside the measurement. */
    @State(Scope.Thread)
    public static class Made {
        Attachment attachment;

        @TearDown(Level.Invocation)
        public void detach() {
            if (attachment != null) {
                attachment.close();
                attachment = null;
            }
        }
    }

    /** An attachment made before each invocation, outside the measurement, for {@link #detach}. */
    @State(Scope.Thread)
    public static class ToDetach {
        Attachment attachment;

        @Setup(Level.Invocation)
        public void attach(AttachBenchmark benchmark, Which which) {
            attachment = benchmark.attachBy(which.mechanism);
        }
    }

    @Benchmark
    public Attachment attach(Made made, Which which) {
        made.attachment = attachBy(which.mechanism);
        return made.attachment;
    }

    @Benchmark
    public void detach(ToDetach toDetach) {
        toDetach.attachment.close();
    }

    @Benchmark
    public int namespaceHop() {
        return namespace.call(() -> 1);
    }

    @Benchmark
    public int xdpByLink() {
        try (XdpAttachment attached = XdpAttachment.attach(xdp, device, xdpLink)) {
            return attached.mode().ordinal();
        }
    }

    @Benchmark
    public int xdpByNetlink() {
        try (XdpAttachment attached = XdpAttachment.attach(xdp, device, xdpNetlink)) {
            return attached.mode().ordinal();
        }
    }

    @Benchmark
    public int tcByTcxLink() {
        try (TcAttachment attached = TcAttachment.attach(tc, device, Direction.INGRESS, tcx)) {
            return attached.direction().ordinal();
        }
    }

    @Benchmark
    public int tcByClsBpfFilter() {
        try (TcAttachment attached = TcAttachment.attach(tc, device, Direction.INGRESS, tcFilter)) {
            return attached.direction().ordinal();
        }
    }
}
