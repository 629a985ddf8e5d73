package dev.ebpf4j.program;

import java.util.ArrayList;
import java.util.List;
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
 * List<String> lines = JvmEnvironment.current().traced();  // what Bpf.trace wrote
 * }</pre>
 */
public final class JvmEnvironment {
    /** The number of CPUs the JVM pretends to have: per-CPU maps keep this many slots. */
    public static final int CPUS = 64;

    private static final ThreadLocal<JvmEnvironment> CURRENT = ThreadLocal.withInitial(JvmEnvironment::new);

    private int cpu;
    private LongSupplier clock = System::nanoTime;
    private SplittableRandom random = new SplittableRandom();
    private final List<String> traced = new ArrayList<>();
    private boolean echoTrace;

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

    /**
     * The lines {@link Bpf#trace(String)} wrote on this thread since the last {@link #clearTrace()},
     * oldest first: each is what the kernel prints after {@code bpf_trace_printk: }. They are not
     * echoed anywhere unless {@link #echoTrace(boolean)} asks for it, so tests stay quiet.
     */
    public List<String> traced() {
        return List.copyOf(traced);
    }

    /** Forgets the traced lines. */
    public JvmEnvironment clearTrace() {
        traced.clear();
        return this;
    }

    /** Also prints each traced line to standard error (off by default). */
    public JvmEnvironment echoTrace(boolean echo) {
        this.echoTrace = echo;
        return this;
    }

    void trace(String line) {
        traced.add(line);
        if (echoTrace) System.err.println(line);
    }

    long nanoTime() {
        return clock.getAsLong();
    }

    int random() {
        return random.nextInt();
    }
}
