package dev.ebpf4j.sys;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;

import org.junit.jupiter.api.Assumptions;

/**
 * Kernel tests run for real; they skip, with the reason printed, only when bpf() itself is refused
 * with EPERM (an unprivileged CI container). Every other failure fails the test.
 */
public final class BpfAvailable {
    private static volatile String refusal;
    private static volatile boolean checked;

    private BpfAvailable() {}

    public static void assumeBpf() {
        if (!checked) {
            try (OwnedFd fd = MapCalls.create(new MapCalls.CreateRequest(2, 4, 4, 1, 0, "probe"))) {
                refusal = null;
            } catch (BpfException e) {
                if (!e.errno().equals(Errno.EPERM)) {
                    throw e;
                }
                refusal = e.getMessage();
            }
            checked = true;
        }
        if (refusal != null) {
            System.out.println("skipping kernel test: bpf() refused: " + refusal);
            Assumptions.abort("bpf() refused with EPERM: " + refusal);
        }
    }
}
