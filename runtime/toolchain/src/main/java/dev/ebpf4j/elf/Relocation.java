package dev.ebpf4j.elf;

/**
 * One {@code Elf64_Rel} entry.
 *
 * @param offset {@code r_offset}: the byte offset in the relocated section
 * @param symbolIndex index into the symbol table ({@code ELF64_R_SYM})
 * @param type a {@link RelocationType} ({@code ELF64_R_TYPE}, unsigned 32 bits)
 */
public record Relocation(long offset, int symbolIndex, int type) {
    public Relocation {
        if (symbolIndex < 0) {
            throw new IllegalArgumentException("negative symbol index " + symbolIndex);
        }
    }

    public String typeName() {
        return RelocationType.name(type);
    }

    @Override
    public String toString() {
        return "0x" + Long.toHexString(offset) + " " + typeName() + " symbol " + symbolIndex;
    }
}
