package dev.ebpf4j.processor.frontend;

/**
 * A closed interval of integer values an expression or local can take; an empty one
 * ({@code low > high}) belongs to a path no execution reaches.
 */
record Range(long low, long high) {
    static final Range INT = new Range(Integer.MIN_VALUE, Integer.MAX_VALUE);

    static Range of(long value) {
        return new Range(value, value);
    }

    static Range atLeast(long low) {
        return new Range(low, Long.MAX_VALUE);
    }

    static Range atMost(long high) {
        return new Range(Long.MIN_VALUE, high);
    }

    /** True if every value is an index of an array of {@code length} elements. */
    boolean within(int length) {
        return low >= 0 && high < length;
    }

    /** The values in both ranges; null stands for "anything" on either side. */
    static Range meet(Range a, Range b) {
        if (a == null) return b;
        if (b == null) return a;
        return new Range(Math.max(a.low, b.low), Math.min(a.high, b.high));
    }

    /** The smallest range holding both. */
    Range hull(Range other) {
        return new Range(Math.min(low, other.low), Math.max(high, other.high));
    }
}
