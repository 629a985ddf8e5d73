package dev.ebpf4j.processor.ir;

/** A field of a {@link StructType}: its name (as in Java, a valid C identifier), type and byte offset. */
public record StructField(String name, Prim type, int offset) {
}
