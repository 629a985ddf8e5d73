package dev.ebpf4j.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.abort;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Proves that bpf() works inside the guest the runner boots, independently of the runtime module:
 * it talks to the kernel with a bare syscall so a broken VM setup is told apart from a broken runtime.
 */
@Tag("kernel")
class KernelSmokeTest {
    private static final long SYS_BPF = 321; // x86_64
    private static final long SYS_CLOSE = 3;
    private static final int BPF_MAP_CREATE = 0;
    private static final int BPF_MAP_LOOKUP_ELEM = 1;
    private static final int BPF_MAP_UPDATE_ELEM = 2;
    private static final int BPF_MAP_TYPE_ARRAY = 2;
    private static final int BPF_MAP_TYPE_USER_RINGBUF = 31; // since Linux 6.1
    private static final int EPERM = 1;
    private static final int EINVAL = 22;
    private static final int ATTR_SIZE = 128; // a prefix of union bpf_attr; the kernel accepts it

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SYSCALL = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("syscall"),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
            Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(1));

    private record Outcome(long value, int errno) {}

    @Test
    void arrayMapKeepsWhatIsWritten() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment create = arena.allocate(ATTR_SIZE);
            create.set(ValueLayout.JAVA_INT, 0, BPF_MAP_TYPE_ARRAY);
            create.set(ValueLayout.JAVA_INT, 4, 4);  // key_size
            create.set(ValueLayout.JAVA_INT, 8, 8);  // value_size
            create.set(ValueLayout.JAVA_INT, 12, 4); // max_entries
            int map = (int) bpf(arena, BPF_MAP_CREATE, create);
            try {
                MemorySegment key = arena.allocateFrom(ValueLayout.JAVA_INT, 2);
                MemorySegment written = arena.allocateFrom(ValueLayout.JAVA_LONG, 0x0123_4567_89ab_cdefL);
                MemorySegment read = arena.allocate(ValueLayout.JAVA_LONG);
                bpf(arena, BPF_MAP_UPDATE_ELEM, element(arena, map, key, written));
                bpf(arena, BPF_MAP_LOOKUP_ELEM, element(arena, map, key, read));
                assertEquals(0x0123_4567_89ab_cdefL, read.get(ValueLayout.JAVA_LONG, 0));
            } finally {
                syscall(arena, SYS_CLOSE, map, MemorySegment.NULL, 0);
            }
        }
    }

    /** Shows how a kernel that lacks a feature skips the test with its reason, as the real suites do. */
    @Test
    void userRingbufMapsExistSinceLinux61() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment create = arena.allocate(ATTR_SIZE);
            create.set(ValueLayout.JAVA_INT, 0, BPF_MAP_TYPE_USER_RINGBUF);
            create.set(ValueLayout.JAVA_INT, 12, 4096); // max_entries: a page, in bytes
            Outcome made = syscall(arena, SYS_BPF, BPF_MAP_CREATE, create, ATTR_SIZE);
            if (made.value() < 0 && made.errno() == EINVAL) {
                abort("kernel lacks BPF_MAP_TYPE_USER_RINGBUF (Linux 6.1)");
            }
            int map = (int) check("BPF_MAP_CREATE", made);
            syscall(arena, SYS_CLOSE, map, MemorySegment.NULL, 0);
        }
    }

    private static MemorySegment element(Arena arena, int map, MemorySegment key, MemorySegment value) {
        MemorySegment attr = arena.allocate(ATTR_SIZE);
        attr.set(ValueLayout.JAVA_INT, 0, map);
        attr.set(ValueLayout.JAVA_LONG, 8, key.address());
        attr.set(ValueLayout.JAVA_LONG, 16, value.address());
        return attr;
    }

    private static long bpf(Arena arena, int command, MemorySegment attr) throws Throwable {
        return check("bpf command " + command, syscall(arena, SYS_BPF, command, attr, ATTR_SIZE));
    }

    private static long check(String what, Outcome outcome) {
        if (outcome.value() < 0 && outcome.errno() == EPERM) {
            abort(what + ": bpf() refused with EPERM");
        }
        if (outcome.value() < 0) {
            throw new AssertionError(what + " failed with errno " + outcome.errno());
        }
        return outcome.value();
    }

    private static Outcome syscall(Arena arena, long number, long first, MemorySegment second, long third)
            throws Throwable {
        MemorySegment state = arena.allocate(CALL_STATE);
        long value = (long) SYSCALL.invokeExact(state, number, first, second, third);
        return new Outcome(value, (int) ERRNO.get(state, 0L));
    }
}
