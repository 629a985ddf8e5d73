/**
 * What an eBPF program written in Java is written against: the program and hook annotations,
 * the annotations of its globals ({@link dev.ebpf4j.program.Config} for configuration set before
 * load, {@link dev.ebpf4j.program.Shared} for state shared with user space), the hook contexts and
 * their typed verdicts, and the helpers a program may call.
 *
 * <p>Every type here has plain-JVM semantics as well, so an entry method runs as ordinary Java in
 * a unit test with the same results as in the kernel. This package depends on nothing but the JDK.
 *
 * <pre>{@code
 * @BpfProgram(license = "GPL")
 * public final class DropTelnet {
 *     @Xdp
 *     public static XdpAction filter(XdpContext ctx) {
 *         Ethernet eth = ctx.ethernet();
 *         if (eth == null) return XdpAction.PASS;
 *         Ipv4 ip = eth.ipv4();
 *         if (ip == null) return XdpAction.PASS;
 *         Tcp tcp = ip.tcp();
 *         if (tcp == null) return XdpAction.PASS;
 *         return tcp.destinationPort() == 23 ? XdpAction.DROP : XdpAction.PASS;
 *     }
 * }
 * }</pre>
 */
package dev.ebpf4j.program;
