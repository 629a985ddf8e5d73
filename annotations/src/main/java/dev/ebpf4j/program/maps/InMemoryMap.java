package dev.ebpf4j.program.maps;

import java.util.Objects;

/**
 * What every in-memory map shares: its declaration (found on first use) and the null checks the
 * kernel makes structural. Subclasses hold the entries.
 */
abstract class InMemoryMap<K, V> implements EbpfMap<K, V> {
    private final Declaration declaration = Declaration.ofCaller();

    /** The declaration, resolved: call before touching entries. */
    final Declaration declaration() {
        declaration.resolve(this);
        return declaration;
    }

    final String name() {
        return declaration().name();
    }

    static <T> T required(T value, String what) {
        return Objects.requireNonNull(value, () -> what + " must not be null");
    }

    /** Removes every entry (arrays: sets every element to zero); for tests between runs. */
    public abstract void clear();

    @Override
    public String toString() {
        return getClass().getSimpleName() + " " + name();
    }
}
