package dev.ebpf4j.processor.ir;

/** A pointer to a value inside a map (the result of a lookup), or null. */
public record ValuePointer(MapDecl map) implements IrType {
}
