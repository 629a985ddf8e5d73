package dev.ebpf4j.processor.frontend;

import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.ValueType;

import java.util.List;

/** What a Java variable is in the IR. */
sealed interface Binding {
    /** A primitive, view, context or verdict: one local. */
    record Scalar(Local local) implements Binding {
    }

    /**
     * A boxed primitive or a record (a map value copied out at its get, a key being built): a
     * BOOLEAN local that is false where Java's reference is null, and one local per field (one
     * for a boxed primitive), scalar-replaced.
     */
    record Aggregate(ValueType type, Local present, List<Local> parts) implements Binding {
        public Aggregate {
            parts = List.copyOf(parts);
        }
    }
}
