package dev.ebpf4j.links;

import dev.ebpf4j.programs.Program;
import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.sys.LinkCalls;
import dev.ebpf4j.sys.NetNamespaces;
import dev.ebpf4j.sys.NetworkInterfaces;
import dev.ebpf4j.types.ProgramType;

import java.util.Optional;

/**
 * Cached probes for the link kinds the kernel has (XDP links, TCX). An XDP link to a missing interface and an XDP
 * link on a kernel without XDP links both fail with {@code EINVAL}, so the probe attaches for real,
 * to the loopback of a new, empty network namespace of its own: no interface anyone uses is touched.
 */
final class LinkSupport {
    static final int ATTACH_XDP = 37;
    private static final byte[] RETURN_PASS = {(byte) 0xb7, 0, 0, 0, 2, 0, 0, 0, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0};

    private static final byte[] RETURN_OK = {(byte) 0xb7, 0, 0, 0, 0, 0, 0, 0, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0};

    private static volatile Optional<Boolean> xdpLinks;
    private static volatile Optional<Boolean> tcx;

    private LinkSupport() {}

    /** Whether the kernel has XDP links (5.9+); empty when the probe cannot run (no CAP_SYS_ADMIN for a namespace). */
    static Optional<Boolean> xdpLinks() {
        Optional<Boolean> known = xdpLinks;
        if (known == null) {
            known = probeXdpLinks();
            xdpLinks = known;
        }
        return known;
    }

    private static Optional<Boolean> probeXdpLinks() {
        try (Program pass = Program.load(ProgramType.XDP, RETURN_PASS, "GPL", "probe_xdp_link")) {
            return Optional.of(NetNamespaces.callInNew(() -> {
                int lo = NetworkInterfaces.indexOf("lo");
                try {
                    LinkCalls.create(pass.fd(), lo, ATTACH_XDP, 0).close();
                    return true;
                } catch (BpfException e) {
                    if (e.errno().equals(Errno.EINVAL)) {
                        return false;
                    }
                    throw e;
                }
            }));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the kernel has TCX links (6.6+), as cilium's {@code haveTCX} asks: a TCX link to an
     * interface index nobody has fails with {@code ENODEV} only where TCX exists.
     */
    static Optional<Boolean> tcx() {
        Optional<Boolean> known = tcx;
        if (known == null) {
            known = probeTcx();
            tcx = known;
        }
        return known;
    }

    private static Optional<Boolean> probeTcx() {
        try (Program ok = Program.load(ProgramType.SCHED_CLS, RETURN_OK, "GPL", "probe_tcx")) {
            try {
                LinkCalls.createTcx(ok.fd(), -1, 46, 0, 0, 0).close();
                return Optional.of(true);
            } catch (BpfException e) {
                return Optional.of(e.errno().equals(Errno.ENODEV));
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
