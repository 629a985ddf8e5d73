package dev.ebpf4j.processor.ir;

/**
 * Java's integral primitives and boolean, with the width each has in memory (map keys, values,
 * struct fields). In registers, BOOLEAN, BYTE, SHORT, CHAR and INT are 32-bit values (the first
 * four already narrowed: byte and short sign-extended, char zero-extended, boolean 0 or 1) and
 * LONG is 64-bit. VOID is the type of expressions evaluated for their effect only.
 */
public enum Prim implements IrType, ValueType, FieldType {
    BOOLEAN(1, "boolean", "__u8"),
    BYTE(1, "byte", "__s8"),
    SHORT(2, "short", "__s16"),
    CHAR(2, "char", "__u16"),
    INT(4, "int", "__s32"),
    LONG(8, "long", "__s64"),
    VOID(0, "void", "void");

    private final int size;
    private final String javaName;
    private final String cName;

    Prim(int size, String javaName, String cName) {
        this.size = size;
        this.javaName = javaName;
        this.cName = cName;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int alignment() {
        return Math.max(size, 1);
    }

    /** The Java keyword. */
    public String javaName() {
        return javaName;
    }

    /** The C type of a struct field or map key/value of this type (from the program's header). */
    public String cName() {
        return cName;
    }

    /** True for LONG, the only type computed in 64-bit registers. */
    public boolean wide() {
        return this == LONG;
    }

    /** The type Java computes with after unary promotion: LONG stays, BOOLEAN stays, the rest become INT. */
    public Prim promoted() {
        return switch (this) {
            case LONG, BOOLEAN, VOID -> this;
            default -> INT;
        };
    }

    /** {@code value} reduced to this type as Java would (narrowing with sign or zero extension). */
    public long normalize(long value) {
        return switch (this) {
            case BOOLEAN -> value != 0 ? 1 : 0;
            case BYTE -> (byte) value;
            case SHORT -> (short) value;
            case CHAR -> (char) value;
            case INT -> (int) value;
            case LONG -> value;
            case VOID -> 0;
        };
    }
}
