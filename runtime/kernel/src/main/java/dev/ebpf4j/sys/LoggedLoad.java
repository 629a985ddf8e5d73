package dev.ebpf4j.sys;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.VerifierException;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.errors.BpfCommand;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.function.IntFunction;

/**
 * Loads with the verifier log off, and only on failure loads again with a log buffer, growing it
 * while the kernel answers ENOSPC. A log costs verification time and memory, and most loads succeed.
 */
final class LoggedLoad {
    static final int FIRST_LOG_SIZE = 64 * 1024;
    /** Kernels before 5.2 refuse log buffers of 16 MiB or more; bigger logs are not readable anyway. */
    static final int MAX_LOG_SIZE = 16 * 1024 * 1024 - 1;

    /** Where the log fields sit in a command's attr. */
    record LogFields(VarHandle buf, VarHandle size, VarHandle level, VarHandle trueSize) {}

    private LoggedLoad() {}

    static OwnedFd run(BpfCommand command, MemorySegment attr, LogFields log, int logLevel, String name,
                       IntFunction<String> sourceLocator, String privilegeHint) {
        long result = Syscall.bpf(command, attr);
        if (result >= 0) {
            return OwnedFd.adopt((int) result);
        }
        Errno first = new Errno((int) -result);
        if (first.equals(Errno.EPERM)) {
            throw new BpfException(command, first, command.kernelName() + " of '" + name + "' failed: EPERM: "
                    + (privilegeHint != null ? privilegeHint : first.explain(command)));
        }
        int size = FIRST_LOG_SIZE;
        try (Arena arena = Arena.ofConfined()) {
            while (true) {
                MemorySegment buffer = arena.allocate(size);
                log.buf().set(attr, buffer.address());
                log.size().set(attr, size);
                log.level().set(attr, logLevel);
                log.trueSize().set(attr, 0);
                result = Syscall.bpf(command, attr);
                if (result >= 0) {
                    return OwnedFd.adopt((int) result); // the failure was transient
                }
                Errno errno = new Errno((int) -result);
                if (errno.equals(Errno.ENOSPC) && size < MAX_LOG_SIZE) {
                    int wanted = (int) log.trueSize().get(attr); // 6.4+ says how much it needed
                    size = (int) Math.min(MAX_LOG_SIZE, Math.max((long) size * 4, wanted + 1L));
                    continue;
                }
                String text = buffer.getString(0);
                if (errno.equals(Errno.ENOSPC)) {
                    errno = first; // the log was cut at the cap; report the real refusal
                }
                if (text.isBlank()) {
                    throw new BpfException(command, errno, command.kernelName() + " of '" + name + "' failed: "
                            + errno.name() + ": " + errno.explain(command));
                }
                throw new VerifierException(command, errno, name, text, sourceLocator);
            }
        } finally {
            log.buf().set(attr, 0L);
            log.size().set(attr, 0);
            log.level().set(attr, 0);
        }
    }
}
