package dev.ebpf4j.skeleton;

/**
 * Counter arithmetic on boxed map values, exactly as the in-memory maps do it: the sum in the
 * value's own type, wrapping as Java does.
 */
final class Counters {
    private Counters() {
    }

    /** {@code value + delta} in the value's type. */
    static Object add(Object value, long delta, String map) {
        return switch (value) {
            case Long l -> l + delta;
            case Integer i -> (int) (i + delta);
            case Short s -> (short) (s + delta);
            case Byte b -> (byte) (b + delta);
            default -> throw new UnsupportedOperationException(map + ": increment needs Long or Integer values, not "
                    + value.getClass().getSimpleName());
        };
    }

    /** A counter value as a long, for sums. */
    static long asLong(Object value) {
        return switch (value) {
            case Long l -> l;
            case Integer i -> i;
            case Short s -> s;
            case Byte b -> b;
            default -> throw new UnsupportedOperationException("sum needs Long or Integer values, not "
                    + value.getClass().getSimpleName());
        };
    }
}
