package dev.ebpf4j.processor.ir;

/**
 * A field of a {@link StructType}: its name (as in Java, a valid C identifier), type (a primitive,
 * or a fixed-size array of one for an {@code @Size} array component) and byte offset.
 */
public record StructField(String name, FieldType type, int offset) {
}
