package dev.ebpf4j.asm;

/** Memory access widths of load, store and atomic instructions, with their encoding. */
public enum Size {
    /** 1 byte, {@code u8}. */
    B(1, 0x10),
    /** 2 bytes, {@code u16}. */
    H(2, 0x08),
    /** 4 bytes, {@code u32}. */
    W(4, 0x00),
    /** 8 bytes, {@code u64}. */
    DW(8, 0x18);

    private final int bytes;
    private final int code;

    Size(int bytes, int code) {
        this.bytes = bytes;
        this.code = code;
    }

    public int bytes() {
        return bytes;
    }

    /** The size bits of the opcode (bits 3–4). */
    public int code() {
        return code;
    }

    /** The size of this many bytes: 1, 2, 4 or 8. */
    public static Size ofBytes(int bytes) {
        for (Size size : values()) {
            if (size.bytes == bytes) {
                return size;
            }
        }
        throw new IllegalArgumentException("no access size of " + bytes + " bytes (1, 2, 4 or 8)");
    }
}
