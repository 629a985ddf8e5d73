package dev.ebpf4j.tcpinspect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, before anything is loaded, that the process may load programs and attach them to
 * interfaces: the kernel would refuse later with a bare EPERM from some call, which says less.
 */
final class Capabilities {
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_PERFMON = 38;
    private static final int CAP_BPF = 39;

    private Capabilities() {
    }

    /** @throws ToolFailure ({@link ExitCode#NOT_PERMITTED}) naming the missing capabilities */
    static void require() {
        long effective = effective(Path.of("/proc/self/status"));
        List<String> missing = new ArrayList<>();
        // Kernels before 5.8 have no CAP_BPF and ask for CAP_SYS_ADMIN instead.
        if (!has(effective, CAP_BPF) && !has(effective, CAP_SYS_ADMIN)) {
            missing.add("CAP_BPF");
        }
        if (!has(effective, CAP_NET_ADMIN)) {
            missing.add("CAP_NET_ADMIN");
        }
        // Without CAP_PERFMON the verifier guards against Spectre v1 and refuses the programs' header
        // arithmetic ("R2 has pointer with unsupported alu operation"), which names no capability.
        if (!has(effective, CAP_PERFMON) && !has(effective, CAP_SYS_ADMIN)) {
            missing.add("CAP_PERFMON");
        }
        if (!missing.isEmpty()) {
            throw new ToolFailure(ExitCode.NOT_PERMITTED, "not permitted: loading and attaching programs needs "
                    + list(missing) + "; run as root (sudo tcpinspect ...) or grant CAP_BPF, CAP_NET_ADMIN and CAP_PERFMON");
        }
    }

    /** "A", "A and B", "A, B and C". */
    private static String list(List<String> names) {
        if (names.size() == 1) return names.getFirst();
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
    }

    private static boolean has(long set, int capability) {
        return (set & (1L << capability)) != 0;
    }

    private static long effective(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no /proc: let the kernel answer for itself when the tool tries
        }
        return -1L;
    }
}
