package dev.ebpf4j.processor.ir;

/**
 * The in-place updates of one field of a map value ({@code EbpfMap.add}, {@code or}, {@code and},
 * {@code xor}): an atomic read-modify-write where CPUs share the value, a plain one on per-CPU maps;
 * and {@code set}, a store.
 */
public enum FieldUpdate {
    ADD("add", "+"),
    OR("or", "|"),
    AND("and", "&"),
    XOR("xor", "^"),
    /** A plain store of the whole field: one aligned store, which no CPU sees torn, so no atomic instruction. */
    SET("set", "");

    private final String method;
    private final String operator;

    FieldUpdate(String method, String operator) {
        this.method = method;
        this.operator = operator;
    }

    /** The map method that asks for it ({@code add}). */
    public String method() {
        return method;
    }

    /** C's binary operator ({@code +}). */
    public String operator() {
        return operator;
    }

    /** The update a map method names, or null. */
    public static FieldUpdate of(String method) {
        for (FieldUpdate update : values()) if (update.method.equals(method)) return update;
        return null;
    }
}
