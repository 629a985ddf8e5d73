package dev.ebpf4j.sys;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;
import java.util.Optional;

/**
 * Kernel tests run for real; they skip, with the reason printed, only when bpf() itself is refused
 * with EPERM (an unprivileged CI container). Every other failure fails the test. Asked by
 * {@code @RequiresBpf} (dev.ebpf4j.testing), the one way a test says it needs the kernel.
 */
public final class BpfAvailable {
    private static volatile String refusal;
    private static volatile boolean checked;

    private BpfAvailable() {}

    /**
     * Why a kernel test is skipped here, printed to stdout so that the run says so; empty where
     * bpf() is allowed. The probe runs once; a failure other than EPERM is thrown, every time.
     */
    public static Optional<String> skipReason() {
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
        if (refusal == null) {
            return Optional.empty();
        }
        System.out.println("skipping kernel test: bpf() refused: " + refusal);
        return Optional.of("bpf() refused with EPERM: " + refusal);
    }
}
