package dev.ebpf4j.maps.typed;

import dev.ebpf4j.maps.MapSpec;
import dev.ebpf4j.sys.MappedMemory;
import dev.ebpf4j.types.MapType;

/**
 * Creating {@code RINGBUF} maps, whose size (max entries, in bytes) the kernel requires to be a
 * power of two and a multiple of the page size.
 *
 * <pre>{@code
 * try (BpfMap events = BpfMap.create(RingBuffers.spec("events", 256 * 1024))) { ... }
 * }</pre>
 */
public final class RingBuffers {
    private RingBuffers() {}

    /**
     * A ring buffer of {@code bytes} bytes.
     *
     * @throws IllegalArgumentException if the size is not a power-of-two multiple of the page size
     */
    public static MapSpec spec(String name, int bytes) {
        long page = MappedMemory.pageSize();
        if (bytes <= 0 || Integer.bitCount(bytes) != 1 || bytes % page != 0) {
            throw new IllegalArgumentException("ring buffer '" + name + "': size " + bytes
                    + " must be a power of two and a multiple of the page size " + page);
        }
        return MapSpec.of(MapType.RINGBUF, 0, 0, bytes).withName(name);
    }
}
