package dev.ebpf4j.types;

/** Map types, numbered as in {@code enum bpf_map_type}. */
public enum MapType {
    UNSPEC(0), HASH(1), ARRAY(2), PROG_ARRAY(3), PERF_EVENT_ARRAY(4), PERCPU_HASH(5), PERCPU_ARRAY(6),
    STACK_TRACE(7), CGROUP_ARRAY(8), LRU_HASH(9), LRU_PERCPU_HASH(10), LPM_TRIE(11), ARRAY_OF_MAPS(12),
    HASH_OF_MAPS(13), DEVMAP(14), SOCKMAP(15), CPUMAP(16), XSKMAP(17), SOCKHASH(18), CGROUP_STORAGE(19),
    REUSEPORT_SOCKARRAY(20), PERCPU_CGROUP_STORAGE(21), QUEUE(22), STACK(23), SK_STORAGE(24), DEVMAP_HASH(25),
    STRUCT_OPS(26), RINGBUF(27), INODE_STORAGE(28), TASK_STORAGE(29), BLOOM_FILTER(30), USER_RINGBUF(31),
    CGRP_STORAGE(32), ARENA(33);

    private static final MapType[] BY_NUMBER = values();

    private final int number;

    MapType(int number) {
        this.number = number;
    }

    /** The kernel's number for this type. */
    public int number() {
        return number;
    }

    /** Whether a value holds one slot per possible CPU in user space. */
    public boolean isPerCpu() {
        return this == PERCPU_HASH || this == PERCPU_ARRAY || this == LRU_PERCPU_HASH || this == PERCPU_CGROUP_STORAGE;
    }

    /**
     * Whether the kernel creates maps of this type only with value size 0 (ring buffers), so that a
     * value type in an object names their records instead of a value.
     */
    public boolean hasNoValueSize() {
        return this == RINGBUF || this == USER_RINGBUF;
    }

    /**
     * The type with this kernel number.
     *
     * @throws IllegalArgumentException for numbers newer than this enum
     */
    public static MapType of(int number) {
        if (number < 0 || number >= BY_NUMBER.length) {
            throw new IllegalArgumentException("unknown map type number " + number);
        }
        return BY_NUMBER[number];
    }
}
