package dev.ebpf4j.processor.ir;

/**
 * The type of an expression or a local: a primitive, a packet view (a bounds-checked packet
 * pointer that may be null), a pointer to a map value (may be null), a hook's context, or a
 * struct (only as a map key, value or event being built), or a fixed-size array ({@link ArrayType}:
 * a record component or a stack-allocated local, never a register value).
 */
public sealed interface IrType permits Prim, ViewKind, ValuePointer, ContextType, StructType, FieldType {
    /** True for the types whose values may be null: views and value pointers. */
    default boolean nullable() {
        return this instanceof ViewKind || this instanceof ValuePointer;
    }
}
