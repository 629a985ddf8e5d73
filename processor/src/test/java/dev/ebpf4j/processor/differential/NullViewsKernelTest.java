package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfHashMap;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.testing.RequiresBpf;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Views set to null and assigned on some paths (TCP over IPv4 or IPv6, UDP over IPv4, a helper
 * that returns null, a view dropped again), from source to the kernel: our object and clang's
 * object of the C rendering give the JVM's verdicts and map on IPv4, IPv6, TCP, UDP and truncated frames.
 */
@RequiresBpf
class NullViewsKernelTest {
    static final String SOURCE = """
            package gen;

            import dev.ebpf4j.program.*;
            import dev.ebpf4j.program.maps.*;
            import dev.ebpf4j.program.net.*;

            @BpfProgram(license = "GPL")
            public final class Nulls {
                @MapDef(maxEntries = 64)
                static final BpfHashMap<Integer, Long> ports = new BpfHashMap<>();

                @Xdp
                public static XdpAction run(XdpContext ctx) {
                    Tcp tcp = null;
                    Udp udp = null;
                    Ethernet eth = ctx.ethernet();
                    if (eth != null) {
                        Ipv4 v4 = eth.ipv4();
                        if (v4 != null) {
                            tcp = v4.tcp();
                            udp = v4.udp();
                        } else {
                            Ipv6 v6 = eth.ipv6();
                            if (v6 != null) tcp = v6.tcp();
                        }
                    }
                    Ipv4 first = ipv4(ctx);
                    if (tcp != null) {
                        ports.increment(tcp.destinationPort(), 1);
                        if (tcp.syn()) tcp = null;
                    }
                    if (udp != null) ports.increment(-udp.destinationPort(), 1);
                    if (first != null && first.ttl() < 10) return XdpAction.DROP;
                    return tcp == null ? XdpAction.PASS : XdpAction.TX;
                }

                static Ipv4 ipv4(XdpContext ctx) {
                    Ethernet e = ctx.ethernet();
                    if (e == null) return null;
                    return e.ipv4();
                }
            }
            """;

    private static SourceProgram program;

    @BeforeAll
    static void compile() throws Exception {
        program = SourceProgram.compile("gen.Nulls", SOURCE);
    }

    static List<byte[]> frames() {
        List<byte[]> frames = new ArrayList<>();
        int[] ttls = {64, 5, 9, 10, 200};
        for (int n = 0; n < 20; n++) {
            boolean six = n % 4 >= 2;
            FrameBuilder builder = n % 2 == 0 ? FrameBuilder.tcp(1000 + n, 80 + n % 3).flags(n % 3 == 0 ? 0x02 : 0x10)
                    : FrameBuilder.udp(2000 + n, 53 + n % 2);
            byte[] frame = (six ? builder.ipv6() : builder).build();
            if (!six) frame[14 + 8] = (byte) ttls[n % ttls.length];
            frames.add(frame);
        }
        frames.add(java.util.Arrays.copyOf(FrameBuilder.tcp(1, 2).build(), 20)); // too short for IPv4
        return frames;
    }

    /** Our object ({@code clang} false) or clang's object of the C rendering, in the kernel, against the JVM. */
    @ParameterizedTest(name = "clang: {0}")
    @ValueSource(booleans = {false, true})
    void agreesWithTheJvm(boolean clang) throws Exception {
        try (LoadedObject kernel = program.load(clang); var loader = program.classLoader()) {
            Method run = loader.loadClass("gen.Nulls").getMethod("run", XdpContext.class);
            BpfHashMap<Integer, Long> ports = program.field(loader, "ports");
            KernelMap<Integer, Long> kernelPorts = KernelMaps.of(kernel.map("ports"), Integer.class, Long.class);
            ports.clear();
            Set<XdpAction> verdicts = new HashSet<>();
            int n = 0;
            for (byte[] frame : frames()) {
                n++;
                XdpAction verdict = (XdpAction) run.invoke(null, XdpContext.of(frame));
                verdicts.add(verdict);
                assertEquals(verdict.code(), kernel.program("run").testRun(frame, 1).retval(), "verdict of frame " + n);
                assertEquals(ArraysKernelTest.describe(ports.entries()), ArraysKernelTest.describe(kernelPorts.entries()),
                        "ports after frame " + n);
            }
            assertEquals(Set.of(XdpAction.PASS, XdpAction.DROP, XdpAction.TX), verdicts);
        }
    }
}
