package dev.ebpf4j.junit;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.features.Features;
import dev.ebpf4j.features.Support;
import dev.ebpf4j.types.MapType;
import dev.ebpf4j.types.ProgramType;
import java.util.Optional;

/**
 * Whether this process may do what a {@link KernelTest} needs, asked of the runtime's feature probes
 * (cached for the process: a process does not gain capabilities): {@code bpf()} itself, then each
 * program type the test names. The answer is the reason it may not, or empty.
 */
final class KernelAccess {
    private KernelAccess() {}

    /** Why a test needing {@code types} cannot run in this process, or empty when it can. */
    static Optional<String> refusal(ProgramType... types) {
        try {
            // A hash map needs nothing beyond bpf() itself; where bpf() is refused the probe throws EPERM.
            Support maps = Features.get().mapTypeSupport(MapType.HASH);
            if (!maps.isSupported()) {
                return Optional.of("hash maps " + maps);
            }
            for (ProgramType type : types) {
                Support support = Features.get().programTypeSupport(type);
                if (!support.isSupported()) {
                    return Optional.of(type + " programs " + support);
                }
            }
            return Optional.empty();
        } catch (BpfException e) {
            if (Errno.EPERM.equals(e.errno()) || Errno.EACCES.equals(e.errno())) {
                return Optional.of(e.getMessage());
            }
            throw e;
        }
    }

    /** What a skipped test prints and reports. */
    static String skipMessage(String refusal) {
        return "skipping kernel test: " + refusal + " (-D" + KernelTest.REQUIRE_KERNEL + "=true fails instead)";
    }

    /** What a required test fails with. */
    static String failureMessage(String refusal) {
        return "kernel test required (-D" + KernelTest.REQUIRE_KERNEL + "=true) but the kernel refuses it to this process: " + refusal;
    }
}
