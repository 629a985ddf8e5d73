package dev.ebpf4j.sys;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.errors.BpfCommand;

import java.lang.foreign.MemorySegment;
import java.util.Locale;

/**
 * The chokepoint: every {@code bpf(2)} call in the runtime passes through {@link #bpf}.
 *
 * <p>It retries {@code EINTR} (the JVM's own signals interrupt system calls) and, for
 * {@code BPF_PROG_LOAD} only, a bounded number of {@code EAGAIN}s: the verifier gives up with
 * {@code EAGAIN} when a signal arrives during a long verification, and libbpf retries those too.
 */
final class Syscall {
    static final long BPF_NR = bpfSyscallNumber(System.getProperty("os.arch"));
    private static final int PROG_LOAD_ATTEMPTS = 5;

    private Syscall() {}

    static long bpfSyscallNumber(String arch) {
        return switch (arch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> 321;
            case "aarch64", "arm64" -> 280;
            default -> throw new UnsupportedOperationException(
                    "ebpf4j does not know the bpf() system call number on " + arch + " (supported: x86-64, aarch64)");
        };
    }

    /** Calls {@code bpf(command, attr, sizeof attr)}; returns the result, or minus the errno on failure. */
    static long bpf(BpfCommand command, MemorySegment attr) {
        if (command == BpfCommand.MAP_CREATE || command == BpfCommand.PROG_LOAD || command == BpfCommand.BTF_LOAD) {
            Memlock.raiseIfAccounted();
        }
        int attempts = 0;
        while (true) {
            long result = Libc.syscall(BPF_NR, command.number(), attr.address(), attr.byteSize());
            if (result >= 0) {
                return result;
            }
            int errno = Libc.errno();
            if (errno == Errno.EINTR.number()) {
                continue;
            }
            if (errno == Errno.EAGAIN.number() && command == BpfCommand.PROG_LOAD && ++attempts < PROG_LOAD_ATTEMPTS) {
                continue;
            }
            return -errno;
        }
    }

    /** Like {@link #bpf} but throws {@link BpfException} on failure. */
    static long check(BpfCommand command, MemorySegment attr) {
        long result = bpf(command, attr);
        if (result < 0) {
            throw new BpfException(command, new Errno((int) -result));
        }
        return result;
    }

    /** For commands that return a new file descriptor. */
    static OwnedFd fd(BpfCommand command, MemorySegment attr) {
        return OwnedFd.adopt((int) check(command, attr));
    }
}
