package dev.ebpf4j.program;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * The machine an entry method sees when it runs on the JVM: the CPU it runs on (which selects the
 * per-CPU slot of per-CPU maps), its clock and its random numbers. One per thread, so parallel
 * tests do not disturb each other.
 *
 * <pre>{@code
 * JvmEnvironment.current().cpu(3);          // run the next calls as CPU 3
 * JvmEnvironment.current().clock(() -> 42);  // Bpf.nanoTime() returns 42
 * }</pre>
 */
public final class JvmEnvironment {
    /** The number of CPUs the JVM pretends to have: per-CPU maps keep this many slots. */
    public static final int CPUS = 64;

    private static final ThreadLocal<JvmEnvironment> CURRENT = ThreadLocal.withInitial(JvmEnvironment::new);

    private int cpu;
    private LongSupplier clock = System::nanoTime;
    private SplittableRandom random = new SplittableRandom();

    private JvmEnvironment() {
    }

    /** This thread's environment. */
    public static JvmEnvironment current() {
        return CURRENT.get();
    }

    /** The CPU the calls on this thread run as. */
    public int cpu() {
        return cpu;
    }

    /** Runs the following calls on this thread as CPU {@code cpu} (0 to {@link #CPUS} - 1). */
    public JvmEnvironment cpu(int cpu) {
        if (cpu < 0 || cpu >= CPUS) {
            throw new IllegalArgumentException("cpu " + cpu + " is outside 0.." + (CPUS - 1));
        }
        this.cpu = cpu;
        return this;
    }

    /** Replaces the clock behind {@link Bpf#nanoTime()}. */
    public JvmEnvironment clock(LongSupplier clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Makes {@link Bpf#random()} repeatable from {@code seed}. */
    public JvmEnvironment seed(long seed) {
        this.random = new SplittableRandom(seed);
        return this;
    }

    long nanoTime() {
        return clock.getAsLong();
    }

    int random() {
        return random.nextInt();
    }
}
