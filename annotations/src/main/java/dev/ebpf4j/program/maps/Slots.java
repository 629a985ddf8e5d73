package dev.ebpf4j.program.maps;

import dev.ebpf4j.program.JvmEnvironment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What an in-memory map keeps under one key or index: one value every CPU shares, or one value per
 * CPU of which a program sees the running CPU's. {@link HashTable} and {@link ArrayTable} store
 * slots and leave that difference here, so a per-CPU map is the shared one with per-CPU slots.
 */
enum Slots {
    /** The slot is the value itself. */
    SHARED {
        @Override
        Object filled(Object zero) {
            return zero;
        }

        @Override
        Object first(Object value, Class<?> valueType) {
            return value;
        }

        @Override
        Object value(Object slot) {
            return slot;
        }

        @Override
        Object with(Object slot, Object value) {
            return value;
        }
    },

    /** The slot is an array of {@link JvmEnvironment#CPUS} values, indexed by CPU. */
    PER_CPU {
        @Override
        Object filled(Object zero) {
            Object[] values = new Object[JvmEnvironment.CPUS];
            Arrays.fill(values, zero);
            return values;
        }

        @Override
        Object first(Object value, Class<?> valueType) {
            return with(filled(Values.zero(valueType)), value);
        }

        @Override
        Object value(Object slot) {
            return ((Object[]) slot)[cpu()];
        }

        @Override
        Object with(Object slot, Object value) {
            ((Object[]) slot)[cpu()] = value;
            return slot;
        }
    };

    /** A slot that holds {@code zero} for every CPU: a fresh array element. */
    abstract Object filled(Object zero);

    /**
     * A new key's slot: {@code value} for the running CPU and all bytes zero for the others, as the
     * kernel inserts a program's value (the zero is only made where there are other CPUs).
     */
    abstract Object first(Object value, Class<?> valueType);

    /** The running CPU's value in {@code slot}. */
    abstract Object value(Object slot);

    /** {@code slot} with the running CPU's value replaced by {@code value}: the slot to store. */
    abstract Object with(Object slot, Object value);

    /** Copies of every CPU's value in a {@link #PER_CPU} slot, indexed by CPU; none for no slot (null). */
    @SuppressWarnings("unchecked")
    static <V> List<V> copies(Object slot) {
        if (slot == null) return List.of();
        Object[] values = (Object[]) slot;
        List<V> copies = new ArrayList<>(values.length);
        for (Object value : values) copies.add((V) StructCopies.copyOut(value));
        return copies;
    }

    private static int cpu() {
        return JvmEnvironment.current().cpu();
    }
}
