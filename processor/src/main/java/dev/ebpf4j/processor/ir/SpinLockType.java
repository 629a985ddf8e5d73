package dev.ebpf4j.processor.ir;

/**
 * A record component of type {@code SpinLock}: C's {@code struct bpf_spin_lock} (one 4-byte word),
 * which the kernel finds in the value's BTF and lets a program reach only through the
 * {@code bpf_spin_lock}/{@code bpf_spin_unlock} helpers ({@link Stmt.Locked}), never by a load or
 * store. A value holds at most one.
 */
public enum SpinLockType implements FieldType {
    INSTANCE;

    /** The record type's binary name in the program API. */
    public static final String JAVA_NAME = "dev.ebpf4j.program.maps.SpinLock";

    @Override
    public int size() {
        return 4;
    }

    @Override
    public int alignment() {
        return 4;
    }

    /** The lock field of {@code struct}, or null if it holds none. */
    public static StructField of(StructType struct) {
        for (StructField field : struct.fields()) if (field.type() == INSTANCE) return field;
        return null;
    }

    /** The lock field of a record {@code value}, or null if it is no record or holds none. */
    public static StructField of(ValueType value) {
        return value instanceof StructType struct ? of(struct) : null;
    }

    @Override
    public String toString() {
        return "SpinLock";
    }
}
