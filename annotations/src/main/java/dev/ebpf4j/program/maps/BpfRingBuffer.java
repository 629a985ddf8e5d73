package dev.ebpf4j.program.maps;

import java.util.ArrayList;
import java.util.List;

/**
 * A ring buffer ({@code BPF_MAP_TYPE_RINGBUF}) that a program writes events into and user space
 * reads in order; {@link MapDef#maxEntries()} is its size in bytes (a power of two, a multiple of
 * the page size).
 *
 * <p>A ring buffer has no counter of lost events: {@link #output} returns false when there was no
 * room, and a program that must know counts those refusals itself, in a per-CPU array:
 *
 * <pre>{@code
 * @MapDef(maxEntries = 256 * 1024) static final BpfRingBuffer<Event> events = new BpfRingBuffer<>();
 * @MapDef(maxEntries = 1) static final BpfPerCpuArray<Long> lost = new BpfPerCpuArray<>();
 *
 * if (!events.output(new Event(port, now))) lost.increment(0);
 * }</pre>
 *
 * <p>Room is counted as the kernel counts it: each event takes an 8-byte header plus the size of
 * its C struct rounded up to a multiple of 8, and the buffer takes events while their total stays
 * below its size (it is never filled completely). On the JVM {@link #drain()} frees everything;
 * in the kernel the reader frees what it has read.
 *
 * @param <E> the event: a record of primitive fields
 */
public final class BpfRingBuffer<E> {
    /** The kernel's record header: {@code u32 len} (with the busy and discard bits), {@code u32 pg_off}. */
    static final int HEADER = 8;

    private final Declaration declaration = Declaration.ofCaller();
    private final List<E> events = new ArrayList<>();
    private long used;

    /**
     * Whether writing an event wakes a reader waiting for events ({@code epoll}): the flags of
     * {@code bpf_ringbuf_output}.
     *
     * <pre>{@code
     * events.output(event, Wakeup.NO_WAKEUP);      // many small events: let the reader batch them
     * events.output(last, Wakeup.FORCE_WAKEUP);    // then wake it for the lot
     * }</pre>
     *
     * <p>A reader that is not woken still finds the events when it next looks (its poll's timeout,
     * or a later wake-up). The kernel's caveat: a record that is left for the reader without a
     * wake-up (written with {@link #NO_WAKEUP}, or discarded) must still be consumed before the
     * default wake-up works again, because the kernel wakes the reader only when the record it
     * commits is the first one the reader has not read; until then the reader sleeps to its timeout.
     * On the JVM the choice changes nothing: the event is in the buffer either way.
     */
    public enum Wakeup {
        /** No flag: the kernel wakes the reader when it has read everything before this event (the default). */
        ADAPTIVE(0),
        /** {@code BPF_RB_NO_WAKEUP}: never wake the reader for this event. */
        NO_WAKEUP(1),
        /** {@code BPF_RB_FORCE_WAKEUP}: always wake the reader for this event. */
        FORCE_WAKEUP(2);

        private final int flags;

        Wakeup(int flags) {
            this.flags = flags;
        }

        /** The helper's {@code flags} argument. */
        public int flags() {
            return flags;
        }
    }

    /**
     * Copies {@code event} into the buffer ({@code bpf_ringbuf_output}); the kernel decides whether
     * to wake the reader ({@link Wakeup#ADAPTIVE}).
     *
     * @return true if it was written; false if the buffer had no room (the event is lost)
     */
    public boolean output(E event) {
        return output(event, Wakeup.ADAPTIVE);
    }

    /**
     * Copies {@code event} into the buffer ({@code bpf_ringbuf_output} with the flags of
     * {@code wakeup}, which must be a constant in a program).
     *
     * @return true if it was written; false if the buffer had no room (the event is lost)
     */
    public synchronized boolean output(E event, Wakeup wakeup) {
        if (wakeup == null) throw new NullPointerException("wakeup must not be null");
        declaration.resolve(this);
        if (event == null) throw new NullPointerException("event must not be null");
        long room = recordSpace(event.getClass());
        if (used + room > declaration.maxEntries() - 1L) return false;
        events.add(StructCopies.copyIn(event));
        used += room;
        return true;
    }

    /** On the JVM: the events written so far, oldest first, removed from the buffer (which frees their room). */
    public synchronized List<E> drain() {
        List<E> copy = new ArrayList<>(events);
        events.clear();
        used = 0;
        return copy;
    }

    /** Bytes one event of {@code type} takes in a ring buffer: the header and its C size rounded up to 8. */
    static long recordSpace(Class<?> type) {
        return HEADER + ((CStructSize.of(type) + 7L) & ~7L);
    }
}
