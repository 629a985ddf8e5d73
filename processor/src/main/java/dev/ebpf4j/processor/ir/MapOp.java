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
    OUTPUT,
    /** {@code output(event, Wakeup.NO_WAKEUP)}: as OUTPUT, with {@code BPF_RB_NO_WAKEUP}. */
    OUTPUT_NO_WAKEUP,
    /** {@code output(event, Wakeup.FORCE_WAKEUP)}: as OUTPUT, with {@code BPF_RB_FORCE_WAKEUP}. */
    OUTPUT_FORCE_WAKEUP;

    /** Whether this writes into a ring buffer ({@code bpf_ringbuf_output}). */
    public boolean output() {
        return this == OUTPUT || this == OUTPUT_NO_WAKEUP || this == OUTPUT_FORCE_WAKEUP;
    }

    /** The {@code flags} of {@code bpf_ringbuf_output} for an output: 0, BPF_RB_NO_WAKEUP (1), BPF_RB_FORCE_WAKEUP (2). */
    public int ringBufferFlags() {
        return switch (this) {
            case OUTPUT_NO_WAKEUP -> 1;
            case OUTPUT_FORCE_WAKEUP -> 2;
            default -> 0;
        };
    }

    /** The type of the call's value. */
    public IrType resultType(MapDecl map) {
        return switch (this) {
            case LOOKUP -> new ValuePointer(map);
            case INCREMENT -> Prim.VOID;
            default -> Prim.BOOLEAN;
        };
    }
}
