package dev.ebpf4j.processor.ir;

/** What a {@link StructField} holds: a primitive, a fixed-size array of one, or a value's spin lock. */
public sealed interface FieldType extends IrType permits Prim, ArrayType, SpinLockType {
    /** The size in bytes as C lays it out. */
    int size();

    /** The alignment in bytes as C lays it out. */
    int alignment();
}
