package dev.ebpf4j.sys;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;

/**
 * Run by {@link LinkCallsTest} in a child JVM inside a fresh network namespace, where the only
 * interface is its own loopback: attaches, replaces and detaches for real without touching any
 * interface of the host. Prints one line per step; exits 0 only if every step behaved.
 */
public final class LinkChild {
    private static final int XDP = 6, SCHED_CLS = 3, ATTACH_XDP = 37, ATTACH_TCX_INGRESS = 46;

    private LinkChild() {}

    public static void main(String[] args) {
        int lo = NetworkInterfaces.indexOf("lo");
        try (OwnedFd pass = load(XDP, 2, "pass"); OwnedFd drop = load(XDP, 1, "drop")) {
            try (OwnedFd link = LinkCalls.create(pass.get(), lo, ATTACH_XDP, 0)) {
                step("xdp link created");
                expect(Errno.EBUSY, () -> LinkCalls.create(drop.get(), lo, ATTACH_XDP, 0).close(), "second xdp link refused");
                LinkCalls.update(link.get(), drop.get(), LinkCalls.F_REPLACE, pass.get());
                step("xdp link updated");
                expect(Errno.EPERM, () -> LinkCalls.update(link.get(), pass.get(), LinkCalls.F_REPLACE, pass.get()),
                        "stale replace refused");
                LinkCalls.detach(link.get());
                step("xdp link detached");
                LinkCalls.create(pass.get(), lo, ATTACH_XDP, 0).close();
                step("xdp hook free again");
            }
            if (KernelVersion.running().isAtLeast(6, 6)) {
                try (OwnedFd tc = load(SCHED_CLS, 0, "tc_ok"); OwnedFd tc2 = load(SCHED_CLS, 0, "tc_ok2");
                     OwnedFd first = LinkCalls.createTcx(tc.get(), lo, ATTACH_TCX_INGRESS, 0, 0, 0)) {
                    step("tcx link created");
                    expect(Errno.ESTALE, () -> LinkCalls.createTcx(tc.get(), lo, ATTACH_TCX_INGRESS, 0, 0, 999).close(),
                            "tcx stale revision refused");
                    expect(Errno.EEXIST, () -> LinkCalls.createTcx(tc.get(), lo, ATTACH_TCX_INGRESS, 0, 0, 0).close(),
                            "same program twice on one tcx hook refused");
                    try (OwnedFd second = LinkCalls.createTcx(tc2.get(), lo, ATTACH_TCX_INGRESS,
                            LinkCalls.F_BEFORE | LinkCalls.F_LINK, first.get(), 0)) {
                        step("tcx link placed before the first");
                    }
                }
            }
            System.out.println("DONE");
        } catch (RuntimeException e) {
            System.out.println("FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    private static OwnedFd load(int type, int retval, String name) {
        byte[] insns = {(byte) 0xb7, 0, 0, 0, (byte) retval, 0, 0, 0, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0}; // r0 = retval; exit
        return ProgramCalls.load(ProgramCalls.LoadRequest.of(type, insns, "GPL", name));
    }

    private static void step(String what) {
        System.out.println("ok: " + what);
    }

    private static void expect(Errno errno, Runnable call, String what) {
        try {
            call.run();
        } catch (BpfException e) {
            if (e.errno().equals(errno)) {
                step(what);
                return;
            }
            throw e;
        }
        throw new IllegalStateException(what + ": the call succeeded");
    }
}
