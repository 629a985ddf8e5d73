package dev.ebpf4j.processor.ir;

/** What a {@link StructField} holds: a primitive or a fixed-size array of one. */
public sealed interface FieldType extends IrType permits Prim, ArrayType {
    /** The size in bytes as C lays it out. */
    int size();

    /** The alignment in bytes as C lays it out. */
    int alignment();
}
