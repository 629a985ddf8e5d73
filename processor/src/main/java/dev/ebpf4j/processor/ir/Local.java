package dev.ebpf4j.processor.ir;

/**
 * A local variable or parameter of a function. Ids are unique within a function; names are the
 * Java names made unique and valid in C (an inlined callee's locals get a suffix).
 */
public record Local(int id, String name, IrType type) {
}
