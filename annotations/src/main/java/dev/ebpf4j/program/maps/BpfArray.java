package dev.ebpf4j.program.maps;

import java.util.Arrays;

/**
 * An array ({@code BPF_MAP_TYPE_ARRAY}) of {@link MapDef#maxEntries()} elements indexed from 0,
 * each present from the start with all bytes zero. Elements cannot be removed, and an index
 * outside the array has no value.
 */
public final class BpfArray<V> extends InMemoryMap<Integer, V> {
    private Object[] elements;

    private Object[] elements() {
        if (elements == null) {
            Declaration declaration = declaration();
            elements = new Object[declaration.maxEntries()];
            Arrays.fill(elements, Values.zero(declaration.valueType()));
        }
        return elements;
    }

    private boolean inRange(Integer index) {
        required(index, "index");
        return index >= 0 && index < elements().length;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized V get(Integer index) {
        return inRange(index) ? (V) StructCopies.copyOut(elements()[index]) : null;
    }

    @Override
    public synchronized boolean containsKey(Integer index) {
        return inRange(index);
    }

    @Override
    public synchronized boolean put(Integer index, V value) {
        V copy = StructCopies.copyIn(required(value, "value"));
        if (!inRange(index)) return false;
        elements()[index] = copy;
        return true;
    }

    /** Always false: every element of an array is present from the start ({@code BPF_NOEXIST} fails). */
    @Override
    public synchronized boolean putIfAbsent(Integer index, V value) {
        StructCopies.copyIn(required(value, "value"));
        inRange(index);
        return false;
    }

    /** Always false: array elements cannot be removed. */
    @Override
    public synchronized boolean remove(Integer index) {
        inRange(index);
        return false;
    }

    @Override
    public synchronized void increment(Integer index, long delta) {
        if (!inRange(index)) return;
        elements()[index] = Values.add(elements()[index], delta, name());
    }

    @Override
    public synchronized void clear() {
        elements = null;
    }
}
