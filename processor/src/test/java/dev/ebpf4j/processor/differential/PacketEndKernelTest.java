package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.loader.ObjectLoader;
import dev.ebpf4j.object.ObjectReader;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;
import dev.ebpf4j.testing.RequiresBpf;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The places where the back end keeps {@code data_end} from the Ethernet view on, or reads the
 * context straight from r1, against those where it must not: the context read again after the
 * views, a statement before the Ethernet view, a second Ethernet view, views in a loop. Each entry
 * encodes what it saw in its verdict; the kernel's verdict from our object must be the JVM's for
 * every frame.
 */
@RequiresBpf
class PacketEndKernelTest {
    static final String SOURCE = """
            package gen;

            import dev.ebpf4j.program.*;
            import dev.ebpf4j.program.net.*;

            @BpfProgram(license = "GPL")
            public final class Ends {
                static XdpAction of(int code) {
                    int c = code & 3;
                    if (c == 0) return XdpAction.ABORTED;
                    if (c == 1) return XdpAction.DROP;
                    if (c == 2) return XdpAction.PASS;
                    return XdpAction.TX;
                }

                /** The context read again after every view: it keeps a home of its own. */
                @Xdp
                public static XdpAction contextAfter(XdpContext ctx) {
                    Ethernet eth = ctx.ethernet();
                    if (eth == null) return XdpAction.ABORTED;
                    int seen = 0;
                    Ipv4 ip = eth.ipv4();
                    if (ip != null) {
                        Tcp tcp = ip.tcp();
                        if (tcp != null) seen = 1;
                    }
                    if (ctx.length() > 60) seen += 2;
                    return of(seen);
                }

                /** A statement before the Ethernet view: the context is not read from r1 there. */
                @Xdp
                public static XdpAction lengthFirst(XdpContext ctx) {
                    int length = ctx.length();
                    Ethernet eth = ctx.ethernet();
                    if (eth == null) return of(length);
                    Ipv6 ip = eth.ipv6();
                    if (ip == null) return XdpAction.DROP;
                    Tcp tcp = ip.tcp();
                    if (tcp == null) return XdpAction.PASS;
                    return of(tcp.destinationPort() + length);
                }

                /** Two Ethernet views and a view in a loop, all after the first. */
                @Xdp
                public static XdpAction twice(XdpContext ctx) {
                    Ethernet a = ctx.ethernet();
                    if (a == null) return XdpAction.ABORTED;
                    int found = 0;
                    for (int i = 0; i < 3; i++) {
                        Ipv4 ip = a.ipv4();
                        if (ip != null) {
                            Udp udp = ip.udp();
                            if (udp != null) found += i;
                        }
                    }
                    Ethernet b = ctx.ethernet();
                    if (b == null) return XdpAction.ABORTED;
                    Ipv6 ip6 = b.ipv6();
                    if (ip6 != null) {
                        Tcp tcp = ip6.tcp();
                        if (tcp != null) found += 2;
                    }
                    return of(found);
                }
            }
            """;

    private static InProcessCompiler.Output output;

    @BeforeAll
    static void compile() throws Exception {
        output = InProcessCompiler.compile(Files.createTempDirectory("ebpf4j-ends"), Map.of("gen.Ends", SOURCE));
        assertTrue(output.success(), () -> "the program does not compile:\n" + output.errors() + output.diagnostics());
    }

    static List<byte[]> frames() {
        byte[] arp = FrameBuilder.udp(1, 2).build();
        arp[12] = 0x08;
        arp[13] = 0x06;
        return List.of(
                FrameBuilder.tcp(1000, 80).build(),
                FrameBuilder.tcp(1000, 81).flags(Tcp.SYN).payload(40).build(),
                FrameBuilder.tcp(1000, 443).ipv6().build(),
                FrameBuilder.tcp(1000, 444).ipv6().extensionHeaders(Ipv6.HOP_BY_HOP, Ipv6.DESTINATION_OPTIONS).build(),
                FrameBuilder.tcp(1000, 22).vlanTags(2).build(),
                FrameBuilder.udp(53, 53).build(),
                FrameBuilder.udp(53, 53).vlanTags(1).build(),
                FrameBuilder.udp(53, 53).ipv6().build(),
                arp);
    }

    @Test
    void ourObjectAgreesWithTheJvm() throws Exception {
        LoadedObject loaded;
        try {
            loaded = ObjectLoader.load(ObjectReader.read(output.resource("gen/Ends.bpf.o")), LoadOptions.defaults());
        } catch (RuntimeException e) {
            throw new AssertionError("the kernel refuses the program: " + e.getMessage(), e);
        }
        try (var loader = output.classLoader(); LoadedObject kernel = loaded) {
            Class<?> program = loader.loadClass("gen.Ends");
            for (String entry : List.of("contextAfter", "lengthFirst", "twice")) {
                Method method = program.getMethod(entry, XdpContext.class);
                int n = 0;
                for (byte[] frame : frames()) {
                    n++;
                    XdpAction expected = (XdpAction) method.invoke(null, XdpContext.of(frame));
                    assertEquals(expected.code(), kernel.program(entry).testRun(frame, 1).retval(), entry + ", frame " + n);
                }
            }
        }
    }
}
