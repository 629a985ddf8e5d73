package dev.ebpf4j.processor.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A program calls static methods of other classes compiled with it, inlined as its own methods
 * are; names, errors and line info inside them are their own file's; a method without source (a
 * library's, the JDK's) is still refused with the error that says what a program can call.
 */
class CrossClassCallTest {
    private static final String PARSING = """
            package shared;
            import dev.ebpf4j.program.net.*;
            public final class Parsing {
                private Parsing() { }
                public static final int WEB = 80;
                /** The destination port of a TCP segment over IPv4 or IPv6, or -1. */
                public static int port(Ethernet eth) {
                    Ipv4 ip = eth.ipv4();
                    if (ip != null) {
                        Tcp tcp = ip.tcp();
                        return tcp == null ? -1 : Ports.of(tcp);
                    }
                    Ipv6 ip6 = eth.ipv6();
                    if (ip6 == null) return -1;
                    Tcp tcp = ip6.tcp();
                    return tcp == null ? -1 : Ports.of(tcp);
                }
                public int notStatic() { return 1; }
            }
            """;

    private static final String PORTS = """
            package shared;
            import dev.ebpf4j.program.net.Tcp;
            final class Ports {
                static int of(Tcp tcp) {
                    return tcp.destinationPort();
                }
            }
            """;

    private static JavaFileObject program(String body) {
        return Compiler.source("demo.P", """
                package demo;
                import dev.ebpf4j.program.*;
                import dev.ebpf4j.program.maps.*;
                import dev.ebpf4j.program.net.*;
                import shared.Parsing;
                @BpfProgram(license = "GPL")
                public class P {
                    @MapDef(maxEntries = 4) static final BpfHashMap<Integer, Long> hits = new BpfHashMap<>();
                    @Xdp static XdpAction run(XdpContext ctx) {
                """ + body + """

                    }
                }
                """);
    }

    private static Compiler.Result compile(String body, String parsing) {
        // the program first: javac analyses it before the classes it calls
        return Compiler.compile(List.of(program(body), Compiler.source("shared.Parsing", parsing),
                Compiler.source("shared.Ports", PORTS)));
    }

    @Test
    void staticMethodsOfOtherClassesAreInlinedTransitively() {
        Compiler.Result result = compile("""
                Ethernet eth = ctx.ethernet();
                if (eth == null) return XdpAction.PASS;
                int port = Parsing.port(eth);
                if (port == Parsing.WEB) hits.increment(port);
                return XdpAction.PASS;""", PARSING);
        String ir = result.ir("run");
        assertTrue(ir.contains("port_0: {"), ir);  // the labelled block of the inlined Parsing.port
        assertTrue(ir.contains("of_1: {"), ir);    // and of Ports.of, which it calls
        assertTrue(ir.contains("of_result = TCP_DESTINATION_PORT(tcp_1)"), ir);
    }

    @Test
    void anErrorInsideAnotherClassIsReportedInThatClassFile() {
        Compiler.Result result = compile("""
                Ethernet eth = ctx.ethernet();
                if (eth == null) return XdpAction.PASS;
                return Parsing.port(eth) > 0 ? XdpAction.DROP : XdpAction.PASS;""",
                PARSING.replace("return tcp.destinationPort();", "return tcp.destinationPort() / 3;").replace(
                        "Ports.of(tcp)", "tcp.destinationPort() / 3"));
        assertTrue(result.errors().size() >= 1, result.errorText());
        Diagnostic<? extends JavaFileObject> error = result.errors().getFirst();
        assertTrue(error.getMessage(Locale.ROOT).contains("Java throws on a zero divisor"), result.errorText());
        assertTrue(error.getSource().getName().endsWith("Parsing.java"), error.getSource().getName());
        assertEquals(11, error.getLineNumber(), result.errorText());
    }

    @Test
    void aMethodWithoutSourceIsStillRefused() {
        compile("""
                int i = java.util.Objects.checkIndex(1, 4);
                return XdpAction.PASS;""", PARSING)
                .assertError(10, 26, "a program can only call static methods of its own class and of classes compiled with it");
    }

    @Test
    void anInstanceMethodOfAnotherClassIsRefused() {
        compile("""
                int i = new Parsing().notStatic();
                return XdpAction.PASS;""", PARSING.replace("private Parsing()", "public Parsing()"))
                .assertError(10, 22, "a program can only call static methods");
    }
}
