package dev.ebpf4j.program.maps;

import java.io.Serializable;

/**
 * One {@code int} or {@code long} component of a map's record value, named by a method reference
 * to its accessor: the field {@link EbpfMap#add}, {@link EbpfMap#or}, {@link EbpfMap#and} and
 * {@link EbpfMap#xor} update in place. In a program the compiler reads the reference as the
 * field's offset in the value's C layout; on the JVM the reference is serializable so the maps can
 * tell which component it names. A lambda names no component and is refused.
 *
 * <pre>{@code
 * record FlowStats(long packets, long bytes, int flags) {}
 * flows.add(key, FlowStats::bytes, ctx.length());
 * }</pre>
 *
 * @param <V> the record type of the map's values
 */
@FunctionalInterface
public interface RecordField<V> extends Serializable {
    /** The component's value in {@code record}, widened to {@code long}. */
    long of(V record);
}
