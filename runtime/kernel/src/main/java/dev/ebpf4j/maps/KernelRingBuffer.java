package dev.ebpf4j.maps;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The events of a ring buffer as Java records, decoded with {@link Codec#of} from the C struct the
 * program wrote ({@code BpfRingBuffer<E>.output} in a program; generated skeletons return one per
 * ring buffer).
 *
 * <pre>{@code
 * try (KernelRingBuffer<Event> events = KernelMaps.ringBuffer(object.map("events"), Event.class)) {
 *     events.poll(event -> System.out.println(event), Duration.ofSeconds(1));
 *     events.stream().limit(10).forEach(System.out::println);   // blocks until ten have come
 * }
 * }</pre>
 *
 * <p>Unlike the other typed maps this one holds resources (the mappings and an epoll set), so it
 * is closed, by whoever made it: a skeleton closes its own. Decoding allocates the record;
 * {@link #reader()} is the allocation-free path.
 *
 * @param <E> the event type: a record of primitives, laid out as the equivalent C struct
 */
public final class KernelRingBuffer<E> implements Iterable<E>, AutoCloseable {
    private static final Duration STREAM_SLICE = Duration.ofMillis(200);

    private final MapHandle map;
    private final Codec<E> codec;
    private final RingBufferReader reader;

    KernelRingBuffer(MapHandle map, Codec<E> codec) {
        RingBufferReader.checkRingBuffer(map);
        this.map = map;
        this.codec = Objects.requireNonNull(codec, "codec");
        this.reader = RingBufferReader.of(map);
    }

    /**
     * Decodes and hands events to {@code handler}, waiting up to {@code timeout} for the first.
     *
     * @return how many events were handled; 0 on timeout or {@link #wakeup()}
     * @throws IllegalStateException if a record is not the size of {@code E} (the program writes
     *     another type), or the reader is closed
     * @throws InterruptedException if the thread is interrupted before or while waiting
     */
    public int poll(Consumer<? super E> handler, Duration timeout) throws InterruptedException {
        return reader.poll(decoding(handler), timeout);
    }

    /** Decodes and hands every event already written to {@code handler}, without waiting. */
    public int consume(Consumer<? super E> handler) {
        return reader.consume(decoding(handler));
    }

    /**
     * The events as they come, blocking for each; the stream ends when the ring buffer is closed
     * (from another thread). For simple uses: {@code events.stream().limit(100)...}.
     *
     * @throws IllegalStateException from the stream's operations if the waiting thread is
     *     interrupted (its interrupt flag is set again)
     */
    public Stream<E> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** The events as they come; {@code hasNext()} blocks until one is there or the ring buffer is closed. */
    @Override
    public Iterator<E> iterator() {
        return new Iterator<>() {
            private final ArrayDeque<E> buffered = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                while (buffered.isEmpty()) {
                    if (reader.isClosed()) return false;
                    try {
                        reader.poll(decoding(buffered::add), STREAM_SLICE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for events of ring buffer '" + map.name() + "'", e);
                    } catch (IllegalStateException e) {
                        if (reader.isClosed()) return false;
                        throw e;
                    }
                }
                return true;
            }

            @Override
            public E next() {
                if (!hasNext()) throw new NoSuchElementException("ring buffer '" + map.name() + "' is closed");
                return buffered.poll();
            }
        };
    }

    /** Makes a waiting {@link #poll} return; from any thread. */
    public void wakeup() {
        reader.wakeup();
    }

    /** Events handed out so far. */
    public long records() {
        return reader.records();
    }

    /** Bytes of the events handed out so far. */
    public long bytes() {
        return reader.bytes();
    }

    /** The raw reader underneath: records as memory, with no allocation per record. */
    public RingBufferReader reader() {
        return reader;
    }

    /** The kernel map (owned by whoever loaded it, not by this reader). */
    public MapHandle handle() {
        return map;
    }

    /** Unmaps the ring buffer; a waiting {@link #poll} throws and a stream ends. */
    @Override
    public void close() {
        reader.close();
    }

    private RingBufferReader.RecordHandler decoding(Consumer<? super E> handler) {
        Objects.requireNonNull(handler, "handler");
        int size = codec.size();
        return (MemorySegment data, long offset, int length, int ring) -> {
            if (length != size) {
                throw new IllegalStateException("ring buffer '" + map.name() + "': a record of " + length
                        + " bytes, where " + codec + " is " + size + " bytes: the program writes records of another type");
            }
            handler.accept(codec.read(data, offset));
        };
    }

    @Override
    public String toString() {
        return "KernelRingBuffer[" + map.name() + " of " + codec + "]";
    }
}
