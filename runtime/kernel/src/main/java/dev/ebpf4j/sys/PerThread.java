package dev.ebpf4j.sys;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value per thread, the first thread's kept in a field: that thread finds its value by comparing
 * one field with the current thread; every other thread goes through a {@code ThreadLocal}.
 *
 * <p>A {@code ThreadLocal} lookup costs about 10 ns, which is 3–4 % of a map lookup's system call,
 * and most maps are used by one thread (a poller, an exporter, a test). The owner never changes, so
 * no two threads ever share a value. An owner that has ended stays reachable as long as this does,
 * and every later thread takes the {@code ThreadLocal} path, which is only slower.
 */
public final class PerThread<T> {
    private record Owned<T>(Thread thread, T value) {}

    private final Supplier<? extends T> make;
    private final ThreadLocal<T> others;
    private volatile Owned<T> owned;

    /** The owner's value from {@code make}; other threads' from {@code others}. */
    public PerThread(Supplier<? extends T> make, ThreadLocal<T> others) {
        this.make = Objects.requireNonNull(make, "make");
        this.others = Objects.requireNonNull(others, "others");
    }

    /** Every thread's value from {@code make}. */
    public static <T> PerThread<T> of(Supplier<? extends T> make) {
        return new PerThread<>(make, ThreadLocal.withInitial(make));
    }

    /** The current thread's value. */
    public T get() {
        Owned<T> current = owned;
        Thread thread = Thread.currentThread();
        if (current != null && current.thread == thread) {
            return current.value;
        }
        return current == null ? claim(thread) : others.get();
    }

    private synchronized T claim(Thread thread) {
        if (owned == null) {
            owned = new Owned<>(thread, make.get());
        }
        return owned.thread == thread ? owned.value : others.get();
    }
}
