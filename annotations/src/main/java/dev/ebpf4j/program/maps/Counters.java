package dev.ebpf4j.program.maps;

/**
 * The arithmetic of {@link EbpfMap#increment} and {@link PerCpuEbpfMap#sum} on boxed values: a
 * counter plus a delta in the counter's own type, wrapping as Java's arithmetic does, and counters
 * added up as a {@code long}. What the JVM's maps and the kernel-backed ones in user space share,
 * so both count alike.
 *
 * <pre>{@code
 * Integer wrapped = Counters.add(Integer.MAX_VALUE, 1, "packets");   // Integer.MIN_VALUE
 * long total = Counters.sum(List.of(1L, 2L, 3L));                    // 6
 * }</pre>
 */
public final class Counters {
    private Counters() {
    }

    /**
     * {@code value + delta} in the value's own type.
     *
     * @param map the map's name, for the message when {@code value} is no counter
     * @throws UnsupportedOperationException if {@code value} is not a {@code Long}, {@code Integer},
     *     {@code Short} or {@code Byte}
     */
    @SuppressWarnings("unchecked")
    public static <V> V add(V value, long delta, String map) {
        // a target type of Object keeps each case's own box; a cast would promote every case to long
        Object sum = switch (value) {
            case Long l -> l + delta;
            case Integer i -> (int) (i + delta);
            case Short s -> (short) (s + delta);
            case Byte b -> (byte) (b + delta);
            default -> throw new UnsupportedOperationException(map + ": increment needs Long or Integer values, not "
                    + value.getClass().getSimpleName());
        };
        return (V) sum;
    }

    /**
     * The sum of {@code counters} as a {@code long}: one key's values on every CPU.
     *
     * @throws UnsupportedOperationException if a value is not a {@code Long}, {@code Integer},
     *     {@code Short} or {@code Byte}
     */
    public static long sum(Iterable<?> counters) {
        long sum = 0;
        for (Object counter : counters) {
            sum += switch (counter) {
                case Long l -> l;
                case Integer i -> i;
                case Short s -> s;
                case Byte b -> b;
                default -> throw new UnsupportedOperationException("sum needs Long or Integer values, not "
                        + counter.getClass().getSimpleName());
            };
        }
        return sum;
    }
}
