package dev.ebpf4j.program;

/**
 * The kernel helpers a program may call, with the same meaning on the JVM.
 *
 * <p>Byte order and unsigned arithmetic need no helper here: {@code Integer.reverseBytes},
 * {@code Short.reverseBytes}, {@code Integer.compareUnsigned}, {@code Integer.toUnsignedLong} and
 * their {@code Long} siblings are compiled to the matching eBPF instructions. On the JVM the values
 * below come from {@link JvmEnvironment}, so tests can fix them.
 */
public final class Bpf {
    private Bpf() {
    }

    /** Nanoseconds since boot, not counting suspend ({@code bpf_ktime_get_ns}). */
    public static long nanoTime() {
        return JvmEnvironment.current().nanoTime();
    }

    /** A pseudo-random 32-bit number ({@code bpf_get_prandom_u32}); not for cryptography. */
    public static int random() {
        return JvmEnvironment.current().random();
    }

    /** The index of the CPU the program runs on ({@code bpf_get_smp_processor_id}). */
    public static int cpu() {
        return JvmEnvironment.current().cpu();
    }

    /**
     * Writes a line to the kernel's trace buffer ({@code bpf_trace_printk}; read it in
     * {@code /sys/kernel/tracing/trace}). {@code format} must be a constant string; see
     * {@link TraceFormat} for what it may contain. On the JVM the line goes to
     * {@link JvmEnvironment#traced()}.
     *
     * <pre>{@code
     * Bpf.trace("syn from port %u", tcp.sourcePort());
     * }</pre>
     */
    public static void trace(String format) {
        JvmEnvironment.current().trace(TraceFormat.format(format));
    }

    /** {@link #trace(String)} with one argument for the format's conversion. */
    public static void trace(String format, long a) {
        JvmEnvironment.current().trace(TraceFormat.format(format, a));
    }

    /** {@link #trace(String)} with two arguments. */
    public static void trace(String format, long a, long b) {
        JvmEnvironment.current().trace(TraceFormat.format(format, a, b));
    }

    /** {@link #trace(String)} with three arguments, the most {@code bpf_trace_printk} takes. */
    public static void trace(String format, long a, long b, long c) {
        JvmEnvironment.current().trace(TraceFormat.format(format, a, b, c));
    }
}
