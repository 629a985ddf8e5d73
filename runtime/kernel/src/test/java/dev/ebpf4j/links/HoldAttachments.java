package dev.ebpf4j.links;

import dev.ebpf4j.types.ProgramType;

import java.nio.file.Path;

/**
 * Run by {@link ProcessDeathTest} in a child JVM: attaches a counter to an interface in a namespace
 * by XDP link and by TCX link where the kernel has TCX, pins the XDP link if given a path, says
 * "ready" and waits to be killed. Arguments: NAMESPACE DEVICE [PIN].
 */
public final class HoldAttachments {
    private HoldAttachments() {}

    public static void main(String[] args) throws Exception {
        NetworkDevice device = NetworkDevice.named(args[1], new NetworkNamespace(args[0]));
        TcpCounterProgram xdp = TcpCounterProgram.load("held_xdp");
        XdpLink link = (XdpLink) XdpAttachment.attach(xdp.program, device);
        if (args.length > 2) {
            link.pin(Path.of(args[2]));
        }
        if (LinkSupport.tcx().orElse(false)) {
            TcpCounterProgram tc = TcpCounterProgram.load("held_tc", ProgramType.SCHED_CLS);
            TcAttachment.attach(tc.program, device, Direction.INGRESS);
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(60_000);
        System.exit(3); // never reached in the test: it kills this process first
    }
}
