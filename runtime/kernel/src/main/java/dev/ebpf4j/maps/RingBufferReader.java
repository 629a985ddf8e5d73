package dev.ebpf4j.maps;

import dev.ebpf4j.sys.Epoll;
import dev.ebpf4j.sys.EventFd;
import dev.ebpf4j.sys.MappedMemory;
import dev.ebpf4j.types.MapType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads the records programs write into one or more ring buffers ({@code BPF_MAP_TYPE_RINGBUF}),
 * in place: the handler reads each record where the kernel wrote it, through a read-only view of
 * the ring's memory, valid during the call, with no copy and no allocation per record.
 *
 * <pre>{@code
 * try (RingBufferReader reader = RingBufferReader.of(object.map("events"))) {
 *     while (running) {
 *         reader.poll((data, offset, length, ring) -> total += data.get(ValueLayout.JAVA_LONG, offset),
 *                 Duration.ofSeconds(1));
 *     }
 * }
 * }</pre>
 *
 * <p>Each ring buffer is mapped as the kernel lays it out: the consumer position's page read-write,
 * the producer position's page and the data area after it read-only, the data pages mapped twice
 * in a row so that a record running past the end of the area is still contiguous. Records a program
 * reserved and has not submitted yet stop the reading there (the kernel wakes the reader when they
 * are submitted); records it discarded are skipped.
 *
 * <p>One thread polls; {@link #wakeup()} and {@link #close()} may be called from any thread. A
 * blocked {@link #poll} pins a virtual thread's carrier (it waits in a native call), so poll from a
 * platform thread. The reader borrows the maps: the mappings keep the ring buffers alive, and the
 * caller closes the map handles when it likes.
 */
public final class RingBufferReader implements AutoCloseable {
    /**
     * What a reader does with each record. The record is given as the ring's data and where in it
     * the record lies, not as a slice of its own: a slice is an object, and once a reader has more
     * than one handler the JIT cannot inline the call and remove it, so every record would cost
     * one; {@code data.asSlice(offset, length)} is the record's view when one is wanted.
     */
    @FunctionalInterface
    public interface RecordHandler {
        /**
         * Handles one record: the {@code length} bytes the program wrote, at {@code offset} of
         * {@code data} (8-aligned, so aligned reads of the program's struct work), contiguous even
         * where the record wraps around the ring's end. {@code data} is read-only and valid only
         * during this call (copy what must outlive it). {@code ring} is the index of the ring
         * buffer in {@link RingBufferReader#of}. An exception propagates out of
         * {@code poll}/{@code consume}; the record counts as consumed.
         */
        void handle(MemorySegment data, long offset, int length, int ring);
    }

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final int BUSY_BIT = 0x8000_0000;
    private static final int DISCARD_BIT = 0x4000_0000;
    private static final int LENGTH_MASK = 0x3fff_ffff;
    private static final int HEADER = 8;
    private static final int WAKE_TOKEN = -1;
    /**
     * The longest single wait in epoll: how soon an interrupt is noticed, and the safety net the
     * research on missed wake-ups recommends besides the fences.
     */
    private static final int SLICE_MILLIS = 200;

    /** One mapped ring buffer. */
    private static final class Ring {
        final String name;
        final MemorySegment consumer;
        final MemorySegment producer;
        final MemorySegment data;
        final long mask;
        final long size;
        /** Our consumer position; we are its only writer, so it need not be read back. */
        long position;
        /** What the kernel last saw of {@link #position}. */
        long published;

        Ring(String name, MemorySegment consumer, MemorySegment producer, MemorySegment data, long size) {
            this.name = name;
            this.consumer = consumer;
            this.producer = producer;
            this.data = data;
            this.size = size;
            this.mask = size - 1;
            this.position = (long) LONG.getAcquire(consumer, 0L);
            this.published = position;
        }
    }

    private final Ring[] rings;
    private final Arena arena;
    private final Epoll epoll;
    private final EventFd wake;
    private final ReentrantLock polling = new ReentrantLock();
    private volatile boolean closing;
    private boolean released;
    private volatile long records;
    private volatile long bytes;
    private volatile long discarded;

    private RingBufferReader(Ring[] rings, Arena arena, Epoll epoll, EventFd wake) {
        this.rings = rings;
        this.arena = arena;
        this.epoll = epoll;
        this.wake = wake;
    }

    /**
     * A reader of {@code maps}, every one a ring buffer; the handler's {@code ring} argument is the
     * index of the map here.
     *
     * @throws IllegalArgumentException if a map is not a ring buffer, or none is given
     * @throws dev.ebpf4j.errors.BpfException if the kernel refuses a mapping or the epoll set
     */
    public static RingBufferReader of(MapHandle... maps) {
        return of(List.of(maps));
    }

    /** A reader of {@code maps}, in this order; see {@link #of(MapHandle...)}. */
    public static RingBufferReader of(List<MapHandle> maps) {
        if (maps.isEmpty()) throw new IllegalArgumentException("a ring buffer reader needs at least one ring buffer");
        for (MapHandle map : maps) checkRingBuffer(map);
        Arena arena = Arena.ofShared();
        Epoll epoll = null;
        EventFd wake = null;
        try {
            epoll = Epoll.create(maps.size() + 1);
            wake = EventFd.create();
            epoll.addReadable(wake.fd(), WAKE_TOKEN);
            Ring[] rings = new Ring[maps.size()];
            for (int i = 0; i < rings.length; i++) {
                rings[i] = map(maps.get(i), arena);
                epoll.addReadable(maps.get(i).fd(), i);
            }
            return new RingBufferReader(rings, arena, epoll, wake);
        } catch (RuntimeException e) {
            if (epoll != null) epoll.close();
            if (wake != null) wake.close();
            arena.close();
            throw e;
        }
    }

    static void checkRingBuffer(MapHandle map) {
        if (map.type() != MapType.RINGBUF) {
            throw new IllegalArgumentException("map '" + map.name() + "' is a " + map.type()
                    + " map, not a RINGBUF: only ring buffers have records to read");
        }
    }

    private static Ring map(MapHandle map, Arena arena) {
        long page = MappedMemory.pageSize();
        long size = Integer.toUnsignedLong(map.maxEntries());
        if (Long.bitCount(size) != 1 || size % page != 0) {
            throw new IllegalArgumentException("ring buffer '" + map.name() + "': " + size
                    + " bytes is not a power of two and a multiple of the page size " + page);
        }
        MemorySegment consumer = MappedMemory.map(map.fd(), 0, page, true, arena);
        // the producer's page, then the data pages twice: a record that wraps is contiguous
        MemorySegment producer = MappedMemory.map(map.fd(), page, page + 2 * size, false, arena);
        return new Ring(map.name(), consumer, producer, producer.asSlice(page, 2 * size), size);
    }

    /**
     * Hands every record already written to {@code handler}, without waiting.
     *
     * @return how many records were handled (discarded ones are skipped, not counted)
     * @throws IllegalStateException if the reader is closed
     */
    public int consume(RecordHandler handler) {
        return consume(handler, Integer.MAX_VALUE);
    }

    /**
     * Hands at most {@code max} of the records already written to {@code handler}, without
     * waiting; the rest stay in the ring buffer for the next call (libbpf's
     * {@code ring_buffer__consume_n}).
     */
    public int consume(RecordHandler handler, int max) {
        Objects.requireNonNull(handler, "handler");
        checkMax(max);
        polling.lock();
        try {
            ensureOpen();
            return consumeAll(handler, max);
        } finally {
            unlock();
        }
    }

    /**
     * Hands records to {@code handler}, waiting up to {@code timeout} for the first if none is
     * there. Returns as soon as some were handled, when the timeout passes, or when
     * {@link #wakeup()} is called (then possibly with 0).
     *
     * @return how many records were handled; 0 on timeout or wake-up
     * @throws IllegalStateException if the reader is closed, or was closed while waiting
     * @throws InterruptedException if the thread is interrupted before or while waiting (noticed
     *     within 200 ms); records already handled stay consumed
     */
    public int poll(RecordHandler handler, Duration timeout) throws InterruptedException {
        return poll(handler, timeout, Integer.MAX_VALUE);
    }

    /** As {@link #poll(RecordHandler, Duration)}, handing out at most {@code max} records. */
    public int poll(RecordHandler handler, Duration timeout, int max) throws InterruptedException {
        Objects.requireNonNull(handler, "handler");
        checkMax(max);
        if (timeout.isNegative()) throw new IllegalArgumentException("negative timeout " + timeout);
        long deadline = System.nanoTime() + saturatedNanos(timeout);
        polling.lock();
        try {
            ensureOpen();
            while (true) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while polling ring buffer " + names());
                }
                int handled = consumeAll(handler, max);
                if (handled > 0) return handled;
                long left = deadline - System.nanoTime();
                if (left <= 0) return 0;
                int ready = epoll.await((int) Math.min(SLICE_MILLIS, (left + 999_999) / 1_000_000));
                for (int i = 0; i < ready; i++) {
                    if (epoll.token(i) == WAKE_TOKEN) {
                        wake.drain();
                        ensureOpen();
                        return consumeAll(handler, max);
                    }
                }
            }
        } finally {
            unlock();
        }
    }

    /** Makes the current {@link #poll} (or the next one, if none is waiting) return; any thread. */
    public void wakeup() {
        wake.signal();
    }

    /** Records handed to handlers so far. */
    public long records() {
        return records;
    }

    /** Bytes of the records handed to handlers so far (their lengths, without headers). */
    public long bytes() {
        return bytes;
    }

    /** Records skipped because their program discarded them. */
    public long discarded() {
        return discarded;
    }

    /** Bytes written and not yet consumed in ring buffer {@code ring} (a snapshot). */
    public long pending(int ring) {
        Ring r = rings[ring];
        return (long) LONG.getAcquire(r.producer, 0L) - (long) LONG.getAcquire(r.consumer, 0L);
    }

    /** How many ring buffers this reader reads. */
    public int rings() {
        return rings.length;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closing;
    }

    /**
     * Unmaps the ring buffers and closes the epoll set. Safe from any thread: a waiting
     * {@link #poll} is woken and throws, a running {@code consume} is waited for; from inside a
     * handler, the records already seen in the current pass are still handed out and the release
     * happens when the handler's {@code poll} or {@code consume} returns. Later calls do nothing.
     */
    @Override
    public void close() {
        if (closing) return;
        closing = true;
        wake.signal();
        if (polling.isHeldByCurrentThread()) return;
        polling.lock();
        try {
            release();
        } finally {
            polling.unlock();
        }
    }

    private void unlock() {
        try {
            if (closing && polling.getHoldCount() == 1) release();
        } finally {
            polling.unlock();
        }
    }

    private void release() {
        if (released) return;
        released = true;
        epoll.close();
        wake.close();
        arena.close();
    }

    private void ensureOpen() {
        if (closing) throw new IllegalStateException("ring buffer reader of " + names() + " is closed");
    }

    private int consumeAll(RecordHandler handler, int max) {
        int handled = 0;
        for (int i = 0; i < rings.length && !closing && handled < max; i++) handled += consume(rings[i], i, handler, max - handled);
        return handled;
    }

    private static void checkMax(int max) {
        if (max <= 0) throw new IllegalArgumentException("at most " + max + " records: give a positive number");
    }

    /**
     * The consumer loop of libbpf's {@code ringbuf_process_ring}, with the two fences that keep a
     * wake-up from being lost.
     *
     * <p>The kernel decides to wake us when a program submits a record: it reads our consumer
     * position and wakes us if we are sitting exactly at that record. We decide to sleep after
     * reading its producer position (or a busy header) and finding nothing. A release store of our
     * position followed by an acquire load of the producer's lets the load pass the store
     * (store-load reordering, allowed even on x86): the kernel could read our old position (no
     * wake-up) while we read its old producer position (sleep), and the record would sit there
     * until the next one. Hence {@link #publish} ends with a full fence, as aya does and libbpf's
     * 2026 fix does: whichever of the two stores comes second, the other side's load sees it.
     * The kernel's side has its full barrier in the {@code xchg} that commits the header.
     *
     * <p>The position is published once a pass, not once a record: the kernel frees space only up
     * to the published position, but one store per pass keeps the producer's cache line quiet. A
     * pass stops after one lap of the ring, so a producer running flat out cannot keep
     * {@code consume} from returning.
     */
    private int consume(Ring r, int index, RecordHandler handler, int max) {
        long position = r.position;
        long start = position;
        int handled = 0;
        long handledBytes = 0;
        int skipped = 0;
        long end = start + r.size;   // one lap at most
        try {
            passes:
            while (!closing && handled < max && position < end) {
                long producer = (long) LONG.getAcquire(r.producer, 0L);
                if (position == producer) {
                    if (position == r.published) break;
                    publish(r, position);
                    continue;                       // re-read the producer after our position is visible
                }
                long limit = Math.min(producer, end);
                while (position < limit) {
                    long at = position & r.mask;
                    int header = (int) INT.getAcquire(r.data, at);
                    if ((header & BUSY_BIT) != 0) {
                        if (position == r.published) break passes;   // its submit will wake us: we sit at it
                        publish(r, position);
                        continue passes;            // read the header again after our position is visible
                    }
                    int length = header & LENGTH_MASK;
                    if (length + HEADER > r.size) {
                        throw new IllegalStateException("ring buffer '" + r.name + "': a record header says " + length
                                + " bytes at position " + position + ", more than the buffer holds");
                    }
                    position += (length + HEADER + 7) & ~7L;
                    if ((header & DISCARD_BIT) != 0) {
                        skipped++;
                        continue;
                    }
                    handled++;
                    handledBytes += length;
                    handler.handle(r.data, at + HEADER, length, index);
                    if (handled == max) break passes;
                }
            }
        } finally {
            r.position = position;
            if (position != r.published) publish(r, position);
            if (handled > 0) {
                records += handled;
                bytes += handledBytes;
            }
            if (skipped > 0) discarded += skipped;
        }
        return handled;
    }

    /** Gives the kernel our position, then fences before we read its positions again (see {@link #consume}). */
    private static void publish(Ring r, long position) {
        LONG.setRelease(r.consumer, 0L, position);
        r.published = position;
        VarHandle.fullFence();
    }

    private String names() {
        StringBuilder out = new StringBuilder();
        for (Ring r : rings) out.append(out.isEmpty() ? "'" : ", '").append(r.name).append('\'');
        return out.toString();
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    @Override
    public String toString() {
        return "RingBufferReader[" + names() + (closing ? ", closed" : "") + "]";
    }
}
