package dev.ebpf4j.processor.ir;

/**
 * A fixed-size array of a primitive: a record component annotated {@code @Size(length)} (a C
 * array member of a struct), or a local {@code new T[length]} with a constant length (a zeroed
 * stack area). An array is never a register value: a local of this type names its memory.
 *
 * @param element the element type (not VOID)
 * @param length  the element count, positive
 */
public record ArrayType(Prim element, int length) implements FieldType {
    public ArrayType {
        if (element == Prim.VOID) throw new IllegalArgumentException("an array of void");
        if (length <= 0) throw new IllegalArgumentException("an array of " + length + " elements");
    }

    @Override
    public int size() {
        return element.size() * length;
    }

    @Override
    public int alignment() {
        return element.alignment();
    }

    /** As Java writes it: {@code byte[16]}. */
    @Override
    public String toString() {
        return element.javaName() + "[" + length + "]";
    }
}
