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
}
