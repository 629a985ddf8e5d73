package dev.ebpf4j.asm;

/**
 * What the 64-bit immediate of an {@code ld_imm64} means, selected by its src register field.
 * The loader rewrites the pseudo forms into kernel pointers.
 */
public enum PseudoSource {
    /** A plain 64-bit constant. */
    IMM(0),
    /** The immediate is a map file descriptor; the register receives the map pointer. */
    MAP_FD(1),
    /** Low 32 bits a map fd, high 32 bits an offset; the register receives a pointer into the map's value. */
    MAP_VALUE(2),
    /** A kernel BTF id of a variable (ksym). */
    BTF_ID(3),
    /** The immediate is a relative instruction offset of a bpf-to-bpf function: a function pointer. */
    FUNC(4),
    /** Like {@link #MAP_FD}, but an index into the fd array passed at load time. */
    MAP_IDX(5),
    /** Like {@link #MAP_VALUE}, but with an index into the fd array. */
    MAP_IDX_VALUE(6);

    private final int code;

    PseudoSource(int code) {
        this.code = code;
    }

    /** The value of the src register field. */
    public int code() {
        return code;
    }

    public static PseudoSource of(int code) {
        for (PseudoSource source : values()) {
            if (source.code == code) {
                return source;
            }
        }
        throw new IllegalArgumentException("no ld_imm64 pseudo source " + code);
    }
}
