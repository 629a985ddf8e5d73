package dev.ebpf4j.asm;

/**
 * Atomic read-modify-write operations, as encoded in the immediate of an atomic instruction
 * (without the fetch flag {@code 0x01}, which {@link Instruction.Atomic#fetch()} carries).
 */
public enum AtomicOp {
    ADD(0x00),
    OR(0x40),
    AND(0x50),
    XOR(0xa0),
    /** Exchange; always fetches. */
    XCHG(0xe0),
    /** Compare with r0 and exchange; always fetches, the old value lands in r0. */
    CMPXCHG(0xf0);

    /** The fetch flag in the immediate. */
    public static final int FETCH = 0x01;

    private final int code;

    AtomicOp(int code) {
        this.code = code;
    }

    /** The operation bits of the immediate, without {@link #FETCH}. */
    public int code() {
        return code;
    }

    /** XCHG and CMPXCHG exist only in their fetching form. */
    public boolean alwaysFetches() {
        return this == XCHG || this == CMPXCHG;
    }
}
