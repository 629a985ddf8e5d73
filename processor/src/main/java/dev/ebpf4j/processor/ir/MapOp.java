package dev.ebpf4j.processor.ir;

/** What a {@link Expr.MapCall} does, after the methods of {@code EbpfMap} and {@code BpfRingBuffer}. */
public enum MapOp {
    /** {@code get}: a pointer to the value, or null ({@code bpf_map_lookup_elem}). */
    LOOKUP,
    /** {@code containsKey}. */
    CONTAINS_KEY,
    /** {@code put}: BPF_ANY; true if stored. */
    PUT,
    /** {@code putIfAbsent}: BPF_NOEXIST; true if stored. */
    PUT_IF_ABSENT,
    /** {@code remove}: true if an element was deleted. */
    REMOVE,
    /** {@code increment}: add the LONG delta (atomically unless per-CPU), inserting it into a hash map where absent. */
    INCREMENT,
    /** {@code BpfRingBuffer.output}: copy the event into the ring buffer; true if there was room. */
    OUTPUT;

    /** The type of the call's value. */
    public IrType resultType(MapDecl map) {
        return switch (this) {
            case LOOKUP -> new ValuePointer(map);
            case INCREMENT -> Prim.VOID;
            default -> Prim.BOOLEAN;
        };
    }
}
