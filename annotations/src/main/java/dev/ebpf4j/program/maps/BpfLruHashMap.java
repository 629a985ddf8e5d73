package dev.ebpf4j.program.maps;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A least-recently-used hash map ({@code BPF_MAP_TYPE_LRU_HASH}): inserting into a full map evicts
 * an entry instead of failing. The kernel's LRU is approximate (per-CPU free lists), so which entry
 * goes may differ between the JVM and the kernel once the map is full; below that they agree.
 */
public final class BpfLruHashMap<K, V> extends HashTable<K, V> {
    /** An empty map, sized by the {@link MapDef} of the field it initialises. */
    public BpfLruHashMap() {
        super(new LinkedHashMap<>(16, 0.75f, true), Slots.SHARED);
    }

    @Override
    boolean makeRoom() {
        entries.remove(entries.keySet().iterator().next());
        return true;
    }

    /** The number of entries. */
    public synchronized int size() {
        return entries.size();
    }

    /** A copy of the entries, least recently used first. */
    public Map<K, V> entries() {
        return copy();
    }
}
