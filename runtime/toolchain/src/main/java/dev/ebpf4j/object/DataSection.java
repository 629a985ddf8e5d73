package dev.ebpf4j.object;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A global-data section: {@code .data}, {@code .rodata}, {@code .bss} or one of their
 * {@code .data.*}, {@code .rodata.*}, {@code .bss.*} variants, which the loader turns into a
 * single-entry array map ({@code .rodata} frozen). A {@code .bss} section has a size and no bytes.
 *
 * <pre>{@code
 * DataSection rodata = DataSection.of(".rodata", new byte[] {1, 0, 0, 0},
 *         new DataSection.Variable("threshold", 0, 4, intTypeId));
 * DataSection bss = DataSection.bss(".bss", 16, new DataSection.Variable("packets", 0, 8, u64TypeId));
 * }</pre>
 *
 * @param name the ELF section name
 * @param size the size in bytes
 * @param contents the initial bytes ({@code size} of them), empty for a {@code .bss} section
 * @param variables the variables in the section, by offset
 */
public record DataSection(String name, int size, byte[] contents, List<Variable> variables) {
    /** What a data section becomes at load time. */
    public enum Kind {
        /** {@code .data}: writable, initialised. */
        DATA,
        /** {@code .rodata}: initialised, frozen after load. */
        RODATA,
        /** {@code .bss}: writable, zero-filled; no bytes in the file. */
        BSS
    }

    /**
     * A global variable in a data section.
     *
     * @param name the symbol and BTF variable name
     * @param offset the byte offset in the section
     * @param size the size in bytes
     * @param typeId the BTF id of the variable's type (not of its VAR), 0 if the object has no BTF for it
     */
    public record Variable(String name, int offset, int size, int typeId) {
        public Variable {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a variable needs a name");
            }
            if (offset < 0 || size < 0 || typeId < 0) {
                throw new IllegalArgumentException("variable " + name + ": offset " + offset + ", size " + size
                        + " and type id " + typeId + " must not be negative");
            }
        }
    }

    public DataSection {
        Objects.requireNonNull(name, "name");
        contents = contents.clone();
        variables = List.copyOf(variables);
        Kind kind = kindOf(name);
        if (kind == null) {
            throw new IllegalArgumentException("section " + name + " is not .data, .rodata, .bss or one of their .<name> variants");
        }
        if (size < 0) {
            throw new IllegalArgumentException("section " + name + ": negative size " + size);
        }
        if (kind == Kind.BSS ? contents.length != 0 : contents.length != size) {
            throw new IllegalArgumentException("section " + name + " of size " + size + " cannot hold " + contents.length
                    + " bytes" + (kind == Kind.BSS ? " (a .bss section has no bytes)" : ""));
        }
        for (Variable v : variables) {
            if ((long) v.offset() + v.size() > size) {
                throw new IllegalArgumentException("variable " + v.name() + " at " + v.offset() + " of " + v.size()
                        + " bytes reaches past the " + size + " bytes of " + name);
            }
        }
    }

    public static DataSection of(String name, byte[] contents, Variable... variables) {
        return new DataSection(name, contents.length, contents, List.of(variables));
    }

    public static DataSection bss(String name, int size, Variable... variables) {
        return new DataSection(name, size, new byte[0], List.of(variables));
    }

    /** The kind a section name stands for, or {@code null} if it is not a data section's name. */
    public static Kind kindOf(String sectionName) {
        for (Kind kind : Kind.values()) {
            String base = switch (kind) {
                case DATA -> ".data";
                case RODATA -> ".rodata";
                case BSS -> ".bss";
            };
            if (sectionName.startsWith(base) && (sectionName.length() == base.length()
                    || sectionName.charAt(base.length()) == '.' && sectionName.length() > base.length() + 1)) {
                return kind;
            }
        }
        return null;
    }

    public Kind kind() {
        return kindOf(name);
    }

    /** A copy of the initial bytes; zeros for {@code .bss}. */
    public byte[] initialValue() {
        return kind() == Kind.BSS ? new byte[size] : contents.clone();
    }

    @Override
    public byte[] contents() {
        return contents.clone();
    }

    public java.util.Optional<Variable> variable(String variableName) {
        return variables.stream().filter(v -> v.name().equals(variableName)).findFirst();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DataSection d && name.equals(d.name) && size == d.size
                && Arrays.equals(contents, d.contents) && variables.equals(d.variables);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, size, Arrays.hashCode(contents), variables);
    }

    @Override
    public String toString() {
        String bytes = contents.length <= 16 ? HexFormat.of().formatHex(contents) : contents.length + " bytes";
        return "DataSection[" + name + ", size=" + size + ", contents=" + bytes + ", variables=" + variables + "]";
    }
}
