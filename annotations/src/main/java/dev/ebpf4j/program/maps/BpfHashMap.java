package dev.ebpf4j.program.maps;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hash map ({@code BPF_MAP_TYPE_HASH}) of at most {@link MapDef#maxEntries()} entries; inserting
 * into a full map fails.
 *
 * <pre>{@code
 * @MapDef(maxEntries = 1024)
 * static final BpfHashMap<Integer, Long> packetsByPort = new BpfHashMap<>();
 * }</pre>
 */
public final class BpfHashMap<K, V> extends HashTable<K, V> {
    /** An empty map, sized by the {@link MapDef} of the field it initialises. */
    public BpfHashMap() {
        super(new LinkedHashMap<>(), Slots.SHARED);
    }

    @Override
    boolean makeRoom() {
        return false;
    }

    /** The number of entries. */
    public synchronized int size() {
        return entries.size();
    }

    /** A copy of the entries, in insertion order. */
    public Map<K, V> entries() {
        return copy();
    }
}
