package dev.ebpf4j.elf;

/** Bits of {@code sh_flags}, and the one-letter keys llvm-readelf prints for them. */
public final class SectionFlags {
    public static final long WRITE = 0x1;
    public static final long ALLOC = 0x2;
    public static final long EXECINSTR = 0x4;
    public static final long MERGE = 0x10;
    public static final long STRINGS = 0x20;
    public static final long INFO_LINK = 0x40;
    public static final long LINK_ORDER = 0x80;
    public static final long OS_NONCONFORMING = 0x100;
    public static final long GROUP = 0x200;
    public static final long TLS = 0x400;
    public static final long COMPRESSED = 0x800;
    /** GNU's "exclude from the link" bit, which LLVM sets on {@code .llvm_addrsig}. */
    public static final long EXCLUDE = 0x8000_0000L;

    private static final long[] BITS = {WRITE, ALLOC, EXECINSTR, MERGE, STRINGS, INFO_LINK, LINK_ORDER,
            OS_NONCONFORMING, GROUP, TLS, COMPRESSED, EXCLUDE};
    private static final char[] KEYS = {'W', 'A', 'X', 'M', 'S', 'I', 'L', 'O', 'G', 'T', 'C', 'E'};

    private SectionFlags() {}

    /**
     * The flags as llvm-readelf's {@code Flg} column shows them, e.g. {@code "AX"} for
     * {@code ALLOC | EXECINSTR}; bits without a letter print as {@code x}.
     */
    public static String keys(long flags) {
        StringBuilder out = new StringBuilder();
        long rest = flags;
        for (int i = 0; i < BITS.length; i++) {
            if ((flags & BITS[i]) != 0) {
                out.append(KEYS[i]);
                rest &= ~BITS[i];
            }
        }
        if (rest != 0) {
            out.append('x');
        }
        return out.toString();
    }
}
