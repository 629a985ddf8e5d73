package dev.ebpf4j.program.maps;

import java.util.ArrayList;
import java.util.List;

/**
 * A ring buffer ({@code BPF_MAP_TYPE_RINGBUF}) that a program writes events into and user space
 * reads in order; {@link MapDef#maxEntries()} is its size in bytes (a power of two, a multiple of
 * the page size).
 *
 * @param <E> the event: a record of primitive fields
 */
public final class BpfRingBuffer<E> {
    private final Declaration declaration = Declaration.ofCaller();
    private final List<E> events = new ArrayList<>();

    /** Copies {@code event} into the buffer ({@code bpf_ringbuf_output}); false if it had no room. */
    public synchronized boolean output(E event) {
        declaration.resolve(this);
        if (event == null) throw new NullPointerException("event must not be null");
        events.add(StructCopies.copyIn(event));
        return true;
    }

    /** On the JVM: the events written so far, oldest first, removed from the buffer. */
    public synchronized List<E> drain() {
        List<E> copy = new ArrayList<>(events);
        events.clear();
        return copy;
    }
}
