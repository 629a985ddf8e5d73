package dev.ebpf4j.sys;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;

/**
 * Run by {@link EpermTest} in a child JVM without privileges: tries to load an XDP program and
 * prints the exception message. Exit 0 when the load failed with EPERM, 1 otherwise.
 */
public final class EpermChild {
    private EpermChild() {}

    public static void main(String[] args) {
        byte[] insns = {(byte) 0xb7, 0, 0, 0, 2, 0, 0, 0, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0}; // r0 = 2; exit
        try (OwnedFd prog = ProgramCalls.load(ProgramCalls.LoadRequest.of(6, insns, "GPL", "eperm"))) {
            System.out.println("loaded without privileges: " + prog);
            System.exit(1);
        } catch (BpfException e) {
            System.out.println(e.getMessage());
            System.exit(e.errno().equals(Errno.EPERM) ? 0 : 1);
        }
    }
}
