package dev.ebpf4j.processor.ir;

/** The map kinds a program may declare, each named after its {@code BPF_MAP_TYPE_*} and its Java class. */
public enum MapKind {
    HASH("BPF_MAP_TYPE_HASH", "BpfHashMap", false, false),
    LRU_HASH("BPF_MAP_TYPE_LRU_HASH", "BpfLruHashMap", false, false),
    ARRAY("BPF_MAP_TYPE_ARRAY", "BpfArray", false, true),
    PERCPU_HASH("BPF_MAP_TYPE_PERCPU_HASH", "BpfPerCpuHashMap", true, false),
    PERCPU_ARRAY("BPF_MAP_TYPE_PERCPU_ARRAY", "BpfPerCpuArray", true, true),
    RINGBUF("BPF_MAP_TYPE_RINGBUF", "BpfRingBuffer", false, false),
    /** Keys are {@link LpmKeys} structs: the prefix length, then the address big-endian; see there. */
    LPM_TRIE("BPF_MAP_TYPE_LPM_TRIE", "BpfLpmTrie", false, false);

    private final String cName;
    private final String javaName;
    private final boolean perCpu;
    private final boolean array;

    MapKind(String cName, String javaName, boolean perCpu, boolean array) {
        this.cName = cName;
        this.javaName = javaName;
        this.perCpu = perCpu;
        this.array = array;
    }

    /** The kernel's enum constant. */
    public String cName() {
        return cName;
    }

    /** The simple name of the class in {@code dev.ebpf4j.program.maps}. */
    public String javaName() {
        return javaName;
    }

    /** True if each key holds one value per CPU (no atomics needed for increments). */
    public boolean perCpu() {
        return perCpu;
    }

    /** True for arrays: int keys 0 to maxEntries - 1, always present, never removed. */
    public boolean array() {
        return array;
    }
}
