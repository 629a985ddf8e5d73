package dev.ebpf4j.asm;

/** What a {@code call} instruction calls, selected by its src register field. */
public enum CallKind {
    /** A kernel helper by number ({@code call 1} is {@code bpf_map_lookup_elem}). */
    HELPER(0),
    /** A bpf-to-bpf call; the immediate is the callee's offset relative to the next instruction. */
    FUNCTION(1),
    /** A kernel function by BTF id; the offset field selects the module's BTF (0 for vmlinux). */
    KFUNC(2);

    private final int code;

    CallKind(int code) {
        this.code = code;
    }

    /** The value of the src register field. */
    public int code() {
        return code;
    }
}
