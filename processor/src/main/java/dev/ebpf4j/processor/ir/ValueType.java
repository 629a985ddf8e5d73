package dev.ebpf4j.processor.ir;

/** What a map key, map value or ring buffer event is: a primitive or a struct. */
public sealed interface ValueType permits Prim, StructType {
    /** The size in bytes as C lays it out. */
    int size();

    /** The alignment in bytes as C lays it out. */
    int alignment();
}
