package dev.ebpf4j.program.maps;

/**
 * An array ({@code BPF_MAP_TYPE_ARRAY}) of {@link MapDef#maxEntries()} elements indexed from 0,
 * each present from the start with all bytes zero. Elements cannot be removed, and an index
 * outside the array has no value.
 */
public final class BpfArray<V> extends ArrayTable<V> {
    /** An array of zeros, sized by the {@link MapDef} of the field it initialises. */
    public BpfArray() {
        super(Slots.SHARED);
    }
}
