package dev.ebpf4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code BPF_BTF_LOAD}: hands a BTF blob to the kernel, with the same log retry as program loads. */
public final class BtfCalls {
    private static final LoggedLoad.LogFields LOG = new LoggedLoad.LogFields(Attr.BtfLoad.LOG_BUF,
            Attr.BtfLoad.LOG_SIZE, Attr.BtfLoad.LOG_LEVEL, Attr.BtfLoad.LOG_TRUE_SIZE);

    private BtfCalls() {}

    /**
     * Loads a raw BTF blob (header, types, strings).
     *
     * @param name what to call the blob in error messages (e.g. the object file's name)
     * @throws VerifierException if the kernel's BTF checker refuses it, with its log
     */
    public static OwnedFd load(byte[] blob, String name) {
        if (blob == null || blob.length == 0) {
            throw new IllegalArgumentException("BTF '" + name + "': empty blob");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Attr.BtfLoad.LAYOUT);
            Attr.BtfLoad.BTF.set(attr, arena.allocateFrom(ValueLayout.JAVA_BYTE, blob).address());
            Attr.BtfLoad.BTF_SIZE.set(attr, blob.length);
            return LoggedLoad.run(BpfCommand.BTF_LOAD, attr, LOG, 1, name, null, null);
        }
    }
}
