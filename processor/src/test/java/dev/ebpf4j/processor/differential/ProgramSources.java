package dev.ebpf4j.processor.differential;

import java.util.stream.Collectors;

/**
 * The parts the differential tests' program sources share: the class around the members, and
 * XDP entries that get to the TCP header over IPv4 or IPv6 (and pass every other frame) before their body.
 * Pieces are written at column 0 and indented here, so each test shows only what is its own.
 *
 * <pre>{@code
 * String source = ProgramSources.program("gen.Ports", """
 *         @MapDef(maxEntries = 1)
 *         static final BpfArray<Long> ports = new BpfArray<>();
 *
 *         """ + ProgramSources.overTcp("run", "ports.put(0, (long) tcp.sourcePort());\n"));
 * }</pre>
 */
final class ProgramSources {
    private ProgramSources() {
    }

    /** The source of the program class {@code className} (binary name) with the program API imported and {@code members}. */
    static String program(String className, String members) {
        int dot = className.lastIndexOf('.');
        return """
                package %s;

                import dev.ebpf4j.program.*;
                import dev.ebpf4j.program.maps.*;
                import dev.ebpf4j.program.net.*;

                @BpfProgram(license = "GPL")
                public final class %s {
                %s}
                """.formatted(className.substring(0, dot), className.substring(dot + 1), indent(members));
    }

    /**
     * The public XDP entry {@code name}: non-null {@code eth}, {@code ip} (IPv4) and {@code tcp}, or
     * the frame passes; then {@code body}, then the frame passes.
     */
    static String overTcp(String name, String body) {
        return overTcp(name, 4, body);
    }

    /** {@link #overTcp(String, String)} over IP version {@code ipVersion} (4 or 6). */
    static String overTcp(String name, int ipVersion, String body) {
        return """
                @Xdp
                public static XdpAction %s(XdpContext ctx) {
                    Ethernet eth = ctx.ethernet();
                    if (eth == null) return XdpAction.PASS;
                    Ipv%d ip = eth.ipv%d();
                    if (ip == null) return XdpAction.PASS;
                    Tcp tcp = ip.tcp();
                    if (tcp == null) return XdpAction.PASS;
                %s    return XdpAction.PASS;
                }
                """.formatted(name, ipVersion, ipVersion, indent(body));
    }

    /** Four more spaces before each line that is not blank. */
    private static String indent(String text) {
        return text.lines().map(line -> line.isBlank() ? line : "    " + line).collect(Collectors.joining("\n", "", "\n"));
    }
}
